//! The entries of one secondary index: where each item of the table sits in
//! the index, kept as an ordered set of positions (index partition key, index
//! sort key, table partition key, table sort key), so that index queries and
//! scans seek to their first item and walk lazily instead of sorting the table
//! on every page.
//!
//! The index is sparse, as DynamoDB's: an item is in it only when it has the
//! index key attributes with their declared types. Entries hold key values
//! only; the items stay in the table's partitions and are looked up there by
//! the table key of the entry.
//!
//! Seeks compare [`Position`]s: a stored entry, or a probe that may sit
//! between entries (below or above every entry of an index partition or of
//! one index sort key). Both are compared through `dyn Position`, which
//! entries [`Borrow`] as, so a seek borrows the keys it is given and
//! allocates nothing.

use crate::key_value::{KeyValue, OrderKey};
use crate::sort_range::SortBounds;
use crate::store::PrimaryKey;
use dynorm::backend::{IndexDefinition, KeyAttribute};
use dynorm::value::PackedItem;
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::btree_set::{self, BTreeSet};
use std::ops::Bound;

/// Where one item sits in an index.
#[derive(Debug)]
pub(crate) struct IndexEntry {
    /// Index partition key value.
    ipk: KeyValue,
    /// Index sort key value (`None` when the index has no sort key).
    isk: Option<KeyValue>,
    /// Table partition key value.
    tpk: KeyValue,
    /// Table sort key value (`None` when the table has no sort key).
    tsk: Option<KeyValue>,
}

impl IndexEntry {
    /// The index partition key value.
    pub(crate) fn index_pk(&self) -> &KeyValue {
        &self.ipk
    }

    /// The index sort key value (`None` when the index has no sort key).
    pub(crate) fn index_sk(&self) -> Option<&KeyValue> {
        self.isk.as_ref()
    }

    /// The table partition key value.
    pub(crate) fn table_pk(&self) -> &KeyValue {
        &self.tpk
    }

    /// The table sort key value (`None` when the table has no sort key).
    pub(crate) fn table_sk(&self) -> &Option<KeyValue> {
        &self.tsk
    }
}

/// One component of a position after the index partition key: a key value,
/// or a place below or above every key value (probes only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part<T> {
    /// Before every value.
    Below,
    /// This value.
    At(T),
    /// After every value.
    Above,
}

/// The compared form of a position: index partition key, index sort key,
/// table partition key, table sort key, lexicographically.
type Pos<'a> = (
    &'a KeyValue,
    Part<&'a Option<KeyValue>>,
    Part<&'a KeyValue>,
    Part<&'a Option<KeyValue>>,
);

/// Something with a place in an index's order: a stored [`IndexEntry`] or a
/// [`Probe`].
trait Position {
    /// The place, as compared.
    fn position(&self) -> Pos<'_>;
}

impl Position for IndexEntry {
    fn position(&self) -> Pos<'_> {
        (
            &self.ipk,
            Part::At(&self.isk),
            Part::At(&self.tpk),
            Part::At(&self.tsk),
        )
    }
}

/// A place to seek to, borrowing its keys.
#[derive(Debug, Clone, Copy)]
struct Probe<'k>(Pos<'k>);

impl Position for Probe<'_> {
    fn position(&self) -> Pos<'_> {
        self.0
    }
}

impl PartialEq for dyn Position + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.position() == other.position()
    }
}

impl Eq for dyn Position + '_ {}

impl PartialOrd for dyn Position + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn Position + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.position().cmp(&other.position())
    }
}

impl<'a> Borrow<dyn Position + 'a> for IndexEntry {
    fn borrow(&self) -> &(dyn Position + 'a) {
        self
    }
}

// Entries order exactly as their positions do (what `Borrow` requires).
impl PartialEq for IndexEntry {
    fn eq(&self, other: &Self) -> bool {
        self.position() == other.position()
    }
}

impl Eq for IndexEntry {}

impl PartialOrd for IndexEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IndexEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.position().cmp(&other.position())
    }
}

/// An exact place in an index, given by its four keys: an exclusive start key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IndexStart<'k> {
    ipk: &'k KeyValue,
    isk: &'k Option<KeyValue>,
    tpk: &'k KeyValue,
    tsk: &'k Option<KeyValue>,
}

impl<'k> IndexStart<'k> {
    /// The start key of an index read, as `Target::start` builds it
    /// (`[index pk, index sk, table pk, table sk]`); `None` for any other shape.
    pub(crate) fn from_order(order: &'k OrderKey) -> Option<IndexStart<'k>> {
        match order.as_slice() {
            [Some(ipk), isk, Some(tpk), tsk] => Some(IndexStart { ipk, isk, tpk, tsk }),
            _ => None,
        }
    }

    fn probe(self) -> Probe<'k> {
        Probe((
            self.ipk,
            Part::At(self.isk),
            Part::At(self.tpk),
            Part::At(self.tsk),
        ))
    }
}

/// The ordered positions of the items of one secondary index.
#[derive(Debug)]
pub(crate) struct IndexSet {
    /// The index name.
    name: String,
    /// The index partition key attribute.
    partition_key: KeyAttribute,
    /// The index sort key attribute, if the index has one.
    sort_key: Option<KeyAttribute>,
    /// One entry per item that has the index keys.
    entries: BTreeSet<IndexEntry>,
}

impl IndexSet {
    /// An empty index of this definition.
    pub(crate) fn new(def: &IndexDefinition) -> IndexSet {
        IndexSet {
            name: def.name.clone(),
            partition_key: def.partition_key.clone(),
            sort_key: def.sort_key.clone(),
            entries: BTreeSet::new(),
        }
    }

    /// An index of this definition holding the entries of these stored
    /// items (built in one pass, as an index added to a table is).
    pub(crate) fn filled<'i>(
        def: &IndexDefinition,
        items: impl Iterator<Item = (PrimaryKey, &'i PackedItem)>,
    ) -> IndexSet {
        let mut set = IndexSet::new(def);
        set.entries = items
            .filter_map(|(key, item)| set.entry(&key, item))
            .collect();
        set
    }

    /// The index name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Every entry, in index order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &IndexEntry> {
        self.entries.iter()
    }

    /// Whether the entries are exactly those of these stored items.
    #[cfg(test)]
    pub(crate) fn holds_exactly<'i>(
        &self,
        items: impl Iterator<Item = (PrimaryKey, &'i PackedItem)>,
    ) -> bool {
        let expected: BTreeSet<IndexEntry> = items
            .filter_map(|(key, item)| self.entry(&key, item))
            .collect();
        expected == self.entries
    }

    /// Where the item stored under `key` sits in the index; `None` when it
    /// lacks an index key attribute or has one of another type (sparse).
    fn entry(&self, key: &PrimaryKey, item: &PackedItem) -> Option<IndexEntry> {
        let ipk = key_value(item, &self.partition_key)?;
        let isk = match &self.sort_key {
            None => None,
            Some(attr) => Some(key_value(item, attr)?),
        };
        Some(IndexEntry {
            ipk,
            isk,
            tpk: key.pk.clone(),
            tsk: key.sk.clone(),
        })
    }

    /// Follows a write of the item under `key`: `old` is the item it
    /// replaced or removed, `new` the item now stored (`None` after a delete).
    pub(crate) fn replace(
        &mut self,
        key: &PrimaryKey,
        old: Option<&PackedItem>,
        new: Option<&PackedItem>,
    ) {
        let old = old.and_then(|item| self.entry(key, item));
        let new = new.and_then(|item| self.entry(key, item));
        if old == new {
            return;
        }
        if let Some(old) = old {
            self.entries.remove(&old);
        }
        if let Some(new) = new {
            self.entries.insert(new);
        }
    }

    /// The entries of index partition `ipk` whose sort keys lie within
    /// `sort` (bounds on the index sort key, as `sort_range::sort_bounds`
    /// computes them without a start key) and that come after `start` in the
    /// read direction, in index order (reverse it to read backwards).
    pub(crate) fn query<'s>(
        &'s self,
        ipk: &KeyValue,
        sort: &SortBounds,
        start: Option<IndexStart<'_>>,
        forward: bool,
    ) -> btree_set::Range<'s, IndexEntry> {
        let low = match &sort.0 {
            Bound::Unbounded => Probe((ipk, Part::Below, Part::Below, Part::Below)),
            Bound::Included(sk) => Probe((ipk, Part::At(sk), Part::Below, Part::Below)),
            Bound::Excluded(sk) => Probe((ipk, Part::At(sk), Part::Above, Part::Above)),
        };
        let high = match &sort.1 {
            Bound::Unbounded => Probe((ipk, Part::Above, Part::Above, Part::Above)),
            Bound::Included(sk) => Probe((ipk, Part::At(sk), Part::Above, Part::Above)),
            Bound::Excluded(sk) => Probe((ipk, Part::At(sk), Part::Below, Part::Below)),
        };
        // Probes with a `Below` or `Above` part equal no entry: including
        // them is the same as excluding them.
        let mut low = Bound::Included(low);
        let mut high = Bound::Included(high);
        if let Some(start) = start.map(IndexStart::probe) {
            if forward {
                low = tighter(low, Bound::Excluded(start), Ordering::Greater);
            } else {
                high = tighter(high, Bound::Excluded(start), Ordering::Less);
            }
        }
        self.range(low, high)
    }

    /// Every entry after `start` (all of them without one), in index order:
    /// what a scan of the index reads.
    pub(crate) fn scan(&self, start: Option<IndexStart<'_>>) -> btree_set::Range<'_, IndexEntry> {
        match start {
            None => self.entries.range::<dyn Position, _>(..),
            Some(start) => self.range(Bound::Excluded(start.probe()), Bound::Unbounded),
        }
    }

    /// The entries between two bounds; empty when the bounds leave nothing
    /// between them (where `BTreeSet::range` would panic).
    fn range(
        &self,
        low: Bound<Probe<'_>>,
        high: Bound<Probe<'_>>,
    ) -> btree_set::Range<'_, IndexEntry> {
        if let (Some(lo), Some(hi)) = (bound_position(&low), bound_position(&high)) {
            let both_included = matches!((&low, &high), (Bound::Included(_), Bound::Included(_)));
            match lo.cmp(&hi) {
                Ordering::Greater => return btree_set::Range::default(),
                Ordering::Equal if !both_included => return btree_set::Range::default(),
                _ => {}
            }
        }
        self.entries
            .range::<dyn Position, _>((as_position_bound(&low), as_position_bound(&high)))
    }
}

/// The position a bound is at; `None` when unbounded.
fn bound_position<'b>(bound: &'b Bound<Probe<'_>>) -> Option<Pos<'b>> {
    match bound {
        Bound::Included(p) | Bound::Excluded(p) => Some(p.position()),
        Bound::Unbounded => None,
    }
}

/// A bound on probes as a bound on `dyn Position`, the type entries borrow as.
fn as_position_bound<'p>(bound: &'p Bound<Probe<'_>>) -> Bound<&'p (dyn Position + 'p)> {
    match bound {
        Bound::Included(p) => Bound::Included(p as &dyn Position),
        Bound::Excluded(p) => Bound::Excluded(p as &dyn Position),
        Bound::Unbounded => Bound::Unbounded,
    }
}

/// Of two bounds on the same side, the one that admits less: `keep` is the
/// ordering of a position that wins (`Greater` for lower bounds). At equal
/// positions the exclusive bound wins.
fn tighter<'k>(a: Bound<Probe<'k>>, b: Bound<Probe<'k>>, keep: Ordering) -> Bound<Probe<'k>> {
    match (&a, &b) {
        (Bound::Unbounded, _) => b,
        (_, Bound::Unbounded) => a,
        (Bound::Included(x) | Bound::Excluded(x), Bound::Included(y) | Bound::Excluded(y)) => {
            match x.position().cmp(&y.position()) {
                o if o == keep => a,
                Ordering::Equal if matches!(a, Bound::Excluded(_)) => a,
                _ => b,
            }
        }
    }
}

/// The item's value of a key attribute as a key value of the declared type,
/// read from the packed item without unpacking it.
fn key_value(item: &PackedItem, attr: &KeyAttribute) -> Option<KeyValue> {
    KeyValue::from_value(&item.attribute(&attr.name)?).filter(|k| k.key_type() == attr.key_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sort_range::sort_bounds;
    use dynorm::expr::SortOp;
    use dynorm::{Item, Value};

    fn n(v: i64) -> KeyValue {
        KeyValue::N(v.into())
    }

    fn s(v: &str) -> KeyValue {
        KeyValue::S(v.to_owned())
    }

    /// An index on `g` (S) + `gs` (N) holding, in partition "a", index sort
    /// keys 1, 2, 2, 2, 3 (the three 2s on table keys p/1, p/2, q/1), and one
    /// item in partition "b".
    fn index() -> IndexSet {
        let mut set = IndexSet::new(
            &IndexDefinition::new("by_g", KeyAttribute::new("g", dynorm::backend::KeyType::S))
                .with_sort_key(KeyAttribute::new("gs", dynorm::backend::KeyType::N))
                .with_projection(dynorm::backend::IndexProjection::KeysOnly),
        );
        for (g, gs, pk, sk) in [
            ("a", 2, "q", 1),
            ("a", 1, "p", 9),
            ("a", 2, "p", 2),
            ("b", 0, "p", 0),
            ("a", 3, "p", 0),
            ("a", 2, "p", 1),
        ] {
            let key = PrimaryKey {
                pk: s(pk),
                sk: Some(n(sk)),
            };
            let item = Item::new()
                .with("pk", pk)
                .with("sk", sk)
                .with("g", g)
                .with("gs", gs);
            set.replace(&key, None, Some(&PackedItem::pack(&item)));
        }
        set
    }

    /// The (index sort key, table pk, table sk) the seek reads, in read order,
    /// without checking the sort condition again.
    fn seek(op: Option<SortOp>, start: Option<(i64, &str, i64)>, forward: bool) -> Vec<String> {
        let set = index();
        let Some(bounds) = sort_bounds(op.as_ref(), None, forward) else {
            return vec![];
        };
        let start: Option<OrderKey> =
            start.map(|(gs, pk, sk)| vec![Some(s("a")), Some(n(gs)), Some(s(pk)), Some(n(sk))]);
        let start = start.as_ref().and_then(IndexStart::from_order);
        let found = set.query(&s("a"), &bounds, start, forward);
        let show = |e: &IndexEntry| {
            let k = |k: Option<&KeyValue>| match k {
                Some(KeyValue::N(v)) => v.to_string(),
                Some(KeyValue::S(v)) => v.clone(),
                _ => "?".to_owned(),
            };
            format!(
                "{}{}{}",
                k(e.index_sk()),
                k(Some(e.table_pk())),
                k(e.table_sk().as_ref())
            )
        };
        if forward {
            found.map(show).collect()
        } else {
            found.rev().map(show).collect()
        }
    }

    fn v(x: i64) -> Value {
        Value::from(x)
    }

    #[test]
    fn seeks_read_one_index_partition_in_order() {
        assert_eq!(seek(None, None, true), ["1p9", "2p1", "2p2", "2q1", "3p0"]);
        assert_eq!(seek(None, None, false), ["3p0", "2q1", "2p2", "2p1", "1p9"]);
    }

    #[test]
    fn sort_bounds_keep_or_drop_whole_groups_of_equal_sort_keys() {
        assert_eq!(
            seek(Some(SortOp::Eq(v(2))), None, true),
            ["2p1", "2p2", "2q1"]
        );
        assert_eq!(seek(Some(SortOp::Gt(v(2))), None, true), ["3p0"]);
        assert_eq!(
            seek(Some(SortOp::Ge(v(2))), None, false),
            ["3p0", "2q1", "2p2", "2p1"]
        );
        assert_eq!(seek(Some(SortOp::Lt(v(2))), None, false), ["1p9"]);
        assert_eq!(
            seek(Some(SortOp::Le(v(2))), None, true),
            ["1p9", "2p1", "2p2", "2q1"]
        );
        assert_eq!(
            seek(Some(SortOp::Between(v(2), v(3))), None, true),
            ["2p1", "2p2", "2q1", "3p0"]
        );
        assert!(seek(Some(SortOp::Gt(v(3))), None, true).is_empty());
    }

    #[test]
    fn start_keys_narrow_within_a_group_of_equal_sort_keys() {
        let eq = || Some(SortOp::Eq(v(2)));
        assert_eq!(seek(eq(), Some((2, "p", 1)), true), ["2p2", "2q1"]);
        assert_eq!(seek(eq(), Some((2, "p", 2)), false), ["2p1"]);
        assert!(seek(eq(), Some((2, "q", 1)), true).is_empty());
        assert!(seek(eq(), Some((2, "p", 1)), false).is_empty());
        // A start key outside the sort range, on either side.
        assert_eq!(seek(eq(), Some((1, "p", 9)), true), ["2p1", "2p2", "2q1"]);
        assert!(seek(eq(), Some((3, "p", 0)), true).is_empty());
        assert_eq!(seek(eq(), Some((3, "p", 0)), false), ["2q1", "2p2", "2p1"]);
        assert!(seek(eq(), Some((1, "p", 9)), false).is_empty());
        // A start key that is not an entry (a deleted item).
        assert_eq!(seek(None, Some((2, "p", 5)), true), ["2q1", "3p0"]);
        assert_eq!(seek(None, Some((2, "p", 5)), false), ["2p2", "2p1", "1p9"]);
    }

    #[test]
    fn scans_read_every_partition_after_the_start() {
        let set = index();
        assert_eq!(set.scan(None).count(), 6);
        let start = vec![Some(s("a")), Some(n(3)), Some(s("p")), Some(n(0))];
        let after: Vec<&KeyValue> = set
            .scan(IndexStart::from_order(&start))
            .map(IndexEntry::index_pk)
            .collect();
        assert_eq!(after, [&s("b")]);
    }

    #[test]
    fn replacing_an_entry_moves_it() {
        let mut set = index();
        let key = PrimaryKey {
            pk: s("p"),
            sk: Some(n(1)),
        };
        let old = PackedItem::pack(&Item::new().with("g", "a").with("gs", 2));
        let new = PackedItem::pack(&Item::new().with("g", "a").with("gs", 0));
        set.replace(&key, Some(&old), Some(&new));
        assert_eq!(
            seek(None, None, true).len(),
            5,
            "a fresh index is unchanged"
        );
        let firsts: Vec<Option<&KeyValue>> = set.iter().map(IndexEntry::index_sk).take(2).collect();
        assert_eq!(firsts, [Some(&n(0)), Some(&n(1))]);
        assert_eq!(set.iter().count(), 6);
        set.replace(&key, Some(&new), None);
        assert_eq!(set.iter().count(), 5);
        // An item without the index sort key is not in the index.
        let sparse = PackedItem::pack(&Item::new().with("g", "a"));
        set.replace(&key, None, Some(&sparse));
        assert_eq!(set.iter().count(), 5);
    }
}
