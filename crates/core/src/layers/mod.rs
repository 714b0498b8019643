//! Layers a client's backend wears ([`BackendLayer`](crate::backend::BackendLayer)s):
//! [`Tracing`] (on by default).
//!
//! [`ClientBuilder::build`](crate::ClientBuilder::build) stacks them in one
//! order, the outermost first: `Tracing` (one span per call the client makes
//! of its backend) over the backend.

mod tracing;

pub use self::tracing::Tracing;

use crate::backend::Backend;
use std::sync::Arc;

/// The layers a [`ClientBuilder`](crate::ClientBuilder) puts around its
/// backend when it builds a client.
#[derive(Debug, Clone)]
pub(crate) struct ClientLayers {
    /// Wrap in [`Tracing`] (the default).
    pub(crate) tracing: bool,
}

impl Default for ClientLayers {
    fn default() -> ClientLayers {
        ClientLayers { tracing: true }
    }
}

impl ClientLayers {
    /// None at all: for a backend that already wears them.
    pub(crate) fn none() -> ClientLayers {
        ClientLayers { tracing: false }
    }

    /// `backend` in the layers, the outermost first.
    pub(crate) fn wrap(&self, backend: Arc<dyn Backend>) -> Arc<dyn Backend> {
        let mut backend = backend;
        if self.tracing {
            backend = Arc::new(Tracing::new(backend));
        }
        backend
    }
}
