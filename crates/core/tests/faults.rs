//! The `Faults` layer on the memory backend: schedules, probabilities,
//! reproducible seeds, before/after timing, unprocessed batch items,
//! transaction conflicts and latency under a paused clock.
#![allow(clippy::unwrap_used)]

use dynorm::backend::{
    Backend, BatchWriteItemRequest, GetItemRequest, KeyAttribute, KeyType, Operation,
    PutItemRequest, TableDefinition, TransactWriteAction, TransactWriteItemsRequest, WriteRequest,
};
use dynorm::layers::{Fault, FaultKind, Faults, Injection, Timing};
use dynorm::{CancellationCode, Error, Item};
use dynorm_memory::MemoryBackend;
use std::sync::Arc;
use std::time::Duration;

/// A memory backend holding table `t` (key `pk`).
async fn memory() -> Arc<dyn Backend> {
    let m = Arc::new(MemoryBackend::new());
    m.create_table(TableDefinition::new(
        "items",
        KeyAttribute::new("pk", KeyType::S),
    ))
    .await
    .unwrap();
    m
}

fn item(pk: &str) -> Item {
    Item::new().with("pk", pk)
}

async fn put(b: &dyn Backend, pk: &str) -> dynorm::Result<()> {
    b.put_item(PutItemRequest::new("items", item(pk)))
        .await
        .map(|_| ())
}

async fn stored(b: &dyn Backend, pk: &str) -> bool {
    b.get_item(GetItemRequest::new("items", item(pk)))
        .await
        .unwrap()
        .item
        .is_some()
}

#[tokio::test]
async fn a_scheduled_call_fails_and_only_that_one() {
    let inner = memory().await;
    let f = Faults::new(inner.clone()).inject(Fault::Throttle.on_call(3).on(Operation::PutItem));
    let mut outcomes = Vec::new();
    for i in 0..5 {
        outcomes.push(
            put(&f, &format!("k{i}"))
                .await
                .map_err(|e| e.is_throttled()),
        );
    }
    assert_eq!(outcomes, [Ok(()), Ok(()), Err(true), Ok(()), Ok(())]);
    // A throttled call never reached the backend.
    assert!(!stored(&*inner, "k2").await);
    assert!(stored(&*inner, "k3").await);
    // Gets are not PutItem calls: not counted by the rule.
    assert!(stored(&f, "k0").await);
    assert_eq!(f.calls(Operation::PutItem), 5);
    assert_eq!(f.calls(Operation::GetItem), 1);
    assert_eq!(
        f.injections(),
        [Injection {
            operation: Operation::PutItem,
            call: 3,
            fault: FaultKind::Throttle
        }]
    );
}

#[tokio::test]
async fn every_nth_and_first_calls() {
    let inner = memory().await;
    let f = Faults::new(inner)
        .inject(Fault::ServerError(Timing::Before).every_nth_call(3))
        .inject(Fault::Transport(Timing::Before).first_calls(2));
    let mut kinds = Vec::new();
    for i in 0..7 {
        kinds.push(match put(&f, &format!("k{i}")).await {
            Ok(()) => "ok",
            Err(Error::Service { code, .. }) if code == "InternalServerError" => "5xx",
            Err(e) if e.is_transport() => "transport",
            Err(e) => panic!("unexpected {e:?}"),
        });
    }
    // Call 3 and 6: 5xx; calls 1 and 2: transport.
    assert_eq!(
        kinds,
        ["transport", "transport", "5xx", "ok", "ok", "5xx", "ok"]
    );
}

#[tokio::test]
async fn errors_after_the_call_leave_the_write_applied() {
    let inner = memory().await;
    let f = Faults::new(inner.clone())
        .inject(Fault::Transport(Timing::After).on_call(1))
        .inject(Fault::ServerError(Timing::After).on_call(2))
        .inject(Fault::ServerError(Timing::Before).on_call(3));
    let after_reset = put(&f, "a").await.unwrap_err();
    assert!(after_reset.is_transport() && after_reset.is_retryable());
    let after_5xx = put(&f, "b").await.unwrap_err();
    assert!(matches!(
        after_5xx,
        Error::Service {
            retryable: true,
            ..
        }
    ));
    let before_5xx = put(&f, "c").await.unwrap_err();
    assert!(matches!(
        before_5xx,
        Error::Service {
            retryable: true,
            ..
        }
    ));
    assert!(
        stored(&*inner, "a").await,
        "applied, then the answer was lost"
    );
    assert!(stored(&*inner, "b").await, "applied, then a 5xx");
    assert!(
        !stored(&*inner, "c").await,
        "failed before reaching the backend"
    );
}

/// The PutItem outcomes of `n` calls through a layer with seed `seed`.
async fn run_seeded(seed: u64, n: usize) -> (Vec<bool>, Vec<Injection>) {
    let f = Faults::new(memory().await)
        .seed(seed)
        .inject(Fault::Throttle.with_probability(0.2).on(Operation::PutItem));
    let mut failed = Vec::new();
    for i in 0..n {
        failed.push(put(&f, &format!("k{i}")).await.is_err());
    }
    (failed, f.injections())
}

#[tokio::test]
async fn probabilities_are_seeded_and_reproducible() {
    let (a, log_a) = run_seeded(42, 2_000).await;
    let (b, log_b) = run_seeded(42, 2_000).await;
    let (c, _) = run_seeded(43, 2_000).await;
    assert_eq!(a, b, "the same seed gives the same faults");
    assert_eq!(log_a, log_b);
    assert_ne!(a, c, "another seed gives other faults");
    let rate = a.iter().filter(|f| **f).count() as f64 / a.len() as f64;
    assert!((0.17..0.23).contains(&rate), "rate {rate}");
    assert_eq!(log_a.len(), a.iter().filter(|f| **f).count());
    // Probabilities 0 and 1.
    let never = Faults::new(memory().await).inject(Fault::Throttle.with_probability(0.0));
    let always = Faults::new(memory().await).inject(Fault::Throttle.with_probability(1.0));
    for i in 0..50 {
        assert!(put(&never, &format!("k{i}")).await.is_ok());
        assert!(put(&always, &format!("k{i}")).await.is_err());
    }
}

#[tokio::test]
async fn batch_writes_leave_every_kth_request_unprocessed() {
    let inner = memory().await;
    let f = Faults::new(inner.clone()).inject(Fault::Unprocessed { every: 2 }.first_calls(1));
    let writes: Vec<_> = (0..6)
        .map(|i| WriteRequest::Put(item(&format!("k{i}"))))
        .collect();
    let out = f
        .batch_write_item(BatchWriteItemRequest::new().table("items", writes.clone()))
        .await
        .unwrap();
    let unprocessed = &out.unprocessed["items"];
    assert_eq!(
        unprocessed,
        &[writes[0].clone(), writes[2].clone(), writes[4].clone()]
    );
    for i in 0..6 {
        assert_eq!(stored(&*inner, &format!("k{i}")).await, i % 2 == 1, "k{i}");
    }
    assert_eq!(f.withheld_writes(), 3);
    // The second call is not affected.
    let out = f
        .batch_write_item(BatchWriteItemRequest::new().table("items", writes))
        .await
        .unwrap();
    assert!(out.unprocessed.is_empty());
    // A rule on PutItem does not count batch calls, and `Unprocessed` never
    // applies to single-item calls.
    let g = Faults::new(inner).inject(Fault::Unprocessed { every: 1 }.always());
    put(&g, "single").await.unwrap();
    assert!(g.injections().is_empty());
}

#[tokio::test]
async fn transaction_conflicts_are_reported_as_dynamodb_does() {
    let inner = memory().await;
    let f = Faults::new(inner.clone())
        .seed(3)
        .inject(Fault::TransactionConflict.always());
    let tx = TransactWriteItemsRequest::new(vec![
        TransactWriteAction::put("items", item("a")),
        TransactWriteAction::put("items", item("b")),
        TransactWriteAction::put("items", item("c")),
    ]);
    let reasons = match f.transact_write_items(tx).await {
        Err(Error::TransactionCanceled { reasons, .. }) => reasons,
        other => panic!("expected a cancelled transaction, got {other:?}"),
    };
    assert_eq!(reasons.len(), 3, "one reason per action");
    let codes: Vec<_> = reasons.iter().map(|r| r.code.clone()).collect();
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == CancellationCode::TransactionConflict)
            .count(),
        1
    );
    assert!(codes.iter().all(|c| matches!(
        c,
        CancellationCode::None | CancellationCode::TransactionConflict
    )));
    assert!(
        !stored(&*inner, "a").await,
        "a cancelled transaction applies nothing"
    );
    let single = put(&f, "a").await.unwrap_err();
    assert!(
        matches!(single, Error::TransactionConflict { .. }),
        "{single:?}"
    );
    assert!(single.is_retryable());
    // Reads other than transactions do not conflict.
    assert!(!stored(&f, "a").await);
    assert_eq!(f.calls(Operation::GetItem), 1);
    assert_eq!(f.injected(FaultKind::TransactionConflict), 2);
}

#[tokio::test(start_paused = true)]
async fn latency_follows_the_paused_clock() {
    let f = Faults::new(memory().await)
        .inject(
            Fault::Latency(Duration::from_millis(250))
                .always()
                .on(Operation::PutItem),
        )
        .inject(Fault::Latency(Duration::from_millis(50)).on_call(2));
    let start = tokio::time::Instant::now();
    let real = std::time::Instant::now();
    put(&f, "a").await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_millis(250));
    put(&f, "b").await.unwrap();
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(550),
        "both latencies add up"
    );
    assert!(
        real.elapsed() < Duration::from_millis(200),
        "no real waiting"
    );
}

#[tokio::test]
async fn custom_errors_fail_before_the_backend() {
    let inner = memory().await;
    let f = Faults::new(inner.clone()).inject(
        Fault::error(|op| Error::config(format!("{op} refused")))
            .always()
            .on(Operation::PutItem),
    );
    let e = put(&f, "a").await.unwrap_err();
    assert_eq!(e.to_string(), "configuration error: PutItem refused");
    assert!(!stored(&*inner, "a").await);
}
