//! A backend wrapper that injects DynamoDB's partial answers (unprocessed
//! batch items and keys) to test retries.
//!
//! [`Flaky`] delegates every operation to the backend it wraps, except that
//! BatchWriteItem and BatchGetItem calls can be made to leave requests
//! unprocessed (those requests are *not* forwarded, so they are neither
//! written nor read, exactly as when DynamoDB throttles part of a batch) or to
//! fail outright. The rule is deterministic: in each affected call, the
//! requests are numbered in order (tables in name order, requests in the
//! order given) and every `k`-th one, starting with the first, is withheld.
//! Because the first request of a call is always withheld, a batch that is
//! affected on every call never completes.
//!
//! ```ignore
//! let flaky = Arc::new(Flaky::new(ctx.client.backend().clone()).withhold_every(3).for_first_calls(10));
//! let client = Client::from_backend(flaky.clone()).with_table_prefix(ctx.client.table_prefix());
//! ```

use async_trait::async_trait;
use dynorm::backend::{
    Backend, BackendLayer, BatchGetItemOutput, BatchGetItemRequest, BatchWriteItemOutput,
    BatchWriteItemRequest, KeysAndAttributes,
};
use dynorm::{Error, Result};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How a [`Flaky`] batch call fails when told to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Calls succeed (possibly leaving requests unprocessed).
    Never,
    /// Every batch call fails with a retryable error (`Throttled`).
    Retryable,
    /// Every batch call fails with a non-retryable service error.
    Fatal,
}

/// A [`Backend`] that leaves batch requests unprocessed, or fails batch
/// calls, on purpose; see the [module documentation](self). A
/// [`BackendLayer`]: every other operation goes to the wrapped backend.
pub struct Flaky {
    inner: Arc<dyn Backend>,
    every: usize,
    flaky_calls: u64,
    failure: Failure,
    batch_write_calls: AtomicU64,
    batch_get_calls: AtomicU64,
    withheld_writes: AtomicU64,
    withheld_keys: AtomicU64,
}

impl fmt::Debug for Flaky {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flaky")
            .field("inner", &self.inner.name())
            .field("every", &self.every)
            .field("flaky_calls", &self.flaky_calls)
            .field("failure", &self.failure)
            .field("batch_write_calls", &self.batch_write_calls())
            .field("batch_get_calls", &self.batch_get_calls())
            .finish()
    }
}

impl Flaky {
    /// A wrapper that forwards everything (configure it with the builder methods).
    pub fn new(inner: Arc<dyn Backend>) -> Flaky {
        Flaky {
            inner,
            every: 0,
            flaky_calls: u64::MAX,
            failure: Failure::Never,
            batch_write_calls: AtomicU64::new(0),
            batch_get_calls: AtomicU64::new(0),
            withheld_writes: AtomicU64::new(0),
            withheld_keys: AtomicU64::new(0),
        }
    }

    /// Withholds (returns as unprocessed, without forwarding) every `k`-th
    /// request of each affected batch call, starting with the first: `k = 1`
    /// withholds everything, `k = 0` nothing.
    #[must_use]
    pub fn withhold_every(mut self, k: usize) -> Flaky {
        self.every = k;
        self
    }

    /// Only the first `n` BatchWriteItem calls and the first `n` BatchGetItem
    /// calls are affected (default: every call).
    #[must_use]
    pub fn for_first_calls(mut self, n: u64) -> Flaky {
        self.flaky_calls = n;
        self
    }

    /// Makes every affected batch call fail instead of answering.
    #[must_use]
    pub fn failing(mut self, failure: Failure) -> Flaky {
        self.failure = failure;
        self
    }

    /// BatchWriteItem calls received so far.
    pub fn batch_write_calls(&self) -> u64 {
        self.batch_write_calls.load(Ordering::SeqCst)
    }

    /// BatchGetItem calls received so far.
    pub fn batch_get_calls(&self) -> u64 {
        self.batch_get_calls.load(Ordering::SeqCst)
    }

    /// Write requests withheld (returned unprocessed) so far.
    pub fn withheld_writes(&self) -> u64 {
        self.withheld_writes.load(Ordering::SeqCst)
    }

    /// Keys withheld (returned unprocessed) so far.
    pub fn withheld_keys(&self) -> u64 {
        self.withheld_keys.load(Ordering::SeqCst)
    }

    /// Whether request number `i` (0-based) of an affected call is withheld.
    fn withholds(&self, i: usize) -> bool {
        self.every > 0 && i % self.every == 0
    }

    /// The error an affected call fails with, if it fails.
    fn failure(&self, operation: &str) -> Option<Error> {
        match self.failure {
            Failure::Never => None,
            Failure::Retryable => Some(Error::Throttled {
                message: format!("{operation}: throttled on purpose by the Flaky test backend"),
                request_id: None,
                source: None,
            }),
            Failure::Fatal => Some(Error::Service {
                code: "InternalFailure".to_owned(),
                message: format!("{operation}: failed on purpose by the Flaky test backend"),
                request_id: None,
                retryable: false,
                source: None,
            }),
        }
    }
}

#[async_trait]
impl BackendLayer for Flaky {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }

    async fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput> {
        let call = self.batch_write_calls.fetch_add(1, Ordering::SeqCst);
        if call >= self.flaky_calls {
            return self.inner.batch_write_item(req).await;
        }
        if let Some(e) = self.failure("BatchWriteItem") {
            return Err(e);
        }
        let mut forward: BTreeMap<String, Vec<_>> = BTreeMap::new();
        let mut withheld: BTreeMap<String, Vec<_>> = BTreeMap::new();
        let mut i = 0;
        for (table, requests) in req.tables {
            for r in requests {
                let target = if self.withholds(i) {
                    &mut withheld
                } else {
                    &mut forward
                };
                target.entry(table.clone()).or_default().push(r);
                i += 1;
            }
        }
        let count = withheld.values().map(Vec::len).sum::<usize>();
        self.withheld_writes
            .fetch_add(count as u64, Ordering::SeqCst);
        let mut out = if forward.is_empty() {
            BatchWriteItemOutput::default()
        } else {
            self.inner
                .batch_write_item(BatchWriteItemRequest::from_tables(forward))
                .await?
        };
        for (table, requests) in withheld {
            out.unprocessed.entry(table).or_default().extend(requests);
        }
        Ok(out)
    }

    async fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        let call = self.batch_get_calls.fetch_add(1, Ordering::SeqCst);
        if call >= self.flaky_calls {
            return self.inner.batch_get_item(req).await;
        }
        if let Some(e) = self.failure("BatchGetItem") {
            return Err(e);
        }
        let mut forward: BTreeMap<String, KeysAndAttributes> = BTreeMap::new();
        let mut withheld: BTreeMap<String, KeysAndAttributes> = BTreeMap::new();
        let mut i = 0;
        for (table, mut ka) in req.tables {
            for key in std::mem::take(&mut ka.keys) {
                let target = if self.withholds(i) {
                    &mut withheld
                } else {
                    &mut forward
                };
                target
                    .entry(table.clone())
                    .or_insert_with(|| ka.with_keys(Vec::new()))
                    .keys
                    .push(key);
                i += 1;
            }
        }
        let count = withheld.values().map(|ka| ka.keys.len()).sum::<usize>();
        self.withheld_keys.fetch_add(count as u64, Ordering::SeqCst);
        let mut out = if forward.is_empty() {
            BatchGetItemOutput::default()
        } else {
            self.inner
                .batch_get_item(BatchGetItemRequest::from_tables(forward))
                .await?
        };
        for (table, ka) in withheld {
            match out.unprocessed.get_mut(&table) {
                Some(existing) => existing.keys.extend(ka.keys),
                None => {
                    out.unprocessed.insert(table, ka);
                }
            }
        }
        Ok(out)
    }
}
