//! [`UpdateItem`]: change attributes of one item in place.

use super::target::Target;
use super::write::{not_the_kind, Outcome, Outgoing, VersionCheck, Write, WriteOp, WriteSet};
use super::Client;
use crate::backend::{Params, ReturnValues, UpdateItemRequest};
use crate::error::Result;
use crate::expr::{
    and_conditions, attr, join_updates, Condition, KeyNames, Names, Path, SetExpr, StringExprs,
    Update, UpdateAction, UpdateOperand, Values,
};
use crate::model::{Key, Model};
use crate::value::{Item, Value};

/// Updates the item with a key, creating it when absent (as DynamoDB does;
/// see [`must_exist`](UpdateItem::must_exist)). Resolves to the item as
/// [`return_new`](UpdateItem::return_new) / [`return_old`](UpdateItem::return_old)
/// asked, `None` otherwise.
///
/// For a model, `before_update` runs first (and may veto the update),
/// `after_update` once it succeeded, and the model's generated values are
/// added ([`ModelSchema::stamp_update`](crate::ModelSchema::stamp_update)):
/// `updated_at` always, `created_at` and non-key uuids with `if_not_exists`,
/// so an update that creates the item has them and one of an existing item
/// keeps them.
///
/// ```
/// # use dynorm::{attr, Client, Item, Value};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let new = client
///     .table("users")
///     .update(Item::new().with("pk", "u1"))
///     .set("name", "Ann")
///     .increment("logins", 1)
///     .append("history", vec![Value::from("login")])
///     .remove("temp")
///     .condition(attr("banned").not_exists())
///     .return_new()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct UpdateItem<T> {
    target: Target<T>,
    key: Result<Item>,
    /// For a model: the values of the fields its key templates are built from.
    key_fields: Item,
    update: Update,
    condition: Option<Condition>,
    return_values: ReturnValues,
    return_old_on_condition_failure: bool,
    retry_unknown_outcome: bool,
    strings: StringExprs,
    version: VersionCheck,
}

impl<M: Model> UpdateItem<M> {
    pub(crate) fn for_model(key: Key<M>) -> UpdateItem<M> {
        let (item, key_fields) = key.into_parts();
        let mut update = UpdateItem::new(Target::model(), item);
        update.key_fields = key_fields;
        update
    }

    /// An update that fails with `error` when sent.
    pub(crate) fn failed(error: crate::Error) -> UpdateItem<M> {
        let mut u = UpdateItem::new(Target::model(), Item::new());
        u.key = Err(error);
        u
    }

    /// Fails with [`Error::ConditionFailed`](crate::Error::ConditionFailed)
    /// instead of creating the item when no item has this key.
    pub fn must_exist(self) -> Self {
        let pk = M::schema().partition_key.attribute;
        self.condition(attr(pk).exists())
    }

    /// Does not run the model's [`Hooks`](crate::model::Hooks) for this call
    /// (the generated values are still stamped).
    pub fn skip_hooks(mut self) -> Self {
        self.target.skip_hooks();
        self
    }

    /// For a versioned model (`#[dynorm(version)]`): updates only if the
    /// stored version is `version`. The update counts the version up by one
    /// (`ADD version 1`); a stored item with another version (or none) fails
    /// it with [`Error::VersionConflict`](crate::Error::VersionConflict). An
    /// update of a versioned model needs this or
    /// [`ignore_version`](UpdateItem::ignore_version).
    ///
    /// ```
    /// # use dynorm::{Client, Model};
    /// # use serde::{Deserialize, Serialize};
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "docs", pk = "DOC#{id}")]
    /// struct Doc {
    ///     id: String,
    ///     title: String,
    ///     #[dynorm(version)]
    ///     version: u64,
    /// }
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let doc: Doc = client
    ///     .update(Doc::key("1"))
    ///     .set("title", "Draft 2")
    ///     .expect_version(3u64)
    ///     .return_new()
    ///     .await?
    ///     .expect("updated");
    /// assert_eq!(doc.version, 4);
    /// # Ok(()) }
    /// ```
    pub fn expect_version(mut self, version: impl Into<crate::Number>) -> Self {
        self.version = VersionCheck::Expect(Value::N(version.into()));
        self
    }

    /// For a versioned model: updates whatever version is stored (the
    /// update still counts it up by one).
    pub fn ignore_version(mut self) -> Self {
        self.version = VersionCheck::Ignore;
        self
    }
}

impl<T: Send + 'static> UpdateItem<T> {
    pub(crate) fn new(target: Target<T>, key: Item) -> UpdateItem<T> {
        UpdateItem {
            target,
            key: Ok(key),
            key_fields: Item::new(),
            update: Update::new(),
            condition: None,
            return_values: ReturnValues::None,
            return_old_on_condition_failure: false,
            retry_unknown_outcome: false,
            strings: StringExprs::default(),
            version: VersionCheck::default(),
        }
    }

    /// Uses this client for this call.
    pub fn with_client(mut self, client: &Client) -> Self {
        self.target.set_client(client);
        self
    }

    fn action(mut self, action: UpdateAction) -> Self {
        self.update = self.update.action(action);
        self
    }

    /// Adds every action of an [`Update`].
    pub fn apply(mut self, update: Update) -> Self {
        for a in update.actions() {
            self.update = self.update.action(a.clone());
        }
        self
    }

    /// `SET path = value`.
    pub fn set(self, path: impl Into<Path>, value: impl Into<UpdateOperand>) -> Self {
        self.action(UpdateAction::Set(
            path.into(),
            SetExpr::Operand(value.into()),
        ))
    }

    /// `SET path = expr` with any right-hand side.
    pub fn set_expr(self, path: impl Into<Path>, expr: SetExpr) -> Self {
        self.action(UpdateAction::Set(path.into(), expr))
    }

    /// Sets the attribute only if it is absent (`if_not_exists`).
    pub fn set_if_not_exists(mut self, path: impl Into<Path>, value: impl Into<Value>) -> Self {
        self.update = self.update.set_if_not_exists(path, value);
        self
    }

    /// Adds `by` to a number attribute that must exist.
    pub fn increment(mut self, path: impl Into<Path>, by: impl Into<Value>) -> Self {
        self.update = self.update.increment(path, by);
        self
    }

    /// Subtracts `by` from a number attribute that must exist.
    pub fn decrement(mut self, path: impl Into<Path>, by: impl Into<Value>) -> Self {
        self.update = self.update.decrement(path, by);
        self
    }

    /// Appends to a list, creating it when absent.
    pub fn append(mut self, path: impl Into<Path>, values: Vec<Value>) -> Self {
        self.update = self.update.append(path, values);
        self
    }

    /// Prepends to a list, creating it when absent.
    pub fn prepend(mut self, path: impl Into<Path>, values: Vec<Value>) -> Self {
        self.update = self.update.prepend(path, values);
        self
    }

    /// `REMOVE path`.
    pub fn remove(self, path: impl Into<Path>) -> Self {
        self.action(UpdateAction::Remove(path.into()))
    }

    /// `ADD path value`: adds to a number (from 0 when absent) or adds set members.
    pub fn add(self, path: impl Into<Path>, value: impl Into<Value>) -> Self {
        self.action(UpdateAction::Add(path.into(), value.into()))
    }

    /// `DELETE path members`: removes members from a set.
    pub fn delete_from_set(self, path: impl Into<Path>, members: impl Into<Value>) -> Self {
        self.action(UpdateAction::Delete(path.into(), members.into()))
    }

    /// Updates only if the condition holds. Several conditions are combined with AND.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.condition = Some(match self.condition.take() {
            Some(c) => c.and(condition),
            None => condition,
        });
        self
    }

    /// Adds the actions of an `UpdateExpression` string after the typed ones
    /// (`"SET #c = #c + :one REMOVE draft"`), with placeholder maps shared by
    /// every expression of the request (more with [`names`](UpdateItem::names)
    /// and [`values`](UpdateItem::values)).
    ///
    /// ```
    /// # use dynorm::{names, values, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// client
    ///     .table("counters")
    ///     .update(Item::new().with("pk", "stats-1"))
    ///     .update_expr("SET #c = #c + :one", names! { "#c" => "count" }, values! { ":one" => 1 })
    ///     .condition_expr("attribute_exists(#c)")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn update_expr(mut self, text: impl Into<String>, names: Names, values: Values) -> Self {
        self.strings.update(text);
        self.strings.names(names);
        self.strings.values(values);
        self
    }

    /// Updates only if a `ConditionExpression` string holds, ANDed with the
    /// typed conditions.
    pub fn condition_expr(mut self, text: impl Into<String>) -> Self {
        self.strings.condition(text);
        self
    }

    crate::client::expression_maps!();

    /// Returns the whole item as it is after the update.
    pub fn return_new(mut self) -> Self {
        self.return_values = ReturnValues::AllNew;
        self
    }

    /// Returns the whole item as it was before the update.
    pub fn return_old(mut self) -> Self {
        self.return_values = ReturnValues::AllOld;
        self
    }

    /// Any [`ReturnValues`]; the `Updated*` kinds return partial items, read
    /// them with [`send_raw`](UpdateItem::send_raw).
    pub fn return_values(mut self, rv: ReturnValues) -> Self {
        self.return_values = rv;
        self
    }

    /// On a failed condition, carry the stored item in the error.
    pub fn return_old_on_condition_failure(mut self) -> Self {
        self.return_old_on_condition_failure = true;
        self
    }

    /// Lets the client's retry layer send this update again after an attempt
    /// whose outcome is unknown (a 5xx or transport error) even when the
    /// update is not idempotent (an ADD of a number, `SET a = a + :x`,
    /// `list_append`), accepting that it may be applied twice; without it
    /// such an update fails with
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) (see
    /// [`Retry`](crate::layers::Retry)).
    ///
    /// ```
    /// # use dynorm::{Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// client
    ///     .table("metrics")
    ///     .update(Item::new().with("pk", "page-views"))
    ///     .add("count", 1)
    ///     .retry_unknown_outcome()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn retry_unknown_outcome(mut self) -> Self {
        self.retry_unknown_outcome = true;
        self
    }

    /// Sends the request and returns the attributes undecoded.
    pub async fn send_raw(self) -> Result<Option<Item>> {
        self.execute().await.map(|(item, _, _)| item)
    }

    /// The write of this update, its strings read.
    fn take_write(&mut self) -> Result<(Client, Write)> {
        let parsed = self.strings.parse(KeyNames::FromText)?;
        let key = std::mem::replace(&mut self.key, Ok(Item::new()))?;
        let key_fields = std::mem::take(&mut self.key_fields);
        let update = std::mem::take(&mut self.update);
        let condition = self.condition.take();
        let client = self.target.client()?;
        let update = match parsed.update {
            Some(u) => join_updates(update, u),
            None => update,
        };
        let op = WriteOp::Update {
            key,
            key_fields,
            update,
        };
        let condition = and_conditions(condition, parsed.condition);
        let version = std::mem::take(&mut self.version);
        Ok((
            client,
            self.target.write(op, condition).with_version(version),
        ))
    }

    fn request(&self, out: Outgoing) -> Result<UpdateItemRequest> {
        let WriteOp::Update { key, update, .. } = out.op else {
            return Err(not_the_kind("update"));
        };
        Ok(UpdateItemRequest {
            table: out.table,
            key,
            update,
            condition: out.condition,
            return_values: self.return_values,
            return_old_on_condition_failure: self.return_old_on_condition_failure
                || out.return_old_on_condition_failure,
            retry_unknown_outcome: self.retry_unknown_outcome,
            ..UpdateItemRequest::default()
        })
    }

    /// The UpdateItem request this builder would send, without sending it (a
    /// terminal, like `.await`): for a
    /// model, with the generated values it stamps (`updated_at` is the time
    /// of the call) but without running `before_update`.
    ///
    /// ```
    /// # use dynorm::{names, values, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let params = client
    ///     .table("counters")
    ///     .update(Item::new().with("pk", "stats-1"))
    ///     .update_expr("SET #c = #c + :one", names! { "#c" => "count" }, values! { ":one" => 1 })
    ///     .params()?;
    /// assert_eq!(params.update_expression.as_deref(), Some("SET #n0 = #n0 + :v0"));
    /// # Ok(()) }
    /// ```
    pub fn params(mut self) -> Result<Params> {
        let (client, write) = self.take_write()?;
        Params::update_item(&self.request(WriteSet::preview_single(client, write)?)?)
    }

    /// Sends the request. For a model, `before_update` runs first (and may
    /// veto it), then the generated values are added
    /// ([`ModelSchema::stamp_update`](crate::ModelSchema::stamp_update):
    /// `updated_at` always; `created_at` and non-key uuids when the item
    /// has none, so an update that creates the item has them).
    async fn execute(mut self) -> Result<(Option<Item>, Target<T>, Client)> {
        let (client, write) = self.take_write()?;
        let prepared = WriteSet::single(client.clone(), self.target.run_hooks(), write)
            .prepare()
            .await?;
        if prepared.is_transaction() {
            if self.return_values != ReturnValues::None {
                return Err(super::put::unique_return_old());
            }
            prepared
                .send_transaction(None, self.return_old_on_condition_failure)
                .await?;
            return Ok((None, self.target, client));
        }
        let (out, finish) = prepared.into_single()?;
        let sent = client
            .backend()
            .update_item(self.request(out)?)
            .await
            .map_err(|e| finish.failed(e))?;
        finish
            .run_all(vec![Outcome::Applied(sent.attributes.clone())])
            .await?;
        Ok((sent.attributes, self.target, client))
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

crate::client::into_future!(UpdateItem, Option<T>);
