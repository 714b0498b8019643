//! Version attributes (`#[dynorm(version)]`, optimistic locking) in single
//! writes, transactions and batches, and the race of many savers.

use crate::locking_models::Doc;
use crate::{Ctx, Outcome};
use dynorm::{attr, Error, Item, Model, Result, Update, Value};

/// Lists the scenarios of the version, unique-field and lease modules.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_locking_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            versioning {
                version_lifecycle,
                version_stale_save_conflicts_and_writes_nothing,
                version_create_twice_conflicts,
                version_user_condition_is_not_a_conflict,
                version_update_and_delete_need_an_expectation,
                version_conflict_in_transaction,
                version_batch_needs_opt_out,
                version_race_no_lost_update,
            }
            unique {
                unique_taken_value_is_a_violation,
                unique_marker_moves_with_the_value,
                unique_delete_removes_markers,
                unique_update_moves_marker,
                unique_in_transaction_and_batch,
            }
            lease [timed] {
                lease_busy_then_taken_over_after_expiry,
                lease_renewal_keeps_it,
                lease_release_and_drop_free_it,
            }
        }
    };
}

async fn stored(ctx: &Ctx, id: &str) -> Result<Option<Doc>> {
    ctx.client.get(Doc::key(id)).consistent_read().await
}

/// A version is 1 on the first save and counts up by one on every save,
/// model update and is checked by deletes.
pub async fn version_lifecycle(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let mut doc = Doc::new("1", "Draft");
    ctx.client.save(&mut doc).await?;
    assert_eq!(doc.version, 1);
    assert_eq!(stored(&ctx, "1").await?.map(|d| d.version), Some(1));

    doc.title = "Second".into();
    ctx.client.save(&mut doc).await?;
    assert_eq!(doc.version, 2);

    let updated: Doc = ctx
        .client
        .update(Doc::key("1"))
        .set("title", "Third")
        .expect_version(2u64)
        .return_new()
        .await?
        .expect("returned");
    assert_eq!((updated.version, updated.title.as_str()), (3, "Third"));

    // `send_written` returns the model with its new version too.
    let written = ctx.client.put(&updated).send_written().await?;
    assert_eq!(written.version, 4);

    // A delete holding version 3 is stale; the model's own (4) deletes.
    let stale = ctx.client.delete(Doc::key("1")).expect_version(3u64).await;
    assert!(
        matches!(&stale, Err(e) if e.is_version_conflict()),
        "{stale:?}"
    );
    assert!(stored(&ctx, "1").await?.is_some());
    assert!(updated.remove().with_client(&ctx.client).await.is_err());
    written.remove().with_client(&ctx.client).await?;
    assert!(stored(&ctx, "1").await?.is_none());
    Ok(())
}

/// A save holding an old version fails with VersionConflict, naming the
/// table, key and expected version and carrying the stored item; nothing is
/// written and the caller's model is unchanged.
pub async fn version_stale_save_conflicts_and_writes_nothing(ctx: Ctx) -> Outcome {
    let table = ctx.table_for::<Doc>().await?;
    let mut doc = Doc::new("1", "Draft");
    ctx.client.save(&mut doc).await?;
    let mut stale = doc.clone();
    doc.title = "Winner".into();
    ctx.client.save(&mut doc).await?;

    stale.title = "Loser".into();
    let err = ctx.client.save(&mut stale).await.expect_err("stale save");
    match &err {
        Error::VersionConflict {
            table: t,
            key,
            expected,
            current,
            ..
        } => {
            assert_eq!(t, &table);
            assert_eq!(key, &Doc::key("1").into_item());
            assert_eq!(expected.as_deref(), Some(&Value::from(1)));
            let current = current.as_deref().expect("the stored item is returned");
            assert_eq!(current.get("version"), Some(&Value::from(2)));
            assert_eq!(current.get("title"), Some(&Value::from("Winner")));
        }
        other => panic!("expected a version conflict, got {other:?}"),
    }
    assert!(err.is_version_conflict());
    assert_eq!(
        err.old_item().and_then(|i| i.get("version")),
        Some(&Value::from(2))
    );
    assert!(err.to_string().contains("expected version 1"), "{err}");
    assert_eq!((stale.version, stale.title.as_str()), (1, "Loser"));
    let now = stored(&ctx, "1").await?.expect("stored");
    assert_eq!((now.version, now.title.as_str()), (2, "Winner"));

    // A new model (version 0) whose key is taken conflicts too.
    let err = ctx
        .client
        .put(&Doc::new("1", "Fresh"))
        .await
        .expect_err("taken key");
    assert!(
        matches!(&err, Error::VersionConflict { expected: None, .. }),
        "{err:?}"
    );
    Ok(())
}

/// `create` stores version 1; a second create of the key conflicts.
pub async fn version_create_twice_conflicts(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let mut doc = Doc::new("c", "One");
    doc.version = 41; // a create ignores the version held
    let written = ctx.client.create(&doc).send_written().await?;
    assert_eq!(written.version, 1);
    let err = ctx.client.create(&doc).await.expect_err("exists");
    assert!(err.is_version_conflict(), "{err:?}");
    assert_eq!(stored(&ctx, "c").await?.map(|d| d.version), Some(1));
    Ok(())
}

/// The caller's own condition is joined with AND: when it is what failed
/// (the version matches), the error stays ConditionFailed.
pub async fn version_user_condition_is_not_a_conflict(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let mut doc = Doc::new("1", "Draft");
    ctx.client.save(&mut doc).await?;
    let err = ctx
        .client
        .save(&mut doc)
        .condition(attr("title").eq("Other"))
        .await
        .expect_err("condition is false");
    assert!(err.is_condition_failed(), "{err:?}");
    assert_eq!(doc.version, 1);
    ctx.client
        .save(&mut doc)
        .condition(attr("title").eq("Draft"))
        .await?;
    assert_eq!(doc.version, 2);
    let err = ctx
        .client
        .update(Doc::key("1"))
        .set("title", "X")
        .expect_version(2u64)
        .condition(attr("edits").gt(5))
        .await
        .expect_err("condition is false");
    assert!(err.is_condition_failed(), "{err:?}");
    Ok(())
}

/// Updates and deletes by key must say which version they expect (or opt
/// out); `ignore_version` writes whatever is stored, updates still count up.
pub async fn version_update_and_delete_need_an_expectation(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let mut doc = Doc::new("1", "Draft");
    ctx.client.save(&mut doc).await?;
    let err = ctx
        .client
        .update(Doc::key("1"))
        .set("title", "X")
        .await
        .expect_err("no expectation");
    assert!(err.is_validation(), "{err:?}");
    assert!(err.message().contains("expect_version"), "{err}");
    let err = ctx
        .client
        .delete(Doc::key("1"))
        .await
        .expect_err("no expectation");
    assert!(err.is_validation(), "{err:?}");
    let err = ctx
        .client
        .update(Doc::key("1"))
        .add("version", 5)
        .expect_version(1u64)
        .await
        .expect_err("the version is dynorm's");
    assert!(err.is_validation(), "{err:?}");

    ctx.client
        .update(Doc::key("1"))
        .set("title", "Y")
        .ignore_version()
        .await?;
    assert_eq!(stored(&ctx, "1").await?.map(|d| d.version), Some(2));
    ctx.client.delete(Doc::key("1")).ignore_version().await?;
    assert!(stored(&ctx, "1").await?.is_none());
    Ok(())
}

/// In a transaction the version condition joins the action's own; a stale
/// action cancels the whole transaction with VersionConflict.
pub async fn version_conflict_in_transaction(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let mut a = Doc::new("a", "A");
    let mut b = Doc::new("b", "B");
    ctx.client.save(&mut a).await?;
    ctx.client.save(&mut b).await?;
    let stale_a = a.clone();
    ctx.client.save(&mut a).await?; // a is at 2

    let err = ctx
        .client
        .transact_write()
        .put(&b)
        .put(&stale_a)
        .await
        .expect_err("stale a");
    match &err {
        Error::VersionConflict { key, expected, .. } => {
            assert_eq!(key, &Doc::key("a").into_item());
            assert_eq!(expected.as_deref(), Some(&Value::from(1)));
        }
        other => panic!("expected a version conflict, got {other:?}"),
    }
    assert_eq!(stored(&ctx, "b").await?.map(|d| d.version), Some(1));

    // The action's own condition failing is a cancellation, not a conflict.
    let err = ctx
        .client
        .transact_write()
        .put(&a)
        .condition(attr("title").eq("nope"))
        .await
        .expect_err("condition false");
    assert!(err.is_transaction_canceled(), "{err:?}");

    ctx.client
        .transact_write()
        .put(&a)
        .update(Doc::key("b"), Update::new().set("title", "B2"))
        .expect_version(1u64)
        .await?;
    assert_eq!(stored(&ctx, "a").await?.map(|d| d.version), Some(3));
    let b_now = stored(&ctx, "b").await?.expect("b");
    assert_eq!((b_now.version, b_now.title.as_str()), (2, "B2"));

    let err = ctx
        .client
        .transact_write()
        .delete(Doc::key("b"))
        .expect_version(1u64)
        .await
        .expect_err("stale delete");
    assert!(err.is_version_conflict(), "{err:?}");
    ctx.client
        .transact_write()
        .delete(Doc::key("b"))
        .expect_version(2u64)
        .await?;
    assert!(stored(&ctx, "b").await?.is_none());
    Ok(())
}

/// A batch cannot carry the version condition: refused before anything is
/// sent, unless the caller opts out.
pub async fn version_batch_needs_opt_out(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let docs = [Doc::new("1", "One"), Doc::new("2", "Two")];
    let raw = || Item::new().with("pk", "raw").with("sk", "DOC");
    let err = ctx
        .client
        .batch_write()
        .put_item("docs", raw())
        .put_all(&docs)
        .await
        .expect_err("refused");
    assert!(err.is_validation(), "{err:?}");
    assert!(err.message().contains("ignore_version"), "{err}");
    let nothing = ctx
        .client
        .table("docs")
        .get(raw())
        .consistent_read()
        .await?;
    assert!(nothing.is_none(), "nothing of the batch was sent");
    assert!(stored(&ctx, "1").await?.is_none());

    ctx.client
        .batch_write()
        .put_all(&docs)
        .ignore_version()
        .await?;
    assert_eq!(stored(&ctx, "1").await?.map(|d| d.version), Some(1));
    assert_eq!(stored(&ctx, "2").await?.map(|d| d.version), Some(1));
    Ok(())
}

/// 16 tasks x 50 rounds read and save the same document: exactly one save
/// wins per version, so the final version is the number of successful saves
/// and every counted edit is there (no lost update).
pub async fn version_race_no_lost_update(ctx: Ctx) -> Outcome {
    const TASKS: usize = 16;
    const ROUNDS: usize = 50;
    ctx.table_for::<Doc>().await?;
    let mut doc = Doc::new("race", "start");
    ctx.client.save(&mut doc).await?;
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = ctx.client.clone();
            tokio::spawn(async move {
                let mut won = 0u64;
                for _ in 0..ROUNDS {
                    let Some(mut doc) = client.get(Doc::key("race")).consistent_read().await?
                    else {
                        continue;
                    };
                    doc.edits += 1;
                    match client.save(&mut doc).await {
                        Ok(()) => won += 1,
                        Err(e) if e.is_version_conflict() => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok::<u64, Error>(won)
            })
        })
        .collect();
    let mut saves = 0;
    for task in tasks {
        saves += task.await.expect("task panicked")?;
    }
    let last = stored(&ctx, "race").await?.expect("stored");
    assert!(saves > 0);
    assert_eq!(last.version, saves + 1, "one version per successful save");
    assert_eq!(last.edits, saves, "no lost update");
    Ok(())
}
