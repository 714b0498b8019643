//! [`PutItem`]: write a whole item.

use super::target::Target;
use super::Client;
use crate::backend::{PutItemRequest, ReturnValues};
use crate::error::Result;
use crate::expr::{attr, Condition};
use crate::model::Model;
use crate::value::Item;

/// Writes a whole item, replacing any item with the same key. Resolves to the
/// replaced item when [`return_old`](PutItem::return_old) was asked for.
///
/// ```
/// # use dynorm::{attr, Client, Item};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let table = client.table("users");
/// table.put(Item::new().with("pk", "u1").with("v", 1)).await?;
/// // Only if the stored version is 1:
/// let old = table
///     .put(Item::new().with("pk", "u1").with("v", 2))
///     .condition(attr("v").eq(1))
///     .return_old()
///     .await?;
/// assert_eq!(old.unwrap().get("v"), Some(&1.into()));
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct PutItem<T> {
    target: Target<T>,
    item: Result<Item>,
    condition: Option<Condition>,
    return_old: bool,
    return_old_on_condition_failure: bool,
}

impl<M: Model> PutItem<M> {
    pub(crate) fn for_model(model: &M) -> PutItem<M> {
        PutItem::new(Target::model(), model.to_item())
    }

    /// Only writes when no item has this key (`attribute_not_exists` on the partition key).
    pub fn if_not_exists(self) -> Self {
        let pk = M::schema().partition_key.attribute;
        self.and_condition(attr(pk).not_exists())
    }
}

impl<T: Send + 'static> PutItem<T> {
    pub(crate) fn new(target: Target<T>, item: Result<Item>) -> PutItem<T> {
        PutItem {
            target,
            item,
            condition: None,
            return_old: false,
            return_old_on_condition_failure: false,
        }
    }

    /// Uses this client for this call.
    pub fn with_client(mut self, client: &Client) -> Self {
        self.target.set_client(client);
        self
    }

    /// Writes only if the condition holds for the stored item (an absent item
    /// has no attributes). Several conditions are combined with AND.
    pub fn condition(self, condition: Condition) -> Self {
        self.and_condition(condition)
    }

    fn and_condition(mut self, condition: Condition) -> Self {
        self.condition = Some(match self.condition.take() {
            Some(c) => c.and(condition),
            None => condition,
        });
        self
    }

    /// Writes only when no item has this key, naming the partition key attribute.
    pub fn if_absent(self, partition_key_attribute: &str) -> Self {
        self.and_condition(attr(partition_key_attribute).not_exists())
    }

    /// Returns the replaced item.
    pub fn return_old(mut self) -> Self {
        self.return_old = true;
        self
    }

    /// On a failed condition, carry the stored item in the error
    /// ([`Error::old_item`](crate::Error::old_item)).
    pub fn return_old_on_condition_failure(mut self) -> Self {
        self.return_old_on_condition_failure = true;
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Option<T>> {
        let (client, table) = self.target.resolve()?;
        let item = self.item?;
        let out = client
            .backend()
            .put_item(PutItemRequest {
                table,
                item,
                condition: self.condition,
                return_values: if self.return_old {
                    ReturnValues::AllOld
                } else {
                    ReturnValues::None
                },
                return_old_on_condition_failure: self.return_old_on_condition_failure,
            })
            .await?;
        out.attributes.map(|i| self.target.decode(i)).transpose()
    }
}

crate::client::into_future!(PutItem, Option<T>);
