//! [`MemoryClient`]: `Client::memory()`, the embedded default.

use crate::{MemoryBackend, MemoryBlobStore};
use dynorm::Client;

/// Adds `Client::memory()`: a client on a fresh in-process store, with an
/// in-process object store ([`MemoryBlobStore`]) for S3-backed attributes.
///
/// (The trait lives here because `dynorm` cannot depend on its own backends.)
///
/// ```
/// use dynorm::Client;
/// use dynorm_memory::MemoryClient;
/// let client = Client::memory();
/// assert_eq!(client.backend().name(), "memory");
/// ```
pub trait MemoryClient {
    /// A client on a new, empty memory backend.
    fn memory() -> Client;
}

impl MemoryClient for Client {
    fn memory() -> Client {
        MemoryBackend::new().client()
    }
}

impl MemoryBackend {
    /// A client on this store, with a new, empty [`MemoryBlobStore`] for
    /// S3-backed attributes.
    pub fn client(&self) -> Client {
        Client::builder(std::sync::Arc::new(self.clone()))
            .blob_store(std::sync::Arc::new(MemoryBlobStore::new()))
            .build()
    }
}
