use super::*;
use dynorm::expr::attr;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_conditional_increments_are_exact() {
    let db = db().await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let current = get(&db, SIMPLE, key("counter"))
                    .await
                    .expect("get")
                    .and_then(|i| i.get("v").cloned());
                let (next, cond) = match &current {
                    None => (1, attr("v").not_exists()),
                    Some(v) => {
                        let n = v.as_number().and_then(|n| n.to_i64().ok()).unwrap_or(0);
                        (n + 1, attr("v").eq(v.clone()))
                    }
                };
                match put_if(&db, SIMPLE, key("counter").with("v", next), cond).await {
                    Ok(_) => break,
                    Err(e) if e.is_condition_failed() => tokio::task::yield_now().await,
                    Err(e) => panic!("{e:?}"),
                }
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(
        get(&db, SIMPLE, key("counter")).await.expect("get"),
        Some(key("counter").with("v", 50))
    );

    let mut tasks = Vec::new();
    for _ in 0..50 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            update(&db, SIMPLE, key("adds"), Update::new().add("n", 1))
                .await
                .expect("add");
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(
        get(&db, SIMPLE, key("adds")).await.expect("get"),
        Some(key("adds").with("n", 50))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn transactions_are_never_half_applied() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("n", 0)).await.expect("put");
    put(&db, SORTED, key2("b", 1).with("n", 0))
        .await
        .expect("put");
    let writer = {
        let db = db.clone();
        tokio::spawn(async move {
            for _ in 0..200 {
                db.transact_write_items(TransactWriteItemsRequest::new(vec![
                    TransactWriteAction::update(SIMPLE, key("a"), Update::new().add("n", 1)),
                    TransactWriteAction::update(SORTED, key2("b", 1), Update::new().add("n", 1)),
                ]))
                .await
                .expect("tx");
            }
        })
    };
    let reader = {
        let db = db.clone();
        tokio::spawn(async move {
            for _ in 0..200 {
                let out = db
                    .transact_get_items(TransactGetItemsRequest::new(vec![
                        TransactGet::new(SIMPLE, key("a")),
                        TransactGet::new(SORTED, key2("b", 1)),
                    ]))
                    .await
                    .expect("read");
                let n = |i: &Option<Item>| i.as_ref().and_then(|i| i.get("n").cloned());
                assert_eq!(n(&out.items[0]), n(&out.items[1]), "both or neither");
                tokio::task::yield_now().await;
            }
        })
    };
    let racer = {
        let db = db.clone();
        tokio::spawn(async move {
            for _ in 0..200 {
                // Plain writes to other items of the same tables race with the transactions.
                put(&db, SIMPLE, key("noise")).await.expect("put");
                tokio::task::yield_now().await;
            }
        })
    };
    writer.await.expect("writer");
    reader.await.expect("reader");
    racer.await.expect("racer");
    assert_eq!(
        get(&db, SIMPLE, key("a")).await.expect("get"),
        Some(key("a").with("n", 200))
    );
    assert_eq!(
        get(&db, SORTED, key2("b", 1)).await.expect("get"),
        Some(key2("b", 1).with("n", 200))
    );
}
