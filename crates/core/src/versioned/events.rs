//! Change events: what a [`ChangeSink`] held by the client receives after
//! each committed change of a versioned model.

use crate::error::BoxError;
use async_trait::async_trait;
use std::fmt;

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// The first version of an entity.
    Created,
    /// A new version replacing the previous one.
    Updated,
    /// A soft delete: a new version with `active = false`.
    Deleted,
    /// The entity's row was removed from the main table (its audit rows stay).
    HardDeleted,
}

impl ChangeKind {
    /// The kind's name: `created`, `updated`, `deleted`, `hard_deleted`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Updated => "updated",
            ChangeKind::Deleted => "deleted",
            ChangeKind::HardDeleted => "hard_deleted",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One committed change of a versioned model.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChangeEvent {
    /// The model's Rust type name.
    pub model: &'static str,
    /// The main table's full name (with the client's prefix).
    pub table: String,
    /// The entity.
    pub entity_id: String,
    /// The version written (for a hard delete, the version removed).
    pub version: String,
    /// The version it replaced (the zero version on a create).
    pub previous_version: String,
    /// What the change did.
    pub kind: ChangeKind,
    /// Who made it.
    pub changed_by_id: String,
    /// The row as written, as one flat JSON object (attribute name to
    /// value, as [`item_to_json`](crate::value::item_to_json) writes it):
    /// what rococo's repositories send to their message queue. For a hard
    /// delete, the row removed.
    pub data: serde_json::Value,
}

/// Receives the change events of versioned models, once each change is
/// committed, in the order the caller's changes were committed (each save or
/// delete awaits its event's delivery before it returns).
///
/// A sink's error never undoes the change, which is already committed: the
/// save or delete still succeeds and returns the error beside the model
/// ([`Committed::sink_error`](super::Committed::sink_error)), for the caller
/// to log or retry the delivery (the event is there too,
/// [`Committed::event`](super::Committed::event)).
///
/// ```
/// use dynorm::versioned::{ChangeEvent, ChangeSink};
/// use dynorm::BoxError;
/// use std::sync::Mutex;
///
/// #[derive(Default)]
/// struct Outbox(Mutex<Vec<String>>);
///
/// #[async_trait::async_trait]
/// impl ChangeSink for Outbox {
///     async fn publish(&self, event: &ChangeEvent) -> Result<(), BoxError> {
///         self.0.lock().map_err(|_| "poisoned")?.push(event.data.to_string());
///         Ok(())
///     }
/// }
/// # let _ = Outbox::default();
/// ```
#[async_trait]
pub trait ChangeSink: Send + Sync + 'static {
    /// Delivers one event.
    async fn publish(&self, event: &ChangeEvent) -> Result<(), BoxError>;
}
