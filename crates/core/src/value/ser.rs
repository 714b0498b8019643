//! Serde serializer into [`Value`].
//!
//! The mapping:
//!
//! | Rust (serde model)                         | DynamoDB                          |
//! |--------------------------------------------|-----------------------------------|
//! | `bool`                                     | `BOOL`                            |
//! | integers, `f32`/`f64` (finite)             | `N`                               |
//! | `char`, `str`, `String`                    | `S`                               |
//! | [`Bytes`](super::Bytes), bytes (`serde_bytes`) | `B`                           |
//! | `Vec<u8>` without `serde_bytes`            | `L` of `N` (serde sees a sequence)|
//! | `None` in a struct field (also flattened)  | attribute left out                |
//! | `None` elsewhere, `()`, unit structs       | `NULL`                            |
//! | unit variant                               | `S` (the variant name)            |
//! | newtype struct                             | the inner value                   |
//! | newtype/tuple/struct variant               | `M` `{variant: ...}`              |
//! | sequences, tuples                          | `L`                               |
//! | maps, structs                              | `M`                               |
//! | [`StringSet`](super::StringSet) & co.      | `SS`, `NS`, `BS`                  |
//! | [`Number`]                                 | `N`                               |
//! | [`Value`]                                  | itself, type kept                 |
//!
//! An empty set in a struct field is left out too: DynamoDB rejects empty sets.
//! A struct with `#[serde(flatten)]` fields reaches a serializer as a map of
//! unknown length; such maps follow the struct-field rules, while maps of
//! known length (`HashMap`, `BTreeMap`) keep `None` values as `NULL`.
//! Map keys may be strings, chars, integers or unit variants.

use super::{magic, CodecError, Item, Number, Value};
use serde::ser::{self, Impossible, Serialize};
use std::collections::BTreeMap;

/// Serializes any `T: Serialize` to a [`Value`].
///
/// ```
/// use dynorm::{to_value, Value};
/// assert_eq!(to_value(&vec![1, 2]).unwrap(), Value::L(vec![Value::from(1), Value::from(2)]));
/// assert_eq!(to_value(&Option::<u8>::None).unwrap(), Value::Null);
/// ```
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, CodecError> {
    value.serialize(VALUE)
}

/// Serializes a struct or map to an [`Item`]; an error for anything else.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct User { id: u32, name: String, nickname: Option<String> }
///
/// let item = dynorm::to_item(&User { id: 7, name: "Ada".into(), nickname: None }).unwrap();
/// assert_eq!(item.get("id"), Some(&dynorm::Value::from(7)));
/// assert!(!item.contains("nickname"));
/// ```
pub fn to_item<T: Serialize + ?Sized>(value: &T) -> Result<Item, CodecError> {
    match to_value(value)? {
        Value::M(item) => Ok(item),
        other => Err(CodecError::custom(format!(
            "an item must serialize as a map or struct, found {}",
            other.value_type()
        ))),
    }
}

/// The serializer. In a struct field (`field == true`) `None` means "leave the
/// attribute out", signalled by [`absent`].
#[derive(Clone, Copy)]
struct ValueSerializer {
    field: bool,
    /// What `is_human_readable` answers: false only for the content of the
    /// number and binary markers, which then write exact text and raw bytes
    /// (where JSON gets natural numbers and base64).
    human_readable: bool,
}

const VALUE: ValueSerializer = ValueSerializer {
    field: false,
    human_readable: true,
};
const FIELD: ValueSerializer = ValueSerializer {
    field: true,
    human_readable: true,
};
const EXACT: ValueSerializer = ValueSerializer {
    field: false,
    human_readable: false,
};

/// The marker for "no attribute": an empty string set. Empty sets are never
/// stored, so the two cases are handled alike.
fn absent() -> Value {
    Value::Ss(Vec::new())
}

/// Whether a struct field's serialized value must be left out of the item.
fn is_absent(v: &Value) -> bool {
    match v {
        Value::Ss(s) => s.is_empty(),
        Value::Ns(n) => n.is_empty(),
        Value::Bs(b) => b.is_empty(),
        _ => false,
    }
}

fn number_error(e: super::NumberError) -> CodecError {
    CodecError::custom(e)
}

impl ser::Serializer for ValueSerializer {
    type Ok = Value;
    type Error = CodecError;
    type SerializeSeq = SerializeVec;
    type SerializeTuple = SerializeVec;
    type SerializeTupleStruct = SerializeVec;
    type SerializeTupleVariant = SerializeTupleVariant;
    type SerializeMap = SerializeMap;
    type SerializeStruct = SerializeStruct;
    type SerializeStructVariant = SerializeStructVariant;

    fn is_human_readable(&self) -> bool {
        self.human_readable
    }

    fn serialize_bool(self, v: bool) -> Result<Value, CodecError> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, CodecError> {
        Ok(Value::N(Number::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, CodecError> {
        Ok(Value::N(Number::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, CodecError> {
        Ok(Value::N(Number::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, CodecError> {
        Ok(Value::N(Number::from(v)))
    }
    fn serialize_i128(self, v: i128) -> Result<Value, CodecError> {
        Number::try_from(v).map(Value::N).map_err(number_error)
    }
    fn serialize_u8(self, v: u8) -> Result<Value, CodecError> {
        Ok(Value::N(Number::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, CodecError> {
        Ok(Value::N(Number::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, CodecError> {
        Ok(Value::N(Number::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, CodecError> {
        Ok(Value::N(Number::from(v)))
    }
    fn serialize_u128(self, v: u128) -> Result<Value, CodecError> {
        Number::try_from(v).map(Value::N).map_err(number_error)
    }
    fn serialize_f32(self, v: f32) -> Result<Value, CodecError> {
        Number::try_from(v).map(Value::N).map_err(number_error)
    }
    fn serialize_f64(self, v: f64) -> Result<Value, CodecError> {
        Number::try_from(v).map(Value::N).map_err(number_error)
    }
    fn serialize_char(self, v: char) -> Result<Value, CodecError> {
        Ok(Value::S(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, CodecError> {
        Ok(Value::S(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, CodecError> {
        Ok(Value::B(v.to_vec()))
    }
    fn serialize_none(self) -> Result<Value, CodecError> {
        Ok(if self.field { absent() } else { Value::Null })
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, CodecError> {
        // `Some(None)` is a NULL, not an absent attribute; `Some(empty set)` is still left out.
        value.serialize(VALUE)
    }
    fn serialize_unit(self) -> Result<Value, CodecError> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, CodecError> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, CodecError> {
        Ok(Value::S(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Value, CodecError> {
        match name {
            magic::STRING_SET => into_set(value.serialize(VALUE)?, SetKind::String),
            magic::NUMBER_SET => into_set(value.serialize(VALUE)?, SetKind::Number),
            magic::BINARY_SET => into_set(value.serialize(VALUE)?, SetKind::Binary),
            magic::NUMBER => match value.serialize(EXACT)? {
                Value::S(text) => text.parse().map(Value::N).map_err(number_error),
                n @ Value::N(_) => Ok(n),
                other => Err(CodecError::custom(format!(
                    "a number must serialize as text, found {}",
                    other.value_type()
                ))),
            },
            magic::BINARY => match value.serialize(EXACT)? {
                b @ Value::B(_) => Ok(b),
                other => Err(CodecError::custom(format!(
                    "binary data must serialize as bytes, found {}",
                    other.value_type()
                ))),
            },
            _ => value.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, CodecError> {
        let inner = value
            .serialize(VALUE)
            .map_err(|e| e.in_attribute(variant))?;
        let mut map = BTreeMap::new();
        map.insert(variant.to_owned(), inner);
        Ok(Value::M(Item::from(map)))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SerializeVec, CodecError> {
        Ok(SerializeVec {
            vec: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SerializeVec, CodecError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SerializeVec, CodecError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SerializeTupleVariant, CodecError> {
        Ok(SerializeTupleVariant {
            variant,
            vec: Vec::with_capacity(len),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<SerializeMap, CodecError> {
        Ok(SerializeMap {
            map: BTreeMap::new(),
            key: None,
            // serde serializes structs holding `#[serde(flatten)]` fields as maps of
            // unknown length; their entries are struct fields (None is left out).
            // Maps of known length (HashMap, BTreeMap...) keep `None` as NULL.
            fields: len.is_none(),
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<SerializeStruct, CodecError> {
        Ok(SerializeStruct {
            map: BTreeMap::new(),
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<SerializeStructVariant, CodecError> {
        Ok(SerializeStructVariant {
            variant,
            map: BTreeMap::new(),
        })
    }
}

#[derive(Clone, Copy)]
enum SetKind {
    String,
    Number,
    Binary,
}

/// Turns a serialized sequence into a set of the asked kind.
fn into_set(value: Value, kind: SetKind) -> Result<Value, CodecError> {
    let members = match value {
        Value::L(members) => members,
        already @ (Value::Ss(_) | Value::Ns(_) | Value::Bs(_)) => return Ok(already),
        other => {
            return Err(CodecError::custom(format!(
                "a set must serialize as a sequence, found {}",
                other.value_type()
            )))
        }
    };
    let wrong = |i: usize, v: &Value, want: &str| {
        CodecError::custom(format!(
            "a {want} set member must be {}, found {}",
            match want {
                "string" => "S",
                "number" => "N",
                _ => "B",
            },
            v.value_type()
        ))
        .in_attribute(&format!("[{i}]"))
    };
    Ok(match kind {
        SetKind::String => Value::Ss(
            members
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::S(s) => Ok(s),
                    other => Err(wrong(i, &other, "string")),
                })
                .collect::<Result<_, _>>()?,
        ),
        SetKind::Number => Value::Ns(
            members
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::N(n) => Ok(n),
                    other => Err(wrong(i, &other, "number")),
                })
                .collect::<Result<_, _>>()?,
        ),
        SetKind::Binary => Value::Bs(
            members
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::B(b) => Ok(b),
                    other => Err(wrong(i, &other, "binary")),
                })
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// Collects a sequence or tuple into `L`.
struct SerializeVec {
    vec: Vec<Value>,
}

fn index_path(i: usize) -> String {
    format!("[{i}]")
}

impl ser::SerializeSeq for SerializeVec {
    type Ok = Value;
    type Error = CodecError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        let v = value
            .serialize(VALUE)
            .map_err(|e| e.in_attribute(&index_path(self.vec.len())))?;
        self.vec.push(v);
        Ok(())
    }
    fn end(self) -> Result<Value, CodecError> {
        Ok(Value::L(self.vec))
    }
}

impl ser::SerializeTuple for SerializeVec {
    type Ok = Value;
    type Error = CodecError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, CodecError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SerializeVec {
    type Ok = Value;
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, CodecError> {
        ser::SerializeSeq::end(self)
    }
}

/// Collects a tuple variant into `M {variant: L}`.
struct SerializeTupleVariant {
    variant: &'static str,
    vec: Vec<Value>,
}

impl ser::SerializeTupleVariant for SerializeTupleVariant {
    type Ok = Value;
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        let v = value.serialize(VALUE).map_err(|e| {
            e.in_attribute(&index_path(self.vec.len()))
                .in_attribute(self.variant)
        })?;
        self.vec.push(v);
        Ok(())
    }
    fn end(self) -> Result<Value, CodecError> {
        let mut map = BTreeMap::new();
        map.insert(self.variant.to_owned(), Value::L(self.vec));
        Ok(Value::M(Item::from(map)))
    }
}

/// Collects a map into `M`.
struct SerializeMap {
    map: BTreeMap<String, Value>,
    key: Option<String>,
    /// Whether entries follow struct-field rules (see `serialize_map`).
    fields: bool,
}

impl SerializeMap {
    fn insert<V: Serialize + ?Sized>(&mut self, key: String, value: &V) -> Result<(), CodecError> {
        let serializer = ValueSerializer {
            field: self.fields,
            human_readable: true,
        };
        let v = value
            .serialize(serializer)
            .map_err(|e| e.in_attribute(&key))?;
        if !(self.fields && is_absent(&v)) {
            self.map.insert(key, v);
        }
        Ok(())
    }
}

impl ser::SerializeMap for SerializeMap {
    type Ok = Value;
    type Error = CodecError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CodecError> {
        self.key = Some(key.serialize(MapKeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| CodecError::custom("map value serialized before its key"))?;
        self.insert(key, value)
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), CodecError> {
        let key = key.serialize(MapKeySerializer)?;
        self.insert(key, value)
    }
    fn end(self) -> Result<Value, CodecError> {
        Ok(Value::M(Item::from(self.map)))
    }
}

/// Collects a struct into `M`, leaving out `None` fields and empty sets.
struct SerializeStruct {
    map: BTreeMap<String, Value>,
}

fn struct_field<T: Serialize + ?Sized>(
    map: &mut BTreeMap<String, Value>,
    key: &'static str,
    value: &T,
) -> Result<(), CodecError> {
    let v = value.serialize(FIELD).map_err(|e| e.in_attribute(key))?;
    if !is_absent(&v) {
        map.insert(key.to_owned(), v);
    }
    Ok(())
}

impl ser::SerializeStruct for SerializeStruct {
    type Ok = Value;
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CodecError> {
        struct_field(&mut self.map, key, value)
    }
    fn end(self) -> Result<Value, CodecError> {
        Ok(Value::M(Item::from(self.map)))
    }
}

/// Collects a struct variant into `M {variant: M}`.
struct SerializeStructVariant {
    variant: &'static str,
    map: BTreeMap<String, Value>,
}

impl ser::SerializeStructVariant for SerializeStructVariant {
    type Ok = Value;
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CodecError> {
        struct_field(&mut self.map, key, value).map_err(|e| e.in_attribute(self.variant))
    }
    fn end(self) -> Result<Value, CodecError> {
        let mut outer = BTreeMap::new();
        outer.insert(self.variant.to_owned(), Value::M(Item::from(self.map)));
        Ok(Value::M(Item::from(outer)))
    }
}

/// Serializes a map key to the attribute name it becomes.
struct MapKeySerializer;

fn bad_key(found: &str) -> CodecError {
    CodecError::custom(format!(
        "map keys must be strings, chars, integers or unit variants, found {found}"
    ))
}

impl ser::Serializer for MapKeySerializer {
    type Ok = String;
    type Error = CodecError;
    type SerializeSeq = Impossible<String, CodecError>;
    type SerializeTuple = Impossible<String, CodecError>;
    type SerializeTupleStruct = Impossible<String, CodecError>;
    type SerializeTupleVariant = Impossible<String, CodecError>;
    type SerializeMap = Impossible<String, CodecError>;
    type SerializeStruct = Impossible<String, CodecError>;
    type SerializeStructVariant = Impossible<String, CodecError>;

    fn serialize_bool(self, _v: bool) -> Result<String, CodecError> {
        Err(bad_key("a bool"))
    }
    fn serialize_i8(self, v: i8) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, _v: f32) -> Result<String, CodecError> {
        Err(bad_key("a float"))
    }
    fn serialize_f64(self, _v: f64) -> Result<String, CodecError> {
        Err(bad_key("a float"))
    }
    fn serialize_char(self, v: char) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, CodecError> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, CodecError> {
        Err(bad_key("bytes"))
    }
    fn serialize_none(self) -> Result<String, CodecError> {
        Err(bad_key("None"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, CodecError> {
        Err(bad_key("an Option"))
    }
    fn serialize_unit(self) -> Result<String, CodecError> {
        Err(bad_key("()"))
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<String, CodecError> {
        Err(bad_key(name))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, CodecError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, CodecError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _value: &T,
    ) -> Result<String, CodecError> {
        Err(bad_key(variant))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, CodecError> {
        Err(bad_key("a sequence"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, CodecError> {
        Err(bad_key("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, CodecError> {
        Err(bad_key(name))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, CodecError> {
        Err(bad_key(variant))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, CodecError> {
        Err(bad_key("a map"))
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, CodecError> {
        Err(bad_key(name))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, CodecError> {
        Err(bad_key(variant))
    }
}
