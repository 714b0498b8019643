//! Binding parameters: literals and WHERE clauses into values and core's
//! expression trees.

use super::statement::{Expr, Literal, SetValue, UpdateClause};
use crate::expr::{Condition, Operand, Path, Update, UpdateAction, UpdateOperand};
use crate::rules::partiql::Violation;
use crate::value::{Item, Value, ValueType};
use crate::Error;

/// The parameters of one statement, and its text for the errors that echo it.
pub(crate) struct Binder<'a> {
    pub(crate) params: &'a [Value],
    pub(crate) text: &'a str,
}

impl Binder<'_> {
    /// The error of a statement whose shape PartiQL for DynamoDB does not accept.
    pub(crate) fn malformed(&self) -> Error {
        Violation::Syntax(self.text.to_owned()).into_error()
    }

    /// The value of a literal, its parameters bound.
    pub(crate) fn value(&self, lit: &Literal) -> Result<Value, Error> {
        Ok(match lit {
            Literal::Value(v) => v.clone(),
            Literal::Param(i) => self
                .params
                .get(*i)
                .cloned()
                .ok_or_else(|| Violation::ParameterCount.into_error())?,
            Literal::List(items) => Value::L(
                items
                    .iter()
                    .map(|l| self.value(l))
                    .collect::<Result<_, _>>()?,
            ),
            Literal::Map(entries) => {
                let mut item = Item::new();
                for (name, l) in entries {
                    item.insert(name.clone(), self.value(l)?);
                }
                Value::M(item)
            }
            Literal::Set(members) => {
                let values = members
                    .iter()
                    .map(|l| self.value(l))
                    .collect::<Result<Vec<_>, _>>()?;
                set_of(values).ok_or_else(|| self.malformed())?
            }
        })
    }

    /// The item of an INSERT's `VALUE`.
    pub(crate) fn item(&self, lit: &Literal) -> Result<Item, Error> {
        match self.value(lit)? {
            Value::M(item) => Ok(item),
            _ => Err(self.malformed()),
        }
    }

    /// The value of an expression that must be a literal.
    pub(crate) fn literal(&self, e: &Expr) -> Result<Value, Error> {
        match e {
            Expr::Literal(l) => self.value(l),
            _ => Err(self.malformed()),
        }
    }

    fn operand(&self, e: &Expr) -> Result<Operand, Error> {
        Ok(match e {
            Expr::Path(p) => Operand::Path(p.clone()),
            Expr::Literal(l) => Operand::Value(self.value(l)?),
            Expr::Call(name, args) if name == "size" => match args.as_slice() {
                [Expr::Path(p)] => Operand::Size(p.clone()),
                _ => return Err(self.malformed()),
            },
            Expr::Call(name, _) => return Err(unknown_function(name)),
            _ => return Err(self.malformed()),
        })
    }

    fn path(&self, e: &Expr) -> Result<Path, Error> {
        match e {
            Expr::Path(p) => Ok(p.clone()),
            _ => Err(self.malformed()),
        }
    }

    /// A WHERE clause as a condition tree.
    pub(crate) fn condition(&self, e: &Expr) -> Result<Condition, Error> {
        Ok(match e {
            Expr::Compare(a, op, b) => Condition::Compare(self.operand(a)?, *op, self.operand(b)?),
            Expr::Between(a, low, high) => {
                Condition::Between(self.operand(a)?, self.operand(low)?, self.operand(high)?)
            }
            Expr::In(a, list) => Condition::In(
                self.operand(a)?,
                list.iter()
                    .map(|o| self.operand(o))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Is {
                operand,
                missing,
                negated,
            } => {
                let p = self.path(operand)?;
                match (missing, negated) {
                    (true, false) => Condition::NotExists(p),
                    (true, true) => Condition::Exists(p),
                    (false, false) => Condition::IsType(p, ValueType::Null),
                    (false, true) => {
                        Condition::Not(Box::new(Condition::IsType(p, ValueType::Null)))
                    }
                }
            }
            Expr::Call(name, args) => match (name.as_str(), args.as_slice()) {
                ("begins_with", [p, v]) => Condition::BeginsWith(self.path(p)?, self.operand(v)?),
                ("contains", [p, v]) => Condition::Contains(self.path(p)?, self.operand(v)?),
                ("attribute_type", [p, t]) => {
                    let ty = match self.literal(t)? {
                        Value::S(s) => ValueType::parse(&s).ok_or_else(|| self.malformed())?,
                        _ => return Err(self.malformed()),
                    };
                    Condition::IsType(self.path(p)?, ty)
                }
                ("begins_with" | "contains" | "attribute_type" | "size", _) => {
                    return Err(self.malformed())
                }
                (other, _) => return Err(unknown_function(other)),
            },
            Expr::And(all) => Condition::And(
                all.iter()
                    .map(|c| self.condition(c))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Or(any) => Condition::Or(
                any.iter()
                    .map(|c| self.condition(c))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Not(c) => Condition::Not(Box::new(self.condition(c)?)),
            Expr::Path(_) | Expr::Literal(_) => return Err(self.malformed()),
        })
    }

    fn update_operand(&self, e: &Expr) -> Result<UpdateOperand, Error> {
        Ok(match e {
            Expr::Path(p) => UpdateOperand::Path(p.clone()),
            Expr::Literal(l) => UpdateOperand::Value(self.value(l)?),
            Expr::Call(name, _) => return Err(unknown_function(name)),
            _ => return Err(self.malformed()),
        })
    }

    /// An UPDATE's SET and REMOVE clauses as an update tree.
    pub(crate) fn update(&self, clauses: &[UpdateClause]) -> Result<Update, Error> {
        use crate::expr::SetExpr;
        let mut update = Update::new();
        for clause in clauses {
            let action = match clause {
                UpdateClause::Remove(p) => UpdateAction::Remove(p.clone()),
                UpdateClause::Set(p, v) => match v {
                    SetValue::Operand(e) => {
                        UpdateAction::Set(p.clone(), SetExpr::Operand(self.update_operand(e)?))
                    }
                    SetValue::Plus(a, b) => UpdateAction::Set(
                        p.clone(),
                        SetExpr::Plus(self.update_operand(a)?, self.update_operand(b)?),
                    ),
                    SetValue::Minus(a, b) => UpdateAction::Set(
                        p.clone(),
                        SetExpr::Minus(self.update_operand(a)?, self.update_operand(b)?),
                    ),
                    SetValue::ListAppend(a, b) => UpdateAction::Set(
                        p.clone(),
                        SetExpr::Operand(UpdateOperand::ListAppend(
                            Box::new(self.update_operand(a)?),
                            Box::new(self.update_operand(b)?),
                        )),
                    ),
                    SetValue::SetAdd(target, e) if target == p => {
                        UpdateAction::Add(p.clone(), self.literal(e)?)
                    }
                    SetValue::SetDelete(target, e) if target == p => {
                        UpdateAction::Delete(p.clone(), self.literal(e)?)
                    }
                    SetValue::SetAdd(..) | SetValue::SetDelete(..) => return Err(self.malformed()),
                },
            };
            update = update.action(action);
        }
        Ok(update)
    }
}

fn unknown_function(name: &str) -> Error {
    Violation::UnknownFunction(name.to_owned()).into_error()
}

/// The set of `values`: all strings, all numbers or all binaries (an empty
/// set stays a string set, which the item rules reject).
fn set_of(values: Vec<Value>) -> Option<Value> {
    match values.first() {
        None => Some(Value::Ss(Vec::new())),
        Some(Value::S(_)) => values
            .into_iter()
            .map(|v| match v {
                Value::S(s) => Some(s),
                _ => None,
            })
            .collect::<Option<_>>()
            .map(Value::Ss),
        Some(Value::N(_)) => values
            .into_iter()
            .map(|v| match v {
                Value::N(n) => Some(n),
                _ => None,
            })
            .collect::<Option<_>>()
            .map(Value::Ns),
        Some(Value::B(_)) => values
            .into_iter()
            .map(|v| match v {
                Value::B(b) => Some(b),
                _ => None,
            })
            .collect::<Option<_>>()
            .map(Value::Bs),
        Some(_) => None,
    }
}
