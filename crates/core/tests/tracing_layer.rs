//! The Tracing layer's spans, captured by a subscriber: their names and the
//! OpenTelemetry fields they carry for reads, batches, transactions and
//! errors.

#![allow(clippy::unwrap_used)]

use async_trait::async_trait;
use dynorm::backend::{
    Backend, BackendLayer, GetItemOutput, GetItemRequest, IndexDefinition, KeyAttribute, KeyType,
    QueryRequest, ReturnConsumedCapacity, Select, TableDefinition,
};
use dynorm::expr::KeyCondition;
use dynorm::{Client, Item};
use dynorm_testkit::spans::Capture;
use std::sync::Arc;

/// A subscriber capturing spans, set as the default for this thread.
fn capture() -> (Capture, tracing::subscriber::DefaultGuard) {
    let capture = Capture::default();
    let guard = capture.set_default();
    (capture, guard)
}

fn table_def(name: &str) -> TableDefinition {
    TableDefinition::new(name, KeyAttribute::new("pk", KeyType::S))
        .with_sort_key(KeyAttribute::new("sk", KeyType::S))
        .with_global_index(IndexDefinition::new(
            "ByKind",
            KeyAttribute::new("kind", KeyType::S),
        ))
}

async fn client_with_tables(builder: dynorm::ClientBuilder) -> Client {
    let client = builder.build();
    client
        .create_table_definition(table_def("orders"))
        .await
        .unwrap();
    client
        .create_table_definition(table_def("users"))
        .await
        .unwrap();
    client
}

fn memory() -> dynorm::ClientBuilder {
    Client::builder(Arc::new(dynorm_memory::MemoryBackend::new()))
}

fn item(pk: &str, sk: &str) -> Item {
    Item::new()
        .with("pk", pk)
        .with("sk", sk)
        .with("kind", "book")
}

#[tokio::test(flavor = "current_thread")]
async fn a_get_is_one_span_with_the_database_fields() {
    let (spans, _guard) = capture();
    let client =
        client_with_tables(memory().return_consumed_capacity(ReturnConsumedCapacity::Total)).await;
    client.table("orders").put(item("a", "1")).await.unwrap();
    spans.take();

    let got = client
        .table("orders")
        .get(Item::new().with("pk", "a").with("sk", "1"))
        .consistent_read()
        .await
        .unwrap();
    assert!(got.is_some());
    let span = spans.only("GetItem");
    assert_eq!(span.field("db.system"), Some("dynamodb"));
    assert_eq!(span.field("db.operation.name"), Some("GetItem"));
    assert_eq!(span.field("db.collection.name"), Some("orders"));
    assert_eq!(span.field("aws.dynamodb.consistent_read"), Some("true"));
    assert_eq!(span.field("db.response.returned_rows"), Some("1"));
    assert_eq!(span.field("aws.dynamodb.consumed_capacity"), Some("1.0"));
    assert_eq!(span.field("otel.kind"), Some("client"));
    assert_eq!(span.field("error.type"), None);
    assert_eq!(span.field("otel.status_code"), None);
}

#[tokio::test(flavor = "current_thread")]
async fn a_query_records_its_index_options_and_counts() {
    let (spans, _guard) = capture();
    let client = client_with_tables(memory()).await;
    for sk in ["1", "2", "3"] {
        client.table("orders").put(item("a", sk)).await.unwrap();
    }
    spans.take();

    let req = QueryRequest::new("orders", KeyCondition::partition("kind", "book"))
        .index("ByKind")
        .limit(2)
        .select(Select::Count);
    let out = client.backend().query(req).await.unwrap();
    assert_eq!(out.count, 2);
    let span = spans.only("Query");
    assert_eq!(span.field("db.operation.name"), Some("Query"));
    assert_eq!(span.field("db.collection.name"), Some("orders"));
    assert_eq!(span.field("aws.dynamodb.index_name"), Some("ByKind"));
    assert_eq!(span.field("aws.dynamodb.limit"), Some("2"));
    assert_eq!(span.field("aws.dynamodb.select"), Some("COUNT"));
    assert_eq!(span.field("aws.dynamodb.scan_forward"), Some("true"));
    assert_eq!(span.field("aws.dynamodb.count"), Some("2"));
    assert_eq!(span.field("aws.dynamodb.scanned_count"), Some("2"));
    assert_eq!(span.field("db.response.returned_rows"), Some("0"));
    assert_eq!(
        span.field("aws.dynamodb.consumed_capacity"),
        None,
        "not asked for"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_batch_write_names_its_tables_and_sizes() {
    let (spans, _guard) = capture();
    let client = client_with_tables(memory()).await;
    spans.take();

    let written = client
        .batch_write()
        .put_item("orders", item("a", "1"))
        .put_item("orders", item("a", "2"))
        .put_item("users", item("u", "1"))
        .await
        .unwrap();
    assert_eq!(written, 3);
    let span = spans.only("BatchWriteItem");
    assert_eq!(span.field("aws.dynamodb.table_names"), Some("orders,users"));
    assert_eq!(span.field("db.collection.name"), None, "two tables");
    assert_eq!(span.field("db.operation.batch.size"), Some("3"));
    assert_eq!(span.field("dynorm.unprocessed"), Some("0"));
}

#[tokio::test(flavor = "current_thread")]
async fn a_transaction_names_its_tables_and_actions() {
    let (spans, _guard) = capture();
    let client =
        client_with_tables(memory().return_consumed_capacity(ReturnConsumedCapacity::Total)).await;
    spans.take();

    client
        .transact_write()
        .put_item("orders", item("a", "1"))
        .put_item("orders", item("a", "2"))
        .await
        .unwrap();
    let span = spans.only("TransactWriteItems");
    assert_eq!(span.field("db.operation.name"), Some("TransactWriteItems"));
    assert_eq!(span.field("aws.dynamodb.table_names"), Some("orders"));
    assert_eq!(span.field("db.collection.name"), Some("orders"));
    assert_eq!(span.field("db.operation.batch.size"), Some("2"));
    // Two puts under 1 KB in a transaction: two units each on the table and
    // two on the index each item enters.
    assert_eq!(span.field("aws.dynamodb.consumed_capacity"), Some("8.0"));
}

#[tokio::test(flavor = "current_thread")]
async fn a_failure_records_its_error_kind() {
    let (spans, _guard) = capture();
    let client = memory().build();
    let err = client
        .table("missing")
        .get(Item::new().with("pk", "a"))
        .await
        .unwrap_err();
    assert!(err.is_resource_not_found());
    let span = spans.only("GetItem");
    assert_eq!(span.field("db.collection.name"), Some("missing"));
    assert_eq!(span.field("error.type"), Some("ResourceNotFound"));
    assert_eq!(span.field("otel.status_code"), Some("ERROR"));

    client
        .create_table_definition(table_def("orders"))
        .await
        .unwrap();
    spans.take();
    let err = client
        .table("orders")
        .put(Item::new().with("pk", "a")) // no sort key
        .await
        .unwrap_err();
    assert!(err.is_validation());
    let span = spans.only("PutItem");
    assert_eq!(span.field("error.type"), Some("Validation"));
}

/// A layer under the span recording a retry count, as a retry loop does.
#[derive(Debug)]
struct RecordsRetries(Arc<dyn Backend>);

#[async_trait]
impl BackendLayer for RecordsRetries {
    fn inner(&self) -> &dyn Backend {
        &*self.0
    }
    async fn get_item(&self, req: GetItemRequest) -> dynorm::Result<GetItemOutput> {
        tracing::Span::current().record("dynorm.retries", 2_u64);
        self.0.get_item(req).await
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_retry_count_is_declared_for_the_layers_below() {
    let (spans, _guard) = capture();
    let below = Arc::new(RecordsRetries(
        Arc::new(dynorm_memory::MemoryBackend::new()),
    ));
    let client = client_with_tables(Client::builder(below)).await;
    client
        .table("orders")
        .get(Item::new().with("pk", "a").with("sk", "1"))
        .await
        .unwrap();
    assert_eq!(spans.only("GetItem").field("dynorm.retries"), Some("2"));
}

#[tokio::test(flavor = "current_thread")]
async fn clients_made_from_a_client_trace_once_and_tracing_can_be_off() {
    let (spans, _guard) = capture();
    let client = client_with_tables(memory()).await;
    let prefixed = client.with_table_prefix("");
    spans.take();
    prefixed
        .table("orders")
        .get(Item::new().with("pk", "a").with("sk", "1"))
        .await
        .unwrap();
    assert_eq!(
        spans.only("GetItem").field("db.collection.name"),
        Some("orders")
    );

    let quiet = client_with_tables(memory().tracing(false)).await;
    spans.take();
    quiet
        .table("orders")
        .get(Item::new().with("pk", "a").with("sk", "1"))
        .await
        .unwrap();
    assert!(spans.take().is_empty());
}
