//! A rotation's calls on a real server, through the operations layer:
//! what `tokens rotate` and the TUI's worker share (each adds its own
//! grace wait).

use crate::api::client::{Client, Credentials, Timeouts};
use crate::api::error::ApiError;
use crate::api::ops::{Ops, SubmitProgress, TokenOp, TokenOpDone};
use crate::api::retry::RetryPolicy;
use crate::contract::{CreateTokenRequest, CreatedToken, Token};
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::model::probe::probe_plan_for_ids;
use crate::model::request::Submission;

/// A client's calls, with what a client for other credentials needs.
pub(crate) struct Calls<'s> {
    /// The caller's client.
    pub client: &'s Client,
    /// Its server, for a client with the new token's credentials.
    pub base_url: &'s str,
    /// The account's type.
    pub account_type: AccountType,
    /// Time limits of the new token's client.
    pub timeouts: Timeouts,
    /// Retries of every change.
    pub policy: RetryPolicy,
    /// Where retries are told.
    pub progress: &'s (dyn Fn(SubmitProgress) + Send + Sync),
}

impl Calls<'_> {
    fn ops(&self) -> Ops<'_> {
        Ops::new(self.client, self.policy)
    }

    /// Creates a token with these settings. One Idempotency-Key for every
    /// try: a retry after a lost answer returns the token already made,
    /// never a second one.
    pub async fn duplicate(&self, request: &CreateTokenRequest) -> Result<CreatedToken, ApiError> {
        let submission = Submission::next(None, request.clone());
        self.ops().create(&submission, self.progress).await
    }

    /// Calls the server with the new token's own credentials, as its
    /// scopes allow; `Ok` only when they work.
    pub async fn test(&self, created: &CreatedToken) -> Result<(), ApiError> {
        let creds = Credentials {
            account_sid: created.account_sid.clone(),
            auth_token: created.auth_token.clone(),
        };
        let client = Client::new(self.base_url, self.account_type, creds, self.timeouts)?
            .with_api_version(&created.token.api_version);
        // The wizard's choice of calls: a GET inside the token's scopes
        // (CompanyInformation is a scope like any other), or, when it has
        // none to try, one outside them, which must be refused as out of
        // scope (403), not as bad credentials (401).
        let catalog = Catalog::bundled(self.account_type);
        let plan = probe_plan_for_ids(&catalog, &created.token.scopes, self.account_type);
        let Some((path, allowed)) = plan.first() else {
            return Ok(());
        };
        // A probe does not keep the connection that carried the new
        // credentials.
        let answer = client.probe_answer(path).await?;
        let status = answer.status;
        // Only the API's own answer (JSON) is evidence: a proxy's or a
        // portal's HTML 200 proves nothing about the token.
        if !answer.json {
            return Err(ApiError::HtmlPage);
        }
        let works = if *allowed {
            matches!(status, 200..=299 | 400 | 404)
        } else {
            status == 403
        };
        if works {
            Ok(())
        } else {
            Err(crate::api::client::map_status(status, b"", None, None))
        }
    }

    /// Enables or disables a token as it was read; the token as it now is.
    pub async fn set_enabled(&self, token: &Token, enabled: bool) -> Result<Token, ApiError> {
        let op = TokenOp::SetEnabled(enabled);
        self.updated(token, &op).await
    }

    /// Renames a token as it was read, keeping every other setting.
    pub async fn rename(&self, token: &Token, name: &str) -> Result<Token, ApiError> {
        let request = CreateTokenRequest {
            name: name.to_string(),
            ..token.to_request()
        };
        self.updated(token, &TokenOp::Update(Box::new(request)))
            .await
    }

    /// Deletes a token as it was read.
    pub async fn delete(&self, token: &Token) -> Result<(), ApiError> {
        self.ops()
            .change(&token.id, &token.revision, &TokenOp::Delete, self.progress)
            .await
            .map(|_| ())
    }

    async fn updated(&self, token: &Token, op: &TokenOp) -> Result<Token, ApiError> {
        match self
            .ops()
            .change(&token.id, &token.revision, op, self.progress)
            .await?
        {
            TokenOpDone::Updated(now) => Ok(now),
            _ => Ok(token.clone()),
        }
    }
}
