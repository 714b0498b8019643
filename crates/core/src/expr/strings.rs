//! Expression strings given to an operation builder beside its typed trees,
//! read into trees when the request is built.
//!
//! A builder keeps the texts of one request and the placeholder maps they
//! share (`ExpressionAttributeNames` and `ExpressionAttributeValues`, as in
//! DynamoDB: one pair of maps per request). When the request is built they are
//! parsed with one [`ExpressionParser`], so every placeholder must be used by
//! some expression of the request (otherwise DynamoDB's "unused" error), and
//! each parsed tree is combined with the builder's typed tree of the same kind
//! (conditions and filters with `AND`, update actions after the typed ones,
//! projection paths after the typed ones). Nothing is sent when a string is
//! wrong: the error is returned by the terminal `.await` / `send()` /
//! `params()`.

use super::parse::ExpressionParser;
use super::{Condition, KeyCondition, Path, Update};
use crate::{Error, Result, Value};
use std::collections::HashMap;

/// `ExpressionAttributeNames`: `#name` -> attribute name (see [`names!`](crate::names)).
pub type Names = HashMap<String, String>;
/// `ExpressionAttributeValues`: `:value` -> [`Value`] (see [`values!`](crate::values)).
pub type Values = HashMap<String, Value>;

/// The expression strings of one request and their shared maps.
#[derive(Debug, Clone, Default)]
pub(crate) struct StringExprs {
    names: Names,
    values: Values,
    /// A placeholder given twice with different meanings (the message).
    error: Option<String>,
    key_condition: Option<String>,
    update: Vec<String>,
    condition: Vec<String>,
    filter: Vec<String>,
    projection: Vec<String>,
}

/// The trees read from a request's strings.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub(crate) key_condition: Option<KeyCondition>,
    pub(crate) update: Option<Update>,
    pub(crate) condition: Option<Condition>,
    pub(crate) filter: Option<Condition>,
    pub(crate) projection: Option<Vec<Path>>,
}

/// The key attributes a key condition is read against: known (a model's
/// table or index), or read from the text (a raw table).
#[derive(Debug, Clone, Copy)]
pub(crate) enum KeyNames<'a> {
    Known(&'a str, Option<&'a str>),
    FromText,
}

fn merge<V: PartialEq + std::fmt::Debug>(
    map: &mut HashMap<String, V>,
    entries: HashMap<String, V>,
    error: &mut Option<String>,
    what: &str,
) {
    for (k, v) in entries {
        match map.get(&k) {
            Some(old) if *old != v => {
                error.get_or_insert_with(|| {
                    format!("the {what} placeholder {k} is given twice, as {old:?} and as {v:?}")
                });
            }
            _ => {
                map.insert(k, v);
            }
        }
    }
}

/// `first`'s actions, then `then`'s.
pub(crate) fn join_updates(first: Update, then: Update) -> Update {
    then.actions()
        .iter()
        .fold(first, |u, a| u.action(a.clone()))
}

/// Typed projection paths, then parsed ones.
pub(crate) fn join_paths(typed: Option<Vec<Path>>, parsed: Option<Vec<Path>>) -> Option<Vec<Path>> {
    match (typed, parsed) {
        (Some(mut a), Some(b)) => {
            a.extend(b);
            Some(a)
        }
        (a, b) => a.or(b),
    }
}

/// ANDs an optional typed condition with an optional parsed one (typed first).
pub(crate) fn and_conditions(
    typed: Option<Condition>,
    parsed: Option<Condition>,
) -> Option<Condition> {
    match (typed, parsed) {
        (Some(a), Some(b)) => Some(a.and(b)),
        (a, b) => a.or(b),
    }
}

impl StringExprs {
    /// Whether no string and no map was given (nothing to parse).
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
            && self.values.is_empty()
            && self.error.is_none()
            && self.key_condition.is_none()
            && self.update.is_empty()
            && self.condition.is_empty()
            && self.filter.is_empty()
            && self.projection.is_empty()
    }

    /// Adds `#name` entries shared by the request's expressions.
    pub(crate) fn names(&mut self, names: Names) {
        merge(&mut self.names, names, &mut self.error, "name");
    }

    /// Adds `:value` entries shared by the request's expressions.
    pub(crate) fn values(&mut self, values: Values) {
        merge(&mut self.values, values, &mut self.error, "value");
    }

    pub(crate) fn key_condition(&mut self, text: impl Into<String>) {
        self.key_condition = Some(text.into());
    }

    pub(crate) fn update(&mut self, text: impl Into<String>) {
        self.update.push(text.into());
    }

    pub(crate) fn condition(&mut self, text: impl Into<String>) {
        self.condition.push(text.into());
    }

    pub(crate) fn filter(&mut self, text: impl Into<String>) {
        self.filter.push(text.into());
    }

    pub(crate) fn projection(&mut self, text: impl Into<String>) {
        self.projection.push(text.into());
    }

    /// Reads every string (key condition, update, condition, filter,
    /// projection: the order the renderer numbers placeholders in), then
    /// checks that each placeholder was used.
    pub(crate) fn parse(&self, keys: KeyNames<'_>) -> Result<Parsed> {
        if let Some(message) = &self.error {
            return Err(Error::validation(message.clone()));
        }
        let mut out = Parsed::default();
        if self.is_empty() {
            return Ok(out);
        }
        let mut p = ExpressionParser::new(&self.names, &self.values)?;
        if let Some(text) = &self.key_condition {
            out.key_condition = Some(match keys {
                KeyNames::Known(pk, sk) => p.key_condition(text, pk, sk)?,
                KeyNames::FromText => p.key_condition_from_text(text)?,
            });
        }
        for text in &self.update {
            let parsed = p.update(text)?;
            out.update = Some(match out.update.take() {
                Some(u) => join_updates(u, parsed),
                None => parsed,
            });
        }
        for text in &self.condition {
            let parsed = p.condition(text)?;
            out.condition = and_conditions(out.condition.take(), Some(parsed));
        }
        for text in &self.filter {
            let parsed = p.filter(text)?;
            out.filter = and_conditions(out.filter.take(), Some(parsed));
        }
        for text in &self.projection {
            let parsed = p.projection(text)?;
            out.projection.get_or_insert_with(Vec::new).extend(parsed);
        }
        p.finish()?;
        Ok(out)
    }
}

/// An `ExpressionAttributeValues` map: `values!{":min" => 10, ":s" => "x"}`.
/// Each value is anything `Into<Value>`; keys are `&str` or `String`.
///
/// ```
/// use dynorm::{values, Value};
/// let v = values! { ":min_price" => 500, ":active" => true };
/// assert_eq!(v[":min_price"], Value::from(500));
/// assert_eq!(v.len(), 2);
/// let none: dynorm::expr::Values = values! {};
/// assert!(none.is_empty());
/// ```
#[macro_export]
macro_rules! values {
    ($($k:expr => $v:expr),* $(,)?) => {
        <$crate::expr::Values as ::core::iter::FromIterator<(String, $crate::Value)>>::from_iter([
            $((::std::string::String::from($k), $crate::Value::from($v))),*
        ])
    };
}

/// An `ExpressionAttributeNames` map: `names!{"#c" => "count"}`.
///
/// ```
/// use dynorm::names;
/// let n = names! { "#c" => "count", "#s" => "status" };
/// assert_eq!(n["#c"], "count");
/// ```
#[macro_export]
macro_rules! names {
    ($($k:expr => $v:expr),* $(,)?) => {
        <$crate::expr::Names as ::core::iter::FromIterator<(String, String)>>::from_iter([
            $((::std::string::String::from($k), ::std::string::String::from($v))),*
        ])
    };
}
