//! The stored data: tables of partitions of items, ordered as DynamoDB orders
//! them, with the ordered entries of each secondary index.

use crate::index_set::IndexSet;
use crate::key_value::KeyValue;
use crate::partition::Partition;
use crate::sort_range::SortBounds;
use crate::streams::TableStream;
use dynorm::backend::{
    IndexDefinition, IndexProjection, KeyAttribute, TableDefinition, Throughput, TimeToLive,
    UserIdentity,
};
use dynorm::value::PackedItem;
use dynorm::{Error, Item};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

/// The primary key of one stored item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct PrimaryKey {
    /// Partition key value.
    pub(crate) pk: KeyValue,
    /// Sort key value (`None` when the table has no sort key).
    pub(crate) sk: Option<KeyValue>,
}

/// One table: its definition, TTL setting, items and index entries.
#[derive(Debug)]
pub(crate) struct Table {
    /// Key schema and indexes.
    pub(crate) def: TableDefinition,
    /// The TTL setting, once set.
    pub(crate) ttl: Option<TimeToLive>,
    /// The table's tags by key (the definition's, moved here at creation).
    pub(crate) tags: BTreeMap<String, String>,
    /// When the table was created.
    pub(crate) created: SystemTime,
    /// The provisioned capacity of each global index, on a provisioned table.
    pub(crate) index_throughput: BTreeMap<String, Throughput>,
    /// Partitions by partition key, each ordered by sort key. Items are kept
    /// packed (one allocation each, about their DynamoDB size) and unpacked
    /// when read.
    partitions: BTreeMap<KeyValue, Partition>,
    /// The entries of every secondary index (global, then local), kept in
    /// step with `partitions` by every write.
    indexes: Vec<IndexSet>,
    /// The table's streams: the enabled one records every change made by
    /// `put`, `delete` and `remove_where`.
    pub(crate) stream: TableStream,
    /// Number of items.
    count: u64,
    /// Total DynamoDB size of the items.
    bytes: u64,
}

/// A shared, lockable table.
pub(crate) type SharedTable = Arc<RwLock<Table>>;

impl Table {
    /// An empty table. On a provisioned table every global index starts
    /// with the table's capacity.
    pub(crate) fn new(mut def: TableDefinition) -> Table {
        let tags = std::mem::take(&mut def.tags)
            .into_iter()
            .map(|t| (t.key, t.value))
            .collect();
        let indexes = def
            .global_indexes
            .iter()
            .chain(&def.local_indexes)
            .map(IndexSet::new)
            .collect();
        let index_throughput = match def.billing.throughput() {
            Some(t) => def
                .global_indexes
                .iter()
                .map(|i| (i.name.clone(), t))
                .collect(),
            None => BTreeMap::new(),
        };
        Table {
            def,
            ttl: None,
            tags,
            created: SystemTime::now(),
            index_throughput,
            partitions: BTreeMap::new(),
            indexes,
            stream: TableStream::default(),
            count: 0,
            bytes: 0,
        }
    }

    /// Adds a global index, filled from the stored items.
    pub(crate) fn add_global_index(&mut self, index: IndexDefinition) {
        let set = IndexSet::filled(&index, self.stored_items());
        // Global indexes come before local ones, as in `new`.
        self.indexes.insert(self.def.global_indexes.len(), set);
        self.def.global_indexes.push(index);
    }

    /// Every stored item with its primary key, in key order.
    fn stored_items(&self) -> impl Iterator<Item = (PrimaryKey, &PackedItem)> {
        self.partitions.iter().flat_map(|(pk, partition)| {
            partition.iter().map(move |(sk, item)| {
                let key = PrimaryKey {
                    pk: pk.clone(),
                    sk: sk.clone(),
                };
                (key, item)
            })
        })
    }

    /// Drops a global index and its entries.
    pub(crate) fn drop_global_index(&mut self, name: &str) {
        self.def.global_indexes.retain(|i| i.name != name);
        self.indexes.retain(|i| i.name() != name);
        self.index_throughput.remove(name);
    }

    /// The item with this key; it shares the stored buffer and unpacks
    /// only when looked at.
    pub(crate) fn get(&self, key: &PrimaryKey) -> Option<Item> {
        self.get_packed(key).cloned().map(Item::from)
    }

    /// The item with this key, as stored.
    pub(crate) fn get_packed(&self, key: &PrimaryKey) -> Option<&PackedItem> {
        self.stored(&key.pk, &key.sk)
    }

    /// The item stored under this partition and sort key.
    pub(crate) fn stored(&self, pk: &KeyValue, sk: &Option<KeyValue>) -> Option<&PackedItem> {
        self.partitions.get(pk)?.get(sk)
    }

    /// Stores an item, returning the one it replaces (packed: unpack it only
    /// when it is needed).
    pub(crate) fn put(&mut self, key: PrimaryKey, item: PackedItem) -> Option<PackedItem> {
        if !self.indexes.is_empty() {
            let old = self.partitions.get(&key.pk).and_then(|p| p.get(&key.sk));
            for index in &mut self.indexes {
                index.replace(&key, old, Some(&item));
            }
        }
        self.bytes += item.item_size() as u64;
        let recorded = self.stream.enabled.is_some().then(|| item.clone());
        let old = match self.partitions.get_mut(&key.pk) {
            Some(partition) => partition.insert(key.sk, item),
            None => {
                self.partitions.insert(key.pk, Partition::new(key.sk, item));
                None
            }
        };
        match &old {
            Some(o) => self.bytes = self.bytes.saturating_sub(o.item_size() as u64),
            None => self.count += 1,
        }
        if let (Some(log), Some(new)) = (&self.stream.enabled, &recorded) {
            TableStream::record(log, &self.def, old.as_ref(), Some(new), None);
        }
        old
    }

    /// Removes an item, returning it (packed).
    pub(crate) fn delete(&mut self, key: &PrimaryKey) -> Option<PackedItem> {
        let partition = self.partitions.get_mut(&key.pk)?;
        let old = partition.remove(&key.sk);
        if partition.is_empty() {
            self.partitions.remove(&key.pk);
        }
        if let Some(o) = &old {
            self.count = self.count.saturating_sub(1);
            self.bytes = self.bytes.saturating_sub(o.item_size() as u64);
            for index in &mut self.indexes {
                index.replace(key, Some(o), None);
            }
            if let Some(log) = &self.stream.enabled {
                TableStream::record(log, &self.def, Some(o), None, None);
            }
        }
        old
    }

    /// Removes every item `expired` selects (the TTL sweep), returning how
    /// many; their stream records name the DynamoDB service.
    pub(crate) fn remove_where(&mut self, mut expired: impl FnMut(&PackedItem) -> bool) -> usize {
        let mut removed = 0;
        let mut removed_bytes = 0u64;
        let Table {
            partitions,
            indexes,
            stream,
            def,
            ..
        } = self;
        partitions.retain(|pk, partition| {
            partition.retain(|sk, item| {
                let gone = expired(item);
                if gone {
                    removed += 1;
                    removed_bytes += item.item_size() as u64;
                    if let Some(log) = &stream.enabled {
                        let service = Some(UserIdentity::dynamodb_service());
                        TableStream::record(log, def, Some(item), None, service);
                    }
                    if !indexes.is_empty() {
                        let key = PrimaryKey {
                            pk: pk.clone(),
                            sk: sk.clone(),
                        };
                        for index in indexes.iter_mut() {
                            index.replace(&key, Some(item), None);
                        }
                    }
                }
                !gone
            });
            !partition.is_empty()
        });
        self.count = self.count.saturating_sub(removed as u64);
        self.bytes = self.bytes.saturating_sub(removed_bytes);
        removed
    }

    /// Number of items.
    pub(crate) fn item_count(&self) -> u64 {
        self.count
    }

    /// Total DynamoDB size of the items, in bytes.
    pub(crate) fn size_bytes(&self) -> u64 {
        self.bytes
    }

    /// The items of one partition whose sort keys lie within `bounds`, in
    /// sort key order.
    pub(crate) fn partition_range(
        &self,
        pk: &KeyValue,
        bounds: SortBounds,
    ) -> impl DoubleEndedIterator<Item = (&Option<KeyValue>, &PackedItem)> {
        self.partitions
            .get(pk)
            .into_iter()
            .flat_map(move |p| p.range(bounds.clone()))
    }

    /// Every item after the key `start` (exclusive; from the first item
    /// without one), by partition key then sort key, with its partition key:
    /// what a scan of the table reads. Lazy: it seeks to `start` and reads
    /// only as far as it is iterated.
    pub(crate) fn scan_from<'s>(
        &'s self,
        start: Option<(&KeyValue, &Option<KeyValue>)>,
    ) -> impl Iterator<Item = (&'s KeyValue, &'s PackedItem)> + 's {
        // The rest of the start key's partition, then the partitions after it.
        let (first, rest) = match start {
            None => (None, self.partitions.range::<KeyValue, _>(..)),
            Some((pk, sk)) => (
                self.partitions.get_key_value(pk).map(|(pk, partition)| {
                    partition
                        .range((Bound::Excluded(sk), Bound::Unbounded))
                        .map(move |(_, item)| (pk, item))
                }),
                self.partitions
                    .range::<KeyValue, _>((Bound::Excluded(pk), Bound::Unbounded)),
            ),
        };
        first.into_iter().flatten().chain(
            rest.flat_map(|(pk, partition)| partition.iter().map(move |(_, item)| (pk, item))),
        )
    }

    /// Whether every index holds exactly the entries of the stored items.
    #[cfg(test)]
    pub(crate) fn indexes_match_items(&self) -> bool {
        self.indexes
            .iter()
            .all(|index| index.holds_exactly(self.stored_items()))
    }

    /// The entries of the secondary index named `name`.
    pub(crate) fn index_entries(&self, name: &str) -> Option<&IndexSet> {
        self.indexes.iter().find(|i| i.name() == name)
    }
}

/// Read access to a table, recovering from a poisoned lock (a panicking
/// writer never leaves a half-written item: every write is one map insert
/// and the index entries it changes, none of which panics).
pub(crate) fn read(table: &RwLock<Table>) -> RwLockReadGuard<'_, Table> {
    table.read().unwrap_or_else(|e| e.into_inner())
}

/// Write access to a table.
pub(crate) fn write(table: &RwLock<Table>) -> RwLockWriteGuard<'_, Table> {
    table.write().unwrap_or_else(|e| e.into_inner())
}

/// A resolved index: its definition and whether it is global.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IndexRef<'a> {
    /// The definition.
    pub(crate) def: &'a IndexDefinition,
    /// Global (true) or local.
    pub(crate) global: bool,
}

impl<'a> IndexRef<'a> {
    /// The index key attributes.
    pub(crate) fn keys(self) -> impl Iterator<Item = &'a KeyAttribute> {
        std::iter::once(&self.def.partition_key).chain(self.def.sort_key.as_ref())
    }

    /// Whether the index projects this (non-key) attribute.
    pub(crate) fn projects(&self, name: &str) -> bool {
        match &self.def.projection {
            IndexProjection::All => true,
            IndexProjection::KeysOnly => false,
            IndexProjection::Include(names) => names.iter().any(|n| n == name),
        }
    }
}

/// Looks an index up by name.
pub(crate) fn find_index<'a>(def: &'a TableDefinition, name: &str) -> Result<IndexRef<'a>, Error> {
    def.index(name)
        .map(|(def, global)| IndexRef { def, global })
        .ok_or_else(|| {
            Error::validation_in(
                &def.name,
                format!("The table does not have the specified index: {name}"),
            )
        })
}
