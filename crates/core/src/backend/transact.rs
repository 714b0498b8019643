//! Requests and outputs of TransactWriteItems and TransactGetItems.

use crate::expr::{Condition, Path, Update};
use crate::value::Item;

/// One action of a write transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum TransactWriteAction {
    /// Put an item.
    Put {
        /// Table name.
        table: String,
        /// The whole item.
        item: Item,
        /// Optional condition on the stored item.
        condition: Option<Condition>,
        /// Return the stored item in the cancellation reason when the condition fails.
        return_old_on_condition_failure: bool,
    },
    /// Update an item.
    Update {
        /// Table name.
        table: String,
        /// Full primary key.
        key: Item,
        /// The actions.
        update: Update,
        /// Optional condition.
        condition: Option<Condition>,
        /// Return the stored item when the condition fails.
        return_old_on_condition_failure: bool,
    },
    /// Delete an item.
    Delete {
        /// Table name.
        table: String,
        /// Full primary key.
        key: Item,
        /// Optional condition.
        condition: Option<Condition>,
        /// Return the stored item when the condition fails.
        return_old_on_condition_failure: bool,
    },
    /// Check a condition on an item without writing it.
    ConditionCheck {
        /// Table name.
        table: String,
        /// Full primary key.
        key: Item,
        /// The condition that must hold.
        condition: Condition,
        /// Return the stored item when the condition fails.
        return_old_on_condition_failure: bool,
    },
}

impl TransactWriteAction {
    /// The table the action addresses.
    pub fn table(&self) -> &str {
        match self {
            TransactWriteAction::Put { table, .. }
            | TransactWriteAction::Update { table, .. }
            | TransactWriteAction::Delete { table, .. }
            | TransactWriteAction::ConditionCheck { table, .. } => table,
        }
    }
}

/// TransactWriteItems: up to 100 actions on distinct items, all or nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactWriteItemsRequest {
    /// The actions, in order.
    pub actions: Vec<TransactWriteAction>,
    /// Idempotency token: a retry with the same token within 10 minutes does nothing more.
    pub client_request_token: Option<String>,
}

/// TransactWriteItems' answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactWriteItemsOutput {}

/// One read of a read transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactGet {
    /// Table name.
    pub table: String,
    /// Full primary key.
    pub key: Item,
    /// Attributes to return.
    pub projection: Option<Vec<Path>>,
}

/// TransactGetItems: up to 100 reads, one consistent snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactGetItemsRequest {
    /// The reads, in order.
    pub gets: Vec<TransactGet>,
}

/// TransactGetItems' answer: one entry per read, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactGetItemsOutput {
    /// The items, `None` where no item has the key.
    pub items: Vec<Option<Item>>,
}
