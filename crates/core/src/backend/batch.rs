//! Requests and outputs of BatchGetItem and BatchWriteItem.

use super::capacity::{ConsumedCapacity, ReturnConsumedCapacity};
use super::item_ops::paths;
use crate::expr::Path;
use crate::value::Item;
use std::collections::BTreeMap;

/// The keys to read from one table.
///
/// ```
/// use dynorm::backend::KeysAndAttributes;
/// use dynorm::Item;
/// let keys = KeysAndAttributes::new(vec![Item::new().with("pk", "a")]).consistent_read(true);
/// assert_eq!(keys.keys.len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct KeysAndAttributes {
    /// Full primary keys.
    pub keys: Vec<Item>,
    /// Attributes to return; all when `None`.
    pub projection: Option<Vec<Path>>,
    /// Strongly consistent reads.
    pub consistent_read: bool,
}

impl KeysAndAttributes {
    /// Eventually consistent reads of whole items with these keys.
    pub fn new(keys: Vec<Item>) -> KeysAndAttributes {
        KeysAndAttributes {
            keys,
            ..KeysAndAttributes::default()
        }
    }

    /// Returns only these attributes.
    #[must_use]
    pub fn projection<P: Into<Path>>(mut self, projection: impl IntoIterator<Item = P>) -> Self {
        self.projection = Some(paths(projection));
        self
    }

    /// Reads strongly consistently when `yes`.
    #[must_use]
    pub fn consistent_read(mut self, yes: bool) -> KeysAndAttributes {
        self.consistent_read = yes;
        self
    }

    /// The same options with other keys (what is left of a table's reads).
    pub fn with_keys(&self, keys: Vec<Item>) -> KeysAndAttributes {
        KeysAndAttributes {
            keys,
            projection: self.projection.clone(),
            consistent_read: self.consistent_read,
        }
    }
}

/// BatchGetItem: up to 100 keys across tables.
///
/// ```
/// use dynorm::backend::{BatchGetItemRequest, KeysAndAttributes};
/// use dynorm::Item;
/// let req = BatchGetItemRequest::new()
///     .table("users", KeysAndAttributes::new(vec![Item::new().with("pk", "a")]));
/// assert!(req.tables.contains_key("users"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct BatchGetItemRequest {
    /// Per table, the keys to read.
    pub tables: BTreeMap<String, KeysAndAttributes>,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl BatchGetItemRequest {
    /// A batch reading nothing yet.
    pub fn new() -> BatchGetItemRequest {
        BatchGetItemRequest::default()
    }

    /// A batch of these reads per table.
    pub fn from_tables(tables: BTreeMap<String, KeysAndAttributes>) -> BatchGetItemRequest {
        BatchGetItemRequest {
            tables,
            ..BatchGetItemRequest::default()
        }
    }

    /// Reads these keys of `table` (replacing what was set for it).
    #[must_use]
    pub fn table(mut self, table: impl Into<String>, keys: KeysAndAttributes) -> Self {
        self.tables.insert(table.into(), keys);
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// BatchGetItem's answer. Items come in no particular order.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct BatchGetItemOutput {
    /// Per table, the items found.
    pub responses: BTreeMap<String, Vec<Item>>,
    /// Keys not read this time; send them again.
    pub unprocessed: BTreeMap<String, KeysAndAttributes>,
    /// The capacity consumed, one entry per table, when asked for.
    pub consumed_capacity: Vec<ConsumedCapacity>,
}

impl BatchGetItemOutput {
    /// An answer of these items found and keys left unprocessed.
    pub fn new(
        responses: BTreeMap<String, Vec<Item>>,
        unprocessed: BTreeMap<String, KeysAndAttributes>,
    ) -> BatchGetItemOutput {
        BatchGetItemOutput {
            responses,
            unprocessed,
            consumed_capacity: Vec::new(),
        }
    }
}

/// One write of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteRequest {
    /// Put (replace) the whole item.
    Put(Item),
    /// Delete the item with this key.
    Delete(Item),
}

/// BatchWriteItem: up to 25 puts and deletes across tables. Not atomic.
///
/// ```
/// use dynorm::backend::{BatchWriteItemRequest, WriteRequest};
/// use dynorm::Item;
/// let req = BatchWriteItemRequest::new()
///     .table("users", vec![WriteRequest::Put(Item::new().with("pk", "a"))]);
/// assert_eq!(req.tables["users"].len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct BatchWriteItemRequest {
    /// Per table, the writes.
    pub tables: BTreeMap<String, Vec<WriteRequest>>,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl BatchWriteItemRequest {
    /// A batch writing nothing yet.
    pub fn new() -> BatchWriteItemRequest {
        BatchWriteItemRequest::default()
    }

    /// A batch of these writes per table.
    pub fn from_tables(tables: BTreeMap<String, Vec<WriteRequest>>) -> BatchWriteItemRequest {
        BatchWriteItemRequest {
            tables,
            ..BatchWriteItemRequest::default()
        }
    }

    /// Makes these writes in `table` (replacing what was set for it).
    #[must_use]
    pub fn table(mut self, table: impl Into<String>, writes: Vec<WriteRequest>) -> Self {
        self.tables.insert(table.into(), writes);
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// BatchWriteItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct BatchWriteItemOutput {
    /// Writes not applied this time; send them again.
    pub unprocessed: BTreeMap<String, Vec<WriteRequest>>,
    /// The capacity consumed, one entry per table, when asked for.
    pub consumed_capacity: Vec<ConsumedCapacity>,
}

impl BatchWriteItemOutput {
    /// An answer leaving these writes unprocessed.
    pub fn new(unprocessed: BTreeMap<String, Vec<WriteRequest>>) -> BatchWriteItemOutput {
        BatchWriteItemOutput {
            unprocessed,
            consumed_capacity: Vec::new(),
        }
    }
}
