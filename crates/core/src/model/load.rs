//! Decoding models read from a table, with their `after_load` hook.

use super::Model;
use crate::error::Result;
use crate::value::Item;

/// Whether `M`'s hooks run for a call (`per_call` is false after `.skip_hooks()`).
pub(crate) fn hooks_run<M: Model>(per_call: bool) -> bool {
    let schema = M::schema();
    per_call && schema.hooks && !schema.skip_hooks
}

/// Decodes a model read from the table, running `after_load` when hooks run.
pub(crate) fn load<M: Model>(item: Item, run_hooks: bool) -> Result<M> {
    let mut model = M::from_item(item)?;
    if hooks_run::<M>(run_hooks) {
        model
            .after_load()
            .map_err(|e| super::HookKind::AfterLoad.failed(M::schema(), e))?;
    }
    Ok(model)
}
