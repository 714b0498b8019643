//! Conversion between [`Value`] and `serde_json::Value` (plain JSON, not
//! DynamoDB's typed JSON).
//!
//! To JSON: `S` is a string, `N` a JSON number when that number is exact (an
//! `i64`/`u64`, or an `f64` whose shortest text reads back as the same
//! number) and otherwise a string of its canonical digits, `B` a base64
//! (standard alphabet) string, `BOOL` a boolean, `NULL` null, `M` an object,
//! `L` and the sets arrays.
//!
//! From JSON: null, booleans, numbers (exactly, from their text), strings,
//! arrays (`L`) and objects (`M`).
//!
//! [`Value`]'s and [`Item`]'s own `Serialize` and `Deserialize` give the
//! same JSON through serde_json (`serde_json::to_value(&value)`).

use super::bytes::to_base64;
use super::{CodecError, Item, Number, Value};
use serde_json::Value as Json;

/// An item as a JSON object.
///
/// ```
/// use dynorm::{value::item_to_json, Item};
/// let json = item_to_json(&Item::new().with("id", 7).with("name", "Ada"));
/// assert_eq!(json, serde_json::json!({"id": 7, "name": "Ada"}));
/// ```
pub fn item_to_json(item: &Item) -> Json {
    Json::Object(
        item.iter()
            .map(|(k, v)| (k.clone(), value_to_json(v)))
            .collect(),
    )
}

/// A JSON object as an item; an error for any other JSON value.
///
/// ```
/// use dynorm::{value::item_from_json, Value};
/// let item = item_from_json(serde_json::json!({"id": 7, "tags": ["a"]})).unwrap();
/// assert_eq!(item.get("id"), Some(&Value::from(7)));
/// assert!(item_from_json(serde_json::json!([1])).is_err());
/// ```
pub fn item_from_json(json: Json) -> Result<Item, CodecError> {
    match json {
        Json::Object(map) => map
            .into_iter()
            .map(|(k, v)| match value_from_json(v) {
                Ok(v) => Ok((k, v)),
                Err(e) => Err(e.in_attribute(&k)),
            })
            .collect(),
        other => Err(CodecError::custom(format!(
            "an item must be a JSON object, found {}",
            json_kind(&other)
        ))),
    }
}

/// A value as JSON.
///
/// ```
/// use dynorm::{value::value_to_json, Number, Value};
/// let digits: Number = "12345678901234567890123456789012345678".parse().unwrap();
/// assert_eq!(value_to_json(&Value::N(digits)), serde_json::json!("12345678901234567890123456789012345678"));
/// assert_eq!(value_to_json(&Value::B(vec![1, 2, 3])), serde_json::json!("AQID"));
/// ```
pub fn value_to_json(value: &Value) -> Json {
    match value {
        Value::S(s) => Json::String(s.clone()),
        Value::N(n) => number_to_json(n),
        Value::B(b) => Json::String(to_base64(b)),
        Value::Bool(b) => Json::Bool(*b),
        Value::Null => Json::Null,
        Value::M(m) => item_to_json(m),
        Value::L(l) => Json::Array(l.iter().map(value_to_json).collect()),
        Value::Ss(s) => Json::Array(s.iter().cloned().map(Json::String).collect()),
        Value::Ns(n) => Json::Array(n.iter().map(number_to_json).collect()),
        Value::Bs(b) => Json::Array(b.iter().map(|b| Json::String(to_base64(b))).collect()),
    }
}

/// A number as a JSON number when that is exact, else as a string.
fn number_to_json(n: &Number) -> Json {
    match json_number(n) {
        JsonNumber::I64(v) => Json::from(v),
        JsonNumber::U64(v) => Json::from(v),
        JsonNumber::F64(f) => serde_json::Number::from_f64(f)
            .map_or_else(|| Json::String(n.to_string()), Json::Number),
        JsonNumber::Text => Json::String(n.to_string()),
    }
}

/// How a number appears in JSON (here and through `Value`'s `Serialize`).
pub(super) enum JsonNumber {
    /// An integer that fits an `i64`.
    I64(i64),
    /// A larger integer that fits a `u64`.
    U64(u64),
    /// A float whose shortest text reads back as exactly this number.
    F64(f64),
    /// Anything else, written as its canonical text (a JSON string).
    Text,
}

/// The JSON form of a number: a JSON number when that is exact, else text.
pub(super) fn json_number(n: &Number) -> JsonNumber {
    if n.is_integer() {
        if let Ok(v) = n.to_i64() {
            return JsonNumber::I64(v);
        }
        if let Ok(v) = n.to_u64() {
            return JsonNumber::U64(v);
        }
    }
    match n.to_f64() {
        Ok(f) if Number::try_from(f).as_ref() == Ok(n) => JsonNumber::F64(f),
        _ => JsonNumber::Text,
    }
}

/// JSON as a value; an error for a number DynamoDB cannot hold.
///
/// ```
/// use dynorm::{value::value_from_json, Value};
/// assert_eq!(value_from_json(serde_json::json!(1.5)).unwrap(), Value::N("1.5".parse().unwrap()));
/// assert_eq!(value_from_json(serde_json::json!(null)).unwrap(), Value::Null);
/// ```
pub fn value_from_json(json: Json) -> Result<Value, CodecError> {
    Ok(match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(b),
        Json::Number(n) => Value::N(
            n.to_string()
                .parse::<Number>()
                .map_err(CodecError::custom)?,
        ),
        Json::String(s) => Value::S(s),
        Json::Array(a) => Value::L(
            a.into_iter()
                .enumerate()
                .map(|(i, v)| value_from_json(v).map_err(|e| e.in_attribute(&format!("[{i}]"))))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(_) => Value::M(item_from_json(json)?),
    })
}

fn json_kind(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_every_type() {
        let item = Item::new()
            .with("s", "text")
            .with("n", 42)
            .with("neg", -7)
            .with("f", Value::N("0.1".parse().unwrap_or_default()))
            .with("big", u64::MAX)
            .with("b", Value::B(vec![0, 255]))
            .with("t", true)
            .with("null", Value::Null)
            .with("m", Item::new().with("x", 1))
            .with("l", vec![Value::from("a"), Value::from(2)]);
        let json = item_to_json(&item);
        assert_eq!(
            json,
            json!({
                "s": "text", "n": 42, "neg": -7, "f": 0.1, "big": u64::MAX,
                "b": "AP8=", "t": true, "null": null, "m": {"x": 1}, "l": ["a", 2]
            })
        );
        let back = item_from_json(json).ok();
        // B comes back as its base64 text: JSON has no binary type.
        let mut expected = item;
        expected.insert("b", "AP8=");
        assert_eq!(back, Some(expected));
    }

    #[test]
    fn inexact_numbers_become_strings() {
        let n: Number = "0.12345678901234567890123".parse().unwrap_or_default();
        assert_eq!(
            value_to_json(&Value::N(n)),
            json!("0.12345678901234567890123")
        );
        let big: Number = "1e30".parse().unwrap_or_default();
        assert_eq!(value_to_json(&Value::N(big)), json!(1e30));
        assert_eq!(value_to_json(&Value::number_set([1, 2])), json!([1, 2]));
        assert_eq!(value_to_json(&Value::string_set(["a"])), json!(["a"]));
        assert_eq!(
            value_to_json(&Value::binary_set([vec![1u8]])),
            json!(["AQ=="])
        );
    }

    #[test]
    fn rejects_non_objects_and_bad_numbers() {
        assert!(item_from_json(json!("x")).is_err());
        let err = item_from_json(json!({"n": 1e300})).err();
        assert_eq!(err.and_then(|e| e.attribute), Some("n".to_owned()));
    }
}
