//! [`SerialTableChanges`]: table changes sent one at a time.
//!
//! DynamoDB Local answers `InternalFailure` ("The request processing has
//! failed because of an unknown error, exception or failure.") now and then
//! to a CreateTable or UpdateTable made while other table changes run, as
//! the kit's parallel scenarios make them; DynamoDB answers them. The kit's
//! DynamoDB Local client sends table changes one at a time, process-wide;
//! item operations stay concurrent.

use async_trait::async_trait;
use dynorm::backend::{
    Backend, BackendLayer, DeleteTableRequest, TableDefinition, TableDescription, TimeToLive,
    UpdateTableRequest, UpdateTimeToLiveRequest,
};
use dynorm::Result;
use std::sync::Arc;
use tokio::sync::Mutex;

/// The one lock every table change of the process takes (each test has a
/// runtime of its own; tokio's mutex works across them).
static TABLE_CHANGES: Mutex<()> = Mutex::const_new(());

/// A layer that sends CreateTable, UpdateTable, DeleteTable and
/// UpdateTimeToLive one at a time.
#[derive(Debug)]
pub struct SerialTableChanges {
    inner: Arc<dyn Backend>,
}

impl SerialTableChanges {
    /// `inner` with its table changes serialised.
    pub fn new(inner: Arc<dyn Backend>) -> SerialTableChanges {
        SerialTableChanges { inner }
    }
}

#[async_trait]
impl BackendLayer for SerialTableChanges {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }

    async fn create_table(&self, def: TableDefinition) -> Result<TableDescription> {
        let _one = TABLE_CHANGES.lock().await;
        self.inner.create_table(def).await
    }

    async fn update_table(&self, req: UpdateTableRequest) -> Result<TableDescription> {
        let _one = TABLE_CHANGES.lock().await;
        self.inner.update_table(req).await
    }

    async fn delete_table(&self, req: DeleteTableRequest) -> Result<TableDescription> {
        let _one = TABLE_CHANGES.lock().await;
        self.inner.delete_table(req).await
    }

    async fn update_time_to_live(&self, req: UpdateTimeToLiveRequest) -> Result<TimeToLive> {
        let _one = TABLE_CHANGES.lock().await;
        self.inner.update_time_to_live(req).await
    }
}
