//! BatchGetItem and BatchWriteItem: how many requests one call holds, and
//! what a batch may not repeat.
//!
//! ```
//! use dynorm::rules::batch::{self, Violation};
//! assert_eq!((batch::MAX_WRITES, batch::MAX_GETS), (25, 100));
//! assert_eq!(
//!     Violation::DuplicateKeys.to_string(),
//!     "Provided list of item keys contains duplicates"
//! );
//! ```

/// Most requests in one BatchWriteItem call.
pub const MAX_WRITES: usize = 25;
/// Most keys in one BatchGetItem call.
pub const MAX_GETS: usize = 100;
/// Largest BatchGetItem response, in bytes; the rest comes back unprocessed.
pub const MAX_GET_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// A batch rule that a request broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// A batch with no request, or a table with none.
    #[error("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    Empty,
    /// More than [`MAX_WRITES`] requests in one BatchWriteItem.
    #[error("Too many items requested for the BatchWriteItem call")]
    TooManyWrites,
    /// More than [`MAX_GETS`] keys in one BatchGetItem.
    #[error("Too many items requested for the BatchGetItem call")]
    TooManyGets,
    /// The same key twice in one batch (a put and a delete count).
    #[error("Provided list of item keys contains duplicates")]
    DuplicateKeys,
}

super::validation_error!(Violation);
