//! [`DeleteItem`]: delete one item by key.

use super::target::Target;
use super::write::{not_the_kind, Outcome, Outgoing, VersionCheck, Write, WriteOp, WriteSet};
use super::Client;
use crate::backend::{DeleteItemRequest, Params, ReturnValues};
use crate::error::Result;
use crate::expr::{and_conditions, attr, Condition, KeyNames, StringExprs};
use crate::model::{Key, Model};
use crate::value::Item;

/// Deletes the item with a key (deleting a missing item succeeds). Resolves to
/// the deleted item when [`return_old`](DeleteItem::return_old) was asked for.
///
/// ```
/// # use dynorm::{attr, Client, Item};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let old = client
///     .table("users")
///     .delete(Item::new().with("pk", "u1"))
///     .condition(attr("status").eq("inactive"))
///     .return_old()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct DeleteItem<T> {
    target: Target<T>,
    key: Result<Item>,
    condition: Option<Condition>,
    return_old: bool,
    return_old_on_condition_failure: bool,
    strings: StringExprs,
    version: VersionCheck,
}

impl<M: Model> DeleteItem<M> {
    pub(crate) fn for_model(key: Key<M>) -> DeleteItem<M> {
        DeleteItem::new(Target::model(), key.into_item())
    }

    /// A delete that fails with `error` when sent (the key could not be built).
    pub(crate) fn failed(error: crate::Error) -> DeleteItem<M> {
        let mut d = DeleteItem::new(Target::model(), Item::new());
        d.key = Err(error);
        d
    }

    /// Fails with [`Error::ConditionFailed`](crate::Error::ConditionFailed) when no item has this key.
    pub fn must_exist(self) -> Self {
        let pk = M::schema().partition_key.attribute;
        self.condition(attr(pk).exists())
    }

    /// Does not run the model's [`Hooks`](crate::model::Hooks) for this call.
    pub fn skip_hooks(mut self) -> Self {
        self.target.skip_hooks();
        self
    }

    /// For a versioned model (`#[dynorm(version)]`): deletes only if the
    /// stored version is `version`, else fails with
    /// [`Error::VersionConflict`](crate::Error::VersionConflict).
    /// [`Model::remove`] conditions on the model's own version; a delete by
    /// key of a versioned model needs this or
    /// [`ignore_version`](DeleteItem::ignore_version).
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
    /// let deleted = client.delete(Doc::key("1")).expect_version(2u64).await;
    /// if let Err(e) = &deleted {
    ///     assert!(e.is_version_conflict()); // someone saved version 3
    /// }
    /// # Ok(()) }
    /// ```
    pub fn expect_version(mut self, version: impl Into<crate::Number>) -> Self {
        self.version = VersionCheck::Expect(crate::Value::N(version.into()));
        self
    }

    /// For a versioned model: deletes whatever version is stored.
    pub fn ignore_version(mut self) -> Self {
        self.version = VersionCheck::Ignore;
        self
    }

    /// The delete of a model's own item: a versioned model's delete is
    /// conditioned on the version the model holds.
    pub(crate) fn of_model(model: &M) -> DeleteItem<M> {
        let mut delete = match model.key() {
            Ok(key) => DeleteItem::for_model(key),
            Err(e) => return DeleteItem::failed(e),
        };
        if let Some(attribute) = M::schema().version_attribute {
            match model.to_item() {
                Ok(item) => {
                    let held = item
                        .get(attribute)
                        .cloned()
                        .unwrap_or(crate::Value::from(0));
                    delete.version = VersionCheck::Expect(held);
                }
                Err(e) => return DeleteItem::failed(e),
            }
        }
        delete
    }
}

impl<T: Send + 'static> DeleteItem<T> {
    pub(crate) fn new(target: Target<T>, key: Item) -> DeleteItem<T> {
        DeleteItem {
            target,
            key: Ok(key),
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

    /// Deletes only if the condition holds. Several conditions are combined with AND.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.condition = Some(match self.condition.take() {
            Some(c) => c.and(condition),
            None => condition,
        });
        self
    }

    /// Deletes only if a `ConditionExpression` string holds
    /// (`"expires_at < :now"`), ANDed with the typed conditions; its
    /// placeholders come from [`names`](DeleteItem::names) and
    /// [`values`](DeleteItem::values).
    ///
    /// ```
    /// # use dynorm::{values, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// client
    ///     .table("sessions")
    ///     .delete(Item::new().with("pk", "session-456"))
    ///     .condition_expr("expires_at < :now")
    ///     .values(values! { ":now" => "2024-01-15T00:00:00Z" })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn condition_expr(mut self, text: impl Into<String>) -> Self {
        self.strings.condition(text);
        self
    }

    crate::client::expression_maps!();

    /// Returns the deleted item.
    pub fn return_old(mut self) -> Self {
        self.return_old = true;
        self
    }

    /// On a failed condition, carry the stored item in the error.
    pub fn return_old_on_condition_failure(mut self) -> Self {
        self.return_old_on_condition_failure = true;
        self
    }

    /// The write of this delete, its strings read.
    fn take_write(&mut self) -> Result<(Client, Write)> {
        let parsed = self.strings.parse(KeyNames::FromText)?;
        let key = std::mem::replace(&mut self.key, Ok(Item::new()))?;
        let client = self.target.client()?;
        let condition = and_conditions(self.condition.take(), parsed.condition);
        let version = std::mem::take(&mut self.version);
        Ok((
            client,
            self.target
                .write(WriteOp::Delete(key), condition)
                .with_version(version),
        ))
    }

    fn request(&self, out: Outgoing, return_old: bool) -> Result<DeleteItemRequest> {
        let WriteOp::Delete(key) = out.op else {
            return Err(not_the_kind("delete"));
        };
        Ok(DeleteItemRequest {
            table: out.table,
            key,
            condition: out.condition,
            return_values: if return_old {
                ReturnValues::AllOld
            } else {
                ReturnValues::None
            },
            return_old_on_condition_failure: self.return_old_on_condition_failure
                || out.return_old_on_condition_failure,
            ..DeleteItemRequest::default()
        })
    }

    /// The DeleteItem request this builder would send, without sending it (a
    /// terminal, like `.await`; no
    /// hook runs). A model with S3-backed attributes asks for the old item
    /// too, to delete its objects.
    ///
    /// ```
    /// # use dynorm::{values, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let params = client
    ///     .table("sessions")
    ///     .delete(Item::new().with("pk", "s1"))
    ///     .condition_expr("expires_at < :now")
    ///     .values(values! { ":now" => "2024-01-15" })
    ///     .params()?;
    /// assert_eq!(params.condition_expression.as_deref(), Some("#n0 < :v0"));
    /// # Ok(()) }
    /// ```
    pub fn params(mut self) -> Result<Params> {
        let (client, write) = self.take_write()?;
        let cascade = write
            .model
            .is_some_and(|m| !m.schema.s3_attributes.is_empty());
        let out = WriteSet::preview_single(client, write)?;
        Params::delete_item(&self.request(out, self.return_old || cascade)?)
    }

    /// Sends the request. For a model, `before_delete` runs first (and may
    /// veto it), `after_delete` once the item is deleted. The objects of a
    /// model's S3-backed attributes are deleted after the item; if that
    /// fails the error says the item is gone and names the object left.
    pub async fn send(mut self) -> Result<Option<T>> {
        let (client, write) = self.take_write()?;
        let prepared = WriteSet::single(client.clone(), self.target.run_hooks(), write)
            .prepare()
            .await?;
        if prepared.is_transaction() {
            if self.return_old {
                return Err(super::put::unique_return_old());
            }
            prepared
                .send_transaction(None, self.return_old_on_condition_failure)
                .await?;
            return Ok(None);
        }
        let (out, finish) = prepared.into_single()?;
        let return_old = self.return_old || finish.needs_old_item();
        let sent = client
            .backend()
            .delete_item(self.request(out, return_old)?)
            .await
            .map_err(|e| finish.failed(e))?;
        let old = if self.return_old {
            sent.attributes.clone()
        } else {
            None
        };
        finish
            .run_all(vec![Outcome::Applied(sent.attributes)])
            .await?;
        match old {
            Some(i) => self.target.decode_read(&client, i).await.map(Some),
            None => Ok(None),
        }
    }
}

crate::client::into_future!(DeleteItem, Option<T>);
