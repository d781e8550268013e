//! `impact-token tokens ...`: the API page for scripts. Every command names
//! a token by Id or name ([`crate::model::tokens::find`]) and exits with a
//! documented status ([`exit`]).

mod deliver;
mod diff;
mod export;
mod list;
mod live;
mod manage;
mod rotate;
mod show;
mod upgrade;

use std::process::ExitCode;

use crate::api::client::Guard;
use crate::api::error::ApiError;
use crate::api::ops::{Ops, SubmitProgress, TokenOp, TokenOpDone};
use crate::cli::{Cli, TokensAction};
use crate::commands::contacts::ContactNames;
use crate::commands::create::{self, Connection};
use crate::commands::target::{self, Target};
use crate::commands::{Failure, exit, print, runtime};
use crate::contract::Token;
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::text;

/// Runs one `tokens` action.
pub fn run(cli: &Cli, action: &TokensAction) -> Result<ExitCode, Failure> {
    use TokensAction as A;
    match action {
        A::List {
            state,
            name,
            created,
            output,
        } => {
            let filter = crate::model::tokens::Filter {
                name: name.clone().unwrap_or_default(),
                created: *created,
                state: *state,
            };
            list::run(cli, &filter, *output)
        }
        A::Show { token, output } => show::run(cli, token, *output),
        A::Export { token, out, output } => {
            let (file, format) = crate::commands::spec_destination(out.as_deref(), output.as_ref());
            export::run(cli, token, file.as_deref(), format)
        }
        A::Diff { a, b, output } => diff::run(cli, a, b, *output),
        A::Rotate {
            token,
            new_name,
            secret,
            delete_old,
            keep_old,
            grace,
            from_disabled,
            yes,
        } => rotate::run(
            cli,
            &rotate::Options {
                token: token.clone(),
                new_name: new_name.clone(),
                delete_old: *delete_old,
                keep_old: *keep_old,
                grace: *grace,
                from_disabled: *from_disabled,
                yes: *yes,
            },
            secret,
        ),
        A::Reset {
            token,
            secret,
            yes,
            idempotency_key,
        } => manage::reset(cli, token, secret, *yes, idempotency_key.as_deref()),
        A::Disable { token, yes } => manage::set_enabled(cli, token, false, *yes),
        A::Enable { token, yes } => manage::set_enabled(cli, token, true, *yes),
        A::Delete { token, yes } => manage::delete(cli, token, *yes),
        A::Upgrade { token, to, yes } => upgrade::run(cli, token, to.as_deref(), *yes),
    }
}

/// One command's connection: its runtime, a client of the target's
/// server, and the account type it acts as.
struct Session {
    rt: Option<tokio::runtime::Runtime>,
    conn: Option<Connection>,
    target: Target,
}

impl Session {
    /// Resolves the target (as `create --yes` does: no prompting) and
    /// connects.
    fn open(cli: &Cli) -> Result<Session, Failure> {
        let target =
            target::resolve(cli)?.ok_or_else(|| Failure::new(exit::USAGE, text::NEED_MODE))?;
        create::require_credentials(&target)?;
        let rt = runtime()?;
        let conn = rt.block_on(create::connect(cli, &target, target.account_type))?;
        Ok(Session {
            rt: Some(rt),
            conn: Some(conn),
            target,
        })
    }

    fn account_type(&self) -> AccountType {
        self.target.account_type
    }

    fn conn(&self) -> &Connection {
        self.conn.as_ref().expect("open until dropped")
    }

    fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.as_ref().expect("open until dropped").block_on(f)
    }

    /// The status and message of an API error: a 404 is "no such token".
    fn failure(&self, e: &ApiError) -> Failure {
        api_failure(e, self.account_type())
    }

    /// Every token of the account.
    fn tokens(&self) -> Result<Vec<Token>, Failure> {
        self.block_on(self.conn().client.tokens())
            .map_err(|e| self.failure(&e))
    }

    /// The account's users' names, read once (see [`ContactNames`]).
    fn contact_names(&self) -> ContactNames {
        self.block_on(ContactNames::read(&self.conn().client, self.account_type()))
    }

    /// The operations through this session's client, retried as the
    /// target's backend wants.
    fn ops(&self) -> Ops<'_> {
        Ops::new(
            &self.conn().client,
            crate::commands::retry_policy(&self.target.backend),
        )
    }

    /// Makes `op` on `token` as it was read, through the operations layer
    /// (retries, Idempotency-Key, If-Match, lost-answer recovery), with
    /// `key` when the user gave one (to learn a lost answer). Retries are
    /// reported on stderr.
    fn change(
        &self,
        token: &Token,
        op: &TokenOp,
        key: Option<&str>,
    ) -> Result<TokenOpDone, Failure> {
        let mut guard = Guard::new(&token.revision);
        if let Some(key) = key {
            guard.key = key.to_string();
        }
        let progress = |p: SubmitProgress| {
            if let Some(line) = create::progress_line(&p) {
                eprintln!("{line}");
            }
        };
        self.block_on(self.ops().change_with(&token.id, op, guard, &progress))
            .map_err(|e| change_failure(&e, token, op, self.account_type()))
    }

    /// The token named `name_or_id` (an Id, else a name), or exit
    /// [`exit::NOT_FOUND`]. Looked up directly, not in the whole list (see
    /// [`Client::find_token`](crate::api::client::Client::find_token)): at
    /// 10,000 tokens, two requests rather than ten.
    fn find(&self, name_or_id: &str) -> Result<Token, Failure> {
        self.block_on(self.conn().client.find_token(name_or_id))
            .map_err(|e| self.failure(&e))?
            .ok_or_else(|| Failure::new(exit::NOT_FOUND, text::no_such_token(name_or_id)))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The in-process sandbox stops first; its tasks are not waited for.
        drop(self.conn.take());
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// The status and message of an API error: a 404 is "no such token".
fn api_failure(e: &ApiError, account_type: AccountType) -> Failure {
    match e {
        ApiError::NotFound { .. } => Failure::new(exit::NOT_FOUND, e.message(Some(account_type))),
        e => Failure::from_api(e, Some(account_type)),
    }
}

/// The status and message of a change that failed: a token changed
/// meanwhile is [`exit::CHANGED_MEANWHILE`], a lost answer whose outcome
/// is unknown [`exit::OUTCOME_UNKNOWN`], each saying what to do next.
fn change_failure(e: &ApiError, token: &Token, op: &TokenOp, t: AccountType) -> Failure {
    match e {
        ApiError::Changed { current } => Failure::new(
            exit::CHANGED_MEANWHILE,
            text::cli_changed_meanwhile(
                &token.name,
                &token.id,
                current.as_deref().map(crate::model::tokens::state_label),
            ),
        ),
        ApiError::OutcomeUnknown {
            error,
            key,
            changed,
        } => Failure::new(
            exit::OUTCOME_UNKNOWN,
            text::cli_outcome_unknown(
                &token.name,
                &token.id,
                matches!(op, TokenOp::Reset),
                &error.message(Some(t)),
                key,
                *changed,
            ),
        ),
        e => api_failure(e, t),
    }
}

/// `token` as JSON with `PrimaryContactName` beside `PrimaryContactUserId`:
/// the user's name, or null when the users do not name it.
fn with_contact_name(token: &Token, names: &ContactNames) -> serde_json::Value {
    let mut v = serde_json::to_value(token).expect("a token serialises");
    v["PrimaryContactName"] = names.name(&token.primary_contact_user_id).into();
    v
}

/// The catalog scopes are grouped and described by.
fn catalog(cli: &Cli, account_type: AccountType) -> Catalog {
    target::catalog(cli, account_type).unwrap_or_else(|_| Catalog::bundled(account_type))
}

/// Unix seconds now.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
