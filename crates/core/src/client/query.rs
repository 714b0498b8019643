//! [`Query`]: the items of one partition, of a table or an index.

use super::cursor::Cursor;
use super::read::{Page, Read, ReadKind};
use super::target::Target;
use super::{Client, Collection};
use crate::error::{Error, Result};
use crate::expr::{attr, AttributeName, Condition, KeyCondition, Path, SortOp};
use crate::model::{Model, Partition};
use crate::value::{Item, Value};
use futures::stream::BoxStream;

/// Reads the items of one partition in sort key order.
///
/// `limit(n)` has DynamoDB's meaning: at most `n` items are *evaluated* per
/// request, before the filter, so a page may hold fewer items (even none) and
/// still have a cursor. [`take(n)`](Query::take) is the other thing: `n` items
/// *after* filtering, paging as long as needed.
///
/// ```
/// # use dynorm::{attr, Client, Item, expr::KeyCondition};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let page = client
///     .table("app")
///     .query(KeyCondition::partition("pk", "USER#1"))
///     .sort_begins_with("ORDER#")
///     .filter(attr("total").gt(100))
///     .take(10)
///     .page()
///     .await?;
/// if let Some(cursor) = page.cursor {
///     // hand `cursor.to_string()` to the client; continue later with `.cursor(cursor)`
/// }
/// # Ok(()) }
/// ```
#[must_use = "a query does nothing until it is sent"]
pub struct Query<T> {
    read: Read<T>,
    sort_name: Option<String>,
}

impl<M: Model> Query<M> {
    /// A query of one partition of a model's table or index. In a
    /// single-table design, only items of this model's entity type are returned.
    pub(crate) fn for_model(partition: Partition<M>) -> Query<M> {
        let schema = M::schema();
        let (sort_name, index) = match partition.index {
            None => (schema.sort_key.map(|k| k.attribute.to_owned()), None),
            Some(name) => {
                let index = schema.indexes.iter().find(|i| i.name == name);
                (
                    index.and_then(|i| i.sort_key.map(|k| k.attribute.to_owned())),
                    Some(name.to_owned()),
                )
            }
        };
        let key = KeyCondition::partition(partition.attribute, partition.value);
        let mut read = Read::new(Target::model(), Ok(ReadKind::Query { key, forward: true }));
        read.key_names = Some((partition.attribute.to_owned(), sort_name.clone()));
        read.index = index;
        read.entity_filter = schema
            .entity
            .map(|e| attr(Path::attr(e.attribute)).eq(e.name));
        Query { read, sort_name }
    }

    /// The same query returning raw [`Item`]s instead of models, as
    /// [`GetItem::send_raw`](super::GetItem::send_raw) does for one item:
    /// every setting so far is kept (client, index, sort key and filter
    /// conditions, projection, limits, cursor), and so is the filter on the
    /// model's entity type, so only this model's items come back. Items are
    /// not decoded and no `after_load` hook runs. A cursor of the raw query
    /// continues the same query made for models, and the other way round.
    ///
    /// ```
    /// use dynorm::{client::Page, Client, Item, Model};
    /// use dynorm_memory::MemoryClient;
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "app", pk = "USER#{id}", sk = "ORDER#{order}", entity = "Order")]
    /// struct Order { id: String, order: String, total: u32 }
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let client = Client::memory();
    /// client.create_table::<Order>().await?;
    /// client.put(&Order { id: "1".into(), order: "a".into(), total: 5 }).await?;
    ///
    /// let page: Page<Item> = client.query(Order::partition("1")).raw().page().await?;
    /// assert_eq!(page.items[0].get("sk"), Some(&"ORDER#a".into()));
    /// assert_eq!(page.items[0].get("entity_type"), Some(&"Order".into()));
    /// # Ok::<(), dynorm::Error>(()) }).unwrap();
    /// ```
    pub fn raw(self) -> Query<Item> {
        Query {
            read: self.read.into_raw(),
            sort_name: self.sort_name,
        }
    }
}

impl Query<Item> {
    pub(crate) fn of_table(client: Client, table: String, key: KeyCondition) -> Query<Item> {
        let sort_name = None;
        Query {
            read: Read::new(
                Target::raw(client, table),
                Ok(ReadKind::Query { key, forward: true }),
            ),
            sort_name,
        }
    }

    /// Reads every item (as [`all`](Query::all)) into a [`Collection`], to
    /// split by entity type. After [`skip_hooks`](Query::skip_hooks), the
    /// models decoded from it do not run their hooks.
    ///
    /// ```
    /// # use dynorm::{Client, Model};
    /// # async fn demo<U: Model>(client: Client, partition: dynorm::Partition<U>) -> dynorm::Result<()> {
    /// let users: Vec<U> = client
    ///     .query_collection(partition)
    ///     .skip_hooks()
    ///     .collection()
    ///     .await?
    ///     .of::<U>()?; // without after_load
    /// # Ok(()) }
    /// ```
    pub async fn collection(self) -> Result<Collection> {
        let skip = !self.read.target.run_hooks();
        let collection = Collection::from(self.read.all().await?);
        Ok(if skip {
            collection.skip_hooks()
        } else {
            collection
        })
    }
}

impl<T: Send + 'static> Query<T> {
    super::read::shared_read_methods!(Query);

    /// Names the sort key attribute for the `sort_*` conditions of a raw query
    /// (models know it; an index query on a raw table needs it): a string,
    /// taken literally, or the typed path of a top-level field
    /// (`Event::fields().seq`). A nested path fails the query with a
    /// validation error.
    pub fn sort_key_name(mut self, name: impl AttributeName) -> Self {
        match name.into_attribute_name() {
            Ok(name) => self.sort_name = Some(name),
            Err(path) => {
                self.sort_name = None;
                if self.read.kind.is_ok() {
                    self.read.kind = Err(Error::validation(format!(
                        "a key attribute is a top-level attribute, not the nested path `{path}`"
                    )));
                }
            }
        }
        self
    }

    fn sort(mut self, op: SortOp) -> Self {
        let name = self.sort_name.clone();
        self.read.kind = match (self.read.kind, name) {
            (Ok(ReadKind::Query { key, forward }), Some(name)) => Ok(ReadKind::Query { key: key.sort(name, op), forward }),
            (Ok(ReadKind::Query { .. }), None) => Err(Error::validation(
                "a sort key condition needs a sort key: the table or index has none (or name it with sort_key_name)",
            )),
            (other, _) => other,
        };
        self
    }

    /// A sort key condition on a named sort key (for raw queries), named as
    /// [`sort_key_name`](Query::sort_key_name) names it.
    pub fn sort_key(self, name: impl AttributeName, op: SortOp) -> Self {
        self.sort_key_name(name).sort(op)
    }

    /// `sk = v`
    pub fn sort_eq(self, v: impl Into<Value>) -> Self {
        self.sort(SortOp::Eq(v.into()))
    }
    /// `sk < v`
    pub fn sort_lt(self, v: impl Into<Value>) -> Self {
        self.sort(SortOp::Lt(v.into()))
    }
    /// `sk <= v`
    pub fn sort_le(self, v: impl Into<Value>) -> Self {
        self.sort(SortOp::Le(v.into()))
    }
    /// `sk > v`
    pub fn sort_gt(self, v: impl Into<Value>) -> Self {
        self.sort(SortOp::Gt(v.into()))
    }
    /// `sk >= v`
    pub fn sort_ge(self, v: impl Into<Value>) -> Self {
        self.sort(SortOp::Ge(v.into()))
    }
    /// `sk BETWEEN low AND high`
    pub fn sort_between(self, low: impl Into<Value>, high: impl Into<Value>) -> Self {
        self.sort(SortOp::Between(low.into(), high.into()))
    }
    /// `begins_with(sk, prefix)`
    pub fn sort_begins_with(self, prefix: impl Into<Value>) -> Self {
        self.sort(SortOp::BeginsWith(prefix.into()))
    }

    /// The key condition as a `KeyConditionExpression` string
    /// (`"category_id = :c AND begins_with(product_id, :p)"`), replacing the
    /// partition given when the query was made; `values` join the request's
    /// placeholder maps. A model's query reads it against the model's key
    /// attributes, a raw query reads them from the text (see
    /// [`Table::query_expr`](crate::Table::query_expr)). A typed `sort_*`
    /// condition stays when the string has none.
    pub fn key_condition_expr(
        mut self,
        text: impl Into<String>,
        values: crate::expr::Values,
    ) -> Self {
        self.read.strings.key_condition(text);
        self.read.strings.values(values);
        self
    }

    /// Descending sort key order.
    pub fn reverse(mut self) -> Self {
        if let Ok(ReadKind::Query { forward, .. }) = &mut self.read.kind {
            *forward = false;
        }
        self
    }
}

impl<T: Send + 'static> std::future::IntoFuture for Query<T> {
    type Output = Result<Vec<T>>;
    type IntoFuture = futures::future::BoxFuture<'static, Self::Output>;
    /// Awaiting a query collects every item ([`Query::all`]).
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.all())
    }
}
