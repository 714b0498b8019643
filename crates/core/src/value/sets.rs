//! Set wrapper types ([`StringSet`], [`NumberSet`], [`BinarySet`]) and the
//! `#[serde(with = ...)]` modules [`string_set`], [`number_set`] and
//! [`binary_set`] that store plain std collections as DynamoDB sets.
//!
//! Through dynorm's serializer these become `SS`, `NS` and `BS`; through any
//! other serializer (serde_json...) they are plain sequences, binary members
//! written as [`Bytes`] writes them (base64 text in JSON).
//!
//! **Empty sets**: DynamoDB rejects empty sets, so an empty set in a struct
//! field is left out of the item (the attribute is absent, as for `None`), and
//! reads back as an empty set when the field has `#[serde(default)]`. An
//! explicit empty set built by hand (`Value::Ss(vec![])`) is rejected by the
//! backends.

use super::bytes::BytesRef;
use super::{magic, Bytes, Number};
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::hash::BuildHasher;
use std::ops::{Deref, DerefMut};

macro_rules! set_type {
    ($(#[$doc:meta])* $name:ident, $elem:ty, $magic:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub BTreeSet<$elem>);

        impl $name {
            /// An empty set.
            pub fn new() -> $name {
                $name(BTreeSet::new())
            }

            /// Adds a member; `false` if it was already present.
            pub fn insert(&mut self, member: impl Into<$elem>) -> bool {
                self.0.insert(member.into())
            }

            /// The underlying set.
            pub fn into_inner(self) -> BTreeSet<$elem> {
                self.0
            }
        }

        impl Deref for $name {
            type Target = BTreeSet<$elem>;
            fn deref(&self) -> &BTreeSet<$elem> {
                &self.0
            }
        }

        impl DerefMut for $name {
            fn deref_mut(&mut self) -> &mut BTreeSet<$elem> {
                &mut self.0
            }
        }

        impl<T: Into<$elem>> FromIterator<T> for $name {
            fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> $name {
                $name(iter.into_iter().map(Into::into).collect())
            }
        }

        impl<T: Into<$elem>> Extend<T> for $name {
            fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
                self.0.extend(iter.into_iter().map(Into::into))
            }
        }

        impl IntoIterator for $name {
            type Item = $elem;
            type IntoIter = std::collections::btree_set::IntoIter<$elem>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.into_iter()
            }
        }

        impl<'a> IntoIterator for &'a $name {
            type Item = &'a $elem;
            type IntoIter = std::collections::btree_set::Iter<'a, $elem>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.iter()
            }
        }

        impl From<BTreeSet<$elem>> for $name {
            fn from(set: BTreeSet<$elem>) -> $name {
                $name(set)
            }
        }

        impl<H: BuildHasher> From<HashSet<$elem, H>> for $name {
            fn from(set: HashSet<$elem, H>) -> $name {
                $name(set.into_iter().collect())
            }
        }

        impl From<$name> for super::Value {
            fn from(set: $name) -> super::Value {
                set.into_set_value()
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                deserializer.deserialize_newtype_struct($magic, SetVisitor::<$name>::new())
            }
        }
    };
}

set_type!(
    /// A string set (`SS`).
    ///
    /// ```
    /// use dynorm::{StringSet, Value};
    /// let tags: StringSet = ["b", "a"].into_iter().collect();
    /// assert_eq!(dynorm::to_value(&tags).unwrap(), Value::string_set(["a", "b"]));
    /// ```
    StringSet,
    String,
    magic::STRING_SET
);
set_type!(
    /// A number set (`NS`).
    ///
    /// ```
    /// use dynorm::{NumberSet, Value};
    /// let scores: NumberSet = [3, 1, 2].into_iter().collect();
    /// assert_eq!(dynorm::to_value(&scores).unwrap(), Value::number_set([1, 2, 3]));
    /// ```
    NumberSet,
    Number,
    magic::NUMBER_SET
);
set_type!(
    /// A binary set (`BS`).
    ///
    /// ```
    /// use dynorm::{BinarySet, Value};
    /// let blobs: BinarySet = [vec![1u8, 2], vec![3]].into_iter().collect();
    /// assert_eq!(dynorm::to_value(&blobs).unwrap(), Value::binary_set([vec![1u8, 2], vec![3]]));
    /// ```
    BinarySet,
    Vec<u8>,
    magic::BINARY_SET
);

/// Conversion of a set wrapper into its [`Value`](super::Value).
trait IntoSetValue {
    fn into_set_value(self) -> super::Value;
}

impl IntoSetValue for StringSet {
    fn into_set_value(self) -> super::Value {
        super::Value::Ss(self.0.into_iter().collect())
    }
}

impl IntoSetValue for NumberSet {
    fn into_set_value(self) -> super::Value {
        super::Value::Ns(self.0.into_iter().collect())
    }
}

impl IntoSetValue for BinarySet {
    fn into_set_value(self) -> super::Value {
        super::Value::Bs(self.0.into_iter().collect())
    }
}

impl Serialize for StringSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(magic::STRING_SET, &self.0)
    }
}

impl Serialize for NumberSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(magic::NUMBER_SET, &self.0)
    }
}

impl Serialize for BinarySet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(magic::BINARY_SET, &BytesSeq(&self.0))
    }
}

/// Collections the [`string_set`], [`number_set`] and [`binary_set`] modules
/// store as sets: `Vec<T>`, `BTreeSet<T>`, `HashSet<T>` and slices.
pub trait SetCollection {
    /// The member type.
    type Member;
    /// Iterator over the members.
    type Iter<'a>: Iterator<Item = &'a Self::Member>
    where
        Self: 'a;
    /// The members.
    fn members(&self) -> Self::Iter<'_>;
    /// The number of members.
    fn member_count(&self) -> usize;
}

impl<T> SetCollection for Vec<T> {
    type Member = T;
    type Iter<'a>
        = std::slice::Iter<'a, T>
    where
        T: 'a;
    fn members(&self) -> Self::Iter<'_> {
        self.iter()
    }
    fn member_count(&self) -> usize {
        self.len()
    }
}

impl<T> SetCollection for [T] {
    type Member = T;
    type Iter<'a>
        = std::slice::Iter<'a, T>
    where
        T: 'a;
    fn members(&self) -> Self::Iter<'_> {
        self.iter()
    }
    fn member_count(&self) -> usize {
        self.len()
    }
}

impl<T> SetCollection for BTreeSet<T> {
    type Member = T;
    type Iter<'a>
        = std::collections::btree_set::Iter<'a, T>
    where
        T: 'a;
    fn members(&self) -> Self::Iter<'_> {
        self.iter()
    }
    fn member_count(&self) -> usize {
        self.len()
    }
}

impl<T, H> SetCollection for HashSet<T, H> {
    type Member = T;
    type Iter<'a>
        = std::collections::hash_set::Iter<'a, T>
    where
        T: 'a,
        H: 'a;
    fn members(&self) -> Self::Iter<'_> {
        self.iter()
    }
    fn member_count(&self) -> usize {
        self.len()
    }
}

/// Serializes every member of a collection of byte strings as [`Bytes`]
/// does (`B` members; base64 text in JSON).
struct BytesSeq<'a, C: ?Sized>(&'a C);

impl<C: SetCollection + ?Sized> Serialize for BytesSeq<'_, C>
where
    C::Member: AsRef<[u8]>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.member_count()))?;
        for member in self.0.members() {
            seq.serialize_element(&BytesRef(member.as_ref()))?;
        }
        seq.end()
    }
}

/// Serializes every member of a collection as a sequence.
struct IterSeq<'a, C: ?Sized>(&'a C);

impl<C: SetCollection + ?Sized> Serialize for IterSeq<'_, C>
where
    C::Member: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.member_count()))?;
        for member in self.0.members() {
            seq.serialize_element(member)?;
        }
        seq.end()
    }
}

/// Builds a set wrapper from a sequence (`SS`/`NS`/`BS`, `L`, or a JSON array).
struct SetVisitor<T>(std::marker::PhantomData<T>);

impl<T> SetVisitor<T> {
    fn new() -> SetVisitor<T> {
        SetVisitor(std::marker::PhantomData)
    }
}

/// A set wrapper's member as it is deserialized.
trait SetMembers: Sized {
    type Member: for<'de> Deserialize<'de>;
    fn empty() -> Self;
    fn add(&mut self, member: Self::Member);
}

impl SetMembers for StringSet {
    type Member = String;
    fn empty() -> Self {
        StringSet::new()
    }
    fn add(&mut self, member: String) {
        self.0.insert(member);
    }
}

impl SetMembers for NumberSet {
    type Member = Number;
    fn empty() -> Self {
        NumberSet::new()
    }
    fn add(&mut self, member: Number) {
        self.0.insert(member);
    }
}

impl SetMembers for BinarySet {
    type Member = Bytes;
    fn empty() -> Self {
        BinarySet::new()
    }
    fn add(&mut self, member: Bytes) {
        self.0.insert(member.into_vec());
    }
}

impl<'de, T: SetMembers> Visitor<'de> for SetVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a set")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut set = T::empty();
        while let Some(member) = seq.next_element::<T::Member>()? {
            set.add(member);
        }
        Ok(set)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::empty())
    }
}

macro_rules! with_module {
    ($(#[$doc:meta])* $module:ident, $magic:expr, $bound:path, $wrap:ident) => {
        $(#[$doc])*
        pub mod $module {
            use super::*;

            /// Serializes the collection as a set.
            pub fn serialize<C, S>(set: &C, serializer: S) -> Result<S::Ok, S::Error>
            where
                C: SetCollection + ?Sized,
                C::Member: $bound,
                S: Serializer,
            {
                serializer.serialize_newtype_struct($magic, &$wrap(set))
            }

            /// Deserializes the collection from a set (or any sequence).
            pub fn deserialize<'de, C, D>(deserializer: D) -> Result<C, D::Error>
            where
                C: Deserialize<'de>,
                D: Deserializer<'de>,
            {
                C::deserialize(deserializer)
            }
        }
    };
}

with_module!(
    /// `#[serde(with = "dynorm::value::string_set")]`: stores a `HashSet<String>`,
    /// `BTreeSet<String>` or `Vec<String>` as a string set (`SS`). A `Vec` must
    /// not hold duplicates (DynamoDB rejects them); an empty collection leaves
    /// the attribute out, so pair it with `#[serde(default)]`.
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Serialize, Deserialize, PartialEq, Debug)]
    /// struct Post {
    ///     #[serde(default, with = "dynorm::value::string_set")]
    ///     tags: HashSet<String>,
    /// }
    ///
    /// let post = Post { tags: ["rust".to_string()].into() };
    /// let item = dynorm::to_item(&post).unwrap();
    /// assert_eq!(item.get("tags"), Some(&dynorm::Value::string_set(["rust"])));
    /// assert_eq!(dynorm::from_item::<Post>(item).unwrap(), post);
    /// ```
    string_set,
    magic::STRING_SET,
    Serialize,
    IterSeq
);
with_module!(
    /// `#[serde(with = "dynorm::value::number_set")]`: stores a collection of
    /// integers, floats or [`Number`]s as a number set (`NS`). Empty
    /// collections leave the attribute out, as for [`string_set`].
    ///
    /// ```
    /// use std::collections::BTreeSet;
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Serialize, Deserialize, PartialEq, Debug)]
    /// struct Scores {
    ///     #[serde(default, with = "dynorm::value::number_set")]
    ///     values: BTreeSet<u32>,
    /// }
    ///
    /// let scores = Scores { values: [7, 3].into() };
    /// let item = dynorm::to_item(&scores).unwrap();
    /// assert_eq!(item.get("values"), Some(&dynorm::Value::number_set([3, 7])));
    /// assert_eq!(dynorm::from_item::<Scores>(item).unwrap(), scores);
    /// ```
    number_set,
    magic::NUMBER_SET,
    Serialize,
    IterSeq
);
with_module!(
    /// `#[serde(with = "dynorm::value::binary_set")]`: stores a `Vec<Vec<u8>>`,
    /// `HashSet<Vec<u8>>` or `BTreeSet<Vec<u8>>` as a binary set (`BS`). Empty
    /// collections leave the attribute out, as for [`string_set`].
    ///
    /// ```
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Serialize, Deserialize, PartialEq, Debug)]
    /// struct Keys {
    ///     #[serde(default, with = "dynorm::value::binary_set")]
    ///     keys: Vec<Vec<u8>>,
    /// }
    ///
    /// let keys = Keys { keys: vec![vec![1, 2], vec![3]] };
    /// let item = dynorm::to_item(&keys).unwrap();
    /// assert_eq!(item.get("keys"), Some(&dynorm::Value::binary_set([vec![1u8, 2], vec![3]])));
    /// assert_eq!(dynorm::from_item::<Keys>(item).unwrap(), keys);
    /// ```
    binary_set,
    magic::BINARY_SET,
    AsRef<[u8]>,
    BytesSeq
);
