//! Secondary index entries: kept in step with every write (puts, updates,
//! deletes, batches, TTL sweeps), sparse, and read in index order (index
//! keys, then table keys) by queries and scans, page by page, both ways.

use super::*;
use crate::key_value::KeyValue;
use crate::store::read;
use dynorm::expr::{KeyCondition, SortOp, Update};
use std::collections::BTreeMap;

/// The global index of `SORTED`: `g` (S) + `gs` (N), keys only.
const GSI: &str = "by_g";
/// The local index of `SORTED`: `pk` + `l` (S), including `x`.
const LSI: &str = "by_l";

/// An index entry as values: index pk, index sk, table pk, table sk.
type Entry = (Value, Option<Value>, Value, Option<Value>);

/// The entries of `index`, in index order, after checking that every index
/// of the table holds exactly the entries of its items.
fn entries(db: &MemoryBackend, table: &str, index: &str) -> Vec<Entry> {
    let shared = db.table(table).expect("table");
    let t = read(&shared);
    assert!(t.indexes_match_items(), "index entries match the items");
    t.index_entries(index)
        .expect("index")
        .iter()
        .map(|e| {
            (
                e.index_pk().to_value(),
                e.index_sk().map(KeyValue::to_value),
                e.table_pk().to_value(),
                e.table_sk().as_ref().map(KeyValue::to_value),
            )
        })
        .collect()
}

fn entry(g: &str, gs: i64, pk: &str, sk: i64) -> Entry {
    (s(g), Some(Value::from(gs)), s(pk), Some(Value::from(sk)))
}

/// An item of `SORTED` with the given GSI keys (left out when `None`).
fn item(pk: &str, sk: i64, g: Option<&str>, gs: Option<i64>) -> Item {
    let mut item = key2(pk, sk);
    if let Some(g) = g {
        item = item.with("g", g);
    }
    if let Some(gs) = gs {
        item = item.with("gs", gs);
    }
    item
}

fn gsi_query(g: &str) -> QueryRequest {
    QueryRequest::new(SORTED, KeyCondition::partition("g", g)).index(GSI)
}

fn scan(table: &str, index: Option<&str>) -> ScanRequest {
    let mut req = ScanRequest::new(table);
    req.index = index.map(Into::into);
    req
}

/// The table keys of items, as `(pk, sk)` pairs.
fn keys(items: &[Item]) -> Vec<(Value, Option<Value>)> {
    items
        .iter()
        .map(|i| {
            (
                i.get("pk").cloned().unwrap_or(Value::Null),
                i.get("sk").cloned(),
            )
        })
        .collect()
}

/// Every page of a query, following its LastEvaluatedKeys; checks that a
/// page with a LastEvaluatedKey stopped at its limit and that the key is
/// that of its last item.
async fn query_all(db: &MemoryBackend, mut req: QueryRequest) -> (Vec<Item>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    loop {
        let out = db.query(req.clone()).await.expect("query");
        pages += 1;
        assert!(pages < 1_000, "pagination ends");
        if let Some(last) = &out.last_evaluated_key {
            assert_eq!(Some(out.scanned_count), req.limit, "stopped at the limit");
            let item = out.items.last().expect("a page cut by its limit has items");
            for (name, value) in last {
                assert_eq!(item.get(name), Some(value), "LastEvaluatedKey {name}");
            }
        }
        items.extend(out.items);
        match out.last_evaluated_key {
            Some(last) => req.exclusive_start_key = Some(last),
            None => return (items, pages),
        }
    }
}

/// Every page of a scan, following its LastEvaluatedKeys.
async fn scan_all(db: &MemoryBackend, mut req: ScanRequest) -> Vec<Item> {
    let mut items = Vec::new();
    for _ in 0..1_000 {
        let out = db.scan(req.clone()).await.expect("scan");
        items.extend(out.items);
        match out.last_evaluated_key {
            Some(last) => req.exclusive_start_key = Some(last),
            None => return items,
        }
    }
    panic!("the scan does not end");
}

/// An integer attribute (0 when absent).
fn int(item: &Item, name: &str) -> i64 {
    item.get(name)
        .and_then(Value::as_number)
        .and_then(|n| n.to_i64().ok())
        .unwrap_or_default()
}

/// Whether an integer sort key meets a condition on integers.
fn holds(op: &SortOp, v: i64) -> bool {
    let n = |x: &Value| {
        x.as_number()
            .and_then(|n| n.to_i64().ok())
            .unwrap_or_default()
    };
    match op {
        SortOp::Eq(x) => v == n(x),
        SortOp::Lt(x) => v < n(x),
        SortOp::Le(x) => v <= n(x),
        SortOp::Gt(x) => v > n(x),
        SortOp::Ge(x) => v >= n(x),
        SortOp::Between(a, b) => n(a) <= v && v <= n(b),
        SortOp::BeginsWith(_) => false,
    }
}

/// Table keys without sort keys.
fn pks(pks: &[&str]) -> Vec<(Value, Option<Value>)> {
    pks.iter().map(|pk| (s(pk), None)).collect()
}

fn key_value(item: &Item, name: &str) -> Option<KeyValue> {
    item.get(name).and_then(KeyValue::from_value)
}

/// The items `by_g` holds, in its order (`g`, `gs`, `pk`, `sk`), computed
/// from the items themselves.
fn gsi_order(items: &[Item]) -> Vec<Item> {
    let mut indexed: Vec<(Vec<KeyValue>, Item)> = items
        .iter()
        .filter_map(|i| {
            let g = key_value(i, "g").filter(|k| matches!(k, KeyValue::S(_)))?;
            let gs = key_value(i, "gs").filter(|k| matches!(k, KeyValue::N(_)))?;
            let order = vec![g, gs, key_value(i, "pk")?, key_value(i, "sk")?];
            Some((order, i.clone()))
        })
        .collect();
    indexed.sort_by(|a, b| a.0.cmp(&b.0));
    indexed.into_iter().map(|(_, i)| i).collect()
}

/// Items in three table partitions and two index partitions, with repeated
/// index sort keys, some items outside the index.
fn mixed_items() -> Vec<Item> {
    let mut items = Vec::new();
    for n in 0..36i64 {
        let pk = ["p", "q", "r"][(n % 3) as usize];
        let g = if n % 5 == 4 { "b" } else { "a" };
        let gs = (n * 7) % 9; // 0..=8, each several times
        let it = match n % 11 {
            10 => item(pk, n, None, Some(gs)),
            9 => item(pk, n, Some(g), None),
            _ => item(pk, n, Some(g), Some(gs)),
        };
        items.push(it);
    }
    items
}

async fn seed(db: &MemoryBackend, items: &[Item]) {
    for it in items {
        put(db, SORTED, it.clone()).await.expect("put");
    }
}

#[tokio::test]
async fn index_entries_follow_puts_and_updates_that_change_index_keys() {
    let db = db().await;
    put(&db, SORTED, item("p", 1, Some("a"), Some(1)))
        .await
        .expect("put");
    assert_eq!(entries(&db, SORTED, GSI), [entry("a", 1, "p", 1)]);
    // Another index partition.
    put(&db, SORTED, item("p", 1, Some("b"), Some(1)))
        .await
        .expect("put");
    assert_eq!(entries(&db, SORTED, GSI), [entry("b", 1, "p", 1)]);
    let a = db.query(gsi_query("a")).await.expect("query");
    assert!(a.items.is_empty());
    let b = db.query(gsi_query("b")).await.expect("query");
    assert_eq!(keys(&b.items), [(s("p"), Some(Value::from(1)))]);
    // Another index sort key; then the same keys with other attributes.
    put(&db, SORTED, item("p", 1, Some("b"), Some(2)))
        .await
        .expect("put");
    put(&db, SORTED, item("p", 1, Some("b"), Some(2)).with("v", 9))
        .await
        .expect("put");
    assert_eq!(entries(&db, SORTED, GSI), [entry("b", 2, "p", 1)]);
    // Without the index keys: out of the index.
    put(&db, SORTED, item("p", 1, None, None).with("l", "x"))
        .await
        .expect("put");
    assert!(entries(&db, SORTED, GSI).is_empty());
    assert!(db
        .query(gsi_query("b"))
        .await
        .expect("query")
        .items
        .is_empty());
    assert!(db
        .scan(scan(SORTED, Some(GSI)))
        .await
        .expect("scan")
        .items
        .is_empty());
    assert_eq!(entries(&db, SORTED, LSI).len(), 1);

    // Updates move the item in and out of both indexes.
    update(
        &db,
        SORTED,
        key2("p", 1),
        Update::new().set("g", "c").set("gs", 5).remove("l"),
    )
    .await
    .expect("update");
    assert_eq!(entries(&db, SORTED, GSI), [entry("c", 5, "p", 1)]);
    assert!(entries(&db, SORTED, LSI).is_empty());
    update(&db, SORTED, key2("p", 1), Update::new().remove("gs"))
        .await
        .expect("update");
    assert!(
        entries(&db, SORTED, GSI).is_empty(),
        "an index with a sort key holds only items that have it"
    );
    // An update that creates the item.
    update(
        &db,
        SORTED,
        key2("q", 2),
        Update::new().set("g", "c").set("gs", 1).set("l", "m"),
    )
    .await
    .expect("update");
    assert_eq!(entries(&db, SORTED, GSI), [entry("c", 1, "q", 2)]);
    let lsi = entries(&db, SORTED, LSI);
    assert_eq!(lsi, [(s("q"), Some(s("m")), s("q"), Some(Value::from(2)))]);
}

#[tokio::test]
async fn index_entries_follow_deletes() {
    let db = db().await;
    for (pk, sk) in [("p", 1), ("p", 2), ("q", 1), ("q", 2)] {
        put(
            &db,
            SORTED,
            item(pk, sk, Some("a"), Some(sk)).with("l", "m"),
        )
        .await
        .expect("put");
    }
    db.delete_item(DeleteItemRequest::new(SORTED, key2("p", 1)))
        .await
        .expect("delete");
    // A delete of a missing item changes nothing.
    db.delete_item(DeleteItemRequest::new(SORTED, key2("p", 9)))
        .await
        .expect("delete");
    db.batch_write_item(BatchWriteItemRequest::from_tables(BTreeMap::from([(
        SORTED.to_owned(),
        vec![
            WriteRequest::Delete(key2("q", 2)),
            WriteRequest::Put(item("r", 1, Some("a"), Some(0))),
        ],
    )])))
    .await
    .expect("batch");
    assert_eq!(
        entries(&db, SORTED, GSI),
        [
            entry("a", 0, "r", 1),
            entry("a", 1, "q", 1),
            entry("a", 2, "p", 2)
        ]
    );
    assert_eq!(entries(&db, SORTED, LSI).len(), 2);
    let out = db.query(gsi_query("a")).await.expect("query");
    assert_eq!(
        keys(&out.items),
        [
            (s("r"), Some(Value::from(1))),
            (s("q"), Some(Value::from(1))),
            (s("p"), Some(Value::from(2)))
        ]
    );
}

#[tokio::test]
async fn ttl_sweeps_remove_index_entries() {
    let db = db().await;
    db.update_time_to_live(UpdateTimeToLiveRequest::new(
        SORTED,
        TimeToLive::enabled("exp"),
    ))
    .await
    .expect("ttl");
    for sk in 0..6i64 {
        let exp = if sk % 2 == 0 { 1_000 } else { 3_000 };
        put(
            &db,
            SORTED,
            item("p", sk, Some("a"), Some(sk))
                .with("l", "m")
                .with("exp", exp),
        )
        .await
        .expect("put");
    }
    assert_eq!(db.sweep_expired_at(2_000), 3);
    assert_eq!(
        entries(&db, SORTED, GSI),
        [
            entry("a", 1, "p", 1),
            entry("a", 3, "p", 3),
            entry("a", 5, "p", 5)
        ]
    );
    assert_eq!(entries(&db, SORTED, LSI).len(), 3);
    let mut reverse = gsi_query("a");
    reverse.scan_forward = false;
    let out = db.query(reverse).await.expect("query");
    assert_eq!(
        keys(&out.items),
        [5, 3, 1].map(|sk| (s("p"), Some(Value::from(sk))))
    );
}

#[tokio::test]
async fn index_queries_page_from_start_keys_both_ways() {
    let db = db().await;
    let items = mixed_items();
    seed(&db, &items).await;
    let order = gsi_order(&items);
    let conditions = [
        None,
        Some(SortOp::Ge(Value::from(5))),
        Some(SortOp::Gt(Value::from(5))),
        Some(SortOp::Lt(Value::from(3))),
        Some(SortOp::Le(Value::from(3))),
        Some(SortOp::Eq(Value::from(4))),
        Some(SortOp::Between(Value::from(2), Value::from(6))),
        Some(SortOp::Between(Value::from(9), Value::from(20))),
    ];
    for g in ["a", "b", "none"] {
        for op in &conditions {
            let expected: Vec<Item> = order
                .iter()
                .filter(|i| i.get("g") == Some(&s(g)))
                .filter(|i| op.as_ref().map_or(true, |op| holds(op, int(i, "gs"))))
                .cloned()
                .collect();
            for forward in [true, false] {
                let mut want = keys(&expected);
                if !forward {
                    want.reverse();
                }
                for limit in [None, Some(1), Some(2), Some(5)] {
                    let mut kc = KeyCondition::partition("g", g);
                    if let Some(op) = op {
                        kc = kc.sort("gs", op.clone());
                    }
                    let mut req = QueryRequest::new(SORTED, kc)
                        .index(GSI)
                        .scan_forward(forward);
                    req.limit = limit;
                    let (got, _) = query_all(&db, req).await;
                    assert_eq!(
                        keys(&got),
                        want,
                        "g = {g}, {op:?}, forward {forward}, limit {limit:?}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn index_query_start_keys_of_deleted_items_still_seek() {
    let db = db().await;
    let items = mixed_items();
    seed(&db, &items).await;
    for forward in [true, false] {
        let mut req = gsi_query("a");
        req.scan_forward = forward;
        req.limit = Some(4);
        let first = db.query(req.clone()).await.expect("query");
        let last = first.last_evaluated_key.clone().expect("more pages");
        // The start key's item is gone: the next page starts after its place.
        let gone = Item::new()
            .with("pk", last.get("pk").cloned().expect("pk"))
            .with("sk", last.get("sk").cloned().expect("sk"));
        let mut full = gsi_query("a");
        full.scan_forward = forward;
        let all = db.query(full).await.expect("query").items;
        let want: Vec<_> = keys(&all).into_iter().skip(4).collect();
        db.delete_item(DeleteItemRequest::new(SORTED, gone.clone()))
            .await
            .expect("delete");
        req.exclusive_start_key = Some(last);
        req.limit = None;
        let rest = db.query(req).await.expect("query");
        assert_eq!(keys(&rest.items), want, "forward {forward}");
        // Put it back for the other direction.
        let back = items
            .iter()
            .find(|i| i.get("pk") == gone.get("pk") && i.get("sk") == gone.get("sk"))
            .expect("seeded")
            .clone();
        put(&db, SORTED, back).await.expect("put");
    }
}

#[tokio::test]
async fn local_index_queries_page_both_ways() {
    let db = db().await;
    let mut items = Vec::new();
    for n in 0..12i64 {
        // Repeated `l` values; two items without one.
        let mut it = key2("p", n).with("x", n).with("y", "dropped");
        if n % 6 != 5 {
            it = it.with("l", ["m", "k", "z"][(n % 3) as usize]);
        }
        items.push(it.clone());
        put(&db, SORTED, it).await.expect("put");
    }
    put(&db, SORTED, key2("q", 1).with("l", "a"))
        .await
        .expect("put");
    let mut expected: Vec<(KeyValue, i64)> = items
        .iter()
        .filter_map(|i| Some((key_value(i, "l")?, int(i, "sk"))))
        .collect();
    expected.sort();
    for forward in [true, false] {
        for limit in [None, Some(1), Some(3)] {
            let mut req = QueryRequest::new(SORTED, KeyCondition::partition("pk", "p"))
                .index(LSI)
                .scan_forward(forward);
            req.limit = limit;
            let (got, _) = query_all(&db, req).await;
            let mut want: Vec<i64> = expected.iter().map(|(_, sk)| *sk).collect();
            if !forward {
                want.reverse();
            }
            let got_sks: Vec<i64> = got.iter().map(|i| int(i, "sk")).collect();
            assert_eq!(got_sks, want, "forward {forward}, limit {limit:?}");
            assert!(
                got.iter()
                    .all(|i| i.get("y").is_none() && i.get("x").is_some()),
                "the projection of the local index"
            );
        }
    }
}

#[tokio::test]
async fn sparse_index_holds_only_items_with_its_keys() {
    let db = db().await;
    seed(
        &db,
        &[
            item("p", 1, Some("a"), Some(1)),
            item("p", 2, Some("a"), None),
            item("p", 3, None, Some(3)),
            item("p", 4, None, None),
            item("q", 1, Some("a"), Some(0)).with("l", "m"),
        ],
    )
    .await;
    assert_eq!(
        entries(&db, SORTED, GSI),
        [entry("a", 0, "q", 1), entry("a", 1, "p", 1)]
    );
    assert_eq!(
        entries(&db, SORTED, LSI),
        [(s("q"), Some(s("m")), s("q"), Some(Value::from(1)))]
    );
    let out = db.query(gsi_query("a")).await.expect("query");
    assert_eq!(
        keys(&out.items),
        [
            (s("q"), Some(Value::from(1))),
            (s("p"), Some(Value::from(1)))
        ]
    );
    assert_eq!(out.scanned_count, 2);
    let indexed = scan_all(&db, scan(SORTED, Some(GSI))).await;
    assert_eq!(keys(&indexed), keys(&out.items));
    assert_eq!(scan_all(&db, scan(SORTED, Some(LSI))).await.len(), 1);
    assert_eq!(scan_all(&db, scan(SORTED, None)).await.len(), 5);
}

#[tokio::test]
async fn equal_index_keys_are_ordered_by_table_key() {
    let db = db().await;
    // The same index keys on every item; table keys in string (pk) then
    // numeric (sk) order: p1 < p10 < p2, and 2 < 10.
    let table_keys = [("p2", 10), ("p10", 1), ("p1", 10), ("p2", 2), ("p1", 2)];
    for (pk, sk) in table_keys {
        put(&db, SORTED, item(pk, sk, Some("a"), Some(7)))
            .await
            .expect("put");
    }
    let want: Vec<_> = [("p1", 2), ("p1", 10), ("p10", 1), ("p2", 2), ("p2", 10)]
        .map(|(pk, sk)| (s(pk), Some(Value::from(sk))))
        .to_vec();
    for forward in [true, false] {
        let mut want = want.clone();
        if !forward {
            want.reverse();
        }
        for limit in [None, Some(1), Some(2)] {
            let mut req = QueryRequest::new(
                SORTED,
                KeyCondition::partition("g", "a").sort("gs", SortOp::Eq(Value::from(7))),
            )
            .index(GSI)
            .scan_forward(forward);
            req.limit = limit;
            let (got, _) = query_all(&db, req).await;
            assert_eq!(keys(&got), want, "forward {forward}, limit {limit:?}");
        }
    }
    let mut req = scan(SORTED, Some(GSI));
    req.limit = Some(2);
    assert_eq!(keys(&scan_all(&db, req).await), want);
}

#[tokio::test]
async fn index_without_sort_key_orders_by_table_key() {
    let db = MemoryBackend::new();
    db.create_table(
        TableDefinition::new("flat", KeyAttribute::new("pk", KeyType::S)).with_global_index(
            IndexDefinition::new("by_h", KeyAttribute::new("h", KeyType::N)),
        ),
    )
    .await
    .expect("create");
    for (pk, h) in [("c", 1), ("a", 2), ("b", 1), ("d", 1), ("e", 10)] {
        put(&db, "flat", key(pk).with("h", h)).await.expect("put");
    }
    put(&db, "flat", key("f")).await.expect("put");
    for forward in [true, false] {
        let req = QueryRequest::new("flat", KeyCondition::partition("h", 1))
            .index("by_h")
            .scan_forward(forward)
            .limit(1);
        let (got, pages) = query_all(&db, req).await;
        let mut want = vec!["b", "c", "d"];
        if !forward {
            want.reverse();
        }
        assert_eq!(keys(&got), pks(&want));
        assert_eq!(pages, 4, "three full pages, then an empty one");
    }
    let mut req = scan("flat", Some("by_h"));
    req.limit = Some(2);
    let got = scan_all(&db, req).await;
    assert_eq!(
        keys(&got),
        pks(&["b", "c", "d", "a", "e"]),
        "index order: h numerically, then pk"
    );
}

#[tokio::test]
async fn scans_page_lazily_in_table_and_index_order() {
    let db = db().await;
    let items = mixed_items();
    seed(&db, &items).await;
    let mut table_order = items.clone();
    table_order.sort_by_key(|i| (key_value(i, "pk"), key_value(i, "sk")));
    let gsi = gsi_order(&items);
    for limit in [None, Some(1), Some(4)] {
        let mut req = scan(SORTED, None);
        req.limit = limit;
        assert_eq!(keys(&scan_all(&db, req).await), keys(&table_order));
        let mut req = scan(SORTED, Some(GSI));
        req.limit = limit;
        assert_eq!(keys(&scan_all(&db, req).await), keys(&gsi));
    }
    // Segments: disjoint, each in order, together everything.
    for index in [None, Some(GSI)] {
        let mut seen = Vec::new();
        for segment in 0..3 {
            let mut req = scan(SORTED, index);
            req.limit = Some(3);
            req.segment = Some(Segment::new(segment, 3));
            seen.extend(keys(&scan_all(&db, req).await));
        }
        let mut want = keys(if index.is_some() { &gsi } else { &table_order });
        let sort = |v: &mut Vec<(Value, Option<Value>)>| {
            v.sort_by_key(|(pk, sk)| {
                (
                    KeyValue::from_value(pk),
                    sk.as_ref().and_then(KeyValue::from_value),
                )
            })
        };
        sort(&mut seen);
        sort(&mut want);
        assert_eq!(seen, want, "segments of {index:?}");
    }
    // A start key whose item is gone: the scan goes on after its place.
    let mut req = scan(SORTED, None);
    req.exclusive_start_key = Some(key2("q", 100));
    let rest = scan_all(&db, req).await;
    let want: Vec<_> = table_order
        .iter()
        .filter(|i| i.get("pk") == Some(&s("r")))
        .cloned()
        .collect();
    assert_eq!(keys(&rest), keys(&want));
}

/// A small deterministic pseudo-random sequence (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[tokio::test]
async fn random_writes_keep_index_reads_equal_to_sorting_the_table() {
    let db = db().await;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut stored: BTreeMap<(String, i64), Item> = BTreeMap::new();
    for step in 0..400 {
        let pk = format!("p{}", rng.below(4));
        let sk = rng.below(12) as i64;
        if rng.below(4) == 0 {
            db.delete_item(DeleteItemRequest::new(SORTED, key2(&pk, sk)))
                .await
                .expect("delete");
            stored.remove(&(pk, sk));
        } else {
            let g = ["a", "b"].get(rng.below(3) as usize).copied();
            let gs = Some(rng.below(5) as i64).filter(|_| rng.below(6) != 0);
            let it = item(&pk, sk, g, gs);
            put(&db, SORTED, it.clone()).await.expect("put");
            stored.insert((pk, sk), it);
        }
        if step % 25 != 24 {
            continue;
        }
        let items: Vec<Item> = stored.values().cloned().collect();
        let order = gsi_order(&items);
        assert_eq!(entries(&db, SORTED, GSI).len(), order.len());
        for g in ["a", "b"] {
            let expected: Vec<Item> = order
                .iter()
                .filter(|i| i.get("g") == Some(&s(g)))
                .cloned()
                .collect();
            for forward in [true, false] {
                let mut want = keys(&expected);
                if !forward {
                    want.reverse();
                }
                let req = gsi_query(g)
                    .scan_forward(forward)
                    .limit(1 + rng.below(4) as u32);
                let (got, _) = query_all(&db, req).await;
                assert_eq!(keys(&got), want, "step {step}, g = {g}, forward {forward}");
            }
        }
        let mut req = scan(SORTED, Some(GSI));
        req.limit = Some(1 + rng.below(5) as u32);
        assert_eq!(keys(&scan_all(&db, req).await), keys(&order), "step {step}");
        let mut req = scan(SORTED, None);
        req.limit = Some(1 + rng.below(5) as u32);
        assert_eq!(keys(&scan_all(&db, req).await), keys(&items), "step {step}");
    }
}
