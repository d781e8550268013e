//! The API page's changes (the menu's Reset, Upgrade Version, Enable,
//! Disable, Delete): sending one, and what its answer means. Besides done
//! and refused, an answer may say the token changed meanwhile (nothing was
//! done: the list is read again to show it as it is) or that the outcome is
//! unknown (every answer was lost). A reset whose answer was lost may have
//! made a secret only the server's answer holds, so it is asked again with
//! the same Idempotency-Key, which the server answers with that secret.

use crate::api::error::ApiError;
use crate::api::worker::{Job, TokenOp, TokenOpDone};
use crate::contract::Token;
use crate::text;
use crate::tui::state::{Ask, Level, Sent, State, list_rows};

use super::Effect;

/// Names, e-mails and dates from the server are shown, so they are made
/// inert. Ids stay as sent (calls use them) and are made inert where shown.
pub(super) fn inert_token(mut t: Token) -> Token {
    t.name = text::inert(&t.name);
    t.description = text::inert(&t.description);
    t.primary_contact_user_id = text::inert(&t.primary_contact_user_id);
    t.developer_emails = t.developer_emails.iter().map(|e| text::inert(e)).collect();
    t.api_version = text::inert(&t.api_version);
    t.date_created = text::inert(&t.date_created);
    t
}

/// What a menu item is called in progress and failure messages.
fn op_label(op: &TokenOp) -> &'static str {
    match op {
        TokenOp::Reset => text::MENU_RESET,
        TokenOp::SetEnabled(true) => text::MENU_ENABLE,
        TokenOp::SetEnabled(false) => text::MENU_DISABLE,
        TokenOp::Delete => text::MENU_DELETE,
        TokenOp::Update(_) => text::MENU_UPGRADE,
    }
}

/// Sends `op` on the token `id`, as listed (its revision), with a new key.
pub(super) fn send(state: &mut State, id: &str, op: TokenOp, fx: &mut Vec<Effect>) {
    let (name, revision) = state
        .page
        .token(id)
        .map(|t| (t.name.clone(), t.revision.clone()))
        .unwrap_or_default();
    let sent = Sent {
        id: id.to_string(),
        name,
        revision,
        op,
    };
    dispatch(state, sent, None, fx);
}

/// Yes to [`Ask::LostReset`]: the same reset again, with its key and the
/// revision it was sent with.
pub(super) fn ask_again(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(Ask::LostReset {
        id,
        name,
        revision,
        key,
    }) = state.page.ask.take()
    else {
        return;
    };
    let sent = Sent {
        id,
        name,
        revision,
        op: TokenOp::Reset,
    };
    dispatch(state, sent, Some(key), fx);
}

fn dispatch(state: &mut State, sent: Sent, key: Option<String>, fx: &mut Vec<Effect>) {
    state.say(
        Level::Info,
        text::token_op_running(op_label(&sent.op), &sent.name),
    );
    fx.push(Effect::Job(Job::TokenOp {
        id: sent.id.clone(),
        revision: sent.revision.clone(),
        op: sent.op.clone(),
        key,
    }));
    state.page.pending = Some(sent);
}

/// A menu item's answer arrived.
pub(super) fn token_op_done(
    state: &mut State,
    id: String,
    result: Result<TokenOpDone, ApiError>,
    fx: &mut Vec<Effect>,
) {
    let sent = match state.page.pending.take() {
        Some(s) if s.id == id => Some(s),
        other => {
            state.page.pending = other;
            None
        }
    };
    match result {
        Ok(TokenOpDone::Reset(created)) => {
            state.page.reset_of = Some(created.token.id.clone());
            super::worker::show_secret(state, created);
        }
        Ok(TokenOpDone::Updated(token)) => updated(state, &id, inert_token(token)),
        Ok(TokenOpDone::Deleted) => deleted(state, &id),
        Err(e) => failed(state, &id, sent, e, fx),
    }
}

fn updated(state: &mut State, id: &str, token: Token) {
    let note = match state.page.token(id) {
        Some(old) if old.is_enabled() && !token.is_enabled() => text::token_disabled(&token.name),
        Some(old) if !old.is_enabled() && token.is_enabled() => text::token_enabled(&token.name),
        _ => text::token_upgraded(&token.name, &token.api_version),
    };
    match state.page.tokens.iter_mut().find(|t| t.id == id) {
        Some(t) => *t = token,
        None => state.page.tokens.push(token),
    }
    state.page.keys.clear(); // names may have changed: computed anew
    state.page.refilter(list_rows(state.size));
    state.say(Level::Info, note);
}

fn deleted(state: &mut State, id: &str) {
    let name = state
        .page
        .token(id)
        .map(|t| t.name.clone())
        .unwrap_or(id.to_string());
    state.page.remove(id, list_rows(state.size));
    state.say(Level::Info, text::page_token_deleted(&name));
}

/// A change that was not done, or whose outcome is unknown. Whenever the
/// list may no longer show the token as it is, it is read again.
fn failed(state: &mut State, id: &str, sent: Option<Sent>, e: ApiError, fx: &mut Vec<Effect>) {
    let name = sent
        .as_ref()
        .map(|s| s.name.clone())
        .or_else(|| state.page.token(id).map(|t| t.name.clone()))
        .unwrap_or_else(|| id.to_string());
    let label = sent.as_ref().map_or("", |s| op_label(&s.op));
    let reset = sent.as_ref().is_some_and(|s| s.op == TokenOp::Reset);
    match e {
        ApiError::Changed { current } => {
            let message = match current.map(|t| inert_token(*t)) {
                None => text::token_gone_meanwhile(label, &name),
                Some(now) => {
                    let state_now =
                        text::token_state_now(&now.name, now.is_enabled(), &now.api_version);
                    if reset {
                        text::reset_lost_the_race(&name, &state_now)
                    } else {
                        text::token_changed_meanwhile(label, &name, &state_now)
                    }
                }
            };
            state.say(Level::Warn, message);
            super::page::start_load(state, fx);
        }
        ApiError::OutcomeUnknown { key, .. } if reset => {
            state.say(Level::Error, text::reset_outcome_unknown(&name));
            state.page.menu = None;
            state.page.ask = Some(Ask::LostReset {
                id: id.to_string(),
                name,
                revision: sent.map(|s| s.revision).unwrap_or_default(),
                key,
            });
        }
        ApiError::OutcomeUnknown { .. } => {
            state.say(Level::Warn, text::token_op_unknown(label, &name));
            super::page::start_load(state, fx);
        }
        e => {
            let why = e.message(Some(state.settings.account_type));
            state.say(Level::Error, text::token_op_failed(label, &why));
            // The list may be out of date (say, deleted elsewhere): read it again.
            if matches!(e, ApiError::NotFound { .. }) {
                super::page::start_load(state, fx);
            }
        }
    }
}
