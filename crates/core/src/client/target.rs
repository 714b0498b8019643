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

/// A model's write-side steps (generated values, hooks, size limit), as plain
/// functions so that builders generic over raw items and models share them.
/// The `bool` is whether hooks run for this call.
#[derive(Clone, Copy)]
struct ModelSteps {
    prepare_put: fn(Item, bool) -> Result<Prepared>,
    before_update: fn(&Item, &mut Update, bool) -> Result<()>,
    after_update: fn(&Item, Option<&Item>),
    before_delete: fn(&Item) -> Result<()>,
    after_delete: fn(&Item, Option<&Item>),
    schema: &'static ModelSchema,
}

/// Generated values, `before_save` and `max_size` for a whole-item write of `M`.
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

fn steps<M: Model>() -> ModelSteps {
    ModelSteps {
        prepare_put: prepare_put::<M>,
        before_update: crate::model::prepare_update::<M>,
        after_update: M::after_update,
        before_delete: M::before_delete,
        after_delete: M::after_delete,
        schema: M::schema(),
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
    /// Whether the schema lets the model's hooks run.
    hooks_allowed: fn() -> bool,
}

fn hooks_allowed<M: Model>() -> bool {
    crate::model::hooks_run::<M>(true)
}

fn never() -> bool {
    false
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
            hooks_allowed: self.hooks_allowed,
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

    /// Whether the hooks of a model that has them run (model steps exist and
    /// the schema allows them).
    fn hooks_on(&self) -> bool {
        self.run_hooks
    }

    /// For a model: generated values, `before_save` and the size limit.
    /// Returns the item to send and the `after_save` to run once it is written.
    pub(crate) fn prepare_put(&self, item: Item) -> Result<Prepared> {
        match &self.steps {
            Some(s) => (s.prepare_put)(item, self.hooks_on()),
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

    /// For a model: `before_update` and the `updated_at` stamp.
    pub(crate) fn before_update(&self, key: &Item, update: &mut Update) -> Result<()> {
        match &self.steps {
            Some(s) => (s.before_update)(key, update, self.hooks_on()),
            None => Ok(()),
        }
    }

    /// For a model whose hooks run: `after_update`.
    pub(crate) fn after_update(&self, key: &Item, returned: Option<&Item>) {
        if let Some(s) = self.active_steps() {
            (s.after_update)(key, returned);
        }
    }

    /// For a model whose hooks run: `before_delete`.
    pub(crate) fn before_delete(&self, key: &Item) -> Result<()> {
        match self.active_steps() {
            Some(s) => (s.before_delete)(key),
            None => Ok(()),
        }
    }

    /// For a model whose hooks run: `after_delete`.
    pub(crate) fn after_delete(&self, key: &Item, old: Option<&Item>) {
        if let Some(s) = self.active_steps() {
            (s.after_delete)(key, old);
        }
    }

    fn active_steps(&self) -> Option<&ModelSteps> {
        self.steps
            .as_ref()
            .filter(|_| self.run_hooks && (self.hooks_allowed)())
    }
}

impl<M: Model> Target<M> {
    pub(crate) fn model() -> Target<M> {
        Target {
            client: None,
            resolve_client: Client::for_model::<M>,
            table: M::schema().table.to_owned(),
            decode: crate::model::load::<M>,
            steps: Some(steps::<M>()),
            run_hooks: true,
            hooks_allowed: hooks_allowed::<M>,
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
            run_hooks: false,
            hooks_allowed: never,
        }
    }
}
