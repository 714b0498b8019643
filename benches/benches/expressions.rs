//! Expression strings: parsing and validating with core's parser, and
//! rendering trees back to strings.
//!
//! - `expressions/parse_filter_seed003`: seed 003's filter
//!   `price > :min_price AND stock > :min_stock` with its value map, through
//!   `dynorm::expr::parse::filter` (lexing, parsing, placeholder resolution,
//!   reserved words, the tree checks and the unused-placeholder check).
//! - `expressions/parse_update`: a four-clause update expression.
//! - `expressions/render_filter_seed003`: the same filter tree rendered with
//!   fresh placeholders (what the DynamoDB backend does per request).

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run
#![allow(missing_docs)] // criterion_group! defines an undocumented public function

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use dynorm::expr::{parse, render};
use dynorm::Value;
use std::collections::HashMap;
use std::time::Duration;

const SEED_FILTER: &str = "price > :min_price AND stock > :min_stock";

fn bench(c: &mut Criterion) {
    let names = HashMap::new();
    let values = HashMap::from([
        (":min_price".to_owned(), Value::from(500)),
        (":min_stock".to_owned(), Value::from(10)),
    ]);
    let mut g = c.benchmark_group("expressions");
    g.bench_function("parse_filter_seed003", |b| {
        b.iter(|| parse::filter(black_box(SEED_FILTER), &names, &values).unwrap())
    });

    let update_names = HashMap::from([("#c".to_owned(), "count".to_owned())]);
    let update_values = HashMap::from([
        (":one".to_owned(), Value::from(1)),
        (":empty".to_owned(), Value::L(vec![])),
        (":items".to_owned(), Value::L(vec![Value::from("x")])),
        (":tags".to_owned(), Value::string_set(["t"])),
    ]);
    let update =
        "SET #c = #c + :one, history = list_append(if_not_exists(history, :empty), :items) \
                  REMOVE draft ADD visits :one DELETE tags :tags";
    g.bench_function("parse_update", |b| {
        b.iter(|| parse::update(black_box(update), &update_names, &update_values).unwrap())
    });

    let tree = parse::filter(SEED_FILTER, &names, &values).unwrap();
    g.bench_function("render_filter_seed003", |b| {
        b.iter(|| {
            let mut p = render::Placeholders::new();
            let text = render::condition(black_box(&tree), &mut p).unwrap();
            (text, p.into_maps())
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(60)
}

criterion_group! { name = benches; config = config(); targets = bench }
criterion_main!(benches);
