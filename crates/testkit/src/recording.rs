//! [`RecordingBlobStore`]: an object store that records every object call.

use async_trait::async_trait;
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
