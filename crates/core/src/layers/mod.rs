//! Layers: [`BackendLayer`](crate::backend::BackendLayer)s any backend can
//! wear, for what cuts across every operation.
//!
//! - [`Tracing`] (on by default): one `tracing` span per call with the
//!   OpenTelemetry database fields.
//! - [`RetryLayer`] is the client's one retry loop of failed calls, by
//!   idempotency ([`Retry`], [`idempotency`] for the rules).
//! - [`RateLimit`] and [`HotPartitions`] (asked for with
//!   [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit) and
//!   [`ClientBuilder::hot_partitions`](crate::ClientBuilder::hot_partitions)).
//! - [`Faults`] injects DynamoDB's failures (throttling, 5xx and transport
//!   errors before or after a write was applied, latency, unprocessed batch
//!   items, transaction conflicts), seeded, for tests of what sits above:
//!   a user puts it on the backend given to the client.
//!
//! [`ClientBuilder::build`](crate::ClientBuilder::build) stacks the client's
//! layers in one order, the outermost first: `Tracing` (one span per call
//! the client makes of its backend, retries and the wait for capacity
//! included) -> `RetryLayer` -> `RateLimit` (each attempt waits for its
//! capacity) -> `HotPartitions` -> the backend.

mod faults;
mod hot_partitions;
pub mod idempotency;
mod rate_limit;
mod retry;
mod tracing;

pub use self::tracing::Tracing;
pub use faults::{ErrorFactory, Fault, FaultKind, Faults, Injection, Rule, Timing};
pub use hot_partitions::{
    Access, HotPartition, HotPartitionCallback, HotPartitionConfig, HotPartitions,
};
pub use rate_limit::{Budget, LimitMode, RateLimit, RateLimits};
pub use retry::{Retry, RetryLayer};

use crate::backend::Backend;
use std::sync::Arc;

/// The layers a [`ClientBuilder`](crate::ClientBuilder) puts around its
/// backend when it builds a client.
#[derive(Debug, Clone)]
pub(crate) struct ClientLayers {
    /// Wrap in [`Tracing`] (the default).
    pub(crate) tracing: bool,
    /// How failed calls are retried ([`Retry::standard`] by default).
    pub(crate) retry: Retry,
    /// Limit the capacity used.
    pub(crate) rate_limit: Option<RateLimits>,
    /// Watch for hot partitions.
    pub(crate) hot_partitions: Option<HotPartitionConfig>,
    /// Whether the backend already wears these layers (a client made from
    /// another keeps and shares them).
    applied: bool,
}

impl Default for ClientLayers {
    fn default() -> ClientLayers {
        ClientLayers {
            tracing: true,
            retry: Retry::standard(),
            rate_limit: None,
            hot_partitions: None,
            applied: false,
        }
    }
}

impl ClientLayers {
    /// The same layers, marked as worn by the backend.
    pub(crate) fn applied(&self) -> ClientLayers {
        ClientLayers {
            applied: true,
            ..self.clone()
        }
    }

    /// `backend` in the layers, the outermost first; unchanged when it
    /// already wears them.
    pub(crate) fn wrap(&self, backend: Arc<dyn Backend>) -> Arc<dyn Backend> {
        if self.applied {
            return backend;
        }
        let mut backend = backend;
        if let Some(config) = &self.hot_partitions {
            backend = Arc::new(HotPartitions::new(backend, config.clone()));
        }
        if let Some(limits) = &self.rate_limit {
            backend = Arc::new(RateLimit::new(backend, limits.clone()));
        }
        backend = self.retry.layer(backend);
        if self.tracing {
            backend = Arc::new(Tracing::new(backend));
        }
        backend
    }
}
