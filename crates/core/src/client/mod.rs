//! [`Client`]: the entry point for every operation, over any [`Backend`].

/// `IntoFuture` for a builder with an async `send(self) -> Result<$out>`.
macro_rules! into_future {
    ($builder:ident, $out:ty) => {
        impl<T: Send + 'static> std::future::IntoFuture for $builder<T> {
            type Output = $crate::error::Result<$out>;
            type IntoFuture = futures::future::BoxFuture<'static, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}
pub(crate) use into_future;

/// `names` and `values` for a builder whose expression strings are in
/// `self.strings` (one pair of maps for the whole request).
macro_rules! expression_maps {
    () => {
        /// Adds `#name` placeholders (`ExpressionAttributeNames`) for this
        /// request's expression strings ([`names!`](crate::names)). Every
        /// placeholder must be used by one of them, as in DynamoDB.
        pub fn names(mut self, names: $crate::expr::Names) -> Self {
            self.strings.names(names);
            self
        }

        /// Adds `:value` placeholders (`ExpressionAttributeValues`) for this
        /// request's expression strings ([`values!`](crate::values)). Every
        /// placeholder must be used by one of them, as in DynamoDB.
        pub fn values(mut self, values: $crate::expr::Values) -> Self {
            self.strings.values(values);
            self
        }
    };
}
pub(crate) use expression_maps;

mod batch_get;
mod batch_write;
mod chunked;
mod collection;
mod cursor;
mod defaults;
mod delete;
mod get;
mod keys;
mod lease;
mod partiql;
mod put;
mod query;
mod read;
mod retry;
mod scan;
mod streams;
mod table;
mod table_wait;
mod tables;
mod tags;
mod target;
mod transact;
mod ttl;
mod update;
mod update_table;
mod write;

pub use batch_get::{BatchGet, BatchGetReport};
pub use batch_write::{BatchWrite, BatchWriteReport};
pub use collection::Collection;
pub use cursor::Cursor;
pub use defaults::{default_client, set_default_client};
pub use delete::DeleteItem;
pub use get::GetItem;
pub use lease::{Lease, LeaseGuard, LEASE_DURATION_MS, LEASE_OWNER, LEASE_RECORD, LEASE_TOKEN};
pub use partiql::ExecuteStatement;
pub use put::{PutItem, Save};
pub use query::Query;
pub use read::Page;
pub use retry::RetryPolicy;
pub use scan::Scan;
pub use streams::StreamRecord;
pub use table::Table;
pub use table_wait::TableWait;
pub use transact::{TransactGet, TransactGetResult, TransactWrite};
pub use update::UpdateItem;
pub use update_table::UpdateTable;

use crate::backend::{Backend, CapacityMeter, ConsumedCapacity, ReturnConsumedCapacity};
use crate::blob::BlobStore;
use crate::encryption::KeyService;
use crate::expr::KeyCondition;
use crate::layers::{ClientLayers, Retry};
use crate::model::{Key, Model, Partition};
use crate::value::Item;
use crate::versioned::ChangeSink;
use std::fmt;
use std::sync::Arc;

/// A handle on a backend: cheap to clone, shared across tasks.
///
/// Every operation starts here (or on a [`Model`], which finds its client
/// through [`Client::for_model`]). Operations are builders: configure them,
/// then `.await` them (or call `.send().await`).
///
/// ```
/// # use dynorm::{Client, Item};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let users = client.table("users");
/// users.put(Item::new().with("pk", "u1").with("name", "Ann")).await?;
/// let item = users.get(Item::new().with("pk", "u1")).consistent_read().await?;
/// assert_eq!(item.unwrap().get("name"), Some(&"Ann".into()));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Arc<dyn Backend>,
    table_prefix: String,
    blob_store: Option<Arc<dyn BlobStore>>,
    key_service: Option<Arc<dyn KeyService>>,
    table_wait: TableWait,
    change_sink: Option<Arc<dyn ChangeSink>>,
    /// The meter `backend` is, with a client-wide `ReturnConsumedCapacity`.
    meter: Option<Arc<CapacityMeter>>,
    /// The layers `backend` wears (its retries among them).
    layers: ClientLayers,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("backend", &self.inner.backend.name())
            .field("table_prefix", &self.inner.table_prefix)
            .field(
                "blob_store",
                &self.inner.blob_store.as_ref().map(|s| s.name()),
            )
            .field(
                "key_service",
                &self.inner.key_service.as_ref().map(|s| s.name()),
            )
            .field("table_wait", &self.inner.table_wait)
            .field("change_sink", &self.inner.change_sink.is_some())
            .field("layers", &self.inner.layers)
            .finish()
    }
}

/// Options for a [`Client`].
pub struct ClientBuilder {
    backend: Arc<dyn Backend>,
    table_prefix: String,
    blob_store: Option<Arc<dyn BlobStore>>,
    key_service: Option<Arc<dyn KeyService>>,
    table_wait: TableWait,
    change_sink: Option<Arc<dyn ChangeSink>>,
    meter: Option<Arc<CapacityMeter>>,
    /// The layers `build` puts around `backend`.
    layers: ClientLayers,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("backend", &self.backend.name())
            .field("table_prefix", &self.table_prefix)
            .field("blob_store", &self.blob_store.as_ref().map(|s| s.name()))
            .field("key_service", &self.key_service.as_ref().map(|s| s.name()))
            .field("table_wait", &self.table_wait)
            .field("change_sink", &self.change_sink.is_some())
            .field("meter", &self.meter.is_some())
            .field("layers", &self.layers)
            .finish()
    }
}

impl ClientBuilder {
    /// A prefix put before every table name (`"dev_"` + `"users"`).
    #[must_use]
    pub fn table_prefix(mut self, prefix: impl Into<String>) -> ClientBuilder {
        self.table_prefix = prefix.into();
        self
    }

    /// The object store S3-backed attributes use
    /// ([`S3Object`](crate::attributes::S3Object)).
    #[must_use]
    pub fn blob_store(mut self, store: Arc<dyn BlobStore>) -> ClientBuilder {
        self.blob_store = Some(store);
        self
    }

    /// The key service encrypted attributes use
    /// ([`Encrypted`](crate::attributes::Encrypted)).
    #[must_use]
    pub fn key_service(mut self, keys: Arc<dyn KeyService>) -> ClientBuilder {
        self.key_service = Some(keys);
        self
    }

    /// How the table tooling waits for tables to become ACTIVE.
    #[must_use]
    pub fn table_wait(mut self, wait: TableWait) -> ClientBuilder {
        self.table_wait = wait;
        self
    }

    /// The sink that receives the change events of versioned models
    /// ([`ChangeSink`]).
    #[must_use]
    pub fn change_sink(mut self, sink: Arc<dyn ChangeSink>) -> ClientBuilder {
        self.change_sink = Some(sink);
        self
    }

    /// Asks every request the client sends for at least `level` of
    /// consumed capacity, and keeps the sum per table
    /// ([`Client::consumed_capacity`]): the backend is wrapped in a
    /// [`CapacityMeter`]. Pages of queries and scans then carry their
    /// capacity too. `ReturnConsumedCapacity::None` (the default) asks for
    /// nothing.
    ///
    /// ```
    /// use dynorm::backend::ReturnConsumedCapacity;
    /// use dynorm::{Client, Item, Model};
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "users", pk = "USER#{id}")]
    /// struct User { id: String }
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
    /// let client = Client::builder(backend)
    ///     .return_consumed_capacity(ReturnConsumedCapacity::Total)
    ///     .build();
    /// client.create_table::<User>().await?;
    /// client.put(&User { id: "1".into() }).await?;
    /// assert_eq!(client.consumed_capacity()[0].capacity_units, 1.0);
    /// # Ok::<(), dynorm::Error>(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn return_consumed_capacity(mut self, level: ReturnConsumedCapacity) -> ClientBuilder {
        if let Some(meter) = self.meter.take() {
            self.backend = meter.inner_shared().clone();
        }
        if level.is_requested() {
            let meter = Arc::new(CapacityMeter::new(self.backend.clone(), level));
            self.backend = meter.clone();
            self.meter = Some(meter);
        }
        self
    }

    /// How failed calls are retried: [`Retry::standard`] unless told
    /// otherwise, by idempotency (a non-idempotent update whose outcome is
    /// unknown fails with [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown)
    /// instead of being sent again); [`Retry::off`] sends every call once.
    ///
    /// ```
    /// use dynorm::client::RetryPolicy;
    /// use dynorm::layers::Retry;
    /// use std::time::Duration;
    ///
    /// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
    /// let policy = RetryPolicy::default().max_attempts(4).base_delay(Duration::from_millis(50));
    /// let client = dynorm::Client::builder(backend).retry(Retry::standard().policy(policy)).build();
    /// assert_eq!(client.retry().policy_in_use(), Some(policy));
    /// ```
    #[must_use]
    pub fn retry(mut self, retry: Retry) -> ClientBuilder {
        self.layers.retry = retry;
        self
    }

    /// Whether every call the client makes of its backend is a `tracing`
    /// span ([`Tracing`](crate::layers::Tracing)); on by default, and free
    /// when no subscriber listens.
    ///
    /// ```
    /// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
    /// let quiet = dynorm::Client::builder(backend).tracing(false).build();
    /// assert_eq!(quiet.backend().name(), "memory");
    /// ```
    #[must_use]
    pub fn tracing(mut self, on: bool) -> ClientBuilder {
        self.layers.tracing = on;
        self
    }

    /// Keeps the capacity every operation of the client (and of the clients
    /// made from it) uses within `limits`: the backend is wrapped in a
    /// [`RateLimit`](crate::layers::RateLimit) layer, shared by all of them.
    ///
    /// ```
    /// use dynorm::layers::{Budget, RateLimits};
    /// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
    /// let client = dynorm::Client::builder(backend)
    ///     .rate_limit(RateLimits::new().table("events", Budget::new().writes(500.0)).adaptive())
    ///     .build();
    /// # let _ = client;
    /// ```
    #[must_use]
    pub fn rate_limit(mut self, limits: crate::layers::RateLimits) -> ClientBuilder {
        self.layers.rate_limit = Some(limits);
        self
    }

    /// Watches the capacity each partition key uses and warns when one runs
    /// hot ([`HotPartitions`](crate::layers::HotPartitions)).
    ///
    /// ```
    /// use dynorm::layers::HotPartitionConfig;
    /// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
    /// let client = dynorm::Client::builder(backend)
    ///     .hot_partitions(HotPartitionConfig::new().on_hot(|hot| eprintln!("{hot:?}")))
    ///     .build();
    /// # let _ = client;
    /// ```
    #[must_use]
    pub fn hot_partitions(mut self, config: crate::layers::HotPartitionConfig) -> ClientBuilder {
        self.layers.hot_partitions = Some(config);
        self
    }

    /// The client: its backend wrapped in the layers asked for (see
    /// [`layers`](crate::layers): [`Tracing`](crate::layers::Tracing)
    /// unless [`tracing(false)`](ClientBuilder::tracing), over
    /// [`RetryLayer`](crate::layers::RetryLayer) unless [`Retry::off`], over
    /// [`RateLimit`](crate::layers::RateLimit) and
    /// [`HotPartitions`](crate::layers::HotPartitions) when asked for).
    pub fn build(self) -> Client {
        let backend = self.layers.wrap(self.backend);
        Client {
            inner: Arc::new(Inner {
                backend,
                layers: self.layers.applied(),
                table_prefix: self.table_prefix,
                blob_store: self.blob_store,
                key_service: self.key_service,
                table_wait: self.table_wait,
                change_sink: self.change_sink,
                meter: self.meter,
            }),
        }
    }
}

impl Client {
    /// A client over a backend.
    pub fn new(backend: impl Backend + 'static) -> Client {
        Client::builder(Arc::new(backend)).build()
    }

    /// A client over a shared backend.
    pub fn from_backend(backend: Arc<dyn Backend>) -> Client {
        Client::builder(backend).build()
    }

    /// A client with options.
    pub fn builder(backend: Arc<dyn Backend>) -> ClientBuilder {
        ClientBuilder {
            backend,
            table_prefix: String::new(),
            blob_store: None,
            key_service: None,
            table_wait: TableWait::default(),
            change_sink: None,
            meter: None,
            layers: ClientLayers::default(),
        }
    }

    /// This client's options, to change some of them (its backend already
    /// wears its layers, which it keeps and shares).
    fn rebuild(&self) -> ClientBuilder {
        ClientBuilder {
            backend: self.inner.backend.clone(),
            table_prefix: self.inner.table_prefix.clone(),
            blob_store: self.inner.blob_store.clone(),
            key_service: self.inner.key_service.clone(),
            table_wait: self.inner.table_wait,
            change_sink: self.inner.change_sink.clone(),
            meter: self.inner.meter.clone(),
            layers: self.inner.layers.clone(),
        }
    }

    /// The same backend, object store and change sink with another table prefix.
    #[must_use]
    pub fn with_table_prefix(&self, prefix: impl Into<String>) -> Client {
        self.rebuild().table_prefix(prefix).build()
    }

    /// The same backend, table prefix and change sink with another object store.
    #[must_use]
    pub fn with_blob_store(&self, store: Arc<dyn BlobStore>) -> Client {
        self.rebuild().blob_store(store).build()
    }

    /// The same client with another key service for encrypted attributes.
    #[must_use]
    pub fn with_key_service(&self, keys: Arc<dyn KeyService>) -> Client {
        self.rebuild().key_service(keys).build()
    }

    /// The same client with another sink for the change events of
    /// versioned models.
    ///
    /// ```
    /// # use dynorm::versioned::{ChangeEvent, ChangeSink};
    /// # use std::sync::Arc;
    /// struct Log;
    /// #[async_trait::async_trait]
    /// impl ChangeSink for Log {
    ///     async fn publish(&self, event: &ChangeEvent) -> Result<(), dynorm::BoxError> {
    ///         println!("{} {} v{}", event.kind, event.entity_id, event.version);
    ///         Ok(())
    ///     }
    /// }
    /// # fn demo(client: dynorm::Client) {
    /// let client = client.with_change_sink(Arc::new(Log));
    /// assert!(client.change_sink().is_some());
    /// # }
    /// ```
    #[must_use]
    pub fn with_change_sink(&self, sink: Arc<dyn ChangeSink>) -> Client {
        self.rebuild().change_sink(sink).build()
    }

    /// The sink of versioned models' change events, if the client has one.
    pub fn change_sink(&self) -> Option<&Arc<dyn ChangeSink>> {
        self.inner.change_sink.as_ref()
    }

    /// The object store of S3-backed attributes; a
    /// [`Config`](crate::Error::Config) error when none was given.
    pub fn blob_store(&self) -> crate::Result<&Arc<dyn BlobStore>> {
        self.inner.blob_store.as_ref().ok_or_else(|| {
            crate::Error::config(
                "this client has no object store for S3-backed attributes; \
                 give it one with `ClientBuilder::blob_store` or `Client::with_blob_store`",
            )
        })
    }

    /// The key service of encrypted attributes; a
    /// [`Config`](crate::Error::Config) error when none was given.
    pub fn key_service(&self) -> crate::Result<&Arc<dyn KeyService>> {
        self.inner.key_service.as_ref().ok_or_else(|| {
            crate::Error::config(
                "this client has no key service for encrypted attributes; \
                 give it one with `ClientBuilder::key_service` or `Client::with_key_service`",
            )
        })
    }

    /// The backend, with the layers the client put on it (tracing, retries,
    /// rate limits): what every operation of the client calls.
    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.inner.backend
    }

    /// How the client retries failed calls ([`ClientBuilder::retry`]).
    pub fn retry(&self) -> Retry {
        self.inner.layers.retry
    }

    /// How the table tooling waits for tables to become ACTIVE.
    pub fn table_wait(&self) -> TableWait {
        self.inner.table_wait
    }

    /// The capacity consumed so far through this client (and the clients
    /// made from it with another prefix or store), one entry per table;
    /// empty unless built with
    /// [`ClientBuilder::return_consumed_capacity`].
    pub fn consumed_capacity(&self) -> Vec<ConsumedCapacity> {
        self.inner
            .meter
            .as_ref()
            .map(|m| m.consumed())
            .unwrap_or_default()
    }

    /// The meter behind [`consumed_capacity`](Client::consumed_capacity),
    /// when the client has one.
    pub fn capacity_meter(&self) -> Option<&Arc<CapacityMeter>> {
        self.inner.meter.as_ref()
    }

    /// The table prefix (empty by default).
    pub fn table_prefix(&self) -> &str {
        &self.inner.table_prefix
    }

    /// The full name of a table: the prefix followed by `base`.
    pub fn table_name(&self, base: &str) -> String {
        if self.inner.table_prefix.is_empty() {
            base.to_owned()
        } else {
            format!("{}{}", self.inner.table_prefix, base)
        }
    }

    /// A handle for raw-item operations on one table.
    pub fn table(&self, name: impl Into<String>) -> Table {
        Table::new(self.clone(), name.into())
    }

    /// Reads one model by key.
    pub fn get<M: Model>(&self, key: Key<M>) -> GetItem<M> {
        GetItem::for_model(key).with_client(self)
    }

    /// Writes a model, replacing any item with the same key.
    pub fn put<M: Model>(&self, model: &M) -> PutItem<M> {
        PutItem::for_model(model).with_client(self)
    }

    /// A lease (distributed lock) named `name`, held in one item of
    /// `table` (see [`Lease`]); `.acquire()` takes it.
    ///
    /// ```
    /// # use dynorm::Client;
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let guard = client.lease("locks", "migrations").acquire().await?;
    /// assert!(!guard.is_lost());
    /// guard.release().await?;
    /// # Ok(()) }
    /// ```
    pub fn lease(&self, table: impl Into<String>, name: impl Into<String>) -> Lease {
        Lease::new(self.clone(), table.into(), name.into())
    }

    /// Writes a model and updates it in place with what was written: its
    /// generated values and, for a versioned model (`#[dynorm(version)]`),
    /// the new version. A versioned model is written on condition that the
    /// stored version is the one it holds (a new model, holding 0, on
    /// condition that no item has its key); another one fails it with
    /// [`Error::VersionConflict`](crate::Error::VersionConflict) and leaves
    /// the model as it was.
    ///
    /// ```
    /// # use dynorm::{Client, Model};
    /// # use serde::{Deserialize, Serialize};
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "docs", pk = "DOC#{id}")]
    /// struct Doc {
    ///     id: String,
    ///     title: String,
    ///     #[dynorm(version)]
    ///     version: u64,
    /// }
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let mut doc = Doc { id: "1".into(), title: "Draft".into(), version: 0 };
    /// client.save(&mut doc).await?;
    /// assert_eq!(doc.version, 1);
    /// doc.title = "Final".into();
    /// client.save(&mut doc).await?;
    /// assert_eq!(doc.version, 2);
    /// # Ok(()) }
    /// ```
    pub fn save<'a, M: Model>(&self, model: &'a mut M) -> Save<'a, M> {
        Save::new(self.put(&*model), model)
    }

    /// Writes a model that must not exist yet: fails with
    /// [`Error::ConditionFailed`](crate::Error::ConditionFailed) when an item has its key.
    pub fn create<M: Model>(&self, model: &M) -> PutItem<M> {
        PutItem::for_model(model).if_not_exists().with_client(self)
    }

    /// Updates (or creates) the item with this key.
    pub fn update<M: Model>(&self, key: Key<M>) -> UpdateItem<M> {
        UpdateItem::for_model(key).with_client(self)
    }

    /// Deletes the item with this key.
    pub fn delete<M: Model>(&self, key: Key<M>) -> DeleteItem<M> {
        DeleteItem::for_model(key).with_client(self)
    }

    /// Queries one partition of a model's table or index (`User::partition(..)`).
    pub fn query<M: Model>(&self, partition: Partition<M>) -> Query<M> {
        Query::for_model(partition).with_client(self)
    }

    /// Scans a model's table (only the model's entity type in a shared table).
    pub fn scan<M: Model>(&self) -> Scan<M> {
        Scan::for_model().with_client(self)
    }

    /// Queries a partition of `M`'s table for every entity type in it, as raw
    /// items; split them by type with [`Collection`].
    pub fn query_collection<M: Model>(&self, partition: Partition<M>) -> Query<Item> {
        let schema = M::schema();
        let mut q = Query::of_table(
            self.clone(),
            schema.table.to_owned(),
            KeyCondition::partition(partition.attribute, partition.value),
        );
        if let Some(index) = partition.index {
            q = q.index(index);
        }
        match schema.sort_key {
            Some(sk) if partition.index.is_none() => q.sort_key_name(sk.attribute),
            _ => q,
        }
    }

    /// Reads models by key, in chunks of 100; results line up with the keys.
    pub fn batch_get<M: Model>(&self, keys: impl IntoIterator<Item = Key<M>>) -> BatchGet<M> {
        BatchGet::for_model(self.clone(), keys)
    }

    /// Reads raw items by table and key, in chunks of 100.
    pub fn batch_get_items(&self) -> BatchGet<Item> {
        BatchGet::raw(self.clone())
    }

    /// Puts and deletes any number of items across tables, in chunks of 25.
    pub fn batch_write(&self) -> BatchWrite {
        BatchWrite::new(self.clone())
    }

    /// A write transaction.
    pub fn transact_write(&self) -> TransactWrite {
        TransactWrite::new(self.clone())
    }

    /// A read transaction.
    pub fn transact_get(&self) -> TransactGet {
        TransactGet::new(self.clone())
    }

    /// The client a model uses: its own (see [`Client::set_for_model`]) or the default.
    pub fn for_model<M: Model>() -> crate::Result<Client> {
        defaults::client_for::<M>()
    }

    /// Makes this client the one model `M` uses when no client is given.
    pub fn set_for_model<M: Model>(&self) {
        defaults::set_model_client::<M>(self.clone())
    }

    /// Makes this client the process-wide default.
    pub fn set_default(&self) {
        set_default_client(self.clone())
    }
}
