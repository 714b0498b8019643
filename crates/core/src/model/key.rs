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
key_value!(B: Vec<u8>, [u8], crate::Bytes);

/// The primary key of one item of model `M`.
///
/// Built by the derive's `M::key(...)` from key values alone, or from a whole
/// model with [`Model::key`](super::Model::key). Besides the key attributes
/// it keeps the values of the fields a templated key is built from
/// ([`source_fields`](Key::source_fields)), so that an update creating the
/// item writes them too and the item decodes as the model.
///
/// ```
/// use dynorm::{Model, Value};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Model)]
/// #[dynorm(table = "app", pk = "USER#{id}", sk = "PROFILE")]
/// struct User {
///     id: String,
/// }
///
/// let key = User::key("42");
/// assert_eq!(key.as_item().get("pk"), Some(&Value::from("USER#42")));
/// assert_eq!(key.source_fields().get("id"), Some(&Value::from("42")));
/// ```
pub struct Key<M> {
    item: Item,
    fields: Item,
    marker: PhantomData<fn() -> M>,
}

impl<M> Key<M> {
    /// Wraps key attributes (not checked against the schema until used).
    pub fn from_item(item: Item) -> Key<M> {
        Key::with_source_fields(item, Item::new())
    }

    /// Key attributes and the values of the fields their templates are
    /// built from, by attribute name.
    pub fn with_source_fields(item: Item, fields: Item) -> Key<M> {
        Key {
            item,
            fields,
            marker: PhantomData,
        }
    }

    /// The values of the fields the key's templates are built from, by
    /// attribute name (empty for keys made of plain fields, and for keys
    /// built with [`from_item`](Key::from_item)).
    pub fn source_fields(&self) -> &Item {
        &self.fields
    }

    /// The key attributes and the source fields, owned.
    pub fn into_parts(self) -> (Item, Item) {
        (self.item, self.fields)
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
        Key::with_source_fields(self.item.clone(), self.fields.clone())
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
