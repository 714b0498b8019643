//! An estimate of the size and operator count of an expression as the DynamoDB
//! backend renders it (names as `#n0`, `#n1`... one per distinct name; values as
//! `:v0`, `:v1`... one per occurrence), to enforce DynamoDB's 4 KB and
//! 300-operator limits. The estimate follows the rendering closely but is not
//! byte-exact: spacing and parentheses may differ by a few bytes.

use dynorm::expr::{
    Condition, Operand, Path, PathSegment, SetExpr, Update, UpdateAction, UpdateOperand,
};
use std::collections::HashMap;

/// Largest expression, in bytes.
pub(crate) const MAX_EXPRESSION_BYTES: usize = 4096;
/// Most operators and functions in one expression.
pub(crate) const MAX_OPERATORS: usize = 300;

/// Running totals for one expression.
#[derive(Debug, Default)]
pub(crate) struct ExprSize {
    names: HashMap<String, usize>,
    values: usize,
    /// Estimated rendered length.
    pub(crate) bytes: usize,
    /// Operators and functions.
    pub(crate) operators: usize,
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

impl ExprSize {
    fn text(&mut self, s: &str) {
        self.bytes += s.len();
    }

    fn path(&mut self, p: &Path) {
        for (i, seg) in p.segments().iter().enumerate() {
            match seg {
                PathSegment::Attr(name) => {
                    if i > 0 {
                        self.bytes += 1;
                    }
                    let next = self.names.len();
                    let n = *self.names.entry(name.clone()).or_insert(next);
                    self.bytes += 2 + digits(n);
                }
                PathSegment::Index(idx) => self.bytes += 2 + digits(*idx),
            }
        }
    }

    fn value(&mut self) {
        self.bytes += 2 + digits(self.values);
        self.values += 1;
    }

    fn operand(&mut self, o: &Operand) {
        match o {
            Operand::Path(p) => self.path(p),
            Operand::Value(_) => self.value(),
            Operand::Size(p) => {
                self.operators += 1;
                self.text("size()");
                self.path(p);
            }
        }
    }

    fn function(&mut self, name: &str) {
        self.operators += 1;
        self.text(name);
        self.text("(, )");
    }

    /// Adds a condition.
    pub(crate) fn condition(&mut self, c: &Condition) {
        match c {
            Condition::Compare(a, op, b) => {
                self.operators += 1;
                self.operand(a);
                self.text(op.as_str());
                self.text("  ");
                self.operand(b);
            }
            Condition::Between(a, l, h) => {
                self.operators += 1;
                self.operand(a);
                self.text(" BETWEEN ");
                self.operand(l);
                self.text(" AND ");
                self.operand(h);
            }
            Condition::In(a, list) => {
                self.operators += 1;
                self.operand(a);
                self.text(" IN ()");
                for o in list {
                    self.operand(o);
                    self.text(", ");
                }
            }
            Condition::BeginsWith(p, o) => {
                self.function("begins_with");
                self.path(p);
                self.operand(o);
            }
            Condition::Contains(p, o) => {
                self.function("contains");
                self.path(p);
                self.operand(o);
            }
            Condition::Exists(p) => {
                self.function("attribute_exists");
                self.path(p);
            }
            Condition::NotExists(p) => {
                self.function("attribute_not_exists");
                self.path(p);
            }
            Condition::IsType(p, _) => {
                self.function("attribute_type");
                self.path(p);
                self.value();
            }
            Condition::And(v) | Condition::Or(v) => {
                self.operators += v.len().saturating_sub(1);
                self.text("()");
                for c in v {
                    self.condition(c);
                    self.text(" AND ");
                }
            }
            Condition::Not(c) => {
                self.operators += 1;
                self.text("NOT ()");
                self.condition(c);
            }
        }
    }

    fn update_operand(&mut self, o: &UpdateOperand) {
        match o {
            UpdateOperand::Path(p) => self.path(p),
            UpdateOperand::Value(_) => self.value(),
            UpdateOperand::IfNotExists(p, f) => {
                self.function("if_not_exists");
                self.path(p);
                self.update_operand(f);
            }
            UpdateOperand::ListAppend(a, b) => {
                self.function("list_append");
                self.update_operand(a);
                self.update_operand(b);
            }
        }
    }

    /// Adds an update expression.
    pub(crate) fn update(&mut self, u: &Update) {
        self.text("SET REMOVE ADD DELETE ");
        for action in u.actions() {
            match action {
                UpdateAction::Set(p, e) => {
                    self.path(p);
                    self.text(" = , ");
                    match e {
                        SetExpr::Operand(o) => self.update_operand(o),
                        SetExpr::Plus(a, b) | SetExpr::Minus(a, b) => {
                            self.operators += 1;
                            self.update_operand(a);
                            self.text(" + ");
                            self.update_operand(b);
                        }
                    }
                }
                UpdateAction::Remove(p) => {
                    self.path(p);
                    self.text(", ");
                }
                UpdateAction::Add(p, _) | UpdateAction::Delete(p, _) => {
                    self.path(p);
                    self.text(" , ");
                    self.value();
                }
            }
        }
    }
}
