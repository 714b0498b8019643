//! `#[serde(with = "dynorm::value::decimal")]`: stores a
//! `rust_decimal::Decimal` as `N` (rust_decimal's own serde writes a string).
//!
//! ```
//! use rust_decimal::Decimal;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, PartialEq, Debug)]
//! struct Price {
//!     #[serde(with = "dynorm::value::decimal")]
//!     amount: Decimal,
//! }
//!
//! let price = Price { amount: "19.99".parse().unwrap() };
//! let item = dynorm::to_item(&price).unwrap();
//! assert_eq!(item.get("amount"), Some(&dynorm::Value::N("19.99".parse().unwrap())));
//! assert_eq!(dynorm::from_item::<Price>(item).unwrap(), price);
//! ```

use super::Number;
use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Serializes a `Decimal` as a number (`N`).
pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    Number::from(*value).serialize(serializer)
}

/// Deserializes a `Decimal` from a number (or numeric text); an error when it
/// does not fit in a `Decimal` (more than 28 fractional digits, or too large).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    Number::deserialize(deserializer)?
        .to_decimal()
        .map_err(de::Error::custom)
}

/// The same for `Option<Decimal>`: `None` is an absent attribute (or `NULL`).
///
/// Use with `#[serde(default, with = "dynorm::value::decimal::option")]`.
pub mod option {
    use super::*;

    /// Serializes `Some(decimal)` as `N` and `None` as none.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(d) => serializer.serialize_some(&Number::from(*d)),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes an optional `Decimal`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        Option::<Number>::deserialize(deserializer)?
            .map(|n| n.to_decimal().map_err(de::Error::custom))
            .transpose()
    }
}
