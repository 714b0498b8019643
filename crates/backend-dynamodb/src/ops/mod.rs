//! The [`Backend`] implementation: one module per group of operations.

mod batch;
mod item;
mod partiql;
mod read;
mod streams;
mod table;
mod tags;
mod transact;

use crate::DynamoDbBackend;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{self as sdk, ReturnValue, ReturnValuesOnConditionCheckFailure};
use dynorm::backend::*;
use dynorm::{Backend, Result};

/// The SDK's `ReturnValue` for dynorm's [`ReturnValues`].
pub(crate) fn return_value(rv: ReturnValues) -> Option<ReturnValue> {
    match rv {
        ReturnValues::None => None,
        ReturnValues::AllOld => Some(ReturnValue::AllOld),
        ReturnValues::UpdatedOld => Some(ReturnValue::UpdatedOld),
        ReturnValues::AllNew => Some(ReturnValue::AllNew),
        ReturnValues::UpdatedNew => Some(ReturnValue::UpdatedNew),
    }
}

/// `ReturnValuesOnConditionCheckFailure=ALL_OLD` when asked for.
pub(crate) fn on_condition_failure(
    return_old: bool,
) -> Option<ReturnValuesOnConditionCheckFailure> {
    return_old.then_some(ReturnValuesOnConditionCheckFailure::AllOld)
}

/// The SDK's `ReturnConsumedCapacity` (nothing sent for `NONE`, DynamoDB's default).
pub(crate) fn return_consumed(rcc: ReturnConsumedCapacity) -> Option<sdk::ReturnConsumedCapacity> {
    match rcc {
        ReturnConsumedCapacity::Total => Some(sdk::ReturnConsumedCapacity::Total),
        ReturnConsumedCapacity::Indexes => Some(sdk::ReturnConsumedCapacity::Indexes),
        _ => None,
    }
}

/// The SDK's `Select`.
pub(crate) fn select(select: Option<Select>) -> Option<sdk::Select> {
    select.and_then(|s| match s {
        Select::AllAttributes => Some(sdk::Select::AllAttributes),
        Select::AllProjectedAttributes => Some(sdk::Select::AllProjectedAttributes),
        Select::SpecificAttributes => Some(sdk::Select::SpecificAttributes),
        Select::Count => Some(sdk::Select::Count),
        _ => None,
    })
}

fn capacity(c: sdk::Capacity) -> Capacity {
    let mut out = Capacity::new(c.capacity_units.unwrap_or(0.0));
    out.read_capacity_units = c.read_capacity_units;
    out.write_capacity_units = c.write_capacity_units;
    out
}

/// The SDK's `ConsumedCapacity` as dynorm's.
pub(crate) fn consumed(c: Option<sdk::ConsumedCapacity>) -> Option<ConsumedCapacity> {
    let c = c?;
    let mut out = ConsumedCapacity::new(
        c.table_name.unwrap_or_default(),
        Capacity::new(c.capacity_units.unwrap_or(0.0)),
    );
    out.read_capacity_units = c.read_capacity_units;
    out.write_capacity_units = c.write_capacity_units;
    out.table = c.table.map(capacity);
    let indexes = |m: Option<std::collections::HashMap<String, sdk::Capacity>>| {
        m.unwrap_or_default()
            .into_iter()
            .map(|(name, c)| (name, capacity(c)))
            .collect()
    };
    out.global_secondary_indexes = indexes(c.global_secondary_indexes);
    out.local_secondary_indexes = indexes(c.local_secondary_indexes);
    Some(out)
}

/// The SDK's list of `ConsumedCapacity` (batches, transactions) as dynorm's.
pub(crate) fn consumed_list(list: Option<Vec<sdk::ConsumedCapacity>>) -> Vec<ConsumedCapacity> {
    list.unwrap_or_default()
        .into_iter()
        .filter_map(|c| consumed(Some(c)))
        .collect()
}

#[async_trait]
impl Backend for DynamoDbBackend {
    fn name(&self) -> &'static str {
        crate::NAME
    }

    /// Every operation (the DynamoDB Streams ones when the backend has a
    /// streams client, see [`DynamoDbBackend::from_client`]); global index reads are declared consistent for a
    /// backend made with [`DynamoDbBackend::local`] (DynamoDB Local reads
    /// indexes as if consistent, DynamoDB does not).
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
            ])
            .with_operations(
                self.client
                    .streams
                    .is_some()
                    .then_some([
                        Operation::ListStreams,
                        Operation::DescribeStream,
                        Operation::GetShardIterator,
                        Operation::GetRecords,
                    ])
                    .into_iter()
                    .flatten(),
            )
            .consistent_global_index_reads(self.local)
            .consumed_capacity(true)
    }

    async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
        item::get_item(&self.client, req).await
    }

    async fn put_item(&self, req: PutItemRequest) -> Result<PutItemOutput> {
        item::put_item(&self.client, req).await
    }

    async fn update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        item::update_item(&self.client, req).await
    }

    async fn delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        item::delete_item(&self.client, req).await
    }

    async fn query(&self, req: QueryRequest) -> Result<QueryOutput> {
        read::query(&self.client, req).await
    }

    async fn scan(&self, req: ScanRequest) -> Result<ScanOutput> {
        read::scan(&self.client, req).await
    }

    async fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        batch::batch_get_item(&self.client, req).await
    }

    async fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput> {
        batch::batch_write_item(&self.client, req).await
    }

    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        transact::transact_write_items(&self.client, req).await
    }

    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        transact::transact_get_items(&self.client, req).await
    }

    async fn create_table(&self, def: TableDefinition) -> Result<TableDescription> {
        table::create_table(&self.client, def).await
    }

    async fn update_table(&self, req: UpdateTableRequest) -> Result<TableDescription> {
        table::update_table(&self.client, req).await
    }

    async fn describe_table(&self, req: DescribeTableRequest) -> Result<TableDescription> {
        table::describe_table(&self.client, req).await
    }

    async fn delete_table(&self, req: DeleteTableRequest) -> Result<TableDescription> {
        table::delete_table(&self.client, req).await
    }

    async fn list_tables(&self, req: ListTablesRequest) -> Result<ListTablesOutput> {
        table::list_tables(&self.client, req).await
    }

    async fn update_time_to_live(&self, req: UpdateTimeToLiveRequest) -> Result<TimeToLive> {
        table::update_time_to_live(&self.client, req).await
    }

    async fn describe_time_to_live(
        &self,
        req: DescribeTimeToLiveRequest,
    ) -> Result<DescribeTimeToLiveOutput> {
        table::describe_time_to_live(&self.client, req).await
    }

    async fn tag_resource(&self, req: TagResourceRequest) -> Result<()> {
        tags::tag_resource(&self.client, req).await
    }

    async fn untag_resource(&self, req: UntagResourceRequest) -> Result<()> {
        tags::untag_resource(&self.client, req).await
    }

    async fn list_tags_of_resource(
        &self,
        req: ListTagsOfResourceRequest,
    ) -> Result<ListTagsOfResourceOutput> {
        tags::list_tags_of_resource(&self.client, req).await
    }

    async fn execute_statement(
        &self,
        req: ExecuteStatementRequest,
    ) -> Result<ExecuteStatementOutput> {
        partiql::execute_statement(&self.client, req).await
    }

    async fn batch_execute_statement(
        &self,
        req: BatchExecuteStatementRequest,
    ) -> Result<BatchExecuteStatementOutput> {
        partiql::batch_execute_statement(&self.client, req).await
    }

    async fn execute_transaction(
        &self,
        req: ExecuteTransactionRequest,
    ) -> Result<ExecuteTransactionOutput> {
        partiql::execute_transaction(&self.client, req).await
    }

    async fn list_streams(&self, req: ListStreamsRequest) -> Result<ListStreamsOutput> {
        streams::list_streams(&self.client, req).await
    }

    async fn describe_stream(&self, req: DescribeStreamRequest) -> Result<StreamDescription> {
        streams::describe_stream(&self.client, req).await
    }

    async fn get_shard_iterator(
        &self,
        req: GetShardIteratorRequest,
    ) -> Result<GetShardIteratorOutput> {
        streams::get_shard_iterator(&self.client, req).await
    }

    async fn get_records(&self, req: GetRecordsRequest) -> Result<GetRecordsOutput> {
        streams::get_records(&self.client, req).await
    }
}
