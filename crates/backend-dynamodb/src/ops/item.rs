//! GetItem, PutItem, UpdateItem and DeleteItem.

use super::{consumed, on_condition_failure, return_consumed, return_value};
use crate::backend::Sdk;
use crate::convert::{expression_values, item_into_attrs, item_to_attrs, opt_attrs_into_item};
use crate::error::{in_item, sdk_error};
use crate::key_schemas::PutKey;
use dynorm::backend::*;
use dynorm::expr::render::Rendered;
use dynorm::{Error, Item, Result};

pub(crate) async fn get_item(client: &Sdk, req: GetItemRequest) -> Result<GetItemOutput> {
    let r = Rendered::get_item(&req)?;
    let out = client
        .get_item()
        .table_name(&req.table)
        .set_key(Some(item_to_attrs(&req.key)))
        .consistent_read(req.consistent_read)
        .set_projection_expression(r.projection)
        .set_expression_attribute_names(r.names)
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&req.table, Some(&req.key)))?;
    let item = opt_attrs_into_item(out.item)
        .map_err(|e| Error::from(e).with_context(&req.table, Some(&req.key)))?;
    let mut get = GetItemOutput::new(item);
    get.consumed_capacity = consumed(out.consumed_capacity);
    Ok(get)
}

pub(crate) async fn put_item(client: &Sdk, req: PutItemRequest) -> Result<PutItemOutput> {
    let r = Rendered::put_item(&req)?;
    let PutItemRequest {
        table,
        item,
        return_values,
        return_old_on_condition_failure,
        return_consumed_capacity,
        ..
    } = req;
    let key = PutKey::of(client, &table, &item, r.condition.is_some());
    let sent = client
        .put_item()
        .table_name(&table)
        .set_item(Some(item_into_attrs(item)))
        .set_condition_expression(r.condition)
        .set_expression_attribute_names(r.names)
        .set_expression_attribute_values(expression_values(r.values))
        .set_return_values(return_value(return_values))
        .set_return_values_on_condition_check_failure(on_condition_failure(
            return_old_on_condition_failure,
        ))
        .set_return_consumed_capacity(return_consumed(return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client));
    let out = match sent {
        Ok(out) => out,
        Err(e) if e.is_condition_failed() => {
            let key = key.resolve(client, &table).await;
            return Err(e.with_context(&table, key.as_ref()));
        }
        Err(e) => return Err(e.with_context(&table, None)),
    };
    let mut put = PutItemOutput::new(returned(out.attributes, &table, None)?);
    put.consumed_capacity = consumed(out.consumed_capacity);
    Ok(put)
}

pub(crate) async fn update_item(client: &Sdk, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
    let r = Rendered::update_item(&req)?;
    let out = client
        .update_item()
        .table_name(&req.table)
        .set_key(Some(item_to_attrs(&req.key)))
        .set_update_expression(r.update)
        .set_condition_expression(r.condition)
        .set_expression_attribute_names(r.names)
        .set_expression_attribute_values(expression_values(r.values))
        .set_return_values(return_value(req.return_values))
        .set_return_values_on_condition_check_failure(on_condition_failure(
            req.return_old_on_condition_failure,
        ))
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&req.table, Some(&req.key)))?;
    let mut done = UpdateItemOutput::new(returned(out.attributes, &req.table, Some(&req.key))?);
    done.consumed_capacity = consumed(out.consumed_capacity);
    Ok(done)
}

pub(crate) async fn delete_item(client: &Sdk, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
    let r = Rendered::delete_item(&req)?;
    let out = client
        .delete_item()
        .table_name(&req.table)
        .set_key(Some(item_to_attrs(&req.key)))
        .set_condition_expression(r.condition)
        .set_expression_attribute_names(r.names)
        .set_expression_attribute_values(expression_values(r.values))
        .set_return_values(return_value(req.return_values))
        .set_return_values_on_condition_check_failure(on_condition_failure(
            req.return_old_on_condition_failure,
        ))
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&req.table, Some(&req.key)))?;
    let mut done = DeleteItemOutput::new(returned(out.attributes, &req.table, Some(&req.key))?);
    done.consumed_capacity = consumed(out.consumed_capacity);
    Ok(done)
}

/// Returned attributes; DynamoDB sends none (or an empty map) when there is nothing.
fn returned(
    attrs: Option<crate::convert::AttrMap>,
    table: &str,
    key: Option<&Item>,
) -> Result<Option<Item>> {
    let attrs = attrs.filter(|a| !a.is_empty());
    opt_attrs_into_item(attrs).map_err(|e| Error::from(e).with_context(table, key))
}
