//! PartiQL statements (ExecuteStatement, BatchExecuteStatement,
//! ExecuteTransaction): how many statements a call holds, and DynamoDB's
//! wording of what a statement may not do.
//!
//! ```
//! use dynorm::rules::partiql::{self, Violation};
//! assert_eq!((partiql::MAX_BATCH_STATEMENTS, partiql::MAX_TRANSACTION_STATEMENTS), (25, 100));
//! assert_eq!(
//!     Violation::ParameterCount.to_string(),
//!     "Number of parameters in request and statement don't match."
//! );
//! ```

/// Most statements in one BatchExecuteStatement call.
pub const MAX_BATCH_STATEMENTS: usize = 25;
/// Most statements in one ExecuteTransaction call.
pub const MAX_TRANSACTION_STATEMENTS: usize = 100;

/// A PartiQL rule that a statement broke (all `ValidationException`s).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// The statement does not parse; DynamoDB echoes the statement.
    #[error("Statement wasn't well formed, can't be processed: {0}")]
    Syntax(String),
    /// The `?` count differs from the parameters given.
    #[error("Number of parameters in request and statement don't match.")]
    ParameterCount,
    /// A function PartiQL for DynamoDB does not know (named in lower case).
    #[error("Unrecognized function: {0}")]
    UnknownFunction(String),
    /// An INSERT's item lacks a key attribute.
    #[error("Key attribute should be present in the item: Key {0}")]
    InsertWithoutKey(String),
    /// An INSERT's key attribute of another type than the table's.
    #[error("Key attribute's data type should match its data type in table's schema: Key {0}")]
    InsertKeyType(String),
    /// An INSERT whose `VALUE` is not a `{...}` literal (a parameter): the
    /// place (line, column, length) of what stands there.
    #[error("Unsupported format in item expression. Please use struct format {{...}} to express item values for insert statement. at {0}:{1}:{2}")]
    InsertNotStruct(usize, usize, usize),
    /// An UPDATE or DELETE (or a transaction's SELECT) without `=` on every key attribute.
    #[error("Where clause does not contain a mandatory equality on all key attributes")]
    KeyNotPinned,
    /// ORDER BY on an attribute that is not a key attribute.
    #[error("Variable reference {0} in ORDER BY clause must be part of the primary key")]
    OrderByNotKey(String),
    /// ORDER BY without a WHERE clause.
    #[error("Must have WHERE clause in the statement when using ORDER BY clause.")]
    OrderByWithoutWhere,
    /// A NextToken this service did not write, or for another statement.
    #[error("Invalid NextToken")]
    InvalidNextToken,
    /// A batch's SELECT that does not name one item by its full key.
    #[error("Only single item select is supported")]
    BatchSelectNotSingleItem,
    /// A batch holding both reads and writes.
    #[error("Read and write requests together in the same batch is not supported.")]
    BatchMixesReadsAndWrites,
    /// More than [`MAX_BATCH_STATEMENTS`] reads in one batch.
    #[error("BatchGetItem cannot fetch more than 25 items")]
    TooManyBatchReads,
    /// More than [`MAX_BATCH_STATEMENTS`] writes in one batch.
    #[error("BatchWriteItem cannot write more than 25 items")]
    TooManyBatchWrites,
    /// A transaction holding both reads and writes.
    #[error("ExecuteTransaction API does not support both read and write operations in the same request.")]
    TransactionMixesReadsAndWrites,
    /// A transaction's SELECT without its full key.
    #[error("Validation failed in TransactStatements[{0}]: Select statements within ExecuteTransaction must specify the primary key in the where clause.")]
    TransactionSelectWithoutKey(usize),
    /// A FROM path with an empty component (`FROM ""`, `"t".""`).
    #[error("Path component cannot be an empty string")]
    EmptyPathComponent,
    /// A FROM path of more than a table and an index.
    #[error("A path may contain at most 2 components in the FROM clause")]
    PathTooLong,
    /// An INSERT into `"table"."index"`.
    #[error("FROM clause may only contain a single table name in data manipulation statements")]
    InsertIntoIndex,
    /// An UPDATE or DELETE of `"table"."index"`.
    #[error("This operation is not supported on an index")]
    WriteOnIndex,
    /// A transaction's SELECT on a secondary index (`"table"."index"`).
    #[error("Validation failed in TransactStatements[{0}]: Reads on indices are not supported within transactions.")]
    TransactionIndexRead(usize),
    /// A DELETE returning anything but the old item (the clause as written).
    #[error("Invalid returning clause: RETURNING {0}. Only RETURNING ALL OLD * is allowed in DELETE statements.")]
    DeleteReturning(&'static str),
    /// A BatchExecuteStatement without statements.
    #[error("1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    NoBatchStatements,
    /// A transaction's statement with a RETURNING clause.
    #[error("Validation failed in TransactStatements[{0}]: RETURNING clause is not supported in ExecuteTransaction.")]
    TransactionReturning(usize),
    /// More than [`MAX_TRANSACTION_STATEMENTS`] statements in one transaction.
    #[error("Member must have length less than or equal to 100")]
    TooManyTransactionStatements,
}

super::validation_error!(Violation);

/// DynamoDB's message when an INSERT finds an item with the same key
/// (a `DuplicateItemException`).
pub const DUPLICATE_ITEM: &str = "Duplicate primary key exists in table";
