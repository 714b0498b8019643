//! [`Params`]: a request as DynamoDB receives it, to look at without sending it.

use super::{
    BatchGetItemRequest, DeleteItemRequest, GetItemRequest, KeysAndAttributes, Operation,
    PutItemRequest, QueryRequest, ReturnValues, ScanRequest, TransactGet, TransactGetItemsRequest,
    TransactWriteAction, TransactWriteItemsRequest, UpdateItemRequest,
};
use crate::expr::render::Rendered;
use crate::value::{item_to_dynamodb_json, value_to_dynamodb_json};
use crate::{Item, Result, Value};
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// The exact request a builder sends, in the shape of DynamoDB's API: every
/// builder's `.params()` returns it without sending anything (ElectroDB's
/// `params()`). Expressions are the strings the DynamoDB backend sends, as
/// core's renderer writes them (`#n<i>` / `:v<i>` placeholders), with their
/// maps; items, keys and values are typed attribute values.
///
/// It serializes (serde) to the JSON body of the DynamoDB API call
/// (`TableName`, `Key`, `KeyConditionExpression`, `ExpressionAttributeValues`
/// as `{":v0": {"S": ".."}}`, ...), and prints as the operation's name and that
/// JSON. Fields that the request does not carry are `None` and left out.
///
/// ```
/// use dynorm::backend::{Operation, Params, QueryRequest};
/// use dynorm::expr::{attr, KeyCondition};
///
/// let req = QueryRequest::new("app", KeyCondition::partition("pk", "USER#1")).filter(attr("total").gt(100));
/// let params = Params::query(&req)?;
/// assert_eq!(params.operation, Some(Operation::Query));
/// assert_eq!(params.key_condition_expression.as_deref(), Some("#n0 = :v0"));
/// assert_eq!(
///     serde_json::to_value(&params).unwrap()["ExpressionAttributeValues"][":v1"],
///     serde_json::json!({"N": "100"})
/// );
/// assert!(params.to_string().starts_with("Query {"));
/// # Ok::<(), dynorm::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Params {
    /// The operation (`None` for the parts of a batch or a transaction).
    #[serde(skip)]
    pub operation: Option<Operation>,
    /// `TableName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_name: Option<String>,
    /// `IndexName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_name: Option<String>,
    /// `Key`.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "typed_item")]
    pub key: Option<Item>,
    /// `Item`.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "typed_item")]
    pub item: Option<Item>,
    /// `Keys` (one table of a BatchGetItem).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "typed_items"
    )]
    pub keys: Option<Vec<Item>>,
    /// `KeyConditionExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_condition_expression: Option<String>,
    /// `UpdateExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_expression: Option<String>,
    /// `ConditionExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<String>,
    /// `FilterExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_expression: Option<String>,
    /// `ProjectionExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection_expression: Option<String>,
    /// `ExpressionAttributeNames`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    /// `ExpressionAttributeValues`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "typed_values"
    )]
    pub expression_attribute_values: Option<BTreeMap<String, Value>>,
    /// `Limit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `ScanIndexForward`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan_index_forward: Option<bool>,
    /// `ConsistentRead`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consistent_read: Option<bool>,
    /// `ExclusiveStartKey`.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "typed_item")]
    pub exclusive_start_key: Option<Item>,
    /// `Segment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<u32>,
    /// `TotalSegments`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_segments: Option<u32>,
    /// `ReturnValues`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_values: Option<&'static str>,
    /// `ReturnValuesOnConditionCheckFailure`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_values_on_condition_check_failure: Option<&'static str>,
    /// `RequestItems` (BatchGetItem): per table, its keys and options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_items: Option<BTreeMap<String, Params>>,
    /// `TransactItems`: each action under its kind (`Put`, `Update`,
    /// `Delete`, `ConditionCheck`, `Get`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transact_items: Option<Vec<BTreeMap<&'static str, Params>>>,
    /// `ClientRequestToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_request_token: Option<String>,
}

fn typed_item<S: Serializer>(item: &Option<Item>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match item {
        Some(i) => item_to_dynamodb_json(i).serialize(s),
        None => s.serialize_none(),
    }
}

fn typed_items<S: Serializer>(
    items: &Option<Vec<Item>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    let json: Vec<serde_json::Value> = items.iter().flatten().map(item_to_dynamodb_json).collect();
    json.serialize(s)
}

fn typed_values<S: Serializer>(
    values: &Option<BTreeMap<String, Value>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    let json: BTreeMap<&String, serde_json::Value> = values
        .iter()
        .flatten()
        .map(|(k, v)| (k, value_to_dynamodb_json(v)))
        .collect();
    json.serialize(s)
}

impl fmt::Display for Params {
    /// The operation's name and the JSON body: `Query {"TableName":...}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{op} ")?;
        }
        match serde_json::to_string(self) {
            Ok(json) => f.write_str(&json),
            Err(_) => Err(fmt::Error),
        }
    }
}

fn sorted<V>(map: Option<HashMap<String, V>>) -> Option<BTreeMap<String, V>> {
    map.map(|m| m.into_iter().collect())
}

fn return_values(rv: ReturnValues) -> Option<&'static str> {
    (rv != ReturnValues::None).then(|| rv.as_str())
}

fn on_condition_failure(yes: bool) -> Option<&'static str> {
    yes.then_some("ALL_OLD")
}

impl Params {
    fn rendered(operation: Option<Operation>, table: &str, r: Rendered) -> Params {
        Params {
            operation,
            table_name: Some(table.to_owned()),
            key_condition_expression: r.key_condition,
            update_expression: r.update,
            condition_expression: r.condition,
            filter_expression: r.filter,
            projection_expression: r.projection,
            expression_attribute_names: sorted(r.names),
            expression_attribute_values: sorted(r.values),
            ..Params::default()
        }
    }

    /// GetItem.
    pub fn get_item(req: &GetItemRequest) -> Result<Params> {
        Ok(Params {
            key: Some(req.key.clone()),
            consistent_read: Some(req.consistent_read),
            ..Params::rendered(
                Some(Operation::GetItem),
                &req.table,
                Rendered::get_item(req)?,
            )
        })
    }

    /// A single-item write: its key or item, return values and expressions.
    fn write(
        operation: Option<Operation>,
        table: &str,
        (key, item): (Option<&Item>, Option<&Item>),
        return_values: Option<&'static str>,
        return_old_on_condition_failure: bool,
        rendered: Rendered,
    ) -> Params {
        Params {
            key: key.cloned(),
            item: item.cloned(),
            return_values,
            return_values_on_condition_check_failure: on_condition_failure(
                return_old_on_condition_failure,
            ),
            ..Params::rendered(operation, table, rendered)
        }
    }

    /// PutItem.
    pub fn put_item(req: &PutItemRequest) -> Result<Params> {
        Ok(Params::write(
            Some(Operation::PutItem),
            &req.table,
            (None, Some(&req.item)),
            return_values(req.return_values),
            req.return_old_on_condition_failure,
            Rendered::put_item(req)?,
        ))
    }

    /// UpdateItem.
    pub fn update_item(req: &UpdateItemRequest) -> Result<Params> {
        Ok(Params::write(
            Some(Operation::UpdateItem),
            &req.table,
            (Some(&req.key), None),
            return_values(req.return_values),
            req.return_old_on_condition_failure,
            Rendered::update_item(req)?,
        ))
    }

    /// DeleteItem.
    pub fn delete_item(req: &DeleteItemRequest) -> Result<Params> {
        Ok(Params::write(
            Some(Operation::DeleteItem),
            &req.table,
            (Some(&req.key), None),
            return_values(req.return_values),
            req.return_old_on_condition_failure,
            Rendered::delete_item(req)?,
        ))
    }

    /// Query.
    pub fn query(req: &QueryRequest) -> Result<Params> {
        Ok(Params {
            index_name: req.index.clone(),
            limit: req.limit,
            scan_index_forward: Some(req.scan_forward),
            consistent_read: Some(req.consistent_read),
            exclusive_start_key: req.exclusive_start_key.clone(),
            ..Params::rendered(Some(Operation::Query), &req.table, Rendered::query(req)?)
        })
    }

    /// Scan.
    pub fn scan(req: &ScanRequest) -> Result<Params> {
        Ok(Params {
            index_name: req.index.clone(),
            limit: req.limit,
            consistent_read: Some(req.consistent_read),
            exclusive_start_key: req.exclusive_start_key.clone(),
            segment: req.segment.map(|s| s.segment),
            total_segments: req.segment.map(|s| s.total),
            ..Params::rendered(Some(Operation::Scan), &req.table, Rendered::scan(req)?)
        })
    }

    fn keys_and_attributes(keys: &KeysAndAttributes) -> Result<Params> {
        let r = Rendered::keys_and_attributes(keys)?;
        Ok(Params {
            keys: Some(keys.keys.clone()),
            consistent_read: Some(keys.consistent_read),
            projection_expression: r.projection,
            expression_attribute_names: sorted(r.names),
            ..Params::default()
        })
    }

    /// BatchGetItem.
    pub fn batch_get_item(req: &BatchGetItemRequest) -> Result<Params> {
        let mut items = BTreeMap::new();
        for (table, keys) in &req.tables {
            items.insert(table.clone(), Params::keys_and_attributes(keys)?);
        }
        Ok(Params {
            operation: Some(Operation::BatchGetItem),
            request_items: Some(items),
            ..Params::default()
        })
    }

    fn transact_action(action: &TransactWriteAction) -> Result<BTreeMap<&'static str, Params>> {
        let (kind, table, key_or_item, return_old) = match action {
            TransactWriteAction::Put {
                table,
                item,
                return_old_on_condition_failure,
                ..
            } => (
                "Put",
                table,
                (None, Some(item)),
                return_old_on_condition_failure,
            ),
            TransactWriteAction::Update {
                table,
                key,
                return_old_on_condition_failure,
                ..
            } => (
                "Update",
                table,
                (Some(key), None),
                return_old_on_condition_failure,
            ),
            TransactWriteAction::Delete {
                table,
                key,
                return_old_on_condition_failure,
                ..
            } => (
                "Delete",
                table,
                (Some(key), None),
                return_old_on_condition_failure,
            ),
            TransactWriteAction::ConditionCheck {
                table,
                key,
                return_old_on_condition_failure,
                ..
            } => (
                "ConditionCheck",
                table,
                (Some(key), None),
                return_old_on_condition_failure,
            ),
        };
        let rendered = Rendered::transact_action(action)?;
        let params = Params::write(None, table, key_or_item, None, *return_old, rendered);
        Ok(BTreeMap::from([(kind, params)]))
    }

    /// TransactWriteItems.
    pub fn transact_write_items(req: &TransactWriteItemsRequest) -> Result<Params> {
        let items = req
            .actions
            .iter()
            .map(Params::transact_action)
            .collect::<Result<Vec<_>>>()?;
        Ok(Params {
            operation: Some(Operation::TransactWriteItems),
            transact_items: Some(items),
            client_request_token: req.client_request_token.clone(),
            ..Params::default()
        })
    }

    fn transact_get(get: &TransactGet) -> Result<BTreeMap<&'static str, Params>> {
        let r = Rendered::transact_get(get)?;
        let params = Params {
            key: Some(get.key.clone()),
            ..Params::rendered(None, &get.table, r)
        };
        Ok(BTreeMap::from([("Get", params)]))
    }

    /// TransactGetItems.
    pub fn transact_get_items(req: &TransactGetItemsRequest) -> Result<Params> {
        let items = req
            .gets
            .iter()
            .map(Params::transact_get)
            .collect::<Result<Vec<_>>>()?;
        Ok(Params {
            operation: Some(Operation::TransactGetItems),
            transact_items: Some(items),
            ..Params::default()
        })
    }
}
