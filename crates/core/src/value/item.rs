//! [`Item`]: a map of attribute names to values.

use super::Value;
use std::collections::btree_map::{self, BTreeMap};
use std::ops::Index;

/// A DynamoDB item (and the content of an `M` value): attribute names to values.
///
/// Attributes are kept sorted by name, so items print and iterate deterministically.
///
/// ```
/// use dynorm::{Item, Value};
/// let item = Item::new().with("pk", "USER#1").with("age", 42);
/// assert_eq!(item.get("pk"), Some(&Value::from("USER#1")));
/// assert_eq!(item.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item(BTreeMap<String, Value>);

impl Item {
    /// An empty item.
    pub fn new() -> Item {
        Item(BTreeMap::new())
    }

    /// Builder-style insert.
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Item {
        self.0.insert(name.into(), value.into());
        self
    }

    /// Inserts an attribute, returning the previous value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.0.insert(name.into(), value.into())
    }

    /// The value of an attribute.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// A mutable reference to an attribute's value.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.0.get_mut(name)
    }

    /// Removes an attribute, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.remove(name)
    }

    /// Whether the attribute is present.
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the item has no attributes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates over attributes in name order.
    pub fn iter(&self) -> btree_map::Iter<'_, String, Value> {
        self.0.iter()
    }

    /// Attribute names in order.
    pub fn names(&self) -> btree_map::Keys<'_, String, Value> {
        self.0.keys()
    }

    /// Keeps only the attributes for which `f` returns true.
    pub fn retain(&mut self, f: impl FnMut(&String, &mut Value) -> bool) {
        self.0.retain(f)
    }

    /// Moves every attribute of `other` into this item, replacing same-named ones.
    pub fn extend(&mut self, other: Item) {
        self.0.extend(other.0)
    }

    /// Mutable access to the attribute's entry.
    pub fn entry(&mut self, name: String) -> btree_map::Entry<'_, String, Value> {
        self.0.entry(name)
    }

    /// The size DynamoDB bills and limits for this item, in bytes.
    pub fn size(&self) -> usize {
        super::item_size(self)
    }

    /// The underlying map.
    pub fn into_inner(self) -> BTreeMap<String, Value> {
        self.0
    }
}

impl Index<&str> for Item {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        &self.0[name]
    }
}

impl From<BTreeMap<String, Value>> for Item {
    fn from(m: BTreeMap<String, Value>) -> Item {
        Item(m)
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Item {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Item {
        Item(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for Item {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.0
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())))
    }
}

impl IntoIterator for Item {
    type Item = (String, Value);
    type IntoIter = btree_map::IntoIter<String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Item {
    type Item = (&'a String, &'a Value);
    type IntoIter = btree_map::Iter<'a, String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
