//! [`KeyValue`]: a scalar key value (S, N or B) ordered as DynamoDB orders keys,
//! and [`OrderKey`], the position of an item in a table or index.

use dynorm::backend::KeyType;
use dynorm::{Number, Value};

/// A key attribute's value. Ordered like DynamoDB: numbers numerically,
/// strings by their UTF-8 bytes, binaries as unsigned bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum KeyValue {
    /// A number key.
    N(Number),
    /// A string key.
    S(String),
    /// A binary key.
    B(Vec<u8>),
}

impl KeyValue {
    /// The key value of a scalar; `None` for any other type.
    pub(crate) fn from_value(value: &Value) -> Option<KeyValue> {
        match value {
            Value::S(s) => Some(KeyValue::S(s.clone())),
            Value::N(n) => Some(KeyValue::N(n.clone())),
            Value::B(b) => Some(KeyValue::B(b.clone())),
            _ => None,
        }
    }

    /// Back to a [`Value`].
    pub(crate) fn to_value(&self) -> Value {
        match self {
            KeyValue::S(s) => Value::S(s.clone()),
            KeyValue::N(n) => Value::N(n.clone()),
            KeyValue::B(b) => Value::B(b.clone()),
        }
    }

    /// The key type of this value.
    pub(crate) fn key_type(&self) -> KeyType {
        match self {
            KeyValue::S(_) => KeyType::S,
            KeyValue::N(_) => KeyType::N,
            KeyValue::B(_) => KeyType::B,
        }
    }

    /// Bytes that identify the value, for hashing into scan segments.
    pub(crate) fn hash_bytes(&self) -> Vec<u8> {
        match self {
            KeyValue::S(s) => s.as_bytes().to_vec(),
            KeyValue::N(n) => n.to_string().into_bytes(),
            KeyValue::B(b) => b.clone(),
        }
    }
}

/// Where an item sits in a table or index: the index keys (for index reads)
/// followed by the table keys. Compared lexicographically.
pub(crate) type OrderKey = Vec<Option<KeyValue>>;

/// FNV-1a, a small stable hash (the same in every process), used to assign
/// partitions to parallel scan segments.
pub(crate) fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
