//! The same aws-sdk-dynamodb client against dynorm-server (the memory
//! backend on DynamoDB's wire protocol) and against DynamoDB Local: put, get
//! and a 100-item query page, one request at a time in adjacent pairs
//! (`dynorm_benches::paired`), the order alternating from pair to pair. The
//! figure is the median per-pair ratio Local / server (how many times faster
//! the server answers), with a bootstrap 95% interval.
//!
//! The server runs in this process on a runtime of its own (two worker
//! threads), as an embedded `Server::bind` does; DynamoDB Local is its own
//! JVM. Both tables hold the same seeded orders. Prints one line per
//! operation; without `DYNORM_DYNAMODB_ENDPOINT` it prints a skip message.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run

use dynorm_benches::paired::{measure, Op, Pairs, RawRequests};
use dynorm_benches::{local_endpoint, raw_local_client, LocalSetup, Order, SdOrder};
use std::sync::Arc;

/// The endpoint of a dynorm-server started on its own thread and runtime.
fn start_server() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = dynorm_server::Server::bind(
                "127.0.0.1:0",
                Arc::new(dynorm_memory::MemoryBackend::new()),
            )
            .await
            .unwrap();
            tx.send(server.endpoint()).unwrap();
            std::future::pending::<()>().await;
        });
    });
    rx.recv().unwrap()
}

fn main() {
    let Some(local) = local_endpoint() else {
        return;
    };
    let pairs: usize = std::env::var("DYNORM_BENCH_PAIRS")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(2_000);
    let server = start_server();
    let on_local = LocalSetup::new(&local, "vs_server");
    let on_server = LocalSetup::new(&server, "vs_local");
    let server_client = raw_local_client(&server);
    let orders: Vec<SdOrder> = (0..on_local.seeded)
        .map(|n| SdOrder::from(&Order::sample("hot", n, dynorm_benches::LOCAL_NOTE)))
        .collect();
    let l = RawRequests {
        client: &on_local.raw,
        table: &on_local.table,
        orders: &orders,
    };
    let v = RawRequests {
        client: &server_client,
        table: &on_server.table,
        orders: &orders,
    };
    let (local_put, server_put) = (|n| l.put(n), |n| v.put(n));
    let (local_get, server_get) = (|n| l.get(n), |n| v.get(n));
    let (local_query, server_query) = (|n| l.query(n), |n| v.query(n));
    let ops: [(&str, Op<'_>, Op<'_>, usize); 3] = [
        ("put", &local_put, &server_put, pairs),
        ("get", &local_get, &server_get, pairs),
        (
            "query_100",
            &local_query,
            &server_query,
            (pairs / 5).max(50),
        ),
    ];
    for (name, local_op, server_op, pairs) in ops {
        let result = on_local
            .rt
            .block_on(measure(local_op, server_op, on_local.seeded, pairs));
        let (point, lo, hi) = result.median_ratio();
        println!(
            "server_vs_local/{name}: {} pairs, median DynamoDB Local {:.1} µs, dynorm-server \
             {:.1} µs, Local / server {point:.2}x [95% {lo:.2} {hi:.2}]",
            result.a.len(),
            Pairs::median_us(&result.a),
            Pairs::median_us(&result.b),
        );
    }
    on_local.drop_table();
    on_server.drop_table();
}
