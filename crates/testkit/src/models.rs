//! The models the scenarios use: the same code runs on every backend.

use dynorm::{Attributes, Model};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// A postal address, stored as a map inside [`Member`]; its fields have
/// typed paths (`Member::fields().address.fields().city`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Attributes)]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    /// Street and number, stored as `streetLine`.
    pub street_line: String,
    /// City.
    pub city: String,
    /// Postcode, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

/// A team member, reached through typed paths: a renamed field, a nested
/// struct, a list, a map and a field serde skips. One partition per team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(
    table = "teams",
    pk = "TEAM#{team}",
    sk = "MEMBER#{id}",
    entity = "Member"
)]
pub struct Member {
    /// Team (the partition).
    pub team: String,
    /// Member id.
    pub id: String,
    /// Display name, stored as `displayName`.
    #[serde(rename = "displayName")]
    pub name: String,
    /// Age in years.
    #[serde(default)]
    pub age: u32,
    /// Where the member lives.
    #[serde(default)]
    pub address: Address,
    /// Roles, most important first.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Points per quarter.
    #[serde(default)]
    pub points: BTreeMap<String, i64>,
    /// Not stored: no typed path.
    #[serde(skip)]
    pub session: Option<String>,
}

impl Member {
    /// A member living in `city`, with one role and no points.
    pub fn new(team: &str, id: &str, name: &str, age: u32, city: &str) -> Member {
        Member {
            team: team.to_owned(),
            id: id.to_owned(),
            name: name.to_owned(),
            age,
            address: Address {
                street_line: format!("{id} Main Street"),
                city: city.to_owned(),
                postcode: Some("0150".to_owned()),
            },
            roles: vec!["member".to_owned()],
            points: BTreeMap::new(),
            session: None,
        }
    }
}

/// Seed 003's product: plain-field keys (`category_id`, `product_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "products")]
pub struct Product {
    /// Partition key.
    #[dynorm(partition_key)]
    pub category_id: String,
    /// Sort key.
    #[dynorm(sort_key)]
    pub product_id: String,
    /// Name (a reserved word in DynamoDB's expressions).
    pub name: String,
    /// Price in whole units.
    pub price: u32,
    /// Items in stock.
    pub stock: u32,
    /// For sale.
    pub active: bool,
}
