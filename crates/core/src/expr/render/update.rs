//! Update expressions: `SET a, b REMOVE c ADD d :v DELETE e :v`.

use super::Placeholders;
use crate::expr::{SetExpr, Update, UpdateAction, UpdateOperand};

/// Renders an update expression, grouping actions by clause in the order
/// SET, REMOVE, ADD, DELETE (actions keep their order within a clause).
/// `None` for an update with no actions.
pub fn update(update: &Update, p: &mut Placeholders) -> Option<String> {
    if update.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(update.actions().len() * 16);
    let clause =
        |out: &mut String, word: &str, p: &mut Placeholders, keep: fn(&UpdateAction) -> bool| {
            let mut first = true;
            for action in update.actions().iter().filter(|a| keep(a)) {
                if first {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                    out.push(' ');
                    first = false;
                } else {
                    out.push_str(", ");
                }
                write_action(out, action, p);
            }
        };
    clause(&mut out, "SET", p, |a| matches!(a, UpdateAction::Set(..)));
    clause(&mut out, "REMOVE", p, |a| {
        matches!(a, UpdateAction::Remove(..))
    });
    clause(&mut out, "ADD", p, |a| matches!(a, UpdateAction::Add(..)));
    clause(&mut out, "DELETE", p, |a| {
        matches!(a, UpdateAction::Delete(..))
    });
    Some(out)
}

fn write_action(out: &mut String, action: &UpdateAction, p: &mut Placeholders) {
    match action {
        UpdateAction::Set(path, expr) => {
            p.write_path(out, path);
            out.push_str(" = ");
            match expr {
                SetExpr::Operand(o) => write_operand(out, o, p),
                SetExpr::Plus(a, b) => {
                    write_operand(out, a, p);
                    out.push_str(" + ");
                    write_operand(out, b, p);
                }
                SetExpr::Minus(a, b) => {
                    write_operand(out, a, p);
                    out.push_str(" - ");
                    write_operand(out, b, p);
                }
            }
        }
        UpdateAction::Remove(path) => p.write_path(out, path),
        UpdateAction::Add(path, value) | UpdateAction::Delete(path, value) => {
            p.write_path(out, path);
            out.push(' ');
            p.write_value(out, value);
        }
    }
}

fn write_operand(out: &mut String, operand: &UpdateOperand, p: &mut Placeholders) {
    match operand {
        UpdateOperand::Path(path) => p.write_path(out, path),
        UpdateOperand::Value(v) => p.write_value(out, v),
        UpdateOperand::IfNotExists(path, fallback) => {
            out.push_str("if_not_exists(");
            p.write_path(out, path);
            out.push_str(", ");
            write_operand(out, fallback, p);
            out.push(')');
        }
        UpdateOperand::ListAppend(a, b) => {
            out.push_str("list_append(");
            write_operand(out, a, p);
            out.push_str(", ");
            write_operand(out, b, p);
            out.push(')');
        }
    }
}
