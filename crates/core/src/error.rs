//! [`Error`]: every failure dynorm reports, from either backend.

use crate::backend::{IndexStatus, Operation, TableStatus, WriteRequest};
use crate::model::HookKind;
use crate::value::{CodecError, Item, Value};
use std::fmt;
use std::time::Duration;

mod kind;

/// The result type of dynorm operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Any error, boxed: the cause kept behind a dynorm [`Error`]
/// ([`std::error::Error::source`]) and what a model's
/// [`Hooks`](crate::model::Hooks) return. `?` converts any error into it,
/// and `"text".into()` makes one from a message.
///
/// ```
/// let cause: dynorm::BoxError = "the title is empty".into();
/// assert_eq!(cause.to_string(), "the title is empty");
/// let io: dynorm::BoxError = std::io::Error::other("disk full").into();
/// assert!(io.downcast_ref::<std::io::Error>().is_some());
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

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
/// The kinds a service answer maps to (and [`Transport`](Error::Transport))
/// also keep, when a backend had them, the request id the service gave
/// ([`request_id`](Error::request_id)) and the backend's own error as
/// [`source`](std::error::Error::source), so error reporters (`anyhow`,
/// `eyre`, `tracing`) print the whole chain. The message itself stays one
/// readable line.
///
/// ```
/// use dynorm::Error;
/// let e = Error::validation("Item size has exceeded the maximum allowed size");
/// assert!(e.is_validation());
/// assert!(!e.is_retryable());
///
/// let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
/// let e = Error::transport("cannot reach http://127.0.0.1:9: connection refused", refused);
/// assert!(e.is_transport() && e.is_retryable());
/// let cause = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<std::io::Error>());
/// assert_eq!(cause.map(|io| io.kind()), Some(std::io::ErrorKind::ConnectionRefused));
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
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// A write transaction was cancelled: nothing in it was applied.
    #[error("transaction cancelled, reasons [{}]", .reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(", "))]
    TransactionCanceled {
        /// One reason per action, in the order the actions were given.
        reasons: Vec<CancellationReason>,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// Another transaction was working on the same item.
    #[error("transaction conflict: {message}")]
    TransactionConflict {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// A transaction with the same token is still in progress.
    #[error("transaction in progress: {message}")]
    TransactionInProgress {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// The same client request token was used with a different request.
    #[error("idempotent parameter mismatch: {message}")]
    IdempotentParameterMismatch {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// The request broke one of DynamoDB's rules (sizes, types, expressions...).
    /// Nothing was written.
    #[error("validation error: {message}{context}")]
    Validation {
        /// What was wrong, worded so that the broken rule can be recognised.
        message: String,
        /// Table and key, where known.
        context: ErrorContext,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// The table (or index) does not exist.
    #[error("resource not found: {message}")]
    ResourceNotFound {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// A PartiQL INSERT found an item with the same primary key
    /// (`DuplicateItemException`). Nothing was written.
    #[error("duplicate item: {message}")]
    DuplicateItem {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// A shard iterator was used more than 15 minutes after it was made
    /// (DynamoDB Streams' `ExpiredIteratorException`): ask for a new one.
    #[error("expired iterator: {message}")]
    ExpiredIterator {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// A stream read asked for records older than the 24 hours a stream
    /// keeps (DynamoDB Streams' `TrimmedDataAccessException`).
    #[error("trimmed data access: {message}")]
    TrimmedDataAccess {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// The table exists already (create table), or is being created or deleted.
    #[error("resource in use: {message}")]
    ResourceInUse {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// A limit on what a table may hold or do at once was reached (DynamoDB's
    /// `LimitExceededException`): one index created or deleted at a time,
    /// the number of global indexes, capacity quotas.
    #[error("limit exceeded: {message}")]
    LimitExceeded {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
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
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// The caller may not perform the request.
    #[error("access denied: {message}")]
    AccessDenied {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// An item collection would exceed its size limit.
    #[error("item collection size limit exceeded: {message}")]
    ItemCollectionSizeLimitExceeded {
        /// The service's message.
        message: String,
        /// The service's request id, where the backend had one.
        request_id: Option<Box<str>>,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// The service failed (5xx) or answered with an error dynorm has no kind for.
    #[error("service error {code}: {message}{}", .request_id.as_deref().map(|r| format!(" (request id {r})")).unwrap_or_default())]
    Service {
        /// The error code.
        code: String,
        /// The service's message.
        message: String,
        /// The request id, kept for support cases.
        request_id: Option<Box<str>>,
        /// Whether retrying may succeed.
        retryable: bool,
        /// The backend's own error, where it had one.
        source: Option<BoxError>,
    },
    /// The request could not be sent or its answer not received (network,
    /// timeout, an answer cut off). Whether a write took effect is unknown.
    #[error("{message}")]
    Transport {
        /// What failed, in one line: where the request went and why it got
        /// no answer (`cannot reach http://127.0.0.1:8000: connection refused`).
        message: String,
        /// The service's request id, when an answer began to arrive.
        request_id: Option<Box<str>>,
        /// The error of the HTTP stack, down to the I/O error where there was one.
        source: Option<BoxError>,
    },
    /// A value could not be converted between Rust types and DynamoDB values.
    #[error(transparent)]
    Codec(#[from] CodecError),
    /// A batch ended with requests not applied (still unprocessed after every
    /// retry, or in a chunk whose call failed). They are carried here, typed,
    /// so nothing is lost. Requests left unprocessed were not applied; those
    /// of a chunk whose call failed with a 5xx or transport error (see
    /// `causes`) may have been.
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
    #[error(transparent)]
    Blob(#[from] crate::blob::BlobError),
    /// An encrypted attribute could not be encrypted or decrypted: a wrong
    /// key, a changed ciphertext, another encryption context, a value not
    /// in the envelope format, or a key service failure; names the
    /// attribute.
    #[error(transparent)]
    Encryption(#[from] crate::encryption::EncryptionError),
    /// A model's hook returned an error: a `before_*` hook vetoed the write
    /// (nothing was sent), or `after_load` failed the read. The hook's own
    /// error is the [`source`](std::error::Error::source), to downcast to
    /// the type the hook returned.
    #[error("{hook} of model {model} {}: {source}", if .hook.vetoes_write() { "vetoed the write" } else { "failed" })]
    Hook {
        /// The model's Rust type name.
        model: &'static str,
        /// Which hook.
        hook: HookKind,
        /// The error the hook returned.
        source: BoxError,
    },
    /// A write conditioned on a model's version found another version
    /// stored (or, for a create, an item already there; for a save or a
    /// delete, no item at all): someone else wrote the item since the caller
    /// read it. Nothing was written. In a transaction, the action whose
    /// version condition failed is reported this way.
    #[error("version conflict (table `{table}`, key {}): expected {}{}", crate::value::display_key(.key), .expected.as_ref().map(|v| format!("version {}", crate::value::display_value(v))).unwrap_or_else(|| "no item".to_owned()), if .current.is_some() { ", another is stored" } else { "" })]
    VersionConflict {
        /// The table (with the client's prefix).
        table: String,
        /// The item's key.
        key: Item,
        /// The version the write was conditioned on; `None` for a create,
        /// which expects no item.
        expected: Option<Box<Value>>,
        /// The item as it is stored, when the backend returned it.
        current: Option<Box<Item>>,
        /// The failed condition behind it (a
        /// [`ConditionFailed`](Error::ConditionFailed) or
        /// [`TransactionCanceled`](Error::TransactionCanceled)).
        source: Option<BoxError>,
    },
    /// A write would give a `#[dynorm(unique)]` field a value another item
    /// of the same model already holds. Nothing was written.
    #[error("unique field `{field}` of {model}: the value {} is taken", crate::value::display_value(.value))]
    UniqueViolation {
        /// The model's entity name.
        model: &'static str,
        /// The field, as stored.
        field: &'static str,
        /// The value that is taken.
        value: Box<Value>,
        /// The cancelled transaction behind it.
        source: Option<BoxError>,
    },
    /// A lease ([`Client::lease`](crate::Client::lease)) stayed held by
    /// another owner for the whole wait.
    #[error("lease `{name}` in table `{table}` is held{}; waited {} ms", .owner.as_deref().map(|o| format!(" by {o}")).unwrap_or_default(), .waited.as_millis())]
    LeaseBusy {
        /// The table (with the client's prefix).
        table: String,
        /// The lease's name.
        name: String,
        /// Its holder, as last read.
        owner: Option<String>,
        /// How long the acquisition waited.
        waited: Duration,
    },
    /// A lease was no longer held by the guard that released it (another
    /// owner took it over after it expired).
    #[error("lease `{name}` in table `{table}` was lost (fencing token {token})")]
    LeaseLost {
        /// The table (with the client's prefix).
        table: String,
        /// The lease's name.
        name: String,
        /// The fencing token the guard held (boxed: a number is 16-byte aligned).
        token: Box<crate::value::Number>,
    },
    /// A write failed in a way that leaves unknown whether it was applied (a
    /// 5xx or transport error after the request was sent, or a retry after
    /// one that failed its condition, which the first attempt may have made
    /// false), and the retry layer did not send it again because a second
    /// application would not be the same as one (an ADD of a number, a
    /// counter, `list_append`): see [`Retry`](crate::layers::Retry). Read
    /// the item to learn what happened. `source` is the error of the last
    /// attempt.
    #[error("outcome of {operation} on `{table}` is unknown: the write may have been applied and is not resent ({source})")]
    OutcomeUnknown {
        /// The operation whose outcome is unknown.
        operation: Operation,
        /// The table (tables, for a transaction: comma-separated).
        table: String,
        /// The last attempt's error (a dynorm [`Error`]: downcast it).
        source: BoxError,
    },
    /// The client was misconfigured (e.g. no default client installed), or a
    /// request could not be built.
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong.
        message: String,
        /// The error behind it, where there was one.
        source: Option<BoxError>,
    },
}

impl Error {
    /// A validation error with a message and no context.
    pub fn validation(message: impl Into<String>) -> Error {
        Error::Validation {
            message: message.into(),
            context: ErrorContext::default(),
            request_id: None,
            source: None,
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
            request_id: None,
            source: None,
        }
    }

    /// The error of a PartiQL INSERT that found an item with its key
    /// (`DuplicateItemException`, DynamoDB's wording).
    ///
    /// ```
    /// let e = dynorm::Error::duplicate_item();
    /// assert_eq!(e.kind(), "DuplicateItem");
    /// assert_eq!(e.to_string(), "duplicate item: Duplicate primary key exists in table");
    /// ```
    pub fn duplicate_item() -> Error {
        Error::DuplicateItem {
            message: crate::rules::partiql::DUPLICATE_ITEM.to_owned(),
            request_id: None,
            source: None,
        }
    }

    /// The resource-not-found error of a request naming a table that does
    /// not exist, in DynamoDB's words ([`rules::table::TABLE_NOT_FOUND`](crate::rules::table::TABLE_NOT_FOUND)).
    pub fn table_not_found() -> Error {
        Error::resource_not_found(crate::rules::table::TABLE_NOT_FOUND)
    }

    /// An access-denied error (`AccessDeniedException`) with this message.
    pub fn access_denied(message: impl Into<String>) -> Error {
        Error::AccessDenied {
            message: message.into(),
            request_id: None,
            source: None,
        }
    }

    /// A resource-not-found error (a table or index that does not exist).
    pub fn resource_not_found(message: impl Into<String>) -> Error {
        Error::ResourceNotFound {
            message: message.into(),
            request_id: None,
            source: None,
        }
    }

    /// The error of an operation a backend does not implement.
    pub fn unsupported(operation: Operation, backend: &'static str) -> Error {
        Error::Unsupported { operation, backend }
    }

    /// An expired shard iterator (`ExpiredIteratorException`) with this message.
    pub fn expired_iterator(message: impl Into<String>) -> Error {
        Error::ExpiredIterator {
            message: message.into(),
            request_id: None,
            source: None,
        }
    }

    /// A read of records past the stream's trim horizon
    /// (`TrimmedDataAccessException`) with this message.
    pub fn trimmed_data_access(message: impl Into<String>) -> Error {
        Error::TrimmedDataAccess {
            message: message.into(),
            request_id: None,
            source: None,
        }
    }

    /// A limit-exceeded error (too many tables or indexes, or too many
    /// index changes at once).
    pub fn limit_exceeded(message: impl Into<String>) -> Error {
        Error::LimitExceeded {
            message: message.into(),
            request_id: None,
            source: None,
        }
    }

    /// A configuration error.
    pub fn config(message: impl Into<String>) -> Error {
        Error::Config {
            message: message.into(),
            source: None,
        }
    }

    /// A transport error: `message` says in one line where the request went
    /// and why it got no answer; `source` is the error behind it.
    pub fn transport(message: impl Into<String>, source: impl Into<BoxError>) -> Error {
        Error::Transport {
            message: message.into(),
            request_id: None,
            source: Some(source.into()),
        }
    }

    /// The error of a write whose outcome is unknown (see
    /// [`OutcomeUnknown`](Error::OutcomeUnknown)).
    ///
    /// ```
    /// use dynorm::backend::Operation;
    /// let lost = dynorm::Error::transport("connection reset", "io");
    /// let e = dynorm::Error::outcome_unknown(Operation::UpdateItem, "counters", lost);
    /// assert!(e.is_outcome_unknown() && !e.is_retryable());
    /// assert!(std::error::Error::source(&e).is_some());
    /// ```
    pub fn outcome_unknown(operation: Operation, table: impl Into<String>, source: Error) -> Error {
        Error::OutcomeUnknown {
            operation,
            table: table.into(),
            source: Box::new(source),
        }
    }

    /// A model's hook that returned an error (a veto, or a failed `after_load`).
    pub(crate) fn hook(model: &'static str, hook: HookKind, source: BoxError) -> Error {
        Error::Hook {
            model,
            hook,
            source,
        }
    }

    /// The error with the error behind it as its
    /// [`source`](std::error::Error::source), for the kinds that keep one:
    /// those a service answer maps to, [`Service`](Error::Service),
    /// [`Transport`](Error::Transport), [`Config`](Error::Config) and
    /// [`Blob`](Error::Blob). [`Codec`](Error::Codec) and
    /// [`Hook`](Error::Hook) already have theirs, and dynorm's own
    /// [`NotFound`](Error::NotFound),
    /// [`BatchIncomplete`](Error::BatchIncomplete) and
    /// [`InvalidCursor`](Error::InvalidCursor) have none: those are returned
    /// as they are.
    ///
    /// ```
    /// use std::error::Error as _;
    /// let io = std::io::Error::other("no such profile");
    /// let e = dynorm::Error::config("cannot load the AWS profile").with_source(io);
    /// assert_eq!(e.source().map(|s| s.to_string()).as_deref(), Some("no such profile"));
    /// ```
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Error {
        if let Some(slots) = self.cause_slots() {
            *slots.source = Some(source.into());
        }
        self
    }

    /// The error with the request id the service gave, for the kinds that
    /// keep one ([`request_id`](Error::request_id) says which); others are
    /// returned as they are.
    ///
    /// ```
    /// let e = dynorm::Error::table_not_found().with_request_id("RID-1");
    /// assert_eq!(e.request_id(), Some("RID-1"));
    /// ```
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Error {
        if let Some(CauseSlots {
            request_id: Some(slot),
            ..
        }) = self.cause_slots()
        {
            *slot = Some(request_id.into().into_boxed_str());
        }
        self
    }

    /// The request id and source fields of the kinds that keep them
    /// (no request id for `Config`).
    fn cause_slots(&mut self) -> Option<CauseSlots<'_>> {
        match self {
            Error::ConditionFailed {
                request_id, source, ..
            }
            | Error::TransactionCanceled {
                request_id, source, ..
            }
            | Error::TransactionConflict {
                request_id, source, ..
            }
            | Error::TransactionInProgress {
                request_id, source, ..
            }
            | Error::IdempotentParameterMismatch {
                request_id, source, ..
            }
            | Error::Validation {
                request_id, source, ..
            }
            | Error::ResourceNotFound {
                request_id, source, ..
            }
            | Error::DuplicateItem {
                request_id, source, ..
            }
            | Error::ResourceInUse {
                request_id, source, ..
            }
            | Error::ExpiredIterator {
                request_id, source, ..
            }
            | Error::TrimmedDataAccess {
                request_id, source, ..
            }
            | Error::Throttled {
                request_id, source, ..
            }
            | Error::AccessDenied {
                request_id, source, ..
            }
            | Error::ItemCollectionSizeLimitExceeded {
                request_id, source, ..
            }
            | Error::LimitExceeded {
                request_id, source, ..
            }
            | Error::Service {
                request_id, source, ..
            }
            | Error::Transport {
                request_id, source, ..
            } => Some(CauseSlots {
                request_id: Some(request_id),
                source,
            }),
            Error::Blob(b) => Some(CauseSlots {
                request_id: Some(&mut b.request_id),
                source: &mut b.source,
            }),
            Error::Encryption(e) => Some(CauseSlots {
                request_id: Some(&mut e.request_id),
                source: &mut e.source,
            }),
            Error::Config { source, .. }
            | Error::VersionConflict { source, .. }
            | Error::UniqueViolation { source, .. } => Some(CauseSlots {
                request_id: None,
                source,
            }),
            Error::NotFound { .. }
            | Error::LeaseBusy { .. }
            | Error::LeaseLost { .. }
            | Error::TableNotActive { .. }
            | Error::Unsupported { .. }
            | Error::Codec(_)
            | Error::BatchIncomplete { .. }
            | Error::InvalidCursor { .. }
            | Error::OutcomeUnknown { .. }
            | Error::Hook { .. } => None,
        }
    }

    /// The request id the service gave for the request that failed, when the
    /// backend had one: kept by the kinds a service answer maps to,
    /// [`Service`](Error::Service), [`Transport`](Error::Transport) (when an
    /// answer began to arrive) and [`Blob`](Error::Blob).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::ConditionFailed { request_id, .. }
            | Error::TransactionCanceled { request_id, .. }
            | Error::TransactionConflict { request_id, .. }
            | Error::TransactionInProgress { request_id, .. }
            | Error::IdempotentParameterMismatch { request_id, .. }
            | Error::Validation { request_id, .. }
            | Error::ResourceNotFound { request_id, .. }
            | Error::DuplicateItem { request_id, .. }
            | Error::ResourceInUse { request_id, .. }
            | Error::ExpiredIterator { request_id, .. }
            | Error::TrimmedDataAccess { request_id, .. }
            | Error::Throttled { request_id, .. }
            | Error::AccessDenied { request_id, .. }
            | Error::ItemCollectionSizeLimitExceeded { request_id, .. }
            | Error::LimitExceeded { request_id, .. }
            | Error::Service { request_id, .. }
            | Error::Transport { request_id, .. } => request_id.as_deref(),
            Error::Blob(b) => b.request_id.as_deref(),
            Error::Encryption(e) => e.request_id.as_deref(),
            _ => None,
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

    /// Whether a shard iterator expired ([`ExpiredIterator`](Error::ExpiredIterator)).
    ///
    /// ```
    /// assert!(dynorm::Error::expired_iterator("Iterator expired").is_expired_iterator());
    /// ```
    pub fn is_expired_iterator(&self) -> bool {
        matches!(self, Error::ExpiredIterator { .. })
    }

    /// Whether a stream read reached past the trim horizon
    /// ([`TrimmedDataAccess`](Error::TrimmedDataAccess)).
    ///
    /// ```
    /// assert!(dynorm::Error::trimmed_data_access("trimmed").is_trimmed_data_access());
    /// ```
    pub fn is_trimmed_data_access(&self) -> bool {
        matches!(self, Error::TrimmedDataAccess { .. })
    }

    /// Whether a write's condition failed.
    pub fn is_condition_failed(&self) -> bool {
        matches!(self, Error::ConditionFailed { .. })
    }

    /// Whether a write lost a race on a model's version
    /// ([`VersionConflict`](Error::VersionConflict)).
    pub fn is_version_conflict(&self) -> bool {
        matches!(self, Error::VersionConflict { .. })
    }

    /// Whether a unique field's value is taken
    /// ([`UniqueViolation`](Error::UniqueViolation)).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, Error::UniqueViolation { .. })
    }

    /// Whether a lease stayed busy for the whole wait
    /// ([`LeaseBusy`](Error::LeaseBusy)).
    pub fn is_lease_busy(&self) -> bool {
        matches!(self, Error::LeaseBusy { .. })
    }

    /// Whether a lease was lost ([`LeaseLost`](Error::LeaseLost)).
    pub fn is_lease_lost(&self) -> bool {
        matches!(self, Error::LeaseLost { .. })
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

    /// Whether the request got no answer (network, timeout, an answer cut off).
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. })
    }

    /// Whether a write's outcome is unknown and it was not sent again
    /// ([`OutcomeUnknown`](Error::OutcomeUnknown)).
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }

    /// Whether a model's hook returned an error: a `before_*` hook's veto or a
    /// failed `after_load`. The hook's own error is the
    /// [`source`](std::error::Error::source).
    pub fn is_hook(&self) -> bool {
        matches!(self, Error::Hook { .. })
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
            Error::Encryption(e) => e.kind == crate::encryption::EncryptionErrorKind::Network,
            _ => false,
        }
    }

    /// Whether the client or a request is misconfigured
    /// ([`Error::Config`]): no object store or key service where one is
    /// needed, settings that cannot be loaded.
    pub fn is_config(&self) -> bool {
        matches!(self, Error::Config { .. })
    }

    /// Whether an encrypted attribute could not be encrypted or decrypted
    /// ([`Error::Encryption`]).
    pub fn is_encryption(&self) -> bool {
        matches!(self, Error::Encryption(_))
    }

    /// The encryption failure, if this is one.
    pub fn encryption_error(&self) -> Option<&crate::encryption::EncryptionError> {
        match self {
            Error::Encryption(e) => Some(e),
            _ => None,
        }
    }

    /// The object store failure, if this is one.
    pub fn blob_error(&self) -> Option<&crate::blob::BlobError> {
        match self {
            Error::Blob(e) => Some(e),
            _ => None,
        }
    }

    /// The old item returned with a failed condition, if any: for a
    /// [`VersionConflict`](Error::VersionConflict), the item as stored.
    pub fn old_item(&self) -> Option<&Item> {
        match self {
            Error::ConditionFailed { old_item, .. } => old_item.as_deref(),
            Error::VersionConflict { current, .. } => current.as_deref(),
            _ => None,
        }
    }

    /// The per-action reasons of a cancelled transaction.
    pub fn cancellation_reasons(&self) -> Option<&[CancellationReason]> {
        match self {
            Error::TransactionCanceled { reasons, .. } => Some(reasons),
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

/// The fields of an [`Error`] that keep its cause.
struct CauseSlots<'a> {
    /// `None` for a kind without a request id.
    request_id: Option<&'a mut Option<Box<str>>>,
    source: &'a mut Option<BoxError>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::error::Error as _;

    fn send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn errors_stay_small() {
        // `Result<T>` is returned everywhere: the causes are boxed.
        assert!(
            std::mem::size_of::<Error>() <= 120,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn errors_box_into_box_error() {
        send_sync::<Error>();
        // So that a hook can `?` a dynorm error, error reporters can hold one,
        // and code can `?` it into a `BoxError`.
        let boxed: BoxError = Error::table_not_found().into();
        assert!(boxed
            .downcast_ref::<Error>()
            .is_some_and(Error::is_resource_not_found));
    }

    #[test]
    fn sources_and_request_ids_are_kept_where_a_kind_has_room() {
        let io = || std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        let e = Error::table_not_found()
            .with_request_id("RID")
            .with_source(io());
        assert_eq!(e.request_id(), Some("RID"));
        assert_eq!(
            e.source()
                .and_then(|s| s.downcast_ref::<std::io::Error>())
                .map(std::io::Error::kind),
            Some(std::io::ErrorKind::ConnectionReset)
        );
        assert_eq!(
            e.to_string(),
            "resource not found: Requested resource not found"
        );

        let config = Error::config("bad profile")
            .with_request_id("ignored")
            .with_source(io());
        assert_eq!(config.request_id(), None);
        assert!(config.source().is_some());

        let blob = Error::from(crate::blob::BlobError::new(
            crate::blob::BlobErrorKind::Network,
            "cannot reach S3 in eu-west-1: connection reset",
        ))
        .with_request_id("S3RID")
        .with_source(io());
        assert_eq!(blob.request_id(), Some("S3RID"));
        assert!(blob.source().is_some());
        assert_eq!(
            blob.to_string(),
            "network error: cannot reach S3 in eu-west-1: connection reset"
        );

        let not_found = Error::NotFound {
            context: ErrorContext::default(),
        }
        .with_request_id("x")
        .with_source(io());
        assert_eq!(not_found.request_id(), None);
        assert!(not_found.source().is_none());
    }

    #[test]
    fn transport_errors_are_retryable_and_keep_their_line() {
        let e = Error::transport("cannot reach http://127.0.0.1:9: connection refused", "io");
        assert!(e.is_transport() && e.is_retryable());
        assert_eq!(
            e.to_string(),
            "cannot reach http://127.0.0.1:9: connection refused"
        );
        assert_eq!(e.source().map(ToString::to_string).as_deref(), Some("io"));
    }

    #[test]
    fn hook_errors_name_the_model_and_the_hook() {
        let veto = Error::hook("User", HookKind::BeforeDelete, "kept".into());
        assert!(veto.is_hook() && !veto.is_retryable());
        assert_eq!(
            veto.to_string(),
            "before_delete of model User vetoed the write: kept"
        );
        assert_eq!(
            veto.source().map(ToString::to_string).as_deref(),
            Some("kept")
        );
        let load = Error::hook("User", HookKind::AfterLoad, "bad row".into());
        assert_eq!(load.to_string(), "after_load of model User failed: bad row");
    }
}
