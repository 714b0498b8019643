//! Tables and their indexes: how many indexes a table holds, how many names
//! ListTables answers per page, what index projections may list, deletion
//! protection. (Key attribute names: [`key`](super::key).)
//!
//! ```
//! use dynorm::rules::table::{self, Violation};
//! assert_eq!(
//!     Violation::DeletionProtected.to_string(),
//!     "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first."
//! );
//! assert!(Violation::NonKeyAttributesNotInclude.into_error().is_validation());
//! assert_eq!((table::MAX_GLOBAL_INDEXES, table::MAX_LOCAL_INDEXES), (20, 5));
//! assert!(table::LIMITS_HINT.starts_with("Refer to the Amazon DynamoDB Developer Guide"));
//! ```

/// DynamoDB's message when a request names a table that does not exist (a
/// `ResourceNotFoundException`): item operations, batches, transactions
/// and PartiQL. DynamoDB Local words it "Cannot do operations on a
/// non-existent table".
pub const TABLE_NOT_FOUND: &str = "Requested resource not found";

/// Most global secondary indexes per table.
pub const MAX_GLOBAL_INDEXES: usize = 20;
/// Most local secondary indexes per table.
pub const MAX_LOCAL_INDEXES: usize = 5;
/// Most table names in one ListTables page.
pub const MAX_LIST_TABLES: u32 = 100;
/// DynamoDB's suffix to the messages of capacity limits.
pub const LIMITS_HINT: &str =
    "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.";

/// A table request DynamoDB refuses (`ValidationException`; the wording
/// recorded from DynamoDB Local).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// DeleteTable of a table whose deletion protection is on.
    #[error("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")]
    DeletionProtected,
    /// An index projection of type `KEYS_ONLY` or `ALL` listing
    /// `NonKeyAttributes` (CreateTable's indexes, global and local, and
    /// UpdateTable's new ones).
    #[error("No attributes should be specified to be projected unless projection type is INCLUDE")]
    NonKeyAttributesNotInclude,
}

super::validation_error!(Violation);
