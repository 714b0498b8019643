//! The serde codec: dynorm against serde_dynamo on the same ~20-field model,
//! both ways, side by side in one criterion group per direction.
//!
//! - `encode/dynorm_item`: `dynorm::to_item` (what the memory backend stores).
//! - `encode/dynorm_sdk`: `dynorm::to_item` then the DynamoDB backend's
//!   conversion to the SDK's map (what the DynamoDB backend sends).
//! - `encode/serde_dynamo_sdk`: `serde_dynamo::to_item` into the SDK's map.
//! - `decode/*`: the way back, from an owned input (its clone is set-up, not measured).

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run
#![allow(missing_docs)] // criterion_group! defines an undocumented public function

use aws_sdk_dynamodb::types::AttributeValue;
use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use dynorm_benches::{Order, SdOrder};
use dynorm_dynamodb::convert::{attrs_into_item, item_into_attrs};
use std::collections::HashMap;
use std::time::Duration;

type SdkItem = HashMap<String, AttributeValue>;

fn encode(c: &mut Criterion) {
    let order = Order::sample("customer-42", 7, 120);
    let sd = SdOrder::from(&order);
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
    let order = Order::sample("customer-42", 7, 120);
    let item = dynorm::to_item(&order).unwrap();
    let ours: SdkItem = item_into_attrs(item.clone());
    let theirs: SdkItem = serde_dynamo::to_item(SdOrder::from(&order)).unwrap();
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
            || ours.clone(),
            |m| dynorm::from_item::<Order>(attrs_into_item(m).unwrap()).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("serde_dynamo_sdk", |b| {
        b.iter_batched(
            || theirs.clone(),
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
