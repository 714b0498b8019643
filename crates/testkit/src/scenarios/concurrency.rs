//! Concurrent writers: conditions and counters are atomic per item.

use crate::models::Counter;
use crate::{Ctx, Outcome};
use dynorm::{attr, Error, Result};

/// 20 tasks `create` the same key at once: exactly one succeeds, every other
/// one fails with ConditionFailed, and the stored item is the winner's.
pub async fn concurrent_creates_one_wins(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let client = ctx.client.clone();
            tokio::spawn(async move {
                let c = Counter {
                    name: "race".into(),
                    value: i,
                };
                client.create(&c).await.map(|_| i)
            })
        })
        .collect();
    let mut winners = Vec::new();
    let mut lost = 0;
    for task in tasks {
        match task.await.expect("task panicked") {
            Ok(i) => winners.push(i),
            Err(e) if e.is_condition_failed() => lost += 1,
            Err(e) => return Err(e),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one create wins: {winners:?}");
    assert_eq!(lost, 19);
    let stored = ctx
        .client
        .get(Counter::key("race"))
        .consistent_read()
        .await?;
    assert_eq!(stored.map(|c| c.value), Some(winners[0]));
    Ok(())
}

/// 30 concurrent `ADD value 1` on one item end at 30.
pub async fn concurrent_adds_sum(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let tasks: Vec<_> = (0..30)
        .map(|_| {
            let client = ctx.client.clone();
            tokio::spawn(async move { client.update(Counter::key("hits")).add("value", 1).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task panicked")?;
    }
    let stored = ctx
        .client
        .get(Counter::key("hits"))
        .consistent_read()
        .await?;
    assert_eq!(
        stored,
        Some(Counter {
            name: "hits".into(),
            value: 30
        })
    );
    Ok(())
}

/// Optimistic locking: 8 tasks each bump a version with `SET value = v + 1
/// IF value = v`, retrying on ConditionFailed; no bump is lost.
pub async fn concurrent_optimistic_increments(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    ctx.client
        .put(&Counter {
            name: "v".into(),
            value: 0,
        })
        .await?;
    async fn bump(client: dynorm::Client) -> Result<u32> {
        let mut conflicts = 0;
        loop {
            let current = client
                .get(Counter::key("v"))
                .consistent_read()
                .await?
                .map_or(0, |c| c.value);
            let result = client
                .update(Counter::key("v"))
                .set("value", current + 1)
                .condition(attr("value").eq(current))
                .await;
            match result {
                Ok(_) => return Ok(conflicts),
                Err(Error::ConditionFailed { .. }) if conflicts < 200 => conflicts += 1,
                Err(e) => return Err(e),
            }
        }
    }
    let tasks: Vec<_> = (0..8)
        .map(|_| tokio::spawn(bump(ctx.client.clone())))
        .collect();
    for task in tasks {
        task.await.expect("task panicked")?;
    }
    let stored = ctx.client.get(Counter::key("v")).consistent_read().await?;
    assert_eq!(stored.map(|c| c.value), Some(8));
    Ok(())
}
