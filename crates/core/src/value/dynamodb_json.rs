//! DynamoDB's typed JSON (`{"S": "a"}`, `{"N": "1.5"}`, `{"B": "AQID"}`,
//! `{"M": {...}}`...) to and from [`Value`] and [`Item`].
//!
//! This is the attribute value encoding of DynamoDB's wire protocol and of
//! the AWS CLI: each value is an object with exactly one member, named by
//! its type descriptor. Numbers travel as text (read exactly, written in
//! plain decimal notation), binary values as base64 (standard alphabet,
//! padded). Sets are read as they are sent, empty or with duplicates, so
//! that the store that receives them answers as DynamoDB does.

use super::bytes::to_base64;
use super::{Item, Number, NumberError, Value};
use base64::Engine as _;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as Json;

/// Why a JSON value is not a DynamoDB attribute value.
///
/// DynamoDB answers the first kind with `SerializationException` (the JSON
/// has the wrong shape) and the second with `ValidationException` (the
/// shape is right, the value is not); the messages are DynamoDB's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DynamoDbJsonError {
    /// The JSON has the wrong shape (a string where an object belongs...).
    #[error("{0}")]
    Serialization(String),
    /// Well-formed, but not a valid attribute value.
    #[error("{0}")]
    Validation(String),
}

impl DynamoDbJsonError {
    /// The message, as DynamoDB words it.
    ///
    /// ```
    /// use dynorm::value::value_from_dynamodb_json;
    /// let err = value_from_dynamodb_json(&serde_json::json!({})).unwrap_err();
    /// assert!(err.message().starts_with("Supplied AttributeValue is empty"));
    /// ```
    pub fn message(&self) -> &str {
        match self {
            DynamoDbJsonError::Serialization(m) | DynamoDbJsonError::Validation(m) => m,
        }
    }
}

fn validation(message: impl Into<String>) -> DynamoDbJsonError {
    DynamoDbJsonError::Validation(message.into())
}

fn shape(expected: &str, found: &Json) -> DynamoDbJsonError {
    let kind = match found {
        Json::Null => "NULL_VALUE",
        Json::Bool(_) => "BOOLEAN_VALUE",
        Json::Number(_) => "NUMBER_VALUE",
        Json::String(_) => "STRING_VALUE",
        Json::Array(_) => "START_ARRAY",
        Json::Object(_) => "START_OBJECT",
    };
    DynamoDbJsonError::Serialization(format!("{kind} can not be converted to {expected}"))
}

/// A value as DynamoDB JSON.
///
/// ```
/// use dynorm::value::value_to_dynamodb_json;
/// use dynorm::Value;
/// assert_eq!(value_to_dynamodb_json(&Value::try_from(1.5).unwrap()), serde_json::json!({"N": "1.5"}));
/// assert_eq!(value_to_dynamodb_json(&Value::B(vec![1, 2, 3])), serde_json::json!({"B": "AQID"}));
/// ```
pub fn value_to_dynamodb_json(value: &Value) -> Json {
    tree(&ValueJson(value))
}

/// An item as a DynamoDB JSON attribute map.
///
/// ```
/// use dynorm::value::item_to_dynamodb_json;
/// use dynorm::Item;
/// let json = item_to_dynamodb_json(&Item::new().with("pk", "a").with("n", 7));
/// assert_eq!(json, serde_json::json!({"pk": {"S": "a"}, "n": {"N": "7"}}));
/// ```
pub fn item_to_dynamodb_json(item: &Item) -> Json {
    tree(&ItemJson(item))
}

/// The JSON tree of one of the writers below.
fn tree(writer: &impl Serialize) -> Json {
    // serde_json fails only on map keys that are not strings, and every
    // key these writers write is a string.
    serde_json::to_value(writer).unwrap_or(Json::Null)
}

/// A [`Value`] written as DynamoDB JSON by any serde serializer, without a
/// JSON tree in between: what an answer of many items is written with.
///
/// ```
/// use dynorm::value::ValueJson;
/// use dynorm::Value;
/// let set = Value::Ss(vec!["a".into(), "b".into()]);
/// assert_eq!(serde_json::to_string(&ValueJson(&set)).unwrap(), r#"{"SS":["a","b"]}"#);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ValueJson<'a>(pub &'a Value);

/// An [`Item`] written as a DynamoDB JSON attribute map by any serde
/// serializer (see [`ValueJson`]).
///
/// ```
/// use dynorm::value::ItemJson;
/// use dynorm::Item;
/// let item = Item::new().with("pk", "a").with("n", 7);
/// assert_eq!(serde_json::to_string(&ItemJson(&item)).unwrap(), r#"{"n":{"N":"7"},"pk":{"S":"a"}}"#);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ItemJson<'a>(pub &'a Item);

impl Serialize for ItemJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, ValueJson(v))))
    }
}

/// Binary as DynamoDB JSON writes it: base64, standard alphabet, padded.
struct Base64<'a>(&'a [u8]);

impl Serialize for Base64<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&to_base64(self.0))
    }
}

/// The members of a list or a set, each written by `write`.
struct Members<'a, T, W>(&'a [T], fn(&'a T) -> W);

impl<'a, T, W: Serialize> Serialize for Members<'a, T, W> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self.0 {
            Value::S(s) => map.serialize_entry("S", s)?,
            Value::N(n) => map.serialize_entry("N", &Text(n))?,
            Value::B(b) => map.serialize_entry("B", &Base64(b))?,
            Value::Bool(b) => map.serialize_entry("BOOL", b)?,
            Value::Null => map.serialize_entry("NULL", &true)?,
            Value::M(m) => map.serialize_entry("M", &ItemJson(m))?,
            Value::L(l) => map.serialize_entry("L", &Members(l, ValueJson))?,
            Value::Ss(s) => map.serialize_entry("SS", s)?,
            Value::Ns(n) => map.serialize_entry("NS", &Members(n, Text))?,
            Value::Bs(b) => map.serialize_entry("BS", &Members(b, |b| Base64(b)))?,
        }
        map.end()
    }
}

/// A number as text (DynamoDB JSON carries numbers as strings).
struct Text<'a>(&'a Number);

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// A DynamoDB JSON attribute map as an item.
///
/// ```
/// use dynorm::value::item_from_dynamodb_json;
/// use dynorm::Value;
/// let item = item_from_dynamodb_json(&serde_json::json!({"pk": {"S": "a"}})).unwrap();
/// assert_eq!(item.get("pk"), Some(&Value::from("a")));
/// assert!(item_from_dynamodb_json(&serde_json::json!(["a"])).is_err());
/// ```
pub fn item_from_dynamodb_json(json: &Json) -> Result<Item, DynamoDbJsonError> {
    let Json::Object(map) = json else {
        return Err(shape("Map", json));
    };
    map.iter()
        .map(|(k, v)| Ok((k.clone(), value_from_dynamodb_json(v)?)))
        .collect()
}

/// A DynamoDB JSON attribute value as a [`Value`].
///
/// ```
/// use dynorm::value::{value_from_dynamodb_json, DynamoDbJsonError};
/// use dynorm::Value;
/// let v = value_from_dynamodb_json(&serde_json::json!({"SS": ["a", "b"]})).unwrap();
/// assert_eq!(v, Value::Ss(vec!["a".into(), "b".into()]));
/// let err = value_from_dynamodb_json(&serde_json::json!({"N": "x"})).unwrap_err();
/// assert!(matches!(err, DynamoDbJsonError::Validation(_)));
/// ```
pub fn value_from_dynamodb_json(json: &Json) -> Result<Value, DynamoDbJsonError> {
    let Json::Object(map) = json else {
        return Err(shape("AttributeValue", json));
    };
    let mut found = None;
    for (tag, body) in map {
        if body.is_null() {
            continue;
        }
        if found.is_some() {
            return Err(validation(
                "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
            ));
        }
        found = Some((tag.as_str(), body));
    }
    let Some((tag, body)) = found else {
        return Err(empty());
    };
    Ok(match tag {
        "S" => Value::S(string(body, "String")?),
        "N" => Value::N(number(&string(body, "String")?)?),
        "B" => Value::B(binary(body)?),
        "BOOL" => match body {
            Json::Bool(b) => Value::Bool(*b),
            other => return Err(shape("Boolean", other)),
        },
        "NULL" => match body {
            Json::Bool(true) => Value::Null,
            Json::Bool(false) => {
                return Err(validation(
                    "One or more parameter values were invalid: Null attribute value types must have the value of true",
                ))
            }
            other => return Err(shape("Boolean", other)),
        },
        "M" => Value::M(item_from_dynamodb_json(body)?),
        "L" => Value::L(
            array(body)?
                .iter()
                .map(value_from_dynamodb_json)
                .collect::<Result<_, _>>()?,
        ),
        "SS" => Value::Ss(
            array(body)?
                .iter()
                .map(|s| string(s, "String"))
                .collect::<Result<_, _>>()?,
        ),
        "NS" => Value::Ns(
            array(body)?
                .iter()
                .map(|s| number(&string(s, "String")?))
                .collect::<Result<_, _>>()?,
        ),
        "BS" => Value::Bs(array(body)?.iter().map(binary).collect::<Result<_, _>>()?),
        _ => return Err(empty()),
    })
}

fn empty() -> DynamoDbJsonError {
    validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    )
}

fn string(json: &Json, expected: &str) -> Result<String, DynamoDbJsonError> {
    match json {
        Json::String(s) => Ok(s.clone()),
        other => Err(shape(expected, other)),
    }
}

fn array(json: &Json) -> Result<&Vec<Json>, DynamoDbJsonError> {
    match json {
        Json::Array(a) => Ok(a),
        other => Err(shape("List", other)),
    }
}

fn binary(json: &Json) -> Result<Vec<u8>, DynamoDbJsonError> {
    let text = string(json, "Blob")?;
    base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(|e| DynamoDbJsonError::Serialization(format!("Base64 decoding failed: {e}")))
}

fn number(text: &str) -> Result<Number, DynamoDbJsonError> {
    text.parse::<Number>().map_err(|e| match e {
        NumberError::Invalid(_) | NumberError::NotFinite(_) => {
            validation("A value provided cannot be converted into a number")
        }
        other => validation(other.to_string()),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_type_round_trips() {
        let item = Item::new()
            .with("s", "text")
            .with("n", Value::N("-12.500".parse().unwrap()))
            .with("b", Value::B(vec![0, 255]))
            .with("t", true)
            .with("z", Value::Null)
            .with("m", Value::M(Item::new().with("x", 1)))
            .with("l", Value::L(vec![Value::from("a"), Value::from(2)]))
            .with("ss", Value::Ss(vec!["a".into(), "b".into()]))
            .with("ns", Value::Ns(vec!["1".parse().unwrap()]))
            .with("bs", Value::Bs(vec![vec![1]]));
        let json = item_to_dynamodb_json(&item);
        assert_eq!(json["n"], json!({"N": "-12.5"}));
        assert_eq!(json["z"], json!({"NULL": true}));
        assert_eq!(json["bs"], json!({"BS": ["AQ=="]}));
        assert_eq!(item_from_dynamodb_json(&json).unwrap(), item);
    }

    #[test]
    fn numbers_keep_every_digit() {
        let digits = "12345678901234567890123456789012345678";
        let v = value_from_dynamodb_json(&json!({ "N": digits })).unwrap();
        assert_eq!(value_to_dynamodb_json(&v), json!({ "N": digits }));
    }

    #[test]
    fn errors_are_dynamodbs() {
        let err = |j: Json| value_from_dynamodb_json(&j).unwrap_err();
        assert!(matches!(
            err(json!({"S": 1})),
            DynamoDbJsonError::Serialization(_)
        ));
        assert!(err(json!({"S": "a", "N": "1"}))
            .message()
            .contains("more than one datatypes"));
        assert!(err(json!({"X": "a"})).message().contains("is empty"));
        assert!(err(json!({"NULL": false}))
            .message()
            .contains("value of true"));
        assert_eq!(
            err(json!({"N": "1e200"})).message(),
            NumberError::Overflow.to_string()
        );
        assert!(matches!(
            err(json!({"B": "%%"})),
            DynamoDbJsonError::Serialization(_)
        ));
        // Sets are kept as sent: the store rejects empty and duplicated ones.
        assert_eq!(
            value_from_dynamodb_json(&json!({"SS": ["a", "a"]})).unwrap(),
            Value::Ss(vec!["a".into(), "a".into()])
        );
    }
}
