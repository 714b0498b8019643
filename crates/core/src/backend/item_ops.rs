//! Requests and outputs of the single-item operations.

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

/// GetItem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetItemRequest {
    /// Table name.
    pub table: String,
    /// The full primary key.
    pub key: Item,
    /// Strongly consistent read.
    pub consistent_read: bool,
    /// Attributes to return; all when `None`.
    pub projection: Option<Vec<Path>>,
}

/// GetItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetItemOutput {
    /// The item, or `None` when no item has that key.
    pub item: Option<Item>,
}

/// PutItem.
#[derive(Debug, Clone, Default, PartialEq)]
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
}

/// PutItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PutItemOutput {
    /// The replaced item, when asked for and one existed.
    pub attributes: Option<Item>,
}

/// UpdateItem.
#[derive(Debug, Clone, Default, PartialEq)]
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
}

/// UpdateItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateItemOutput {
    /// The attributes asked for with `return_values`.
    pub attributes: Option<Item>,
}

/// DeleteItem.
#[derive(Debug, Clone, Default, PartialEq)]
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
}

/// DeleteItem's answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeleteItemOutput {
    /// The deleted item, when asked for and one existed.
    pub attributes: Option<Item>,
}
