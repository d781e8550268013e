//! The one place that changes [`State`]: messages in, effects out. The
//! panels, screens, worker reports, questions and paste each have a module.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use secrecy::SecretString;

use crate::api::worker::{Job, WorkerEvent};
use crate::model::validate::Field;
use crate::text;
use crate::tui::keys::{Action, map_key};
use crate::tui::state::{Level, Modal, Screen, State, Step, step_of, text_field};

mod contact;
mod create;
mod edit;
mod first_run;
mod meanwhile;
mod modal;
mod ops;
mod page;
mod paste;
mod rotation;
mod scopes;
mod secret;
mod setup;
mod worker;

pub use crate::model::probe::probe_plan;
pub use crate::tui::state::secret_field;
pub use edit::{begin_duplicate, begin_edit, finished, leave};
pub use first_run::profile_from_form;
pub use paste::{field_cap, fold_single_line};

/// Everything that can happen to the wizard.
// Moved once into `update`; boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// Bracketed paste.
    Paste(String),
    /// The terminal was resized.
    Resize(u16, u16),
    /// The worker reported.
    Worker(WorkerEvent),
    /// Spinner tick (only sent while busy).
    Tick,
    /// The copy effect finished, with what it did (or a save failed).
    Copied(String),
    /// The secret was written to a file, with what was done.
    SecretSaved(String),
    /// The first-run profile was written (or not); with the Auth Token when
    /// its variable is set.
    ProfileWritten {
        /// Ok, or why not.
        result: Result<Box<crate::store::config::Profile>, String>,
        /// The token from the profile's variable, if set.
        token: Option<SecretString>,
    },
    /// Show a note on the status line (the result of an effect).
    Note(Level, String),
    /// A draft for this account was found at start.
    DraftFound(Box<crate::store::draft::Draft>),
    /// Looking for a draft is over: none, or an unreadable one (the reason).
    DraftChecked(Option<String>),
    /// Another wizard keeps this account's draft (its pid, when known).
    DraftInUse(Option<u32>),
    /// Saving the draft failed (why), or works again.
    DraftSaved(Result<(), String>),
    /// A log file for "From a log file…" was read: the preset it gives,
    /// or why there is none.
    LogRead(Result<crate::model::preset::Preset, String>),
}

/// Work for the event loop to carry out after an update.
#[derive(Debug)]
pub enum Effect {
    /// Hand a job to the worker.
    Job(Job),
    /// Write the secret to the clipboard with OSC 52.
    CopySecret,
    /// Delete this account's draft (created, or discarded).
    DeleteDraft,
    /// Write the new token's credentials to a new private file.
    SaveSecret(std::path::PathBuf),
    /// Write the request as a spec file (TOML, or JSON by extension).
    ExportSpec(std::path::PathBuf),
    /// Write the request as Markdown steps for impact.com's web page.
    ExportChecklist(std::path::PathBuf),
    /// Read a log file for "From a log file…" (answers [`Msg::LogRead`]).
    ReadLog(std::path::PathBuf),
    /// Append a profile to config.toml (first run, after the user said yes).
    WriteProfile {
        /// Its name.
        name: String,
        /// The profile.
        profile: Box<crate::store::config::Profile>,
    },
    /// Use the profile picked at start: read its Auth Token (variable or
    /// file) and answer with [`Msg::ProfileWritten`].
    UseProfile {
        /// Its name in config.toml.
        name: String,
    },
    /// Save a named selection to presets.toml.
    SavePreset {
        /// Its name.
        name: String,
        /// Its scope Ids.
        scopes: Vec<String>,
    },
}

/// Applies one message.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(key) if !crate::tui::geometry::fits(state.size) => too_small_key(state, key),
        Msg::Key(key) => {
            if let Some(action) = map_key(state, key) {
                act(state, action, &mut fx);
            }
        }
        // Text pasted into a screen that cannot be seen would land in a
        // field nobody chose.
        Msg::Paste(_) if !crate::tui::geometry::fits(state.size) => {}
        Msg::Paste(s) => paste::paste(state, &s),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            let rows = state.tree_rows();
            state.tree.scroll_into_view(rows);
            state
                .page
                .scroll_into_view(crate::tui::state::list_rows(state.size));
        }
        Msg::Tick => state.spinner = state.spinner.wrapping_add(1),
        Msg::Worker(ev) => worker::worker_event(state, ev, &mut fx),
        Msg::Note(level, note) => state.say(level, note),
        Msg::ProfileWritten { result, token } => {
            first_run::profile_written(state, result, token, &mut fx)
        }
        Msg::DraftFound(d) => {
            state.pending_draft = Some(*d);
            state.modal = Some(Modal::ConfirmResume);
        }
        Msg::DraftChecked(problem) => {
            state.draft_checked = true;
            if let Some(reason) = problem {
                state.say(Level::Warn, text::draft_unreadable(&reason));
            }
        }
        Msg::DraftInUse(pid) => {
            state.draft_checked = true;
            state.draft_off = true;
            state.say(Level::Warn, text::draft_in_use(pid));
        }
        Msg::DraftSaved(Ok(())) => state.draft_failed = false,
        Msg::DraftSaved(Err(reason)) => {
            // Said once per failure, not at every save that fails.
            if !state.draft_failed {
                state.draft_failed = true;
                state.say(Level::Warn, text::draft_not_saved(&reason));
            }
        }
        Msg::LogRead(result) => modal::log_read(state, result),
        Msg::Copied(note) => {
            if let Screen::Secret(c) = &mut state.screen {
                c.copy_note = Some(note);
            }
        }
        Msg::SecretSaved(note) => {
            if let Screen::Secret(c) = &mut state.screen {
                c.copy_note = Some(note);
                c.saved = true;
            }
        }
    }
    state.sync_field_styles();
    fx
}

/// A key while the terminal is too small to draw the wizard: the screen
/// shows only that, so no key may act on what it hides (a dialog's `y`
/// would answer a question nobody saw). Only the quit key acts, and only
/// outside a dialog: it quits, or asks first as it always does, the
/// question waiting for a size that shows it. Ctrl-Z and Ctrl-L are the
/// event loop's and act at any size.
fn too_small_key(state: &mut State, key: KeyEvent) {
    if key.kind == crossterm::event::KeyEventKind::Release {
        return;
    }
    let quit = state
        .keymap
        .lookup(
            crate::tui::keymap::Context::Global,
            crate::tui::keymap::Key::of_event(&key),
        )
        .is_some_and(|b| b.action == Action::Quit);
    let dialog = state.modal.is_some() || state.page.ask.is_some() || state.page.menu.is_some();
    if quit && !dialog {
        // Quit touches no worker: the effects list stays empty.
        act(state, Action::Quit, &mut Vec::new());
    }
}

fn act(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    if let Some(modal) = state.modal.clone() {
        return modal::answer(state, modal, action, fx);
    }
    match action {
        Action::Quit => {
            if secret_saved(state) {
                // Nothing to ask: the secret is in its file.
                modal::answer(state, Modal::ConfirmQuit, Action::Yes, fx);
            } else if state.has_unsaved_input() {
                state.modal = Some(Modal::ConfirmQuit);
            } else {
                state.quit = true;
            }
            return;
        }
        Action::Help => {
            state.modal = Some(Modal::Help);
            return;
        }
        _ => {}
    }
    match &state.screen {
        Screen::Welcome => first_run::welcome_action(state, action, fx),
        Screen::PickProfile => first_run::picker_action(state, action, fx),
        Screen::ProfileSetup => first_run::profile_action(state, action),
        Screen::Credentials => first_run::credentials_action(state, action, fx),
        Screen::Secret(_) => secret::secret_action(state, action, fx),
        Screen::Done { .. } => {}
        Screen::Wizard => wizard_action(state, action, fx),
        Screen::Tokens => page::page_action(state, action, fx),
    }
}

/// Whether the secret on screen was saved to a file by `s`.
fn secret_saved(state: &State) -> bool {
    matches!(&state.screen, Screen::Secret(c) if c.saved)
}

fn wizard_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Next => next(state),
        // Back from the first panel to the list: a duplicate or an edit is
        // abandoned (nothing was sent), a new token's form stays as it is.
        Action::Back if state.step == Step::Setup && state.page.home => {
            if state.mode.is_create() {
                page::leave_wizard(state);
            } else {
                edit::leave(state, fx);
                state.status = None;
            }
        }
        Action::Back => {
            if let Some(p) = state.step.prev() {
                state.step = p;
                state.status = None;
            }
        }
        Action::Goto(step) => goto(state, step),
        Action::Retry => worker::retry(state, fx),
        _ => match state.step {
            Step::Setup => setup::setup_action(state, action, fx),
            Step::Contact => contact::contact_action(state, action),
            Step::Scopes => scopes::scopes_action(state, action),
            Step::Create => create::create_action(state, action, fx),
        },
    }
}

/// Next: refused, with the reasons on their fields, while the panel is invalid.
fn next(state: &mut State) {
    let step = state.step;
    let errors = state.step_errors(step);
    for f in Field::ALL.into_iter().filter(|f| step_of(*f) == step) {
        state.field_errors.remove(&f);
    }
    if !errors.is_empty() {
        let first = errors[0].1.clone();
        state.field_errors.extend(errors);
        state.say(Level::Error, text::cannot_continue(&first));
        return;
    }
    state.visited[step.index()] = true;
    state.status = None;
    if step == Step::Setup && state.name_taken() {
        state.say(Level::Warn, text::NAME_EXISTS_WARNING);
    }
    if let Some(n) = step.next() {
        state.step = n;
        state.review_scroll = 0;
    }
}

fn goto(state: &mut State, target: Step) {
    if target <= state.step {
        state.step = target;
        state.status = None;
        return;
    }
    // Forward jumps pass through every panel in between, so each must be valid.
    if let Some(blocker) = Step::ALL[..target.index()]
        .iter()
        .find(|s| !state.step_valid(**s))
    {
        let errors = state.step_errors(*blocker);
        let title = crate::tui::summary::panel_title(state, *blocker);
        state.say(Level::Error, text::finish_first(title, &errors[0].1));
        return;
    }
    for s in &Step::ALL[..target.index()] {
        state.visited[s.index()] = true;
    }
    state.step = target;
    state.review_scroll = 0;
    state.status = None;
}

/// Sends a key to a single-line field, never letting it become two lines:
/// every text field's keys pass here. Returns whether the text changed.
fn edit_single_line(field: &mut TextArea<'static>, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab => return false,
        KeyCode::Char('m' | 'j') if ctrl => return false,
        KeyCode::Char(c) if c.is_control() => return false,
        _ => {}
    }
    let before = field.lines().first().cloned();
    // Ctrl-U deletes back to the start of the line, as in a shell (the
    // text area's own Ctrl-U is undo, which looks like one deleted character).
    if ctrl && matches!(key.code, KeyCode::Char('u' | 'U')) {
        return field.delete_line_by_head();
    }
    field.input(key);
    if field.lines().len() > 1 {
        let joined = field.lines().join(" ");
        *field = text_field("", &joined);
    }
    field.lines().first() != before.as_ref()
}
