//! The rate limiter on the memory backend under a paused tokio clock: an
//! import through a client's batch writes takes the time its budget says,
//! and never uses more than the budget (plus the burst) in any second.
//! Memory only: the timing needs a backend that answers at once, on a
//! clock the test controls (DynamoDB's answers take real time).

#![allow(clippy::unwrap_used)]

use async_trait::async_trait;
use dynorm::backend::{
    Backend, BackendLayer, BatchWriteItemOutput, BatchWriteItemRequest, KeyAttribute, KeyType,
    TableDefinition,
};
use dynorm::layers::{Budget, RateLimits};
use dynorm::{Client, Item};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// Records, under the limiter, when each batch call was answered and the
/// write units it reports.
#[derive(Debug)]
struct Consumption {
    inner: Arc<dyn Backend>,
    start: Instant,
    calls: Mutex<Vec<(Duration, f64)>>,
}

#[async_trait]
impl BackendLayer for Consumption {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }
    async fn batch_write_item(
        &self,
        req: BatchWriteItemRequest,
    ) -> dynorm::Result<BatchWriteItemOutput> {
        let out = self.inner.batch_write_item(req).await?;
        let units = out
            .consumed_capacity
            .iter()
            .map(|c| c.write_capacity_units.unwrap_or(c.capacity_units))
            .sum();
        self.calls
            .lock()
            .unwrap()
            .push((self.start.elapsed(), units));
        Ok(out)
    }
}

struct Run {
    elapsed: Duration,
    /// The most units used in any one-second window, sliding.
    busiest_second: f64,
    total: f64,
    /// The units of the calls answered at once, before any wait (the burst).
    at_start: f64,
}

/// Imports `items` items of under 1 KB (one write unit each) through a
/// client limited to `wcu` write units per second with `burst`.
async fn import(items: usize, wcu: f64, burst: f64) -> Run {
    let recorder = Arc::new(Consumption {
        inner: Arc::new(dynorm_memory::MemoryBackend::new()),
        start: Instant::now(),
        calls: Mutex::new(Vec::new()),
    });
    let limits = RateLimits::new().table("imports", Budget::new().writes(wcu).write_burst(burst));
    let client = Client::builder(recorder.clone()).rate_limit(limits).build();
    client
        .create_table_definition(TableDefinition::new(
            "imports",
            KeyAttribute::new("pk", KeyType::S),
        ))
        .await
        .unwrap();
    let real = std::time::Instant::now();
    let start = Instant::now();
    let mut batch = client.batch_write();
    for i in 0..items {
        batch = batch.put_item(
            "imports",
            Item::new()
                .with("pk", format!("item-{i:05}"))
                .with("body", "x".repeat(200)),
        );
    }
    let written = batch.await.unwrap();
    let elapsed = start.elapsed();
    assert_eq!(written, items);
    assert!(
        real.elapsed() < Duration::from_secs(5),
        "the paused clock waited in real time: {:?}",
        real.elapsed()
    );
    let scanned = client.table("imports").scan().count().await.unwrap();
    assert_eq!(scanned, items as u64, "every item is in the table");

    let calls = recorder.calls.lock().unwrap().clone();
    let total: f64 = calls.iter().map(|(_, u)| u).sum();
    let busiest_second = calls
        .iter()
        .map(|(from, _)| {
            calls
                .iter()
                .filter(|(at, _)| *at >= *from && *at < *from + Duration::from_secs(1))
                .map(|(_, u)| u)
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    let at_start = calls
        .iter()
        .filter(|(at, _)| at.is_zero())
        .map(|(_, u)| u)
        .sum();
    Run {
        elapsed,
        busiest_second,
        total,
        at_start,
    }
}

#[tokio::test(start_paused = true)]
async fn an_import_of_5000_items_at_500_wcu_takes_10_seconds() {
    let burst = 50.0;
    let run = import(5_000, 500.0, burst).await;
    assert_eq!(run.total, 5_000.0, "one unit per item, as memory reports");
    let secs = run.elapsed.as_secs_f64();
    assert!((9.0..=11.0).contains(&secs), "took {secs} s");
    assert!(
        run.busiest_second <= 500.0 + burst,
        "{} units in one second",
        run.busiest_second
    );
}

#[tokio::test(start_paused = true)]
async fn the_measured_rate_follows_the_budget() {
    println!("| budget (WCU/s) | burst | items | virtual time (s) | measured rate (WCU/s) | units at once | rate after them | busiest second |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for wcu in [100.0, 500.0, 1_000.0, 2_500.0] {
        let burst = wcu / 10.0;
        let items = (wcu * 10.0) as usize;
        let run = import(items, wcu, burst).await;
        let secs = run.elapsed.as_secs_f64();
        let measured = run.total / secs;
        let after_burst = (run.total - run.at_start) / secs;
        println!(
            "| {wcu} | {burst} | {items} | {secs:.3} | {measured:.1} | {} | {after_burst:.1} | {} |",
            run.at_start, run.busiest_second
        );
        assert!(
            (after_burst - wcu).abs() / wcu < 0.01,
            "{after_burst} WCU/s against {wcu}"
        );
        assert!(run.busiest_second <= wcu + burst);
    }
}
