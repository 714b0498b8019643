//! DynamoDB's data model: [`Value`], [`Number`], [`Item`], [`ValueType`] and
//! [`Bytes`].

pub(crate) mod bytes;
mod codec_error;
mod de;
pub mod decimal;
mod dynamodb_json;
mod item;
mod json;
mod magic;
mod number;
mod number_serde;
mod packed;
mod packed_de;
mod ser;
mod sets;
mod size;
mod value_serde;

pub use bytes::Bytes;
pub use codec_error::CodecError;
pub(crate) use de::from_item_without;
pub use de::{from_item, from_value};
pub use dynamodb_json::{
    item_from_dynamodb_json, item_to_dynamodb_json, value_from_dynamodb_json,
    value_to_dynamodb_json, DynamoDbJsonError, ItemJson, ValueJson,
};
pub use item::Item;
pub use json::{item_from_json, item_to_json, value_from_json, value_to_json};
pub use number::{Number, NumberError};
pub use packed::PackedItem;
pub use ser::{to_item, to_value};
pub use sets::{
    binary_set, number_set, string_set, BinarySet, NumberSet, SetCollection, StringSet,
};
pub use size::{item_size, value_size, MAX_ITEM_SIZE};

use std::fmt;

/// Formats a key for messages: `{pk: "USER#1", sk: "PROFILE"}`.
pub fn display_key(key: &Item) -> String {
    codec_error::KeyDisplay(key).to_string()
}

/// Formats a value for messages: `"USER#1"` for a string, `42` for a
/// number, the debug form for the other types.
///
/// ```
/// use dynorm::{value::display_value, Value};
/// assert_eq!(display_value(&Value::from("ann@example.com")), "\"ann@example.com\"");
/// assert_eq!(display_value(&Value::from(7)), "7");
/// ```
pub fn display_value(value: &Value) -> String {
    codec_error::ValueDisplay(value).to_string()
}

/// One DynamoDB attribute value, with all ten of DynamoDB's types.
///
/// ```
/// use dynorm::{Value, Number};
/// let v = Value::from("hello");
/// assert_eq!(v.value_type(), dynorm::ValueType::S);
/// assert_eq!(Value::from(42).as_number(), Some(&Number::from(42)));
/// ```
///
/// # Free-form attributes (serde)
///
/// `Value` (and [`Item`]) implement `Serialize` and `Deserialize`, so a
/// model can hold free-form attributes: `extra: Value`, `Option<Value>`,
/// `BTreeMap<String, Value>`, `Item`. Through dynorm's codec they round-trip
/// exactly: `M` stays `M`, `L` stays `L`, sets stay sets (members in order),
/// `N` keeps all 38 digits, `B` stays `B`, `NULL` stays `NULL`.
///
/// Through other formats a value is its natural form, the JSON that
/// [`value_to_json`] writes: `S` a string, `N` a JSON number when that is
/// exact and else a string of its digits, `B` base64 text (bytes in binary
/// formats), `BOOL` a boolean, `NULL` null, `M` an object, `L` and sets
/// arrays; reading gives what [`value_from_json`] gives. That is lossy: sets
/// come back as lists, `B` as its base64 text (`S`), numbers written as text
/// as strings, and JSON numbers pass through `f64` (17 significant digits)
/// unless they are integers that fit an `i64`/`u64` (serde_json parses text
/// to the nearest `f64` only with its `float_roundtrip` feature).
///
/// Two cases are lossy through dynorm's codec too: `Some(Value::Null)` in an
/// `Option<Value>` reads back as `None` (as for every `Option`), and inside
/// `#[serde(flatten)]` fields and untagged or internally tagged enums serde
/// buffers values in its own generic form, so a `Value` read there gets sets
/// as lists and fractional numbers through `f64`. Keep exact free-form
/// attributes in a named field.
///
/// ```
/// use dynorm::{Item, Value};
/// use serde::{Deserialize, Serialize};
/// use std::collections::BTreeMap;
///
/// #[derive(Serialize, Deserialize)]
/// struct Event {
///     id: String,
///     payload: Value,
///     #[serde(default)]
///     extra: BTreeMap<String, Value>,
/// }
///
/// let event = Event {
///     id: "e1".into(),
///     payload: Value::M(Item::new().with("tags", Value::string_set(["a", "b"]))),
///     extra: [("score".to_string(), Value::N("0.12345678901234567890123456789".parse().unwrap()))].into(),
/// };
/// let item = dynorm::to_item(&event).unwrap();
/// let back: Event = dynorm::from_item(item).unwrap();
/// assert_eq!(back.payload, event.payload);                   // still an SS inside an M
/// assert_eq!(back.extra["score"].as_number().unwrap().significant_digits(), 29);
/// assert_eq!(serde_json::to_value(&back.payload).unwrap(), serde_json::json!({"tags": ["a", "b"]}));
/// ```
#[derive(Debug, Clone)]
pub enum Value {
    /// `S`: a UTF-8 string.
    S(String),
    /// `N`: a number of up to 38 significant digits.
    N(Number),
    /// `B`: raw bytes.
    B(Vec<u8>),
    /// `BOOL`.
    Bool(bool),
    /// `NULL`.
    Null,
    /// `M`: a map of attribute names to values.
    M(Item),
    /// `L`: an ordered list of values of any type.
    L(Vec<Value>),
    /// `SS`: a set of distinct strings.
    Ss(Vec<String>),
    /// `NS`: a set of distinct numbers.
    Ns(Vec<Number>),
    /// `BS`: a set of distinct byte strings.
    Bs(Vec<Vec<u8>>),
}

/// The type descriptor of a [`Value`], as DynamoDB names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueType {
    /// String.
    S,
    /// Number.
    N,
    /// Binary.
    B,
    /// Boolean.
    Bool,
    /// Null.
    Null,
    /// Map.
    M,
    /// List.
    L,
    /// String set.
    Ss,
    /// Number set.
    Ns,
    /// Binary set.
    Bs,
}

impl ValueType {
    /// The descriptor DynamoDB uses on the wire (`"S"`, `"BOOL"`, `"SS"`...).
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::S => "S",
            ValueType::N => "N",
            ValueType::B => "B",
            ValueType::Bool => "BOOL",
            ValueType::Null => "NULL",
            ValueType::M => "M",
            ValueType::L => "L",
            ValueType::Ss => "SS",
            ValueType::Ns => "NS",
            ValueType::Bs => "BS",
        }
    }

    /// Parses a wire descriptor; `None` for anything else.
    pub fn parse(s: &str) -> Option<ValueType> {
        Some(match s {
            "S" => ValueType::S,
            "N" => ValueType::N,
            "B" => ValueType::B,
            "BOOL" => ValueType::Bool,
            "NULL" => ValueType::Null,
            "M" => ValueType::M,
            "L" => ValueType::L,
            "SS" => ValueType::Ss,
            "NS" => ValueType::Ns,
            "BS" => ValueType::Bs,
            _ => return None,
        })
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Value {
    /// The DynamoDB type of this value.
    pub fn value_type(&self) -> ValueType {
        match self {
            Value::S(_) => ValueType::S,
            Value::N(_) => ValueType::N,
            Value::B(_) => ValueType::B,
            Value::Bool(_) => ValueType::Bool,
            Value::Null => ValueType::Null,
            Value::M(_) => ValueType::M,
            Value::L(_) => ValueType::L,
            Value::Ss(_) => ValueType::Ss,
            Value::Ns(_) => ValueType::Ns,
            Value::Bs(_) => ValueType::Bs,
        }
    }

    /// The string, if this is an `S`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::S(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is an `N`.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::N(n) => Some(n),
            _ => None,
        }
    }

    /// The bytes, if this is a `B`.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::B(b) => Some(b),
            _ => None,
        }
    }

    /// The boolean, if this is a `BOOL`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The map, if this is an `M`.
    pub fn as_map(&self) -> Option<&Item> {
        match self {
            Value::M(m) => Some(m),
            _ => None,
        }
    }

    /// The list, if this is an `L`.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::L(l) => Some(l),
            _ => None,
        }
    }

    /// Whether this is `NULL`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A string set built from anything yielding strings (order kept, not deduplicated).
    pub fn string_set<I, S>(items: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Value::Ss(items.into_iter().map(Into::into).collect())
    }

    /// A number set built from anything convertible to [`Number`].
    pub fn number_set<I, N>(items: I) -> Value
    where
        I: IntoIterator<Item = N>,
        N: Into<Number>,
    {
        Value::Ns(items.into_iter().map(Into::into).collect())
    }

    /// A binary set.
    pub fn binary_set<I, B>(items: I) -> Value
    where
        I: IntoIterator<Item = B>,
        B: Into<Vec<u8>>,
    {
        Value::Bs(items.into_iter().map(Into::into).collect())
    }
}

/// Equality as DynamoDB sees it: numbers compare numerically and sets
/// (`SS`, `NS`, `BS`) compare without regard to member order.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::S(a), Value::S(b)) => a == b,
            (Value::N(a), Value::N(b)) => a == b,
            (Value::B(a), Value::B(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Null, Value::Null) => true,
            (Value::M(a), Value::M(b)) => a == b,
            (Value::L(a), Value::L(b)) => a == b,
            (Value::Ss(a), Value::Ss(b)) => same_members(a, b),
            (Value::Ns(a), Value::Ns(b)) => same_members(a, b),
            (Value::Bs(a), Value::Bs(b)) => same_members(a, b),
            _ => false,
        }
    }
}

fn same_members<T: Ord>(a: &[T], b: &[T]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a: Vec<&T> = a.iter().collect();
    let mut b: Vec<&T> = b.iter().collect();
    a.sort();
    b.sort();
    a == b
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Value { Value::N(Number::from(v)) }
        }
    )*};
}
from_int!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::S(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::S(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::S(v.clone())
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}
impl From<Number> for Value {
    fn from(v: Number) -> Value {
        Value::N(v)
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::B(v)
    }
}
impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Value {
        Value::B(v.to_vec())
    }
}
impl From<Item> for Value {
    fn from(v: Item) -> Value {
        Value::M(v)
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Value {
        Value::L(v)
    }
}
impl From<rust_decimal::Decimal> for Value {
    fn from(v: rust_decimal::Decimal) -> Value {
        Value::N(Number::from(v))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// A float as `N`, converted as [`Number`]'s `TryFrom<f64>` converts it: the
/// shortest decimal that reads back as the same float, an error for NaN,
/// infinities and magnitudes outside DynamoDB's range. For conditions and
/// items holding floats:
///
/// ```
/// use dynorm::{attr, NumberError, Value};
/// let limit = Value::try_from(0.1)?;
/// assert_eq!(limit, Value::N("0.1".parse()?));
/// let cond = attr("ratio").gt(limit);
/// assert!(matches!(Value::try_from(f64::NAN), Err(NumberError::NotFinite(_))));
/// # let _ = cond;
/// # Ok::<(), NumberError>(())
/// ```
impl TryFrom<f64> for Value {
    type Error = NumberError;
    fn try_from(v: f64) -> Result<Value, NumberError> {
        Number::try_from(v).map(Value::N)
    }
}

/// A float as `N`; see the `f64` conversion.
///
/// ```
/// use dynorm::Value;
/// assert_eq!(Value::try_from(0.1f32).unwrap(), Value::N("0.1".parse().unwrap()));
/// assert!(Value::try_from(f32::NEG_INFINITY).is_err());
/// ```
impl TryFrom<f32> for Value {
    type Error = NumberError;
    fn try_from(v: f32) -> Result<Value, NumberError> {
        Number::try_from(v).map(Value::N)
    }
}
