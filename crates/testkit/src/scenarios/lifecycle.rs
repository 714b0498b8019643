//! Lifecycle scenarios: timestamps, generated values, hooks and per-model
//! size limits. Listed in [`__with_lifecycle_scenarios!`].

use crate::lifecycle_models::{was_deleted, Guarded, Note, Ticket};
use crate::{Ctx, Outcome};
use dynorm::attributes::{EpochSeconds, Timestamp};
use dynorm::{Item, Model, Update, Value};

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
    assert!(err.is_validation(), "{err}");
    assert!(err.to_string().contains("empty title"), "{err}");
    assert!(ctx
        .client
        .get(Guarded::key("g1"))
        .consistent_read()
        .await?
        .is_none());
    let err = ctx
        .client
        .transact_write()
        .put(&Guarded::new("g2", "", "x"), None)
        .await
        .expect_err("vetoed in a transaction");
    assert!(err.is_validation(), "{err}");
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
        .put(&big, None)
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
    assert!(err.is_validation(), "{err}");
    assert!(
        exists(&ctx, id("batch1")).await?,
        "a vetoed batch sends nothing"
    );
    let err = ctx
        .client
        .transact_write()
        .delete(Guarded::key(id("keep").as_str()), None)
        .await
        .expect_err("vetoed in a transaction");
    assert!(err.is_validation(), "{err}");
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
        .delete(Guarded::key(id("tx").as_str()), None)
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

    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
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
        .update(Ticket::key("t2"), Update::new().set("text", "tx"), None)
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
    ($cb:path, $arg:expr) => {
        $cb! { $arg;
            lifecycle {
                lifecycle_timestamps_stored_as_s_and_n,
                lifecycle_generated_values_kept_on_save,
                lifecycle_before_save_veto_writes_nothing,
                lifecycle_max_size_violation_writes_nothing,
                lifecycle_delete_hooks_in_every_write_path,
                lifecycle_update_creates_item_with_generated_values,
            }
        }
    };
}
