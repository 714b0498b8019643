//! [`RecordingBlobStore`]: an object store that records every object call;
//! [`RecordingBackend`]: a backend that records every item operation.

use async_trait::async_trait;
use dynorm::backend::{
    Backend, BackendLayer, BatchGetItemOutput, BatchGetItemRequest, BatchWriteItemOutput,
    BatchWriteItemRequest, DeleteItemOutput, DeleteItemRequest, GetItemOutput, GetItemRequest,
    Operation, PutItemOutput, PutItemRequest, QueryOutput, QueryRequest, ScanOutput, ScanRequest,
    TransactGetItemsOutput, TransactGetItemsRequest, TransactWriteItemsOutput,
    TransactWriteItemsRequest, UpdateItemOutput, UpdateItemRequest,
};
use dynorm::blob::{BlobLocation, BlobStore, BlobUpload, StoredBlob};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Wraps an object store and records each object call (not bucket
/// creation) with the location it was made for, so a test can assert what
/// was uploaded, read or deleted, and where.
///
/// ```
/// use dynorm::blob::{BlobLocation, BlobStore};
/// use dynorm_memory::MemoryBlobStore;
/// use dynorm_testkit::recording::RecordingBlobStore;
/// use std::sync::Arc;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dynorm::Result<()> {
/// let store = RecordingBlobStore::new(Arc::new(MemoryBlobStore::default()));
/// store.create_bucket("docs", None).await?;
/// let at = BlobLocation::new("docs", "a.txt");
/// assert!(store.get(&at).await.is_err()); // no such object
/// assert_eq!(store.calls(), vec![("get", at)]);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RecordingBlobStore<S: ?Sized = dyn BlobStore> {
    inner: Arc<S>,
    calls: Arc<Mutex<Vec<(&'static str, BlobLocation)>>>,
}

impl<S: ?Sized> Clone for RecordingBlobStore<S> {
    fn clone(&self) -> Self {
        RecordingBlobStore {
            inner: self.inner.clone(),
            calls: self.calls.clone(),
        }
    }
}

impl<S: BlobStore + ?Sized> RecordingBlobStore<S> {
    /// Records the calls made to `inner`.
    pub fn new(inner: Arc<S>) -> RecordingBlobStore<S> {
        RecordingBlobStore {
            inner,
            calls: Arc::default(),
        }
    }

    /// The store the calls go to.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    fn record(&self, call: &'static str, location: &BlobLocation) {
        if let Ok(mut calls) = self.calls.lock() {
            calls.push((call, location.clone()));
        }
    }

    /// The calls so far, in order: `put`, `get`, `download_to`, `head`,
    /// `delete` or `presigned_url`, each with its location.
    pub fn calls(&self) -> Vec<(&'static str, BlobLocation)> {
        self.calls.lock().map(|c| c.clone()).unwrap_or_default()
    }
}

#[async_trait]
impl<S: BlobStore + ?Sized> BlobStore for RecordingBlobStore<S> {
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    async fn put(&self, upload: BlobUpload) -> dynorm::Result<StoredBlob> {
        self.record("put", &upload.location);
        self.inner.put(upload).await
    }
    async fn get(&self, location: &BlobLocation) -> dynorm::Result<Vec<u8>> {
        self.record("get", location);
        self.inner.get(location).await
    }
    async fn download_to(&self, location: &BlobLocation, path: &Path) -> dynorm::Result<u64> {
        self.record("download_to", location);
        self.inner.download_to(location, path).await
    }
    async fn head(&self, location: &BlobLocation) -> dynorm::Result<Option<StoredBlob>> {
        self.record("head", location);
        self.inner.head(location).await
    }
    async fn delete(&self, location: &BlobLocation) -> dynorm::Result<()> {
        self.record("delete", location);
        self.inner.delete(location).await
    }
    async fn presigned_url(
        &self,
        location: &BlobLocation,
        expires_in: Duration,
    ) -> dynorm::Result<String> {
        self.record("presigned_url", location);
        self.inner.presigned_url(location, expires_in).await
    }
    async fn create_bucket(&self, bucket: &str, region: Option<&str>) -> dynorm::Result<()> {
        self.inner.create_bucket(bucket, region).await
    }
}

/// Wraps a backend and records the item operations it forwards (reads,
/// writes, batches, transactions; not table operations), so a test can
/// assert what reached the backend, or that nothing did.
///
/// ```
/// use dynorm::backend::{KeyAttribute, KeyType, Operation, TableDefinition};
/// use dynorm::{Client, Item};
/// use dynorm_memory::MemoryBackend;
/// use dynorm_testkit::recording::RecordingBackend;
/// use std::sync::Arc;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dynorm::Result<()> {
/// let recording = Arc::new(RecordingBackend::new(Arc::new(MemoryBackend::new())));
/// let client = Client::from_backend(recording.clone());
/// client.create_table_definition(TableDefinition::new("things", KeyAttribute::new("pk", KeyType::S))).await?;
/// client.table("things").get(Item::new().with("pk", "a")).await?;
/// assert_eq!(recording.operations(), vec![Operation::GetItem]);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RecordingBackend {
    inner: Arc<dyn Backend>,
    operations: Mutex<Vec<Operation>>,
}

impl RecordingBackend {
    /// Records the item operations sent to `inner`.
    pub fn new(inner: Arc<dyn Backend>) -> RecordingBackend {
        RecordingBackend {
            inner,
            operations: Mutex::new(Vec::new()),
        }
    }

    fn record(&self, op: Operation) {
        if let Ok(mut ops) = self.operations.lock() {
            ops.push(op);
        }
    }

    /// The item operations forwarded so far, in order.
    pub fn operations(&self) -> Vec<Operation> {
        self.operations
            .lock()
            .map(|o| o.clone())
            .unwrap_or_default()
    }
}

#[async_trait]
impl BackendLayer for RecordingBackend {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }
    async fn get_item(&self, req: GetItemRequest) -> dynorm::Result<GetItemOutput> {
        self.record(Operation::GetItem);
        self.inner.get_item(req).await
    }
    async fn put_item(&self, req: PutItemRequest) -> dynorm::Result<PutItemOutput> {
        self.record(Operation::PutItem);
        self.inner.put_item(req).await
    }
    async fn update_item(&self, req: UpdateItemRequest) -> dynorm::Result<UpdateItemOutput> {
        self.record(Operation::UpdateItem);
        self.inner.update_item(req).await
    }
    async fn delete_item(&self, req: DeleteItemRequest) -> dynorm::Result<DeleteItemOutput> {
        self.record(Operation::DeleteItem);
        self.inner.delete_item(req).await
    }
    async fn query(&self, req: QueryRequest) -> dynorm::Result<QueryOutput> {
        self.record(Operation::Query);
        self.inner.query(req).await
    }
    async fn scan(&self, req: ScanRequest) -> dynorm::Result<ScanOutput> {
        self.record(Operation::Scan);
        self.inner.scan(req).await
    }
    async fn batch_get_item(&self, req: BatchGetItemRequest) -> dynorm::Result<BatchGetItemOutput> {
        self.record(Operation::BatchGetItem);
        self.inner.batch_get_item(req).await
    }
    async fn batch_write_item(
        &self,
        req: BatchWriteItemRequest,
    ) -> dynorm::Result<BatchWriteItemOutput> {
        self.record(Operation::BatchWriteItem);
        self.inner.batch_write_item(req).await
    }
    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> dynorm::Result<TransactWriteItemsOutput> {
        self.record(Operation::TransactWriteItems);
        self.inner.transact_write_items(req).await
    }
    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> dynorm::Result<TransactGetItemsOutput> {
        self.record(Operation::TransactGetItems);
        self.inner.transact_get_items(req).await
    }
}
