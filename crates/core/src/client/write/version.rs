//! The version step of the write pipeline (`#[dynorm(version)]`,
//! optimistic locking): a write of a versioned model stores the next version
//! and is conditioned on the one the caller holds, joined with AND to the
//! write's own condition; a failed condition whose stored item holds another
//! version (or, for a create, exists) becomes [`Error::VersionConflict`].
//!
//! - a put of a model holding version `n > 0` stores `n + 1` on condition
//!   `version = n`; holding 0 (or no version), or a create, stores 1 on
//!   condition `attribute_not_exists(pk)`;
//! - an update adds `ADD version 1` and is conditioned on the version given
//!   with `expect_version(n)`;
//! - a delete is conditioned on the version given (`expect_version(n)`, or
//!   the model's own for [`Model::remove`](crate::Model::remove));
//! - `ignore_version()` drops the condition (puts and updates still count
//!   up); an update or delete with neither is refused before sending, and so
//!   is a batch write without it, as BatchWriteItem carries no conditions.

use super::pipeline::{Mode, WriteOp};
use crate::error::{Error, Result};
use crate::expr::{attr, Condition, Path, UpdateAction};
use crate::model::ModelSchema;
use crate::value::{Item, Number, Value};

/// How one write of a versioned model treats the version (ignored for
/// models without one).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum VersionCheck {
    /// Puts: the version the item holds. Updates and deletes: none was
    /// given, which is refused.
    #[default]
    Held,
    /// A create: version 1, on condition that no item has the key (the
    /// builder's own condition).
    Create,
    /// Conditioned on this version.
    Expect(Value),
    /// No version condition.
    Ignore,
}

/// What a version-conditioned write expected, to tell a lost race from a
/// failed condition of the caller's own.
#[derive(Debug, Clone)]
pub(crate) struct Expectation {
    /// The full table name.
    table: String,
    key: Item,
    attribute: &'static str,
    /// `None` for a write that expects no item.
    expected: Option<Value>,
}

impl Expectation {
    /// Whether a failed condition was this write's version check, judged
    /// from the stored item returned with the failure (`None`: no item).
    fn lost(&self, current: Option<&Item>) -> bool {
        match (&self.expected, current) {
            (None, current) => current.is_some(),
            (Some(_), None) => true,
            (Some(expected), Some(item)) => item
                .get(self.attribute)
                .map_or(true, |stored| !same_version(stored, expected)),
        }
    }

    /// The error of a failed condition: [`Error::VersionConflict`] when it
    /// was the version's, else `source` as it is.
    pub(crate) fn judge(&self, current: Option<&Item>, source: Error) -> Error {
        if !self.lost(current) {
            return source;
        }
        Error::VersionConflict {
            table: self.table.clone(),
            key: self.key.clone(),
            expected: self.expected.clone().map(Box::new),
            current: current.cloned().map(Box::new),
            source: Some(Box::new(source)),
        }
    }
}

fn same_version(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::N(a), Value::N(b)) => a == b,
        _ => false,
    }
}

/// Applies the version step to one write of a model (`table` is the full
/// name); returns what the write now expects, if it is conditioned.
pub(crate) fn apply(
    schema: &'static ModelSchema,
    mode: Mode,
    table: &str,
    op: &mut WriteOp,
    condition: &mut Option<Condition>,
    check: &VersionCheck,
) -> Result<Option<Expectation>> {
    let Some(attribute) = schema.version_attribute else {
        return Ok(None);
    };
    if mode == Mode::Batch && *check != VersionCheck::Ignore {
        return Err(Error::validation_in(
            table,
            format!(
                "model {} has the version attribute `{attribute}`: BatchWriteItem cannot carry \
                 its condition; use a transaction, or `.ignore_version()` on the batch to write \
                 without it",
                schema.type_name
            ),
        ));
    }
    let (key, expected) = match op {
        WriteOp::Put(item) => {
            let held = match check {
                // A create stores version 1 whatever the model holds.
                VersionCheck::Create => None,
                _ => held_version(schema, attribute, item)?,
            };
            let next = match &held {
                Some(n) => n.checked_add(&Number::from(1)).map_err(|e| {
                    Error::validation_in(table, format!("version `{attribute}`: {e}"))
                })?,
                None => Number::from(1),
            };
            item.insert(attribute, Value::N(next));
            let expected = match check {
                VersionCheck::Ignore => return Ok(None),
                VersionCheck::Create => None,
                VersionCheck::Expect(v) => Some(v.clone()),
                VersionCheck::Held => held.map(Value::N),
            };
            (schema.extract_key(item)?, expected)
        }
        WriteOp::Update { key, update, .. } => {
            if update
                .actions()
                .iter()
                .any(|a| a.path().root() == attribute)
            {
                return Err(Error::validation_in(
                    table,
                    format!(
                        "the version attribute `{attribute}` of model {} is counted by dynorm: \
                         an update may not write it",
                        schema.type_name
                    ),
                ));
            }
            *update = std::mem::take(update)
                .action(UpdateAction::Add(Path::attr(attribute), Value::from(1)));
            (
                key.clone(),
                expected_of(schema, attribute, table, "update", check)?,
            )
        }
        WriteOp::Delete(key) => (
            key.clone(),
            expected_of(schema, attribute, table, "delete", check)?,
        ),
        WriteOp::Check { .. } => return Ok(None),
    };
    if *check == VersionCheck::Ignore {
        return Ok(None);
    }
    let version_condition = match &expected {
        Some(v) => Some(attr(attribute).eq(v.clone())),
        // A create's own condition is the builder's.
        None if *check == VersionCheck::Create => None,
        None => Some(attr(schema.partition_key.attribute).not_exists()),
    };
    if let Some(c) = version_condition {
        *condition = Some(match condition.take() {
            Some(own) => own.and(c),
            None => c,
        });
    }
    Ok(Some(Expectation {
        table: table.to_owned(),
        key,
        attribute,
        expected,
    }))
}

/// The version a model's item holds: `None` for a new one (0 or absent).
fn held_version(schema: &ModelSchema, attribute: &str, item: &Item) -> Result<Option<Number>> {
    match item.get(attribute) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::N(n)) if n.is_zero() => Ok(None),
        Some(Value::N(n)) if n.is_integer() && !n.is_negative() => Ok(Some(n.clone())),
        Some(other) => Err(Error::validation_in(
            schema.table,
            format!(
                "the version attribute `{attribute}` of model {} must hold a whole number of at \
                 least 0, it holds {}",
                schema.type_name,
                crate::value::display_value(other)
            ),
        )),
    }
}

/// The version an update or delete is conditioned on: refused when none was
/// given and the check was not turned off.
fn expected_of(
    schema: &ModelSchema,
    attribute: &str,
    table: &str,
    what: &str,
    check: &VersionCheck,
) -> Result<Option<Value>> {
    match check {
        VersionCheck::Expect(v) => Ok(Some(v.clone())),
        VersionCheck::Ignore => Ok(None),
        VersionCheck::Held | VersionCheck::Create => Err(Error::validation_in(
            table,
            format!(
                "a {what} of model {} (version attribute `{attribute}`) must say the version it \
                 expects with `.expect_version(n)`, or write without the check with \
                 `.ignore_version()`",
                schema.type_name
            ),
        )),
    }
}
