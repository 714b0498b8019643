//! The parts every grammar shares: the token cursor, syntax errors, the
//! errors found while building the tree (kept in DynamoDB's order), paths and
//! operands.

use super::lexer::{tokenize, Keyword, Tok, Token};
use super::ExpressionParser;
use crate::expr::{Path, PathSegment};
use crate::rules::expression::{self as rules, ExpressionKind, MAX_LIST_INDEX};
use crate::{Error, Result, Value};

/// Errors found after the text parsed, kept until the whole text is read and
/// reported in the order DynamoDB reports them: tree-building errors (unknown
/// functions, redundant parentheses, repeated clauses), then reserved words,
/// then undefined placeholders, then the other semantic errors. Within each
/// class the first in the text wins.
#[derive(Default)]
pub(super) struct Deferred {
    build: Option<Error>,
    reserved: Option<Error>,
    undefined: Option<Error>,
    semantic: Option<Error>,
}

impl Deferred {
    fn first(self) -> Option<Error> {
        self.build
            .or(self.reserved)
            .or(self.undefined)
            .or(self.semantic)
    }
}

/// An operand as written, before it is placed in a tree.
#[derive(Debug)]
pub(super) enum Expr<'s> {
    Path(Path),
    Value(Value),
    /// `name(args)`.
    Call {
        name: &'s str,
        args: Vec<Expr<'s>>,
    },
    /// `( expr )`
    Group(Box<Expr<'s>>),
    /// `a + b` / `a - b` (update expressions only).
    Arith(Box<Expr<'s>>, bool, Box<Expr<'s>>),
}

impl Expr<'_> {
    /// The expression inside any parentheses.
    pub(super) fn inner(&self) -> &Self {
        let mut e = self;
        while let Expr::Group(inner) = e {
            e = inner;
        }
        e
    }
}

pub(super) struct Parser<'s, 'c, 'a> {
    pub(super) src: &'s str,
    toks: Vec<Token>,
    pos: usize,
    pub(super) kind: ExpressionKind,
    ctx: &'c mut ExpressionParser<'a>,
    deferred: Deferred,
}

impl<'s, 'c, 'a> Parser<'s, 'c, 'a> {
    pub(super) fn new(
        src: &'s str,
        kind: ExpressionKind,
        ctx: &'c mut ExpressionParser<'a>,
    ) -> Parser<'s, 'c, 'a> {
        Parser {
            src,
            toks: tokenize(src),
            pos: 0,
            kind,
            ctx,
            deferred: Deferred::default(),
        }
    }

    /// The errors found while building, if any, in DynamoDB's order.
    pub(super) fn finish(self) -> Result<()> {
        match self.deferred.first() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    pub(super) fn tok(&self) -> Tok {
        self.toks[self.pos].tok
    }

    pub(super) fn peek(&self, ahead: usize) -> Tok {
        self.toks.get(self.pos + ahead).map_or(Tok::Eof, |t| t.tok)
    }

    pub(super) fn text(&self) -> &'s str {
        let t = self.toks[self.pos];
        &self.src[t.start..t.end]
    }

    pub(super) fn bump(&mut self) {
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
    }

    /// The keyword at the cursor, if the token is one.
    pub(super) fn keyword(&self) -> Option<Keyword> {
        if self.tok() == Tok::Ident {
            Keyword::of(self.text())
        } else {
            None
        }
    }

    pub(super) fn at_keyword(&self, k: Keyword) -> bool {
        self.keyword() == Some(k)
    }

    /// DynamoDB's syntax error at the cursor: the token, and the text from
    /// the token before it to the token after it.
    pub(super) fn syntax_error(&self) -> Error {
        let t = self.toks[self.pos];
        let at_end = t.tok == Tok::Eof;
        let token = if at_end {
            "<EOF>"
        } else {
            &self.src[t.start..t.end]
        };
        let start = match self.pos.checked_sub(1) {
            Some(prev) => self.toks[prev].start,
            None if at_end => 0,
            None => t.start,
        };
        let end = match self.toks.get(self.pos + 1) {
            Some(next) if !at_end && next.tok != Tok::Eof => next.end,
            _ => self.src.len(),
        };
        rules::syntax_error(self.kind, token, &self.src[start..end])
    }

    pub(super) fn expect(&mut self, tok: Tok) -> Result<()> {
        if self.tok() != tok {
            return Err(self.syntax_error());
        }
        self.bump();
        Ok(())
    }

    pub(super) fn expect_end(&self) -> Result<()> {
        if self.tok() != Tok::Eof {
            return Err(self.syntax_error());
        }
        Ok(())
    }

    pub(super) fn defer_build(&mut self, e: Error) {
        self.deferred.build.get_or_insert(e);
    }

    pub(super) fn defer_semantic(&mut self, e: Error) {
        self.deferred.semantic.get_or_insert(e);
    }

    /// One path step that is a name: an attribute name or a `#name`.
    fn name_step(&mut self) -> Result<String> {
        match self.tok() {
            Tok::Ident => {
                if self.keyword().is_some() {
                    return Err(self.syntax_error());
                }
                let word = self.text();
                // `size` is a function name the grammar also takes as a name.
                if word != "size" && rules::is_reserved(word) {
                    let e = rules::reserved_keyword(self.kind, word);
                    self.deferred.reserved.get_or_insert(e);
                }
                self.bump();
                Ok(word.to_owned())
            }
            Tok::NamePlaceholder => {
                let placeholder = self.text();
                let name = match self.ctx.name(placeholder) {
                    Some(name) => name.to_owned(),
                    None => {
                        let e = rules::undefined_name(self.kind, placeholder);
                        self.deferred.undefined.get_or_insert(e);
                        placeholder.to_owned()
                    }
                };
                self.bump();
                Ok(name)
            }
            _ => Err(self.syntax_error()),
        }
    }

    /// A document path: `a.#b[2].c`.
    pub(super) fn path(&mut self) -> Result<Path> {
        let mut path = Path::attr(self.name_step()?);
        loop {
            match self.tok() {
                Tok::Dot => {
                    self.bump();
                    path = path.key(self.name_step()?);
                }
                Tok::LBracket => {
                    self.bump();
                    if self.tok() != Tok::Number {
                        return Err(self.syntax_error());
                    }
                    let digits = self.text();
                    let index = match digits.parse::<u64>() {
                        Ok(n) if n <= MAX_LIST_INDEX => n,
                        _ => {
                            self.defer_build(rules::list_index_out_of_range(self.kind, digits));
                            0
                        }
                    };
                    self.bump();
                    self.expect(Tok::RBracket)?;
                    // MAX_LIST_INDEX fits every platform's usize.
                    path = path.index(usize::try_from(index).unwrap_or(usize::MAX));
                }
                _ => return Ok(path),
            }
        }
    }

    /// A `:value`, cloned from the map (`NULL` stands in for an undefined one).
    pub(super) fn value(&mut self) -> Value {
        let placeholder = self.text();
        let value = match self.ctx.value(placeholder) {
            Some(v) => v.clone(),
            None => {
                let e = rules::undefined_value(self.kind, placeholder);
                self.deferred.undefined.get_or_insert(e);
                Value::Null
            }
        };
        self.bump();
        value
    }

    /// An operand: a path, a `:value`, a function call or a parenthesised
    /// operand. In update expressions a parenthesised operand may hold `+`/`-`.
    pub(super) fn operand(&mut self, update: bool) -> Result<Expr<'s>> {
        match self.tok() {
            Tok::Ident if self.peek(1) == Tok::LParen && self.keyword().is_none() => {
                let name = self.text();
                self.bump();
                self.bump();
                let mut args = vec![self.operand(update)?];
                while self.tok() == Tok::Comma {
                    self.bump();
                    args.push(self.operand(update)?);
                }
                self.expect(Tok::RParen)?;
                Ok(Expr::Call { name, args })
            }
            Tok::Ident | Tok::NamePlaceholder => Ok(Expr::Path(self.path()?)),
            Tok::ValuePlaceholder => Ok(Expr::Value(self.value())),
            Tok::LParen => {
                self.bump();
                let inner = if update {
                    self.set_value()?
                } else {
                    self.operand(false)?
                };
                self.expect(Tok::RParen)?;
                Ok(self.group(inner))
            }
            _ => Err(self.syntax_error()),
        }
    }

    /// Wraps an operand in parentheses; parentheses directly around
    /// parentheses are redundant.
    pub(super) fn group(&mut self, inner: Expr<'s>) -> Expr<'s> {
        if matches!(inner, Expr::Group(_)) {
            self.defer_build(rules::redundant_parentheses(self.kind));
        }
        Expr::Group(Box::new(inner))
    }

    /// The right-hand side of a SET action: an operand, optionally `+` or `-`
    /// another one.
    pub(super) fn set_value(&mut self) -> Result<Expr<'s>> {
        let left = self.operand(true)?;
        let plus = match self.tok() {
            Tok::Plus => true,
            Tok::Minus => false,
            _ => return Ok(left),
        };
        self.bump();
        let right = self.operand(true)?;
        Ok(Expr::Arith(Box::new(left), plus, Box::new(right)))
    }
}

/// The single path of an operand, through parentheses.
pub(super) fn as_path<'e>(e: &'e Expr<'_>) -> Option<&'e Path> {
    match e.inner() {
        Expr::Path(p) => Some(p),
        _ => None,
    }
}

/// A path's top-level attribute, when the path has no further steps.
pub(super) fn top_level(p: &Path) -> Option<&str> {
    match p.segments() {
        [PathSegment::Attr(name)] => Some(name),
        _ => None,
    }
}
