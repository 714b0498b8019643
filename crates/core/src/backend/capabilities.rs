//! [`Capabilities`]: what a backend declares it can do.

use super::Operation;
use std::collections::BTreeSet;

/// What a backend supports: the operations it implements and the
/// behaviours in which backends may legitimately differ.
///
/// A backend declares every operation it implements (by name, never "all":
/// an operation added to the trait later is not implemented by a backend
/// written before it, and its default body answers
/// [`Error::Unsupported`](crate::Error::Unsupported)). Layers declare what
/// the backend they wrap declares. The conformance kit runs a scenario only
/// on backends that declare what the scenario needs.
///
/// ```
/// use dynorm::backend::{Capabilities, Operation};
/// let caps = Capabilities::new()
///     .with_operations([Operation::GetItem, Operation::PutItem])
///     .consistent_global_index_reads(true);
/// assert!(caps.supports(Operation::GetItem));
/// assert!(!caps.supports(Operation::Scan));
/// assert!(caps.consistent_global_index_reads);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    operations: BTreeSet<Operation>,
    /// A read of a global secondary index sees every write acknowledged
    /// before it (the memory backend and DynamoDB Local). On DynamoDB,
    /// global indexes are eventually consistent.
    pub consistent_global_index_reads: bool,
    /// Answers carry the consumed capacity asked for with
    /// `ReturnConsumedCapacity` (the memory and DynamoDB backends).
    pub consumed_capacity: bool,
}

impl Capabilities {
    /// No operation, eventually consistent global indexes.
    pub fn new() -> Capabilities {
        Capabilities::default()
    }

    /// Declares one more supported operation.
    #[must_use]
    pub fn with(mut self, operation: Operation) -> Capabilities {
        self.operations.insert(operation);
        self
    }

    /// Declares these supported operations.
    #[must_use]
    pub fn with_operations(
        mut self,
        operations: impl IntoIterator<Item = Operation>,
    ) -> Capabilities {
        self.operations.extend(operations);
        self
    }

    /// Withdraws an operation (for a layer that refuses it).
    #[must_use]
    pub fn without(mut self, operation: Operation) -> Capabilities {
        self.operations.remove(&operation);
        self
    }

    /// Declares whether global index reads see every acknowledged write.
    #[must_use]
    pub fn consistent_global_index_reads(mut self, yes: bool) -> Capabilities {
        self.consistent_global_index_reads = yes;
        self
    }

    /// Declares whether answers carry the consumed capacity asked for.
    #[must_use]
    pub fn consumed_capacity(mut self, yes: bool) -> Capabilities {
        self.consumed_capacity = yes;
        self
    }

    /// Whether the operation is supported.
    pub fn supports(&self, operation: Operation) -> bool {
        self.operations.contains(&operation)
    }

    /// The supported operations, in declaration order.
    pub fn operations(&self) -> impl Iterator<Item = Operation> + '_ {
        self.operations.iter().copied()
    }
}
