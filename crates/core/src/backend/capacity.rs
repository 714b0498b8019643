//! `ReturnConsumedCapacity` and the `ConsumedCapacity` every output carries.

use std::collections::BTreeMap;

/// How much consumed capacity an operation returns (DynamoDB's
/// `ReturnConsumedCapacity`).
///
/// ```
/// use dynorm::backend::ReturnConsumedCapacity;
/// assert_eq!(ReturnConsumedCapacity::default(), ReturnConsumedCapacity::None);
/// assert_eq!(ReturnConsumedCapacity::Indexes.as_str(), "INDEXES");
/// assert!(ReturnConsumedCapacity::Indexes > ReturnConsumedCapacity::Total);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReturnConsumedCapacity {
    /// Nothing (the default).
    #[default]
    None,
    /// The total per table.
    Total,
    /// The total per table, with the table's and each index's part.
    Indexes,
}

impl ReturnConsumedCapacity {
    /// DynamoDB's name for the option.
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnConsumedCapacity::None => "NONE",
            ReturnConsumedCapacity::Total => "TOTAL",
            ReturnConsumedCapacity::Indexes => "INDEXES",
        }
    }

    /// Whether any capacity is returned.
    pub fn is_requested(self) -> bool {
        self != ReturnConsumedCapacity::None
    }
}

/// The capacity consumed on one table or index (DynamoDB's `Capacity`).
///
/// ```
/// use dynorm::backend::Capacity;
/// let c = Capacity::read(0.5);
/// assert_eq!(c.capacity_units, 0.5);
/// assert_eq!(c.read_capacity_units, Some(0.5));
/// assert_eq!(c.write_capacity_units, None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[non_exhaustive]
pub struct Capacity {
    /// Every unit consumed, read and write.
    pub capacity_units: f64,
    /// The read units, when the service says.
    pub read_capacity_units: Option<f64>,
    /// The write units, when the service says.
    pub write_capacity_units: Option<f64>,
}

impl Capacity {
    /// `units` in total, without a read/write split.
    pub fn new(units: f64) -> Capacity {
        Capacity {
            capacity_units: units,
            read_capacity_units: None,
            write_capacity_units: None,
        }
    }

    /// `units` read units.
    pub fn read(units: f64) -> Capacity {
        Capacity {
            read_capacity_units: Some(units),
            ..Capacity::new(units)
        }
    }

    /// `units` write units.
    pub fn write(units: f64) -> Capacity {
        Capacity {
            write_capacity_units: Some(units),
            ..Capacity::new(units)
        }
    }

    /// Adds `other` to this capacity (a part missing on either side stays
    /// what the other says).
    pub fn add(&mut self, other: &Capacity) {
        self.capacity_units += other.capacity_units;
        self.read_capacity_units = add_opt(self.read_capacity_units, other.read_capacity_units);
        self.write_capacity_units = add_opt(self.write_capacity_units, other.write_capacity_units);
    }
}

fn add_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    }
}

/// The capacity one operation consumed on one table (DynamoDB's
/// `ConsumedCapacity`): the total, and with
/// [`ReturnConsumedCapacity::Indexes`] the table's and each index's part.
///
/// ```
/// use dynorm::backend::{Capacity, ConsumedCapacity};
/// let mut page = ConsumedCapacity::new("orders", Capacity::read(1.5));
/// page.add(&ConsumedCapacity::new("orders", Capacity::read(0.5)));
/// assert_eq!(page.capacity_units, 2.0);
/// assert_eq!(page.read_capacity_units, Some(2.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ConsumedCapacity {
    /// The table the capacity was consumed on.
    pub table_name: String,
    /// Every unit consumed, table and indexes.
    pub capacity_units: f64,
    /// The read units, when the service says.
    pub read_capacity_units: Option<f64>,
    /// The write units, when the service says.
    pub write_capacity_units: Option<f64>,
    /// The table's part (with `INDEXES`).
    pub table: Option<Capacity>,
    /// Each global index's part (with `INDEXES`).
    pub global_secondary_indexes: BTreeMap<String, Capacity>,
    /// Each local index's part (with `INDEXES`).
    pub local_secondary_indexes: BTreeMap<String, Capacity>,
}

impl ConsumedCapacity {
    /// `total` consumed on `table_name`, without a breakdown.
    pub fn new(table_name: impl Into<String>, total: Capacity) -> ConsumedCapacity {
        ConsumedCapacity {
            table_name: table_name.into(),
            capacity_units: total.capacity_units,
            read_capacity_units: total.read_capacity_units,
            write_capacity_units: total.write_capacity_units,
            ..ConsumedCapacity::default()
        }
    }

    /// The total as a [`Capacity`].
    pub fn total(&self) -> Capacity {
        Capacity {
            capacity_units: self.capacity_units,
            read_capacity_units: self.read_capacity_units,
            write_capacity_units: self.write_capacity_units,
        }
    }

    /// Adds another consumption of the same table (the next page of a
    /// query, the next chunk of a batch), part by part.
    pub fn add(&mut self, other: &ConsumedCapacity) {
        let mut total = self.total();
        total.add(&other.total());
        self.capacity_units = total.capacity_units;
        self.read_capacity_units = total.read_capacity_units;
        self.write_capacity_units = total.write_capacity_units;
        if let Some(t) = &other.table {
            self.table.get_or_insert_with(Capacity::default).add(t);
        }
        for (mine, theirs) in [
            (
                &mut self.global_secondary_indexes,
                &other.global_secondary_indexes,
            ),
            (
                &mut self.local_secondary_indexes,
                &other.local_secondary_indexes,
            ),
        ] {
            for (name, c) in theirs {
                mine.entry(name.clone()).or_default().add(c);
            }
        }
    }

    /// Adds each of `more` to the entry of its table in `into` (one entry per
    /// table, as a batch or transaction answers).
    ///
    /// ```
    /// use dynorm::backend::{Capacity, ConsumedCapacity};
    /// let mut sum = vec![ConsumedCapacity::new("a", Capacity::write(1.0))];
    /// ConsumedCapacity::merge(
    ///     &mut sum,
    ///     &[ConsumedCapacity::new("a", Capacity::write(2.0)), ConsumedCapacity::new("b", Capacity::write(1.0))],
    /// );
    /// assert_eq!(sum.len(), 2);
    /// assert_eq!(sum[0].capacity_units, 3.0);
    /// ```
    pub fn merge(into: &mut Vec<ConsumedCapacity>, more: &[ConsumedCapacity]) {
        for c in more {
            match into.iter_mut().find(|e| e.table_name == c.table_name) {
                Some(e) => e.add(c),
                None => into.push(c.clone()),
            }
        }
    }
}
