//! [`TransactWrite`] and [`TransactGet`]: all-or-nothing writes and snapshot reads.

use super::keys::{key_identity, KeyNameCache, KeyNames};
use super::target::{AfterDelete, AfterSave, ModelSteps};
use super::Client;
use crate::attributes::{delete_objects, read_s3_attributes};
use crate::backend::{
    TransactGet as GetAction, TransactGetItemsRequest, TransactWriteAction,
    TransactWriteItemsRequest,
};
use crate::error::{Error, Result};
use crate::expr::{attr, Condition, Path, Update};
use crate::model::{plan_put, upload_all, Key, Model};
use crate::value::{display_key, item_size, Item};
use std::collections::HashSet;

/// DynamoDB's limit of actions per transaction.
pub const MAX_TRANSACTION_ACTIONS: usize = 100;
/// DynamoDB's limit of a transaction's total size: 4 MB.
pub const MAX_TRANSACTION_BYTES: usize = 4 * 1024 * 1024;

/// A write transaction: puts, updates, deletes and condition checks across
/// models and tables, applied all together or not at all.
///
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
///     .update_item("accounts", Item::new().with("pk", "a"), Update::new().add("balance", -10), Some(attr("balance").ge(10)))
///     .update_item("accounts", Item::new().with("pk", "b"), Update::new().add("balance", 10), None)
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a transaction does nothing until it is sent"]
pub struct TransactWrite {
    client: Client,
    /// Each action, with its table's key names and, for a model, its steps.
    actions: Vec<(Option<KeyNames>, Option<ModelSteps>, TransactWriteAction)>,
    error: Option<Error>,
    token: Option<String>,
    return_old_on_condition_failure: bool,
    /// False after `.skip_hooks()`.
    run_hooks: bool,
}

/// The hook to run once the transaction succeeded.
enum After {
    Save(AfterSave, usize),
    Update(ModelSteps, Item),
    Delete(AfterDelete, Item),
}

impl TransactWrite {
    pub(crate) fn new(client: Client) -> TransactWrite {
        TransactWrite {
            client,
            actions: Vec::new(),
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
    /// client.transact_write().put(&a, None).put(&b, None).skip_hooks().await?;
    /// # Ok(()) }
    /// ```
    pub fn skip_hooks(mut self) -> Self {
        self.run_hooks = false;
        self
    }

    fn push(mut self, names: Option<KeyNames>, action: TransactWriteAction) -> Self {
        self.actions.push((names, None, action));
        self
    }

    fn push_model<M: Model>(mut self, action: TransactWriteAction) -> Self {
        let schema = M::schema();
        self.actions.push((
            Some(KeyNames::of_schema(schema)),
            Some(ModelSteps::of::<M>()),
            action,
        ));
        self
    }

    /// Puts a model, with an optional condition. Generated values,
    /// `before_save`, S3 uploads and the model's `max_size` apply as for a
    /// single put when the transaction is sent; an error there fails the
    /// transaction before any item is sent. `after_save` runs once the
    /// transaction succeeded.
    pub fn put<M: Model>(mut self, model: &M, condition: Option<Condition>) -> Self {
        match model.to_item() {
            Ok(item) => {
                let action = TransactWriteAction::put(M::schema().table, item);
                self.push_model::<M>(conditioned(action, condition))
            }
            Err(e) => {
                self.error = self.error.or(Some(e));
                self
            }
        }
    }

    /// Puts a model that must not exist yet.
    pub fn create<M: Model>(self, model: &M) -> Self {
        self.put(
            model,
            Some(attr(M::schema().partition_key.attribute).not_exists()),
        )
    }

    /// Updates a model's item. When the transaction is sent, `before_update`
    /// runs and the generated values are stamped as for a single update
    /// (`updated_at`; `created_at` and non-key uuids if absent);
    /// `after_update` runs once the transaction succeeded.
    pub fn update<M: Model>(
        self,
        key: Key<M>,
        update: Update,
        condition: Option<Condition>,
    ) -> Self {
        let action = TransactWriteAction::update(M::schema().table, key.into_item(), update);
        self.push_model::<M>(conditioned(action, condition))
    }

    /// Deletes a model's item (`before_delete` runs when the transaction is
    /// sent, `after_delete` once it succeeded). For a model with
    /// S3-backed attributes the item is read first and its objects are
    /// deleted once the transaction succeeded.
    pub fn delete<M: Model>(self, key: Key<M>, condition: Option<Condition>) -> Self {
        let action = TransactWriteAction::delete(M::schema().table, key.into_item());
        self.push_model::<M>(conditioned(action, condition))
    }

    /// Requires a condition on a model's item without writing it.
    pub fn check<M: Model>(self, key: Key<M>, condition: Condition) -> Self {
        let action =
            TransactWriteAction::condition_check(M::schema().table, key.into_item(), condition);
        self.push_model::<M>(action)
    }

    /// Puts a raw item.
    pub fn put_item(self, table: &str, item: Item, condition: Option<Condition>) -> Self {
        let action = TransactWriteAction::put(table, item);
        self.push(None, conditioned(action, condition))
    }

    /// Updates a raw item.
    pub fn update_item(
        self,
        table: &str,
        key: Item,
        update: Update,
        condition: Option<Condition>,
    ) -> Self {
        let action = TransactWriteAction::update(table, key, update);
        self.push(None, conditioned(action, condition))
    }

    /// Deletes a raw item.
    pub fn delete_item(self, table: &str, key: Item, condition: Option<Condition>) -> Self {
        let action = TransactWriteAction::delete(table, key);
        self.push(None, conditioned(action, condition))
    }

    /// Requires a condition on a raw item.
    pub fn check_item(self, table: &str, key: Item, condition: Condition) -> Self {
        let action = TransactWriteAction::condition_check(table, key, condition);
        self.push(None, action)
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

    /// Checks the limits and sends the transaction.
    pub async fn send(self) -> Result<()> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let client = self.client;
        let n = self.actions.len();
        if n == 0 || n > MAX_TRANSACTION_ACTIONS {
            return Err(Error::validation(format!(
                "a transaction holds 1 to {MAX_TRANSACTION_ACTIONS} actions, this one has {n}"
            )));
        }
        let run_hooks = self.run_hooks;
        // The model steps first, in the order added: generated values and
        // `before_save` (which may change the key of a put), `before_update`
        // and the update's stamps, `before_delete`.
        let mut afters = Vec::new();
        let mut prepared = Vec::with_capacity(n);
        for (index, (key_names, steps, mut action)) in self.actions.into_iter().enumerate() {
            if let Some(steps) = steps {
                match &mut action {
                    TransactWriteAction::Put { item, .. } => {
                        let (item_to_send, after_save) =
                            steps.prepare_put(std::mem::take(item), run_hooks)?;
                        *item = item_to_send;
                        if let Some(after_save) = after_save {
                            afters.push(After::Save(after_save, index));
                        }
                    }
                    TransactWriteAction::Update { key, update, .. } => {
                        steps.prepare_update(key, update, run_hooks)?;
                        if steps.hooks_run(run_hooks) {
                            afters.push(After::Update(steps, key.clone()));
                        }
                    }
                    TransactWriteAction::Delete { key, .. } => {
                        if let Some(after_delete) = steps.before_delete(key, run_hooks)? {
                            afters.push(After::Delete(after_delete, key.clone()));
                        }
                    }
                    TransactWriteAction::ConditionCheck { .. } => {}
                }
            }
            prepared.push((key_names, steps.map(|s| s.schema), action));
        }
        let mut names = KeyNameCache::default();
        let mut seen = HashSet::with_capacity(n);
        let mut actions = Vec::with_capacity(n);
        let mut schemas = Vec::with_capacity(n);
        for (key_names, schema, mut action) in prepared {
            let table = client.table_name(action.table());
            if let Some(k) = key_names {
                names.insert(table.clone(), k);
            }
            let key = match &action {
                TransactWriteAction::Put { item, .. } => {
                    names.get(&client, &table).await?.key_of(&table, item)?
                }
                TransactWriteAction::Update { key, .. }
                | TransactWriteAction::Delete { key, .. }
                | TransactWriteAction::ConditionCheck { key, .. } => key.clone(),
            };
            if !seen.insert(key_identity(&table, &key)) {
                return Err(Error::validation_in(
                    &table,
                    format!(
                        "Transaction request cannot include multiple operations on one item: {}",
                        display_key(&key)
                    ),
                ));
            }
            match &mut action {
                TransactWriteAction::Put {
                    table: t,
                    return_old_on_condition_failure: r,
                    ..
                }
                | TransactWriteAction::Update {
                    table: t,
                    return_old_on_condition_failure: r,
                    ..
                }
                | TransactWriteAction::Delete {
                    table: t,
                    return_old_on_condition_failure: r,
                    ..
                }
                | TransactWriteAction::ConditionCheck {
                    table: t,
                    return_old_on_condition_failure: r,
                    ..
                } => {
                    *t = table;
                    *r = self.return_old_on_condition_failure;
                }
            }
            actions.push(action);
            schemas.push(schema);
        }
        // The checks passed. The model puts' own checks (`max_size` with the
        // S3 metadata known before uploading) and the transaction's size
        // come next, then the reads of what the deletes of models with S3
        // attributes point at, and only then the uploads: a failure before
        // them uploads nothing, a failure among them (or the size, checked
        // again with the stored metadata) deletes what was uploaded.
        let mut planned = Vec::with_capacity(actions.len());
        for (action, schema) in actions.iter_mut().zip(&schemas) {
            planned.push(match (action, *schema) {
                (TransactWriteAction::Put { item, .. }, Some(schema)) => {
                    Some(plan_put(schema, item)?)
                }
                _ => None,
            });
        }
        check_transaction_size(&actions)?;
        let mut cascades = Vec::new();
        for (action, schema) in actions.iter().zip(&schemas) {
            if let (TransactWriteAction::Delete { table, key, .. }, Some(schema)) =
                (action, *schema)
            {
                if schema.s3_attributes.is_empty() {
                    continue;
                }
                if let Some(old) = read_s3_attributes(schema, &client, table, key).await? {
                    cascades.push((schema, old));
                }
            }
        }
        let mut uploads = Vec::new();
        for ((action, schema), p) in actions.iter_mut().zip(schemas).zip(planned) {
            if let (TransactWriteAction::Put { item, .. }, Some(schema), Some(p)) =
                (action, schema, p)
            {
                uploads.push((schema, item, p));
            }
        }
        let uploaded = upload_all(&client, uploads).await?;
        if let Err(e) = check_transaction_size(&actions) {
            uploaded.discard(&client).await;
            return Err(e);
        }
        let token = self
            .token
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        // `after_save` sees the item as sent.
        let saved: Vec<Option<Item>> = afters
            .iter()
            .map(|after| match after {
                After::Save(_, index) => match actions.get(*index) {
                    Some(TransactWriteAction::Put { item, .. }) => Some(item.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        client
            .backend()
            .transact_write_items(
                TransactWriteItemsRequest::new(actions).client_request_token(token),
            )
            .await?;
        for (after, saved) in afters.into_iter().zip(saved) {
            match after {
                After::Save(after_save, _) => {
                    if let Some(item) = saved {
                        after_save(&item);
                    }
                }
                After::Update(steps, key) => steps.after_update(&key, None, run_hooks),
                After::Delete(after_delete, key) => after_delete(&key, None),
            }
        }
        for (schema, old) in cascades {
            delete_objects(schema, &client, &old).await?;
        }
        Ok(())
    }
}

/// The action with `condition`, when there is one.
fn conditioned(action: TransactWriteAction, condition: Option<Condition>) -> TransactWriteAction {
    match condition {
        Some(c) => action.condition(c),
        None => action,
    }
}

/// DynamoDB's limit on a transaction's total size (the items put, the keys
/// of the other actions).
fn check_transaction_size(actions: &[TransactWriteAction]) -> Result<()> {
    let size: usize = actions
        .iter()
        .map(|action| match action {
            TransactWriteAction::Put { item, .. } => item_size(item),
            TransactWriteAction::Update { key, .. }
            | TransactWriteAction::Delete { key, .. }
            | TransactWriteAction::ConditionCheck { key, .. } => item_size(key),
        })
        .sum();
    if size > MAX_TRANSACTION_BYTES {
        return Err(Error::validation(format!(
            "Transaction size {size} bytes exceeds the maximum of {MAX_TRANSACTION_BYTES} bytes"
        )));
    }
    Ok(())
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
    skip_hooks: bool,
}

/// The items of a read transaction, in the order asked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactGetResult {
    items: Vec<Option<Item>>,
    /// Set by [`TransactGet::skip_hooks`].
    skip_hooks: bool,
}

impl TransactGetResult {
    /// The raw item of read `i` (`None` when absent or out of range).
    pub fn item(&self, i: usize) -> Option<&Item> {
        self.items.get(i).and_then(Option::as_ref)
    }

    /// Read `i` decoded as `M`, running its `after_load` hook (unless the
    /// read was sent with [`TransactGet::skip_hooks`] or the model skips its
    /// hooks).
    pub fn get<M: Model>(&self, i: usize) -> Result<Option<M>> {
        self.decode::<M>(i, !self.skip_hooks)
    }

    /// Read `i` decoded as `M` without its hooks.
    pub fn get_skipping_hooks<M: Model>(&self, i: usize) -> Result<Option<M>> {
        self.decode::<M>(i, false)
    }

    fn decode<M: Model>(&self, i: usize, run_hooks: bool) -> Result<Option<M>> {
        self.item(i)
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

    /// Reads a model's item.
    pub fn get<M: Model>(mut self, key: Key<M>) -> Self {
        self.gets
            .push(GetAction::new(M::schema().table, key.into_item()));
        self
    }

    /// Reads a raw item.
    pub fn get_item(mut self, table: &str, key: Item) -> Self {
        self.gets.push(GetAction::new(table, key));
        self
    }

    /// Reads a raw item's projected attributes.
    pub fn get_projected(mut self, table: &str, key: Item, projection: Vec<Path>) -> Self {
        self.gets
            .push(GetAction::new(table, key).projection(projection));
        self
    }

    /// Sends the read.
    pub async fn send(self) -> Result<TransactGetResult> {
        let n = self.gets.len();
        if n == 0 || n > MAX_TRANSACTION_ACTIONS {
            return Err(Error::validation(format!(
                "a transaction holds 1 to {MAX_TRANSACTION_ACTIONS} actions, this one has {n}"
            )));
        }
        let client = self.client;
        let gets = self
            .gets
            .into_iter()
            .map(|g| GetAction {
                table: client.table_name(&g.table),
                ..g
            })
            .collect();
        let out = client
            .backend()
            .transact_get_items(TransactGetItemsRequest::new(gets))
            .await?;
        Ok(TransactGetResult {
            items: out.items,
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
