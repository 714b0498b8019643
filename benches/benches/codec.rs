//! The serde codec: dynorm against serde_dynamo on the same ~20-field model,
//! both ways, side by side in one criterion group per direction. Both sides
//! start from the same data and end at the same document: the fixtures are
//! checked to encode to identical SDK maps, and both decoders read that one
//! map.
//!
//! - `encode/dynorm_sdk` against `encode/serde_dynamo_sdk`: the model to the
//!   SDK's `HashMap<String, AttributeValue>` (`dynorm::to_item` then the
//!   DynamoDB backend's conversion, what it sends; `serde_dynamo::to_item`).
//! - `decode/dynorm_sdk` against `decode/serde_dynamo_sdk`: the same SDK map
//!   (owned; its clone is set-up, not measured) back to the model.
//! - `encode/dynorm_item`, `decode/dynorm_item`: to and from a `dynorm::Item`
//!   only (what the memory backend stores and returns), for the share of the
//!   SDK conversion; serde_dynamo has no such step, so these have no
//!   counterpart.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run
#![allow(missing_docs)] // criterion_group! defines an undocumented public function

use aws_sdk_dynamodb::types::AttributeValue;
use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use dynorm_benches::{Order, SdOrder};
use dynorm_dynamodb::convert::{attrs_into_item, item_into_attrs};
use std::collections::HashMap;
use std::time::Duration;

type SdkItem = HashMap<String, AttributeValue>;

/// The bench model as dynorm and as serde_dynamo see it, and the SDK map
/// both encode it to (checked identical).
fn fixtures() -> (Order, SdOrder, SdkItem) {
    let order = Order::sample("customer-42", 7, 120);
    let sd = SdOrder::from(&order);
    let ours = item_into_attrs(dynorm::to_item(&order).unwrap());
    let theirs: SdkItem = serde_dynamo::to_item(&sd).unwrap();
    assert_eq!(ours, theirs, "both codecs must produce the same document");
    (order, sd, ours)
}

fn encode(c: &mut Criterion) {
    let (order, sd, _) = fixtures();
    let mut g = c.benchmark_group("codec/encode");
    g.bench_function("dynorm_item", |b| {
        b.iter(|| dynorm::to_item(black_box(&order)).unwrap())
    });
    g.bench_function("dynorm_sdk", |b| {
        b.iter(|| item_into_attrs(dynorm::to_item(black_box(&order)).unwrap()))
    });
    g.bench_function("serde_dynamo_sdk", |b| {
        b.iter(|| -> SdkItem { serde_dynamo::to_item(black_box(&sd)).unwrap() })
    });
    g.finish();
}

fn decode(c: &mut Criterion) {
    let (order, _, input) = fixtures();
    let item = dynorm::to_item(&order).unwrap();
    let mut g = c.benchmark_group("codec/decode");
    g.bench_function("dynorm_item", |b| {
        b.iter_batched(
            || item.clone(),
            |i| dynorm::from_item::<Order>(i).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("dynorm_sdk", |b| {
        b.iter_batched(
            || input.clone(),
            |m| dynorm::from_item::<Order>(attrs_into_item(m).unwrap()).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("serde_dynamo_sdk", |b| {
        b.iter_batched(
            || input.clone(),
            |m| serde_dynamo::from_item::<_, SdOrder>(m).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(60)
}

criterion_group! { name = benches; config = config(); targets = encode, decode }
criterion_main!(benches);
