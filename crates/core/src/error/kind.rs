//! [`Error::kind`]: the name of an error's kind, for logs, metrics and spans.

use super::Error;

impl Error {
    /// The name of the error's kind: the variant's name (`"ConditionFailed"`,
    /// `"Throttled"`, `"Validation"`...), stable across messages. The
    /// [`Tracing`](crate::layers::Tracing) layer records it as a span's
    /// `error.type`.
    ///
    /// ```
    /// use dynorm::Error;
    /// assert_eq!(Error::validation("Item size has exceeded the maximum allowed size").kind(), "Validation");
    /// assert_eq!(Error::table_not_found().kind(), "ResourceNotFound");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Error::ConditionFailed { .. } => "ConditionFailed",
            Error::TransactionCanceled { .. } => "TransactionCanceled",
            Error::TransactionConflict { .. } => "TransactionConflict",
            Error::TransactionInProgress { .. } => "TransactionInProgress",
            Error::IdempotentParameterMismatch { .. } => "IdempotentParameterMismatch",
            Error::Validation { .. } => "Validation",
            Error::ResourceNotFound { .. } => "ResourceNotFound",
            Error::DuplicateItem { .. } => "DuplicateItem",
            Error::ResourceInUse { .. } => "ResourceInUse",
            Error::ExpiredIterator { .. } => "ExpiredIterator",
            Error::TrimmedDataAccess { .. } => "TrimmedDataAccess",
            Error::LimitExceeded { .. } => "LimitExceeded",
            Error::TableNotActive { .. } => "TableNotActive",
            Error::Unsupported { .. } => "Unsupported",
            Error::NotFound { .. } => "NotFound",
            Error::Throttled { .. } => "Throttled",
            Error::AccessDenied { .. } => "AccessDenied",
            Error::ItemCollectionSizeLimitExceeded { .. } => "ItemCollectionSizeLimitExceeded",
            Error::Service { .. } => "Service",
            Error::Transport { .. } => "Transport",
            Error::Codec(_) => "Codec",
            Error::BatchIncomplete { .. } => "BatchIncomplete",
            Error::InvalidCursor { .. } => "InvalidCursor",
            Error::Blob(_) => "Blob",
            Error::Encryption(_) => "Encryption",
            Error::Hook { .. } => "Hook",
            Error::VersionConflict { .. } => "VersionConflict",
            Error::UniqueViolation { .. } => "UniqueViolation",
            Error::LeaseBusy { .. } => "LeaseBusy",
            Error::LeaseLost { .. } => "LeaseLost",
            Error::OutcomeUnknown { .. } => "OutcomeUnknown",
            Error::Config { .. } => "Config",
        }
    }
}
