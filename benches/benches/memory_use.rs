//! Memory the memory backend uses per stored item: the resident set size
//! (`VmRSS` of /proc/self/status) before and after inserting 100,000 items of
//! about 1 KB, against the items' DynamoDB size (`dynorm::item_size`).
//!
//! Not a criterion bench: it runs once and prints one line per figure
//! (`memory_use: name = value`), plus the ratio to the 2x target.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run

use dynorm_benches::{current_thread_runtime, memory_client, Order};

/// Items inserted.
const ITEMS: usize = 100_000;
/// Note length that makes an item about 1 KB in DynamoDB's accounting.
const NOTE: usize = 620;
/// Target: resident bytes per item at most this many times its DynamoDB size.
const TARGET_RATIO: f64 = 2.0;

/// A field of /proc/self/status in bytes (`VmRSS`, `VmHWM`), or `None` off Linux.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn main() {
    // `cargo bench` passes `--bench` (and maybe a filter); a filter that does
    // not name this bench skips it, as criterion benches do.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !filters.is_empty() && !filters.iter().any(|f| "memory_use".contains(f.as_str())) {
        return;
    }
    let rt = current_thread_runtime();
    let client = memory_client();
    let mut dynamo_bytes = 0usize;
    let (before, after) = rt.block_on(async {
        client.create_table::<Order>().await.expect("create table");
        // Warm the allocator and the client's paths on another partition, then remove it.
        let warm = Order::sample("warm", 0, NOTE);
        client.put(&warm).await.expect("warm-up put");
        client
            .delete(Order::key("warm", warm.order_id.clone()))
            .await
            .expect("warm-up delete");
        let before = status_bytes("VmRSS:").unwrap_or(0);
        for n in 0..ITEMS {
            let order = Order::sample(&format!("customer-{:04}", n % 1_000), n, NOTE);
            dynamo_bytes += dynorm::item_size(&dynorm::to_item(&order).expect("encode"));
            client.put(&order).await.expect("put");
        }
        (before, status_bytes("VmRSS:").unwrap_or(0))
    });
    let grown = after.saturating_sub(before);
    let per_item = grown as f64 / ITEMS as f64;
    let item = dynamo_bytes as f64 / ITEMS as f64;
    let ratio = per_item / item;
    println!("memory_use: items = {ITEMS}");
    println!("memory_use: dynamodb_item_size_bytes = {item:.0}");
    println!("memory_use: rss_before_bytes = {before}");
    println!("memory_use: rss_after_bytes = {after}");
    println!(
        "memory_use: rss_peak_bytes = {}",
        status_bytes("VmHWM:").unwrap_or(0)
    );
    println!("memory_use: rss_per_item_bytes = {per_item:.0}");
    println!(
        "memory_use: ratio_to_item_size = {ratio:.2} (target <= {TARGET_RATIO:.1}: {})",
        if ratio <= TARGET_RATIO {
            "met"
        } else {
            "MISSED"
        }
    );
    drop(client);
}
