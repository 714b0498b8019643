//! Requests and outputs of Query and Scan.

use crate::expr::{Condition, KeyCondition, Path};
use crate::value::Item;

/// One segment of a parallel scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// This segment, `0..total`.
    pub segment: u32,
    /// The number of segments, `1..=1_000_000`.
    pub total: u32,
}

/// Query: one page of the items of one partition (of a table or an index).
#[derive(Debug, Clone, PartialEq)]
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
}

impl QueryRequest {
    /// A forward query on a table with only a key condition.
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
        }
    }
}

/// One page of a Query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryOutput {
    /// The items that passed the filter.
    pub items: Vec<Item>,
    /// Items evaluated before the filter.
    pub scanned_count: u32,
    /// Where the next page starts, or `None` at the end.
    pub last_evaluated_key: Option<Item>,
}

/// Scan: one page of a table or index.
#[derive(Debug, Clone, Default, PartialEq)]
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
}

/// One page of a Scan.
pub type ScanOutput = QueryOutput;
