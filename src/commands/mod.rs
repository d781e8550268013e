//! What each command does. `main.rs` only parses arguments and calls [`run`].

pub mod completions;
mod confirm;
pub mod contacts;
pub mod create;
pub mod launch;
pub mod man;
pub mod paths;
pub mod profiles;
pub mod sandbox;
pub mod scopes;
pub mod spec;
pub mod target;
pub mod tokens;
pub mod verify;
pub mod wizard;

use std::process::ExitCode;

use crate::api::error::ApiError;
use crate::cli::{Cli, Command};
use crate::text;

/// Exit statuses (documented in `--help` and the README).
pub mod exit {
    /// Other error.
    pub const OTHER: u8 = 1;
    /// Usage error (also clap's own).
    pub const USAGE: u8 = 2;
    /// Invalid spec or request.
    pub const INVALID: u8 = 3;
    /// Authentication.
    pub const AUTH: u8 = 4;
    /// Permission.
    pub const PERMISSION: u8 = 5;
    /// Name taken.
    pub const CONFLICT: u8 = 6;
    /// Rate limited.
    pub const RATE_LIMIT: u8 = 7;
    /// Network or server unavailable.
    pub const NETWORK: u8 = 8;
    /// The token was created but its secret could not be delivered where
    /// asked; it was written once to the terminal, or else to stderr.
    pub const SECRET_NOT_DELIVERED: u8 = 9;
    /// `tokens diff`: A and B differ (and `spec from-log --diff-against`:
    /// the spec and the evidence differ). Not diff(1)'s 1, which already means
    /// "other error" here, so a script can tell a difference from a failure.
    pub const DIFFER: u8 = 14;
    /// No token has that name or Id.
    pub const NOT_FOUND: u8 = 10;
    /// `tokens rotate`: the new token was delivered but failed its test;
    /// the old token is untouched (still enabled).
    pub const ROTATE_TEST_FAILED: u8 = 11;
    /// `tokens rotate`: the new token works, but the old one could not be
    /// disabled (it is still enabled).
    pub const ROTATE_OLD_NOT_DISABLED: u8 = 12;
    /// `tokens rotate --delete-old`: the old token is disabled, but could
    /// not be deleted.
    pub const ROTATE_OLD_NOT_DELETED: u8 = 13;
    /// `verify`: the token does not match its spec.
    pub const VERIFY_DRIFT: u8 = 15;
    /// `verify`: every call inside the spec was refused (disabled token).
    pub const VERIFY_DISABLED: u8 = 16;
    /// `verify`: stopped at the rate-limit floor, no drift seen so far.
    pub const VERIFY_STOPPED: u8 = 17;
    /// The token changed since it was read (another admin or another
    /// command): the server refused the change (412) and nothing was done.
    pub const CHANGED_MEANWHILE: u8 = 18;
    /// The answer to a change was lost and re-reading the token could not
    /// tell whether the change was made; the message says how to find out.
    pub const OUTCOME_UNKNOWN: u8 = 19;
}

/// A failed command: what to print and the exit status.
#[derive(Debug)]
pub struct Failure {
    /// Exit status.
    pub code: u8,
    /// Message for stderr.
    pub message: String,
}

impl Failure {
    /// A failure with a status.
    pub fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }

    /// The status an API error exits with.
    pub fn from_api(
        e: &ApiError,
        account_type: Option<crate::model::account::AccountType>,
    ) -> Failure {
        let code = match e {
            ApiError::Unauthorized { .. } => exit::AUTH,
            ApiError::Forbidden { .. } => exit::PERMISSION,
            ApiError::Conflict { .. } => exit::CONFLICT,
            ApiError::PreconditionFailed { .. } | ApiError::Changed { .. } => {
                exit::CHANGED_MEANWHILE
            }
            ApiError::OutcomeUnknown { .. } => exit::OUTCOME_UNKNOWN,
            ApiError::Invalid { .. } => exit::INVALID,
            ApiError::RateLimited { .. } => exit::RATE_LIMIT,
            ApiError::Tls { .. } => exit::NETWORK,
            e if e.is_transient() => exit::NETWORK,
            _ => exit::OTHER,
        };
        let mut message = e.message(account_type);
        for fe in e.field_errors() {
            message.push_str(&format!(
                "\n  {}: {}",
                crate::text::inert(&fe.field),
                crate::text::inert(&fe.message)
            ));
        }
        Failure::new(code, message)
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Failure> {
    // A variable naming an unusable directory stops the commands that may
    // read or write there (the log included), before anything happens;
    // `paths` shows it.
    if !matches!(
        cli.command,
        Some(Command::Man | Command::Completions { .. } | Command::Paths { .. })
    ) {
        crate::store::paths::check_env().map_err(|m| Failure::new(exit::USAGE, m))?;
    }
    run_command(&cli)
}

/// The one way commands write to standard output (but a secret, which
/// has its own rescue): all of `s`, flushed. A reader that closed it early
/// (`tokens list | head -1`) is normal shell use, as with `ls | head`: the
/// rest is dropped quietly, and the command ends with the status it would
/// have had (`tokens diff` still says 14 when A and B differ).
pub(crate) fn print(s: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::new(
            exit::OTHER,
            text::stdout_failed(&e.to_string()),
        )),
        _ => Ok(()),
    }
}

fn run_command(cli: &Cli) -> Result<ExitCode, Failure> {
    match &cli.command {
        None => wizard::run(cli, None),
        Some(Command::Create {
            spec,
            yes,
            output,
            show_secret,
            secret_file,
        }) => {
            let opts = create::Options {
                spec: spec.clone(),
                output: *output,
                show_secret: *show_secret,
                secret_file: secret_file.clone(),
            };
            if *yes {
                create::headless(cli, &opts)
            } else {
                create::review(cli, &opts)
            }
        }
        Some(Command::Scopes {
            api_version,
            output,
            json,
            for_request,
        }) => {
            if *json {
                eprintln!("impact-token: {}", text::DEPRECATED_JSON);
            }
            let json = *json || *output == crate::cli::OutputArg::Json;
            match for_request {
                Some(request) => scopes::run_for(cli, request, json),
                None => scopes::run(cli, api_version.as_deref(), json),
            }
        }
        Some(Command::Verify {
            spec,
            max_outside,
            floor,
            output,
        }) => verify::run(cli, spec, *max_outside, *floor, *output),
        Some(Command::Profiles { action, output }) => profiles::run(cli, action.as_ref(), *output),
        Some(Command::Completions { shell }) => completions::run(*shell),
        Some(Command::Man) => man::run(),
        Some(Command::Paths { output }) => paths::run(cli.log_file.as_deref(), *output),
        Some(Command::Sandbox { addr }) => sandbox::run(*addr),
        Some(Command::Tokens { action }) => tokens::run(cli, action),
        Some(Command::Spec { action }) => spec::run(cli, action),
    }
}

/// Where and how a spec goes (`tokens export`, `spec from-log`): the file
/// of `--out` (or of the old `--output FILE`, with a note on stderr), and
/// the format `--output` names, else the file name's (`.json`), else TOML.
pub(crate) fn spec_destination(
    out: Option<&std::path::Path>,
    output: Option<&crate::cli::SpecOutput>,
) -> (Option<std::path::PathBuf>, crate::model::spec::Format) {
    use crate::cli::{OutputArg, SpecOutput};
    use crate::model::spec::Format;
    let (file, format) = match output {
        Some(SpecOutput::OldFile(path)) => {
            eprintln!("impact-token: {}", text::deprecated_output_file(path));
            (Some(path.clone()), None)
        }
        Some(SpecOutput::Format(f)) => (out.map(Into::into), Some(*f)),
        None => (out.map(Into::into), None),
    };
    let format = match (format, &file) {
        (Some(OutputArg::Json), _) => Format::Json,
        (Some(OutputArg::Text), _) => Format::Toml,
        (None, Some(path)) => Format::detect(path, ""),
        (None, None) => Format::Toml,
    };
    (file, format)
}

/// Test-only: a number from 0 to 1 that the retry waits (backoff and 429
/// resets) are multiplied by, so the test suite does not sit through real
/// seconds. Honoured only against the in-process sandbox (`--sandbox`): the
/// real service is never retried sooner than it asks.
pub const TEST_TIME_SCALE: &str = "IMPACT_TOKEN_TEST_TIME_SCALE";

/// The retry policy for a run against `backend`: the default, with its
/// waits scaled by [`TEST_TIME_SCALE`] when that applies.
pub fn retry_policy(backend: &crate::api::worker::Backend) -> crate::api::retry::RetryPolicy {
    retry_policy_scaled(backend, std::env::var(TEST_TIME_SCALE).ok().as_deref())
}

/// [`retry_policy`] with the variable's value given.
fn retry_policy_scaled(
    backend: &crate::api::worker::Backend,
    scale: Option<&str>,
) -> crate::api::retry::RetryPolicy {
    let policy = crate::api::retry::RetryPolicy::default();
    let scale = scale
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|f| (0.0..=1.0).contains(f));
    match (backend, scale) {
        (crate::api::worker::Backend::Sandbox, Some(f)) => policy.scaled(f),
        _ => policy,
    }
}

/// `v` as pretty JSON and a line break, with server text escaped by the
/// one rule ([`text::json_inert`]): the same value, inert on a terminal.
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON serialises");
    s.push('\n');
    crate::text::json_inert(&mut s);
    s
}

/// The tokio runtime for network work: two workers are plenty.
pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new(exit::OTHER, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::retry::RetryPolicy;
    use crate::api::worker::Backend;
    use std::time::Duration;

    #[test]
    fn the_test_time_scale_shortens_waits_only_against_the_sandbox() {
        let sandbox = retry_policy_scaled(&Backend::Sandbox, Some("0.01"));
        assert_eq!(sandbox.base_delay, Duration::from_millis(5));
        assert_eq!(sandbox.reset_wait(2), Duration::from_millis(20));
        assert_eq!(sandbox.max_attempts, RetryPolicy::default().max_attempts);
        let remote = Backend::Remote {
            base_url: "https://api.impact.com".into(),
        };
        assert_eq!(
            retry_policy_scaled(&remote, Some("0.01")),
            RetryPolicy::default()
        );
        for never in [None, Some("2"), Some("-1"), Some("fast")] {
            assert_eq!(
                retry_policy_scaled(&Backend::Sandbox, never),
                RetryPolicy::default(),
                "{never:?}"
            );
        }
        assert_eq!(RetryPolicy::default().reset_wait(2), Duration::from_secs(2));
    }
}
