//! [`Collection`]: several entity types read from one partition in one query.

use crate::error::Result;
use crate::model::{load, Model};
use crate::value::{Item, Value};

/// The items of one partition holding several entity types (single-table
/// design), e.g. a user's profile and orders, split by type on demand.
///
/// Decoding a model runs its `after_load` hook, unless the collection was
/// read with `.skip_hooks()` or [`skip_hooks`](Collection::skip_hooks) was
/// called on it.
///
/// ```
/// # use dynorm::{Client, Model, client::Collection};
/// # async fn demo<U: Model, O: Model>(client: Client, partition: dynorm::Partition<U>) -> dynorm::Result<()> {
/// let collection = client.query_collection(partition).collection().await?;
/// let users: Vec<U> = collection.of::<U>()?;
/// let orders: Vec<O> = collection.of::<O>()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collection {
    items: Vec<Item>,
    skip_hooks: bool,
}

impl Collection {
    /// The items, in the order read.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The items of model `M`'s entity type, decoded (with `M`'s
    /// `after_load` hook, as every read runs it, unless hooks are skipped),
    /// in the order read. For a model without an entity type, every item is
    /// decoded as `M`.
    pub fn of<M: Model>(&self) -> Result<Vec<M>> {
        self.decode::<M>(!self.skip_hooks)
    }

    /// Decodes models without their hooks from now on.
    ///
    /// ```
    /// # use dynorm::{Item, Model, client::Collection};
    /// # fn demo<U: Model>(items: Vec<Item>) -> dynorm::Result<()> {
    /// let users: Vec<U> = Collection::from(items).skip_hooks().of::<U>()?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn skip_hooks(mut self) -> Self {
        self.skip_hooks = true;
        self
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
        Collection {
            items,
            skip_hooks: false,
        }
    }
}
