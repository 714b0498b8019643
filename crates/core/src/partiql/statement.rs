//! The statement tree: what the parser reads and the planner turns into
//! backend requests. Parameters (`?`) stay as their position until bound.

use crate::expr::{CompareOp, Path};
use crate::value::Value;

/// One parsed PartiQL statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// `SELECT ... FROM ...`
    Select(Select),
    /// `INSERT INTO "t" VALUE {...}`
    Insert(Insert),
    /// `UPDATE "t" SET ... WHERE ...`
    Update(UpdateStatement),
    /// `DELETE FROM "t" WHERE ...`
    Delete(Delete),
    /// `EXISTS(SELECT ...)`: a transaction's condition check.
    Exists(Select),
}

impl Statement {
    /// Whether the statement only reads.
    pub fn is_read(&self) -> bool {
        matches!(self, Statement::Select(_))
    }

    /// The table the statement addresses.
    pub fn table(&self) -> &str {
        match self {
            Statement::Select(s) | Statement::Exists(s) => &s.table,
            Statement::Insert(i) => &i.table,
            Statement::Update(u) => &u.table,
            Statement::Delete(d) => &d.table,
        }
    }
}

/// A SELECT statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    /// The paths to return; `None` for `*`.
    pub projection: Option<Vec<Path>>,
    /// The table.
    pub table: String,
    /// The secondary index, for `"table"."index"`.
    pub index: Option<String>,
    /// The WHERE clause.
    pub condition: Option<Expr>,
    /// `ORDER BY path [ASC|DESC]`: the path and whether it is descending.
    pub order_by: Option<(Path, bool)>,
}

/// An INSERT statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    /// The table.
    pub table: String,
    /// The item (a map literal).
    pub item: Literal,
}

/// What a write returns (`RETURNING ... *`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returning {
    /// `ALL OLD *`
    AllOld,
    /// `MODIFIED OLD *`
    ModifiedOld,
    /// `ALL NEW *`
    AllNew,
    /// `MODIFIED NEW *`
    ModifiedNew,
}

impl Returning {
    /// The clause as written after `RETURNING`.
    ///
    /// ```
    /// use dynorm::partiql::Returning;
    /// assert_eq!(Returning::ModifiedOld.clause(), "MODIFIED OLD *");
    /// ```
    pub fn clause(self) -> &'static str {
        match self {
            Returning::AllOld => "ALL OLD *",
            Returning::ModifiedOld => "MODIFIED OLD *",
            Returning::AllNew => "ALL NEW *",
            Returning::ModifiedNew => "MODIFIED NEW *",
        }
    }
}

/// The right-hand side of an UPDATE's `SET path = ...`.
#[derive(Debug, Clone, PartialEq)]
pub enum SetValue {
    /// A value or a path.
    Operand(Expr),
    /// `a + b`
    Plus(Expr, Expr),
    /// `a - b`
    Minus(Expr, Expr),
    /// `list_append(a, b)`
    ListAppend(Expr, Expr),
    /// `set_add(path, set)`
    SetAdd(Path, Expr),
    /// `set_delete(path, set)`
    SetDelete(Path, Expr),
}

/// One action of an UPDATE.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateClause {
    /// `SET path = value`
    Set(Path, SetValue),
    /// `REMOVE path`
    Remove(Path),
}

/// An UPDATE statement.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateStatement {
    /// The table.
    pub table: String,
    /// The SET and REMOVE actions, in order.
    pub actions: Vec<UpdateClause>,
    /// The WHERE clause (the key, and any further condition).
    pub condition: Expr,
    /// The RETURNING clause.
    pub returning: Option<Returning>,
}

/// A DELETE statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    /// The table.
    pub table: String,
    /// The WHERE clause (the key, and any further condition).
    pub condition: Expr,
    /// The RETURNING clause.
    pub returning: Option<Returning>,
}

/// A literal value, which may hold parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A value written in the statement.
    Value(Value),
    /// The parameter at this position (0-based).
    Param(usize),
    /// `[a, b]`
    List(Vec<Literal>),
    /// `{'k': v}`
    Map(Vec<(String, Literal)>),
    /// `<<a, b>>`
    Set(Vec<Literal>),
}

/// An expression of a WHERE clause or of an update's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// An attribute path.
    Path(Path),
    /// A literal (or a parameter).
    Literal(Literal),
    /// `a <op> b`
    Compare(Box<Expr>, CompareOp, Box<Expr>),
    /// `a BETWEEN low AND high`
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `a IN [b, c]` or `a IN (b, c)`
    In(Box<Expr>, Vec<Expr>),
    /// `a IS [NOT] MISSING` (`missing: true`) or `a IS [NOT] NULL`.
    Is {
        /// The operand.
        operand: Box<Expr>,
        /// MISSING rather than NULL.
        missing: bool,
        /// `IS NOT`.
        negated: bool,
    },
    /// A function call, its name in lower case.
    Call(String, Vec<Expr>),
    /// All of them.
    And(Vec<Expr>),
    /// Any of them.
    Or(Vec<Expr>),
    /// `NOT e`
    Not(Box<Expr>),
}
