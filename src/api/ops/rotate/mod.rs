//! Rotation, one path for `tokens rotate` and the API page's Rotate: the
//! five steps over a [`Service`] (the server, or a fake in the tests), each
//! reported as it happens.
//!
//! 1. Duplicate the token (same settings) as "NAME (rotating)".
//! 2. Deliver the new secret: the caller's part, between [`duplicate`] and
//!    [`after_delivery`] (a file, a command or stdout; the secret screen).
//! 3. Test the new token with its own credentials.
//! 4. Retire the old token (disable it, after a wait, or keep it).
//! 5. Rename the old token "NAME (retired WHEN)" (or delete it), then give
//!    the new one the old one's name.

mod calls;

use std::time::Duration;

use crate::api::error::ApiError;
use crate::contract::{CreateTokenRequest, CreatedToken, Token};
use crate::model::account::AccountType;
use crate::model::tokens::{retired_name, rotating_name};
use crate::text;

pub(crate) use calls::Calls;

/// The calls a rotation makes.
pub(crate) trait Service {
    /// Creates a token with these settings (retrying safely).
    async fn duplicate(&self, request: &CreateTokenRequest) -> Result<CreatedToken, ApiError>;
    /// Calls the server with the new token's own credentials, as its scopes
    /// allow; `Ok` only when they work.
    async fn test(&self, created: &CreatedToken) -> Result<(), ApiError>;
    /// Enables or disables a token as it was read (its revision), through
    /// the operations layer; the token as it now is.
    async fn set_enabled(&self, token: &Token, enabled: bool) -> Result<Token, ApiError>;
    /// Renames a token as it was read, keeping every other setting.
    async fn rename(&self, token: &Token, name: &str) -> Result<Token, ApiError>;
    /// Deletes a token as it was read.
    async fn delete(&self, token: &Token) -> Result<(), ApiError>;
    /// Waits `grace`, showing what remains; `false` when the user
    /// interrupted the wait (Ctrl-C).
    async fn wait(&self, grace: Duration) -> bool;
}

/// What the rotation does with the old token and the names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The new token's name while both exist.
    pub new_name: String,
    /// The name the new token takes at the end (the old one's), when the
    /// names are swapped.
    pub final_name: Option<String>,
    /// The old token's name at the end ("NAME (retired WHEN)"), when it is
    /// kept and renamed.
    pub retired_name: Option<String>,
    /// Step 4: how the old token is retired.
    pub retire: Retire,
    /// Step 5: delete the old token.
    pub delete_old: bool,
}

/// Step 4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retire {
    /// Disable it at once.
    Now,
    /// Disable it after a wait.
    After(Duration),
    /// Leave it enabled (`--keep-old`).
    Keep,
}

/// How a rotation ended.
#[derive(Debug)]
pub enum Outcome {
    /// Every step asked for was done.
    Rotated {
        /// The new token, as named at the end.
        new: Token,
        /// The old token as left (`None`: deleted).
        old: Option<Token>,
    },
    /// Step 1 failed: nothing changed.
    NotCreated(ApiError),
    /// Step 2 failed: the secret was rescued; the old token is unchanged.
    NotDelivered(Token),
    /// Step 3 failed: the old token is unchanged.
    TestFailed(Token, ApiError),
    /// Step 4 failed: the new token works; the old one is as the error's
    /// fresh read says.
    OldNotDisabled(ApiError),
    /// The grace wait was interrupted: both tokens are enabled.
    GraceInterrupted,
    /// Step 5 failed: the new token works; `old` and `new` are as named then.
    NotFinished {
        /// Why.
        error: ApiError,
        /// The new token as it is.
        new: Token,
        /// The old token as it is (`None`: deleted).
        old: Option<Token>,
    },
}

/// The five steps. `deliver` puts the secret where asked and names where
/// (`Err` once it has said why and rescued the secret).
pub(crate) async fn rotate<S: Service>(
    service: &S,
    old: &Token,
    plan: &Plan,
    deliver: impl FnOnce(&CreatedToken) -> Result<String, ()>,
    report: &mut (dyn FnMut(String) + Send),
) -> Outcome {
    let created = match duplicate(service, old, plan, report).await {
        Ok(c) => c,
        Err(e) => return Outcome::NotCreated(e),
    };
    match deliver(&created) {
        Ok(dest) => report(text::rotate_delivered(&dest)),
        Err(()) => return Outcome::NotDelivered(created.token.clone()),
    }
    after_delivery(service, old, created, plan, report).await
}

/// Step 1: the old token's copy, named as planned, with its secret.
pub(crate) async fn duplicate<S: Service>(
    service: &S,
    old: &Token,
    plan: &Plan,
    report: &mut (dyn FnMut(String) + Send),
) -> Result<CreatedToken, ApiError> {
    let request = CreateTokenRequest {
        name: plan.new_name.clone(),
        ..old.to_request()
    };
    report(text::rotate_duplicating(&old.name, &request.name));
    let created = service.duplicate(&request).await?;
    report(text::rotate_duplicated(&created.token.id));
    Ok(created)
}

/// Steps 3 to 5, once the new secret was delivered (step 2: a file, a
/// command or stdout for the CLI; the secret screen for the TUI).
pub(crate) async fn after_delivery<S: Service>(
    service: &S,
    old: &Token,
    created: CreatedToken,
    plan: &Plan,
    report: &mut (dyn FnMut(String) + Send),
) -> Outcome {
    let new = created.token.clone();
    report(text::ROTATE_TESTING.to_string());
    if let Err(e) = service.test(&created).await {
        return Outcome::TestFailed(new, e);
    }
    // The secret is not needed any more (secrecy wipes it).
    drop(created);
    report(text::ROTATE_TESTED.to_string());
    let old = match retire(service, old, plan.retire, report).await {
        Ok(old) => old,
        Err(outcome) => return outcome,
    };
    finish(service, old, new, plan, report).await
}

/// Step 4: the old token retired as planned; the token as it now is (a
/// later change names its new revision).
async fn retire<S: Service>(
    service: &S,
    old: &Token,
    how: Retire,
    report: &mut (dyn FnMut(String) + Send),
) -> Result<Token, Outcome> {
    if how == Retire::Keep {
        report(text::rotate_kept_enabled(&old.name));
        return Ok(old.clone());
    }
    if !old.is_enabled() {
        report(text::rotate_already_disabled(&old.name));
        return Ok(old.clone());
    }
    if let Retire::After(grace) = how
        && !service.wait(grace).await
    {
        return Err(Outcome::GraceInterrupted);
    }
    match service.set_enabled(old, false).await {
        Ok(now) => {
            report(text::rotate_disabled(&old.name));
            Ok(now)
        }
        Err(e) => Err(Outcome::OldNotDisabled(e)),
    }
}

/// Step 5: the old token deleted or renamed as retired, then the new one
/// renamed to the old one's name.
async fn finish<S: Service>(
    service: &S,
    mut old: Token,
    mut new: Token,
    plan: &Plan,
    report: &mut (dyn FnMut(String) + Send),
) -> Outcome {
    let stop = |error, new: &Token, old: Option<&Token>| Outcome::NotFinished {
        error,
        new: new.clone(),
        old: old.cloned(),
    };
    if plan.delete_old {
        if let Err(e) = service.delete(&old).await {
            return stop(e, &new, Some(&old));
        }
        report(text::rotate_deleted(&old.name));
    } else if let Some(retired) = &plan.retired_name {
        match service.rename(&old, retired).await {
            Ok(now) => old = now,
            Err(e) => return stop(e, &new, Some(&old)),
        }
        report(text::rotate_renamed_old(retired));
    }
    let old = (!plan.delete_old).then_some(old);
    if let Some(name) = &plan.final_name {
        match service.rename(&new, name).await {
            Ok(now) => new = now,
            Err(e) => return stop(e, &new, old.as_ref()),
        }
        report(text::rotate_renamed_new(name));
    }
    if let Some(old) = &old
        && plan.retire == Retire::Keep
    {
        report(text::rotate_retire_later(&old.name, &old.id));
    }
    Outcome::Rotated { new, old }
}

impl Plan {
    /// The rotation the API page makes: the new token is "NAME (rotating)"
    /// until it takes NAME, the old one is disabled at once and renamed
    /// "NAME (retired WHEN)"; names free among `tokens`.
    pub fn in_place(old: &Token, tokens: &[Token], when: &str) -> Plan {
        Plan {
            new_name: rotating_name(&old.name, tokens),
            final_name: Some(old.name.clone()),
            retired_name: Some(retired_name(&old.name, when, tokens)),
            retire: Retire::Now,
            delete_old: false,
        }
    }
}

/// Now, UTC, to the minute: `2026-12-06 02:31 UTC`.
pub fn utc_minute() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute()
    )
}

/// The old token's state after a failed step, from what the operations
/// layer read after the failure: never a claim the read did not make.
pub fn old_now(e: &ApiError, old_id: &str) -> String {
    match e {
        ApiError::Changed { current } => text::rotate_old_now(
            current.as_deref().map(crate::model::tokens::state_label),
            false,
            old_id,
        ),
        ApiError::OutcomeUnknown { .. } => text::rotate_old_now(None, true, old_id),
        _ => text::rotate_old_now(Some(""), false, old_id),
    }
}

/// What the API page says when steps 3 to 5 ended (the CLI's words), and
/// whether every step was done.
pub fn ended(outcome: &Outcome, old: &Token, t: AccountType) -> (String, bool) {
    let why = |e: &ApiError| e.message(Some(t));
    let message = match outcome {
        Outcome::Rotated { new, old: kept } => {
            let kept = kept.as_ref().map(|k| (k.name.as_str(), k.is_enabled()));
            let done = text::rotated(&old.name, &new.name, &new.id, kept);
            return (done.trim_end().to_string(), true);
        }
        Outcome::NotCreated(e) => text::rotate_not_created(&why(e)),
        Outcome::NotDelivered(new) => text::rotate_not_delivered(&new.name, &new.id),
        Outcome::TestFailed(new, e) => text::rotate_test_failed(&new.name, &new.id, &why(e)),
        Outcome::OldNotDisabled(e) => {
            text::rotate_old_not_disabled(&old.name, &old.id, &why(e), &old_now(e, &old.id))
        }
        Outcome::GraceInterrupted => text::rotate_grace_interrupted(&old.name, &old.id),
        Outcome::NotFinished {
            error,
            new,
            old: now,
        } => text::rotate_not_finished(
            &why(error),
            &old_now(error, &old.id),
            (&new.name, &new.id),
            now.as_ref().map(|o| (o.name.as_str(), o.id.as_str())),
            &old.name,
        ),
    };
    (message, false)
}
