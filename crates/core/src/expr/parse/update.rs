//! The update grammar:
//!
//! ```text
//! update  := clause+            (each of SET, REMOVE, ADD, DELETE at most once)
//! clause  := SET path '=' value (',' path '=' value)*
//!          | REMOVE path (',' path)*
//!          | ADD path :v (',' path :v)*
//!          | DELETE path :v (',' path :v)*
//! value   := operand (('+' | '-') operand)?
//! operand := path | :v | if_not_exists(path, operand) | list_append(operand, operand)
//!          | '(' value ')'
//! ```

use super::lexer::{Keyword, Tok};
use super::parser::{as_path, Expr, Parser};
use crate::expr::{Path, SetExpr, Update, UpdateAction, UpdateOperand};
use crate::rules::expression as rules;
use crate::{Result, Value};

fn placeholder_operand() -> UpdateOperand {
    UpdateOperand::Value(Value::Null)
}

impl<'s> Parser<'s, '_, '_> {
    /// A whole update text.
    pub(super) fn update_text(&mut self) -> Result<Update> {
        let mut seen = [false; 4];
        let mut update = Update::new();
        loop {
            let (clause, word) = match self.keyword() {
                Some(Keyword::Set) => (0, "SET"),
                Some(Keyword::Remove) => (1, "REMOVE"),
                Some(Keyword::Add) => (2, "ADD"),
                Some(Keyword::Delete) => (3, "DELETE"),
                _ => return Err(self.syntax_error()),
            };
            if seen[clause] {
                self.defer_clause(rules::clause_repeated(word));
            }
            seen[clause] = true;
            self.bump();
            loop {
                self.next_part();
                self.in_target = true;
                let path = self.path()?;
                self.in_target = false;
                let action = match clause {
                    0 => {
                        self.expect(Tok::Eq)?;
                        let value = self.set_value()?;
                        UpdateAction::Set(path, self.set_expr(value))
                    }
                    1 => UpdateAction::Remove(path),
                    _ => {
                        if self.tok() != Tok::ValuePlaceholder {
                            return Err(self.syntax_error());
                        }
                        let value = self.value();
                        if clause == 2 {
                            UpdateAction::Add(path, value)
                        } else {
                            UpdateAction::Delete(path, value)
                        }
                    }
                };
                update = update.action(action);
                if self.tok() != Tok::Comma {
                    break;
                }
                self.bump();
            }
            if self.tok() == Tok::Eof {
                return Ok(update);
            }
        }
    }

    fn set_expr(&mut self, e: Expr<'s>) -> SetExpr {
        match e {
            Expr::Group(inner) => self.set_expr(*inner),
            Expr::Arith(a, plus, b) => {
                let a = self.update_operand(*a);
                let b = self.update_operand(*b);
                if plus {
                    SetExpr::Plus(a, b)
                } else {
                    SetExpr::Minus(a, b)
                }
            }
            other => SetExpr::Operand(self.update_operand(other)),
        }
    }

    fn update_operand(&mut self, e: Expr<'s>) -> UpdateOperand {
        match e {
            Expr::Path(p) => UpdateOperand::Path(p),
            Expr::Value(v) => UpdateOperand::Value(v),
            Expr::Group(inner) => self.update_operand(*inner),
            Expr::Arith(..) => {
                self.defer_semantic(rules::unsupported(
                    self.kind,
                    "arithmetic inside an operand of + or -",
                ));
                placeholder_operand()
            }
            Expr::Call { name, at, args } => {
                match name {
                    "if_not_exists" | "list_append" => {}
                    "attribute_exists"
                    | "attribute_not_exists"
                    | "attribute_type"
                    | "begins_with"
                    | "contains"
                    | "size" => {
                        self.defer_positional(at, rules::function_not_in_update(name));
                        return placeholder_operand();
                    }
                    _ => {
                        self.defer_positional(at, rules::invalid_function(self.kind, name));
                        return placeholder_operand();
                    }
                }
                if args.len() != 2 {
                    self.defer_semantic(rules::operand_count(self.kind, name, args.len()));
                    return placeholder_operand();
                }
                let mut args = args.into_iter();
                let (Some(a), Some(b)) = (args.next(), args.next()) else {
                    return placeholder_operand();
                };
                if name == "if_not_exists" {
                    let path: Option<Path> = as_path(&a).cloned();
                    let fallback = self.update_operand(b);
                    match path {
                        Some(p) => UpdateOperand::IfNotExists(p, Box::new(fallback)),
                        None => {
                            self.update_operand(a);
                            self.defer_semantic(rules::requires_path(self.kind, name));
                            placeholder_operand()
                        }
                    }
                } else {
                    let a = self.update_operand(a);
                    let b = self.update_operand(b);
                    UpdateOperand::ListAppend(Box::new(a), Box::new(b))
                }
            }
        }
    }
}
