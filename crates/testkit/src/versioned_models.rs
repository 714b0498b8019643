//! The versioned models of the versioned scenarios: seed 004's book, in
//! rococo's storage format.

use dynorm::versioned::{ChangedOn, Json, ZERO_VERSION};
use dynorm::Model;
use serde::{Deserialize, Serialize};

/// A book of the Book Library Tracker (rococo's `Book(VersionedModel)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "book", versioned)]
pub struct Book {
    /// The entity (uuid4 hex).
    pub entity_id: String,
    /// This version (uuid4 hex).
    pub version: String,
    /// The version this one replaced.
    pub previous_version: String,
    /// False once soft-deleted.
    pub active: bool,
    /// Who saved this version.
    pub changed_by_id: String,
    /// When.
    pub changed_on: ChangedOn,
    /// Title.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// `to_read`, `reading` or `finished`.
    pub status: Option<String>,
    /// 1 to 5 stars.
    pub rating: Option<i64>,
    /// Shelves (a list, `L`).
    pub shelves: Option<Vec<String>>,
    /// Free-form details (a `dict` in rococo: JSON text).
    pub details: Option<Json<serde_json::Value>>,
    /// How many saves the concurrency scenario made.
    pub saves: Option<i64>,
}

impl Book {
    /// A book never saved: no entity id yet, the zero version, `to_read`.
    pub fn new(title: &str, author: &str) -> Book {
        Book {
            entity_id: String::new(),
            version: ZERO_VERSION.to_owned(),
            previous_version: ZERO_VERSION.to_owned(),
            active: true,
            changed_by_id: ZERO_VERSION.to_owned(),
            changed_on: ChangedOn::now(),
            title: Some(title.to_owned()),
            author: Some(author.to_owned()),
            status: Some("to_read".to_owned()),
            rating: None,
            shelves: None,
            details: None,
            saves: None,
        }
    }
}

/// A versioned model whose audit table is named explicitly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "ledger", versioned(audit_table = "ledger_history"))]
pub struct LedgerEntry {
    /// The entity.
    pub entity_id: String,
    /// This version.
    pub version: String,
    /// The version this one replaced.
    pub previous_version: String,
    /// False once soft-deleted.
    pub active: bool,
    /// Who saved this version.
    pub changed_by_id: String,
    /// When, as the text rococo writes.
    pub changed_on: String,
    /// Amount in cents.
    pub cents: i64,
}
