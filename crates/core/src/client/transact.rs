//! [`TransactWrite`] and [`TransactGet`]: all-or-nothing writes and snapshot reads.

use super::write::{Mode, ModelSteps, VersionCheck, Write, WriteOp, WriteSet};
use super::Client;
use crate::backend::{
    Params, TransactGet as GetAction, TransactGetItemsRequest, TransactWriteItemsRequest,
};
use crate::error::{Error, Result};
use crate::expr::{
    and_conditions, join_paths, join_updates, Condition, KeyNames, Names, Path, StringExprs,
    Update, Values,
};
use crate::model::{Key, Model, ModelSchema};
use crate::rules::transaction::check_action_count;
use crate::value::Item;

/// A write transaction: puts, updates, deletes and condition checks across
/// models and tables, applied all together or not at all.
///
/// Each action is added by one call; [`condition`](TransactWrite::condition)
/// right after it gives that action a condition, as on a single operation.
/// DynamoDB's limits (100 actions, 4 MB, one action per item) are checked
/// before sending, with a clear error. When a condition fails the transaction
/// is cancelled and [`Error::TransactionCanceled`] gives one reason per
/// action, in order. An idempotency token is generated unless given with
/// [`token`](TransactWrite::token).
///
/// Model actions run the model's [`Hooks`](crate::model::Hooks): when the
/// transaction is sent, `before_save` for each put, `before_update` for each
/// update and `before_delete` for each delete, in the order added and before
/// anything is sent (an error there vetoes the whole transaction); once the
/// transaction succeeded, `after_save`, `after_update` (with no returned
/// item: transactions return none) and `after_delete`, in the same order.
/// A cancelled transaction runs no `after_*` hook. Condition checks run no
/// hook. [`skip_hooks`](TransactWrite::skip_hooks) turns them off for the
/// whole transaction.
///
/// ```
/// # use dynorm::{attr, Client, Item, Update};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// client
///     .transact_write()
///     .update_item("accounts", Item::new().with("pk", "a"), Update::new().add("balance", -10))
///     .condition(attr("balance").ge(10))
///     .update_item("accounts", Item::new().with("pk", "b"), Update::new().add("balance", 10))
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a transaction does nothing until it is sent"]
pub struct TransactWrite {
    client: Client,
    writes: Vec<Write>,
    /// Each action's expression strings (same order as `writes`); for a
    /// check made from a string, its typed condition is a stand-in.
    strings: Vec<ActionStrings>,
    error: Option<Error>,
    token: Option<String>,
    return_old_on_condition_failure: bool,
    /// False after `.skip_hooks()`.
    run_hooks: bool,
}

/// The expression strings of one transaction action.
#[derive(Default)]
struct ActionStrings {
    strings: StringExprs,
    /// A condition check whose whole condition is the string.
    check_from_string: bool,
}

const NO_ACTION: &str =
    "a transaction's condition follows the action it applies to; add the action first";

impl TransactWrite {
    pub(crate) fn new(client: Client) -> TransactWrite {
        TransactWrite {
            client,
            writes: Vec::new(),
            strings: Vec::new(),
            error: None,
            token: None,
            return_old_on_condition_failure: false,
            run_hooks: true,
        }
    }

    /// Does not run the model [`Hooks`](crate::model::Hooks) of any action
    /// of this transaction, wherever it is called in the chain (generated
    /// values and `max_size` still apply).
    ///
    /// ```
    /// # use dynorm::{Client, Model};
    /// # async fn demo<M: Model>(client: Client, a: M, b: M) -> dynorm::Result<()> {
    /// client.transact_write().put(&a).put(&b).skip_hooks().await?;
    /// # Ok(()) }
    /// ```
    pub fn skip_hooks(mut self) -> Self {
        self.run_hooks = false;
        self
    }

    /// Adds a condition check on an item (a lease's ownership).
    pub(crate) fn add_check(&mut self, table: &str, key: Item, condition: Condition) {
        self.writes
            .push(Write::raw(table, WriteOp::Check { key, condition }, None));
    }

    fn push(mut self, write: Write) -> Self {
        self.writes.push(write);
        self.strings.push(ActionStrings::default());
        self
    }

    /// The strings of the action added last (an error when there is none).
    fn last_strings(mut self, f: impl FnOnce(&mut StringExprs)) -> Self {
        match self.strings.last_mut() {
            Some(a) => f(&mut a.strings),
            None => self.error = self.error.or(Some(Error::validation(NO_ACTION))),
        }
        self
    }

    /// Gives the action added last a `ConditionExpression` string, ANDed
    /// with its typed condition; the action's placeholders come from
    /// [`names`](TransactWrite::names) and [`values`](TransactWrite::values)
    /// called after it (each action has its own maps, as in DynamoDB).
    ///
    /// ```
    /// # use dynorm::{Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// client
    ///     .transact_write()
    ///     .put_item("users", Item::new().with("pk", "user-123"))
    ///     .condition_expr("attribute_not_exists(pk)")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn condition_expr(self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.last_strings(|s| s.condition(text))
    }

    /// Adds `#name` placeholders to the action added last.
    pub fn names(self, names: Names) -> Self {
        self.last_strings(|s| s.names(names))
    }

    /// Adds `:value` placeholders to the action added last.
    pub fn values(self, values: Values) -> Self {
        self.last_strings(|s| s.values(values))
    }

    /// A condition check on a model's item written as a string, as in
    /// seed 003's `{:check, key, "balance >= :amount AND active = :active", values}`.
    ///
    /// ```
    /// # use dynorm::{values, Client, Key, Model};
    /// # async fn demo<M: Model>(client: Client, key: Key<M>) -> dynorm::Result<()> {
    /// client
    ///     .transact_write()
    ///     .check_expr(key, "balance >= :amount AND active = :active", values! { ":amount" => 100, ":active" => true })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn check_expr<M: Model>(
        self,
        key: Key<M>,
        text: impl Into<String>,
        values: Values,
    ) -> Self {
        self.check(key, Condition::And(Vec::new()))
            .string_check(text.into(), values)
    }

    /// A condition check on a raw item written as a string.
    pub fn check_item_expr(
        self,
        table: &str,
        key: Item,
        text: impl Into<String>,
        values: Values,
    ) -> Self {
        self.check_item(table, key, Condition::And(Vec::new()))
            .string_check(text.into(), values)
    }

    fn string_check(mut self, text: String, values: Values) -> Self {
        if let Some(a) = self.strings.last_mut() {
            a.check_from_string = true;
            a.strings.condition(text);
            a.strings.values(values);
        }
        self
    }

    /// Updates a model's item with an `UpdateExpression` string (as
    /// [`update`](TransactWrite::update) does with a typed [`Update`]).
    pub fn update_expr<M: Model>(
        self,
        key: Key<M>,
        text: impl Into<String>,
        names: Names,
        values: Values,
    ) -> Self {
        let text = text.into();
        self.update(key, Update::new()).last_strings(|s| {
            s.update(text);
            s.names(names);
            s.values(values);
        })
    }

    /// Updates a raw item with an `UpdateExpression` string.
    pub fn update_item_expr(
        self,
        table: &str,
        key: Item,
        text: impl Into<String>,
        names: Names,
        values: Values,
    ) -> Self {
        let text = text.into();
        self.update_item(table, key, Update::new())
            .last_strings(|s| {
                s.update(text);
                s.names(names);
                s.values(values);
            })
    }

    /// Reads every action's strings into its trees.
    fn resolve_strings(writes: &mut [Write], strings: Vec<ActionStrings>) -> Result<()> {
        for (write, action) in writes.iter_mut().zip(strings) {
            let parsed = action.strings.parse(KeyNames::FromText)?;
            match &mut write.op {
                WriteOp::Check { condition, .. } => {
                    if let Some(c) = parsed.condition {
                        let typed = std::mem::replace(condition, Condition::And(Vec::new()));
                        *condition = match typed {
                            // the stand-in, with the typed conditions added to it
                            Condition::And(mut v) if action.check_from_string => match v.len() {
                                0 => c,
                                1 => v.remove(0).and(c),
                                _ => Condition::And(v).and(c),
                            },
                            typed => typed.and(c),
                        };
                    }
                }
                WriteOp::Update { update, .. } => {
                    if let Some(u) = parsed.update {
                        *update = join_updates(std::mem::take(update), u);
                    }
                    write.condition = and_conditions(write.condition.take(), parsed.condition);
                }
                _ => write.condition = and_conditions(write.condition.take(), parsed.condition),
            }
        }
        Ok(())
    }

    fn push_model<M: Model>(self, op: WriteOp) -> Self {
        self.push(Write::model(ModelSteps::of::<M>(), op, None))
    }

    /// Gives the action added last a condition on its stored item (an
    /// absent item has no attributes); several are combined with AND. On a
    /// condition check it joins the check's own condition.
    ///
    /// ```
    /// # use dynorm::{attr, Client, Model};
    /// # async fn demo<M: Model>(client: Client, m: M) -> dynorm::Result<()> {
    /// client.transact_write().put(&m).condition(attr("version").eq(3)).await?;
    /// # Ok(()) }
    /// ```
    pub fn condition(mut self, condition: Condition) -> Self {
        match self.writes.last_mut() {
            Some(write) => match &mut write.op {
                WriteOp::Check { condition: c, .. } => *c = c.clone().and(condition),
                _ => {
                    write.condition = Some(match write.condition.take() {
                        Some(c) => c.and(condition),
                        None => condition,
                    })
                }
            },
            None => self.error = self.error.or(Some(Error::validation(NO_ACTION))),
        }
        self
    }

    /// Puts a model. Generated values, `before_save`, S3 uploads and the
    /// model's `max_size` apply as for a single put when the transaction is
    /// sent; an error there fails the transaction before any item is sent.
    /// `after_save` runs once the transaction succeeded.
    pub fn put<M: Model>(mut self, model: &M) -> Self {
        match model.to_item() {
            Ok(item) => self.push_model::<M>(WriteOp::Put(item)),
            Err(e) => {
                self.error = self.error.or(Some(e));
                self
            }
        }
    }

    /// Puts a model that must not exist yet.
    pub fn create<M: Model>(self, model: &M) -> Self {
        self.put(model)
            .condition(crate::expr::attr(M::schema().partition_key.attribute).not_exists())
            .set_version(VersionCheck::Create)
    }

    /// For a versioned model (`#[dynorm(version)]`): the action added just
    /// before is conditioned on the stored version being `version` (updates
    /// and deletes by key need this or
    /// [`ignore_version`](TransactWrite::ignore_version); puts condition on
    /// the version the model holds). A conflict cancels the transaction
    /// with [`Error::VersionConflict`].
    ///
    /// ```
    /// # use dynorm::{Client, Model, Update};
    /// # use serde::{Deserialize, Serialize};
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "docs", pk = "DOC#{id}")]
    /// struct Doc {
    ///     id: String,
    ///     title: String,
    ///     #[dynorm(version)]
    ///     version: u64,
    /// }
    /// # async fn demo(client: Client, doc: Doc) -> dynorm::Result<()> {
    /// client
    ///     .transact_write()
    ///     .put(&doc) // conditioned on doc.version, stores doc.version + 1
    ///     .update(Doc::key("2"), Update::new().set("title", "B"))
    ///     .expect_version(5u64)
    ///     .delete(Doc::key("3"))
    ///     .ignore_version()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn expect_version(self, version: impl Into<crate::Number>) -> Self {
        self.set_version(VersionCheck::Expect(crate::Value::N(version.into())))
    }

    /// For a versioned model: the action added just before is written
    /// whatever version is stored (puts and updates still count it up).
    pub fn ignore_version(self) -> Self {
        self.set_version(VersionCheck::Ignore)
    }

    fn set_version(mut self, version: VersionCheck) -> Self {
        match self.writes.last_mut() {
            Some(write) => write.version = version,
            None => {
                self.error = self.error.or(Some(Error::validation(
                    "a transaction's version check follows the action it applies to; add the action first",
                )))
            }
        }
        self
    }

    /// Updates a model's item. When the transaction is sent, `before_update`
    /// runs and the generated values are stamped as for a single update
    /// (`updated_at`; `created_at` and non-key uuids if absent);
    /// `after_update` runs once the transaction succeeded.
    pub fn update<M: Model>(self, key: Key<M>, update: Update) -> Self {
        let (key, key_fields) = key.into_parts();
        self.push_model::<M>(WriteOp::Update {
            key,
            key_fields,
            update,
        })
    }

    /// Deletes a model's item (`before_delete` runs when the transaction is
    /// sent, `after_delete` once it succeeded). For a model with
    /// S3-backed attributes the item is read first and its objects are
    /// deleted once the transaction succeeded.
    pub fn delete<M: Model>(self, key: Key<M>) -> Self {
        self.push_model::<M>(WriteOp::Delete(key.into_item()))
    }

    /// Requires a condition on a model's item without writing it.
    pub fn check<M: Model>(self, key: Key<M>, condition: Condition) -> Self {
        self.push_model::<M>(WriteOp::Check {
            key: key.into_item(),
            condition,
        })
    }

    /// Puts a raw item.
    pub fn put_item(self, table: &str, item: Item) -> Self {
        self.push(Write::raw(table, WriteOp::Put(item), None))
    }

    /// Updates a raw item.
    pub fn update_item(self, table: &str, key: Item, update: Update) -> Self {
        let op = WriteOp::Update {
            key,
            key_fields: Item::new(),
            update,
        };
        self.push(Write::raw(table, op, None))
    }

    /// Deletes a raw item.
    pub fn delete_item(self, table: &str, key: Item) -> Self {
        self.push(Write::raw(table, WriteOp::Delete(key), None))
    }

    /// Requires a condition on a raw item.
    pub fn check_item(self, table: &str, key: Item, condition: Condition) -> Self {
        self.push(Write::raw(table, WriteOp::Check { key, condition }, None))
    }

    /// The idempotency token: a retry with the same token within 10 minutes
    /// does not apply the transaction twice.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Each failed condition's reason carries the item as it was.
    pub fn return_old_on_condition_failure(mut self) -> Self {
        self.return_old_on_condition_failure = true;
        self
    }

    /// The writes with their strings read, the limits checked.
    fn checked(
        error: Option<Error>,
        mut writes: Vec<Write>,
        strings: Vec<ActionStrings>,
    ) -> Result<Vec<Write>> {
        if let Some(e) = error {
            return Err(e);
        }
        let n = writes.len();
        check_action_count(n)?;
        TransactWrite::resolve_strings(&mut writes, strings)?;
        Ok(writes)
    }

    /// The TransactWriteItems request this transaction would send, without
    /// sending it (a terminal, like `.await`): model actions with their generated values and stamps, no
    /// hook run, no S3 file uploaded. The idempotency token is the one given
    /// with [`token`](TransactWrite::token) (otherwise each send makes one).
    ///
    /// ```
    /// # use dynorm::{values, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let params = client
    ///     .transact_write()
    ///     .check_item_expr("accounts", Item::new().with("pk", "a"), "balance >= :amount", values! { ":amount" => 100 })
    ///     .params()?;
    /// let check = &params.transact_items.as_ref().unwrap()[0]["ConditionCheck"];
    /// assert_eq!(check.condition_expression.as_deref(), Some("#n0 >= :v0"));
    /// # Ok(()) }
    /// ```
    pub fn params(self) -> Result<Params> {
        let writes = TransactWrite::checked(self.error, self.writes, self.strings)?;
        let mut set = WriteSet::new(self.client.clone(), Mode::Transaction, false);
        for write in writes {
            set.push(write);
        }
        let actions = set
            .preview()?
            .into_iter()
            .map(|w| w.into_action(self.return_old_on_condition_failure))
            .collect();
        let mut req = TransactWriteItemsRequest::new(actions);
        req.client_request_token = self.token;
        Params::transact_write_items(&req)
    }

    /// Checks the limits and sends the transaction.
    pub async fn send(self) -> Result<()> {
        let writes = TransactWrite::checked(self.error, self.writes, self.strings)?;
        let mut set = WriteSet::new(self.client, Mode::Transaction, self.run_hooks);
        for write in writes {
            set.push(write);
        }
        set.prepare()
            .await?
            .send_transaction(self.token, self.return_old_on_condition_failure)
            .await
    }
}

impl std::future::IntoFuture for TransactWrite {
    type Output = Result<()>;
    type IntoFuture = futures::future::BoxFuture<'static, Result<()>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A read transaction: up to 100 items read as one consistent snapshot.
///
/// ```
/// # use dynorm::{Client, Item};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let snapshot = client
///     .transact_get()
///     .get_item("accounts", Item::new().with("pk", "a"))
///     .get_item("accounts", Item::new().with("pk", "b"))
///     .await?;
/// let a = snapshot.item(0);
/// # Ok(()) }
/// ```
#[must_use = "a transaction does nothing until it is sent"]
pub struct TransactGet {
    client: Client,
    gets: Vec<GetAction>,
    /// Each read's expression strings (same order as `gets`).
    strings: Vec<StringExprs>,
    /// The model schema of each read added with [`get`](TransactGet::get)
    /// (same order as `gets`): its encrypted attributes are decrypted.
    schemas: Vec<Option<&'static ModelSchema>>,
    error: Option<Error>,
    skip_hooks: bool,
}

/// The items of a read transaction, in the order asked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactGetResult {
    /// The items as stored.
    items: Vec<Option<Item>>,
    /// For the model reads with encrypted attributes, the item with them
    /// decrypted (what [`get`](TransactGetResult::get) decodes).
    opened: Vec<Option<Item>>,
    /// Set by [`TransactGet::skip_hooks`].
    skip_hooks: bool,
}

impl TransactGetResult {
    /// The raw item of read `i` as stored (`None` when absent or out of
    /// range); encrypted attributes are still envelopes here.
    pub fn item(&self, i: usize) -> Option<&Item> {
        self.items.get(i).and_then(Option::as_ref)
    }

    /// Read `i` decoded as `M`, running its `after_load` hook (unless the
    /// read was sent with [`TransactGet::skip_hooks`] or the model skips its
    /// hooks). A model read added with [`TransactGet::get`] has its
    /// encrypted attributes decrypted.
    pub fn get<M: Model>(&self, i: usize) -> Result<Option<M>> {
        self.decode::<M>(i, !self.skip_hooks)
    }

    /// Read `i` decoded as `M` without its hooks.
    pub fn get_skipping_hooks<M: Model>(&self, i: usize) -> Result<Option<M>> {
        self.decode::<M>(i, false)
    }

    fn decode<M: Model>(&self, i: usize, run_hooks: bool) -> Result<Option<M>> {
        let opened = self.opened.get(i).and_then(Option::as_ref);
        opened
            .or_else(|| self.item(i))
            .cloned()
            .map(|item| crate::model::load::<M>(item, run_hooks))
            .transpose()
    }

    /// Every read, in order.
    pub fn into_items(self) -> Vec<Option<Item>> {
        self.items
    }
}

impl TransactGet {
    pub(crate) fn new(client: Client) -> TransactGet {
        TransactGet {
            client,
            gets: Vec::new(),
            strings: Vec::new(),
            schemas: Vec::new(),
            error: None,
            skip_hooks: false,
        }
    }

    /// Models decoded from this read ([`TransactGetResult::get`]) do not run
    /// their `after_load` hook.
    ///
    /// ```
    /// # use dynorm::{Client, Key, Model};
    /// # async fn demo<M: Model>(client: Client, key: Key<M>) -> dynorm::Result<()> {
    /// let snapshot = client.transact_get().get(key).skip_hooks().await?;
    /// let model: Option<M> = snapshot.get(0)?; // no after_load
    /// # Ok(()) }
    /// ```
    pub fn skip_hooks(mut self) -> Self {
        self.skip_hooks = true;
        self
    }

    fn push(mut self, get: GetAction, schema: Option<&'static ModelSchema>) -> Self {
        self.gets.push(get);
        self.strings.push(StringExprs::default());
        self.schemas.push(schema);
        self
    }

    /// Reads a model's item (its encrypted attributes decrypted for
    /// [`TransactGetResult::get`]).
    pub fn get<M: Model>(self, key: Key<M>) -> Self {
        let schema = M::schema();
        self.push(GetAction::new(schema.table, key.into_item()), Some(schema))
    }

    /// Reads a raw item.
    pub fn get_item(self, table: &str, key: Item) -> Self {
        self.push(GetAction::new(table, key), None)
    }

    /// Reads a raw item's projected attributes.
    pub fn get_projected(self, table: &str, key: Item, projection: Vec<Path>) -> Self {
        self.push(GetAction::new(table, key).projection(projection), None)
    }

    fn last_strings(mut self, f: impl FnOnce(&mut StringExprs)) -> Self {
        match self.strings.last_mut() {
            Some(s) => f(s),
            None => {
                self.error = self.error.or(Some(Error::validation(
                    "a read's projection follows the read it applies to; add the read first",
                )))
            }
        }
        self
    }

    /// Gives the read added last a `ProjectionExpression` string (after its
    /// typed paths); its `#names` come from [`names`](TransactGet::names).
    ///
    /// ```
    /// # use dynorm::{names, Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let snapshot = client
    ///     .transact_get()
    ///     .get_item("products", Item::new().with("pk", "p1"))
    ///     .projection_expr("product_id, #n")
    ///     .names(names! { "#n" => "name" })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn projection_expr(self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.last_strings(|s| s.projection(text))
    }

    /// Adds `#name` placeholders to the read added last.
    pub fn names(self, names: Names) -> Self {
        self.last_strings(|s| s.names(names))
    }

    /// The reads with full table names and their strings read, the limits checked.
    fn request(&mut self) -> Result<TransactGetItemsRequest> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let n = self.gets.len();
        check_action_count(n)?;
        for schema in self.schemas.iter().flatten() {
            crate::attributes::key_service_for(&self.client, schema)?;
        }
        let mut gets = Vec::with_capacity(n);
        for (get, strings) in std::mem::take(&mut self.gets)
            .into_iter()
            .zip(&self.strings)
        {
            let parsed = strings.parse(KeyNames::FromText)?;
            gets.push(GetAction {
                table: self.client.table_name(&get.table),
                projection: join_paths(get.projection, parsed.projection),
                key: get.key,
            });
        }
        Ok(TransactGetItemsRequest::new(gets))
    }

    /// The TransactGetItems request this read would send, without sending it
    /// (a terminal, like `.await`).
    ///
    /// ```
    /// # use dynorm::{Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let params = client
    ///     .transact_get()
    ///     .get_item("accounts", Item::new().with("pk", "a"))
    ///     .params()?;
    /// assert_eq!(params.transact_items.unwrap()[0]["Get"].table_name.as_deref(), Some("accounts"));
    /// # Ok(()) }
    /// ```
    pub fn params(mut self) -> Result<Params> {
        Params::transact_get_items(&self.request()?)
    }

    /// Sends the read.
    pub async fn send(mut self) -> Result<TransactGetResult> {
        let req = self.request()?;
        let client = self.client;
        let out = client.backend().transact_get_items(req).await?;
        let mut opened = Vec::with_capacity(out.items.len());
        for (item, schema) in out.items.iter().zip(&self.schemas) {
            opened.push(match (item, schema) {
                (Some(item), Some(schema)) if !schema.encrypted_attributes.is_empty() => {
                    Some(crate::attributes::open_item(&client, schema, item.clone()).await?)
                }
                _ => None,
            });
        }
        Ok(TransactGetResult {
            items: out.items,
            opened,
            skip_hooks: self.skip_hooks,
        })
    }
}

impl std::future::IntoFuture for TransactGet {
    type Output = Result<TransactGetResult>;
    type IntoFuture = futures::future::BoxFuture<'static, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
