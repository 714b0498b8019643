//! Models for the lifecycle scenarios: generated values, hooks and size limits.

use dynorm::attributes::{EpochMillis, EpochSeconds, Timestamp};
use dynorm::model::Hooks;
use dynorm::{BoxError, Item, Model, Update, Value};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
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

/// Why a hook of [`Guarded`] refused: the error type its `before_save` and
/// `before_delete` return, which scenarios downcast from `Error::Hook`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `before_save` of an item with an empty title.
    EmptyTitle {
        /// The item's id.
        id: String,
    },
    /// `before_delete` of an item whose id starts with `keep`.
    Kept {
        /// The item's id.
        id: String,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::EmptyTitle { id } => write!(f, "guarded {id}: empty title"),
            Refusal::Kept { id } => write!(f, "guarded {id}: kept items cannot be deleted"),
        }
    }
}

impl std::error::Error for Refusal {}

/// The body that makes `Guarded::after_load` fail the read, with a plain
/// message ([`UNREADABLE_MESSAGE`]).
pub const UNREADABLE_BODY: &str = "unreadable";

/// The message `Guarded::after_load` fails with.
pub const UNREADABLE_MESSAGE: &str = "guarded: this body cannot be loaded";

/// A model whose `before_save` rejects empty titles and upper-cases the
/// stored title, whose `before_delete` refuses ids starting with `keep`
/// (both with a [`Refusal`]), whose `after_load` fails for the body
/// [`UNREADABLE_BODY`] and whose `after_delete` logs the ids deleted
/// ([`deleted_log`]).
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
    fn before_save(&self, item: &mut Item) -> Result<(), BoxError> {
        if self.title.is_empty() {
            return Err(Refusal::EmptyTitle {
                id: self.id.clone(),
            }
            .into());
        }
        item.insert("title", self.title.to_uppercase());
        Ok(())
    }

    fn after_load(&mut self) -> Result<(), BoxError> {
        if self.body == UNREADABLE_BODY {
            return Err(UNREADABLE_MESSAGE.into());
        }
        self.loaded = true;
        Ok(())
    }

    fn before_delete(key: &Item) -> Result<(), BoxError> {
        match key.get("id").and_then(Value::as_str) {
            Some(id) if id.starts_with("keep") => Err(Refusal::Kept { id: id.to_owned() }.into()),
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

/// Every hook call recorded by [`Audited`] and [`Unhooked`], per run: the
/// partition key of the items (a run id unique to one test, so that tests
/// running at the same time in one process never see each other's calls).
fn hook_log() -> &'static Mutex<HashMap<String, Vec<String>>> {
    static LOG: OnceLock<Mutex<HashMap<String, Vec<String>>>> = OnceLock::new();
    LOG.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Records `"{hook}:{name}"` for the run of an item key or item.
fn record(hook: &str, item: &Item) {
    let text = |name: &str| {
        item.get(name)
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned()
    };
    hook_log()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .entry(text("run"))
        .or_default()
        .push(format!("{hook}:{}", text("name")));
}

/// Takes the hook calls recorded for `run` so far, in the order made (and
/// forgets them, so a test can check one operation at a time).
pub fn take_hook_calls(run: &str) -> Vec<String> {
    hook_log()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .remove(run)
        .unwrap_or_default()
}

/// The error a `before_*` hook of [`Audited`] vetoes with: which hook
/// refused which item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vetoed {
    /// The hook's name (`before_save`, ...).
    pub hook: &'static str,
    /// The item's name.
    pub name: String,
}

impl fmt::Display for Vetoed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "audited {} refused by {}", self.name, self.hook)
    }
}

impl std::error::Error for Vetoed {}

/// Vetoes items whose name starts with `veto`.
fn veto(hook: &'static str, item: &Item) -> Result<(), BoxError> {
    match item.get("name").and_then(Value::as_str) {
        Some(name) if name.starts_with("veto") => Err(Vetoed {
            hook,
            name: name.to_owned(),
        }
        .into()),
        _ => Ok(()),
    }
}

/// Implements every hook of [`Hooks`] by recording the call; the `before_*`
/// hooks veto items whose name starts with `veto` (with a [`Vetoed`]).
macro_rules! recording_hooks {
    ($model:ty) => {
        impl Hooks for $model {
            fn before_save(&self, item: &mut Item) -> Result<(), BoxError> {
                record("before_save", item);
                veto("before_save", item)
            }

            fn after_save(&self, item: &Item) {
                record("after_save", item);
            }

            fn before_update(key: &Item, _update: &mut Update) -> Result<(), BoxError> {
                record("before_update", key);
                veto("before_update", key)
            }

            fn after_update(key: &Item, _returned: Option<&Item>) {
                record("after_update", key);
            }

            fn before_delete(key: &Item) -> Result<(), BoxError> {
                record("before_delete", key);
                veto("before_delete", key)
            }

            fn after_delete(key: &Item, _old: Option<&Item>) {
                record("after_delete", key);
            }

            fn after_load(&mut self) -> Result<(), BoxError> {
                let key = Item::new()
                    .with("run", self.run.as_str())
                    .with("name", self.name.as_str());
                record("after_load", &key);
                Ok(())
            }
        }
    };
}

/// A model implementing every hook, each recording its call
/// ([`take_hook_calls`]); `before_save`, `before_update` and `before_delete`
/// veto items whose name starts with `veto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "audited", hooks)]
pub struct Audited {
    /// The test's run id: hook calls are recorded under it.
    #[dynorm(partition_key)]
    pub run: String,
    /// The item's name, as recorded (`veto…` is vetoed).
    #[dynorm(sort_key)]
    pub name: String,
    /// A payload.
    pub value: String,
}

recording_hooks!(Audited);

impl Audited {
    /// An item of a run.
    pub fn new(run: &str, name: &str, value: &str) -> Audited {
        Audited {
            run: run.to_owned(),
            name: name.to_owned(),
            value: value.to_owned(),
        }
    }
}

/// The same recording hooks as [`Audited`], turned off for the model with
/// `#[dynorm(skip_hooks)]`: none of them may ever run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "unhooked", hooks, skip_hooks)]
pub struct Unhooked {
    /// The test's run id.
    #[dynorm(partition_key)]
    pub run: String,
    /// The item's name.
    #[dynorm(sort_key)]
    pub name: String,
    /// A payload.
    pub value: String,
}

recording_hooks!(Unhooked);

impl Unhooked {
    /// An item of a run.
    pub fn new(run: &str, name: &str, value: &str) -> Unhooked {
        Unhooked {
            run: run.to_owned(),
            name: name.to_owned(),
            value: value.to_owned(),
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
    /// Set on every write, as epoch milliseconds.
    #[dynorm(updated_at)]
    pub updated: Option<EpochMillis>,
}
