//! The [`Backend`] trait: one async method per DynamoDB operation, speaking
//! items and expression trees.
//!
//! Implementations: `dynorm-memory` (in process) and `dynorm-dynamodb`
//! (aws-sdk-dynamodb). Conveniences (models, builders, pagination, retries of
//! unprocessed batch items, waiting for tables to become ACTIVE) live in
//! core, above this trait, so that every backend gets them.
//!
//! ## How the trait grows without breaking anyone
//! - Every request and output struct is `#[non_exhaustive]`: requests are
//!   built with `new` (the required parts) and chainable setters, outputs
//!   with `Default`/`new` and field assignment, so adding a field breaks no
//!   caller and no backend. Enums that may gain members
//!   ([`TransactWriteAction`], [`GlobalIndexUpdate`], [`Operation`], the
//!   statuses) are `#[non_exhaustive]` too.
//! - Every operation has a default body answering
//!   [`Error::Unsupported`], so adding an
//!   operation breaks no backend; [`Backend::capabilities`] says which
//!   operations a backend implements.
//! - Cross-cutting behaviour (fault injection, tracing, rate limits, table
//!   name rewrites) is a [`BackendLayer`]: a wrapper that overrides only
//!   what it changes and forwards the rest, including operations added
//!   after it was written.

mod batch;
mod capabilities;
mod capacity;
pub(crate) mod carries;
mod describe;
mod item_ops;
mod layer;
mod meter;
mod operation;
mod params;
mod partiql;
mod read;
mod streams;
mod table;
mod table_ops;
mod tags;
mod transact;
mod ttl;

pub use batch::{
    BatchGetItemOutput, BatchGetItemRequest, BatchWriteItemOutput, BatchWriteItemRequest,
    KeysAndAttributes, WriteRequest,
};
pub use capabilities::Capabilities;
pub use capacity::{Capacity, ConsumedCapacity, ReturnConsumedCapacity};
pub use describe::{
    IndexDescription, IndexStatus, SseDescription, SseStatus, TableDescription, TableStatus,
};
pub use item_ops::{
    DeleteItemOutput, DeleteItemRequest, GetItemOutput, GetItemRequest, PutItemOutput,
    PutItemRequest, ReturnValues, UpdateItemOutput, UpdateItemRequest,
};
pub use layer::BackendLayer;
pub use meter::CapacityMeter;
pub use operation::Operation;
pub use params::Params;
pub use partiql::{
    BatchExecuteStatementOutput, BatchExecuteStatementRequest, BatchStatementError,
    BatchStatementResponse, ExecuteStatementOutput, ExecuteStatementRequest,
    ExecuteTransactionOutput, ExecuteTransactionRequest, ParameterizedStatement,
};
pub use read::{QueryOutput, QueryRequest, ScanOutput, ScanRequest, Segment, Select};
pub use streams::{
    DescribeStreamRequest, GetRecordsOutput, GetRecordsRequest, GetShardIteratorOutput,
    GetShardIteratorRequest, ListStreamsOutput, ListStreamsRequest, Record, Shard,
    ShardIteratorType, StreamDescription, StreamEventName, StreamSpecification, StreamStatus,
    StreamSummary, StreamViewType, UserIdentity,
};
pub use table::{
    BillingMode, IndexDefinition, IndexProjection, KeyAttribute, KeyType, OnDemandThroughput,
    SseSpecification, TableClass, TableDefinition, Throughput,
};
pub use table_ops::{
    CapacityMode, DeleteTableRequest, DescribeTableRequest, GlobalIndexUpdate, ListTablesOutput,
    ListTablesRequest, UpdateTableRequest,
};
pub use tags::{
    ListTagsOfResourceOutput, ListTagsOfResourceRequest, Tag, TagResourceRequest,
    UntagResourceRequest,
};
pub use transact::{
    TransactGet, TransactGetItemsOutput, TransactGetItemsRequest, TransactWriteAction,
    TransactWriteItemsOutput, TransactWriteItemsRequest,
};
pub use ttl::{
    DescribeTimeToLiveOutput, DescribeTimeToLiveRequest, TimeToLive, TtlStatus,
    UpdateTimeToLiveRequest,
};

use crate::error::{Error, Result};
use async_trait::async_trait;

/// A store that executes DynamoDB's operations.
///
/// Object-safe: a [`Client`](crate::Client) holds an `Arc<dyn Backend>`.
/// Every implementation must give the same answers and the same
/// [`Error`] kinds for the same requests; the conformance kit
/// (`dynorm-testkit`) checks that.
///
/// Only [`name`](Backend::name) is required. Every operation's default
/// answers [`Error::Unsupported`]; a backend overrides the operations it
/// implements and declares them in [`capabilities`](Backend::capabilities).
/// Table operations answer what the service answered: a table or index may
/// still be CREATING or UPDATING (the client's table tooling waits for ACTIVE).
///
/// ```
/// use async_trait::async_trait;
/// use dynorm::backend::{Backend, Capabilities, GetItemOutput, GetItemRequest, Operation};
/// use dynorm::Result;
///
/// /// A store where no item exists.
/// #[derive(Debug)]
/// struct Empty;
///
/// #[async_trait]
/// impl Backend for Empty {
///     fn name(&self) -> &'static str {
///         "empty"
///     }
///     fn capabilities(&self) -> Capabilities {
///         Capabilities::new().with(Operation::GetItem)
///     }
///     async fn get_item(&self, _req: GetItemRequest) -> Result<GetItemOutput> {
///         Ok(GetItemOutput::default())
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let got = Empty.get_item(GetItemRequest::new("t", dynorm::Item::new().with("pk", "a"))).await?;
/// assert_eq!(got.item, None);
/// let err = Empty.scan(dynorm::backend::ScanRequest::new("t")).await.unwrap_err();
/// assert!(err.is_unsupported());
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
#[async_trait]
pub trait Backend: Send + Sync + std::fmt::Debug {
    /// A short name for logs and test output (`"memory"`, `"dynamodb"`).
    fn name(&self) -> &'static str;

    /// What the backend supports. The default declares nothing: a backend
    /// declares every operation it overrides (see [`Capabilities`]).
    fn capabilities(&self) -> Capabilities {
        Capabilities::new()
    }

    /// GetItem.
    async fn get_item(&self, _req: GetItemRequest) -> Result<GetItemOutput> {
        Err(Error::unsupported(Operation::GetItem, self.name()))
    }
    /// PutItem.
    async fn put_item(&self, _req: PutItemRequest) -> Result<PutItemOutput> {
        Err(Error::unsupported(Operation::PutItem, self.name()))
    }
    /// UpdateItem.
    async fn update_item(&self, _req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        Err(Error::unsupported(Operation::UpdateItem, self.name()))
    }
    /// DeleteItem.
    async fn delete_item(&self, _req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        Err(Error::unsupported(Operation::DeleteItem, self.name()))
    }

    /// Query: one page.
    async fn query(&self, _req: QueryRequest) -> Result<QueryOutput> {
        Err(Error::unsupported(Operation::Query, self.name()))
    }
    /// Scan: one page.
    async fn scan(&self, _req: ScanRequest) -> Result<ScanOutput> {
        Err(Error::unsupported(Operation::Scan, self.name()))
    }

    /// BatchGetItem: at most 100 keys; the rest may come back unprocessed.
    async fn batch_get_item(&self, _req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        Err(Error::unsupported(Operation::BatchGetItem, self.name()))
    }
    /// BatchWriteItem: at most 25 requests; the rest may come back unprocessed.
    async fn batch_write_item(&self, _req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput> {
        Err(Error::unsupported(Operation::BatchWriteItem, self.name()))
    }

    /// TransactWriteItems: all or nothing.
    async fn transact_write_items(
        &self,
        _req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        Err(Error::unsupported(
            Operation::TransactWriteItems,
            self.name(),
        ))
    }
    /// TransactGetItems: a consistent snapshot of up to 100 items.
    async fn transact_get_items(
        &self,
        _req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        Err(Error::unsupported(Operation::TransactGetItems, self.name()))
    }

    /// CreateTable: answers as soon as the service accepted the table,
    /// which may still be CREATING.
    async fn create_table(&self, _def: TableDefinition) -> Result<TableDescription> {
        Err(Error::unsupported(Operation::CreateTable, self.name()))
    }
    /// UpdateTable: answers as soon as the service accepted the change; the
    /// table may be UPDATING and a new index CREATING.
    async fn update_table(&self, _req: UpdateTableRequest) -> Result<TableDescription> {
        Err(Error::unsupported(Operation::UpdateTable, self.name()))
    }
    /// DescribeTable.
    async fn describe_table(&self, _req: DescribeTableRequest) -> Result<TableDescription> {
        Err(Error::unsupported(Operation::DescribeTable, self.name()))
    }
    /// DeleteTable: the table as it was when deletion started.
    async fn delete_table(&self, _req: DeleteTableRequest) -> Result<TableDescription> {
        Err(Error::unsupported(Operation::DeleteTable, self.name()))
    }
    /// ListTables: one page of table names, in order.
    async fn list_tables(&self, _req: ListTablesRequest) -> Result<ListTablesOutput> {
        Err(Error::unsupported(Operation::ListTables, self.name()))
    }
    /// UpdateTimeToLive: the setting as applied.
    async fn update_time_to_live(&self, _req: UpdateTimeToLiveRequest) -> Result<TimeToLive> {
        Err(Error::unsupported(Operation::UpdateTimeToLive, self.name()))
    }
    /// DescribeTimeToLive.
    async fn describe_time_to_live(
        &self,
        _req: DescribeTimeToLiveRequest,
    ) -> Result<DescribeTimeToLiveOutput> {
        Err(Error::unsupported(
            Operation::DescribeTimeToLive,
            self.name(),
        ))
    }
    /// TagResource: adds tags to a table or replaces their values.
    async fn tag_resource(&self, _req: TagResourceRequest) -> Result<()> {
        Err(Error::unsupported(Operation::TagResource, self.name()))
    }
    /// UntagResource: removes tags from a table.
    async fn untag_resource(&self, _req: UntagResourceRequest) -> Result<()> {
        Err(Error::unsupported(Operation::UntagResource, self.name()))
    }
    /// ExecuteStatement: one PartiQL statement. The default plans it with
    /// core's [`partiql`](crate::partiql) planner and runs it through this
    /// backend's own DescribeTable, Query, Scan, PutItem, UpdateItem and
    /// DeleteItem.
    async fn execute_statement(
        &self,
        req: ExecuteStatementRequest,
    ) -> Result<ExecuteStatementOutput> {
        crate::partiql::execute::execute_statement(self, req).await
    }
    /// BatchExecuteStatement: up to 25 statements, each answered on its own.
    /// The default runs each through this backend's own operations.
    async fn batch_execute_statement(
        &self,
        req: BatchExecuteStatementRequest,
    ) -> Result<BatchExecuteStatementOutput> {
        crate::partiql::execute::batch_execute_statement(self, req).await
    }
    /// ExecuteTransaction: up to 100 statements, all reads or all writes.
    /// The default runs them through this backend's own TransactGetItems or
    /// TransactWriteItems.
    async fn execute_transaction(
        &self,
        req: ExecuteTransactionRequest,
    ) -> Result<ExecuteTransactionOutput> {
        crate::partiql::execute::execute_transaction(self, req).await
    }
    /// ListTagsOfResource: one page of a table's tags.
    async fn list_tags_of_resource(
        &self,
        _req: ListTagsOfResourceRequest,
    ) -> Result<ListTagsOfResourceOutput> {
        Err(Error::unsupported(
            Operation::ListTagsOfResource,
            self.name(),
        ))
    }

    /// ListStreams (DynamoDB Streams): one page of the streams of the
    /// account or of one table.
    async fn list_streams(&self, _req: ListStreamsRequest) -> Result<ListStreamsOutput> {
        Err(Error::unsupported(Operation::ListStreams, self.name()))
    }
    /// DescribeStream (DynamoDB Streams): a stream and a page of its shards.
    async fn describe_stream(&self, _req: DescribeStreamRequest) -> Result<StreamDescription> {
        Err(Error::unsupported(Operation::DescribeStream, self.name()))
    }
    /// GetShardIterator (DynamoDB Streams): a position in a shard.
    async fn get_shard_iterator(
        &self,
        _req: GetShardIteratorRequest,
    ) -> Result<GetShardIteratorOutput> {
        Err(Error::unsupported(Operation::GetShardIterator, self.name()))
    }
    /// GetRecords (DynamoDB Streams): the records from a shard iterator.
    async fn get_records(&self, _req: GetRecordsRequest) -> Result<GetRecordsOutput> {
        Err(Error::unsupported(Operation::GetRecords, self.name()))
    }
}
