use super::*;
use std::collections::BTreeMap;

fn writes(table: &str, w: Vec<WriteRequest>) -> BatchWriteItemRequest {
    BatchWriteItemRequest::from_tables(BTreeMap::from([(table.to_owned(), w)]))
}

#[tokio::test]
async fn batch_write_takes_1_to_25_requests() {
    let db = db().await;
    let puts = |n: usize| {
        (0..n)
            .map(|i| WriteRequest::Put(key(&format!("k{i}"))))
            .collect::<Vec<_>>()
    };
    let out = db
        .batch_write_item(writes(SIMPLE, puts(25)))
        .await
        .expect("25");
    assert!(out.unprocessed.is_empty());
    assert_eq!(
        db.describe_table(DescribeTableRequest::new(SIMPLE))
            .await
            .expect("describe")
            .item_count,
        25
    );
    assert_validation(
        db.batch_write_item(writes(SIMPLE, puts(26))).await,
        "Too many items requested for the BatchWriteItem call",
    );
    assert_validation(
        db.batch_write_item(writes(SIMPLE, vec![])).await,
        "greater than or equal to 1",
    );
    assert_validation(
        db.batch_write_item(BatchWriteItemRequest::default()).await,
        "greater than or equal to 1",
    );
}

#[tokio::test]
async fn batch_write_rejects_duplicates_and_bad_items_before_writing() {
    let db = db().await;
    let dup = vec![WriteRequest::Put(key("a")), WriteRequest::Delete(key("a"))];
    assert_validation(
        db.batch_write_item(writes(SIMPLE, dup)).await,
        "Provided list of item keys contains duplicates",
    );
    let bad = vec![
        WriteRequest::Put(key("ok")),
        WriteRequest::Put(key("bad").with("s", Value::Ss(vec![]))),
    ];
    assert_validation(
        db.batch_write_item(writes(SIMPLE, bad)).await,
        "may not be empty",
    );
    assert_eq!(
        get(&db, SIMPLE, key("ok")).await.expect("get"),
        None,
        "nothing written"
    );
    put(&db, SIMPLE, key("gone")).await.expect("put");
    let mixed = vec![
        WriteRequest::Put(key("new")),
        WriteRequest::Delete(key("gone")),
    ];
    db.batch_write_item(writes(SIMPLE, mixed))
        .await
        .expect("mixed");
    assert!(get(&db, SIMPLE, key("new")).await.expect("get").is_some());
    assert!(get(&db, SIMPLE, key("gone")).await.expect("get").is_none());
    let missing = writes("nope", vec![WriteRequest::Put(key("a"))]);
    assert!(db
        .batch_write_item(missing)
        .await
        .expect_err("missing")
        .is_resource_not_found());
}

fn gets(keys: Vec<Item>) -> BatchGetItemRequest {
    BatchGetItemRequest::from_tables(BTreeMap::from([(
        SIMPLE.to_owned(),
        KeysAndAttributes::new(keys),
    )]))
}

#[tokio::test]
async fn batch_get_limits_and_missing_keys() {
    let db = db().await;
    put(&db, SIMPLE, key("k1")).await.expect("put");
    let keys = |n: usize| (0..n).map(|i| key(&format!("k{i}"))).collect::<Vec<_>>();
    let out = db.batch_get_item(gets(keys(100))).await.expect("100 keys");
    assert_eq!(
        out.responses.get(SIMPLE).map(Vec::len),
        Some(1),
        "missing keys are simply absent"
    );
    assert!(out.unprocessed.is_empty());
    assert_validation(
        db.batch_get_item(gets(keys(101))).await,
        "Too many items requested for the BatchGetItem call",
    );
    assert_validation(
        db.batch_get_item(gets(vec![key("a"), key("a")])).await,
        "duplicates",
    );
    assert_validation(
        db.batch_get_item(gets(vec![])).await,
        "greater than or equal to 1",
    );
}

#[tokio::test]
async fn batch_get_response_is_capped_at_16_mb() {
    let db = db().await;
    for i in 0..45 {
        put(
            &db,
            SIMPLE,
            key(&format!("k{i:02}")).with("d", "x".repeat(400_000)),
        )
        .await
        .expect("put");
    }
    let keys: Vec<Item> = (0..45).map(|i| key(&format!("k{i:02}"))).collect();
    let out = db.batch_get_item(gets(keys)).await.expect("get");
    let got = out.responses.get(SIMPLE).map(Vec::len).unwrap_or(0);
    let left = out
        .unprocessed
        .get(SIMPLE)
        .map(|k| k.keys.len())
        .unwrap_or(0);
    assert_eq!(got + left, 45);
    assert!(left > 0, "over 16 MB comes back unprocessed");
    let bytes: usize = out
        .responses
        .get(SIMPLE)
        .map(|v| v.iter().map(dynorm::item_size).sum())
        .unwrap_or(0);
    assert!(bytes <= 16 * 1024 * 1024);
}
