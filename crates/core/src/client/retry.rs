//! [`RetryPolicy`]: bounded exponential backoff with jitter, for failed
//! calls (the retry layer) and the items a batch call leaves unprocessed.

use std::time::Duration;

/// How failed calls ([`Retry`](crate::layers::Retry), the client's retry
/// layer) and unprocessed batch items (each batch's
/// [`retry`](crate::client::BatchWrite::retry)) are retried: exponential
/// backoff with full jitter, bounded in attempts and delay.
///
/// ```
/// use dynorm::client::RetryPolicy;
/// use std::time::Duration;
/// let p = RetryPolicy::default().max_attempts(5).base_delay(Duration::from_millis(10));
/// assert_eq!(p.attempts(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 8 attempts, 25 ms base delay, 2 s cap.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(25),
            max_delay: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// No retries: one attempt.
    pub fn none() -> RetryPolicy {
        RetryPolicy::default().max_attempts(1)
    }

    /// Total attempts including the first (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The delay before the first retry (doubled each time, before jitter).
    #[must_use]
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The largest delay between attempts.
    #[must_use]
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// Total attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before retry number `retry` (0 for the first retry): a random
    /// duration up to `min(max_delay, base_delay * 2^retry)`.
    pub fn delay(&self, retry: u32) -> Duration {
        self.delay_with(retry, &mut rand::thread_rng())
    }

    /// [`delay`](RetryPolicy::delay) drawing its jitter from `rng`.
    fn delay_with(&self, retry: u32, rng: &mut impl rand::Rng) -> Duration {
        let nanos = u64::try_from(self.ceiling(retry).as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(rng.gen_range(0..=nanos))
    }

    /// The largest delay before retry number `retry`:
    /// `min(max_delay, base_delay * 2^retry)`.
    fn ceiling(&self, retry: u32) -> Duration {
        self.base_delay
            .checked_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX))
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    pub(crate) async fn sleep(&self, retry: u32) {
        let d = self.delay(retry);
        if !d.is_zero() {
            tokio::time::sleep(d).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .base_delay(Duration::from_millis(10))
            .max_delay(Duration::from_millis(1_000))
    }

    #[test]
    fn ceilings_double_up_to_the_cap() {
        let p = policy();
        let ceilings: Vec<u64> = (0..10).map(|r| p.ceiling(r).as_millis() as u64).collect();
        assert_eq!(
            ceilings,
            [10, 20, 40, 80, 160, 320, 640, 1_000, 1_000, 1_000]
        );
        assert_eq!(p.ceiling(u32::MAX), Duration::from_millis(1_000));
        assert_eq!(p.base_delay(Duration::ZERO).delay(3), Duration::ZERO);
    }

    #[test]
    fn delays_are_bounded_and_grow() {
        // A seeded jitter source: the samples, and so the test, are fixed.
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let p = policy();
        let samples = 2_000;
        let mut means = Vec::new();
        for retry in 0..10 {
            let ceiling = p.ceiling(retry);
            let mut total = Duration::ZERO;
            for _ in 0..samples {
                let d = p.delay_with(retry, &mut rng);
                assert!(d <= ceiling, "retry {retry}: {d:?} > {ceiling:?}");
                total += d;
            }
            let mean = total / samples;
            // Full jitter: uniform on [0, ceiling], so the mean is half the
            // ceiling (2,000 samples: within a few percent).
            let half = ceiling / 2;
            assert!(
                mean > half.mul_f64(0.9) && mean < half.mul_f64(1.1),
                "retry {retry}: mean {mean:?}, ceiling {ceiling:?}"
            );
            means.push(mean);
        }
        // Each step's mean delay grows (about doubling) until the cap (retry
        // 7 on, whose means the loop above holds at half the cap).
        for retry in 1..7 {
            assert!(
                means[retry] > means[retry - 1].mul_f64(1.6),
                "retry {retry}: {:?} after {:?}",
                means[retry],
                means[retry - 1]
            );
        }
        // The thread-local jitter source stays within the same bounds.
        for retry in 0..10 {
            assert!(p.delay(retry) <= p.ceiling(retry));
        }
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }
}
