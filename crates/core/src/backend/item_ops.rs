//! Requests and outputs of the single-item operations.
//!
//! Requests are built with `new` (the required parts) and chainable setters
//! (the optional ones); their fields stay public to read and change. Outputs
//! are built by backends from `Default` and field assignment. Every struct is
//! `#[non_exhaustive]`, so fields can be added without breaking anyone.

use super::capacity::{ConsumedCapacity, ReturnConsumedCapacity};
use crate::expr::{Condition, Path, Update};
use crate::value::Item;

/// Which attributes a write returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReturnValues {
    /// Nothing.
    #[default]
    None,
    /// The whole item as it was before the write.
    AllOld,
    /// The attributes the update wrote, as they were before.
    UpdatedOld,
    /// The whole item as it is after the update.
    AllNew,
    /// The attributes the update wrote, as they are after.
    UpdatedNew,
}

impl ReturnValues {
    /// DynamoDB's name for the option.
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnValues::None => "NONE",
            ReturnValues::AllOld => "ALL_OLD",
            ReturnValues::UpdatedOld => "UPDATED_OLD",
            ReturnValues::AllNew => "ALL_NEW",
            ReturnValues::UpdatedNew => "UPDATED_NEW",
        }
    }
}

/// The attribute paths of a projection.
pub(crate) fn paths<P: Into<Path>>(paths: impl IntoIterator<Item = P>) -> Vec<Path> {
    paths.into_iter().map(Into::into).collect()
}

/// GetItem.
///
/// ```
/// use dynorm::backend::GetItemRequest;
/// use dynorm::Item;
/// let req = GetItemRequest::new("users", Item::new().with("pk", "u1"))
///     .consistent_read(true)
///     .projection(["name", "address.city"]);
/// assert!(req.consistent_read);
/// assert_eq!(req.projection.map(|p| p.len()), Some(2));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct GetItemRequest {
    /// Table name.
    pub table: String,
    /// The full primary key.
    pub key: Item,
    /// Strongly consistent read.
    pub consistent_read: bool,
    /// Attributes to return; all when `None`.
    pub projection: Option<Vec<Path>>,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl GetItemRequest {
    /// An eventually consistent read of the whole item with this key.
    pub fn new(table: impl Into<String>, key: Item) -> GetItemRequest {
        GetItemRequest {
            table: table.into(),
            key,
            consistent_read: false,
            projection: None,
            return_consumed_capacity: ReturnConsumedCapacity::None,
        }
    }

    /// Reads strongly consistently when `yes`.
    #[must_use]
    pub fn consistent_read(mut self, yes: bool) -> GetItemRequest {
        self.consistent_read = yes;
        self
    }

    /// Returns only these attributes.
    #[must_use]
    pub fn projection<P: Into<Path>>(mut self, projection: impl IntoIterator<Item = P>) -> Self {
        self.projection = Some(paths(projection));
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> GetItemRequest {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// GetItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct GetItemOutput {
    /// The item, or `None` when no item has that key.
    pub item: Option<Item>,
    /// The capacity the operation consumed, when asked for.
    pub consumed_capacity: Option<ConsumedCapacity>,
}

impl GetItemOutput {
    /// An answer carrying this item (or none).
    pub fn new(item: Option<Item>) -> GetItemOutput {
        GetItemOutput {
            item,
            consumed_capacity: None,
        }
    }
}

/// PutItem.
///
/// ```
/// use dynorm::backend::{PutItemRequest, ReturnValues};
/// use dynorm::{attr, Item};
/// let req = PutItemRequest::new("users", Item::new().with("pk", "u1"))
///     .condition(attr("pk").not_exists())
///     .return_values(ReturnValues::AllOld);
/// assert!(req.condition.is_some());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct PutItemRequest {
    /// Table name.
    pub table: String,
    /// The whole item, key included.
    pub item: Item,
    /// The write happens only if this holds for the stored item.
    pub condition: Option<Condition>,
    /// `None` or `AllOld`.
    pub return_values: ReturnValues,
    /// On a failed condition, return the stored item in the error.
    pub return_old_on_condition_failure: bool,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl PutItemRequest {
    /// An unconditional put of this item that returns nothing.
    pub fn new(table: impl Into<String>, item: Item) -> PutItemRequest {
        PutItemRequest {
            table: table.into(),
            item,
            ..PutItemRequest::default()
        }
    }

    /// Writes only if `condition` holds for the stored item.
    #[must_use]
    pub fn condition(mut self, condition: Condition) -> PutItemRequest {
        self.condition = Some(condition);
        self
    }

    /// What to return (`None` or `AllOld`).
    #[must_use]
    pub fn return_values(mut self, return_values: ReturnValues) -> PutItemRequest {
        self.return_values = return_values;
        self
    }

    /// Returns the stored item in the error when the condition fails.
    #[must_use]
    pub fn return_old_on_condition_failure(mut self, yes: bool) -> PutItemRequest {
        self.return_old_on_condition_failure = yes;
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> PutItemRequest {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// PutItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct PutItemOutput {
    /// The replaced item, when asked for and one existed.
    pub attributes: Option<Item>,
    /// The capacity the operation consumed, when asked for.
    pub consumed_capacity: Option<ConsumedCapacity>,
}

impl PutItemOutput {
    /// An answer carrying these returned attributes (or none).
    pub fn new(attributes: Option<Item>) -> PutItemOutput {
        PutItemOutput {
            attributes,
            consumed_capacity: None,
        }
    }
}

/// UpdateItem.
///
/// ```
/// use dynorm::backend::{ReturnValues, UpdateItemRequest};
/// use dynorm::{attr, Item, Update};
/// let req = UpdateItemRequest::new("users", Item::new().with("pk", "u1"), Update::new().add("logins", 1))
///     .condition(attr("pk").exists())
///     .return_values(ReturnValues::UpdatedNew);
/// assert_eq!(req.return_values, ReturnValues::UpdatedNew);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct UpdateItemRequest {
    /// Table name.
    pub table: String,
    /// The full primary key. The item is created when absent.
    pub key: Item,
    /// The actions; must not touch key attributes.
    pub update: Update,
    /// The update happens only if this holds for the stored item.
    pub condition: Option<Condition>,
    /// What to return.
    pub return_values: ReturnValues,
    /// On a failed condition, return the stored item in the error.
    pub return_old_on_condition_failure: bool,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
    /// Lets a retry layer ([`Retry`](crate::layers::Retry)) send the update
    /// again after an attempt whose outcome is unknown even when it is not
    /// idempotent, accepting that it may be applied twice. Backends ignore it.
    pub retry_unknown_outcome: bool,
}

impl UpdateItemRequest {
    /// An unconditional update of the item with this key that returns nothing.
    pub fn new(table: impl Into<String>, key: Item, update: Update) -> UpdateItemRequest {
        UpdateItemRequest {
            table: table.into(),
            key,
            update,
            ..UpdateItemRequest::default()
        }
    }

    /// Updates only if `condition` holds for the stored item.
    #[must_use]
    pub fn condition(mut self, condition: Condition) -> UpdateItemRequest {
        self.condition = Some(condition);
        self
    }

    /// What to return.
    #[must_use]
    pub fn return_values(mut self, return_values: ReturnValues) -> UpdateItemRequest {
        self.return_values = return_values;
        self
    }

    /// Returns the stored item in the error when the condition fails.
    #[must_use]
    pub fn return_old_on_condition_failure(mut self, yes: bool) -> UpdateItemRequest {
        self.return_old_on_condition_failure = yes;
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> UpdateItemRequest {
        self.return_consumed_capacity = rcc;
        self
    }
    /// Lets a retry layer send the update again after an unknown outcome
    /// ([`retry_unknown_outcome`](UpdateItemRequest::retry_unknown_outcome)).
    #[must_use]
    pub fn retry_unknown_outcome(mut self, yes: bool) -> UpdateItemRequest {
        self.retry_unknown_outcome = yes;
        self
    }
}

/// UpdateItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct UpdateItemOutput {
    /// The attributes asked for with `return_values`.
    pub attributes: Option<Item>,
    /// The capacity the operation consumed, when asked for.
    pub consumed_capacity: Option<ConsumedCapacity>,
}

impl UpdateItemOutput {
    /// An answer carrying these returned attributes (or none).
    pub fn new(attributes: Option<Item>) -> UpdateItemOutput {
        UpdateItemOutput {
            attributes,
            consumed_capacity: None,
        }
    }
}

/// DeleteItem.
///
/// ```
/// use dynorm::backend::{DeleteItemRequest, ReturnValues};
/// use dynorm::Item;
/// let req = DeleteItemRequest::new("users", Item::new().with("pk", "u1"))
///     .return_values(ReturnValues::AllOld);
/// assert_eq!(req.table, "users");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct DeleteItemRequest {
    /// Table name.
    pub table: String,
    /// The full primary key.
    pub key: Item,
    /// The delete happens only if this holds for the stored item.
    pub condition: Option<Condition>,
    /// `None` or `AllOld`.
    pub return_values: ReturnValues,
    /// On a failed condition, return the stored item in the error.
    pub return_old_on_condition_failure: bool,
    /// Whether to return the consumed capacity.
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl DeleteItemRequest {
    /// An unconditional delete of the item with this key that returns nothing.
    pub fn new(table: impl Into<String>, key: Item) -> DeleteItemRequest {
        DeleteItemRequest {
            table: table.into(),
            key,
            ..DeleteItemRequest::default()
        }
    }

    /// Deletes only if `condition` holds for the stored item.
    #[must_use]
    pub fn condition(mut self, condition: Condition) -> DeleteItemRequest {
        self.condition = Some(condition);
        self
    }

    /// What to return (`None` or `AllOld`).
    #[must_use]
    pub fn return_values(mut self, return_values: ReturnValues) -> DeleteItemRequest {
        self.return_values = return_values;
        self
    }

    /// Returns the stored item in the error when the condition fails.
    #[must_use]
    pub fn return_old_on_condition_failure(mut self, yes: bool) -> DeleteItemRequest {
        self.return_old_on_condition_failure = yes;
        self
    }

    /// Returns the consumed capacity as `rcc` says.
    #[must_use]
    pub fn return_consumed_capacity(mut self, rcc: ReturnConsumedCapacity) -> DeleteItemRequest {
        self.return_consumed_capacity = rcc;
        self
    }
}

/// DeleteItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct DeleteItemOutput {
    /// The deleted item, when asked for and one existed.
    pub attributes: Option<Item>,
    /// The capacity the operation consumed, when asked for.
    pub consumed_capacity: Option<ConsumedCapacity>,
}

impl DeleteItemOutput {
    /// An answer carrying these returned attributes (or none).
    pub fn new(attributes: Option<Item>) -> DeleteItemOutput {
        DeleteItemOutput {
            attributes,
            consumed_capacity: None,
        }
    }
}
