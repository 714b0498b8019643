//! BatchGetItem and BatchWriteItem.

use super::{consumed_list, return_consumed};
use crate::backend::Sdk;
use crate::convert::{attrs_into_item, attrs_list_into_items, item_into_attrs};
use crate::error::{from_build, sdk_error};
use aws_sdk_dynamodb::types::{
    DeleteRequest, KeysAndAttributes as SdkKeys, PutRequest, WriteRequest as SdkWrite,
};
use dynorm::backend::*;
use dynorm::expr::render::Rendered;
use dynorm::Result;
use std::collections::{BTreeMap, HashMap};

pub(crate) async fn batch_get_item(
    client: &Sdk,
    req: BatchGetItemRequest,
) -> Result<BatchGetItemOutput> {
    // What each table asked for besides its keys, to describe unprocessed keys the same way.
    let mut options: BTreeMap<String, KeysAndAttributes> = BTreeMap::new();
    let mut request_items = HashMap::with_capacity(req.tables.len());
    for (table, mut keys) in req.tables {
        let wanted = std::mem::take(&mut keys.keys);
        let r = Rendered::keys_and_attributes(&keys)?;
        let sdk_keys = SdkKeys::builder()
            .set_keys(Some(wanted.into_iter().map(item_into_attrs).collect()))
            .set_projection_expression(r.projection)
            .set_expression_attribute_names(r.names)
            .consistent_read(keys.consistent_read)
            .build()
            .map_err(from_build)?;
        options.insert(table.clone(), keys);
        request_items.insert(table, sdk_keys);
    }
    let out = client
        .batch_get_item()
        .set_request_items(Some(request_items))
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))?;
    let mut responses = BTreeMap::new();
    for (table, items) in out.responses.unwrap_or_default() {
        responses.insert(table, attrs_list_into_items(items)?);
    }
    let mut unprocessed = BTreeMap::new();
    for (table, keys) in out.unprocessed_keys.unwrap_or_default() {
        if keys.keys.is_empty() {
            continue;
        }
        let left = attrs_list_into_items(keys.keys)?;
        let left = match options.get(&table) {
            Some(asked) => asked.with_keys(left),
            None => KeysAndAttributes::new(left),
        };
        unprocessed.insert(table, left);
    }
    let mut got = BatchGetItemOutput::new(responses, unprocessed);
    got.consumed_capacity = consumed_list(out.consumed_capacity);
    Ok(got)
}

pub(crate) async fn batch_write_item(
    client: &Sdk,
    req: BatchWriteItemRequest,
) -> Result<BatchWriteItemOutput> {
    let mut request_items = HashMap::with_capacity(req.tables.len());
    for (table, writes) in req.tables {
        let mut sdk = Vec::with_capacity(writes.len());
        for w in writes {
            sdk.push(match w {
                WriteRequest::Put(item) => SdkWrite::builder()
                    .put_request(
                        PutRequest::builder()
                            .set_item(Some(item_into_attrs(item)))
                            .build()
                            .map_err(from_build)?,
                    )
                    .build(),
                WriteRequest::Delete(key) => SdkWrite::builder()
                    .delete_request(
                        DeleteRequest::builder()
                            .set_key(Some(item_into_attrs(key)))
                            .build()
                            .map_err(from_build)?,
                    )
                    .build(),
            });
        }
        request_items.insert(table, sdk);
    }
    let out = client
        .batch_write_item()
        .set_request_items(Some(request_items))
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))?;
    let mut unprocessed = BTreeMap::new();
    for (table, writes) in out.unprocessed_items.unwrap_or_default() {
        let mut list = Vec::with_capacity(writes.len());
        for w in writes {
            if let Some(put) = w.put_request {
                list.push(WriteRequest::Put(attrs_into_item(put.item)?));
            } else if let Some(delete) = w.delete_request {
                list.push(WriteRequest::Delete(attrs_into_item(delete.key)?));
            }
        }
        if !list.is_empty() {
            unprocessed.insert(table, list);
        }
    }
    let mut written = BatchWriteItemOutput::new(unprocessed);
    written.consumed_capacity = consumed_list(out.consumed_capacity);
    Ok(written)
}
