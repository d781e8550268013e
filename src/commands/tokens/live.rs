//! The rotation's calls made on the target's server.

use super::Session;
use std::time::Duration;

use super::rotate::Service;
use crate::api::client::{Client, Credentials, Timeouts};
use crate::api::error::ApiError;
use crate::api::ops::{Ops, SubmitProgress, TokenOp, TokenOpDone};
use crate::api::retry::RetryPolicy;
use crate::cli::Cli;
use crate::contract::{CreateTokenRequest, CreatedToken, Token};
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::model::probe::probe_plan_for_ids;
use crate::model::request::Submission;
use crate::text;

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
        self.ops().create(&submission, &progress).await
    }

    async fn test(&self, created: &CreatedToken) -> Result<(), ApiError> {
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

    async fn set_enabled(&self, token: &Token, enabled: bool) -> Result<Token, ApiError> {
        self.updated(token, TokenOp::SetEnabled(enabled)).await
    }

    async fn rename(&self, token: &Token, name: &str) -> Result<Token, ApiError> {
        let request = CreateTokenRequest {
            name: name.to_string(),
            ..token.to_request()
        };
        self.updated(token, TokenOp::Update(Box::new(request)))
            .await
    }

    async fn wait(&self, grace: Duration) -> bool {
        grace_wait(grace).await
    }

    async fn delete(&self, token: &Token) -> Result<(), ApiError> {
        let ops = self.ops();
        ops.change(&token.id, &token.revision, &TokenOp::Delete, &progress)
            .await
            .map(|_| ())
    }
}

/// Waits `grace` before the old token is disabled, with a countdown on
/// stderr (one line rewritten each second on a terminal, said once
/// otherwise); `false` when Ctrl-C (SIGINT) or SIGTERM ended the wait.
async fn grace_wait(grace: Duration) -> bool {
    use std::io::{IsTerminal, Write};
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        // Without a way to be interrupted, no wait: the user could not
        // keep both tokens.
        return true;
    };
    let tty = std::io::stderr().is_terminal();
    let end = tokio::time::Instant::now() + grace;
    let line = |left: Duration| text::rotate_grace_left(&text::time_left(left));
    if !tty {
        eprintln!("{}", line(grace));
    }
    loop {
        let left = end.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            break;
        }
        if tty {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K{}", line(left));
            let _ = err.flush();
        }
        // To the next whole second of what is left, so the count ticks evenly.
        let tick = match left.subsec_nanos() {
            0 => Duration::from_secs(1),
            nanos => Duration::from_nanos(u64::from(nanos)),
        }
        .min(left);
        tokio::select! {
            () = tokio::time::sleep(tick) => {}
            _ = int.recv() => return interrupted(tty),
            _ = term.recv() => return interrupted(tty),
        }
    }
    if tty {
        eprintln!();
    }
    true
}

fn interrupted(tty: bool) -> bool {
    if tty {
        eprintln!();
    }
    false
}

/// Retries of a rotation's calls, on stderr.
fn progress(p: SubmitProgress) {
    if let Some(line) = crate::commands::create::progress_line(&p) {
        eprintln!("{line}");
    }
}

impl Live<'_> {
    fn ops(&self) -> Ops<'_> {
        Ops::new(self.client, self.policy)
    }

    /// `op` on `token` as read, through the operations layer; the token
    /// as it now is.
    async fn updated(&self, token: &Token, op: TokenOp) -> Result<Token, ApiError> {
        match self
            .ops()
            .change(&token.id, &token.revision, &op, &progress)
            .await?
        {
            TokenOpDone::Updated(now) => Ok(now),
            _ => Ok(token.clone()),
        }
    }
}
