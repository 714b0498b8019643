//! Evaluating conditions and filters, and checking them against DynamoDB's
//! expression rules before they run.

use crate::document::{check_path, resolve};
use crate::expr_size::{ExprSize, MAX_EXPRESSION_BYTES, MAX_OPERATORS};
use crate::validate::check_expression_value;
use dynorm::expr::{CompareOp, Condition, Operand};
use dynorm::{Error, Item, Number, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Most operands of `IN`.
pub(crate) const MAX_IN_OPERANDS: usize = 100;

/// Checks a condition before it is evaluated: values, paths, operand types of
/// literal values, `IN` lists, operator count and (estimated) size.
/// `kind` is `ConditionExpression` or `FilterExpression`.
pub(crate) fn check_condition(cond: &Condition, kind: &str) -> Result<(), Error> {
    check_node(cond, kind)?;
    let mut size = ExprSize::default();
    size.condition(cond);
    if size.operators > MAX_OPERATORS {
        return Err(Error::validation(format!(
            "Invalid {kind}: The expression contains too many operators; operator count: {}, maximum allowed: {MAX_OPERATORS}",
            size.operators
        )));
    }
    if size.bytes > MAX_EXPRESSION_BYTES {
        return Err(Error::validation(format!(
            "Invalid {kind}: Expression size has exceeded the maximum allowed size; expression size: {}",
            size.bytes
        )));
    }
    Ok(())
}

fn check_operand(op: &Operand, kind: &str) -> Result<(), Error> {
    match op {
        Operand::Path(p) | Operand::Size(p) => check_path(p, kind),
        Operand::Value(v) => check_expression_value(v),
    }
}

fn scalar_operand(op: &Operand, name: &str, kind: &str) -> Result<(), Error> {
    if let Operand::Value(v) = op {
        if !matches!(v, Value::S(_) | Value::N(_) | Value::B(_)) {
            return Err(Error::validation(format!(
                "Invalid {kind}: Incorrect operand type for operator or function; operator or function: {name}, operand type: {}",
                v.value_type()
            )));
        }
    }
    Ok(())
}

/// DynamoDB rejects an operator whose first operand (an attribute or its
/// size) appears again among the others (`a = a`, `a BETWEEN a AND :v`).
fn distinct_first_operand<'a>(
    first: &Operand,
    rest: impl IntoIterator<Item = &'a Operand>,
    name: &str,
    kind: &str,
) -> Result<(), Error> {
    let (Operand::Path(p) | Operand::Size(p)) = first else {
        return Ok(());
    };
    if rest.into_iter().any(|o| o == first) {
        return Err(Error::validation(format!(
            "Invalid {kind}: The first operand must be distinct from the remaining operands for this operator or function; operator: {name}, first operand: [{p}]"
        )));
    }
    Ok(())
}

fn check_node(cond: &Condition, kind: &str) -> Result<(), Error> {
    match cond {
        Condition::Compare(a, op, b) => {
            distinct_first_operand(a, [b], op.as_str(), kind)?;
            check_operand(a, kind)?;
            check_operand(b, kind)?;
            if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
                scalar_operand(a, op.as_str(), kind)?;
                scalar_operand(b, op.as_str(), kind)?;
            }
            Ok(())
        }
        Condition::Between(a, low, high) => {
            distinct_first_operand(a, [low, high], "BETWEEN", kind)?;
            for o in [a, low, high] {
                check_operand(o, kind)?;
                scalar_operand(o, "BETWEEN", kind)?;
            }
            if let (Operand::Value(l), Operand::Value(h)) = (low, high) {
                if order(l, h) == Some(Ordering::Greater) {
                    return Err(Error::validation(format!(
                        "Invalid {kind}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: {l:?}, upper bound operand: {h:?}"
                    )));
                }
            }
            Ok(())
        }
        Condition::In(a, list) => {
            if list.is_empty() || list.len() > MAX_IN_OPERANDS {
                return Err(Error::validation(format!(
                    "Invalid {kind}: The IN operator takes 1 to {MAX_IN_OPERANDS} operands; operand count: {}",
                    list.len()
                )));
            }
            distinct_first_operand(a, list, "IN", kind)?;
            check_operand(a, kind)?;
            list.iter().try_for_each(|o| check_operand(o, kind))
        }
        Condition::BeginsWith(p, o) => {
            check_path(p, kind)?;
            check_operand(o, kind)?;
            if let Operand::Value(v) = o {
                if !matches!(v, Value::S(_) | Value::B(_)) {
                    return Err(Error::validation(format!(
                        "Invalid {kind}: Incorrect operand type for operator or function; operator or function: begins_with, operand type: {}",
                        v.value_type()
                    )));
                }
            }
            Ok(())
        }
        Condition::Contains(p, o) => {
            check_path(p, kind)?;
            check_operand(o, kind)
        }
        Condition::Exists(p) | Condition::NotExists(p) | Condition::IsType(p, _) => {
            check_path(p, kind)
        }
        Condition::And(v) | Condition::Or(v) => {
            if v.is_empty() {
                return Err(Error::validation(format!(
                    "Invalid {kind}: The expression can not be empty;"
                )));
            }
            v.iter().try_for_each(|c| check_node(c, kind))
        }
        Condition::Not(c) => check_node(c, kind),
    }
}

/// The value of an operand for an item; `None` when the attribute is missing
/// (or `size` is applied to a type without a size).
fn operand_value<'a>(op: &'a Operand, item: &'a Item) -> Option<Cow<'a, Value>> {
    match op {
        Operand::Value(v) => Some(Cow::Borrowed(v)),
        Operand::Path(p) => resolve(item, p).map(Cow::Borrowed),
        Operand::Size(p) => {
            size_of(resolve(item, p)?).map(|n| Cow::Owned(Value::N(Number::from(n))))
        }
    }
}

/// `size()`: UTF-8 bytes of a string, bytes of a binary, members of a set,
/// elements of a list or map. Other types have no size.
fn size_of(value: &Value) -> Option<usize> {
    Some(match value {
        Value::S(s) => s.len(),
        Value::B(b) => b.len(),
        Value::Ss(s) => s.len(),
        Value::Ns(n) => n.len(),
        Value::Bs(b) => b.len(),
        Value::L(l) => l.len(),
        Value::M(m) => m.len(),
        _ => return None,
    })
}

/// The order of two scalars of the same type (S by bytes, N numerically,
/// B unsigned); `None` for other types or mixed types.
pub(crate) fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::S(x), Value::S(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Value::N(x), Value::N(y)) => Some(x.cmp(y)),
        (Value::B(x), Value::B(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn compare(a: Option<&Value>, op: CompareOp, b: Option<&Value>) -> bool {
    match op {
        CompareOp::Eq => matches!((a, b), (Some(x), Some(y)) if x == y),
        // `<>` is the negation of `=`: true when either side is missing.
        CompareOp::Ne => !matches!((a, b), (Some(x), Some(y)) if x == y),
        _ => {
            let (Some(x), Some(y)) = (a, b) else {
                return false;
            };
            let Some(ord) = order(x, y) else {
                return false;
            };
            match op {
                CompareOp::Lt => ord == Ordering::Less,
                CompareOp::Le => ord != Ordering::Greater,
                CompareOp::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }
        }
    }
}

fn contains(haystack: &Value, needle: &Value) -> bool {
    match (haystack, needle) {
        (Value::S(s), Value::S(n)) => s.contains(n.as_str()),
        (Value::B(b), Value::B(n)) => n.is_empty() || b.windows(n.len()).any(|w| w == n.as_slice()),
        (Value::Ss(s), Value::S(n)) => s.contains(n),
        (Value::Ns(s), Value::N(n)) => s.contains(n),
        (Value::Bs(s), Value::B(n)) => s.contains(n),
        (Value::L(l), n) => l.contains(n),
        _ => false,
    }
}

/// Evaluates a condition on an item (an absent item is an empty one).
pub(crate) fn evaluate(cond: &Condition, item: Option<&Item>) -> bool {
    let empty = Item::new();
    eval(cond, item.unwrap_or(&empty))
}

fn eval(cond: &Condition, item: &Item) -> bool {
    match cond {
        Condition::Compare(a, op, b) => {
            let a = operand_value(a, item);
            let b = operand_value(b, item);
            compare(a.as_deref(), *op, b.as_deref())
        }
        Condition::Between(a, low, high) => {
            let (Some(a), Some(l), Some(h)) = (
                operand_value(a, item),
                operand_value(low, item),
                operand_value(high, item),
            ) else {
                return false;
            };
            matches!(order(&a, &l), Some(Ordering::Greater | Ordering::Equal))
                && matches!(order(&a, &h), Some(Ordering::Less | Ordering::Equal))
        }
        Condition::In(a, list) => {
            let Some(a) = operand_value(a, item) else {
                return false;
            };
            list.iter()
                .any(|o| operand_value(o, item).is_some_and(|v| *v == *a))
        }
        Condition::BeginsWith(p, prefix) => {
            let (Some(v), Some(prefix)) = (resolve(item, p), operand_value(prefix, item)) else {
                return false;
            };
            match (v, prefix.as_ref()) {
                (Value::S(s), Value::S(p)) => s.starts_with(p.as_str()),
                (Value::B(b), Value::B(p)) => b.starts_with(p),
                _ => false,
            }
        }
        Condition::Contains(p, needle) => {
            let (Some(v), Some(needle)) = (resolve(item, p), operand_value(needle, item)) else {
                return false;
            };
            contains(v, &needle)
        }
        Condition::Exists(p) => resolve(item, p).is_some(),
        Condition::NotExists(p) => resolve(item, p).is_none(),
        Condition::IsType(p, t) => resolve(item, p).is_some_and(|v| v.value_type() == *t),
        Condition::And(v) => v.iter().all(|c| eval(c, item)),
        Condition::Or(v) => v.iter().any(|c| eval(c, item)),
        Condition::Not(c) => !eval(c, item),
    }
}
