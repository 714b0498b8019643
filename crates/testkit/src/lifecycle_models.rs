//! Models for the lifecycle scenarios: generated values, hooks and size limits.

use dynorm::attributes::{EpochMillis, EpochSeconds, Timestamp};
use dynorm::model::Hooks;
use dynorm::{Error, Item, Model, Result};
use serde::{Deserialize, Serialize};

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

/// A model whose `before_save` rejects empty titles and upper-cases the stored title.
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
