//! TransactWriteItems and TransactGetItems.

use super::{consumed_list, on_condition_failure, return_consumed};
use crate::backend::Sdk;
use crate::convert::{expression_values, item_into_attrs, opt_attrs_into_item};
use crate::error::{from_build, sdk_error};
use aws_sdk_dynamodb::types::{
    ConditionCheck, Delete, Get, Put, TransactGetItem, TransactWriteItem, Update as SdkUpdate,
};
use dynorm::backend::*;
use dynorm::expr::render::Rendered;
use dynorm::{Error, Result};

/// One action as the SDK's `TransactWriteItem`, with its own placeholders.
fn write_item(action: TransactWriteAction) -> Result<TransactWriteItem> {
    let r = Rendered::transact_action(&action)?;
    Ok(match action {
        TransactWriteAction::Put {
            table,
            item,
            return_old_on_condition_failure,
            ..
        } => {
            let put = Put::builder()
                .table_name(table)
                .set_item(Some(item_into_attrs(item)))
                .set_condition_expression(r.condition)
                .set_expression_attribute_names(r.names)
                .set_expression_attribute_values(expression_values(r.values))
                .set_return_values_on_condition_check_failure(on_condition_failure(
                    return_old_on_condition_failure,
                ))
                .build()
                .map_err(from_build)?;
            TransactWriteItem::builder().put(put).build()
        }
        TransactWriteAction::Update {
            table,
            key,
            return_old_on_condition_failure,
            ..
        } => {
            // `check_updates` has refused updates without actions.
            let update = r.update.unwrap_or_default();
            let update = SdkUpdate::builder()
                .table_name(table)
                .set_key(Some(item_into_attrs(key)))
                .update_expression(update)
                .set_condition_expression(r.condition)
                .set_expression_attribute_names(r.names)
                .set_expression_attribute_values(expression_values(r.values))
                .set_return_values_on_condition_check_failure(on_condition_failure(
                    return_old_on_condition_failure,
                ))
                .build()
                .map_err(from_build)?;
            TransactWriteItem::builder().update(update).build()
        }
        TransactWriteAction::Delete {
            table,
            key,
            return_old_on_condition_failure,
            ..
        } => {
            let delete = Delete::builder()
                .table_name(table)
                .set_key(Some(item_into_attrs(key)))
                .set_condition_expression(r.condition)
                .set_expression_attribute_names(r.names)
                .set_expression_attribute_values(expression_values(r.values))
                .set_return_values_on_condition_check_failure(on_condition_failure(
                    return_old_on_condition_failure,
                ))
                .build()
                .map_err(from_build)?;
            TransactWriteItem::builder().delete(delete).build()
        }
        TransactWriteAction::ConditionCheck {
            table,
            key,
            return_old_on_condition_failure,
            ..
        } => {
            let check = ConditionCheck::builder()
                .table_name(table)
                .set_key(Some(item_into_attrs(key)))
                .set_condition_expression(r.condition)
                .set_expression_attribute_names(r.names)
                .set_expression_attribute_values(expression_values(r.values))
                .set_return_values_on_condition_check_failure(on_condition_failure(
                    return_old_on_condition_failure,
                ))
                .build()
                .map_err(from_build)?;
            TransactWriteItem::builder().condition_check(check).build()
        }
        _ => {
            return Err(Error::unsupported(
                dynorm::backend::Operation::TransactWriteItems,
                crate::NAME,
            ))
        }
    })
}

pub(crate) async fn transact_write_items(
    client: &Sdk,
    req: TransactWriteItemsRequest,
) -> Result<TransactWriteItemsOutput> {
    dynorm::rules::transaction::check_updates(&req.actions)?;
    let rcc = return_consumed(req.return_consumed_capacity);
    let items = req
        .actions
        .into_iter()
        .map(write_item)
        .collect::<Result<Vec<_>>>()?;
    let out = client
        .transact_write_items()
        .set_transact_items(Some(items))
        .set_client_request_token(req.client_request_token)
        .set_return_consumed_capacity(rcc)
        .send()
        .await
        .map_err(sdk_error(client))?;
    let mut written = TransactWriteItemsOutput::default();
    written.consumed_capacity = consumed_list(out.consumed_capacity);
    Ok(written)
}

pub(crate) async fn transact_get_items(
    client: &Sdk,
    req: TransactGetItemsRequest,
) -> Result<TransactGetItemsOutput> {
    let wanted = req.gets.len();
    let rcc = return_consumed(req.return_consumed_capacity);
    let mut gets = Vec::with_capacity(wanted);
    for g in req.gets {
        let r = Rendered::transact_get(&g)?;
        let get = Get::builder()
            .table_name(g.table)
            .set_key(Some(item_into_attrs(g.key)))
            .set_projection_expression(r.projection)
            .set_expression_attribute_names(r.names)
            .build()
            .map_err(from_build)?;
        gets.push(TransactGetItem::builder().get(get).build());
    }
    let out = client
        .transact_get_items()
        .set_transact_items(Some(gets))
        .set_return_consumed_capacity(rcc)
        .send()
        .await
        .map_err(sdk_error(client))?;
    let mut items = Vec::with_capacity(wanted);
    for response in out.responses.unwrap_or_default() {
        items.push(opt_attrs_into_item(response.item)?);
    }
    // DynamoDB answers every read in order; pad defensively if it did not.
    items.resize(wanted.max(items.len()), None);
    let mut got = TransactGetItemsOutput::new(items);
    got.consumed_capacity = consumed_list(out.consumed_capacity);
    Ok(got)
}
