//! Worker reports: connection, loads, submission progress, the token test.

use crate::api::error::ApiError;
use crate::api::worker::{Job, Load, SubmitProgress, WorkerEvent};
use crate::contract::CreatedToken;
use crate::model::catalog::{Catalog, CatalogSource};
use crate::model::validate::Field;
use crate::text;
use crate::tui::state::{
    ContactFocus, Created, Level, ProbeLine, Screen, SetupFocus, State, SubmitState, step_of,
};

use super::Effect;

pub(super) fn worker_event(state: &mut State, ev: WorkerEvent, fx: &mut Vec<Effect>) {
    use crate::tui::state::Connection;
    match ev {
        WorkerEvent::Ready { account_sid, .. } => state.account_sid = Some(account_sid),
        WorkerEvent::Company(Ok(info)) => {
            state.connection = Connection::Connected {
                company: text::inert(&info.company_name),
            };
            load_recovered(state, Load::Company);
            if state.page.home {
                super::page::start_load(state, fx);
            }
        }
        WorkerEvent::Company(Err(e)) => {
            let msg = e.message(Some(state.settings.account_type));
            state.connection = Connection::Failed(msg.clone());
            // Users pages may have been read alongside the check: their
            // progress means nothing now.
            state.contact.pages = None;
            if matches!(e, ApiError::Unauthorized { .. }) && !state.settings.sandbox {
                state.say(Level::Error, msg);
                state.screen = Screen::Credentials;
            } else {
                // Nothing else loads without a connection: say so where the
                // contacts would be, and offer Ctrl-R.
                state.contact.load_error = Some(text::not_connected_because(&msg));
                load_failed(state, Load::Company, Level::Error, msg);
            }
        }
        WorkerEvent::Retrying {
            load,
            next_attempt,
            delay,
            error,
        } => {
            let what = text::load_failed(load, &error.message(None));
            state.say(Level::Warn, text::retrying(next_attempt, delay, &what));
        }
        WorkerEvent::Contacts(Ok(c)) => contacts_arrived(state, c),
        WorkerEvent::Contacts(Err(e)) => {
            state.contact.loaded = true;
            let msg = text::contacts_failed(&e.message(None));
            state.contact.load_error = Some(msg.clone());
            load_failed(state, Load::Users, Level::Error, msg);
        }
        WorkerEvent::Catalog {
            api_version,
            result,
        } => {
            if api_version != state.api_version() {
                return; // an answer for a version no longer chosen
            }
            if result.is_ok() {
                load_recovered(state, Load::Catalog);
            }
            match result {
                Ok(Some(doc)) => match Catalog::from_doc(doc, CatalogSource::Live) {
                    Ok(live) => replace_catalog(state, live),
                    Err(e) => state.say(Level::Warn, text::catalog_fallback(&e.to_string())),
                },
                Ok(None) => {}
                Err(e) => {
                    let msg = text::catalog_fallback(&e.message(None));
                    load_failed(state, Load::Catalog, Level::Warn, msg);
                }
            }
        }
        WorkerEvent::Tokens(Ok(list)) => {
            state.existing_names = list
                .into_iter()
                .map(|t| crate::model::validate::name_key(t.name.trim()))
                .collect();
        }
        WorkerEvent::Permissions(p) => state.page.permissions = p,
        WorkerEvent::RotateStep(line) => super::rotation::step(state, line),
        WorkerEvent::RotateDuplicated(result) => super::rotation::duplicated(state, result),
        WorkerEvent::Rotated(outcome) => super::rotation::rotated(state, *outcome, fx),
        WorkerEvent::Tokens(Err(_)) => {} // only used for a warning; the server still refuses duplicates
        WorkerEvent::Submit(p) => {
            let sending = if state.mode.original().is_some() {
                text::UPDATING
            } else {
                text::SUBMITTING
            };
            if let SubmitState::Running {
                status, wait_until, ..
            } = &mut state.submit
            {
                *wait_until = None;
                *status = match p {
                    SubmitProgress::Sending(1) => sending.to_string(),
                    SubmitProgress::Sending(n) => text::attempt(n),
                    SubmitProgress::RetryIn {
                        next_attempt,
                        delay,
                        error,
                    } => text::retrying(next_attempt, delay, &error.message(None)),
                    SubmitProgress::RateLimited { wait } => {
                        *wait_until = Some(std::time::Instant::now() + wait);
                        text::RATE_LIMITED_WAIT.to_string()
                    }
                };
            }
        }
        WorkerEvent::Created(Ok(created)) => {
            // A duplicate is not the user's create draft: that stays.
            if state.mode.is_create() {
                fx.push(Effect::DeleteDraft);
            }
            show_secret(state, created);
        }
        WorkerEvent::Created(Err(e)) => {
            state.submit = SubmitState::Idle;
            submit_failed(state, &e);
        }
        WorkerEvent::Updated(result) => super::edit::updated(state, result, fx),
        WorkerEvent::Cancelled => {
            state.submit = SubmitState::Idle;
            let note = if state.mode.original().is_some() {
                text::UPDATE_CANCELLED
            } else {
                text::CANCELLED
            };
            state.say(Level::Warn, note);
        }
        WorkerEvent::ContactsPage { page, of } => {
            state.contact.pages = (of > 1 || page > 1).then_some((page, of));
        }
        WorkerEvent::RateLimitLow(rate) => {
            if let (Some(limit), Some(remaining)) = (rate.limit, rate.remaining) {
                state.say(
                    Level::Warn,
                    text::rate_limit_low(remaining, limit, rate.wait_secs()),
                );
            }
        }
        WorkerEvent::TokensPage { generation, result } => {
            super::page::tokens_page(state, generation, result, fx)
        }
        WorkerEvent::TokenOp { id, result } => super::ops::token_op_done(state, id, result, fx),
        WorkerEvent::UpgradeCatalogs { from, to, result } => {
            super::page::upgrade_catalogs(state, &from, &to, result)
        }
        WorkerEvent::Probed(results) => {
            if let Screen::Secret(c) = &mut state.screen {
                let expected = c.probe_expectations.clone();
                c.probe = Some(
                    results
                        .into_iter()
                        .map(|(path, r)| ProbeLine {
                            expected_allowed: expected
                                .iter()
                                .find(|(p, _)| *p == path)
                                .is_none_or(|(_, a)| *a),
                            path,
                            result: r.map_err(|e| e.message(None)),
                        })
                        .collect(),
                );
            }
        }
    }
}

/// The Primary Contact candidates arrived (again): a contact chosen that
/// is no longer among them is dropped, and the focused row stays within
/// the list, which may be shorter than before.
fn contacts_arrived(state: &mut State, c: crate::api::worker::Contacts) {
    state.contact.contacts = c
        .list
        .into_iter()
        .map(|mut c| {
            c.name = text::inert(&c.name);
            c.email = c.email.map(|e| text::inert(&e));
            c.user_id = text::inert(&c.user_id);
            c.role = c.role.map(|r| text::inert(&r));
            c
        })
        .collect();
    state.contact.from_company = c.from_company;
    state.contact.loaded = true;
    let wanted = state.contact.chosen.clone();
    state.contact.pages = None;
    state.contact.load_error = None;
    load_recovered(state, Load::Users);
    if let Some(id) = &state.contact.chosen
        && !state.contact.contacts.iter().any(|c| &c.user_id == id)
    {
        state.contact.chosen = None;
    }
    super::edit::contacts_arrived(state, wanted);
    // The list read again may be shorter than the row focused.
    let shown = state.filtered_contacts().len();
    state.contact.cursor = state.contact.cursor.min(shown.saturating_sub(1));
}

/// A background load failed for good: remember it for Ctrl-R and say what failed.
fn load_failed(state: &mut State, load: Load, level: Level, message: String) {
    if !state.failed_loads.contains(&load) {
        state.failed_loads.push(load);
    }
    let message = crate::tui::hints::with_retry(&state.keymap, &message);
    state.say(level, message);
}

/// A load that had failed has now arrived.
fn load_recovered(state: &mut State, load: Load) {
    state.failed_loads.retain(|l| *l != load);
}

/// Ctrl-R: asks the worker again for what failed. A failed connection is
/// run again whole (everything else depends on it).
pub(super) fn retry(state: &mut State, fx: &mut Vec<Effect>) {
    let failed = std::mem::take(&mut state.failed_loads);
    if failed.is_empty() {
        return;
    }
    let api_version = state.api_version().to_string();
    if failed.contains(&Load::Company) {
        state.connection = crate::tui::state::Connection::Connecting;
        state.contact.loaded = false;
        state.contact.load_error = None;
        fx.push(Effect::Job(Job::Reconnect { api_version }));
    } else {
        if failed.contains(&Load::Users) {
            state.contact.loaded = false;
            state.contact.load_error = None;
            fx.push(Effect::Job(Job::LoadContacts));
        }
        if failed.contains(&Load::Catalog) {
            fx.push(Effect::Job(Job::LoadCatalog { api_version }));
        }
    }
    state.say(Level::Info, text::RETRYING_LOADS);
}

fn replace_catalog(state: &mut State, live: Catalog) {
    let version = state.api_version().to_string();
    let (selection, dropped) = state.selection.remap(&state.catalog, &live);
    state.setup.version = live
        .versions
        .iter()
        .position(|v| *v == version)
        .unwrap_or(0);
    state.tree = crate::model::tree::ScopeTree::new(&live);
    state.catalog = live;
    state.selection = selection;
    state.refresh_search();
    if !dropped.is_empty() {
        state.say(Level::Warn, text::scopes_dropped(&dropped));
    }
    super::edit::catalog_replaced(state);
}

pub(super) fn show_secret(state: &mut State, created: CreatedToken) {
    // Two secrets at once (a Reset answered while a create's secret is up,
    // or the reverse): the second waits its turn instead of replacing the first.
    state.submit = SubmitState::Idle;
    if matches!(state.screen, Screen::Secret(_)) {
        state.page.queued = Some(Box::new(created));
        return;
    }
    state.status = None;
    state.modal = None;
    state.screen = Screen::Secret(Box::new(Created {
        token: created.token,
        account_sid: created.account_sid,
        auth_token: Some(created.auth_token),
        copy_note: None,
        save_input: None,
        probe: None,
        probe_expectations: Vec::new(),
        saved: false,
    }));
}

pub(super) fn submit_failed(state: &mut State, e: &ApiError) {
    state.show_api_error(e);
    if matches!(e, ApiError::Conflict { .. }) {
        state
            .field_errors
            .insert(Field::Name, text::NAME_TAKEN.into());
    }
    // Take the user to the first field the server named; nothing typed is touched.
    let first = Field::ALL
        .into_iter()
        .find(|f| state.field_errors.contains_key(f));
    if let Some(f) = first {
        state.step = step_of(f);
        match f {
            Field::Name => state.setup.focus = SetupFocus::Name,
            Field::Description => state.setup.focus = SetupFocus::Description,
            Field::ApiVersion => state.setup.focus = SetupFocus::Version,
            Field::PrimaryContactUserId => state.contact.focus = ContactFocus::Contacts,
            Field::DeveloperEmails => {
                state.contact.focus = if state.contact.emails.is_empty() {
                    ContactFocus::EmailInput
                } else {
                    ContactFocus::EmailList
                }
            }
            Field::Scopes => {}
        }
    }
}
