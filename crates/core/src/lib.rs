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

pub mod attributes;
pub mod backend;
pub mod blob;
pub mod client;
pub mod error;
pub mod expr;
pub mod model;
pub mod value;

pub use backend::Backend;
pub use client::{default_client, set_default_client, Client, ClientBuilder, Table};
pub use error::{CancellationCode, CancellationReason, Error, ErrorContext, Result};
pub use expr::{attr, Condition, Path, Update};
pub use model::{Key, Model, ModelSchema, Partition};
pub use value::{
    from_item, from_value, item_size, to_item, to_value, BinarySet, Bytes, CodecError, Item,
    Number, NumberError, NumberSet, StringSet, Value, ValueType,
};

/// `#[derive(Model)]`: see the `dynorm-derive` crate for its options.
pub use dynorm_derive::Model;
