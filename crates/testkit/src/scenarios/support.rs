//! Helpers the scenarios share: raw tables and checks on error kinds.

use crate::Ctx;
use dynorm::backend::{DescribeTimeToLiveRequest, KeyAttribute, KeyType, TableDefinition};
use dynorm::{Client, Condition, Error, Item, Number, Result, Table, Value};
use std::fmt::Debug;

/// Creates a raw table `base` (prefixed by the scenario's client) with a
/// string partition key `pk` and, optionally, a sort key `sk` of `sort` type.
pub(crate) async fn raw_table(ctx: &Ctx, base: &str, sort: Option<KeyType>) -> Result<Table> {
    let mut def = TableDefinition::new(
        ctx.client.table_name(base),
        KeyAttribute::new("pk", KeyType::S),
    );
    if let Some(t) = sort {
        def = def.with_sort_key(KeyAttribute::new("sk", t));
    }
    ctx.client.create_table_definition(def).await?;
    Ok(ctx.client.table(base))
}

/// The attribute TTL is enabled (or being enabled) on in the table called
/// `table` (full name), as DescribeTimeToLive says.
pub(crate) async fn enabled_ttl(client: &Client, table: &str) -> Result<Option<String>> {
    let ttl = client
        .backend()
        .describe_time_to_live(DescribeTimeToLiveRequest::new(table))
        .await?;
    Ok(ttl.enabled_attribute().map(str::to_owned))
}

/// The key `{pk: id}`.
pub(crate) fn pk(id: &str) -> Item {
    Item::new().with("pk", id)
}

/// Reads an item back with a consistent read.
pub(crate) async fn read(table: &Table, key: Item) -> Result<Option<Item>> {
    table.get(key).consistent_read().await
}

/// Asserts that `result` failed with a validation error whose message contains
/// `fragment` (case-insensitive).
#[track_caller]
pub(crate) fn expect_validation<T: Debug>(result: Result<T>, fragment: &str) {
    match result {
        Err(e) if e.is_validation() => assert_message(&e, fragment),
        other => panic!("expected a validation error mentioning {fragment:?}, got {other:?}"),
    }
}

/// Asserts that `result` failed with a validation error whose message contains
/// one of `fragments` (for messages DynamoDB and DynamoDB Local word differently).
#[track_caller]
pub(crate) fn expect_validation_any<T: Debug>(result: Result<T>, fragments: &[&str]) {
    match result {
        Err(e) if e.is_validation() => {
            let message = e.message().to_lowercase();
            assert!(
                fragments
                    .iter()
                    .any(|f| message.contains(&f.to_lowercase())),
                "error message {message:?} mentions none of {fragments:?}"
            );
        }
        other => {
            panic!("expected a validation error mentioning one of {fragments:?}, got {other:?}")
        }
    }
}

/// Asserts that `result` failed because a condition was false, and returns the error.
#[track_caller]
pub(crate) fn expect_condition_failed<T: Debug>(result: Result<T>) -> Error {
    match result {
        Err(e) if e.is_condition_failed() => e,
        other => panic!("expected ConditionFailed, got {other:?}"),
    }
}

/// Asserts that `result` failed because the table does not exist.
#[track_caller]
pub(crate) fn expect_resource_not_found<T: Debug>(result: Result<T>) {
    match result {
        Err(e) if e.is_resource_not_found() => {}
        other => panic!("expected ResourceNotFound, got {other:?}"),
    }
}

/// Asserts that the error's message contains `fragment` (case-insensitive).
#[track_caller]
pub(crate) fn assert_message(e: &Error, fragment: &str) {
    let message = e.message();
    assert!(
        message.to_lowercase().contains(&fragment.to_lowercase()),
        "error message {message:?} does not mention {fragment:?}"
    );
}

/// A number value from text; the text must be a valid DynamoDB number.
#[track_caller]
pub(crate) fn num(text: &str) -> Value {
    match text.parse::<Number>() {
        Ok(n) => Value::N(n),
        Err(e) => panic!("`{text}` should be a valid number: {e}"),
    }
}

/// Runs `cond` as the condition of an update that counts writes in `writes`
/// on the item with key `key`, and checks that it holds exactly when `holds`.
pub(crate) async fn check_condition(
    table: &Table,
    key: Item,
    cond: Condition,
    holds: bool,
) -> Result<()> {
    let shown = format!("{cond:?}");
    let result = table.update(key).add("writes", 1).condition(cond).await;
    match (holds, result) {
        (true, Ok(_)) => Ok(()),
        (false, Err(e)) if e.is_condition_failed() => Ok(()),
        (true, Err(e)) if e.is_condition_failed() => {
            panic!("condition should hold but failed: {shown}")
        }
        (false, Ok(_)) => panic!("condition should fail but held: {shown}"),
        (_, Err(e)) => Err(e),
    }
}

/// Checks every `(condition, holds)` case against the item with key `key`,
/// then that the item's `writes` counter grew by the number of holding ones.
pub(crate) async fn check_conditions(
    table: &Table,
    key: Item,
    cases: Vec<(Condition, bool)>,
) -> Result<()> {
    let before = writes(table, key.clone()).await?;
    let expected = cases.iter().filter(|(_, holds)| *holds).count();
    for (cond, holds) in cases {
        check_condition(table, key.clone(), cond, holds).await?;
    }
    let after = writes(table, key).await?;
    assert_eq!(
        after - before,
        expected as i64,
        "every holding condition writes once, no other does"
    );
    Ok(())
}

async fn writes(table: &Table, key: Item) -> Result<i64> {
    Ok(read(table, key)
        .await?
        .and_then(|i| {
            i.get("writes")
                .and_then(|v| v.as_number())
                .and_then(|n| n.to_i64().ok())
        })
        .unwrap_or(0))
}
