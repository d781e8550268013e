//! Calls retried by the policy: writes that are safe to repeat (with their
//! Idempotency-Key, or idempotent by themselves) and loads.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::retry::{RetryPolicy, Tries, Wait};
use crate::contract::CreatedToken;
use crate::model::request::Submission;

use super::{Load, Sink, SubmitProgress, TokenOp, TokenOpDone, WorkerEvent};

/// Creates a token, retrying transient failures up to the policy's limit and
/// waiting out 429s. Every try sends the same Idempotency-Key, so a retry
/// after a lost answer returns the token already made instead of a second one.
pub async fn create_with_retries(
    client: &Client,
    submission: &Submission,
    policy: RetryPolicy,
    progress: &(dyn Fn(SubmitProgress) + Send + Sync),
) -> Result<CreatedToken, ApiError> {
    write_with_retries(policy, progress, || client.create(submission)).await
}

/// Sends a write that is safe to repeat as it is (a create or a reset with
/// its Idempotency-Key, a `PUT` of a token's whole settings), retrying
/// transient failures and waiting out 429s, with progress reports.
pub async fn write_with_retries<T, F, Fut>(
    policy: RetryPolicy,
    progress: &(dyn Fn(SubmitProgress) + Send + Sync),
    mut call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let mut tries = Tries::default();
    loop {
        progress(SubmitProgress::Sending(tries.attempt));
        let error = match call().await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let delay = match policy.next_wait(&error, &mut tries) {
            Some(Wait::RateLimit(wait)) => {
                progress(SubmitProgress::RateLimited { wait });
                wait
            }
            Some(Wait::Backoff(delay)) => {
                progress(SubmitProgress::RetryIn {
                    next_attempt: tries.attempt,
                    delay,
                    error,
                });
                delay
            }
            None => return Err(error),
        };
        tokio::time::sleep(delay).await;
    }
}

/// Runs one background load, retrying transient failures with backoff (and
/// a 429 only after its reset, when that is within the policy's wait), and
/// reporting each retry so the UI can say what failed.
pub async fn load_with_retries<T, F, Fut>(
    load: Load,
    policy: RetryPolicy,
    sink: &Sink,
    mut call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let mut tries = Tries::default();
    loop {
        let error = match call().await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let delay = match policy.next_wait(&error, &mut tries) {
            Some(Wait::RateLimit(d) | Wait::Backoff(d)) => d,
            None => return Err(error),
        };
        sink(WorkerEvent::Retrying {
            load,
            next_attempt: tries.attempt + tries.rate_waits,
            delay,
            error,
        });
        tokio::time::sleep(delay).await;
    }
}

/// Carries out one menu item of the API page, retrying transient failures
/// as a create does. Reset and Delete send one `Idempotency-Key` on every
/// try, so a retry after a lost answer gets the same new secret (or the
/// same deletion) instead of a second reset; Enable, Disable and the
/// update are idempotent by themselves.
pub(super) async fn token_op(
    c: &Client,
    id: &str,
    op: TokenOp,
    policy: RetryPolicy,
) -> Result<TokenOpDone, ApiError> {
    let key = uuid::Uuid::new_v4().to_string();
    // The page shows its own status line; progress reports are not needed.
    write_with_retries(policy, &|_| {}, || async {
        match &op {
            TokenOp::Reset => c.reset_with_key(id, &key).await.map(TokenOpDone::Reset),
            TokenOp::SetEnabled(on) => c.set_enabled(id, *on).await.map(TokenOpDone::Updated),
            TokenOp::Delete => c
                .delete_with_key(id, &key)
                .await
                .map(|()| TokenOpDone::Deleted),
            TokenOp::Update(req) => c.update(id, req).await.map(TokenOpDone::Updated),
        }
    })
    .await
}
