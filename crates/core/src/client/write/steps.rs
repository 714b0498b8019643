//! [`ModelSteps`]: what a model adds to its own writes (generated values,
//! the `before_*` hooks, the `after_*` hooks), as plain function pointers so
//! that builders generic over raw items and models, and batches and
//! transactions holding several models, share them.

use crate::attributes::Timestamp;
use crate::attributes::{accepting_pending, check_hook_pending, pending_values, reject_pending};
use crate::error::{BoxError, Result};
use crate::expr::{SetExpr, Update, UpdateAction, UpdateOperand};
use crate::model::{hooks_run, HookKind, Model, ModelSchema};
use crate::value::{Item, Value};

/// `after_save` bound to the model it runs on.
pub(crate) type AfterSave = Box<dyn FnOnce(&Item) + Send>;

/// A put's item to send, and the `after_save` to run once it is written.
pub(crate) type PreparedPut = (Item, Option<AfterSave>);

/// A model's steps around its writes. Every `run_hooks` argument is whether
/// hooks run for this call (false after `.skip_hooks()`); the model's own
/// `#[dynorm(skip_hooks)]` is applied here.
#[derive(Clone, Copy)]
pub(crate) struct ModelSteps {
    prepare_put: fn(Item, bool) -> Result<PreparedPut>,
    before_update: fn(&Item, &mut Update) -> Result<(), BoxError>,
    after_update: fn(&Item, Option<&Item>),
    before_delete: fn(&Item) -> Result<(), BoxError>,
    after_delete: fn(&Item, Option<&Item>),
    /// Whether the model's schema lets its hooks run at all.
    hooks_allowed: fn() -> bool,
    pub(crate) schema: &'static ModelSchema,
}

impl ModelSteps {
    /// The steps of model `M`.
    pub(crate) fn of<M: Model>() -> ModelSteps {
        ModelSteps {
            prepare_put: prepare_put::<M>,
            before_update: M::before_update,
            after_update: M::after_update,
            before_delete: M::before_delete,
            after_delete: M::after_delete,
            hooks_allowed: || hooks_run::<M>(true),
            schema: M::schema(),
        }
    }

    /// Whether the model's hooks run for a call.
    pub(crate) fn hooks_run(&self, run_hooks: bool) -> bool {
        run_hooks && (self.hooks_allowed)()
    }

    /// Generated values, then `before_save` (which may edit the item or veto
    /// the write); returns the item to send and the `after_save` to run once
    /// it is written (`None` when hooks do not run).
    pub(crate) fn prepare_put(&self, item: Item, run_hooks: bool) -> Result<PreparedPut> {
        (self.prepare_put)(item, run_hooks)
    }

    /// `before_update` (which may edit or veto the update), then the stamps
    /// of generated values ([`ModelSchema::stamp_update`]), then
    /// `SET field = if_not_exists(field, value)` for each field the key's
    /// templates are built from that the update does not write (`key_fields`),
    /// so that an item the update creates decodes as the model. An update
    /// cannot carry a pending S3 file: only saves upload.
    pub(crate) fn prepare_update(
        &self,
        key: &Item,
        key_fields: &Item,
        update: &mut Update,
        run_hooks: bool,
    ) -> Result<()> {
        if !self.schema.s3_attributes.is_empty() {
            for action in update.actions() {
                if let UpdateAction::Set(path, expr) = action {
                    for value in set_values(expr) {
                        reject_pending(path.root(), value)?;
                    }
                }
            }
        }
        if self.hooks_run(run_hooks) {
            (self.before_update)(key, update)
                .map_err(|e| HookKind::BeforeUpdate.failed(self.schema, e))?;
        }
        self.schema.stamp_update(update, Timestamp::now());
        for (name, value) in key_fields {
            let touched = update.actions().iter().any(|a| a.path().root() == name);
            if !touched {
                *update = std::mem::take(update)
                    .set_if_not_exists(crate::expr::Path::attr(name.clone()), value.clone());
            }
        }
        Ok(())
    }

    /// `after_update`, when hooks run.
    pub(crate) fn after_update(&self, key: &Item, returned: Option<&Item>, run_hooks: bool) {
        if self.hooks_run(run_hooks) {
            (self.after_update)(key, returned);
        }
    }

    /// `before_delete`, when hooks run.
    pub(crate) fn before_delete(&self, key: &Item, run_hooks: bool) -> Result<()> {
        if self.hooks_run(run_hooks) {
            (self.before_delete)(key).map_err(|e| HookKind::BeforeDelete.failed(self.schema, e))?;
        }
        Ok(())
    }

    /// `after_delete`, when hooks run.
    pub(crate) fn after_delete(&self, key: &Item, old: Option<&Item>, run_hooks: bool) {
        if self.hooks_run(run_hooks) {
            (self.after_delete)(key, old);
        }
    }
}

/// Generated values and `before_save` for a whole-item write of `M`.
///
/// `item` is the model's own serialization, so its pending S3 files are
/// accepted when it is decoded here; `before_save` may not put others in.
fn prepare_put<M: Model>(item: Item, run_hooks: bool) -> Result<PreparedPut> {
    let schema = M::schema();
    let mut item = item;
    let changed = schema.apply_generated(&mut item, Timestamp::now());
    if changed.iter().any(|f| schema.key_uses_field(f)) {
        // A key built from a generated field is built again from the new value.
        item = accepting_pending(|| M::from_item(item))?.to_item()?;
    }
    if !hooks_run::<M>(run_hooks) {
        return Ok((item, None));
    }
    let model = accepting_pending(|| M::from_item(item.clone()))?;
    let pending = pending_values(schema, &item);
    model
        .before_save(&mut item)
        .map_err(|e| HookKind::BeforeSave.failed(schema, e))?;
    check_hook_pending(schema, &pending, &item)?;
    let after: AfterSave = Box::new(move |written: &Item| model.after_save(written));
    Ok((item, Some(after)))
}

/// The literal values on the right-hand side of a `SET`.
fn set_values(expr: &SetExpr) -> Vec<&Value> {
    fn operand<'a>(o: &'a UpdateOperand, out: &mut Vec<&'a Value>) {
        match o {
            UpdateOperand::Value(v) => out.push(v),
            UpdateOperand::Path(_) => {}
            UpdateOperand::IfNotExists(_, o) => operand(o, out),
            UpdateOperand::ListAppend(a, b) => {
                operand(a, out);
                operand(b, out);
            }
        }
    }
    let mut out = Vec::new();
    match expr {
        SetExpr::Operand(o) => operand(o, &mut out),
        SetExpr::Plus(a, b) | SetExpr::Minus(a, b) => {
            operand(a, &mut out);
            operand(b, &mut out);
        }
    }
    out
}
