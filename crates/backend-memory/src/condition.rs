//! Evaluating conditions and filters, and checking them against DynamoDB's
//! expression rules before they run.

use crate::document::resolve;
use crate::validate::check_expression_value;
use dynorm::expr::render::{self, Placeholders};
use dynorm::expr::{CompareOp, Condition, Operand};
use dynorm::rules::expression::{self as rules, ExpressionKind};
use dynorm::{Error, Item, Number, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Checks a condition before it is evaluated: its values, then what
/// DynamoDB checks on the expression ([`rules::check_condition`]), then the
/// operator count and the exact size of the text the DynamoDB backend sends.
/// `p` holds the placeholders of the request's expressions rendered before
/// this one, as the DynamoDB backend numbers them.
pub(crate) fn check_condition(
    cond: &Condition,
    kind: ExpressionKind,
    p: &mut Placeholders,
) -> Result<(), Error> {
    let mut first = Ok(());
    for_each_value(cond, &mut |v| {
        if first.is_ok() {
            first = check_expression_value(v);
        }
    });
    first?;
    rules::check_condition(cond, kind)?;
    let text = render::condition(cond, p)?;
    rules::check_limits(kind, text.len(), rules::condition_operators(cond))
}

/// Calls `f` on every literal value of the condition.
fn for_each_value(cond: &Condition, f: &mut dyn FnMut(&Value)) {
    let mut operand = |o: &Operand| {
        if let Operand::Value(v) = o {
            f(v);
        }
    };
    match cond {
        Condition::Compare(a, _, b) => {
            operand(a);
            operand(b);
        }
        Condition::Between(a, l, h) => {
            operand(a);
            operand(l);
            operand(h);
        }
        Condition::In(a, list) => {
            operand(a);
            list.iter().for_each(operand);
        }
        Condition::BeginsWith(_, o) | Condition::Contains(_, o) => operand(o),
        Condition::Exists(_) | Condition::NotExists(_) | Condition::IsType(..) => {}
        Condition::And(v) | Condition::Or(v) => v.iter().for_each(|c| for_each_value(c, f)),
        Condition::Not(c) => for_each_value(c, f),
    }
}

/// The value of an operand for an item; `None` when the attribute is missing
/// (or `size` is applied to a type without a size).
fn operand_value<'a>(op: &'a Operand, item: &'a Item) -> Option<Cow<'a, Value>> {
    match op {
        Operand::Value(v) => Some(Cow::Borrowed(v)),
        Operand::Path(p) => resolve(item, p),
        Operand::Size(p) => {
            size_of(resolve(item, p)?.as_ref()).map(|n| Cow::Owned(Value::N(Number::from(n))))
        }
    }
}

/// `size()`: UTF-16 code units of a string (as DynamoDB counts them: "é𝄞"
/// is 3), bytes of a binary, members of a set,
/// elements of a list or map. Other types have no size.
fn size_of(value: &Value) -> Option<usize> {
    Some(match value {
        Value::S(s) => s.encode_utf16().count(),
        Value::B(b) => b.len(),
        Value::Ss(s) => s.len(),
        Value::Ns(n) => n.len(),
        Value::Bs(b) => b.len(),
        Value::L(l) => l.len(),
        Value::M(m) => m.len(),
        _ => return None,
    })
}

pub(crate) use rules::scalar_order as order;

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
            match (v.as_ref(), prefix.as_ref()) {
                (Value::S(s), Value::S(p)) => s.starts_with(p.as_str()),
                (Value::B(b), Value::B(p)) => b.starts_with(p),
                _ => false,
            }
        }
        Condition::Contains(p, needle) => {
            let (Some(v), Some(needle)) = (resolve(item, p), operand_value(needle, item)) else {
                return false;
            };
            contains(&v, &needle)
        }
        Condition::Exists(p) => resolve(item, p).is_some(),
        Condition::NotExists(p) => resolve(item, p).is_none(),
        Condition::IsType(p, t) => resolve(item, p).is_some_and(|v| v.value_type() == *t),
        Condition::And(v) => v.iter().all(|c| eval(c, item)),
        Condition::Or(v) => v.iter().any(|c| eval(c, item)),
        Condition::Not(c) => !eval(c, item),
    }
}
