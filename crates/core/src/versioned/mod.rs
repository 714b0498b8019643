//! Versioned models with an audit trail, in rococo's storage format.
//!
//! A model with `#[dynorm(versioned)]` keeps one row per entity in its
//! table, keyed by `entity_id`, and every version it replaced in its audit
//! table (`{table}_audit` unless `versioned(audit_table = "...")` names
//! another), keyed by `entity_id` and `version`. The rows are rococo's
//! (1.3.4), so tables written by rococo read here and back:
//!
//! | attribute | what it holds |
//! | --- | --- |
//! | `entity_id` (S) | uuid4 as 32 lowercase hex digits, made on the first save when empty |
//! | `version` (S) | a new uuid4 hex on every save |
//! | `previous_version` (S) | the version replaced; [`ZERO_VERSION`] on a create |
//! | `active` (BOOL) | false after a soft delete |
//! | `changed_by_id` (S) | who saved: per call, else [`as_actor`]'s, else [`ZERO_VERSION`] |
//! | `changed_on` (S) | Python's `isoformat()` of the UTC time of the save ([`ChangedOn`]) |
//!
//! Other fields are stored as for any model: a `None` is left out, a list
//! is an `L`, a free-form map rococo stores as JSON text is a [`Json`] field.
//!
//! Every save is one TransactWriteItems: the new row, on condition that the
//! stored row is at the version the caller holds
//! (`attribute_not_exists(entity_id)` on a create), and the row it replaces
//! into the audit table, on condition that it is not there yet. A stale save
//! fails with [`Error::VersionConflict`] and writes nothing; so does a create
//! of an entity that exists. The replaced row is read (consistently) before
//! the transaction so that the audit copy is exactly the row replaced; the
//! condition on its version makes the read and the write one step.
//!
//! ```
//! use dynorm::versioned::{ChangedOn, ZERO_VERSION};
//! use dynorm::{Client, Model};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Clone, Serialize, Deserialize, Model)]
//! #[dynorm(table = "book", versioned)]
//! struct Book {
//!     entity_id: String,
//!     version: String,
//!     previous_version: String,
//!     active: bool,
//!     changed_by_id: String,
//!     changed_on: ChangedOn,
//!     title: Option<String>,
//!     status: Option<String>,
//! }
//!
//! # async fn demo(client: Client) -> dynorm::Result<()> {
//! client.create_table::<Book>().await?; // `book` and `book_audit`
//! let books = client.versioned::<Book>();
//! let new = Book {
//!     entity_id: String::new(), // made on the first save
//!     version: ZERO_VERSION.into(),
//!     previous_version: ZERO_VERSION.into(),
//!     active: true,
//!     changed_by_id: ZERO_VERSION.into(),
//!     changed_on: ChangedOn::now(),
//!     title: Some("The Pragmatic Programmer".into()),
//!     status: Some("to_read".into()),
//! };
//! let mut book = books.save(&new).changed_by("librarian").await?.into_inner();
//! book.status = Some("reading".into());
//! let book = books.save(&book).await?.into_inner();
//! let history = books.history(&book.entity_id).await?; // both versions, oldest first
//! assert_eq!(history.len(), 2);
//! books.delete(&book).await?; // a new version with active = false
//! assert!(books.get(&book.entity_id).await?.is_none());
//! # Ok(()) }
//! ```

mod actor;
mod events;
mod format;

pub use actor::{as_actor, current_actor};
/// The attribute that implements an async trait such as [`ChangeSink`]
/// (the `async-trait` crate's).
pub use async_trait::async_trait;
pub use events::{ChangeEvent, ChangeKind, ChangeSink};
pub use format::{ChangedOn, Json};

use crate::client::{Client, Scan};
use crate::error::{BoxError, CancellationCode, Error, Result};
use crate::expr::{attr, KeyCondition};
use crate::model::{Key, Model, ModelSchema, Partition, VersionedSchema};
use crate::value::{item_to_json, Item, Value};
use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;

/// The zero uuid4 as rococo writes it: the `previous_version` of a first
/// version, and the `changed_by_id` of a save nobody was named for.
pub const ZERO_VERSION: &str = "00000000000040008000000000000000";

/// The attributes of a versioned row.
const ENTITY_ID: &str = "entity_id";
const VERSION: &str = "version";
const PREVIOUS_VERSION: &str = "previous_version";
const ACTIVE: &str = "active";
const CHANGED_BY_ID: &str = "changed_by_id";
const CHANGED_ON: &str = "changed_on";

/// A fresh uuid4 as 32 lowercase hex digits, as rococo makes entity ids
/// and versions.
///
/// ```
/// let id = dynorm::versioned::new_id();
/// assert_eq!(id.len(), 32);
/// assert!(id.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
/// ```
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl Client {
    /// The versioned repository of model `M` (`#[dynorm(versioned)]`):
    /// saves, soft and hard deletes, reads of the current version, history.
    pub fn versioned<M: Model>(&self) -> Versioned<M> {
        Versioned {
            client: self.clone(),
            model: PhantomData,
        }
    }
}

/// The versions of a `#[dynorm(versioned)]` model, through one client
/// ([`Client::versioned`]). See the [module](self) for the storage format.
pub struct Versioned<M> {
    client: Client,
    model: PhantomData<fn() -> M>,
}

impl<M> Clone for Versioned<M> {
    fn clone(&self) -> Self {
        Versioned {
            client: self.client.clone(),
            model: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for Versioned<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Versioned")
            .field("model", &std::any::type_name::<M>())
            .finish()
    }
}

/// The schema of a versioned model, or the error saying it is not one.
fn versioned_schema<M: Model>() -> Result<(&'static ModelSchema, VersionedSchema)> {
    let schema = M::schema();
    match schema.versioned {
        Some(v) => Ok((schema, v)),
        None => Err(Error::config(format!(
            "model {} is not versioned: add #[dynorm(versioned)] to use it as a versioned model",
            schema.type_name
        ))),
    }
}

/// A string attribute of a row.
fn text<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    match item.get(name) {
        Some(Value::S(s)) => Some(s),
        _ => None,
    }
}

fn key_of(entity_id: &str) -> Item {
    Item::new().with(ENTITY_ID, entity_id)
}

/// The entity's row in the main table, read consistently.
async fn stored_row(client: &Client, table: &str, entity_id: &str) -> Result<Option<Item>> {
    client
        .table(table)
        .get(key_of(entity_id))
        .consistent_read()
        .send()
        .await
}

/// The result of a committed change: the model as written, the event sent
/// to the client's [`ChangeSink`] and the sink's error, if it failed (the
/// change stays committed).
#[derive(Debug)]
pub struct Committed<T> {
    value: T,
    event: Option<ChangeEvent>,
    sink_error: Option<BoxError>,
}

impl<T> Committed<T> {
    /// What was written (for a hard delete, the model removed, if there was one).
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The change event, when the client has a sink.
    pub fn event(&self) -> Option<&ChangeEvent> {
        self.event.as_ref()
    }

    /// The sink's error, when it failed to take the event. The change is
    /// committed all the same.
    pub fn sink_error(&self) -> Option<&BoxError> {
        self.sink_error.as_ref()
    }
}

impl<T> std::ops::Deref for Committed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Hands the event `make` builds to the client's sink, if it has one (the
/// event is built only then). The change is committed: an error building
/// or taking the event is returned beside it, never raised.
async fn deliver(
    client: &Client,
    make: impl FnOnce() -> Result<ChangeEvent>,
) -> (Option<ChangeEvent>, Option<BoxError>) {
    let Some(sink) = client.change_sink() else {
        return (None, None);
    };
    match make() {
        Ok(event) => {
            let error = sink.publish(&event).await.err();
            (Some(event), error)
        }
        Err(e) => (None, Some(e.into())),
    }
}

impl<M: Model> Versioned<M> {
    /// Saves a new version of `model`: its first version when it holds no
    /// version (empty or [`ZERO_VERSION`]), else the version after the one
    /// it holds. Returns the model as written (new `version`,
    /// `previous_version`, `changed_on`, `changed_by_id`; `entity_id` made
    /// when empty). A stale version is [`Error::VersionConflict`].
    pub fn save(&self, model: &M) -> SaveVersion<M> {
        SaveVersion::new(self.client.clone(), model, false)
    }

    /// Soft-deletes the entity: a new version of `model` with
    /// `active = false` (the version it replaces goes to the audit table).
    /// `model` must hold the current version.
    pub fn delete(&self, model: &M) -> SaveVersion<M> {
        SaveVersion::new(self.client.clone(), model, true)
    }

    /// Removes the entity's row from the main table (its audit rows stay),
    /// returning the row removed, if there was one. The client's sink gets a
    /// [`ChangeKind::HardDeleted`] event.
    pub async fn hard_delete(&self, entity_id: &str) -> Result<Committed<Option<M>>> {
        let (schema, _) = versioned_schema::<M>()?;
        let old: Option<M> = self
            .client
            .delete(Key::<M>::from_item(key_of(entity_id)))
            .return_old()
            .send()
            .await?;
        let (event, sink_error) = match &old {
            Some(removed) => {
                deliver(&self.client, || {
                    let row = removed.to_item()?;
                    let field = |name| text(&row, name).unwrap_or_default().to_owned();
                    Ok(ChangeEvent {
                        model: schema.type_name,
                        table: self.client.table_name(schema.table),
                        entity_id: entity_id.to_owned(),
                        version: field(VERSION),
                        previous_version: field(PREVIOUS_VERSION),
                        kind: ChangeKind::HardDeleted,
                        changed_by_id: field(CHANGED_BY_ID),
                        data: item_to_json(&row),
                    })
                })
                .await
            }
            None => (None, None),
        };
        Ok(Committed {
            value: old,
            event,
            sink_error,
        })
    }

    /// The entity's current version if it is active (a consistent Query of
    /// its partition with `active = true`, as rococo's `get_one`).
    pub async fn get(&self, entity_id: &str) -> Result<Option<M>> {
        self.current(entity_id, true).await
    }

    /// The entity's current version, active or soft-deleted.
    pub async fn get_including_inactive(&self, entity_id: &str) -> Result<Option<M>> {
        self.current(entity_id, false).await
    }

    async fn current(&self, entity_id: &str, active_only: bool) -> Result<Option<M>> {
        versioned_schema::<M>()?;
        let mut query = self
            .client
            .query(Partition::<M>::new(ENTITY_ID, Value::from(entity_id)))
            .consistent_read();
        if active_only {
            query = query.filter(attr(ACTIVE).eq(true));
        }
        Ok(query.all().await?.into_iter().next())
    }

    /// A scan of the active entities; add conditions on any field with
    /// [`filter`](Scan::filter) (they are ANDed with `active = true`).
    ///
    /// ```
    /// # use dynorm::{attr, versioned::Versioned, Model};
    /// # async fn demo<M: Model>(books: Versioned<M>) -> dynorm::Result<()> {
    /// let finished: Vec<M> = books.list().filter(attr("status").eq("finished")).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> Scan<M> {
        self.client.scan::<M>().filter(attr(ACTIVE).eq(true))
    }

    /// Every version of the entity, oldest first: the audit rows and the
    /// current row, in the order of their `previous_version` chain (rows
    /// outside the chain, as a hard delete leaves them, by `changed_on`).
    pub async fn history(&self, entity_id: &str) -> Result<Vec<M>> {
        let (schema, versioned) = versioned_schema::<M>()?;
        let audit = self
            .client
            .table(versioned.audit_table)
            .query(KeyCondition::partition(ENTITY_ID, entity_id))
            .consistent_read()
            .all()
            .await?;
        let current = stored_row(&self.client, schema.table, entity_id).await?;
        let rows: Vec<Item> = audit.into_iter().chain(current).collect();
        let mut versions = Vec::with_capacity(rows.len());
        for row in change_order(rows) {
            versions.push(self.decode(schema, row).await?);
        }
        Ok(versions)
    }

    /// A stored row as `M`: its encrypted attributes decrypted, then
    /// decoded with `M`'s `after_load` hook.
    async fn decode(&self, schema: &ModelSchema, row: Item) -> Result<M> {
        let row = crate::attributes::open_item(&self.client, schema, row).await?;
        crate::model::load::<M>(row, true)
    }

    /// One version of the entity, current or audited.
    pub async fn version(&self, entity_id: &str, version: &str) -> Result<Option<M>> {
        let (schema, versioned) = versioned_schema::<M>()?;
        let current = stored_row(&self.client, schema.table, entity_id).await?;
        let row = match current {
            Some(row) if text(&row, VERSION) == Some(version) => Some(row),
            _ => {
                self.client
                    .table(versioned.audit_table)
                    .get(key_of(entity_id).with(VERSION, version))
                    .consistent_read()
                    .send()
                    .await?
            }
        };
        match row {
            Some(row) => self.decode(schema, row).await.map(Some),
            None => Ok(None),
        }
    }

    /// The audit table's full name (with the client's prefix).
    pub fn audit_table(&self) -> Result<String> {
        let (_, versioned) = versioned_schema::<M>()?;
        Ok(self.client.table_name(versioned.audit_table))
    }
}

/// Rows of one entity in change order, oldest first: each chain of
/// `previous_version` links from its newest row back, chains ordered by
/// their oldest row's `changed_on`, rows in no chain last by `changed_on`.
fn change_order(rows: Vec<Item>) -> Vec<Item> {
    let changed_on = |row: &Item| {
        text(row, CHANGED_ON)
            .and_then(|t| ChangedOn::parse(t).ok())
            .unwrap_or_default()
    };
    let referenced: HashSet<String> = rows
        .iter()
        .filter_map(|r| text(r, PREVIOUS_VERSION).map(str::to_owned))
        .collect();
    let mut by_version: HashMap<String, Item> = HashMap::with_capacity(rows.len());
    let mut heads = Vec::new();
    for row in rows {
        let Some(version) = text(&row, VERSION).map(str::to_owned) else {
            continue;
        };
        if !referenced.contains(&version) {
            heads.push(version.clone());
        }
        by_version.insert(version, row);
    }
    let mut chains: Vec<Vec<Item>> = Vec::new();
    for head in heads {
        let mut chain = Vec::new();
        let mut next = Some(head);
        while let Some(row) = next.and_then(|v| by_version.remove(&v)) {
            next = text(&row, PREVIOUS_VERSION).map(str::to_owned);
            chain.push(row);
        }
        chain.reverse();
        chains.push(chain);
    }
    chains.sort_by_key(|c| c.first().map(changed_on));
    let mut rest: Vec<Item> = by_version.into_values().collect();
    rest.sort_by_key(changed_on);
    chains.into_iter().flatten().chain(rest).collect()
}

/// A save (or soft delete) of a versioned model; `.await` sends it.
#[must_use = "a save does nothing until it is awaited"]
pub struct SaveVersion<M> {
    client: Client,
    item: Result<Item>,
    delete: bool,
    changed_by: Option<String>,
    model: PhantomData<fn() -> M>,
}

impl<M: Model> SaveVersion<M> {
    fn new(client: Client, model: &M, delete: bool) -> SaveVersion<M> {
        SaveVersion {
            client,
            item: model.to_item(),
            delete,
            changed_by: None,
            model: PhantomData,
        }
    }

    /// Who makes this change (`changed_by_id`), over [`as_actor`]'s default.
    pub fn changed_by(mut self, actor: impl Into<String>) -> Self {
        self.changed_by = Some(actor.into());
        self
    }

    /// Writes the new version and the audit copy in one transaction, then
    /// hands the event to the client's sink.
    pub async fn send(self) -> Result<Committed<M>> {
        let (schema, versioned) = versioned_schema::<M>()?;
        let client = self.client;
        let mut item = self.item?;
        let table = schema.table;
        let held = text(&item, VERSION)
            .filter(|v| !v.is_empty() && *v != ZERO_VERSION)
            .map(str::to_owned);
        let mut entity_id = text(&item, ENTITY_ID).unwrap_or_default().to_owned();
        if entity_id.is_empty() {
            if held.is_some() || self.delete {
                return Err(Error::validation_in(
                    table,
                    format!(
                        "{}: a model holding a version needs its entity_id",
                        schema.type_name
                    ),
                ));
            }
            entity_id = new_id();
        }
        let key = key_of(&entity_id);
        let conflict = |expected: &str| Error::VersionConflict {
            table: client.table_name(table),
            key: key.clone(),
            expected: Some(Box::new(Value::from(expected))),
            current: None,
            source: None,
        };
        let (kind, previous, replaced) = match held {
            None if self.delete => {
                return Err(Error::validation_in(
                    table,
                    format!(
                        "{}: only a saved version can be deleted; this model holds none",
                        schema.type_name
                    ),
                ))
            }
            None => (ChangeKind::Created, ZERO_VERSION.to_owned(), None),
            Some(held) => {
                let stored = stored_row(&client, table, &entity_id).await?;
                match stored {
                    Some(row) if text(&row, VERSION) == Some(held.as_str()) => {
                        let kind = if self.delete {
                            ChangeKind::Deleted
                        } else {
                            ChangeKind::Updated
                        };
                        (kind, held, Some(row))
                    }
                    _ => return Err(conflict(&held)),
                }
            }
        };
        let version = new_id();
        let changed_by = self
            .changed_by
            .or_else(current_actor)
            .unwrap_or_else(|| ZERO_VERSION.to_owned());
        item.insert(ENTITY_ID, entity_id.clone());
        item.insert(VERSION, version.clone());
        item.insert(PREVIOUS_VERSION, previous.clone());
        item.insert(CHANGED_BY_ID, changed_by.clone());
        item.insert(CHANGED_ON, ChangedOn::now().to_isoformat());
        if self.delete {
            item.insert(ACTIVE, false);
        }
        let model = M::from_item(item.clone())?;
        let mut tx = client.transact_write().put(&model);
        tx = match &replaced {
            None => tx.condition(attr(ENTITY_ID).not_exists()),
            Some(row) => tx
                .condition(attr(VERSION).eq(previous.as_str()))
                .put_item(versioned.audit_table, row.clone())
                .condition(attr(ENTITY_ID).not_exists()),
        };
        match tx.send().await {
            Ok(()) => {}
            Err(Error::TransactionCanceled { reasons, .. })
                if reasons
                    .first()
                    .is_some_and(|r| r.code == CancellationCode::ConditionalCheckFailed) =>
            {
                return Err(conflict(&previous));
            }
            Err(e) => return Err(e),
        }
        let (event, sink_error) = deliver(&client, || {
            Ok(ChangeEvent {
                model: schema.type_name,
                table: client.table_name(table),
                entity_id,
                version,
                previous_version: previous,
                kind,
                changed_by_id: changed_by,
                data: item_to_json(&item),
            })
        })
        .await;
        Ok(Committed {
            value: model,
            event,
            sink_error,
        })
    }
}

impl<M: Model> std::future::IntoFuture for SaveVersion<M> {
    type Output = Result<Committed<M>>;
    type IntoFuture = futures::future::BoxFuture<'static, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
