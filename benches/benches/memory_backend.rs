//! The memory backend through `dynorm::Client`, on a current-thread runtime:
//! get, put, conditional update, a 100-item query page from a 10,000-item
//! partition (also with a filter, typed and as an expression string), a
//! 1,000-item batch write and a 10-put transaction; and
//! (`memory/index`) a 100-item global index query page and full paginated
//! scans, from a 10,000-item table.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run
#![allow(missing_docs)] // criterion_group! defines an undocumented public function

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use dynorm::{attr, values, Client, Partition, Value};
use dynorm_benches::{current_thread_runtime, memory_client, IndexedOrder, Order};
use std::cell::Cell;
use std::time::Duration;

/// Items in the benchmark partition.
const PARTITION: usize = 10_000;
/// Size of the item notes (the items are ~0.6 KB).
const NOTE: usize = 200;

fn seeded(rt: &tokio::runtime::Runtime) -> Client {
    let client = memory_client();
    rt.block_on(async {
        client.create_table::<Order>().await.unwrap();
        let orders: Vec<Order> = (0..PARTITION)
            .map(|n| Order::sample("hot", n, NOTE))
            .collect();
        let written = client.batch_write().put_all(&orders).await.unwrap();
        assert_eq!(written, PARTITION);
    });
    client
}

fn item_ops(c: &mut Criterion) {
    let rt = current_thread_runtime();
    let client = seeded(&rt);
    let orders: Vec<Order> = (0..PARTITION)
        .map(|n| Order::sample("hot", n, NOTE))
        .collect();
    let mut g = c.benchmark_group("memory/item");
    g.throughput(Throughput::Elements(1));

    let next = Cell::new(0usize);
    let step = || {
        let n = next.get();
        next.set((n + 7919) % PARTITION);
        n
    };
    g.bench_function("get", |b| {
        b.to_async(&rt).iter(|| {
            let n = step();
            let key = Order::key("hot", format!("ORDER#{n:08}"));
            let c = client.clone();
            async move { c.get(key).await.unwrap().unwrap() }
        })
    });
    g.bench_function("put", |b| {
        b.to_async(&rt).iter(|| {
            let order = &orders[step()];
            let put = client.put(order);
            async move { put.await.unwrap() }
        })
    });
    g.bench_function("update_conditional", |b| {
        b.to_async(&rt).iter(|| {
            let n = step();
            let update = client
                .update(Order::key("hot", format!("ORDER#{n:08}")))
                .increment("version", 1)
                .set("status", "DELIVERED")
                .condition(attr("status").exists() & attr("version").ge(1));
            async move { update.await.unwrap() }
        })
    });
    g.finish();
}

fn bulk_ops(c: &mut Criterion) {
    let rt = current_thread_runtime();
    let client = seeded(&rt);
    let mut g = c.benchmark_group("memory/bulk");

    g.throughput(Throughput::Elements(100));
    g.bench_function("query_100_of_10000", |b| {
        b.to_async(&rt).iter(|| {
            let q = client
                .query(Order::partition("hot"))
                .sort_ge("ORDER#00005000")
                .limit(100);
            async move {
                let page = q.page().await.unwrap();
                assert_eq!(page.items.len(), 100);
                page
            }
        })
    });

    // The same page with a filter, typed and as a string (parsed per request).
    g.bench_function("query_100_filter_typed", |b| {
        b.to_async(&rt).iter(|| {
            let q = client
                .query(Order::partition("hot"))
                .sort_ge("ORDER#00005000")
                .filter(attr("quantity").gt(2) & attr("paid").eq(true))
                .limit(100);
            async move {
                let page = q.page().await.unwrap();
                assert_eq!(page.items.len(), 100);
                page
            }
        })
    });
    g.bench_function("query_100_filter_string", |b| {
        b.to_async(&rt).iter(|| {
            let q = client
                .query(Order::partition("hot"))
                .sort_ge("ORDER#00005000")
                .filter_expr(
                    "quantity > :q AND paid = :paid",
                    values! { ":q" => 2, ":paid" => true },
                )
                .limit(100);
            async move {
                let page = q.page().await.unwrap();
                assert_eq!(page.items.len(), 100);
                page
            }
        })
    });

    let batch: Vec<Order> = (0..1_000)
        .map(|n| Order::sample("batch", n, NOTE))
        .collect();
    g.throughput(Throughput::Elements(1_000));
    g.bench_function("batch_write_1000", |b| {
        b.to_async(&rt).iter(|| {
            let write = client.batch_write().put_all(&batch);
            async move { assert_eq!(write.await.unwrap(), 1_000) }
        })
    });

    let tx: Vec<Order> = (0..10).map(|n| Order::sample("tx", n, NOTE)).collect();
    g.throughput(Throughput::Elements(10));
    g.bench_function("transact_write_10_puts", |b| {
        b.to_async(&rt).iter_batched(
            || tx.iter().fold(client.transact_write(), |t, o| t.put(o)),
            |t| async move { t.await.unwrap() },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// Items in the indexed table (100 partitions of 100 items, 10 index partitions of 1,000).
const INDEXED: usize = 10_000;
/// Size of the indexed items' notes (the items are ~0.6 KB).
const INDEXED_NOTE: usize = 500;

fn seeded_indexed(rt: &tokio::runtime::Runtime) -> Client {
    let client = memory_client();
    rt.block_on(async {
        client.create_table::<IndexedOrder>().await.unwrap();
        let orders: Vec<IndexedOrder> = (0..INDEXED)
            .map(|n| IndexedOrder::sample(n, INDEXED_NOTE))
            .collect();
        let written = client.batch_write().put_all(&orders).await.unwrap();
        assert_eq!(written, INDEXED);
    });
    client
}

fn index_ops(c: &mut Criterion) {
    let rt = current_thread_runtime();
    let client = seeded_indexed(&rt);
    let mut g = c.benchmark_group("memory/index");

    g.throughput(Throughput::Elements(100));
    g.bench_function("gsi_query_100_of_10000", |b| {
        b.to_async(&rt).iter(|| {
            // The "SHIPPED" index partition holds 1,000 items; read 100 from its middle.
            let partition = Partition::<IndexedOrder>::for_index(
                "StatusIndex",
                "status",
                Value::from("SHIPPED"),
            );
            let q = client.query(partition).sort_ge(1_700_005_000u64).limit(100);
            async move {
                let page = q.page().await.unwrap();
                assert_eq!(page.items.len(), 100);
                page
            }
        })
    });

    g.throughput(Throughput::Elements(INDEXED as u64));
    g.bench_function("scan_10000_pages_of_100", |b| {
        b.to_async(&rt).iter(|| {
            let scan = client.scan::<IndexedOrder>().limit(100);
            async move { assert_eq!(scan.all().await.unwrap().len(), INDEXED) }
        })
    });
    g.bench_function("gsi_scan_10000_pages_of_100", |b| {
        b.to_async(&rt).iter(|| {
            let scan = client
                .scan::<IndexedOrder>()
                .index("StatusIndex")
                .limit(100);
            async move { assert_eq!(scan.all().await.unwrap().len(), INDEXED) }
        })
    });
    g.bench_function("scan_10000_pages_of_1mb", |b| {
        b.to_async(&rt).iter(|| {
            let scan = client.scan::<IndexedOrder>();
            async move { assert_eq!(scan.all().await.unwrap().len(), INDEXED) }
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(50)
}

criterion_group! { name = benches; config = config(); targets = item_ops, bulk_ops, index_ops }
criterion_main!(benches);
