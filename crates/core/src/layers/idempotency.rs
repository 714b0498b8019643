//! Which requests the retry layer may send again after an attempt whose
//! outcome is unknown (a 5xx or a transport error: the write may have been
//! applied), and which conditions make that safe.
//!
//! The rules, one function each:
//!
//! - **An update is idempotent** ([`update_is_idempotent`]) when applying it
//!   twice leaves the item as applying it once: SET to values, REMOVE of
//!   attributes and map keys, ADD of set members, DELETE of set members.
//!   Not idempotent: ADD of a number; a SET whose value reads a path the
//!   update writes (`a = a + :x`, `a = a - :x`, `l = list_append(l, :x)`,
//!   `a = b, b = a`), except `a = if_not_exists(a, v)`, which only sets an
//!   absent `a`; SET or REMOVE of a list element by index (`l[2]`), which
//!   appends past the end or shifts the elements after it.
//! - **A condition guards a retry** ([`condition_guards`]) when the update
//!   itself makes it false, so that a second application cannot pass it:
//!   one of its `AND` terms is `attribute_not_exists(p)` for a path the
//!   update sets or adds to (or a key attribute: an UpdateItem creates the
//!   item), `attribute_exists(p)` for a path it removes, `p = v` for a path
//!   it sets to another value, removes, or changes by a non-zero number, or
//!   `NOT contains(p, v)` for a set it adds `v` to (an idempotency key kept
//!   in the item). A guarded update is retried; if the retry fails its
//!   condition, the first attempt may be the one that made it false, so the
//!   answer is [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown), not
//!   `ConditionFailed`.
//! - **Any write retried after an unknown outcome** whose last attempt
//!   fails (a put or delete whose condition the first attempt may have made
//!   false, throttling until the attempts ran out, a conflict) is reported
//!   as `OutcomeUnknown` too: the first attempt may have been applied.

use crate::expr::{CompareOp, Condition, Operand, Path, PathSegment, SetExpr, Update};
use crate::expr::{UpdateAction, UpdateOperand};
use crate::value::{Item, Value};

/// Whether applying `update` twice leaves the item as applying it once
/// (see the [module documentation](self) for the rule).
///
/// ```
/// use dynorm::layers::idempotency::update_is_idempotent;
/// use dynorm::Update;
/// assert!(update_is_idempotent(&Update::new().set("name", "Ann").remove("nick")));
/// assert!(!update_is_idempotent(&Update::new().add("visits", 1)));
/// assert!(!update_is_idempotent(&Update::new().increment("visits", 1)));
/// ```
pub fn update_is_idempotent(update: &Update) -> bool {
    let written: Vec<&Path> = update.actions().iter().map(UpdateAction::path).collect();
    update.actions().iter().all(|action| match action {
        UpdateAction::Set(target, expr) => {
            !ends_in_index(target) && !set_reads_written(target, expr, &written)
        }
        UpdateAction::Remove(target) => !ends_in_index(target),
        UpdateAction::Add(_, value) => is_set(value),
        UpdateAction::Delete(..) => true,
    })
}

/// Whether `condition` is false once `update` was applied to the item with
/// `key` (whatever the item held before), so a second application fails it
/// (see the [module documentation](self) for the rule).
///
/// ```
/// use dynorm::layers::idempotency::condition_guards;
/// use dynorm::{attr, Item, Update};
/// let key = Item::new().with("pk", "p1");
/// let bump = Update::new().add("stock", -1).increment("version", 1);
/// assert!(condition_guards(&attr("version").eq(7), &key, &bump));
/// assert!(!condition_guards(&attr("stock").gt(0), &key, &bump));
/// ```
pub fn condition_guards(condition: &Condition, key: &Item, update: &Update) -> bool {
    conjuncts(condition)
        .into_iter()
        .any(|term| term_falsified(term, key, update))
}

/// The terms of a condition's top-level `AND`s.
fn conjuncts(condition: &Condition) -> Vec<&Condition> {
    match condition {
        Condition::And(terms) => terms.iter().flat_map(conjuncts).collect(),
        other => vec![other],
    }
}

fn term_falsified(term: &Condition, key: &Item, update: &Update) -> bool {
    let actions = update.actions();
    match term {
        Condition::NotExists(p) => {
            (p.is_top_level() && key.get(p.root()).is_some())
                || actions.iter().any(|a| match a {
                    UpdateAction::Set(target, _) | UpdateAction::Add(target, _) => target == p,
                    _ => false,
                })
        }
        Condition::Exists(p) => actions
            .iter()
            .any(|a| matches!(a, UpdateAction::Remove(target) if target == p)),
        Condition::Compare(Operand::Path(p), CompareOp::Eq, Operand::Value(v))
        | Condition::Compare(Operand::Value(v), CompareOp::Eq, Operand::Path(p)) => {
            actions.iter().any(|a| changes_away_from(a, p, v))
        }
        Condition::Not(inner) => match &**inner {
            Condition::Contains(p, Operand::Value(v)) => actions.iter().any(|a| {
                matches!(a, UpdateAction::Add(target, members)
                    if target == p && set_contains(members, v))
            }),
            _ => false,
        },
        _ => false,
    }
}

/// Whether `action` leaves `p` different from `v` whatever it held.
fn changes_away_from(action: &UpdateAction, p: &Path, v: &Value) -> bool {
    match action {
        UpdateAction::Remove(target) => target == p,
        UpdateAction::Set(target, expr) if target == p => match expr {
            SetExpr::Operand(UpdateOperand::Value(w)) => w != v,
            SetExpr::Plus(a, b) => adds_nonzero_to(p, a, b),
            SetExpr::Minus(a, UpdateOperand::Value(Value::N(n))) => {
                matches!(a, UpdateOperand::Path(x) if x == p) && !n.is_zero()
            }
            _ => false,
        },
        UpdateAction::Add(target, Value::N(n)) => target == p && !n.is_zero(),
        _ => false,
    }
}

/// `p + n` or `n + p` with a non-zero number `n`.
fn adds_nonzero_to(p: &Path, a: &UpdateOperand, b: &UpdateOperand) -> bool {
    match (a, b) {
        (UpdateOperand::Path(x), UpdateOperand::Value(Value::N(n)))
        | (UpdateOperand::Value(Value::N(n)), UpdateOperand::Path(x)) => x == p && !n.is_zero(),
        _ => false,
    }
}

fn ends_in_index(p: &Path) -> bool {
    matches!(p.segments().last(), Some(PathSegment::Index(_)))
}

fn is_set(v: &Value) -> bool {
    matches!(v, Value::Ss(_) | Value::Ns(_) | Value::Bs(_))
}

fn set_contains(set: &Value, member: &Value) -> bool {
    match (set, member) {
        (Value::Ss(s), Value::S(m)) => s.contains(m),
        (Value::Ns(s), Value::N(m)) => s.contains(m),
        (Value::Bs(s), Value::B(m)) => s.contains(m),
        _ => false,
    }
}

/// Whether `a` is `b` or inside it, or `b` inside `a`.
fn overlaps(a: &Path, b: &Path) -> bool {
    let (a, b) = (a.segments(), b.segments());
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

/// Whether the value of `SET target = expr` reads a path the update writes
/// (`SET a = if_not_exists(a, v)` only reads `a` to keep it).
fn set_reads_written(target: &Path, expr: &SetExpr, written: &[&Path]) -> bool {
    let reads_written = |o: &UpdateOperand| operand_reads(o, written);
    match expr {
        SetExpr::Operand(UpdateOperand::IfNotExists(p, fallback)) if p == target => {
            reads_written(fallback)
        }
        SetExpr::Operand(o) => reads_written(o),
        SetExpr::Plus(a, b) | SetExpr::Minus(a, b) => reads_written(a) || reads_written(b),
    }
}

fn operand_reads(o: &UpdateOperand, written: &[&Path]) -> bool {
    match o {
        UpdateOperand::Value(_) => false,
        UpdateOperand::Path(p) => written.iter().any(|w| overlaps(p, w)),
        UpdateOperand::IfNotExists(p, fallback) => {
            written.iter().any(|w| overlaps(p, w)) || operand_reads(fallback, written)
        }
        UpdateOperand::ListAppend(a, b) => operand_reads(a, written) || operand_reads(b, written),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr;
    use crate::value::StringSet;

    fn idempotent(u: Update) -> bool {
        update_is_idempotent(&u)
    }

    fn list(v: i64) -> Vec<Value> {
        vec![Value::from(v)]
    }

    #[test]
    fn sets_to_values_removes_and_set_members_are_idempotent() {
        assert!(idempotent(Update::new().set("name", "Ann").remove("nick")));
        assert!(idempotent(Update::new().set("a.b", 3).remove("m.k")));
        assert!(idempotent(Update::new().set_if_not_exists("created", 1)));
        assert!(idempotent(
            Update::new().add("tags", Value::Ss(vec!["x".into()]))
        ));
        assert!(idempotent(
            Update::new().delete("tags", Value::Ss(vec!["x".into()]))
        ));
        // Reading a path the update does not write.
        assert!(idempotent(Update::new().set_expr(
            "copy",
            SetExpr::Operand(UpdateOperand::Path("original".into()))
        )));
        assert!(idempotent(Update::new().set_expr(
            "total",
            SetExpr::Plus(UpdateOperand::Path("base".into()), 1.into())
        )));
        assert!(idempotent(Update::new().set_expr(
            "l",
            SetExpr::Operand(UpdateOperand::ListAppend(
                Box::new(UpdateOperand::Path("other".into())),
                Box::new(UpdateOperand::Value(Value::L(list(1))))
            ))
        )));
        // Setting a field inside a list element replaces it.
        assert!(idempotent(Update::new().set("l[2].name", "x")));
    }

    #[test]
    fn counters_appends_and_list_indexes_are_not_idempotent() {
        assert!(!idempotent(Update::new().add("n", 1)));
        assert!(!idempotent(Update::new().increment("n", 1)));
        assert!(!idempotent(Update::new().set_expr(
            "n",
            SetExpr::Minus(UpdateOperand::Path("n".into()), 1.into())
        )));
        assert!(!idempotent(Update::new().append("history", list(1))));
        // A swap reads what it writes.
        assert!(!idempotent(
            Update::new()
                .set_expr("a", SetExpr::Operand(UpdateOperand::Path("b".into())))
                .set_expr("b", SetExpr::Operand(UpdateOperand::Path("a".into())))
        ));
        // A copy of a map the update changes inside.
        assert!(!idempotent(
            Update::new()
                .set_expr("copy", SetExpr::Operand(UpdateOperand::Path("m".into())))
                .set("m.k", 1)
        ));
        // if_not_exists of another path the update writes.
        assert!(!idempotent(
            Update::new()
                .set_expr(
                    "a",
                    SetExpr::Operand(UpdateOperand::IfNotExists("b".into(), Box::new(0.into())))
                )
                .set("b", 1)
        ));
        // Counter with a default: if_not_exists(n, 0) + 1.
        assert!(!idempotent(Update::new().set_expr(
            "n",
            SetExpr::Plus(
                UpdateOperand::IfNotExists("n".into(), Box::new(0.into())),
                1.into()
            )
        )));
        assert!(!idempotent(Update::new().remove("l[0]")));
        assert!(!idempotent(Update::new().set("l[9]", 1)));
    }

    fn key() -> Item {
        Item::new().with("pk", "k")
    }

    fn guards(c: Condition, u: Update) -> bool {
        condition_guards(&c, &key(), &u)
    }

    #[test]
    fn conditions_the_update_makes_false_guard_the_retry() {
        let bump = || Update::new().increment("v", 1).add("n", 5);
        assert!(guards(attr("v").eq(3), bump()));
        assert!(guards(attr("pk").not_exists(), Update::new().add("n", 1)));
        assert!(guards(attr("n").not_exists(), Update::new().add("n", 1)));
        assert!(guards(
            attr("lock").exists(),
            Update::new().remove("lock").add("n", 1)
        ));
        assert!(guards(
            attr("state").eq("open"),
            Update::new().set("state", "closed").add("n", 1)
        ));
        // An idempotency key kept in a set.
        assert!(guards(
            !attr("ops").contains("op-7"),
            Update::new()
                .add("n", 1)
                .add("ops", StringSet::from_iter(["op-7"]))
        ));
        // One guarding term is enough in an AND.
        assert!(guards(
            attr("owner").eq("me") & attr("v").eq(3),
            Update::new().increment("v", 1)
        ));
    }

    #[test]
    fn conditions_a_second_application_passes_do_not_guard() {
        assert!(!guards(attr("pk").exists(), Update::new().add("n", 1)));
        assert!(!guards(attr("n").ge(0), Update::new().add("n", 1)));
        assert!(!guards(attr("v").eq(3), Update::new().increment("v", 0)));
        assert!(!guards(
            attr("state").eq("open"),
            Update::new().set("state", "open").add("n", 1)
        ));
        assert!(!guards(
            !attr("ops").contains("op-7"),
            Update::new()
                .add("n", 1)
                .add("ops", StringSet::from_iter(["op-8"]))
        ));
        // An OR is not analysed: either side may still hold.
        assert!(!guards(
            attr("v").eq(3) | attr("w").exists(),
            Update::new().increment("v", 1)
        ));
    }
}
