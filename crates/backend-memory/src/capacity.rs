//! The consumed capacity of every operation, counted as DynamoDB counts it
//! (the arithmetic is core's `rules::capacity`): reads by size in 4 KB units,
//! writes by the larger of the old and new item in 1 KB units, and one write
//! per secondary index a write changes (two when it moves the item within
//! the index).

use crate::store::IndexRef;
use dynorm::backend::{
    Capacity, ConsumedCapacity, IndexProjection, ReturnConsumedCapacity, TableDefinition,
};
use dynorm::rules::capacity::write_units;
use dynorm::{item_size, Item, Value};

/// What a read consumed capacity on: the table or one of its indexes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ReadOn<'a> {
    /// The table.
    Table,
    /// A secondary index.
    Index(IndexRef<'a>),
}

/// Whether an operation's capacity tells its read units from its write
/// units: DynamoDB splits them on transactions (TransactWriteItems,
/// TransactGetItems, ExecuteTransaction) only; every other operation
/// answers the units alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Split {
    /// A transaction: `ReadCapacityUnits` / `WriteCapacityUnits` beside the total.
    Transactional,
    /// Any other operation: `CapacityUnits` alone.
    Plain,
}

impl Split {
    fn read(self, units: f64) -> Capacity {
        match self {
            Split::Transactional => Capacity::read(units),
            Split::Plain => Capacity::new(units),
        }
    }

    fn write(self, units: f64) -> Capacity {
        match self {
            Split::Transactional => Capacity::write(units),
            Split::Plain => Capacity::new(units),
        }
    }
}

/// The capacity of a read of `units` read units, as `rcc` asks for it.
pub(crate) fn read(
    table: &str,
    on: ReadOn<'_>,
    units: f64,
    rcc: ReturnConsumedCapacity,
    split: Split,
) -> Option<ConsumedCapacity> {
    let mut out = ConsumedCapacity::new(table, split.read(units));
    match rcc {
        ReturnConsumedCapacity::None => return None,
        ReturnConsumedCapacity::Total => {}
        ReturnConsumedCapacity::Indexes => match on {
            ReadOn::Table => out.table = Some(split.read(units)),
            ReadOn::Index(i) => {
                // An index read consumes nothing on the table itself.
                out.table = Some(split.read(0.0));
                let indexes = if i.global {
                    &mut out.global_secondary_indexes
                } else {
                    &mut out.local_secondary_indexes
                };
                indexes.insert(i.def.name.clone(), split.read(units));
            }
        },
    }
    Some(out)
}

/// The write units of one item write, on the table and on each index it changes.
#[derive(Debug, Default)]
pub(crate) struct WriteCost {
    table: f64,
    /// (index, global, units) for each index written.
    indexes: Vec<(String, bool, f64)>,
}

impl WriteCost {
    /// The cost of changing the stored item from `old` to `new` (`None`:
    /// absent before, or deleted), doubled in a transaction.
    pub(crate) fn of(
        def: &TableDefinition,
        old: Option<&Item>,
        new: Option<&Item>,
        transactional: bool,
    ) -> WriteCost {
        let size = |i: Option<&Item>| i.map_or(0, item_size);
        let mut cost = WriteCost {
            table: write_units(size(old).max(size(new)), transactional),
            indexes: Vec::new(),
        };
        let indexes = def
            .global_indexes
            .iter()
            .map(|d| (d, true))
            .chain(def.local_indexes.iter().map(|d| (d, false)));
        for (d, global) in indexes {
            let index = IndexRef { def: d, global };
            let before = old.and_then(|i| entry(def, index, i));
            let after = new.and_then(|i| entry(def, index, i));
            let units = match (&before, &after) {
                (None, None) => 0.0,
                (Some(e), None) | (None, Some(e)) => write_units(item_size(&e.1), transactional),
                // Moved within the index: the old entry is deleted, the new one put.
                (Some(b), Some(a)) if b.0 != a.0 => {
                    write_units(item_size(&b.1), transactional)
                        + write_units(item_size(&a.1), transactional)
                }
                (Some(b), Some(a)) if b.1 != a.1 => {
                    write_units(item_size(&b.1).max(item_size(&a.1)), transactional)
                }
                // Nothing the index holds changed.
                _ => 0.0,
            };
            if units > 0.0 {
                cost.indexes.push((d.name.clone(), global, units));
            }
        }
        cost
    }

    /// The consumed capacity of these writes on `table`, as `rcc` asks for it.
    pub(crate) fn consumed(
        costs: impl IntoIterator<Item = WriteCost>,
        table: &str,
        rcc: ReturnConsumedCapacity,
        split: Split,
    ) -> Option<ConsumedCapacity> {
        if !rcc.is_requested() {
            return None;
        }
        let mut out = ConsumedCapacity::new(table, split.write(0.0));
        for cost in costs {
            let mut total = split.write(cost.table);
            let mut part = ConsumedCapacity::new(table, split.write(cost.table));
            part.table = Some(split.write(cost.table));
            for (name, global, units) in cost.indexes {
                total.add(&split.write(units));
                let indexes = if global {
                    &mut part.global_secondary_indexes
                } else {
                    &mut part.local_secondary_indexes
                };
                indexes.insert(name, split.write(units));
            }
            part.capacity_units = total.capacity_units;
            part.write_capacity_units = total.write_capacity_units;
            out.add(&part);
        }
        if rcc == ReturnConsumedCapacity::Total {
            out = ConsumedCapacity::new(table, out.total());
        }
        Some(out)
    }
}

/// Read units consumed per table, as `rcc` asks for them (BatchGetItem and
/// TransactGetItems answer one entry per table).
pub(crate) fn reads_per_table<'a>(
    reads: impl IntoIterator<Item = (&'a str, f64)>,
    rcc: ReturnConsumedCapacity,
    split: Split,
) -> Vec<ConsumedCapacity> {
    let mut out = Vec::new();
    for (table, units) in reads {
        if let Some(c) = read(table, ReadOn::Table, units, rcc, split) {
            ConsumedCapacity::merge(&mut out, &[c]);
        }
    }
    out
}

/// An item's entry in an index: its index key values and what the index
/// holds of it; `None` when the item lacks an index key attribute (the
/// index is sparse).
fn entry(def: &TableDefinition, index: IndexRef<'_>, item: &Item) -> Option<(Vec<Value>, Item)> {
    let keys = index
        .keys()
        .map(|k| item.get(&k.name).cloned())
        .collect::<Option<Vec<Value>>>()?;
    let held = match &index.def.projection {
        IndexProjection::All => item.clone(),
        _ => item
            .iter()
            .filter(|(name, _)| {
                index.keys().any(|k| &k.name == *name)
                    || def.partition_key.name == **name
                    || def.sort_key.as_ref().is_some_and(|k| k.name == **name)
                    || index.projects(name)
            })
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect(),
    };
    Some((keys, held))
}
