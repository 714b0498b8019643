//! The lease scenarios on the memory backend under a paused tokio clock:
//! expiry, renewal and takeover follow tokio's time, so waiting for a lease
//! to expire takes no real time.

use dynorm_testkit::scenarios::lease;
use dynorm_testkit::{backends, Ctx, Outcome};
use std::future::Future;

async fn run<F, Fut>(name: &'static str, scenario: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = Outcome>,
{
    let client = backends::memory().await.expect("the memory backend");
    let ctx = Ctx::new(client, name);
    let real = std::time::Instant::now();
    let outcome = scenario(ctx.clone()).await;
    ctx.finish(outcome).await;
    assert!(
        real.elapsed() < std::time::Duration::from_millis(200),
        "the paused clock waited in real time: {:?}",
        real.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn paused_busy_then_taken_over_after_expiry() {
    run(
        "lease_busy_then_taken_over_after_expiry",
        lease::lease_busy_then_taken_over_after_expiry,
    )
    .await;
}

#[tokio::test(start_paused = true)]
async fn paused_renewal_keeps_it() {
    run("lease_renewal_keeps_it", lease::lease_renewal_keeps_it).await;
}

#[tokio::test(start_paused = true)]
async fn paused_release_and_drop_free_it() {
    run(
        "lease_release_and_drop_free_it",
        lease::lease_release_and_drop_free_it,
    )
    .await;
}
