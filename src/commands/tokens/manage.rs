//! `tokens reset`, `tokens disable`, `tokens enable` and `tokens delete`.
//! Without `--yes` each asks on the terminal (a reset or a delete wants
//! the token's name typed); with no terminal it refuses (exit 2).

use std::process::ExitCode;

use super::deliver::Destinations;
use super::{Session, print};
use crate::api::ops::{TokenOp, TokenOpDone};
use crate::cli::{Cli, SecretArgs};
use crate::commands::confirm::{Answer, confirm};
use crate::commands::{Failure, exit};
use crate::model::tokens::state_label;
use crate::text;

/// A new Auth Token for a token, delivered as `rotate` delivers it.
pub(super) fn reset(
    cli: &Cli,
    name_or_id: &str,
    secret: &SecretArgs,
    yes: bool,
    key: Option<&str>,
) -> Result<ExitCode, Failure> {
    let dest = Destinations::new(secret)?;
    dest.check()?;
    let session = Session::open(cli)?;
    let token = session.find(name_or_id)?;
    confirm(
        yes,
        &text::confirm_by_name(text::ACTION_RESET, &token.name),
        Answer::Name(&token.name),
    )?;
    let created = match session.change(&token, &TokenOp::Reset, key)? {
        TokenOpDone::Reset(created) => created,
        _ => return Err(unexpected()),
    };
    drop(session);
    if dest.deliver(&created).is_err() {
        return Ok(ExitCode::from(exit::SECRET_NOT_DELIVERED));
    }
    summary(secret, &text::token_reset(&token.name, &token.id))
}

/// Disables or enables a token.
pub(super) fn set_enabled(
    cli: &Cli,
    name_or_id: &str,
    enabled: bool,
    yes: bool,
) -> Result<ExitCode, Failure> {
    let session = Session::open(cli)?;
    let token = session.find(name_or_id)?;
    let question = if enabled {
        text::confirm_enable(&token.name)
    } else {
        text::confirm_disable(&token.name)
    };
    confirm(yes, &question, Answer::Yes)?;
    let changed = match session.change(&token, &TokenOp::SetEnabled(enabled), None)? {
        TokenOpDone::Updated(changed) => changed,
        _ => return Err(unexpected()),
    };
    print(&text::token_state_changed(
        &changed.name,
        &changed.id,
        state_label(&changed),
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Deletes a token.
pub(super) fn delete(cli: &Cli, name_or_id: &str, yes: bool) -> Result<ExitCode, Failure> {
    let session = Session::open(cli)?;
    let token = session.find(name_or_id)?;
    confirm(
        yes,
        &text::confirm_by_name(text::ACTION_DELETE, &token.name),
        Answer::Name(&token.name),
    )?;
    session.change(&token, &TokenOp::Delete, None)?;
    print(&text::token_deleted(&token.name, &token.id))?;
    Ok(ExitCode::SUCCESS)
}

/// An answer of another kind than the change asked for.
pub(super) fn unexpected() -> Failure {
    Failure::new(exit::OTHER, text::UNEXPECTED_ANSWER)
}

/// The closing line: on stdout, unless stdout holds the credentials
/// (`--show-secret`), which it then holds alone; then on stderr.
pub(super) fn summary(secret: &SecretArgs, line: &str) -> Result<ExitCode, Failure> {
    if secret.show_secret {
        eprint!("{line}");
    } else {
        print(line)?;
    }
    Ok(ExitCode::SUCCESS)
}
