//! Items, keys and placeholder maps from the command line: JSON given
//! inline, `@file` or `-` (standard input), as DynamoDB JSON or plain JSON.

use crate::exit::{CliError, CliResult};
use clap::ValueEnum;
use dynorm::value::{item_from_dynamodb_json, item_from_json, value_from_dynamodb_json};
use dynorm::{Item, Value, ValueType};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::io::Read as _;

/// How JSON items and values are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// DynamoDB JSON when every value is one type descriptor
    /// (`{"id": {"S": "1"}}`), plain JSON otherwise.
    #[default]
    Auto,
    /// DynamoDB JSON only.
    Dynamodb,
    /// Plain JSON only (`{"id": "1"}`).
    Plain,
}

/// The text of a JSON argument: inline, `@path` (a file) or `-` (standard input).
pub fn argument_text(arg: &str) -> CliResult<String> {
    if arg == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
        Ok(text)
    } else if let Some(path) = arg.strip_prefix('@') {
        std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("cannot read {path}: {e}")))
    } else {
        Ok(arg.to_owned())
    }
}

/// Parses the JSON of an argument (`what` names it in errors).
pub fn argument_json(arg: &str, what: &str) -> CliResult<Json> {
    let text = argument_text(arg)?;
    serde_json::from_str(&text)
        .map_err(|e| CliError::usage(format!("{what} is not valid JSON: {e}")))
}

/// Whether a JSON value has the shape of a DynamoDB JSON value: an object
/// of one known type descriptor holding the JSON type that descriptor asks for.
pub fn is_typed_value(json: &Json) -> bool {
    let Json::Object(map) = json else {
        return false;
    };
    let mut entries = map.iter();
    let (Some((descriptor, content)), None) = (entries.next(), entries.next()) else {
        return false;
    };
    matches!(
        (ValueType::parse(descriptor), content),
        (
            Some(ValueType::S | ValueType::N | ValueType::B),
            Json::String(_)
        ) | (Some(ValueType::Bool | ValueType::Null), Json::Bool(_))
            | (Some(ValueType::M), Json::Object(_))
            | (
                Some(ValueType::L | ValueType::Ss | ValueType::Ns | ValueType::Bs),
                Json::Array(_)
            )
    )
}

/// Whether every attribute of a JSON object is a DynamoDB JSON value (and
/// there is at least one).
pub fn is_typed_item(json: &Json) -> bool {
    matches!(json, Json::Object(map) if !map.is_empty() && map.values().all(is_typed_value))
}

/// A DynamoDB JSON object as an item; an error names the attribute.
fn typed_item(json: &Json) -> Result<Item, String> {
    let Json::Object(map) = json else {
        return item_from_dynamodb_json(json).map_err(|e| e.to_string());
    };
    let mut item = Item::new();
    for (name, v) in map {
        let value = value_from_dynamodb_json(v).map_err(|e| format!("attribute `{name}`: {e}"))?;
        item.insert(name.clone(), value);
    }
    Ok(item)
}

/// A JSON object as an item, in the given format (`what` names it in errors).
pub fn item(json: Json, format: InputFormat, what: &str) -> CliResult<Item> {
    let typed = match format {
        InputFormat::Auto => is_typed_item(&json),
        InputFormat::Dynamodb => true,
        InputFormat::Plain => false,
    };
    let item = if typed {
        typed_item(&json)
    } else {
        item_from_json(json).map_err(|e| e.to_string())
    };
    item.map_err(|e| CliError::usage(format!("{what}: {e}")))
}

/// An item from an argument (inline JSON, `@file` or `-`).
pub fn item_argument(arg: &str, format: InputFormat, what: &str) -> CliResult<Item> {
    item(argument_json(arg, what)?, format, what)
}

/// The `--names` map: `{"#n": "name"}`.
pub fn names_argument(arg: Option<&str>) -> CliResult<HashMap<String, String>> {
    let Some(arg) = arg else {
        return Ok(HashMap::new());
    };
    match argument_json(arg, "--names")? {
        Json::Object(map) => map
            .into_iter()
            .map(|(k, v)| match v {
                Json::String(s) => Ok((k, s)),
                other => Err(CliError::usage(format!(
                    "--names: `{k}` must name an attribute with a string, found {other}"
                ))),
            })
            .collect(),
        _ => Err(CliError::usage(
            "--names must be a JSON object such as {\"#n\": \"name\"}",
        )),
    }
}

/// The `--values` map: `{":v": 1}` or `{":v": {"N": "1"}}`, each value read
/// as DynamoDB JSON when it has that shape (in `auto`).
pub fn values_argument(
    arg: Option<&str>,
    format: InputFormat,
) -> CliResult<HashMap<String, Value>> {
    let Some(arg) = arg else {
        return Ok(HashMap::new());
    };
    let Json::Object(map) = argument_json(arg, "--values")? else {
        return Err(CliError::usage(
            "--values must be a JSON object such as {\":v\": 1}",
        ));
    };
    map.into_iter()
        .map(|(k, v)| {
            let typed = match format {
                InputFormat::Auto => is_typed_value(&v),
                InputFormat::Dynamodb => true,
                InputFormat::Plain => false,
            };
            let value = if typed {
                value_from_dynamodb_json(&v).map_err(|e| e.to_string())
            } else {
                dynorm::value::value_from_json(v).map_err(|e| e.to_string())
            };
            value
                .map(|value| (k.clone(), value))
                .map_err(|e| CliError::usage(format!("--values: `{k}`: {e}")))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn auto_reads_dynamodb_json_and_plain_json() {
        let typed = item(
            json!({"id": {"S": "1"}, "n": {"N": "2"}}),
            InputFormat::Auto,
            "item",
        );
        let plain = item(json!({"id": "1", "n": 2}), InputFormat::Auto, "item");
        assert_eq!(typed.unwrap(), plain.unwrap());
        // A plain map whose values look typed is read typed unless told otherwise.
        let forced = item(json!({"m": {"S": "x"}}), InputFormat::Plain, "item").unwrap();
        assert_eq!(
            forced.get("m").and_then(Value::as_map).map(Item::len),
            Some(1)
        );
        // Mixed: plain.
        let mixed = item(json!({"a": {"S": "x"}, "b": 1}), InputFormat::Auto, "item").unwrap();
        assert!(mixed.get("a").and_then(Value::as_map).is_some());
    }

    #[test]
    fn bad_input_is_a_usage_error_naming_the_attribute() {
        let err = item(json!({"n": {"N": "x"}}), InputFormat::Auto, "--key").unwrap_err();
        assert_eq!(err.exit, crate::exit::Exit::Usage);
        assert!(err.message.starts_with("--key: attribute `n`"), "{err}");
        let err = argument_json("{not json", "--values").unwrap_err();
        assert!(
            err.message.starts_with("--values is not valid JSON"),
            "{err}"
        );
    }

    #[test]
    fn values_are_typed_one_by_one() {
        let values = values_argument(
            Some(r#"{":a": {"N": "5"}, ":b": "x", ":c": [1]}"#),
            InputFormat::Auto,
        )
        .unwrap();
        assert_eq!(values[":a"], Value::from(5));
        assert_eq!(values[":b"], Value::from("x"));
        assert_eq!(values[":c"], Value::L(vec![Value::from(1)]));
        assert!(names_argument(Some(r##"{"#n": 1}"##)).is_err());
        assert_eq!(
            names_argument(Some(r##"{"#n": "name"}"##)).unwrap()["#n"],
            "name"
        );
    }
}
