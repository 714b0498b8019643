//! [`Tracing`]: one `tracing` span per backend operation, with
//! OpenTelemetry's database conventions as fields.

use crate::backend::*;
use crate::error::{Error, Result};
use ::tracing::field::Empty;
use ::tracing::{Instrument, Span};
use futures::future::BoxFuture;
use std::collections::BTreeSet;
use std::sync::Arc;

/// A [`BackendLayer`] that makes every operation a `tracing` span at level
/// `INFO`, named for the operation (`GetItem`, `Query`, `BatchWriteItem`...),
/// with the fields of OpenTelemetry's database and AWS DynamoDB semantic
/// conventions:
///
/// | field | value |
/// | --- | --- |
/// | `db.system` | `"dynamodb"` |
/// | `db.operation.name` | the operation, as the span's name |
/// | `db.collection.name` | the table, when the operation addresses one |
/// | `aws.dynamodb.table_names` | the tables of a batch or transaction, comma-separated |
/// | `aws.dynamodb.index_name` | the index of a query or scan |
/// | `aws.dynamodb.consistent_read`, `aws.dynamodb.limit`, `aws.dynamodb.select`, `aws.dynamodb.scan_forward`, `aws.dynamodb.segment`, `aws.dynamodb.total_segments` | the request's options, when set |
/// | `aws.dynamodb.count`, `aws.dynamodb.scanned_count` | a query's or scan's answer |
/// | `aws.dynamodb.consumed_capacity` | the capacity units the answer reports (summed over tables), when the request asked for them |
/// | `db.operation.batch.size` | the writes, keys or actions of a batch or transaction |
/// | `db.response.returned_rows` | the items returned |
/// | `dynorm.unprocessed` | the writes or keys a batch left unprocessed |
/// | `error.type` | the [`Error::kind`] of a failure |
/// | `otel.kind`, `otel.status_code` | `"client"`; `"ERROR"` on failure (read by `tracing-opentelemetry`) |
/// | `dynorm.retries` | declared empty, for a retry loop above the layer to record |
///
/// Without a subscriber listening at `INFO` for this target the layer
/// computes no field and adds no allocation: it hands the inner backend's
/// future through.
///
/// [`ClientBuilder::build`](crate::ClientBuilder::build) wraps every
/// client's backend in one unless [`tracing(false)`](crate::ClientBuilder::tracing)
/// says otherwise.
///
/// ```
/// use dynorm::backend::{Backend, GetItemRequest, KeyAttribute, KeyType, TableDefinition};
/// use dynorm::layers::Tracing;
/// use dynorm::Item;
/// use std::sync::Arc;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let traced = Tracing::new(Arc::new(dynorm_memory::MemoryBackend::new()));
/// Backend::create_table(&traced, TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))).await?;
/// let got = Backend::get_item(&traced, GetItemRequest::new("users", Item::new().with("pk", "u1"))).await?;
/// assert_eq!(got.item, None);
/// assert_eq!(Backend::name(&traced), "memory");
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
pub struct Tracing {
    inner: Arc<dyn Backend>,
}

impl std::fmt::Debug for Tracing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tracing")
            .field("inner", &self.inner.name())
            .finish()
    }
}

impl Tracing {
    /// Traces every operation of `inner`.
    pub fn new(inner: Arc<dyn Backend>) -> Tracing {
        Tracing { inner }
    }

    /// The wrapped backend, shared.
    pub fn inner_shared(&self) -> &Arc<dyn Backend> {
        &self.inner
    }
}

/// The span of one operation, every field declared (those the operation
/// does not fill stay empty and are not emitted).
macro_rules! operation_span {
    ($name:literal) => {
        ::tracing::info_span!(
            $name,
            "db.system" = "dynamodb",
            "db.operation.name" = $name,
            "db.collection.name" = Empty,
            "aws.dynamodb.table_names" = Empty,
            "aws.dynamodb.index_name" = Empty,
            "aws.dynamodb.consistent_read" = Empty,
            "aws.dynamodb.limit" = Empty,
            "aws.dynamodb.select" = Empty,
            "aws.dynamodb.scan_forward" = Empty,
            "aws.dynamodb.segment" = Empty,
            "aws.dynamodb.total_segments" = Empty,
            "aws.dynamodb.count" = Empty,
            "aws.dynamodb.scanned_count" = Empty,
            "aws.dynamodb.consumed_capacity" = Empty,
            "db.operation.batch.size" = Empty,
            "db.response.returned_rows" = Empty,
            "dynorm.unprocessed" = Empty,
            "error.type" = Empty,
            "otel.kind" = "client",
            "otel.status_code" = Empty,
            "dynorm.retries" = Empty,
        )
    };
}

/// What a request tells its span before it is sent.
trait Describe {
    fn describe(&self, span: &Span);
}

/// What an answer tells its span.
trait Report {
    fn report(&self, span: &Span);
}

fn table(span: &Span, name: &str) {
    span.record("db.collection.name", name);
}

/// The tables of a batch or transaction; the one table as the collection
/// when there is only one.
fn tables<'a>(span: &Span, names: impl IntoIterator<Item = &'a str>) {
    let names: BTreeSet<&str> = names.into_iter().collect();
    if names.len() == 1 {
        if let Some(only) = names.first() {
            table(span, only);
        }
    }
    let joined = names.into_iter().collect::<Vec<_>>().join(",");
    span.record("aws.dynamodb.table_names", joined.as_str());
}

fn consumed(span: &Span, consumed: &[ConsumedCapacity]) {
    if !consumed.is_empty() {
        let units: f64 = consumed.iter().map(|c| c.capacity_units).sum();
        span.record("aws.dynamodb.consumed_capacity", units);
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

impl Describe for GetItemRequest {
    fn describe(&self, span: &Span) {
        table(span, &self.table);
        span.record("aws.dynamodb.consistent_read", self.consistent_read);
    }
}

impl Report for GetItemOutput {
    fn report(&self, span: &Span) {
        span.record("db.response.returned_rows", u64::from(self.item.is_some()));
        consumed(span, self.consumed_capacity.as_slice());
    }
}

macro_rules! single_write {
    ($($req:ty => $out:ty),*) => {
        $(
            impl Describe for $req {
                fn describe(&self, span: &Span) {
                    table(span, &self.table);
                }
            }
            impl Report for $out {
                fn report(&self, span: &Span) {
                    consumed(span, self.consumed_capacity.as_slice());
                }
            }
        )*
    };
}

single_write!(
    PutItemRequest => PutItemOutput,
    UpdateItemRequest => UpdateItemOutput,
    DeleteItemRequest => DeleteItemOutput
);

impl Describe for QueryRequest {
    fn describe(&self, span: &Span) {
        table(span, &self.table);
        if let Some(index) = &self.index {
            span.record("aws.dynamodb.index_name", index.as_str());
        }
        span.record("aws.dynamodb.consistent_read", self.consistent_read);
        span.record("aws.dynamodb.scan_forward", self.scan_forward);
        if let Some(limit) = self.limit {
            span.record("aws.dynamodb.limit", limit);
        }
        if let Some(select) = self.select {
            span.record("aws.dynamodb.select", select.as_str());
        }
    }
}

impl Describe for ScanRequest {
    fn describe(&self, span: &Span) {
        table(span, &self.table);
        if let Some(index) = &self.index {
            span.record("aws.dynamodb.index_name", index.as_str());
        }
        span.record("aws.dynamodb.consistent_read", self.consistent_read);
        if let Some(limit) = self.limit {
            span.record("aws.dynamodb.limit", limit);
        }
        if let Some(select) = self.select {
            span.record("aws.dynamodb.select", select.as_str());
        }
        if let Some(segment) = self.segment {
            span.record("aws.dynamodb.segment", segment.segment);
            span.record("aws.dynamodb.total_segments", segment.total);
        }
    }
}

impl Report for QueryOutput {
    fn report(&self, span: &Span) {
        span.record("aws.dynamodb.count", self.count);
        span.record("aws.dynamodb.scanned_count", self.scanned_count);
        span.record("db.response.returned_rows", count(self.items.len()));
        consumed(span, self.consumed_capacity.as_slice());
    }
}

impl Describe for BatchGetItemRequest {
    fn describe(&self, span: &Span) {
        tables(span, self.tables.keys().map(String::as_str));
        let keys: usize = self.tables.values().map(|k| k.keys.len()).sum();
        span.record("db.operation.batch.size", count(keys));
    }
}

impl Report for BatchGetItemOutput {
    fn report(&self, span: &Span) {
        let items: usize = self.responses.values().map(Vec::len).sum();
        span.record("db.response.returned_rows", count(items));
        let left: usize = self.unprocessed.values().map(|k| k.keys.len()).sum();
        span.record("dynorm.unprocessed", count(left));
        consumed(span, &self.consumed_capacity);
    }
}

impl Describe for BatchWriteItemRequest {
    fn describe(&self, span: &Span) {
        tables(span, self.tables.keys().map(String::as_str));
        let writes: usize = self.tables.values().map(Vec::len).sum();
        span.record("db.operation.batch.size", count(writes));
    }
}

impl Report for BatchWriteItemOutput {
    fn report(&self, span: &Span) {
        let left: usize = self.unprocessed.values().map(Vec::len).sum();
        span.record("dynorm.unprocessed", count(left));
        consumed(span, &self.consumed_capacity);
    }
}

impl Describe for TransactWriteItemsRequest {
    fn describe(&self, span: &Span) {
        tables(span, self.actions.iter().map(TransactWriteAction::table));
        span.record("db.operation.batch.size", count(self.actions.len()));
    }
}

impl Report for TransactWriteItemsOutput {
    fn report(&self, span: &Span) {
        consumed(span, &self.consumed_capacity);
    }
}

impl Describe for TransactGetItemsRequest {
    fn describe(&self, span: &Span) {
        tables(span, self.gets.iter().map(|g| g.table.as_str()));
        span.record("db.operation.batch.size", count(self.gets.len()));
    }
}

impl Report for TransactGetItemsOutput {
    fn report(&self, span: &Span) {
        let found = self.items.iter().filter(|i| i.is_some()).count();
        span.record("db.response.returned_rows", count(found));
        consumed(span, &self.consumed_capacity);
    }
}

macro_rules! table_request {
    ($($req:ty: |$r:ident| $name:expr),*) => {
        $(impl Describe for $req {
            fn describe(&self, span: &Span) {
                let $r = self;
                table(span, $name);
            }
        })*
    };
}

table_request!(
    TableDefinition: |r| &r.name,
    UpdateTableRequest: |r| &r.table,
    DescribeTableRequest: |r| &r.table,
    DeleteTableRequest: |r| &r.table,
    UpdateTimeToLiveRequest: |r| &r.table,
    DescribeTimeToLiveRequest: |r| &r.table
);

impl Describe for ListTablesRequest {
    fn describe(&self, span: &Span) {
        if let Some(limit) = self.limit {
            span.record("aws.dynamodb.limit", limit);
        }
    }
}

macro_rules! reports_nothing {
    ($($out:ty),*) => {
        $(impl Report for $out {
            fn report(&self, _span: &Span) {}
        })*
    };
}

reports_nothing!(
    TableDescription,
    TimeToLive,
    DescribeTimeToLiveOutput,
    StreamDescription,
    GetShardIteratorOutput
);

impl Describe for ListStreamsRequest {
    fn describe(&self, span: &Span) {
        if let Some(t) = &self.table {
            table(span, t);
        }
        if let Some(limit) = self.limit {
            span.record("aws.dynamodb.limit", limit);
        }
    }
}

/// The stream requests name a stream ARN, whose table is the collection.
macro_rules! stream_request {
    ($($req:ty: |$r:ident| $arn:expr),*) => {
        $(impl Describe for $req {
            fn describe(&self, span: &Span) {
                let $r = self;
                if let Some(name) = crate::rules::stream::table_of_arn($arn) {
                    table(span, name);
                }
            }
        })*
    };
}

stream_request!(
    DescribeStreamRequest: |r| &r.stream_arn,
    GetShardIteratorRequest: |r| &r.stream_arn,
    GetRecordsRequest: |r| &r.shard_iterator
);

impl Report for ListStreamsOutput {
    fn report(&self, span: &Span) {
        span.record("db.response.returned_rows", count(self.streams.len()));
    }
}

impl Report for GetRecordsOutput {
    fn report(&self, span: &Span) {
        span.record("db.response.returned_rows", count(self.records.len()));
    }
}

impl Report for ListTablesOutput {
    fn report(&self, span: &Span) {
        span.record("db.response.returned_rows", count(self.table_names.len()));
    }
}

impl Describe for ExecuteStatementRequest {
    fn describe(&self, span: &Span) {
        span.record(
            "aws.dynamodb.consistent_read",
            self.statement.consistent_read,
        );
        if let Some(limit) = self.limit {
            span.record("aws.dynamodb.limit", limit);
        }
    }
}

impl Report for ExecuteStatementOutput {
    fn report(&self, span: &Span) {
        span.record("db.response.returned_rows", count(self.items.len()));
        consumed(span, self.consumed_capacity.as_slice());
    }
}

impl Describe for BatchExecuteStatementRequest {
    fn describe(&self, span: &Span) {
        span.record("db.operation.batch.size", count(self.statements.len()));
    }
}

impl Report for BatchExecuteStatementOutput {
    fn report(&self, span: &Span) {
        let found = self.responses.iter().filter(|r| r.item.is_some()).count();
        span.record("db.response.returned_rows", count(found));
        consumed(span, &self.consumed_capacity);
    }
}

impl Describe for ExecuteTransactionRequest {
    fn describe(&self, span: &Span) {
        span.record("db.operation.batch.size", count(self.statements.len()));
    }
}

impl Report for ExecuteTransactionOutput {
    fn report(&self, span: &Span) {
        let found = self.responses.iter().flatten().count();
        span.record("db.response.returned_rows", count(found));
        consumed(span, &self.consumed_capacity);
    }
}

fn failed(span: &Span, error: &Error) {
    span.record("error.type", error.kind());
    span.record("otel.status_code", "ERROR");
}

/// Runs `call` inside `span` and records its answer; hands `call` through
/// untouched when no subscriber listens.
fn traced<'a, R: Describe, O: Report + Send + 'a>(
    span: Span,
    req: R,
    call: impl FnOnce(R) -> BoxFuture<'a, Result<O>>,
) -> BoxFuture<'a, Result<O>> {
    if span.is_disabled() {
        return call(req);
    }
    req.describe(&span);
    let fut = call(req);
    Box::pin(async move {
        let result = fut.instrument(span.clone()).await;
        match &result {
            Ok(out) => out.report(&span),
            Err(e) => failed(&span, e),
        }
        result
    })
}

/// Implements each operation: its span, then the inner backend's call.
macro_rules! traced_operations {
    ($($method:ident($req:ty) -> $out:ty, $name:literal;)*) => {
        $(
            fn $method<'life0, 'async_trait>(
                &'life0 self,
                req: $req,
            ) -> BoxFuture<'async_trait, Result<$out>>
            where
                'life0: 'async_trait,
                Self: 'async_trait,
            {
                traced(operation_span!($name), req, |req| self.inner.$method(req))
            }
        )*
    };
}

impl BackendLayer for Tracing {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }

    traced_operations! {
        get_item(GetItemRequest) -> GetItemOutput, "GetItem";
        put_item(PutItemRequest) -> PutItemOutput, "PutItem";
        update_item(UpdateItemRequest) -> UpdateItemOutput, "UpdateItem";
        delete_item(DeleteItemRequest) -> DeleteItemOutput, "DeleteItem";
        query(QueryRequest) -> QueryOutput, "Query";
        scan(ScanRequest) -> ScanOutput, "Scan";
        batch_get_item(BatchGetItemRequest) -> BatchGetItemOutput, "BatchGetItem";
        batch_write_item(BatchWriteItemRequest) -> BatchWriteItemOutput, "BatchWriteItem";
        transact_write_items(TransactWriteItemsRequest) -> TransactWriteItemsOutput, "TransactWriteItems";
        transact_get_items(TransactGetItemsRequest) -> TransactGetItemsOutput, "TransactGetItems";
        create_table(TableDefinition) -> TableDescription, "CreateTable";
        update_table(UpdateTableRequest) -> TableDescription, "UpdateTable";
        describe_table(DescribeTableRequest) -> TableDescription, "DescribeTable";
        delete_table(DeleteTableRequest) -> TableDescription, "DeleteTable";
        list_tables(ListTablesRequest) -> ListTablesOutput, "ListTables";
        update_time_to_live(UpdateTimeToLiveRequest) -> TimeToLive, "UpdateTimeToLive";
        describe_time_to_live(DescribeTimeToLiveRequest) -> DescribeTimeToLiveOutput, "DescribeTimeToLive";
        execute_statement(ExecuteStatementRequest) -> ExecuteStatementOutput, "ExecuteStatement";
        batch_execute_statement(BatchExecuteStatementRequest) -> BatchExecuteStatementOutput, "BatchExecuteStatement";
        execute_transaction(ExecuteTransactionRequest) -> ExecuteTransactionOutput, "ExecuteTransaction";
        list_streams(ListStreamsRequest) -> ListStreamsOutput, "ListStreams";
        describe_stream(DescribeStreamRequest) -> StreamDescription, "DescribeStream";
        get_shard_iterator(GetShardIteratorRequest) -> GetShardIteratorOutput, "GetShardIterator";
        get_records(GetRecordsRequest) -> GetRecordsOutput, "GetRecords";
    }
}
