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

use aws_sdk_dynamodb::types::AttributeValue;
use dynorm_benches::{local_endpoint, LocalSetup, Order, SdOrder};
use futures::future::LocalBoxFuture;
use std::time::{Duration, Instant};

/// Pairs sent before measuring (the JVM's warm-up).
const WARM_UP_PAIRS: usize = 500;
/// Bootstrap resamples for the interval of the median ratio.
const RESAMPLES: usize = 2_000;

/// One request of a comparison, on item `n`.
type Op<'a> = &'a dyn Fn(usize) -> LocalBoxFuture<'a, ()>;

/// The timings of one operation's pairs.
struct Pairs {
    dynorm: Vec<Duration>,
    raw: Vec<Duration>,
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// A small deterministic generator for the bootstrap (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

impl Pairs {
    fn ratios(&self) -> Vec<f64> {
        self.dynorm
            .iter()
            .zip(&self.raw)
            .map(|(d, r)| d.as_secs_f64() / r.as_secs_f64())
            .collect()
    }

    /// The median per-pair ratio and its bootstrap 95% interval.
    fn median_ratio(&self) -> (f64, f64, f64) {
        let ratios = self.ratios();
        let point = median(&sorted(ratios.clone()));
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut medians: Vec<f64> = (0..RESAMPLES)
            .map(|_| {
                let sample: Vec<f64> = (0..ratios.len())
                    .map(|_| ratios[rng.below(ratios.len())])
                    .collect();
                median(&sorted(sample))
            })
            .collect();
        medians.sort_by(f64::total_cmp);
        let lo = medians[RESAMPLES * 25 / 1000];
        let hi = medians[RESAMPLES * 975 / 1000];
        (point, lo, hi)
    }

    fn json(&self, name: &str) -> String {
        let stats = |v: &[Duration]| {
            let s = sorted(v.iter().map(|d| d.as_secs_f64() * 1e9).collect());
            format!(
                "{{\"min_ns\": {:.0}, \"median_ns\": {:.0}, \"max_ns\": {:.0}}}",
                s[0],
                median(&s),
                s[s.len() - 1]
            )
        };
        let (point, lo, hi) = self.median_ratio();
        format!(
            "{{\"op\": \"{name}\", \"pairs\": {}, \"dynorm\": {}, \"raw_sdk\": {}, \
             \"median_ratio\": {point:.4}, \"ratio_low\": {lo:.4}, \"ratio_high\": {hi:.4}}}",
            self.dynorm.len(),
            stats(&self.dynorm),
            stats(&self.raw),
        )
    }
}

/// The time one request takes.
async fn time(op: Op<'_>, n: usize) -> Duration {
    let start = Instant::now();
    op(n).await;
    start.elapsed()
}

/// Sends [`WARM_UP_PAIRS`] untimed pairs, then `pairs` timed ones, alternating which
/// side goes first.
async fn measure(dynorm: Op<'_>, raw: Op<'_>, items: usize, pairs: usize) -> Pairs {
    let mut n = 0usize;
    let mut next = || {
        n = (n + 7) % items;
        n
    };
    for _ in 0..WARM_UP_PAIRS {
        dynorm(next()).await;
        raw(next()).await;
    }
    let mut out = Pairs {
        dynorm: Vec::with_capacity(pairs),
        raw: Vec::with_capacity(pairs),
    };
    for i in 0..pairs {
        let (a, b) = (next(), next());
        if i % 2 == 0 {
            out.dynorm.push(time(dynorm, a).await);
            out.raw.push(time(raw, b).await);
        } else {
            out.raw.push(time(raw, b).await);
            out.dynorm.push(time(dynorm, a).await);
        }
    }
    out
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

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

    let dynorm_put = |n: usize| -> LocalBoxFuture<'_, ()> {
        let put = client.put(&orders[n]);
        Box::pin(async move {
            put.await.unwrap();
        })
    };
    let raw_put = |n: usize| -> LocalBoxFuture<'_, ()> {
        let item = serde_dynamo::to_item(&sd_orders[n]).unwrap();
        let put = raw.put_item().table_name(table).set_item(Some(item));
        Box::pin(async move {
            put.send().await.unwrap();
        })
    };
    let dynorm_get = |n: usize| -> LocalBoxFuture<'_, ()> {
        let get = client.get(Order::key("hot", format!("ORDER#{n:08}")));
        Box::pin(async move {
            get.await.unwrap().unwrap();
        })
    };
    let raw_get = |n: usize| -> LocalBoxFuture<'_, ()> {
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
    let dynorm_query = |_: usize| -> LocalBoxFuture<'_, ()> {
        let q = client
            .query(Order::partition("hot"))
            .sort_ge("ORDER#00000500")
            .limit(100);
        Box::pin(async move {
            assert_eq!(q.page().await.unwrap().items.len(), 100);
        })
    };
    let raw_query = |_: usize| -> LocalBoxFuture<'_, ()> {
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
        let med =
            |v: &[Duration]| median(&sorted(v.iter().map(|d| d.as_secs_f64() * 1e6).collect()));
        println!(
            "dynamodb_local_paired/{name}: {} pairs, median dynorm {:.1} µs, raw {:.1} µs, \
             median ratio {point:.3} [95% {lo:.3} {hi:.3}]",
            result.dynorm.len(),
            med(&result.dynorm),
            med(&result.raw),
        );
        lines.push(result.json(name));
    }
    if let Ok(dir) = std::env::var("DYNORM_BENCH_OUT") {
        let path = std::path::Path::new(&dir).join("paired.json");
        std::fs::write(&path, format!("[\n{}\n]\n", lines.join(",\n"))).expect("paired.json");
    }
    st.drop_table();
}
