//! The unique-field step of the write pipeline (`#[dynorm(unique)]`): each
//! value a unique field holds has a marker item in the model's table,
//! `{pk: "UNIQUE#<entity>#<attribute>#<value>"}` (sort key
//! [`UniqueField::MARKER_SORT_KEY`] where the table has one), naming its
//! owner's key in [`UniqueField::OWNER_ATTRIBUTE`].
//!
//! A write that sets, changes or removes a unique value, or deletes an
//! item holding one, reads the stored item first (consistently) to learn
//! the values it replaces, then goes out as one transaction: the write
//! itself, conditioned on each unique field still holding the value read
//! (so a concurrent change fails it rather than leaving a marker behind),
//! a put of each new value's marker on `attribute_not_exists` (a taken value
//! fails it: [`Error::UniqueViolation`]) and a delete of each replaced
//! value's marker on condition that this item owns it.

use super::pipeline::{Mode, Outgoing, WriteOp};
use crate::backend::{GetItemRequest, KeyType};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::expr::{attr, Condition, SetExpr, UpdateAction, UpdateOperand};
use crate::model::{ModelSchema, UniqueField};
use crate::value::{Item, Value, ValueType};

/// A marker action's part in a failed transaction.
#[derive(Debug, Clone)]
pub(crate) struct MarkerPut {
    model: &'static str,
    field: &'static str,
    value: Value,
}

impl MarkerPut {
    /// The error of this marker's failed `attribute_not_exists`.
    pub(crate) fn violation(&self, source: Error) -> Error {
        Error::UniqueViolation {
            model: self.model,
            field: self.field,
            value: Box::new(self.value.clone()),
            source: Some(Box::new(source)),
        }
    }
}

/// What a write does to one unique field.
enum Change<'a> {
    /// Not touched.
    Untouched,
    /// The field's new value (`None`: absent).
    To(Option<&'a Value>),
}

/// Whether a write of this model changes unique markers, so that it must
/// go out in a transaction (a put or delete of a model with unique fields,
/// an update that writes one).
pub(crate) fn needs_transaction(schema: &ModelSchema, op: &WriteOp) -> bool {
    !schema.unique.is_empty()
        && match op {
            WriteOp::Put(_) | WriteOp::Delete(_) => true,
            WriteOp::Update { update, .. } => schema.unique.iter().any(|u| {
                update
                    .actions()
                    .iter()
                    .any(|a| a.path().root() == u.attribute)
            }),
            WriteOp::Check { .. } => false,
        }
}

/// Applies the step to one write of a model (`table` is the full name):
/// reads the stored item, adds the conditions to the write and returns the
/// marker actions, each with its [`MarkerPut`] for a put.
pub(crate) async fn apply(
    client: &Client,
    schema: &'static ModelSchema,
    mode: Mode,
    table: &str,
    op: &WriteOp,
    condition: &mut Option<Condition>,
) -> Result<Vec<(Outgoing, Option<MarkerPut>)>> {
    if !needs_transaction(schema, op) {
        return Ok(Vec::new());
    }
    if mode == Mode::Batch {
        return Err(Error::validation_in(
            table,
            format!(
                "model {} has unique fields: BatchWriteItem cannot keep their markers; use a \
                 transaction",
                schema.type_name
            ),
        ));
    }
    if schema.partition_key.key_type != KeyType::S
        || schema.sort_key.is_some_and(|k| k.key_type != KeyType::S)
    {
        return Err(Error::validation_in(
            table,
            format!(
                "model {} has unique fields: their marker items need string key attributes",
                schema.type_name
            ),
        ));
    }
    let key = match op {
        WriteOp::Put(item) => schema.extract_key(item)?,
        WriteOp::Update { key, .. } | WriteOp::Delete(key) | WriteOp::Check { key, .. } => {
            key.clone()
        }
    };
    let stored = client
        .backend()
        .get_item(GetItemRequest::new(table, key.clone()).consistent_read(true))
        .await?
        .item;
    let mut markers = Vec::new();
    let mut conditions = Vec::new();
    for unique in schema.unique {
        let change = change_of(schema, table, unique, op)?;
        let Change::To(new) = change else { continue };
        let stored_value = stored.as_ref().and_then(|s| s.get(unique.attribute));
        // The write holds only if the field still has the value read.
        conditions.push(match stored_value {
            Some(Value::Null) => attr(unique.attribute).is_type(ValueType::Null),
            Some(v) => attr(unique.attribute).eq(v.clone()),
            None => attr(unique.attribute).not_exists(),
        });
        // NULL holds no value, as an absent attribute.
        let old = stored_value.filter(|v| !matches!(v, Value::Null));
        let new = new.filter(|v| !matches!(v, Value::Null));
        if old == new {
            continue;
        }
        if let Some(old) = old {
            let marker_key = marker_key(schema, table, unique, old)?;
            markers.push((
                Outgoing::new(
                    table.to_owned(),
                    WriteOp::Delete(marker_key),
                    Some(attr(UniqueField::OWNER_ATTRIBUTE).eq(Value::M(key.clone()))),
                ),
                None,
            ));
        }
        if let Some(new) = new {
            let mut marker = marker_key(schema, table, unique, new)?;
            marker.insert(UniqueField::OWNER_ATTRIBUTE, Value::M(key.clone()));
            markers.push((
                Outgoing::new(
                    table.to_owned(),
                    WriteOp::Put(marker),
                    Some(attr(schema.partition_key.attribute).not_exists()),
                ),
                Some(MarkerPut {
                    model: schema.entity_name(),
                    field: unique.attribute,
                    value: new.clone(),
                }),
            ));
        }
    }
    for c in conditions {
        *condition = Some(match condition.take() {
            Some(own) => own.and(c),
            None => c,
        });
    }
    Ok(markers)
}

/// What the write does to the field.
fn change_of<'a>(
    schema: &ModelSchema,
    table: &str,
    unique: &UniqueField,
    op: &'a WriteOp,
) -> Result<Change<'a>> {
    Ok(match op {
        WriteOp::Put(item) => Change::To(item.get(unique.attribute)),
        WriteOp::Delete(_) => Change::To(None),
        WriteOp::Check { .. } => Change::Untouched,
        WriteOp::Update { update, .. } => {
            let mut change = Change::Untouched;
            for action in update.actions() {
                if action.path().root() != unique.attribute {
                    continue;
                }
                change = match action {
                    UpdateAction::Set(path, SetExpr::Operand(UpdateOperand::Value(v)))
                        if path.is_top_level() =>
                    {
                        Change::To(Some(v))
                    }
                    UpdateAction::Remove(path) if path.is_top_level() => Change::To(None),
                    _ => {
                        return Err(Error::validation_in(
                            table,
                            format!(
                                "the unique field `{}` of model {} can only be set to a value or \
                                 removed by an update",
                                unique.attribute, schema.type_name
                            ),
                        ))
                    }
                };
            }
            change
        }
    })
}

/// The key of the marker item of one value.
fn marker_key(
    schema: &ModelSchema,
    table: &str,
    unique: &UniqueField,
    value: &Value,
) -> Result<Item> {
    let text = match value {
        Value::S(s) => s.clone(),
        Value::N(n) => n.to_string(),
        other => {
            return Err(Error::validation_in(
                table,
                format!(
                    "the unique field `{}` of model {} holds a {}: unique values are strings or \
                     numbers",
                    unique.attribute,
                    schema.type_name,
                    other.value_type()
                ),
            ))
        }
    };
    let mut key = Item::new().with(
        schema.partition_key.attribute,
        format!(
            "UNIQUE#{}#{}#{text}",
            schema.entity_name(),
            unique.attribute
        ),
    );
    if let Some(sk) = schema.sort_key {
        key.insert(sk.attribute, UniqueField::MARKER_SORT_KEY);
    }
    Ok(key)
}
