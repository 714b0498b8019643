//! [`BatchWrite`]: any number of puts and deletes, in chunks of 25.

use super::chunked::{flatten, send_chunked};
use super::retry::RetryPolicy;
use super::write::{Mode, ModelSteps, VersionCheck, Write, WriteOp, WriteSet};
use super::Client;
use crate::backend::{BatchWriteItemRequest, WriteRequest};
use crate::error::{Error, Result};
use crate::model::{Key, Model};
use crate::value::Item;
use std::collections::BTreeMap;

/// Writes any number of puts and deletes across tables.
///
/// The requests are checked first (no key twice, Put and Delete alike: the
/// duplicate is named), then sent in chunks of 25, several chunks at a time
/// ([`concurrency`](BatchWrite::concurrency)). Items DynamoDB leaves
/// unprocessed are retried with exponential backoff and jitter, a bounded
/// number of times ([`retry`](BatchWrite::retry)). Awaiting the batch succeeds
/// only if every request was applied; otherwise the error
/// ([`Error::BatchIncomplete`]) carries every request that was not. Not atomic:
/// use a transaction for all-or-nothing.
///
/// Model requests run the model's [`Hooks`](crate::model::Hooks): when the
/// batch is sent, `before_save` for each put and `before_delete` for each
/// delete, in the order added and before anything is sent (an error there
/// vetoes the whole batch); once the batch is done, `after_save` and
/// `after_delete` for each request that was applied (not for those returned
/// unprocessed). [`skip_hooks`](BatchWrite::skip_hooks) turns them off for
/// the whole batch.
///
/// ```
/// # use dynorm::{Client, Item};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let mut batch = client.batch_write();
/// for i in 0..1000 {
///     batch = batch.put_item("events", Item::new().with("pk", format!("e{i}")));
/// }
/// let report = batch.concurrency(8).send_partial().await?;
/// assert_eq!(report.written, 1000);
/// # Ok(()) }
/// ```
#[must_use = "a batch does nothing until it is sent"]
pub struct BatchWrite {
    client: Client,
    writes: Vec<Write>,
    error: Option<Error>,
    retry: RetryPolicy,
    concurrency: usize,
    /// False after `.skip_hooks()`.
    run_hooks: bool,
    /// True after `.ignore_version()`.
    ignore_version: bool,
}

/// What a batch write did.
#[derive(Debug, Default)]
pub struct BatchWriteReport {
    /// Requests applied.
    pub written: usize,
    /// Requests not applied: still unprocessed after every retry, or in a
    /// chunk whose call failed. Table names are full (prefixed) names.
    pub unprocessed: Vec<(String, WriteRequest)>,
    /// The errors of chunks whose call failed.
    pub errors: Vec<Error>,
}

impl BatchWriteReport {
    /// Whether every request was applied.
    pub fn is_complete(&self) -> bool {
        self.unprocessed.is_empty() && self.errors.is_empty()
    }

    /// `Ok` when complete, else [`Error::BatchIncomplete`] carrying what was not applied.
    pub fn into_result(self) -> Result<usize> {
        if self.is_complete() {
            Ok(self.written)
        } else {
            Err(Error::BatchIncomplete {
                unprocessed_writes: self.unprocessed,
                unprocessed_keys: Vec::new(),
                causes: self.errors,
            })
        }
    }
}

impl BatchWrite {
    pub(crate) fn new(client: Client) -> BatchWrite {
        BatchWrite {
            client,
            writes: Vec::new(),
            error: None,
            retry: RetryPolicy::default(),
            concurrency: 4,
            run_hooks: true,
            ignore_version: false,
        }
    }

    /// Does not run the model [`Hooks`](crate::model::Hooks) of any request
    /// of this batch, wherever it is called in the chain (generated values
    /// and `max_size` still apply).
    ///
    /// ```
    /// # use dynorm::{Client, Model};
    /// # async fn demo<M: Model>(client: Client, a: M, b: M) -> dynorm::Result<()> {
    /// client.batch_write().put(&a).put(&b).skip_hooks().await?;
    /// # Ok(()) }
    /// ```
    pub fn skip_hooks(mut self) -> Self {
        self.run_hooks = false;
        self
    }

    /// Writes versioned models (`#[dynorm(version)]`) without their version
    /// condition, which BatchWriteItem cannot carry: puts still store the
    /// next version, but replace whatever is stored. Without this a batch
    /// holding a versioned model fails before anything is sent.
    ///
    /// ```
    /// # use dynorm::{Client, Model};
    /// # use serde::{Deserialize, Serialize};
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "docs", pk = "DOC#{id}")]
    /// struct Doc {
    ///     id: String,
    ///     #[dynorm(version)]
    ///     version: u64,
    /// }
    /// # async fn demo(client: Client, docs: Vec<Doc>) -> dynorm::Result<()> {
    /// client.batch_write().put_all(&docs).ignore_version().await?;
    /// # Ok(()) }
    /// ```
    pub fn ignore_version(mut self) -> Self {
        self.ignore_version = true;
        self
    }

    /// Puts a model (replacing any item with its key). Generated values,
    /// `before_save`, S3 uploads and the model's `max_size` apply as for a
    /// single put when the batch is sent; an error there fails the batch
    /// before any item is sent. `after_save` runs once the put was applied.
    pub fn put<M: Model>(mut self, model: &M) -> Self {
        match model.to_item() {
            Ok(item) => self.writes.push(Write::model(
                ModelSteps::of::<M>(),
                WriteOp::Put(item),
                None,
            )),
            Err(e) => self.error = self.error.or(Some(e)),
        }
        self
    }

    /// Puts every model.
    pub fn put_all<'a, M: Model>(self, models: impl IntoIterator<Item = &'a M>) -> Self {
        models.into_iter().fold(self, |b, m| b.put(m))
    }

    /// Deletes a model's item by key. `before_delete` runs when the batch is
    /// sent (an error fails the batch before anything is sent),
    /// `after_delete` once the delete was applied. For a model with S3-backed
    /// attributes the item is read first, and its objects are deleted once
    /// the delete was applied (a failure there is one of the report's errors).
    pub fn delete<M: Model>(mut self, key: Key<M>) -> Self {
        self.writes.push(Write::model(
            ModelSteps::of::<M>(),
            WriteOp::Delete(key.into_item()),
            None,
        ));
        self
    }

    /// Puts a raw item into a table.
    pub fn put_item(mut self, table: &str, item: Item) -> Self {
        self.writes
            .push(Write::raw(table, WriteOp::Put(item), None));
        self
    }

    /// Deletes a raw key from a table.
    pub fn delete_item(mut self, table: &str, key: Item) -> Self {
        self.writes
            .push(Write::raw(table, WriteOp::Delete(key), None));
        self
    }

    /// How unprocessed items are retried (default: 8 attempts, 25 ms base, 2 s cap).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How many chunk calls run at once (default 4, at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Sends everything and reports what was and was not applied. `Err` only
    /// when nothing was sent (a request failed the checks or a `before_*`
    /// hook vetoed it).
    pub async fn send_partial(self) -> Result<BatchWriteReport> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let client = self.client;
        let mut set = WriteSet::new(client.clone(), Mode::Batch, self.run_hooks);
        for write in self.writes {
            set.push(if self.ignore_version {
                write.with_version(VersionCheck::Ignore)
            } else {
                write
            });
        }
        let (outgoing, finish) = set.prepare().await?.into_parts();
        let requests = outgoing
            .into_iter()
            .map(|w| w.into_batch_request())
            .collect::<Result<Vec<_>>>()?;
        let sent = requests.len();
        let outcomes = send_chunked(
            requests,
            crate::rules::batch::MAX_WRITES,
            self.concurrency,
            self.retry,
            |chunk: Vec<(String, WriteRequest)>| {
                let client = &client;
                async move {
                    let mut tables: BTreeMap<String, Vec<WriteRequest>> = BTreeMap::new();
                    for (t, r) in chunk {
                        tables.entry(t).or_default().push(r);
                    }
                    let out = client
                        .backend()
                        .batch_write_item(BatchWriteItemRequest::from_tables(tables))
                        .await?;
                    Ok((Vec::<()>::new(), flatten(out.unprocessed)))
                }
            },
        )
        .await;
        let mut report = BatchWriteReport::default();
        for outcome in outcomes {
            report.unprocessed.extend(outcome.unprocessed);
            report.errors.extend(outcome.error);
        }
        report.written = sent - report.unprocessed.len();
        if !finish.is_empty() {
            let applied = finish.outcomes_except(&report.unprocessed);
            report.errors.extend(finish.run(applied).await);
        }
        Ok(report)
    }

    /// Sends everything; fails with [`Error::BatchIncomplete`] unless every request was applied.
    pub async fn send(self) -> Result<usize> {
        self.send_partial().await?.into_result()
    }
}

impl std::future::IntoFuture for BatchWrite {
    type Output = Result<usize>;
    type IntoFuture = futures::future::BoxFuture<'static, Self::Output>;
    /// Awaiting a batch is [`BatchWrite::send`]: the number of requests applied.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
