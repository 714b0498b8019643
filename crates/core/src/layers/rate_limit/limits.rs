//! [`RateLimits`] and [`Budget`]: what the rate limiter allows, per table and index.

use std::collections::BTreeMap;

/// A rate in capacity units per second, with the burst a full bucket holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rate {
    pub(crate) per_second: f64,
    pub(crate) burst: f64,
}

impl Rate {
    /// `per_second` units a second; the burst is one second of them.
    fn new(per_second: f64) -> Rate {
        let per_second = per_second.max(f64::MIN_POSITIVE);
        Rate {
            per_second,
            burst: per_second,
        }
    }
}

/// The read and write capacity units per second one table or index may use,
/// each a token bucket whose burst (what a full bucket holds) is one second
/// of its rate unless set.
///
/// ```
/// use dynorm::layers::Budget;
/// let budget = Budget::new().reads(1_000.0).writes(500.0).write_burst(100.0);
/// assert_eq!(budget.reads_per_second(), Some(1_000.0));
/// assert_eq!(budget.write_burst_units(), Some(100.0));
/// assert_eq!(budget.read_burst_units(), Some(1_000.0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Budget {
    pub(crate) read: Option<Rate>,
    pub(crate) write: Option<Rate>,
}

impl Budget {
    /// No limit on reads or writes.
    pub fn new() -> Budget {
        Budget::default()
    }

    /// At most `rcu` read capacity units per second.
    #[must_use]
    pub fn reads(mut self, rcu: f64) -> Budget {
        self.read = Some(Rate::new(rcu));
        self
    }

    /// At most `wcu` write capacity units per second.
    #[must_use]
    pub fn writes(mut self, wcu: f64) -> Budget {
        self.write = Some(Rate::new(wcu));
        self
    }

    /// The read units a full bucket holds (after [`reads`](Budget::reads)).
    #[must_use]
    pub fn read_burst(mut self, units: f64) -> Budget {
        if let Some(r) = &mut self.read {
            r.burst = units.max(0.0);
        }
        self
    }

    /// The write units a full bucket holds (after [`writes`](Budget::writes)).
    #[must_use]
    pub fn write_burst(mut self, units: f64) -> Budget {
        if let Some(w) = &mut self.write {
            w.burst = units.max(0.0);
        }
        self
    }

    /// The read rate, if limited.
    pub fn reads_per_second(&self) -> Option<f64> {
        self.read.map(|r| r.per_second)
    }

    /// The write rate, if limited.
    pub fn writes_per_second(&self) -> Option<f64> {
        self.write.map(|w| w.per_second)
    }

    /// The read burst, if reads are limited.
    pub fn read_burst_units(&self) -> Option<f64> {
        self.read.map(|r| r.burst)
    }

    /// The write burst, if writes are limited.
    pub fn write_burst_units(&self) -> Option<f64> {
        self.write.map(|w| w.burst)
    }
}

/// How the limiter's rates move.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum LimitMode {
    /// The configured rates, always.
    #[default]
    Fixed,
    /// The configured rates at most: a throttling error
    /// ([`Error::Throttled`](crate::Error::Throttled)) halves the rate of the
    /// buckets the call used, which then grows back by `recovery` of the
    /// configured rate per second (0.05: 5 % a second).
    Adaptive {
        /// The share of the configured rate regained per second.
        recovery: f64,
    },
}

/// The smallest share of its configured rate an adaptive bucket falls to.
pub(crate) const ADAPTIVE_FLOOR: f64 = 0.01;

/// What the [`RateLimit`](super::RateLimit) layer allows: a [`Budget`] per
/// table (by its full name, as sent: with the client's table prefix), per
/// index of a table, and for every other table, in a [`LimitMode`].
///
/// A query or scan of an index with a budget of its own uses that budget;
/// without one, its table's. A write to a table uses the table's write
/// budget, and afterwards each global index's budget is charged what the
/// answer says the write cost it.
///
/// ```
/// use dynorm::layers::{Budget, RateLimits};
/// let limits = RateLimits::new()
///     .table("prod_orders", Budget::new().reads(2_000.0).writes(500.0))
///     .index("prod_orders", "ByCustomer", Budget::new().reads(300.0))
///     .other_tables(Budget::new().writes(100.0))
///     .adaptive();
/// assert!(limits.budget("prod_orders", None).writes_per_second() == Some(500.0));
/// assert!(limits.budget("prod_orders", Some("ByCustomer")).reads_per_second() == Some(300.0));
/// assert!(limits.budget("logs", None).writes_per_second() == Some(100.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateLimits {
    pub(crate) tables: BTreeMap<String, Budget>,
    pub(crate) indexes: BTreeMap<(String, String), Budget>,
    pub(crate) other_tables: Budget,
    pub(crate) mode: LimitMode,
}

impl RateLimits {
    /// No limits yet, fixed rates.
    pub fn new() -> RateLimits {
        RateLimits::default()
    }

    /// The budget of `table` (its full name).
    #[must_use]
    pub fn table(mut self, table: impl Into<String>, budget: Budget) -> RateLimits {
        self.tables.insert(table.into(), budget);
        self
    }

    /// The budget of one index of `table`, for queries and scans of it and
    /// the index's part of writes to the table.
    #[must_use]
    pub fn index(
        mut self,
        table: impl Into<String>,
        index: impl Into<String>,
        budget: Budget,
    ) -> RateLimits {
        self.indexes.insert((table.into(), index.into()), budget);
        self
    }

    /// The budget of each table not named with [`table`](RateLimits::table)
    /// (each such table has buckets of its own).
    #[must_use]
    pub fn other_tables(mut self, budget: Budget) -> RateLimits {
        self.other_tables = budget;
        self
    }

    /// Fixed rates (the default).
    #[must_use]
    pub fn fixed(mut self) -> RateLimits {
        self.mode = LimitMode::Fixed;
        self
    }

    /// Adaptive rates: halved on throttling, regaining 5 % of the configured
    /// rate per second.
    #[must_use]
    pub fn adaptive(self) -> RateLimits {
        self.adaptive_recovery(0.05)
    }

    /// Adaptive rates regaining `recovery` of the configured rate per second.
    #[must_use]
    pub fn adaptive_recovery(mut self, recovery: f64) -> RateLimits {
        self.mode = LimitMode::Adaptive {
            recovery: recovery.max(0.0),
        };
        self
    }

    /// The mode.
    pub fn mode(&self) -> LimitMode {
        self.mode
    }

    /// The budget a call on `table` (and `index`) uses: the index's own when
    /// it has one, else the table's, else the one of other tables.
    pub fn budget(&self, table: &str, index: Option<&str>) -> Budget {
        if let Some(index) = index {
            if let Some(b) = self.indexes.get(&(table.to_owned(), index.to_owned())) {
                return *b;
            }
        }
        self.tables.get(table).copied().unwrap_or(self.other_tables)
    }

    /// The budget of one index alone, if it has one.
    pub(crate) fn index_budget(&self, table: &str, index: &str) -> Option<Budget> {
        self.indexes
            .get(&(table.to_owned(), index.to_owned()))
            .copied()
    }

    /// Whether any index has a budget (writes then ask for the breakdown).
    pub(crate) fn has_index_budgets(&self) -> bool {
        !self.indexes.is_empty()
    }
}
