//! Typed keys.

use crate::backend::KeyType;
use crate::value::{Item, Value};
use std::fmt;
use std::marker::PhantomData;

/// A Rust type that can be a key attribute (S, N or B).
///
/// `#[derive(Model)]` uses this to give a plain-field key its DynamoDB type;
/// a field of any other type cannot be a key (a compile error).
pub trait KeyValue {
    /// The scalar type of the attribute.
    const KEY_TYPE: KeyType;
}

macro_rules! key_value {
    ($kt:ident: $($t:ty),*) => {$(
        impl KeyValue for $t { const KEY_TYPE: KeyType = KeyType::$kt; }
    )*};
}
key_value!(S: String, str, &str, uuid::Uuid);
key_value!(N: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, crate::Number, rust_decimal::Decimal);
key_value!(B: Vec<u8>, [u8]);

/// The primary key of one item of model `M`.
///
/// Built by the derive's `M::key(...)` from key values alone, or from a whole
/// model with [`Model::key`](super::Model::key).
pub struct Key<M> {
    item: Item,
    marker: PhantomData<fn() -> M>,
}

impl<M> Key<M> {
    /// Wraps key attributes (not checked against the schema until used).
    pub fn from_item(item: Item) -> Key<M> {
        Key {
            item,
            marker: PhantomData,
        }
    }

    /// The key attributes.
    pub fn as_item(&self) -> &Item {
        &self.item
    }

    /// The key attributes, owned.
    pub fn into_item(self) -> Item {
        self.item
    }
}

impl<M> Clone for Key<M> {
    fn clone(&self) -> Self {
        Key::from_item(self.item.clone())
    }
}

impl<M> PartialEq for Key<M> {
    fn eq(&self, other: &Self) -> bool {
        self.item == other.item
    }
}

impl<M> fmt::Debug for Key<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({})", crate::value::display_key(&self.item))
    }
}

/// The partition key value of model `M` (of its table, or of one of its
/// indexes), to query one partition.
pub struct Partition<M> {
    /// The index whose partition this is; `None` for the table.
    pub index: Option<&'static str>,
    /// Partition key attribute name.
    pub attribute: &'static str,
    /// Its value.
    pub value: Value,
    marker: PhantomData<fn() -> M>,
}

impl<M> Partition<M> {
    /// A partition of the model's table.
    pub fn new(attribute: &'static str, value: Value) -> Partition<M> {
        Partition {
            index: None,
            attribute,
            value,
            marker: PhantomData,
        }
    }

    /// A partition of one of the model's secondary indexes.
    pub fn for_index(index: &'static str, attribute: &'static str, value: Value) -> Partition<M> {
        Partition {
            index: Some(index),
            attribute,
            value,
            marker: PhantomData,
        }
    }
}

impl<M> Clone for Partition<M> {
    fn clone(&self) -> Self {
        Partition {
            index: self.index,
            attribute: self.attribute,
            value: self.value.clone(),
            marker: PhantomData,
        }
    }
}

impl<M> fmt::Debug for Partition<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Partition({} = {:?})", self.attribute, self.value)
    }
}
