//! Transactions: all-or-nothing writes with per-action cancellation reasons,
//! limits checked before sending, idempotency tokens and snapshot reads.

use super::checks::{event, expect_validation};
use crate::models::{Counter, Event, User};
use crate::{Ctx, Outcome};
use dynorm::{attr, CancellationCode, CancellationReason, Error, Item, Result, Update, Value};

async fn counter_table(ctx: &Ctx, values: &[(&str, i64)]) -> Result<()> {
    ctx.table_for::<Counter>().await?;
    for (name, value) in values {
        ctx.client
            .put(&Counter {
                name: (*name).to_owned(),
                value: *value,
            })
            .await?;
    }
    Ok(())
}

async fn value_of(ctx: &Ctx, name: &str) -> Result<Option<i64>> {
    Ok(ctx
        .client
        .get(Counter::key(name))
        .consistent_read()
        .await?
        .map(|c| c.value))
}

/// The reasons of a cancelled transaction (fails the scenario otherwise).
#[track_caller]
fn canceled<T: std::fmt::Debug>(result: Result<T>) -> Vec<CancellationReason> {
    match result {
        Err(Error::TransactionCanceled { reasons, .. }) => reasons,
        other => panic!("expected TransactionCanceled, got {other:?}"),
    }
}

fn codes(reasons: &[CancellationReason]) -> Vec<CancellationCode> {
    reasons.iter().map(|r| r.code.clone()).collect()
}

/// Three actions, the second with a false condition: the transaction is
/// cancelled with reasons `[None, ConditionalCheckFailed, None]` in action
/// order, and no action was applied (every item reads as before).
pub async fn transactions_failed_condition_cancels_all(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[("a", 1), ("b", 2)]).await?;
    let result = ctx
        .client
        .transact_write()
        .update(Counter::key("a"), Update::new().add("value", 10))
        .update(Counter::key("b"), Update::new().add("value", 10))
        .condition(attr("value").eq(99))
        .put(&Counter {
            name: "c".into(),
            value: 3,
        })
        .await;
    let reasons = canceled(result);
    assert_eq!(
        codes(&reasons),
        [
            CancellationCode::None,
            CancellationCode::ConditionalCheckFailed,
            CancellationCode::None
        ]
    );
    let error = Error::TransactionCanceled {
        reasons,
        request_id: None,
        source: None,
    };
    assert_eq!(error.cancellation_reasons().map(<[_]>::len), Some(3));
    assert!(!error.is_retryable());
    assert_eq!(value_of(&ctx, "a").await?, Some(1));
    assert_eq!(value_of(&ctx, "b").await?, Some(2));
    assert_eq!(value_of(&ctx, "c").await?, None);
    Ok(())
}

/// A transaction across two tables and models (create a user, bump a
/// counter, put an event, delete another counter) applies every action.
pub async fn transactions_success_across_tables(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[("hits", 5), ("old", 1)]).await?;
    ctx.table_for::<User>().await?;
    ctx.table_for::<Event>().await?;
    let ann = User::new("u1", "Ann", 31);
    ctx.client
        .transact_write()
        .create(&ann)
        .update(Counter::key("hits"), Update::new().add("value", 1))
        .condition(attr("value").eq(5))
        .put(&event("s", 1, "signup"))
        .delete(Counter::key("old"))
        .condition(attr("value").exists())
        .await?;
    assert_eq!(
        ctx.client.get(User::key("u1")).consistent_read().await?,
        Some(ann)
    );
    assert_eq!(value_of(&ctx, "hits").await?, Some(6));
    assert_eq!(value_of(&ctx, "old").await?, None);
    assert_eq!(
        ctx.client
            .get(Event::key("s", 1u64))
            .consistent_read()
            .await?,
        Some(event("s", 1, "signup"))
    );
    Ok(())
}

/// A condition check action gates the other actions without writing its
/// item: when it holds, the others apply; when it fails, the transaction is
/// cancelled with `ConditionalCheckFailed` at its position.
pub async fn transactions_condition_check(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[("gate", 1), ("x", 0)]).await?;
    let run = |expected: i64| {
        ctx.client
            .transact_write()
            .update(Counter::key("x"), Update::new().add("value", 1))
            .check(Counter::key("gate"), attr("value").eq(expected))
    };
    run(1).await?;
    assert_eq!(value_of(&ctx, "x").await?, Some(1));
    assert_eq!(
        value_of(&ctx, "gate").await?,
        Some(1),
        "a check does not write"
    );
    let reasons = canceled(run(2).await);
    assert_eq!(
        codes(&reasons),
        [
            CancellationCode::None,
            CancellationCode::ConditionalCheckFailed
        ]
    );
    assert_eq!(value_of(&ctx, "x").await?, Some(1));
    // A check on a missing item fails like any false condition.
    let reasons = canceled(
        ctx.client
            .transact_write()
            .check(Counter::key("nobody"), attr("value").exists())
            .update(Counter::key("x"), Update::new().add("value", 1))
            .await,
    );
    assert_eq!(
        codes(&reasons),
        [
            CancellationCode::ConditionalCheckFailed,
            CancellationCode::None
        ]
    );
    assert_eq!(value_of(&ctx, "x").await?, Some(1));
    Ok(())
}

/// Two actions on one item are rejected before sending (a ValidationException
/// naming the rule), and nothing is applied.
pub async fn transactions_two_actions_on_one_item_rejected(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[("a", 1)]).await?;
    let result = ctx
        .client
        .transact_write()
        .put(&Counter {
            name: "b".into(),
            value: 2,
        })
        .update(Counter::key("a"), Update::new().add("value", 1))
        .check(Counter::key("a"), attr("value").eq(1))
        .await;
    expect_validation(result, "multiple operations on one item");
    let raw = ctx
        .client
        .transact_write()
        .put_item("counters", Item::new().with("name", "z").with("value", 1))
        .delete_item("counters", Item::new().with("name", "z"))
        .await;
    expect_validation(raw, "multiple operations on one item");
    assert_eq!(value_of(&ctx, "a").await?, Some(1));
    assert_eq!(value_of(&ctx, "b").await?, None);
    assert_eq!(value_of(&ctx, "z").await?, None);
    Ok(())
}

/// 101 actions (and 0) are rejected before sending; 100 are accepted.
pub async fn transactions_action_count_limits(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[]).await?;
    let batch = |n: usize| {
        (0..n).fold(ctx.client.transact_write(), |t, i| {
            t.put(&Counter {
                name: format!("c{i}"),
                value: 1,
            })
        })
    };
    // The rulebook's words, from core's check and from every backend.
    expect_validation(
        batch(101).await,
        "Member must have length less than or equal to 100",
    );
    expect_validation(
        batch(0).await,
        "Member must have length greater than or equal to 1",
    );
    assert_eq!(
        value_of(&ctx, "c0").await?,
        None,
        "nothing of the rejected transaction"
    );
    batch(100).await?;
    assert_eq!(value_of(&ctx, "c99").await?, Some(1));
    let gets = (0..101).fold(ctx.client.transact_get(), |t, i| {
        t.get(Counter::key(format!("c{i}")))
    });
    expect_validation(
        gets.await,
        "Member must have length less than or equal to 100",
    );
    Ok(())
}

/// Resending a transaction with the same idempotency token succeeds without
/// applying it twice (an ADD counter stays +1); the same token with another
/// request is `IdempotentParameterMismatch`.
pub async fn transactions_idempotency_token(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[("n", 0)]).await?;
    let token = format!("tok-{}", &uuid::Uuid::new_v4().simple().to_string()[..20]);
    let send = |by: i64| {
        ctx.client
            .transact_write()
            .update(Counter::key("n"), Update::new().add("value", by))
            .token(token.clone())
    };
    send(1).await?;
    send(1).await?;
    assert_eq!(
        value_of(&ctx, "n").await?,
        Some(1),
        "the retry must not apply twice"
    );
    match send(2).await {
        Err(Error::IdempotentParameterMismatch { .. }) => {}
        other => panic!("expected IdempotentParameterMismatch, got {other:?}"),
    }
    assert_eq!(value_of(&ctx, "n").await?, Some(1));
    // Another token applies again.
    ctx.client
        .transact_write()
        .update(Counter::key("n"), Update::new().add("value", 1))
        .token(format!("{token}-2"))
        .await?;
    assert_eq!(value_of(&ctx, "n").await?, Some(2));
    Ok(())
}

/// A read transaction returns one entry per read, in order, across tables,
/// `None` for missing items, and reflects a committed write transaction as a whole.
pub async fn transactions_get_snapshot(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[("a", 1), ("b", 2)]).await?;
    ctx.table_for::<User>().await?;
    let ann = User::new("u1", "Ann", 31);
    ctx.client.put(&ann).await?;
    let read = || {
        ctx.client
            .transact_get()
            .get(Counter::key("b"))
            .get(Counter::key("missing"))
            .get(User::key("u1"))
            .get(Counter::key("a"))
    };
    let snap = read().await?;
    assert_eq!(snap.get::<Counter>(0)?.map(|c| c.value), Some(2));
    assert_eq!(snap.get::<Counter>(1)?, None);
    assert_eq!(snap.get::<User>(2)?, Some(ann));
    assert_eq!(snap.get::<Counter>(3)?.map(|c| c.value), Some(1));
    assert_eq!(snap.clone().into_items().len(), 4);

    ctx.client
        .transact_write()
        .update(Counter::key("a"), Update::new().add("value", -1))
        .update(Counter::key("b"), Update::new().add("value", 1))
        .await?;
    let snap = read().await?;
    let total = snap.get::<Counter>(0)?.map_or(0, |c| c.value)
        + snap.get::<Counter>(3)?.map_or(0, |c| c.value);
    assert_eq!(total, 3, "the transfer is seen whole");
    assert_eq!(
        snap.item(0).and_then(|i| i.get("value")),
        Some(&Value::from(3))
    );
    let projected = ctx
        .client
        .transact_get()
        .get_projected(
            "counters",
            Item::new().with("name", "a"),
            vec!["value".into()],
        )
        .await?;
    assert_eq!(projected.item(0), Some(&Item::new().with("value", 0)));
    Ok(())
}

/// Asked for, the cancellation reason of a failed condition carries the item
/// as it was; other actions' reasons carry none, and without asking no item
/// comes back.
pub async fn transactions_old_item_in_cancellation_reason(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[("a", 1), ("b", 7)]).await?;
    let tx = || {
        ctx.client
            .transact_write()
            .update(Counter::key("a"), Update::new().add("value", 1))
            .update(Counter::key("b"), Update::new().add("value", 1))
            .condition(attr("value").lt(5))
    };
    let reasons = canceled(tx().return_old_on_condition_failure().await);
    assert_eq!(
        codes(&reasons),
        [
            CancellationCode::None,
            CancellationCode::ConditionalCheckFailed
        ]
    );
    assert_eq!(reasons[0].item, None);
    assert_eq!(
        reasons[1].item,
        Some(Item::new().with("name", "b").with("value", 7))
    );
    let reasons = canceled(tx().await);
    assert_eq!(reasons[1].item, None);
    assert_eq!(value_of(&ctx, "a").await?, Some(1));
    Ok(())
}

/// Creating an item that exists cancels the transaction with
/// `ConditionalCheckFailed` at that action.
pub async fn transactions_create_existing_item_cancels(ctx: Ctx) -> Outcome {
    counter_table(&ctx, &[("a", 1)]).await?;
    let reasons = canceled(
        ctx.client
            .transact_write()
            .put(&Counter {
                name: "new".into(),
                value: 1,
            })
            .create(&Counter {
                name: "a".into(),
                value: 100,
            })
            .await,
    );
    assert_eq!(
        codes(&reasons),
        [
            CancellationCode::None,
            CancellationCode::ConditionalCheckFailed
        ]
    );
    assert_eq!(value_of(&ctx, "a").await?, Some(1));
    assert_eq!(value_of(&ctx, "new").await?, None);
    Ok(())
}
