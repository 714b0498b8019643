//! # dynorm
//!
//! Typed models for Amazon DynamoDB that run unchanged on any backend: the
//! in-process memory backend (`dynorm-memory`) for unit tests and embedded use,
//! and DynamoDB itself (`dynorm-dynamodb`).
//!
//! ```
//! use dynorm::{attr, Item, Update};
//! // Expressions are typed trees; backends evaluate or render them.
//! let cond = attr("age").ge(18) & attr("status").is_in(["active", "trial"]);
//! let update = Update::new().set("name", "Ann").add("logins", 1);
//! # let _ = (cond, update, Item::new());
//! ```
//!
//! Models name their attributes through typed paths instead of strings, so a
//! misspelt field does not compile:
//!
//! ```
//! use dynorm::{attr, Model, Update};
//! # use serde::{Deserialize, Serialize};
//! #[derive(Serialize, Deserialize, Model)]
//! #[dynorm(table = "app", pk = "USER#{id}")]
//! struct User { id: String, age: u32, tags: Vec<String> }
//!
//! let f = User::fields();
//! assert_eq!(f.age.ge(18), attr("age").ge(18));
//! assert_eq!(Update::new().remove(f.tags.at(0)), Update::new().remove("tags[0]"));
//! ```

pub mod attributes;
pub mod backend;
pub mod blob;
pub mod client;
pub mod encryption;
pub mod error;
pub mod expr;
pub mod layers;
pub mod model;
pub mod partiql;
pub mod rules;
pub mod value;
pub mod versioned;

pub use backend::Backend;
pub use client::{default_client, set_default_client, Client, ClientBuilder, Table};
pub use error::{BoxError, CancellationCode, CancellationReason, Error, ErrorContext, Result};
pub use expr::{attr, Attributes, Condition, FieldPath, Path, Update};
pub use model::{Key, Model, ModelSchema, Partition};
pub use value::{
    from_item, from_value, item_size, to_item, to_value, BinarySet, Bytes, CodecError, Item,
    Number, NumberError, NumberSet, StringSet, Value, ValueType,
};

/// `#[derive(Model)]`: `impl Model` (with its [`schema`](Model::schema)),
/// `M::key(..)`, `M::partition(..)`, `M::<index>_partition(..)` and the typed
/// paths `M::fields()` ([`FieldPath`]s in a generated `MFields`); every
/// generated item, struct option and field option is listed below.
pub use dynorm_derive::Model;
