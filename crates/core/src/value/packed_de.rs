//! Serde deserializer reading a [`PackedItem`] in place.
//!
//! Decoding a stored item into a model this way builds no [`Item`] tree: the
//! strings, numbers and byte strings the model keeps are read straight from
//! the packed buffer, and everything the model does not keep is skipped.
//! It answers exactly as the [`Value`] deserializer (`de.rs`) does, errors and
//! attribute paths included: the common shapes (strings, numbers, booleans,
//! bytes, options, lists, sets, maps and structs) are read directly, and the
//! rare ones (enums, bytes read as a sequence, free-form [`Value`](super::Value)
//! fields) unpack the one value concerned and hand it to the `Value`
//! deserializer.

use super::de::{mismatch_type, visit_number, KeyDeserializer, ValueDeserializer};
use super::packed::{tag_type, Reader, B, BS, FALSE, L, M, N, NS, NULL, S, SS, TRUE};
use super::{magic, CodecError, PackedItem, ValueType};
use serde::de::{self, DeserializeSeed, Visitor};

/// Which top-level attribute names (as UTF-8 bytes) to leave out.
type SkipName<'a> = dyn Fn(&[u8]) -> bool + 'a;

/// Deserializes a `T` from a packed item, leaving out the top-level
/// attributes `skip` names (a model's derived attributes).
pub(crate) fn from_packed<'a, T: de::Deserialize<'a>>(
    packed: &'a PackedItem,
    skip: &dyn Fn(&[u8]) -> bool,
) -> Result<T, CodecError> {
    let mut reader = packed.reader();
    T::deserialize(PackedDeserializer {
        r: &mut reader,
        tag: Some(M),
        skip: Some(skip),
    })
}

fn corrupt() -> CodecError {
    CodecError::custom("corrupt packed item")
}

trait OrCorrupt<T> {
    fn or_corrupt(self) -> Result<T, CodecError>;
}

impl<T> OrCorrupt<T> for Option<T> {
    fn or_corrupt(self) -> Result<T, CodecError> {
        self.ok_or_else(corrupt)
    }
}

/// One value of a packed buffer. `tag` is the value's type when it is
/// already known (set members carry none of their own; the top-level map has
/// none), else it is the next byte.
struct PackedDeserializer<'r, 'a> {
    r: &'r mut Reader<'a>,
    tag: Option<u8>,
    /// Top-level attributes to leave out (only for the item itself).
    skip: Option<&'r SkipName<'r>>,
}

impl<'r, 'a> PackedDeserializer<'r, 'a> {
    fn value(r: &'r mut Reader<'a>, tag: Option<u8>) -> Self {
        PackedDeserializer { r, tag, skip: None }
    }

    fn tag(&mut self) -> Result<u8, CodecError> {
        match self.tag.take() {
            Some(t) => Ok(t),
            None => self.r.byte().or_corrupt(),
        }
    }

    fn found(tag: u8) -> Result<ValueType, CodecError> {
        tag_type(tag).or_corrupt()
    }

    /// The error for a value of the wrong type.
    fn mismatch<T>(expected: &str, tag: u8) -> Result<T, CodecError> {
        Err(mismatch_type(expected, Self::found(tag)?))
    }

    /// Unpacks this value and hands it to the `Value` deserializer.
    fn owned(mut self) -> Result<ValueDeserializer, CodecError> {
        let tag = self.tag()?;
        Ok(ValueDeserializer(self.r.value_of(tag).or_corrupt()?))
    }

    /// A list or set of this tag: its members and the tag they carry (`None`
    /// for list members, which are tagged themselves).
    fn seq<V: Visitor<'a>>(self, tag: u8, visitor: V) -> Result<V::Value, CodecError> {
        let member = match tag {
            L => None,
            SS => Some(S),
            NS => Some(N),
            BS => Some(B),
            _ => return Err(corrupt()),
        };
        let count = self.r.len().or_corrupt()?;
        let mut seq = SeqAccess {
            r: self.r,
            member,
            count,
            index: 0,
        };
        let out = visitor.visit_seq(&mut seq)?;
        if seq.index == count {
            Ok(out)
        } else {
            Err(de::Error::invalid_length(
                count,
                &"fewer elements in the list",
            ))
        }
    }

    /// A number read as a float (`expected` names the type for the error).
    fn float<V: Visitor<'a>>(mut self, expected: &str, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            N => {
                let n = self.r.number().or_corrupt()?;
                visitor.visit_f64(n.to_f64().map_err(CodecError::custom)?)
            }
            other => Self::mismatch(expected, other),
        }
    }

    fn map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, CodecError> {
        let left = self.r.len().or_corrupt()?;
        visitor.visit_map(MapAccess {
            r: self.r,
            left,
            pending: None,
            skip: self.skip,
        })
    }
}

macro_rules! deserialize_int {
    ($($method:ident => $visit:ident : $t:ty),*) => {$(
        fn $method<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
            match self.tag()? {
                N => {
                    let n = self.r.number().or_corrupt()?;
                    visitor.$visit(<$t>::try_from(&n).map_err(CodecError::custom)?)
                }
                other => Self::mismatch(concat!("a number (N) for ", stringify!($t)), other),
            }
        }
    )*};
}

impl<'a> de::Deserializer<'a> for PackedDeserializer<'_, 'a> {
    type Error = CodecError;

    fn deserialize_any<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            S => visitor.visit_borrowed_str(self.r.str().or_corrupt()?),
            N => visit_number(self.r.number().or_corrupt()?, visitor),
            B => visitor.visit_borrowed_bytes(self.r.bytes().or_corrupt()?),
            FALSE => visitor.visit_bool(false),
            TRUE => visitor.visit_bool(true),
            NULL => visitor.visit_unit(),
            M => self.map(visitor),
            tag => self.seq(tag, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            FALSE => visitor.visit_bool(false),
            TRUE => visitor.visit_bool(true),
            other => Self::mismatch("a boolean (BOOL)", other),
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

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.float("a number (N) for f32", visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.float("a number (N) for f64", visitor)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            S => visitor.visit_borrowed_str(self.r.str().or_corrupt()?),
            other => Self::mismatch("a string (S)", other),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            B => visitor.visit_borrowed_bytes(self.r.bytes().or_corrupt()?),
            L => self.seq(L, visitor),
            other => Self::mismatch("binary (B)", other),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            NULL => visitor.visit_none(),
            tag => visitor.visit_some(PackedDeserializer::value(self.r, Some(tag))),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            NULL => visitor.visit_unit(),
            other => Self::mismatch("NULL", other),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        mut self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        match name {
            magic::NUMBER => match self.tag()? {
                N => {
                    let n = self.r.number().or_corrupt()?;
                    n.with_compact_text(|text| visitor.visit_str(text))
                }
                S => visitor.visit_borrowed_str(self.r.str().or_corrupt()?),
                other => Self::mismatch("a number (N)", other),
            },
            magic::BINARY => match self.tag()? {
                B => visitor.visit_borrowed_bytes(self.r.bytes().or_corrupt()?),
                L => self.seq(L, visitor),
                other => Self::mismatch("binary (B)", other),
            },
            // A free-form value: unpacked, and read as the `Value` deserializer reads it.
            magic::VALUE => self.owned()?.deserialize_newtype_struct(name, visitor),
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_seq<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            tag @ (L | SS | NS | BS) => self.seq(tag, visitor),
            // Bytes read as a list of numbers: rare enough to unpack.
            B => PackedDeserializer::value(self.r, Some(B))
                .owned()?
                .deserialize_seq(visitor),
            other => Self::mismatch("a list (L) or set (SS, NS, BS)", other),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(mut self, visitor: V) -> Result<V::Value, CodecError> {
        match self.tag()? {
            M => self.map(visitor),
            other => Self::mismatch("a map (M)", other),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.owned()?.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(
        mut self,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        let tag = self.tag()?;
        self.r.skip_value_of(tag).or_corrupt()?;
        visitor.visit_unit()
    }
}

/// The members of a list or set.
struct SeqAccess<'r, 'a> {
    r: &'r mut Reader<'a>,
    /// The members' tag, for sets; `None` for a list.
    member: Option<u8>,
    count: usize,
    index: usize,
}

impl<'a> de::SeqAccess<'a> for SeqAccess<'_, 'a> {
    type Error = CodecError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, CodecError> {
        if self.index == self.count {
            return Ok(None);
        }
        let index = self.index;
        self.index += 1;
        seed.deserialize(PackedDeserializer::value(self.r, self.member))
            .map(Some)
            .map_err(|e| e.in_attribute(&format!("[{index}]")))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.count - self.index)
    }
}

/// The attributes of a map.
struct MapAccess<'r, 'a> {
    r: &'r mut Reader<'a>,
    left: usize,
    /// The name whose value comes next.
    pending: Option<&'a [u8]>,
    skip: Option<&'r SkipName<'r>>,
}

/// An attribute name as raw bytes, for error messages.
fn name_text(name: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(name)
}

impl<'a> de::MapAccess<'a> for MapAccess<'_, 'a> {
    type Error = CodecError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CodecError> {
        while self.left > 0 {
            self.left -= 1;
            let name = self.r.bytes().or_corrupt()?;
            if let Some(skip) = self.skip {
                // Names are compared as bytes: no UTF-8 check per attribute.
                if skip(name) {
                    let tag = self.r.byte().or_corrupt()?;
                    self.r.skip_value_of(tag).or_corrupt()?;
                    continue;
                }
            }
            let key = seed
                .deserialize(NameDeserializer(name))
                .map_err(|e| e.in_attribute(&name_text(name)))?;
            self.pending = Some(name);
            return Ok(Some(key));
        }
        Ok(None)
    }

    fn next_value_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<T::Value, CodecError> {
        match self.pending.take() {
            Some(name) => seed
                .deserialize(PackedDeserializer::value(self.r, None))
                .map_err(|e| e.in_attribute(&name_text(name))),
            None => Err(CodecError::custom("map value requested before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// An attribute name read from the buffer. A struct's field identifier gets
/// the bytes as they are (serde's derived field visitors match bytes as
/// they match strings), which spares checking UTF-8 once per field; every
/// other use checks it and goes through [`KeyDeserializer`].
struct NameDeserializer<'a>(&'a [u8]);

impl NameDeserializer<'_> {
    fn key(&self) -> Result<KeyDeserializer<'_>, CodecError> {
        std::str::from_utf8(self.0)
            .map(KeyDeserializer)
            .map_err(|_| corrupt())
    }
}

macro_rules! forward_to_key {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
            self.key()?.$method(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NameDeserializer<'de> {
    type Error = CodecError;

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        visitor.visit_borrowed_bytes(self.0)
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        // Borrowed from the buffer, as a `&'de str` key may ask.
        let name = std::str::from_utf8(self.0).map_err(|_| corrupt())?;
        visitor.visit_borrowed_str(name)
    }

    forward_to_key!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_option
    );

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.key()?.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.key()?.deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct ignored_any
    }
}
