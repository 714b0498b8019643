//! Layers a client's backend wears ([`BackendLayer`](crate::backend::BackendLayer)s):
//! [`Tracing`] (on by default), [`RateLimit`] and [`HotPartitions`] (asked
//! for with [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit)
//! and [`ClientBuilder::hot_partitions`](crate::ClientBuilder::hot_partitions)).
//!
//! [`ClientBuilder::build`](crate::ClientBuilder::build) stacks them in one
//! order, the outermost first: `Tracing` (one span per call the client makes
//! of its backend, its wait for capacity included) -> `RateLimit` ->
//! `HotPartitions` -> the backend.

mod hot_partitions;
mod rate_limit;
mod tracing;

pub use self::tracing::Tracing;
pub use hot_partitions::{
    Access, HotPartition, HotPartitionCallback, HotPartitionConfig, HotPartitions,
};
pub use rate_limit::{Budget, LimitMode, RateLimit, RateLimits};

use crate::backend::Backend;
use std::sync::Arc;

/// The layers a [`ClientBuilder`](crate::ClientBuilder) puts around its
/// backend when it builds a client.
#[derive(Debug, Clone)]
pub(crate) struct ClientLayers {
    /// Wrap in [`Tracing`] (the default).
    pub(crate) tracing: bool,
    /// Limit the capacity used.
    pub(crate) rate_limit: Option<RateLimits>,
    /// Watch for hot partitions.
    pub(crate) hot_partitions: Option<HotPartitionConfig>,
}

impl Default for ClientLayers {
    fn default() -> ClientLayers {
        ClientLayers {
            tracing: true,
            rate_limit: None,
            hot_partitions: None,
        }
    }
}

impl ClientLayers {
    /// None at all: for a backend that already wears them.
    pub(crate) fn none() -> ClientLayers {
        ClientLayers {
            tracing: false,
            rate_limit: None,
            hot_partitions: None,
        }
    }

    /// `backend` in the layers, the outermost first.
    pub(crate) fn wrap(&self, backend: Arc<dyn Backend>) -> Arc<dyn Backend> {
        let mut backend = backend;
        if let Some(config) = &self.hot_partitions {
            backend = Arc::new(HotPartitions::new(backend, config.clone()));
        }
        if let Some(limits) = &self.rate_limit {
            backend = Arc::new(RateLimit::new(backend, limits.clone()));
        }
        if self.tracing {
            backend = Arc::new(Tracing::new(backend));
        }
        backend
    }
}
