//! [`Hooks`]: code a model runs around its own writes and reads.

use crate::error::Result;
use crate::expr::Update;
use crate::value::Item;

/// Lifecycle hooks of a model. Every method does nothing by default.
///
/// `#[derive(Model)]` implements this trait with the defaults; write
/// `#[dynorm(hooks)]` on the struct to write the `impl` yourself.
/// `#[dynorm(skip_hooks)]` turns them off for the model, and every model
/// builder's `.skip_hooks()` turns them off for one call. Hooks run for model
/// operations only, never for raw items of a [`Table`](crate::Table).
///
/// They run on every path: single operations, batch writes and gets, write
/// and read transactions, queries, scans (parallel ones too) and
/// [`Collection`](crate::client::Collection)s. A `before_*` hook that returns
/// an error vetoes the write: nothing is sent and the error is returned. A
/// batch or transaction runs the `before_*` hooks of all its model requests
/// when it is sent, in the order they were added, before anything is sent
/// (one veto sends nothing of it), and the `after_*` hooks of the requests
/// that were applied: not those a batch returns unprocessed, none of a
/// cancelled transaction. `before_save` and `after_save` are called on the
/// model decoded from the item being written (with its generated values).
///
/// ```
/// use dynorm::model::Hooks;
/// use dynorm::{Item, Model, Result, Error};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Model)]
/// #[dynorm(table = "users", hooks)]
/// struct User {
///     #[dynorm(partition_key)]
///     id: String,
///     email: String,
/// }
///
/// impl Hooks for User {
///     fn before_save(&self, item: &mut Item) -> Result<()> {
///         if !self.email.contains('@') {
///             return Err(Error::validation(format!("user {}: invalid email", self.id)));
///         }
///         item.insert("email", self.email.to_lowercase());
///         Ok(())
///     }
/// }
/// ```
pub trait Hooks {
    /// Before a put or create of this model; may edit the item or veto the write.
    fn before_save(&self, item: &mut Item) -> Result<()> {
        let _ = item;
        Ok(())
    }

    /// After a put or create (single, batch or transaction) was applied, with
    /// the item written.
    fn after_save(&self, item: &Item) {
        let _ = item;
    }

    /// Before an update of the item with `key`; may edit the update or veto it.
    fn before_update(key: &Item, update: &mut Update) -> Result<()>
    where
        Self: Sized,
    {
        let _ = (key, update);
        Ok(())
    }

    /// After an update succeeded, with the item it returned (if any was asked
    /// for; a transaction update returns none).
    fn after_update(key: &Item, returned: Option<&Item>)
    where
        Self: Sized,
    {
        let _ = (key, returned);
    }

    /// Before a delete of the item with `key`; may veto it.
    fn before_delete(key: &Item) -> Result<()>
    where
        Self: Sized,
    {
        let _ = key;
        Ok(())
    }

    /// After a delete succeeded, with the deleted item (if it was asked for;
    /// batch and transaction deletes return none).
    fn after_delete(key: &Item, old: Option<&Item>)
    where
        Self: Sized,
    {
        let _ = (key, old);
    }

    /// After the model was decoded from a get, query, scan, batch or
    /// transaction read; an error fails the read.
    fn after_load(&mut self) -> Result<()> {
        Ok(())
    }
}
