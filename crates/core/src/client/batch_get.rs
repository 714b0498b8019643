//! [`BatchGet`]: any number of reads by key, in chunks of 100.

use super::chunked::{flatten, send_chunked};
use super::keys::{duplicate_key, key_identity};
use super::retry::RetryPolicy;
use super::target::Target;
use super::Client;
use crate::backend::{BatchGetItemRequest, KeysAndAttributes, Params};
use crate::error::{Error, Result};
use crate::expr::{join_paths, KeyNames, Path, StringExprs};
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
    strings: StringExprs,
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
            strings: StringExprs::default(),
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

    /// Returns only the attributes of a `ProjectionExpression` string
    /// (`"product_id, #n, price"`), after any typed paths; key attributes
    /// are always read.
    pub fn projection_expr(mut self, text: impl Into<String>) -> Self {
        self.strings.projection(text);
        self
    }

    crate::client::expression_maps!();

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

    /// The keys with full table names (no key twice), each key's place,
    /// each table's key attribute names, and the projection with the key
    /// attributes added.
    fn plan(&mut self) -> Result<BatchPlan> {
        let parsed = self.strings.parse(KeyNames::FromText)?;
        let client = &self.client;
        let mut index: HashMap<String, usize> = HashMap::with_capacity(self.keys.len());
        let mut key_names: HashMap<String, Vec<String>> = HashMap::new();
        let mut keys = Vec::with_capacity(self.keys.len());
        for (i, (table, key)) in std::mem::take(&mut self.keys).into_iter().enumerate() {
            let table = client.table_name(&table);
            if index.insert(key_identity(&table, &key), i).is_some() {
                return Err(duplicate_key(&table, &key));
            }
            key_names
                .entry(table.clone())
                .or_insert_with(|| key.names().cloned().collect());
            keys.push((table, key));
        }
        let projection = join_paths(self.projection.take(), parsed.projection).map(|mut p| {
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
        Ok(BatchPlan {
            index,
            key_names,
            keys,
            projection,
        })
    }

    /// The BatchGetItem requests this batch would send first (a terminal,
    /// like `.await`), one per chunk of
    /// [`BATCH_GET_CHUNK`] keys (retries of unprocessed keys come after),
    /// without sending them.
    ///
    /// ```
    /// # use dynorm::{Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let params = client
    ///     .batch_get_items()
    ///     .get("products", Item::new().with("pk", "p1"))
    ///     .projection_expr("price")
    ///     .params()?;
    /// assert_eq!(params.len(), 1);
    /// let table = &params[0].request_items.as_ref().unwrap()["products"];
    /// assert_eq!(table.projection_expression.as_deref(), Some("#n0, #n1")); // price, pk
    /// # Ok(()) }
    /// ```
    pub fn params(mut self) -> Result<Vec<Params>> {
        let plan = self.plan()?;
        plan.keys
            .chunks(crate::rules::batch::MAX_GETS)
            .map(|chunk| {
                let req = chunk_request(chunk.to_vec(), &plan.projection, self.consistent_read);
                Params::batch_get_item(&req)
            })
            .collect()
    }

    /// Reads everything and reports what was and was not read.
    pub async fn send_partial(mut self) -> Result<BatchGetReport<T>> {
        let BatchPlan {
            index,
            key_names,
            keys,
            projection,
        } = self.plan()?;
        let client = self.client;
        let total = keys.len();
        let consistent_read = self.consistent_read;
        let outcomes = send_chunked(
            keys,
            crate::rules::batch::MAX_GETS,
            self.concurrency,
            self.retry,
            |chunk: Vec<(String, Item)>| {
                let (client, projection) = (&client, &projection);
                async move {
                    let req = chunk_request(chunk, projection, consistent_read);
                    let out = client.backend().batch_get_item(req).await?;
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
                        *slot = Some(self.target.decode_read(&client, item).await?);
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

/// A batch get's keys, checked, and what matches answers to them.
struct BatchPlan {
    index: HashMap<String, usize>,
    key_names: HashMap<String, Vec<String>>,
    keys: Vec<(String, Item)>,
    projection: Option<Vec<Path>>,
}

/// The request of one chunk of keys.
fn chunk_request(
    chunk: Vec<(String, Item)>,
    projection: &Option<Vec<Path>>,
    consistent_read: bool,
) -> BatchGetItemRequest {
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
    BatchGetItemRequest::from_tables(tables)
}
