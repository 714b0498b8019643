//! [`Hooks`]: code a model runs around its own writes and reads.

use super::ModelSchema;
use crate::error::{BoxError, Error};
use crate::expr::Update;
use crate::value::Item;
use std::fmt;

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
/// an error vetoes the write: nothing is sent. A batch or transaction runs
/// the `before_*` hooks of all its model requests when it is sent, in the
/// order they were added, before anything is sent (one veto sends nothing of
/// it), and the `after_*` hooks of the requests that were applied: not those
/// a batch returns unprocessed, none of a cancelled transaction.
/// `before_save` and `after_save` are called on the model decoded from the
/// item being written (with its generated values).
///
/// The hooks that can fail return the hook's own error, any error type at
/// all ([`BoxError`]: `?` converts any error, `Err("text".into())` makes one
/// from a message). The operation then fails with [`Error::Hook`] naming the
/// model and the hook ([`HookKind`]), the hook's error as its
/// [`source`](std::error::Error::source), to downcast to the type returned.
///
/// ```
/// use dynorm::model::{HookKind, Hooks};
/// use dynorm::{BoxError, Error, Item, Model};
/// use dynorm_memory::MemoryClient;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Debug)]
/// struct InvalidEmail(String);
///
/// impl std::fmt::Display for InvalidEmail {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         write!(f, "`{}` is not an email address", self.0)
///     }
/// }
///
/// impl std::error::Error for InvalidEmail {}
///
/// #[derive(Debug, Serialize, Deserialize, Model)]
/// #[dynorm(table = "users", hooks)]
/// struct User {
///     #[dynorm(partition_key)]
///     id: String,
///     email: String,
/// }
///
/// impl Hooks for User {
///     fn before_save(&self, item: &mut Item) -> Result<(), BoxError> {
///         if !self.email.contains('@') {
///             return Err(InvalidEmail(self.email.clone()).into());
///         }
///         item.insert("email", self.email.to_lowercase());
///         Ok(())
///     }
///
///     fn before_delete(key: &Item) -> Result<(), BoxError> {
///         if key.get("id").and_then(|v| v.as_str()) == Some("root") {
///             return Err("the root user stays".into());
///         }
///         Ok(())
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dynorm::Result<()> {
/// let client = dynorm::Client::memory();
/// client.create_table::<User>().await?;
/// let user = User { id: "1".into(), email: "ann.example.com".into() };
/// let err = client.put(&user).await.unwrap_err();
/// assert!(err.is_hook());
/// assert_eq!(err.to_string(), "before_save of model User vetoed the write: `ann.example.com` is not an email address");
/// match &err {
///     Error::Hook { model, hook, source } => {
///         assert_eq!((*model, *hook), ("User", HookKind::BeforeSave));
///         assert!(source.downcast_ref::<InvalidEmail>().is_some());
///     }
///     other => panic!("{other}"),
/// }
/// let err = client.delete(User::key("root")).await.unwrap_err();
/// assert!(err.is_hook(), "{err}");
/// # Ok(())
/// # }
/// ```
pub trait Hooks {
    /// Before a put or create of this model; may edit the item or veto the write.
    fn before_save(&self, item: &mut Item) -> Result<(), BoxError> {
        let _ = item;
        Ok(())
    }

    /// After a put or create (single, batch or transaction) was applied, with
    /// the item written.
    fn after_save(&self, item: &Item) {
        let _ = item;
    }

    /// Before an update of the item with `key`; may edit the update or veto it.
    fn before_update(key: &Item, update: &mut Update) -> Result<(), BoxError>
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
    fn before_delete(key: &Item) -> Result<(), BoxError>
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
    fn after_load(&mut self) -> Result<(), BoxError> {
        Ok(())
    }
}

/// The [`Hooks`] that can fail, as [`Error::Hook`] names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HookKind {
    /// [`Hooks::before_save`].
    BeforeSave,
    /// [`Hooks::before_update`].
    BeforeUpdate,
    /// [`Hooks::before_delete`].
    BeforeDelete,
    /// [`Hooks::after_load`].
    AfterLoad,
}

impl HookKind {
    /// The hook's method name (`before_save`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            HookKind::BeforeSave => "before_save",
            HookKind::BeforeUpdate => "before_update",
            HookKind::BeforeDelete => "before_delete",
            HookKind::AfterLoad => "after_load",
        }
    }

    /// Whether the hook runs before a write, so that its error is a veto
    /// (nothing was sent).
    pub fn vetoes_write(self) -> bool {
        !matches!(self, HookKind::AfterLoad)
    }

    /// The [`Error::Hook`] of the model of `schema` for an error this hook
    /// returned.
    pub(crate) fn failed(self, schema: &ModelSchema, source: BoxError) -> Error {
        Error::hook(schema.type_name, self, source)
    }
}

impl fmt::Display for HookKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
