//! Batches: BatchWriteItem and BatchGetItem through core's chunking and
//! retries, with unprocessed items and failed calls injected by
//! [`Faults`].

use super::checks::expect_validation;
use super::scan::counters;
use crate::models::Counter;
use crate::{Ctx, Outcome};
use dynorm::backend::{Operation, WriteRequest};
use dynorm::client::RetryPolicy;
use dynorm::layers::{Fault, Faults};
use dynorm::{Client, Error, Item, Result, Value};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

/// A client over `faults`, on the scenario's tables.
fn client_over(ctx: &Ctx, faults: &Arc<Faults>) -> Client {
    let backend: Arc<dyn dynorm::Backend> = faults.clone();
    Client::from_backend(backend).with_table_prefix(ctx.client.table_prefix())
}

/// A fault layer over the scenario's backend, injecting `rule`.
fn faults(ctx: &Ctx, rule: dynorm::layers::Rule) -> Arc<Faults> {
    Arc::new(Faults::new(ctx.client.backend().clone()).inject(rule))
}

/// Withholds every `k`-th request of a batch call.
fn unprocessed(every: usize) -> Fault {
    Fault::Unprocessed { every }
}

/// Fast retries.
fn quick(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

/// The names of every counter in the table.
async fn stored_names(ctx: &Ctx) -> Result<BTreeSet<String>> {
    Ok(ctx
        .client
        .scan::<Counter>()
        .consistent_read()
        .all()
        .await?
        .into_iter()
        .map(|c| c.name)
        .collect())
}

/// The counter name of a write request.
fn name_of(request: &WriteRequest) -> String {
    let item = match request {
        WriteRequest::Put(item) | WriteRequest::Delete(item) => item,
    };
    match item.get("name") {
        Some(Value::S(s)) => s.clone(),
        other => panic!("a counter key has a string name, got {other:?}"),
    }
}

/// Asserts that exactly the counters not named in `missing` are stored.
async fn assert_written_except(
    ctx: &Ctx,
    all: &[Counter],
    missing: &BTreeSet<String>,
) -> Result<()> {
    for c in all {
        let stored = ctx
            .client
            .get(Counter::key(c.name.clone()))
            .consistent_read()
            .await?;
        if missing.contains(&c.name) {
            assert_eq!(
                stored, None,
                "{} was reported unprocessed but is stored",
                c.name
            );
        } else {
            assert_eq!(stored.as_ref(), Some(c), "{} was reported written", c.name);
        }
    }
    Ok(())
}

/// 1,000 puts through a backend that leaves a third of each call
/// unprocessed for the first 20 calls: core retries until every item is
/// written (checked by a scan), and the retries are visible in the call count.
pub async fn batch_write_thousand_items_with_unprocessed(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let faulty = faults(&ctx, unprocessed(3).first_calls(20));
    let client = client_over(&ctx, &faulty);
    let all = counters("c", 1000);
    let written = client
        .batch_write()
        .put_all(&all)
        .retry(quick(30))
        .concurrency(4)
        .await?;
    assert_eq!(written, 1000);
    assert!(
        faulty.withheld_writes() > 0,
        "unprocessed items were injected"
    );
    assert!(
        faulty.calls(Operation::BatchWriteItem) > 40,
        "40 chunks plus retries, got {} calls",
        faulty.calls(Operation::BatchWriteItem)
    );
    let mut stored = ctx.client.scan::<Counter>().consistent_read().all().await?;
    stored.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(stored, all);
    Ok(())
}

/// When unprocessed items never clear, the batch gives up after its retries
/// and returns the rest: `send_partial` reports them (and counts the others
/// as written), awaiting fails with `BatchIncomplete` carrying them; nothing
/// reported unprocessed was written and everything else was.
pub async fn batch_write_unprocessed_never_clears(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let faulty = faults(&ctx, unprocessed(4).always());
    let client = client_over(&ctx, &faulty);

    let first = counters("a", 60);
    let report = client
        .batch_write()
        .put_all(&first)
        .retry(quick(3))
        .send_partial()
        .await?;
    assert!(
        !report.unprocessed.is_empty(),
        "items always withheld must come back"
    );
    assert!(report.errors.is_empty());
    assert_eq!(report.written + report.unprocessed.len(), 60);
    assert!(report
        .unprocessed
        .iter()
        .all(|(t, _)| t.starts_with(ctx.client.table_prefix())));
    let missing: BTreeSet<String> = report.unprocessed.iter().map(|(_, r)| name_of(r)).collect();
    assert_eq!(missing.len(), report.unprocessed.len());
    assert_written_except(&ctx, &first, &missing).await?;

    let second = counters("b", 30);
    let missing = match client.batch_write().put_all(&second).retry(quick(2)).await {
        Err(Error::BatchIncomplete {
            unprocessed_writes,
            unprocessed_keys,
            ..
        }) => {
            assert!(unprocessed_keys.is_empty());
            assert!(!unprocessed_writes.is_empty());
            unprocessed_writes
                .iter()
                .map(|(_, r)| name_of(r))
                .collect::<BTreeSet<_>>()
        }
        other => panic!("expected BatchIncomplete, got {other:?}"),
    };
    assert_written_except(&ctx, &second, &missing).await?;
    Ok(())
}

/// A batch call that fails (not retryable) returns its chunk's requests as
/// not applied, with the error, while the other chunks are written; a
/// retryable failure is retried until the batch completes.
pub async fn batch_write_failed_call_returns_the_rest(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let fatal = Fault::error(|op| Error::Service {
        code: "InternalFailure".to_owned(),
        message: format!("{op}: failed on purpose"),
        request_id: None,
        retryable: false,
        source: None,
    });
    let faulty = faults(&ctx, fatal.first_calls(1).on(Operation::BatchWriteItem));
    let client = client_over(&ctx, &faulty);
    let all = counters("c", 60);
    let report = client
        .batch_write()
        .put_all(&all)
        .concurrency(1)
        .retry(quick(3))
        .send_partial()
        .await?;
    assert_eq!(report.errors.len(), 1, "one failed call");
    assert_eq!(
        report.unprocessed.len(),
        25,
        "the failed chunk comes back whole"
    );
    assert_eq!(report.written, 35);
    let missing: BTreeSet<String> = report.unprocessed.iter().map(|(_, r)| name_of(r)).collect();
    assert_written_except(&ctx, &all, &missing).await?;

    let throttled = faults(
        &ctx,
        Fault::Throttle.first_calls(3).on(Operation::BatchWriteItem),
    );
    let client = client_over(&ctx, &throttled);
    let more = counters("d", 30);
    assert_eq!(
        client
            .batch_write()
            .put_all(&more)
            .concurrency(1)
            .retry(quick(6))
            .await?,
        30
    );
    assert!(
        throttled.calls(Operation::BatchWriteItem) >= 5,
        "2 chunks + 3 throttled calls"
    );
    assert_written_except(&ctx, &more, &BTreeSet::new()).await?;
    Ok(())
}

/// Two requests on one key (two puts, or a put and a delete) are rejected
/// before anything is sent, naming the key: nothing is written.
pub async fn batch_write_duplicate_key_rejected(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let mut all = counters("c", 30);
    all.push(Counter {
        name: "c0007".into(),
        value: 99,
    });
    expect_validation(ctx.client.batch_write().put_all(&all).await, "c0007");
    let put_delete = ctx
        .client
        .batch_write()
        .put(&Counter {
            name: "x".into(),
            value: 1,
        })
        .put(&Counter {
            name: "y".into(),
            value: 1,
        })
        .delete(Counter::key("x"))
        .await;
    expect_validation(put_delete, "duplicates");
    let raw = ctx
        .client
        .batch_write()
        .put_item("counters", Item::new().with("name", "z").with("value", 1))
        .delete_item("counters", Item::new().with("name", "z"))
        .send_partial()
        .await;
    expect_validation(raw, "duplicates");
    assert!(
        stored_names(&ctx).await?.is_empty(),
        "nothing may be written"
    );
    Ok(())
}

/// A batch mixing puts and deletes applies both.
pub async fn batch_write_puts_and_deletes(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let all = counters("c", 40);
    assert_eq!(ctx.client.batch_write().put_all(&all).await?, 40);
    let mut batch = ctx.client.batch_write();
    for c in &all[..10] {
        batch = batch.delete(Counter::key(c.name.clone()));
    }
    let extra = counters("n", 5);
    batch = batch.put_all(&extra);
    assert_eq!(batch.await?, 15);
    let expected: BTreeSet<String> = all[10..]
        .iter()
        .chain(&extra)
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(stored_names(&ctx).await?, expected);
    Ok(())
}

/// A batch get of 250 keys (three chunks), some of them missing, returns one
/// entry per key, in the order of the keys.
pub async fn batch_get_lines_up_with_keys(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let stored = counters("c", 200);
    assert_eq!(ctx.client.batch_write().put_all(&stored).await?, 200);
    // Reverse order, with a missing key after every fourth.
    let mut keys = Vec::new();
    for (i, c) in stored.iter().rev().enumerate() {
        keys.push(c.name.clone());
        if i % 4 == 0 {
            keys.push(format!("missing{i}"));
        }
    }
    assert_eq!(keys.len(), 250);
    let got = ctx
        .client
        .batch_get(keys.iter().map(|k| Counter::key(k.clone())))
        .consistent_read()
        .await?;
    assert_eq!(got.len(), 250);
    for (key, item) in keys.iter().zip(&got) {
        if key.starts_with("missing") {
            assert_eq!(item, &None, "{key} does not exist");
        } else {
            let c = item.as_ref().unwrap_or_else(|| panic!("{key} exists"));
            assert_eq!(&c.name, key);
            assert_eq!(stored.iter().find(|s| &s.name == key), Some(c));
        }
    }
    // Raw items line up too.
    let raw = ctx
        .client
        .batch_get_items()
        .get("counters", Item::new().with("name", "nope"))
        .get("counters", Item::new().with("name", "c0003"))
        .await?;
    assert_eq!(raw.len(), 2);
    assert!(raw[0].is_none());
    assert_eq!(
        raw[1].as_ref().and_then(|i| i.get("value")),
        Some(&Value::from(3))
    );
    Ok(())
}

/// A key given twice is rejected before sending, naming it.
pub async fn batch_get_duplicate_key_rejected(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let keys = ["a", "b", "dup-key", "c", "dup-key"].map(Counter::key);
    expect_validation(ctx.client.batch_get(keys).await, "dup-key");
    let raw = ctx
        .client
        .batch_get_items()
        .get("counters", Item::new().with("name", "k"))
        .get("counters", Item::new().with("name", "k"))
        .await;
    expect_validation(raw, "duplicates");
    Ok(())
}

/// Unprocessed keys are retried until read (lined up with the keys); when
/// they never clear, `send_partial` reports them (their entries are `None`)
/// and awaiting fails with `BatchIncomplete` carrying them.
pub async fn batch_get_unprocessed_keys_retried(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let stored = counters("c", 150);
    assert_eq!(ctx.client.batch_write().put_all(&stored).await?, 150);
    let keys = || stored.iter().map(|c| Counter::key(c.name.clone()));

    let faulty = faults(&ctx, unprocessed(2).first_calls(4));
    let client = client_over(&ctx, &faulty);
    let got = client
        .batch_get(keys())
        .consistent_read()
        .retry(quick(10))
        .await?;
    assert!(faulty.withheld_keys() > 0);
    assert!(
        faulty.calls(Operation::BatchGetItem) > 2,
        "2 chunks plus retries"
    );
    let got: Vec<Counter> = got
        .into_iter()
        .map(|c| c.expect("every key exists"))
        .collect();
    assert_eq!(got, stored);

    let stuck = faults(&ctx, unprocessed(5).always());
    let client = client_over(&ctx, &stuck);
    let report = client
        .batch_get(keys())
        .consistent_read()
        .retry(quick(2))
        .send_partial()
        .await?;
    assert!(!report.unprocessed.is_empty());
    let missing: BTreeSet<String> = report
        .unprocessed
        .iter()
        .map(|(_, k)| name_of(&WriteRequest::Delete(k.clone())))
        .collect();
    assert_eq!(missing.len(), report.unprocessed.len());
    for (c, item) in stored.iter().zip(&report.items) {
        if missing.contains(&c.name) {
            assert!(item.is_none());
        } else {
            assert_eq!(item.as_ref(), Some(c));
        }
    }
    match client.batch_get(keys()).retry(quick(2)).await {
        Err(Error::BatchIncomplete {
            unprocessed_keys, ..
        }) => assert!(!unprocessed_keys.is_empty()),
        other => panic!("expected BatchIncomplete, got {other:?}"),
    }
    Ok(())
}
