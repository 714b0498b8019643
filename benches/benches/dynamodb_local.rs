//! dynorm against the raw aws-sdk-dynamodb client over DynamoDB Local: a
//! 10,000-item batch write at the same concurrency on both sides (dynorm's
//! batch with [`CONCURRENCY`] chunks in flight against a raw
//! `BatchWriteItem` loop keeping as many in flight), directly and again
//! through a [`LatencyProxy`] adding a 10 ms round trip (an in-region call
//! to DynamoDB takes a few milliseconds). What is measured is dynorm's cost
//! over the same work done by hand: chunking, conversion, the sends, and
//! retries of unprocessed items. Single requests (put, get, query) are
//! compared in adjacent pairs by `dynamodb_local_paired`.
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
    local_endpoint, raw_local_client, LatencyProxy, LocalSetup, Order, SdOrder, LOCAL_NOTE,
};
use dynorm_dynamodb::DynamoDbBackend;
use futures::stream::{self, StreamExt};
use std::collections::HashMap;
use std::time::Duration;

/// Items of the big batch write.
const BATCH: usize = 10_000;

/// `BatchWriteItem` calls in flight at once, on both sides (dynorm's default).
const CONCURRENCY: usize = 4;

type SdkItem = HashMap<String, AttributeValue>;

/// The round trip the proxy adds in `batch_write_10000_rtt_10ms`.
const ONE_WAY: Duration = Duration::from_millis(5);

fn batch_write(c: &mut Criterion, st: &LocalSetup, group: &str, via: Option<&str>) {
    let LocalSetup { rt, table, .. } = st;
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
        .map(|n| Order::sample("batch", n, LOCAL_NOTE))
        .collect();
    let sd_orders: Vec<SdOrder> = orders.iter().map(SdOrder::from).collect();
    let mut g = c.benchmark_group(group);
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("dynorm_concurrent", |b| {
        b.to_async(rt).iter(|| {
            let write = client
                .batch_write()
                .put_all(&orders)
                .concurrency(CONCURRENCY);
            async move { assert_eq!(write.await.unwrap(), BATCH) }
        })
    });
    g.bench_function("raw_sdk_concurrent", |b| {
        b.to_async(rt).iter(|| {
            stream::iter(sd_orders.chunks(25))
                .map(|chunk| raw_batch_write(raw, table, chunk))
                .buffer_unordered(CONCURRENCY)
                .for_each(|()| async {})
        })
    });
    g.finish();
}

/// One chunk of at most 25 orders through the raw SDK, as a user without
/// dynorm writes it: convert with serde_dynamo, send, resend what comes back
/// unprocessed.
async fn raw_batch_write(raw: &aws_sdk_dynamodb::Client, table: &str, chunk: &[SdOrder]) {
    let mut requests: Vec<WriteRequest> = chunk
        .iter()
        .map(|o| {
            let item: SdkItem = serde_dynamo::to_item(o).unwrap();
            WriteRequest::builder()
                .put_request(PutRequest::builder().set_item(Some(item)).build().unwrap())
                .build()
        })
        .collect();
    while !requests.is_empty() {
        let out = raw
            .batch_write_item()
            .request_items(table, requests)
            .send()
            .await
            .unwrap();
        requests = out
            .unprocessed_items
            .and_then(|mut u| u.remove(table))
            .unwrap_or_default();
    }
}

fn benches(c: &mut Criterion) {
    let Some(endpoint) = local_endpoint() else {
        return;
    };
    let st = LocalSetup::new(&endpoint, "batch");
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
    st.drop_table();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(30)
}

criterion_group! { name = group; config = config(); targets = benches }
criterion_main!(group);
