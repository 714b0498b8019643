//! The condition grammar (ConditionExpression, FilterExpression, and the text of
//! a KeyConditionExpression):
//!
//! ```text
//! or      := and (OR and)*
//! and     := not (AND not)*
//! not     := NOT* primary
//! primary := '(' or ')' | operand tail
//! tail    := comparator operand | BETWEEN operand AND operand
//!          | IN '(' operand (',' operand)* ')' | <nothing, after a function call>
//! ```
//!
//! A parenthesised operand (`(a) = :v`) is an operand, not a condition: the
//! inner `or` hands an operand followed by `)` back up.

use super::lexer::{Keyword, Tok};
use super::parser::{as_path, Expr, Parser};
use crate::expr::{CompareOp, Condition, Operand, Path};
use crate::rules::expression::{self as rules, MAX_OPERATORS};
use crate::value::{Value, ValueType};
use crate::Result;

/// A parsed piece: a condition (and whether it is one parenthesised group),
/// or an operand that a `)` closes.
enum Node<'s> {
    Cond(Condition, bool),
    Operand(Expr<'s>),
}

/// Deeper group nesting needs more than [`MAX_OPERATORS`] operators or
/// redundant parentheses, both errors; the bound keeps recursion shallow.
const MAX_GROUP_DEPTH: usize = MAX_OPERATORS + 1;

fn placeholder_condition() -> Condition {
    Condition::Exists(Path::attr(""))
}

fn placeholder_operand() -> Operand {
    Operand::Value(Value::Null)
}

impl<'s> Parser<'s, '_, '_> {
    /// A whole condition text.
    pub(super) fn condition_text(&mut self) -> Result<Condition> {
        let node = self.or(0)?;
        self.expect_end()?;
        self.require_cond(node)
    }

    fn require_cond(&self, node: Node<'s>) -> Result<Condition> {
        match node {
            Node::Cond(c, _) => Ok(c),
            Node::Operand(_) => Err(self.syntax_error()),
        }
    }

    fn or(&mut self, depth: usize) -> Result<Node<'s>> {
        let first = self.and(depth)?;
        if !self.at_keyword(Keyword::Or) {
            return Ok(first);
        }
        let mut list = vec![self.require_cond(first)?];
        while self.at_keyword(Keyword::Or) {
            self.bump();
            let next = self.and(depth)?;
            list.push(self.require_cond(next)?);
        }
        Ok(Node::Cond(Condition::Or(list), false))
    }

    fn and(&mut self, depth: usize) -> Result<Node<'s>> {
        let first = self.not(depth)?;
        if !self.at_keyword(Keyword::And) {
            return Ok(first);
        }
        let mut list = vec![self.require_cond(first)?];
        while self.at_keyword(Keyword::And) {
            self.bump();
            let next = self.not(depth)?;
            list.push(self.require_cond(next)?);
        }
        Ok(Node::Cond(Condition::And(list), false))
    }

    fn not(&mut self, depth: usize) -> Result<Node<'s>> {
        let mut nots = 0;
        while self.at_keyword(Keyword::Not) {
            self.bump();
            nots += 1;
        }
        let node = self.primary(depth)?;
        if nots == 0 {
            return Ok(node);
        }
        let mut c = self.require_cond(node)?;
        for _ in 0..nots {
            c = Condition::Not(Box::new(c));
        }
        Ok(Node::Cond(c, false))
    }

    fn primary(&mut self, depth: usize) -> Result<Node<'s>> {
        if self.tok() != Tok::LParen {
            let e = self.operand(false)?;
            return self.after_operand(e, depth);
        }
        if depth >= MAX_GROUP_DEPTH {
            return Err(self.nested_too_deep());
        }
        self.bump();
        let inner = self.or(depth + 1)?;
        self.expect(Tok::RParen)?;
        match inner {
            Node::Cond(c, grouped) => {
                if grouped {
                    self.defer_redundant();
                }
                Ok(Node::Cond(c, true))
            }
            Node::Operand(e) => {
                let e = self.group(e);
                self.after_operand(e, depth)
            }
        }
    }

    /// Groups nested past [`MAX_GROUP_DEPTH`]: redundant parentheses when the
    /// text has `((`, else too many operators.
    fn nested_too_deep(&self) -> crate::Error {
        let compact: String = self.src.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.contains("((") {
            return rules::redundant_parentheses(self.kind);
        }
        rules::too_many_operators(self.kind)
    }

    fn after_operand(&mut self, left: Expr<'s>, depth: usize) -> Result<Node<'s>> {
        let op = match self.tok() {
            Tok::Eq => Some(CompareOp::Eq),
            Tok::Ne => Some(CompareOp::Ne),
            Tok::Lt => Some(CompareOp::Lt),
            Tok::Le => Some(CompareOp::Le),
            Tok::Gt => Some(CompareOp::Gt),
            Tok::Ge => Some(CompareOp::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            let right = self.operand(false)?;
            let a = self.cond_operand(left);
            let b = self.cond_operand(right);
            return Ok(self.leaf(Condition::Compare(a, op, b)));
        }
        match self.keyword() {
            Some(Keyword::Between) => {
                self.bump();
                let low = self.operand(false)?;
                if !self.at_keyword(Keyword::And) {
                    return Err(self.syntax_error());
                }
                self.bump();
                let high = self.operand(false)?;
                let a = self.cond_operand(left);
                let l = self.cond_operand(low);
                let h = self.cond_operand(high);
                return Ok(self.leaf(Condition::Between(a, l, h)));
            }
            Some(Keyword::In) => {
                self.bump();
                self.expect(Tok::LParen)?;
                let mut list = vec![self.operand(false)?];
                while self.tok() == Tok::Comma {
                    self.bump();
                    list.push(self.operand(false)?);
                }
                self.expect(Tok::RParen)?;
                let a = self.cond_operand(left);
                let list = list.into_iter().map(|e| self.cond_operand(e)).collect();
                return Ok(self.leaf(Condition::In(a, list)));
            }
            _ => {}
        }
        if matches!(left, Expr::Call { .. }) {
            let c = self.function_condition(left);
            return Ok(self.leaf(c));
        }
        if self.tok() == Tok::RParen && depth > 0 {
            return Ok(Node::Operand(left));
        }
        Err(self.syntax_error())
    }

    /// A comparison, `BETWEEN`, `IN` or function, checked as soon as it is
    /// built ([`rules::check_condition`]): DynamoDB checks each node after its
    /// operands, so the first error in that order is the one it reports.
    fn leaf(&mut self, c: Condition) -> Node<'s> {
        if let Err(e) = rules::check_condition(&c, self.kind) {
            self.defer_semantic(e);
        }
        Node::Cond(c, false)
    }

    /// An operand of a comparison, `BETWEEN`, `IN` or function.
    pub(super) fn cond_operand(&mut self, e: Expr<'s>) -> Operand {
        match e {
            Expr::Path(p) => Operand::Path(p),
            Expr::Value(v) => Operand::Value(v),
            Expr::Group(inner) => self.cond_operand(*inner),
            Expr::Arith(..) => placeholder_operand(),
            Expr::Call { name, at, args } => {
                if name != "size" {
                    self.misplaced_function(name, at);
                    return placeholder_operand();
                }
                if args.len() != 1 {
                    self.defer_semantic(rules::operand_count(self.kind, name, args.len()));
                    return placeholder_operand();
                }
                let mut args = args;
                let arg = args.remove(0);
                match arg.inner() {
                    Expr::Path(p) => Operand::Size(p.clone()),
                    Expr::Value(v) => {
                        let e = if matches!(v, Value::N(_) | Value::Bool(_) | Value::Null) {
                            rules::operand_type(self.kind, "size", v.value_type().as_str())
                        } else {
                            rules::unsupported(self.kind, "size() of a value")
                        };
                        self.defer_semantic(e);
                        placeholder_operand()
                    }
                    Expr::Call { name: "size", .. } => {
                        self.defer_semantic(rules::operand_type(self.kind, "size", "N"));
                        placeholder_operand()
                    }
                    _ => {
                        self.cond_operand(arg);
                        self.defer_semantic(rules::requires_path(self.kind, "size"));
                        placeholder_operand()
                    }
                }
            }
        }
    }

    /// A function where it cannot stand: an operand that is not `size`, or
    /// `size` as a condition.
    fn misplaced_function(&mut self, name: &str, at: usize) {
        let e = match name {
            "attribute_exists"
            | "attribute_not_exists"
            | "attribute_type"
            | "begins_with"
            | "contains"
            | "size" => rules::function_misused(self.kind, name),
            "if_not_exists" | "list_append" => rules::function_not_in_condition(self.kind, name),
            _ => rules::invalid_function(self.kind, name),
        };
        self.defer_positional(at, e);
    }

    /// A function call standing as a condition.
    fn function_condition(&mut self, call: Expr<'s>) -> Condition {
        let Expr::Call { name, at, args } = call else {
            return placeholder_condition();
        };
        let arity = match name {
            "attribute_exists" | "attribute_not_exists" => 1,
            "attribute_type" | "begins_with" | "contains" => 2,
            _ => {
                self.misplaced_function(name, at);
                return placeholder_condition();
            }
        };
        if args.len() != arity {
            self.defer_semantic(rules::operand_count(self.kind, name, args.len()));
            return placeholder_condition();
        }
        let mut args = args.into_iter();
        let (Some(first), second) = (args.next(), args.next()) else {
            return placeholder_condition();
        };
        let Some(path) = as_path(&first).cloned() else {
            let e = match first.inner() {
                Expr::Value(_) if matches!(name, "begins_with" | "contains") => {
                    rules::unsupported(self.kind, "a value as the first operand of a function")
                }
                Expr::Call { name: "size", .. } if name == "begins_with" => {
                    rules::operand_type(self.kind, name, "N")
                }
                _ => rules::requires_path(self.kind, name),
            };
            self.cond_operand(first);
            self.defer_semantic(e);
            return placeholder_condition();
        };
        match (name, second) {
            ("attribute_exists", _) => Condition::Exists(path),
            ("attribute_not_exists", _) => Condition::NotExists(path),
            ("attribute_type", Some(arg)) => self.type_operand(path, arg),
            ("begins_with", Some(arg)) => {
                let o = self.cond_operand(arg);
                Condition::BeginsWith(path, o)
            }
            ("contains", Some(arg)) => {
                let o = self.cond_operand(arg);
                Condition::Contains(path, o)
            }
            _ => placeholder_condition(),
        }
    }

    /// The second operand of `attribute_type`: a `:value` naming a type.
    fn type_operand(&mut self, path: Path, arg: Expr<'s>) -> Condition {
        let e = match arg.inner() {
            Expr::Value(Value::S(s)) => match ValueType::parse(s) {
                Some(t) => return Condition::IsType(path, t),
                None => rules::invalid_type_name(self.kind, s),
            },
            Expr::Value(v) => {
                rules::operand_type(self.kind, "attribute_type", v.value_type().as_str())
            }
            _ => rules::attribute_type_needs_value(self.kind),
        };
        if !matches!(arg.inner(), Expr::Value(_)) {
            self.cond_operand(arg);
        }
        self.defer_semantic(e);
        placeholder_condition()
    }
}
