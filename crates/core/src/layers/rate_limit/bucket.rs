//! [`Bucket`]: one token bucket of capacity units, on tokio's clock.

use super::limits::{LimitMode, Rate, ADAPTIVE_FLOOR};
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Tokens below what a call needs that still count as enough (float error).
const TOLERANCE: f64 = 1e-9;

/// A token bucket: refills at its rate up to its burst; a call takes its
/// estimated cost once enough is there (the whole burst for a call costing
/// more), and is corrected when the answer says what it cost, which may
/// leave the bucket in debt.
#[derive(Debug)]
pub(crate) struct Bucket {
    /// Held by the call waiting for tokens, so calls are served in order.
    turn: tokio::sync::Mutex<()>,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    configured: Rate,
    mode: LimitMode,
    /// The rate now (below `configured` after throttling in adaptive mode).
    per_second: f64,
    tokens: f64,
    refilled_at: Instant,
}

impl State {
    fn refill(&mut self, now: Instant) {
        let elapsed = now
            .saturating_duration_since(self.refilled_at)
            .as_secs_f64();
        self.refilled_at = now;
        if let LimitMode::Adaptive { recovery } = self.mode {
            // Tokens accrue at the mean rate over the interval.
            let regained = self.configured.per_second * recovery * elapsed;
            let after = (self.per_second + regained).min(self.configured.per_second);
            self.tokens += (self.per_second + after) / 2.0 * elapsed;
            self.per_second = after;
        } else {
            self.tokens += self.per_second * elapsed;
        }
        self.tokens = self.tokens.min(self.configured.burst);
    }
}

impl Bucket {
    /// A full bucket.
    pub(crate) fn new(rate: Rate, mode: LimitMode) -> Bucket {
        Bucket {
            turn: tokio::sync::Mutex::new(()),
            state: Mutex::new(State {
                configured: rate,
                mode,
                per_second: rate.per_second,
                tokens: rate.burst,
                refilled_at: Instant::now(),
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update leaves the state whole: recover from a poisoned lock.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `cost` units (at most a full burst) are there, then takes `cost`.
    pub(crate) async fn acquire(&self, cost: f64) {
        let _turn = self.turn.lock().await;
        loop {
            let wait = {
                let mut s = self.state();
                s.refill(Instant::now());
                let needed = cost.min(s.configured.burst);
                if s.tokens + TOLERANCE >= needed {
                    s.tokens -= cost;
                    return;
                }
                (needed - s.tokens) / s.per_second
            };
            tokio::time::sleep(Duration::from_secs_f64(wait.max(1e-6))).await;
        }
    }

    /// Corrects a call's charge: it was charged `estimated` and cost `actual`.
    pub(crate) fn settle(&self, estimated: f64, actual: f64) {
        let mut s = self.state();
        s.refill(Instant::now());
        s.tokens = (s.tokens + estimated - actual).min(s.configured.burst);
    }

    /// A call was throttled: in adaptive mode the rate halves (down to 1 %
    /// of the configured rate).
    pub(crate) fn throttled(&self) {
        let mut s = self.state();
        if matches!(s.mode, LimitMode::Adaptive { .. }) {
            s.refill(Instant::now());
            let floor = s.configured.per_second * ADAPTIVE_FLOOR;
            s.per_second = (s.per_second / 2.0).max(floor);
        }
    }

    /// The rate now, in units per second.
    pub(crate) fn per_second(&self) -> f64 {
        let mut s = self.state();
        s.refill(Instant::now());
        s.per_second
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(per_second: f64, burst: f64) -> Rate {
        Rate { per_second, burst }
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_bucket_serves_its_burst_then_its_rate() {
        let b = Bucket::new(rate(100.0, 50.0), LimitMode::Fixed);
        let start = Instant::now();
        b.acquire(50.0).await;
        assert_eq!(start.elapsed(), Duration::ZERO);
        b.acquire(100.0).await; // more than the burst: waits for a full bucket
        let waited = start.elapsed().as_secs_f64();
        assert!((0.49..=0.51).contains(&waited), "{waited}");
        // The bucket is 50 in debt: 25 more units need 0.75 s.
        b.acquire(25.0).await;
        let waited = start.elapsed().as_secs_f64();
        assert!((1.24..=1.26).contains(&waited), "{waited}");
    }

    #[tokio::test(start_paused = true)]
    async fn settling_refunds_and_charges() {
        let b = Bucket::new(rate(10.0, 10.0), LimitMode::Fixed);
        b.acquire(10.0).await;
        b.settle(10.0, 4.0); // cost 4: 6 back
        let start = Instant::now();
        b.acquire(6.0).await;
        assert_eq!(start.elapsed(), Duration::ZERO);
        b.settle(0.0, 10.0); // a charge found after the fact: 10 in debt
        b.acquire(5.0).await;
        let waited = start.elapsed().as_secs_f64();
        assert!((1.49..=1.51).contains(&waited), "{waited}");
    }

    #[tokio::test(start_paused = true)]
    async fn adaptive_halves_on_throttling_and_recovers() {
        let b = Bucket::new(rate(100.0, 100.0), LimitMode::Adaptive { recovery: 0.05 });
        b.throttled();
        assert_eq!(b.per_second(), 50.0);
        b.throttled();
        assert_eq!(b.per_second(), 25.0);
        tokio::time::advance(Duration::from_secs(5)).await;
        assert!((b.per_second() - 50.0).abs() < 1e-9);
        tokio::time::advance(Duration::from_secs(60)).await;
        assert_eq!(b.per_second(), 100.0, "never above the configured rate");

        let fixed = Bucket::new(rate(100.0, 100.0), LimitMode::Fixed);
        fixed.throttled();
        assert_eq!(fixed.per_second(), 100.0);
    }
}
