//! GetItem, PutItem, UpdateItem and DeleteItem.

use super::{on_condition_failure, return_value};
use crate::backend::Sdk;
use crate::convert::{expression_values, item_into_attrs, item_to_attrs, opt_attrs_into_item};
use crate::error::{in_item, sdk_error};
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
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&req.table, Some(&req.key)))?;
    let item = opt_attrs_into_item(out.item)
        .map_err(|e| Error::from(e).with_context(&req.table, Some(&req.key)))?;
    Ok(GetItemOutput::new(item))
}

pub(crate) async fn put_item(client: &Sdk, req: PutItemRequest) -> Result<PutItemOutput> {
    let r = Rendered::put_item(&req)?;
    let PutItemRequest {
        table,
        item,
        return_values,
        return_old_on_condition_failure,
        ..
    } = req;
    let out = client
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
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&table, None))?;
    Ok(PutItemOutput::new(returned(out.attributes, &table, None)?))
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
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&req.table, Some(&req.key)))?;
    Ok(UpdateItemOutput::new(returned(
        out.attributes,
        &req.table,
        Some(&req.key),
    )?))
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
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&req.table, Some(&req.key)))?;
    Ok(DeleteItemOutput::new(returned(
        out.attributes,
        &req.table,
        Some(&req.key),
    )?))
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
