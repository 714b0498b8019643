//! The models of the optimistic-locking, unique-field and lease scenarios.

use dynorm::Model;
use serde::{Deserialize, Serialize};

/// A versioned document (`#[dynorm(version)]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "docs", pk = "DOC#{id}", sk = "DOC")]
pub struct Doc {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// How many saves changed it (the race scenario counts with it).
    #[serde(default)]
    pub edits: u64,
    /// The version dynorm counts.
    #[dynorm(version)]
    pub version: u64,
}

impl Doc {
    /// A new document (version 0: never saved).
    pub fn new(id: &str, title: &str) -> Doc {
        Doc {
            id: id.to_owned(),
            title: title.to_owned(),
            edits: 0,
            version: 0,
        }
    }
}

/// An account with two unique fields, one optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(
    table = "accounts",
    pk = "ACCOUNT#{id}",
    sk = "ACCOUNT",
    entity = "Account"
)]
pub struct Account {
    /// Id.
    pub id: String,
    /// Unique email.
    #[dynorm(unique)]
    pub email: String,
    /// Unique handle, when the account has one.
    #[dynorm(unique)]
    pub handle: Option<String>,
    /// Not unique.
    pub name: String,
}

impl Account {
    /// An account without a handle.
    pub fn new(id: &str, email: &str) -> Account {
        Account {
            id: id.to_owned(),
            email: email.to_owned(),
            handle: None,
            name: format!("account {id}"),
        }
    }
}

/// The table leases live in (only its key matters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "locks")]
pub struct LockRow {
    /// Partition key.
    #[dynorm(partition_key)]
    pub pk: String,
}
