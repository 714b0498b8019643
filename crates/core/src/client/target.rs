//! What every item operation builder carries: which client, which table,
//! and how to turn the answer into the caller's type.

use super::Client;
use crate::error::Result;
use crate::model::Model;
use crate::value::Item;

/// Where an operation goes and how its items decode.
pub(crate) struct Target<T> {
    /// The client given for this call; `None` = resolve through `resolve_client`.
    client: Option<Client>,
    resolve_client: fn() -> Result<Client>,
    /// The table name before the client's prefix.
    table: String,
    decode: fn(Item) -> Result<T>,
}

fn no_client() -> Result<Client> {
    crate::client::default_client()
}

fn identity(item: Item) -> Result<Item> {
    Ok(item)
}

impl<T> Clone for Target<T> {
    fn clone(&self) -> Self {
        Target {
            client: self.client.clone(),
            resolve_client: self.resolve_client,
            table: self.table.clone(),
            decode: self.decode,
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

    pub(crate) fn decode(&self, item: Item) -> Result<T> {
        (self.decode)(item)
    }
}

impl<M: Model> Target<M> {
    pub(crate) fn model() -> Target<M> {
        Target {
            client: None,
            resolve_client: Client::for_model::<M>,
            table: M::schema().table.to_owned(),
            decode: M::from_item,
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
        }
    }
}
