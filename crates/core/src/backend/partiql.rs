//! Requests and outputs of the PartiQL operations: ExecuteStatement,
//! BatchExecuteStatement and ExecuteTransaction.
//!
//! Built like the other requests: `new` with the required parts, chainable
//! setters for the rest; every struct is `#[non_exhaustive]`.

use super::capacity::{ConsumedCapacity, ReturnConsumedCapacity};
use crate::error::Error;
use crate::value::{Item, Value};

/// One statement with its parameters (`?`, bound in order).
///
/// ```
/// use dynorm::backend::ParameterizedStatement;
/// let s = ParameterizedStatement::new(r#"SELECT * FROM "users" WHERE pk = ?"#).parameter("u1");
/// assert_eq!(s.parameters.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ParameterizedStatement {
    /// The PartiQL text.
    pub statement: String,
    /// The values of its `?`, in order.
    pub parameters: Vec<Value>,
    /// Strongly consistent read (BatchExecuteStatement's reads).
    pub consistent_read: bool,
    /// `ReturnValuesOnConditionCheckFailure=ALL_OLD`.
    pub return_old_on_condition_failure: bool,
}

impl ParameterizedStatement {
    /// A statement without parameters.
    pub fn new(statement: impl Into<String>) -> ParameterizedStatement {
        ParameterizedStatement {
            statement: statement.into(),
            parameters: Vec::new(),
            consistent_read: false,
            return_old_on_condition_failure: false,
        }
    }

    /// Appends a parameter.
    #[must_use]
    pub fn parameter(mut self, value: impl Into<Value>) -> Self {
        self.parameters.push(value.into());
        self
    }

    /// Sets all the parameters.
    #[must_use]
    pub fn parameters(mut self, values: Vec<Value>) -> Self {
        self.parameters = values;
        self
    }

    /// Strongly consistent read.
    #[must_use]
    pub fn consistent_read(mut self, yes: bool) -> Self {
        self.consistent_read = yes;
        self
    }

    /// Returns the item as it was when a condition fails.
    #[must_use]
    pub fn return_old_on_condition_failure(mut self, yes: bool) -> Self {
        self.return_old_on_condition_failure = yes;
        self
    }
}

/// ExecuteStatement.
///
/// ```
/// use dynorm::backend::ExecuteStatementRequest;
/// let req = ExecuteStatementRequest::new(r#"SELECT * FROM "users""#).limit(10);
/// assert_eq!(req.limit, Some(10));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ExecuteStatementRequest {
    /// The statement, its parameters and per-statement options.
    pub statement: ParameterizedStatement,
    /// Most items a SELECT evaluates.
    pub limit: Option<u32>,
    /// The token of the previous page.
    pub next_token: Option<String>,
    /// Consumed capacity to report.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl ExecuteStatementRequest {
    /// A request for `statement`.
    pub fn new(statement: impl Into<String>) -> ExecuteStatementRequest {
        ExecuteStatementRequest::of(ParameterizedStatement::new(statement))
    }

    /// A request for a statement with its parameters.
    pub fn of(statement: ParameterizedStatement) -> ExecuteStatementRequest {
        ExecuteStatementRequest {
            statement,
            limit: None,
            next_token: None,
            return_consumed_capacity: ReturnConsumedCapacity::None,
        }
    }

    /// Most items to evaluate.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Continues after a previous page.
    #[must_use]
    pub fn next_token(mut self, token: impl Into<String>) -> Self {
        self.next_token = Some(token.into());
        self
    }

    /// Consumed capacity to report.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// What ExecuteStatement returns.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ExecuteStatementOutput {
    /// The items read, or the item a RETURNING clause asked for.
    pub items: Vec<Item>,
    /// The token of the next page, when the read stopped early.
    pub next_token: Option<String>,
    /// The key the read stopped after.
    pub last_evaluated_key: Option<Item>,
    /// Capacity consumed, when asked for.
    pub consumed_capacity: Option<ConsumedCapacity>,
}

/// BatchExecuteStatement: up to 25 statements, all reads or all writes,
/// each succeeding or failing on its own.
///
/// ```
/// use dynorm::backend::{BatchExecuteStatementRequest, ParameterizedStatement};
/// let req = BatchExecuteStatementRequest::new(vec![ParameterizedStatement::new(
///     r#"DELETE FROM "users" WHERE pk = 'u1'"#,
/// )]);
/// assert_eq!(req.statements.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchExecuteStatementRequest {
    /// The statements.
    pub statements: Vec<ParameterizedStatement>,
    /// Consumed capacity to report.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl BatchExecuteStatementRequest {
    /// A batch of statements.
    pub fn new(statements: Vec<ParameterizedStatement>) -> BatchExecuteStatementRequest {
        BatchExecuteStatementRequest {
            statements,
            return_consumed_capacity: ReturnConsumedCapacity::None,
        }
    }

    /// Consumed capacity to report.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// Why one statement of a batch failed, as DynamoDB reports it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchStatementError {
    /// DynamoDB's code: `ConditionalCheckFailed`, `DuplicateItem`,
    /// `ValidationError`, `ResourceNotFound`, `TransactionConflict`, ...
    pub code: String,
    /// The message.
    pub message: String,
    /// The item as it was, when a condition failed and it was asked for.
    pub item: Option<Item>,
}

impl BatchStatementError {
    /// An error with DynamoDB's code and message, and no item.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> BatchStatementError {
        BatchStatementError {
            code: code.into(),
            message: message.into(),
            item: None,
        }
    }

    /// Builder-style old item.
    #[must_use]
    pub fn with_item(mut self, item: Option<Item>) -> Self {
        self.item = item;
        self
    }

    /// The per-statement form of `error`.
    ///
    /// ```
    /// use dynorm::backend::BatchStatementError;
    /// let e = BatchStatementError::from_error(&dynorm::Error::duplicate_item());
    /// assert_eq!(e.code, "DuplicateItem");
    /// assert_eq!(e.message, "Duplicate primary key exists in table");
    /// ```
    pub fn from_error(error: &Error) -> BatchStatementError {
        let (code, message, item) = match error {
            Error::ConditionFailed { old_item, .. } => (
                "ConditionalCheckFailed",
                crate::rules::item::CONDITION_FAILED.to_owned(),
                old_item.as_deref().cloned(),
            ),
            Error::DuplicateItem { message, .. } => ("DuplicateItem", message.clone(), None),
            Error::Validation { message, .. } => ("ValidationError", message.clone(), None),
            Error::ResourceNotFound { message, .. } => ("ResourceNotFound", message.clone(), None),
            Error::TransactionConflict { message, .. } => {
                ("TransactionConflict", message.clone(), None)
            }
            Error::Throttled { message, .. } => ("ThrottlingError", message.clone(), None),
            Error::AccessDenied { message, .. } => ("AccessDenied", message.clone(), None),
            Error::ItemCollectionSizeLimitExceeded { message, .. } => {
                ("ItemCollectionSizeLimitExceeded", message.clone(), None)
            }
            other => ("InternalServerError", other.to_string(), None),
        };
        BatchStatementError::new(code, message).with_item(item)
    }
}

/// The answer to one statement of a batch.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct BatchStatementResponse {
    /// The statement's table, when it succeeded.
    pub table: Option<String>,
    /// The item a read found.
    pub item: Option<Item>,
    /// Why the statement failed.
    pub error: Option<BatchStatementError>,
}

/// What BatchExecuteStatement returns: one response per statement, in order.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct BatchExecuteStatementOutput {
    /// One per statement.
    pub responses: Vec<BatchStatementResponse>,
    /// Capacity consumed, when asked for.
    pub consumed_capacity: Vec<ConsumedCapacity>,
}

/// ExecuteTransaction: up to 100 statements applied all or nothing (writes)
/// or read as one snapshot (reads).
///
/// ```
/// use dynorm::backend::{ExecuteTransactionRequest, ParameterizedStatement};
/// let req = ExecuteTransactionRequest::new(vec![ParameterizedStatement::new(
///     r#"INSERT INTO "users" VALUE {'pk': 'u1'}"#,
/// )])
/// .client_request_token("t-1");
/// assert_eq!(req.client_request_token.as_deref(), Some("t-1"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ExecuteTransactionRequest {
    /// The statements.
    pub statements: Vec<ParameterizedStatement>,
    /// Makes a retry within 10 minutes idempotent.
    pub client_request_token: Option<String>,
    /// Consumed capacity to report.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl ExecuteTransactionRequest {
    /// A transaction of statements.
    pub fn new(statements: Vec<ParameterizedStatement>) -> ExecuteTransactionRequest {
        ExecuteTransactionRequest {
            statements,
            client_request_token: None,
            return_consumed_capacity: ReturnConsumedCapacity::None,
        }
    }

    /// The idempotency token.
    #[must_use]
    pub fn client_request_token(mut self, token: impl Into<String>) -> Self {
        self.client_request_token = Some(token.into());
        self
    }

    /// Consumed capacity to report.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// What ExecuteTransaction returns: for reads one entry per statement (the
/// item, or `None` when there is none); for writes nothing.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ExecuteTransactionOutput {
    /// One per read statement.
    pub responses: Vec<Option<Item>>,
    /// Capacity consumed, when asked for.
    pub consumed_capacity: Vec<ConsumedCapacity>,
}
