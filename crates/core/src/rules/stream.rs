//! DynamoDB Streams: the stream setting of CreateTable and UpdateTable, the
//! limits of ListStreams, DescribeStream, GetShardIterator and GetRecords,
//! how long records and iterators last, the names streams get (labels,
//! ARNs, sequence numbers), and DynamoDB's wording for each refusal
//! (recorded from DynamoDB Local).
//!
//! ```
//! use dynorm::backend::{StreamSpecification, StreamViewType};
//! use dynorm::rules::stream::{self, Violation};
//! assert_eq!(stream::check_specification(&StreamSpecification::new(true, None)), Err(Violation::ViewTypeMissing));
//! assert_eq!(
//!     Violation::AlreadyEnabled.to_string(),
//!     "Table already has an enabled stream"
//! );
//! assert_eq!(stream::sequence_number(42), "000000000000000000042");
//! let label = stream::label(std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_700_000_000_123));
//! assert_eq!(label, "2023-11-14T22:13:20.123");
//! assert_eq!(
//!     stream::arn("us-east-1", "000000000000", "orders", &label),
//!     "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2023-11-14T22:13:20.123"
//! );
//! assert_eq!(stream::table_of_arn(&stream::arn("us-east-1", "1", "orders", &label)), Some("orders"));
//! ```

use crate::backend::StreamSpecification;
use std::time::{Duration, SystemTime};

/// How long a stream keeps a record (and a disabled stream stays readable).
pub const RETENTION: Duration = Duration::from_secs(24 * 60 * 60);
/// How long a shard iterator stays usable.
pub const ITERATOR_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Most records of one GetRecords answer (and its default).
pub const MAX_RECORDS: u32 = 1000;
/// Most bytes of records of one GetRecords answer.
pub const MAX_RECORDS_BYTES: u64 = 1024 * 1024;
/// Most streams of a ListStreams page and shards of a DescribeStream answer.
pub const MAX_LIST: u32 = 100;
/// Digits of a sequence number, zero-padded.
pub const SEQUENCE_DIGITS: usize = 21;

/// A stream request DynamoDB refuses (`ValidationException`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// An enabled stream without a view type.
    #[error(
        "Invalid StreamViewType: Stream ViewType must not be null or empty when enabling streams."
    )]
    ViewTypeMissing,
    /// A disabled stream with a view type.
    #[error(
        "Invalid StreamViewType: Stream StreamEnabled was false but a StreamViewType was present."
    )]
    ViewTypeWhenDisabled,
    /// UpdateTable enabling a stream on a table whose stream is enabled.
    #[error("Table already has an enabled stream")]
    AlreadyEnabled,
    /// UpdateTable disabling a stream on a table without an enabled one.
    #[error("Table has no stream to disable")]
    NothingToDisable,
    /// `Limit` 0.
    #[error("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    LimitZero,
    /// A ListStreams or DescribeStream `Limit` over [`MAX_LIST`].
    #[error("One or more parameter values were invalid: Limit cannot be greater than the maximum allowed size: {MAX_LIST}")]
    ListLimit,
    /// A GetRecords `Limit` over [`MAX_RECORDS`].
    #[error("One or more parameter values were invalid: Limit should be less than or equal to {MAX_RECORDS}")]
    RecordsLimit,
    /// `AT_`/`AFTER_SEQUENCE_NUMBER` without a sequence number, or one that
    /// is not a decimal number.
    #[error("One or more parameter values were invalid: Invalid SequenceNumber")]
    InvalidSequenceNumber,
    /// `TRIM_HORIZON`/`LATEST` with a sequence number.
    #[error("One or more parameter values were invalid: SequenceNumber should not be passed for this iterator type")]
    SequenceNumberNotAllowed,
    /// A shard iterator that is not one the service gave.
    #[error("Invalid ShardIterator")]
    InvalidShardIterator,
}

super::validation_error!(Violation);

/// Checks a stream setting as CreateTable and UpdateTable do: a view type
/// exactly when the stream is enabled.
pub fn check_specification(spec: &StreamSpecification) -> Result<(), Violation> {
    match (spec.enabled, spec.view_type) {
        (true, None) => Err(Violation::ViewTypeMissing),
        (false, Some(_)) => Err(Violation::ViewTypeWhenDisabled),
        _ => Ok(()),
    }
}

/// Checks a ListStreams or DescribeStream `Limit`.
pub fn check_list_limit(limit: Option<u32>) -> Result<u32, Violation> {
    match limit {
        Some(0) => Err(Violation::LimitZero),
        Some(n) if n > MAX_LIST => Err(Violation::ListLimit),
        other => Ok(other.unwrap_or(MAX_LIST)),
    }
}

/// Checks a GetRecords `Limit`.
pub fn check_records_limit(limit: Option<u32>) -> Result<u32, Violation> {
    match limit {
        Some(0) => Err(Violation::LimitZero),
        Some(n) if n > MAX_RECORDS => Err(Violation::RecordsLimit),
        other => Ok(other.unwrap_or(MAX_RECORDS)),
    }
}

/// The not-found error of a stream ARN (`ResourceNotFoundException`).
pub fn stream_not_found(arn: &str) -> crate::Error {
    crate::Error::resource_not_found(format!(
        "Requested resource not found: Stream: {arn} not found"
    ))
}

/// The not-found error of a shard id (`ResourceNotFoundException`).
pub fn shard_not_found() -> crate::Error {
    crate::Error::resource_not_found("Shard does not exist")
}

/// The error of an iterator older than [`ITERATOR_LIFETIME`] (`ExpiredIteratorException`).
pub fn iterator_expired() -> crate::Error {
    crate::Error::expired_iterator(
        "Iterator expired. The iterator was created more than 15 minutes ago.",
    )
}

/// The error of a read before the oldest record kept (`TrimmedDataAccessException`).
pub fn trimmed() -> crate::Error {
    crate::Error::trimmed_data_access(
        "The operation attempted to read past the oldest stream record in a shard.",
    )
}

/// A sequence number as DynamoDB writes it: decimal, zero-padded to
/// [`SEQUENCE_DIGITS`] digits.
pub fn sequence_number(n: u64) -> String {
    format!("{n:0SEQUENCE_DIGITS$}")
}

/// Reads a sequence number (decimal digits only).
pub fn parse_sequence_number(text: &str) -> Result<u64, Violation> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Violation::InvalidSequenceNumber);
    }
    text.parse().map_err(|_| Violation::InvalidSequenceNumber)
}

/// A stream label: the UTC time the stream was asked for, to the
/// millisecond (`2023-11-14T22:13:20.123`).
pub fn label(at: SystemTime) -> String {
    let millis = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i128)
        .unwrap_or(0);
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(millis * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// A stream's ARN: the table's ARN, `/stream/`, the label.
pub fn arn(region: &str, account: &str, table: &str, label: &str) -> String {
    format!("arn:aws:dynamodb:{region}:{account}:table/{table}/stream/{label}")
}

/// The table a stream ARN names.
pub fn table_of_arn(arn: &str) -> Option<&str> {
    let (_, rest) = arn.split_once(":table/")?;
    let (table, _) = rest.split_once("/stream/")?;
    Some(table)
}
