//! Query and Scan: pages, parallel scan segments, start keys, and what a
//! read may filter on and ask an index for.
//!
//! ```
//! use dynorm::rules::read::{self, Violation};
//! assert_eq!(
//!     Violation::FilterOnKey("sk".into()).to_string(),
//!     "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"
//! );
//! assert_eq!(read::PAGE_BYTES, 1024 * 1024);
//! ```

/// Bytes a Query or Scan page reads at most (counted before the filter).
pub const PAGE_BYTES: usize = 1024 * 1024;
/// Most segments of a parallel scan.
pub const MAX_TOTAL_SEGMENTS: u32 = 1_000_000;

/// A read rule that a request broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// `Limit` 0.
    #[error("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    LimitZero,
    /// `TotalSegments` outside 1..=[`MAX_TOTAL_SEGMENTS`].
    #[error("1 validation error detected: Value '{0}' at 'totalSegments' failed to satisfy constraint: Member must have value between 1 and {MAX_TOTAL_SEGMENTS}")]
    TotalSegments(u32),
    /// `Segment` not below `TotalSegments`.
    #[error("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is out of bounds for TotalSegments: {total}")]
    SegmentOutOfBounds {
        /// The segment asked for.
        segment: u32,
        /// The total segments.
        total: u32,
    },
    /// A start key that does not fit the key schema of what is read.
    #[error(
        "The provided starting key is invalid: The provided key element does not match the schema"
    )]
    InvalidStartKey,
    /// A Query start key outside the queried partition (DynamoDB Local's
    /// wording).
    #[error("The provided starting key does not match the range key predicate")]
    StartKeyOutsideQuery,
    /// `ConsistentRead` on a global secondary index.
    #[error("Consistent reads are not supported on global secondary indexes")]
    ConsistentReadOnGlobalIndex,
    /// A read of an index the table does not have.
    #[error("The table does not have the specified index: {0}")]
    NoSuchIndex(String),
    /// A Query filter naming a key attribute of what is queried (the
    /// table's keys, or the queried index's). Scans may filter on keys.
    #[error(
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: {0}"
    )]
    FilterOnKey(String),
    /// A projection naming attributes a global secondary index does not
    /// project (top-level names, in [`set_order`]).
    #[error("One or more parameter values were invalid: Global secondary index {index} does not project [{}]", .names.join(", "))]
    NotProjected {
        /// The index.
        index: String,
        /// The attributes it does not project.
        names: Vec<String>,
    },
    /// A Query filter naming attributes the queried secondary index does not
    /// project (top-level names, in [`set_order`]).
    #[error("One or more parameter values were invalid: Secondary index {index} does not project one or more filter attributes: [{}]", .names.join(", "))]
    FilterNotProjected {
        /// The index.
        index: String,
        /// The attributes it does not project.
        names: Vec<String>,
    },
}

super::validation_error!(Violation);

/// Attribute names as DynamoDB lists them in a message: each once, in the
/// iteration order of the Java `HashSet` they are collected into (buckets
/// of `String.hashCode`, spread as `HashMap` spreads it, in a table that
/// starts at 16 and doubles past three quarters full; insertion order
/// within a bucket).
///
/// ```
/// use dynorm::rules::read::set_order;
/// // As DynamoDB Local lists `ProjectionExpression: n, b, a, b2`.
/// assert_eq!(set_order(["n", "b", "a", "b2"]), ["b2", "a", "b", "n"]);
/// assert_eq!(set_order(["b", "b"]), ["b"]);
/// ```
pub fn set_order<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut distinct: Vec<&str> = Vec::new();
    for n in names {
        if !distinct.contains(&n) {
            distinct.push(n);
        }
    }
    let mut capacity: u32 = 16;
    while distinct.len() as f64 > f64::from(capacity) * 0.75 {
        capacity *= 2;
    }
    let bucket = |s: &str| {
        let h = s
            .encode_utf16()
            .fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(i32::from(u)));
        let h = h as u32;
        (h ^ (h >> 16)) & (capacity - 1)
    };
    // A stable sort keeps insertion order within a bucket.
    distinct.sort_by_key(|s| bucket(s));
    distinct.into_iter().map(str::to_owned).collect()
}
