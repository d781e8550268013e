//! The one-time secret screen: copy, save to a file, test the token, leave.

use secrecy::{ExposeSecret, SecretString};

use crate::api::client::Credentials;
use crate::api::worker::Job;
use crate::store::expand_home;
use crate::text;
use crate::tui::keys::Action;
use crate::tui::state::{Modal, Screen, State, field_text, text_field};

use super::{Effect, edit_single_line};

pub(super) fn secret_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Screen::Secret(created) = &mut state.screen else {
        return;
    };
    match (&mut created.save_input, action) {
        (None, Action::Copy) => fx.push(Effect::CopySecret),
        (None, Action::Probe) => {
            let Some(secret) = &created.auth_token else {
                return;
            };
            // A reset or rotated token's scopes are its own, not the form's.
            let reset = state.page.reset_of.as_ref() == Some(&created.token.id)
                || state
                    .page
                    .rotation
                    .as_ref()
                    .is_some_and(|r| r.delivers(&created.token.id));
            let own = reset.then(|| {
                let ids = created.token.scopes.iter().map(String::as_str);
                crate::model::selection::Selection::from_ids(&state.catalog, ids).0
            });
            let plan = crate::model::probe::probe_plan(
                &state.catalog,
                own.as_ref().unwrap_or(&state.selection),
                state.settings.account_type,
            );
            created.probe_expectations = plan.clone();
            created.probe = Some(Vec::new());
            fx.push(Effect::Job(Job::Probe {
                credentials: Credentials {
                    account_sid: created.account_sid.clone(),
                    auth_token: SecretString::from(secret.expose_secret().to_string()),
                },
                paths: plan.into_iter().map(|(p, _)| p).collect(),
            }));
        }
        (None, Action::SaveSecret) => {
            let suggested = text::secret_file_name(&created.token.name);
            created.save_input = Some(text_field(text::PH_SECRET_FILE, &suggested));
            created.copy_note = None;
        }
        // Saved to a file by `s`: "Saved the Auth Token?" has its answer.
        (None, Action::Cancel) if created.saved => {
            super::modal::answer(state, Modal::ConfirmLeaveSecret, Action::Yes, fx);
        }
        (None, Action::Cancel) => state.modal = Some(Modal::ConfirmLeaveSecret),
        (Some(input), Action::Enter) => {
            let path = field_text(input).trim().to_string();
            if !path.is_empty() {
                created.save_input = None;
                fx.push(Effect::SaveSecret(expand_home(&path)));
            }
        }
        (Some(_), Action::Cancel) => created.save_input = None,
        (Some(input), Action::Edit(key)) => {
            edit_single_line(input, key);
        }
        _ => {}
    }
}

/// Drops the secret (secrecy zeroizes it) and leaves the secret screen.
pub(super) fn wipe_secret(state: &mut State, fx: &mut Vec<Effect>) {
    let rotated = super::rotation::shows_new(state);
    if let Screen::Secret(created) = &mut state.screen
        && rotated
        && let Some(auth_token) = created.auth_token.take()
    {
        // A rotation's step 3 tests the new token with this secret.
        let new = crate::contract::CreatedToken {
            token: created.token.clone(),
            account_sid: created.account_sid.clone(),
            auth_token,
        };
        super::rotation::saved(state, new);
    }
    if let Screen::Secret(created) = &mut state.screen {
        created.auth_token = None;
        let token = created.token.clone();
        let (name, id) = (token.name.clone(), token.id.clone());
        state.screen = if state.page.home {
            // The done screen's words, over the list with the token focused.
            state.page.notice = Some(crate::tui::state::Notice {
                name,
                id: id.clone(),
                reset: state.page.reset_of.is_some(),
            });
            state.page.select = Some(id);
            Screen::Tokens
        } else {
            Screen::Done { name, id }
        };
        // A duplicate ends here, where a plain create shows its closing
        // screen; it gives the create form back. After a create from the
        // API page the form is emptied for the next token; a reset leaves
        // it alone.
        if matches!(state.mode, crate::tui::state::WizardMode::Duplicate { .. }) {
            super::edit::finished(state, &token, fx);
        } else if state.page.home && state.page.reset_of.is_none() && !rotated {
            super::page::empty_form(state);
        }
    }
}
