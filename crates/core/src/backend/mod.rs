//! The [`Backend`] trait: one async method per DynamoDB operation, speaking
//! items and expression trees.
//!
//! Implementations: `dynorm-memory` (in process) and `dynorm-dynamodb`
//! (aws-sdk-dynamodb). Conveniences (models, builders, pagination, retries of
//! unprocessed batch items) live in core, above this trait, so that every
//! backend gets them.

mod batch;
mod item_ops;
mod read;
mod table;
mod transact;

pub use batch::{
    BatchGetItemOutput, BatchGetItemRequest, BatchWriteItemOutput, BatchWriteItemRequest,
    KeysAndAttributes, WriteRequest,
};
pub use item_ops::{
    DeleteItemOutput, DeleteItemRequest, GetItemOutput, GetItemRequest, PutItemOutput,
    PutItemRequest, ReturnValues, UpdateItemOutput, UpdateItemRequest,
};
pub use read::{QueryOutput, QueryRequest, ScanOutput, ScanRequest, Segment};
pub use table::{
    BillingMode, IndexDefinition, IndexProjection, KeyAttribute, KeyType, TableDefinition,
    TableDescription, TableStatus, TimeToLive,
};
pub use transact::{
    TransactGet, TransactGetItemsOutput, TransactGetItemsRequest, TransactWriteAction,
    TransactWriteItemsOutput, TransactWriteItemsRequest,
};

use crate::error::Result;
use async_trait::async_trait;

/// A store that executes DynamoDB's operations.
///
/// Object-safe: a [`Client`](crate::Client) holds an `Arc<dyn Backend>`.
/// Every implementation must give the same answers and the same
/// [`Error`](crate::Error) kinds for the same requests; the conformance kit
/// (`dynorm-testkit`) checks that.
#[async_trait]
pub trait Backend: Send + Sync + std::fmt::Debug {
    /// A short name for logs and test output (`"memory"`, `"dynamodb"`).
    fn name(&self) -> &'static str;

    /// GetItem.
    async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput>;
    /// PutItem.
    async fn put_item(&self, req: PutItemRequest) -> Result<PutItemOutput>;
    /// UpdateItem.
    async fn update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput>;
    /// DeleteItem.
    async fn delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput>;

    /// Query: one page.
    async fn query(&self, req: QueryRequest) -> Result<QueryOutput>;
    /// Scan: one page.
    async fn scan(&self, req: ScanRequest) -> Result<ScanOutput>;

    /// BatchGetItem: at most 100 keys; the rest may come back unprocessed.
    async fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput>;
    /// BatchWriteItem: at most 25 requests; the rest may come back unprocessed.
    async fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput>;

    /// TransactWriteItems: all or nothing.
    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput>;
    /// TransactGetItems: a consistent snapshot of up to 100 items.
    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput>;

    /// CreateTable. Returns once the table can be used.
    async fn create_table(&self, def: TableDefinition) -> Result<TableDescription>;
    /// DescribeTable.
    async fn describe_table(&self, table: &str) -> Result<TableDescription>;
    /// DeleteTable.
    async fn delete_table(&self, table: &str) -> Result<()>;
    /// ListTables: every table name, in order.
    async fn list_tables(&self) -> Result<Vec<String>>;
    /// UpdateTimeToLive.
    async fn update_time_to_live(&self, table: &str, ttl: TimeToLive) -> Result<()>;
    /// DescribeTimeToLive: the TTL attribute if TTL is enabled.
    async fn describe_time_to_live(&self, table: &str) -> Result<Option<String>>;
}
