//! [`Table`]: raw-item operations on one table.

use super::target::Target;
use super::{Client, DeleteItem, GetItem, PutItem, Query, Scan, UpdateItem};
use crate::expr::KeyCondition;
use crate::value::Item;

/// Operations on raw [`Item`]s of one table, for data without a model.
///
/// ```
/// # use dynorm::{Client, Item};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let t = client.table("events");
/// t.create(Item::new().with("pk", "e1").with("kind", "click"), "pk").await?;
/// t.update(Item::new().with("pk", "e1")).add("count", 1).await?;
/// t.delete(Item::new().with("pk", "e1")).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Table {
    client: Client,
    name: String,
}

impl Table {
    pub(crate) fn new(client: Client, name: String) -> Table {
        Table { client, name }
    }

    /// The table name as given (before the client's prefix).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The full table name (with the client's prefix).
    pub fn full_name(&self) -> String {
        self.client.table_name(&self.name)
    }

    fn target(&self) -> Target<Item> {
        Target::raw(self.client.clone(), self.name.clone())
    }

    /// Reads an item by its full key.
    pub fn get(&self, key: Item) -> GetItem<Item> {
        GetItem::new(self.target(), key)
    }

    /// Writes an item, replacing any with the same key.
    pub fn put(&self, item: Item) -> PutItem<Item> {
        PutItem::new(self.target(), Ok(item))
    }

    /// Writes an item that must not exist yet, given the partition key attribute name.
    pub fn create(&self, item: Item, partition_key_attribute: &str) -> PutItem<Item> {
        PutItem::new(self.target(), Ok(item)).if_absent(partition_key_attribute)
    }

    /// Updates (or creates) the item with this key.
    pub fn update(&self, key: Item) -> UpdateItem<Item> {
        UpdateItem::new(self.target(), key)
    }

    /// Deletes the item with this key.
    pub fn delete(&self, key: Item) -> DeleteItem<Item> {
        DeleteItem::new(self.target(), key)
    }

    /// Queries one partition. For `sort_*` conditions name the sort key with
    /// [`Query::sort_key_name`] or use [`Query::sort_key`].
    pub fn query(&self, key: KeyCondition) -> Query<Item> {
        Query::of_table(self.client.clone(), self.name.clone(), key)
    }

    /// Queries the table with a `KeyConditionExpression` string. The key
    /// attributes are read from the text: the partition key is the one
    /// compared with `=` (the first, when both are), the sort key the other.
    ///
    /// ```
    /// # use dynorm::{values, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let orders: Vec<Item> = client
    ///     .table("app")
    ///     .query_expr(
    ///         "pk = :p AND begins_with(sk, :s)",
    ///         values! { ":p" => "USER#1", ":s" => "ORDER#" },
    ///     )
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn query_expr(&self, text: impl Into<String>, values: crate::expr::Values) -> Query<Item> {
        Query::of_table(
            self.client.clone(),
            self.name.clone(),
            KeyCondition::partition("", crate::Value::Null),
        )
        .key_condition_expr(text, values)
    }

    /// Scans the table.
    pub fn scan(&self) -> Scan<Item> {
        Scan::of_table(self.client.clone(), self.name.clone())
    }
}
