//! [`TransactWrite`] and [`TransactGet`]: all-or-nothing writes and snapshot reads.

use super::keys::{key_identity, KeyNameCache, KeyNames};
use super::target::{prepare_put, AfterDelete, AfterSave};
use super::Client;
use crate::attributes::{delete_objects, read_s3_attributes};
use crate::backend::{
    TransactGet as GetAction, TransactGetItemsRequest, TransactWriteAction,
    TransactWriteItemsRequest,
};
use crate::error::{Error, Result};
use crate::expr::{attr, Condition, Path, Update};
use crate::model::{hooks_run, plan_put, prepare_update, upload_all, Key, Model, ModelSchema};
use crate::value::{display_key, item_size, Item};
use std::collections::HashSet;

/// The schema of the model an action writes.
type ModelRef = &'static ModelSchema;

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
    /// Each action, with its table's key names and, for a model, its schema.
    actions: Vec<(Option<KeyNames>, Option<ModelRef>, TransactWriteAction)>,
    error: Option<Error>,
    token: Option<String>,
    return_old_on_condition_failure: bool,
    /// False after `.skip_hooks()`.
    run_hooks: bool,
    /// `after_save` of each model put, with the index of its action.
    after_saves: Vec<(AfterSave, usize)>,
    /// `after_delete` of each model delete whose hooks run, with its key.
    after_deletes: Vec<(AfterDelete, Item)>,
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
            after_saves: Vec::new(),
            after_deletes: Vec::new(),
        }
    }

    /// Does not run model [`Hooks`](crate::model::Hooks) for the model
    /// actions added after this call (generated values are still filled in).
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
        self.actions
            .push((Some(KeyNames::of_schema(schema)), Some(schema), action));
        self
    }

    /// Puts a model, with an optional condition. Generated values,
    /// `before_save`, S3 uploads and the model's `max_size` apply as for a
    /// single put; an error there fails the transaction before any item is sent.
    pub fn put<M: Model>(mut self, model: &M, condition: Option<Condition>) -> Self {
        let prepared = model
            .to_item()
            .and_then(|item| prepare_put::<M>(item, self.run_hooks));
        match prepared {
            Ok((item, after_save)) => {
                if let Some(after) = after_save {
                    self.after_saves.push((after, self.actions.len()));
                }
                let action = TransactWriteAction::Put {
                    table: M::schema().table.to_owned(),
                    item,
                    condition,
                    return_old_on_condition_failure: false,
                };
                self.push_model::<M>(action)
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

    /// Updates a model's item (with `before_update` and the `updated_at` stamp).
    pub fn update<M: Model>(
        mut self,
        key: Key<M>,
        update: Update,
        condition: Option<Condition>,
    ) -> Self {
        let key = key.into_item();
        let mut update = update;
        if let Err(e) = prepare_update::<M>(&key, &mut update, self.run_hooks) {
            self.error = self.error.or(Some(e));
            return self;
        }
        let action = TransactWriteAction::Update {
            table: M::schema().table.to_owned(),
            key,
            update,
            condition,
            return_old_on_condition_failure: false,
        };
        self.push_model::<M>(action)
    }

    /// Deletes a model's item (after `before_delete`; `after_delete` runs
    /// once the transaction succeeded). For a model with
    /// S3-backed attributes the item is read first and its objects are
    /// deleted once the transaction succeeded.
    pub fn delete<M: Model>(mut self, key: Key<M>, condition: Option<Condition>) -> Self {
        if hooks_run::<M>(self.run_hooks) {
            if let Err(e) = M::before_delete(key.as_item()) {
                self.error = self.error.or(Some(e));
                return self;
            }
            self.after_deletes
                .push((M::after_delete, key.as_item().clone()));
        }
        let action = TransactWriteAction::Delete {
            table: M::schema().table.to_owned(),
            key: key.into_item(),
            condition,
            return_old_on_condition_failure: false,
        };
        self.push_model::<M>(action)
    }

    /// Requires a condition on a model's item without writing it.
    pub fn check<M: Model>(self, key: Key<M>, condition: Condition) -> Self {
        let action = TransactWriteAction::ConditionCheck {
            table: M::schema().table.to_owned(),
            key: key.into_item(),
            condition,
            return_old_on_condition_failure: false,
        };
        self.push_model::<M>(action)
    }

    /// Puts a raw item.
    pub fn put_item(self, table: &str, item: Item, condition: Option<Condition>) -> Self {
        let action = TransactWriteAction::Put {
            table: table.to_owned(),
            item,
            condition,
            return_old_on_condition_failure: false,
        };
        self.push(None, action)
    }

    /// Updates a raw item.
    pub fn update_item(
        self,
        table: &str,
        key: Item,
        update: Update,
        condition: Option<Condition>,
    ) -> Self {
        let action = TransactWriteAction::Update {
            table: table.to_owned(),
            key,
            update,
            condition,
            return_old_on_condition_failure: false,
        };
        self.push(None, action)
    }

    /// Deletes a raw item.
    pub fn delete_item(self, table: &str, key: Item, condition: Option<Condition>) -> Self {
        let action = TransactWriteAction::Delete {
            table: table.to_owned(),
            key,
            condition,
            return_old_on_condition_failure: false,
        };
        self.push(None, action)
    }

    /// Requires a condition on a raw item.
    pub fn check_item(self, table: &str, key: Item, condition: Condition) -> Self {
        let action = TransactWriteAction::ConditionCheck {
            table: table.to_owned(),
            key,
            condition,
            return_old_on_condition_failure: false,
        };
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
        let mut names = KeyNameCache::default();
        let mut seen = HashSet::with_capacity(n);
        let mut actions = Vec::with_capacity(n);
        let mut schemas = Vec::with_capacity(n);
        for (key_names, schema, mut action) in self.actions {
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
        let saved: Vec<(AfterSave, Item)> = self
            .after_saves
            .into_iter()
            .filter_map(|(after_save, index)| match actions.get(index) {
                Some(TransactWriteAction::Put { item, .. }) => Some((after_save, item.clone())),
                _ => None,
            })
            .collect();
        client
            .backend()
            .transact_write_items(TransactWriteItemsRequest {
                actions,
                client_request_token: Some(token),
            })
            .await?;
        for (after_save, item) in saved {
            after_save(&item);
        }
        for (after_delete, key) in &self.after_deletes {
            after_delete(key, None);
        }
        for (schema, old) in cascades {
            delete_objects(schema, &client, &old).await?;
        }
        Ok(())
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
}

/// The items of a read transaction, in the order asked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactGetResult {
    items: Vec<Option<Item>>,
}

impl TransactGetResult {
    /// The raw item of read `i` (`None` when absent or out of range).
    pub fn item(&self, i: usize) -> Option<&Item> {
        self.items.get(i).and_then(Option::as_ref)
    }

    /// Read `i` decoded as `M` (running its `after_load` hook).
    pub fn get<M: Model>(&self, i: usize) -> Result<Option<M>> {
        self.item(i)
            .cloned()
            .map(|item| crate::model::load::<M>(item, true))
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
        }
    }

    /// Reads a model's item.
    pub fn get<M: Model>(mut self, key: Key<M>) -> Self {
        self.gets.push(GetAction {
            table: M::schema().table.to_owned(),
            key: key.into_item(),
            projection: None,
        });
        self
    }

    /// Reads a raw item.
    pub fn get_item(mut self, table: &str, key: Item) -> Self {
        self.gets.push(GetAction {
            table: table.to_owned(),
            key,
            projection: None,
        });
        self
    }

    /// Reads a raw item's projected attributes.
    pub fn get_projected(mut self, table: &str, key: Item, projection: Vec<Path>) -> Self {
        self.gets.push(GetAction {
            table: table.to_owned(),
            key,
            projection: Some(projection),
        });
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
            .transact_get_items(TransactGetItemsRequest { gets })
            .await?;
        Ok(TransactGetResult { items: out.items })
    }
}

impl std::future::IntoFuture for TransactGet {
    type Output = Result<TransactGetResult>;
    type IntoFuture = futures::future::BoxFuture<'static, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
