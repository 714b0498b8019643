//! dynorm's memory backend against Dynoxide (an embedded DynamoDB emulator
//! on SQLite), on the same work in the same run: each operation measured in
//! adjacent pairs whose order alternates ([`dynorm_benches::paired`]), once
//! dynorm's model path (`Client` with [`CompactOrder`]) against Dynoxide and
//! once dynorm's raw path (`Table` with `Item`s) against Dynoxide. The figure
//! is the median per-pair ratio Dynoxide / dynorm (how many times faster
//! dynorm is), with a bootstrap 95% interval. Items are [`CompactOrder`]s (13
//! attributes, ~950 bytes); Dynoxide gets the very same attribute maps.
//!
//! Dynoxide's side is its Rust API with requests built as structs (no JSON,
//! no HTTP), and it is given the items as attribute maps already built: no
//! object mapping, which dynorm's model path does inside its timings.
//!
//! Also the resident memory per stored item of each, measured in a child
//! process per store (`vs_dynoxide rss dynorm|dynoxide`), 100,000 items.
//!
//! A bench binary, run with `cargo bench -p dynorm-benches --features
//! dynoxide --bench vs_dynoxide`; `scripts/bench.sh` runs it and writes the
//! table to `target/bench-run/vs_dynoxide.md`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up: a failure aborts the run

use dynorm::expr::KeyCondition;
use dynorm::{attr, Client, Item, Model, Table, Value};
use dynorm_benches::paired::{measure_after, Op, Pairs};
use dynorm_benches::{current_thread_runtime, memory_client, CompactOrder};
use dynoxide::actions::batch_write_item::{BatchWriteItemRequest, PutRequest, WriteRequest};
use dynoxide::actions::create_table::CreateTableRequest;
use dynoxide::actions::get_item::GetItemRequest;
use dynoxide::actions::put_item::PutItemRequest;
use dynoxide::actions::query::QueryRequest;
use dynoxide::actions::scan::ScanRequest;
use dynoxide::actions::transact_write_items::{
    TransactPut, TransactWriteItem, TransactWriteItemsRequest,
};
use dynoxide::actions::update_item::UpdateItemRequest;
use dynoxide::types::{
    AttributeDefinition, AttributeValue as Av, KeySchemaElement, KeyType, ScalarAttributeType,
};
use dynoxide::Database;
use futures::future::LocalBoxFuture;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Items in the read table (one partition, `hot`).
const SEEDED: usize = 10_000;
/// Items stored for the memory figure.
const RSS_ITEMS: usize = 100_000;
/// The target: dynorm at least this many times faster.
const TARGET: f64 = 5.0;

type PeerItem = HashMap<String, Av>;

/// Dynoxide's form of a dynorm value.
fn av(v: &Value) -> Av {
    match v {
        Value::S(s) => Av::S(s.clone()),
        Value::N(n) => Av::N(n.to_string()),
        Value::B(b) => Av::B(b.clone()),
        Value::Bool(b) => Av::BOOL(*b),
        Value::Null => Av::NULL(true),
        Value::M(m) => Av::M(peer_item(m)),
        Value::L(l) => Av::L(l.iter().map(av).collect()),
        Value::Ss(s) => Av::SS(s.clone()),
        Value::Ns(n) => Av::NS(n.iter().map(ToString::to_string).collect()),
        Value::Bs(b) => Av::BS(b.clone()),
    }
}

/// Dynoxide's form of a dynorm item.
fn peer_item(item: &Item) -> PeerItem {
    item.iter().map(|(k, v)| (k.clone(), av(v))).collect()
}

fn s(v: &str) -> Av {
    Av::S(v.to_owned())
}

fn order_item(o: &CompactOrder) -> Item {
    dynorm::to_item(o).unwrap()
}

fn peer_key(customer: &str, id: &str) -> PeerItem {
    HashMap::from([
        ("customer".to_owned(), s(customer)),
        ("order_id".to_owned(), s(id)),
    ])
}

/// A Dynoxide database with the orders table.
fn peer_db(table: &str) -> Database {
    let db = Database::memory().unwrap();
    let key = |name: &str, key_type| KeySchemaElement {
        attribute_name: name.to_owned(),
        key_type,
    };
    let def = |name: &str| AttributeDefinition {
        attribute_name: name.to_owned(),
        attribute_type: ScalarAttributeType::S,
    };
    db.create_table(CreateTableRequest {
        table_name: table.to_owned(),
        key_schema: vec![
            key("customer", KeyType::HASH),
            key("order_id", KeyType::RANGE),
        ],
        attribute_definitions: vec![def("customer"), def("order_id")],
        billing_mode: Some("PAY_PER_REQUEST".to_owned()),
        ..Default::default()
    })
    .unwrap();
    db
}

fn peer_batch(db: &Database, table: &str, items: Vec<PeerItem>) {
    let writes = items
        .into_iter()
        .map(|item| WriteRequest {
            put_request: Some(PutRequest { item }),
            delete_request: None,
        })
        .collect();
    let out = db
        .batch_write_item(BatchWriteItemRequest {
            request_items: HashMap::from([(table.to_owned(), writes)]),
            ..Default::default()
        })
        .unwrap();
    assert!(out.unprocessed_items.is_empty());
}

/// Every page of a Dynoxide scan; the number of items.
fn peer_scan(db: &Database, table: &str, limit: Option<usize>) -> usize {
    let mut start = None;
    let mut n = 0;
    loop {
        let page = db
            .scan(ScanRequest {
                table_name: table.to_owned(),
                limit,
                exclusive_start_key: start,
                ..Default::default()
            })
            .unwrap();
        n += page.items.map_or(0, |i| i.len());
        match page.last_evaluated_key {
            Some(k) => start = Some(k),
            None => return n,
        }
    }
}

/// Every page of a dynorm scan; the number of items.
async fn table_scan(t: &Table, limit: Option<u32>) -> usize {
    let scan = t.scan();
    let scan = match limit {
        Some(l) => scan.limit(l),
        None => scan,
    };
    scan.all().await.unwrap().len()
}

/// Items handed out one per call, each once.
struct Fresh<T>(RefCell<std::vec::IntoIter<T>>);

impl<T> Fresh<T> {
    fn new(v: Vec<T>) -> Fresh<T> {
        Fresh(RefCell::new(v.into_iter()))
    }
    fn take(&self) -> T {
        self.0.borrow_mut().next().expect("enough fresh items")
    }
}

/// One operation's two comparisons.
struct Row {
    op: &'static str,
    model: Pairs,
    raw: Pairs,
}

/// Sides of every comparison.
struct Sides {
    rt: tokio::runtime::Runtime,
    /// dynorm, holding the seeded table (reads and updates).
    reads: Client,
    /// dynorm, for the writes.
    writes: Client,
    /// Dynoxide, holding the same seeded table.
    peer_reads: Database,
    /// Dynoxide, for the writes.
    peer_writes: Database,
    /// The table's name (the same on both).
    table: String,
    /// Order ids of the seeded items.
    ids: Vec<String>,
}

fn setup() -> Sides {
    let rt = current_thread_runtime();
    let reads = memory_client();
    let writes = memory_client();
    let table = reads.table_name(CompactOrder::schema().table);
    let seed: Vec<CompactOrder> = (0..SEEDED)
        .map(|n| CompactOrder::sample("hot", n))
        .collect();
    rt.block_on(async {
        reads.create_table::<CompactOrder>().await.unwrap();
        writes.create_table::<CompactOrder>().await.unwrap();
        let written = reads.batch_write().put_all(&seed).await.unwrap();
        assert_eq!(written, SEEDED);
    });
    let peer_reads = peer_db(&table);
    let peer_writes = peer_db(&table);
    for chunk in seed.chunks(25) {
        let items = chunk.iter().map(|o| peer_item(&order_item(o))).collect();
        peer_batch(&peer_reads, &table, items);
    }
    assert_eq!(peer_scan(&peer_reads, &table, None), SEEDED);
    Sides {
        rt,
        reads,
        writes,
        peer_reads,
        peer_writes,
        table,
        ids: seed.into_iter().map(|o| o.order_id).collect(),
    }
}

/// Measures `peer` against `model` and against `raw`.
fn compare(
    sides: &Sides,
    op: &'static str,
    (warm_up, pairs): (usize, usize),
    model: Op<'_>,
    raw: Op<'_>,
    peer: Op<'_>,
) -> Row {
    eprintln!("vs_dynoxide: {op} ({pairs} pairs)");
    let model = sides
        .rt
        .block_on(measure_after(peer, model, SEEDED, warm_up, pairs));
    let raw = sides
        .rt
        .block_on(measure_after(peer, raw, SEEDED, warm_up, pairs));
    Row { op, model, raw }
}

/// A seeded item's number for call `n`, spread over the table.
fn spread(n: usize) -> usize {
    n * 7919 % SEEDED
}

fn item_ops(sides: &Sides, rows: &mut Vec<Row>) {
    let Sides {
        reads,
        writes,
        peer_reads,
        peer_writes,
        table,
        ids,
        ..
    } = sides;
    let t_reads = &reads.table(table.clone());
    let t_writes = &writes.table(table.clone());
    let (warm_up, pairs) = (500, 10_000);

    // Puts of distinct new items: each side's own, handed out once.
    let total = warm_up + pairs;
    let models: &Vec<CompactOrder> = &(0..total)
        .map(|n| CompactOrder::sample("model", n))
        .collect();
    let next_model = Cell::new(0usize);
    let raws = Fresh::new(
        (0..total)
            .map(|n| order_item(&CompactOrder::sample("raw", n)))
            .collect(),
    );
    let peer_items = |tag: &str| {
        Fresh::new(
            (0..total)
                .map(|n| peer_item(&order_item(&CompactOrder::sample(tag, n))))
                .collect::<Vec<_>>(),
        )
    };
    let (peers_a, peers_b) = (peer_items("peer-a"), peer_items("peer-b"));
    let peer_side = Cell::new(0usize);
    let model_put = |_| -> LocalBoxFuture<'_, ()> {
        let n = next_model.get();
        next_model.set(n + 1);
        Box::pin(async move {
            writes.put(&models[n]).await.unwrap();
        })
    };
    let raw_put = |_| -> LocalBoxFuture<'_, ()> {
        let item = raws.take();
        Box::pin(async move {
            t_writes.put(item).await.unwrap();
        })
    };
    let peer_put = |_| -> LocalBoxFuture<'_, ()> {
        // The first comparison takes the `peer-a` items, the second `peer-b`.
        let item = if peer_side.get() < total {
            peer_side.set(peer_side.get() + 1);
            peers_a.take()
        } else {
            peers_b.take()
        };
        Box::pin(async move {
            peer_writes
                .put_item(PutItemRequest {
                    table_name: table.clone(),
                    item,
                    ..Default::default()
                })
                .unwrap();
        })
    };
    rows.push(compare(
        sides,
        "put (new key)",
        (warm_up, pairs),
        &model_put,
        &raw_put,
        &peer_put,
    ));

    let model_get = |n| -> LocalBoxFuture<'_, ()> {
        let key = CompactOrder::key("hot", ids[spread(n)].clone());
        Box::pin(async move {
            reads.get(key).await.unwrap().unwrap();
        })
    };
    let raw_get = |n| -> LocalBoxFuture<'_, ()> {
        let key = Item::new()
            .with("customer", "hot")
            .with("order_id", ids[spread(n)].clone());
        Box::pin(async move {
            t_reads.get(key).await.unwrap().unwrap();
        })
    };
    let peer_get = |n| -> LocalBoxFuture<'_, ()> {
        let key = peer_key("hot", &ids[spread(n)]);
        Box::pin(async move {
            peer_reads
                .get_item(GetItemRequest {
                    table_name: table.clone(),
                    key,
                    ..Default::default()
                })
                .unwrap()
                .item
                .unwrap();
        })
    };
    rows.push(compare(
        sides,
        "get",
        (500, 5_000),
        &model_get,
        &raw_get,
        &peer_get,
    ));

    let model_update = |n| -> LocalBoxFuture<'_, ()> {
        let update = reads
            .update(CompactOrder::key("hot", ids[spread(n)].clone()))
            .add("views", 1)
            .condition(attr("paid").eq(true));
        Box::pin(async move {
            update.await.unwrap();
        })
    };
    let raw_update = |n| -> LocalBoxFuture<'_, ()> {
        let key = Item::new()
            .with("customer", "hot")
            .with("order_id", ids[spread(n)].clone());
        let update = t_reads
            .update(key)
            .add("views", 1)
            .condition(attr("paid").eq(true));
        Box::pin(async move {
            update.await.unwrap();
        })
    };
    let peer_update = |n| -> LocalBoxFuture<'_, ()> {
        let key = peer_key("hot", &ids[spread(n)]);
        Box::pin(async move {
            peer_reads
                .update_item(UpdateItemRequest {
                    table_name: table.clone(),
                    key,
                    update_expression: Some("ADD #v :one".to_owned()),
                    condition_expression: Some("#p = :t".to_owned()),
                    expression_attribute_names: Some(HashMap::from([
                        ("#v".to_owned(), "views".to_owned()),
                        ("#p".to_owned(), "paid".to_owned()),
                    ])),
                    expression_attribute_values: Some(HashMap::from([
                        (":one".to_owned(), Av::N("1".to_owned())),
                        (":t".to_owned(), Av::BOOL(true)),
                    ])),
                    ..Default::default()
                })
                .unwrap();
        })
    };
    rows.push(compare(
        sides,
        "conditional ADD update",
        (500, 5_000),
        &model_update,
        &raw_update,
        &peer_update,
    ));
}

fn query_ops(sides: &Sides, rows: &mut Vec<Row>) {
    let Sides {
        reads,
        peer_reads,
        table,
        ids,
        ..
    } = sides;
    let t_reads = &reads.table(table.clone());
    // Pages start anywhere in the partition that leaves 100 items.
    let start = |n: usize| ids[n * 7919 % (SEEDED - 100)].clone();
    for (op, filtered) in [("query 100", false), ("query 100, filter keeps 10", true)] {
        let expect = if filtered { 10 } else { 100 };
        let model = |n| -> LocalBoxFuture<'_, ()> {
            let q = reads
                .query(CompactOrder::partition("hot"))
                .sort_ge(start(n))
                .limit(100);
            let q = if filtered {
                q.filter(attr("quantity").eq(3))
            } else {
                q
            };
            Box::pin(async move { assert_eq!(q.page().await.unwrap().items.len(), expect) })
        };
        let raw = |n| -> LocalBoxFuture<'_, ()> {
            let q = t_reads
                .query(KeyCondition::partition("customer", "hot"))
                .sort_key_name("order_id")
                .sort_ge(start(n))
                .limit(100);
            let q = if filtered {
                q.filter(attr("quantity").eq(3))
            } else {
                q
            };
            Box::pin(async move { assert_eq!(q.page().await.unwrap().items.len(), expect) })
        };
        let peer = |n| -> LocalBoxFuture<'_, ()> {
            let mut values = HashMap::from([
                (":p".to_owned(), s("hot")),
                (":s".to_owned(), Av::S(start(n))),
            ]);
            let filter = filtered.then(|| {
                values.insert(":q".to_owned(), Av::N("3".to_owned()));
                "quantity = :q".to_owned()
            });
            Box::pin(async move {
                let out = peer_reads
                    .query(QueryRequest {
                        table_name: table.clone(),
                        key_condition_expression: Some(
                            "customer = :p AND order_id >= :s".to_owned(),
                        ),
                        filter_expression: filter,
                        expression_attribute_values: Some(values),
                        scan_index_forward: true,
                        limit: Some(100),
                        ..Default::default()
                    })
                    .unwrap();
                assert_eq!(out.items.map_or(0, |i| i.len()), expect);
            })
        };
        rows.push(compare(sides, op, (200, 2_000), &model, &raw, &peer));
    }

    for (op, limit) in [
        ("scan 10,000, 1 MB pages", None),
        ("scan 10,000, pages of 100", Some(100)),
    ] {
        let model = |_| -> LocalBoxFuture<'_, ()> {
            let scan = reads.scan::<CompactOrder>();
            let scan = match limit {
                Some(l) => scan.limit(l),
                None => scan,
            };
            Box::pin(async move { assert_eq!(scan.all().await.unwrap().len(), SEEDED) })
        };
        let raw = |_| -> LocalBoxFuture<'_, ()> {
            Box::pin(async move { assert_eq!(table_scan(t_reads, limit).await, SEEDED) })
        };
        let peer = |_| -> LocalBoxFuture<'_, ()> {
            Box::pin(async move {
                assert_eq!(
                    peer_scan(peer_reads, table, limit.map(|l| l as usize)),
                    SEEDED
                )
            })
        };
        rows.push(compare(sides, op, (3, 30), &model, &raw, &peer));
    }
}

fn bulk_ops(sides: &Sides, rows: &mut Vec<Row>) {
    let Sides {
        writes,
        peer_writes,
        table,
        ..
    } = sides;
    // A pool of 10,000 items the batches and transactions cycle through
    // (overwriting after the first pass, on both sides alike).
    let pool: Vec<CompactOrder> = (0..SEEDED)
        .map(|n| CompactOrder::sample("bulk", n))
        .collect();
    let items: Vec<Item> = pool.iter().map(order_item).collect();
    let peer_items: Vec<PeerItem> = items.iter().map(peer_item).collect();
    for (op, size) in [("batch write of 25", 25), ("transaction of 10 puts", 10)] {
        let range = |n: usize| {
            let first = n * size % (SEEDED - size);
            first..first + size
        };
        let model = |n| -> LocalBoxFuture<'_, ()> {
            let batch = &pool[range(n)];
            if size == 25 {
                Box::pin(async move {
                    assert_eq!(writes.batch_write().put_all(batch).await.unwrap(), 25)
                })
            } else {
                let tx = batch.iter().fold(writes.transact_write(), |t, o| t.put(o));
                Box::pin(async move {
                    tx.await.unwrap();
                })
            }
        };
        let raw = |n| -> LocalBoxFuture<'_, ()> {
            let batch = &items[range(n)];
            if size == 25 {
                let write = batch
                    .iter()
                    .fold(writes.batch_write(), |b, i| b.put_item(table, i.clone()));
                Box::pin(async move { assert_eq!(write.await.unwrap(), 25) })
            } else {
                let tx = batch
                    .iter()
                    .fold(writes.transact_write(), |t, i| t.put_item(table, i.clone()));
                Box::pin(async move {
                    tx.await.unwrap();
                })
            }
        };
        let peer = |n| -> LocalBoxFuture<'_, ()> {
            let batch = &peer_items[range(n)];
            Box::pin(async move {
                if size == 25 {
                    peer_batch(peer_writes, table, batch.to_vec());
                } else {
                    let puts = batch
                        .iter()
                        .map(|item| TransactWriteItem {
                            put: Some(TransactPut {
                                table_name: table.clone(),
                                item: item.clone(),
                                ..Default::default()
                            }),
                            ..Default::default()
                        })
                        .collect();
                    peer_writes
                        .transact_write_items(TransactWriteItemsRequest {
                            transact_items: puts,
                            ..Default::default()
                        })
                        .unwrap();
                }
            })
        };
        rows.push(compare(sides, op, (100, 1_000), &model, &raw, &peer));
    }
}

/// `VmRSS` of /proc/self/status in bytes, or 0 off Linux.
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// In a child process: stores [`RSS_ITEMS`] items in `store` and prints the
/// resident growth per item and the items' DynamoDB size.
fn rss_child(store: &str) {
    let sample = |n: usize| CompactOrder::sample(&format!("customer-{:04}", n % 1_000), n);
    let mut item_bytes = 0usize;
    let (before, after) = match store {
        "dynorm" => {
            let rt = current_thread_runtime();
            let client = memory_client();
            rt.block_on(async {
                client.create_table::<CompactOrder>().await.unwrap();
                let before = rss();
                for n in 0..RSS_ITEMS {
                    let order = sample(n);
                    item_bytes += dynorm::item_size(&order_item(&order));
                    client.put(&order).await.unwrap();
                }
                (before, rss())
            })
        }
        _ => {
            let db = peer_db("orders");
            let before = rss();
            for n in 0..RSS_ITEMS {
                let item = order_item(&sample(n));
                item_bytes += dynorm::item_size(&item);
                db.put_item(PutItemRequest {
                    table_name: "orders".to_owned(),
                    item: peer_item(&item),
                    ..Default::default()
                })
                .unwrap();
            }
            (before, rss())
        }
    };
    println!(
        "{} {}",
        after.saturating_sub(before) as f64 / RSS_ITEMS as f64,
        item_bytes as f64 / RSS_ITEMS as f64
    );
}

/// Bytes per item and item size, from a child process storing into `store`.
fn rss_per_item(store: &str) -> (f64, f64) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["rss", store])
        .output()
        .unwrap();
    assert!(out.status.success(), "rss child for {store} failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parts = text.split_whitespace().map(|p| p.parse::<f64>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap())
}

fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    out.push_str(
        "| operation | pairs | dynorm model (median) | dynorm raw (median) | Dynoxide (median) \
         | Dynoxide / model [95%] | Dynoxide / raw [95%] | >= 5x |\n",
    );
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for r in rows {
        let (m, m_lo, m_hi) = r.model.median_ratio();
        let (w, w_lo, w_hi) = r.raw.median_ratio();
        let verdict = if m.min(w) >= TARGET { "met" } else { "MISSED" };
        writeln!(
            out,
            "| {} | {} | {:.2} µs | {:.2} µs | {:.2} µs | {m:.2}x [{m_lo:.2} {m_hi:.2}] \
             | {w:.2}x [{w_lo:.2} {w_hi:.2}] | {verdict} |",
            r.op,
            r.model.a.len(),
            Pairs::median_us(&r.model.b),
            Pairs::median_us(&r.raw.b),
            Pairs::median_us(&r.model.a),
        )
        .unwrap();
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("rss") {
        rss_child(args.get(1).map_or("dynorm", String::as_str));
        return;
    }
    // `cargo bench` passes `--bench` (and maybe a filter); a filter that does
    // not name this bench skips it, as criterion benches do.
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if !filters.is_empty() && !filters.iter().any(|f| "vs_dynoxide".contains(f.as_str())) {
        return;
    }
    let sides = setup();
    let mut rows = Vec::new();
    item_ops(&sides, &mut rows);
    query_ops(&sides, &mut rows);
    bulk_ops(&sides, &mut rows);
    let mut out = table(&rows);
    let (dynorm_rss, size) = rss_per_item("dynorm");
    let (peer_rss, _) = rss_per_item("dynoxide");
    writeln!(
        out,
        "\nResident memory per stored item ({RSS_ITEMS} items of {size:.0} bytes, DynamoDB size): \
         dynorm {dynorm_rss:.0} bytes ({:.2}x the item), Dynoxide {peer_rss:.0} bytes ({:.2}x)",
        dynorm_rss / size,
        peer_rss / size
    )
    .unwrap();
    print!("{out}");
    if let Ok(dir) = std::env::var("DYNORM_BENCH_OUT") {
        std::fs::write(format!("{dir}/vs_dynoxide.md"), &out).unwrap();
    }
}
