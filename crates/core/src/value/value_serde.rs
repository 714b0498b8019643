//! Serde support for [`Value`] and [`Item`], so a model can hold free-form
//! attributes; what round-trips where is described on [`Value`].
//!
//! Serializing: `N` goes under the number marker and `B` under the binary
//! marker, whose content writes exact text and raw bytes for dynorm's codec
//! (a serializer that is not human-readable) and the natural JSON forms for
//! human-readable formats; sets go under the set markers.
//!
//! Deserializing asks for the value marker: dynorm's deserializers answer
//! with an enum whose variant is the type descriptor (`"SS"`...) and whose
//! content is the value's content, other formats with their natural form.

use super::bytes::BytesRef;
use super::json::{json_number, JsonNumber};
use super::{magic, Bytes, Item, Number, Value, ValueType};
use serde::de::{
    self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::collections::BTreeMap;
use std::fmt;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::S(s) => serializer.serialize_str(s),
            Value::N(n) => NaturalNumber(n).serialize(serializer),
            Value::B(b) => BytesRef(b).serialize(serializer),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Null => serializer.serialize_unit(),
            Value::M(m) => m.serialize(serializer),
            Value::L(l) => serializer.collect_seq(l),
            Value::Ss(s) => serializer.serialize_newtype_struct(magic::STRING_SET, s),
            Value::Ns(n) => {
                serializer.serialize_newtype_struct(magic::NUMBER_SET, &Members(n, NaturalNumber))
            }
            Value::Bs(b) => {
                serializer.serialize_newtype_struct(magic::BINARY_SET, &Members(b, bytes_ref))
            }
        }
    }
}

/// Serializes an [`Item`] as a map of its attributes.
///
/// ```
/// use dynorm::{Item, Value};
/// let item = Item::new().with("tags", Value::string_set(["a"])).with("n", 1);
/// assert_eq!(dynorm::to_value(&item).unwrap(), Value::M(item.clone()));
/// assert_eq!(serde_json::to_value(&item).unwrap(), serde_json::json!({"n": 1, "tags": ["a"]}));
/// ```
impl Serialize for Item {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// A binary set member as binary (takes `&Vec<u8>`: `Value::Bs` holds vectors).
#[allow(clippy::ptr_arg)]
fn bytes_ref(b: &Vec<u8>) -> BytesRef<'_> {
    BytesRef(b)
}

/// The members of a set, each serialized as the function wraps it.
struct Members<'a, T, F>(&'a [T], F);

impl<'a, T, F, W> Serialize for Members<'a, T, F>
where
    F: Fn(&'a T) -> W,
    W: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for member in self.0 {
            seq.serialize_element(&(self.1)(member))?;
        }
        seq.end()
    }
}

/// A number under the number marker: its exact text for dynorm's codec and
/// binary formats, its natural JSON form (a JSON number when exact) for
/// human-readable ones.
struct NaturalNumber<'a>(&'a Number);

impl Serialize for NaturalNumber<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(magic::NUMBER, &NumberForm(self.0))
    }
}

struct NumberForm<'a>(&'a Number);

impl Serialize for NumberForm<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return serializer.collect_str(self.0);
        }
        match json_number(self.0) {
            JsonNumber::I64(v) => serializer.serialize_i64(v),
            JsonNumber::U64(v) => serializer.serialize_u64(v),
            JsonNumber::F64(v) => serializer.serialize_f64(v),
            JsonNumber::Text => serializer.collect_str(self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    /// Through dynorm's codec, the value exactly as stored; through other
    /// formats, the value their natural form describes (see the module docs).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_newtype_struct(magic::VALUE, ValueVisitor)
    }
}

/// Deserializes an [`Item`] from a map of attributes.
///
/// ```
/// use dynorm::{Item, Value};
/// let item: Item = serde_json::from_str(r#"{"id": 7, "tags": ["a"]}"#).unwrap();
/// assert_eq!(item.get("tags"), Some(&Value::L(vec![Value::from("a")])));
/// ```
impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Item, D::Error> {
        deserializer
            .deserialize_map(ValueVisitor)
            .and_then(|v| match v {
                Value::M(m) => Ok(m),
                other => Err(de::Error::custom(format_args!(
                    "an item must be a map, found {}",
                    other.value_type()
                ))),
            })
    }
}

/// Builds a [`Value`]: from dynorm's typed form (an enum whose variant is
/// the type descriptor) or from any format's natural form.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a DynamoDB value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::N(Number::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::N(Number::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Number::try_from(v).map(Value::N).map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Number::try_from(v).map(Value::N).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::try_from(v).map(Value::N).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::S(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::S(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::B(v.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::B(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element::<Value>()? {
            list.push(v);
        }
        Ok(Value::L(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            out.insert(k, v);
        }
        Ok(Value::M(Item::from(out)))
    }

    /// Another format's content under the value marker: its natural form.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }

    /// dynorm's typed form: the variant names the type, the content is the value's.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (TypeTag(ty), content) = data.variant::<TypeTag>()?;
        Ok(match ty {
            ValueType::S => Value::S(content.newtype_variant()?),
            ValueType::N => Value::N(content.newtype_variant()?),
            ValueType::B => Value::B(content.newtype_variant::<Bytes>()?.into_vec()),
            ValueType::Bool => Value::Bool(content.newtype_variant()?),
            ValueType::Null => {
                content.unit_variant()?;
                Value::Null
            }
            ValueType::M => Value::M(content.newtype_variant()?),
            ValueType::L => Value::L(content.newtype_variant()?),
            ValueType::Ss => Value::Ss(content.newtype_variant()?),
            ValueType::Ns => Value::Ns(content.newtype_variant()?),
            ValueType::Bs => Value::Bs(
                content
                    .newtype_variant::<Vec<Bytes>>()?
                    .into_iter()
                    .map(Bytes::into_vec)
                    .collect(),
            ),
        })
    }
}

/// A type descriptor (`"S"`, `"BOOL"`, `"NS"`...) naming an enum variant.
struct TypeTag(ValueType);

impl<'de> Deserialize<'de> for TypeTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TypeTag, D::Error> {
        struct TagVisitor;
        impl Visitor<'_> for TagVisitor {
            type Value = TypeTag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a DynamoDB type descriptor (S, N, B, BOOL, NULL, M, L, SS, NS, BS)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TypeTag, E> {
                ValueType::parse(v)
                    .map(TypeTag)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_identifier(TagVisitor)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_enum_from_another_format_is_read_as_the_typed_form() {
        // A format that hands the visitor an enum gets the typed form: the
        // variant names the type (serde_json does so for a one-entry map
        // read as an enum).
        let v: Value =
            de::Deserializer::deserialize_enum(json!({"SS": ["a", "b"]}), "", &[], ValueVisitor)
                .unwrap();
        assert_eq!(v, Value::string_set(["a", "b"]));
        let err = de::Deserializer::deserialize_enum(json!({"XX": 1}), "", &[], ValueVisitor)
            .unwrap_err();
        assert!(
            err.to_string().contains("DynamoDB type descriptor"),
            "{err}"
        );
    }

    #[test]
    fn natural_json() {
        let v = Value::M(
            Item::new()
                .with(
                    "n",
                    Value::N("12345678901234567890123456789012345678".parse().unwrap()),
                )
                .with("f", Value::N("0.5".parse().unwrap()))
                .with("b", Value::B(vec![1, 2, 3]))
                .with("ns", Value::number_set([1, 2]))
                .with("bs", Value::binary_set([vec![0u8]]))
                .with("null", Value::Null),
        );
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            json!({"n": "12345678901234567890123456789012345678", "f": 0.5, "b": "AQID",
                   "ns": [1, 2], "bs": ["AA=="], "null": null})
        );
    }
}
