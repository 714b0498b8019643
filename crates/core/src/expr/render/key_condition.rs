//! Key conditions: `KeyConditionExpression`.

use super::Placeholders;
use crate::expr::{KeyCondition, SortOp};

/// Renders a query's key condition: `#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2`.
pub fn key_condition(kc: &KeyCondition, p: &mut Placeholders) -> String {
    let mut out = String::with_capacity(48);
    p.write_name(&mut out, &kc.partition_name);
    out.push_str(" = ");
    p.write_value(&mut out, &kc.partition_value);
    if let Some(sort) = &kc.sort {
        out.push_str(" AND ");
        let compare = |out: &mut String, p: &mut Placeholders, op: &str, v| {
            p.write_name(out, &sort.name);
            out.push(' ');
            out.push_str(op);
            out.push(' ');
            p.write_value(out, v);
        };
        match &sort.op {
            SortOp::Eq(v) => compare(&mut out, p, "=", v),
            SortOp::Lt(v) => compare(&mut out, p, "<", v),
            SortOp::Le(v) => compare(&mut out, p, "<=", v),
            SortOp::Gt(v) => compare(&mut out, p, ">", v),
            SortOp::Ge(v) => compare(&mut out, p, ">=", v),
            SortOp::Between(low, high) => {
                p.write_name(&mut out, &sort.name);
                out.push_str(" BETWEEN ");
                p.write_value(&mut out, low);
                out.push_str(" AND ");
                p.write_value(&mut out, high);
            }
            SortOp::BeginsWith(prefix) => {
                out.push_str("begins_with(");
                p.write_name(&mut out, &sort.name);
                out.push_str(", ");
                p.write_value(&mut out, prefix);
                out.push(')');
            }
        }
    }
    out
}
