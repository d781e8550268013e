//! The API page's Rotate: step 1 as one job (its secret goes to the secret
//! screen), steps 3 to 5 as another once the user left that screen having
//! saved it; every step is reported as it goes. The steps are the
//! operations layer's, the same as `tokens rotate`'s.

use std::time::Duration;

use crate::api::client::{Client, Timeouts};
use crate::api::error::ApiError;
use crate::api::ops::rotate::{self, Calls, Plan, Service};
use crate::api::retry::RetryPolicy;
use crate::contract::{CreateTokenRequest, CreatedToken, Token};
use crate::model::account::AccountType;

use super::{Job, Sink, WorkerEvent, not_connected};

/// What a rotation's calls need, owned, for a task of its own.
pub(super) struct Rotation {
    pub client: Client,
    pub base_url: String,
    pub account_type: AccountType,
    pub timeouts: Timeouts,
    pub policy: RetryPolicy,
    pub sink: Sink,
}

/// The calls, with no wait: the page disables the old token at once.
struct Page<'s>(Calls<'s>);

impl Service for Page<'_> {
    async fn duplicate(&self, request: &CreateTokenRequest) -> Result<CreatedToken, ApiError> {
        self.0.duplicate(request).await
    }
    async fn test(&self, created: &CreatedToken) -> Result<(), ApiError> {
        self.0.test(created).await
    }
    async fn set_enabled(&self, token: &Token, enabled: bool) -> Result<Token, ApiError> {
        self.0.set_enabled(token, enabled).await
    }
    async fn rename(&self, token: &Token, name: &str) -> Result<Token, ApiError> {
        self.0.rename(token, name).await
    }
    async fn delete(&self, token: &Token) -> Result<(), ApiError> {
        self.0.delete(token).await
    }
    async fn wait(&self, _grace: Duration) -> bool {
        true
    }
}

impl Rotation {
    fn calls(&self) -> Page<'_> {
        Page(Calls {
            client: &self.client,
            base_url: &self.base_url,
            account_type: self.account_type,
            timeouts: self.timeouts,
            policy: self.policy,
            // The page's status line shows the steps, not each retry.
            progress: &|_| {},
        })
    }

    /// Step 1: the copy and its secret ([`WorkerEvent::RotateDuplicated`]).
    pub(super) async fn start(self, old: Token, plan: Plan) {
        let sink = self.sink.clone();
        let mut report = |line: String| sink(WorkerEvent::RotateStep(line));
        let result = rotate::duplicate(&self.calls(), &old, &plan, &mut report).await;
        sink(WorkerEvent::RotateDuplicated(result));
    }

    /// Steps 3 to 5 ([`WorkerEvent::Rotated`]).
    pub(super) async fn finish(self, old: Token, created: CreatedToken, plan: Plan) {
        let sink = self.sink.clone();
        let mut report = |line: String| sink(WorkerEvent::RotateStep(line));
        let outcome =
            rotate::after_delivery(&self.calls(), &old, created, &plan, &mut report).await;
        sink(WorkerEvent::Rotated(Box::new(outcome)));
    }
}

/// Runs a rotation job on its own task; before a connect (`rotation` is
/// `None`), says it could not start.
pub(super) fn spawn(job: Job, rotation: Option<Rotation>, sink: &Sink) {
    match (job, rotation) {
        (Job::RotateStart { old, plan }, Some(r)) => {
            tokio::spawn(r.start(*old, *plan));
        }
        (Job::RotateFinish { old, created, plan }, Some(r)) => {
            tokio::spawn(r.finish(*old, *created, *plan));
        }
        (Job::RotateStart { .. }, None) => {
            sink(WorkerEvent::RotateDuplicated(Err(not_connected())));
        }
        (Job::RotateFinish { created, .. }, None) => {
            let outcome = rotate::Outcome::TestFailed(created.token.clone(), not_connected());
            sink(WorkerEvent::Rotated(Box::new(outcome)));
        }
        _ => {}
    }
}
