//! Models for the lifecycle scenarios: generated values, hooks and size limits.

use dynorm::attributes::{EpochMillis, EpochSeconds, Timestamp};
use dynorm::model::Hooks;
use dynorm::{Error, Item, Model, Result, Value};
use serde::{Deserialize, Serialize};
use std::sync::{Mutex, OnceLock};

/// A note with a generated uuid key and three kinds of timestamps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "notes")]
pub struct Note {
    /// Generated (uuid v7) when empty.
    #[dynorm(partition_key, generate = "uuid_v7")]
    pub id: String,
    /// Text.
    pub text: String,
    /// Set on the first write.
    #[dynorm(created_at)]
    pub created: Option<Timestamp>,
    /// Set on every write, as epoch milliseconds.
    #[dynorm(updated_at)]
    pub updated: Option<EpochMillis>,
    /// A plain epoch-seconds value, written as given.
    pub due: Option<EpochSeconds>,
}

impl Note {
    /// A note with no id and no timestamps yet.
    pub fn new(text: &str) -> Note {
        Note {
            id: String::new(),
            text: text.to_owned(),
            created: None,
            updated: None,
            due: None,
        }
    }
}

/// A model whose `before_save` rejects empty titles and upper-cases the
/// stored title, whose `before_delete` refuses ids starting with `keep`, and
/// whose `after_delete` logs the ids deleted ([`deleted_log`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "guarded", hooks, max_size = 300)]
pub struct Guarded {
    /// Key.
    #[dynorm(partition_key)]
    pub id: String,
    /// Must not be empty.
    pub title: String,
    /// Filled to test the size limit.
    pub body: String,
    /// Set by `after_load`.
    #[serde(skip)]
    pub loaded: bool,
}

impl Hooks for Guarded {
    fn before_save(&self, item: &mut Item) -> Result<()> {
        if self.title.is_empty() {
            return Err(Error::validation(format!(
                "guarded {}: empty title",
                self.id
            )));
        }
        item.insert("title", self.title.to_uppercase());
        Ok(())
    }

    fn after_load(&mut self) -> Result<()> {
        self.loaded = true;
        Ok(())
    }

    fn before_delete(key: &Item) -> Result<()> {
        match key.get("id").and_then(Value::as_str) {
            Some(id) if id.starts_with("keep") => Err(Error::validation(format!(
                "guarded {id}: kept items cannot be deleted"
            ))),
            _ => Ok(()),
        }
    }

    fn after_delete(key: &Item, _old: Option<&Item>) {
        if let Some(id) = key.get("id").and_then(Value::as_str) {
            deleted_log()
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(id.to_owned());
        }
    }
}

/// The ids `Guarded::after_delete` saw, in order, across every test of the process.
pub fn deleted_log() -> &'static Mutex<Vec<String>> {
    static LOG: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    LOG.get_or_init(|| Mutex::new(Vec::new()))
}

/// Whether `Guarded::after_delete` saw this id.
pub fn was_deleted(id: &str) -> bool {
    deleted_log()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .any(|d| d == id)
}

impl Guarded {
    /// A guarded item.
    pub fn new(id: &str, title: &str, body: &str) -> Guarded {
        Guarded {
            id: id.to_owned(),
            title: title.to_owned(),
            body: body.to_owned(),
            loaded: false,
        }
    }
}

/// A ticket: a plain key, a generated uuid v4 reference that is not a key
/// attribute, and both timestamps; for updates that create the item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "tickets")]
pub struct Ticket {
    /// Key.
    #[dynorm(partition_key)]
    pub id: String,
    /// Generated (uuid v4) when empty, and on an update that creates the item.
    #[dynorm(generate = "uuid_v4")]
    pub reference: String,
    /// Text.
    #[serde(default)]
    pub text: String,
    /// Set on the first write, an update that creates the item included.
    #[dynorm(created_at)]
    pub created: Option<Timestamp>,
    /// Set on every write, as epoch seconds.
    #[dynorm(updated_at)]
    pub updated: Option<EpochSeconds>,
}
