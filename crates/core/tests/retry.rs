//! The client's retry layer over injected faults on the memory backend:
//! what is retried, what is not re-sent after an unknown outcome, and what
//! a retry that fails its condition reports.
#![allow(clippy::unwrap_used)]

use dynorm::backend::{Backend, KeyAttribute, KeyType, Operation, TableDefinition};
use dynorm::client::RetryPolicy;
use dynorm::layers::{Fault, Faults, Retry, Rule, Timing};
use dynorm::{attr, Client, Item, Value};
use dynorm_memory::MemoryBackend;
use std::sync::Arc;
use std::time::Duration;

fn quick() -> Retry {
    Retry::standard().policy(
        RetryPolicy::default()
            .max_attempts(4)
            .base_delay(Duration::from_millis(1))
            .max_delay(Duration::from_millis(2)),
    )
}

/// A client with retries over a fault layer with `rule`, over memory
/// holding table `items` (key `pk`).
async fn setup(rule: Rule) -> (Client, Arc<Faults>, Arc<dyn Backend>) {
    let memory: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
    memory
        .create_table(TableDefinition::new(
            "items",
            KeyAttribute::new("pk", KeyType::S),
        ))
        .await
        .unwrap();
    let faults = Arc::new(Faults::new(memory.clone()).seed(1).inject(rule));
    let client = Client::builder(faults.clone()).retry(quick()).build();
    (client, faults, memory)
}

fn key() -> Item {
    Item::new().with("pk", "k")
}

/// The item as stored, read past the faults.
async fn stored(memory: &Arc<dyn Backend>) -> Option<Item> {
    Client::builder(memory.clone())
        .retry(Retry::off())
        .build()
        .table("items")
        .get(key())
        .consistent_read()
        .await
        .unwrap()
}

async fn counter(memory: &Arc<dyn Backend>) -> Option<Value> {
    stored(memory).await.and_then(|i| i.get("n").cloned())
}

#[tokio::test]
async fn idempotent_writes_are_resent_after_an_unknown_outcome() {
    let (client, faults, memory) = setup(
        Fault::ServerError(Timing::After)
            .on_call(1)
            .on(Operation::PutItem),
    )
    .await;
    client.table("items").put(key().with("n", 1)).await.unwrap();
    assert_eq!(faults.calls(Operation::PutItem), 2, "one retry");
    assert_eq!(counter(&memory).await, Some(Value::from(1)));
}

#[tokio::test]
async fn a_counter_whose_outcome_is_unknown_is_not_resent() {
    let (client, faults, memory) = setup(
        Fault::Transport(Timing::After)
            .on_call(1)
            .on(Operation::UpdateItem),
    )
    .await;
    let e = client
        .table("items")
        .update(key())
        .add("n", 1)
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert!(e.to_string().contains("UpdateItem on `items`"), "{e}");
    assert_eq!(faults.calls(Operation::UpdateItem), 1, "not re-sent");
    assert_eq!(counter(&memory).await, Some(Value::from(1)), "applied once");
}

#[tokio::test]
async fn throttled_counters_are_retried() {
    let (client, faults, memory) =
        setup(Fault::Throttle.first_calls(2).on(Operation::UpdateItem)).await;
    client
        .table("items")
        .update(key())
        .add("n", 1)
        .await
        .unwrap();
    assert_eq!(faults.calls(Operation::UpdateItem), 3);
    assert_eq!(counter(&memory).await, Some(Value::from(1)));
}

#[tokio::test]
async fn opting_in_resends_a_counter() {
    let (client, _, memory) = setup(
        Fault::ServerError(Timing::After)
            .on_call(1)
            .on(Operation::UpdateItem),
    )
    .await;
    client
        .table("items")
        .update(key())
        .add("n", 1)
        .retry_unknown_outcome()
        .await
        .unwrap();
    assert_eq!(
        counter(&memory).await,
        Some(Value::from(2)),
        "applied twice, as the caller accepted"
    );
    // The same, for the whole client.
    let (client, _, memory) = setup(
        Fault::ServerError(Timing::After)
            .on_call(1)
            .on(Operation::UpdateItem),
    )
    .await;
    let client = Client::builder(client.backend().clone())
        .retry(quick().resend_unknown_outcomes(true))
        .build();
    client
        .table("items")
        .update(key())
        .add("n", 1)
        .await
        .unwrap();
    assert_eq!(counter(&memory).await, Some(Value::from(2)));
}

#[tokio::test]
async fn a_guarded_counter_is_retried_and_a_failed_guard_is_an_unknown_outcome() {
    // Lost before the backend: the retry passes the guard, applied once.
    let (client, faults, memory) = setup(
        Fault::ServerError(Timing::Before)
            .on_call(1)
            .on(Operation::UpdateItem),
    )
    .await;
    let items = client.table("items");
    items.put(key().with("v", 0).with("n", 0)).await.unwrap();
    let bump = |v: i64| {
        items
            .update(key())
            .add("n", 5)
            .increment("v", 1)
            .condition(attr("v").eq(v))
    };
    bump(0).await.unwrap();
    assert_eq!(counter(&memory).await, Some(Value::from(5)));
    assert_eq!(faults.calls(Operation::UpdateItem), 2, "one retry");
    // Lost after the backend applied it: the retry fails the guard, which
    // the first attempt made false: OutcomeUnknown, applied once.
    let (client, _, memory) = setup(
        Fault::ServerError(Timing::After)
            .on_call(1)
            .on(Operation::UpdateItem),
    )
    .await;
    let items = client.table("items");
    let e = items
        .update(key())
        .add("n", 5)
        .condition(attr("pk").not_exists())
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    let cause = std::error::Error::source(&e)
        .and_then(|s| s.downcast_ref::<dynorm::Error>())
        .unwrap();
    assert!(cause.is_condition_failed(), "{cause:?}");
    assert_eq!(counter(&memory).await, Some(Value::from(5)), "applied once");
}

#[tokio::test]
async fn a_conditional_put_failing_its_condition_on_a_retry_is_an_unknown_outcome() {
    let (client, faults, memory) = setup(
        Fault::Transport(Timing::After)
            .on_call(1)
            .on(Operation::PutItem),
    )
    .await;
    let e = client
        .table("items")
        .put(key().with("n", 1))
        .condition(attr("pk").not_exists())
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_eq!(faults.calls(Operation::PutItem), 2);
    assert!(
        stored(&memory).await.is_some(),
        "the first attempt wrote it"
    );
}

#[tokio::test]
async fn transactions_carry_a_token_and_are_retried_once_applied() {
    let (client, faults, memory) = setup(
        Fault::ServerError(Timing::After)
            .on_call(1)
            .on(Operation::TransactWriteItems),
    )
    .await;
    client
        .transact_write()
        .update_item("items", key(), dynorm::Update::new().add("n", 1))
        .await
        .unwrap();
    assert_eq!(faults.calls(Operation::TransactWriteItems), 2);
    assert_eq!(
        counter(&memory).await,
        Some(Value::from(1)),
        "the token made the retry idempotent"
    );
}

#[tokio::test]
async fn one_retry_loop_when_clients_are_stacked() {
    let (client, faults, _) = setup(Fault::Throttle.always().on(Operation::GetItem)).await;
    // A client built over a client's backend (which has its retry layer).
    let outer = Client::builder(client.backend().clone())
        .retry(quick())
        .build();
    let e = outer.table("items").get(key()).await.unwrap_err();
    assert!(e.is_throttled());
    assert_eq!(faults.calls(Operation::GetItem), 4, "4 attempts, not 16");
    // Non-retryable errors are returned at once.
    let (client, faults, _) = setup(
        Fault::error(|_| dynorm::Error::validation("no"))
            .always()
            .on(Operation::GetItem),
    )
    .await;
    assert!(client
        .table("items")
        .get(key())
        .await
        .unwrap_err()
        .is_validation());
    assert_eq!(faults.calls(Operation::GetItem), 1);
}

#[tokio::test]
async fn partiql_reads_and_deletes_are_resent_an_update_is_not() {
    use dynorm::backend::ExecuteStatementRequest;
    let (client, faults, memory) = setup(
        Fault::ServerError(Timing::After)
            .on_call(1)
            .on(Operation::ExecuteStatement),
    )
    .await;
    client.table("items").put(key().with("n", 1)).await.unwrap();
    let backend = client.backend();
    let read = backend
        .execute_statement(ExecuteStatementRequest::new(
            r#"SELECT * FROM "items" WHERE pk = 'k'"#,
        ))
        .await
        .unwrap();
    assert_eq!(read.items.len(), 1);
    assert_eq!(faults.calls(Operation::ExecuteStatement), 2, "one retry");

    let (client, faults, memory2) = setup(
        Fault::Transport(Timing::After)
            .on_call(1)
            .on(Operation::ExecuteStatement),
    )
    .await;
    client.table("items").put(key().with("n", 1)).await.unwrap();
    let e = client
        .backend()
        .execute_statement(ExecuteStatementRequest::new(
            r#"UPDATE "items" SET n = n + 1 WHERE pk = 'k'"#,
        ))
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_eq!(faults.calls(Operation::ExecuteStatement), 1, "not re-sent");
    assert_eq!(
        counter(&memory2).await,
        Some(Value::from(2)),
        "applied once"
    );
    assert_eq!(counter(&memory).await, Some(Value::from(1)));
}
