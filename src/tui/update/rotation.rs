//! The API page's Rotate: the question, step 1 (the worker duplicates),
//! step 2 (the secret screen, the same as a create's or a reset's), steps
//! 3 to 5 once the user left it having saved the secret, and the result.
//! Each step shows on the status line as it goes.

use crate::api::error::ApiError;
use crate::api::ops::rotate::{Plan, ended, utc_minute};
use crate::api::worker::{Job, RotateOutcome};
use crate::contract::{CreatedToken, Token};
use crate::text;
use crate::tui::state::{Ask, Level, Rotation, RotationPhase, Screen, State};

use super::Effect;

/// The menu's Rotate: asks first. A disabled token is refused (its copy
/// would be enabled, giving back access an admin switched off).
pub(super) fn ask(state: &mut State, token: &Token) {
    if !token.is_enabled() {
        state.say(Level::Error, text::ROTATE_DISABLED);
        return;
    }
    if state.page.rotation.is_some() {
        state.say(Level::Error, text::ROTATE_BUSY);
        return;
    }
    // The names are chosen now, free among the tokens listed, and shown.
    let plan = Plan::in_place(token, &state.page.tokens, &utc_minute());
    state.page.ask = Some(Ask::Rotate {
        id: token.id.clone(),
        plan: Box::new(plan),
    });
}

/// Yes: step 1.
pub(super) fn start(state: &mut State, id: &str, plan: Plan, fx: &mut Vec<Effect>) {
    let Some(old) = state.page.token(id).cloned() else {
        return;
    };
    fx.push(Effect::Job(Job::RotateStart {
        old: Box::new(old.clone()),
        plan: Box::new(plan.clone()),
    }));
    state.page.rotation = Some(Rotation {
        old,
        plan,
        phase: RotationPhase::Duplicating,
    });
}

/// A step's line.
pub(super) fn step(state: &mut State, line: String) {
    if state.page.rotation.is_some() {
        state.say(Level::Info, line);
    }
}

/// Step 1 ended: the secret screen, or why nothing changed.
pub(super) fn duplicated(state: &mut State, result: Result<CreatedToken, ApiError>) {
    let Some(r) = &mut state.page.rotation else {
        return;
    };
    match result {
        Ok(created) => {
            r.phase = RotationPhase::Delivering {
                new_id: created.token.id.clone(),
            };
            super::worker::show_secret(state, created);
            state.say(Level::Info, text::ROTATE_SAVE_SECRET);
        }
        Err(e) => {
            let why = e.message(Some(state.settings.account_type));
            state.page.rotation = None;
            state.status = None;
            state.page.ask = Some(Ask::Rotated {
                message: text::rotate_not_created(&why),
                ok: false,
            });
        }
    }
}

/// The secret screen is being left with the secret saved: the new token
/// and its secret are kept for step 3, before the screen wipes its copy.
/// Called only for the rotation's own screen.
pub(super) fn saved(state: &mut State, created: CreatedToken) {
    if let Some(r) = &mut state.page.rotation
        && r.delivers(&created.token.id)
    {
        r.phase = RotationPhase::Saved(Box::new(created));
    }
}

/// After the secret screen gave way: steps 3 to 5, with the list under
/// the status line that shows them.
pub(super) fn after_secret(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(r) = &mut state.page.rotation else {
        return;
    };
    let RotationPhase::Saved(created) = std::mem::replace(&mut r.phase, RotationPhase::Finishing)
    else {
        return;
    };
    fx.push(Effect::Job(Job::RotateFinish {
        old: Box::new(r.old.clone()),
        created,
        plan: Box::new(r.plan.clone()),
    }));
    // The steps show on the status line, not under the done screen's words.
    state.page.notice = None;
    state.say(Level::Info, text::ROTATE_SECRET_SAVED);
}

/// Steps 3 to 5 ended: the result, and the list read again.
pub(super) fn rotated(state: &mut State, outcome: RotateOutcome, fx: &mut Vec<Effect>) {
    let Some(r) = state.page.rotation.take() else {
        return;
    };
    let (message, ok) = ended(&outcome, &r.old, state.settings.account_type);
    if let RotateOutcome::Rotated { new, .. } = &outcome {
        state.page.select = Some(new.id.clone());
    }
    state.status = None;
    state.page.ask = Some(Ask::Rotated { message, ok });
    super::page::start_load(state, fx);
}

/// Whether the secret screen shows the rotation's new token (its own
/// scopes are tested, not the form's).
pub(super) fn shows_new(state: &State) -> bool {
    match (&state.page.rotation, &state.screen) {
        (Some(r), Screen::Secret(c)) => r.delivers(&c.token.id),
        _ => false,
    }
}
