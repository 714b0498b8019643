//! [`RetryPolicy`]: bounded exponential backoff with jitter, for the items a
//! batch call leaves unprocessed.

use std::time::Duration;

/// How unprocessed batch items (and throttled batch calls) are retried:
/// exponential backoff with full jitter, bounded in attempts and delay.
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
        let ceiling = self
            .base_delay
            .checked_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX))
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(rand::Rng::gen_range(&mut rand::thread_rng(), 0..=nanos))
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

    #[test]
    fn delays_are_bounded_and_grow() {
        let p = RetryPolicy::default()
            .base_delay(Duration::from_millis(10))
            .max_delay(Duration::from_millis(100));
        for retry in 0..40 {
            let ceiling = Duration::from_millis(10u64.saturating_mul(1 << retry.min(20)))
                .min(Duration::from_millis(100));
            for _ in 0..20 {
                assert!(p.delay(retry) <= ceiling, "retry {retry}");
            }
        }
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }
}
