//! Layers: [`BackendLayer`](crate::backend::BackendLayer)s any backend can
//! wear, for what cuts across every operation.
//!
//! - [`Faults`] injects DynamoDB's failures (throttling, 5xx and transport
//!   errors before or after a write was applied, latency, unprocessed batch
//!   items, transaction conflicts), seeded, for tests of what sits above.
//! - [`RetryLayer`] is the client's one retry loop of failed calls, by
//!   idempotency ([`Retry`], [`idempotency`] for the rules), which
//!   [`ClientBuilder::build`](crate::ClientBuilder::build) puts on the
//!   backend.

mod faults;
pub mod idempotency;
mod retry;

pub use faults::{ErrorFactory, Fault, FaultKind, Faults, Injection, Rule, Timing};
pub use retry::{Retry, RetryLayer};
