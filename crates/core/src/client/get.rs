//! [`GetItem`]: read one item by key.

use super::target::Target;
use super::Client;
use crate::backend::{GetItemRequest, Params};
use crate::error::Result;
use crate::expr::{join_paths, KeyNames, Path, StringExprs};
use crate::model::{Key, Model};
use crate::value::Item;

/// Reads one item by its primary key; resolves to `Ok(None)` when there is none.
///
/// ```
/// # use dynorm::{Client, Item};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let item = client
///     .table("users")
///     .get(Item::new().with("pk", "u1"))
///     .consistent_read()
///     .project(["name", "address.city"])
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct GetItem<T> {
    target: Target<T>,
    key: Item,
    consistent_read: bool,
    projection: Option<Vec<Path>>,
    strings: StringExprs,
}

impl<M: Model> GetItem<M> {
    pub(crate) fn for_model(key: Key<M>) -> GetItem<M> {
        GetItem::new(Target::model(), key.into_item())
    }

    /// Does not run the model's `after_load` hook for this call.
    pub fn skip_hooks(mut self) -> Self {
        self.target.skip_hooks();
        self
    }
}

impl<T: Send + 'static> GetItem<T> {
    pub(crate) fn new(target: Target<T>, key: Item) -> GetItem<T> {
        GetItem {
            target,
            key,
            consistent_read: false,
            projection: None,
            strings: StringExprs::default(),
        }
    }

    /// Uses this client for this call.
    pub fn with_client(mut self, client: &Client) -> Self {
        self.target.set_client(client);
        self
    }

    /// A strongly consistent read.
    pub fn consistent_read(mut self) -> Self {
        self.consistent_read = true;
        self
    }

    /// Returns only these attributes (paths such as `a.b[1]` allowed). With a
    /// model, the projection must keep every required field.
    pub fn project<I, P>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<Path>,
    {
        self.projection = Some(paths.into_iter().map(Into::into).collect());
        self
    }

    /// Returns only the attributes of a `ProjectionExpression` string
    /// (`"product_id, #n, price"`), after any paths given with
    /// [`project`](GetItem::project); `#names` come from
    /// [`names`](GetItem::names).
    ///
    /// ```
    /// # use dynorm::{names, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let item = client
    ///     .table("products")
    ///     .get(Item::new().with("pk", "p1"))
    ///     .projection_expr("product_id, #n, price")
    ///     .names(names! { "#n" => "name" })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn projection_expr(mut self, text: impl Into<String>) -> Self {
        self.strings.projection(text);
        self
    }

    crate::client::expression_maps!();

    /// The request, with its expression strings read.
    fn request(&mut self) -> Result<(Client, GetItemRequest)> {
        let parsed = self.strings.parse(KeyNames::FromText)?;
        let (client, table) = self.target.resolve()?;
        let projection = join_paths(self.projection.take(), parsed.projection);
        let key = std::mem::take(&mut self.key);
        let req = GetItemRequest {
            projection,
            ..GetItemRequest::new(table, key).consistent_read(self.consistent_read)
        };
        Ok((client, req))
    }

    /// The GetItem request this builder would send, without sending it (a
    /// terminal, like `.await`).
    ///
    /// ```
    /// # use dynorm::{Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let params = client
    ///     .table("products")
    ///     .get(Item::new().with("pk", "p1"))
    ///     .projection_expr("product_id, price")
    ///     .params()?;
    /// assert_eq!(params.projection_expression.as_deref(), Some("#n0, #n1"));
    /// # Ok(()) }
    /// ```
    pub fn params(mut self) -> Result<Params> {
        Params::get_item(&self.request()?.1)
    }

    async fn execute(mut self) -> Result<(Option<Item>, Target<T>, Client)> {
        let (client, req) = self.request()?;
        let out = client.backend().get_item(req).await?;
        Ok((out.item, self.target, client))
    }

    /// Sends the request and returns the raw item (encrypted attributes as
    /// stored).
    pub async fn send_raw(self) -> Result<Option<Item>> {
        self.execute().await.map(|(item, _, _)| item)
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Option<T>> {
        let (item, target, client) = self.execute().await?;
        match item {
            Some(i) => target.decode_read(&client, i).await.map(Some),
            None => Ok(None),
        }
    }
}

crate::client::into_future!(GetItem, Option<T>);
