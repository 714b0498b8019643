//! How DynamoDB counts capacity units: reads in 4 KB units, writes in 1 KB
//! units, eventually consistent reads at half, transactional reads and writes
//! at double.
//!
//! The memory backend computes every `ConsumedCapacity` with these; a client
//! that budgets capacity before sending can use them too.

/// Bytes of one read unit.
pub const READ_UNIT_BYTES: usize = 4 * 1024;
/// Bytes of one write unit.
pub const WRITE_UNIT_BYTES: usize = 1024;

/// How a read is made, which sets the price of one 4 KB unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// Half a unit per 4 KB.
    Eventual,
    /// One unit per 4 KB.
    Strong,
    /// Two units per 4 KB (TransactGetItems).
    Transactional,
}

impl ReadMode {
    /// `Strong` when `consistent`, `Eventual` otherwise.
    pub fn consistent(consistent: bool) -> ReadMode {
        if consistent {
            ReadMode::Strong
        } else {
            ReadMode::Eventual
        }
    }

    fn price(self) -> f64 {
        match self {
            ReadMode::Eventual => 0.5,
            ReadMode::Strong => 1.0,
            ReadMode::Transactional => 2.0,
        }
    }
}

/// The 4 KB units of `bytes`, rounded up (0 for 0 bytes).
fn units(bytes: usize, unit: usize) -> usize {
    bytes.div_ceil(unit)
}

/// The read units of one item read by key (GetItem, each key of
/// BatchGetItem and TransactGetItems): its size rounded up to 4 KB, at
/// least one unit even when there is no item.
///
/// ```
/// use dynorm::rules::capacity::{item_read_units, ReadMode};
/// assert_eq!(item_read_units(3_500, ReadMode::Strong), 1.0);
/// assert_eq!(item_read_units(3_500, ReadMode::Eventual), 0.5);
/// assert_eq!(item_read_units(10 * 1024, ReadMode::Strong), 3.0);
/// assert_eq!(item_read_units(0, ReadMode::Transactional), 2.0);
/// ```
pub fn item_read_units(bytes: usize, mode: ReadMode) -> f64 {
    units(bytes, READ_UNIT_BYTES).max(1) as f64 * mode.price()
}

/// The read units of a Query or Scan page: the summed size of every item
/// evaluated (before the filter), rounded up to 4 KB once.
///
/// ```
/// use dynorm::rules::capacity::{page_read_units, ReadMode};
/// // Three 1,500-byte items: 4,500 bytes, two units (not three).
/// assert_eq!(page_read_units(4_500, ReadMode::Strong), 2.0);
/// assert_eq!(page_read_units(4_500, ReadMode::Eventual), 1.0);
/// assert_eq!(page_read_units(0, ReadMode::Strong), 0.0);
/// ```
pub fn page_read_units(bytes: usize, mode: ReadMode) -> f64 {
    units(bytes, READ_UNIT_BYTES) as f64 * mode.price()
}

/// The write units of one write of an item: the larger of the item before
/// and after, rounded up to 1 KB, at least one unit (a delete of an absent
/// item costs one); doubled in a transaction.
///
/// ```
/// use dynorm::rules::capacity::write_units;
/// assert_eq!(write_units(3_500, false), 4.0);
/// assert_eq!(write_units(0, false), 1.0);
/// assert_eq!(write_units(500, true), 2.0);
/// ```
pub fn write_units(bytes: usize, transactional: bool) -> f64 {
    let n = units(bytes, WRITE_UNIT_BYTES).max(1) as f64;
    if transactional {
        2.0 * n
    } else {
        n
    }
}

/// The read units per second one partition serves at most (DynamoDB's
/// per-partition throughput limit): a key whose partition is read faster
/// is throttled whatever the table's capacity.
pub const PARTITION_READ_UNITS_PER_SECOND: f64 = 3_000.0;

/// The write units per second one partition serves at most.
pub const PARTITION_WRITE_UNITS_PER_SECOND: f64 = 1_000.0;
