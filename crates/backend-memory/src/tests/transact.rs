use super::*;
use dynorm::expr::attr;
use dynorm::CancellationCode;

fn put_action(item: Item, condition: Option<Condition>) -> TransactWriteAction {
    let action = TransactWriteAction::put(SIMPLE, item).return_old_on_condition_failure(true);
    match condition {
        Some(c) => action.condition(c),
        None => action,
    }
}

fn tx(actions: Vec<TransactWriteAction>) -> TransactWriteItemsRequest {
    TransactWriteItemsRequest::new(actions)
}

#[tokio::test]
async fn all_or_nothing_with_reasons_in_order() {
    let db = db().await;
    put(&db, SIMPLE, key("exists").with("v", 1))
        .await
        .expect("put");
    let err = db
        .transact_write_items(tx(vec![
            put_action(key("new"), None),
            put_action(key("exists").with("v", 2), Some(attr("pk").not_exists())),
            TransactWriteAction::delete(SIMPLE, key("other")),
        ]))
        .await
        .expect_err("cancelled");
    let reasons = err.cancellation_reasons().expect("reasons");
    assert_eq!(reasons.len(), 3);
    assert_eq!(reasons[0].code, CancellationCode::None);
    assert_eq!(reasons[1].code, CancellationCode::ConditionalCheckFailed);
    assert_eq!(reasons[1].item, Some(key("exists").with("v", 1)));
    assert_eq!(reasons[2].code, CancellationCode::None);
    assert_eq!(
        get(&db, SIMPLE, key("new")).await.expect("get"),
        None,
        "nothing applied"
    );

    db.transact_write_items(tx(vec![
        put_action(key("new"), None),
        TransactWriteAction::update(SIMPLE, key("exists"), Update::new().add("v", 10))
            .condition(attr("v").eq(1)),
        TransactWriteAction::condition_check(SORTED, key2("x", 1), attr("pk").not_exists()),
    ]))
    .await
    .expect("applied");
    assert!(get(&db, SIMPLE, key("new")).await.expect("get").is_some());
    assert_eq!(
        get(&db, SIMPLE, key("exists")).await.expect("get"),
        Some(key("exists").with("v", 11))
    );
}

#[tokio::test]
async fn transaction_limits() {
    let db = db().await;
    let puts = |n: usize| {
        (0..n)
            .map(|i| put_action(key(&format!("k{i}")), None))
            .collect::<Vec<_>>()
    };
    db.transact_write_items(tx(puts(100)))
        .await
        .expect("100 actions");
    assert_validation(
        db.transact_write_items(tx(puts(101))).await,
        "less than or equal to 100",
    );
    assert_validation(
        db.transact_write_items(tx(vec![])).await,
        "greater than or equal to 1",
    );
    let same = vec![
        put_action(key("a"), None),
        TransactWriteAction::delete(SIMPLE, key("a")),
    ];
    assert_validation(
        db.transact_write_items(tx(same)).await,
        "Transaction request cannot include multiple operations on one item",
    );
    let big = vec![put_action(key("big").with("d", "x".repeat(409_597)), None)];
    assert_validation(
        db.transact_write_items(tx(big)).await,
        "Item size has exceeded",
    );
    // Eleven items of 400 KB exceed 4 MB.
    let heavy = (0..11)
        .map(|i| put_action(key(&format!("h{i}")).with("d", "x".repeat(400_000)), None))
        .collect();
    assert_validation(
        db.transact_write_items(tx(heavy)).await,
        "Transaction payload size cannot exceed 4MB",
    );
    let heavy_ok = (0..10)
        .map(|i| put_action(key(&format!("h{i}")).with("d", "x".repeat(400_000)), None))
        .collect();
    db.transact_write_items(tx(heavy_ok))
        .await
        .expect("10 x 400 KB fits in 4 MB");
}

#[tokio::test]
async fn client_request_tokens_are_idempotent() {
    let db = db().await;
    let req = |v: i64| {
        TransactWriteItemsRequest::new(vec![TransactWriteAction::update(
            SIMPLE,
            key("c"),
            Update::new().add("n", v),
        )])
        .client_request_token("token-1")
    };
    db.transact_write_items(req(1)).await.expect("first");
    db.transact_write_items(req(1)).await.expect("retry");
    assert_eq!(
        get(&db, SIMPLE, key("c")).await.expect("get"),
        Some(key("c").with("n", 1)),
        "applied once"
    );
    let err = db.transact_write_items(req(2)).await.expect_err("mismatch");
    assert!(
        matches!(err, Error::IdempotentParameterMismatch { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn transact_get_reads_a_snapshot() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("v", 1)).await.expect("put");
    let g = |k: Item| TransactGet::new(SIMPLE, k);
    let out = db
        .transact_get_items(TransactGetItemsRequest::new(vec![g(key("a")), g(key("b"))]))
        .await
        .expect("get");
    assert_eq!(out.items, vec![Some(key("a").with("v", 1)), None]);
    assert_validation(
        db.transact_get_items(TransactGetItemsRequest::new(vec![]))
            .await,
        "greater than or equal to 1",
    );
    let many = (0..101).map(|i| g(key(&format!("k{i}")))).collect();
    assert_validation(
        db.transact_get_items(TransactGetItemsRequest::new(many))
            .await,
        "less than or equal to 100",
    );
}
