//! # dynorm-memory
//!
//! An in-process [`Backend`] for dynorm that behaves like DynamoDB: the same
//! answers, the same limits and the same error kinds, so that unit tests of
//! code written against dynorm can run without a network or DynamoDB Local.
//!
//! ```
//! use dynorm::backend::{Backend, GetItemRequest, KeyAttribute, KeyType, PutItemRequest, TableDefinition};
//! use dynorm::Item;
//! use dynorm_memory::MemoryBackend;
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let db = MemoryBackend::new();
//! db.create_table(TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))).await?;
//! let item = Item::new().with("pk", "USER#1").with("name", "Ann");
//! db.put_item(PutItemRequest::new("users", item.clone())).await?;
//! let got = db
//!     .get_item(GetItemRequest::new("users", Item::new().with("pk", "USER#1")).consistent_read(true))
//!     .await?;
//! assert_eq!(got.item, Some(item));
//! # Ok::<(), dynorm::Error>(())
//! # }).unwrap();
//! ```
//!
//! ## How it reads DynamoDB's rules
//! - Query and Scan pages stop once the items read (their [`dynorm::item_size`],
//!   counted before the filter) reach 1 MB; the item that crosses the boundary is
//!   included. A page that stops because of `limit` or this cap carries a
//!   `last_evaluated_key`, even when no item follows.
//! - The 4 KB and 300-operator expression limits are checked on the exact text
//!   the DynamoDB backend would send (core's `dynorm::expr::render`, with the
//!   request's placeholders numbered in the same order).
//! - `a <> b` is true when either side is missing (it is the negation of `=`);
//!   every other comparison with a missing side is false.
//! - `size()` of a string counts its UTF-8 bytes.
//! - Tables and indexes are ACTIVE when a call returns: UpdateTable fills a
//!   new global index from the stored items before answering. It validates
//!   as DynamoDB does (one index created or deleted per call, capacity per
//!   billing mode, the 20-index limit); billing-mode switches are not
//!   counted per day. A new index whose key attribute is already defined
//!   with another type is refused, as DynamoDB Local refuses it.

mod batch;
mod blob_store;
mod capacity;
mod client_ext;
mod condition;
mod document;
mod index_set;
mod item_ops;
mod key_service;
mod key_value;
mod numeric;
mod partition;
mod read;
mod sort_range;
mod store;
mod streams;
mod tables;
mod tags;
mod tokens;
mod transact;
mod ttl_sweep;
mod update;
mod validate;

#[cfg(test)]
mod tests;

use async_trait::async_trait;
use dashmap::DashMap;
use dynorm::backend::*;
use dynorm::{Backend, Error, Result};
use std::sync::{Arc, Mutex};
use store::SharedTable;

pub use blob_store::MemoryBlobStore;
pub use client_ext::MemoryClient;
pub use key_service::MemoryKeyService;
pub use ttl_sweep::{SweeperHandle, TTL_MAX_AGE_SECONDS};

/// An in-process DynamoDB. Cloning gives another handle on the same store.
#[derive(Debug, Clone, Default)]
pub struct MemoryBackend {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    tables: DashMap<String, SharedTable>,
    /// Client request tokens of successful write transactions.
    tokens: Mutex<tokens::TokenStore>,
    /// Every table's streams.
    streams: streams::Streams,
}

impl MemoryBackend {
    /// An empty store.
    pub fn new() -> MemoryBackend {
        MemoryBackend::default()
    }

    /// The table, or DynamoDB's ResourceNotFound error. The map entry is
    /// released before the caller locks the table.
    fn table(&self, name: &str) -> Result<SharedTable> {
        self.inner
            .tables
            .get(name)
            .map(|t| Arc::clone(t.value()))
            .ok_or_else(Error::table_not_found)
    }
}

/// The backend's name, as [`Backend::name`] gives it.
pub(crate) const NAME: &str = "memory";

#[async_trait]
impl Backend for MemoryBackend {
    fn name(&self) -> &'static str {
        NAME
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new()
            .with_operations([
                Operation::GetItem,
                Operation::PutItem,
                Operation::UpdateItem,
                Operation::DeleteItem,
                Operation::Query,
                Operation::Scan,
                Operation::BatchGetItem,
                Operation::BatchWriteItem,
                Operation::TransactWriteItems,
                Operation::TransactGetItems,
                Operation::CreateTable,
                Operation::UpdateTable,
                Operation::DescribeTable,
                Operation::DeleteTable,
                Operation::ListTables,
                Operation::UpdateTimeToLive,
                Operation::DescribeTimeToLive,
                Operation::TagResource,
                Operation::UntagResource,
                Operation::ListTagsOfResource,
                Operation::ExecuteStatement,
                Operation::BatchExecuteStatement,
                Operation::ExecuteTransaction,
                Operation::ListStreams,
                Operation::DescribeStream,
                Operation::GetShardIterator,
                Operation::GetRecords,
            ])
            .consistent_global_index_reads(true)
            .consumed_capacity(true)
    }

    async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
        self.do_get_item(req)
    }

    async fn put_item(&self, req: PutItemRequest) -> Result<PutItemOutput> {
        self.do_put_item(req)
    }

    async fn update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        self.do_update_item(req)
    }

    async fn delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        self.do_delete_item(req)
    }

    async fn query(&self, req: QueryRequest) -> Result<QueryOutput> {
        self.do_query(req)
    }

    async fn scan(&self, req: ScanRequest) -> Result<ScanOutput> {
        self.do_scan(req)
    }

    async fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        self.do_batch_get(req)
    }

    async fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput> {
        self.do_batch_write(req)
    }

    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        self.do_transact_write(req)
    }

    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        self.do_transact_get(req)
    }

    async fn create_table(&self, def: TableDefinition) -> Result<TableDescription> {
        self.do_create_table(def)
    }

    async fn update_table(&self, req: UpdateTableRequest) -> Result<TableDescription> {
        self.do_update_table(req)
    }

    async fn describe_table(&self, req: DescribeTableRequest) -> Result<TableDescription> {
        self.do_describe_table(req)
    }

    async fn delete_table(&self, req: DeleteTableRequest) -> Result<TableDescription> {
        self.do_delete_table(req)
    }

    async fn list_tables(&self, req: ListTablesRequest) -> Result<ListTablesOutput> {
        self.do_list_tables(req)
    }

    async fn update_time_to_live(&self, req: UpdateTimeToLiveRequest) -> Result<TimeToLive> {
        self.do_update_ttl(req)
    }

    async fn describe_time_to_live(
        &self,
        req: DescribeTimeToLiveRequest,
    ) -> Result<DescribeTimeToLiveOutput> {
        self.do_describe_ttl(req)
    }

    async fn tag_resource(&self, req: TagResourceRequest) -> Result<()> {
        self.do_tag_resource(req)
    }

    async fn untag_resource(&self, req: UntagResourceRequest) -> Result<()> {
        self.do_untag_resource(req)
    }

    async fn list_tags_of_resource(
        &self,
        req: ListTagsOfResourceRequest,
    ) -> Result<ListTagsOfResourceOutput> {
        self.do_list_tags(req)
    }

    async fn list_streams(&self, req: ListStreamsRequest) -> Result<ListStreamsOutput> {
        self.do_list_streams(req)
    }

    async fn describe_stream(&self, req: DescribeStreamRequest) -> Result<StreamDescription> {
        self.do_describe_stream(req)
    }

    async fn get_shard_iterator(
        &self,
        req: GetShardIteratorRequest,
    ) -> Result<GetShardIteratorOutput> {
        self.do_get_shard_iterator(req)
    }

    async fn get_records(&self, req: GetRecordsRequest) -> Result<GetRecordsOutput> {
        self.do_get_records(req)
    }
}
