//! Requests and outputs of TransactWriteItems and TransactGetItems.

use super::capacity::{ConsumedCapacity, ReturnConsumedCapacity};
use super::item_ops::paths;
use crate::expr::{Condition, Path, Update};
use crate::value::Item;

/// One action of a write transaction, built with [`put`](TransactWriteAction::put),
/// [`update`](TransactWriteAction::update), [`delete`](TransactWriteAction::delete)
/// or [`condition_check`](TransactWriteAction::condition_check).
///
/// Non-exhaustive, as is each variant: match with `..` and a wildcard arm.
///
/// ```
/// use dynorm::backend::TransactWriteAction;
/// use dynorm::{attr, Item};
/// let put = TransactWriteAction::put("users", Item::new().with("pk", "u1"))
///     .condition(attr("pk").not_exists())
///     .return_old_on_condition_failure(true);
/// assert_eq!(put.table(), "users");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TransactWriteAction {
    /// Put an item.
    #[non_exhaustive]
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
    #[non_exhaustive]
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
    #[non_exhaustive]
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
    #[non_exhaustive]
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
    /// Puts `item`, unconditionally until [`condition`](Self::condition) is given.
    pub fn put(table: impl Into<String>, item: Item) -> TransactWriteAction {
        TransactWriteAction::Put {
            table: table.into(),
            item,
            condition: None,
            return_old_on_condition_failure: false,
        }
    }

    /// Updates the item with this key.
    pub fn update(table: impl Into<String>, key: Item, update: Update) -> TransactWriteAction {
        TransactWriteAction::Update {
            table: table.into(),
            key,
            update,
            condition: None,
            return_old_on_condition_failure: false,
        }
    }

    /// Deletes the item with this key.
    pub fn delete(table: impl Into<String>, key: Item) -> TransactWriteAction {
        TransactWriteAction::Delete {
            table: table.into(),
            key,
            condition: None,
            return_old_on_condition_failure: false,
        }
    }

    /// Checks `condition` on the item with this key without writing it.
    pub fn condition_check(
        table: impl Into<String>,
        key: Item,
        condition: Condition,
    ) -> TransactWriteAction {
        TransactWriteAction::ConditionCheck {
            table: table.into(),
            key,
            condition,
            return_old_on_condition_failure: false,
        }
    }

    /// The action happens only if `condition` holds for the stored item
    /// (for a condition check: replaces its condition).
    #[must_use]
    pub fn condition(mut self, new: Condition) -> TransactWriteAction {
        match &mut self {
            TransactWriteAction::Put { condition, .. }
            | TransactWriteAction::Update { condition, .. }
            | TransactWriteAction::Delete { condition, .. } => *condition = Some(new),
            TransactWriteAction::ConditionCheck { condition, .. } => *condition = new,
        }
        self
    }

    /// Returns the stored item in the cancellation reason when the condition fails.
    #[must_use]
    pub fn return_old_on_condition_failure(mut self, yes: bool) -> TransactWriteAction {
        match &mut self {
            TransactWriteAction::Put {
                return_old_on_condition_failure,
                ..
            }
            | TransactWriteAction::Update {
                return_old_on_condition_failure,
                ..
            }
            | TransactWriteAction::Delete {
                return_old_on_condition_failure,
                ..
            }
            | TransactWriteAction::ConditionCheck {
                return_old_on_condition_failure,
                ..
            } => *return_old_on_condition_failure = yes,
        }
        self
    }

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
///
/// ```
/// use dynorm::backend::{TransactWriteAction, TransactWriteItemsRequest};
/// use dynorm::Item;
/// let req = TransactWriteItemsRequest::new(vec![
///     TransactWriteAction::delete("users", Item::new().with("pk", "u1")),
/// ])
/// .client_request_token("retry-1");
/// assert_eq!(req.client_request_token.as_deref(), Some("retry-1"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TransactWriteItemsRequest {
    /// The actions, in order.
    pub actions: Vec<TransactWriteAction>,
    /// Idempotency token: a retry with the same token within 10 minutes does nothing more.
    pub client_request_token: Option<String>,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl TransactWriteItemsRequest {
    /// A transaction of these actions, without an idempotency token.
    pub fn new(actions: Vec<TransactWriteAction>) -> TransactWriteItemsRequest {
        TransactWriteItemsRequest {
            actions,
            client_request_token: None,
            return_consumed_capacity: ReturnConsumedCapacity::None,
        }
    }

    /// Makes a retry with the same token within 10 minutes idempotent.
    #[must_use]
    pub fn client_request_token(mut self, token: impl Into<String>) -> Self {
        self.client_request_token = Some(token.into());
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// TransactWriteItems' answer.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TransactWriteItemsOutput {
    /// The capacity consumed, one entry per table, when asked for.
    pub consumed_capacity: Vec<ConsumedCapacity>,
}

/// One read of a read transaction.
///
/// ```
/// use dynorm::backend::TransactGet;
/// use dynorm::Item;
/// let get = TransactGet::new("users", Item::new().with("pk", "u1")).projection(["name"]);
/// assert!(get.projection.is_some());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TransactGet {
    /// Table name.
    pub table: String,
    /// Full primary key.
    pub key: Item,
    /// Attributes to return.
    pub projection: Option<Vec<Path>>,
}

impl TransactGet {
    /// A read of the whole item with this key.
    pub fn new(table: impl Into<String>, key: Item) -> TransactGet {
        TransactGet {
            table: table.into(),
            key,
            projection: None,
        }
    }

    /// Returns only these attributes.
    #[must_use]
    pub fn projection<P: Into<Path>>(mut self, projection: impl IntoIterator<Item = P>) -> Self {
        self.projection = Some(paths(projection));
        self
    }
}

/// TransactGetItems: up to 100 reads, one consistent snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TransactGetItemsRequest {
    /// The reads, in order.
    pub gets: Vec<TransactGet>,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl TransactGetItemsRequest {
    /// A read transaction of these reads.
    pub fn new(gets: Vec<TransactGet>) -> TransactGetItemsRequest {
        TransactGetItemsRequest {
            gets,
            return_consumed_capacity: ReturnConsumedCapacity::None,
        }
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> Self {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// TransactGetItems' answer: one entry per read, in order.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TransactGetItemsOutput {
    /// The items, `None` where no item has the key.
    pub items: Vec<Option<Item>>,
    /// The capacity consumed, one entry per table, when asked for.
    pub consumed_capacity: Vec<ConsumedCapacity>,
}

impl TransactGetItemsOutput {
    /// An answer of these items, in the order of the reads.
    pub fn new(items: Vec<Option<Item>>) -> TransactGetItemsOutput {
        TransactGetItemsOutput {
            items,
            consumed_capacity: Vec::new(),
        }
    }
}
