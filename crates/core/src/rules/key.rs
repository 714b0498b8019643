//! Primary and index keys: sizes, emptiness, shape and types.
//!
//! ```
//! use dynorm::rules::key::{self, Violation};
//! use dynorm::Value;
//! assert_eq!(
//!     key::check_key_bytes("pk", &Value::from(""), true),
//!     Err(Violation::Empty { name: "pk".into(), kind: "string" })
//! );
//! assert_eq!(
//!     Violation::Mismatch.to_string(),
//!     "The provided key element does not match the schema"
//! );
//! ```

use crate::backend::KeyType;
use crate::value::Value;

/// Largest partition key value (S or B), in bytes.
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// Largest sort key value (S or B), in bytes.
pub const MAX_SORT_KEY_BYTES: usize = 1024;
/// Longest key attribute name (of a table or an index), in bytes.
pub const MAX_KEY_NAME_BYTES: usize = 255;

/// A rule on keys that a request broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// A request's key (GetItem, UpdateItem, DeleteItem, batches) whose
    /// attributes or types are not the table's key schema.
    #[error("The provided key element does not match the schema")]
    Mismatch,
    /// A transaction action's key naming other attributes than the key
    /// schema's (DynamoDB Local's wording; not a cancellation).
    #[error("The number of conditions on the keys is invalid")]
    WrongAttributes,
    /// A put item without a key attribute.
    #[error("One or more parameter values were invalid: Missing the key {0} in the item")]
    MissingInItem(String),
    /// A put item's key attribute of another type than declared.
    #[error("One or more parameter values were invalid: Type mismatch for key {name} expected: {expected} actual: {actual}")]
    TypeMismatch {
        /// The key attribute.
        name: String,
        /// Its declared type.
        expected: KeyType,
        /// The type of the value given.
        actual: &'static str,
    },
    /// An index key attribute of another type than the index declares.
    #[error("One or more parameter values were invalid: Type mismatch for Index Key {name} Expected: {expected} Actual: {actual} IndexName: {index}")]
    IndexTypeMismatch {
        /// The index key attribute.
        name: String,
        /// Its declared type.
        expected: KeyType,
        /// The type of the value given.
        actual: &'static str,
        /// The index.
        index: String,
    },
    /// A key of a transaction action of another type than declared: the
    /// action's cancellation reason (`ValidationError`), worded as DynamoDB
    /// Local words it.
    #[error("One or more parameter values were invalid: Type mismatch for key")]
    TransactionTypeMismatch,
    /// An index key of a transaction put of another type than declared: the
    /// action's cancellation reason, worded as DynamoDB Local words it.
    #[error("One or more parameter values were invalid: Type mismatch for Index Key")]
    TransactionIndexTypeMismatch,
    /// An empty S or B key value (`kind` is `string` or `binary`).
    #[error("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {kind} value. Key: {name}")]
    Empty {
        /// The key attribute.
        name: String,
        /// `string` or `binary`.
        kind: &'static str,
    },
    /// An empty S or B value of an index key attribute.
    #[error("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty {kind} value. IndexName: {index}, IndexKey: {name}")]
    IndexEmpty {
        /// The index key attribute.
        name: String,
        /// `string` or `binary`.
        kind: &'static str,
        /// The index.
        index: String,
    },
    /// A partition key value over [`MAX_PARTITION_KEY_BYTES`].
    #[error("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of {MAX_PARTITION_KEY_BYTES} bytes")]
    PartitionTooLong,
    /// A sort key value over [`MAX_SORT_KEY_BYTES`].
    #[error("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of {MAX_SORT_KEY_BYTES} bytes")]
    SortTooLong,
    /// A key condition's value of another type than the key attribute's.
    #[error("One or more parameter values were invalid: Condition parameter type does not match schema type")]
    ConditionTypeMismatch,
}

super::validation_error!(Violation);

impl Violation {
    /// The same violation on an index key attribute: an empty value names
    /// the index; every other violation is worded as on a table key.
    ///
    /// ```
    /// use dynorm::rules::key::Violation;
    /// let v = Violation::Empty { name: "g".into(), kind: "string" }.on_index("by_g");
    /// assert_eq!(v, Violation::IndexEmpty { name: "g".into(), kind: "string", index: "by_g".into() });
    /// ```
    #[must_use]
    pub fn on_index(self, index: &str) -> Violation {
        match self {
            Violation::Empty { name, kind } => Violation::IndexEmpty {
                name,
                kind,
                index: index.to_owned(),
            },
            other => other,
        }
    }
}

/// Checks a key value's emptiness and size (S and B; other types have
/// neither). `partition` selects the size limit.
///
/// ```
/// use dynorm::rules::key::{check_key_bytes, Violation};
/// use dynorm::Value;
/// assert_eq!(check_key_bytes("sk", &Value::from("x".repeat(1025)), false), Err(Violation::SortTooLong));
/// assert_eq!(check_key_bytes("pk", &Value::from(7), true), Ok(()));
/// ```
pub fn check_key_bytes(name: &str, value: &Value, partition: bool) -> Result<(), Violation> {
    let (len, kind) = match value {
        Value::S(s) => (s.len(), "string"),
        Value::B(b) => (b.len(), "binary"),
        _ => return Ok(()),
    };
    check_key_len(name, len, kind, partition)
}

/// [`check_key_bytes`] on a value's length and kind (`string` or `binary`),
/// for callers that hold keys in another form.
///
/// ```
/// use dynorm::rules::key::{check_key_len, Violation};
/// assert_eq!(check_key_len("pk", 2049, "string", true), Err(Violation::PartitionTooLong));
/// ```
pub fn check_key_len(
    name: &str,
    len: usize,
    kind: &'static str,
    partition: bool,
) -> Result<(), Violation> {
    if len == 0 {
        return Err(Violation::Empty {
            name: name.to_owned(),
            kind,
        });
    }
    if partition && len > MAX_PARTITION_KEY_BYTES {
        return Err(Violation::PartitionTooLong);
    }
    if !partition && len > MAX_SORT_KEY_BYTES {
        return Err(Violation::SortTooLong);
    }
    Ok(())
}
