//! [`MemoryClient`]: `Client::memory()`, the embedded default.

use crate::MemoryBackend;
use dynorm::Client;

/// Adds `Client::memory()`: a client on a fresh in-process store.
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
        Client::new(MemoryBackend::new())
    }
}

impl MemoryBackend {
    /// A client on this store.
    pub fn client(&self) -> Client {
        Client::new(self.clone())
    }
}
