//! The rotation's calls made on the target's server.

use secrecy::SecretString;

use super::Session;
use super::rotate::Service;
use crate::api::client::{Client, Credentials, Timeouts};
use crate::api::error::ApiError;
use crate::api::worker::{RetryPolicy, SubmitProgress, create_with_retries};
use crate::cli::Cli;
use crate::contract::{CreateTokenRequest, CreatedToken};
use crate::model::account::AccountType;
use crate::model::request::Submission;

/// A session's client, with what a client for other credentials needs.
pub(super) struct Live<'s> {
    client: &'s Client,
    base_url: &'s str,
    account_type: AccountType,
    timeouts: Timeouts,
    policy: RetryPolicy,
}

impl<'s> Live<'s> {
    /// The calls of `session`'s server.
    pub(super) fn new(cli: &Cli, session: &'s Session) -> Live<'s> {
        let conn = session.conn();
        Live {
            client: &conn.client,
            base_url: &conn.base_url,
            account_type: session.account_type(),
            timeouts: crate::commands::target::timeouts(cli),
            policy: crate::commands::retry_policy(&session.target.backend),
        }
    }
}

impl Service for Live<'_> {
    async fn duplicate(&self, request: &CreateTokenRequest) -> Result<CreatedToken, ApiError> {
        // One Idempotency-Key for every try: a retry after a lost answer
        // returns the token already made, never a second one.
        let submission = Submission::next(None, request.clone());
        let progress = |p: SubmitProgress| {
            if let Some(line) = crate::commands::create::progress_line(&p) {
                eprintln!("{line}");
            }
        };
        create_with_retries(self.client, &submission, self.policy, &progress).await
    }

    async fn test(&self, account_sid: &str, auth_token: &SecretString) -> Result<(), ApiError> {
        let creds = Credentials {
            account_sid: account_sid.to_string(),
            auth_token: auth_token.clone(),
        };
        let client = Client::new(self.base_url, self.account_type, creds, self.timeouts)?;
        // As the wizard's token test: a probe does not keep the connection
        // that carried the new credentials.
        match client.probe("/CompanyInformation").await? {
            200 => Ok(()),
            status => Err(crate::api::client::map_status(status, b"", None, None)),
        }
    }

    async fn set_enabled(&self, id: &str, enabled: bool) -> Result<(), ApiError> {
        self.client.set_enabled(id, enabled).await.map(|_| ())
    }

    async fn delete(&self, id: &str) -> Result<(), ApiError> {
        self.client.delete(id).await
    }
}
