//! Requests and outputs of BatchGetItem and BatchWriteItem.

use crate::expr::Path;
use crate::value::Item;
use std::collections::BTreeMap;

/// The keys to read from one table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeysAndAttributes {
    /// Full primary keys.
    pub keys: Vec<Item>,
    /// Attributes to return; all when `None`.
    pub projection: Option<Vec<Path>>,
    /// Strongly consistent reads.
    pub consistent_read: bool,
}

/// BatchGetItem: up to 100 keys across tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchGetItemRequest {
    /// Per table, the keys to read.
    pub tables: BTreeMap<String, KeysAndAttributes>,
}

/// BatchGetItem's answer. Items come in no particular order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchGetItemOutput {
    /// Per table, the items found.
    pub responses: BTreeMap<String, Vec<Item>>,
    /// Keys not read this time; send them again.
    pub unprocessed: BTreeMap<String, KeysAndAttributes>,
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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchWriteItemRequest {
    /// Per table, the writes.
    pub tables: BTreeMap<String, Vec<WriteRequest>>,
}

/// BatchWriteItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchWriteItemOutput {
    /// Writes not applied this time; send them again.
    pub unprocessed: BTreeMap<String, Vec<WriteRequest>>,
}
