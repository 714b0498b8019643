//! Leases ([`Client::lease`](dynorm::Client::lease)): busy, taken over only
//! after expiry, kept by renewal, freed by release and drop, and a former
//! holder's transaction refused. Durations are a few hundred milliseconds
//! of tokio's clock: real time on DynamoDB Local and through dynorm-server,
//! a paused clock on memory (the module is `[timed]`), where they pass at
//! once.

use crate::locking_models::LockRow;
use crate::{Ctx, Outcome};
use dynorm::{Item, Number};
use std::time::Duration;

const LEASE: Duration = Duration::from_millis(300);
const POLL: Duration = Duration::from_millis(25);

/// A held lease is busy for another owner; one whose holder stops renewing
/// is taken over after its duration, with a larger fencing token, and the
/// former holder's checked-in transaction fails.
pub async fn lease_busy_then_taken_over_after_expiry(ctx: Ctx) -> Outcome {
    ctx.table_for::<LockRow>().await?;
    // A holder that does not renew in time (as a stalled process).
    let stale = ctx
        .client
        .lease("locks", "job")
        .owner("a")
        .duration(LEASE)
        .renew_every(Duration::from_secs(3600))
        .acquire()
        .await?;
    assert_eq!(stale.token(), &Number::from(1));

    let err = ctx
        .client
        .lease("locks", "job")
        .owner("b")
        .acquire()
        .await
        .expect_err("busy");
    assert!(err.is_lease_busy(), "{err:?}");
    assert!(err.to_string().contains("held by a"), "{err}");

    let started = tokio::time::Instant::now();
    let taker = ctx
        .client
        .lease("locks", "job")
        .owner("b")
        .duration(LEASE)
        .poll_every(POLL)
        .wait_timeout(Duration::from_secs(5))
        .acquire()
        .await?;
    assert!(started.elapsed() >= LEASE, "taken over only after expiry");
    assert_eq!(taker.token(), &Number::from(2));

    // The former holder's transaction is refused; the new holder's commits.
    let mut tx = ctx
        .client
        .transact_write()
        .put_item("locks", Item::new().with("pk", "ledger-a"));
    stale.check_in(&mut tx);
    let err = tx.await.expect_err("stale holder");
    assert!(err.is_transaction_canceled(), "{err:?}");
    let mut tx = ctx
        .client
        .transact_write()
        .put_item("locks", Item::new().with("pk", "ledger-b"));
    taker.check_in(&mut tx);
    tx.await?;
    let written = |pk: &'static str| {
        let client = ctx.client.clone();
        async move {
            client
                .table("locks")
                .get(Item::new().with("pk", pk))
                .consistent_read()
                .await
        }
    };
    assert!(written("ledger-a").await?.is_none());
    assert!(written("ledger-b").await?.is_some());

    let err = stale.release().await.expect_err("lost");
    assert!(err.is_lease_lost(), "{err:?}");
    taker.release().await?;
    Ok(())
}

/// A holder that renews keeps the lease past its duration; after release
/// the next owner gets it at once with the next token.
pub async fn lease_renewal_keeps_it(ctx: Ctx) -> Outcome {
    ctx.table_for::<LockRow>().await?;
    let holder = ctx
        .client
        .lease("locks", "job")
        .owner("a")
        .duration(LEASE)
        .renew_every(LEASE / 4)
        .acquire()
        .await?;
    let err = ctx
        .client
        .lease("locks", "job")
        .owner("b")
        .poll_every(POLL)
        .wait_timeout(LEASE * 3)
        .acquire()
        .await
        .expect_err("renewed, so still busy");
    assert!(err.is_lease_busy(), "{err:?}");
    assert!(!holder.is_lost());
    holder.release().await?;
    let next = ctx
        .client
        .lease("locks", "job")
        .owner("b")
        .acquire()
        .await?;
    assert_eq!(next.token(), &Number::from(2));
    next.release().await?;
    Ok(())
}

/// Dropping a guard releases the lease (in a spawned task), and a holder
/// whose lease was taken over sees `is_lost` at its next renewal.
pub async fn lease_release_and_drop_free_it(ctx: Ctx) -> Outcome {
    ctx.table_for::<LockRow>().await?;
    let first = ctx.client.lease("locks", "job").acquire().await?;
    drop(first);
    let second = ctx
        .client
        .lease("locks", "job")
        .poll_every(POLL)
        .wait_timeout(Duration::from_secs(2))
        .acquire()
        .await?;
    assert_eq!(second.token(), &Number::from(2));

    // Taken over behind the holder's back: its next renewal finds out.
    let slow = ctx
        .client
        .lease("locks", "other")
        .duration(LEASE)
        .renew_every(LEASE * 2)
        .acquire()
        .await?;
    let taker = ctx
        .client
        .lease("locks", "other")
        .duration(LEASE)
        .poll_every(POLL)
        .wait_timeout(Duration::from_secs(5))
        .acquire()
        .await?;
    assert!(!slow.is_lost(), "not renewed yet");
    let deadline = tokio::time::Instant::now() + LEASE * 4;
    while !slow.is_lost() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(POLL).await;
    }
    assert!(slow.is_lost(), "the renewal found another owner");
    taker.release().await?;
    second.release().await?;
    Ok(())
}
