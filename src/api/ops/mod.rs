//! The token operations, one path for the CLI and the TUI alike: create,
//! reset, update (Edit, Upgrade Version), enable, disable and delete.
//!
//! This layer owns what makes a change trustworthy under faults and
//! concurrency:
//! - **retries**: transient failures back off, 429s are waited out
//!   ([`RetryPolicy`]);
//! - **Idempotency-Keys**: one per change, the same on every try, so a
//!   retry after a lost answer gets the first answer (a reset's same
//!   secret) instead of a second change;
//! - **preconditions**: every change names the revision it was read at
//!   (`If-Match`), so a change made meanwhile by someone else is refused
//!   (412) rather than silently undone;
//! - **lost-answer recovery**: when every try lost its answer, the token is
//!   read again and the outcome told from what it shows; what cannot be
//!   told is said to be unknown, with the key that finds out.
//!
//! A change ends done ([`TokenOpDone`]), refused (an [`ApiError`] from the
//! server: nothing changed), [`ApiError::Changed`] (the token changed
//! meanwhile: nothing changed) or [`ApiError::OutcomeUnknown`].

mod recover;
mod retry;
pub mod rotate;

use crate::api::client::{Client, Guard};
use crate::api::error::ApiError;
use crate::api::retry::RetryPolicy;
use crate::contract::{CreatedToken, Token, UpdateTokenRequest};

use crate::model::request::Submission;

pub use retry::{SubmitProgress, write_with_retries};

/// One change of an existing token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenOp {
    /// A new secret (the answer carries it, once).
    Reset,
    /// Enable (`true`) or disable.
    SetEnabled(bool),
    /// Delete the token.
    Delete,
    /// Replace its settings (Edit, Upgrade Version).
    Update(Box<UpdateTokenRequest>),
}

/// A change that was made.
#[derive(Debug)]
pub enum TokenOpDone {
    /// The token with its new secret.
    Reset(CreatedToken),
    /// The token as it now is.
    Updated(Token),
    /// The token is gone.
    Deleted,
}

/// The operations against one client, with one retry policy.
#[derive(Clone, Copy, Debug)]
pub struct Ops<'c> {
    client: &'c Client,
    policy: RetryPolicy,
}

impl<'c> Ops<'c> {
    /// Operations through `client`, retried by `policy`.
    pub fn new(client: &'c Client, policy: RetryPolicy) -> Ops<'c> {
        Ops { client, policy }
    }

    /// Creates a token, retrying transient failures up to the policy's
    /// limit and waiting out 429s. Every try sends the submission's
    /// Idempotency-Key, so a retry after a lost answer returns the token
    /// already made instead of a second one.
    pub async fn create(
        &self,
        submission: &Submission,
        progress: &(dyn Fn(SubmitProgress) + Send + Sync),
    ) -> Result<CreatedToken, ApiError> {
        write_with_retries(self.policy, progress, || self.client.create(submission)).await
    }

    /// Makes `op` on the token `id` as it was read at `revision`, with a
    /// new Idempotency-Key. See [`Ops::change_with`].
    pub async fn change(
        &self,
        id: &str,
        revision: &str,
        op: &TokenOp,
        progress: &(dyn Fn(SubmitProgress) + Send + Sync),
    ) -> Result<TokenOpDone, ApiError> {
        self.change_with(id, op, Guard::new(revision), progress)
            .await
    }

    /// Makes `op` on the token `id` with `guard` (the revision read and the
    /// key), retrying with the same guard; after a 412 or a lost answer,
    /// reads the token again to tell what happened.
    pub async fn change_with(
        &self,
        id: &str,
        op: &TokenOp,
        guard: Guard,
        progress: &(dyn Fn(SubmitProgress) + Send + Sync),
    ) -> Result<TokenOpDone, ApiError> {
        let result = write_with_retries(self.policy, progress, || self.once(id, op, &guard));
        match result.await {
            Ok(done) => Ok(done),
            Err(error) => recover::after(self, id, op, &guard, error).await,
        }
    }

    /// One try of `op`.
    async fn once(&self, id: &str, op: &TokenOp, guard: &Guard) -> Result<TokenOpDone, ApiError> {
        let c = self.client;
        match op {
            TokenOp::Reset => c.reset(id, guard).await.map(TokenOpDone::Reset),
            TokenOp::SetEnabled(on) => c
                .set_enabled(id, *on, guard)
                .await
                .map(TokenOpDone::Updated),
            TokenOp::Delete => c.delete(id, guard).await.map(|()| TokenOpDone::Deleted),
            TokenOp::Update(req) => c.update(id, req, guard).await.map(TokenOpDone::Updated),
        }
    }

    /// The token as it is now, retried as a load is; `Ok(None)` when it is
    /// gone.
    pub async fn read(&self, id: &str) -> Result<Option<Token>, ApiError> {
        let read = || async {
            match self.client.token(id).await {
                Ok(t) => Ok(Some(t)),
                Err(ApiError::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        };
        write_with_retries(self.policy, &|_| {}, read).await
    }
}
