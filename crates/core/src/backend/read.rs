//! Requests and outputs of Query and Scan.

use super::capacity::{ConsumedCapacity, ReturnConsumedCapacity};
use super::item_ops::paths;
use crate::expr::{Condition, KeyCondition, Path};
use crate::value::Item;

/// What a Query or Scan returns (DynamoDB's `Select`). Without one, a read
/// returns every attribute (the index's, on a global index) or, with a
/// projection, the projected ones.
///
/// ```
/// use dynorm::backend::Select;
/// assert_eq!(Select::Count.as_str(), "COUNT");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Select {
    /// Every attribute of the item (on a global index: only with an `ALL` projection).
    AllAttributes,
    /// Every attribute the index projects (index reads only).
    AllProjectedAttributes,
    /// The attributes of the projection (which it needs).
    SpecificAttributes,
    /// No items: only `count` and `scanned_count` (no projection).
    Count,
}

impl Select {
    /// DynamoDB's name for the option.
    pub fn as_str(self) -> &'static str {
        match self {
            Select::AllAttributes => "ALL_ATTRIBUTES",
            Select::AllProjectedAttributes => "ALL_PROJECTED_ATTRIBUTES",
            Select::SpecificAttributes => "SPECIFIC_ATTRIBUTES",
            Select::Count => "COUNT",
        }
    }
}

/// One segment of a parallel scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Segment {
    /// This segment, `0..total`.
    pub segment: u32,
    /// The number of segments, `1..=1_000_000`.
    pub total: u32,
}

impl Segment {
    /// Segment `segment` of `total` (checked by the backend, as DynamoDB checks it).
    pub fn new(segment: u32, total: u32) -> Segment {
        Segment { segment, total }
    }
}

/// Query: one page of the items of one partition (of a table or an index).
///
/// ```
/// use dynorm::backend::QueryRequest;
/// use dynorm::expr::{KeyCondition, SortOp};
/// let req = QueryRequest::new("orders", KeyCondition::partition("pk", "USER#1"))
///     .index("ByDate")
///     .limit(10)
///     .scan_forward(false);
/// assert_eq!(req.index.as_deref(), Some("ByDate"));
/// assert!(!req.scan_forward);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct QueryRequest {
    /// Table name.
    pub table: String,
    /// Index name, to query a secondary index.
    pub index: Option<String>,
    /// Partition key equality and optional sort key condition.
    pub key_condition: KeyCondition,
    /// Applied after reading; does not reduce what is read.
    pub filter: Option<Condition>,
    /// Attributes to return; all when `None`.
    pub projection: Option<Vec<Path>>,
    /// Maximum number of items to *evaluate* (before the filter).
    pub limit: Option<u32>,
    /// Ascending sort key order when true.
    pub scan_forward: bool,
    /// Strongly consistent read (not allowed on a GSI).
    pub consistent_read: bool,
    /// Continue after this key (a previous page's `last_evaluated_key`).
    pub exclusive_start_key: Option<Item>,
    /// What to return: attributes or only the count.
    pub select: Option<Select>,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl QueryRequest {
    /// A forward, eventually consistent query on a table with only a key condition.
    pub fn new(table: impl Into<String>, key_condition: KeyCondition) -> QueryRequest {
        QueryRequest {
            table: table.into(),
            index: None,
            key_condition,
            filter: None,
            projection: None,
            limit: None,
            scan_forward: true,
            consistent_read: false,
            exclusive_start_key: None,
            select: None,
            return_consumed_capacity: ReturnConsumedCapacity::None,
        }
    }

    /// Queries this secondary index.
    #[must_use]
    pub fn index(mut self, index: impl Into<String>) -> QueryRequest {
        self.index = Some(index.into());
        self
    }

    /// Keeps only the items for which `filter` holds (after reading them).
    #[must_use]
    pub fn filter(mut self, filter: Condition) -> QueryRequest {
        self.filter = Some(filter);
        self
    }

    /// Returns only these attributes.
    #[must_use]
    pub fn projection<P: Into<Path>>(mut self, projection: impl IntoIterator<Item = P>) -> Self {
        self.projection = Some(paths(projection));
        self
    }

    /// Evaluates at most `limit` items.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> QueryRequest {
        self.limit = Some(limit);
        self
    }

    /// Reads in ascending sort key order when `yes`, descending otherwise.
    #[must_use]
    pub fn scan_forward(mut self, yes: bool) -> QueryRequest {
        self.scan_forward = yes;
        self
    }

    /// Reads strongly consistently when `yes`.
    #[must_use]
    pub fn consistent_read(mut self, yes: bool) -> QueryRequest {
        self.consistent_read = yes;
        self
    }

    /// Continues after this key (a previous page's `last_evaluated_key`).
    #[must_use]
    pub fn exclusive_start_key(mut self, key: Item) -> QueryRequest {
        self.exclusive_start_key = Some(key);
        self
    }

    /// Returns what `select` says (attributes, or only the count).
    #[must_use]
    pub fn select(mut self, select: Select) -> Self {
        self.select = Some(select);
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// One page of a Query.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct QueryOutput {
    /// The items that passed the filter (none with [`Select::Count`]).
    pub items: Vec<Item>,
    /// Items that passed the filter (with [`Select::Count`], the only answer).
    pub count: u32,
    /// Items evaluated before the filter.
    pub scanned_count: u32,
    /// Where the next page starts, or `None` at the end.
    pub last_evaluated_key: Option<Item>,
    /// The capacity the page consumed, when asked for.
    pub consumed_capacity: Option<ConsumedCapacity>,
}

impl QueryOutput {
    /// A page of these items (`count` is their number), `scanned_count`
    /// evaluated, continuing after `last_evaluated_key`.
    pub fn new(
        items: Vec<Item>,
        scanned_count: u32,
        last_evaluated_key: Option<Item>,
    ) -> QueryOutput {
        QueryOutput {
            count: u32::try_from(items.len()).unwrap_or(u32::MAX),
            items,
            scanned_count,
            last_evaluated_key,
            consumed_capacity: None,
        }
    }
}

/// Scan: one page of a table or index.
///
/// ```
/// use dynorm::backend::{ScanRequest, Segment};
/// let req = ScanRequest::new("orders").segment(Segment::new(0, 4)).limit(100);
/// assert_eq!(req.segment.map(|s| s.total), Some(4));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ScanRequest {
    /// Table name.
    pub table: String,
    /// Index name, to scan a secondary index.
    pub index: Option<String>,
    /// Applied after reading.
    pub filter: Option<Condition>,
    /// Attributes to return; all when `None`.
    pub projection: Option<Vec<Path>>,
    /// Maximum number of items to evaluate.
    pub limit: Option<u32>,
    /// Strongly consistent read (not allowed on a GSI).
    pub consistent_read: bool,
    /// Continue after this key.
    pub exclusive_start_key: Option<Item>,
    /// Parallel scan segment.
    pub segment: Option<Segment>,
    /// What to return: attributes or only the count.
    pub select: Option<Select>,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl ScanRequest {
    /// An eventually consistent scan of the whole table.
    pub fn new(table: impl Into<String>) -> ScanRequest {
        ScanRequest {
            table: table.into(),
            ..ScanRequest::default()
        }
    }

    /// Scans this secondary index.
    #[must_use]
    pub fn index(mut self, index: impl Into<String>) -> ScanRequest {
        self.index = Some(index.into());
        self
    }

    /// Keeps only the items for which `filter` holds (after reading them).
    #[must_use]
    pub fn filter(mut self, filter: Condition) -> ScanRequest {
        self.filter = Some(filter);
        self
    }

    /// Returns only these attributes.
    #[must_use]
    pub fn projection<P: Into<Path>>(mut self, projection: impl IntoIterator<Item = P>) -> Self {
        self.projection = Some(paths(projection));
        self
    }

    /// Evaluates at most `limit` items.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> ScanRequest {
        self.limit = Some(limit);
        self
    }

    /// Reads strongly consistently when `yes`.
    #[must_use]
    pub fn consistent_read(mut self, yes: bool) -> ScanRequest {
        self.consistent_read = yes;
        self
    }

    /// Continues after this key (a previous page's `last_evaluated_key`).
    #[must_use]
    pub fn exclusive_start_key(mut self, key: Item) -> ScanRequest {
        self.exclusive_start_key = Some(key);
        self
    }

    /// Reads one segment of a parallel scan.
    #[must_use]
    pub fn segment(mut self, segment: Segment) -> ScanRequest {
        self.segment = Some(segment);
        self
    }

    /// Returns what `select` says (attributes, or only the count).
    #[must_use]
    pub fn select(mut self, select: Select) -> Self {
        self.select = Some(select);
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// One page of a Scan.
pub type ScanOutput = QueryOutput;
