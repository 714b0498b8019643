//! [`Partition`]: the items stored under one partition key, by sort key.

use crate::key_value::KeyValue;
use dynorm::value::PackedItem;
use std::collections::{btree_map, BTreeMap};
use std::iter::{Chain, Flatten};
use std::ops::RangeBounds;

/// Items of a partition in sort key order ([`Partition::range`]).
pub(crate) type Items<'a> = Chain<
    std::option::IntoIter<(&'a Option<KeyValue>, &'a PackedItem)>,
    Flatten<std::option::IntoIter<btree_map::Range<'a, Option<KeyValue>, PackedItem>>>,
>;

/// The items of one partition key, ordered by sort key (`None` in a table
/// without one).
///
/// A partition of one item, which every partition of a table without a
/// sort key is, holds it inline: a B-tree's first node has room for eleven
/// entries, about 700 bytes, which would nearly double the memory of each
/// item of such a table. The B-tree is made when a second item arrives.
#[derive(Debug)]
pub(crate) enum Partition {
    /// One item.
    One(Option<KeyValue>, PackedItem),
    /// Any number of items (none once the last was removed).
    Many(BTreeMap<Option<KeyValue>, PackedItem>),
}

impl Partition {
    /// A partition holding one item.
    pub(crate) fn new(sort_key: Option<KeyValue>, item: PackedItem) -> Partition {
        Partition::One(sort_key, item)
    }

    /// The item stored under `sort_key`.
    pub(crate) fn get(&self, sort_key: &Option<KeyValue>) -> Option<&PackedItem> {
        match self {
            Partition::One(k, item) => (k == sort_key).then_some(item),
            Partition::Many(items) => items.get(sort_key),
        }
    }

    /// Stores an item under `sort_key`, returning the one it replaces.
    pub(crate) fn insert(
        &mut self,
        sort_key: Option<KeyValue>,
        item: PackedItem,
    ) -> Option<PackedItem> {
        match self {
            Partition::One(k, stored) if *k == sort_key => Some(std::mem::replace(stored, item)),
            Partition::One(..) => {
                let Partition::One(k, stored) =
                    std::mem::replace(self, Partition::Many(BTreeMap::new()))
                else {
                    return None;
                };
                let items = BTreeMap::from([(k, stored), (sort_key, item)]);
                *self = Partition::Many(items);
                None
            }
            Partition::Many(items) => items.insert(sort_key, item),
        }
    }

    /// Removes the item stored under `sort_key`, returning it.
    pub(crate) fn remove(&mut self, sort_key: &Option<KeyValue>) -> Option<PackedItem> {
        match self {
            Partition::One(k, _) if k == sort_key => {
                match std::mem::replace(self, Partition::Many(BTreeMap::new())) {
                    Partition::One(_, item) => Some(item),
                    Partition::Many(_) => None,
                }
            }
            Partition::One(..) => None,
            Partition::Many(items) => items.remove(sort_key),
        }
    }

    /// Whether no item is left.
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Partition::Many(items) if items.is_empty())
    }

    /// The items whose sort keys lie within `bounds`, in sort key order.
    pub(crate) fn range<R: RangeBounds<Option<KeyValue>>>(&self, bounds: R) -> Items<'_> {
        let (one, many) = match self {
            Partition::One(k, item) => (bounds.contains(k).then_some((k, item)), None),
            Partition::Many(items) => (None, Some(items.range::<Option<KeyValue>, R>(bounds))),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }

    /// Every item, in sort key order.
    pub(crate) fn iter(&self) -> Items<'_> {
        self.range::<std::ops::RangeFull>(..)
    }

    /// Keeps only the items `keep` returns true for.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Option<KeyValue>, &PackedItem) -> bool) {
        match self {
            Partition::One(k, item) => {
                if !keep(k, item) {
                    *self = Partition::Many(BTreeMap::new());
                }
            }
            Partition::Many(items) => items.retain(|k, item| keep(k, item)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use dynorm::Item;
    use std::ops::Bound;

    fn sk(s: &str) -> Option<KeyValue> {
        Some(KeyValue::S(s.to_owned()))
    }

    fn item(n: i64) -> PackedItem {
        PackedItem::pack(&Item::new().with("n", n))
    }

    fn sort_keys(p: &Partition) -> Vec<Option<KeyValue>> {
        p.iter().map(|(k, _)| k.clone()).collect()
    }

    #[test]
    fn one_item_then_many_then_none() {
        let mut p = Partition::new(sk("b"), item(1));
        assert!(matches!(p, Partition::One(..)));
        assert_eq!(p.get(&sk("b")), Some(&item(1)));
        assert_eq!(p.get(&sk("a")), None);
        // Replacing the one item keeps it inline.
        assert_eq!(p.insert(sk("b"), item(2)), Some(item(1)));
        assert!(matches!(p, Partition::One(..)));
        assert_eq!(p.remove(&sk("a")), None);

        assert_eq!(p.insert(sk("a"), item(3)), None);
        assert!(matches!(p, Partition::Many(..)));
        assert_eq!(sort_keys(&p), vec![sk("a"), sk("b")]);
        assert_eq!(p.get(&sk("b")), Some(&item(2)));

        assert_eq!(p.remove(&sk("a")), Some(item(3)));
        assert_eq!(p.remove(&sk("b")), Some(item(2)));
        assert!(p.is_empty());
        assert_eq!(sort_keys(&p), Vec::<Option<KeyValue>>::new());
    }

    #[test]
    fn ranges_and_retain_agree_with_a_btree_of_one() {
        let inline = Partition::new(sk("m"), item(1));
        let tree = Partition::Many(BTreeMap::from([(sk("m"), item(1))]));
        let bounds = [
            (Bound::Unbounded, Bound::Unbounded),
            (Bound::Included(sk("m")), Bound::Included(sk("m"))),
            (Bound::Excluded(sk("m")), Bound::Unbounded),
            (Bound::Unbounded, Bound::Excluded(sk("m"))),
            (Bound::Included(sk("a")), Bound::Excluded(sk("z"))),
            (Bound::Included(sk("n")), Bound::Unbounded),
        ];
        for b in bounds {
            let of = |p: &Partition| {
                p.range(b.clone())
                    .rev()
                    .map(|(k, _)| k.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(of(&inline), of(&tree), "{b:?}");
        }
        let mut p = Partition::new(None, item(1));
        p.retain(|_, _| true);
        assert!(!p.is_empty());
        p.retain(|_, _| false);
        assert!(p.is_empty());
    }
}
