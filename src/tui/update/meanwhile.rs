//! An edit whose update was refused because the token changed meanwhile
//! (412): what the other change did is shown, and the edit may be
//! re-applied on top of it (a three-way merge, [`crate::model::merge`]),
//! so that neither change is lost. Nothing is sent without the usual
//! review and confirmation; the next update names the token as it is now.

use crate::contract::{CreateTokenRequest, Token};
use crate::model::merge::merge;
use crate::text;
use crate::tui::state::{Level, Modal, State, Step, WizardMode};

use super::Effect;

/// The update was refused: `current` is the token now (`None`: gone, or
/// it could not be read again).
pub(super) fn changed(state: &mut State, current: Option<Box<Token>>, fx: &mut Vec<Effect>) {
    let Some(original) = state.mode.original() else {
        // The edit was left meanwhile: nothing to re-apply.
        let name = current.as_ref().map_or(String::new(), |t| t.name.clone());
        state.say(Level::Warn, text::edit_changed_after_leaving(&name));
        return;
    };
    let name = original.name.clone();
    let Some(now) = current else {
        super::edit::leave(state, fx);
        if state.page.home {
            super::page::start_load(state, fx);
        }
        state.say(Level::Error, text::edit_target_gone(&name));
        return;
    };
    let now = super::ops::inert_token(*now);
    // An earlier try of this very update, whose answer was lost, made it.
    if same_settings(&now.to_request(), &state.request()) {
        return super::edit::finished(state, &now, fx);
    }
    state.mode_memo.meanwhile = Some(Box::new(now));
    state.status = None;
    state.modal = Some(Modal::ChangedMeanwhile);
}

/// Every answer to the update was lost: it may or may not have been made.
/// The edit stays; sending it again finds out (done, or refused as changed
/// meanwhile, which then shows the token as it is).
pub(super) fn unknown(state: &mut State) {
    state.say(Level::Error, text::EDIT_OUTCOME_UNKNOWN);
}

/// The answer to [`Modal::ChangedMeanwhile`] or [`Modal::KeepMine`] (the
/// dialog is already closed).
pub(super) fn answer(state: &mut State, modal: &Modal, yes: bool, fx: &mut Vec<Effect>) {
    match modal {
        Modal::ChangedMeanwhile if !yes => state.say(Level::Info, text::MEANWHILE_NOT_NOW),
        Modal::ChangedMeanwhile => match state.meanwhile() {
            Some((_, conflicts)) if !conflicts.is_empty() => state.modal = Some(Modal::KeepMine),
            Some(_) => reapply(state, false, fx),
            None => {}
        },
        // Mine only when the user says so.
        Modal::KeepMine => reapply(state, yes, fx),
        _ => {}
    }
}

/// Fills the panels with the edit merged onto the token now, which the
/// edit then starts from (its revision goes with the next update), and
/// opens the Update review.
fn reapply(state: &mut State, keep_mine: bool, fx: &mut Vec<Effect>) {
    let Some(now) = state.mode_memo.meanwhile.take() else {
        return;
    };
    let Some(original) = state.mode.original() else {
        return;
    };
    let merged = merge(
        &original.to_request(),
        &state.request(),
        &now.to_request(),
        keep_mine,
    )
    .request;
    let mut token = (*now).clone();
    token.name = merged.name;
    token.description = merged.description;
    token.api_version = merged.api_version;
    token.primary_contact_user_id = merged.primary_contact_user_id;
    token.developer_emails = merged.developer_emails;
    token.scopes = merged.scopes;
    state.mode = WizardMode::Edit { original: now };
    let name = token.name.clone();
    super::edit::fill(state, &token, &name, fx);
    state.visited = [true, true, true, false];
    state.step = Step::Create;
    let done = text::EDIT_REAPPLIED;
    // The panels' own notes (a contact no longer active…) still matter.
    match state.status.take() {
        Some((Level::Warn, notes)) => state.say(Level::Warn, format!("{done} · {notes}")),
        _ => state.say(Level::Info, done.to_string()),
    }
}

/// Whether two settings are the same: text without surrounding spaces,
/// scopes and e-mails in any order.
fn same_settings(a: &CreateTokenRequest, b: &CreateTokenRequest) -> bool {
    let text = |x: &str, y: &str| x.trim() == y.trim();
    let set = |x: &[String], y: &[String]| {
        let mut x: Vec<&String> = x.iter().collect();
        let mut y: Vec<&String> = y.iter().collect();
        x.sort();
        x.dedup();
        y.sort();
        y.dedup();
        x == y
    };
    text(&a.name, &b.name)
        && text(&a.description, &b.description)
        && text(&a.api_version, &b.api_version)
        && text(&a.primary_contact_user_id, &b.primary_contact_user_id)
        && set(&a.developer_emails, &b.developer_emails)
        && set(&a.scopes, &b.scopes)
}
