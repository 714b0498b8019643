//! Typed attribute paths: [`FieldPath<T>`], the path of a field whose Rust
//! type is `T`, as `#[derive(Model)]` and `#[derive(Attributes)]` generate
//! them, and the traits that say where a path can go from there (into the
//! fields of a nested struct, the elements of a list, the values of a map).

use super::{attr, AttrRef, Condition, Operand, Path, UpdateOperand};
use crate::value::{Item, Value, ValueType};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The path of an attribute holding a `T`: a [`Path`] that knows the Rust type
/// stored there, so that only the fields of that type can follow it.
///
/// `#[derive(Model)]` generates one per stored field (`User::fields().age`);
/// from there [`fields`](FieldPath::fields) reaches the fields of a struct
/// deriving [`Attributes`](trait@Attributes), [`at`](FieldPath::at) the
/// elements of a list and [`key`](FieldPath::key) the values of a map. A
/// `FieldPath` goes wherever a [`Path`] goes (`impl Into<Path>`: updates,
/// projections, [`attr`]), builds conditions itself (`.ge(18)`), and is an
/// operand in comparisons and `SET`s. The values compared or written are not
/// checked against `T`.
///
/// ```
/// use dynorm::expr::{attr, FieldPath, Update};
/// use dynorm::Path;
/// use std::collections::HashMap;
///
/// let tags: FieldPath<Vec<String>> = FieldPath::new("tags");
/// assert_eq!(tags.at(2).as_path(), &Path::parse("tags[2]").unwrap());
///
/// let scores: FieldPath<HashMap<String, u32>> = FieldPath::new("scores");
/// assert_eq!(scores.key("math").to_string(), "scores.math");
///
/// assert_eq!(tags.size().gt(2), attr("tags").size().gt(2));
/// assert_eq!(Update::new().remove(tags.at(0)), Update::new().remove("tags[0]"));
/// ```
pub struct FieldPath<T> {
    path: Path,
    value: PhantomData<fn() -> T>,
}

impl<T> FieldPath<T> {
    /// The typed path at `path` (a string is parsed as [`Path::from`] parses it).
    pub fn new(path: impl Into<Path>) -> FieldPath<T> {
        FieldPath {
            path: path.into(),
            value: PhantomData,
        }
    }

    /// The path of the field stored as `name` in the map at `parent`, or of the
    /// top-level attribute `name` when there is no parent. `name` is taken
    /// literally, dots included. Generated [`Attributes`](trait@Attributes)
    /// implementations build their fields with it.
    ///
    /// ```
    /// use dynorm::expr::FieldPath;
    /// use dynorm::Path;
    /// let top: FieldPath<String> = FieldPath::under(None, "a.b");
    /// assert_eq!(top.as_path(), &Path::attr("a.b"));
    /// let nested: FieldPath<String> = FieldPath::under(Some(&Path::attr("address")), "city");
    /// assert_eq!(nested.to_string(), "address.city");
    /// ```
    pub fn under(parent: Option<&Path>, name: &str) -> FieldPath<T> {
        FieldPath::new(match parent {
            Some(parent) => parent.clone().key(name),
            None => Path::attr(name),
        })
    }

    /// The untyped path.
    pub fn as_path(&self) -> &Path {
        &self.path
    }

    /// The untyped path, cloned: paths of fields of different types in one
    /// list, as projections take them (`[f.id.to_path(), f.age.to_path()]`).
    pub fn to_path(&self) -> Path {
        self.path.clone()
    }

    /// The untyped path, owned.
    pub fn into_path(self) -> Path {
        self.path
    }

    fn attr(&self) -> AttrRef {
        attr(self.path.clone())
    }

    /// The paths of the fields of the struct stored here (a struct deriving
    /// [`Attributes`](trait@Attributes), or an `Option` or `Box` of one).
    ///
    /// ```
    /// use dynorm::expr::{Attributes, FieldPath};
    /// use dynorm::Path;
    ///
    /// #[derive(serde::Serialize, serde::Deserialize, Attributes)]
    /// struct Address {
    ///     city: String,
    /// }
    ///
    /// let address: FieldPath<Option<Address>> = FieldPath::new("address");
    /// assert_eq!(address.fields().city.as_path(), &Path::parse("address.city").unwrap());
    /// ```
    pub fn fields(&self) -> T::Fields
    where
        T: Attributes,
    {
        T::fields_under(Some(&self.path))
    }

    /// The element at `index` of the list stored here.
    pub fn at(&self, index: usize) -> FieldPath<T::Element>
    where
        T: ListAttribute,
    {
        FieldPath::new(self.path.clone().index(index))
    }

    /// The value under the map key `name` of the map stored here (taken
    /// literally, dots included).
    pub fn key(&self, name: impl Into<String>) -> FieldPath<T::Value>
    where
        T: MapAttribute,
    {
        FieldPath::new(self.path.clone().key(name))
    }

    /// `size(path)`, to compare a length.
    pub fn size(&self) -> AttrRef {
        self.attr().size()
    }
    /// `= value`
    pub fn eq(&self, v: impl Into<Operand>) -> Condition {
        self.attr().eq(v)
    }
    /// `<> value`
    pub fn ne(&self, v: impl Into<Operand>) -> Condition {
        self.attr().ne(v)
    }
    /// `< value`
    pub fn lt(&self, v: impl Into<Operand>) -> Condition {
        self.attr().lt(v)
    }
    /// `<= value`
    pub fn le(&self, v: impl Into<Operand>) -> Condition {
        self.attr().le(v)
    }
    /// `> value`
    pub fn gt(&self, v: impl Into<Operand>) -> Condition {
        self.attr().gt(v)
    }
    /// `>= value`
    pub fn ge(&self, v: impl Into<Operand>) -> Condition {
        self.attr().ge(v)
    }
    /// `BETWEEN low AND high` (inclusive).
    pub fn between(&self, low: impl Into<Operand>, high: impl Into<Operand>) -> Condition {
        self.attr().between(low, high)
    }
    /// `IN (...)`.
    pub fn is_in<I, V>(&self, candidates: I) -> Condition
    where
        I: IntoIterator<Item = V>,
        V: Into<Operand>,
    {
        self.attr().is_in(candidates)
    }
    /// `begins_with(path, prefix)` for strings and binaries.
    pub fn begins_with(&self, prefix: impl Into<Operand>) -> Condition {
        self.attr().begins_with(prefix)
    }
    /// `contains(path, v)`: a substring of a string, a member of a set or an element of a list.
    pub fn contains(&self, v: impl Into<Operand>) -> Condition {
        self.attr().contains(v)
    }
    /// `attribute_exists(path)`.
    pub fn exists(&self) -> Condition {
        self.attr().exists()
    }
    /// `attribute_not_exists(path)`.
    pub fn not_exists(&self) -> Condition {
        self.attr().not_exists()
    }
    /// `attribute_type(path, t)`.
    pub fn is_type(&self, t: ValueType) -> Condition {
        self.attr().is_type(t)
    }
}

impl<T> Clone for FieldPath<T> {
    fn clone(&self) -> FieldPath<T> {
        FieldPath::new(self.path.clone())
    }
}

impl<T> PartialEq for FieldPath<T> {
    fn eq(&self, other: &FieldPath<T>) -> bool {
        self.path == other.path
    }
}

impl<T> Eq for FieldPath<T> {}

impl<T> Hash for FieldPath<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.path.hash(state);
    }
}

impl<T> fmt::Debug for FieldPath<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FieldPath")
            .field(&format_args!("{}", self.path))
            .finish()
    }
}

/// The path as text, as [`Path`] writes it (`address.lines[2]`).
impl<T> fmt::Display for FieldPath<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.path.fmt(f)
    }
}

impl<T> From<FieldPath<T>> for Path {
    fn from(p: FieldPath<T>) -> Path {
        p.path
    }
}

impl<T> From<&FieldPath<T>> for Path {
    fn from(p: &FieldPath<T>) -> Path {
        p.path.clone()
    }
}

/// The value at the path, to compare against another attribute.
impl<T> From<FieldPath<T>> for Operand {
    fn from(p: FieldPath<T>) -> Operand {
        Operand::Path(p.path)
    }
}

/// The value at the path, to compare against another attribute.
impl<T> From<&FieldPath<T>> for Operand {
    fn from(p: &FieldPath<T>) -> Operand {
        Operand::Path(p.path.clone())
    }
}

/// The current value at the path, as the right-hand side of a `SET`.
impl<T> From<FieldPath<T>> for UpdateOperand {
    fn from(p: FieldPath<T>) -> UpdateOperand {
        UpdateOperand::Path(p.path)
    }
}

/// The current value at the path, as the right-hand side of a `SET`.
impl<T> From<&FieldPath<T>> for UpdateOperand {
    fn from(p: &FieldPath<T>) -> UpdateOperand {
        UpdateOperand::Path(p.path.clone())
    }
}

/// A type stored as a map of named fields whose paths are known:
/// `#[derive(Attributes)]` implements it for nested structs (and
/// `#[derive(Model)]` for models), generating the struct of field paths.
///
/// [`FieldPath::fields`] follows a path into such a type. `Option<T>` and
/// `Box<T>` have the fields of `T`: an absent optional attribute simply has
/// no fields to read.
///
/// ```
/// use dynorm::expr::{Attributes, FieldPath};
/// use dynorm::Path;
///
/// #[derive(serde::Serialize, serde::Deserialize, Attributes)]
/// #[serde(rename_all = "camelCase")]
/// struct Address {
///     street_line: String,
///     #[serde(skip)]
///     cached: u32,
/// }
///
/// let under_home = Address::fields_under(Some(&Path::attr("home")));
/// assert_eq!(under_home.street_line.to_string(), "home.streetLine");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no typed field paths",
    label = "the fields of `{Self}` cannot be reached through typed paths",
    note = "derive `dynorm::Attributes` for the struct (`#[derive(Serialize, Deserialize, dynorm::Attributes)]`)"
)]
pub trait Attributes {
    /// The struct holding one [`FieldPath`] per stored field.
    type Fields;

    /// The fields' paths inside the map at `parent`, or as top-level
    /// attributes when there is none.
    fn fields_under(parent: Option<&Path>) -> Self::Fields;
}

impl<T: Attributes> Attributes for Option<T> {
    type Fields = T::Fields;
    fn fields_under(parent: Option<&Path>) -> T::Fields {
        T::fields_under(parent)
    }
}

impl<T: Attributes> Attributes for Box<T> {
    type Fields = T::Fields;
    fn fields_under(parent: Option<&Path>) -> T::Fields {
        T::fields_under(parent)
    }
}

/// A type stored as a list (`L`), whose elements [`FieldPath::at`] reaches.
///
/// `Vec<u8>` is one: serde writes it as a list of numbers (a binary `B`
/// needs `serde_bytes` or `dynorm::Bytes`). A [`Value`] or a
/// `serde_json::Value` may hold anything, so any path may follow it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not stored as a list",
    label = "`.at(index)` needs a list attribute",
    note = "lists are `Vec<T>`, `VecDeque<T>`, arrays, `Value` and `serde_json::Value` (or an `Option`/`Box` of one)"
)]
pub trait ListAttribute {
    /// The type of the elements.
    type Element;
}

/// A type stored as a map (`M`) with free keys, whose values
/// [`FieldPath::key`] reaches.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not stored as a map with free keys",
    label = "`.key(name)` needs a map attribute",
    note = "maps are `HashMap<K, V>`, `BTreeMap<K, V>`, `Item`, `Value` and `serde_json::Value` (or an `Option`/`Box` of one); a struct's fields are reached with `.fields()`"
)]
pub trait MapAttribute {
    /// The type of the values.
    type Value;
}

impl<T> ListAttribute for Vec<T> {
    type Element = T;
}

impl<T> ListAttribute for VecDeque<T> {
    type Element = T;
}

impl<T, const N: usize> ListAttribute for [T; N] {
    type Element = T;
}

impl<K, V, S> MapAttribute for HashMap<K, V, S> {
    type Value = V;
}

impl<K, V> MapAttribute for BTreeMap<K, V> {
    type Value = V;
}

impl MapAttribute for Item {
    type Value = Value;
}

impl MapAttribute for serde_json::Map<String, serde_json::Value> {
    type Value = serde_json::Value;
}

macro_rules! any_shape {
    ($($t:ty),*) => {$(
        impl ListAttribute for $t {
            type Element = $t;
        }
        impl MapAttribute for $t {
            type Value = $t;
        }
    )*};
}
any_shape!(Value, serde_json::Value);

macro_rules! through_wrappers {
    ($($wrapper:ident),*) => {$(
        impl<L: ListAttribute> ListAttribute for $wrapper<L> {
            type Element = L::Element;
        }
        impl<M: MapAttribute> MapAttribute for $wrapper<M> {
            type Value = M::Value;
        }
    )*};
}
through_wrappers!(Option, Box);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{PathSegment, Update};

    type Deep = Option<Vec<HashMap<String, Vec<u8>>>>;

    #[test]
    fn navigation_appends_segments() {
        let p: FieldPath<Deep> = FieldPath::new("a");
        let deep = p.at(1).key("x.y").at(0);
        assert_eq!(
            deep.as_path().segments(),
            &[
                PathSegment::Attr("a".into()),
                PathSegment::Index(1),
                PathSegment::Attr("x.y".into()),
                PathSegment::Index(0),
            ]
        );
        let v: FieldPath<Value> = FieldPath::new("doc");
        assert_eq!(v.key("k").at(3).key("z").to_string(), "doc.k[3].z");
    }

    #[test]
    fn conditions_and_operands_equal_the_string_forms() {
        let age: FieldPath<u32> = FieldPath::new("age");
        let limit: FieldPath<u32> = FieldPath::new("limit");
        assert_eq!(age.ge(18), attr("age").ge(18));
        assert_eq!(age.lt(&limit), attr("age").lt(attr("limit")));
        assert_eq!(age.is_in([1, 2]), attr("age").is_in([1, 2]));
        assert_eq!(age.not_exists(), attr("age").not_exists());
        assert_eq!(
            Update::new().set(&age, &limit),
            Update::new().set("age", UpdateOperand::Path(Path::from("limit")))
        );
    }
}
