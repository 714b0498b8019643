//! Conversion between dynorm's [`Value`]/[`Item`] and the SDK's
//! [`AttributeValue`] and attribute maps.
//!
//! Nothing is lost either way: numbers travel as their canonical text (all 38
//! digits), binaries as raw bytes, sets and nesting as they are. Conversions
//! that take their input by value move strings and byte buffers instead of
//! copying them.
//!
//! ```
//! use dynorm::{Item, Value};
//! use dynorm_dynamodb::convert;
//!
//! let item = Item::new().with("pk", "USER#1").with("tags", Value::string_set(["a", "b"]));
//! let attrs = convert::item_to_attrs(&item);
//! assert_eq!(convert::attrs_into_item(attrs).unwrap(), item);
//! ```

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use dynorm::expr::render::Placeholders;
use dynorm::{CodecError, Item, Number, Value};
use std::collections::{BTreeMap, HashMap};

/// An SDK attribute map: what DynamoDB sends and receives as an item.
pub type AttrMap = HashMap<String, AttributeValue>;

/// Converts a value, copying its contents.
pub fn value_to_attr(value: &Value) -> AttributeValue {
    match value {
        Value::S(s) => AttributeValue::S(s.clone()),
        Value::N(n) => AttributeValue::N(n.to_string()),
        Value::B(b) => AttributeValue::B(Blob::new(b.clone())),
        Value::Bool(b) => AttributeValue::Bool(*b),
        Value::Null => AttributeValue::Null(true),
        Value::M(m) => AttributeValue::M(item_to_attrs(m)),
        Value::L(l) => AttributeValue::L(l.iter().map(value_to_attr).collect()),
        Value::Ss(s) => AttributeValue::Ss(s.clone()),
        Value::Ns(n) => AttributeValue::Ns(n.iter().map(Number::to_string).collect()),
        Value::Bs(b) => AttributeValue::Bs(b.iter().map(|b| Blob::new(b.clone())).collect()),
    }
}

/// Converts a value, moving its strings and buffers.
pub fn value_into_attr(value: Value) -> AttributeValue {
    match value {
        Value::S(s) => AttributeValue::S(s),
        Value::N(n) => AttributeValue::N(n.to_string()),
        Value::B(b) => AttributeValue::B(Blob::new(b)),
        Value::Bool(b) => AttributeValue::Bool(b),
        Value::Null => AttributeValue::Null(true),
        Value::M(m) => AttributeValue::M(item_into_attrs(m)),
        Value::L(l) => AttributeValue::L(l.into_iter().map(value_into_attr).collect()),
        Value::Ss(s) => AttributeValue::Ss(s),
        Value::Ns(n) => AttributeValue::Ns(n.iter().map(Number::to_string).collect()),
        Value::Bs(b) => AttributeValue::Bs(b.into_iter().map(Blob::new).collect()),
    }
}

/// The `ExpressionAttributeNames` and `ExpressionAttributeValues` of rendered
/// expressions, each `None` when empty (DynamoDB rejects empty maps).
///
/// ```
/// use dynorm::expr::{attr, render};
/// use dynorm_dynamodb::convert::expression_maps;
///
/// let mut p = render::Placeholders::new();
/// render::condition(&attr("a").eq(1), &mut p).unwrap();
/// let (names, values) = expression_maps(p);
/// assert_eq!(names.unwrap()["#n0"], "a");
/// assert!(values.unwrap()[":v0"].is_n());
/// ```
pub fn expression_maps(
    placeholders: Placeholders,
) -> (Option<HashMap<String, String>>, Option<AttrMap>) {
    let (names, values) = placeholders.into_maps();
    (names, expression_values(values))
}

/// Rendered `ExpressionAttributeValues` as the SDK's attribute map.
///
/// ```
/// use dynorm::{values, Value};
/// use dynorm_dynamodb::convert::expression_values;
/// let attrs = expression_values(Some(values! { ":v0" => 1 })).unwrap();
/// assert!(attrs[":v0"].is_n());
/// assert!(expression_values(None).is_none());
/// ```
pub fn expression_values(values: Option<HashMap<String, Value>>) -> Option<AttrMap> {
    values.map(|v| {
        v.into_iter()
            .map(|(k, v)| (k, value_into_attr(v)))
            .collect()
    })
}

/// Converts an item, copying its contents.
pub fn item_to_attrs(item: &Item) -> AttrMap {
    let mut map = HashMap::with_capacity(item.len());
    for (name, value) in item {
        map.insert(name.clone(), value_to_attr(value));
    }
    map
}

/// Converts an item, moving its names and values.
pub fn item_into_attrs(item: Item) -> AttrMap {
    let mut map = HashMap::with_capacity(item.len());
    for (name, value) in item {
        map.insert(name, value_into_attr(value));
    }
    map
}

fn parse_number(text: &str) -> Result<Number, CodecError> {
    text.parse::<Number>().map_err(|e| {
        CodecError::custom(format!(
            "DynamoDB sent the number `{text}`, which dynorm cannot read: {e}"
        ))
    })
}

fn unsupported(attr: &AttributeValue) -> CodecError {
    CodecError::custom(format!(
        "DynamoDB sent an attribute value of a type dynorm does not know: {attr:?}"
    ))
}

/// Converts an SDK value, copying its contents.
///
/// Fails on numbers that are not DynamoDB numbers and on value types this SDK
/// version does not know.
pub fn attr_to_value(attr: &AttributeValue) -> Result<Value, CodecError> {
    Ok(match attr {
        AttributeValue::S(s) => Value::S(s.clone()),
        AttributeValue::N(n) => Value::N(parse_number(n)?),
        AttributeValue::B(b) => Value::B(b.as_ref().to_vec()),
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::M(m) => Value::M(attrs_to_item(m)?),
        AttributeValue::L(l) => Value::L(
            l.iter()
                .enumerate()
                .map(|(i, v)| attr_to_value(v).map_err(|e| e.in_attribute(&format!("[{i}]"))))
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::Ss(s) => Value::Ss(s.clone()),
        AttributeValue::Ns(n) => Value::Ns(
            n.iter()
                .map(|n| parse_number(n))
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::Bs(b) => Value::Bs(b.iter().map(|b| b.as_ref().to_vec()).collect()),
        other => return Err(unsupported(other)),
    })
}

/// Converts an SDK value, moving its strings and buffers.
pub fn attr_into_value(attr: AttributeValue) -> Result<Value, CodecError> {
    Ok(match attr {
        AttributeValue::S(s) => Value::S(s),
        AttributeValue::N(n) => Value::N(parse_number(&n)?),
        AttributeValue::B(b) => Value::B(b.into_inner()),
        AttributeValue::Bool(b) => Value::Bool(b),
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::M(m) => Value::M(attrs_into_item(m)?),
        AttributeValue::L(l) => {
            let mut out = Vec::with_capacity(l.len());
            for (i, v) in l.into_iter().enumerate() {
                out.push(attr_into_value(v).map_err(|e| e.in_attribute(&format!("[{i}]")))?);
            }
            Value::L(out)
        }
        AttributeValue::Ss(s) => Value::Ss(s),
        AttributeValue::Ns(n) => Value::Ns(
            n.iter()
                .map(|n| parse_number(n))
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::Bs(b) => Value::Bs(b.into_iter().map(Blob::into_inner).collect()),
        other => return Err(unsupported(&other)),
    })
}

/// Converts an SDK attribute map, copying its contents.
pub fn attrs_to_item(attrs: &AttrMap) -> Result<Item, CodecError> {
    let mut map = BTreeMap::new();
    for (name, attr) in attrs {
        map.insert(
            name.clone(),
            attr_to_value(attr).map_err(|e| e.in_attribute(name))?,
        );
    }
    Ok(Item::from(map))
}

/// Converts an SDK attribute map, moving its names and values.
pub fn attrs_into_item(attrs: AttrMap) -> Result<Item, CodecError> {
    let mut map = BTreeMap::new();
    for (name, attr) in attrs {
        let value = attr_into_value(attr).map_err(|e| e.in_attribute(&name))?;
        map.insert(name, value);
    }
    Ok(Item::from(map))
}

/// Converts an optional SDK attribute map.
pub fn opt_attrs_into_item(attrs: Option<AttrMap>) -> Result<Option<Item>, CodecError> {
    attrs.map(attrs_into_item).transpose()
}

/// Converts a list of SDK attribute maps.
pub fn attrs_list_into_items(list: Vec<AttrMap>) -> Result<Vec<Item>, CodecError> {
    let mut out = Vec::with_capacity(list.len());
    for attrs in list {
        out.push(attrs_into_item(attrs)?);
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn every_type() -> Item {
        Item::new()
            .with("s", "text")
            .with("empty_s", "")
            .with("n", 42)
            .with(
                "n38",
                Value::N("12345678901234567890123456789012345678".parse().unwrap()),
            )
            .with(
                "n_frac",
                Value::N("-0.00000000000000000000000000000000000123".parse().unwrap()),
            )
            .with("b", Value::B(vec![0, 1, 2, 255]))
            .with("bool", true)
            .with("null", Value::Null)
            .with(
                "m",
                Item::new().with("inner", "x").with(
                    "deep",
                    Item::new().with("l", vec![Value::from(1), Value::from("two")]),
                ),
            )
            .with("l", vec![Value::Null, Value::Bool(false), Value::B(vec![])])
            .with("ss", Value::string_set(["a", "b"]))
            .with("ns", Value::number_set([1, 2, 3]))
            .with("bs", Value::binary_set([vec![1u8], vec![2u8, 3u8]]))
    }

    #[test]
    fn round_trips_every_type_by_reference() {
        let item = every_type();
        let attrs = item_to_attrs(&item);
        assert_eq!(attrs.len(), item.len());
        assert_eq!(attrs_to_item(&attrs).unwrap(), item);
    }

    #[test]
    fn round_trips_every_type_by_value() {
        let item = every_type();
        let attrs = item_into_attrs(item.clone());
        assert_eq!(attrs_into_item(attrs).unwrap(), item);
    }

    #[test]
    fn wire_shapes_are_dynamodbs() {
        let attrs = item_to_attrs(&every_type());
        assert_eq!(attrs["s"], AttributeValue::S("text".into()));
        assert_eq!(
            attrs["n38"],
            AttributeValue::N("12345678901234567890123456789012345678".into())
        );
        assert_eq!(attrs["null"], AttributeValue::Null(true));
        assert_eq!(attrs["b"], AttributeValue::B(Blob::new(vec![0, 1, 2, 255])));
        assert_eq!(
            attrs["ns"],
            AttributeValue::Ns(vec!["1".into(), "2".into(), "3".into()])
        );
        match &attrs["m"] {
            AttributeValue::M(m) => assert!(matches!(m["deep"], AttributeValue::M(_))),
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn thirty_eight_digit_numbers_keep_every_digit() {
        let text = "99999999999999999999999999999999999999";
        let value = attr_into_value(AttributeValue::N(text.into())).unwrap();
        match &value {
            Value::N(n) => assert_eq!(n.to_string(), text),
            other => panic!("not a number: {other:?}"),
        }
        assert_eq!(value_into_attr(value), AttributeValue::N(text.into()));
    }

    #[test]
    fn a_number_dynamodb_would_not_send_is_a_codec_error_naming_the_path() {
        let err = attr_to_value(&AttributeValue::N("not a number".into())).unwrap_err();
        assert!(err.message.contains("not a number"), "{err}");
        let mut attrs = AttrMap::new();
        attrs.insert(
            "outer".into(),
            AttributeValue::L(vec![
                AttributeValue::S("ok".into()),
                AttributeValue::N("1e999".into()),
            ]),
        );
        let err = attrs_into_item(attrs.clone()).unwrap_err();
        assert_eq!(err.attribute.as_deref(), Some("outer[1]"));
        let err = attrs_to_item(&attrs).unwrap_err();
        assert_eq!(err.attribute.as_deref(), Some("outer[1]"));
    }

    #[test]
    fn numbers_arrive_normalised() {
        let v = attr_into_value(AttributeValue::N("00042.500".into())).unwrap();
        assert_eq!(value_into_attr(v), AttributeValue::N("42.5".into()));
    }
}
