//! The cost of the Tracing layer when no subscriber listens: model GetItems
//! of the [`Order`] shape on the memory backend through a client with the
//! layer (the default) and through one built with `tracing(false)`, the two
//! seeded alike.
//!
//! Two measures of the same work:
//! - wall time, interleaved: adjacent pairs of 100-get runs, the order
//!   alternating from pair to pair (`paired::measure`); the figure is the
//!   median per-pair ratio with its bootstrap 95% interval;
//!   `cargo bench -p dynorm-benches --bench tracing_layer [-- PAIRS]`;
//! - instructions, which the machine's load does not change: run the binary
//!   as `tracing_layer count N` under
//!   `valgrind --tool=callgrind --toggle-collect='tracing_layer::run_*'`,
//!   which counts `run_traced` and `run_untraced` (N gets each) apart.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run

use dynorm::Client;
use dynorm_benches::paired::{measure, Op, Pairs};
use dynorm_benches::{current_thread_runtime, Order};
use dynorm_memory::MemoryBackend;
use futures::future::LocalBoxFuture;
use std::sync::Arc;

/// Items in the partition read.
const PARTITION: usize = 10_000;
/// Note length of the items (~0.6 KB each).
const NOTE: usize = 200;
/// Gets per timed run of one side.
const GETS_PER_RUN: usize = 100;
/// Timed pairs when no count is given.
const DEFAULT_PAIRS: usize = 3_000;

fn seeded(rt: &tokio::runtime::Runtime, orders: &[Order], tracing: bool) -> Client {
    let client = Client::builder(Arc::new(MemoryBackend::new()))
        .tracing(tracing)
        .build();
    rt.block_on(async {
        client.create_table::<Order>().await.unwrap();
        client.batch_write().put_all(orders).await.unwrap();
    });
    client
}

/// `count` gets from order `start` on, 7,919 orders apart.
async fn gets(client: &Client, start: usize, count: usize) {
    let mut k = start;
    for _ in 0..count {
        k = (k + 7919) % PARTITION;
        let key = Order::key("hot", format!("ORDER#{k:08}"));
        client.get(key).await.unwrap().unwrap();
    }
}

#[inline(never)]
fn run_traced(rt: &tokio::runtime::Runtime, client: &Client, n: usize) {
    rt.block_on(gets(client, 0, n));
}

#[inline(never)]
fn run_untraced(rt: &tokio::runtime::Runtime, client: &Client, n: usize) {
    rt.block_on(gets(client, 0, n));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rt = current_thread_runtime();
    let orders: Vec<Order> = (0..PARTITION)
        .map(|n| Order::sample("hot", n, NOTE))
        .collect();
    let traced = seeded(&rt, &orders, true);
    let untraced = seeded(&rt, &orders, false);

    if args.first().map(String::as_str) == Some("count") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2_000);
        // Once each before the counted runs, so first-use costs (callsite
        // registration, allocator growth) fall outside them.
        run_traced(&rt, &traced, 10);
        run_untraced(&rt, &untraced, 10);
        run_traced(&rt, &traced, n);
        run_untraced(&rt, &untraced, n);
        println!("{n} gets on each side");
        return;
    }

    let pairs = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(DEFAULT_PAIRS);
    let with_layer = |n| -> LocalBoxFuture<'_, ()> { Box::pin(gets(&traced, n, GETS_PER_RUN)) };
    let without_layer =
        |n| -> LocalBoxFuture<'_, ()> { Box::pin(gets(&untraced, n, GETS_PER_RUN)) };
    let (with, without): (Op<'_>, Op<'_>) = (&with_layer, &without_layer);
    let result = rt.block_on(measure(with, without, PARTITION, pairs));
    let (point, lo, hi) = result.median_ratio();
    println!(
        "memory get x{GETS_PER_RUN}: with the layer {:.1} µs, without {:.1} µs (medians); \
         median per-pair ratio with/without {point:.4} (95% interval {lo:.4}..{hi:.4})",
        Pairs::median_us(&result.a),
        Pairs::median_us(&result.b),
    );
    println!(
        "{}",
        result.json("memory_get_x100", "with_layer", "without_layer")
    );
}
