//! What a client's layers report, on every backend: the Tracing layer's
//! spans (DynamoDB's operation names and the OpenTelemetry database fields)
//! and the hot partition detector's warning for a key written past its
//! threshold. (Rate limits and the detector's defaults run under a paused
//! clock on memory: `crates/core/tests/rate_limit_paused.rs`,
//! `hot_partitions_paused.rs`.)

use crate::spans::Capture;
use crate::{Ctx, Outcome};
use dynorm::backend::{KeyAttribute, KeyType, QueryRequest, TableDefinition};
use dynorm::expr::KeyCondition;
use dynorm::layers::{Access, HotPartition, HotPartitionConfig, Retry};
use dynorm::{Client, Item, Value};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tracing::instrument::WithSubscriber;

/// A table `pk` (S) + `sk` (N) for these scenarios, by its base name.
async fn feed_table(ctx: &Ctx, base: &str) -> dynorm::Result<String> {
    let name = ctx.client.table_name(base);
    ctx.client
        .create_table_definition(
            TableDefinition::new(&name, KeyAttribute::new("pk", KeyType::S))
                .with_sort_key(KeyAttribute::new("sk", KeyType::N)),
        )
        .await?;
    Ok(name)
}

/// Each call the client makes of its backend is one span named for the
/// operation, with `db.system`, `db.operation.name`, `db.collection.name`,
/// the counts of a query and the kind of an error.
pub async fn operations_are_spans_with_database_fields(ctx: Ctx) -> Outcome {
    let table = feed_table(&ctx, "feed").await?;
    let capture = Capture::default();
    let feed = ctx.client.table("feed");
    async {
        for sk in 1..=3 {
            feed.put(Item::new().with("pk", "a").with("sk", sk)).await?;
        }
        let got = feed.get(Item::new().with("pk", "a").with("sk", 2)).await?;
        assert!(got.is_some());
        Ok::<(), dynorm::Error>(())
    }
    .with_subscriber(capture.subscriber())
    .await?;
    let spans = capture.take();
    let puts: Vec<_> = spans.iter().filter(|s| s.name == "PutItem").collect();
    assert_eq!(puts.len(), 3, "{spans:?}");
    let get = spans
        .iter()
        .find(|s| s.name == "GetItem")
        .expect("a GetItem span");
    assert_eq!(get.field("db.system"), Some("dynamodb"));
    assert_eq!(get.field("db.operation.name"), Some("GetItem"));
    assert_eq!(get.field("db.collection.name"), Some(table.as_str()));
    assert_eq!(get.field("db.response.returned_rows"), Some("1"));
    assert_eq!(get.field("error.type"), None);

    let backend = ctx.client.backend();
    async {
        let req = QueryRequest::new(&table, KeyCondition::partition("pk", "a")).limit(2);
        let page = backend.query(req).await?;
        assert_eq!(page.items.len(), 2);
        Ok::<(), dynorm::Error>(())
    }
    .with_subscriber(capture.subscriber())
    .await?;
    let query = capture.only("Query");
    assert_eq!(query.field("db.collection.name"), Some(table.as_str()));
    assert_eq!(query.field("aws.dynamodb.limit"), Some("2"));
    assert_eq!(query.field("aws.dynamodb.count"), Some("2"));
    assert_eq!(query.field("aws.dynamodb.scanned_count"), Some("2"));

    let missing = ctx.client.table("missing");
    let r = async { missing.get(Item::new().with("pk", "a").with("sk", 1)).await }
        .with_subscriber(capture.subscriber())
        .await;
    assert!(r.is_err_and(|e| e.is_resource_not_found()));
    let failed = capture.only("GetItem");
    assert_eq!(failed.field("error.type"), Some("ResourceNotFound"));
    Ok(())
}

/// A partition key written past the detector's threshold is reported, with
/// its table and value (once per window); keys written a little are not.
pub async fn hot_partition_is_reported(ctx: Ctx) -> Outcome {
    let table = feed_table(&ctx, "hot").await?;
    let seen: Arc<Mutex<Vec<HotPartition>>> = Arc::default();
    let sink = seen.clone();
    // 5 WCU/s over one second: 30 writes of one unit in well under a
    // second (any backend here answers a put in milliseconds) pass it.
    let config = HotPartitionConfig::new()
        .window(Duration::from_secs(1))
        .write_threshold(5.0)
        .on_hot(move |hot| {
            sink.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(hot.clone())
        });
    let client = Client::builder(ctx.client.backend().clone())
        .table_prefix(ctx.client.table_prefix())
        .tracing(false)
        .retry(Retry::off())
        .hot_partitions(config)
        .build();
    let hot = client.table("hot");
    for pk in ["c1", "c2", "c3"] {
        hot.put(Item::new().with("pk", pk).with("sk", 0)).await?;
    }
    assert!(
        seen.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty(),
        "one write per key is not hot"
    );
    for sk in 0..30 {
        hot.put(Item::new().with("pk", "busy").with("sk", sk))
            .await?;
    }
    // Once per window: a slow backend (writes spread past one second) may
    // report the key again in the next window, never another key.
    let seen = seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
    assert!(!seen.is_empty(), "the busy key is reported");
    for hot in &seen {
        assert_eq!(hot.table, table);
        assert_eq!(hot.partition_key, Value::from("busy"));
        assert_eq!(hot.access, Access::Write);
        assert!(hot.units_per_second > 5.0, "{hot:?}");
    }
    Ok(())
}
