//! The models the scenarios use: the same code runs on every backend.

use dynorm::Model;
use serde::{Deserialize, Serialize};

/// A user in a single-table design: templated keys, an entity type and a sparse GSI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}", sk = "PROFILE", entity = "User")]
#[dynorm(global_index(name = "TenantIndex", pk = "TENANT#{tenant}", sk = "USER#{id}"))]
pub struct User {
    /// User id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Age in years.
    pub age: u32,
    /// Tenant (absent users are not in `TenantIndex`).
    pub tenant: Option<String>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl User {
    /// A user with no tenant and no tags.
    pub fn new(id: &str, name: &str, age: u32) -> User {
        User {
            id: id.to_owned(),
            name: name.to_owned(),
            age,
            tenant: None,
            tags: Vec::new(),
        }
    }
}

/// An order sharing the `app` table with [`User`]: one partition per user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(
    table = "app",
    pk = "USER#{user_id}",
    sk = "ORDER#{order_id}",
    entity = "Order"
)]
#[dynorm(global_index(name = "TenantIndex", pk = "TENANT#{tenant}", sk = "ORDER#{order_id}"))]
pub struct Order {
    /// Owner.
    pub user_id: String,
    /// Order id (zero-padded so that string order is numeric order).
    pub order_id: String,
    /// Total in cents.
    pub total: i64,
    /// Tenant.
    pub tenant: Option<String>,
}

/// A model whose keys are plain fields (pydynox style), with a numeric sort key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "events")]
pub struct Event {
    /// Partition key.
    #[dynorm(partition_key)]
    pub stream: String,
    /// Sort key.
    #[dynorm(sort_key)]
    pub seq: u64,
    /// Payload.
    pub kind: String,
    /// Optional payload bytes.
    #[serde(default, with = "serde_bytes")]
    pub data: Option<Vec<u8>>,
}

/// A model with only a partition key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "counters")]
pub struct Counter {
    /// Partition key.
    #[dynorm(partition_key)]
    pub name: String,
    /// Current value.
    pub value: i64,
}
