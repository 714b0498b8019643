//! [`HotPartitions`]: a detector of partition keys read or written faster
//! than one DynamoDB partition serves.

use crate::backend::carries::{AsksCapacity, CarriesCapacity};
use crate::backend::*;
use crate::error::Result;
use crate::rules::capacity::{
    write_units, PARTITION_READ_UNITS_PER_SECOND, PARTITION_WRITE_UNITS_PER_SECOND,
};
use crate::value::{display_value, item_size, Item, Value};
use async_trait::async_trait;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::time::Instant;

/// Whether capacity was read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Access {
    /// Read capacity units.
    Read,
    /// Write capacity units.
    Write,
}

impl Access {
    /// `"read"` or `"write"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }
}

/// A partition key found hot: what [`HotPartitionConfig::on_hot`]'s
/// callback receives (and the `tracing` warning says).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HotPartition {
    /// The table (its full name).
    pub table: String,
    /// The index, for a query of one.
    pub index: Option<String>,
    /// The partition key's value.
    pub partition_key: Value,
    /// Reads or writes.
    pub access: Access,
    /// The units per second used over the window (its sum over its length).
    pub units_per_second: f64,
    /// The threshold it passed.
    pub threshold: f64,
    /// The window's length.
    pub window: Duration,
}

/// The callback of [`HotPartitionConfig::on_hot`].
pub type HotPartitionCallback = Arc<dyn Fn(&HotPartition) + Send + Sync>;

/// When [`HotPartitions`] warns: the window its rates are measured over
/// (one-second buckets; 5 s by default) and the read and write thresholds
/// in units per second, by default one partition's limits
/// ([`PARTITION_READ_UNITS_PER_SECOND`], [`PARTITION_WRITE_UNITS_PER_SECOND`]).
///
/// ```
/// use dynorm::layers::HotPartitionConfig;
/// use std::time::Duration;
/// let config = HotPartitionConfig::new()
///     .window(Duration::from_secs(10))
///     .write_threshold(800.0)
///     .on_hot(|hot| eprintln!("hot: {} {}", hot.table, hot.units_per_second));
/// assert_eq!(config.read_threshold_units(), 3_000.0);
/// assert_eq!(config.write_threshold_units(), 800.0);
/// ```
#[derive(Clone)]
pub struct HotPartitionConfig {
    window_seconds: u64,
    read_threshold: f64,
    write_threshold: f64,
    callback: Option<HotPartitionCallback>,
}

impl std::fmt::Debug for HotPartitionConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HotPartitionConfig")
            .field("window_seconds", &self.window_seconds)
            .field("read_threshold", &self.read_threshold)
            .field("write_threshold", &self.write_threshold)
            .field("callback", &self.callback.is_some())
            .finish()
    }
}

impl Default for HotPartitionConfig {
    fn default() -> HotPartitionConfig {
        HotPartitionConfig {
            window_seconds: 5,
            read_threshold: PARTITION_READ_UNITS_PER_SECOND,
            write_threshold: PARTITION_WRITE_UNITS_PER_SECOND,
            callback: None,
        }
    }
}

impl HotPartitionConfig {
    /// A 5 s window, DynamoDB's per-partition limits, no callback.
    pub fn new() -> HotPartitionConfig {
        HotPartitionConfig::default()
    }

    /// The window rates are measured over, in whole seconds (at least one).
    #[must_use]
    pub fn window(mut self, window: Duration) -> HotPartitionConfig {
        self.window_seconds = window.as_secs().max(1);
        self
    }

    /// Warn when a key's reads pass `rcu` units per second.
    #[must_use]
    pub fn read_threshold(mut self, rcu: f64) -> HotPartitionConfig {
        self.read_threshold = rcu;
        self
    }

    /// Warn when a key's writes pass `wcu` units per second.
    #[must_use]
    pub fn write_threshold(mut self, wcu: f64) -> HotPartitionConfig {
        self.write_threshold = wcu;
        self
    }

    /// Calls `callback` for each warning.
    #[must_use]
    pub fn on_hot(
        mut self,
        callback: impl Fn(&HotPartition) + Send + Sync + 'static,
    ) -> HotPartitionConfig {
        self.callback = Some(Arc::new(callback));
        self
    }

    /// The read threshold.
    pub fn read_threshold_units(&self) -> f64 {
        self.read_threshold
    }

    /// The write threshold.
    pub fn write_threshold_units(&self) -> f64 {
        self.write_threshold
    }

    fn threshold(&self, access: Access) -> f64 {
        match access {
            Access::Read => self.read_threshold,
            Access::Write => self.write_threshold,
        }
    }
}

/// A [`BackendLayer`] that counts the read and write capacity each partition
/// key uses, over a sliding window of one-second buckets on tokio's clock,
/// and warns (a `tracing` warning, target `dynorm::hot_partitions`, and the
/// [callback](HotPartitionConfig::on_hot)) when a key's rate over the
/// window passes a threshold: once per key and access per window length.
///
/// The units are the consumed capacity the answers report (the layer asks
/// for it and gives the caller only what the caller asked for). A batch or
/// transaction reports one total per table, which is shared among the items
/// it processed by their estimated cost (writes by item size, reads
/// evenly). Queries count toward their partition (of the index, for an
/// index query); scans toward none. The partition key attribute of a table
/// is read once with DescribeTable.
///
/// ```
/// use dynorm::layers::{HotPartitionConfig, HotPartitions};
/// use dynorm::{Client, Item};
/// use std::sync::{Arc, Mutex};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().unwrap().block_on(async {
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let config = HotPartitionConfig::new().write_threshold(10.0).on_hot({
///     let seen = seen.clone();
///     move |hot| seen.lock().unwrap().push(hot.partition_key.clone())
/// });
/// let backend = Arc::new(dynorm_memory::MemoryBackend::new());
/// let client = Client::from_backend(Arc::new(HotPartitions::new(backend, config)));
/// client
///     .create_table_definition(
///         dynorm::backend::TableDefinition::new("feed", dynorm::backend::KeyAttribute::new("pk", dynorm::backend::KeyType::S))
///             .with_sort_key(dynorm::backend::KeyAttribute::new("sk", dynorm::backend::KeyType::N)),
///     )
///     .await?;
/// for i in 0..60 {
///     client.table("feed").put(Item::new().with("pk", "busy").with("sk", i)).await?;
/// }
/// client.table("feed").put(Item::new().with("pk", "calm").with("sk", 1)).await?;
/// // 60 units in a 5 s window: 12 a second on "busy", over the threshold of 10.
/// assert_eq!(*seen.lock().unwrap(), vec![dynorm::Value::from("busy")]);
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
pub struct HotPartitions {
    inner: Arc<dyn Backend>,
    config: HotPartitionConfig,
    origin: Instant,
    windows: Mutex<Windows>,
    /// The partition key attribute of each table seen.
    key_names: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for HotPartitions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HotPartitions")
            .field("inner", &self.inner.name())
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Where capacity went: a table, an index of it for index queries, and a
/// partition key value (as displayed: values are not hashable).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PartitionId {
    table: String,
    index: Option<String>,
    key: String,
}

/// One key's window.
#[derive(Debug)]
struct Window {
    value: Value,
    /// (second since the layer began, read units, write units), oldest first.
    seconds: VecDeque<(u64, f64, f64)>,
    /// The second until which each access stays quiet after a warning.
    quiet_until: [u64; 2],
}

#[derive(Debug, Default)]
struct Windows {
    keys: HashMap<PartitionId, Window>,
    pruned_at: u64,
}

/// Capacity one item of a call used, before its share is known.
struct Touch {
    table: String,
    index: Option<String>,
    key: Value,
    weight: f64,
}

impl HotPartitions {
    /// Watches the partitions `inner` serves.
    pub fn new(inner: Arc<dyn Backend>, config: HotPartitionConfig) -> HotPartitions {
        HotPartitions {
            inner,
            config,
            origin: Instant::now(),
            windows: Mutex::new(Windows::default()),
            key_names: Mutex::new(HashMap::new()),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &HotPartitionConfig {
        &self.config
    }

    fn windows(&self) -> MutexGuard<'_, Windows> {
        // Each update leaves the windows whole: recover from a poisoned lock.
        self.windows.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The partition key attribute of `table`, read once (`None` when the
    /// table cannot be described: nothing is counted for it).
    async fn key_name(&self, table: &str) -> Option<String> {
        if let Some(name) = self.names().get(table) {
            return Some(name.clone());
        }
        let described = self
            .inner
            .describe_table(DescribeTableRequest::new(table))
            .await
            .ok()?;
        let name = described.definition.partition_key.name;
        self.names().insert(table.to_owned(), name.clone());
        Some(name)
    }

    fn names(&self) -> MutexGuard<'_, HashMap<String, String>> {
        self.key_names.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The partition key of an item or key of `table`.
    async fn touch(&self, table: &str, item: &Item, weight: f64) -> Option<Touch> {
        let name = self.key_name(table).await?;
        Some(Touch {
            table: table.to_owned(),
            index: None,
            key: item.get(&name)?.clone(),
            weight,
        })
    }

    /// Shares what `consumed` reports for each table among the touches of
    /// that table, by weight, and records it.
    fn share(&self, touches: &[Touch], consumed: &[ConsumedCapacity], access: Access) {
        let mut found = Vec::new();
        for c in consumed {
            let units = match access {
                Access::Read => c.read_capacity_units.unwrap_or(c.capacity_units),
                Access::Write => c.write_capacity_units.unwrap_or(c.capacity_units),
            };
            let mine: Vec<&Touch> = touches.iter().filter(|t| t.table == c.table_name).collect();
            let weights: f64 = mine.iter().map(|t| t.weight).sum();
            if weights <= 0.0 {
                continue;
            }
            for t in mine {
                if let Some(hot) = self.record(t, access, units * t.weight / weights) {
                    found.push(hot);
                }
            }
        }
        for hot in found {
            self.warn(&hot);
        }
    }

    /// Adds `units` to the key's current second; the key's warning when its
    /// rate over the window passes the threshold.
    fn record(&self, t: &Touch, access: Access, units: f64) -> Option<HotPartition> {
        let window = self.config.window_seconds;
        let now = Instant::now()
            .saturating_duration_since(self.origin)
            .as_secs();
        let mut windows = self.windows();
        if windows.pruned_at < now {
            windows.pruned_at = now;
            windows
                .keys
                .retain(|_, w| w.seconds.back().is_some_and(|(at, _, _)| at + window > now));
        }
        let id = PartitionId {
            table: t.table.clone(),
            index: t.index.clone(),
            key: display_value(&t.key),
        };
        let w = windows.keys.entry(id).or_insert_with(|| Window {
            value: t.key.clone(),
            seconds: VecDeque::new(),
            quiet_until: [0; 2],
        });
        while w
            .seconds
            .front()
            .is_some_and(|(at, _, _)| at + window <= now)
        {
            w.seconds.pop_front();
        }
        match w.seconds.back_mut() {
            Some((at, r, wr)) if *at == now => match access {
                Access::Read => *r += units,
                Access::Write => *wr += units,
            },
            _ => w.seconds.push_back(match access {
                Access::Read => (now, units, 0.0),
                Access::Write => (now, 0.0, units),
            }),
        }
        let total: f64 = w
            .seconds
            .iter()
            .map(|(_, r, wr)| match access {
                Access::Read => *r,
                Access::Write => *wr,
            })
            .sum();
        let rate = total / window as f64;
        let threshold = self.config.threshold(access);
        let slot = match access {
            Access::Read => 0,
            Access::Write => 1,
        };
        if rate <= threshold || now < w.quiet_until[slot] {
            return None;
        }
        w.quiet_until[slot] = now + window;
        Some(HotPartition {
            table: t.table.clone(),
            index: t.index.clone(),
            partition_key: w.value.clone(),
            access,
            units_per_second: rate,
            threshold,
            window: Duration::from_secs(window),
        })
    }

    fn warn(&self, hot: &HotPartition) {
        ::tracing::warn!(
            target: "dynorm::hot_partitions",
            table = hot.table.as_str(),
            index = hot.index.as_deref(),
            partition_key = %display_value(&hot.partition_key),
            access = hot.access.as_str(),
            units_per_second = hot.units_per_second,
            threshold = hot.threshold,
            "hot partition: {} units/s of {} on one key over {} s",
            hot.units_per_second,
            hot.access.as_str(),
            hot.window.as_secs(),
        );
        if let Some(callback) = &self.config.callback {
            callback(hot);
        }
    }

    /// Sends a call asking for its consumed capacity, shares it among
    /// `touches`, and gives the caller what it asked for.
    async fn counted<'a, R, O>(
        &'a self,
        mut req: R,
        touches: Vec<Touch>,
        access: Access,
        left: impl FnOnce(&O) -> Vec<Touch>,
        call: impl FnOnce(R) -> futures::future::BoxFuture<'a, Result<O>>,
    ) -> Result<O>
    where
        R: AsksCapacity,
        O: CarriesCapacity,
    {
        let asked = req.ask_at_least(ReturnConsumedCapacity::Total);
        let mut out = call(req).await?;
        let unprocessed = left(&out);
        let done = remove_each(touches, &unprocessed);
        self.share(&done, out.consumed(), access);
        out.narrow(asked);
        Ok(out)
    }

    async fn touches_of(&self, table: &str, items: &[(&Item, f64)]) -> Vec<Touch> {
        let mut touches = Vec::with_capacity(items.len());
        for (item, weight) in items {
            touches.extend(self.touch(table, item, *weight).await);
        }
        touches
    }
}

/// `touches` without one touch for each of `left` (the items a batch
/// left unprocessed).
fn remove_each(mut touches: Vec<Touch>, left: &[Touch]) -> Vec<Touch> {
    for l in left {
        if let Some(i) = touches
            .iter()
            .position(|t| t.table == l.table && t.key == l.key && t.weight == l.weight)
        {
            touches.swap_remove(i);
        }
    }
    touches
}

fn write_weight(w: &WriteRequest) -> f64 {
    match w {
        WriteRequest::Put(item) => write_units(item_size(item), false),
        WriteRequest::Delete(_) => write_units(0, false),
    }
}

fn none<O>(_: &O) -> Vec<Touch> {
    Vec::new()
}

#[async_trait]
impl BackendLayer for HotPartitions {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }

    async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
        let touches = self.touches_of(&req.table, &[(&req.key, 1.0)]).await;
        self.counted(req, touches, Access::Read, none, |r| self.inner.get_item(r))
            .await
    }
    async fn put_item(&self, req: PutItemRequest) -> Result<PutItemOutput> {
        let touches = self.touches_of(&req.table, &[(&req.item, 1.0)]).await;
        self.counted(req, touches, Access::Write, none, |r| {
            self.inner.put_item(r)
        })
        .await
    }
    async fn update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        let touches = self.touches_of(&req.table, &[(&req.key, 1.0)]).await;
        self.counted(req, touches, Access::Write, none, |r| {
            self.inner.update_item(r)
        })
        .await
    }
    async fn delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        let touches = self.touches_of(&req.table, &[(&req.key, 1.0)]).await;
        self.counted(req, touches, Access::Write, none, |r| {
            self.inner.delete_item(r)
        })
        .await
    }
    async fn query(&self, req: QueryRequest) -> Result<QueryOutput> {
        let touches = vec![Touch {
            table: req.table.clone(),
            index: req.index.clone(),
            key: req.key_condition.partition_value.clone(),
            weight: 1.0,
        }];
        self.counted(req, touches, Access::Read, none, |r| self.inner.query(r))
            .await
    }
    async fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        let mut touches = Vec::new();
        for (table, reads) in &req.tables {
            let keys: Vec<(&Item, f64)> = reads.keys.iter().map(|k| (k, 1.0)).collect();
            touches.extend(self.touches_of(table, &keys).await);
        }
        let names = self.names().clone();
        let left = move |out: &BatchGetItemOutput| {
            let mut left = Vec::new();
            for (table, reads) in &out.unprocessed {
                let Some(name) = names.get(table) else {
                    continue;
                };
                left.extend(reads.keys.iter().filter_map(|k| {
                    Some(Touch {
                        table: table.clone(),
                        index: None,
                        key: k.get(name)?.clone(),
                        weight: 1.0,
                    })
                }));
            }
            left
        };
        self.counted(req, touches, Access::Read, left, |r| {
            self.inner.batch_get_item(r)
        })
        .await
    }
    async fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput> {
        let mut touches = Vec::new();
        for (table, writes) in &req.tables {
            let items: Vec<(&Item, f64)> = writes
                .iter()
                .map(|w| match w {
                    WriteRequest::Put(item) | WriteRequest::Delete(item) => (item, write_weight(w)),
                })
                .collect();
            touches.extend(self.touches_of(table, &items).await);
        }
        let names = self.names().clone();
        let left = move |out: &BatchWriteItemOutput| {
            let mut left = Vec::new();
            for (table, writes) in &out.unprocessed {
                let Some(name) = names.get(table) else {
                    continue;
                };
                for w in writes {
                    let (WriteRequest::Put(item) | WriteRequest::Delete(item)) = w;
                    if let Some(key) = item.get(name) {
                        left.push(Touch {
                            table: table.clone(),
                            index: None,
                            key: key.clone(),
                            weight: write_weight(w),
                        });
                    }
                }
            }
            left
        };
        self.counted(req, touches, Access::Write, left, |r| {
            self.inner.batch_write_item(r)
        })
        .await
    }
    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        let mut touches = Vec::new();
        for action in &req.actions {
            let (item, weight) = match action {
                TransactWriteAction::Put { item, .. } => (item, write_units(item_size(item), true)),
                TransactWriteAction::Update { key, .. }
                | TransactWriteAction::Delete { key, .. }
                | TransactWriteAction::ConditionCheck { key, .. } => (key, write_units(0, true)),
            };
            touches.extend(self.touch(action.table(), item, weight).await);
        }
        self.counted(req, touches, Access::Write, none, |r| {
            self.inner.transact_write_items(r)
        })
        .await
    }
    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        let mut touches = Vec::new();
        for get in &req.gets {
            touches.extend(self.touch(&get.table, &get.key, 1.0).await);
        }
        self.counted(req, touches, Access::Read, none, |r| {
            self.inner.transact_get_items(r)
        })
        .await
    }
}
