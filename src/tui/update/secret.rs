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
            // A reset token's scopes are its own, not the form's.
            let reset = state.page.reset_of.as_ref() == Some(&created.token.id);
            let own = reset.then(|| {
                let ids = created.token.scopes.iter().map(String::as_str);
                crate::model::selection::Selection::from_ids(&state.catalog, ids).0
            });
            let plan = probe_plan(
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

/// What the token test calls besides CompanyInformation: one GET the token
/// allows and one it does not (when there are such), as paths under the
/// root with placeholders filled in, each with whether it should be allowed.
pub fn probe_plan(
    catalog: &crate::model::catalog::Catalog,
    selection: &crate::model::selection::Selection,
    account_type: crate::model::account::AccountType,
) -> Vec<(String, bool)> {
    let prefix = format!("/{}/{{AccountSID}}", account_type.root_segment());
    let under_root = |i: usize| {
        let s = catalog.scope(i);
        let rest = s.path.strip_prefix(&prefix)?;
        if s.method != "GET" || rest.is_empty() || rest == "/CompanyInformation" {
            return None;
        }
        Some(fill_placeholders(rest))
    };
    let allowed = selection.selected_indices().find_map(under_root);
    let denied = (0..catalog.len())
        .filter(|&i| !selection.is_selected(i))
        .find_map(under_root);
    allowed
        .map(|p| (p, true))
        .into_iter()
        .chain(denied.map(|p| (p, false)))
        .collect()
}

/// Replaces `{Name}` segments with a sample value.
fn fill_placeholders(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                "1"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Drops the secret (secrecy zeroizes it) and leaves the secret screen.
pub(super) fn wipe_secret(state: &mut State) {
    if let Screen::Secret(created) = &mut state.screen {
        created.auth_token = None;
        let (name, id) = (created.token.name.clone(), created.token.id.clone());
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
    }
}
