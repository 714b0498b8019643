//! Values dynorm fills in when a model is written: uuids
//! (`#[dynorm(generate = "uuid_v4" | "uuid_v7")]`) and timestamps
//! (`#[dynorm(created_at)]`, `#[dynorm(updated_at)]`).
//!
//! They are applied to the item being written (see
//! [`ModelSchema::apply_generated`](crate::ModelSchema::apply_generated)):
//! a uuid or `created_at` only when the attribute is unset, `updated_at` on
//! every write. "Unset" means absent, `NULL`, an empty string, the nil uuid,
//! or the Unix epoch (`Timestamp::default()`, `EpochSeconds::default()`).

use super::timestamp::{Timestamp, TimestampEncoding};
use crate::value::{Number, Value};

/// What a generated attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GeneratedKind {
    /// A random (version 4) uuid, hyphenated text.
    UuidV4,
    /// A time-ordered (version 7) uuid, hyphenated text.
    UuidV7,
    /// The time the item was first written.
    CreatedAt,
    /// The time the item was last written.
    UpdatedAt,
}

/// One generated attribute of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GeneratedField {
    /// The Rust field name.
    pub field: &'static str,
    /// The attribute name (the field's serde name).
    pub attribute: &'static str,
    /// What is generated.
    pub kind: GeneratedKind,
    /// For timestamps, how the attribute is stored; `None` for uuids.
    pub encoding: Option<TimestampEncoding>,
}

impl GeneratedField {
    /// The encoding of a uuid field (none); lets the derive require
    /// [`UuidField`] of the field's type at compile time.
    #[doc(hidden)]
    pub const fn uuid_encoding<T: UuidField>() -> Option<TimestampEncoding> {
        None
    }

    /// Whether a stored value counts as unset (absent values are unset too).
    pub fn is_unset(&self, value: &Value) -> bool {
        match value {
            Value::Null => true,
            Value::S(s) if s.is_empty() => true,
            Value::S(s) => match self.kind {
                GeneratedKind::UuidV4 | GeneratedKind::UuidV7 => {
                    uuid::Uuid::parse_str(s).is_ok_and(|u| u.is_nil())
                }
                GeneratedKind::CreatedAt | GeneratedKind::UpdatedAt => {
                    Timestamp::parse(s).is_ok_and(|t| t == Timestamp::UNIX_EPOCH)
                }
            },
            Value::N(n) => *n == Number::from(0u8),
            _ => false,
        }
    }

    /// A fresh value for this attribute; `now` for timestamps.
    pub fn generate(&self, now: Timestamp) -> Value {
        match self.kind {
            GeneratedKind::UuidV4 => Value::S(uuid::Uuid::new_v4().hyphenated().to_string()),
            GeneratedKind::UuidV7 => Value::S(uuid::Uuid::now_v7().hyphenated().to_string()),
            GeneratedKind::CreatedAt | GeneratedKind::UpdatedAt => self
                .encoding
                .unwrap_or(TimestampEncoding::Rfc3339)
                .encode(now),
        }
    }
}

/// The field types a `#[dynorm(generate = "uuid_v4" | "uuid_v7")]` field may
/// have: `String`, `uuid::Uuid` or an `Option` of them (stored as hyphenated text).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a generated uuid",
    label = "expected String, uuid::Uuid or an Option of them"
)]
pub trait UuidField {}

impl UuidField for String {}
impl UuidField for uuid::Uuid {}
impl<T: UuidField> UuidField for Option<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: GeneratedField = GeneratedField {
        field: "id",
        attribute: "id",
        kind: GeneratedKind::UuidV7,
        encoding: None,
    };
    const CREATED: GeneratedField = GeneratedField {
        field: "created",
        attribute: "created",
        kind: GeneratedKind::CreatedAt,
        encoding: Some(TimestampEncoding::EpochMillis),
    };

    #[test]
    fn unset_values() {
        assert!(ID.is_unset(&Value::from("")));
        assert!(ID.is_unset(&Value::Null));
        assert!(ID.is_unset(&Value::from(uuid::Uuid::nil().to_string())));
        assert!(!ID.is_unset(&Value::from("u-1")));
        assert!(CREATED.is_unset(&Value::from(0)));
        assert!(!CREATED.is_unset(&Value::from(5)));
        assert!(CREATED.is_unset(&Value::from("1970-01-01T00:00:00.000000Z")));
    }

    #[test]
    fn generates_by_kind() {
        let now = Timestamp::from_unix_micros(1_500_000);
        assert_eq!(CREATED.generate(now), Value::from(1_500));
        let Value::S(id) = ID.generate(now) else {
            panic!("uuid is text")
        };
        assert_eq!(
            uuid::Uuid::parse_str(&id).map(|u| u.get_version_num()).ok(),
            Some(7)
        );
    }
}
