//! [`BatchGet`]: any number of reads by key, in chunks of 100.

use super::chunked::{flatten, send_chunked};
use super::keys::{duplicate_key, key_identity};
use super::retry::RetryPolicy;
use super::target::Target;
use super::Client;
use crate::backend::{BatchGetItemRequest, KeysAndAttributes};
use crate::error::{Error, Result};
use crate::expr::Path;
use crate::model::{Key, Model};
use crate::value::Item;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Reads any number of items by key; the results line up with the keys given
/// (`None` where no item has the key).
///
/// Duplicate keys are rejected before anything is sent, naming the duplicate.
/// Keys are sent in chunks of 100, several chunks at a time; unprocessed keys
/// are retried with exponential backoff and jitter, a bounded number of
/// times. Awaiting succeeds only if every key was read; otherwise
/// [`Error::BatchIncomplete`] carries the keys that were not
/// ([`send_partial`](BatchGet::send_partial) returns what was read too).
/// Models run their `after_load` hook unless
/// [`skip_hooks`](BatchGet::skip_hooks) was called.
///
/// ```
/// # use dynorm::{Client, Item};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let items = client
///     .batch_get_items()
///     .get("users", Item::new().with("pk", "u1"))
///     .get("users", Item::new().with("pk", "u2"))
///     .await?;
/// assert_eq!(items.len(), 2);
/// # Ok(()) }
/// ```
#[must_use = "a batch does nothing until it is sent"]
pub struct BatchGet<T> {
    target: Target<T>,
    client: Client,
    keys: Vec<(String, Item)>,
    projection: Option<Vec<Path>>,
    consistent_read: bool,
    retry: RetryPolicy,
    concurrency: usize,
}

/// What a batch get read.
#[derive(Debug)]
pub struct BatchGetReport<T> {
    /// One entry per key given, in order: the item, or `None` when no item
    /// has the key or the key was not processed.
    pub items: Vec<Option<T>>,
    /// Keys not read (full table names), still unprocessed after every retry
    /// or in a chunk whose call failed.
    pub unprocessed: Vec<(String, Item)>,
    /// The errors of chunks whose call failed.
    pub errors: Vec<Error>,
}

impl<M: Model> BatchGet<M> {
    pub(crate) fn for_model(client: Client, keys: impl IntoIterator<Item = Key<M>>) -> BatchGet<M> {
        let table = M::schema().table;
        let keys = keys
            .into_iter()
            .map(|k| (table.to_owned(), k.into_item()))
            .collect();
        BatchGet::new(Target::model(), client, keys)
    }

    /// Does not run the model's `after_load` hook for this call.
    ///
    /// ```
    /// # use dynorm::{Client, Key, Model};
    /// # async fn demo<M: Model>(client: Client, keys: Vec<Key<M>>) -> dynorm::Result<()> {
    /// let models: Vec<Option<M>> = client.batch_get(keys).skip_hooks().await?;
    /// # Ok(()) }
    /// ```
    pub fn skip_hooks(mut self) -> Self {
        self.target.skip_hooks();
        self
    }
}

impl BatchGet<Item> {
    pub(crate) fn raw(client: Client) -> BatchGet<Item> {
        BatchGet::new(
            Target::raw(client.clone(), String::new()),
            client,
            Vec::new(),
        )
    }

    /// Adds a key of a table.
    pub fn get(mut self, table: &str, key: Item) -> Self {
        self.keys.push((table.to_owned(), key));
        self
    }
}

impl<T: Send + 'static> BatchGet<T> {
    fn new(target: Target<T>, client: Client, keys: Vec<(String, Item)>) -> BatchGet<T> {
        BatchGet {
            target,
            client,
            keys,
            projection: None,
            consistent_read: false,
            retry: RetryPolicy::default(),
            concurrency: 4,
        }
    }

    /// Returns only these attributes (key attributes are always read, to match results to keys).
    pub fn project<I, P>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<Path>,
    {
        self.projection = Some(paths.into_iter().map(Into::into).collect());
        self
    }

    /// Strongly consistent reads.
    pub fn consistent_read(mut self) -> Self {
        self.consistent_read = true;
        self
    }

    /// How unprocessed keys are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How many chunk calls run at once (default 4, at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Reads everything and reports what was and was not read.
    pub async fn send_partial(self) -> Result<BatchGetReport<T>> {
        let client = self.client;
        let mut index: HashMap<String, usize> = HashMap::with_capacity(self.keys.len());
        let mut key_names: HashMap<String, Vec<String>> = HashMap::new();
        let mut keys = Vec::with_capacity(self.keys.len());
        for (i, (table, key)) in self.keys.into_iter().enumerate() {
            let table = client.table_name(&table);
            if index.insert(key_identity(&table, &key), i).is_some() {
                return Err(duplicate_key(&table, &key));
            }
            key_names
                .entry(table.clone())
                .or_insert_with(|| key.names().cloned().collect());
            keys.push((table, key));
        }
        let total = keys.len();
        let projection = self.projection.map(|mut p| {
            let mut have: HashSet<Path> = p.iter().cloned().collect();
            for names in key_names.values() {
                for n in names {
                    if have.insert(Path::attr(n.clone())) {
                        p.push(Path::attr(n.clone()));
                    }
                }
            }
            p
        });
        let consistent_read = self.consistent_read;
        let outcomes = send_chunked(
            keys,
            crate::rules::batch::MAX_GETS,
            self.concurrency,
            self.retry,
            |chunk: Vec<(String, Item)>| {
                let (client, projection) = (&client, &projection);
                async move {
                    let mut tables: BTreeMap<String, KeysAndAttributes> = BTreeMap::new();
                    for (t, k) in chunk {
                        tables
                            .entry(t)
                            .or_insert_with(|| KeysAndAttributes {
                                keys: Vec::new(),
                                projection: projection.clone(),
                                consistent_read,
                            })
                            .keys
                            .push(k);
                    }
                    let out = client
                        .backend()
                        .batch_get_item(BatchGetItemRequest::from_tables(tables))
                        .await?;
                    let unprocessed = out.unprocessed.into_iter().map(|(t, ka)| (t, ka.keys));
                    Ok((flatten(out.responses), flatten(unprocessed)))
                }
            },
        )
        .await;

        let mut items: Vec<Option<T>> = (0..total).map(|_| None).collect();
        let mut report_unprocessed = Vec::new();
        let mut errors = Vec::new();
        for outcome in outcomes {
            for (table, item) in outcome.done {
                let names = key_names.get(&table).map(Vec::as_slice).unwrap_or_default();
                let key: Item = names
                    .iter()
                    .filter_map(|n| item.get(n).map(|v| (n.clone(), v.clone())))
                    .collect();
                if let Some(&i) = index.get(&key_identity(&table, &key)) {
                    if let Some(slot) = items.get_mut(i) {
                        *slot = Some(self.target.decode(item)?);
                    }
                }
            }
            report_unprocessed.extend(outcome.unprocessed);
            errors.extend(outcome.error);
        }
        Ok(BatchGetReport {
            items,
            unprocessed: report_unprocessed,
            errors,
        })
    }

    /// Reads everything; fails with [`Error::BatchIncomplete`] unless every key was read.
    pub async fn send(self) -> Result<Vec<Option<T>>> {
        let report = self.send_partial().await?;
        if report.unprocessed.is_empty() && report.errors.is_empty() {
            Ok(report.items)
        } else {
            Err(Error::BatchIncomplete {
                unprocessed_writes: Vec::new(),
                unprocessed_keys: report.unprocessed,
                causes: report.errors,
            })
        }
    }
}

crate::client::into_future!(BatchGet, Vec<Option<T>>);
