//! [`Error`]: every failure dynorm reports, from either backend.

use crate::backend::{IndexStatus, Operation, TableStatus, WriteRequest};
use crate::value::{CodecError, Item};
use std::fmt;
use std::time::Duration;

/// The result type of dynorm operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why one action of a cancelled transaction was (or was not) the cause.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CancellationReason {
    /// DynamoDB's code: `None`, `ConditionalCheckFailed`, `TransactionConflict`,
    /// `ItemCollectionSizeLimitExceeded`, `ThrottlingError`, `ValidationError`...
    pub code: CancellationCode,
    /// The message DynamoDB gave, if any.
    pub message: Option<String>,
    /// The item as it was, where a condition failed and the old item was asked for.
    pub item: Option<Item>,
}

impl CancellationReason {
    /// A reason with a code and no message or item.
    pub fn new(code: CancellationCode) -> CancellationReason {
        CancellationReason {
            code,
            message: None,
            item: None,
        }
    }

    /// Builder-style message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Builder-style old item.
    #[must_use]
    pub fn with_item(mut self, item: Option<Item>) -> Self {
        self.item = item;
        self
    }
}

/// The code of a [`CancellationReason`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CancellationCode {
    /// This action did not cause the cancellation.
    None,
    /// This action's condition was false.
    ConditionalCheckFailed,
    /// Another transaction or request touched the same item.
    TransactionConflict,
    /// An item collection would exceed 10 GB.
    ItemCollectionSizeLimitExceeded,
    /// Throughput was exceeded.
    ThrottlingError,
    /// Provisioned throughput was exceeded.
    ProvisionedThroughputExceeded,
    /// The action was invalid (e.g. an item over 400 KB).
    ValidationError,
    /// Any other code, kept as DynamoDB sent it.
    Other(String),
}

impl CancellationCode {
    /// Parses DynamoDB's code string.
    pub fn parse(code: &str) -> CancellationCode {
        match code {
            "None" | "" => CancellationCode::None,
            "ConditionalCheckFailed" => CancellationCode::ConditionalCheckFailed,
            "TransactionConflict" => CancellationCode::TransactionConflict,
            "ItemCollectionSizeLimitExceeded" => CancellationCode::ItemCollectionSizeLimitExceeded,
            "ThrottlingError" => CancellationCode::ThrottlingError,
            "ProvisionedThroughputExceeded" => CancellationCode::ProvisionedThroughputExceeded,
            "ValidationError" => CancellationCode::ValidationError,
            other => CancellationCode::Other(other.to_owned()),
        }
    }

    /// DynamoDB's code string.
    pub fn as_str(&self) -> &str {
        match self {
            CancellationCode::None => "None",
            CancellationCode::ConditionalCheckFailed => "ConditionalCheckFailed",
            CancellationCode::TransactionConflict => "TransactionConflict",
            CancellationCode::ItemCollectionSizeLimitExceeded => "ItemCollectionSizeLimitExceeded",
            CancellationCode::ThrottlingError => "ThrottlingError",
            CancellationCode::ProvisionedThroughputExceeded => "ProvisionedThroughputExceeded",
            CancellationCode::ValidationError => "ValidationError",
            CancellationCode::Other(s) => s,
        }
    }
}

impl fmt::Display for CancellationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an error happened: the table and, when known, the item's key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorContext {
    /// The table the request addressed.
    pub table: Option<String>,
    /// The key of the item concerned.
    pub key: Option<Item>,
}

impl fmt::Display for ErrorContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.table {
            write!(f, " (table `{t}`")?;
            if let Some(k) = &self.key {
                write!(f, ", key {}", crate::value::display_key(k))?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Every error dynorm reports. Both backends map their failures to these kinds,
/// so code (and tests) can match on them whatever the backend.
///
/// ```
/// use dynorm::Error;
/// let e = Error::validation("Item size has exceeded the maximum allowed size");
/// assert!(e.is_validation());
/// assert!(!e.is_retryable());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A write's condition evaluated to false. Nothing was written.
    #[error("the conditional request failed{context}")]
    ConditionFailed {
        /// Table and key.
        context: ErrorContext,
        /// The item as it was, when the request asked for it.
        old_item: Option<Box<Item>>,
    },
    /// A write transaction was cancelled: nothing in it was applied.
    #[error("transaction cancelled, reasons [{}]", .reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(", "))]
    TransactionCanceled {
        /// One reason per action, in the order the actions were given.
        reasons: Vec<CancellationReason>,
    },
    /// Another transaction was working on the same item.
    #[error("transaction conflict: {message}")]
    TransactionConflict {
        /// The service's message.
        message: String,
    },
    /// A transaction with the same token is still in progress.
    #[error("transaction in progress: {message}")]
    TransactionInProgress {
        /// The service's message.
        message: String,
    },
    /// The same client request token was used with a different request.
    #[error("idempotent parameter mismatch: {message}")]
    IdempotentParameterMismatch {
        /// The service's message.
        message: String,
    },
    /// The request broke one of DynamoDB's rules (sizes, types, expressions...).
    /// Nothing was written.
    #[error("validation error: {message}{context}")]
    Validation {
        /// What was wrong, worded so that the broken rule can be recognised.
        message: String,
        /// Table and key, where known.
        context: ErrorContext,
    },
    /// The table (or index) does not exist.
    #[error("resource not found: {message}")]
    ResourceNotFound {
        /// The service's message.
        message: String,
    },
    /// The table exists already (create table), or is being created or deleted.
    #[error("resource in use: {message}")]
    ResourceInUse {
        /// The service's message.
        message: String,
    },
    /// A limit on what a table may hold or do at once was reached (DynamoDB's
    /// `LimitExceededException`): one index created or deleted at a time,
    /// the number of global indexes, capacity quotas.
    #[error("limit exceeded: {message}")]
    LimitExceeded {
        /// The service's message.
        message: String,
    },
    /// A table, or one of its global indexes, did not become ACTIVE: it was
    /// still in a passing state when the wait's time ran out, or in a state
    /// that never leads to ACTIVE (being deleted, archived).
    #[error("table `{table}` is not ACTIVE after {} ms: the table is {status}{}", .waited.as_millis(), .indexes.iter().map(|(name, status)| format!(", index `{name}` is {status}")).collect::<String>())]
    TableNotActive {
        /// The table's name.
        table: String,
        /// The table's state at the last look.
        status: TableStatus,
        /// The global indexes that were not ACTIVE, with their states.
        indexes: Vec<(String, IndexStatus)>,
        /// How long the wait lasted.
        waited: Duration,
    },
    /// The backend does not implement the operation.
    #[error("the {backend} backend does not support {operation}")]
    Unsupported {
        /// The operation asked for.
        operation: Operation,
        /// The backend's name.
        backend: &'static str,
    },
    /// An item that had to exist does not.
    #[error("item not found{context}")]
    NotFound {
        /// Table and key.
        context: ErrorContext,
    },
    /// Throughput or request rate was exceeded; retry later.
    #[error("throttled: {message}")]
    Throttled {
        /// The service's message.
        message: String,
    },
    /// The caller may not perform the request.
    #[error("access denied: {message}")]
    AccessDenied {
        /// The service's message.
        message: String,
    },
    /// An item collection would exceed its size limit.
    #[error("item collection size limit exceeded: {message}")]
    ItemCollectionSizeLimitExceeded {
        /// The service's message.
        message: String,
    },
    /// The service failed (5xx) or answered with an error dynorm has no kind for.
    #[error("service error {code}: {message}{}", .request_id.as_deref().map(|r| format!(" (request id {r})")).unwrap_or_default())]
    Service {
        /// The error code.
        code: String,
        /// The service's message.
        message: String,
        /// The request id, kept for support cases.
        request_id: Option<String>,
        /// Whether retrying may succeed.
        retryable: bool,
    },
    /// The request could not be sent or its answer not received (network, timeout).
    /// Whether a write took effect is unknown.
    #[error("transport error: {message}")]
    Transport {
        /// What failed.
        message: String,
    },
    /// A value could not be converted between Rust types and DynamoDB values.
    #[error(transparent)]
    Codec(#[from] CodecError),
    /// A batch ended with requests not applied (still unprocessed after every
    /// retry, or in a chunk whose call failed). They are carried here, typed,
    /// so nothing is lost; nothing in them was applied.
    #[error("batch incomplete: {} write(s) and {} key(s) not processed{}", .unprocessed_writes.len(), .unprocessed_keys.len(), .causes.first().map(|c| format!(" (first cause: {c})")).unwrap_or_default())]
    BatchIncomplete {
        /// Puts and deletes not applied, with their (full) table names.
        unprocessed_writes: Vec<(String, WriteRequest)>,
        /// Keys not read, with their (full) table names.
        unprocessed_keys: Vec<(String, Item)>,
        /// Errors of calls that failed.
        causes: Vec<Error>,
    },
    /// A pagination cursor was malformed or belongs to another request.
    #[error("invalid cursor: {message}")]
    InvalidCursor {
        /// Why it was rejected.
        message: String,
    },
    /// An object store call failed (S3-backed attributes): the kind is the
    /// same whatever the store.
    #[error("{0}")]
    Blob(#[from] crate::blob::BlobError),
    /// The client was misconfigured (e.g. no default client installed).
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// A validation error with a message and no context.
    pub fn validation(message: impl Into<String>) -> Error {
        Error::Validation {
            message: message.into(),
            context: ErrorContext::default(),
        }
    }

    /// A validation error naming the table.
    pub fn validation_in(table: &str, message: impl Into<String>) -> Error {
        Error::Validation {
            message: message.into(),
            context: ErrorContext {
                table: Some(table.to_owned()),
                key: None,
            },
        }
    }

    /// A resource-not-found error for a table.
    pub fn table_not_found(table: &str) -> Error {
        Error::ResourceNotFound {
            message: format!("Cannot do operations on a non-existent table: `{table}`"),
        }
    }

    /// The error of an operation a backend does not implement.
    pub fn unsupported(operation: Operation, backend: &'static str) -> Error {
        Error::Unsupported { operation, backend }
    }

    /// A configuration error.
    pub fn config(message: impl Into<String>) -> Error {
        Error::Config {
            message: message.into(),
        }
    }

    /// Attaches the table and key to errors that carry a context and have none yet.
    #[must_use]
    pub fn with_context(mut self, table: &str, key: Option<&Item>) -> Error {
        match &mut self {
            Error::ConditionFailed { context, .. }
            | Error::Validation { context, .. }
            | Error::NotFound { context } => {
                if context.table.is_none() {
                    context.table = Some(table.to_owned());
                }
                if context.key.is_none() {
                    context.key = key.cloned();
                }
            }
            _ => {}
        }
        self
    }

    /// Whether a write's condition failed.
    pub fn is_condition_failed(&self) -> bool {
        matches!(self, Error::ConditionFailed { .. })
    }

    /// Whether a transaction was cancelled.
    pub fn is_transaction_canceled(&self) -> bool {
        matches!(self, Error::TransactionCanceled { .. })
    }

    /// Whether the request broke one of DynamoDB's rules.
    pub fn is_validation(&self) -> bool {
        matches!(self, Error::Validation { .. })
    }

    /// Whether a table or index is missing.
    pub fn is_resource_not_found(&self) -> bool {
        matches!(self, Error::ResourceNotFound { .. })
    }

    /// Whether a required item is missing.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }

    /// Whether the request was throttled.
    pub fn is_throttled(&self) -> bool {
        matches!(self, Error::Throttled { .. })
    }

    /// Whether the backend does not implement the operation.
    pub fn is_unsupported(&self) -> bool {
        matches!(self, Error::Unsupported { .. })
    }

    /// Whether a table limit was reached (DynamoDB's `LimitExceededException`).
    pub fn is_limit_exceeded(&self) -> bool {
        matches!(self, Error::LimitExceeded { .. })
    }

    /// Whether a table or index did not become ACTIVE.
    pub fn is_table_not_active(&self) -> bool {
        matches!(self, Error::TableNotActive { .. })
    }

    /// Whether a value failed to convert.
    pub fn is_codec(&self) -> bool {
        matches!(self, Error::Codec(_))
    }

    /// Whether retrying the same request may succeed.
    ///
    /// True for throttling, transaction conflicts and in-progress transactions,
    /// transport failures and retryable service errors. Never true for
    /// validation errors, failed conditions or cancelled transactions.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Throttled { .. }
            | Error::TransactionConflict { .. }
            | Error::TransactionInProgress { .. }
            | Error::Transport { .. } => true,
            Error::Service { retryable, .. } => *retryable,
            Error::Blob(e) => e.kind == crate::blob::BlobErrorKind::Network,
            _ => false,
        }
    }

    /// The object store failure, if this is one.
    pub fn blob_error(&self) -> Option<&crate::blob::BlobError> {
        match self {
            Error::Blob(e) => Some(e),
            _ => None,
        }
    }

    /// The old item returned with a failed condition, if any.
    pub fn old_item(&self) -> Option<&Item> {
        match self {
            Error::ConditionFailed { old_item, .. } => old_item.as_deref(),
            _ => None,
        }
    }

    /// The per-action reasons of a cancelled transaction.
    pub fn cancellation_reasons(&self) -> Option<&[CancellationReason]> {
        match self {
            Error::TransactionCanceled { reasons } => Some(reasons),
            _ => None,
        }
    }

    /// The error's message text without the context suffix (for matching).
    pub fn message(&self) -> String {
        match self {
            Error::Validation { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}
