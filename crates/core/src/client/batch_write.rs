//! [`BatchWrite`]: any number of puts and deletes, in chunks of 25.

use super::keys::{duplicate_key, key_identity, KeyNameCache, KeyNames};
use super::retry::RetryPolicy;
use super::target::{AfterDelete, AfterSave, ModelSteps};
use super::Client;
use crate::attributes::{delete_objects, read_s3_attributes};
use crate::backend::{BatchWriteItemRequest, WriteRequest};
use crate::error::{Error, Result};
use crate::model::{plan_put, upload_all, Key, Model};
use crate::value::Item;
use futures::stream::{self, StreamExt};
use std::collections::{BTreeMap, HashSet};

/// DynamoDB's limit of requests per BatchWriteItem call.
pub const BATCH_WRITE_CHUNK: usize = 25;

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
    entries: Vec<Entry>,
    error: Option<Error>,
    retry: RetryPolicy,
    concurrency: usize,
    /// False after `.skip_hooks()`.
    run_hooks: bool,
}

struct Entry {
    table: String,
    request: WriteRequest,
    key_names: Option<KeyNames>,
    /// Set for models: puts are prepared (generated values, `before_save`)
    /// and finished (S3 uploads, `max_size`) with them, deletes run the
    /// delete hooks, and deletes of models with S3 attributes delete their
    /// objects.
    steps: Option<ModelSteps>,
}

/// The hook to run once a request was applied.
enum After {
    Save(AfterSave, Item),
    Delete(AfterDelete, Item),
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
            entries: Vec::new(),
            error: None,
            retry: RetryPolicy::default(),
            concurrency: 4,
            run_hooks: true,
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

    /// Puts a model (replacing any item with its key). Generated values,
    /// `before_save`, S3 uploads and the model's `max_size` apply as for a
    /// single put when the batch is sent; an error there fails the batch
    /// before any item is sent. `after_save` runs once the put was applied.
    pub fn put<M: Model>(mut self, model: &M) -> Self {
        match model.to_item() {
            Ok(item) => self.entries.push(Entry {
                table: M::schema().table.to_owned(),
                request: WriteRequest::Put(item),
                key_names: Some(KeyNames::of_schema(M::schema())),
                steps: Some(ModelSteps::of::<M>()),
            }),
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
        self.entries.push(Entry {
            table: M::schema().table.to_owned(),
            request: WriteRequest::Delete(key.into_item()),
            key_names: Some(KeyNames::of_schema(M::schema())),
            steps: Some(ModelSteps::of::<M>()),
        });
        self
    }

    /// Puts a raw item into a table.
    pub fn put_item(mut self, table: &str, item: Item) -> Self {
        self.entries.push(Entry {
            table: table.to_owned(),
            request: WriteRequest::Put(item),
            key_names: None,
            steps: None,
        });
        self
    }

    /// Deletes a raw key from a table.
    pub fn delete_item(mut self, table: &str, key: Item) -> Self {
        self.entries.push(Entry {
            table: table.to_owned(),
            request: WriteRequest::Delete(key),
            key_names: None,
            steps: None,
        });
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
        let run_hooks = self.run_hooks;
        // The model steps first, in the order added: generated values and
        // `before_save` (which may change the key of a put), `before_delete`.
        let mut entries = Vec::with_capacity(self.entries.len());
        for mut entry in self.entries {
            let mut after = None;
            if let Some(steps) = &entry.steps {
                match &mut entry.request {
                    WriteRequest::Put(item) => {
                        let (prepared, after_save) =
                            steps.prepare_put(std::mem::take(item), run_hooks)?;
                        *item = prepared;
                        after = after_save.map(|f| After::Save(f, Item::new()));
                    }
                    WriteRequest::Delete(key) => {
                        after = steps
                            .before_delete(key, run_hooks)?
                            .map(|f| After::Delete(f, key.clone()));
                    }
                }
            }
            entries.push((entry, after));
        }

        let mut names = KeyNameCache::default();
        let mut seen = HashSet::new();
        let mut requests = Vec::with_capacity(entries.len());
        let mut afters = Vec::new();
        for (entry, after) in entries {
            let table = client.table_name(&entry.table);
            if let Some(k) = entry.key_names {
                names.insert(table.clone(), k);
            }
            let key_names = names.get(&client, &table).await?;
            let key = match &entry.request {
                WriteRequest::Put(item) => key_names.key_of(&table, item)?,
                WriteRequest::Delete(key) => key.clone(),
            };
            let identity = key_identity(&table, &key);
            if !seen.insert(identity.clone()) {
                return Err(duplicate_key(&table, &key));
            }
            if let Some(after) = after {
                afters.push((identity, requests.len(), after));
            }
            requests.push((table, entry.request, entry.steps.map(|s| s.schema)));
        }
        // Every check passed. The model puts' own checks (`max_size` with the
        // S3 metadata known before uploading) come next, then the reads of
        // what the deletes of models with S3 attributes point at, and only
        // then the uploads: a failure before them uploads nothing, a failure
        // among them deletes what was uploaded.
        let mut planned = Vec::with_capacity(requests.len());
        for (_, request, schema) in &mut requests {
            planned.push(match (request, *schema) {
                (WriteRequest::Put(item), Some(schema)) => Some(plan_put(schema, item)?),
                _ => None,
            });
        }
        let mut cascades = Vec::new();
        for (table, request, schema) in &requests {
            if let (WriteRequest::Delete(key), Some(schema)) = (request, *schema) {
                if schema.s3_attributes.is_empty() {
                    continue;
                }
                if let Some(old) = read_s3_attributes(schema, &client, table, key).await? {
                    cascades.push((key_identity(table, key), schema, old));
                }
            }
        }
        let mut uploads = Vec::new();
        for ((_, request, schema), p) in requests.iter_mut().zip(planned) {
            if let (WriteRequest::Put(item), Some(schema), Some(p)) = (request, *schema, p) {
                uploads.push((schema, item, p));
            }
        }
        upload_all(&client, uploads).await?;
        // `after_save` sees the item as sent.
        for (_, index, after) in &mut afters {
            if let (After::Save(_, saved), Some((_, WriteRequest::Put(item), _))) =
                (after, requests.get(*index))
            {
                *saved = item.clone();
            }
        }
        let requests: Vec<(String, WriteRequest)> =
            requests.into_iter().map(|(t, r, _)| (t, r)).collect();

        let mut chunks = Vec::new();
        let mut iter = requests.into_iter().peekable();
        while iter.peek().is_some() {
            chunks.push(iter.by_ref().take(BATCH_WRITE_CHUNK).collect::<Vec<_>>());
        }
        let retry = self.retry;
        let results: Vec<ChunkOutcome> = stream::iter(chunks)
            .map(|chunk| write_chunk(&client, chunk, retry))
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        let mut report = BatchWriteReport::default();
        for r in results {
            report.written += r.written;
            report.unprocessed.extend(r.unprocessed);
            report.errors.extend(r.error);
        }
        if !cascades.is_empty() || !afters.is_empty() {
            // What was not applied, by key (the checks above found every
            // table's key names and every put's key).
            let not_applied: HashSet<String> = report
                .unprocessed
                .iter()
                .filter_map(|(table, request)| {
                    let key = match request {
                        WriteRequest::Delete(key) => Some(key.clone()),
                        WriteRequest::Put(item) => {
                            names.cached(table).and_then(|k| k.key_of(table, item).ok())
                        }
                    };
                    key.map(|key| key_identity(table, &key))
                })
                .collect();
            for (identity, _, after) in afters {
                if not_applied.contains(&identity) {
                    continue;
                }
                match after {
                    After::Save(after_save, item) => after_save(&item),
                    After::Delete(after_delete, key) => after_delete(&key, None),
                }
            }
            for (identity, schema, old) in cascades {
                if !not_applied.contains(&identity) {
                    if let Err(e) = delete_objects(schema, &client, &old).await {
                        report.errors.push(e);
                    }
                }
            }
        }
        Ok(report)
    }

    /// Sends everything; fails with [`Error::BatchIncomplete`] unless every request was applied.
    pub async fn send(self) -> Result<usize> {
        self.send_partial().await?.into_result()
    }
}

struct ChunkOutcome {
    written: usize,
    unprocessed: Vec<(String, WriteRequest)>,
    error: Option<Error>,
}

async fn write_chunk(
    client: &Client,
    chunk: Vec<(String, WriteRequest)>,
    retry: RetryPolicy,
) -> ChunkOutcome {
    let total = chunk.len();
    let mut pending = chunk;
    let mut attempt = 0;
    loop {
        let mut tables: BTreeMap<String, Vec<WriteRequest>> = BTreeMap::new();
        for (t, r) in pending.iter().cloned() {
            tables.entry(t).or_default().push(r);
        }
        let result = client
            .backend()
            .batch_write_item(BatchWriteItemRequest::from_tables(tables))
            .await;
        attempt += 1;
        match result {
            Ok(out) => {
                pending = out
                    .unprocessed
                    .into_iter()
                    .flat_map(|(t, rs)| rs.into_iter().map(move |r| (t.clone(), r)))
                    .collect();
                if pending.is_empty() || attempt >= retry.attempts() {
                    return ChunkOutcome {
                        written: total - pending.len(),
                        unprocessed: pending,
                        error: None,
                    };
                }
            }
            Err(e) if e.is_retryable() && attempt < retry.attempts() => {}
            Err(e) => {
                return ChunkOutcome {
                    written: total - pending.len(),
                    unprocessed: pending,
                    error: Some(e),
                };
            }
        }
        retry.sleep(attempt - 1).await;
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
