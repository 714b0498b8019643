//! A fixed number of memory-backend operations, for instruction profiles
//! (`valgrind --tool=callgrind --toggle-collect='profile_memory::run*'`):
//!
//! ```sh
//! cargo build --release -p dynorm-benches --example profile_memory
//! valgrind --tool=callgrind --toggle-collect='profile_memory::run*' \
//!     target/release/examples/profile_memory get 2000
//! ```
//!
//! Operations: `get`, `put`, `update`, `query` (100 items of 10,000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // profiling set-up: a failure aborts the run

use dynorm::{attr, Client};
use dynorm_benches::{current_thread_runtime, memory_client, Order};

const PARTITION: usize = 10_000;
const NOTE: usize = 200;

#[inline(never)]
fn run_get(rt: &tokio::runtime::Runtime, client: &Client, n: usize) {
    let mut k = 0;
    for _ in 0..n {
        k = (k + 7919) % PARTITION;
        let key = Order::key("hot", format!("ORDER#{k:08}"));
        rt.block_on(async { client.get(key).await.unwrap().unwrap() });
    }
}

#[inline(never)]
fn run_put(rt: &tokio::runtime::Runtime, client: &Client, orders: &[Order], n: usize) {
    let mut k = 0;
    for _ in 0..n {
        k = (k + 7919) % PARTITION;
        rt.block_on(async { client.put(&orders[k]).await.unwrap() });
    }
}

#[inline(never)]
fn run_update(rt: &tokio::runtime::Runtime, client: &Client, n: usize) {
    let mut k = 0;
    for _ in 0..n {
        k = (k + 7919) % PARTITION;
        let update = client
            .update(Order::key("hot", format!("ORDER#{k:08}")))
            .increment("version", 1)
            .set("status", "DELIVERED")
            .condition(attr("status").exists() & attr("version").ge(1));
        rt.block_on(async { update.await.unwrap() });
    }
}

#[inline(never)]
fn run_query(rt: &tokio::runtime::Runtime, client: &Client, n: usize) {
    for _ in 0..n {
        let q = client
            .query(Order::partition("hot"))
            .sort_ge("ORDER#00005000")
            .limit(100);
        let page = rt.block_on(async { q.page().await.unwrap() });
        assert_eq!(page.items.len(), 100);
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "get".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let rt = current_thread_runtime();
    let client = memory_client();
    let orders: Vec<Order> = (0..PARTITION)
        .map(|n| Order::sample("hot", n, NOTE))
        .collect();
    rt.block_on(async {
        client.create_table::<Order>().await.unwrap();
        client.batch_write().put_all(&orders).await.unwrap();
    });
    let start = std::time::Instant::now();
    match op.as_str() {
        "get" => run_get(&rt, &client, n),
        "put" => run_put(&rt, &client, &orders, n),
        "update" => run_update(&rt, &client, n),
        "query" => run_query(&rt, &client, n),
        other => panic!("unknown operation {other}"),
    }
    let per = start.elapsed() / n as u32;
    println!("{op}: {n} operations, {per:?} each");
}
