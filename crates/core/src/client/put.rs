//! [`PutItem`]: write a whole item.

use super::target::Target;
use super::write::{not_the_kind, Outcome, Outgoing, VersionCheck, Write, WriteOp, WriteSet};
use super::Client;
use crate::backend::{Params, PutItemRequest, ReturnValues};
use crate::error::Result;
use crate::expr::{and_conditions, attr, Condition, KeyNames, StringExprs};
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
    strings: StringExprs,
    version: VersionCheck,
}

impl<M: Model> PutItem<M> {
    pub(crate) fn for_model(model: &M) -> PutItem<M> {
        PutItem::new(Target::model(), model.to_item())
    }

    /// Does not run the model's [`Hooks`](crate::model::Hooks) for this call.
    pub fn skip_hooks(mut self) -> Self {
        self.target.skip_hooks();
        self
    }

    /// Sends the request and returns the model as written: decoded from the
    /// item actually sent, so with its generated values (uuids, `created_at`,
    /// `updated_at`) and any change `before_save` made.
    ///
    /// ```
    /// # use dynorm::attributes::Timestamp;
    /// # use dynorm::{Client, Model};
    /// # use serde::{Deserialize, Serialize};
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "notes")]
    /// struct Note {
    ///     #[dynorm(partition_key, generate = "uuid_v7")]
    ///     id: String,
    ///     #[dynorm(created_at)]
    ///     created: Option<Timestamp>,
    /// }
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let note = client
    ///     .create(&Note { id: String::new(), created: None })
    ///     .send_written()
    ///     .await?;
    /// assert_eq!(note.id.len(), 36);
    /// assert!(note.created.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn send_written(self) -> Result<M> {
        let (_, written) = self.execute(true).await?;
        M::from_item(written)
    }

    /// Only writes when no item has this key (`attribute_not_exists` on the
    /// partition key). A versioned model is written with version 1.
    pub fn if_not_exists(mut self) -> Self {
        let pk = M::schema().partition_key.attribute;
        self.version = VersionCheck::Create;
        self.and_condition(attr(pk).not_exists())
    }

    /// Writes a versioned model (`#[dynorm(version)]`) without conditioning
    /// on the version it holds: the item still gets the next version, but
    /// whatever is stored is replaced. Without a version field this changes
    /// nothing.
    ///
    /// ```
    /// # use dynorm::{Client, Model};
    /// # use serde::{Deserialize, Serialize};
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "docs", pk = "DOC#{id}")]
    /// struct Doc {
    ///     id: String,
    ///     #[dynorm(version)]
    ///     version: u64,
    /// }
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// // Whatever version is stored, this one wins (and stores version 8).
    /// client.put(&Doc { id: "1".into(), version: 7 }).ignore_version().await?;
    /// # Ok(()) }
    /// ```
    pub fn ignore_version(mut self) -> Self {
        self.version = VersionCheck::Ignore;
        self
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
            strings: StringExprs::default(),
            version: VersionCheck::default(),
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

    /// Writes only if a `ConditionExpression` string holds
    /// (`"attribute_not_exists(pk)"`, `"v = :v"`), ANDed with the typed
    /// conditions; its placeholders come from [`names`](PutItem::names) and
    /// [`values`](PutItem::values). A string DynamoDB would reject fails the
    /// call before anything is sent.
    ///
    /// ```
    /// # use dynorm::{values, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// client
    ///     .table("products")
    ///     .put(Item::new().with("pk", "p1").with("stock", 5))
    ///     .condition_expr("attribute_not_exists(pk) OR stock < :max")
    ///     .values(values! { ":max" => 10 })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn condition_expr(mut self, text: impl Into<String>) -> Self {
        self.strings.condition(text);
        self
    }

    crate::client::expression_maps!();

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

    /// The write of this put, its strings read (the item and conditions
    /// move out of the builder).
    fn take_write(&mut self) -> Result<(Client, Write)> {
        let parsed = self.strings.parse(KeyNames::FromText)?;
        let item = std::mem::replace(&mut self.item, Ok(Item::new()))?;
        let client = self.target.client()?;
        let condition = and_conditions(self.condition.take(), parsed.condition);
        let version = std::mem::take(&mut self.version);
        Ok((
            client,
            self.target
                .write(WriteOp::Put(item), condition)
                .with_version(version),
        ))
    }

    fn request(&self, out: Outgoing) -> Result<PutItemRequest> {
        let WriteOp::Put(item) = out.op else {
            return Err(not_the_kind("put"));
        };
        Ok(PutItemRequest {
            table: out.table,
            item,
            condition: out.condition,
            return_values: if self.return_old {
                ReturnValues::AllOld
            } else {
                ReturnValues::None
            },
            return_old_on_condition_failure: self.return_old_on_condition_failure
                || out.return_old_on_condition_failure,
            ..PutItemRequest::default()
        })
    }

    /// The PutItem request this builder would send, without sending it (a
    /// terminal, like `.await`): for a
    /// model, with its generated values (uuids, timestamps: new ones each
    /// call) but without running hooks or uploading S3 files.
    ///
    /// ```
    /// # use dynorm::{Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let params = client
    ///     .table("users")
    ///     .put(Item::new().with("pk", "u1"))
    ///     .condition_expr("attribute_not_exists(pk)")
    ///     .params()?;
    /// assert_eq!(params.condition_expression.as_deref(), Some("attribute_not_exists(#n0)"));
    /// # Ok(()) }
    /// ```
    pub fn params(mut self) -> Result<Params> {
        let (client, write) = self.take_write()?;
        Params::put_item(&self.request(WriteSet::preview_single(client, write)?)?)
    }

    /// Sends the request; returns the replaced item (when asked for) and,
    /// when `keep_written`, the item written (else an empty item). The item
    /// is copied only when it is kept or `after_save` needs it.
    async fn execute(mut self, keep_written: bool) -> Result<(Option<T>, Item)> {
        let (client, write) = self.take_write()?;
        let prepared = WriteSet::single(client.clone(), self.target.run_hooks(), write)
            .prepare()
            .await?;
        let written = match (keep_written, prepared.first_put()) {
            (true, Some(item)) => item.clone(),
            _ => Item::new(),
        };
        if prepared.is_transaction() {
            if self.return_old {
                return Err(unique_return_old());
            }
            prepared
                .send_transaction(None, self.return_old_on_condition_failure)
                .await?;
            return Ok((None, written));
        }
        let (out, finish) = prepared.into_single()?;
        let req = self.request(out)?;
        let sent = client
            .backend()
            .put_item(req)
            .await
            .map_err(|e| finish.failed(e))?;
        finish.run_all(vec![Outcome::Applied(None)]).await?;
        let old = match sent.attributes {
            Some(i) => Some(self.target.decode_read(&client, i).await?),
            None => None,
        };
        Ok((old, written))
    }

    /// Sends the request. For a model, the item written has the generated
    /// values, passed `before_save` and is checked against the model's
    /// `max_size` before anything is sent.
    pub async fn send(self) -> Result<Option<T>> {
        self.execute(false).await.map(|(old, _)| old)
    }
}

/// Writes a model and updates it in place with the model as written
/// ([`Client::save`]): generated values, `before_save`'s changes and a
/// versioned model's new version. On an error the model is left as it was.
#[must_use = "an operation does nothing until it is awaited"]
pub struct Save<'a, M> {
    put: PutItem<M>,
    model: &'a mut M,
}

impl<'a, M: Model> Save<'a, M> {
    pub(crate) fn new(put: PutItem<M>, model: &'a mut M) -> Save<'a, M> {
        Save { put, model }
    }

    /// Writes only if the condition holds for the stored item, joined with
    /// AND to the version condition.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.put = self.put.condition(condition);
        self
    }

    /// See [`PutItem::ignore_version`].
    pub fn ignore_version(mut self) -> Self {
        self.put = self.put.ignore_version();
        self
    }

    /// Does not run the model's hooks for this call.
    pub fn skip_hooks(mut self) -> Self {
        self.put = self.put.skip_hooks();
        self
    }

    /// Uses this client for this call.
    pub fn with_client(mut self, client: &Client) -> Self {
        self.put = self.put.with_client(client);
        self
    }

    /// Sends the write and updates the model.
    pub async fn send(self) -> Result<()> {
        *self.model = self.put.send_written().await?;
        Ok(())
    }
}

impl<'a, M: Model> std::future::IntoFuture for Save<'a, M> {
    type Output = Result<()>;
    type IntoFuture = futures::future::BoxFuture<'a, Result<()>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A write that moves unique markers goes out as a transaction, which
/// returns no old item.
pub(crate) fn unique_return_old() -> crate::Error {
    crate::Error::validation(
        "a write of a model with unique fields goes out as a transaction, which cannot return \
         the old item: drop `return_old`",
    )
}

crate::client::into_future!(PutItem, Option<T>);
