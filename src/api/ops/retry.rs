//! The retry loop of every write: transient failures back off, 429s are
//! waited out, each wait is reported.

use std::time::Duration;

use crate::api::error::ApiError;
use crate::api::retry::{RetryPolicy, Wait, with_retries};

/// A step of a running write, for the spinner line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubmitProgress {
    /// Attempt number `n` is being sent (1-based).
    Sending(u32),
    /// Attempt failed transiently; the next starts after `delay`.
    RetryIn {
        /// The attempt that comes next.
        next_attempt: u32,
        /// Wait before it.
        delay: Duration,
        /// What went wrong.
        error: ApiError,
    },
    /// 429: waiting for the rate-limit window to reset.
    RateLimited {
        /// Wait before trying again.
        wait: Duration,
    },
}

/// Sends a write that is safe to repeat as it is (a create or a reset with
/// its Idempotency-Key, a `PUT` of a token's whole settings), retrying
/// transient failures and waiting out 429s, with progress reports.
pub async fn write_with_retries<T, F, Fut>(
    policy: RetryPolicy,
    progress: &(dyn Fn(SubmitProgress) + Send + Sync),
    call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    with_retries(
        policy,
        call,
        |tries| progress(SubmitProgress::Sending(tries.attempt)),
        |wait, tries, error| match wait {
            Wait::RateLimit(wait) => progress(SubmitProgress::RateLimited { wait }),
            Wait::Backoff(delay) => progress(SubmitProgress::RetryIn {
                next_attempt: tries.attempt,
                delay,
                error,
            }),
        },
    )
    .await
}
