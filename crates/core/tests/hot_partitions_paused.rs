//! The hot partition detector on the memory backend under a paused tokio
//! clock: DynamoDB's per-partition write limit by default, one warning per
//! key and window, the window sliding on, and the caller's answers as it
//! asked for them. Memory only: the rates are set by the test's clock.

#![allow(clippy::unwrap_used)]

use dynorm::backend::{KeyAttribute, KeyType, TableDefinition};
use dynorm::layers::{Access, HotPartition, HotPartitionConfig};
use dynorm::{Client, Item, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn client(seen: Arc<Mutex<Vec<HotPartition>>>) -> Client {
    let config =
        HotPartitionConfig::new().on_hot(move |hot| seen.lock().unwrap().push(hot.clone()));
    let client = Client::builder(Arc::new(dynorm_memory::MemoryBackend::new()))
        .hot_partitions(config)
        .build();
    client
        .create_table_definition(
            TableDefinition::new("feed", KeyAttribute::new("pk", KeyType::S))
                .with_sort_key(KeyAttribute::new("sk", KeyType::N)),
        )
        .await
        .unwrap();
    client
}

/// One second of `n` writes of about 10 KB (10 units each) to partition `pk`.
async fn second_of_writes(client: &Client, pk: &str, n: u32, from: u32) {
    let body = "x".repeat(10 * 1024 - 40);
    for i in 0..n {
        let out = client
            .table("feed")
            .put(
                Item::new()
                    .with("pk", pk)
                    .with("sk", from + i)
                    .with("body", body.as_str()),
            )
            .await;
        out.unwrap();
    }
    tokio::time::advance(Duration::from_secs(1)).await;
}

#[tokio::test(start_paused = true)]
async fn a_key_written_past_1000_wcu_a_second_warns_once_per_window() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = client(seen.clone()).await;
    // 90 writes of 10 units a second: 900 WCU/s, under the limit.
    for s in 0..5 {
        second_of_writes(&client, "warm", 90, s * 100).await;
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "{:?}",
        seen.lock().unwrap()
    );
    // 120 writes a second for five seconds: 1,200 WCU/s over the 5 s window.
    for s in 0..5 {
        second_of_writes(&client, "hot", 120, s * 1000).await;
    }
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1, "one warning per window: {seen:?}");
        let hot = &seen[0];
        assert_eq!(hot.table, "feed");
        assert_eq!(hot.partition_key, Value::from("hot"));
        assert_eq!(hot.access, Access::Write);
        assert_eq!(hot.threshold, 1_000.0);
        assert!(hot.units_per_second > 1_000.0, "{}", hot.units_per_second);
        assert_eq!(hot.window, Duration::from_secs(5));
    }
    // Still hot after the window: warned again.
    for s in 5..10 {
        second_of_writes(&client, "hot", 120, s * 1000).await;
    }
    assert_eq!(seen.lock().unwrap().len(), 2);
    // Idle for a window, then a single second of the same rate: the window
    // average (240 WCU/s) is under the limit.
    tokio::time::advance(Duration::from_secs(10)).await;
    second_of_writes(&client, "hot", 120, 20_000).await;
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn answers_carry_capacity_only_when_the_caller_asked() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = client(seen).await;
    let table = client.table("feed");
    let backend = client.backend();
    let put =
        dynorm::backend::PutItemRequest::new("feed", Item::new().with("pk", "a").with("sk", 1));
    let out = backend.put_item(put.clone()).await.unwrap();
    assert_eq!(out.consumed_capacity, None);
    let out = backend
        .put_item(put.return_consumed_capacity(dynorm::backend::ReturnConsumedCapacity::Total))
        .await
        .unwrap();
    assert_eq!(out.consumed_capacity.map(|c| c.capacity_units), Some(1.0));
    assert!(table
        .get(Item::new().with("pk", "a").with("sk", 1))
        .await
        .unwrap()
        .is_some());
}
