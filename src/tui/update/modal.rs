//! Answers to the questions and overlays on top of the wizard.

use crate::model::validate::Field;
use crate::text;
use crate::tui::keys::Action;
use crate::tui::state::{Level, Modal, State, field_text, text_field};

use super::{
    Effect, edit_single_line, first_run::profile_from_form, scopes::clear_all, secret::wipe_secret,
};

pub(super) fn answer(state: &mut State, modal: Modal, action: Action, fx: &mut Vec<Effect>) {
    match (&modal, &action) {
        (Modal::Presets(i), Action::Up) => {
            state.modal = Some(Modal::Presets(i.saturating_sub(1)));
            return;
        }
        (Modal::Presets(i), Action::Down) => {
            state.modal = Some(Modal::Presets(
                (i + 1).min(state.presets.len().saturating_sub(1)),
            ));
            return;
        }
        (Modal::Presets(i), Action::Yes) => {
            state.modal = Some(
                if state.presets[*i].rule == crate::model::preset::Rule::FromLog {
                    Modal::LogPath
                } else {
                    Modal::ConfirmPreset(*i)
                },
            );
            return;
        }
        (Modal::LogPath, Action::Edit(key)) => {
            edit_single_line(&mut state.log_input, *key);
            return;
        }
        (Modal::LogPath, Action::Yes) => {
            let path = field_text(&state.log_input).trim().to_string();
            if !path.is_empty() {
                state.modal = None;
                fx.push(Effect::ReadLog(crate::store::expand_home(&path)));
            }
            return;
        }
        (Modal::LogPath, Action::No | Action::Cancel) => {
            state.modal = Some(Modal::Presets(from_log_row(state)));
            return;
        }
        (Modal::ConfirmPreset(i), Action::Yes) => {
            let preset = state.presets[*i].clone();
            let d = crate::model::preset::diff(&preset.rule, &state.catalog, &state.selection);
            state.remember_for_undo();
            state.selection = d.result;
            for ci in state.selection.enabled_categories().collect::<Vec<_>>() {
                state.tree.set_expanded(&state.catalog, ci, true);
            }
            state.field_errors.remove(&Field::Scopes);
            state.modal = None;
            state.say(
                Level::Info,
                text::preset_applied(
                    &preset.name,
                    d.added.len(),
                    d.removed.len(),
                    &crate::tui::hints::keys(
                        &state.keymap,
                        crate::tui::keymap::Context::Panels,
                        &[Action::Undo],
                    ),
                ),
            );
            return;
        }
        (Modal::ConfirmPreset(i), Action::No) => {
            state.modal = Some(Modal::Presets(*i));
            return;
        }
        (Modal::SavePreset, Action::Edit(key)) => {
            edit_single_line(&mut state.preset_input, *key);
            return;
        }
        (Modal::SavePreset | Modal::ConfirmReplacePreset, Action::Yes) => {
            let name = field_text(&state.preset_input).trim().to_string();
            if name.is_empty() {
                return;
            }
            // Replacing one of the user's presets is asked first.
            let taken = state
                .presets
                .iter()
                .any(|p| p.name == name && matches!(p.rule, crate::model::preset::Rule::Saved(_)));
            if taken && modal == Modal::SavePreset {
                state.modal = Some(Modal::ConfirmReplacePreset);
                return;
            }
            let ids: Vec<String> = state
                .selection
                .selected_ids(&state.catalog)
                .into_iter()
                .map(str::to_string)
                .collect();
            state.presets.retain(|p| {
                p.name != name || !matches!(p.rule, crate::model::preset::Rule::Saved(_))
            });
            state.add_saved_presets(vec![(name.clone(), ids.clone())]);
            state.preset_input = text_field(text::PH_PRESET_NAME, "");
            state.modal = None;
            fx.push(Effect::SavePreset { name, scopes: ids });
            return;
        }
        (Modal::ConfirmReplacePreset, Action::No | Action::Cancel) => {
            state.modal = Some(Modal::SavePreset); // back to the name, as typed
            return;
        }
        (Modal::ChangedMeanwhile | Modal::KeepMine, Action::Yes | Action::No | Action::Cancel) => {
            state.modal = None;
            super::meanwhile::answer(state, &modal, action == Action::Yes, fx);
            return;
        }
        _ => {}
    }
    if modal == Modal::ConfirmResume || modal == Modal::ConfirmDiscardDraft {
        return resume_answer(state, &modal, action, fx);
    }
    let yes = action == Action::Yes;
    if matches!(action, Action::Yes | Action::No | Action::Cancel) {
        state.modal = None;
    }
    if !yes {
        return;
    }
    match modal {
        Modal::Help => {}
        Modal::ConfirmQuit => {
            wipe_secret(state, fx);
            // A secret waiting its turn is shown, not lost with the quit.
            if state.page.queued.is_some() {
                super::page::after_secret(state, fx);
            } else {
                state.quit = true;
            }
        }
        Modal::ConfirmClearAll => clear_all(state),
        Modal::ConfirmLeaveSecret => {
            wipe_secret(state, fx);
            super::page::after_secret(state, fx);
        }
        Modal::ConfirmUpdate => super::edit::send_update(state, fx),
        Modal::ConfirmWriteProfile => {
            if let Ok((name, profile)) = profile_from_form(state) {
                fx.push(Effect::WriteProfile {
                    name,
                    profile: Box::new(profile),
                });
            }
        }
        Modal::ConfirmResume
        | Modal::ConfirmDiscardDraft
        | Modal::Presets(_)
        | Modal::ConfirmPreset(_)
        | Modal::SavePreset
        | Modal::ConfirmReplacePreset
        | Modal::LogPath
        | Modal::ChangedMeanwhile
        | Modal::KeepMine => {}
    }
}

/// The row of "From a log file…" in the preset list.
fn from_log_row(state: &State) -> usize {
    state
        .presets
        .iter()
        .position(|p| p.rule == crate::model::preset::Rule::FromLog)
        .unwrap_or(0)
}

/// A log file was read: its preset goes just below "From a log file…"
/// (replacing an earlier one) and its change is shown before applying,
/// like any preset's. On failure the path question opens again.
pub(super) fn log_read(state: &mut State, result: Result<crate::model::preset::Preset, String>) {
    match result {
        Ok(preset) => {
            state
                .presets
                .retain(|p| !matches!(p.rule, crate::model::preset::Rule::Logged(_)));
            let at = from_log_row(state) + 1;
            state.say(Level::Info, preset.about.clone());
            state.presets.insert(at.min(state.presets.len()), preset);
            state.modal = Some(Modal::ConfirmPreset(at.min(state.presets.len() - 1)));
        }
        Err(why) => {
            state.say(Level::Error, why);
            state.modal = Some(Modal::LogPath);
        }
    }
}

/// The resume question: `y` resumes; `n` and Esc leave the draft for
/// later; `d` asks whether to discard it, and only a yes to that deletes it
/// (a no goes back to the resume question); quit leaves it too.
fn resume_answer(state: &mut State, modal: &Modal, action: Action, fx: &mut Vec<Effect>) {
    match (modal, action) {
        (Modal::ConfirmResume, Action::Yes) => {
            // A caller the server says may not change tokens is told now,
            // not after filling in the form; the draft stays for later.
            if let Some(p) = state.page.permissions.as_ref().filter(|p| !p.can_change) {
                let why = text::not_permitted(p.role.as_deref());
                resume_later(state, false);
                state.say(Level::Error, why);
                return;
            }
            state.modal = None;
            state.draft_checked = true;
            let Some(d) = state.pending_draft.take() else {
                return;
            };
            // Resuming from the API page opens the wizard with the draft.
            if matches!(state.screen, crate::tui::state::Screen::Tokens) {
                state.screen = crate::tui::state::Screen::Wizard;
            }
            let unknown = state.apply_draft(&d);
            if unknown.is_empty() {
                state.say(Level::Info, text::DRAFT_RESUMED);
            } else {
                state.say(Level::Warn, text::scopes_dropped(&unknown));
            }
        }
        (Modal::ConfirmResume, Action::No | Action::Cancel) => resume_later(state, false),
        (Modal::ConfirmResume | Modal::ConfirmDiscardDraft, Action::Quit) => {
            resume_later(state, true)
        }
        (Modal::ConfirmResume, Action::Delete) => state.modal = Some(Modal::ConfirmDiscardDraft),
        (Modal::ConfirmDiscardDraft, Action::Yes) => {
            state.modal = None;
            state.draft_checked = true;
            if state.pending_draft.take().is_some() {
                fx.push(Effect::DeleteDraft);
                state.say(Level::Info, text::DRAFT_DISCARDED);
            }
        }
        (Modal::ConfirmDiscardDraft, Action::No | Action::Cancel) => {
            state.modal = Some(Modal::ConfirmResume);
        }
        _ => {}
    }
}

/// Not now or quit at the resume question: the draft stays on disk untouched
/// for the next start, so this session keeps none of its own.
fn resume_later(state: &mut State, quit: bool) {
    state.modal = None;
    state.pending_draft = None;
    state.draft_checked = true;
    state.draft_off = true;
    if !quit {
        state.say(Level::Info, text::DRAFT_LATER);
    } else if state.has_unsaved_input() {
        state.modal = Some(Modal::ConfirmQuit);
    } else {
        state.quit = true;
    }
}
