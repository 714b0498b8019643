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
//!
//! A third server gives the floor: a replay server on the same HTTP stack
//! (hyper, its own two-thread runtime) that answers each operation with
//! dynorm-server's answer to it, recorded once, and does nothing else. The
//! same client against it, in pairs with dynorm-server, is what any server
//! on this protocol costs this client on this machine; what the two real
//! servers take above it is their own work, and the ratio of those shares
//! is printed too.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run

use dynorm_benches::paired::{measure, Op, Pairs, RawRequests};
use dynorm_benches::{local_endpoint, raw_local_client, LocalSetup, Order, SdOrder};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use std::collections::HashMap;
use std::io::{Read, Write};
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

/// The body of `endpoint`'s answer to one DynamoDB request (HTTP/1.1 on a
/// connection of its own, closed after the answer).
fn post(endpoint: &str, operation: &str, body: &str) -> Bytes {
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {addr}\r\nX-Amz-Target: DynamoDB_20120810.{operation}\r\n\
         Content-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let head_end = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{operation}: {answer:?}"
    );
    Bytes::copy_from_slice(&answer[head_end + 4..])
}

/// dynorm-server's answers to the get and query the pairs send, by
/// operation (a put's answer is `{}`).
fn recorded_answers(server: &str, table: &str) -> HashMap<String, Bytes> {
    let get = format!(
        r#"{{"TableName":"{table}","Key":{{"customer":{{"S":"hot"}},"order_id":{{"S":"ORDER#00000000"}}}}}}"#
    );
    let query = format!(
        r##"{{"TableName":"{table}","KeyConditionExpression":"#k0 = :v0 AND #k1 >= :v1","ExpressionAttributeNames":{{"#k0":"customer","#k1":"order_id"}},"ExpressionAttributeValues":{{":v0":{{"S":"hot"}},":v1":{{"S":"ORDER#00000500"}}}},"Limit":100}}"##
    );
    HashMap::from([
        ("PutItem".to_owned(), Bytes::from_static(b"{}")),
        ("GetItem".to_owned(), post(server, "GetItem", &get)),
        ("Query".to_owned(), post(server, "Query", &query)),
    ])
}

/// The endpoint of a replay server on its own thread and runtime: it reads
/// each request and answers with the recorded body of its operation.
fn start_replay(answers: HashMap<String, Bytes>) -> String {
    let answers = Arc::new(answers);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let answers = answers.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                        let answers = answers.clone();
                        async move {
                            let operation = req
                                .headers()
                                .get("x-amz-target")
                                .and_then(|t| t.to_str().ok())
                                .and_then(|t| t.strip_prefix("DynamoDB_20120810."))
                                .unwrap_or_default()
                                .to_owned();
                            req.into_body().collect().await?;
                            let body = answers[&operation].clone();
                            let crc = crc32fast::hash(&body);
                            let mut response = Response::new(Full::new(body));
                            let headers = response.headers_mut();
                            headers.insert(
                                "content-type",
                                "application/x-amz-json-1.0".parse().unwrap(),
                            );
                            headers.insert("x-amz-crc32", crc.into());
                            Ok::<_, hyper::Error>(response)
                        }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
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
    let replay = start_replay(recorded_answers(&server, &on_server.table));
    let replay_client = raw_local_client(&replay);
    let f = RawRequests {
        client: &replay_client,
        table: &on_server.table,
        orders: &orders,
    };
    let (local_put, server_put, floor_put) = (|n| l.put(n), |n| v.put(n), |n| f.put(n));
    let (local_get, server_get, floor_get) = (|n| l.get(n), |n| v.get(n), |n| f.get(n));
    let (local_query, server_query, floor_query) = (|n| l.query(n), |n| v.query(n), |n| f.query(n));
    let ops: [(&str, Op<'_>, Op<'_>, Op<'_>, usize); 3] = [
        ("put", &local_put, &server_put, &floor_put, pairs),
        ("get", &local_get, &server_get, &floor_get, pairs),
        (
            "query_100",
            &local_query,
            &server_query,
            &floor_query,
            (pairs / 5).max(50),
        ),
    ];
    for (name, local_op, server_op, floor_op, pairs) in ops {
        let seeded = on_local.seeded;
        let result = on_local
            .rt
            .block_on(measure(local_op, server_op, seeded, pairs));
        let (point, lo, hi) = result.median_ratio();
        let (local_us, server_us) = (Pairs::median_us(&result.a), Pairs::median_us(&result.b));
        println!(
            "server_vs_local/{name}: {} pairs, median DynamoDB Local {local_us:.1} µs, \
             dynorm-server {server_us:.1} µs, Local / server {point:.2}x [95% {lo:.2} {hi:.2}]",
            result.a.len(),
        );
        let floor = on_local
            .rt
            .block_on(measure(server_op, floor_op, seeded, pairs));
        let (point, lo, hi) = floor.median_ratio();
        let floor_us = Pairs::median_us(&floor.b);
        println!(
            "server_vs_local/{name}: {} pairs, median dynorm-server {:.1} µs, replay floor \
             {floor_us:.1} µs, server / floor {point:.2}x [95% {lo:.2} {hi:.2}]; above the \
             floor: Local {:.1} µs, server {:.1} µs, Local / server {:.1}x",
            floor.a.len(),
            Pairs::median_us(&floor.a),
            local_us - floor_us,
            server_us - floor_us,
            (local_us - floor_us) / (server_us - floor_us),
        );
    }
    on_local.drop_table();
    on_server.drop_table();
}
