//! Serde deserializer from [`Value`].
//!
//! Works from owned values: strings, byte strings and maps are moved into the
//! result, never cloned. Typed requests convert exactly (`N` into an `i32`
//! fails when the number does not fit or has a fractional part); a value of
//! the wrong type is an error naming the expected and found types, and every
//! error names the attribute path where it happened.

use super::item::Content;
use super::{magic, CodecError, Item, Number, Value, ValueType};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::collections::btree_map;

/// Deserializes a `T` from a [`Value`].
///
/// ```
/// use dynorm::{from_value, Value};
/// let n: u16 = from_value(Value::from(300)).unwrap();
/// assert_eq!(n, 300);
/// assert!(from_value::<u8>(Value::from(300)).is_err());
/// ```
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, CodecError> {
    T::deserialize(ValueDeserializer(value))
}

/// Deserializes a `T` from an [`Item`].
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct User { id: u32, nickname: Option<String> }
///
/// let user: User = dynorm::from_item(dynorm::Item::new().with("id", 7)).unwrap();
/// assert_eq!((user.id, user.nickname), (7, None));
/// ```
pub fn from_item<T: DeserializeOwned>(item: Item) -> Result<T, CodecError> {
    from_item_without(item, &|_| false)
}

/// [`from_item`] leaving out the top-level attributes `skip` names (a
/// model's derived attributes; `skip` gets each name's UTF-8 bytes). An item
/// still in its packed form is read in place, without building its tree.
pub(crate) fn from_item_without<T: DeserializeOwned>(
    item: Item,
    skip: &dyn Fn(&[u8]) -> bool,
) -> Result<T, CodecError> {
    match item.into_content() {
        Content::Tree(mut map) => {
            map.retain(|name, _| !skip(name.as_bytes()));
            T::deserialize(ValueDeserializer(Value::M(Item::from(map))))
        }
        Content::Packed(packed) => super::packed_de::from_packed(&packed, skip),
    }
}

/// A deserializer over one owned [`Value`].
pub(super) struct ValueDeserializer(pub(super) Value);

fn mismatch(expected: &str, found: &Value) -> CodecError {
    mismatch_type(expected, found.value_type())
}

/// The error for a value of type `found` where `expected` was needed.
pub(super) fn mismatch_type(expected: &str, found: ValueType) -> CodecError {
    CodecError::custom(format!("type mismatch: expected {expected}, found {found}"))
}

/// Feeds a number to a visitor in the most faithful form serde offers.
pub(super) fn visit_number<'de, V: Visitor<'de>>(
    n: Number,
    visitor: V,
) -> Result<V::Value, CodecError> {
    if n.is_integer() {
        if n.is_negative() {
            if let Ok(v) = n.to_i64() {
                return visitor.visit_i64(v);
            }
            if let Ok(v) = n.to_i128() {
                return visitor.visit_i128(v);
            }
        } else {
            if let Ok(v) = n.to_u64() {
                return visitor.visit_u64(v);
            }
            if let Ok(v) = n.to_u128() {
                return visitor.visit_u128(v);
            }
        }
    }
    visitor.visit_f64(n.to_f64().map_err(CodecError::custom)?)
}

macro_rules! deserialize_int {
    ($($method:ident => $visit:ident : $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
            match self.0 {
                Value::N(n) => visitor.$visit(<$t>::try_from(&n).map_err(CodecError::custom)?),
                other => Err(mismatch(concat!("a number (N) for ", stringify!($t)), &other)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for ValueDeserializer {
    type Error = CodecError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::S(s) => visitor.visit_string(s),
            Value::N(n) => visit_number(n, visitor),
            Value::B(b) => visitor.visit_byte_buf(b),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Null => visitor.visit_unit(),
            Value::M(m) => visitor.visit_map(MapDeserializer::new(m)),
            Value::L(l) => visit_seq(l.into_iter(), visitor),
            Value::Ss(s) => visit_seq(s.into_iter().map(Value::S), visitor),
            Value::Ns(n) => visit_seq(n.into_iter().map(Value::N), visitor),
            Value::Bs(b) => visit_seq(b.into_iter().map(Value::B), visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::Bool(b) => visitor.visit_bool(b),
            other => Err(mismatch("a boolean (BOOL)", &other)),
        }
    }

    deserialize_int!(
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::N(n) => visitor.visit_f64(n.to_f64().map_err(CodecError::custom)?),
            other => Err(mismatch("a number (N) for f32", &other)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::N(n) => visitor.visit_f64(n.to_f64().map_err(CodecError::custom)?),
            other => Err(mismatch("a number (N) for f64", &other)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::S(s) => visitor.visit_string(s),
            other => Err(mismatch("a string (S)", &other)),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::B(b) => visitor.visit_byte_buf(b),
            Value::L(l) => visit_seq(l.into_iter(), visitor),
            other => Err(mismatch("binary (B)", &other)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(ValueDeserializer(other)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            other => Err(mismatch("NULL", &other)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        match (name, self.0) {
            (magic::NUMBER, Value::N(n)) => n.with_compact_text(|text| visitor.visit_str(text)),
            (magic::NUMBER, Value::S(s)) => visitor.visit_string(s),
            (magic::NUMBER, other) => Err(mismatch("a number (N)", &other)),
            (magic::BINARY, Value::B(b)) => visitor.visit_byte_buf(b),
            // A list of numbers, as a plain `Vec<u8>` field writes bytes.
            (magic::BINARY, Value::L(l)) => visit_seq(l.into_iter(), visitor),
            (magic::BINARY, other) => Err(mismatch("binary (B)", &other)),
            (magic::VALUE, value) => visitor.visit_enum(TypedValue(value)),
            (_, value) => visitor.visit_newtype_struct(ValueDeserializer(value)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::L(l) => visit_seq(l.into_iter(), visitor),
            Value::Ss(s) => visit_seq(s.into_iter().map(Value::S), visitor),
            Value::Ns(n) => visit_seq(n.into_iter().map(Value::N), visitor),
            Value::Bs(b) => visit_seq(b.into_iter().map(Value::B), visitor),
            Value::B(b) => visit_seq(b.into_iter().map(|x| Value::N(Number::from(x))), visitor),
            other => Err(mismatch("a list (L) or set (SS, NS, BS)", &other)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::M(m) => visitor.visit_map(MapDeserializer::new(m)),
            other => Err(mismatch("a map (M)", &other)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        match self.0 {
            Value::S(variant) => visitor.visit_enum(EnumDeserializer {
                variant,
                value: None,
            }),
            Value::M(m) if m.len() == 1 => {
                let mut entries = m.into_iter();
                match entries.next() {
                    Some((variant, value)) => visitor.visit_enum(EnumDeserializer {
                        variant,
                        value: Some(value),
                    }),
                    None => Err(CodecError::custom("an enum map must hold exactly one entry")),
                }
            }
            Value::M(m) => Err(CodecError::custom(format!(
                "an enum must be a string (S) or a map (M) with exactly one entry, found a map with {} entries",
                m.len()
            ))),
            other => Err(mismatch("an enum as a string (S) or single-entry map (M)", &other)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        drop(self.0);
        visitor.visit_unit()
    }
}

fn visit_seq<'de, I, V>(iter: I, visitor: V) -> Result<V::Value, CodecError>
where
    I: ExactSizeIterator<Item = Value>,
    V: Visitor<'de>,
{
    let mut seq = SeqDeserializer { iter, index: 0 };
    let out = visitor.visit_seq(&mut seq)?;
    let left = seq.iter.len();
    if left == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(
            seq.index + left,
            &"fewer elements in the list",
        ))
    }
}

/// Walks the members of an `L` or a set.
struct SeqDeserializer<I> {
    iter: I,
    index: usize,
}

impl<'de, I: ExactSizeIterator<Item = Value>> de::SeqAccess<'de> for SeqDeserializer<I> {
    type Error = CodecError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, CodecError> {
        match self.iter.next() {
            None => Ok(None),
            Some(v) => {
                let index = self.index;
                self.index += 1;
                seed.deserialize(ValueDeserializer(v))
                    .map(Some)
                    .map_err(|e| e.in_attribute(&format!("[{index}]")))
            }
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// Walks the attributes of an `M`.
struct MapDeserializer {
    iter: btree_map::IntoIter<String, Value>,
    pending: Option<(String, Value)>,
}

impl MapDeserializer {
    fn new(item: Item) -> MapDeserializer {
        MapDeserializer {
            iter: item.into_inner().into_iter(),
            pending: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for MapDeserializer {
    type Error = CodecError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CodecError> {
        match self.iter.next() {
            None => Ok(None),
            Some((key, value)) => {
                let k = seed
                    .deserialize(KeyDeserializer(&key))
                    .map_err(|e| e.in_attribute(&key))?;
                self.pending = Some((key, value));
                Ok(Some(k))
            }
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, CodecError> {
        match self.pending.take() {
            Some((key, value)) => seed
                .deserialize(ValueDeserializer(value))
                .map_err(|e| e.in_attribute(&key)),
            None => Err(CodecError::custom("map value requested before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// Deserializes an attribute name as a struct field, a string, an integer
/// (for maps with integer keys) or a unit variant.
pub(super) struct KeyDeserializer<'a>(pub(super) &'a str);

macro_rules! deserialize_key_int {
    ($($method:ident => $visit:ident : $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
            let v: $t = self.0.parse().map_err(|_| {
                CodecError::custom(format!(
                    "map key `{}` is not a valid {}", self.0, stringify!($t)
                ))
            })?;
            visitor.$visit(v)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_> {
    type Error = CodecError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        visitor.visit_str(self.0)
    }

    deserialize_key_int!(
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128
    );

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        visitor.visit_enum(IntoDeserializer::<CodecError>::into_deserializer(self.0))
    }

    serde::forward_to_deserialize_any! {
        bool f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// An enum: the variant name and, unless it is a unit variant, its content.
struct EnumDeserializer {
    variant: String,
    value: Option<Value>,
}

impl<'de> de::EnumAccess<'de> for EnumDeserializer {
    type Error = CodecError;
    type Variant = VariantDeserializer;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantDeserializer), CodecError> {
        let v = seed.deserialize(KeyDeserializer(&self.variant))?;
        Ok((
            v,
            VariantDeserializer {
                variant: self.variant,
                value: self.value,
            },
        ))
    }
}

/// The content of one enum variant.
struct VariantDeserializer {
    variant: String,
    value: Option<Value>,
}

impl VariantDeserializer {
    fn content(self) -> Result<(String, Value), CodecError> {
        match self.value {
            Some(v) => Ok((self.variant, v)),
            None => Err(CodecError::custom(format!(
                "variant `{}` needs content: expected a single-entry map (M), found a string (S)",
                self.variant
            ))),
        }
    }
}

impl<'de> de::VariantAccess<'de> for VariantDeserializer {
    type Error = CodecError;

    fn unit_variant(self) -> Result<(), CodecError> {
        match self.value {
            None | Some(Value::Null) => Ok(()),
            Some(other) => {
                Err(mismatch("NULL for a unit variant", &other).in_attribute(&self.variant))
            }
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, CodecError> {
        let (variant, value) = self.content()?;
        seed.deserialize(ValueDeserializer(value))
            .map_err(|e| e.in_attribute(&variant))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        let (variant, value) = self.content()?;
        de::Deserializer::deserialize_seq(ValueDeserializer(value), visitor)
            .map_err(|e| e.in_attribute(&variant))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        let (variant, value) = self.content()?;
        de::Deserializer::deserialize_map(ValueDeserializer(value), visitor)
            .map_err(|e| e.in_attribute(&variant))
    }
}

/// A [`Value`] handed to the `Value` visitor with its type: an enum whose
/// variant is the type descriptor (`"S"`, `"NS"`...) and whose content is the
/// value's content (none for `NULL`).
pub(super) struct TypedValue(pub(super) Value);

impl<'de> de::EnumAccess<'de> for TypedValue {
    type Error = CodecError;
    type Variant = TypedContent;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, TypedContent), CodecError> {
        let tag = seed.deserialize(KeyDeserializer(self.0.value_type().as_str()))?;
        Ok((tag, TypedContent(self.0)))
    }
}

/// The content of a [`TypedValue`].
pub(super) struct TypedContent(Value);

impl<'de> de::VariantAccess<'de> for TypedContent {
    type Error = CodecError;

    fn unit_variant(self) -> Result<(), CodecError> {
        match self.0 {
            Value::Null => Ok(()),
            other => Err(mismatch("NULL", &other)),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, CodecError> {
        seed.deserialize(ValueDeserializer(self.0))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        de::Deserializer::deserialize_seq(ValueDeserializer(self.0), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        de::Deserializer::deserialize_map(ValueDeserializer(self.0), visitor)
    }
}
