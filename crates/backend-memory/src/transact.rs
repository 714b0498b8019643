//! TransactWriteItems and TransactGetItems: all-or-nothing writes and snapshot reads.

use crate::capacity::{reads_per_table, Split, WriteCost};
use crate::condition::evaluate;
use crate::document::{check_projection, project_opt};
use crate::item_ops::{applied_update, check_write_condition};
use crate::store::{read, write, PrimaryKey, Table};
use crate::tokens::Seen;
use crate::update::{check_key_attributes, check_update};
use crate::validate::{
    check_item_body, item_key_of, key_item, parse_key, updated_item_problem, ItemProblem,
    KeyProblem,
};
use crate::MemoryBackend;
use dynorm::backend::*;
use dynorm::expr::render::Placeholders;
use dynorm::rules::capacity::{item_read_units, ReadMode};
use dynorm::rules::item::Violation as ItemViolation;
use dynorm::rules::key::Violation as KeyViolation;
use dynorm::rules::transaction::{check_action_count, check_size, check_updates, Violation};
use dynorm::value::PackedItem;
use dynorm::{item_size, CancellationCode, CancellationReason, Error, Item, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// A cancellation reason of an action that breaks a rule on its data.
fn invalid(violation: impl std::fmt::Display) -> CancellationReason {
    CancellationReason::new(CancellationCode::ValidationError).with_message(violation.to_string())
}

/// The cancellation of a transaction with these reasons.
fn canceled(reasons: Vec<CancellationReason>) -> Error {
    Error::TransactionCanceled {
        reasons,
        request_id: None,
        source: None,
    }
}

/// The key of an Update, Delete or ConditionCheck action. A key of the
/// wrong type cancels the transaction (the action's reason); a key naming
/// other attributes, or an empty or too long value, is a plain
/// `ValidationException`, as DynamoDB Local answers.
fn action_key(def: &TableDefinition, key: &Item) -> Result<Result<PrimaryKey, CancellationReason>> {
    match parse_key(def, key) {
        Ok(k) => Ok(Ok(k)),
        Err(KeyProblem::Type) => Ok(Err(invalid(KeyViolation::TransactionTypeMismatch))),
        Err(KeyProblem::Attributes) => Err(KeyViolation::WrongAttributes
            .into_error()
            .with_context(&def.name, Some(key))),
        Err(KeyProblem::Value(v)) => Err(v.into_error().with_context(&def.name, Some(key))),
    }
}

/// Whether a value of type `actual` could be a key (S, N or B): an index
/// key of another of these types cancels a transaction with the action's
/// reason, while an index key that is a set, list, map, BOOL or NULL is a
/// plain `ValidationException` (DynamoDB Local's answers).
fn is_key_type(actual: &str) -> bool {
    matches!(actual, "S" | "N" | "B")
}

/// The key of a Put action and the checks of its item: a key or index key
/// of the wrong scalar type cancels the transaction (the action's reason);
/// every other rule broken is a plain `ValidationException`.
fn put_key(
    def: &TableDefinition,
    item: &Item,
    size: usize,
) -> Result<Result<PrimaryKey, CancellationReason>> {
    let key = match item_key_of(def, item) {
        Ok(k) => k,
        Err((_, true)) => return Ok(Err(invalid(KeyViolation::TransactionTypeMismatch))),
        Err((v, false)) => return Err(v.into_error().with_context(&def.name, None)),
    };
    match check_item_body(def, item, size, ItemViolation::TooLarge) {
        Ok(()) => Ok(Ok(key)),
        Err(ItemProblem::Key(KeyViolation::IndexTypeMismatch { actual, .. }))
            if is_key_type(actual) =>
        {
            Ok(Err(invalid(KeyViolation::TransactionIndexTypeMismatch)))
        }
        Err(p) => Err(p.into_error(&def.name, &key_item(def, &key))),
    }
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
        check_action_count(req.actions.len())?;
        check_updates(&req.actions)?;
        // Held for the whole transaction so that a token is checked and
        // recorded atomically with the writes.
        let mut tokens = self.inner.tokens.lock().unwrap_or_else(|e| e.into_inner());

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

        // An update of a key attribute cancels the transaction before
        // anything else is looked at, with that action's reason alone
        // (DynamoDB Local's answer).
        for action in &req.actions {
            if let TransactWriteAction::Update { table, update, .. } = action {
                if let Some(t) = guards.get(table.as_str()) {
                    if let Err(v) = check_key_attributes(&t.def, update) {
                        return Err(canceled(vec![invalid(v)]));
                    }
                }
            }
        }

        // Validate every action and find its item: a key that cannot be
        // (its type is wrong) becomes the action's cancellation reason.
        let mut keys: Vec<(String, Result<PrimaryKey, CancellationReason>)> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut bytes = 0usize;
        for action in &req.actions {
            let name = action.table();
            let Some(t) = guards.get(name) else {
                return Err(Error::table_not_found());
            };
            let def = &t.def;
            let key = match action {
                TransactWriteAction::Put {
                    item, condition, ..
                } => {
                    let size = item_size(item);
                    let key = put_key(def, item, size)?;
                    let named = key
                        .as_ref()
                        .map_or_else(|_| Item::new(), |k| key_item(def, k));
                    check_write_condition(
                        condition.as_ref(),
                        name,
                        &named,
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
                    let pk = action_key(def, key)?;
                    let mut p = Placeholders::measuring();
                    check_update(def, update, &mut p)
                        .map_err(|e| e.with_context(name, Some(key)))?;
                    check_write_condition(condition.as_ref(), name, key, &mut p)?;
                    bytes += item_size(key);
                    pk
                }
                TransactWriteAction::Delete { key, condition, .. } => {
                    let pk = action_key(def, key)?;
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
                    let pk = action_key(def, key)?;
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
            if let Ok(k) = &key {
                if !seen.insert((name.to_owned(), k.clone())) {
                    return Err(Violation::SameItem.into_error().with_context(name, None));
                }
            }
            keys.push((name.to_owned(), key));
        }
        check_size(bytes)?;

        // A token is looked at once the request is known to be valid: an
        // invalid request is refused as such, whatever its token.
        let now = Instant::now();
        let digest = match tokens.check(&req, now)? {
            Seen::Replay(output) => return Ok(output),
            Seen::New(digest) => digest,
        };

        // Evaluate every condition on the same snapshot; compute every write.
        let mut reasons = Vec::with_capacity(req.actions.len());
        let mut effects = Vec::with_capacity(req.actions.len());
        let mut failed = false;
        for (action, (name, key)) in req.actions.iter().zip(&keys) {
            let Some(t) = guards.get(name.as_str()) else {
                return Err(Error::table_not_found());
            };
            let key = match key {
                Ok(k) => k,
                Err(reason) => {
                    failed = true;
                    reasons.push(reason.clone());
                    effects.push(Effect::None);
                    continue;
                }
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
            let effect = match action {
                TransactWriteAction::Put { item, .. } => Effect::Put(item.clone()),
                TransactWriteAction::Update { update, .. } => {
                    let key_attrs = key_item(&t.def, key);
                    // An action that cannot apply (a document path, an
                    // operand type) is a plain ValidationException; a
                    // result that breaks a rule of the table (an index key
                    // of the wrong type, the size) cancels the transaction
                    // with that action's reason (DynamoDB Local's answers).
                    let new = applied_update(&t.def, &key_attrs, old, update)?;
                    let reason = match updated_item_problem(&t.def, &new) {
                        Ok(()) => None,
                        Err(ItemProblem::Key(KeyViolation::IndexTypeMismatch {
                            actual, ..
                        })) if is_key_type(actual) => {
                            Some(invalid(KeyViolation::TransactionIndexTypeMismatch))
                        }
                        Err(ItemProblem::Item(v @ ItemViolation::UpdateTooLarge)) => {
                            Some(invalid(v))
                        }
                        Err(p) => return Err(p.into_error(name, &key_attrs)),
                    };
                    if let Some(reason) = reason {
                        failed = true;
                        reasons.push(reason);
                        effects.push(Effect::None);
                        continue;
                    }
                    Effect::Put(new)
                }
                TransactWriteAction::Delete { .. } => Effect::Delete,
                TransactWriteAction::ConditionCheck { .. } => Effect::None,
                _ => return Err(unknown_action()),
            };
            reasons.push(CancellationReason::new(CancellationCode::None));
            effects.push(effect);
        }
        if failed {
            return Err(canceled(reasons));
        }

        // Apply.
        let rcc = req.return_consumed_capacity;
        let mut costs: BTreeMap<String, Vec<WriteCost>> = BTreeMap::new();
        for (effect, (name, key)) in effects.into_iter().zip(keys) {
            let (Some(t), Ok(key)) = (guards.get_mut(name.as_str()), key) else {
                continue;
            };
            let old = if rcc.is_requested() {
                t.get(&key)
            } else {
                None
            };
            let cost_of = |new: Option<&Item>| WriteCost::of(&t.def, old.as_ref(), new, true);
            let cost = match effect {
                Effect::Put(item) => {
                    let cost = rcc.is_requested().then(|| cost_of(Some(&item)));
                    t.put(key, PackedItem::pack(&item));
                    cost
                }
                Effect::Delete => {
                    let cost = rcc.is_requested().then(|| cost_of(None));
                    t.delete(&key);
                    cost
                }
                // A condition check (the only action without an effect once
                // every condition held) costs one unit, doubled.
                Effect::None => rcc
                    .is_requested()
                    .then(|| WriteCost::of(&t.def, None, None, true)),
            };
            if let Some(cost) = cost {
                costs.entry(name).or_default().push(cost);
            }
        }
        drop(guards);
        let consumed_capacity = costs
            .into_iter()
            .filter_map(|(table, costs)| {
                WriteCost::consumed(costs, &table, rcc, Split::Transactional)
            })
            .collect();
        let mut out = TransactWriteItemsOutput::default();
        out.consumed_capacity = consumed_capacity;
        tokens.record(&req, digest, &out, now);
        Ok(out)
    }

    pub(crate) fn do_transact_get(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        check_action_count(req.gets.len())?;
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
                return Err(Error::table_not_found());
            };
            // A key that does not fit the schema cancels the read, with no
            // reasons (DynamoDB Local's answer).
            let key = parse_key(&t.def, &g.key).map_err(|p| match p {
                KeyProblem::Value(v) => v.into_error().with_context(&g.table, Some(&g.key)),
                KeyProblem::Attributes | KeyProblem::Type => canceled(Vec::new()),
            })?;
            check_projection(g.projection.as_deref(), &mut Placeholders::measuring())
                .map_err(|e| e.with_context(&g.table, Some(&g.key)))?;
            if !seen.insert((g.table.as_str(), key.clone())) {
                return Err(Violation::SameItem
                    .into_error()
                    .with_context(&g.table, None));
            }
            keys.push(key);
        }
        let mut reads = Vec::with_capacity(keys.len());
        let items = req
            .gets
            .iter()
            .zip(&keys)
            .map(|(g, key)| {
                let stored = guards.get(g.table.as_str()).and_then(|t| t.get_packed(key));
                let size = stored.map_or(0, PackedItem::item_size);
                reads.push((
                    g.table.as_str(),
                    item_read_units(size, ReadMode::Transactional),
                ));
                stored
                    .cloned()
                    .map(Item::from)
                    .map(|i| match g.projection.as_deref() {
                        None => i,
                        Some(p) => project_opt(&i, Some(p)),
                    })
            })
            .collect();
        let mut out = TransactGetItemsOutput::new(items);
        out.consumed_capacity =
            reads_per_table(reads, req.return_consumed_capacity, Split::Transactional);
        Ok(out)
    }
}
