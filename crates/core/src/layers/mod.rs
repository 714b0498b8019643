//! Layers: [`BackendLayer`](crate::backend::BackendLayer)s any backend can
//! wear, for what cuts across every operation.
//!
//! - [`Faults`] injects DynamoDB's failures (throttling, 5xx and transport
//!   errors before or after a write was applied, latency, unprocessed batch
//!   items, transaction conflicts), seeded, for tests of what sits above.

mod faults;

pub use faults::{ErrorFactory, Fault, FaultKind, Faults, Injection, Rule, Timing};
