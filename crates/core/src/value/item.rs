//! [`Item`]: a map of attribute names to values.

use super::{PackedItem, Value};
use std::borrow::Cow;
use std::collections::btree_map::{self, BTreeMap};
use std::fmt;
use std::ops::Index;
use std::sync::OnceLock;

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
///
/// An item made from a [`PackedItem`] (`Item::from(packed)`, as the memory
/// backend returns its stored items) keeps the packed buffer and builds its
/// attribute map the first time it is looked at; decoding it into a model
/// ([`from_item`](super::from_item)) reads the buffer without building the
/// map at all. Either way it behaves as the item that was packed.
#[derive(Default)]
pub struct Item {
    /// The attributes; empty while `packed` is set.
    map: BTreeMap<String, Value>,
    /// Set while the item is still the packed form it was made from.
    packed: Option<Box<Packed>>,
}

/// A packed item and the attribute map unpacked from it on first use.
struct Packed {
    item: PackedItem,
    map: OnceLock<BTreeMap<String, Value>>,
}

/// What an item holds, taken out of it.
pub(super) enum Content {
    /// Its attribute map.
    Tree(BTreeMap<String, Value>),
    /// Its packed form, never unpacked.
    Packed(PackedItem),
}

impl Item {
    fn from_map(map: BTreeMap<String, Value>) -> Item {
        Item { map, packed: None }
    }

    /// The attribute map, unpacked on first use.
    fn map(&self) -> &BTreeMap<String, Value> {
        match &self.packed {
            None => &self.map,
            Some(p) => p.map.get_or_init(|| p.item.unpack().into_inner()),
        }
    }

    /// The attribute map, for changes: the packed form is dropped.
    fn map_mut(&mut self) -> &mut BTreeMap<String, Value> {
        if let Some(p) = self.packed.take() {
            let Packed { item, map } = *p;
            self.map = map
                .into_inner()
                .unwrap_or_else(|| item.unpack().into_inner());
        }
        &mut self.map
    }

    /// The packed item this item was made from, while it is unchanged.
    pub(crate) fn packed_form(&self) -> Option<&PackedItem> {
        self.packed.as_ref().map(|p| &p.item)
    }

    /// Takes the content out: the packed form if the map was never built.
    pub(super) fn into_content(self) -> Content {
        match self.packed {
            None => Content::Tree(self.map),
            Some(p) => {
                let Packed { item, map } = *p;
                match map.into_inner() {
                    Some(map) => Content::Tree(map),
                    None => Content::Packed(item),
                }
            }
        }
    }

    /// The value of one attribute, like [`get`](Item::get), but an item
    /// still in its packed form stays packed: the value is read from the
    /// buffer (and returned owned) instead of unpacking the whole item.
    ///
    /// ```
    /// use dynorm::value::PackedItem;
    /// use dynorm::{Item, Value};
    /// let item = Item::from(PackedItem::pack(&Item::new().with("pk", "A").with("n", 1)));
    /// assert_eq!(item.peek("pk").as_deref(), Some(&Value::from("A")));
    /// assert_eq!(item.peek("missing"), None);
    /// ```
    pub fn peek(&self, name: &str) -> Option<Cow<'_, Value>> {
        match &self.packed {
            Some(p) if p.map.get().is_none() => p.item.attribute(name).map(Cow::Owned),
            _ => self.map().get(name).map(Cow::Borrowed),
        }
    }
}

impl From<PackedItem> for Item {
    /// The item that was packed, unpacked only when looked at.
    fn from(item: PackedItem) -> Item {
        Item {
            map: BTreeMap::new(),
            packed: Some(Box::new(Packed {
                item,
                map: OnceLock::new(),
            })),
        }
    }
}

impl Clone for Item {
    fn clone(&self) -> Item {
        match &self.packed {
            None => Item::from_map(self.map.clone()),
            // Sharing the buffer is cheaper than copying a built map.
            Some(p) => Item::from(p.item.clone()),
        }
    }
}

impl PartialEq for Item {
    fn eq(&self, other: &Item) -> bool {
        self.map() == other.map()
    }
}

impl fmt::Debug for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Item").field(self.map()).finish()
    }
}

impl Item {
    /// An empty item.
    pub fn new() -> Item {
        Item::from_map(BTreeMap::new())
    }

    /// Builder-style insert.
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Item {
        self.map_mut().insert(name.into(), value.into());
        self
    }

    /// Inserts an attribute, returning the previous value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.map_mut().insert(name.into(), value.into())
    }

    /// The value of an attribute.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.map().get(name)
    }

    /// A mutable reference to an attribute's value.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.map_mut().get_mut(name)
    }

    /// Removes an attribute, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.map_mut().remove(name)
    }

    /// Whether the attribute is present.
    pub fn contains(&self, name: &str) -> bool {
        self.map().contains_key(name)
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.map().len()
    }

    /// Whether the item has no attributes.
    pub fn is_empty(&self) -> bool {
        self.map().is_empty()
    }

    /// Iterates over attributes in name order.
    pub fn iter(&self) -> btree_map::Iter<'_, String, Value> {
        self.map().iter()
    }

    /// Attribute names in order.
    pub fn names(&self) -> btree_map::Keys<'_, String, Value> {
        self.map().keys()
    }

    /// Keeps only the attributes for which `f` returns true.
    pub fn retain(&mut self, f: impl FnMut(&String, &mut Value) -> bool) {
        self.map_mut().retain(f)
    }

    /// Moves every attribute of `other` into this item, replacing same-named ones.
    pub fn extend(&mut self, other: Item) {
        self.map_mut().extend(other.into_inner())
    }

    /// Mutable access to the attribute's entry.
    pub fn entry(&mut self, name: String) -> btree_map::Entry<'_, String, Value> {
        self.map_mut().entry(name)
    }

    /// The size DynamoDB bills and limits for this item, in bytes.
    pub fn size(&self) -> usize {
        super::item_size(self)
    }

    /// The underlying map.
    pub fn into_inner(self) -> BTreeMap<String, Value> {
        match self.into_content() {
            Content::Tree(map) => map,
            Content::Packed(item) => item.unpack().into_inner(),
        }
    }
}

impl Index<&str> for Item {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        &self.map()[name]
    }
}

impl From<BTreeMap<String, Value>> for Item {
    fn from(m: BTreeMap<String, Value>) -> Item {
        Item::from_map(m)
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Item {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Item {
        Item::from_map(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for Item {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.map_mut()
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())))
    }
}

impl IntoIterator for Item {
    type Item = (String, Value);
    type IntoIter = btree_map::IntoIter<String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_inner().into_iter()
    }
}

impl<'a> IntoIterator for &'a Item {
    type Item = (&'a String, &'a Value);
    type IntoIter = btree_map::Iter<'a, String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.map().iter()
    }
}
