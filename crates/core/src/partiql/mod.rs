//! PartiQL for DynamoDB: statements read into a tree ([`Statement`]) and
//! planned into the Backend's own requests.
//!
//! `SELECT` becomes a Query when its WHERE pins the partition key with `=`
//! (a sort key condition joins the key condition, the rest filters), else a
//! Scan; `INSERT` a put conditioned on the key not existing; `UPDATE` an
//! update conditioned on the item existing; `DELETE` a delete; in a
//! transaction `EXISTS(SELECT ...)` a condition check. Parameters (`?`) are
//! bound in order. The [`Backend`](crate::Backend) trait's
//! `execute_statement`, `batch_execute_statement` and `execute_transaction`
//! run this planner on the backend itself unless the backend overrides them.
//!
//! ```
//! use dynorm::partiql::{parse, Statement};
//! let s = parse(r#"SELECT * FROM "users" WHERE pk = ? AND begins_with(sk, 'ORDER#')"#)?;
//! assert!(matches!(s, Statement::Select(ref sel) if sel.table == "users"));
//! assert!(parse("SELEC * FROM users").unwrap_err().is_validation());
//! # Ok::<(), dynorm::Error>(())
//! ```

mod bind;
pub(crate) mod execute;
mod lexer;
mod next_token;
mod parser;
mod planner;
mod statement;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

pub use statement::{
    Delete, Expr, Insert, Literal, Returning, Select, SetValue, Statement, UpdateClause,
    UpdateStatement,
};

/// Parses one PartiQL statement: DynamoDB's ValidationException (the
/// statement echoed) when it is not well formed.
pub fn parse(text: &str) -> crate::Result<Statement> {
    parser::parse(text).map(|(statement, _)| statement)
}
