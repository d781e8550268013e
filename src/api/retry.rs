//! When to try again: the retry policy for token creation and background
//! loads. Transient failures (5xx, connection, timeout) back off with
//! jitter; a 429 is waited out only until its reset, and only when that
//! reset is near enough. The worker runs the loops and reports each wait.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use crate::api::error::ApiError;

/// Retry rules for creating a token and for the background loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all for transient failures (5xx, connection, timeout).
    pub max_attempts: u32,
    /// Delay before the second try; doubles each time.
    pub base_delay: Duration,
    /// Ceiling for one delay.
    pub max_delay: Duration,
    /// How many 429 waits to sit through before giving up.
    pub max_rate_limit_waits: u32,
    /// Longest 429 reset waited for; a later reset ends the attempt at once
    /// (never a retry before the server's reset), and the error says when.
    pub max_rate_limit_wait: Duration,
    /// How long one second of a 429's reset is waited: a second, except in
    /// tests against a sandbox, which shrink it (see [`RetryPolicy::scaled`]).
    pub reset_second: Duration,
}

impl Default for RetryPolicy {
    /// 3 tries, 0.5 s then 1 s (jittered), up to 2 rate-limit waits for resets of at most 5 minutes.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_rate_limit_waits: 2,
            max_rate_limit_wait: Duration::from_secs(300),
            reset_second: Duration::from_secs(1),
        }
    }
}

impl RetryPolicy {
    /// Delay after failed attempt `attempt` (1-based), with "equal jitter":
    /// half fixed, half random, so that many clients do not retry in step.
    /// `jitter` is in `0.0..=1.0`.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(self.max_delay);
        capped / 2 + capped.mul_f64(jitter.clamp(0.0, 1.0) / 2.0)
    }

    /// This policy with every wait (backoff and 429 resets) multiplied by
    /// `factor`, so that tests against a sandbox do not sit through real
    /// seconds. Which limits apply (tries, waits, the longest reset) does not
    /// change.
    pub fn scaled(self, factor: f64) -> RetryPolicy {
        RetryPolicy {
            base_delay: self.base_delay.mul_f64(factor),
            max_delay: self.max_delay.mul_f64(factor),
            reset_second: self.reset_second.mul_f64(factor),
            ..self
        }
    }

    /// How long a 429 whose window resets in `reset_secs` is waited for.
    pub fn reset_wait(&self, reset_secs: u64) -> Duration {
        self.reset_second
            .saturating_mul(u32::try_from(reset_secs).unwrap_or(u32::MAX))
    }

    /// Whether a 429 whose window resets in `reset_secs` is worth waiting
    /// for here; a longer reset is given up at once rather than retried early.
    pub fn waits_out(&self, reset_secs: u64) -> bool {
        Duration::from_secs(reset_secs) <= self.max_rate_limit_wait
    }
}

fn jitter() -> f64 {
    // A fresh RandomState is randomly keyed; enough for spreading retries.
    let mut h = RandomState::new().build_hasher();
    h.write_u8(0);
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// How far one operation has got: which attempt is next (1-based) and how
/// many 429 waits it sat through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tries {
    /// The attempt being made, from 1.
    pub attempt: u32,
    /// 429 waits so far.
    pub rate_waits: u32,
}

impl Default for Tries {
    fn default() -> Self {
        Tries {
            attempt: 1,
            rate_waits: 0,
        }
    }
}

/// What to wait before the next try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// A 429: until the server's window resets.
    RateLimit(Duration),
    /// A transient failure: backoff before the next attempt.
    Backoff(Duration),
}

impl RetryPolicy {
    /// Whether to try again after `error`, and after how long; counts the
    /// try in `tries`. `None` means give up with `error`.
    pub fn next_wait(&self, error: &ApiError, tries: &mut Tries) -> Option<Wait> {
        self.next_wait_with(error, tries, jitter())
    }

    fn next_wait_with(&self, error: &ApiError, tries: &mut Tries, jitter: f64) -> Option<Wait> {
        match error {
            // Never before the server's reset: an earlier try is refused
            // again and spends the budget. A reset too far off ends here and
            // the error says when to come back.
            ApiError::RateLimited { reset_secs, .. }
                if tries.rate_waits < self.max_rate_limit_waits && self.waits_out(*reset_secs) =>
            {
                tries.rate_waits += 1;
                Some(Wait::RateLimit(self.reset_wait(*reset_secs)))
            }
            e if e.is_transient() && tries.attempt < self.max_attempts => {
                let delay = self.backoff(tries.attempt, jitter);
                tries.attempt += 1;
                Some(Wait::Backoff(delay))
            }
            _ => None,
        }
    }
}

impl Wait {
    /// How long to wait.
    pub fn duration(self) -> Duration {
        match self {
            Wait::RateLimit(d) | Wait::Backoff(d) => d,
        }
    }
}

/// The retry loop every call shares: `call` until it succeeds or the
/// policy gives up; `before` is told each try about to be made, `waiting`
/// each wait (with the failure that caused it) before it is slept.
pub async fn with_retries<T, F, Fut>(
    policy: RetryPolicy,
    mut call: F,
    mut before: impl FnMut(&Tries),
    mut waiting: impl FnMut(Wait, &Tries, ApiError),
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let mut tries = Tries::default();
    loop {
        before(&tries);
        let error = match call().await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let Some(wait) = policy.next_wait(&error, &mut tries) else {
            return Err(error);
        };
        waiting(wait, &tries, error);
        tokio::time::sleep(wait.duration()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate_limited(reset_secs: u64) -> ApiError {
        ApiError::RateLimited {
            reset_secs,
            limit: None,
            message: String::new(),
        }
    }

    #[test]
    fn transient_failures_retry_until_the_attempts_run_out() {
        let p = RetryPolicy::default();
        let mut tries = Tries::default();
        assert_eq!(
            p.next_wait_with(&ApiError::Timeout, &mut tries, 1.0),
            Some(Wait::Backoff(Duration::from_millis(500)))
        );
        assert_eq!(
            p.next_wait_with(&ApiError::Timeout, &mut tries, 1.0),
            Some(Wait::Backoff(Duration::from_millis(1000)))
        );
        assert_eq!(tries.attempt, 3);
        assert_eq!(p.next_wait_with(&ApiError::Timeout, &mut tries, 1.0), None);
        let mut fresh = Tries::default();
        let not_found = ApiError::NotFound {
            message: String::new(),
        };
        assert_eq!(p.next_wait(&not_found, &mut fresh), None, "not transient");
    }

    #[test]
    fn a_429_is_waited_out_only_when_near_and_not_too_often() {
        let p = RetryPolicy::default();
        let mut tries = Tries::default();
        assert_eq!(
            p.next_wait(&rate_limited(2), &mut tries),
            Some(Wait::RateLimit(Duration::from_secs(2)))
        );
        assert_eq!(
            p.next_wait(&rate_limited(300), &mut tries),
            Some(Wait::RateLimit(Duration::from_secs(300)))
        );
        assert_eq!(p.next_wait(&rate_limited(1), &mut tries), None, "two waits");
        let mut fresh = Tries::default();
        assert_eq!(p.next_wait(&rate_limited(301), &mut fresh), None, "too far");
        assert_eq!(fresh, Tries::default(), "nothing counted");
    }

    #[test]
    fn backoff_doubles_with_bounded_jitter() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(250));
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(500));
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(1000));
        assert_eq!(p.backoff(30, 1.0), p.max_delay, "capped");
        for _ in 0..100 {
            let j = jitter();
            assert!((0.0..1.0).contains(&j));
        }
    }
}
