//! What every item operation builder carries: which client, which table,
//! and how to turn the answer into the caller's type.

use super::Client;
use crate::error::Result;
use crate::expr::Update;
use crate::model::{Model, ModelSchema, PreparedPut};
use crate::value::Item;

/// `after_save` bound to the model it runs on.
pub(crate) type AfterSave = Box<dyn FnOnce(&Item) + Send>;

/// A model's `after_delete`, run with the deleted key once a delete was applied.
pub(crate) type AfterDelete = fn(&Item, Option<&Item>);

/// The item to send and the `after_save` to run once it is written.
pub(crate) type Prepared = (Item, Option<AfterSave>);

/// A model's steps around its writes (generated values, hooks, size limit)
/// and reads, as plain functions so that builders generic over raw items and
/// models, and batches and transactions holding several models, share them.
/// Every `bool` argument is whether hooks run for this call (false after
/// `.skip_hooks()`); the model's own `#[dynorm(skip_hooks)]` is applied here.
#[derive(Clone, Copy)]
pub(crate) struct ModelSteps {
    prepare_put: fn(Item, bool) -> Result<Prepared>,
    prepare_update: fn(&Item, &mut Update, bool) -> Result<()>,
    after_update: fn(&Item, Option<&Item>),
    before_delete: fn(&Item) -> Result<()>,
    after_delete: AfterDelete,
    /// Whether the model's schema lets its hooks run at all.
    hooks_allowed: fn() -> bool,
    pub(crate) schema: &'static ModelSchema,
}

/// Generated values and `before_save` for a whole-item write of `M`.
pub(crate) fn prepare_put<M: Model>(
    item: Item,
    run_hooks: bool,
) -> Result<(Item, Option<AfterSave>)> {
    let prepared = PreparedPut::<M>::new(item, run_hooks)?;
    let after = prepared
        .model
        .map(|m| Box::new(move |item: &Item| PreparedPut::written(Some(&m), item)) as AfterSave);
    Ok((prepared.item, after))
}

fn hooks_allowed<M: Model>() -> bool {
    crate::model::hooks_run::<M>(true)
}

impl ModelSteps {
    /// The steps of model `M`.
    pub(crate) fn of<M: Model>() -> ModelSteps {
        ModelSteps {
            prepare_put: prepare_put::<M>,
            prepare_update: crate::model::prepare_update::<M>,
            after_update: M::after_update,
            before_delete: M::before_delete,
            after_delete: M::after_delete,
            hooks_allowed: hooks_allowed::<M>,
            schema: M::schema(),
        }
    }

    /// Whether the model's hooks run for a call.
    pub(crate) fn hooks_run(&self, run_hooks: bool) -> bool {
        run_hooks && (self.hooks_allowed)()
    }

    /// Generated values and `before_save` (which may edit the item or veto
    /// the write); returns the item to send and the `after_save` to run once
    /// it is written (`None` when hooks do not run).
    pub(crate) fn prepare_put(&self, item: Item, run_hooks: bool) -> Result<Prepared> {
        (self.prepare_put)(item, run_hooks)
    }

    /// `before_update` (which may edit or veto the update) and the stamps of
    /// generated values.
    pub(crate) fn prepare_update(
        &self,
        key: &Item,
        update: &mut Update,
        run_hooks: bool,
    ) -> Result<()> {
        (self.prepare_update)(key, update, run_hooks)
    }

    /// `after_update`, when hooks run.
    pub(crate) fn after_update(&self, key: &Item, returned: Option<&Item>, run_hooks: bool) {
        if self.hooks_run(run_hooks) {
            (self.after_update)(key, returned);
        }
    }

    /// `before_delete`, when hooks run; returns the `after_delete` to run
    /// once the delete was applied (`None` when hooks do not run).
    pub(crate) fn before_delete(&self, key: &Item, run_hooks: bool) -> Result<Option<AfterDelete>> {
        if !self.hooks_run(run_hooks) {
            return Ok(None);
        }
        (self.before_delete)(key)?;
        Ok(Some(self.after_delete))
    }
}

/// Where an operation goes and how its items decode.
pub(crate) struct Target<T> {
    /// The client given for this call; `None` = resolve through `resolve_client`.
    client: Option<Client>,
    resolve_client: fn() -> Result<Client>,
    /// The table name before the client's prefix.
    table: String,
    decode: fn(Item, bool) -> Result<T>,
    /// Set for models.
    steps: Option<ModelSteps>,
    /// False after `.skip_hooks()`.
    run_hooks: bool,
}

fn no_client() -> Result<Client> {
    crate::client::default_client()
}

fn identity(item: Item, _run_hooks: bool) -> Result<Item> {
    Ok(item)
}

impl<T> Clone for Target<T> {
    fn clone(&self) -> Self {
        Target {
            client: self.client.clone(),
            resolve_client: self.resolve_client,
            table: self.table.clone(),
            decode: self.decode,
            steps: self.steps,
            run_hooks: self.run_hooks,
        }
    }
}

impl<T> Target<T> {
    pub(crate) fn set_client(&mut self, client: &Client) {
        self.client = Some(client.clone());
    }

    /// The client and the full table name.
    pub(crate) fn resolve(&self) -> Result<(Client, String)> {
        let client = match &self.client {
            Some(c) => c.clone(),
            None => (self.resolve_client)()?,
        };
        let table = client.table_name(&self.table);
        Ok((client, table))
    }

    /// Decodes an item read from the table (a model runs `after_load`).
    pub(crate) fn decode(&self, item: Item) -> Result<T> {
        (self.decode)(item, self.run_hooks)
    }

    /// Turns the model's hooks off for this call.
    pub(crate) fn skip_hooks(&mut self) {
        self.run_hooks = false;
    }

    /// Whether hooks run for this call (false after `.skip_hooks()`).
    pub(crate) fn run_hooks(&self) -> bool {
        self.run_hooks
    }

    /// For a model: generated values, `before_save` and the size limit.
    /// Returns the item to send and the `after_save` to run once it is written.
    pub(crate) fn prepare_put(&self, item: Item) -> Result<Prepared> {
        match &self.steps {
            Some(s) => s.prepare_put(item, self.run_hooks),
            None => Ok((item, None)),
        }
    }

    /// For a model, once `prepare_put` succeeded: checks `max_size` with
    /// the S3 metadata known before uploading, uploads pending S3 files, and
    /// checks `max_size` again with the stored metadata (deleting the
    /// uploaded objects again if that fails).
    pub(crate) async fn finish_put(&self, client: &Client, item: &mut Item) -> Result<()> {
        let Some(s) = &self.steps else {
            return Ok(());
        };
        let planned = crate::model::plan_put(s.schema, item)?;
        crate::model::upload_all(client, vec![(s.schema, item, planned)]).await?;
        Ok(())
    }

    /// The schema of a model with S3-backed attributes, whose deletes also
    /// delete the objects.
    pub(crate) fn s3_schema(&self) -> Option<&'static ModelSchema> {
        self.steps
            .as_ref()
            .map(|s| s.schema)
            .filter(|s| !s.s3_attributes.is_empty())
    }

    /// For a model: `before_update` and the stamps of generated values.
    pub(crate) fn before_update(&self, key: &Item, update: &mut Update) -> Result<()> {
        match &self.steps {
            Some(s) => s.prepare_update(key, update, self.run_hooks),
            None => Ok(()),
        }
    }

    /// For a model whose hooks run: `after_update`.
    pub(crate) fn after_update(&self, key: &Item, returned: Option<&Item>) {
        if let Some(s) = &self.steps {
            s.after_update(key, returned, self.run_hooks);
        }
    }

    /// For a model whose hooks run: `before_delete`; returns the
    /// `after_delete` to run once the item is deleted.
    pub(crate) fn before_delete(&self, key: &Item) -> Result<Option<AfterDelete>> {
        match &self.steps {
            Some(s) => s.before_delete(key, self.run_hooks),
            None => Ok(None),
        }
    }
}

impl<T> Target<T> {
    /// The same destination (client, table, hooks setting), its items kept raw.
    pub(crate) fn into_raw(self) -> Target<Item> {
        Target {
            client: self.client,
            resolve_client: self.resolve_client,
            table: self.table,
            decode: identity,
            steps: None,
            run_hooks: self.run_hooks,
        }
    }
}

impl<M: Model> Target<M> {
    pub(crate) fn model() -> Target<M> {
        Target {
            client: None,
            resolve_client: Client::for_model::<M>,
            table: M::schema().table.to_owned(),
            decode: crate::model::load::<M>,
            steps: Some(ModelSteps::of::<M>()),
            run_hooks: true,
        }
    }
}

impl Target<Item> {
    pub(crate) fn raw(client: Client, table: String) -> Target<Item> {
        Target {
            client: Some(client),
            resolve_client: no_client,
            table,
            decode: identity,
            steps: None,
            // Raw items have no hooks; the flag still records `.skip_hooks()`
            // for what is decoded later (a `Collection`).
            run_hooks: true,
        }
    }
}
