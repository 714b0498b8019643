//! GetItem, PutItem, UpdateItem and DeleteItem.

use crate::capacity::{self, ReadOn, Split, WriteCost};
use crate::condition::{check_condition, evaluate};
use crate::document::{check_projection, project, project_opt};
use crate::store::{read, write, PrimaryKey};
use crate::update::{apply, check_update};
use crate::validate::{check_put_item, check_updated_item, key_item, request_key};
use crate::MemoryBackend;
use dynorm::backend::*;
use dynorm::expr::render::Placeholders;
use dynorm::expr::{Condition, Update, UpdateAction};
use dynorm::rules::capacity::{item_read_units, ReadMode};
use dynorm::rules::expression::ExpressionKind;
use dynorm::value::PackedItem;
use dynorm::{Error, ErrorContext, Item, Result};

/// The error of a failed condition, with the old item when asked for and present.
pub(crate) fn condition_failed(
    table: &str,
    key: &Item,
    old: Option<&Item>,
    return_old: bool,
) -> Error {
    Error::ConditionFailed {
        context: ErrorContext {
            table: Some(table.to_owned()),
            key: Some(key.clone()),
        },
        old_item: if return_old {
            old.cloned().map(Box::new)
        } else {
            None
        },
        request_id: None,
        source: None,
    }
}

/// Checks an optional write condition, naming the table and key on failure.
/// `p` holds the request's placeholders rendered before the condition (an
/// update's).
pub(crate) fn check_write_condition(
    cond: Option<&Condition>,
    table: &str,
    key: &Item,
    p: &mut Placeholders,
) -> Result<()> {
    match cond {
        Some(c) => check_condition(c, ExpressionKind::Condition, p)
            .map_err(|e| e.with_context(table, Some(key))),
        None => Ok(()),
    }
}

/// Rejects return values PutItem and DeleteItem do not support.
fn check_put_delete_return(rv: ReturnValues, table: &str) -> Result<()> {
    if matches!(rv, ReturnValues::None | ReturnValues::AllOld) {
        Ok(())
    } else {
        Err(Error::validation_in(
            table,
            format!(
                "ReturnValues can only be ALL_OLD or NONE; got {}",
                rv.as_str()
            ),
        ))
    }
}

/// The replaced or deleted item, when the write asked for it (`ALL_OLD`).
fn old_if_asked(rv: ReturnValues, old: Option<PackedItem>) -> Option<Item> {
    match rv {
        ReturnValues::AllOld => old.map(|o| o.unpack()),
        _ => None,
    }
}

/// The item an update produces from the stored item (or from the key alone),
/// checked against the item rules.
pub(crate) fn updated_item(
    def: &TableDefinition,
    key_item: &Item,
    old: Option<Item>,
    update: &Update,
) -> Result<Item> {
    let new = applied_update(def, key_item, old, update)?;
    check_updated_item(def, key_item, &new)?;
    Ok(new)
}

/// The item `update` makes of `old` (or of the key alone), before the
/// result is checked: an error here is one of the update's actions (a
/// document path, an operand type).
pub(crate) fn applied_update(
    def: &TableDefinition,
    key_item: &Item,
    old: Option<Item>,
    update: &Update,
) -> Result<Item> {
    // The stored item (or the key alone) is changed in place.
    let base = old.unwrap_or_else(|| key_item.clone());
    apply(update, base).map_err(|e| e.with_context(&def.name, Some(key_item)))
}

/// What UpdateItem returns for its `return_values`.
fn update_return(
    rv: ReturnValues,
    update: &Update,
    old: Option<&Item>,
    new: &Item,
) -> Option<Item> {
    let paths: Vec<_> = update
        .actions()
        .iter()
        .map(UpdateAction::path)
        .cloned()
        .collect();
    let non_empty = |i: Item| (!i.is_empty()).then_some(i);
    match rv {
        ReturnValues::None => None,
        ReturnValues::AllOld => old.cloned(),
        ReturnValues::AllNew => Some(new.clone()),
        ReturnValues::UpdatedOld => old.map(|o| project(o, &paths)).and_then(non_empty),
        ReturnValues::UpdatedNew => non_empty(project(new, &paths)),
    }
}

impl MemoryBackend {
    pub(crate) fn do_get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
        let table = self.table(&req.table)?;
        let t = read(&table);
        let key = request_key(&t.def, &req.key)?;
        check_projection(req.projection.as_deref(), &mut Placeholders::measuring())
            .map_err(|e| e.with_context(&req.table, Some(&req.key)))?;
        let stored = t.get_packed(&key);
        let units = item_read_units(
            stored.map_or(0, PackedItem::item_size),
            ReadMode::consistent(req.consistent_read),
        );
        let item = stored
            .cloned()
            .map(Item::from)
            .map(|i| match req.projection.as_deref() {
                None => i,
                Some(p) => project_opt(&i, Some(p)),
            });
        let mut out = GetItemOutput::new(item);
        out.consumed_capacity = capacity::read(
            &req.table,
            ReadOn::Table,
            units,
            req.return_consumed_capacity,
            Split::Plain,
        );
        Ok(out)
    }

    pub(crate) fn do_put_item(&self, req: PutItemRequest) -> Result<PutItemOutput> {
        let table = self.table(&req.table)?;
        check_put_delete_return(req.return_values, &req.table)?;
        // Packed before taking the lock; packing also gives the size.
        let packed = PackedItem::pack(&req.item);
        let mut t = write(&table);
        let key = check_put_item(&t.def, &req.item, packed.item_size())?;
        if let Some(c) = &req.condition {
            // The key item only names the key in errors: built only when a
            // condition can fail.
            let key_attrs = key_item(&t.def, &key);
            check_write_condition(
                Some(c),
                &req.table,
                &key_attrs,
                &mut Placeholders::measuring(),
            )?;
            let old = t.get(&key);
            if !evaluate(c, old.as_ref()) {
                return Err(condition_failed(
                    &req.table,
                    &key_attrs,
                    old.as_ref(),
                    req.return_old_on_condition_failure,
                ));
            }
        }
        let new = req
            .return_consumed_capacity
            .is_requested()
            .then(|| packed.clone());
        let old = t.put(key, packed);
        let consumed = new.map(|new| {
            let old = old.clone().map(Item::from);
            WriteCost::of(&t.def, old.as_ref(), Some(&Item::from(new)), false)
        });
        let mut out = PutItemOutput::new(old_if_asked(req.return_values, old));
        out.consumed_capacity = WriteCost::consumed(
            consumed,
            &req.table,
            req.return_consumed_capacity,
            Split::Plain,
        );
        Ok(out)
    }

    pub(crate) fn do_update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        let table = self.table(&req.table)?;
        let mut t = write(&table);
        let key: PrimaryKey = request_key(&t.def, &req.key)?;
        let key_attrs = key_item(&t.def, &key);
        let mut p = Placeholders::measuring();
        check_update(&t.def, &req.update, &mut p)
            .map_err(|e| e.with_context(&req.table, Some(&key_attrs)))?;
        check_write_condition(req.condition.as_ref(), &req.table, &key_attrs, &mut p)?;
        // The update rewrites the whole item: unpacked once here, the
        // condition and the update both read the tree.
        let old = t.get_packed(&key).map(PackedItem::unpack);
        if let Some(c) = &req.condition {
            if !evaluate(c, old.as_ref()) {
                return Err(condition_failed(
                    &req.table,
                    &key_attrs,
                    old.as_ref(),
                    req.return_old_on_condition_failure,
                ));
            }
        }
        // The old item is kept only when the answer needs it.
        let keep_old = matches!(
            req.return_values,
            ReturnValues::AllOld | ReturnValues::UpdatedOld
        );
        let (base, old) = if keep_old {
            (old.clone(), old)
        } else {
            (old, None)
        };
        let before = req
            .return_consumed_capacity
            .is_requested()
            .then(|| base.clone());
        let new = updated_item(&t.def, &key_attrs, base, &req.update)?;
        let consumed = before.map(|b| WriteCost::of(&t.def, b.as_ref(), Some(&new), false));
        let attributes = update_return(req.return_values, &req.update, old.as_ref(), &new);
        t.put(key, PackedItem::pack(&new));
        let mut out = UpdateItemOutput::new(attributes);
        out.consumed_capacity = WriteCost::consumed(
            consumed,
            &req.table,
            req.return_consumed_capacity,
            Split::Plain,
        );
        Ok(out)
    }

    pub(crate) fn do_delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        let table = self.table(&req.table)?;
        check_put_delete_return(req.return_values, &req.table)?;
        let mut t = write(&table);
        let key = request_key(&t.def, &req.key)?;
        if let Some(c) = &req.condition {
            let key_attrs = key_item(&t.def, &key);
            check_write_condition(
                Some(c),
                &req.table,
                &key_attrs,
                &mut Placeholders::measuring(),
            )?;
            let old = t.get(&key);
            if !evaluate(c, old.as_ref()) {
                return Err(condition_failed(
                    &req.table,
                    &key_attrs,
                    old.as_ref(),
                    req.return_old_on_condition_failure,
                ));
            }
        }
        let old = t.delete(&key);
        let consumed = req.return_consumed_capacity.is_requested().then(|| {
            let old = old.clone().map(Item::from);
            WriteCost::of(&t.def, old.as_ref(), None, false)
        });
        let mut out = DeleteItemOutput::new(old_if_asked(req.return_values, old));
        out.consumed_capacity = WriteCost::consumed(
            consumed,
            &req.table,
            req.return_consumed_capacity,
            Split::Plain,
        );
        Ok(out)
    }
}
