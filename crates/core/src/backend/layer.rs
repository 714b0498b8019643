//! [`BackendLayer`]: a wrapper around a backend that overrides only what it changes.

use super::*;
use crate::error::Result;
use async_trait::async_trait;
use futures::future::BoxFuture;

/// A backend wrapped around another: every operation forwards to
/// [`inner`](BackendLayer::inner) unless the layer overrides it, and every
/// `BackendLayer` is a [`Backend`] (a blanket implementation), so a layer
/// goes wherever a backend goes. Fault injection, tracing, rate limiting or
/// a table-name rewrite override the operations they change; an operation
/// added to the trait later is forwarded without touching the layer.
///
/// Call a layer's operations through [`Backend`] (a [`Client`](crate::Client),
/// or `Backend::get_item(&layer, ..)`): with both traits in scope a method
/// call on the layer itself is ambiguous.
///
/// A layer that counts the calls it forwards:
///
/// ```
/// use async_trait::async_trait;
/// use dynorm::backend::{Backend, BackendLayer, GetItemOutput, GetItemRequest};
/// use dynorm::{Client, Item, Result};
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::sync::Arc;
///
/// #[derive(Debug)]
/// struct CountGets {
///     inner: Arc<dyn Backend>,
///     gets: AtomicU64,
/// }
///
/// #[async_trait]
/// impl BackendLayer for CountGets {
///     fn inner(&self) -> &dyn Backend {
///         &*self.inner
///     }
///
///     async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
///         self.gets.fetch_add(1, Ordering::Relaxed);
///         self.inner.get_item(req).await
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let counted = Arc::new(CountGets {
///     inner: Arc::new(dynorm_memory::MemoryBackend::new()),
///     gets: AtomicU64::new(0),
/// });
/// let client = Client::from_backend(counted.clone());
/// client.create_table_definition(dynorm::backend::TableDefinition::new(
///     "users",
///     dynorm::backend::KeyAttribute::new("pk", dynorm::backend::KeyType::S),
/// )).await?;
/// let users = client.table("users");
/// users.put(Item::new().with("pk", "u1")).await?;
/// users.get(Item::new().with("pk", "u1")).await?;
/// users.get(Item::new().with("pk", "u2")).await?;
/// assert_eq!(counted.gets.load(Ordering::Relaxed), 2);
/// assert_eq!(Backend::name(&*counted), "memory", "the name is forwarded too");
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
#[async_trait]
pub trait BackendLayer: Send + Sync + std::fmt::Debug {
    /// The wrapped backend.
    fn inner(&self) -> &dyn Backend;

    /// The wrapped backend's name.
    fn name(&self) -> &'static str {
        self.inner().name()
    }

    /// The wrapped backend's capabilities (withdraw what the layer refuses).
    fn capabilities(&self) -> Capabilities {
        self.inner().capabilities()
    }

    /// GetItem.
    async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
        self.inner().get_item(req).await
    }
    /// PutItem.
    async fn put_item(&self, req: PutItemRequest) -> Result<PutItemOutput> {
        self.inner().put_item(req).await
    }
    /// UpdateItem.
    async fn update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        self.inner().update_item(req).await
    }
    /// DeleteItem.
    async fn delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        self.inner().delete_item(req).await
    }
    /// Query.
    async fn query(&self, req: QueryRequest) -> Result<QueryOutput> {
        self.inner().query(req).await
    }
    /// Scan.
    async fn scan(&self, req: ScanRequest) -> Result<ScanOutput> {
        self.inner().scan(req).await
    }
    /// BatchGetItem.
    async fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        self.inner().batch_get_item(req).await
    }
    /// BatchWriteItem.
    async fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput> {
        self.inner().batch_write_item(req).await
    }
    /// TransactWriteItems.
    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        self.inner().transact_write_items(req).await
    }
    /// TransactGetItems.
    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        self.inner().transact_get_items(req).await
    }
    /// CreateTable.
    async fn create_table(&self, def: TableDefinition) -> Result<TableDescription> {
        self.inner().create_table(def).await
    }
    /// UpdateTable.
    async fn update_table(&self, req: UpdateTableRequest) -> Result<TableDescription> {
        self.inner().update_table(req).await
    }
    /// DescribeTable.
    async fn describe_table(&self, req: DescribeTableRequest) -> Result<TableDescription> {
        self.inner().describe_table(req).await
    }
    /// DeleteTable.
    async fn delete_table(&self, req: DeleteTableRequest) -> Result<TableDescription> {
        self.inner().delete_table(req).await
    }
    /// ListTables.
    async fn list_tables(&self, req: ListTablesRequest) -> Result<ListTablesOutput> {
        self.inner().list_tables(req).await
    }
    /// UpdateTimeToLive.
    async fn update_time_to_live(&self, req: UpdateTimeToLiveRequest) -> Result<TimeToLive> {
        self.inner().update_time_to_live(req).await
    }
    /// DescribeTimeToLive.
    async fn describe_time_to_live(
        &self,
        req: DescribeTimeToLiveRequest,
    ) -> Result<DescribeTimeToLiveOutput> {
        self.inner().describe_time_to_live(req).await
    }
    /// TagResource.
    async fn tag_resource(&self, req: TagResourceRequest) -> Result<()> {
        self.inner().tag_resource(req).await
    }
    /// UntagResource.
    async fn untag_resource(&self, req: UntagResourceRequest) -> Result<()> {
        self.inner().untag_resource(req).await
    }
    /// ExecuteStatement.
    async fn execute_statement(
        &self,
        req: ExecuteStatementRequest,
    ) -> Result<ExecuteStatementOutput> {
        self.inner().execute_statement(req).await
    }
    /// BatchExecuteStatement.
    async fn batch_execute_statement(
        &self,
        req: BatchExecuteStatementRequest,
    ) -> Result<BatchExecuteStatementOutput> {
        self.inner().batch_execute_statement(req).await
    }
    /// ExecuteTransaction.
    async fn execute_transaction(
        &self,
        req: ExecuteTransactionRequest,
    ) -> Result<ExecuteTransactionOutput> {
        self.inner().execute_transaction(req).await
    }
    /// ListTagsOfResource.
    async fn list_tags_of_resource(
        &self,
        req: ListTagsOfResourceRequest,
    ) -> Result<ListTagsOfResourceOutput> {
        self.inner().list_tags_of_resource(req).await
    }
    /// ListStreams.
    async fn list_streams(&self, req: ListStreamsRequest) -> Result<ListStreamsOutput> {
        self.inner().list_streams(req).await
    }
    /// DescribeStream.
    async fn describe_stream(&self, req: DescribeStreamRequest) -> Result<StreamDescription> {
        self.inner().describe_stream(req).await
    }
    /// GetShardIterator.
    async fn get_shard_iterator(
        &self,
        req: GetShardIteratorRequest,
    ) -> Result<GetShardIteratorOutput> {
        self.inner().get_shard_iterator(req).await
    }
    /// GetRecords.
    async fn get_records(&self, req: GetRecordsRequest) -> Result<GetRecordsOutput> {
        self.inner().get_records(req).await
    }
}

/// Implements a [`Backend`] operation by returning the layer's own future
/// (the same boxed future type, so nothing is boxed twice).
macro_rules! through_layer {
    ($($method:ident($req:ty) -> $out:ty;)*) => {
        $(
            fn $method<'life0, 'async_trait>(
                &'life0 self,
                req: $req,
            ) -> BoxFuture<'async_trait, Result<$out>>
            where
                'life0: 'async_trait,
                Self: 'async_trait,
            {
                BackendLayer::$method(self, req)
            }
        )*
    };
}

impl<L: BackendLayer> Backend for L {
    fn name(&self) -> &'static str {
        BackendLayer::name(self)
    }

    fn capabilities(&self) -> Capabilities {
        BackendLayer::capabilities(self)
    }

    through_layer! {
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
        create_table(TableDefinition) -> TableDescription;
        update_table(UpdateTableRequest) -> TableDescription;
        describe_table(DescribeTableRequest) -> TableDescription;
        delete_table(DeleteTableRequest) -> TableDescription;
        list_tables(ListTablesRequest) -> ListTablesOutput;
        update_time_to_live(UpdateTimeToLiveRequest) -> TimeToLive;
        describe_time_to_live(DescribeTimeToLiveRequest) -> DescribeTimeToLiveOutput;
        tag_resource(TagResourceRequest) -> ();
        untag_resource(UntagResourceRequest) -> ();
        list_tags_of_resource(ListTagsOfResourceRequest) -> ListTagsOfResourceOutput;
        execute_statement(ExecuteStatementRequest) -> ExecuteStatementOutput;
        batch_execute_statement(BatchExecuteStatementRequest) -> BatchExecuteStatementOutput;
        execute_transaction(ExecuteTransactionRequest) -> ExecuteTransactionOutput;
        list_streams(ListStreamsRequest) -> ListStreamsOutput;
        describe_stream(DescribeStreamRequest) -> StreamDescription;
        get_shard_iterator(GetShardIteratorRequest) -> GetShardIteratorOutput;
        get_records(GetRecordsRequest) -> GetRecordsOutput;
    }
}
