//! The parts every grammar shares: the token cursor, syntax errors, the
//! errors found while building the tree (kept in DynamoDB's order), paths and
//! operands.

use super::lexer::{tokenize, Keyword, Tok, Token};
use super::ExpressionParser;
use crate::expr::{Path, PathSegment};
use crate::rules::expression::{self as rules, ExpressionKind, MAX_LIST_INDEX};
use crate::{Error, Result, Value};

/// Errors found while the text is read, reported once it parsed, in the
/// order DynamoDB reports them: redundant parentheses; then, whichever comes
/// first in the text, unknown functions, functions used where they are not
/// allowed, reserved words and list indexes out of range; then repeated update
/// clauses; then each part's own errors (see [`PartErrors`]).
#[derive(Default)]
pub(super) struct Deferred {
    redundant: Option<Error>,
    positional: Option<(usize, Error)>,
    clause: Option<Error>,
    /// One per update action or projection path; one for a whole condition.
    parts: Vec<PartErrors>,
}

/// The errors of one part: an update action, a projection path, or a whole
/// condition. DynamoDB checks an update's target paths (their `#names`, and
/// overlaps) before anything else of its actions, so an undefined name in a
/// target path is kept apart; every other error of the part (undefined
/// placeholders in operands, operand counts and types) is kept in the order
/// the parser builds the tree, each node after its operands, as DynamoDB
/// checks it, and the first is reported.
#[derive(Default)]
pub(super) struct PartErrors {
    target: Option<Error>,
    first: Option<Error>,
}

impl PartErrors {
    /// The first undefined `#name` of the part's target path.
    pub(super) fn target(&mut self) -> Result<()> {
        match self.target.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The part's first other error.
    pub(super) fn first(self) -> Result<()> {
        match self.first {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl Deferred {
    /// The errors DynamoDB reports before it checks paths for overlaps.
    pub(super) fn structure(&mut self) -> Result<()> {
        match self
            .redundant
            .take()
            .or(self.positional.take().map(|(_, e)| e))
            .or(self.clause.take())
        {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The errors of each part (update action), in the parts' order.
    pub(super) fn into_parts(self) -> Vec<PartErrors> {
        self.parts
    }

    /// The first error of a condition (its only part).
    pub(super) fn first(self) -> Result<()> {
        self.parts.into_iter().try_for_each(PartErrors::first)
    }

    fn record(&mut self, target: bool, e: Error) {
        let part = self.part();
        let slot = if target {
            &mut part.target
        } else {
            &mut part.first
        };
        slot.get_or_insert(e);
    }

    fn part(&mut self) -> &mut PartErrors {
        if self.parts.is_empty() {
            self.parts.push(PartErrors::default());
        }
        let last = self.parts.len() - 1;
        &mut self.parts[last]
    }
}

/// An operand as written, before it is placed in a tree.
#[derive(Debug)]
pub(super) enum Expr<'s> {
    Path(Path),
    Value(Value),
    /// `name(args)`; `at` is the name's byte offset.
    Call {
        name: &'s str,
        at: usize,
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
    /// Whether the path being read is an update's or projection's target.
    pub(super) in_target: bool,
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
            in_target: false,
        }
    }

    /// The errors found while reading the text.
    pub(super) fn into_deferred(self) -> Deferred {
        self.deferred
    }

    /// The byte offset of the token at the cursor.
    pub(super) fn offset(&self) -> usize {
        self.toks[self.pos].start
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

    pub(super) fn defer_redundant(&mut self) {
        let e = rules::redundant_parentheses(self.kind);
        self.deferred.redundant.get_or_insert(e);
    }

    /// An error ranked by its place in the text (`at`, a byte offset).
    pub(super) fn defer_positional(&mut self, at: usize, e: Error) {
        match &self.deferred.positional {
            Some((first, _)) if *first <= at => {}
            _ => self.deferred.positional = Some((at, e)),
        }
    }

    pub(super) fn defer_clause(&mut self, e: Error) {
        self.deferred.clause.get_or_insert(e);
    }

    pub(super) fn defer_semantic(&mut self, e: Error) {
        self.deferred.record(false, e);
    }

    /// Starts the errors of a new part (an update action, a projection path).
    pub(super) fn next_part(&mut self) {
        self.deferred.parts.push(PartErrors::default());
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
                    self.defer_positional(self.offset(), e);
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
                        self.deferred.record(self.in_target, e);
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
                            let e = rules::list_index_out_of_range(self.kind, digits);
                            self.defer_positional(self.offset(), e);
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
                self.deferred.record(false, e);
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
                let at = self.offset();
                self.bump();
                self.bump();
                let mut args = vec![self.operand(update)?];
                while self.tok() == Tok::Comma {
                    self.bump();
                    args.push(self.operand(update)?);
                }
                self.expect(Tok::RParen)?;
                Ok(Expr::Call { name, at, args })
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
            self.defer_redundant();
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
