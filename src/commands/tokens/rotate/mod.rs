//! `tokens rotate`: rotation with no downtime, and names that stay put.
//!
//! 1. Duplicate the token (same settings) as "NAME (rotating)".
//! 2. Deliver the new secret (file, command, stdout).
//! 3. Test the new token with its own credentials.
//! 4. Retire the old token: disable it (after `--grace`, or never with
//!    `--keep-old`).
//! 5. Rename the old token "NAME (retired WHEN)" (or delete it with
//!    `--delete-old`), then give the new one the old one's name.
//!
//! The old token is touched only after the new one was delivered and
//! tested. Each step stops the rotation on failure with its own exit
//! status, leaving both tokens in the state that status documents:
//!
//! | stops at | status | new token | old token |
//! |---|---|---|---|
//! | 1 | the API error's (2–8) | none | unchanged |
//! | 2 | 9, secret rescued | exists, enabled | unchanged (enabled) |
//! | 3 | 11 | exists, delivered | unchanged (enabled) |
//! | 4 | 12 | works | as read after the failure (or enabled, when the grace wait was interrupted) |
//! | 5 | 13 | works | retired (disabled unless `--keep-old`), names as the message says |
//!
//! A disabled token is not rotated unless `--from-disabled` says so: its
//! copy would be enabled, giving back access an admin switched off.

#[cfg(test)]
mod tests;

use std::process::ExitCode;
use std::time::Duration;

use super::Session;
use super::deliver::Destinations;
use crate::api::error::ApiError;
use crate::cli::{Cli, SecretArgs};
use crate::commands::confirm::{Answer, confirm};
use crate::commands::{Failure, exit};
use crate::contract::Token;
use crate::model::account::AccountType;
use crate::model::tokens::{retired_name, rotating_name};
use crate::text;

// The steps are the operations layer's, shared with the API page's Rotate.
pub(crate) use crate::api::ops::rotate::{
    Outcome, Plan, Retire, Service, old_now, rotate, utc_minute,
};

/// What `tokens rotate` was asked.
#[derive(Clone, Debug)]
pub(super) struct Options {
    /// The old token's name or Id.
    pub token: String,
    /// The new token's name; the old one then keeps its own.
    pub new_name: Option<String>,
    /// Step 5: delete the old token instead of renaming it.
    pub delete_old: bool,
    /// Step 4: leave the old token enabled.
    pub keep_old: bool,
    /// Step 4: wait this long before disabling the old token.
    pub grace: Option<Duration>,
    /// Rotate a disabled token (its copy is enabled).
    pub from_disabled: bool,
    /// No confirmation.
    pub yes: bool,
}

/// Runs the rotation against the target's server.
pub(super) fn run(cli: &Cli, opts: &Options, secret: &SecretArgs) -> Result<ExitCode, Failure> {
    let dest = Destinations::new(secret)?;
    // Where the secret goes is checked before anything exists.
    dest.check()?;
    let session = Session::open(cli)?;
    let old = session.find(&opts.token)?;
    if !old.is_enabled() && !opts.from_disabled {
        return Err(Failure::new(
            exit::USAGE,
            text::rotate_disabled_refused(&old.name, &old.id),
        ));
    }
    // The whole list only where free names are needed.
    let tokens = match opts.new_name {
        Some(_) => Vec::new(),
        None => session.tokens()?,
    };
    let plan = plan(opts, &old, &tokens, &utc_minute());
    confirm(
        opts.yes,
        &text::confirm_rotate(&old.name, opts.delete_old, opts.keep_old),
        Answer::Yes,
    )?;
    if !old.is_enabled() {
        eprintln!("{}", text::rotate_copy_of_disabled(&old.name));
    }
    let live = super::live::Live::new(cli, &session);
    let outcome = session.block_on(rotate(
        &live,
        &old,
        &plan,
        |created| dest.deliver(created),
        &mut |line| eprintln!("{line}"),
    ));
    let t = session.account_type();
    drop(session);
    finish(outcome, &old, t, secret)
}

/// The names and steps asked for: without `--new-name`, the new token is
/// "NAME (rotating)" until it takes NAME, and the old one becomes "NAME
/// (retired WHEN)" (unless deleted).
pub(crate) fn plan(opts: &Options, old: &Token, tokens: &[Token], when: &str) -> Plan {
    let retire = match (opts.keep_old, opts.grace) {
        (true, _) => Retire::Keep,
        (false, Some(grace)) if !grace.is_zero() => Retire::After(grace),
        _ => Retire::Now,
    };
    let (new_name, final_name, retired) = match &opts.new_name {
        Some(name) => (name.clone(), None, None),
        None => (
            rotating_name(&old.name, tokens),
            Some(old.name.clone()),
            (!opts.delete_old).then(|| retired_name(&old.name, when, tokens)),
        ),
    };
    Plan {
        new_name,
        final_name,
        retired_name: retired,
        retire,
        delete_old: opts.delete_old,
    }
}

/// The exit status and message of an outcome; the summary on stdout when
/// it rotated.
fn finish(
    outcome: Outcome,
    old: &Token,
    t: AccountType,
    secret: &SecretArgs,
) -> Result<ExitCode, Failure> {
    let why = |e: &ApiError| e.message(Some(t));
    match outcome {
        Outcome::Rotated { new, old: kept } => super::manage::summary(
            secret,
            &text::rotated(
                &old.name,
                &new.name,
                &new.id,
                kept.as_ref().map(|k| (k.name.as_str(), k.is_enabled())),
            ),
        ),
        Outcome::NotCreated(e) => {
            let f = Failure::from_api(&e, Some(t));
            Err(Failure::new(f.code, text::rotate_not_created(&f.message)))
        }
        Outcome::NotDelivered(new) => {
            eprintln!(
                "impact-token: {}",
                text::rotate_not_delivered(&new.name, &new.id)
            );
            Ok(ExitCode::from(exit::SECRET_NOT_DELIVERED))
        }
        Outcome::TestFailed(new, e) => Err(Failure::new(
            exit::ROTATE_TEST_FAILED,
            text::rotate_test_failed(&new.name, &new.id, &why(&e)),
        )),
        Outcome::OldNotDisabled(e) => Err(Failure::new(
            exit::ROTATE_OLD_NOT_DISABLED,
            text::rotate_old_not_disabled(&old.name, &old.id, &why(&e), &old_now(&e, &old.id)),
        )),
        Outcome::GraceInterrupted => Err(Failure::new(
            exit::ROTATE_OLD_NOT_DISABLED,
            text::rotate_grace_interrupted(&old.name, &old.id),
        )),
        Outcome::NotFinished {
            error,
            new,
            old: now,
        } => Err(Failure::new(
            exit::ROTATE_OLD_NOT_DELETED,
            text::rotate_not_finished(
                &why(&error),
                &old_now(&error, &old.id),
                (&new.name, &new.id),
                now.as_ref().map(|o| (o.name.as_str(), o.id.as_str())),
                &old.name,
            ),
        )),
    }
}
