//! Items and the values they hold: the 400 KB item size, nesting depth,
//! attribute names, sets.
//!
//! ```
//! use dynorm::rules::item::{self, Violation};
//! use dynorm::Value;
//! assert_eq!(item::check_value(&Value::Ss(vec![])), Err(Violation::EmptySet("string")));
//! assert_eq!(
//!     Violation::TooLarge.to_string(),
//!     "Item size has exceeded the maximum allowed size"
//! );
//! assert_eq!(item::MAX_ITEM_SIZE, 409_600);
//! ```

use crate::value::{Item, PackedItem, Value};
use std::collections::BTreeSet;

/// The largest item DynamoDB stores: 400 KB = 409,600 bytes.
pub const MAX_ITEM_SIZE: usize = 409_600;
/// Maximum nesting depth; the top-level attribute is the first level, so an
/// attribute holds at most 31 levels of nested maps and lists.
pub const MAX_NESTING: usize = 32;
/// Longest attribute name, in bytes.
pub const MAX_ATTRIBUTE_NAME_BYTES: usize = 65_535;

/// A rule on items and values that a request broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// A put item over [`MAX_ITEM_SIZE`].
    #[error("Item size has exceeded the maximum allowed size")]
    TooLarge,
    /// An updated item over [`MAX_ITEM_SIZE`].
    #[error("Item size to update has exceeded the maximum allowed size")]
    UpdateTooLarge,
    /// Maps and lists nested deeper than [`MAX_NESTING`].
    #[error("Nesting Levels have exceeded supported limits")]
    TooDeep,
    /// An empty set of the kind named (`string`, `number`, `binary`), in
    /// DynamoDB's words: "An string set  may not be empty" (two spaces, as
    /// the service writes it) and "Binary sets should not be empty".
    #[error("One or more parameter values were invalid: {}", empty_set(.0))]
    EmptySet(&'static str),
    /// A string or number set holding a member twice (its members as shown).
    #[error(
        "One or more parameter values were invalid: Input collection [{0}] contains duplicates."
    )]
    DuplicateSetMembers(String),
    /// A binary set holding a member twice (its members in base64).
    #[error(
        "One or more parameter values were invalid: Input collection [{0}]of type BS contains duplicates."
    )]
    DuplicateBinarySetMembers(String),
    /// An attribute named by the empty string.
    #[error("One or more parameter values were invalid: An attribute name may not be empty")]
    EmptyAttributeName,
    /// An attribute name over [`MAX_ATTRIBUTE_NAME_BYTES`].
    #[error(
        "One or more parameter values were invalid: Attribute name is too large, must be less than {} bytes",
        MAX_ATTRIBUTE_NAME_BYTES + 1
    )]
    AttributeNameTooLong,
    /// A value of an expression (condition, filter, update) that breaks a value rule.
    #[error("ExpressionAttributeValues contains invalid value: {0}")]
    ExpressionValue(Box<Violation>),
}

super::validation_error!(Violation);

/// Checks one value: no empty or duplicated sets, nesting within
/// [`MAX_NESTING`].
///
/// ```
/// use dynorm::rules::item::{check_value, Violation};
/// use dynorm::Value;
/// assert_eq!(check_value(&Value::from("x")), Ok(()));
/// assert_eq!(
///     check_value(&Value::Ss(vec!["a".into(), "a".into()])),
///     Err(Violation::DuplicateSetMembers("a, a".into()))
/// );
/// ```
pub fn check_value(value: &Value) -> Result<(), Violation> {
    check_value_at(value, 1)
}

fn check_value_at(value: &Value, depth: usize) -> Result<(), Violation> {
    match value {
        Value::M(m) => {
            if depth + 1 > MAX_NESTING {
                return Err(Violation::TooDeep);
            }
            m.iter().try_for_each(|(_, v)| check_value_at(v, depth + 1))
        }
        Value::L(l) => {
            if depth + 1 > MAX_NESTING {
                return Err(Violation::TooDeep);
            }
            l.iter().try_for_each(|v| check_value_at(v, depth + 1))
        }
        Value::Ss(s) => check_set("string", s, |s| s.to_string()),
        Value::Ns(n) => check_set("number", n, |n| n.to_string()),
        Value::Bs(b) => check_set("binary", b, |b| crate::value::bytes::to_base64(b)),
        _ => Ok(()),
    }
}

fn check_set<T: Ord>(
    kind: &'static str,
    members: &[T],
    show: impl Fn(&T) -> String,
) -> Result<(), Violation> {
    if members.is_empty() {
        return Err(Violation::EmptySet(kind));
    }
    let distinct: BTreeSet<&T> = members.iter().collect();
    if distinct.len() != members.len() {
        let shown = members.iter().map(show).collect::<Vec<String>>().join(", ");
        return Err(if kind == "binary" {
            Violation::DuplicateBinarySetMembers(shown)
        } else {
            Violation::DuplicateSetMembers(shown)
        });
    }
    Ok(())
}

/// The text of [`Violation::EmptySet`].
fn empty_set(kind: &str) -> String {
    match kind {
        "binary" => "Binary sets should not be empty".to_owned(),
        kind => format!("An {kind} set  may not be empty"),
    }
}

/// Checks a value used in an expression (condition, filter, update).
///
/// ```
/// use dynorm::rules::item::check_expression_value;
/// use dynorm::Value;
/// let err = check_expression_value(&Value::Ns(vec![])).unwrap_err();
/// assert!(err.to_string().starts_with("ExpressionAttributeValues contains invalid value: "));
/// ```
pub fn check_expression_value(value: &Value) -> Result<(), Violation> {
    check_value(value).map_err(|v| Violation::ExpressionValue(Box::new(v)))
}

/// Checks a top-level attribute name: not empty, at most
/// [`MAX_ATTRIBUTE_NAME_BYTES`].
///
/// ```
/// use dynorm::rules::item::{check_attribute_name, Violation};
/// assert_eq!(check_attribute_name(""), Err(Violation::EmptyAttributeName));
/// assert_eq!(check_attribute_name("name"), Ok(()));
/// ```
pub fn check_attribute_name(name: &str) -> Result<(), Violation> {
    if name.is_empty() {
        return Err(Violation::EmptyAttributeName);
    }
    if name.len() > MAX_ATTRIBUTE_NAME_BYTES {
        return Err(Violation::AttributeNameTooLong);
    }
    Ok(())
}

/// Checks every attribute of an item: names and values.
///
/// ```
/// use dynorm::rules::item::check_attributes;
/// use dynorm::Item;
/// assert_eq!(check_attributes(&Item::new().with("a", 1)), Ok(()));
/// ```
pub fn check_attributes(item: &Item) -> Result<(), Violation> {
    // An item still in its packed form is judged from its buffer; only one
    // that breaks a rule is unpacked, to name what it breaks.
    if let Some(outline) = item.packed_form().and_then(PackedItem::outline) {
        if outline.shortest_name > 0
            && outline.longest_name <= MAX_ATTRIBUTE_NAME_BYTES
            && outline.deepest_container < MAX_NESTING
            && outline.sets_well_formed
        {
            return Ok(());
        }
    }
    for (name, value) in item {
        check_attribute_name(name)?;
        check_value(value)?;
    }
    Ok(())
}

/// DynamoDB's message when a write's condition is false
/// (`ConditionalCheckFailedException`, and a cancelled transaction's reason).
pub const CONDITION_FAILED: &str = "The conditional request failed";

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> Value {
        (1..depth).fold(Value::L(vec![]), |inner, _| {
            Value::M(Item::new().with("x", inner))
        })
    }

    /// A packed item is judged from its buffer exactly as its tree is.
    #[test]
    fn packed_items_are_judged_like_their_trees() {
        let number = |s: &str| -> crate::Number { s.parse().expect("a number") };
        let cases = [
            Item::new(),
            Item::new()
                .with("pk", "a")
                .with("ss", Value::string_set(["a", "b"])),
            Item::new().with("ss", Value::Ss(vec![])),
            Item::new().with("ss", Value::Ss(vec!["a".into(), "a".into()])),
            Item::new().with("ns", Value::Ns(vec![number("1"), number("1.0")])),
            Item::new().with("ns", Value::Ns(vec![number("1"), number("-1")])),
            Item::new().with("bs", Value::Bs(vec![vec![1], vec![1]])),
            Item::new().with("bs", Value::Bs(vec![])),
            Item::new().with(
                "l",
                Value::L(vec![Value::M(Item::new().with("s", Value::Ss(vec![])))]),
            ),
            Item::new().with("", 1),
            Item::new().with("a".repeat(MAX_ATTRIBUTE_NAME_BYTES), 1),
            Item::new().with("a".repeat(MAX_ATTRIBUTE_NAME_BYTES + 1), 1),
            Item::new().with("m", nested(MAX_NESTING - 1)),
            Item::new().with("m", nested(MAX_NESTING)),
            Item::new().with("m", nested(MAX_NESTING + 1)),
        ];
        let mut refused = 0;
        for item in cases {
            let packed = Item::from(PackedItem::pack(&item));
            let verdict = check_attributes(&item);
            refused += usize::from(verdict.is_err());
            assert_eq!(check_attributes(&packed), verdict, "{item:?}");
        }
        assert_eq!(refused, 10, "the cases that break a rule");
    }
}
