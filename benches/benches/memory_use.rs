//! Memory the memory backend uses per stored item, and where it goes: the
//! resident set size (`VmRSS` of /proc/self/status) before and after storing
//! 100,000 [`CompactOrder`] items (13 attributes, 934 bytes of DynamoDB
//! size), against the items' DynamoDB size (`dynorm::item_size`), keyed two
//! ways, each in a child process: by the model's key (1,000 partitions of
//! 100) and in a table with a partition key only (one item per partition).
//!
//! A counting global allocator splits the growth: the heap the stored items
//! hold (bytes asked for, and allocations) against what the allocator keeps
//! around them (headers, rounding), and, of the heap, the packed buffers
//! (`PackedItem::packed_len` plus the shared pointer's two counters) and
//! the key strings kept beside them against the rest (the B-tree nodes).
//!
//! Not a criterion bench: it runs once and prints one line per figure
//! (`memory_use: shape.name = value`), plus the ratio to the 1.1x target.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run

use dynorm::backend::{KeyAttribute, KeyType, TableDefinition};
use dynorm::value::PackedItem;
use dynorm::{Item, Model};
use dynorm_benches::{current_thread_runtime, memory_client, CompactOrder};
use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;

/// Items stored.
const ITEMS: usize = 100_000;
/// Target: resident bytes per item at most this many times its DynamoDB size.
const TARGET_RATIO: f64 = 1.1;
/// The counters of `Arc<[u8]>` ahead of a packed buffer's bytes.
const ARC_COUNTERS: usize = 2 * std::mem::size_of::<usize>();

/// The system allocator, counting bytes and allocations.
#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A field of /proc/self/status in bytes (`VmRSS`, `VmHWM`), or `None` off Linux.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// What is live now: resident bytes, heap bytes, heap allocations.
fn snapshot() -> (f64, f64, f64) {
    let stats = ALLOCATOR.stats();
    (
        status_bytes("VmRSS:").unwrap_or(0) as f64,
        // Growth and shrinking by `realloc` are counted in these two already.
        stats.bytes_allocated as f64 - stats.bytes_deallocated as f64,
        stats.allocations as f64 - stats.deallocations as f64,
    )
}

/// How the stored items are keyed.
#[derive(Clone, Copy)]
enum Shape {
    /// The model's own key: 1,000 partitions of 100 items by sort key.
    Partitions,
    /// A table with a partition key only: one item per partition (the
    /// model's two key values joined into it).
    PartitionKeyOnly,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Partitions => "partitions_of_100",
            Shape::PartitionKeyOnly => "partition_key_only",
        }
    }
}

/// Stores [`ITEMS`] items keyed as `shape` and prints the figures (in a
/// process of its own: memory freed by one shape would be reused by the next).
fn measure(shape: Shape) {
    let rt = current_thread_runtime();
    let client = memory_client();
    let sample = |n: usize| CompactOrder::sample(&format!("customer-{:04}", n % 1_000), n);
    let item_of = |order: &CompactOrder| {
        let mut item = dynorm::to_item(order).expect("encode");
        if let Shape::PartitionKeyOnly = shape {
            item.remove("order_id");
            item.insert("customer", format!("{}#{}", order.customer, order.order_id));
        }
        item
    };
    let (mut dynamo_bytes, mut packed_bytes, mut key_bytes) = (0usize, 0usize, 0usize);
    let (before, after) = rt.block_on(async {
        match shape {
            Shape::Partitions => client.create_table::<CompactOrder>().await,
            Shape::PartitionKeyOnly => {
                client
                    .create_table_definition(TableDefinition::new(
                        "flat",
                        KeyAttribute::new("customer", KeyType::S),
                    ))
                    .await
            }
        }
        .expect("create table");
        let table = client.table(match shape {
            Shape::Partitions => CompactOrder::schema().table,
            Shape::PartitionKeyOnly => "flat",
        });
        // Warm the allocator and the client's paths, then remove the item.
        let warm = item_of(&CompactOrder::sample("warm", 0));
        table.put(warm.clone()).await.expect("warm-up put");
        let key = match shape {
            Shape::Partitions => Item::new()
                .with("customer", warm["customer"].clone())
                .with("order_id", warm["order_id"].clone()),
            Shape::PartitionKeyOnly => Item::new().with("customer", warm["customer"].clone()),
        };
        table.delete(key).await.expect("warm-up delete");
        let before = snapshot();
        for n in 0..ITEMS {
            let order = sample(n);
            let item = item_of(&order);
            dynamo_bytes += dynorm::item_size(&item);
            packed_bytes += PackedItem::pack(&item).packed_len();
            key_bytes += match shape {
                Shape::Partitions => order.customer.len() / 100 + order.order_id.len(),
                Shape::PartitionKeyOnly => order.customer.len() + 1 + order.order_id.len(),
            };
            table.put(item).await.expect("put");
        }
        (before, snapshot())
    });
    let per_item = |total: f64| total / ITEMS as f64;
    let rss = per_item(after.0 - before.0);
    let heap = per_item(after.1 - before.1);
    let allocations = per_item(after.2 - before.2);
    let item = per_item(dynamo_bytes as f64);
    let buffers = per_item(packed_bytes as f64) + ARC_COUNTERS as f64;
    let keys = per_item(key_bytes as f64);
    let ratio = rss / item;
    let line =
        |name: &str, value: String| println!("memory_use: {}.{name} = {value}", shape.name());
    line("items", ITEMS.to_string());
    line("dynamodb_item_size_bytes", format!("{item:.0}"));
    line("rss_per_item_bytes", format!("{rss:.0}"));
    line(
        "heap_per_item_bytes",
        format!("{heap:.0} (bytes asked of the allocator, live)"),
    );
    line("allocations_per_item", format!("{allocations:.2}"));
    line(
        "packed_buffer_per_item_bytes",
        format!("{buffers:.0} (the packed item and its Arc counters)"),
    );
    line(
        "key_strings_per_item_bytes",
        format!("{keys:.0} (the key values kept beside the buffer)"),
    );
    line(
        "rest_of_heap_per_item_bytes",
        format!("{:.0} (B-tree nodes)", heap - buffers - keys),
    );
    line(
        "allocator_overhead_per_item_bytes",
        format!("{:.0} (resident minus heap)", rss - heap),
    );
    line(
        "ratio_to_item_size",
        format!(
            "{ratio:.2} (target <= {TARGET_RATIO:.1}: {})",
            if ratio <= TARGET_RATIO {
                "met"
            } else {
                "MISSED"
            }
        ),
    );
    drop(client);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().position(|a| a == "--shape") {
        Some(i) => {
            let shape = match args.get(i + 1).map(String::as_str) {
                Some("partition_key_only") => Shape::PartitionKeyOnly,
                _ => Shape::Partitions,
            };
            measure(shape);
        }
        None => {
            // `cargo bench` passes `--bench` (and maybe a filter); a filter
            // that does not name this bench skips it, as criterion benches do.
            let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
            if !filters.is_empty() && !filters.iter().any(|f| "memory_use".contains(f.as_str())) {
                return;
            }
            let exe = std::env::current_exe().expect("this bench's path");
            for shape in [Shape::Partitions, Shape::PartitionKeyOnly] {
                let status = std::process::Command::new(&exe)
                    .args(["--shape", shape.name()])
                    .status()
                    .expect("run a shape");
                assert!(status.success(), "the {} run failed", shape.name());
            }
        }
    }
}
