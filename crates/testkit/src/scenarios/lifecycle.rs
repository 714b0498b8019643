//! Lifecycle scenarios: timestamps, generated values, hooks and per-model
//! size limits. Listed in [`__with_lifecycle_scenarios!`](crate::__with_lifecycle_scenarios).

use crate::lifecycle_models::{
    take_hook_calls, was_deleted, Audited, Guarded, Note, Refusal, Ticket, Unhooked, Vetoed,
    UNREADABLE_BODY, UNREADABLE_MESSAGE,
};
use crate::{Ctx, Outcome};
use dynorm::attributes::{EpochSeconds, Timestamp};
use dynorm::client::RetryPolicy;
use dynorm::layers::{Fault, Faults};
use dynorm::model::HookKind;
use dynorm::{Client, Error, Item, Model, Update, Value};
use futures::TryStreamExt;
use std::sync::Arc;

/// The error a hook returned, from the [`Error::Hook`] that failed an
/// operation: checks the kind, the model and the hook named, that the
/// hook's error is the error's `source()` (what error reporters print), and
/// returns it (fails the scenario otherwise).
#[track_caller]
fn hook_source<'e>(
    err: &'e Error,
    model: &str,
    hook: HookKind,
) -> &'e (dyn std::error::Error + Send + Sync + 'static) {
    assert!(err.is_hook(), "{err:?}");
    assert!(!err.is_retryable(), "{err}");
    let Error::Hook {
        model: named,
        hook: which,
        source,
    } = err
    else {
        panic!("expected a hook error, got {err:?}")
    };
    assert_eq!((*named, *which), (model, hook), "{err}");
    let chained = std::error::Error::source(err).map(ToString::to_string);
    assert_eq!(chained, Some(source.to_string()), "{err}");
    source.as_ref()
}

/// The user's error of type `E` a hook returned ([`hook_source`] downcast).
#[track_caller]
fn hook_error<'e, E: std::error::Error + 'static>(
    err: &'e Error,
    model: &str,
    hook: HookKind,
) -> &'e E {
    let source = hook_source(err, model, hook);
    source
        .downcast_ref::<E>()
        .unwrap_or_else(|| panic!("{err}: not a {}", std::any::type_name::<E>()))
}

async fn raw_note(ctx: &Ctx, id: &str) -> dynorm::Result<Item> {
    let item = ctx
        .client
        .table(Note::schema().table)
        .get(Item::new().with("id", id))
        .consistent_read()
        .await?;
    Ok(item.expect("stored note"))
}

/// Timestamps are stored as RFC 3339 text (S) and epoch numbers (N).
pub async fn lifecycle_timestamps_stored_as_s_and_n(ctx: Ctx) -> Outcome {
    ctx.table_for::<Note>().await?;
    let mut note = Note::new("a");
    note.due = Some(EpochSeconds::new(1_795_316_645));
    let written = ctx.client.create(&note).send_written().await?;
    let raw = raw_note(&ctx, &written.id).await?;
    let Some(Value::S(created)) = raw.get("created") else {
        panic!("created_at is a string: {raw:?}")
    };
    assert_eq!(
        created.len(),
        "2026-11-22T03:04:05.123456Z".len(),
        "{created}"
    );
    assert!(created.ends_with('Z'));
    assert_eq!(
        Timestamp::parse(created)?,
        written.created.expect("created")
    );
    assert!(matches!(raw.get("updated"), Some(Value::N(_))), "{raw:?}");
    assert_eq!(raw.get("due"), Some(&Value::from(1_795_316_645i64)));
    let back = ctx
        .client
        .get(Note::key(written.id.clone()))
        .consistent_read()
        .await?;
    assert_eq!(back, Some(written));
    Ok(())
}

/// The generated uuid and `created_at` are kept on later saves while
/// `updated_at` changes; a model update sets `updated_at` too.
pub async fn lifecycle_generated_values_kept_on_save(ctx: Ctx) -> Outcome {
    ctx.table_for::<Note>().await?;
    let first = ctx.client.create(&Note::new("v1")).send_written().await?;
    let id = uuid::Uuid::parse_str(&first.id).expect("a uuid");
    assert_eq!(id.get_version_num(), 7);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut edited = first.clone();
    edited.text = "v2".into();
    ctx.client.put(&edited).await?;
    let second = ctx
        .client
        .get(Note::key(first.id.clone()))
        .consistent_read()
        .await?;
    let second = second.expect("saved");
    assert_eq!(second.id, first.id);
    assert_eq!(second.created, first.created);
    assert!(second.updated > first.updated, "{second:?} vs {first:?}");
    assert_eq!(second.text, "v2");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    ctx.client
        .update(Note::key(first.id.clone()))
        .set("text", "v3")
        .await?;
    let third = ctx
        .client
        .get(Note::key(first.id.clone()))
        .consistent_read()
        .await?;
    let third = third.expect("updated");
    assert!(third.updated > second.updated);
    assert_eq!(third.created, first.created);
    Ok(())
}

/// A `before_save` veto writes nothing; an accepted save stores the hook's
/// edit, and reads run `after_load` unless skipped.
pub async fn lifecycle_before_save_veto_writes_nothing(ctx: Ctx) -> Outcome {
    ctx.table_for::<Guarded>().await?;
    let err = ctx
        .client
        .create(&Guarded::new("g1", "", "x"))
        .await
        .expect_err("vetoed");
    assert_eq!(
        hook_error::<Refusal>(&err, "Guarded", HookKind::BeforeSave),
        &Refusal::EmptyTitle { id: "g1".into() }
    );
    assert_eq!(
        err.to_string(),
        "before_save of model Guarded vetoed the write: guarded g1: empty title"
    );
    assert!(ctx
        .client
        .get(Guarded::key("g1"))
        .consistent_read()
        .await?
        .is_none());
    let err = ctx
        .client
        .transact_write()
        .put(&Guarded::new("g2", "", "x"))
        .await
        .expect_err("vetoed in a transaction");
    assert_eq!(
        hook_error::<Refusal>(&err, "Guarded", HookKind::BeforeSave),
        &Refusal::EmptyTitle { id: "g2".into() }
    );
    assert!(ctx
        .client
        .get(Guarded::key("g2"))
        .consistent_read()
        .await?
        .is_none());

    ctx.client.create(&Guarded::new("g3", "hello", "x")).await?;
    let back = ctx.client.get(Guarded::key("g3")).consistent_read().await?;
    let back = back.expect("stored");
    assert_eq!(back.title, "HELLO");
    assert!(back.loaded);
    let skipped = ctx
        .client
        .get(Guarded::key("g3"))
        .consistent_read()
        .skip_hooks()
        .await?;
    assert!(!skipped.expect("stored").loaded);
    let items = ctx
        .client
        .query_collection(Guarded::partition("g3"))
        .consistent_read()
        .all()
        .await?;
    let collection = dynorm::client::Collection::from(items);
    let loaded = collection.of::<Guarded>()?;
    assert_eq!(loaded.len(), 1);
    assert!(loaded[0].loaded, "collections run after_load");
    let raw = collection.of_skipping_hooks::<Guarded>()?;
    assert!(!raw[0].loaded);
    ctx.client
        .put(&Guarded::new("g4", "", "x"))
        .skip_hooks()
        .await?;
    assert!(ctx
        .client
        .get(Guarded::key("g4"))
        .consistent_read()
        .await?
        .is_some());
    Ok(())
}

/// An `after_load` that fails fails the read, whatever the read path, with
/// the hook's own message as the source; `skip_hooks` reads the item.
pub async fn lifecycle_after_load_error_fails_the_read(ctx: Ctx) -> Outcome {
    ctx.table_for::<Guarded>().await?;
    ctx.client
        .put(&Guarded::new("bad", "t", UNREADABLE_BODY))
        .await?;
    let check = |err: Error| {
        let source = hook_source(&err, "Guarded", HookKind::AfterLoad);
        assert_eq!(source.to_string(), UNREADABLE_MESSAGE);
        assert_eq!(
            err.to_string(),
            format!("after_load of model Guarded failed: {UNREADABLE_MESSAGE}")
        );
    };
    check(
        ctx.client
            .get(Guarded::key("bad"))
            .consistent_read()
            .await
            .expect_err("after_load fails"),
    );
    check(
        ctx.client
            .query(Guarded::partition("bad"))
            .consistent_read()
            .all()
            .await
            .expect_err("after_load fails"),
    );
    let skipped = ctx
        .client
        .get(Guarded::key("bad"))
        .consistent_read()
        .skip_hooks()
        .await?;
    assert_eq!(skipped.map(|g| g.body).as_deref(), Some(UNREADABLE_BODY));
    Ok(())
}

/// An item over the model's `max_size` is rejected before sending, naming
/// both sizes, by put, batch and transaction alike.
pub async fn lifecycle_max_size_violation_writes_nothing(ctx: Ctx) -> Outcome {
    ctx.table_for::<Guarded>().await?;
    let big = Guarded::new("big", "t", &"x".repeat(400));
    let err = ctx.client.put(&big).await.expect_err("too big");
    assert!(err.is_validation(), "{err}");
    let text = err.to_string();
    assert!(text.contains("exceeds the maximum of 300 bytes"), "{text}");
    assert!(text.contains("model Guarded"), "{text}");
    let err = ctx.client.batch_write().put(&big).await.expect_err("batch");
    assert!(err.is_validation(), "{err}");
    let err = ctx
        .client
        .transact_write()
        .put(&big)
        .await
        .expect_err("transaction");
    assert!(err.is_validation(), "{err}");
    assert!(ctx
        .client
        .get(Guarded::key("big"))
        .consistent_read()
        .await?
        .is_none());
    ctx.client.put(&Guarded::new("small", "t", "x")).await?;
    assert!(ctx
        .client
        .get(Guarded::key("small"))
        .consistent_read()
        .await?
        .is_some());
    Ok(())
}

/// `before_delete` vetoes and `after_delete` runs for single, batch and
/// transaction deletes alike; `skip_hooks` turns both off.
pub async fn lifecycle_delete_hooks_in_every_write_path(ctx: Ctx) -> Outcome {
    ctx.table_for::<Guarded>().await?;
    // Ids unique to this run: the log is shared by the whole test process.
    let id = |name: &str| format!("{name}-{}", ctx.client.table_prefix());
    for name in ["keep", "single", "batch1", "batch2", "tx", "skipped"] {
        ctx.client.put(&Guarded::new(&id(name), "t", "x")).await?;
    }
    async fn exists(ctx: &Ctx, id: String) -> dynorm::Result<bool> {
        let got: Option<Guarded> = ctx
            .client
            .get(Guarded::key(id.as_str()))
            .consistent_read()
            .await?;
        Ok(got.is_some())
    }

    let err = ctx
        .client
        .delete(Guarded::key(id("keep").as_str()))
        .await
        .expect_err("vetoed");
    let kept = Refusal::Kept { id: id("keep") };
    assert_eq!(
        hook_error::<Refusal>(&err, "Guarded", HookKind::BeforeDelete),
        &kept
    );
    assert!(
        err.to_string().contains("kept items cannot be deleted"),
        "{err}"
    );
    let err = ctx
        .client
        .batch_write()
        .delete(Guarded::key(id("batch1").as_str()))
        .delete(Guarded::key(id("keep").as_str()))
        .await
        .expect_err("vetoed in a batch");
    assert_eq!(
        hook_error::<Refusal>(&err, "Guarded", HookKind::BeforeDelete),
        &kept
    );
    assert!(
        exists(&ctx, id("batch1")).await?,
        "a vetoed batch sends nothing"
    );
    let err = ctx
        .client
        .transact_write()
        .delete(Guarded::key(id("keep").as_str()))
        .await
        .expect_err("vetoed in a transaction");
    assert_eq!(
        hook_error::<Refusal>(&err, "Guarded", HookKind::BeforeDelete),
        &kept
    );
    assert!(exists(&ctx, id("keep")).await?);
    assert!(!was_deleted(&id("keep")));

    ctx.client
        .delete(Guarded::key(id("single").as_str()))
        .await?;
    ctx.client
        .batch_write()
        .delete(Guarded::key(id("batch1").as_str()))
        .delete(Guarded::key(id("batch2").as_str()))
        .await?;
    ctx.client
        .transact_write()
        .delete(Guarded::key(id("tx").as_str()))
        .await?;
    ctx.client
        .delete(Guarded::key(id("skipped").as_str()))
        .skip_hooks()
        .await?;
    for name in ["single", "batch1", "batch2", "tx", "skipped"] {
        assert!(!exists(&ctx, id(name)).await?, "{name} deleted");
    }
    for name in ["single", "batch1", "batch2", "tx"] {
        assert!(was_deleted(&id(name)), "after_delete ran for {name}");
    }
    assert!(
        !was_deleted(&id("skipped")),
        "skip_hooks skips after_delete"
    );
    Ok(())
}

/// The run id of a scenario: its table prefix, unique to this test run. The
/// hook log of [`Audited`] and [`Unhooked`] is kept per run id (the items'
/// partition key), so tests running at the same time never mix their calls.
fn run_of(ctx: &Ctx) -> String {
    ctx.client.table_prefix().to_owned()
}

/// The hook calls recorded for `run` since the last call, in order.
fn calls(run: &str) -> Vec<String> {
    take_hook_calls(run)
}

/// The same, sorted (for reads whose order is not defined).
fn sorted_calls(run: &str) -> Vec<String> {
    let mut c = take_hook_calls(run);
    c.sort();
    c
}

/// Expected hook calls, from `"hook:name"` strings.
fn expect(calls: &[&str]) -> Vec<String> {
    calls.iter().map(|c| (*c).to_owned()).collect()
}

/// The stored `value` of an `Audited` item, read raw (no hooks).
async fn stored_value(ctx: &Ctx, run: &str, name: &str) -> dynorm::Result<Option<String>> {
    let item = ctx
        .client
        .table(Audited::schema().table)
        .get(Item::new().with("run", run).with("name", name))
        .consistent_read()
        .await?;
    Ok(item.and_then(|i| i.get("value").and_then(Value::as_str).map(str::to_owned)))
}

/// Exactly the hooks of each single write ran: put, create (also a failed
/// one), update (with and without a returned item, and one that failed) and
/// delete (with and without the old item).
pub async fn lifecycle_hooks_single_writes(ctx: Ctx) -> Outcome {
    ctx.table_for::<Audited>().await?;
    let run = run_of(&ctx);
    let key = |name: &str| Audited::key(run.as_str(), name);

    ctx.client.put(&Audited::new(&run, "a", "1")).await?;
    assert_eq!(calls(&run), expect(&["before_save:a", "after_save:a"]));
    ctx.client.create(&Audited::new(&run, "b", "1")).await?;
    assert_eq!(calls(&run), expect(&["before_save:b", "after_save:b"]));
    let written = ctx
        .client
        .put(&Audited::new(&run, "c", "1"))
        .send_written()
        .await?;
    assert_eq!(written.value, "1");
    assert_eq!(calls(&run), expect(&["before_save:c", "after_save:c"]));
    let err = ctx
        .client
        .create(&Audited::new(&run, "a", "2"))
        .await
        .expect_err("the key exists");
    assert!(err.is_condition_failed(), "{err:?}");
    assert_eq!(
        calls(&run),
        expect(&["before_save:a"]),
        "a failed write runs no after_save"
    );

    ctx.client.update(key("a")).set("value", "2").await?;
    assert_eq!(calls(&run), expect(&["before_update:a", "after_update:a"]));
    let new = ctx
        .client
        .update(key("a"))
        .set("value", "3")
        .return_new()
        .await?;
    assert_eq!(new.map(|a| a.value).as_deref(), Some("3"));
    assert_eq!(
        calls(&run),
        expect(&["before_update:a", "after_update:a", "after_load:a"])
    );
    let err = ctx
        .client
        .update(key("ghost"))
        .set("value", "1")
        .must_exist()
        .await
        .expect_err("no such item");
    assert!(err.is_condition_failed(), "{err:?}");
    assert_eq!(calls(&run), expect(&["before_update:ghost"]));
    assert_eq!(stored_value(&ctx, &run, "ghost").await?, None);

    ctx.client.delete(key("a")).await?;
    assert_eq!(calls(&run), expect(&["before_delete:a", "after_delete:a"]));
    let old = ctx.client.delete(key("b")).return_old().await?;
    assert_eq!(old.map(|b| b.name).as_deref(), Some("b"));
    assert_eq!(
        calls(&run),
        expect(&["before_delete:b", "after_delete:b", "after_load:b"])
    );
    let err = ctx
        .client
        .delete(key("c"))
        .condition(dynorm::attr("value").eq("nope"))
        .await
        .expect_err("condition fails");
    assert!(err.is_condition_failed(), "{err:?}");
    assert_eq!(calls(&run), expect(&["before_delete:c"]));
    assert_eq!(stored_value(&ctx, &run, "c").await?, Some("1".into()));
    Ok(())
}

/// `after_load` runs once per model decoded, on every read path: get,
/// query, scan (also parallel), batch get, transaction get and collections.
pub async fn lifecycle_hooks_reads(ctx: Ctx) -> Outcome {
    ctx.table_for::<Audited>().await?;
    let run = run_of(&ctx);
    let key = |name: &str| Audited::key(run.as_str(), name);
    for name in ["a", "b", "c"] {
        ctx.client
            .put(&Audited::new(&run, name, "1"))
            .skip_hooks()
            .await?;
    }
    assert_eq!(calls(&run), expect(&[]));

    let got = ctx.client.get(key("a")).consistent_read().await?;
    assert!(got.is_some());
    assert_eq!(calls(&run), expect(&["after_load:a"]));
    assert!(ctx.client.get(key("zz")).consistent_read().await?.is_none());
    assert_eq!(calls(&run), expect(&[]));

    let all = ctx
        .client
        .query(Audited::partition(run.as_str()))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(all.len(), 3);
    assert_eq!(
        calls(&run),
        expect(&["after_load:a", "after_load:b", "after_load:c"])
    );
    let page = ctx
        .client
        .query(Audited::partition(run.as_str()))
        .sort_gt("a")
        .consistent_read()
        .page()
        .await?;
    assert_eq!(page.items.len(), 2);
    assert_eq!(calls(&run), expect(&["after_load:b", "after_load:c"]));

    let scanned = ctx.client.scan::<Audited>().consistent_read().all().await?;
    assert_eq!(scanned.len(), 3);
    assert_eq!(
        sorted_calls(&run),
        expect(&["after_load:a", "after_load:b", "after_load:c"])
    );
    let parallel: Vec<Audited> = ctx
        .client
        .scan::<Audited>()
        .consistent_read()
        .parallel(2)
        .try_collect()
        .await?;
    assert_eq!(parallel.len(), 3);
    assert_eq!(
        sorted_calls(&run),
        expect(&["after_load:a", "after_load:b", "after_load:c"])
    );

    let batch = ctx
        .client
        .batch_get([key("c"), key("zz"), key("a")])
        .consistent_read()
        .await?;
    assert_eq!(batch.iter().flatten().count(), 2);
    assert_eq!(
        sorted_calls(&run),
        expect(&["after_load:a", "after_load:c"])
    );

    let snapshot = ctx
        .client
        .transact_get()
        .get(key("b"))
        .get(key("zz"))
        .get(key("c"))
        .await?;
    assert_eq!(
        calls(&run),
        expect(&[]),
        "decoding runs the hook, not the read"
    );
    assert!(snapshot.get::<Audited>(0)?.is_some());
    assert!(snapshot.get::<Audited>(1)?.is_none());
    assert!(snapshot.get::<Audited>(2)?.is_some());
    assert_eq!(calls(&run), expect(&["after_load:b", "after_load:c"]));

    let collection = ctx
        .client
        .query_collection(Audited::partition(run.as_str()))
        .consistent_read()
        .collection()
        .await?;
    assert_eq!(collection.of::<Audited>()?.len(), 3);
    assert_eq!(
        calls(&run),
        expect(&["after_load:a", "after_load:b", "after_load:c"])
    );
    Ok(())
}

/// A batch write runs `before_save` / `before_delete` for every request, in
/// order, before sending, and `after_save` / `after_delete` for every request
/// applied; requests left unprocessed run no `after_*` hook.
pub async fn lifecycle_hooks_batch_write(ctx: Ctx) -> Outcome {
    ctx.table_for::<Audited>().await?;
    let run = run_of(&ctx);
    let key = |name: &str| Audited::key(run.as_str(), name);
    ctx.client
        .put(&Audited::new(&run, "d1", "1"))
        .skip_hooks()
        .await?;

    let written = ctx
        .client
        .batch_write()
        .put(&Audited::new(&run, "p1", "1"))
        .delete(key("d1"))
        .put(&Audited::new(&run, "p2", "1"))
        .delete(key("d2"))
        .await?;
    assert_eq!(written, 4);
    assert_eq!(
        calls(&run),
        expect(&[
            "before_save:p1",
            "before_delete:d1",
            "before_save:p2",
            "before_delete:d2",
            "after_save:p1",
            "after_delete:d1",
            "after_save:p2",
            "after_delete:d2",
        ])
    );
    assert_eq!(stored_value(&ctx, &run, "p1").await?, Some("1".into()));
    assert_eq!(stored_value(&ctx, &run, "d1").await?, None);

    // Every other request left unprocessed, no retries: the leftovers run
    // their before hook but no after hook.
    for name in ["d3", "d4"] {
        ctx.client
            .put(&Audited::new(&run, name, "1"))
            .skip_hooks()
            .await?;
    }
    let flaky: Arc<dyn dynorm::Backend> = Arc::new(
        Faults::new(ctx.client.backend().clone()).inject(Fault::Unprocessed { every: 2 }.always()),
    );
    let client = Client::from_backend(flaky).with_table_prefix(ctx.client.table_prefix());
    let report = client
        .batch_write()
        .put(&Audited::new(&run, "q1", "1"))
        .put(&Audited::new(&run, "q2", "1"))
        .delete(key("d3"))
        .delete(key("d4"))
        .retry(RetryPolicy::none())
        .send_partial()
        .await?;
    assert_eq!(report.written, 2);
    assert_eq!(report.unprocessed.len(), 2);
    assert_eq!(
        calls(&run),
        expect(&[
            "before_save:q1",
            "before_save:q2",
            "before_delete:d3",
            "before_delete:d4",
            "after_save:q2",
            "after_delete:d4",
        ])
    );
    assert_eq!(stored_value(&ctx, &run, "q1").await?, None);
    assert_eq!(stored_value(&ctx, &run, "q2").await?, Some("1".into()));
    assert_eq!(stored_value(&ctx, &run, "d3").await?, Some("1".into()));
    assert_eq!(stored_value(&ctx, &run, "d4").await?, None);
    Ok(())
}

/// A write transaction runs the before hooks of its puts, updates and
/// deletes in order before sending and their after hooks once it succeeded;
/// a cancelled transaction runs no after hook and a condition check no hook.
pub async fn lifecycle_hooks_transactions(ctx: Ctx) -> Outcome {
    ctx.table_for::<Audited>().await?;
    let run = run_of(&ctx);
    let key = |name: &str| Audited::key(run.as_str(), name);
    for name in ["u", "d", "c", "u2", "d2"] {
        ctx.client
            .put(&Audited::new(&run, name, "1"))
            .skip_hooks()
            .await?;
    }

    ctx.client
        .transact_write()
        .put(&Audited::new(&run, "p", "1"))
        .update(key("u"), Update::new().set("value", "2"))
        .check(key("c"), dynorm::attr("value").exists())
        .delete(key("d"))
        .create(&Audited::new(&run, "n", "1"))
        .await?;
    assert_eq!(
        calls(&run),
        expect(&[
            "before_save:p",
            "before_update:u",
            "before_delete:d",
            "before_save:n",
            "after_save:p",
            "after_update:u",
            "after_delete:d",
            "after_save:n",
        ])
    );
    assert_eq!(stored_value(&ctx, &run, "p").await?, Some("1".into()));
    assert_eq!(stored_value(&ctx, &run, "u").await?, Some("2".into()));
    assert_eq!(stored_value(&ctx, &run, "d").await?, None);

    let err = ctx
        .client
        .transact_write()
        .put(&Audited::new(&run, "p2", "1"))
        .update(key("u2"), Update::new().set("value", "2"))
        .delete(key("d2"))
        .condition(dynorm::attr("value").eq("nope"))
        .await
        .expect_err("cancelled");
    assert!(err.is_transaction_canceled(), "{err:?}");
    assert_eq!(
        calls(&run),
        expect(&["before_save:p2", "before_update:u2", "before_delete:d2"]),
        "a cancelled transaction runs no after hook"
    );
    assert_eq!(stored_value(&ctx, &run, "p2").await?, None);
    assert_eq!(stored_value(&ctx, &run, "u2").await?, Some("1".into()));
    assert_eq!(stored_value(&ctx, &run, "d2").await?, Some("1".into()));
    Ok(())
}

/// A veto from `before_save`, `before_update` or `before_delete` sends
/// nothing, on single writes, batches and transactions: the stored item is
/// unchanged, other requests of the batch or transaction are not applied,
/// and no after hook runs.
pub async fn lifecycle_hooks_veto_sends_nothing(ctx: Ctx) -> Outcome {
    ctx.table_for::<Audited>().await?;
    let run = run_of(&ctx);
    let key = |name: &str| Audited::key(run.as_str(), name);
    ctx.client
        .put(&Audited::new(&run, "veto", "original"))
        .skip_hooks()
        .await?;
    let vetoed = Audited::new(&run, "veto", "changed");
    let unchanged = || async { stored_value(&ctx, &run, "veto").await };
    let check = |result: dynorm::Result<()>, hook: HookKind| {
        let err = result.expect_err("vetoed");
        let vetoed = hook_error::<Vetoed>(&err, "Audited", hook);
        assert_eq!(vetoed.hook, hook.as_str(), "{err}");
        assert!(vetoed.name.starts_with("veto"), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("{hook} of model Audited vetoed the write: ")),
            "{err}"
        );
    };

    check(
        ctx.client.put(&vetoed).await.map(drop),
        HookKind::BeforeSave,
    );
    assert_eq!(calls(&run), expect(&["before_save:veto"]));
    check(
        ctx.client
            .create(&Audited::new(&run, "veto-new", "x"))
            .await
            .map(drop),
        HookKind::BeforeSave,
    );
    assert_eq!(calls(&run), expect(&["before_save:veto-new"]));
    assert_eq!(stored_value(&ctx, &run, "veto-new").await?, None);
    check(
        ctx.client
            .update(key("veto"))
            .set("value", "changed")
            .await
            .map(drop),
        HookKind::BeforeUpdate,
    );
    assert_eq!(calls(&run), expect(&["before_update:veto"]));
    check(
        ctx.client.delete(key("veto")).await.map(drop),
        HookKind::BeforeDelete,
    );
    assert_eq!(calls(&run), expect(&["before_delete:veto"]));
    assert_eq!(unchanged().await?, Some("original".into()));

    check(
        ctx.client
            .batch_write()
            .put(&Audited::new(&run, "b1", "x"))
            .put(&vetoed)
            .await
            .map(drop),
        HookKind::BeforeSave,
    );
    assert_eq!(calls(&run), expect(&["before_save:b1", "before_save:veto"]));
    check(
        ctx.client
            .batch_write()
            .delete(key("veto"))
            .put(&Audited::new(&run, "b2", "x"))
            .await
            .map(drop),
        HookKind::BeforeDelete,
    );
    assert_eq!(calls(&run), expect(&["before_delete:veto"]));
    check(
        ctx.client
            .transact_write()
            .put(&Audited::new(&run, "t1", "x"))
            .update(key("veto"), Update::new().set("value", "changed"))
            .await,
        HookKind::BeforeUpdate,
    );
    assert_eq!(
        calls(&run),
        expect(&["before_save:t1", "before_update:veto"])
    );
    check(
        ctx.client
            .transact_write()
            .delete(key("veto"))
            .put(&Audited::new(&run, "t2", "x"))
            .await,
        HookKind::BeforeDelete,
    );
    assert_eq!(calls(&run), expect(&["before_delete:veto"]));
    check(
        ctx.client.transact_write().put(&vetoed).await,
        HookKind::BeforeSave,
    );
    assert_eq!(calls(&run), expect(&["before_save:veto"]));

    assert_eq!(unchanged().await?, Some("original".into()));
    for name in ["b1", "b2", "t1", "t2"] {
        assert_eq!(
            stored_value(&ctx, &run, name).await?,
            None,
            "{name}: a vetoed batch or transaction sends nothing"
        );
    }
    Ok(())
}

/// A model with `#[dynorm(skip_hooks)]` runs none of its hooks, on any
/// write or read path (its vetoing `before_*` hooks included).
pub async fn lifecycle_hooks_skipped_for_the_model(ctx: Ctx) -> Outcome {
    ctx.table_for::<Unhooked>().await?;
    let run = run_of(&ctx);
    let key = |name: &str| Unhooked::key(run.as_str(), name);
    let c = &ctx.client;

    c.put(&Unhooked::new(&run, "veto-a", "1")).await?;
    c.create(&Unhooked::new(&run, "veto-b", "1")).await?;
    c.update(key("veto-a"))
        .set("value", "2")
        .return_new()
        .await?;
    c.get(key("veto-a")).consistent_read().await?;
    c.query(Unhooked::partition(run.as_str()))
        .consistent_read()
        .all()
        .await?;
    c.scan::<Unhooked>().consistent_read().all().await?;
    c.batch_get([key("veto-a"), key("veto-b")])
        .consistent_read()
        .await?;
    c.batch_write()
        .put(&Unhooked::new(&run, "veto-c", "1"))
        .delete(key("veto-b"))
        .await?;
    c.transact_write()
        .put(&Unhooked::new(&run, "veto-d", "1"))
        .update(key("veto-c"), Update::new().set("value", "2"))
        .delete(key("veto-a"))
        .await?;
    let snapshot = c.transact_get().get(key("veto-c")).await?;
    assert!(snapshot.get::<Unhooked>(0)?.is_some());
    let collection = c
        .query_collection(Unhooked::partition(run.as_str()))
        .consistent_read()
        .collection()
        .await?;
    assert_eq!(collection.of::<Unhooked>()?.len(), 2);
    c.delete(key("veto-c")).return_old().await?;

    assert_eq!(calls(&run), expect(&[]), "no hook of Unhooked ever runs");
    let left = c
        .query(Unhooked::partition(run.as_str()))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(
        left.into_iter().map(|u| u.name).collect::<Vec<_>>(),
        ["veto-d"]
    );
    Ok(())
}

/// `.skip_hooks()` on each builder turns the model's hooks off for that
/// call (vetoes included), wherever it stands in a batch's or transaction's
/// chain; the next call runs them again.
pub async fn lifecycle_hooks_skipped_per_call(ctx: Ctx) -> Outcome {
    ctx.table_for::<Audited>().await?;
    let run = run_of(&ctx);
    let key = |name: &str| Audited::key(run.as_str(), name);
    let c = &ctx.client;

    c.put(&Audited::new(&run, "veto-a", "1"))
        .skip_hooks()
        .await?;
    c.create(&Audited::new(&run, "veto-b", "1"))
        .skip_hooks()
        .await?;
    c.put(&Audited::new(&run, "veto-w", "1"))
        .skip_hooks()
        .send_written()
        .await?;
    c.update(key("veto-a"))
        .set("value", "2")
        .return_new()
        .skip_hooks()
        .await?;
    c.delete(key("veto-w")).return_old().skip_hooks().await?;
    assert_eq!(calls(&run), expect(&[]), "single writes");

    c.get(key("veto-a")).skip_hooks().consistent_read().await?;
    c.query(Audited::partition(run.as_str()))
        .skip_hooks()
        .consistent_read()
        .all()
        .await?;
    c.scan::<Audited>()
        .skip_hooks()
        .consistent_read()
        .all()
        .await?;
    let parallel: Vec<Audited> = c
        .scan::<Audited>()
        .skip_hooks()
        .consistent_read()
        .parallel(2)
        .try_collect()
        .await?;
    assert_eq!(parallel.len(), 2);
    let batch = c
        .batch_get([key("veto-a"), key("veto-b")])
        .skip_hooks()
        .consistent_read()
        .await?;
    assert_eq!(batch.iter().flatten().count(), 2);
    let snapshot = c
        .transact_get()
        .skip_hooks()
        .get(key("veto-a"))
        .get(key("veto-b"))
        .await?;
    assert!(snapshot.get::<Audited>(0)?.is_some());
    let collection = c
        .query_collection(Audited::partition(run.as_str()))
        .consistent_read()
        .skip_hooks()
        .collection()
        .await?;
    assert_eq!(collection.of::<Audited>()?.len(), 2);
    assert_eq!(calls(&run), expect(&[]), "reads");

    // Without `.skip_hooks()` on the read, the other ways to skip on decoding.
    let snapshot = c.transact_get().get(key("veto-a")).await?;
    assert!(snapshot.get_skipping_hooks::<Audited>(0)?.is_some());
    let collection = c
        .query_collection(Audited::partition(run.as_str()))
        .consistent_read()
        .collection()
        .await?;
    assert_eq!(collection.of_skipping_hooks::<Audited>()?.len(), 2);
    assert_eq!(collection.clone().skip_hooks().of::<Audited>()?.len(), 2);
    assert_eq!(calls(&run), expect(&[]), "decoding without hooks");

    c.batch_write()
        .put(&Audited::new(&run, "veto-c", "1"))
        .delete(key("veto-b"))
        .skip_hooks()
        .await?;
    c.transact_write()
        .put(&Audited::new(&run, "veto-d", "1"))
        .update(key("veto-c"), Update::new().set("value", "2"))
        .delete(key("veto-a"))
        .skip_hooks()
        .await?;
    assert_eq!(calls(&run), expect(&[]), "batch and transaction writes");
    let left: Vec<String> = c
        .query(Audited::partition(run.as_str()))
        .skip_hooks()
        .consistent_read()
        .all()
        .await?
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(left, ["veto-c", "veto-d"]);

    // The next call without `.skip_hooks()` runs them again.
    c.get(key("veto-c")).consistent_read().await?;
    assert_eq!(calls(&run), expect(&["after_load:veto-c"]));
    Ok(())
}

/// An update of a missing key creates the item with `created_at`,
/// `updated_at` and the non-key generated uuid (DynamoDB's `if_not_exists`);
/// an update of an existing item keeps `created_at` and the uuid and moves
/// `updated_at`.
pub async fn lifecycle_update_creates_item_with_generated_values(ctx: Ctx) -> Outcome {
    ctx.table_for::<Ticket>().await?;
    let before = Timestamp::now();
    ctx.client
        .update(Ticket::key("t1"))
        .set("text", "first")
        .await?;
    let raw = ctx
        .client
        .table(Ticket::schema().table)
        .get(Item::new().with("id", "t1"))
        .consistent_read()
        .await?
        .expect("the update created the item");
    assert!(matches!(raw.get("created"), Some(Value::S(_))), "{raw:?}");
    assert!(matches!(raw.get("updated"), Some(Value::N(_))), "{raw:?}");
    let first = ctx
        .client
        .get(Ticket::key("t1"))
        .consistent_read()
        .await?
        .expect("stored");
    let created = first.created.expect("created_at set by the update");
    assert!(created >= before, "{created:?} before {before:?}");
    assert!(first.updated.is_some());
    let reference = uuid::Uuid::parse_str(&first.reference).expect("a uuid");
    assert_eq!(reference.get_version_num(), 4);

    // `updated` counts milliseconds: a few of them later it has moved.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    ctx.client
        .update(Ticket::key("t1"))
        .set("text", "second")
        .await?;
    let second = ctx
        .client
        .get(Ticket::key("t1"))
        .consistent_read()
        .await?
        .expect("stored");
    assert_eq!(second.text, "second");
    assert_eq!(second.created, first.created, "created_at is kept");
    assert_eq!(second.reference, first.reference, "the uuid is kept");
    assert!(second.updated > first.updated, "{second:?} vs {first:?}");

    // A transaction update that creates the item stamps it the same way.
    ctx.client
        .transact_write()
        .update(Ticket::key("t2"), Update::new().set("text", "tx"))
        .await?;
    let t2 = ctx
        .client
        .get(Ticket::key("t2"))
        .consistent_read()
        .await?
        .expect("created by the transaction");
    assert!(t2.created.is_some() && t2.updated.is_some(), "{t2:?}");
    assert!(uuid::Uuid::parse_str(&t2.reference).is_ok());

    // A uuid key is the key: an update of a missing Note sets only the times.
    ctx.table_for::<Note>().await?;
    ctx.client
        .update(Note::key("n1"))
        .set("text", "made by an update")
        .await?;
    let note = raw_note(&ctx, "n1").await?;
    assert!(
        note.contains("created") && note.contains("updated"),
        "{note:?}"
    );
    assert_eq!(note.get("id"), Some(&Value::from("n1")));
    Ok(())
}

/// Calls `$cb!($arg; lifecycle { scenario, ... })` with every lifecycle scenario.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_lifecycle_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            lifecycle {
                lifecycle_timestamps_stored_as_s_and_n,
                lifecycle_generated_values_kept_on_save,
                lifecycle_before_save_veto_writes_nothing,
                lifecycle_after_load_error_fails_the_read,
                lifecycle_max_size_violation_writes_nothing,
                lifecycle_delete_hooks_in_every_write_path,
                lifecycle_hooks_single_writes,
                lifecycle_hooks_reads,
                lifecycle_hooks_batch_write,
                lifecycle_hooks_transactions,
                lifecycle_hooks_veto_sends_nothing,
                lifecycle_hooks_skipped_for_the_model,
                lifecycle_hooks_skipped_per_call,
                lifecycle_update_creates_item_with_generated_values,
            }
        }
    };
}
