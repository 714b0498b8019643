//! Conditions and filters: `ConditionExpression` / `FilterExpression`.

use super::Placeholders;
use crate::expr::{Condition, Operand};
use crate::rules::expression::{self as rules, ExpressionKind};
use crate::{Result, Value};

/// Renders a condition (or filter) expression.
///
/// `AND`/`OR` operands that are themselves `AND`/`OR` are parenthesised, as is
/// the operand of `NOT` when it is compound. An `AND` or `OR` with no operands
/// has no DynamoDB form and is a validation error.
///
/// ```
/// use dynorm::expr::{attr, render};
/// let mut p = render::Placeholders::new();
/// let text = render::condition(&!(attr("a").eq(1) | attr("b").exists()), &mut p).unwrap();
/// assert_eq!(text, "NOT (#n0 = :v0 OR attribute_exists(#n1))");
/// ```
pub fn condition(cond: &Condition, p: &mut Placeholders) -> Result<String> {
    let mut out = String::with_capacity(64);
    write_condition(&mut out, cond, p)?;
    Ok(out)
}

fn write_operand(out: &mut String, operand: &Operand, p: &mut Placeholders) {
    match operand {
        Operand::Path(path) => p.write_path(out, path),
        Operand::Value(v) => p.write_value(out, v),
        Operand::Size(path) => {
            out.push_str("size(");
            p.write_path(out, path);
            out.push(')');
        }
    }
}

fn is_compound(cond: &Condition) -> bool {
    matches!(cond, Condition::And(_) | Condition::Or(_))
}

fn write_nested(out: &mut String, cond: &Condition, p: &mut Placeholders) -> Result<()> {
    // A one-operand AND/OR renders as its operand and needs no parentheses.
    let single = matches!(cond, Condition::And(v) | Condition::Or(v) if v.len() == 1);
    if is_compound(cond) && !single {
        out.push('(');
        write_condition(out, cond, p)?;
        out.push(')');
        Ok(())
    } else {
        write_condition(out, cond, p)
    }
}

fn write_condition(out: &mut String, cond: &Condition, p: &mut Placeholders) -> Result<()> {
    match cond {
        Condition::Compare(a, op, b) => {
            write_operand(out, a, p);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            write_operand(out, b, p);
        }
        Condition::Between(a, low, high) => {
            write_operand(out, a, p);
            out.push_str(" BETWEEN ");
            write_operand(out, low, p);
            out.push_str(" AND ");
            write_operand(out, high, p);
        }
        Condition::In(a, candidates) => {
            write_operand(out, a, p);
            out.push_str(" IN (");
            for (i, c) in candidates.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_operand(out, c, p);
            }
            out.push(')');
        }
        Condition::BeginsWith(path, prefix) => {
            out.push_str("begins_with(");
            p.write_path(out, path);
            out.push_str(", ");
            write_operand(out, prefix, p);
            out.push(')');
        }
        Condition::Contains(path, operand) => {
            out.push_str("contains(");
            p.write_path(out, path);
            out.push_str(", ");
            write_operand(out, operand, p);
            out.push(')');
        }
        Condition::Exists(path) => {
            out.push_str("attribute_exists(");
            p.write_path(out, path);
            out.push(')');
        }
        Condition::NotExists(path) => {
            out.push_str("attribute_not_exists(");
            p.write_path(out, path);
            out.push(')');
        }
        Condition::IsType(path, t) => {
            out.push_str("attribute_type(");
            p.write_path(out, path);
            out.push_str(", ");
            p.write_value(out, &Value::S(t.as_str().to_owned()));
            out.push(')');
        }
        Condition::And(list) | Condition::Or(list) => {
            let (word, joiner) = if matches!(cond, Condition::And(_)) {
                ("AND", " AND ")
            } else {
                ("OR", " OR ")
            };
            if list.is_empty() {
                return Err(rules::empty_boolean(ExpressionKind::Condition, word));
            }
            for (i, c) in list.iter().enumerate() {
                if i > 0 {
                    out.push_str(joiner);
                }
                write_nested(out, c, p)?;
            }
        }
        Condition::Not(inner) => {
            out.push_str("NOT ");
            write_nested(out, inner, p)?;
        }
    }
    Ok(())
}
