//! Applying update expressions (SET, REMOVE, ADD, DELETE) to an item.

use crate::document::{assign, invalid_path, remove, resolve};
use crate::numeric;
use crate::validate::check_expression_value;
use dynorm::backend::TableDefinition;
use dynorm::expr::render::{self, Placeholders};
use dynorm::expr::{Path, SetExpr, Update, UpdateAction, UpdateOperand};
use dynorm::rules::expression::{self as rules, ExpressionKind};
use dynorm::rules::update::Violation;
use dynorm::{Error, Item, Value};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Checks an update before it runs: valid values, no key attributes, what
/// DynamoDB checks on the expression ([`rules::check_update`]), then the
/// operator count and the exact size of the text the DynamoDB backend sends
/// (`p` is the request's placeholders; the update is rendered first).
pub(crate) fn check_update(
    def: &TableDefinition,
    update: &Update,
    p: &mut Placeholders,
) -> Result<(), Error> {
    for action in update.actions() {
        match action {
            UpdateAction::Set(_, SetExpr::Operand(o)) => check_operand(o)?,
            UpdateAction::Set(_, SetExpr::Plus(a, b) | SetExpr::Minus(a, b)) => {
                check_operand(a)?;
                check_operand(b)?;
            }
            UpdateAction::Remove(_) => {}
            UpdateAction::Add(_, v) | UpdateAction::Delete(_, v) => check_expression_value(v)?,
        }
    }
    check_key_attributes(def, update)?;
    rules::check_update(update)?;
    if let Some(text) = render::update(update, p) {
        rules::check_limits(
            ExpressionKind::Update,
            text.len(),
            rules::update_operators(update),
        )?;
    }
    Ok(())
}

/// Checks that no action of an update is on a key attribute of the table.
pub(crate) fn check_key_attributes(
    def: &TableDefinition,
    update: &Update,
) -> Result<(), Violation> {
    match update
        .actions()
        .iter()
        .map(|a| a.path().root())
        .find(|root| def.key_names().any(|k| k == *root))
    {
        Some(root) => Err(Violation::KeyAttribute(root.to_owned())),
        None => Ok(()),
    }
}

fn check_operand(o: &UpdateOperand) -> Result<(), Error> {
    match o {
        UpdateOperand::Path(_) => Ok(()),
        UpdateOperand::Value(v) => Ok(check_expression_value(v)?),
        UpdateOperand::IfNotExists(_, f) => check_operand(f),
        UpdateOperand::ListAppend(a, b) => {
            check_operand(a)?;
            check_operand(b)
        }
    }
}

/// Evaluates a SET operand against the item as it was before the update.
fn operand(o: &UpdateOperand, base: &Item) -> Result<Value, Error> {
    match o {
        UpdateOperand::Value(v) => Ok(v.clone()),
        UpdateOperand::Path(p) => resolve(base, p)
            .map(Cow::into_owned)
            .ok_or_else(|| Error::from(Violation::MissingAttribute)),
        UpdateOperand::IfNotExists(p, fallback) => match resolve(base, p) {
            Some(v) => Ok(v.into_owned()),
            None => operand(fallback, base),
        },
        UpdateOperand::ListAppend(a, b) => match (operand(a, base)?, operand(b, base)?) {
            (Value::L(mut x), Value::L(y)) => {
                x.extend(y);
                Ok(Value::L(x))
            }
            _ => Err(Violation::OperandType.into()),
        },
    }
}

fn set_value(e: &SetExpr, base: &Item) -> Result<Value, Error> {
    match e {
        SetExpr::Operand(o) => operand(o, base),
        SetExpr::Plus(a, b) | SetExpr::Minus(a, b) => {
            let (x, y) = (operand(a, base)?, operand(b, base)?);
            let (Value::N(x), Value::N(y)) = (x, y) else {
                return Err(Violation::OperandType.into());
            };
            let n = if matches!(e, SetExpr::Plus(..)) {
                numeric::plus(&x, &y)?
            } else {
                numeric::minus(&x, &y)?
            };
            Ok(Value::N(n))
        }
    }
}

fn union<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out = a.to_vec();
    let seen: BTreeSet<&T> = a.iter().collect();
    let mut added = BTreeSet::new();
    for m in b {
        if !seen.contains(m) && added.insert(m) {
            out.push(m.clone());
        }
    }
    out
}

fn difference<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    let drop: BTreeSet<&T> = b.iter().collect();
    a.iter().filter(|m| !drop.contains(m)).cloned().collect()
}

fn add_value(current: Option<&Value>, v: &Value) -> Result<Value, Error> {
    Ok(match (current, v) {
        (None, v) => v.clone(),
        (Some(Value::N(x)), Value::N(y)) => Value::N(numeric::plus(x, y)?),
        (Some(Value::Ss(x)), Value::Ss(y)) => Value::Ss(union(x, y)),
        (Some(Value::Ns(x)), Value::Ns(y)) => Value::Ns(union(x, y)),
        (Some(Value::Bs(x)), Value::Bs(y)) => Value::Bs(union(x, y)),
        _ => return Err(Violation::OperandType.into()),
    })
}

fn delete_value(current: &Value, v: &Value) -> Result<Option<Value>, Error> {
    let out = match (current, v) {
        (Value::Ss(x), Value::Ss(y)) => Value::Ss(difference(x, y)),
        (Value::Ns(x), Value::Ns(y)) => Value::Ns(difference(x, y)),
        (Value::Bs(x), Value::Bs(y)) => Value::Bs(difference(x, y)),
        _ => return Err(Violation::OperandType.into()),
    };
    let empty = match &out {
        Value::Ss(s) => s.is_empty(),
        Value::Ns(s) => s.is_empty(),
        Value::Bs(s) => s.is_empty(),
        _ => false,
    };
    Ok((!empty).then_some(out))
}

/// Applies the update to `base` (the stored item, or the key alone for a new
/// item). Every operand reads `base` as it was before the update; the actions
/// then apply SET first, REMOVE (highest list index first), ADD, DELETE.
///
/// `base` is taken by value and changed in place: every SET operand is
/// computed before the first change.
pub(crate) fn apply(update: &Update, base: Item) -> Result<Item, Error> {
    let mut sets = Vec::new();
    for action in update.actions() {
        if let UpdateAction::Set(p, e) = action {
            sets.push((p, set_value(e, &base)?));
        }
    }
    let mut item = base;
    for (p, v) in sets {
        assign(&mut item, p, v)?;
    }
    let mut removes: Vec<&Path> = update
        .actions()
        .iter()
        .filter_map(|a| match a {
            UpdateAction::Remove(p) => Some(p),
            _ => None,
        })
        .collect();
    removes.sort();
    for p in removes.into_iter().rev() {
        remove(&mut item, p)?;
    }
    for action in update.actions() {
        match action {
            UpdateAction::Add(p, v) => {
                let new = add_value(resolve(&item, p).as_deref(), v)?;
                assign(&mut item, p, new)?;
            }
            UpdateAction::Delete(p, v) => {
                let Some(current) = resolve(&item, p) else {
                    if p.is_top_level() || parent_holds(&item, p) {
                        continue;
                    }
                    return Err(invalid_path());
                };
                match delete_value(&current, v)? {
                    Some(new) => assign(&mut item, p, new)?,
                    None => {
                        remove(&mut item, p)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(item)
}

/// Whether the parent of a nested path is a container its last step can
/// address: a map for a name, a list for an index.
fn parent_holds(item: &Item, p: &Path) -> bool {
    let segs = p.segments();
    let Some((last, parent)) = segs.split_last() else {
        return false;
    };
    let mut parent_path = Path::attr(p.root());
    for s in parent.iter().skip(1) {
        parent_path = match s {
            dynorm::expr::PathSegment::Attr(n) => parent_path.key(n.clone()),
            dynorm::expr::PathSegment::Index(i) => parent_path.index(*i),
        };
    }
    matches!(
        (resolve(item, &parent_path).as_deref(), last),
        (Some(Value::M(_)), dynorm::expr::PathSegment::Attr(_))
            | (Some(Value::L(_)), dynorm::expr::PathSegment::Index(_))
    )
}
