//! Conversion between [`Value`] and DynamoDB's typed JSON, the form the
//! service's wire protocol, the AWS CLI and table exports use: every value an
//! object of one type descriptor, `{"S": "text"}`, `{"N": "42"}`,
//! `{"B": "AQID"}`, `{"BOOL": true}`, `{"NULL": true}`, `{"M": {..}}`,
//! `{"L": [..]}`, `{"SS": [..]}`, `{"NS": ["1"]}`, `{"BS": ["AQ=="]}`.
//!
//! Numbers are text (all 38 digits kept, canonical form on output) and
//! binary is base64 (standard alphabet, padded). Reading is strict: one
//! descriptor per value, the JSON type the descriptor asks for, numbers
//! DynamoDB can hold, valid base64, `NULL` true. Set members keep their
//! order; empty and duplicate sets are left to the backends, which reject
//! them as DynamoDB does.
//!
//! For plain JSON (`{"id": 7}`) see [`item_to_json`](super::item_to_json).

use super::bytes::{from_base64, to_base64};
use super::{CodecError, Item, Number, Value, ValueType};
use serde_json::{Map, Value as Json};

/// An item in DynamoDB JSON: an object of attribute name to typed value.
///
/// ```
/// use dynorm::{value::item_to_dynamodb_json, Item};
/// let json = item_to_dynamodb_json(&Item::new().with("id", 7).with("name", "Ada"));
/// assert_eq!(json, serde_json::json!({"id": {"N": "7"}, "name": {"S": "Ada"}}));
/// ```
pub fn item_to_dynamodb_json(item: &Item) -> Json {
    Json::Object(
        item.iter()
            .map(|(k, v)| (k.clone(), value_to_dynamodb_json(v)))
            .collect(),
    )
}

/// A value in DynamoDB JSON.
///
/// ```
/// use dynorm::{value::value_to_dynamodb_json, Value};
/// assert_eq!(value_to_dynamodb_json(&Value::B(vec![1, 2, 3])), serde_json::json!({"B": "AQID"}));
/// assert_eq!(value_to_dynamodb_json(&Value::number_set([1, 2])), serde_json::json!({"NS": ["1", "2"]}));
/// assert_eq!(value_to_dynamodb_json(&Value::Null), serde_json::json!({"NULL": true}));
/// ```
pub fn value_to_dynamodb_json(value: &Value) -> Json {
    let content = match value {
        Value::S(s) => Json::String(s.clone()),
        Value::N(n) => Json::String(n.to_string()),
        Value::B(b) => Json::String(to_base64(b)),
        Value::Bool(b) => Json::Bool(*b),
        Value::Null => Json::Bool(true),
        Value::M(m) => item_to_dynamodb_json(m),
        Value::L(l) => Json::Array(l.iter().map(value_to_dynamodb_json).collect()),
        Value::Ss(s) => Json::Array(s.iter().cloned().map(Json::String).collect()),
        Value::Ns(n) => Json::Array(n.iter().map(|n| Json::String(n.to_string())).collect()),
        Value::Bs(b) => Json::Array(b.iter().map(|b| Json::String(to_base64(b))).collect()),
    };
    let mut typed = Map::with_capacity(1);
    typed.insert(value.value_type().as_str().to_owned(), content);
    Json::Object(typed)
}

/// A DynamoDB JSON object as an item; a [`CodecError`] naming the attribute
/// for anything that is not DynamoDB JSON.
///
/// ```
/// use dynorm::{value::item_from_dynamodb_json, Value};
/// use serde_json::json;
/// let item = item_from_dynamodb_json(json!({"id": {"N": "7"}, "tags": {"SS": ["a"]}})).unwrap();
/// assert_eq!(item.get("id"), Some(&Value::from(7)));
/// assert_eq!(item.get("tags"), Some(&Value::string_set(["a"])));
/// let err = item_from_dynamodb_json(json!({"id": 7})).unwrap_err();
/// assert_eq!(err.attribute.as_deref(), Some("id"));
/// ```
pub fn item_from_dynamodb_json(json: Json) -> Result<Item, CodecError> {
    match json {
        Json::Object(map) => attributes(map),
        other => Err(CodecError::custom(format!(
            "an item must be a JSON object, found {}",
            kind(&other)
        ))),
    }
}

/// A DynamoDB JSON value (`{"S": "text"}`) as a [`Value`].
///
/// ```
/// use dynorm::{value::value_from_dynamodb_json, Number, Value};
/// use serde_json::json;
/// let n = value_from_dynamodb_json(json!({"N": "12345678901234567890123456789012345678"})).unwrap();
/// assert_eq!(n.as_number().map(Number::to_string).as_deref(), Some("12345678901234567890123456789012345678"));
/// assert_eq!(value_from_dynamodb_json(json!({"L": [{"BOOL": true}]})).unwrap(), Value::L(vec![Value::Bool(true)]));
/// assert!(value_from_dynamodb_json(json!({"N": 1})).is_err());
/// assert!(value_from_dynamodb_json(json!({"S": "a", "N": "1"})).is_err());
/// ```
pub fn value_from_dynamodb_json(json: Json) -> Result<Value, CodecError> {
    let Json::Object(map) = json else {
        return Err(CodecError::custom(format!(
            "a DynamoDB JSON value must be an object of one type descriptor, found {}",
            kind(&json)
        )));
    };
    if map.len() != 1 {
        let names: Vec<&str> = map.keys().map(String::as_str).collect();
        return Err(CodecError::custom(format!(
            "a DynamoDB JSON value must have exactly one type descriptor, found {} ({})",
            map.len(),
            names.join(", ")
        )));
    }
    let Some((descriptor, content)) = map.into_iter().next() else {
        return Err(CodecError::custom("a DynamoDB JSON value has no type"));
    };
    let Some(value_type) = ValueType::parse(&descriptor) else {
        return Err(CodecError::custom(format!(
            "unknown type descriptor `{descriptor}` (expected S, N, B, BOOL, NULL, M, L, SS, NS or BS)"
        )));
    };
    typed(value_type, content)
}

fn attributes(map: Map<String, Json>) -> Result<Item, CodecError> {
    map.into_iter()
        .map(|(k, v)| match value_from_dynamodb_json(v) {
            Ok(v) => Ok((k, v)),
            Err(e) => Err(e.in_attribute(&k)),
        })
        .collect()
}

/// The content of one descriptor as a value.
fn typed(value_type: ValueType, content: Json) -> Result<Value, CodecError> {
    let wrong = |expected: &str, found: &Json| {
        CodecError::custom(format!(
            "{} must hold {expected}, found {}",
            value_type.as_str(),
            kind(found)
        ))
    };
    Ok(match (value_type, content) {
        (ValueType::S, Json::String(s)) => Value::S(s),
        (ValueType::N, Json::String(s)) => Value::N(number(&s)?),
        (ValueType::B, Json::String(s)) => Value::B(from_base64(&s).map_err(CodecError::custom)?),
        (ValueType::Bool, Json::Bool(b)) => Value::Bool(b),
        (ValueType::Null, Json::Bool(true)) => Value::Null,
        (ValueType::Null, Json::Bool(false)) => {
            return Err(CodecError::custom("NULL must be true"))
        }
        (ValueType::M, Json::Object(map)) => Value::M(attributes(map)?),
        (ValueType::L, Json::Array(list)) => Value::L(
            list.into_iter()
                .enumerate()
                .map(|(i, v)| {
                    value_from_dynamodb_json(v).map_err(|e| e.in_attribute(&format!("[{i}]")))
                })
                .collect::<Result<_, _>>()?,
        ),
        (ValueType::Ss, Json::Array(list)) => Value::Ss(members(list, |s| Ok(s.to_owned()))?),
        (ValueType::Ns, Json::Array(list)) => Value::Ns(members(list, number)?),
        (ValueType::Bs, Json::Array(list)) => Value::Bs(members(list, |s| {
            from_base64(s).map_err(CodecError::custom)
        })?),
        (ValueType::S | ValueType::N | ValueType::B, other) => {
            return Err(wrong("a string", &other))
        }
        (ValueType::Bool | ValueType::Null, other) => return Err(wrong("a boolean", &other)),
        (ValueType::M, other) => return Err(wrong("an object", &other)),
        (ValueType::L | ValueType::Ss | ValueType::Ns | ValueType::Bs, other) => {
            return Err(wrong("an array", &other))
        }
    })
}

fn number(text: &str) -> Result<Number, CodecError> {
    text.parse::<Number>().map_err(CodecError::custom)
}

/// The members of a set: strings, each read by `read`.
fn members<T>(
    list: Vec<Json>,
    read: impl Fn(&str) -> Result<T, CodecError>,
) -> Result<Vec<T>, CodecError> {
    list.iter()
        .enumerate()
        .map(|(i, member)| {
            let at = format!("[{i}]");
            match member {
                Json::String(s) => read(s).map_err(|e| e.in_attribute(&at)),
                other => Err(CodecError::custom(format!(
                    "set members must be strings, found {}",
                    kind(other)
                ))
                .in_attribute(&at)),
            }
        })
        .collect()
}

fn kind(json: &Json) -> &'static str {
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
    fn every_type_round_trips() {
        let digits: Number = "-1.2345678901234567890123456789012345678E-100"
            .parse()
            .unwrap();
        let item = Item::new()
            .with("s", "")
            .with("n", Value::N(digits.clone()))
            .with("b", Value::B(vec![0, 255]))
            .with("t", true)
            .with("null", Value::Null)
            .with("m", Item::new().with("x", Value::L(vec![Value::from(1)])))
            .with("ss", Value::string_set(["b", "a"]))
            .with("ns", Value::number_set([3, 1]))
            .with("bs", Value::binary_set([vec![1u8], vec![]]));
        let json = item_to_dynamodb_json(&item);
        assert_eq!(
            json,
            json!({
                "s": {"S": ""}, "n": {"N": digits.to_string()}, "b": {"B": "AP8="},
                "t": {"BOOL": true}, "null": {"NULL": true},
                "m": {"M": {"x": {"L": [{"N": "1"}]}}},
                "ss": {"SS": ["b", "a"]}, "ns": {"NS": ["3", "1"]}, "bs": {"BS": ["AQ==", ""]}
            })
        );
        assert_eq!(item_from_dynamodb_json(json).unwrap(), item);
    }

    #[test]
    fn numbers_are_read_exactly_and_written_canonically() {
        let v = value_from_dynamodb_json(json!({"N": "003.1400"})).unwrap();
        assert_eq!(value_to_dynamodb_json(&v), json!({"N": "3.14"}));
        for bad in ["1e300", "abc", "", "NaN"] {
            assert!(
                value_from_dynamodb_json(json!({ "N": bad })).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn errors_name_the_path_and_the_problem() {
        let cases = [
            (
                json!({"a": {"M": {"b": {"L": [{"S": "x"}, {"N": "y"}]}}}}),
                "a.b[1]",
            ),
            (json!({"a": {"SS": ["x", 1]}}), "a[1]"),
            (json!({"a": {"B": "not base64!"}}), "a"),
            (json!({"a": {"NULL": false}}), "a"),
            (json!({"a": {"X": "1"}}), "a"),
            (json!({"a": {}}), "a"),
            (json!({"a": "plain"}), "a"),
        ];
        for (json, path) in cases {
            let err = item_from_dynamodb_json(json.clone()).unwrap_err();
            assert_eq!(err.attribute.as_deref(), Some(path), "{json}: {err}");
        }
        let err = item_from_dynamodb_json(json!({"a": {"BOOL": "yes"}})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "attribute `a`: BOOL must hold a boolean, found a string"
        );
        assert!(item_from_dynamodb_json(json!([])).is_err());
    }
}
