//! The write path: every write (single, batch, transaction; model or raw)
//! goes through one pipeline ([`pipeline`]), and each model contributes its
//! own steps ([`steps`]).

mod objects;
mod pipeline;
mod steps;
mod unique;
mod version;

pub(crate) use pipeline::{not_the_kind, Mode, Outcome, Outgoing, Write, WriteOp, WriteSet};
pub(crate) use steps::ModelSteps;
pub(crate) use version::VersionCheck;
