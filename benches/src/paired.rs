//! Two sides of a comparison measured one request at a time in adjacent
//! pairs, the order alternating from pair to pair; the figure that counts is
//! the median of the per-pair ratios, with a bootstrap 95% interval. For
//! servers that speed up and slow down by more than the two sides differ
//! (DynamoDB Local's JVM), where two criterion functions measured one after
//! the other would compare two moments of the server.

use crate::SdOrder;
use aws_sdk_dynamodb::types::AttributeValue;
use futures::future::LocalBoxFuture;
use std::time::{Duration, Instant};

/// Pairs sent before measuring (the JVM's warm-up).
pub const WARM_UP_PAIRS: usize = 500;
/// Bootstrap resamples for the interval of the median ratio.
const RESAMPLES: usize = 2_000;

/// One request of a comparison, on item `n`.
pub type Op<'a> = &'a dyn Fn(usize) -> LocalBoxFuture<'a, ()>;

/// The timings of one operation's pairs: side `a` and side `b`.
pub struct Pairs {
    /// The first side's timings.
    pub a: Vec<Duration>,
    /// The second side's timings, pair by pair.
    pub b: Vec<Duration>,
}

/// The median of sorted values.
pub fn median(sorted: &[f64]) -> f64 {
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

/// The values, sorted.
pub fn sorted(mut v: Vec<f64>) -> Vec<f64> {
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
        self.a
            .iter()
            .zip(&self.b)
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
            .collect()
    }

    /// The median per-pair ratio a / b and its bootstrap 95% interval.
    pub fn median_ratio(&self) -> (f64, f64, f64) {
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

    /// The median of one side, in µs.
    pub fn median_us(v: &[Duration]) -> f64 {
        median(&sorted(v.iter().map(|d| d.as_secs_f64() * 1e6).collect()))
    }

    /// The result as one JSON object, the sides named `a_name` and `b_name`.
    pub fn json(&self, name: &str, a_name: &str, b_name: &str) -> String {
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
            "{{\"op\": \"{name}\", \"pairs\": {}, \"{a_name}\": {}, \"{b_name}\": {}, \
             \"median_ratio\": {point:.4}, \"ratio_low\": {lo:.4}, \"ratio_high\": {hi:.4}}}",
            self.a.len(),
            stats(&self.a),
            stats(&self.b),
        )
    }
}

/// The time one request takes.
async fn time(op: Op<'_>, n: usize) -> Duration {
    let start = Instant::now();
    op(n).await;
    start.elapsed()
}

/// Sends [`WARM_UP_PAIRS`] untimed pairs, then `pairs` timed ones, alternating
/// which side goes first; `n` walks the `items` so the two sides of a pair
/// touch different items.
pub async fn measure(a: Op<'_>, b: Op<'_>, items: usize, pairs: usize) -> Pairs {
    measure_after(a, b, items, WARM_UP_PAIRS, pairs).await
}

/// [`measure`] with `warm_up` untimed pairs instead of [`WARM_UP_PAIRS`]
/// (for operations too long to repeat 500 times first).
pub async fn measure_after(
    a: Op<'_>,
    b: Op<'_>,
    items: usize,
    warm_up: usize,
    pairs: usize,
) -> Pairs {
    let mut n = 0usize;
    let mut next = || {
        n = (n + 7) % items;
        n
    };
    for _ in 0..warm_up {
        a(next()).await;
        b(next()).await;
    }
    let mut out = Pairs {
        a: Vec::with_capacity(pairs),
        b: Vec::with_capacity(pairs),
    };
    for i in 0..pairs {
        let (x, y) = (next(), next());
        if i % 2 == 0 {
            out.a.push(time(a, x).await);
            out.b.push(time(b, y).await);
        } else {
            out.b.push(time(b, y).await);
            out.a.push(time(a, x).await);
        }
    }
    out
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

/// Put, get and query-100 requests of one raw aws-sdk-dynamodb client on one
/// table of seeded orders (`LocalSetup`), as the paired benchmarks send them.
pub struct RawRequests<'a> {
    /// The client.
    pub client: &'a aws_sdk_dynamodb::Client,
    /// The table.
    pub table: &'a str,
    /// The orders put by number.
    pub orders: &'a [SdOrder],
}

// A failed request aborts the benchmark run.
#[allow(clippy::unwrap_used)]
impl<'a> RawRequests<'a> {
    /// PutItem of order `n`.
    pub fn put(&self, n: usize) -> LocalBoxFuture<'a, ()> {
        let item = serde_dynamo::to_item(&self.orders[n]).unwrap();
        let put = self
            .client
            .put_item()
            .table_name(self.table)
            .set_item(Some(item));
        Box::pin(async move {
            put.send().await.unwrap();
        })
    }

    /// GetItem of order `n` (which must exist).
    pub fn get(&self, n: usize) -> LocalBoxFuture<'a, ()> {
        let get = self
            .client
            .get_item()
            .table_name(self.table)
            .key("customer", s("hot"))
            .key("order_id", AttributeValue::S(format!("ORDER#{n:08}")));
        Box::pin(async move {
            let out = get.send().await.unwrap();
            serde_dynamo::from_item::<_, SdOrder>(out.item.unwrap()).unwrap();
        })
    }

    /// A Query page of 100 orders of the `hot` customer.
    pub fn query(&self, _: usize) -> LocalBoxFuture<'a, ()> {
        let q = self
            .client
            .query()
            .table_name(self.table)
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
    }
}
