//! The recursive-descent parser of DynamoDB's PartiQL subset.

use super::lexer::{tokens, Token};
use super::statement::*;
use crate::expr::{CompareOp, Path};
use crate::rules::partiql::Violation;
use crate::value::{Number, Value};
use crate::Error;

/// Parses one statement; the number of `?` it holds comes with it.
pub(crate) fn parse(text: &str) -> Result<(Statement, usize), Error> {
    let syntax = || Violation::Syntax(text.to_owned()).into_error();
    let toks = tokens(text).ok_or_else(syntax)?;
    let mut p = Parser {
        toks,
        pos: 0,
        params: 0,
        refusal: None,
    };
    if let Some(place) = insert_of_parameter(text, &p.toks) {
        return Err(place);
    }
    let statement = p.statement().ok_or_else(|| match p.refusal.take() {
        Some(v) => v.into_error(),
        None => syntax(),
    })?;
    if p.pos != p.toks.len() {
        return Err(syntax());
    }
    Ok((statement, p.params))
}

/// DynamoDB's refusal of `INSERT INTO t VALUE ?`, naming where the `?` stands.
fn insert_of_parameter(text: &str, toks: &[Token]) -> Option<Error> {
    let value_at = toks.iter().position(|t| t.is_keyword("VALUE"))?;
    if !toks.first()?.is_keyword("INSERT") || toks.get(value_at + 1) != Some(&Token::Param) {
        return None;
    }
    let upper = text.to_ascii_uppercase();
    let after_value = upper.find("VALUE")? + "VALUE".len();
    let offset = after_value + text[after_value..].find('?')?;
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
    Some(Violation::InsertNotStruct(line, column, 1).into_error())
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    params: usize,
    /// Why the statement was refused, when DynamoDB says more than that it
    /// is not well formed.
    refusal: Option<Violation>,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn at_keyword(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is_keyword(kw))
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        let yes = self.at_keyword(kw);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn keyword(&mut self, kw: &str) -> Option<()> {
        self.eat_keyword(kw).then_some(())
    }

    fn at_sym(&self, sym: &str) -> bool {
        matches!(self.peek(), Some(Token::Sym(s)) if *s == sym)
    }

    fn eat_sym(&mut self, sym: &str) -> bool {
        let yes = self.at_sym(sym);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn sym(&mut self, sym: &str) -> Option<()> {
        self.eat_sym(sym).then_some(())
    }

    fn statement(&mut self) -> Option<Statement> {
        if self.eat_keyword("SELECT") {
            self.select().map(Statement::Select)
        } else if self.eat_keyword("INSERT") {
            self.insert().map(Statement::Insert)
        } else if self.eat_keyword("UPDATE") {
            self.update().map(Statement::Update)
        } else if self.eat_keyword("DELETE") {
            self.delete().map(Statement::Delete)
        } else if self.eat_keyword("EXISTS") {
            self.sym("(")?;
            self.keyword("SELECT")?;
            let select = self.select()?;
            self.sym(")")?;
            Some(Statement::Exists(select))
        } else {
            None
        }
    }

    /// A table or index name: `"quoted"` or a bare word.
    fn name(&mut self) -> Option<String> {
        match self.next()? {
            Token::Quoted(s) | Token::Word(s) => Some(s),
            _ => None,
        }
    }

    /// Refuses the statement for `why`.
    fn refuse<T>(&mut self, why: Violation) -> Option<T> {
        self.refusal = Some(why);
        None
    }

    /// The FROM (or INTO, UPDATE) path: a table, and for reads an index
    /// (`"table"."index"`).
    fn table_path(&mut self) -> Option<(String, Option<String>)> {
        let mut parts = vec![self.name()?];
        while self.eat_sym(".") {
            parts.push(self.name()?);
        }
        if parts.iter().any(String::is_empty) {
            return self.refuse(Violation::EmptyPathComponent);
        }
        if parts.len() > 2 {
            return self.refuse(Violation::PathTooLong);
        }
        let mut parts = parts.into_iter();
        let table = parts.next()?;
        Some((table, parts.next()))
    }

    /// The table a write names; an index there is refused as DynamoDB
    /// refuses it (`refusal`).
    fn write_table(&mut self, refusal: Violation) -> Option<String> {
        match self.table_path()? {
            (table, None) => Some(table),
            (_, Some(_)) => self.refuse(refusal),
        }
    }

    fn select(&mut self) -> Option<Select> {
        let projection = if self.eat_sym("*") {
            None
        } else {
            let mut paths = vec![self.path()?];
            while self.eat_sym(",") {
                paths.push(self.path()?);
            }
            Some(paths)
        };
        self.keyword("FROM")?;
        let (table, index) = self.table_path()?;
        let condition = if self.eat_keyword("WHERE") {
            Some(self.expr()?)
        } else {
            None
        };
        let order_by = if self.eat_keyword("ORDER") {
            self.keyword("BY")?;
            let path = self.path()?;
            let desc = if self.eat_keyword("DESC") {
                true
            } else {
                self.eat_keyword("ASC");
                false
            };
            Some((path, desc))
        } else {
            None
        };
        Some(Select {
            projection,
            table,
            index,
            condition,
            order_by,
        })
    }

    fn insert(&mut self) -> Option<Insert> {
        self.keyword("INTO")?;
        let table = self.write_table(Violation::InsertIntoIndex)?;
        self.keyword("VALUE")?;
        let item = self.literal()?;
        matches!(item, Literal::Map(_)).then_some(Insert { table, item })
    }

    fn update(&mut self) -> Option<UpdateStatement> {
        let table = self.write_table(Violation::WriteOnIndex)?;
        let mut actions = Vec::new();
        loop {
            if self.eat_keyword("SET") {
                loop {
                    let path = self.path()?;
                    self.sym("=")?;
                    actions.push(UpdateClause::Set(path, self.set_value()?));
                    if !self.eat_sym(",") {
                        break;
                    }
                }
            } else if self.eat_keyword("REMOVE") {
                loop {
                    actions.push(UpdateClause::Remove(self.path()?));
                    if !self.eat_sym(",") {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        if actions.is_empty() {
            return None;
        }
        self.keyword("WHERE")?;
        let condition = self.expr()?;
        let returning = self.returning()?;
        Some(UpdateStatement {
            table,
            actions,
            condition,
            returning,
        })
    }

    fn delete(&mut self) -> Option<Delete> {
        self.keyword("FROM")?;
        let table = self.write_table(Violation::WriteOnIndex)?;
        self.keyword("WHERE")?;
        let condition = self.expr()?;
        let returning = self.returning()?;
        Some(Delete {
            table,
            condition,
            returning,
        })
    }

    /// An optional `RETURNING (ALL|MODIFIED) (OLD|NEW) *`: `Some(None)` when absent.
    fn returning(&mut self) -> Option<Option<Returning>> {
        if !self.eat_keyword("RETURNING") {
            return Some(None);
        }
        let all = if self.eat_keyword("ALL") {
            true
        } else {
            self.keyword("MODIFIED")?;
            false
        };
        let old = if self.eat_keyword("OLD") {
            true
        } else {
            self.keyword("NEW")?;
            false
        };
        self.sym("*")?;
        Some(Some(match (all, old) {
            (true, true) => Returning::AllOld,
            (false, true) => Returning::ModifiedOld,
            (true, false) => Returning::AllNew,
            (false, false) => Returning::ModifiedNew,
        }))
    }

    fn set_value(&mut self) -> Option<SetValue> {
        if let Some(Token::Word(w)) = self.peek() {
            let name = w.to_ascii_lowercase();
            if matches!(self.toks.get(self.pos + 1), Some(Token::Sym("(")))
                && matches!(name.as_str(), "list_append" | "set_add" | "set_delete")
            {
                self.pos += 2;
                let first = self.operand()?;
                self.sym(",")?;
                let second = self.operand()?;
                self.sym(")")?;
                return match name.as_str() {
                    "list_append" => Some(SetValue::ListAppend(first, second)),
                    "set_add" => match first {
                        Expr::Path(p) => Some(SetValue::SetAdd(p, second)),
                        _ => None,
                    },
                    _ => match first {
                        Expr::Path(p) => Some(SetValue::SetDelete(p, second)),
                        _ => None,
                    },
                };
            }
        }
        let first = self.operand()?;
        if self.eat_sym("+") {
            Some(SetValue::Plus(first, self.operand()?))
        } else if self.eat_sym("-") {
            Some(SetValue::Minus(first, self.operand()?))
        } else {
            Some(SetValue::Operand(first))
        }
    }

    fn expr(&mut self) -> Option<Expr> {
        let mut any = vec![self.and()?];
        while self.eat_keyword("OR") {
            any.push(self.and()?);
        }
        Some(if any.len() == 1 {
            any.pop()?
        } else {
            Expr::Or(any)
        })
    }

    fn and(&mut self) -> Option<Expr> {
        let mut all = vec![self.not()?];
        while self.eat_keyword("AND") {
            all.push(self.not()?);
        }
        Some(if all.len() == 1 {
            all.pop()?
        } else {
            Expr::And(all)
        })
    }

    fn not(&mut self) -> Option<Expr> {
        if self.eat_keyword("NOT") {
            return Some(Expr::Not(Box::new(self.not()?)));
        }
        self.predicate()
    }

    fn predicate(&mut self) -> Option<Expr> {
        let left = if self.at_sym("(") {
            self.pos += 1;
            let inner = self.expr()?;
            self.sym(")")?;
            inner
        } else {
            self.operand()?
        };
        if let Some(Token::Sym(s)) = self.peek() {
            let op = match *s {
                "=" => Some(CompareOp::Eq),
                "<>" | "!=" => Some(CompareOp::Ne),
                "<" => Some(CompareOp::Lt),
                "<=" => Some(CompareOp::Le),
                ">" => Some(CompareOp::Gt),
                ">=" => Some(CompareOp::Ge),
                _ => None,
            };
            if let Some(op) = op {
                self.pos += 1;
                let right = self.operand()?;
                return Some(Expr::Compare(Box::new(left), op, Box::new(right)));
            }
        }
        if self.eat_keyword("BETWEEN") {
            let low = self.operand()?;
            self.keyword("AND")?;
            let high = self.operand()?;
            return Some(Expr::Between(Box::new(left), Box::new(low), Box::new(high)));
        }
        if self.eat_keyword("IN") {
            let close = if self.eat_sym("[") {
                "]"
            } else {
                self.sym("(")?;
                ")"
            };
            let mut list = vec![self.operand()?];
            while self.eat_sym(",") {
                list.push(self.operand()?);
            }
            self.sym(close)?;
            return Some(Expr::In(Box::new(left), list));
        }
        if self.eat_keyword("IS") {
            let negated = self.eat_keyword("NOT");
            let missing = if self.eat_keyword("MISSING") {
                true
            } else {
                self.keyword("NULL")?;
                false
            };
            return Some(Expr::Is {
                operand: Box::new(left),
                missing,
                negated,
            });
        }
        Some(left)
    }

    /// A path, a literal, a parameter or a function call.
    fn operand(&mut self) -> Option<Expr> {
        match self.peek()? {
            Token::Word(w) => {
                let upper = w.to_ascii_uppercase();
                if matches!(self.toks.get(self.pos + 1), Some(Token::Sym("("))) {
                    let name = w.to_ascii_lowercase();
                    self.pos += 2;
                    let mut args = Vec::new();
                    if !self.eat_sym(")") {
                        args.push(self.operand()?);
                        while self.eat_sym(",") {
                            args.push(self.operand()?);
                        }
                        self.sym(")")?;
                    }
                    return Some(Expr::Call(name, args));
                }
                if matches!(upper.as_str(), "TRUE" | "FALSE" | "NULL") {
                    return self.literal().map(Expr::Literal);
                }
                self.path().map(Expr::Path)
            }
            Token::Quoted(_) => self.path().map(Expr::Path),
            _ => self.literal().map(Expr::Literal),
        }
    }

    /// An attribute path: a name, then `.name`, `[n]` or `['name']` steps.
    fn path(&mut self) -> Option<Path> {
        let mut path = match self.next()? {
            Token::Word(w) if !is_reserved(&w) => Path::attr(w),
            Token::Quoted(q) => Path::attr(q),
            _ => return None,
        };
        loop {
            if self.at_sym(".") {
                match self.toks.get(self.pos + 1) {
                    Some(Token::Word(w)) | Some(Token::Quoted(w)) => {
                        path = path.key(w.clone());
                        self.pos += 2;
                    }
                    _ => return None,
                }
            } else if self.eat_sym("[") {
                match self.next()? {
                    Token::Number(n) => path = path.index(n.parse().ok()?),
                    Token::Str(s) => path = path.key(s),
                    _ => return None,
                }
                self.sym("]")?;
            } else {
                return Some(path);
            }
        }
    }

    fn literal(&mut self) -> Option<Literal> {
        match self.next()? {
            Token::Str(s) => Some(Literal::Value(Value::S(s))),
            Token::Number(n) => Some(Literal::Value(Value::N(n.parse::<Number>().ok()?))),
            Token::Sym("-") => match self.next()? {
                Token::Number(n) => Some(Literal::Value(Value::N(
                    format!("-{n}").parse::<Number>().ok()?,
                ))),
                _ => None,
            },
            Token::Param => {
                self.params += 1;
                Some(Literal::Param(self.params - 1))
            }
            Token::Word(w) if w.eq_ignore_ascii_case("TRUE") => {
                Some(Literal::Value(Value::Bool(true)))
            }
            Token::Word(w) if w.eq_ignore_ascii_case("FALSE") => {
                Some(Literal::Value(Value::Bool(false)))
            }
            Token::Word(w) if w.eq_ignore_ascii_case("NULL") => Some(Literal::Value(Value::Null)),
            Token::Sym("[") => self.literals("]").map(Literal::List),
            Token::Sym("<<") => self.literals(">>").map(Literal::Set),
            Token::Sym("{") => {
                let mut entries = Vec::new();
                if self.eat_sym("}") {
                    return Some(Literal::Map(entries));
                }
                loop {
                    let name = match self.next()? {
                        Token::Str(s) => s,
                        _ => return None,
                    };
                    self.sym(":")?;
                    entries.push((name, self.literal()?));
                    if self.eat_sym("}") {
                        return Some(Literal::Map(entries));
                    }
                    self.sym(",")?;
                }
            }
            _ => None,
        }
    }

    /// Literals separated by commas up to `close`.
    fn literals(&mut self, close: &str) -> Option<Vec<Literal>> {
        let mut out = Vec::new();
        if self.eat_sym(close) {
            return Some(out);
        }
        loop {
            out.push(self.literal()?);
            if self.eat_sym(close) {
                return Some(out);
            }
            self.sym(",")?;
        }
    }
}

/// Keywords that end a path rather than start one.
fn is_reserved(word: &str) -> bool {
    const WORDS: [&str; 16] = [
        "SELECT",
        "FROM",
        "WHERE",
        "AND",
        "OR",
        "NOT",
        "BETWEEN",
        "IN",
        "IS",
        "ORDER",
        "BY",
        "SET",
        "REMOVE",
        "RETURNING",
        "VALUE",
        "INTO",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}
