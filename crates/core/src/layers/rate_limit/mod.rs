//! [`RateLimit`]: a client-side limit on the read and write capacity units
//! a client uses per second, per table and per index.

mod bucket;
mod cost;
mod limits;

pub use limits::{Budget, LimitMode, RateLimits};

use crate::backend::carries::{AsksCapacity, CarriesCapacity};
use crate::backend::*;
use crate::error::Result;
use async_trait::async_trait;
use bucket::Bucket;
use cost::{reported, split, Access, Estimated, Use};
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A [`BackendLayer`] that keeps the capacity a client uses within
/// [`RateLimits`]: one token bucket per table (and per index with a budget
/// of its own) and per read or write.
///
/// Each item, read, batch and transaction call estimates its cost before it
/// is sent (from the item's size for puts, one unit at the read's price
/// where the size is not known: DynamoDB's arithmetic, in
/// [`rules::capacity`](crate::rules::capacity)), waits until its buckets
/// hold that much (calls are served in order), and is corrected with the
/// consumed capacity its answer reports: the layer asks for it
/// (`ReturnConsumedCapacity`) and gives the caller only what the caller
/// asked for. A throttled call is refunded; in
/// [adaptive](RateLimits::adaptive) mode it also halves its buckets' rates,
/// which grow back slowly. A call that fails otherwise keeps its estimate.
/// Each call of a batch (every chunk of 25 writes or 100 keys, every retry
/// of unprocessed items) and each segment's page of a parallel scan is a
/// call of its own.
///
/// One layer serves every operation of the client it is built into
/// ([`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit)), from
/// any task; it runs on tokio's clock (a paused clock drives it in tests).
///
/// ```
/// use dynorm::layers::{Budget, RateLimit, RateLimits};
/// use dynorm::{Client, Item};
/// use std::sync::Arc;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().unwrap().block_on(async {
/// let limits = RateLimits::new().table("events", Budget::new().writes(100.0));
/// let limited = Arc::new(RateLimit::new(Arc::new(dynorm_memory::MemoryBackend::new()), limits));
/// let client = Client::from_backend(limited.clone());
/// client
///     .create_table_definition(dynorm::backend::TableDefinition::new(
///         "events",
///         dynorm::backend::KeyAttribute::new("pk", dynorm::backend::KeyType::S),
///     ))
///     .await?;
/// let start = tokio::time::Instant::now();
/// let mut batch = client.batch_write();
/// for i in 0..300 {
///     batch = batch.put_item("events", Item::new().with("pk", format!("e{i}")));
/// }
/// batch.await?; // 300 units: 100 from the full bucket, then 100 a second
/// assert_eq!(start.elapsed().as_secs(), 2);
/// assert_eq!(limited.write_rate("events", None), Some(100.0));
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
pub struct RateLimit {
    inner: Arc<dyn Backend>,
    limits: RateLimits,
    buckets: Mutex<HashMap<Use, Arc<Bucket>>>,
}

impl std::fmt::Debug for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimit")
            .field("inner", &self.inner.name())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// One bucket a call takes from, with what it took.
struct Charge {
    table: String,
    access: Access,
    bucket: Arc<Bucket>,
    estimated: f64,
}

impl RateLimit {
    /// Limits the calls to `inner` as `limits` say.
    pub fn new(inner: Arc<dyn Backend>, limits: RateLimits) -> RateLimit {
        RateLimit {
            inner,
            limits,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// The limits.
    pub fn limits(&self) -> &RateLimits {
        &self.limits
    }

    /// The read rate in force for `table` (and `index`) now, in units per
    /// second: below the configured one after throttling in adaptive mode;
    /// `None` where reads are not limited.
    pub fn read_rate(&self, table: &str, index: Option<&str>) -> Option<f64> {
        self.rate(&Use {
            table: table.to_owned(),
            index: index.map(str::to_owned),
            access: Access::Read,
        })
    }

    /// The write rate in force for `table` (and `index`) now, in units per
    /// second; `None` where writes are not limited.
    pub fn write_rate(&self, table: &str, index: Option<&str>) -> Option<f64> {
        self.rate(&Use {
            table: table.to_owned(),
            index: index.map(str::to_owned),
            access: Access::Write,
        })
    }

    fn rate(&self, u: &Use) -> Option<f64> {
        self.bucket(u).map(|(_, b)| b.per_second())
    }

    /// The bucket a use takes from (its index's, when the index has a
    /// budget for that access, else its table's), or `None` when unlimited.
    fn bucket(&self, u: &Use) -> Option<(Use, Arc<Bucket>)> {
        let pick = |budget: Budget| match u.access {
            Access::Read => budget.read,
            Access::Write => budget.write,
        };
        let own_index = u
            .index
            .as_deref()
            .and_then(|i| self.limits.index_budget(&u.table, i))
            .and_then(pick);
        let (key, rate) = match own_index {
            Some(rate) => (u.clone(), rate),
            None => {
                let rate = pick(self.limits.budget(&u.table, None))?;
                let key = Use {
                    index: None,
                    ..u.clone()
                };
                (key, rate)
            }
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets
            .entry(key.clone())
            .or_insert_with(|| Arc::new(Bucket::new(rate, self.limits.mode)))
            .clone();
        Some((key, bucket))
    }

    /// Sends one call within the limits: wait for the estimate, send,
    /// correct with what the answer reports.
    async fn limited<'a, R, O>(
        &'a self,
        mut req: R,
        call: impl FnOnce(R) -> BoxFuture<'a, Result<O>>,
    ) -> Result<O>
    where
        R: Estimated + AsksCapacity,
        O: CarriesCapacity,
    {
        let estimate = req.estimate();
        let mut charges: Vec<(Use, Charge)> = estimate
            .into_iter()
            .filter_map(|(u, estimated)| {
                let (key, bucket) = self.bucket(&u)?;
                Some((
                    key,
                    Charge {
                        table: u.table,
                        access: u.access,
                        bucket,
                        estimated,
                    },
                ))
            })
            .collect();
        let writes_indexes = self.limits.has_index_budgets();
        if charges.is_empty() && !writes_indexes {
            return call(req).await;
        }
        // A fixed order, so that calls waiting on the same buckets queue alike.
        charges.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, c) in &charges {
            c.bucket.acquire(c.estimated).await;
        }
        let level = if writes_indexes {
            ReturnConsumedCapacity::Indexes
        } else {
            ReturnConsumedCapacity::Total
        };
        let asked = req.ask_at_least(level);
        match call(req).await {
            Ok(mut out) => {
                self.correct(&charges, out.consumed());
                out.narrow(asked);
                Ok(out)
            }
            Err(e) => {
                if e.is_throttled() {
                    for (_, c) in &charges {
                        c.bucket.settle(c.estimated, 0.0);
                        c.bucket.throttled();
                    }
                }
                Err(e)
            }
        }
    }

    /// Settles each charge with what the answer reports for its table, and
    /// charges the global indexes with budgets of their own their part of a
    /// write.
    fn correct(&self, charges: &[(Use, Charge)], consumed: &[ConsumedCapacity]) {
        let writes_indexes = self.limits.has_index_budgets();
        for (_, c) in charges {
            let mut entries = consumed
                .iter()
                .filter(|e| e.table_name == c.table)
                .peekable();
            if entries.peek().is_none() {
                continue; // nothing reported: the estimate stands
            }
            let table_part_only = writes_indexes && c.access == Access::Write;
            let actual: f64 = entries
                .map(|e| {
                    let local: f64 = if table_part_only && e.table.is_some() {
                        e.local_secondary_indexes
                            .values()
                            .map(|l| split(l, Access::Write))
                            .sum()
                    } else {
                        0.0
                    };
                    reported(e, c.access, table_part_only) + local
                })
                .sum();
            c.bucket.settle(c.estimated, actual);
        }
        if !writes_indexes || !charges.iter().any(|(_, c)| c.access == Access::Write) {
            return;
        }
        for e in consumed {
            for (index, part) in &e.global_secondary_indexes {
                let u = Use {
                    table: e.table_name.clone(),
                    index: Some(index.clone()),
                    access: Access::Write,
                };
                if let Some((key, bucket)) = self.bucket(&u) {
                    if key.index.is_some() {
                        bucket.settle(0.0, split(part, Access::Write));
                    }
                }
            }
        }
    }
}

#[async_trait]
impl BackendLayer for RateLimit {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }

    async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
        self.limited(req, |r| self.inner.get_item(r)).await
    }
    async fn put_item(&self, req: PutItemRequest) -> Result<PutItemOutput> {
        self.limited(req, |r| self.inner.put_item(r)).await
    }
    async fn update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        self.limited(req, |r| self.inner.update_item(r)).await
    }
    async fn delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        self.limited(req, |r| self.inner.delete_item(r)).await
    }
    async fn query(&self, req: QueryRequest) -> Result<QueryOutput> {
        self.limited(req, |r| self.inner.query(r)).await
    }
    async fn scan(&self, req: ScanRequest) -> Result<ScanOutput> {
        self.limited(req, |r| self.inner.scan(r)).await
    }
    async fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        self.limited(req, |r| self.inner.batch_get_item(r)).await
    }
    async fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput> {
        self.limited(req, |r| self.inner.batch_write_item(r)).await
    }
    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        self.limited(req, |r| self.inner.transact_write_items(r))
            .await
    }
    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        self.limited(req, |r| self.inner.transact_get_items(r))
            .await
    }
}
