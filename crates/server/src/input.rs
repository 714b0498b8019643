//! Reading request members: the JSON shapes DynamoDB expects, and its
//! messages when a member is missing or of the wrong shape.

use crate::error::ApiError;
use dynorm::backend::ReturnValues;
use dynorm::expr::parse::ExpressionParser;
use dynorm::value::{item_from_dynamodb_json, value_from_dynamodb_json};
use dynorm::{Item, Value};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

/// A JSON object of request members.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Input<'a>(pub(crate) &'a Map<String, Json>);

/// The 'camelCase' name DynamoDB uses in "1 validation error detected" messages.
fn field_name(member: &str) -> String {
    let mut chars = member.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// DynamoDB's message for a required member that is absent.
pub(crate) fn missing(member: &str) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
        field_name(member)
    ))
}

fn wrong_shape(expected: &str, found: &Json) -> ApiError {
    let kind = match found {
        Json::Null => "NULL_VALUE",
        Json::Bool(_) => "BOOLEAN_VALUE",
        Json::Number(_) => "NUMBER_VALUE",
        Json::String(_) => "STRING_VALUE",
        Json::Array(_) => "START_ARRAY",
        Json::Object(_) => "START_OBJECT",
    };
    ApiError::serialization(format!("{kind} can not be converted to {expected}"))
}

impl<'a> Input<'a> {
    /// The body as an object of members.
    pub(crate) fn of(json: &'a Json) -> Result<Input<'a>, ApiError> {
        match json {
            Json::Object(map) => Ok(Input(map)),
            other => Err(wrong_shape("Structure", other)),
        }
    }

    /// A member, absent when missing or JSON null.
    pub(crate) fn get(&self, member: &str) -> Option<&'a Json> {
        self.0.get(member).filter(|v| !v.is_null())
    }

    pub(crate) fn has(&self, member: &str) -> bool {
        self.get(member).is_some()
    }

    pub(crate) fn object(&self, member: &str) -> Result<Option<Input<'a>>, ApiError> {
        match self.get(member) {
            None => Ok(None),
            Some(Json::Object(m)) => Ok(Some(Input(m))),
            Some(other) => Err(wrong_shape("Structure", other)),
        }
    }

    pub(crate) fn required_object(&self, member: &str) -> Result<Input<'a>, ApiError> {
        self.object(member)?.ok_or_else(|| missing(member))
    }

    pub(crate) fn list(&self, member: &str) -> Result<Option<&'a Vec<Json>>, ApiError> {
        match self.get(member) {
            None => Ok(None),
            Some(Json::Array(a)) => Ok(Some(a)),
            Some(other) => Err(wrong_shape("List", other)),
        }
    }

    pub(crate) fn required_list(&self, member: &str) -> Result<&'a Vec<Json>, ApiError> {
        self.list(member)?.ok_or_else(|| missing(member))
    }

    pub(crate) fn str(&self, member: &str) -> Result<Option<&'a str>, ApiError> {
        match self.get(member) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s)),
            Some(other) => Err(wrong_shape("String", other)),
        }
    }

    pub(crate) fn required_str(&self, member: &str) -> Result<&'a str, ApiError> {
        self.str(member)?.ok_or_else(|| missing(member))
    }

    pub(crate) fn bool(&self, member: &str) -> Result<Option<bool>, ApiError> {
        match self.get(member) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(wrong_shape("Boolean", other)),
        }
    }

    pub(crate) fn u64(&self, member: &str) -> Result<Option<u64>, ApiError> {
        match self.get(member) {
            None => Ok(None),
            Some(Json::Number(n)) => match n.as_i64() {
                Some(v) if v >= 0 => Ok(Some(v.unsigned_abs())),
                _ => Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{n}' at '{}' failed to satisfy constraint: Member must have value greater than or equal to 0",
                    field_name(member)
                ))),
            },
            Some(other) => Err(wrong_shape("Long", other)),
        }
    }

    /// A signed Long (`MaxReadRequestUnits`: -1 is "no maximum").
    pub(crate) fn i64(&self, member: &str) -> Result<Option<i64>, ApiError> {
        match self.get(member) {
            None => Ok(None),
            Some(Json::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| wrong_shape("Long", &Json::Number(n.clone()))),
            Some(other) => Err(wrong_shape("Long", other)),
        }
    }

    /// A positive count (`Limit`): DynamoDB's message for anything below 1.
    pub(crate) fn limit(&self, member: &str) -> Result<Option<u32>, ApiError> {
        match self.get(member) {
            None => Ok(None),
            Some(Json::Number(n)) => match n.as_i64() {
                Some(v) if v >= 1 => Ok(Some(u32::try_from(v).unwrap_or(u32::MAX))),
                _ => Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{n}' at '{}' failed to satisfy constraint: Member must have value greater than or equal to 1",
                    field_name(member)
                ))),
            },
            Some(other) => Err(wrong_shape("Integer", other)),
        }
    }

    pub(crate) fn item(&self, member: &str) -> Result<Option<Item>, ApiError> {
        self.get(member)
            .map(|j| item_from_dynamodb_json(j).map_err(ApiError::from))
            .transpose()
    }

    pub(crate) fn required_item(&self, member: &str) -> Result<Item, ApiError> {
        self.item(member)?.ok_or_else(|| missing(member))
    }

    /// An enum member: one of `allowed`, else DynamoDB's enum message.
    pub(crate) fn choice(
        &self,
        member: &str,
        allowed: &[&'static str],
    ) -> Result<Option<&'static str>, ApiError> {
        let Some(text) = self.str(member)? else {
            return Ok(None);
        };
        allowed
            .iter()
            .find(|a| **a == text)
            .copied()
            .map(Some)
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "1 validation error detected: Value '{text}' at '{}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                    field_name(member),
                    allowed.join(", ")
                ))
            })
    }

    /// `ReturnValues`.
    pub(crate) fn return_values(&self) -> Result<ReturnValues, ApiError> {
        Ok(
            match self.choice(
                "ReturnValues",
                &["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"],
            )? {
                Some("ALL_OLD") => ReturnValues::AllOld,
                Some("UPDATED_OLD") => ReturnValues::UpdatedOld,
                Some("ALL_NEW") => ReturnValues::AllNew,
                Some("UPDATED_NEW") => ReturnValues::UpdatedNew,
                _ => ReturnValues::None,
            },
        )
    }

    /// `ReturnValuesOnConditionCheckFailure`: whether the stored item comes
    /// back in a condition failure.
    pub(crate) fn return_old_on_failure(&self) -> Result<bool, ApiError> {
        Ok(
            self.choice("ReturnValuesOnConditionCheckFailure", &["ALL_OLD", "NONE"])?
                == Some("ALL_OLD"),
        )
    }
}

/// The `#name` and `:value` maps of one request.
#[derive(Debug, Default)]
pub(crate) struct Placeholders {
    pub(crate) names: HashMap<String, String>,
    pub(crate) values: HashMap<String, Value>,
    given_names: bool,
    given_values: bool,
}

impl Placeholders {
    /// Reads `ExpressionAttributeNames` and `ExpressionAttributeValues`.
    pub(crate) fn read(input: Input<'_>) -> Result<Placeholders, ApiError> {
        let mut out = Placeholders::default();
        if let Some(names) = input.object("ExpressionAttributeNames")? {
            if names.0.is_empty() {
                return Err(ApiError::validation(
                    "ExpressionAttributeNames must not be empty",
                ));
            }
            out.given_names = true;
            for (k, v) in names.0 {
                match v {
                    Json::String(s) => out.names.insert(k.clone(), s.clone()),
                    other => return Err(wrong_shape("String", other)),
                };
            }
        }
        if let Some(values) = input.object("ExpressionAttributeValues")? {
            if values.0.is_empty() {
                return Err(ApiError::validation(
                    "ExpressionAttributeValues must not be empty",
                ));
            }
            out.given_values = true;
            for (k, v) in values.0 {
                let value = value_from_dynamodb_json(v).map_err(|e| {
                    ApiError::validation(format!(
                        "ExpressionAttributeValues contains invalid value: {} for key {k}",
                        e.message()
                    ))
                })?;
                out.values.insert(k.clone(), value);
            }
        }
        Ok(out)
    }

    /// A parser over the maps, once the request is known to use expressions
    /// (`any` of its expression members is present).
    pub(crate) fn parser(&self, any: bool) -> Result<ExpressionParser<'_>, ApiError> {
        if !any {
            if self.given_names {
                return Err(ApiError::validation(
                    "ExpressionAttributeNames can only be specified when using expressions",
                ));
            }
            if self.given_values {
                return Err(ApiError::validation(
                    "ExpressionAttributeValues can only be specified when using expressions",
                ));
            }
        }
        Ok(ExpressionParser::new(&self.names, &self.values)?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_members_use_dynamodbs_field_names() {
        let body = json!({});
        let input = Input::of(&body).unwrap();
        let err = input.required_str("TableName").unwrap_err();
        assert_eq!(
            err.message,
            "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
        );
    }

    #[test]
    fn enums_are_checked() {
        let body = json!({"ReturnValues": "SOME"});
        let err = Input::of(&body).unwrap().return_values().unwrap_err();
        assert!(err.message.contains("Member must satisfy enum value set"));
        let body = json!({"Limit": 0});
        assert!(Input::of(&body).unwrap().limit("Limit").is_err());
    }

    #[test]
    fn placeholders_without_expressions_are_refused() {
        let body = json!({"ExpressionAttributeValues": {":v": {"S": "a"}}});
        let p = Placeholders::read(Input::of(&body).unwrap()).unwrap();
        assert!(p.parser(false).is_err());
        assert!(p.parser(true).is_ok());
    }
}
