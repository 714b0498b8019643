use super::*;
use dynorm::expr::attr;

#[tokio::test]
async fn put_get_delete_round_trip() {
    let db = db().await;
    let item = key("a").with("n", 1).with("s", "x");
    put(&db, SIMPLE, item.clone()).await.expect("put");
    assert_eq!(
        get(&db, SIMPLE, key("a")).await.expect("get"),
        Some(item.clone())
    );
    assert_eq!(get(&db, SIMPLE, key("b")).await.expect("get"), None);
    let out = db
        .delete_item(DeleteItemRequest::new(SIMPLE, key("a")).return_values(ReturnValues::AllOld))
        .await
        .expect("delete");
    assert_eq!(out.attributes, Some(item));
    assert_eq!(get(&db, SIMPLE, key("a")).await.expect("get"), None);
}

#[tokio::test]
async fn put_returns_old_item_only_when_asked() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("v", 1)).await.expect("put");
    let out = db
        .put_item(
            PutItemRequest::new(SIMPLE, key("a").with("v", 2)).return_values(ReturnValues::AllOld),
        )
        .await
        .expect("put");
    assert_eq!(out.attributes, Some(key("a").with("v", 1)));
    let out = put(&db, SIMPLE, key("a").with("v", 3)).await.expect("put");
    assert_eq!(out.attributes, None);
    let r = db
        .put_item(PutItemRequest::new(SIMPLE, key("a")).return_values(ReturnValues::AllNew))
        .await;
    assert_validation(r, "ReturnValues");
}

#[tokio::test]
async fn missing_table_is_resource_not_found_everywhere() {
    let db = MemoryBackend::new();
    let is_rnf = |e: Error| {
        assert!(e.is_resource_not_found(), "{e:?}");
        assert!(e
            .to_string()
            .contains(dynorm::rules::table::TABLE_NOT_FOUND));
    };
    is_rnf(get(&db, "nope", key("a")).await.expect_err("get"));
    is_rnf(put(&db, "nope", key("a")).await.expect_err("put"));
    is_rnf(
        update(&db, "nope", key("a"), Update::new().set("x", 1))
            .await
            .expect_err("update"),
    );
    is_rnf(
        db.delete_item(DeleteItemRequest::new("nope", key("a")))
            .await
            .expect_err("delete"),
    );
    is_rnf(
        db.query(QueryRequest::new(
            "nope",
            dynorm::expr::KeyCondition::partition("pk", "a"),
        ))
        .await
        .expect_err("query"),
    );
    is_rnf(db.scan(ScanRequest::new("nope")).await.expect_err("scan"));
    is_rnf(
        db.describe_table(DescribeTableRequest::new("nope"))
            .await
            .expect_err("describe"),
    );
    is_rnf(
        db.delete_table(DeleteTableRequest::new("nope"))
            .await
            .expect_err("delete table"),
    );
    is_rnf(
        db.describe_time_to_live(DescribeTimeToLiveRequest::new("nope"))
            .await
            .expect_err("ttl"),
    );
}

#[tokio::test]
async fn request_keys_must_match_the_schema() {
    let db = db().await;
    let mismatch = "The provided key element does not match the schema";
    assert_validation(get(&db, SIMPLE, Item::new()).await, mismatch);
    assert_validation(get(&db, SIMPLE, key("a").with("extra", 1)).await, mismatch);
    assert_validation(get(&db, SIMPLE, Item::new().with("pk", 1)).await, mismatch);
    assert_validation(
        get(&db, SIMPLE, Item::new().with("other", "a")).await,
        mismatch,
    );
    assert_validation(get(&db, SORTED, key("a")).await, mismatch);
    assert_validation(
        get(&db, SORTED, Item::new().with("pk", "a").with("sk", "1")).await,
        mismatch,
    );
    assert!(get(&db, SORTED, key2("a", 1)).await.is_ok());
}

#[tokio::test]
async fn put_items_need_their_key_with_the_right_type() {
    let db = db().await;
    assert_validation(
        put(&db, SIMPLE, Item::new().with("x", 1)).await,
        "Missing the key pk in the item",
    );
    assert_validation(
        put(&db, SIMPLE, Item::new().with("pk", 1)).await,
        "Type mismatch for key pk expected: S actual: N",
    );
    assert_validation(put(&db, SORTED, key("a")).await, "Missing the key sk");
}

#[tokio::test]
async fn empty_key_values_are_rejected_also_on_reads() {
    let db = db().await;
    let frag = "The AttributeValue for a key attribute cannot contain an empty string value";
    assert_validation(put(&db, SIMPLE, key("")).await, frag);
    assert_validation(get(&db, SIMPLE, key("")).await, frag);
    let t = "bin";
    db.create_table(TableDefinition::new(t, KeyAttribute::new("pk", KeyType::B)))
        .await
        .expect("create");
    assert_validation(
        put(&db, t, Item::new().with("pk", Vec::<u8>::new())).await,
        "The AttributeValue for a key attribute cannot contain an empty",
    );
    put(&db, t, Item::new().with("pk", vec![0u8]))
        .await
        .expect("one byte");
    // Empty strings are fine outside keys.
    put(
        &db,
        SIMPLE,
        key("a").with("e", "").with("b", Vec::<u8>::new()),
    )
    .await
    .expect("empty non-key");
}

#[tokio::test]
async fn key_size_limits() {
    let db = db().await;
    put(&db, SIMPLE, key(&"p".repeat(2048)))
        .await
        .expect("2048 ok");
    assert_validation(
        put(&db, SIMPLE, key(&"p".repeat(2049))).await,
        "Size of hashkey has exceeded",
    );
    assert_validation(
        get(&db, SIMPLE, key(&"p".repeat(2049))).await,
        "Size of hashkey has exceeded",
    );
    assert!(get(&db, SIMPLE, key(&"p".repeat(2048)))
        .await
        .expect("get")
        .is_some());

    db.create_table(
        TableDefinition::new("sskeys", KeyAttribute::new("pk", KeyType::S))
            .with_sort_key(KeyAttribute::new("sk", KeyType::S)),
    )
    .await
    .expect("create");
    let k = |n: usize| Item::new().with("pk", "a").with("sk", "s".repeat(n));
    put(&db, "sskeys", k(1024)).await.expect("1024 ok");
    assert_validation(
        put(&db, "sskeys", k(1025)).await,
        "Aggregated size of all range keys has exceeded",
    );
    assert_validation(get(&db, "sskeys", k(1025)).await, "range keys");
}

#[tokio::test]
async fn index_keys_on_items_must_have_the_right_type_and_not_be_empty() {
    let db = db().await;
    assert_validation(
        put(&db, SORTED, key2("a", 1).with("g", 5)).await,
        "Type mismatch for Index Key g Expected: S Actual: N IndexName: by_g",
    );
    assert_validation(
        put(&db, SORTED, key2("a", 1).with("g", "")).await,
        "secondary index key",
    );
    assert_validation(
        put(&db, SORTED, key2("a", 1).with("l", "")).await,
        "IndexName: by_l",
    );
    put(
        &db,
        SORTED,
        key2("a", 1).with("g", "x").with("gs", 1).with("l", "y"),
    )
    .await
    .expect("valid index keys");
    put(&db, SORTED, key2("a", 2))
        .await
        .expect("no index keys at all");
    assert_validation(
        update(&db, SORTED, key2("a", 2), Update::new().set("gs", "text")).await,
        "Type mismatch for Index Key gs",
    );
}

#[tokio::test]
async fn condition_failure_returns_old_item_only_when_asked() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("v", 1)).await.expect("put");
    let err = put_if(&db, SIMPLE, key("a").with("v", 2), attr("pk").not_exists())
        .await
        .expect_err("exists");
    assert!(err.is_condition_failed());
    assert!(err.old_item().is_none());
    match &err {
        Error::ConditionFailed { context, .. } => {
            assert_eq!(context.table.as_deref(), Some(SIMPLE));
            assert_eq!(context.key.as_ref(), Some(&key("a")));
        }
        other => panic!("{other:?}"),
    }
    let err = db
        .put_item(
            PutItemRequest::new(SIMPLE, key("a").with("v", 2))
                .condition(attr("pk").not_exists())
                .return_old_on_condition_failure(true),
        )
        .await
        .expect_err("exists");
    assert_eq!(err.old_item(), Some(&key("a").with("v", 1)));
    // Nothing was written.
    assert_eq!(
        get(&db, SIMPLE, key("a")).await.expect("get"),
        Some(key("a").with("v", 1))
    );
    // No old item when none existed.
    let err = db
        .delete_item(
            DeleteItemRequest::new(SIMPLE, key("zz"))
                .condition(attr("pk").exists())
                .return_old_on_condition_failure(true),
        )
        .await
        .expect_err("missing");
    assert!(err.is_condition_failed());
    assert!(err.old_item().is_none());
}

#[tokio::test]
async fn projection_selects_paths() {
    let db = db().await;
    let inner = Item::new().with("b", 1).with("c", 2);
    let item = key("a")
        .with("m", inner)
        .with("l", vec![s("x"), s("y"), s("z")])
        .with("other", true);
    put(&db, SIMPLE, item).await.expect("put");
    let got = db
        .get_item(
            GetItemRequest::new(SIMPLE, key("a")).projection(["m.b", "l[2]", "l[0]", "missing"]),
        )
        .await
        .expect("get")
        .item
        .expect("item");
    let expected = Item::new()
        .with("m", Item::new().with("b", 1))
        .with("l", vec![s("x"), s("z")]);
    assert_eq!(got, expected);
    let r = db
        .get_item(GetItemRequest::new(SIMPLE, key("a")).projection(["m", "m.b"]))
        .await;
    assert_validation(r, "Two document paths overlap");
}
