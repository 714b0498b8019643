//! dynorm against the raw aws-sdk-dynamodb client over DynamoDB Local, one
//! request at a time in adjacent pairs: put, get and a 100-item query page.
//!
//! A bench binary rather than criterion: the server (a JVM) speeds up and
//! slows down by more than the two clients differ, so two criterion functions
//! measured one after the other compare two moments of the server, not two
//! clients. Here every dynorm request is paired with the raw request sent
//! right before or right after it (the order alternates from pair to pair),
//! and the figure that counts is the median of the per-pair ratios, with a
//! bootstrap 95% interval. The raw side converts with serde_dynamo, as a Rust
//! user without dynorm would.
//!
//! Prints one line per operation and writes them as JSON to
//! `$DYNORM_BENCH_OUT/paired.json` when that is set (scripts/bench.sh reads
//! it). Without `DYNORM_DYNAMODB_ENDPOINT` it prints a skip message.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run

use dynorm_benches::paired::{measure, Op, Pairs, RawRequests};
use dynorm_benches::{local_endpoint, LocalSetup, Order, SdOrder};
use futures::future::LocalBoxFuture;

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let Some(endpoint) = local_endpoint() else {
        return;
    };
    let pairs: usize = std::env::var("DYNORM_BENCH_PAIRS")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(2_000);
    let st = LocalSetup::new(&endpoint, "paired");
    let LocalSetup {
        rt,
        client,
        raw,
        table,
        ..
    } = &st;
    let orders: Vec<Order> = (0..st.seeded)
        .map(|n| Order::sample("hot", n, dynorm_benches::LOCAL_NOTE))
        .collect();
    let sd_orders: Vec<SdOrder> = orders.iter().map(SdOrder::from).collect();

    let raw_requests = RawRequests {
        client: raw,
        table,
        orders: &sd_orders,
    };
    let raw_put = |n| raw_requests.put(n);
    let raw_get = |n| raw_requests.get(n);
    let raw_query = |n| raw_requests.query(n);
    let dynorm_put = |n: usize| -> LocalBoxFuture<'_, ()> {
        let put = client.put(&orders[n]);
        Box::pin(async move {
            put.await.unwrap();
        })
    };
    let dynorm_get = |n: usize| -> LocalBoxFuture<'_, ()> {
        let get = client.get(Order::key("hot", format!("ORDER#{n:08}")));
        Box::pin(async move {
            get.await.unwrap().unwrap();
        })
    };
    let dynorm_query = |_: usize| -> LocalBoxFuture<'_, ()> {
        let q = client
            .query(Order::partition("hot"))
            .sort_ge("ORDER#00000500")
            .limit(100);
        Box::pin(async move {
            assert_eq!(q.page().await.unwrap().items.len(), 100);
        })
    };

    let ops: [(&str, Op<'_>, Op<'_>, usize); 3] = [
        ("put", &dynorm_put, &raw_put, pairs),
        ("get", &dynorm_get, &raw_get, pairs),
        // A query page costs ten gets: a fifth of the pairs.
        ("query_100", &dynorm_query, &raw_query, (pairs / 5).max(50)),
    ];
    let mut lines = Vec::new();
    for (name, dynorm, raw, pairs) in ops {
        let result = rt.block_on(measure(dynorm, raw, st.seeded, pairs));
        let (point, lo, hi) = result.median_ratio();
        println!(
            "dynamodb_local_paired/{name}: {} pairs, median dynorm {:.1} µs, raw {:.1} µs, \
             median ratio {point:.3} [95% {lo:.3} {hi:.3}]",
            result.a.len(),
            Pairs::median_us(&result.a),
            Pairs::median_us(&result.b),
        );
        lines.push(result.json(name, "dynorm", "raw_sdk"));
    }
    if let Ok(dir) = std::env::var("DYNORM_BENCH_OUT") {
        let path = std::path::Path::new(&dir).join("paired.json");
        std::fs::write(&path, format!("[\n{}\n]\n", lines.join(",\n"))).expect("paired.json");
    }
    st.drop_table();
}
