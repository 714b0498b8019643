//! The expressions of one request, rendered together: which expressions each
//! operation carries and the order their placeholders are numbered in
//! (update then condition; key condition, filter, projection). The DynamoDB
//! backend sends these and [`Params`](crate::backend::Params) shows them.

use super::{condition, key_condition, projection, update, Placeholders};
use crate::backend::{
    DeleteItemRequest, GetItemRequest, KeysAndAttributes, PutItemRequest, QueryRequest,
    ScanRequest, TransactGet, TransactWriteAction, UpdateItemRequest,
};
use crate::expr::{Condition, Path};
use crate::{Result, Value};
use std::collections::HashMap;

/// A request's expression strings and the placeholder maps they share, each
/// map `None` when empty (DynamoDB rejects empty maps).
///
/// ```
/// use dynorm::backend::QueryRequest;
/// use dynorm::expr::{attr, render::Rendered, KeyCondition};
///
/// let req = QueryRequest::new("app", KeyCondition::partition("pk", "USER#1"))
///     .filter(attr("total").gt(100))
///     .projection(["total"]);
/// let r = Rendered::query(&req)?;
/// assert_eq!(r.key_condition.as_deref(), Some("#n0 = :v0"));
/// assert_eq!(r.filter.as_deref(), Some("#n1 > :v1"));
/// assert_eq!(r.projection.as_deref(), Some("#n1"));
/// assert_eq!(r.names.unwrap()["#n1"], "total");
/// # Ok::<(), dynorm::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Rendered {
    /// `KeyConditionExpression`.
    pub key_condition: Option<String>,
    /// `UpdateExpression`.
    pub update: Option<String>,
    /// `ConditionExpression`.
    pub condition: Option<String>,
    /// `FilterExpression`.
    pub filter: Option<String>,
    /// `ProjectionExpression`.
    pub projection: Option<String>,
    /// `ExpressionAttributeNames`.
    pub names: Option<HashMap<String, String>>,
    /// `ExpressionAttributeValues`.
    pub values: Option<HashMap<String, Value>>,
}

/// Renders the parts in their order into one set of placeholders.
#[derive(Default)]
struct Parts<'a> {
    key_condition: Option<&'a crate::expr::KeyCondition>,
    update: Option<&'a crate::expr::Update>,
    condition: Option<&'a Condition>,
    filter: Option<&'a Condition>,
    projection: Option<&'a [Path]>,
}

impl Parts<'_> {
    fn render(self) -> Result<Rendered> {
        let mut p = Placeholders::new();
        let mut out = Rendered {
            key_condition: self.key_condition.map(|k| key_condition(k, &mut p)),
            update: self.update.and_then(|u| update(u, &mut p)),
            ..Rendered::default()
        };
        out.condition = self.condition.map(|c| condition(c, &mut p)).transpose()?;
        out.filter = self.filter.map(|c| condition(c, &mut p)).transpose()?;
        out.projection = self.projection.and_then(|paths| projection(paths, &mut p));
        (out.names, out.values) = p.into_maps();
        Ok(out)
    }
}

impl Rendered {
    /// GetItem: the projection.
    pub fn get_item(req: &GetItemRequest) -> Result<Rendered> {
        Parts {
            projection: req.projection.as_deref(),
            ..Parts::default()
        }
        .render()
    }

    /// PutItem: the condition.
    pub fn put_item(req: &PutItemRequest) -> Result<Rendered> {
        Rendered::condition_only(req.condition.as_ref())
    }

    /// UpdateItem: the update, then the condition.
    pub fn update_item(req: &UpdateItemRequest) -> Result<Rendered> {
        Parts {
            update: Some(&req.update),
            condition: req.condition.as_ref(),
            ..Parts::default()
        }
        .render()
    }

    /// DeleteItem: the condition.
    pub fn delete_item(req: &DeleteItemRequest) -> Result<Rendered> {
        Rendered::condition_only(req.condition.as_ref())
    }

    /// Query: the key condition, the filter, the projection.
    pub fn query(req: &QueryRequest) -> Result<Rendered> {
        Parts {
            key_condition: Some(&req.key_condition),
            filter: req.filter.as_ref(),
            projection: req.projection.as_deref(),
            ..Parts::default()
        }
        .render()
    }

    /// Scan: the filter, the projection.
    pub fn scan(req: &ScanRequest) -> Result<Rendered> {
        Parts {
            filter: req.filter.as_ref(),
            projection: req.projection.as_deref(),
            ..Parts::default()
        }
        .render()
    }

    /// One table of a BatchGetItem: the projection.
    pub fn keys_and_attributes(keys: &KeysAndAttributes) -> Result<Rendered> {
        Parts {
            projection: keys.projection.as_deref(),
            ..Parts::default()
        }
        .render()
    }

    /// One read of a TransactGetItems: the projection.
    pub fn transact_get(get: &TransactGet) -> Result<Rendered> {
        Parts {
            projection: get.projection.as_deref(),
            ..Parts::default()
        }
        .render()
    }

    /// One action of a TransactWriteItems, with its own placeholders.
    pub fn transact_action(action: &TransactWriteAction) -> Result<Rendered> {
        match action {
            TransactWriteAction::Put { condition, .. }
            | TransactWriteAction::Delete { condition, .. } => {
                Rendered::condition_only(condition.as_ref())
            }
            TransactWriteAction::Update {
                update, condition, ..
            } => Parts {
                update: Some(update),
                condition: condition.as_ref(),
                ..Parts::default()
            }
            .render(),
            TransactWriteAction::ConditionCheck { condition, .. } => {
                Rendered::condition_only(Some(condition))
            }
        }
    }

    fn condition_only(condition: Option<&Condition>) -> Result<Rendered> {
        Parts {
            condition,
            ..Parts::default()
        }
        .render()
    }
}
