//! Integration tests against DynamoDB Local.
//!
//! Run with `eval "$(scripts/dynamodb-local.sh start)"; cargo test -p dynorm-dynamodb;
//! scripts/dynamodb-local.sh stop`. Without `DYNORM_DYNAMODB_ENDPOINT` the tests
//! fail under `CI=true` and are skipped (loudly) otherwise.
//!
//! DynamoDB Local differs from the service in a few ways these tests rely on:
//! tables are ACTIVE at once and GSIs read as if consistent (so items written
//! just before are found through the index).

#![allow(clippy::unwrap_used)]

use dynorm::backend::*;
use dynorm::expr::{attr, KeyCondition, Path, SortOp, Update};
use dynorm::{Backend, CancellationCode, Error, Item, Number, Value};
use dynorm_dynamodb::aws_sdk_dynamodb;
use dynorm_dynamodb::aws_sdk_dynamodb::error::ProvideErrorMetadata;
use dynorm_dynamodb::DynamoDbBackend;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

fn backend() -> Option<DynamoDbBackend> {
    match std::env::var("DYNORM_DYNAMODB_ENDPOINT") {
        Ok(endpoint) if !endpoint.is_empty() => Some(DynamoDbBackend::local(endpoint)),
        _ => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(
                !ci,
                "DYNORM_DYNAMODB_ENDPOINT is not set under CI=true: start DynamoDB Local with \
                 `eval \"$(scripts/dynamodb-local.sh start)\"`"
            );
            // Written to the stderr handle rather than with `eprintln!`, which the
            // test harness captures for passing tests: the skip must be seen.
            static SAID: AtomicBool = AtomicBool::new(false);
            if !SAID.swap(true, Ordering::Relaxed) {
                let _ = writeln!(
                    std::io::stderr(),
                    "\n************************************************************************\n\
                     *** SKIPPED dynorm-dynamodb integration tests: DYNORM_DYNAMODB_ENDPOINT\n\
                     *** is not set. Start DynamoDB Local first:\n\
                     ***   eval \"$(scripts/dynamodb-local.sh start)\"\n\
                     ************************************************************************\n"
                );
            }
            None
        }
    }
}

/// The SDK's error kept as the source of an error mapped from a DynamoDB
/// answer, after checking that the error kept the answer's request id.
#[track_caller]
fn sdk_cause(err: &Error) -> &aws_sdk_dynamodb::Error {
    assert!(
        err.request_id().is_some_and(|id| !id.is_empty()),
        "a request id: {err:?}"
    );
    std::error::Error::source(err)
        .and_then(|s| s.downcast_ref::<aws_sdk_dynamodb::Error>())
        .unwrap_or_else(|| panic!("the SDK's error is the source: {err:?}"))
}

/// A table name no other test (or earlier run on the same server) uses.
fn table_name(test: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "dynorm_it_{test}_{}_{nanos}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn definition(name: &str) -> TableDefinition {
    TableDefinition::new(name, KeyAttribute::new("pk", KeyType::S))
        .with_sort_key(KeyAttribute::new("sk", KeyType::S))
        .with_global_index(
            IndexDefinition::new("by_status", KeyAttribute::new("status", KeyType::S))
                .with_sort_key(KeyAttribute::new("rank", KeyType::N)),
        )
}

async fn create(b: &DynamoDbBackend, test: &str) -> String {
    let name = table_name(test);
    let desc = b
        .create_table(definition(&name))
        .await
        .expect("create table");
    assert_eq!(desc.status, TableStatus::Active);
    name
}

fn key(pk: &str, sk: &str) -> Item {
    Item::new().with("pk", pk).with("sk", sk)
}

async fn put(b: &DynamoDbBackend, table: &str, item: Item) {
    b.put_item(PutItemRequest::new(table, item))
        .await
        .expect("put");
}

async fn get(b: &DynamoDbBackend, table: &str, k: Item) -> Option<Item> {
    b.get_item(GetItemRequest::new(table, k).consistent_read(true))
        .await
        .expect("get")
        .item
}

#[tokio::test]
async fn table_lifecycle_and_description() {
    let Some(b) = backend() else { return };
    let name = table_name("tables");
    let def = definition(&name).with_local_index(
        IndexDefinition::new("by_created", KeyAttribute::new("pk", KeyType::S))
            .with_sort_key(KeyAttribute::new("created", KeyType::N))
            .with_projection(IndexProjection::Include(vec!["title".into()])),
    );
    let created = b.create_table(def.clone()).await.unwrap();
    assert_eq!(created.definition, def);
    let described = b
        .describe_table(DescribeTableRequest::new(&name))
        .await
        .unwrap();
    assert_eq!(described.definition, def);
    assert_eq!(described.status, TableStatus::Active);

    let again = b.create_table(def.clone()).await.unwrap_err();
    assert!(matches!(again, Error::ResourceInUse { .. }), "{again:?}");

    assert!(b
        .list_tables(ListTablesRequest::new())
        .await
        .unwrap()
        .table_names
        .contains(&name));

    assert_eq!(
        b.describe_time_to_live(DescribeTimeToLiveRequest::new(&name))
            .await
            .unwrap(),
        DescribeTimeToLiveOutput::new(TtlStatus::Disabled, None)
    );
    b.update_time_to_live(UpdateTimeToLiveRequest::new(
        &name,
        TimeToLive::enabled("expires"),
    ))
    .await
    .unwrap();
    assert_eq!(
        b.describe_time_to_live(DescribeTimeToLiveRequest::new(&name))
            .await
            .unwrap()
            .enabled_attribute(),
        Some("expires")
    );

    b.delete_table(DeleteTableRequest::new(&name))
        .await
        .unwrap();
    let gone = b
        .describe_table(DescribeTableRequest::new(&name))
        .await
        .unwrap_err();
    assert!(gone.is_resource_not_found(), "{gone:?}");
    assert!(!b
        .list_tables(ListTablesRequest::new())
        .await
        .unwrap()
        .table_names
        .contains(&name));
}

#[tokio::test]
async fn provisioned_table_with_gsi_throughput() {
    let Some(b) = backend() else { return };
    let name = table_name("prov");
    let def = definition(&name).with_billing(BillingMode::Provisioned { read: 3, write: 2 });
    let desc = b.create_table(def.clone()).await.unwrap();
    assert_eq!(
        desc.definition.billing,
        BillingMode::Provisioned { read: 3, write: 2 }
    );
    b.delete_table(DeleteTableRequest::new(&name))
        .await
        .unwrap();
}

#[tokio::test]
async fn put_get_update_delete() {
    let Some(b) = backend() else { return };
    let t = create(&b, "items").await;
    let big: Number = "12345678901234567890.123456789012345678".parse().unwrap();
    let item = key("U#1", "PROFILE")
        .with("name", "Ann")
        .with("status", "active")
        .with(
            "data",
            Item::new()
                .with("year", 2024)
                .with("list", vec![Value::from(1), Value::from("x")]),
        )
        .with("big", Value::N(big.clone()))
        .with("bin", Value::B(vec![0, 159, 255]))
        .with("tags", Value::string_set(["a", "b"]))
        .with("scores", Value::number_set([1, 2]))
        .with("blobs", Value::binary_set([vec![1u8], vec![2u8]]))
        .with("nothing", Value::Null)
        .with("flag", false)
        .with("empty", "");
    put(&b, &t, item.clone()).await;
    assert_eq!(get(&b, &t, key("U#1", "PROFILE")).await, Some(item.clone()));
    assert_eq!(get(&b, &t, key("U#1", "MISSING")).await, None);

    // Projection with reserved words and a nested path.
    let projected = b
        .get_item(
            GetItemRequest::new(t.clone(), key("U#1", "PROFILE")).projection(vec![
                Path::attr("name"),
                Path::parse("data.list[1]").unwrap(),
            ]),
        )
        .await
        .unwrap()
        .item
        .unwrap();
    assert_eq!(
        projected,
        Item::new()
            .with("name", "Ann")
            .with("data", Item::new().with("list", vec![Value::from("x")]))
    );

    // Update: every clause at once, guarded by a condition on the same names.
    let out = b
        .update_item(
            UpdateItemRequest::new(
                t.clone(),
                key("U#1", "PROFILE"),
                Update::new()
                    .set("status", "gone")
                    .increment("data.year", 1)
                    .append("history", vec![Value::from("login")])
                    .set_if_not_exists("created", 7)
                    .remove("nothing")
                    .add("visits", 5)
                    .add("tags", Value::string_set(["c"]))
                    .delete("scores", Value::number_set([1])),
            )
            .condition(attr("status").eq("active") & attr("data.year").lt(3000))
            .return_values(ReturnValues::AllNew),
        )
        .await
        .unwrap()
        .attributes
        .unwrap();
    assert_eq!(out.get("status"), Some(&Value::from("gone")));
    assert_eq!(
        out["data"].as_map().unwrap().get("year"),
        Some(&Value::from(2025))
    );
    assert_eq!(
        out.get("history"),
        Some(&Value::from(vec![Value::from("login")]))
    );
    assert_eq!(out.get("created"), Some(&Value::from(7)));
    assert_eq!(out.get("visits"), Some(&Value::from(5)));
    assert_eq!(out.get("tags"), Some(&Value::string_set(["a", "b", "c"])));
    assert_eq!(out.get("scores"), Some(&Value::number_set([2])));
    assert!(!out.contains("nothing"));
    assert_eq!(out.get("big"), Some(&Value::N(big)));

    // UPDATED_OLD returns only what the update wrote, as it was.
    let old = b
        .update_item(
            UpdateItemRequest::new(
                t.clone(),
                key("U#1", "PROFILE"),
                Update::new().set("name", "Bob"),
            )
            .return_values(ReturnValues::UpdatedOld),
        )
        .await
        .unwrap()
        .attributes;
    assert_eq!(old, Some(Item::new().with("name", "Ann")));

    // Conditional put fails and returns the stored item.
    let err = b
        .put_item(
            PutItemRequest::new(t.clone(), key("U#1", "PROFILE").with("name", "Eve"))
                .condition(attr("pk").not_exists())
                .return_old_on_condition_failure(true),
        )
        .await
        .unwrap_err();
    assert!(err.is_condition_failed(), "{err:?}");
    assert_eq!(
        err.old_item().and_then(|i| i.get("name")),
        Some(&Value::from("Bob"))
    );
    // The old item moved into the dynorm error; the SDK's error stays the source.
    assert!(
        matches!(
            sdk_cause(&err),
            aws_sdk_dynamodb::Error::ConditionalCheckFailedException(e) if e.item.is_none()
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(&t),
        "context names the table: {err}"
    );

    // Conditional update fails without the old item when not asked for it, with the key in context.
    let err = b
        .update_item(
            UpdateItemRequest::new(
                t.clone(),
                key("U#1", "PROFILE"),
                Update::new().add("visits", 1),
            )
            .condition(attr("visits").gt(100)),
        )
        .await
        .unwrap_err();
    assert!(err.is_condition_failed(), "{err:?}");
    assert!(err.old_item().is_none());
    match &err {
        Error::ConditionFailed { context, .. } => {
            assert_eq!(context.key, Some(key("U#1", "PROFILE")))
        }
        other => panic!("{other:?}"),
    }

    // Delete returning the old item.
    let deleted = b
        .delete_item(
            DeleteItemRequest::new(t.clone(), key("U#1", "PROFILE"))
                .condition(attr("name").eq("Bob"))
                .return_values(ReturnValues::AllOld),
        )
        .await
        .unwrap()
        .attributes
        .unwrap();
    assert_eq!(deleted.get("name"), Some(&Value::from("Bob")));
    assert_eq!(get(&b, &t, key("U#1", "PROFILE")).await, None);

    b.delete_table(DeleteTableRequest::new(&t)).await.unwrap();
}

#[tokio::test]
async fn queries_and_scans() {
    let Some(b) = backend() else { return };
    let t = create(&b, "reads").await;
    for i in 0..10 {
        let status = if i % 2 == 0 { "even" } else { "odd" };
        put(
            &b,
            &t,
            key("P", &format!("ORDER#{i:02}"))
                .with("status", status)
                .with("rank", i)
                .with("n", i),
        )
        .await;
    }
    put(&b, &t, key("P", "PROFILE").with("n", 100)).await;
    put(&b, &t, key("Q", "ORDER#00").with("n", 0)).await;

    // Key condition with begins_with, descending.
    let mut q = QueryRequest::new(
        &t,
        KeyCondition::partition("pk", "P").sort("sk", SortOp::BeginsWith("ORDER#".into())),
    );
    q.scan_forward = false;
    let out = b.query(q.clone()).await.unwrap();
    assert_eq!(out.items.len(), 10);
    assert_eq!(out.items[0].get("sk"), Some(&Value::from("ORDER#09")));
    assert_eq!(out.last_evaluated_key, None);

    // BETWEEN plus a filter: scanned_count counts before the filter.
    let mut q = QueryRequest::new(
        &t,
        KeyCondition::partition("pk", "P")
            .sort("sk", SortOp::Between("ORDER#02".into(), "ORDER#05".into())),
    );
    q.filter = Some(attr("status").eq("odd"));
    q.projection = Some(vec![Path::attr("sk")]);
    let out = b.query(q).await.unwrap();
    assert_eq!(out.scanned_count, 4);
    let sks: Vec<_> = out
        .items
        .iter()
        .map(|i| i["sk"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sks, ["ORDER#03", "ORDER#05"]);
    assert!(out.items.iter().all(|i| i.len() == 1));

    // Pagination with a limit and the previous page's key.
    let mut q = QueryRequest::new(&t, KeyCondition::partition("pk", "P"));
    q.limit = Some(4);
    let mut seen = Vec::new();
    loop {
        let out = b.query(q.clone()).await.unwrap();
        assert!(out.items.len() <= 4);
        seen.extend(out.items.into_iter().map(|i| i["sk"].clone()));
        match out.last_evaluated_key {
            Some(k) => q.exclusive_start_key = Some(k),
            None => break,
        }
    }
    assert_eq!(seen.len(), 11);

    // The GSI: only items with both status and rank, sorted by rank.
    let mut q = QueryRequest::new(
        &t,
        KeyCondition::partition("status", "odd").sort("rank", SortOp::Ge(5.into())),
    );
    q.index = Some("by_status".into());
    let out = b.query(q.clone()).await.unwrap();
    let ranks: Vec<_> = out.items.iter().map(|i| i["rank"].clone()).collect();
    assert_eq!(ranks, [Value::from(5), Value::from(7), Value::from(9)]);

    // Consistent reads on a GSI are a validation error, with DynamoDB's message.
    q.consistent_read = true;
    let err = b.query(q).await.unwrap_err();
    assert!(err.is_validation(), "{err:?}");
    assert!(err.message().to_lowercase().contains("consistent"), "{err}");

    // Scan with a filter, and a parallel scan whose segments cover the table.
    let out = b
        .scan(
            ScanRequest::new(t.clone())
                .filter(attr("n").ge(5) & !attr("status").exists())
                .consistent_read(true),
        )
        .await
        .unwrap();
    assert_eq!(out.items.len(), 1);
    assert_eq!(out.scanned_count, 12);
    let mut total = 0;
    for segment in 0..3 {
        let out = b
            .scan(ScanRequest::new(t.clone()).segment(Segment::new(segment, 3)))
            .await
            .unwrap();
        total += out.items.len();
    }
    assert_eq!(total, 12);

    b.delete_table(DeleteTableRequest::new(&t)).await.unwrap();
}

#[tokio::test]
async fn batches_and_transactions() {
    let Some(b) = backend() else { return };
    let t = create(&b, "batch").await;

    let writes = (0..25)
        .map(|i| WriteRequest::Put(key("B", &format!("{i:02}")).with("n", i)))
        .collect::<Vec<_>>();
    let out = b
        .batch_write_item(BatchWriteItemRequest::from_tables(BTreeMap::from([(
            t.clone(),
            writes,
        )])))
        .await
        .unwrap();
    assert!(out.unprocessed.is_empty());

    let keys = (0..30)
        .map(|i| key("B", &format!("{i:02}")))
        .collect::<Vec<_>>();
    let out = b
        .batch_get_item(BatchGetItemRequest::from_tables(BTreeMap::from([(
            t.clone(),
            KeysAndAttributes::new(keys)
                .projection(vec![Path::attr("sk"), Path::attr("n")])
                .consistent_read(true),
        )])))
        .await
        .unwrap();
    assert!(out.unprocessed.is_empty());
    let mut found = out.responses[&t].clone();
    found.sort_by_key(|i| i["sk"].as_str().unwrap_or_default().to_owned());
    assert_eq!(found.len(), 25);
    assert_eq!(found[3], Item::new().with("sk", "03").with("n", 3));

    let out = b
        .batch_write_item(BatchWriteItemRequest::from_tables(BTreeMap::from([(
            t.clone(),
            vec![
                WriteRequest::Delete(key("B", "00")),
                WriteRequest::Delete(key("B", "01")),
            ],
        )])))
        .await
        .unwrap();
    assert!(out.unprocessed.is_empty());
    assert_eq!(get(&b, &t, key("B", "00")).await, None);

    // A transaction that succeeds.
    b.transact_write_items(
        TransactWriteItemsRequest::new(vec![
            TransactWriteAction::put(t.clone(), key("T", "1").with("v", 1))
                .condition(attr("pk").not_exists()),
            TransactWriteAction::update(t.clone(), key("B", "05"), Update::new().add("n", 100))
                .condition(attr("n").eq(5)),
            TransactWriteAction::delete(t.clone(), key("B", "06")),
            TransactWriteAction::condition_check(t.clone(), key("B", "07"), attr("n").exists()),
        ])
        .client_request_token(format!("tok-{}", std::process::id())),
    )
    .await
    .unwrap();

    let out = b
        .transact_get_items(TransactGetItemsRequest::new(vec![
            TransactGet::new(t.clone(), key("T", "1")),
            TransactGet::new(t.clone(), key("B", "06")),
            TransactGet::new(t.clone(), key("B", "05")).projection(vec![Path::attr("n")]),
        ]))
        .await
        .unwrap();
    assert_eq!(out.items.len(), 3);
    assert_eq!(out.items[0], Some(key("T", "1").with("v", 1)));
    assert_eq!(out.items[1], None);
    assert_eq!(out.items[2], Some(Item::new().with("n", 105)));

    // A transaction cancelled by its second action, with the old item.
    let err = b
        .transact_write_items(TransactWriteItemsRequest::new(vec![
            TransactWriteAction::put(t.clone(), key("T", "2")),
            TransactWriteAction::condition_check(t.clone(), key("T", "1"), attr("v").eq(2))
                .return_old_on_condition_failure(true),
        ]))
        .await
        .unwrap_err();
    let reasons = err
        .cancellation_reasons()
        .unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(reasons.len(), 2);
    assert_eq!(reasons[0].code, CancellationCode::None);
    assert_eq!(reasons[1].code, CancellationCode::ConditionalCheckFailed);
    assert_eq!(reasons[1].item, Some(key("T", "1").with("v", 1)));
    assert!(
        matches!(
            sdk_cause(&err),
            aws_sdk_dynamodb::Error::TransactionCanceledException(_)
        ),
        "{err:?}"
    );
    assert_eq!(
        get(&b, &t, key("T", "2")).await,
        None,
        "nothing of a cancelled transaction is applied"
    );

    b.delete_table(DeleteTableRequest::new(&t)).await.unwrap();
}

#[tokio::test]
async fn error_kinds() {
    let Some(b) = backend() else { return };
    let t = create(&b, "errors").await;

    // An item over 400 KB.
    let err = b
        .put_item(PutItemRequest::new(
            t.clone(),
            key("E", "big").with("blob", "x".repeat(410_000)),
        ))
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");
    assert!(err.message().contains("Item size"), "{err}");
    assert!(!err.is_retryable());
    let sdk = sdk_cause(&err);
    assert_eq!(sdk.code(), Some("ValidationException"), "{sdk:?}");

    // Missing table.
    let err = b
        .get_item(GetItemRequest::new(format!("{t}_missing"), key("a", "b")))
        .await
        .unwrap_err();
    assert!(err.is_resource_not_found(), "{err:?}");
    assert!(
        matches!(
            sdk_cause(&err),
            aws_sdk_dynamodb::Error::ResourceNotFoundException(_)
        ),
        "{err:?}"
    );

    // A key of the wrong type.
    let err = b
        .get_item(GetItemRequest::new(
            t.clone(),
            Item::new().with("pk", 1).with("sk", "x"),
        ))
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");

    // Updating a key attribute.
    let err = b
        .update_item(UpdateItemRequest::new(
            t.clone(),
            key("E", "k"),
            Update::new().set("sk", "other"),
        ))
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");

    // An empty AND is rejected before sending.
    let err = b
        .delete_item(
            DeleteItemRequest::new(t.clone(), key("E", "k"))
                .condition(dynorm::Condition::And(vec![])),
        )
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err:?}");

    b.delete_table(DeleteTableRequest::new(&t)).await.unwrap();
}

#[tokio::test]
async fn builder_configures_a_working_backend() {
    let Some(_) = backend() else { return };
    let Ok(endpoint) = std::env::var("DYNORM_DYNAMODB_ENDPOINT") else {
        return;
    };
    let b = DynamoDbBackend::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials("dynormlocal", "dynormlocal")
        .max_attempts(2)
        .initial_backoff(std::time::Duration::from_millis(10))
        .operation_timeout(std::time::Duration::from_secs(20))
        .attempt_timeout(std::time::Duration::from_secs(10))
        .build()
        .await
        .unwrap();
    let t = create(&b, "builder").await;
    // The same credentials and region as `local`: both see the table.
    let local = backend().unwrap();
    assert!(local
        .list_tables(ListTablesRequest::new())
        .await
        .unwrap()
        .table_names
        .contains(&t));
    let from_client = DynamoDbBackend::from_client(b.sdk_client().clone());
    from_client
        .delete_table(DeleteTableRequest::new(&t))
        .await
        .unwrap();
}

#[tokio::test]
async fn zero_attempts_is_a_config_error() {
    let err = DynamoDbBackend::builder()
        .region("us-east-1")
        .max_attempts(0)
        .build()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn update_table_answers_before_the_new_index_is_active() {
    let Some(b) = backend() else { return };
    let t = create(&b, "update").await;
    put(&b, &t, key("a", "1").with("colour", "red")).await;
    let by_colour = IndexDefinition::new("by_colour", KeyAttribute::new("colour", KeyType::S));
    let answer = b
        .update_table(UpdateTableRequest::new(&t).create_global_index(by_colour.clone()))
        .await
        .unwrap();
    // The backend does not wait: DynamoDB (and DynamoDB Local) fill the
    // index after answering.
    assert_eq!(
        answer.index("by_colour").map(|i| i.status),
        Some(IndexStatus::Creating),
        "{answer:?}"
    );
    let client = dynorm::Client::new(b.clone());
    let active = client.wait_until_active(&t).await.unwrap();
    assert!(active.is_active());
    assert!(active.definition.global_indexes.contains(&by_colour));
    let found = b
        .query(QueryRequest::new(&t, KeyCondition::partition("colour", "red")).index("by_colour"))
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    b.delete_table(DeleteTableRequest::new(&t)).await.unwrap();
}
