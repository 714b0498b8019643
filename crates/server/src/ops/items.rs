//! GetItem, PutItem, UpdateItem, DeleteItem, the batches and the transactions.

use super::{attributes, capacity, object, Answer};
use crate::error::ApiError;
use crate::input::{Input, Placeholders};
use crate::legacy;
use dynorm::backend::{
    BatchGetItemRequest, BatchWriteItemRequest, DeleteItemRequest, GetItemRequest,
    KeysAndAttributes, PutItemRequest, TransactGet, TransactGetItemsRequest, TransactWriteAction,
    TransactWriteItemsRequest, UpdateItemRequest, WriteRequest,
};
use dynorm::expr::{Condition, Path, Update};
use dynorm::value::item_to_dynamodb_json;
use dynorm::Backend;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

/// The expressions of one write: its update (UpdateItem only) and its
/// condition, read in DynamoDB's order (update first).
struct WriteExpressions {
    update: Option<Update>,
    condition: Option<Condition>,
}

/// A write's expressions, or its legacy `AttributeUpdates` and `Expected`
/// (`legacy`: the single-item writes; a transaction's actions take
/// expressions only).
fn write_expressions(
    input: Input<'_>,
    with_update: bool,
    legacy: bool,
) -> Result<WriteExpressions, ApiError> {
    if legacy {
        legacy::check_not_mixed(
            &input,
            if with_update {
                &legacy::UPDATE
            } else {
                &legacy::CONDITIONAL_WRITE
            },
        )?;
    }
    let placeholders = Placeholders::read(input)?;
    let update_text = if with_update {
        input.str("UpdateExpression")?
    } else {
        None
    };
    let condition_text = input.str("ConditionExpression")?;
    let mut parser = placeholders.parser(update_text.is_some() || condition_text.is_some())?;
    let mut update = update_text.map(|t| parser.update(t)).transpose()?;
    let mut condition = condition_text.map(|t| parser.condition(t)).transpose()?;
    parser.finish()?;
    if legacy {
        if with_update && update.is_none() {
            update = legacy::attribute_updates(&input)?;
        }
        if condition.is_none() {
            condition = legacy::expected(&input)?;
        }
    }
    Ok(WriteExpressions { update, condition })
}

/// A `ProjectionExpression` with its own `ExpressionAttributeNames`, or
/// (`legacy`) `AttributesToGet`.
fn projection(input: Input<'_>, legacy: bool) -> Result<Option<Vec<Path>>, ApiError> {
    if legacy {
        legacy::check_not_mixed(&input, &legacy::GET)?;
    }
    let placeholders = Placeholders::read(input)?;
    let text = input.str("ProjectionExpression")?;
    let mut parser = placeholders.parser(text.is_some())?;
    let paths = text.map(|t| parser.projection(t)).transpose()?;
    parser.finish()?;
    match paths {
        None if legacy => legacy::attributes_to_get(&input),
        paths => Ok(paths),
    }
}

pub(super) async fn get_item(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let table = input.required_str("TableName")?;
    let key = input.required_item("Key")?;
    let mut req = GetItemRequest::new(table, key)
        .consistent_read(input.bool("ConsistentRead")?.unwrap_or(false));
    req.projection = projection(input, true)?;
    req.return_consumed_capacity = capacity::requested(&input)?;
    let out = backend.get_item(req).await?;
    let mut body = object(out.item.map(|i| ("Item", item_to_dynamodb_json(&i))));
    capacity::add_one(&mut body, out.consumed_capacity.as_ref());
    Ok(body)
}

pub(super) async fn put_item(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let table = input.required_str("TableName")?;
    let item = input.required_item("Item")?;
    let return_values = input.return_values()?;
    let return_old = input.return_old_on_failure()?;
    let exprs = write_expressions(input, false, true)?;
    let mut req = PutItemRequest::new(table, item)
        .return_values(return_values)
        .return_old_on_condition_failure(return_old);
    req.condition = exprs.condition;
    req.return_consumed_capacity = capacity::requested(&input)?;
    let out = backend.put_item(req).await?;
    let mut body = attributes(out.attributes);
    capacity::add_one(&mut body, out.consumed_capacity.as_ref());
    Ok(body)
}

pub(super) async fn update_item(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let table = input.required_str("TableName")?;
    let key = input.required_item("Key")?;
    let return_values = input.return_values()?;
    let return_old = input.return_old_on_failure()?;
    let exprs = write_expressions(input, true, true)?;
    let mut req = UpdateItemRequest::new(table, key, exprs.update.unwrap_or_default())
        .return_values(return_values)
        .return_old_on_condition_failure(return_old);
    req.condition = exprs.condition;
    req.return_consumed_capacity = capacity::requested(&input)?;
    let out = backend.update_item(req).await?;
    let mut body = attributes(out.attributes);
    capacity::add_one(&mut body, out.consumed_capacity.as_ref());
    Ok(body)
}

pub(super) async fn delete_item(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let table = input.required_str("TableName")?;
    let key = input.required_item("Key")?;
    let return_values = input.return_values()?;
    let return_old = input.return_old_on_failure()?;
    let exprs = write_expressions(input, false, true)?;
    let mut req = DeleteItemRequest::new(table, key)
        .return_values(return_values)
        .return_old_on_condition_failure(return_old);
    req.condition = exprs.condition;
    req.return_consumed_capacity = capacity::requested(&input)?;
    let out = backend.delete_item(req).await?;
    let mut body = attributes(out.attributes);
    capacity::add_one(&mut body, out.consumed_capacity.as_ref());
    Ok(body)
}

fn items_json(items: &[dynorm::Item]) -> Json {
    Json::Array(items.iter().map(item_to_dynamodb_json).collect())
}

pub(super) async fn batch_get_item(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let tables = input.required_object("RequestItems")?;
    let mut request = BTreeMap::new();
    for (table, spec) in tables.0 {
        let spec = Input::of(spec)?;
        let keys = spec
            .required_list("Keys")?
            .iter()
            .map(|k| dynorm::value::item_from_dynamodb_json(k).map_err(ApiError::from))
            .collect::<Result<Vec<_>, _>>()?;
        let mut wanted = KeysAndAttributes::new(keys)
            .consistent_read(spec.bool("ConsistentRead")?.unwrap_or(false));
        wanted.projection = projection(spec, true)?;
        request.insert(table.clone(), wanted);
    }
    let rcc = capacity::requested(&input)?;
    let out = backend
        .batch_get_item(BatchGetItemRequest::from_tables(request).return_consumed_capacity(rcc))
        .await?;
    let responses: Map<String, Json> = out
        .responses
        .iter()
        .map(|(t, items)| (t.clone(), items_json(items)))
        .collect();
    // Unprocessed keys go back with the table's own request members
    // (projection, names, consistency), as DynamoDB returns them.
    let unprocessed: Map<String, Json> = out
        .unprocessed
        .iter()
        .map(|(t, left)| {
            let mut spec = tables
                .0
                .get(t)
                .and_then(Json::as_object)
                .cloned()
                .unwrap_or_default();
            spec.insert("Keys".into(), items_json(&left.keys));
            (t.clone(), Json::Object(spec))
        })
        .collect();
    let mut body = json!({"Responses": responses, "UnprocessedKeys": unprocessed});
    capacity::add_all(&mut body, rcc, &out.consumed_capacity);
    Ok(body)
}

pub(super) async fn batch_write_item(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let tables = input.required_object("RequestItems")?;
    let mut request = BTreeMap::new();
    for (table, writes) in tables.0 {
        let Json::Array(writes) = writes else {
            return Err(ApiError::serialization(
                "START_OBJECT can not be converted to List",
            ));
        };
        let mut list = Vec::with_capacity(writes.len());
        for write in writes {
            let write = Input::of(write)?;
            let put = write.object("PutRequest")?;
            let delete = write.object("DeleteRequest")?;
            list.push(match (put, delete) {
                (Some(put), None) => WriteRequest::Put(put.required_item("Item")?),
                (None, Some(delete)) => WriteRequest::Delete(delete.required_item("Key")?),
                _ => {
                    return Err(ApiError::validation(
                        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
                    ))
                }
            });
        }
        request.insert(table.clone(), list);
    }
    let rcc = capacity::requested(&input)?;
    let out = backend
        .batch_write_item(BatchWriteItemRequest::from_tables(request).return_consumed_capacity(rcc))
        .await?;
    let unprocessed: Map<String, Json> = out
        .unprocessed
        .iter()
        .map(|(t, writes)| {
            let writes = writes
                .iter()
                .map(|w| match w {
                    WriteRequest::Put(item) => {
                        json!({"PutRequest": {"Item": item_to_dynamodb_json(item)}})
                    }
                    WriteRequest::Delete(key) => {
                        json!({"DeleteRequest": {"Key": item_to_dynamodb_json(key)}})
                    }
                })
                .collect();
            (t.clone(), Json::Array(writes))
        })
        .collect();
    let mut body = json!({ "UnprocessedItems": unprocessed });
    capacity::add_all(&mut body, rcc, &out.consumed_capacity);
    Ok(body)
}

fn transact_action(entry: &Json) -> Result<TransactWriteAction, ApiError> {
    let entry = Input::of(entry)?;
    let kinds = ["Put", "Update", "Delete", "ConditionCheck"];
    let given: Vec<&str> = kinds.into_iter().filter(|k| entry.has(k)).collect();
    let [kind] = given[..] else {
        return Err(ApiError::validation(
            "TransactItems can only contain one of Check, Put, Update or Delete",
        ));
    };
    let body = entry.required_object(kind)?;
    let table = body.required_str("TableName")?;
    let return_old = body.return_old_on_failure()?;
    let exprs = write_expressions(body, kind == "Update", false)?;
    let action = match kind {
        "Put" => TransactWriteAction::put(table, body.required_item("Item")?),
        "Update" => TransactWriteAction::update(
            table,
            body.required_item("Key")?,
            exprs
                .update
                .ok_or_else(|| crate::input::missing("UpdateExpression"))?,
        ),
        "Delete" => TransactWriteAction::delete(table, body.required_item("Key")?),
        _ => TransactWriteAction::condition_check(
            table,
            body.required_item("Key")?,
            exprs
                .condition
                .clone()
                .ok_or_else(|| crate::input::missing("ConditionExpression"))?,
        ),
    };
    let action = match exprs.condition {
        Some(c) if kind != "ConditionCheck" => action.condition(c),
        _ => action,
    };
    Ok(action.return_old_on_condition_failure(return_old))
}

pub(super) async fn transact_write_items(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let actions = input
        .required_list("TransactItems")?
        .iter()
        .map(transact_action)
        .collect::<Result<Vec<_>, _>>()?;
    let mut req = TransactWriteItemsRequest::new(actions);
    if let Some(token) = input.str("ClientRequestToken")? {
        req = req.client_request_token(token);
    }
    let rcc = capacity::requested(&input)?;
    let out = backend
        .transact_write_items(req.return_consumed_capacity(rcc))
        .await?;
    let mut body = json!({});
    capacity::add_all(&mut body, rcc, &out.consumed_capacity);
    Ok(body)
}

pub(super) async fn transact_get_items(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let gets = input
        .required_list("TransactItems")?
        .iter()
        .map(|entry| {
            let get = Input::of(entry)?.required_object("Get")?;
            let mut one =
                TransactGet::new(get.required_str("TableName")?, get.required_item("Key")?);
            one.projection = projection(get, false)?;
            Ok(one)
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let rcc = capacity::requested(&input)?;
    let out = backend
        .transact_get_items(TransactGetItemsRequest::new(gets).return_consumed_capacity(rcc))
        .await?;
    let responses: Vec<Json> = out
        .items
        .iter()
        .map(|item| object(item.as_ref().map(|i| ("Item", item_to_dynamodb_json(i)))))
        .collect();
    let mut body = json!({ "Responses": responses });
    capacity::add_all(&mut body, rcc, &out.consumed_capacity);
    Ok(body)
}
