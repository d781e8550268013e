//! The rotation's calls made on the target's server.

use super::Session;
use std::time::Duration;

use super::rotate::Service;
use crate::api::client::{Client, Timeouts};
use crate::api::error::ApiError;
use crate::api::ops::SubmitProgress;
use crate::api::ops::rotate::Calls;
use crate::api::retry::RetryPolicy;
use crate::cli::Cli;
use crate::contract::{CreateTokenRequest, CreatedToken, Token};
use crate::model::account::AccountType;
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
        self.calls().duplicate(request).await
    }

    async fn test(&self, created: &CreatedToken) -> Result<(), ApiError> {
        self.calls().test(created).await
    }

    async fn set_enabled(&self, token: &Token, enabled: bool) -> Result<Token, ApiError> {
        self.calls().set_enabled(token, enabled).await
    }

    async fn rename(&self, token: &Token, name: &str) -> Result<Token, ApiError> {
        self.calls().rename(token, name).await
    }

    async fn wait(&self, grace: Duration) -> bool {
        grace_wait(grace).await
    }

    async fn delete(&self, token: &Token) -> Result<(), ApiError> {
        self.calls().delete(token).await
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
    /// The calls the TUI's rotation makes too.
    fn calls(&self) -> Calls<'_> {
        Calls {
            client: self.client,
            base_url: self.base_url,
            account_type: self.account_type,
            timeouts: self.timeouts,
            policy: self.policy,
            progress: &progress,
        }
    }
}
