//! What every item operation builder carries: which client, which table,
//! and how to turn the answer into the caller's type.

use super::write::{ModelSteps, Write, WriteOp};
use super::Client;
use crate::error::Result;
use crate::expr::Condition;
use crate::model::Model;
use crate::value::Item;

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

    /// The client and the full table name. A model with encrypted
    /// attributes needs a client with a key service: a
    /// [`Config`](crate::Error::Config) error here, before anything is sent.
    pub(crate) fn resolve(&self) -> Result<(Client, String)> {
        let client = self.client()?;
        if let Some(steps) = &self.steps {
            crate::attributes::key_service_for(&client, steps.schema)?;
        }
        let table = client.table_name(&self.table);
        Ok((client, table))
    }

    /// Decrypts the encrypted attributes of an item read from the table
    /// (models only), then decodes it.
    pub(crate) async fn decode_read(&self, client: &Client, item: Item) -> Result<T> {
        let item = match &self.steps {
            Some(steps) => crate::attributes::open_item(client, steps.schema, item).await?,
            None => item,
        };
        self.decode(item)
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

    /// The client: the one given, else the model's, else the default.
    pub(crate) fn client(&self) -> Result<Client> {
        match &self.client {
            Some(c) => Ok(c.clone()),
            None => (self.resolve_client)(),
        }
    }

    /// A write of this target's table, with the model's steps for a model.
    pub(crate) fn write(&self, op: WriteOp, condition: Option<Condition>) -> Write {
        Write::raw(self.table.clone(), op, condition).with_steps(self.steps)
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
