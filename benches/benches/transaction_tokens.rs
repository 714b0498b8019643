//! The memory backend's client request token store over 100,000 write
//! transactions, each with its own token: the time per transaction and the
//! resident set size (`VmRSS`) after every 10,000, first without tokens (the
//! baseline), then with them. Each transaction puts four ~1 KB items of a
//! 1,000-item working set, so the table itself stops growing after the first
//! window.
//!
//! Every token stays for DynamoDB's 10 minutes, longer than the run, so the
//! tokens' growth is the whole store: what a token costs. Expiry is measured
//! by the backend's unit tests (tokens.rs), not here.
//!
//! Not a criterion bench: it runs once and prints one line per figure
//! (`transaction_tokens: name = value`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run

use dynorm::backend::{
    Backend, KeyAttribute, KeyType, TableDefinition, TransactWriteAction, TransactWriteItemsRequest,
};
use dynorm::Item;
use dynorm_benches::current_thread_runtime;
use dynorm_memory::MemoryBackend;
use std::time::Instant;

/// Transactions per run.
const TRANSACTIONS: usize = 100_000;
/// Transactions between two measurements.
const WINDOW: usize = 10_000;
/// Actions per transaction.
const ACTIONS: usize = 4;
/// Distinct items written.
const ITEMS: usize = 1_000;

/// A field of /proc/self/status in bytes (`VmRSS`), or 0 off Linux.
fn rss() -> u64 {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return 0;
    };
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn transaction(n: usize, token: bool) -> TransactWriteItemsRequest {
    let actions = (0..ACTIONS)
        .map(|a| {
            let item = Item::new()
                .with("pk", format!("item-{}", (n * ACTIONS + a) % ITEMS))
                .with("n", n as i64)
                .with("note", "x".repeat(1_000));
            TransactWriteAction::put("tokens", item)
        })
        .collect();
    let req = TransactWriteItemsRequest::new(actions);
    if token {
        req.client_request_token(format!("token-{n:08}-0123456789abcdef"))
    } else {
        req
    }
}

async fn windows(db: &MemoryBackend, label: &str, token: bool) {
    let start_rss = rss();
    for w in 0..TRANSACTIONS / WINDOW {
        let started = Instant::now();
        for n in w * WINDOW..(w + 1) * WINDOW {
            db.transact_write_items(transaction(n, token))
                .await
                .expect("transaction");
        }
        let micros = started.elapsed().as_secs_f64() * 1e6 / WINDOW as f64;
        let now = rss();
        println!(
            "transaction_tokens: {label} after {:>6} = {micros:.1} us/transaction, rss {:.1} MB (+{:.1} MB)",
            (w + 1) * WINDOW,
            now as f64 / 1e6,
            now.saturating_sub(start_rss) as f64 / 1e6,
        );
    }
    let grown = rss().saturating_sub(start_rss);
    println!(
        "transaction_tokens: {label} rss_growth_per_transaction_bytes = {:.0}",
        grown as f64 / TRANSACTIONS as f64
    );
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !filters.is_empty()
        && !filters
            .iter()
            .any(|f| "transaction_tokens".contains(f.as_str()))
    {
        return;
    }
    let rt = current_thread_runtime();
    rt.block_on(async {
        let db = MemoryBackend::new();
        db.create_table(TableDefinition::new(
            "tokens",
            KeyAttribute::new("pk", KeyType::S),
        ))
        .await
        .expect("create table");
        // Fill the working set first, so that neither run measures the table growing.
        for n in 0..ITEMS / ACTIONS {
            db.transact_write_items(transaction(n, false))
                .await
                .expect("warm-up");
        }
        windows(&db, "no token  ", false).await;
        windows(&db, "with token", true).await;
    });
}
