//! Private newtype-struct names the dynorm serializer and deserializer
//! recognise, so wrapper types can ask for `SS`, `NS`, `BS`, `N` and `B`, and
//! a `Value` can ask to be read with its type.
//!
//! Other serializers (serde_json...) treat these as ordinary newtype structs
//! and see only the inner value.

/// Marks a sequence to store as a string set (`SS`).
pub(crate) const STRING_SET: &str = "$dynorm::SS";
/// Marks a sequence to store as a number set (`NS`).
pub(crate) const NUMBER_SET: &str = "$dynorm::NS";
/// Marks a sequence to store as a binary set (`BS`).
pub(crate) const BINARY_SET: &str = "$dynorm::BS";
/// Marks a number's text to store as `N`.
pub(crate) const NUMBER: &str = "$dynorm::N";
/// Marks a byte string to store as `B` (base64 text in human-readable formats).
pub(crate) const BINARY: &str = "$dynorm::B";
/// Marks a [`Value`](super::Value) read with its DynamoDB type kept.
pub(crate) const VALUE: &str = "$dynorm::Value";
