//! What a call is estimated to cost before it is sent, and what its answer
//! says it cost, in the capacity units of DynamoDB's rulebook
//! ([`rules::capacity`](crate::rules::capacity)).

use crate::backend::*;
use crate::rules::capacity::{item_read_units, write_units, ReadMode};
use crate::value::{item_size, Item};

/// Read or write capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Access {
    Read,
    Write,
}

/// The capacity one call uses on one table (or one index of it, for the
/// index's own reads).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Use {
    pub(crate) table: String,
    pub(crate) index: Option<String>,
    pub(crate) access: Access,
}

impl Use {
    fn new(table: &str, index: Option<&str>, access: Access) -> Use {
        Use {
            table: table.to_owned(),
            index: index.map(str::to_owned),
            access,
        }
    }
}

/// A call's estimated cost, per table (and index) it uses.
pub(crate) type Estimate = Vec<(Use, f64)>;

/// The estimated cost of a request before it is sent: from the item's size
/// for whole-item writes, one unit (at the read's price) where the size is
/// not known.
pub(crate) trait Estimated {
    fn estimate(&self) -> Estimate;
}

fn put_units(item: &Item, transactional: bool) -> f64 {
    write_units(item_size(item), transactional)
}

/// One unit at `mode`'s price: a read whose size is not known yet.
fn one_read(mode: ReadMode) -> f64 {
    item_read_units(0, mode)
}

/// Adds `units` to the entry of `u` (one entry per table).
fn add(estimate: &mut Estimate, u: Use, units: f64) {
    match estimate.iter_mut().find(|(e, _)| *e == u) {
        Some((_, sum)) => *sum += units,
        None => estimate.push((u, units)),
    }
}

impl Estimated for GetItemRequest {
    fn estimate(&self) -> Estimate {
        let mode = ReadMode::consistent(self.consistent_read);
        vec![(Use::new(&self.table, None, Access::Read), one_read(mode))]
    }
}

impl Estimated for PutItemRequest {
    fn estimate(&self) -> Estimate {
        let units = put_units(&self.item, false);
        vec![(Use::new(&self.table, None, Access::Write), units)]
    }
}

impl Estimated for UpdateItemRequest {
    fn estimate(&self) -> Estimate {
        vec![(
            Use::new(&self.table, None, Access::Write),
            write_units(0, false),
        )]
    }
}

impl Estimated for DeleteItemRequest {
    fn estimate(&self) -> Estimate {
        vec![(
            Use::new(&self.table, None, Access::Write),
            write_units(0, false),
        )]
    }
}

impl Estimated for QueryRequest {
    fn estimate(&self) -> Estimate {
        let mode = ReadMode::consistent(self.consistent_read);
        let u = Use::new(&self.table, self.index.as_deref(), Access::Read);
        vec![(u, one_read(mode))]
    }
}

impl Estimated for ScanRequest {
    fn estimate(&self) -> Estimate {
        let mode = ReadMode::consistent(self.consistent_read);
        let u = Use::new(&self.table, self.index.as_deref(), Access::Read);
        vec![(u, one_read(mode))]
    }
}

impl Estimated for BatchGetItemRequest {
    fn estimate(&self) -> Estimate {
        self.tables
            .iter()
            .map(|(table, reads)| {
                let mode = ReadMode::consistent(reads.consistent_read);
                let units = reads.keys.len() as f64 * one_read(mode);
                (Use::new(table, None, Access::Read), units)
            })
            .collect()
    }
}

impl Estimated for BatchWriteItemRequest {
    fn estimate(&self) -> Estimate {
        self.tables
            .iter()
            .map(|(table, writes)| {
                let units = writes
                    .iter()
                    .map(|w| match w {
                        WriteRequest::Put(item) => put_units(item, false),
                        WriteRequest::Delete(_) => write_units(0, false),
                    })
                    .sum();
                (Use::new(table, None, Access::Write), units)
            })
            .collect()
    }
}

impl Estimated for TransactWriteItemsRequest {
    fn estimate(&self) -> Estimate {
        let mut estimate = Estimate::new();
        for action in &self.actions {
            let units = match action {
                TransactWriteAction::Put { item, .. } => put_units(item, true),
                _ => write_units(0, true),
            };
            add(
                &mut estimate,
                Use::new(action.table(), None, Access::Write),
                units,
            );
        }
        estimate
    }
}

impl Estimated for TransactGetItemsRequest {
    fn estimate(&self) -> Estimate {
        let mut estimate = Estimate::new();
        for get in &self.gets {
            add(
                &mut estimate,
                Use::new(&get.table, None, Access::Read),
                one_read(ReadMode::Transactional),
            );
        }
        estimate
    }
}

/// The units of `access` one table's entry of an answer reports: the
/// table's own part when the answer breaks it down, else the total.
pub(crate) fn reported(c: &ConsumedCapacity, access: Access, table_part_only: bool) -> f64 {
    if table_part_only {
        if let Some(t) = &c.table {
            return split(t, access);
        }
    }
    split(&c.total(), access)
}

/// The units of `access` in `c`: its read or write part when it says, else all.
pub(crate) fn split(c: &Capacity, access: Access) -> f64 {
    match access {
        Access::Read => c.read_capacity_units.unwrap_or(c.capacity_units),
        Access::Write => c.write_capacity_units.unwrap_or(c.capacity_units),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_follow_item_sizes_and_read_prices() {
        let big = Item::new().with("pk", "a").with("body", "x".repeat(2_500));
        let put = PutItemRequest::new("t", big.clone()).estimate();
        assert_eq!(put, vec![(Use::new("t", None, Access::Write), 3.0)]);
        let get = GetItemRequest::new("t", Item::new().with("pk", "a")).estimate();
        assert_eq!(
            get[0].1, 0.5,
            "an eventual read of an unknown size: half a unit"
        );
        let batch = BatchWriteItemRequest::new()
            .table(
                "t",
                vec![
                    WriteRequest::Put(big.clone()),
                    WriteRequest::Delete(Item::new().with("pk", "b")),
                ],
            )
            .table("u", vec![WriteRequest::Put(Item::new().with("pk", "c"))])
            .estimate();
        assert_eq!(
            batch,
            vec![
                (Use::new("t", None, Access::Write), 4.0),
                (Use::new("u", None, Access::Write), 1.0)
            ]
        );
        let tx = TransactWriteItemsRequest::new(vec![
            TransactWriteAction::put("t", big),
            TransactWriteAction::delete("t", Item::new().with("pk", "b")),
        ])
        .estimate();
        assert_eq!(tx, vec![(Use::new("t", None, Access::Write), 8.0)]);
        let q = QueryRequest::new("t", crate::expr::KeyCondition::partition("pk", "a"))
            .index("ByDate")
            .estimate();
        assert_eq!(q[0].0, Use::new("t", Some("ByDate"), Access::Read));
    }
}
