//! TransactWriteItems and TransactGetItems: all-or-nothing writes and snapshot reads.

use crate::condition::evaluate;
use crate::document::{check_projection, project_opt};
use crate::item_ops::{check_write_condition, updated_item};
use crate::store::{read, write, PrimaryKey, Table};
use crate::tokens::Seen;
use crate::update::check_update;
use crate::validate::{check_put_item, key_item, request_key};
use crate::MemoryBackend;
use dynorm::backend::*;
use dynorm::expr::render::Placeholders;
use dynorm::value::PackedItem;
use dynorm::{item_size, CancellationCode, CancellationReason, Error, Item, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// Most actions in one transaction.
pub(crate) const MAX_TRANSACT_ITEMS: usize = 100;
/// Largest transaction, in bytes.
pub(crate) const MAX_TRANSACT_BYTES: usize = 4 * 1024 * 1024;

const SAME_ITEM: &str = "Transaction request cannot include multiple operations on one item";

fn check_count(n: usize, what: &str) -> Result<()> {
    if n == 0 {
        return Err(Error::validation(format!(
            "1 validation error detected: Value at '{what}' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )));
    }
    if n > MAX_TRANSACT_ITEMS {
        return Err(Error::validation(format!(
            "1 validation error detected: Value at '{what}' failed to satisfy constraint: Member must have length less than or equal to {MAX_TRANSACT_ITEMS}"
        )));
    }
    Ok(())
}

/// The answer to a kind of transaction action this backend does not know
/// (`TransactWriteAction` is non-exhaustive).
fn unknown_action() -> Error {
    Error::unsupported(Operation::TransactWriteItems, crate::NAME)
}

/// The write an action makes once every condition holds.
enum Effect {
    Put(Item),
    Delete,
    None,
}

impl MemoryBackend {
    pub(crate) fn do_transact_write(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        check_count(req.actions.len(), "transactItems")?;
        // Held for the whole transaction so that a token is checked and
        // recorded atomically with the writes.
        let mut tokens = self.inner.tokens.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let digest = match tokens.check(&req, now)? {
            Seen::Replay(output) => return Ok(output),
            Seen::New(digest) => digest,
        };

        // Lock every table involved, in name order.
        let names: BTreeSet<&str> = req.actions.iter().map(TransactWriteAction::table).collect();
        let mut shared = Vec::new();
        for name in &names {
            shared.push((*name, self.table(name)?));
        }
        let mut guards: BTreeMap<&str, std::sync::RwLockWriteGuard<'_, Table>> = BTreeMap::new();
        for (name, table) in &shared {
            guards.insert(name, write(table));
        }

        // Validate every action and find its item.
        let mut keys: Vec<(String, PrimaryKey)> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut bytes = 0usize;
        for action in &req.actions {
            let name = action.table();
            let Some(t) = guards.get(name) else {
                return Err(Error::table_not_found(name));
            };
            let def = &t.def;
            let key = match action {
                TransactWriteAction::Put {
                    item, condition, ..
                } => {
                    let size = item_size(item);
                    let key = check_put_item(def, item, size)?;
                    check_write_condition(
                        condition.as_ref(),
                        name,
                        &key_item(def, &key),
                        &mut Placeholders::measuring(),
                    )?;
                    bytes += size;
                    key
                }
                TransactWriteAction::Update {
                    key,
                    update,
                    condition,
                    ..
                } => {
                    let pk = request_key(def, key)?;
                    let mut p = Placeholders::measuring();
                    check_update(def, update, &mut p)
                        .map_err(|e| e.with_context(name, Some(key)))?;
                    check_write_condition(condition.as_ref(), name, key, &mut p)?;
                    bytes += item_size(key);
                    pk
                }
                TransactWriteAction::Delete { key, condition, .. } => {
                    let pk = request_key(def, key)?;
                    check_write_condition(
                        condition.as_ref(),
                        name,
                        key,
                        &mut Placeholders::measuring(),
                    )?;
                    bytes += item_size(key);
                    pk
                }
                TransactWriteAction::ConditionCheck { key, condition, .. } => {
                    let pk = request_key(def, key)?;
                    check_write_condition(
                        Some(condition),
                        name,
                        key,
                        &mut Placeholders::measuring(),
                    )?;
                    bytes += item_size(key);
                    pk
                }
                _ => return Err(unknown_action()),
            };
            if !seen.insert((name.to_owned(), key.clone())) {
                return Err(Error::validation_in(name, SAME_ITEM));
            }
            keys.push((name.to_owned(), key));
        }
        if bytes > MAX_TRANSACT_BYTES {
            return Err(Error::validation(format!(
                "Transaction size has exceeded the maximum allowed size of {MAX_TRANSACT_BYTES} bytes"
            )));
        }

        // Evaluate every condition on the same snapshot; compute every write.
        let mut reasons = Vec::with_capacity(req.actions.len());
        let mut effects = Vec::with_capacity(req.actions.len());
        let mut failed = false;
        for (action, (name, key)) in req.actions.iter().zip(&keys) {
            let Some(t) = guards.get(name.as_str()) else {
                return Err(Error::table_not_found(name));
            };
            let (condition, return_old) = match action {
                TransactWriteAction::Put {
                    condition,
                    return_old_on_condition_failure,
                    ..
                }
                | TransactWriteAction::Update {
                    condition,
                    return_old_on_condition_failure,
                    ..
                }
                | TransactWriteAction::Delete {
                    condition,
                    return_old_on_condition_failure,
                    ..
                } => (condition.as_ref(), *return_old_on_condition_failure),
                TransactWriteAction::ConditionCheck {
                    condition,
                    return_old_on_condition_failure,
                    ..
                } => (Some(condition), *return_old_on_condition_failure),
                _ => return Err(unknown_action()),
            };
            let needs_old =
                condition.is_some() || matches!(action, TransactWriteAction::Update { .. });
            let old = if needs_old { t.get(key) } else { None };
            if condition.is_some_and(|c| !evaluate(c, old.as_ref())) {
                failed = true;
                reasons.push(
                    CancellationReason::new(CancellationCode::ConditionalCheckFailed)
                        .with_message("The conditional request failed")
                        .with_item(if return_old { old } else { None }),
                );
                effects.push(Effect::None);
                continue;
            }
            reasons.push(CancellationReason::new(CancellationCode::None));
            effects.push(match action {
                TransactWriteAction::Put { item, .. } => Effect::Put(item.clone()),
                TransactWriteAction::Update { update, .. } => {
                    let key_attrs = key_item(&t.def, key);
                    Effect::Put(updated_item(&t.def, &key_attrs, old, update)?)
                }
                TransactWriteAction::Delete { .. } => Effect::Delete,
                TransactWriteAction::ConditionCheck { .. } => Effect::None,
                _ => return Err(unknown_action()),
            });
        }
        if failed {
            return Err(Error::TransactionCanceled {
                reasons,
                request_id: None,
                source: None,
            });
        }

        // Apply.
        for (effect, (name, key)) in effects.into_iter().zip(keys) {
            let Some(t) = guards.get_mut(name.as_str()) else {
                continue;
            };
            match effect {
                Effect::Put(item) => {
                    t.put(key, PackedItem::pack(&item));
                }
                Effect::Delete => {
                    t.delete(&key);
                }
                Effect::None => {}
            }
        }
        drop(guards);
        let output = TransactWriteItemsOutput::default();
        tokens.record(&req, digest, &output, now);
        Ok(output)
    }

    pub(crate) fn do_transact_get(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        check_count(req.gets.len(), "transactItems")?;
        let names: BTreeSet<&str> = req.gets.iter().map(|g| g.table.as_str()).collect();
        let mut shared = Vec::new();
        for name in &names {
            shared.push((*name, self.table(name)?));
        }
        let mut guards = BTreeMap::new();
        for (name, table) in &shared {
            guards.insert(*name, read(table));
        }
        let mut seen = BTreeSet::new();
        let mut keys = Vec::new();
        for g in &req.gets {
            let Some(t) = guards.get(g.table.as_str()) else {
                return Err(Error::table_not_found(&g.table));
            };
            let key = request_key(&t.def, &g.key)?;
            check_projection(g.projection.as_deref(), &mut Placeholders::measuring())
                .map_err(|e| e.with_context(&g.table, Some(&g.key)))?;
            if !seen.insert((g.table.as_str(), key.clone())) {
                return Err(Error::validation_in(&g.table, SAME_ITEM));
            }
            keys.push(key);
        }
        let items = req
            .gets
            .iter()
            .zip(&keys)
            .map(|(g, key)| {
                guards
                    .get(g.table.as_str())
                    .and_then(|t| t.get(key))
                    .map(|i| match g.projection.as_deref() {
                        None => i,
                        Some(p) => project_opt(&i, Some(p)),
                    })
            })
            .collect();
        Ok(TransactGetItemsOutput::new(items))
    }
}
