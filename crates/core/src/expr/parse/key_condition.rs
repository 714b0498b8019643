//! KeyConditionExpression: the condition grammar, then the shape DynamoDB
//! allows: `pk = :v`, optionally `AND` one sort key condition
//! (`=`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`), either side first.

use super::parser::top_level;
use crate::expr::{CompareOp, Condition, KeyCondition, Operand, Path, SortCondition, SortOp};
use crate::rules::expression as rules;
use crate::{Result, Value};

/// Flattens `AND`s (parenthesised or not) into their conditions.
fn leaves(c: Condition, out: &mut Vec<Condition>) {
    match c {
        Condition::And(list) => list.into_iter().for_each(|c| leaves(c, out)),
        other => out.push(other),
    }
}

/// The first operator a key condition may not use, in the text's order.
fn invalid_operator(c: &Condition) -> Option<&'static str> {
    match c {
        Condition::Or(_) => Some("OR"),
        Condition::Not(_) => Some("NOT"),
        Condition::In(..) => Some("IN"),
        Condition::Exists(_) => Some("attribute_exists"),
        Condition::NotExists(_) => Some("attribute_not_exists"),
        Condition::IsType(..) => Some("attribute_type"),
        Condition::Contains(..) => Some("contains"),
        Condition::Compare(_, CompareOp::Ne, _) => Some("<>"),
        Condition::And(list) => list.iter().find_map(invalid_operator),
        Condition::Compare(..) | Condition::Between(..) | Condition::BeginsWith(..) => None,
    }
}

fn key_name(p: &Path) -> Result<String> {
    top_level(p)
        .map(str::to_owned)
        .ok_or_else(rules::key_nested_path)
}

fn value_of(o: Operand) -> Result<Value> {
    match o {
        Operand::Value(v) => Ok(v),
        Operand::Size(_) => Err(rules::key_nested_operation()),
        Operand::Path(_) => Err(rules::key_two_attributes()),
    }
}

/// One key's condition: the attribute and its operator.
fn key_leaf(c: Condition) -> Result<(String, SortOp)> {
    match c {
        Condition::Compare(a, op, b) => {
            let (path, value, op) = match (a, b) {
                (Operand::Size(_), _) | (_, Operand::Size(_)) => {
                    return Err(rules::key_nested_operation())
                }
                (Operand::Path(_), Operand::Path(_)) => return Err(rules::key_two_attributes()),
                (Operand::Path(p), Operand::Value(v)) => (p, v, op),
                (Operand::Value(v), Operand::Path(p)) => {
                    let flipped = match op {
                        CompareOp::Lt => CompareOp::Gt,
                        CompareOp::Le => CompareOp::Ge,
                        CompareOp::Gt => CompareOp::Lt,
                        CompareOp::Ge => CompareOp::Le,
                        other => other,
                    };
                    (p, v, flipped)
                }
                (Operand::Value(_), Operand::Value(_)) => {
                    return Err(rules::key_condition_not_supported())
                }
            };
            let name = key_name(&path)?;
            let op = match op {
                CompareOp::Eq => SortOp::Eq(value),
                CompareOp::Lt => SortOp::Lt(value),
                CompareOp::Le => SortOp::Le(value),
                CompareOp::Gt => SortOp::Gt(value),
                CompareOp::Ge => SortOp::Ge(value),
                CompareOp::Ne => return Err(rules::key_invalid_operator("<>")),
            };
            Ok((name, op))
        }
        Condition::Between(a, low, high) => {
            let Operand::Path(path) = a else {
                return Err(match a {
                    Operand::Size(_) => rules::key_nested_operation(),
                    _ => rules::key_condition_not_supported(),
                });
            };
            let name = key_name(&path)?;
            Ok((name, SortOp::Between(value_of(low)?, value_of(high)?)))
        }
        Condition::BeginsWith(path, prefix) => {
            let name = key_name(&path)?;
            Ok((name, SortOp::BeginsWith(value_of(prefix)?)))
        }
        _ => Err(rules::key_condition_not_supported()),
    }
}

/// The key attributes a key condition names, for a table whose key schema
/// is not known: the partition key is the first attribute compared with `=`
/// (else the first attribute), the sort key the other attribute named. An
/// empty partition name when none is named (the shape checks then reject the
/// condition).
pub(super) fn key_names_of(tree: &Condition) -> (String, Option<String>) {
    fn walk<'c>(c: &'c Condition, out: &mut Vec<(&'c Path, bool)>) {
        match c {
            Condition::And(list) => list.iter().for_each(|c| walk(c, out)),
            Condition::Compare(Operand::Path(p), op, _)
            | Condition::Compare(_, op, Operand::Path(p)) => {
                out.push((p, *op == CompareOp::Eq));
            }
            Condition::Between(Operand::Path(p), ..) | Condition::BeginsWith(p, _) => {
                out.push((p, false));
            }
            _ => {}
        }
    }
    let mut named = Vec::new();
    walk(tree, &mut named);
    let names: Vec<(String, bool)> = named
        .into_iter()
        .filter_map(|(p, eq)| top_level(p).map(|n| (n.to_owned(), eq)))
        .collect();
    let pk = names
        .iter()
        .find(|(_, eq)| *eq)
        .or(names.first())
        .map(|(n, _)| n.clone())
        .unwrap_or_default();
    let sk = names.iter().map(|(n, _)| n).find(|n| **n != pk).cloned();
    (pk, sk)
}

/// Builds the key condition of a parsed (and checked) condition tree.
pub(super) fn to_key_condition(
    tree: Condition,
    partition_key: &str,
    sort_key: Option<&str>,
) -> Result<KeyCondition> {
    if let Some(op) = invalid_operator(&tree) {
        return Err(rules::key_invalid_operator(op));
    }
    let mut list = Vec::with_capacity(2);
    leaves(tree, &mut list);
    let mut keyed = Vec::with_capacity(list.len());
    for leaf in list {
        keyed.push(key_leaf(leaf)?);
    }
    for (i, (a, _)) in keyed.iter().enumerate() {
        if keyed[i + 1..].iter().any(|(b, _)| a == b) {
            return Err(rules::key_one_condition_per_key());
        }
    }
    if keyed.len() > 2 {
        return Err(rules::key_too_many_conditions());
    }
    let Some(at) = keyed.iter().position(|(name, _)| name == partition_key) else {
        return Err(rules::key_missing_element(partition_key));
    };
    let (partition_name, partition_op) = keyed.remove(at);
    let SortOp::Eq(partition_value) = partition_op else {
        return Err(rules::key_condition_not_supported());
    };
    let sort = match keyed.pop() {
        None => None,
        Some((name, op)) => match sort_key {
            Some(sk) if sk == name => Some(SortCondition { name, op }),
            Some(sk) => return Err(rules::key_missing_element(sk)),
            None => return Err(rules::key_condition_not_supported()),
        },
    };
    Ok(KeyCondition {
        partition_name,
        partition_value,
        sort,
    })
}
