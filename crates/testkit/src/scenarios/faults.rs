//! Writes under injected faults: nothing acknowledged is lost, nothing
//! refused is written, no counter is applied twice.
//!
//! **Memory only**, under a paused tokio clock: the faults are injected by
//! [`Faults`] (DynamoDB Local neither throttles nor conflicts, and a fault
//! layer in front of either backend tests the client, not the backend), and
//! the retries' backoff and the injected latency then take no real time.
//! `crates/core/tests/faults_scenario.rs` runs it.

use crate::models::Counter;
use crate::{Ctx, Outcome};
use dynorm::backend::Operation;
use dynorm::client::RetryPolicy;
use dynorm::layers::{Fault, Faults, Retry, Rule, Timing};
use dynorm::{attr, Client, Error, Item, StringSet, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

/// What the client was told about a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Told {
    /// Success: it must be in the table.
    Written,
    /// An error saying it was not applied: it must not be.
    NotWritten,
    /// An error leaving it open (OutcomeUnknown, or a 5xx or transport
    /// error of an idempotent write after its retries): either state.
    Unknown,
}

fn told<T>(r: &dynorm::Result<T>) -> Told {
    match r {
        Ok(_) => Told::Written,
        Err(e) if unknown(e) => Told::Unknown,
        Err(_) => Told::NotWritten,
    }
}

fn unknown(e: &Error) -> bool {
    e.is_outcome_unknown() || e.is_transport() || matches!(e, Error::Service { .. })
}

const WRITE_OPS: [Operation; 5] = [
    Operation::PutItem,
    Operation::UpdateItem,
    Operation::DeleteItem,
    Operation::BatchWriteItem,
    Operation::TransactWriteItems,
];

fn on_writes(rule: Rule) -> Rule {
    WRITE_OPS.into_iter().fold(rule, Rule::on)
}

/// The fault layer: 20% of write calls fail (throttling 5%, 5xx before 3%
/// and after 4%, transport before 2% and after 3%, transaction conflicts 3%
/// where they apply), 5% are slowed down by 20 ms, and a fifth of the batch
/// calls leave a third of their items unprocessed.
fn faults(ctx: &Ctx) -> Faults {
    let p = |fault: Fault, p: f64| on_writes(fault.with_probability(p));
    Faults::new(ctx.client.backend().clone())
        .seed(20_261_203)
        .inject(p(Fault::Throttle, 0.05))
        .inject(p(Fault::ServerError(Timing::Before), 0.03))
        .inject(p(Fault::ServerError(Timing::After), 0.04))
        .inject(p(Fault::Transport(Timing::Before), 0.02))
        .inject(p(Fault::Transport(Timing::After), 0.03))
        .inject(p(Fault::TransactionConflict, 0.03))
        .inject(p(Fault::Latency(Duration::from_millis(20)), 0.05))
        .inject(
            Fault::Unprocessed { every: 3 }
                .with_probability(0.2)
                .on(Operation::BatchWriteItem),
        )
}

fn name(item: &Item) -> String {
    match item.get("name") {
        Some(Value::S(s)) => s.clone(),
        other => panic!("every item has a string name, got {other:?}"),
    }
}

/// 10,000 writes (4,000 puts, 2,000 batch puts in batches of 50, 1,000
/// transactions of two puts, 2,000 counter updates with `ADD`, half of them
/// guarded by an idempotency key) through a client with retries over a
/// fault layer, one at a time. The client keeps a model of what it was told
/// (written, not written, unknown); at the end the table read past the
/// faults must match it: every acknowledged write is there with its value,
/// no refused write is, unknown ones are either there exactly or absent,
/// a transaction's two items share one fate, and every counter equals the
/// number of distinct operations recorded in it (an `ADD` applied twice
/// would leave it one above).
pub async fn writes_under_faults_lose_and_double_nothing(ctx: Ctx) -> Outcome {
    let table = "counters";
    ctx.table_for::<Counter>().await?;
    let faults = Arc::new(faults(&ctx));
    let backend: Arc<dyn dynorm::Backend> = faults.clone();
    let client = Client::builder(backend)
        .table_prefix(ctx.client.table_prefix())
        .retry(
            Retry::standard().policy(
                RetryPolicy::default()
                    .max_attempts(3)
                    .base_delay(Duration::from_millis(10)),
            ),
        )
        .build();
    let items = client.table(table);
    // name -> (what was told, the value written)
    let mut model: BTreeMap<String, (Told, i64)> = BTreeMap::new();
    let mut outcomes: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut count = |kind: &'static str, t: Told| {
        let label = match t {
            Told::Written => "written",
            Told::NotWritten => "not written",
            Told::Unknown => "unknown",
        };
        *outcomes.entry((kind, label)).or_default() += 1;
    };

    // 4,000 puts.
    for i in 0..4_000i64 {
        let n = format!("put{i:05}");
        let r = items
            .put(Item::new().with("name", n.as_str()).with("value", i))
            .await;
        count("put", told(&r));
        model.insert(n, (told(&r), i));
    }

    // 2,000 batch puts, 50 per batch.
    for b in 0..40i64 {
        let mut batch = client.batch_write();
        let names: Vec<String> = (0..50).map(|j| format!("batch{b:02}-{j:02}")).collect();
        for (j, n) in names.iter().enumerate() {
            batch = batch.put_item(
                table,
                Item::new()
                    .with("name", n.as_str())
                    .with("value", b * 100 + j as i64),
            );
        }
        let report = batch
            .retry(RetryPolicy::default().max_attempts(3))
            .send_partial()
            .await?;
        let leftovers: BTreeSet<String> = report
            .unprocessed
            .iter()
            .map(|(_, w)| match w {
                dynorm::backend::WriteRequest::Put(item)
                | dynorm::backend::WriteRequest::Delete(item) => name(item),
            })
            .collect();
        // A chunk whose call failed with a 5xx or transport error may have
        // been applied; requests left unprocessed otherwise were not.
        let maybe = report.errors.iter().any(unknown);
        for (j, n) in names.into_iter().enumerate() {
            let t = match (leftovers.contains(&n), maybe) {
                (false, _) => Told::Written,
                (true, false) => Told::NotWritten,
                (true, true) => Told::Unknown,
            };
            count("batch put", t);
            model.insert(n, (t, b * 100 + j as i64));
        }
    }

    // 1,000 transactions of two puts.
    let mut pairs = Vec::new();
    for i in 0..1_000i64 {
        let (a, b) = (format!("tx{i:04}a"), format!("tx{i:04}b"));
        let r = client
            .transact_write()
            .put_item(table, Item::new().with("name", a.as_str()).with("value", i))
            .put_item(
                table,
                Item::new().with("name", b.as_str()).with("value", -i),
            )
            .await;
        count("transaction", told(&r));
        model.insert(a.clone(), (told(&r), i));
        model.insert(b.clone(), (told(&r), -i));
        pairs.push((a, b));
    }

    // 2,000 counter updates on 20 counters, each adding 1 and recording its
    // operation id in a string set; every other one guarded by that id.
    let mut ops: BTreeMap<String, Told> = BTreeMap::new();
    for i in 0..2_000u32 {
        let counter = format!("counter{:02}", i % 20);
        let op = format!("op{i:04}");
        let update = items
            .update(Item::new().with("name", counter.as_str()))
            .add("value", 1)
            .add("ops", StringSet::from_iter([op.as_str()]));
        let r = if i % 2 == 0 {
            update.await
        } else {
            update.condition(!attr("ops").contains(op.as_str())).await
        };
        if let Err(e) = &r {
            assert!(
                !e.is_condition_failed(),
                "{op}: a guard failed without an unknown outcome: {e}"
            );
        }
        count(
            if i % 2 == 0 {
                "counter"
            } else {
                "guarded counter"
            },
            told(&r),
        );
        ops.insert(op, told(&r));
    }

    // The table, read past the faults.
    let stored: BTreeMap<String, Item> = ctx
        .client
        .table(table)
        .scan()
        .consistent_read()
        .all()
        .await?
        .into_iter()
        .map(|item| (name(&item), item))
        .collect();

    for (n, (t, value)) in &model {
        let got = stored.get(n).map(|item| item.get("value").cloned());
        match (t, got) {
            (Told::Written, Some(v)) | (Told::Unknown, Some(v)) => {
                assert_eq!(v, Some(Value::from(*value)), "{n}: wrong value stored")
            }
            (Told::Written, None) => panic!("{n} was acknowledged but is lost"),
            (Told::NotWritten, Some(_)) => panic!("{n} was refused but is stored"),
            (Told::NotWritten, None) | (Told::Unknown, None) => {}
        }
    }
    for (a, b) in &pairs {
        assert_eq!(
            stored.contains_key(a),
            stored.contains_key(b),
            "transaction {a}/{b} half applied"
        );
    }
    let mut applied_ops = BTreeSet::new();
    for c in 0..20 {
        let counter = format!("counter{c:02}");
        let item = stored.get(&counter);
        let recorded: BTreeSet<String> = match item.and_then(|i| i.get("ops")) {
            Some(Value::Ss(s)) => s.iter().cloned().collect(),
            None => BTreeSet::new(),
            other => panic!("{counter}: ops is {other:?}"),
        };
        let value = item.and_then(|i| i.get("value")).cloned();
        assert_eq!(
            value.unwrap_or(Value::from(0)),
            Value::from(recorded.len() as i64),
            "{counter}: the count differs from its distinct operations (applied twice?)"
        );
        applied_ops.extend(recorded);
    }
    for (op, t) in &ops {
        match t {
            Told::Written => assert!(applied_ops.contains(op), "{op} acknowledged, not applied"),
            Told::NotWritten => assert!(!applied_ops.contains(op), "{op} refused, applied"),
            Told::Unknown => {}
        }
    }
    let expected: BTreeSet<&String> = model
        .keys()
        .chain(stored.keys().filter(|k| k.starts_with("counter")))
        .collect();
    assert!(
        stored.keys().all(|k| expected.contains(k)),
        "only the scenario's items are stored"
    );

    // The run met every kind of fault and every kind of answer.
    let calls: u64 = WRITE_OPS.iter().map(|op| faults.calls(*op)).sum();
    let errors = faults
        .injections()
        .iter()
        .filter(|i| {
            !matches!(
                i.fault,
                dynorm::layers::FaultKind::Latency | dynorm::layers::FaultKind::Unprocessed
            )
        })
        .count();
    let rate = errors as f64 / calls as f64;
    println!("writes under faults: {calls} write calls, {errors} failed by injection ({:.1}%), {} faults in all; outcomes {outcomes:?}", rate * 100.0, faults.injections().len());
    assert!((0.15..0.25).contains(&rate), "injected error rate {rate}");
    for kind in ["put", "transaction", "counter", "guarded counter"] {
        assert!(
            outcomes.get(&(kind, "written")).copied().unwrap_or(0) > 0,
            "{kind}: none written"
        );
    }
    assert!(
        outcomes.get(&("counter", "unknown")).copied().unwrap_or(0) > 0,
        "no counter met an unknown outcome"
    );
    assert!(
        outcomes
            .get(&("transaction", "not written"))
            .copied()
            .unwrap_or(0)
            > 0,
        "no transaction was refused"
    );
    assert!(faults.withheld_writes() > 0);
    Ok(())
}
