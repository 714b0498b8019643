use super::*;
use dynorm::expr::{attr, KeyCondition, SortOp};

async fn seed(db: &MemoryBackend) {
    for sk in [10, 2, 1, 30] {
        put(
            db,
            SORTED,
            key2("p", sk)
                .with("v", sk)
                .with("x", "keep")
                .with("y", "drop"),
        )
        .await
        .expect("put");
    }
    put(db, SORTED, key2("q", 1)).await.expect("put");
}

fn q(kc: KeyCondition) -> QueryRequest {
    QueryRequest::new(SORTED, kc)
}

fn sks(items: &[Item]) -> Vec<Value> {
    items.iter().filter_map(|i| i.get("sk").cloned()).collect()
}

fn nums(v: &[i64]) -> Vec<Value> {
    v.iter().map(|n| Value::from(*n)).collect()
}

#[tokio::test]
async fn query_orders_numbers_numerically_both_ways() {
    let db = db().await;
    seed(&db).await;
    let out = db
        .query(q(KeyCondition::partition("pk", "p")))
        .await
        .expect("query");
    assert_eq!(sks(&out.items), nums(&[1, 2, 10, 30]));
    assert_eq!(out.scanned_count, 4);
    assert_eq!(out.last_evaluated_key, None);
    let mut r = q(KeyCondition::partition("pk", "p"));
    r.scan_forward = false;
    assert_eq!(
        sks(&db.query(r).await.expect("query").items),
        nums(&[30, 10, 2, 1])
    );
}

#[tokio::test]
async fn sort_key_conditions() {
    let db = db().await;
    seed(&db).await;
    let run = |op: SortOp| {
        let db = db.clone();
        async move {
            sks(&db
                .query(q(KeyCondition::partition("pk", "p").sort("sk", op)))
                .await
                .expect("query")
                .items)
        }
    };
    assert_eq!(run(SortOp::Eq(2.into())).await, nums(&[2]));
    assert_eq!(run(SortOp::Lt(10.into())).await, nums(&[1, 2]));
    assert_eq!(run(SortOp::Le(10.into())).await, nums(&[1, 2, 10]));
    assert_eq!(run(SortOp::Gt(2.into())).await, nums(&[10, 30]));
    assert_eq!(run(SortOp::Ge(2.into())).await, nums(&[2, 10, 30]));
    assert_eq!(
        run(SortOp::Between(2.into(), 10.into())).await,
        nums(&[2, 10])
    );
    assert_validation(
        db.query(q(
            KeyCondition::partition("pk", "p").sort("sk", SortOp::BeginsWith("1".into()))
        ))
        .await,
        "begins_with",
    );
    assert_validation(
        db.query(q(
            KeyCondition::partition("pk", "p").sort("sk", SortOp::Eq("2".into()))
        ))
        .await,
        "Condition parameter type does not match schema type",
    );
    assert_validation(
        db.query(q(KeyCondition::partition("sk", 1))).await,
        "Query condition missed key schema element",
    );
    assert_validation(
        db.query(q(KeyCondition::partition("pk", 1))).await,
        "does not match schema type",
    );
}

#[tokio::test]
async fn begins_with_on_string_sort_keys() {
    let db = db().await;
    for (sk, l) in [(1, "PROFILE"), (2, "ORDER#2"), (3, "ORDER#1"), (4, "ORDEX")] {
        put(&db, SORTED, key2("p", sk).with("l", l))
            .await
            .expect("put");
    }
    let mut r =
        q(KeyCondition::partition("pk", "p").sort("l", SortOp::BeginsWith("ORDER#".into())));
    r.index = Some("by_l".into());
    let out = db.query(r).await.expect("query");
    let ls: Vec<_> = out
        .items
        .iter()
        .filter_map(|i| i.get("l").cloned())
        .collect();
    assert_eq!(ls, vec![s("ORDER#1"), s("ORDER#2")]);
}

#[tokio::test]
async fn limit_counts_evaluated_items_and_pages_resume() {
    let db = db().await;
    seed(&db).await;
    let mut r = q(KeyCondition::partition("pk", "p"));
    r.limit = Some(2);
    r.filter = Some(attr("v").gt(1));
    let page1 = db.query(r.clone()).await.expect("page 1");
    assert_eq!(page1.scanned_count, 2);
    assert_eq!(
        sks(&page1.items),
        nums(&[2]),
        "filter applies after the limit"
    );
    assert_eq!(page1.last_evaluated_key, Some(key2("p", 2)));
    r.exclusive_start_key = page1.last_evaluated_key;
    let page2 = db.query(r.clone()).await.expect("page 2");
    assert_eq!(sks(&page2.items), nums(&[10, 30]));
    // Exactly `limit` items evaluated and none left: still a LastEvaluatedKey.
    assert_eq!(page2.last_evaluated_key, Some(key2("p", 30)));
    r.exclusive_start_key = page2.last_evaluated_key;
    let page3 = db.query(r).await.expect("page 3");
    assert!(page3.items.is_empty());
    assert_eq!(page3.last_evaluated_key, None);
}

#[tokio::test]
async fn zero_limit_and_bad_start_keys_are_rejected() {
    let db = db().await;
    seed(&db).await;
    let mut r = q(KeyCondition::partition("pk", "p"));
    r.limit = Some(0);
    assert_validation(db.query(r).await, "limit");
    let mut r = q(KeyCondition::partition("pk", "p"));
    r.exclusive_start_key = Some(key("p"));
    assert_validation(
        db.query(r.clone()).await,
        "The provided starting key is invalid",
    );
    r.exclusive_start_key = Some(key2("p", 1).with("extra", 1));
    assert_validation(
        db.query(r.clone()).await,
        "The provided starting key is invalid",
    );
    r.index = Some("by_g".into());
    r.key_condition = KeyCondition::partition("g", "x");
    r.exclusive_start_key = Some(key2("p", 1));
    assert_validation(
        db.query(r.clone()).await,
        "The provided starting key is invalid",
    );
    r.exclusive_start_key = Some(key2("p", 1).with("g", "x").with("gs", 1));
    db.query(r).await.expect("index start key");
}

#[tokio::test]
async fn pages_stop_at_one_megabyte_including_the_crossing_item() {
    let db = db().await;
    // Each item is a bit over 100 KB: 10 items stay under 1 MB, the 11th crosses it.
    for i in 0..15 {
        put(&db, SORTED, key2("big", i).with("d", "x".repeat(100_000)))
            .await
            .expect("put");
    }
    let size = dynorm::item_size(&key2("big", 0).with("d", "x".repeat(100_000)));
    let per_page = 1_048_576_usize.div_ceil(size);
    let out = db
        .query(q(KeyCondition::partition("pk", "big")))
        .await
        .expect("query");
    assert_eq!(out.items.len(), per_page);
    assert_eq!(
        out.last_evaluated_key,
        Some(key2("big", per_page as i64 - 1))
    );
    // A filter that rejects everything still reads 1 MB.
    let mut r = q(KeyCondition::partition("pk", "big"));
    r.filter = Some(attr("nope").exists());
    let out = db.query(r).await.expect("query");
    assert!(out.items.is_empty());
    assert_eq!(out.scanned_count as usize, per_page);
    assert!(out.last_evaluated_key.is_some());
}

#[tokio::test]
async fn global_index_is_sparse_ordered_and_projected() {
    let db = db().await;
    put(
        &db,
        SORTED,
        key2("b", 1).with("g", "G").with("gs", 5).with("x", 1),
    )
    .await
    .expect("put");
    put(
        &db,
        SORTED,
        key2("a", 2).with("g", "G").with("gs", 5).with("x", 2),
    )
    .await
    .expect("put");
    put(&db, SORTED, key2("a", 1).with("g", "G").with("gs", 1))
        .await
        .expect("put");
    put(&db, SORTED, key2("c", 1).with("g", "G"))
        .await
        .expect("no gs: absent from the index");
    put(&db, SORTED, key2("d", 1).with("gs", 1))
        .await
        .expect("no g: absent");
    let mut r = q(KeyCondition::partition("g", "G"));
    r.index = Some("by_g".into());
    let out = db.query(r.clone()).await.expect("query");
    assert_eq!(
        out.items,
        vec![
            key2("a", 1).with("g", "G").with("gs", 1),
            key2("a", 2).with("g", "G").with("gs", 5),
            key2("b", 1).with("g", "G").with("gs", 5),
        ],
        "keys only, by index sort key then table key"
    );
    r.limit = Some(1);
    let out = db.query(r.clone()).await.expect("query");
    assert_eq!(
        out.last_evaluated_key,
        Some(key2("a", 1).with("g", "G").with("gs", 1))
    );
    r.consistent_read = true;
    assert_validation(
        db.query(r.clone()).await,
        "Consistent reads are not supported on global secondary indexes",
    );
    r.consistent_read = false;
    r.index = Some("nope".into());
    assert_validation(
        db.query(r).await,
        "The table does not have the specified index",
    );
}

#[tokio::test]
async fn local_index_projection_and_consistent_reads() {
    let db = db().await;
    put(
        &db,
        SORTED,
        key2("p", 1).with("l", "b").with("x", 1).with("y", 2),
    )
    .await
    .expect("put");
    put(
        &db,
        SORTED,
        key2("p", 2).with("l", "a").with("x", 3).with("y", 4),
    )
    .await
    .expect("put");
    let mut r = q(KeyCondition::partition("pk", "p"));
    r.index = Some("by_l".into());
    r.consistent_read = true;
    let out = db
        .query(r.clone())
        .await
        .expect("lsi allows consistent reads");
    assert_eq!(
        out.items,
        vec![
            key2("p", 2).with("l", "a").with("x", 3),
            key2("p", 1).with("l", "b").with("x", 1)
        ]
    );
    r.projection = Some(vec!["y".into()]);
    let out = db.query(r).await.expect("query");
    assert_eq!(
        out.items,
        vec![Item::new().with("y", 4), Item::new().with("y", 2)]
    );
}

#[tokio::test]
async fn scan_covers_everything_and_segments_partition_it() {
    let db = db().await;
    for i in 0..40 {
        put(&db, SIMPLE, key(&format!("k{i}"))).await.expect("put");
    }
    let all = db.scan(ScanRequest::new(SIMPLE)).await.expect("scan");
    assert_eq!(all.items.len(), 40);
    let mut seen = Vec::new();
    for segment in 0..3 {
        let mut start = None;
        loop {
            let page = db
                .scan({
                    let mut req = ScanRequest::new(SIMPLE)
                        .segment(Segment::new(segment, 3))
                        .limit(4);
                    req.exclusive_start_key = start.clone();
                    req
                })
                .await
                .expect("scan");
            seen.extend(page.items);
            start = page.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
    }
    assert_eq!(seen.len(), 40, "segments are disjoint and cover the table");
    let mut names: Vec<_> = seen
        .iter()
        .filter_map(|i| i.get("pk").and_then(Value::as_str).map(str::to_owned))
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 40);
    let bad = |segment, total| ScanRequest::new(SIMPLE).segment(Segment::new(segment, total));
    assert_validation(db.scan(bad(0, 0)).await, "totalSegments");
    assert_validation(db.scan(bad(3, 3)).await, "Segment");
    db.scan(bad(999_999, 1_000_000))
        .await
        .expect("largest segment");
    assert_validation(db.scan(bad(0, 1_000_001)).await, "totalSegments");
}

#[tokio::test]
async fn scan_index_and_filter() {
    let db = db().await;
    put(
        &db,
        SORTED,
        key2("a", 1).with("g", "G").with("gs", 1).with("v", 1),
    )
    .await
    .expect("put");
    put(&db, SORTED, key2("a", 2).with("v", 2))
        .await
        .expect("put");
    let out = db
        .scan(ScanRequest::new(SORTED).index("by_g"))
        .await
        .expect("scan");
    assert_eq!(out.items.len(), 1);
    let out = db
        .scan(ScanRequest::new(SORTED).filter(attr("v").eq(2)))
        .await
        .expect("scan");
    assert_eq!(out.items, vec![key2("a", 2).with("v", 2)]);
    assert_eq!(out.scanned_count, 2);
}

#[tokio::test]
async fn a_start_key_from_another_partition_is_rejected() {
    let db = db().await;
    seed(&db).await;
    for forward in [true, false] {
        let mut r = q(KeyCondition::partition("pk", "p"));
        r.scan_forward = forward;
        r.exclusive_start_key = Some(key2("q", 1));
        assert_validation(
            db.query(r.clone()).await,
            "The provided starting key does not match the range key predicate",
        );
        // The same start key in the queried partition pages on.
        r.exclusive_start_key = Some(key2("p", 2));
        let page = db.query(r).await.expect("start key in the partition");
        assert!(!page.items.is_empty(), "forward = {forward}");
    }
    // On an index, the index's partition key must match.
    let mut r = q(KeyCondition::partition("g", "x"));
    r.index = Some("by_g".into());
    r.exclusive_start_key = Some(key2("p", 1).with("g", "y").with("gs", 1));
    assert_validation(
        db.query(r).await,
        "The provided starting key does not match the range key predicate",
    );
}
