//! The kit's writes-under-faults scenario on the memory backend under a
//! paused tokio clock (memory only: the faults are injected, see the
//! scenario's documentation).

use dynorm_testkit::scenarios::faults;
use dynorm_testkit::{backends, Ctx};

#[tokio::test(start_paused = true)]
async fn paused_writes_under_faults_lose_and_double_nothing() {
    let client = backends::memory().await.expect("the memory backend");
    let ctx = Ctx::new(client, "writes_under_faults_lose_and_double_nothing");
    let real = std::time::Instant::now();
    let outcome = faults::writes_under_faults_lose_and_double_nothing(ctx.clone()).await;
    ctx.finish(outcome).await;
    println!("real time: {:?}", real.elapsed());
}
