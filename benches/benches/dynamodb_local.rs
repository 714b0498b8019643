//! dynorm against the raw aws-sdk-dynamodb client over DynamoDB Local, the
//! same requests side by side in one group: put, get, a 100-item query page,
//! and a 10,000-item batch write (dynorm's concurrent chunks against a plain
//! sequential `BatchWriteItem` loop), directly and again through a
//! [`LatencyProxy`] adding a 10 ms round trip (an in-region call to DynamoDB
//! takes a few milliseconds; on loopback DynamoDB Local's own work is all
//! there is to overlap).
//!
//! The raw side converts with serde_dynamo, as a Rust user without dynorm
//! would. Without `DYNORM_DYNAMODB_ENDPOINT` (see scripts/bench.sh) these
//! benches print a skip message and register nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run
#![allow(missing_docs)] // criterion_group! defines an undocumented public function

use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use dynorm::Client;
use dynorm_benches::{
    current_thread_runtime, local_endpoint, raw_local_client, LatencyProxy, Order, SdOrder,
};
use dynorm_dynamodb::DynamoDbBackend;
use std::cell::Cell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Items seeded in the queried partition.
const SEEDED: usize = 1_000;
/// Items of the big batch write.
const BATCH: usize = 10_000;
/// Requests of each kind sent before measuring (JVM warm-up).
const WARM_UP: usize = 300;
/// Note length (items are ~0.6 KB).
const NOTE: usize = 200;

type SdkItem = HashMap<String, AttributeValue>;

struct Setup {
    rt: tokio::runtime::Runtime,
    client: Client,
    raw: aws_sdk_dynamodb::Client,
    table: String,
}

fn setup(endpoint: &str) -> Setup {
    let rt = current_thread_runtime();
    let prefix = format!("bench{}_", std::process::id());
    let client = Client::builder(std::sync::Arc::new(DynamoDbBackend::local(endpoint)))
        .table_prefix(prefix)
        .build();
    let raw = raw_local_client(endpoint);
    let table = client.table_name("bench_orders");
    rt.block_on(async {
        let _ = client.backend().delete_table(&table).await;
        client.create_table::<Order>().await.unwrap();
        let seed: Vec<Order> = (0..SEEDED).map(|n| Order::sample("hot", n, NOTE)).collect();
        assert_eq!(client.batch_write().put_all(&seed).await.unwrap(), SEEDED);
        // DynamoDB Local runs on the JVM: serve every request shape a few
        // hundred times first, so that its JIT warm-up does not land on
        // whichever side of a comparison happens to run first.
        for order in seed.iter().take(WARM_UP) {
            client.put(order).await.unwrap();
            client
                .get(Order::key("hot", order.order_id.clone()))
                .await
                .unwrap();
            client
                .query(Order::partition("hot"))
                .sort_ge("ORDER#00000500")
                .limit(100)
                .page()
                .await
                .unwrap();
        }
    });
    Setup {
        rt,
        client,
        raw,
        table,
    }
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

/// One request of a comparison, on item `n`.
type Op<'a> = &'a dyn Fn(usize) -> futures::future::LocalBoxFuture<'a, ()>;

/// Registers `dynorm` and `raw_sdk` in one group, each timing only its own
/// requests while the two kinds alternate (every timed request follows an
/// untimed one of the other kind), so that both sides see the same server
/// state and load pattern: DynamoDB Local's JIT and garbage collector drift
/// far more between two consecutive measurements than the clients differ.
fn paired<'a>(
    c: &mut Criterion,
    rt: &tokio::runtime::Runtime,
    group: &str,
    dynorm: Op<'a>,
    raw: Op<'a>,
) {
    let mut g = c.benchmark_group(group);
    if group.ends_with("query_100") {
        g.throughput(Throughput::Elements(100));
    }
    let next = Cell::new(0usize);
    let step = || {
        let n = next.get();
        next.set((n + 7) % SEEDED);
        n
    };
    for (name, timed, other) in [("dynorm", dynorm, raw), ("raw_sdk", raw, dynorm)] {
        g.bench_function(name, |b| {
            b.to_async(rt).iter_custom(|iters| {
                let ns: Vec<(usize, usize)> = (0..iters).map(|_| (step(), step())).collect();
                async move {
                    let mut total = Duration::ZERO;
                    for (a, b) in ns {
                        other(a).await;
                        let start = Instant::now();
                        timed(b).await;
                        total += start.elapsed();
                    }
                    total
                }
            })
        });
    }
    g.finish();
}

fn item_ops(c: &mut Criterion, st: &Setup) {
    let Setup {
        rt,
        client,
        raw,
        table,
    } = st;
    let orders: Vec<Order> = (0..SEEDED).map(|n| Order::sample("hot", n, NOTE)).collect();
    let sd_orders: Vec<SdOrder> = orders.iter().map(SdOrder::from).collect();

    let dynorm_put = |n: usize| -> futures::future::LocalBoxFuture<'_, ()> {
        let put = client.put(&orders[n]);
        Box::pin(async move {
            put.await.unwrap();
        })
    };
    let raw_put = |n: usize| -> futures::future::LocalBoxFuture<'_, ()> {
        let item: SdkItem = serde_dynamo::to_item(&sd_orders[n]).unwrap();
        let put = raw.put_item().table_name(table).set_item(Some(item));
        Box::pin(async move {
            put.send().await.unwrap();
        })
    };
    paired(c, rt, "dynamodb_local/put", &dynorm_put, &raw_put);

    let dynorm_get = |n: usize| -> futures::future::LocalBoxFuture<'_, ()> {
        let get = client.get(Order::key("hot", format!("ORDER#{n:08}")));
        Box::pin(async move {
            get.await.unwrap().unwrap();
        })
    };
    let raw_get = |n: usize| -> futures::future::LocalBoxFuture<'_, ()> {
        let get = raw
            .get_item()
            .table_name(table)
            .key("customer", s("hot"))
            .key("order_id", AttributeValue::S(format!("ORDER#{n:08}")));
        Box::pin(async move {
            let out = get.send().await.unwrap();
            serde_dynamo::from_item::<_, SdOrder>(out.item.unwrap()).unwrap();
        })
    };
    paired(c, rt, "dynamodb_local/get", &dynorm_get, &raw_get);

    let dynorm_query = |_: usize| -> futures::future::LocalBoxFuture<'_, ()> {
        let q = client
            .query(Order::partition("hot"))
            .sort_ge("ORDER#00000500")
            .limit(100);
        Box::pin(async move {
            let page = q.page().await.unwrap();
            assert_eq!(page.items.len(), 100);
        })
    };
    let raw_query = |_: usize| -> futures::future::LocalBoxFuture<'_, ()> {
        let q = raw
            .query()
            .table_name(table)
            .key_condition_expression("#k0 = :v0 AND #k1 >= :v1")
            .expression_attribute_names("#k0", "customer")
            .expression_attribute_names("#k1", "order_id")
            .expression_attribute_values(":v0", s("hot"))
            .expression_attribute_values(":v1", s("ORDER#00000500"))
            .limit(100);
        Box::pin(async move {
            let out = q.send().await.unwrap();
            let items: Vec<SdOrder> =
                serde_dynamo::from_items(out.items.unwrap_or_default()).unwrap();
            assert_eq!(items.len(), 100);
        })
    };
    paired(c, rt, "dynamodb_local/query_100", &dynorm_query, &raw_query);
}

/// The round trip the proxy adds in `batch_write_10000_rtt_10ms`.
const ONE_WAY: Duration = Duration::from_millis(5);

fn batch_write(c: &mut Criterion, st: &Setup, group: &str, via: Option<&str>) {
    let Setup { rt, table, .. } = st;
    // Through the proxy: the same server, the same table, new clients.
    let (client, raw) = match via {
        Some(url) => (
            &Client::builder(std::sync::Arc::new(DynamoDbBackend::local(url)))
                .table_prefix(st.client.table_prefix())
                .build(),
            &raw_local_client(url),
        ),
        None => (&st.client, &st.raw),
    };
    let orders: Vec<Order> = (0..BATCH)
        .map(|n| Order::sample("batch", n, NOTE))
        .collect();
    let sd_orders: Vec<SdOrder> = orders.iter().map(SdOrder::from).collect();
    let mut g = c.benchmark_group(group);
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("dynorm_concurrent", |b| {
        b.to_async(rt).iter(|| {
            let write = client.batch_write().put_all(&orders);
            async move { assert_eq!(write.await.unwrap(), BATCH) }
        })
    });
    g.bench_function("raw_sdk_sequential", |b| {
        b.to_async(rt).iter(|| async {
            for chunk in sd_orders.chunks(25) {
                let mut requests: Vec<WriteRequest> = chunk
                    .iter()
                    .map(|o| {
                        let item: SdkItem = serde_dynamo::to_item(o).unwrap();
                        WriteRequest::builder()
                            .put_request(
                                PutRequest::builder().set_item(Some(item)).build().unwrap(),
                            )
                            .build()
                    })
                    .collect();
                while !requests.is_empty() {
                    let out = raw
                        .batch_write_item()
                        .request_items(table.as_str(), requests)
                        .send()
                        .await
                        .unwrap();
                    requests = out
                        .unprocessed_items
                        .and_then(|mut u| u.remove(table.as_str()))
                        .unwrap_or_default();
                }
            }
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let Some(endpoint) = local_endpoint() else {
        return;
    };
    let st = setup(&endpoint);
    item_ops(c, &st);
    batch_write(c, &st, "dynamodb_local/batch_write_10000", None);
    let target = endpoint
        .trim_start_matches("http://")
        .parse()
        .expect("DYNORM_DYNAMODB_ENDPOINT is http://IP:PORT");
    let proxy = LatencyProxy::start(target, ONE_WAY).expect("latency proxy");
    batch_write(
        c,
        &st,
        "dynamodb_local/batch_write_10000_rtt_10ms",
        Some(&proxy.url()),
    );
    let _ = st.rt.block_on(st.client.backend().delete_table(&st.table));
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(30)
}

criterion_group! { name = group; config = config(); targets = benches }
criterion_main!(group);
