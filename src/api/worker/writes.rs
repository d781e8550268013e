//! Background loads, retried by the policy and reported to the UI.

use crate::api::error::ApiError;
use crate::api::retry::{RetryPolicy, with_retries};

use super::{Load, Sink, WorkerEvent};

/// Runs one background load, retrying transient failures with backoff (and
/// a 429 only after its reset, when that is within the policy's wait), and
/// reporting each retry so the UI can say what failed.
pub async fn load_with_retries<T, F, Fut>(
    load: Load,
    policy: RetryPolicy,
    sink: &Sink,
    call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    with_retries(
        policy,
        call,
        |_| {},
        |wait, tries, error| {
            sink(WorkerEvent::Retrying {
                load,
                next_attempt: tries.attempt + tries.rate_waits,
                delay: wait.duration(),
                error,
            })
        },
    )
    .await
}
