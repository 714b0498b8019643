//! The parameters of DynamoDB's API from before expressions, which older
//! clients still send: `Expected` and `ConditionalOperator` (conditions of
//! writes), `AttributeUpdates` (UpdateItem), `AttributesToGet` (projections),
//! `KeyConditions` (Query), `QueryFilter` and `ScanFilter`. Each is read into
//! the same trees the expression strings become, so the backend sees no
//! difference. The checks and messages are DynamoDB's (its API reference,
//! "Legacy conditional parameters"); each request refuses a mix of the two
//! forms as DynamoDB does.

use crate::error::ApiError;
use crate::input::Input;
use dynorm::expr::{attr, Condition, KeyCondition, Path, SetExpr, SortOp, Update, UpdateOperand};
use dynorm::rules::expression::scalar_order;
use dynorm::value::value_from_dynamodb_json;
use dynorm::Value;
use serde_json::Value as Json;
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// The legacy and expression members one operation accepts, in the order
/// DynamoDB lists them when a request mixes the two.
pub(crate) struct Members {
    legacy: &'static [&'static str],
    expression: &'static [&'static str],
}

/// PutItem and DeleteItem.
pub(crate) const CONDITIONAL_WRITE: Members = Members {
    legacy: &["Expected", "ConditionalOperator"],
    expression: &["ConditionExpression"],
};
/// UpdateItem.
pub(crate) const UPDATE: Members = Members {
    legacy: &["AttributeUpdates", "Expected", "ConditionalOperator"],
    expression: &["UpdateExpression", "ConditionExpression"],
};
/// GetItem and a BatchGetItem table.
pub(crate) const GET: Members = Members {
    legacy: &["AttributesToGet"],
    expression: &["ProjectionExpression"],
};
/// Query.
pub(crate) const QUERY: Members = Members {
    legacy: &[
        "AttributesToGet",
        "QueryFilter",
        "ConditionalOperator",
        "KeyConditions",
    ],
    expression: &[
        "ProjectionExpression",
        "FilterExpression",
        "KeyConditionExpression",
    ],
};
/// Scan.
pub(crate) const SCAN: Members = Members {
    legacy: &["AttributesToGet", "ScanFilter", "ConditionalOperator"],
    expression: &["ProjectionExpression", "FilterExpression"],
};

/// Refuses a request that uses both forms. `KeyConditions` goes with the
/// other expressions when there is no `KeyConditionExpression`.
pub(crate) fn check_not_mixed(input: &Input<'_>, members: &Members) -> Result<(), ApiError> {
    let expression: Vec<&str> = members
        .expression
        .iter()
        .copied()
        .filter(|m| input.has(m))
        .collect();
    if expression.is_empty() {
        return Ok(());
    }
    let key_condition_expression = input.has("KeyConditionExpression");
    let legacy: Vec<&str> = members
        .legacy
        .iter()
        .copied()
        .filter(|m| input.has(m) && (*m != "KeyConditions" || key_condition_expression))
        .collect();
    if legacy.is_empty() {
        return Ok(());
    }
    Err(ApiError::validation(format!(
        "Can not use both expression and non-expression parameters in the same request: \
         Non-expression parameters: {{{}}} Expression parameters: {{{}}}",
        legacy.join(", "),
        expression.join(", ")
    )))
}

/// `ComparisonOperator`'s values, in the order DynamoDB's enum message
/// lists them.
const OPERATORS: [&str; 13] = [
    "IN",
    "NULL",
    "BETWEEN",
    "LT",
    "NOT_CONTAINS",
    "EQ",
    "GT",
    "NOT_NULL",
    "NE",
    "LE",
    "BEGINS_WITH",
    "GE",
    "CONTAINS",
];

fn invalid(what: impl std::fmt::Display) -> ApiError {
    ApiError::validation(format!("One or more parameter values were invalid: {what}"))
}

/// The type letters of a value, as DynamoDB's messages name them.
fn type_name(v: &Value) -> &'static str {
    v.value_type().as_str()
}

fn values_of(list: &[Json]) -> Result<Vec<Value>, ApiError> {
    list.iter()
        .map(|v| value_from_dynamodb_json(v).map_err(ApiError::from))
        .collect()
}

/// One attribute's comparison: its operator and values, checked.
struct Comparison {
    operator: &'static str,
    values: Vec<Value>,
}

impl Comparison {
    /// Reads `ComparisonOperator` and the values (from
    /// `AttributeValueList`, or `Value` in `Expected`), and checks their
    /// number; `typed` also checks their types against the operator (filters
    /// and key conditions).
    fn read(spec: &Input<'_>, values: Vec<Value>, typed: bool) -> Result<Comparison, ApiError> {
        let Some(text) = spec.str("ComparisonOperator")? else {
            return Err(crate::input::missing("ComparisonOperator"));
        };
        let Some(operator) = OPERATORS.iter().copied().find(|o| *o == text) else {
            return Err(ApiError::validation(format!(
                "1 validation error detected: Value '{text}' at 'comparisonOperator' failed to \
                 satisfy constraint: Member must satisfy enum value set: [{}]",
                OPERATORS.join(", ")
            )));
        };
        let n = values.len();
        let count_ok = match operator {
            "NULL" | "NOT_NULL" => n == 0,
            "IN" => n > 0,
            "BETWEEN" => n == 2,
            _ => n == 1,
        };
        if !count_ok {
            return Err(invalid(format_args!(
                "Invalid number of argument(s) for the {operator} ComparisonOperator"
            )));
        }
        if let Some(first) = values.first() {
            if values.iter().any(|v| v.value_type() != first.value_type()) {
                return Err(invalid(
                    "AttributeValues inside AttributeValueList must be of same type",
                ));
            }
        }
        if typed {
            let allowed: &[&str] = match operator {
                "EQ" | "NE" => &["S", "N", "B", "SS", "NS", "BS", "BOOL"],
                "BEGINS_WITH" => &["S", "B"],
                _ => &["S", "N", "B"],
            };
            if let Some(v) = values.iter().find(|v| !allowed.contains(&type_name(v))) {
                return Err(invalid(format_args!(
                    "ComparisonOperator {operator} is not valid for {} AttributeValue type",
                    type_name(v)
                )));
            }
        }
        if operator == "BETWEEN" && scalar_order(&values[0], &values[1]) == Some(Ordering::Greater)
        {
            return Err(ApiError::validation(
                "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
            ));
        }
        Ok(Comparison { operator, values })
    }

    /// The condition on `name` this comparison is.
    fn condition(self, name: &str) -> Condition {
        let a = || attr(Path::attr(name));
        let mut values = self.values.into_iter();
        let mut next = || values.next().unwrap_or(Value::Null);
        match self.operator {
            "EQ" => a().eq(next()),
            "NE" => a().ne(next()),
            "LT" => a().lt(next()),
            "LE" => a().le(next()),
            "GT" => a().gt(next()),
            "GE" => a().ge(next()),
            "NULL" => a().not_exists(),
            "NOT_NULL" => a().exists(),
            "CONTAINS" => a().contains(next()),
            // A missing attribute does not match NOT_CONTAINS.
            "NOT_CONTAINS" => a().exists().and(a().contains(next()).negate()),
            "BEGINS_WITH" => a().begins_with(next()),
            "BETWEEN" => {
                let low = next();
                a().between(low, next())
            }
            _ => a().is_in(values.collect::<Vec<_>>()),
        }
    }
}

/// `ConditionalOperator` over `count` conditions: `true` for OR.
fn conditional_operator(input: &Input<'_>, count: Option<usize>) -> Result<bool, ApiError> {
    let op = input.choice("ConditionalOperator", &["OR", "AND"])?;
    match (op, count) {
        (None, _) => Ok(false),
        (Some(_), None) => Err(ApiError::validation(
            "ConditionalOperator cannot be used without Filter or Expected",
        )),
        (Some(_), Some(n)) if n < 2 => Err(ApiError::validation(
            "ConditionalOperator can only be used when Filter or Expected has two or more elements",
        )),
        (Some(op), _) => Ok(op == "OR"),
    }
}

fn combine(conditions: Vec<Condition>, or: bool) -> Option<Condition> {
    let mut conditions = conditions.into_iter();
    let first = conditions.next()?;
    Some(conditions.fold(first, |acc, c| if or { acc.or(c) } else { acc.and(c) }))
}

/// `Expected` (with `ConditionalOperator`) as the condition of a write.
pub(crate) fn expected(input: &Input<'_>) -> Result<Option<Condition>, ApiError> {
    let Some(map) = input.object("Expected")? else {
        conditional_operator(input, None)?;
        return Ok(None);
    };
    let or = conditional_operator(input, Some(map.0.len()))?;
    let mut conditions = Vec::with_capacity(map.0.len());
    for (name, spec) in map.0 {
        let spec = Input::of(spec)?;
        let value = spec
            .get("Value")
            .map(value_from_dynamodb_json)
            .transpose()?;
        let list = spec.list("AttributeValueList")?;
        if list.is_some() && value.is_some() {
            return Err(invalid(format_args!(
                "Value and AttributeValueList cannot be used together for Attribute: {name}"
            )));
        }
        let exists = spec.bool("Exists")?;
        if spec.has("ComparisonOperator") {
            if exists.is_some() {
                return Err(invalid(format_args!(
                    "Exists and ComparisonOperator cannot be used together for Attribute: {name}"
                )));
            }
            let operator = spec.str("ComparisonOperator")?.unwrap_or_default();
            if list.is_none() && value.is_none() && !matches!(operator, "NULL" | "NOT_NULL") {
                return Err(invalid(format_args!(
                    "Value or AttributeValueList must be used with ComparisonOperator: {operator} for Attribute: {name}"
                )));
            }
            let values = match (list, value) {
                (Some(list), _) => values_of(list)?,
                (None, Some(v)) => vec![v],
                (None, None) => Vec::new(),
            };
            conditions.push(Comparison::read(&spec, values, false)?.condition(name));
        } else if list.is_some() {
            return Err(invalid(format_args!(
                "AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}"
            )));
        } else {
            conditions.push(match (exists, value) {
                (Some(false), None) => attr(Path::attr(name.as_str())).not_exists(),
                (Some(false), Some(_)) => {
                    return Err(invalid(format_args!(
                        "Value cannot be used when Exists is false for Attribute: {name}"
                    )))
                }
                (_, Some(v)) => attr(Path::attr(name.as_str())).eq(v),
                (exists, None) => {
                    return Err(invalid(format_args!(
                        "Value must be provided when Exists is {} for Attribute: {name}",
                        if exists.is_some() { "true" } else { "null" }
                    )))
                }
            });
        }
    }
    Ok(combine(conditions, or))
}

/// The `Condition` entries of a map (`QueryFilter`, `ScanFilter`,
/// `KeyConditions`), checked, in the request's order.
fn comparisons(map: &Input<'_>) -> Result<Vec<(String, Comparison)>, ApiError> {
    let mut out = Vec::with_capacity(map.0.len());
    for (name, spec) in map.0 {
        let spec = Input::of(spec)?;
        let values = match spec.list("AttributeValueList")? {
            Some(list) => values_of(list)?,
            None => Vec::new(),
        };
        out.push((name.clone(), Comparison::read(&spec, values, true)?));
    }
    Ok(out)
}

/// `QueryFilter` or `ScanFilter` (`member`, with `ConditionalOperator`) as
/// a filter; a Query's filter may not name `keys`.
pub(crate) fn filter(
    input: &Input<'_>,
    member: &str,
    keys: &[&str],
) -> Result<Option<Condition>, ApiError> {
    let Some(map) = input.object(member)? else {
        conditional_operator(input, None)?;
        return Ok(None);
    };
    let or = conditional_operator(input, Some(map.0.len()))?;
    let entries = comparisons(&map)?;
    if let Some((name, _)) = entries.iter().find(|(n, _)| keys.contains(&n.as_str())) {
        return Err(ApiError::validation(format!(
            "{member} can only contain non-primary key attributes: Primary key attribute: {name}"
        )));
    }
    Ok(combine(
        entries.into_iter().map(|(n, c)| c.condition(&n)).collect(),
        or,
    ))
}

/// `KeyConditions` as the key condition of a Query on a table or index
/// with these key attributes.
pub(crate) fn key_conditions(
    input: &Input<'_>,
    partition_key: &str,
    sort_key: Option<&str>,
) -> Result<Option<KeyCondition>, ApiError> {
    let Some(map) = input.object("KeyConditions")? else {
        return Ok(None);
    };
    let entries = comparisons(&map)?;
    if entries.len() > 2 {
        return Err(ApiError::validation(
            "Conditions can be of length 1 or 2 only",
        ));
    }
    let missed = || ApiError::validation("Query condition missed key schema element");
    let unsupported = || ApiError::validation("Query key condition not supported");
    let mut partition = None;
    let mut sort = None;
    for (name, c) in entries {
        if name == partition_key {
            if c.operator != "EQ" {
                return Err(unsupported());
            }
            partition = c.values.into_iter().next();
        } else if Some(name.as_str()) == sort_key {
            let mut values = c.values.into_iter();
            let (Some(v), second) = (values.next(), values.next()) else {
                return Err(unsupported());
            };
            sort = Some(match (c.operator, second) {
                ("EQ", _) => SortOp::Eq(v),
                ("LT", _) => SortOp::Lt(v),
                ("LE", _) => SortOp::Le(v),
                ("GT", _) => SortOp::Gt(v),
                ("GE", _) => SortOp::Ge(v),
                ("BEGINS_WITH", _) => SortOp::BeginsWith(v),
                ("BETWEEN", Some(high)) => SortOp::Between(v, high),
                _ => return Err(unsupported()),
            });
        } else {
            return Err(missed());
        }
    }
    let partition = partition.ok_or_else(missed)?;
    let mut key = KeyCondition::partition(partition_key, partition);
    if let (Some(name), Some(op)) = (sort_key, sort) {
        key = key.sort(name, op);
    }
    Ok(Some(key))
}

/// `AttributeUpdates` as an update: `PUT` (the default) sets, `ADD` adds
/// to a number or set (or appends to a list), `DELETE` removes the
/// attribute or, with a set, those members.
pub(crate) fn attribute_updates(input: &Input<'_>) -> Result<Option<Update>, ApiError> {
    let Some(map) = input.object("AttributeUpdates")? else {
        return Ok(None);
    };
    let mut update = Update::new();
    for (name, spec) in map.0 {
        let spec = Input::of(spec)?;
        let action = spec
            .choice("Action", &["ADD", "PUT", "DELETE"])?
            .unwrap_or("PUT");
        let value = spec
            .get("Value")
            .map(value_from_dynamodb_json)
            .transpose()?;
        let path = Path::attr(name.as_str());
        update = match (action, value) {
            ("DELETE", None) => update.remove(path),
            (_, None) => {
                return Err(invalid(
                    "Only DELETE action is allowed when no attribute value is specified",
                ))
            }
            ("PUT", Some(v)) => update.set(path, v),
            ("ADD", Some(v @ Value::L(_))) => update.set_expr(
                path.clone(),
                SetExpr::Operand(UpdateOperand::ListAppend(
                    Box::new(UpdateOperand::IfNotExists(
                        path,
                        Box::new(UpdateOperand::Value(Value::L(Vec::new()))),
                    )),
                    Box::new(UpdateOperand::Value(v)),
                )),
            ),
            ("ADD", Some(v @ (Value::N(_) | Value::Ss(_) | Value::Ns(_) | Value::Bs(_)))) => {
                update.add(path, v)
            }
            ("ADD", Some(v)) => {
                return Err(invalid(format_args!(
                    "ADD action is not supported for the type {}",
                    long_type_name(&v)
                )))
            }
            (_, Some(v @ (Value::Ss(_) | Value::Ns(_) | Value::Bs(_)))) => update.delete(path, v),
            (_, Some(v)) => {
                return Err(invalid(format_args!(
                    "DELETE action with value is not supported for the type {}",
                    long_type_name(&v)
                )))
            }
        };
    }
    Ok(Some(update))
}

/// A type as the AttributeUpdates messages name it.
fn long_type_name(v: &Value) -> &'static str {
    match v {
        Value::S(_) => "STRING",
        Value::N(_) => "NUMBER",
        Value::B(_) => "BINARY",
        Value::Bool(_) => "BOOLEAN",
        Value::Null => "NULL",
        Value::L(_) => "LIST",
        Value::M(_) => "MAP",
        Value::Ss(_) => "STRING_SET",
        Value::Ns(_) => "NUMBER_SET",
        _ => "BINARY_SET",
    }
}

/// `AttributesToGet` as a projection of top-level attributes.
pub(crate) fn attributes_to_get(input: &Input<'_>) -> Result<Option<Vec<Path>>, ApiError> {
    let Some(list) = input.list("AttributesToGet")? else {
        return Ok(None);
    };
    let mut seen = BTreeSet::new();
    let mut paths = Vec::with_capacity(list.len());
    for name in list {
        let Json::String(name) = name else {
            return Err(ApiError::serialization("Unexpected value type in payload"));
        };
        if !seen.insert(name.as_str()) {
            return Err(invalid(format_args!(
                "Duplicate value in attribute name: {name}"
            )));
        }
        paths.push(Path::attr(name.as_str()));
    }
    Ok(Some(paths))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with(body: &Json, f: impl FnOnce(&Input<'_>)) {
        f(&Input::of(body).unwrap());
    }

    #[test]
    fn expected_reads_into_the_trees_of_condition_expressions() {
        let body = json!({"Expected": {
            "a": {"Exists": false},
            "b": {"Value": {"N": "3"}},
            "c": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "2"}]},
        }, "ConditionalOperator": "OR"});
        with(&body, |input| {
            let want = attr("a")
                .not_exists()
                .or(attr("b").eq(3))
                .or(attr("c").between(1, 2));
            assert_eq!(expected(input).unwrap(), Some(want));
        });
    }

    #[test]
    fn key_conditions_read_into_a_key_condition() {
        let body = json!({"KeyConditions": {
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
            "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "O#"}]},
        }});
        with(&body, |input| {
            let want =
                KeyCondition::partition("pk", "p").sort("sk", SortOp::BeginsWith("O#".into()));
            assert_eq!(key_conditions(input, "pk", Some("sk")).unwrap(), Some(want));
        });
    }

    #[test]
    fn a_request_with_both_forms_is_refused_naming_both() {
        let body = json!({"QueryFilter": {}, "ConditionalOperator": "AND", "KeyConditionExpression": "pk = :p"});
        with(&body, |input| {
            let e = check_not_mixed(input, &QUERY).unwrap_err();
            assert!(
                e.message.contains(
                    "Non-expression parameters: {QueryFilter, ConditionalOperator} Expression parameters: {KeyConditionExpression}"
                ),
                "{e:?}"
            );
        });
        // KeyConditions goes with a FilterExpression.
        let body = json!({"KeyConditions": {}, "FilterExpression": "a = :a"});
        with(&body, |input| check_not_mixed(input, &QUERY).unwrap());
    }

    #[test]
    fn attribute_updates_default_to_put() {
        let body =
            json!({"AttributeUpdates": {"a": {"Value": {"S": "x"}}, "b": {"Action": "DELETE"}}});
        with(&body, |input| {
            let want = Update::new().set("a", "x").remove("b");
            assert_eq!(attribute_updates(input).unwrap(), Some(want));
        });
    }
}
