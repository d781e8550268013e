//! The first-run screens: welcome, the profile form, and the credentials prompt.

use secrecy::SecretString;

use crate::api::client::Credentials;
use crate::api::worker::Job;
use crate::text;
use crate::tui::keys::Action;
use crate::tui::state::{Level, Modal, Screen, State, field_text, secret_field, text_field};

use super::{Effect, edit_single_line};

pub(super) fn welcome_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Pick('s') => {
            state.settings.sandbox = true;
            state.screen = state.home_screen();
            state.connection = crate::tui::state::Connection::Connecting;
            let account_type = state.settings.account_type;
            fx.push(Effect::Job(Job::Retarget {
                backend: crate::api::worker::Backend::Sandbox,
                account_type,
            }));
            fx.push(Effect::Job(Job::Connect {
                credentials: None,
                api_version: state.api_version().to_string(),
            }));
        }
        Action::Pick('p') => state.screen = Screen::ProfileSetup,
        _ => {}
    }
}

/// The profile picker: move, pick (Enter), or quit (handled before).
pub(super) fn picker_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Up => state.picker.step(-1),
        Action::Down => state.picker.step(1),
        Action::Enter => {
            let Some(choice) = state.picker.current() else {
                return;
            };
            // The same check as a profile named with --profile, before any
            // connection to the picked URL.
            if let Err(why) =
                crate::api::url::check(&choice.api_url, state.picker.allow_insecure_http)
            {
                state.say(Level::Error, why);
                return;
            }
            fx.push(Effect::UseProfile {
                name: choice.name.clone(),
            });
        }
        _ => {}
    }
}

/// The profile the first-run form describes, or why it cannot be saved yet.
pub fn profile_from_form(
    state: &State,
) -> Result<(String, crate::store::config::Profile), (usize, String)> {
    let f = &state.profile_form;
    let text = |i: usize| field_text(&f.fields[i]).trim().to_string();
    let name = text(0);
    if !crate::store::config::valid_name(&name) {
        return Err((0, text::bad_profile_name(&name)));
    }
    let sid = text(1);
    if sid.is_empty() {
        return Err((2, text::SID_REQUIRED.into()));
    }
    let url = text(2);
    // The same check as --api-url: no credentials in clear to another host.
    crate::api::url::check(&url, false).map_err(|m| (3, m))?;
    let var = text(3);
    let account_type = crate::model::account::AccountType::ALL[f.account_type];
    Ok((
        name,
        crate::store::config::Profile {
            account_type: account_type.as_str().into(),
            account_sid: sid,
            api_url: url,
            api_version: None,
            auth_token_env: (!var.is_empty()).then_some(var),
            auth_token_file: None,
        },
    ))
}

pub(super) fn profile_action(state: &mut State, action: Action) {
    let f = &mut state.profile_form;
    match action {
        Action::FocusNext => f.focus = (f.focus + 1).min(4),
        Action::FocusPrev => f.focus = f.focus.saturating_sub(1),
        Action::Left => f.account_type = f.account_type.saturating_sub(1),
        Action::Right => f.account_type = (f.account_type + 1) % 3,
        Action::Cancel => state.screen = Screen::Welcome,
        Action::Enter if f.focus < 4 => f.focus += 1,
        Action::Enter => match profile_from_form(state) {
            Ok(_) => state.modal = Some(Modal::ConfirmWriteProfile),
            Err((row, why)) => {
                state.profile_form.focus = row;
                state.say(Level::Error, why);
            }
        },
        Action::Edit(key) => {
            let row = f.focus;
            if let Some(field) = f.field_of(row) {
                edit_single_line(field, key);
            }
        }
        _ => {}
    }
}

pub(super) fn credentials_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let form = &mut state.credentials;
    match action {
        Action::FocusNext | Action::FocusPrev | Action::Up | Action::Down => {
            form.on_token = !form.on_token
        }
        Action::Enter if !form.on_token => form.on_token = true,
        Action::Enter => {
            let sid = field_text(&form.sid).trim().to_string();
            if sid.is_empty() || field_text(&form.token).trim().is_empty() {
                state.say(Level::Error, text::CREDENTIALS_REQUIRED);
                return;
            }
            // Move the secret out of the text field at once, and wipe the
            // field's copies (its lines; the field keeps no undo history).
            let mut lines = std::mem::replace(&mut form.token, secret_field()).into_lines();
            let token = SecretString::from(lines.concat().trim().to_string());
            lines.iter_mut().for_each(zeroize::Zeroize::zeroize);
            form.on_token = false;
            state.account_sid = Some(sid.clone());
            state.connection = crate::tui::state::Connection::Connecting;
            state.screen = state.home_screen();
            state.status = None;
            fx.push(Effect::Job(Job::Connect {
                credentials: Some(Credentials {
                    account_sid: sid,
                    auth_token: token,
                }),
                api_version: state.api_version().to_string(),
            }));
        }
        Action::Edit(key) => {
            let field = if form.on_token {
                &mut form.token
            } else {
                &mut form.sid
            };
            edit_single_line(field, key);
        }
        _ => {}
    }
}

/// The first-run profile was written (or not): retarget the worker, then
/// connect when the token's variable is set, else ask for the token.
pub(super) fn profile_written(
    state: &mut State,
    result: Result<Box<crate::store::config::Profile>, String>,
    token: Option<SecretString>,
    fx: &mut Vec<Effect>,
) {
    match result {
        Err(e) => state.say(Level::Error, e),
        Ok(profile) => {
            let t = profile
                .account_type()
                .unwrap_or(state.settings.account_type);
            state.set_account_type(t);
            if let Some(v) = &profile.api_version
                && let Some(i) = state.versions().iter().position(|x| x == v)
            {
                state.setup.version = i;
            }
            state.settings.sandbox = false;
            state.status = None;
            fx.push(Effect::Job(Job::Retarget {
                backend: crate::api::worker::Backend::Remote {
                    base_url: profile.api_url.clone(),
                },
                account_type: t,
            }));
            state.credentials.sid = text_field(text::PH_ACCOUNT_SID, &profile.account_sid);
            match token {
                Some(auth_token) => {
                    state.account_sid = Some(profile.account_sid.clone());
                    state.screen = state.home_screen();
                    state.connection = crate::tui::state::Connection::Connecting;
                    fx.push(Effect::Job(Job::Connect {
                        credentials: Some(Credentials {
                            account_sid: profile.account_sid.clone(),
                            auth_token,
                        }),
                        api_version: state.api_version().to_string(),
                    }));
                }
                None => {
                    state.screen = Screen::Credentials;
                    state.credentials.on_token = true;
                }
            }
        }
    }
}
