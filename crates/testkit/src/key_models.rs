//! Seed 003's models with field-list keys, written by the key conventions
//! (`dynorm::model::conventions`): each type keeps the seed's name, which
//! the partition key's entity suffix uses.

use dynorm::Model;
use serde::{Deserialize, Serialize};

/// Seed 003's `User` under the defaults: `pk` is `id#123#user`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "users", partition_key = [id])]
pub struct User {
    /// Key field.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// Seed 003's schema-level `User` (`key_separator: "_"`, `prefix_sort_key:
/// true`, `suffix_partition_key: false`): `tenant_id_acme` / `user_id_123`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "tenant_users", partition_key = [tenant_id], sort_key = [user_id],
         key_separator = "_", prefix_sort_key = true, suffix_partition_key = false)]
pub struct TenantUser {
    /// Partition key field.
    pub tenant_id: String,
    /// Sort key field.
    pub user_id: String,
    /// Display name.
    pub name: String,
}

/// Seed 003's `Product` (defaults): `category#electronics#product` / `P123`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "products", partition_key = [category], sort_key = [product_id])]
pub struct Product {
    /// Partition key field.
    pub category: String,
    /// Sort key field.
    pub product_id: String,
    /// Name.
    pub name: String,
    /// Price in whole units.
    pub price: u32,
}

/// Seed 003's `Order`, keyed `partition_key [:customer_id, :order_date]`,
/// `sort_key [:order_id]`: `customer_id#C123#order_date#2024-01-15#order` /
/// `order_id#ORD-456`. The seed writes this sort key with the field name,
/// which its conventions do under `prefix_sort_key`, set here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "orders", partition_key = [customer_id, order_date], sort_key = [order_id],
         prefix_sort_key = true)]
pub struct Order {
    /// Partition key field.
    pub customer_id: String,
    /// Partition key field.
    pub order_date: String,
    /// Sort key field.
    pub order_id: String,
    /// Total in cents.
    pub total: u64,
}

/// A composite sort key `[created_at, id]` (seed 003's sort key example),
/// under the defaults: `2024-01-15#123`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "events", partition_key = [device], sort_key = [created_at, id])]
pub struct Event {
    /// Partition key field.
    pub device: String,
    /// First sort key field.
    pub created_at: String,
    /// Second sort key field (a number: its digits in the key).
    pub id: u64,
    /// Payload.
    pub reading: i64,
}

/// [`Event`]'s keys with `prefix_sort_key`: `created_at#2024-01-15#id#123`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "audit_events", partition_key = [device], sort_key = [created_at, id],
         prefix_sort_key = true)]
pub struct AuditEvent {
    /// Partition key field.
    pub device: String,
    /// First sort key field.
    pub created_at: String,
    /// Second sort key field.
    pub id: u64,
}

/// A table with a partition key alone (`table_has_sort_key = false`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "sessions", partition_key = [id], table_has_sort_key = false,
         partition_key_name = "session_pk")]
pub struct Session {
    /// Key field.
    pub id: String,
    /// Expiry as text.
    pub expires_at: String,
}
