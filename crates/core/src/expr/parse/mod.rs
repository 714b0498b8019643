//! Parsing DynamoDB expression strings into dynorm's expression trees.
//!
//! All five kinds are read: conditions and filters (one grammar), key
//! conditions, updates and projections. The input is the text with its
//! `ExpressionAttributeNames` (`#name` -> attribute name) and
//! `ExpressionAttributeValues` (`:value` -> [`Value`]) maps; the output is the
//! tree the typed builders make, so `parse::condition("a = :v", ..)` equals
//! `attr("a").eq(v)`. Everything DynamoDB rejects before reading data is
//! rejected here with its error kind ([`crate::Error::Validation`]) and wording,
//! all taken from [`crate::rules::expression`]: syntax errors (with DynamoDB's
//! `token` and `near`), undefined and unused placeholders, unaliased reserved
//! words, unknown functions and wrong operand counts, operand types DynamoDB
//! knows from the text, the size, operator, `IN` and path-depth limits,
//! overlapping update and projection paths, and the shapes of key conditions.
//!
//! Grammar: keywords are case-insensitive and function names case-sensitive,
//! as in DynamoDB; precedence is comparison / `BETWEEN` / `IN` over `NOT` over
//! `AND` over `OR`, with parentheses.
//!
//! The parser is hand-written: a byte lexer into one token vector and a
//! recursive-descent parser over it, with no dependency. It was chosen by
//! measurement against a prototype of the condition grammar on `winnow` 1.0
//! doing the same work (resolve placeholders, reserved words, build and check
//! the tree, unused placeholders); the prototype is not kept. Counted with
//! callgrind (release, 2,000 parses each): seed 003's filter `price >
//! :min_price AND stock > :min_stock` took 8,260 instructions hand-written
//! against 12,541 on winnow (about 0.9 µs and 1.4 µs on this machine), and a
//! longer filter with `BETWEEN`, `OR`, `NOT`, `attribute_exists` and `size`
//! 20,079 against 24,127. The prototype also covered only part of the grammar
//! and none of DynamoDB's error format, which needs what a combinator crate
//! does not give: `near` spans the tokens either side of the offending one,
//! and errors found after the syntax is read are reported in DynamoDB's order
//! rather than the order a combinator fails in.
//!
//! ```
//! use dynorm::expr::{attr, parse};
//! use dynorm::Value;
//! use std::collections::HashMap;
//!
//! let names = HashMap::new();
//! let values = HashMap::from([
//!     (":min_price".to_owned(), Value::from(500)),
//!     (":min_stock".to_owned(), Value::from(10)),
//! ]);
//! let filter = parse::filter("price > :min_price AND stock > :min_stock", &names, &values)?;
//! assert_eq!(filter, attr("price").gt(500) & attr("stock").gt(10));
//!
//! let err = parse::condition("name = :v", &names, &HashMap::from([(":v".to_owned(), Value::from(1))]))
//!     .unwrap_err();
//! assert!(err.is_validation());
//! assert!(err.to_string().contains("Attribute name is a reserved keyword; reserved keyword: name"));
//! # Ok::<(), dynorm::Error>(())
//! ```

mod condition;
mod key_condition;
mod lexer;
mod parser;
mod update;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

use crate::expr::{Condition, KeyCondition, Path, Update, UpdateAction};
use crate::rules::expression::{self as rules, ExpressionKind, MAX_EXPRESSION_BYTES};
use crate::{Result, Value};
use lexer::Tok;
use parser::{Deferred, Parser};
use std::collections::HashMap;

/// Parses the expressions of one request against its placeholder maps, and
/// checks at the end ([`finish`](ExpressionParser::finish)) that every
/// placeholder was used by one of them, as DynamoDB does.
///
/// ```
/// use dynorm::expr::{attr, parse::ExpressionParser, Update};
/// use dynorm::Value;
/// use std::collections::HashMap;
///
/// let names = HashMap::from([("#c".to_owned(), "count".to_owned())]);
/// let values = HashMap::from([(":one".to_owned(), Value::from(1))]);
/// let mut p = ExpressionParser::new(&names, &values)?;
/// let update = p.update("SET #c = #c + :one")?;
/// let condition = p.condition("attribute_exists(#c)")?;
/// p.finish()?;
/// assert_eq!(update, Update::new().increment("count", 1));
/// assert_eq!(condition, attr("count").exists());
/// # Ok::<(), dynorm::Error>(())
/// ```
#[derive(Debug)]
pub struct ExpressionParser<'a> {
    names: &'a HashMap<String, String>,
    values: &'a HashMap<String, Value>,
    used_names: Vec<&'a str>,
    used_values: Vec<&'a str>,
}

/// The checks before an expression is read: not empty, not too large.
fn before(kind: ExpressionKind, text: &str) -> Result<()> {
    if text.is_empty() {
        return Err(rules::empty_expression(kind));
    }
    if text.len() > MAX_EXPRESSION_BYTES {
        return Err(rules::expression_too_large(kind, text.len()));
    }
    Ok(())
}

/// The checks after the text parsed: the operator limit, then the errors
/// found while reading it that DynamoDB reports before it looks for
/// overlapping paths. The rest are returned for [`Deferred::rest`].
fn after(kind: ExpressionKind, operators: usize, p: Parser<'_, '_, '_>) -> Result<Deferred> {
    if operators > rules::MAX_OPERATORS {
        return Err(rules::too_many_operators(kind));
    }
    let mut deferred = p.into_deferred();
    deferred.structure()?;
    Ok(deferred)
}

fn check_key(key: &str, sigil: char, values: bool) -> Result<()> {
    let body = key.strip_prefix(sigil).unwrap_or("");
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(rules::invalid_placeholder_key(values, key));
    }
    if key.len() > rules::MAX_PLACEHOLDER_BYTES {
        return Err(rules::placeholder_too_long(values, key));
    }
    Ok(())
}

impl<'a> ExpressionParser<'a> {
    /// A parser over one request's maps. The maps' keys are checked first:
    /// each a sigil (`#` or `:`) and letters, digits or `_`, at most
    /// [`rules::MAX_PLACEHOLDER_BYTES`] bytes; no attribute name empty.
    pub fn new(
        names: &'a HashMap<String, String>,
        values: &'a HashMap<String, Value>,
    ) -> Result<ExpressionParser<'a>> {
        for (key, name) in names {
            check_key(key, '#', false)?;
            if name.is_empty() {
                return Err(rules::empty_attribute_name(key));
            }
        }
        for key in values.keys() {
            check_key(key, ':', true)?;
        }
        Ok(ExpressionParser {
            names,
            values,
            used_names: Vec::new(),
            used_values: Vec::new(),
        })
    }

    fn name(&mut self, placeholder: &str) -> Option<&'a str> {
        let (key, name) = self.names.get_key_value(placeholder)?;
        if !self.used_names.contains(&key.as_str()) {
            self.used_names.push(key);
        }
        Some(name)
    }

    fn value(&mut self, placeholder: &str) -> Option<&'a Value> {
        let (key, value) = self.values.get_key_value(placeholder)?;
        if !self.used_values.contains(&key.as_str()) {
            self.used_values.push(key);
        }
        Some(value)
    }

    fn condition_of(&mut self, kind: ExpressionKind, text: &str) -> Result<Condition> {
        before(kind, text)?;
        let mut p = Parser::new(text, kind, self);
        let tree = p.condition_text()?;
        after(kind, rules::condition_operators(&tree), p)?.first()?;
        rules::check_condition(&tree, kind)?;
        Ok(tree)
    }

    /// Parses a `ConditionExpression`.
    pub fn condition(&mut self, text: &str) -> Result<Condition> {
        self.condition_of(ExpressionKind::Condition, text)
    }

    /// Parses a `FilterExpression` (the condition grammar; errors name the
    /// filter).
    pub fn filter(&mut self, text: &str) -> Result<Condition> {
        self.condition_of(ExpressionKind::Filter, text)
    }

    /// Parses a `KeyConditionExpression` for a table or index whose partition
    /// key is `partition_key` and sort key `sort_key`.
    pub fn key_condition(
        &mut self,
        text: &str,
        partition_key: &str,
        sort_key: Option<&str>,
    ) -> Result<KeyCondition> {
        let kind = ExpressionKind::KeyCondition;
        let tree = self.condition_of(kind, text)?;
        let kc = key_condition::to_key_condition(tree, partition_key, sort_key)?;
        rules::check_key_condition(&kc)?;
        Ok(kc)
    }

    /// Parses a `KeyConditionExpression` whose key attributes are not known
    /// beforehand (a raw table): the partition key is the attribute compared
    /// with `=` (the first one when both are), the sort key the other one.
    ///
    /// ```
    /// use dynorm::expr::{parse::ExpressionParser, KeyCondition, SortOp};
    /// use dynorm::values;
    /// let values = values! { ":p" => "USER#1", ":s" => "ORDER#" };
    /// let names = dynorm::names! {};
    /// let mut p = ExpressionParser::new(&names, &values)?;
    /// let kc = p.key_condition_from_text("begins_with(sk, :s) AND pk = :p")?;
    /// assert_eq!(kc, KeyCondition::partition("pk", "USER#1").sort("sk", SortOp::BeginsWith("ORDER#".into())));
    /// # Ok::<(), dynorm::Error>(())
    /// ```
    pub fn key_condition_from_text(&mut self, text: &str) -> Result<KeyCondition> {
        let kind = ExpressionKind::KeyCondition;
        let tree = self.condition_of(kind, text)?;
        let (pk, sk) = key_condition::key_names_of(&tree);
        let kc = key_condition::to_key_condition(tree, &pk, sk.as_deref())?;
        rules::check_key_condition(&kc)?;
        Ok(kc)
    }

    /// Parses an `UpdateExpression`. Actions keep the text's order.
    pub fn update(&mut self, text: &str) -> Result<Update> {
        let kind = ExpressionKind::Update;
        before(kind, text)?;
        let mut p = Parser::new(text, kind, self);
        let tree = p.update_text()?;
        let deferred = after(kind, rules::update_operators(&tree), p)?;
        // DynamoDB checks the actions from the last to the first: first their
        // target paths, then the rest.
        let paths: Vec<&Path> = tree.actions().iter().map(UpdateAction::path).collect();
        let mut parts = deferred.into_parts();
        for i in (0..parts.len()).rev() {
            parts[i].target()?;
            rules::check_path_against_later(kind, &paths, i)?;
        }
        for (action, errors) in tree.actions().iter().zip(parts).rev() {
            errors.first()?;
            rules::check_update_action(action)?;
        }
        Ok(tree)
    }

    /// Parses a `ProjectionExpression`: paths separated by commas.
    pub fn projection(&mut self, text: &str) -> Result<Vec<Path>> {
        let kind = ExpressionKind::Projection;
        before(kind, text)?;
        let mut p = Parser::new(text, kind, self);
        p.in_target = true;
        p.next_part();
        let mut paths = vec![p.path()?];
        while p.tok() == Tok::Comma {
            p.bump();
            p.next_part();
            paths.push(p.path()?);
        }
        p.expect_end()?;
        let deferred = after(kind, 0, p)?;
        // DynamoDB checks the paths from the last to the first.
        let refs: Vec<&Path> = paths.iter().collect();
        let mut parts = deferred.into_parts();
        for i in (0..parts.len()).rev() {
            parts[i].target()?;
            rules::check_path_against_later(kind, &refs, i)?;
        }
        rules::check_projection(&paths)?;
        Ok(paths)
    }

    /// Checks that every entry of both maps was used by an expression
    /// parsed so far (names first, then values).
    pub fn finish(self) -> Result<()> {
        let mut unused: Vec<&str> = self
            .names
            .keys()
            .map(String::as_str)
            .filter(|k| !self.used_names.contains(k))
            .collect();
        if !unused.is_empty() {
            unused.sort_unstable();
            return Err(rules::unused_names(unused));
        }
        unused = self
            .values
            .keys()
            .map(String::as_str)
            .filter(|k| !self.used_values.contains(k))
            .collect();
        if !unused.is_empty() {
            return Err(rules::unused_values(unused));
        }
        Ok(())
    }
}

/// Parses a `ConditionExpression` that is the only expression of its request.
pub fn condition(
    text: &str,
    names: &HashMap<String, String>,
    values: &HashMap<String, Value>,
) -> Result<Condition> {
    let mut p = ExpressionParser::new(names, values)?;
    let tree = p.condition(text)?;
    p.finish()?;
    Ok(tree)
}

/// Parses a `FilterExpression` that is the only expression of its request.
pub fn filter(
    text: &str,
    names: &HashMap<String, String>,
    values: &HashMap<String, Value>,
) -> Result<Condition> {
    let mut p = ExpressionParser::new(names, values)?;
    let tree = p.filter(text)?;
    p.finish()?;
    Ok(tree)
}

/// Parses a `KeyConditionExpression` that is the only expression of its
/// request, for the given key attributes.
///
/// ```
/// use dynorm::expr::{parse, KeyCondition, SortOp};
/// use dynorm::Value;
/// use std::collections::HashMap;
///
/// let values = HashMap::from([
///     (":c".to_owned(), Value::from("electronics")),
///     (":p".to_owned(), Value::from("PROD#")),
/// ]);
/// let kc = parse::key_condition(
///     "category_id = :c AND begins_with(product_id, :p)",
///     &HashMap::new(),
///     &values,
///     "category_id",
///     Some("product_id"),
/// )?;
/// assert_eq!(
///     kc,
///     KeyCondition::partition("category_id", "electronics")
///         .sort("product_id", SortOp::BeginsWith("PROD#".into()))
/// );
/// # Ok::<(), dynorm::Error>(())
/// ```
pub fn key_condition(
    text: &str,
    names: &HashMap<String, String>,
    values: &HashMap<String, Value>,
    partition_key: &str,
    sort_key: Option<&str>,
) -> Result<KeyCondition> {
    let mut p = ExpressionParser::new(names, values)?;
    let tree = p.key_condition(text, partition_key, sort_key)?;
    p.finish()?;
    Ok(tree)
}

/// Parses an `UpdateExpression` that is the only expression of its request.
///
/// ```
/// use dynorm::expr::{parse, Update};
/// use dynorm::Value;
/// use std::collections::HashMap;
///
/// let values = HashMap::from([(":one".to_owned(), Value::from(1))]);
/// let u = parse::update("SET visits = visits + :one REMOVE draft", &HashMap::new(), &values)?;
/// assert_eq!(u, Update::new().increment("visits", 1).remove("draft"));
/// # Ok::<(), dynorm::Error>(())
/// ```
pub fn update(
    text: &str,
    names: &HashMap<String, String>,
    values: &HashMap<String, Value>,
) -> Result<Update> {
    let mut p = ExpressionParser::new(names, values)?;
    let tree = p.update(text)?;
    p.finish()?;
    Ok(tree)
}

/// Parses a `ProjectionExpression` that is the only expression of its request.
///
/// ```
/// use dynorm::expr::{parse, Path};
/// use std::collections::HashMap;
///
/// let paths = parse::projection("product_id, #n, price", &HashMap::from([("#n".to_owned(), "name".to_owned())]))?;
/// assert_eq!(paths, vec![Path::attr("product_id"), Path::attr("name"), Path::attr("price")]);
/// # Ok::<(), dynorm::Error>(())
/// ```
pub fn projection(text: &str, names: &HashMap<String, String>) -> Result<Vec<Path>> {
    let values = HashMap::new();
    let mut p = ExpressionParser::new(names, &values)?;
    let tree = p.projection(text)?;
    p.finish()?;
    Ok(tree)
}
