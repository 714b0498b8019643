//! A fixed number of memory-backend operations on [`CompactOrder`]s (13
//! attributes, ~950 bytes; 10,000 in one partition), for instruction
//! profiles (`valgrind --tool=callgrind --toggle-collect='profile_memory::run*'`):
//!
//! ```sh
//! cargo build --release -p dynorm-benches --example profile_memory
//! valgrind --tool=callgrind --toggle-collect='profile_memory::run*' \
//!     target/release/examples/profile_memory get 2000
//! ```
//!
//! Operations through the model (`get`, `put`, `update`, `query`, `batch`
//! of 25, `transact` of 10 puts) and through `Table` with raw items
//! (`raw-get`, `raw-put`, `raw-query`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // profiling set-up: a failure aborts the run

use dynorm::expr::KeyCondition;
use dynorm::{attr, Client, Item, Model, Table};
use dynorm_benches::{current_thread_runtime, memory_client, CompactOrder};

const PARTITION: usize = 10_000;

fn id(k: usize) -> String {
    format!("ORDER#{k:08}")
}

#[inline(never)]
fn run_get(rt: &tokio::runtime::Runtime, client: &Client, n: usize) {
    let mut k = 0;
    for _ in 0..n {
        k = (k + 7919) % PARTITION;
        let key = CompactOrder::key("hot", id(k));
        rt.block_on(async { client.get(key).await.unwrap().unwrap() });
    }
}

#[inline(never)]
fn run_raw_get(rt: &tokio::runtime::Runtime, t: &Table, n: usize) {
    let mut k = 0;
    for _ in 0..n {
        k = (k + 7919) % PARTITION;
        let key = Item::new().with("customer", "hot").with("order_id", id(k));
        rt.block_on(async { t.get(key).await.unwrap().unwrap() });
    }
}

#[inline(never)]
fn run_put(rt: &tokio::runtime::Runtime, client: &Client, orders: &[CompactOrder], n: usize) {
    let mut k = 0;
    for _ in 0..n {
        k = (k + 7919) % PARTITION;
        rt.block_on(async { client.put(&orders[k]).await.unwrap() });
    }
}

#[inline(never)]
fn run_raw_put(rt: &tokio::runtime::Runtime, t: &Table, items: &[Item], n: usize) {
    let mut k = 0;
    for _ in 0..n {
        k = (k + 7919) % PARTITION;
        let item = items[k].clone();
        rt.block_on(async { t.put(item).await.unwrap() });
    }
}

#[inline(never)]
fn run_update(rt: &tokio::runtime::Runtime, client: &Client, n: usize) {
    let mut k = 0;
    for _ in 0..n {
        k = (k + 7919) % PARTITION;
        let update = client
            .update(CompactOrder::key("hot", id(k)))
            .add("views", 1)
            .condition(attr("paid").eq(true));
        rt.block_on(async { update.await.unwrap() });
    }
}

#[inline(never)]
fn run_query(rt: &tokio::runtime::Runtime, client: &Client, n: usize) {
    for _ in 0..n {
        let q = client
            .query(CompactOrder::partition("hot"))
            .sort_ge("ORDER#00005000")
            .limit(100);
        let page = rt.block_on(async { q.page().await.unwrap() });
        assert_eq!(page.items.len(), 100);
    }
}

#[inline(never)]
fn run_raw_query(rt: &tokio::runtime::Runtime, t: &Table, n: usize) {
    for _ in 0..n {
        let q = t
            .query(KeyCondition::partition("customer", "hot"))
            .sort_key_name("order_id")
            .sort_ge("ORDER#00005000")
            .limit(100);
        let page = rt.block_on(async { q.page().await.unwrap() });
        assert_eq!(page.items.len(), 100);
    }
}

#[inline(never)]
fn run_batch(rt: &tokio::runtime::Runtime, client: &Client, orders: &[CompactOrder], n: usize) {
    for i in 0..n {
        let first = i * 25 % (PARTITION - 25);
        let batch = &orders[first..first + 25];
        rt.block_on(async { client.batch_write().put_all(batch).await.unwrap() });
    }
}

#[inline(never)]
fn run_transact(rt: &tokio::runtime::Runtime, client: &Client, orders: &[CompactOrder], n: usize) {
    for i in 0..n {
        let first = i * 10 % (PARTITION - 10);
        let tx = orders[first..first + 10]
            .iter()
            .fold(client.transact_write(), |t, o| t.put(o));
        rt.block_on(async { tx.await.unwrap() });
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "get".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let rt = current_thread_runtime();
    let client = memory_client();
    let orders: Vec<CompactOrder> = (0..PARTITION)
        .map(|n| CompactOrder::sample("hot", n))
        .collect();
    let items: Vec<Item> = orders.iter().map(|o| dynorm::to_item(o).unwrap()).collect();
    rt.block_on(async {
        client.create_table::<CompactOrder>().await.unwrap();
        client.batch_write().put_all(&orders).await.unwrap();
    });
    let table = client.table(client.table_name(CompactOrder::schema().table));
    let start = std::time::Instant::now();
    match op.as_str() {
        "get" => run_get(&rt, &client, n),
        "raw-get" => run_raw_get(&rt, &table, n),
        "put" => run_put(&rt, &client, &orders, n),
        "raw-put" => run_raw_put(&rt, &table, &items, n),
        "update" => run_update(&rt, &client, n),
        "query" => run_query(&rt, &client, n),
        "raw-query" => run_raw_query(&rt, &table, n),
        "batch" => run_batch(&rt, &client, &orders, n),
        "transact" => run_transact(&rt, &client, &orders, n),
        other => panic!("unknown operation {other}"),
    }
    let per = start.elapsed() / n as u32;
    println!("{op}: {n} operations, {per:?} each");
}
