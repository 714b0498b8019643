//! The write pipeline: every model and raw write (single put, update and
//! delete, batch writes, transactions) passes through the same stages.
//!
//! 1. **prepare** ([`WriteSet::prepare`]), in the order the writes were
//!    added: each model write's own steps ([`ModelSteps`]: generated values
//!    and `before_save`, `before_update` and the update's stamps,
//!    `before_delete`); a veto stops everything before anything is sent.
//! 2. **check**: table names get the client's prefix; the version step
//!    ([`version`](super::version): next version, version condition) and the
//!    unique step ([`unique`](super::unique): marker actions, which turn a
//!    single write into a transaction); batches and
//!    transactions find each write's key and refuse a key given twice; each
//!    model put's encrypted attributes are encrypted (a model update's
//!    `SET` values of them too) through the client's key service, and a
//!    value to encrypt that no encrypted attribute holds is refused;
//!    each model put's pending S3 files are planned and its `max_size` checked;
//!    a transaction's total size is checked; batches and transactions read
//!    what the deletes of models with S3 attributes point at.
//! 3. **upload**: the planned S3 files go to the object store and each
//!    item gets the stored metadata (`max_size` and the transaction's size
//!    are checked again, exactly; a failure deletes what was uploaded).
//! 4. **send**: the caller's part: one request, chunked batch calls, or one
//!    transaction ([`Prepared::into_parts`] hands over the writes).
//! 5. **finish** ([`Finish::run`]): for each write that was applied, its
//!    `after_*` hook and the deletes of the objects a deleted item pointed
//!    at. A batch says which writes were applied by key
//!    ([`Finish::outcomes_except`]).

use super::steps::{AfterSave, ModelSteps};
use super::unique::{self, MarkerPut};
use super::version::{self, Expectation, VersionCheck};
use crate::attributes::{
    check_no_plaintext, check_no_plaintext_in_update, delete_objects, read_s3_attributes,
    seal_item, seal_update, UploadedObjects,
};
use crate::backend::{TransactWriteAction, TransactWriteItemsRequest, WriteRequest};
use crate::client::keys::{key_identity, KeyNameCache, KeyNames};
use crate::client::Client;
use crate::error::{CancellationCode, Error, Result};
use crate::expr::{Condition, Update};
use crate::model::ModelSchema;
use crate::value::{item_size, Item, PackedItem};
use std::collections::HashSet;

/// What one write does to its item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WriteOp {
    /// Put (replace) the whole item.
    Put(Item),
    /// Update the item with this key.
    Update {
        /// Full primary key.
        key: Item,
        /// The values of the fields a model's templated key is built from
        /// ([`Key::source_fields`](crate::Key::source_fields)), written with
        /// `if_not_exists` so that an item the update creates decodes.
        key_fields: Item,
        /// The actions.
        update: Update,
    },
    /// Delete the item with this key.
    Delete(Item),
    /// Check a condition on the item with this key (transactions).
    Check {
        /// Full primary key.
        key: Item,
        /// The condition that must hold.
        condition: Condition,
    },
}

/// One write entering the pipeline.
pub(crate) struct Write {
    /// The table name before the client's prefix.
    pub(crate) table: String,
    pub(crate) op: WriteOp,
    pub(crate) condition: Option<Condition>,
    /// Set for models.
    pub(crate) model: Option<ModelSteps>,
    /// How a versioned model's version is checked.
    pub(crate) version: VersionCheck,
}

impl Write {
    /// A raw write (no model steps).
    pub(crate) fn raw(
        table: impl Into<String>,
        op: WriteOp,
        condition: Option<Condition>,
    ) -> Write {
        Write {
            table: table.into(),
            op,
            condition,
            model: None,
            version: VersionCheck::default(),
        }
    }

    /// A write of a model.
    pub(crate) fn model(steps: ModelSteps, op: WriteOp, condition: Option<Condition>) -> Write {
        Write {
            table: steps.schema.table.to_owned(),
            op,
            condition,
            model: Some(steps),
            version: VersionCheck::default(),
        }
    }

    /// The write with these model steps (none for a raw write).
    pub(crate) fn with_steps(mut self, steps: Option<ModelSteps>) -> Write {
        self.model = steps;
        self
    }

    /// The write with this version check.
    pub(crate) fn with_version(mut self, version: VersionCheck) -> Write {
        self.version = version;
        self
    }

    /// The version step of a model write (next version, version condition);
    /// `None` when the write is not version-checked.
    fn apply_version(&mut self, mode: Mode, table: &str) -> Result<Option<Expectation>> {
        match &self.model {
            Some(steps) => version::apply(
                steps.schema,
                mode,
                table,
                &mut self.op,
                &mut self.condition,
                &self.version,
            ),
            None => Ok(None),
        }
    }
}

/// Which call the writes go out in: it decides which checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// One PutItem, UpdateItem or DeleteItem.
    Single,
    /// BatchWriteItem calls: puts and deletes, no key twice.
    Batch,
    /// One TransactWriteItems: no item twice, 4 MB in all.
    Transaction,
}

/// Writes going through the pipeline together.
pub(crate) struct WriteSet {
    client: Client,
    mode: Mode,
    run_hooks: bool,
    writes: Vec<Write>,
}

/// A write that passed every stage before sending.
pub(crate) struct Outgoing {
    /// The full table name.
    pub(crate) table: String,
    pub(crate) op: WriteOp,
    pub(crate) condition: Option<Condition>,
    /// Whether a failed condition must return the stored item (the version
    /// step judges a conflict from it).
    pub(crate) return_old_on_condition_failure: bool,
}

impl Outgoing {
    /// A write to send.
    pub(crate) fn new(table: String, op: WriteOp, condition: Option<Condition>) -> Outgoing {
        Outgoing {
            table,
            op,
            condition,
            return_old_on_condition_failure: false,
        }
    }

    /// The write with a put's item in its packed form: every later copy
    /// (the item kept for `after_save` or returned as written, the retry
    /// layer's and the unprocessed-items loop's clone per attempt) copies a
    /// pointer instead of the attribute tree, and a store that keeps items
    /// packed stores the buffer as it is.
    fn packed(mut self) -> Outgoing {
        if let WriteOp::Put(item) = &mut self.op {
            *item = Item::from(PackedItem::pack(item));
        }
        self
    }

    /// The write as a transaction action; `return_old_on_condition_failure`
    /// is the caller's wish, on top of the write's own need.
    pub(crate) fn into_action(self, return_old_on_condition_failure: bool) -> TransactWriteAction {
        let return_old_on_condition_failure =
            return_old_on_condition_failure || self.return_old_on_condition_failure;
        let table = self.table;
        let condition = self.condition;
        match self.op {
            WriteOp::Put(item) => TransactWriteAction::Put {
                table,
                item,
                condition,
                return_old_on_condition_failure,
            },
            WriteOp::Update { key, update, .. } => TransactWriteAction::Update {
                table,
                key,
                update,
                condition,
                return_old_on_condition_failure,
            },
            WriteOp::Delete(key) => TransactWriteAction::Delete {
                table,
                key,
                condition,
                return_old_on_condition_failure,
            },
            WriteOp::Check { key, condition } => TransactWriteAction::ConditionCheck {
                table,
                key,
                condition,
                return_old_on_condition_failure,
            },
        }
    }

    /// The write as a batch request ([`check_batchable`] passed).
    pub(crate) fn into_batch_request(self) -> Result<(String, WriteRequest)> {
        check_batchable(&self.table, &self.op, self.condition.as_ref())?;
        let request = match self.op {
            WriteOp::Put(item) => WriteRequest::Put(item),
            WriteOp::Delete(key) => WriteRequest::Delete(key),
            WriteOp::Update { key, .. } | WriteOp::Check { key, .. } => WriteRequest::Delete(key),
        };
        Ok((self.table, request))
    }
}

/// What runs once a write was applied.
enum After {
    Nothing,
    /// `after_save`, with the item as sent.
    Save(AfterSave, Item),
    /// `after_update`, with the key.
    Update(ModelSteps, Item),
    /// `after_delete`, with the key.
    Delete(ModelSteps, Item),
}

/// Where the objects of a deleted item's S3 attributes are learnt.
enum Cascade {
    /// From the item the delete returned (single deletes ask for ALL_OLD).
    Returned(&'static ModelSchema),
    /// From the item read before sending (batches and transactions).
    Read(&'static ModelSchema, Item),
}

struct FinishEntry {
    /// The write's key identity (batches and transactions).
    identity: Option<String>,
    after: After,
    cascade: Option<Cascade>,
}

/// What one outgoing action is, to map its failure.
enum Role {
    /// A write given by the caller, with its version expectation.
    Write(Option<Expectation>),
    /// A unique field's marker put or delete.
    Marker(Option<MarkerPut>),
}

/// The writes ready to send, and what finishes them.
pub(crate) struct Prepared {
    outgoing: Vec<Outgoing>,
    /// Whether the writes go out as one TransactWriteItems (a transaction,
    /// or a single write that moves unique markers).
    transaction: bool,
    finish: Finish,
}

/// What one write's call said.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Applied; with the item the call returned, if any.
    Applied(Option<Item>),
    /// Not applied (a batch's leftover).
    NotApplied,
}

/// The last stage: `after_*` hooks and object deletes of the writes applied.
pub(crate) struct Finish {
    client: Client,
    run_hooks: bool,
    entries: Vec<FinishEntry>,
    names: KeyNameCache,
    /// One per outgoing action, in order.
    roles: Vec<Role>,
}

impl WriteSet {
    /// An empty set of writes going out in `mode`; `run_hooks` is false
    /// after `.skip_hooks()`.
    pub(crate) fn new(client: Client, mode: Mode, run_hooks: bool) -> WriteSet {
        WriteSet {
            client,
            mode,
            run_hooks,
            writes: Vec::new(),
        }
    }

    /// A set of one write.
    pub(crate) fn single(client: Client, run_hooks: bool, write: Write) -> WriteSet {
        let mut set = WriteSet::new(client, Mode::Single, run_hooks);
        set.push(write);
        set
    }

    /// Adds a write.
    pub(crate) fn push(&mut self, write: Write) {
        self.writes.push(write);
    }

    /// Runs the stages before sending: prepare, check, upload. Nothing is
    /// sent and nothing stays uploaded when this fails.
    /// The writes as they would be sent, for [`Params`](crate::backend::Params):
    /// the model steps without hooks (generated values, update stamps, key
    /// fields) and the full table names; nothing is checked against other
    /// writes, no S3 file is planned or uploaded.
    pub(crate) fn preview(self) -> Result<Vec<Outgoing>> {
        let client = self.client;
        let mode = self.mode;
        self.writes
            .into_iter()
            .map(|mut write| {
                model_steps(&mut write, false)?;
                let table = client.table_name(&write.table);
                let expectation = write.apply_version(mode, &table)?;
                let mut out = Outgoing::new(table, write.op, write.condition);
                out.return_old_on_condition_failure = expectation.is_some();
                Ok(out)
            })
            .collect()
    }

    /// [`preview`](WriteSet::preview) of one write.
    pub(crate) fn preview_single(client: Client, write: Write) -> Result<Outgoing> {
        let mut set = WriteSet::single(client, false, write).preview()?;
        set.pop().ok_or_else(|| not_the_kind("single"))
    }

    pub(crate) async fn prepare(self) -> Result<Prepared> {
        let WriteSet {
            client,
            mode,
            run_hooks,
            writes,
        } = self;
        let n = writes.len();

        // 1. The model steps, in the order added.
        let mut staged = Vec::with_capacity(n);
        for mut write in writes {
            let after = model_steps(&mut write, run_hooks)?;
            staged.push((write, after));
        }

        // 2. Table names, versions, unique markers, keys and duplicates. A
        // single write that moves unique markers goes out as a transaction.
        let mode = if mode == Mode::Single
            && staged.iter().any(|(w, _)| {
                w.model
                    .is_some_and(|m| unique::needs_transaction(m.schema, &w.op))
            }) {
            Mode::Transaction
        } else {
            mode
        };
        let mut names = KeyNameCache::default();
        let mut seen = HashSet::with_capacity(if mode == Mode::Single { 0 } else { n });
        let mut outgoing = Vec::with_capacity(n);
        let mut entries = Vec::with_capacity(n);
        let mut roles = Vec::with_capacity(n);
        for (mut write, after) in staged {
            let table = client.table_name(&write.table);
            let s3_schema = write
                .model
                .map(|s| s.schema)
                .filter(|s| !s.s3_attributes.is_empty());
            let expectation = write.apply_version(mode, &table)?;
            let mut markers = Vec::new();
            if let Some(steps) = &write.model {
                markers = unique::apply(
                    &client,
                    steps.schema,
                    mode,
                    &table,
                    &write.op,
                    &mut write.condition,
                )
                .await?;
            }
            if mode == Mode::Batch {
                check_batchable(&table, &write.op, write.condition.as_ref())?;
            }
            let identity = if mode == Mode::Single {
                None
            } else {
                if let Some(steps) = &write.model {
                    names.insert(table.clone(), KeyNames::of_schema(steps.schema));
                }
                let key = match &write.op {
                    WriteOp::Put(item) => names.get(&client, &table).await?.key_of(&table, item)?,
                    WriteOp::Update { key, .. }
                    | WriteOp::Delete(key)
                    | WriteOp::Check { key, .. } => key.clone(),
                };
                let identity = key_identity(&table, &key);
                if !seen.insert(identity.clone()) {
                    return Err(duplicate(mode, &table, &key));
                }
                Some(identity)
            };
            // Encrypted attributes, once the write passed its checks.
            match (&mut write.op, write.model) {
                (WriteOp::Put(item), Some(steps)) => {
                    seal_item(&client, steps.schema, item).await?;
                }
                (WriteOp::Put(item), None) => check_no_plaintext(item)?,
                (WriteOp::Update { update, .. }, Some(steps)) => {
                    seal_update(&client, steps.schema, update).await?;
                }
                (WriteOp::Update { update, .. }, None) => check_no_plaintext_in_update(update)?,
                _ => {}
            }
            let cascade = match (&write.op, s3_schema) {
                (WriteOp::Delete(_), Some(schema)) => Some(Cascade::Returned(schema)),
                _ => None,
            };
            entries.push(FinishEntry {
                identity,
                after,
                cascade,
            });
            let mut out = Outgoing::new(table, write.op, write.condition);
            out.return_old_on_condition_failure = expectation.is_some();
            roles.push(Role::Write(expectation));
            outgoing.push((out, write.model.map(|s| s.schema)));
            for (marker, put) in markers {
                let key = match &marker.op {
                    WriteOp::Put(item) => names
                        .get(&client, &marker.table)
                        .await?
                        .key_of(&marker.table, item)?,
                    WriteOp::Update { key, .. }
                    | WriteOp::Delete(key)
                    | WriteOp::Check { key, .. } => key.clone(),
                };
                if !seen.insert(key_identity(&marker.table, &key)) {
                    return Err(duplicate(mode, &marker.table, &key));
                }
                roles.push(Role::Marker(put));
                outgoing.push((marker, None));
            }
        }

        // The puts' own checks (`max_size` with the S3 metadata known before
        // uploading), then the transaction's size.
        let mut planned = Vec::with_capacity(n);
        for (out, schema) in &mut outgoing {
            planned.push(match (&mut out.op, *schema) {
                (WriteOp::Put(item), Some(schema)) => Some(super::objects::plan_put(schema, item)?),
                _ => None,
            });
        }
        if mode == Mode::Transaction {
            check_transaction_size(outgoing.iter().map(|(o, _)| o))?;
        }
        // What the deletes of models with S3 attributes point at, read
        // before sending where the call cannot return it.
        if mode != Mode::Single {
            for ((out, _), entry) in outgoing.iter().zip(&mut entries) {
                if let (WriteOp::Delete(key), Some(Cascade::Returned(schema))) =
                    (&out.op, &entry.cascade)
                {
                    let schema = *schema;
                    entry.cascade = read_s3_attributes(schema, &client, &out.table, key)
                        .await?
                        .map(|old| Cascade::Read(schema, old));
                }
            }
        }

        // 3. Uploads.
        let mut jobs = Vec::new();
        for ((out, schema), p) in outgoing.iter_mut().zip(planned) {
            if let (WriteOp::Put(item), Some(schema), Some(p)) = (&mut out.op, *schema, p) {
                jobs.push((schema, item, p));
            }
        }
        let uploaded: UploadedObjects = super::objects::upload_all(&client, jobs).await?;
        if mode == Mode::Transaction {
            if let Err(e) = check_transaction_size(outgoing.iter().map(|(o, _)| o)) {
                uploaded.discard(&client).await;
                return Err(e);
            }
        }

        // Puts go out packed, and `after_save` sees the item as sent.
        let outgoing: Vec<Outgoing> = outgoing.into_iter().map(|(o, _)| o.packed()).collect();
        for (out, entry) in outgoing.iter().zip(&mut entries) {
            if let (After::Save(_, saved), WriteOp::Put(item)) = (&mut entry.after, &out.op) {
                *saved = item.clone();
            }
        }
        Ok(Prepared {
            outgoing,
            transaction: mode == Mode::Transaction,
            finish: Finish {
                client,
                run_hooks,
                entries,
                names,
                roles,
            },
        })
    }
}

impl Prepared {
    /// Whether the writes must go out as one transaction
    /// ([`send_transaction`](Prepared::send_transaction)).
    pub(crate) fn is_transaction(&self) -> bool {
        self.transaction
    }

    /// Sends the writes as one TransactWriteItems (with `token`, else a
    /// fresh one; `return_old` asks every action for the stored item on a
    /// failed condition) and finishes them; a failure is mapped by
    /// [`Finish::failed`].
    pub(crate) async fn send_transaction(
        self,
        token: Option<String>,
        return_old: bool,
    ) -> Result<()> {
        let n = self.finish.entries.len();
        let client = self.finish.client.clone();
        let actions = self
            .outgoing
            .into_iter()
            .map(|w| w.into_action(return_old))
            .collect();
        let token = token.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        client
            .backend()
            .transact_write_items(
                TransactWriteItemsRequest::new(actions).client_request_token(token),
            )
            .await
            .map_err(|e| self.finish.failed(e))?;
        let outcomes = (0..n).map(|_| Outcome::Applied(None)).collect();
        self.finish.run_all(outcomes).await
    }

    /// The item the first write puts, if it is a put (a single put's item
    /// as it goes out).
    pub(crate) fn first_put(&self) -> Option<&Item> {
        match self.outgoing.first().map(|o| &o.op) {
            Some(WriteOp::Put(item)) => Some(item),
            _ => None,
        }
    }

    /// The one write of a [`WriteSet::single`] set, and what finishes it.
    pub(crate) fn into_single(self) -> Result<(Outgoing, Finish)> {
        let mut outgoing = self.outgoing;
        match (outgoing.pop(), outgoing.is_empty()) {
            (Some(one), true) => Ok((one, self.finish)),
            _ => Err(Error::config(
                "a single write must prepare exactly one request",
            )),
        }
    }

    /// The writes to send, in order, and what finishes them once sent.
    pub(crate) fn into_parts(self) -> (Vec<Outgoing>, Finish) {
        (self.outgoing, self.finish)
    }
}

impl Finish {
    /// The error of a failed call, mapped to the step it belongs to: a
    /// failed version condition is [`Error::VersionConflict`], a failed
    /// marker put [`Error::UniqueViolation`]; anything else is returned as
    /// it is.
    pub(crate) fn failed(&self, error: Error) -> Error {
        match &error {
            Error::ConditionFailed { old_item, .. } => match self.roles.as_slice() {
                [Role::Write(Some(expectation))] => {
                    let current = old_item.as_deref().cloned();
                    expectation.judge(current.as_ref(), error)
                }
                _ => error,
            },
            Error::TransactionCanceled { reasons, .. } => {
                let failed = reasons.iter().zip(&self.roles).find_map(|(reason, role)| {
                    if reason.code != CancellationCode::ConditionalCheckFailed {
                        return None;
                    }
                    match role {
                        Role::Marker(Some(put)) => Some(Failed::Unique(put.clone())),
                        Role::Write(Some(exp)) => {
                            Some(Failed::Version(exp.clone(), reason.item.clone()))
                        }
                        _ => None,
                    }
                });
                match failed {
                    Some(Failed::Unique(put)) => put.violation(error),
                    Some(Failed::Version(exp, current)) => exp.judge(current.as_ref(), error),
                    None => error,
                }
            }
            _ => error,
        }
    }

    /// Whether a delete of this set must return the old item: its model's
    /// S3 objects are deleted after it (single deletes only).
    pub(crate) fn needs_old_item(&self) -> bool {
        self.entries
            .iter()
            .any(|e| matches!(e.cascade, Some(Cascade::Returned(_))))
    }

    /// The outcome of each write of a batch whose leftovers are `unprocessed`
    /// (matched by key).
    pub(crate) fn outcomes_except(&self, unprocessed: &[(String, WriteRequest)]) -> Vec<Outcome> {
        let not_applied: HashSet<String> = unprocessed
            .iter()
            .filter_map(|(table, request)| {
                let key = match request {
                    WriteRequest::Delete(key) => Some(key.clone()),
                    WriteRequest::Put(item) => self
                        .names
                        .cached(table)
                        .and_then(|k| k.key_of(table, item).ok()),
                };
                key.map(|key| key_identity(table, &key))
            })
            .collect();
        self.entries
            .iter()
            .map(|e| match &e.identity {
                Some(id) if not_applied.contains(id) => Outcome::NotApplied,
                _ => Outcome::Applied(None),
            })
            .collect()
    }

    /// Whether anything runs after sending (hooks or object deletes).
    pub(crate) fn is_empty(&self) -> bool {
        self.entries
            .iter()
            .all(|e| matches!(e.after, After::Nothing) && e.cascade.is_none())
    }

    /// [`run`](Finish::run), failing with the first object delete that failed.
    pub(crate) async fn run_all(self, outcomes: Vec<Outcome>) -> Result<()> {
        match self.run(outcomes).await.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Runs the `after_*` hooks and object deletes of the writes applied,
    /// in order; `outcomes` has one entry per write. Returns the object
    /// deletes that failed (the items are gone; each error names the object
    /// left behind).
    pub(crate) async fn run(self, outcomes: Vec<Outcome>) -> Vec<Error> {
        let mut errors = Vec::new();
        for (entry, outcome) in self.entries.into_iter().zip(outcomes) {
            let Outcome::Applied(returned) = outcome else {
                continue;
            };
            match entry.after {
                After::Nothing => {}
                After::Save(after_save, item) => after_save(&item),
                After::Update(steps, key) => {
                    steps.after_update(&key, returned.as_ref(), self.run_hooks)
                }
                After::Delete(steps, key) => {
                    steps.after_delete(&key, returned.as_ref(), self.run_hooks)
                }
            }
            let old = match &entry.cascade {
                Some(Cascade::Returned(schema)) => returned.as_ref().map(|old| (*schema, old)),
                Some(Cascade::Read(schema, old)) => Some((*schema, old)),
                None => None,
            };
            if let Some((schema, old)) = old {
                if let Err(e) = delete_objects(schema, &self.client, old).await {
                    errors.push(e);
                }
            }
        }
        errors
    }
}

/// The step a cancelled transaction's first failed condition belongs to.
enum Failed {
    Unique(MarkerPut),
    Version(Expectation, Option<Item>),
}

/// BatchWriteItem carries puts and deletes without conditions.
/// A model write's own steps (generated values and `before_save`,
/// `before_update` and stamps, or `before_delete`); what runs once it is applied.
fn model_steps(write: &mut Write, run_hooks: bool) -> Result<After> {
    let mut after = After::Nothing;
    if let Some(steps) = write.model {
        match &mut write.op {
            WriteOp::Put(item) => {
                let (prepared, after_save) = steps.prepare_put(std::mem::take(item), run_hooks)?;
                *item = prepared;
                if let Some(f) = after_save {
                    after = After::Save(f, Item::new());
                }
            }
            WriteOp::Update {
                key,
                key_fields,
                update,
            } => {
                steps.prepare_update(key, key_fields, update, run_hooks)?;
                if steps.hooks_run(run_hooks) {
                    after = After::Update(steps, key.clone());
                }
            }
            WriteOp::Delete(key) => {
                steps.before_delete(key, run_hooks)?;
                if steps.hooks_run(run_hooks) {
                    after = After::Delete(steps, key.clone());
                }
            }
            WriteOp::Check { .. } => {}
        }
    }
    Ok(after)
}

fn check_batchable(table: &str, op: &WriteOp, condition: Option<&Condition>) -> Result<()> {
    let what = match (op, condition) {
        (WriteOp::Put(_) | WriteOp::Delete(_), None) => return Ok(()),
        (WriteOp::Put(_) | WriteOp::Delete(_), Some(_)) => "a condition",
        (WriteOp::Update { .. }, _) => "an update",
        (WriteOp::Check { .. }, _) => "a condition check",
    };
    Err(Error::validation_in(
        table,
        format!("BatchWriteItem cannot carry {what}: only puts and deletes; use a transaction"),
    ))
}

/// The error of a single builder whose prepared write is not the kind it sent.
pub(crate) fn not_the_kind(kind: &str) -> Error {
    Error::config(format!("a single {kind} prepared another kind of write"))
}

/// The error for a key given twice in a batch or a transaction.
fn duplicate(mode: Mode, table: &str, key: &Item) -> Error {
    match mode {
        Mode::Transaction => Error::validation_in(
            table,
            format!(
                "Transaction request cannot include multiple operations on one item: {}",
                crate::value::display_key(key)
            ),
        ),
        Mode::Batch | Mode::Single => crate::client::keys::duplicate_key(table, key),
    }
}

/// DynamoDB's limit on a transaction's total size (the items put, the keys
/// of the other actions).
fn check_transaction_size<'a>(writes: impl Iterator<Item = &'a Outgoing>) -> Result<()> {
    let size: usize = writes
        .map(|w| match &w.op {
            WriteOp::Put(item) => item_size(item),
            WriteOp::Update { key, .. } | WriteOp::Delete(key) | WriteOp::Check { key, .. } => {
                item_size(key)
            }
        })
        .sum();
    Ok(crate::rules::transaction::check_size(size)?)
}
