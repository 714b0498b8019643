//! [`Collection`]: several entity types read from one partition in one query.

use crate::error::Result;
use crate::model::{load, Model};
use crate::value::{Item, Value};

/// The items of one partition holding several entity types (single-table
/// design), e.g. a user's profile and orders, split by type on demand.
///
/// ```
/// # use dynorm::{Client, Model, client::Collection};
/// # async fn demo<U: Model, O: Model>(client: Client, partition: dynorm::Partition<U>) -> dynorm::Result<()> {
/// let items = client.query_collection(partition).all().await?;
/// let collection = Collection::from(items);
/// let users: Vec<U> = collection.of::<U>()?;
/// let orders: Vec<O> = collection.of::<O>()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collection {
    items: Vec<Item>,
}

impl Collection {
    /// The items, in the order read.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The items of model `M`'s entity type, decoded (with `M`'s
    /// `after_load` hook, as every read runs it), in the order read. For a
    /// model without an entity type, every item is decoded as `M`.
    pub fn of<M: Model>(&self) -> Result<Vec<M>> {
        self.decode::<M>(true)
    }

    /// [`of`](Collection::of) without `M`'s hooks.
    pub fn of_skipping_hooks<M: Model>(&self) -> Result<Vec<M>> {
        self.decode::<M>(false)
    }

    fn decode<M: Model>(&self, run_hooks: bool) -> Result<Vec<M>> {
        let schema = M::schema();
        self.items
            .iter()
            .filter(|item| match &schema.entity {
                Some(e) => matches!(item.get(e.attribute), Some(Value::S(s)) if s == e.name),
                None => true,
            })
            .map(|item| load::<M>(item.clone(), run_hooks))
            .collect()
    }

    /// How many items have `M`'s entity type.
    pub fn count_of<M: Model>(&self) -> usize {
        let schema = M::schema();
        match &schema.entity {
            Some(e) => self
                .items
                .iter()
                .filter(|item| matches!(item.get(e.attribute), Some(Value::S(s)) if s == e.name))
                .count(),
            None => self.items.len(),
        }
    }
}

impl From<Vec<Item>> for Collection {
    fn from(items: Vec<Item>) -> Collection {
        Collection { items }
    }
}
