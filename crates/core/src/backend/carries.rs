//! The consumed capacity a request asks for and an output carries, the same
//! way for every operation, for the layers that read it (the capacity meter,
//! the rate limiter, the hot partition detector).

use super::*;

/// A request that can ask for consumed capacity.
pub(crate) trait AsksCapacity {
    /// The level the request asks for.
    fn level_mut(&mut self) -> &mut ReturnConsumedCapacity;

    /// Raises the request's level to at least `level`; returns what the
    /// caller had asked for, to [`narrow`](CarriesCapacity::narrow) the answer back.
    fn ask_at_least(&mut self, level: ReturnConsumedCapacity) -> ReturnConsumedCapacity {
        let asked = *self.level_mut();
        *self.level_mut() = asked.max(level);
        asked
    }
}

/// An output that carries consumed capacity.
pub(crate) trait CarriesCapacity {
    /// The capacity it carries, one entry per table.
    fn consumed(&self) -> &[ConsumedCapacity];

    /// The capacity, to change.
    fn consumed_mut(&mut self) -> &mut [ConsumedCapacity];

    /// Drops every entry.
    fn clear_consumed(&mut self);

    /// Gives back only what the caller asked for (`asked`), when a layer
    /// asked for more: nothing for `None`, no breakdown for `Total`.
    fn narrow(&mut self, asked: ReturnConsumedCapacity) {
        match asked {
            ReturnConsumedCapacity::None => self.clear_consumed(),
            ReturnConsumedCapacity::Total => {
                for c in self.consumed_mut() {
                    c.table = None;
                    c.global_secondary_indexes.clear();
                    c.local_secondary_indexes.clear();
                }
            }
            ReturnConsumedCapacity::Indexes => {}
        }
    }
}

macro_rules! asks {
    ($($req:ty),*) => {
        $(impl AsksCapacity for $req {
            fn level_mut(&mut self) -> &mut ReturnConsumedCapacity {
                &mut self.return_consumed_capacity
            }
        })*
    };
}

asks!(
    GetItemRequest,
    PutItemRequest,
    UpdateItemRequest,
    DeleteItemRequest,
    QueryRequest,
    ScanRequest,
    BatchGetItemRequest,
    BatchWriteItemRequest,
    TransactWriteItemsRequest,
    TransactGetItemsRequest
);

macro_rules! carries_one {
    ($($out:ty),*) => {
        $(impl CarriesCapacity for $out {
            fn consumed(&self) -> &[ConsumedCapacity] {
                self.consumed_capacity.as_slice()
            }
            fn consumed_mut(&mut self) -> &mut [ConsumedCapacity] {
                self.consumed_capacity.as_mut_slice()
            }
            fn clear_consumed(&mut self) {
                self.consumed_capacity = None;
            }
        })*
    };
}

macro_rules! carries_list {
    ($($out:ty),*) => {
        $(impl CarriesCapacity for $out {
            fn consumed(&self) -> &[ConsumedCapacity] {
                &self.consumed_capacity
            }
            fn consumed_mut(&mut self) -> &mut [ConsumedCapacity] {
                &mut self.consumed_capacity
            }
            fn clear_consumed(&mut self) {
                self.consumed_capacity.clear();
            }
        })*
    };
}

carries_one!(
    GetItemOutput,
    PutItemOutput,
    UpdateItemOutput,
    DeleteItemOutput,
    QueryOutput
);
carries_list!(
    BatchGetItemOutput,
    BatchWriteItemOutput,
    TransactWriteItemsOutput,
    TransactGetItemsOutput
);
