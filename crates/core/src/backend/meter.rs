//! [`CapacityMeter`]: a layer that asks every request for its consumed
//! capacity and adds it up per table.

use super::carries::{AsksCapacity, CarriesCapacity};
use super::*;
use crate::error::Result;
use futures::future::BoxFuture;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// A [`BackendLayer`] that asks every item, read, batch and transaction
/// request for at least `level` of consumed capacity
/// ([`ReturnConsumedCapacity`]) and keeps, per table, the sum of what the
/// answers report. The outputs still carry their own capacity.
///
/// A failed request reports nothing (DynamoDB's errors carry no consumed
/// capacity, though a failed conditional write still consumes it).
///
/// ```
/// use dynorm::backend::{
///     Backend, CapacityMeter, KeyAttribute, KeyType, ReturnConsumedCapacity, TableDefinition,
/// };
/// use dynorm::{Client, Item};
/// use std::sync::Arc;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let meter = Arc::new(CapacityMeter::new(
///     Arc::new(dynorm_memory::MemoryBackend::new()),
///     ReturnConsumedCapacity::Total,
/// ));
/// let client = Client::from_backend(meter.clone());
/// client
///     .create_table_definition(TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S)))
///     .await?;
/// let users = client.table("users");
/// users.put(Item::new().with("pk", "u1")).await?; // 1 write unit
/// users.get(Item::new().with("pk", "u1")).consistent_read().await?; // 1 read unit
/// let used = meter.table("users").unwrap();
/// assert_eq!(used.capacity_units, 2.0);
/// // As DynamoDB answers them, single-item operations give their units
/// // alone; only transactions split them into reads and writes.
/// assert_eq!(used.read_capacity_units, None);
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
pub struct CapacityMeter {
    inner: Arc<dyn Backend>,
    level: ReturnConsumedCapacity,
    totals: Mutex<BTreeMap<String, ConsumedCapacity>>,
}

impl std::fmt::Debug for CapacityMeter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CapacityMeter")
            .field("inner", &self.inner.name())
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

impl CapacityMeter {
    /// A meter around `inner` asking every request for at least `level`.
    pub fn new(inner: Arc<dyn Backend>, level: ReturnConsumedCapacity) -> CapacityMeter {
        CapacityMeter {
            inner,
            level,
            totals: Mutex::new(BTreeMap::new()),
        }
    }

    /// What every request is asked for at least.
    pub fn level(&self) -> ReturnConsumedCapacity {
        self.level
    }

    /// The wrapped backend, shared.
    pub(crate) fn inner_shared(&self) -> &Arc<dyn Backend> {
        &self.inner
    }

    fn totals(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, ConsumedCapacity>> {
        // A sum is never left half-added: recover from a poisoned lock.
        self.totals.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The capacity consumed so far, one entry per table, by table name.
    pub fn consumed(&self) -> Vec<ConsumedCapacity> {
        self.totals().values().cloned().collect()
    }

    /// The capacity consumed so far on one table.
    pub fn table(&self, name: &str) -> Option<ConsumedCapacity> {
        self.totals().get(name).cloned()
    }

    /// The capacity consumed so far, starting the sums again from zero.
    pub fn take(&self) -> Vec<ConsumedCapacity> {
        std::mem::take(&mut *self.totals()).into_values().collect()
    }

    fn record(&self, consumed: &[ConsumedCapacity]) {
        if consumed.is_empty() {
            return;
        }
        let mut totals = self.totals();
        for c in consumed {
            match totals.get_mut(&c.table_name) {
                Some(sum) => sum.add(c),
                None => {
                    totals.insert(c.table_name.clone(), c.clone());
                }
            }
        }
    }
}

/// Implements an operation of the meter: raise the request's level, forward,
/// record what the answer reports.
macro_rules! metered {
    ($($method:ident($req:ty) -> $out:ty;)*) => {
        $(
            fn $method<'life0, 'async_trait>(
                &'life0 self,
                mut req: $req,
            ) -> BoxFuture<'async_trait, Result<$out>>
            where
                'life0: 'async_trait,
                Self: 'async_trait,
            {
                Box::pin(async move {
                    req.ask_at_least(self.level);
                    let out = self.inner.$method(req).await?;
                    self.record(out.consumed());
                    Ok(out)
                })
            }
        )*
    };
}

impl BackendLayer for CapacityMeter {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }

    metered! {
        get_item(GetItemRequest) -> GetItemOutput;
        put_item(PutItemRequest) -> PutItemOutput;
        update_item(UpdateItemRequest) -> UpdateItemOutput;
        delete_item(DeleteItemRequest) -> DeleteItemOutput;
        query(QueryRequest) -> QueryOutput;
        scan(ScanRequest) -> ScanOutput;
        batch_get_item(BatchGetItemRequest) -> BatchGetItemOutput;
        batch_write_item(BatchWriteItemRequest) -> BatchWriteItemOutput;
        transact_write_items(TransactWriteItemsRequest) -> TransactWriteItemsOutput;
        transact_get_items(TransactGetItemsRequest) -> TransactGetItemsOutput;
    }
}
