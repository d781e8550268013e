//! The one place that changes [`State`]: messages in, effects out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use secrecy::{ExposeSecret, SecretString};

use crate::api::client::Credentials;
use crate::api::error::ApiError;
use crate::api::worker::{Job, Load, SubmitProgress, WorkerEvent};
use crate::contract::CreatedToken;
use crate::model::catalog::{Catalog, CatalogSource};
use crate::model::request::Submission;
use crate::model::tree::Row;
use crate::model::validate::{self, Field};
use crate::text;
use crate::tui::geometry;
use crate::tui::keys::{Action, map_key};
use crate::tui::state::{
    ContactFocus, Created, Level, Modal, ProbeLine, Screen, SetupFocus, State, Step, SubmitState,
    field_text, step_of, text_field,
};

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
    /// The copy effect finished, with what it did.
    Copied(String),
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
    /// Append a profile to config.toml (first run, after the user said yes).
    WriteProfile {
        /// Its name.
        name: String,
        /// The profile.
        profile: Box<crate::store::config::Profile>,
    },
    /// Save a named selection to presets.toml.
    SavePreset {
        /// Its name.
        name: String,
        /// Its scope Ids.
        scopes: Vec<String>,
    },
}

/// Longest paste taken into a single-line field; fields hold at most 255
/// characters, so more is certainly a mistake (and must not stall the UI).
const PASTE_MAX: usize = 1024;

/// Applies one message.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(key) => {
            if let Some(action) = map_key(state, key) {
                act(state, action, &mut fx);
            }
        }
        Msg::Paste(s) => paste(state, &s),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            let rows = state.tree_rows();
            state.tree.scroll_into_view(rows);
        }
        Msg::Tick => state.spinner = state.spinner.wrapping_add(1),
        Msg::Worker(ev) => worker_event(state, ev, &mut fx),
        Msg::Note(level, note) => state.say(level, note),
        Msg::ProfileWritten { result, token } => match result {
            Err(e) => state.say(Level::Error, e),
            Ok(profile) => {
                let t = profile
                    .account_type()
                    .unwrap_or(state.settings.account_type);
                state.set_account_type(t);
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
                        state.screen = Screen::Wizard;
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
        },
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
        Msg::Copied(note) => {
            if let Screen::Secret(c) = &mut state.screen {
                c.copy_note = Some(note);
            }
        }
    }
    state.sync_field_styles();
    fx
}

fn worker_event(state: &mut State, ev: WorkerEvent, fx: &mut Vec<Effect>) {
    use crate::tui::state::Connection;
    match ev {
        WorkerEvent::Ready { account_sid, .. } => state.account_sid = Some(account_sid),
        WorkerEvent::Company(Ok(info)) => {
            state.connection = Connection::Connected {
                company: text::inert(&info.company_name),
            };
            load_recovered(state, Load::Company);
        }
        WorkerEvent::Company(Err(e)) => {
            let msg = e.message(Some(state.settings.account_type));
            state.connection = Connection::Failed(msg.clone());
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
        WorkerEvent::Contacts(Ok(c)) => {
            state.contact.contacts = c
                .list
                .into_iter()
                .map(|mut c| {
                    c.name = text::inert(&c.name);
                    c.email = c.email.map(|e| text::inert(&e));
                    c.user_id = text::inert(&c.user_id);
                    c
                })
                .collect();
            state.contact.from_company = c.from_company;
            state.contact.loaded = true;
            state.contact.load_error = None;
            load_recovered(state, Load::Users);
            if let Some(id) = &state.contact.chosen
                && !state.contact.contacts.iter().any(|c| &c.user_id == id)
            {
                state.contact.chosen = None;
            }
        }
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
        WorkerEvent::Tokens(Err(_)) => {} // only used for a warning; the server still refuses duplicates
        WorkerEvent::Submit(p) => {
            if let SubmitState::Running {
                status, wait_until, ..
            } = &mut state.submit
            {
                *wait_until = None;
                *status = match p {
                    SubmitProgress::Sending(1) => text::SUBMITTING.to_string(),
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
            show_secret(state, created);
            fx.push(Effect::DeleteDraft);
        }
        WorkerEvent::Created(Err(e)) => {
            state.submit = SubmitState::Idle;
            submit_failed(state, &e);
        }
        WorkerEvent::Cancelled => {
            state.submit = SubmitState::Idle;
            state.say(Level::Warn, text::CANCELLED);
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
fn retry(state: &mut State, fx: &mut Vec<Effect>) {
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
}

fn show_secret(state: &mut State, created: CreatedToken) {
    state.submit = SubmitState::Idle;
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
    }));
}

fn submit_failed(state: &mut State, e: &ApiError) {
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

fn act(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    if let Some(modal) = state.modal.clone() {
        return answer(state, modal, action, fx);
    }
    match action {
        Action::Quit => {
            if state.has_unsaved_input() {
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
        Screen::Welcome => welcome_action(state, action, fx),
        Screen::ProfileSetup => profile_action(state, action),
        Screen::Credentials => credentials_action(state, action, fx),
        Screen::Secret(_) => secret_action(state, action, fx),
        Screen::Done { .. } => {}
        Screen::Wizard => wizard_action(state, action, fx),
    }
}

fn welcome_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Pick('s') => {
            state.settings.sandbox = true;
            state.screen = Screen::Wizard;
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

fn profile_action(state: &mut State, action: Action) {
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

fn secret_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Screen::Secret(created) = &mut state.screen else {
        return;
    };
    match (&mut created.save_input, action) {
        (None, Action::Copy) => fx.push(Effect::CopySecret),
        (None, Action::Probe) => {
            let Some(secret) = &created.auth_token else {
                return;
            };
            let plan = probe_plan(
                &state.catalog,
                &state.selection,
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

/// The masked Auth Token field: no undo history, so no copies of the secret linger.
pub fn secret_field() -> TextArea<'static> {
    let mut t = text_field(text::PH_AUTH_TOKEN, "");
    t.set_mask_char('•');
    t.set_max_histories(0);
    t
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

/// `~/x` means the home directory, as in a shell.
fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

fn answer(state: &mut State, modal: Modal, action: Action, fx: &mut Vec<Effect>) {
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
            state.modal = Some(Modal::ConfirmPreset(*i));
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
                text::preset_applied(&preset.name, d.added.len(), d.removed.len()),
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
        _ => {}
    }
    if modal == Modal::ConfirmResume && matches!(action, Action::Cancel | Action::Quit) {
        return resume_later(state, action == Action::Quit);
    }
    let yes = action == Action::Yes;
    let close = matches!(action, Action::Yes | Action::No | Action::Cancel);
    if close {
        state.modal = None;
    }
    if modal == Modal::ConfirmResume && close {
        state.draft_checked = true;
        if let Some(d) = state.pending_draft.take() {
            if yes {
                let unknown = state.apply_draft(&d);
                if unknown.is_empty() {
                    state.say(Level::Info, text::DRAFT_RESUMED);
                } else {
                    state.say(Level::Warn, text::scopes_dropped(&unknown));
                }
            } else {
                fx.push(Effect::DeleteDraft);
                state.say(Level::Info, text::DRAFT_DISCARDED);
            }
        }
        return;
    }
    if !yes {
        return;
    }
    match modal {
        Modal::Help => {}
        Modal::ConfirmQuit => {
            wipe_secret(state);
            state.quit = true;
        }
        Modal::ConfirmClearAll => clear_all(state),
        Modal::ConfirmLeaveSecret => wipe_secret(state),
        Modal::ConfirmWriteProfile => {
            if let Ok((name, profile)) = profile_from_form(state) {
                fx.push(Effect::WriteProfile {
                    name,
                    profile: Box::new(profile),
                });
            }
        }
        Modal::ConfirmResume
        | Modal::Presets(_)
        | Modal::ConfirmPreset(_)
        | Modal::SavePreset
        | Modal::ConfirmReplacePreset => {}
    }
}

/// Esc or quit at the resume question: the draft stays on disk untouched
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

/// Drops the secret (secrecy zeroizes it) and leaves the secret screen.
fn wipe_secret(state: &mut State) {
    if let Screen::Secret(created) = &mut state.screen {
        created.auth_token = None;
        let (name, id) = (created.token.name.clone(), created.token.id.clone());
        state.screen = Screen::Done { name, id };
    }
}

fn clear_all(state: &mut State) {
    state.remember_for_undo();
    let n = state.selection.total();
    state.selection.clear_all();
    let catalog = &state.catalog;
    for ci in 0..catalog.categories.len() {
        state.tree.set_expanded(catalog, ci, false);
    }
    let rows = state.tree_rows();
    state.tree.scroll_into_view(rows);
    state.say(Level::Info, text::cleared(n));
}

fn credentials_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
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
            state.screen = Screen::Wizard;
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

fn wizard_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Next => next(state),
        Action::Back => {
            if let Some(p) = state.step.prev() {
                state.step = p;
                state.status = None;
            }
        }
        Action::Goto(step) => goto(state, step),
        Action::Retry => retry(state, fx),
        _ => match state.step {
            Step::Setup => setup_action(state, action, fx),
            Step::Contact => contact_action(state, action),
            Step::Scopes => scopes_action(state, action),
            Step::Create => create_action(state, action, fx),
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
        state.say(Level::Error, text::finish_first(*blocker, &errors[0].1));
        return;
    }
    for s in &Step::ALL[..target.index()] {
        state.visited[s.index()] = true;
    }
    state.step = target;
    state.review_scroll = 0;
    state.status = None;
}

fn setup_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let s = &mut state.setup;
    let order = [
        SetupFocus::Name,
        SetupFocus::Description,
        SetupFocus::Version,
    ];
    let at = order.iter().position(|f| *f == s.focus).unwrap_or(0);
    match action {
        Action::FocusNext | Action::Down => s.focus = order[(at + 1).min(2)],
        Action::FocusPrev | Action::Up => s.focus = order[at.saturating_sub(1)],
        Action::Enter if s.focus == SetupFocus::Version => next(state),
        Action::Enter => s.focus = order[at + 1],
        Action::Left | Action::Right | Action::Toggle if s.focus == SetupFocus::Version => {
            let n = state.catalog.versions.len();
            let old = s.version;
            s.version = match action {
                Action::Left => old.saturating_sub(1),
                Action::Right => (old + 1).min(n.saturating_sub(1)),
                _ => (old + 1) % n.max(1),
            };
            if s.version != old {
                state.field_errors.remove(&Field::ApiVersion);
                fx.push(Effect::Job(Job::LoadCatalog {
                    api_version: state.api_version().to_string(),
                }));
            }
        }
        Action::Edit(key) => {
            let (field, which) = match s.focus {
                SetupFocus::Name => (&mut s.name, Field::Name),
                SetupFocus::Description => (&mut s.description, Field::Description),
                SetupFocus::Version => return,
            };
            if edit_single_line(field, key) {
                state.field_errors.remove(&which);
            }
        }
        _ => {}
    }
}

fn contact_action(state: &mut State, action: Action) {
    let has_emails = !state.contact.emails.is_empty();
    let c = &mut state.contact;
    match (c.focus, action) {
        (_, Action::FocusNext) => {
            c.focus = match c.focus {
                ContactFocus::Contacts => ContactFocus::EmailInput,
                ContactFocus::EmailInput if has_emails => ContactFocus::EmailList,
                _ => ContactFocus::Contacts,
            }
        }
        (_, Action::FocusPrev) => {
            c.focus = match c.focus {
                ContactFocus::Contacts if has_emails => ContactFocus::EmailList,
                ContactFocus::Contacts | ContactFocus::EmailList => ContactFocus::EmailInput,
                ContactFocus::EmailInput => ContactFocus::Contacts,
            }
        }
        (ContactFocus::Contacts, Action::Up) => c.cursor = c.cursor.saturating_sub(1),
        (ContactFocus::Contacts, Action::Down) => {
            let n = state.filtered_contacts().len();
            let c = &mut state.contact;
            c.cursor = (c.cursor + 1).min(n.saturating_sub(1));
        }
        (ContactFocus::Contacts, Action::Enter) => {
            let filtered = state.filtered_contacts();
            match filtered.get(state.contact.cursor) {
                Some(&i) => {
                    let c = &mut state.contact;
                    c.chosen = Some(c.contacts[i].user_id.clone());
                    c.focus = ContactFocus::EmailInput;
                    state.field_errors.remove(&Field::PrimaryContactUserId);
                    state.status = None;
                }
                None if state.contact.load_error.is_some() => {
                    let why = state.contact.load_error.clone().unwrap_or_default();
                    let why = crate::tui::hints::with_retry(&state.keymap, &why);
                    state.say(Level::Error, why);
                }
                None if !state.contact.loaded => state.say(Level::Info, text::CONTACTS_LOADING),
                None => state.say(Level::Error, text::NO_CONTACT_MATCHES),
            }
        }
        (ContactFocus::Contacts, Action::Cancel) => {
            c.filter = text_field(text::PH_FILTER, "");
            c.cursor = 0;
        }
        (ContactFocus::Contacts, Action::Edit(key)) if edit_single_line(&mut c.filter, key) => {
            c.cursor = 0
        }
        (ContactFocus::EmailInput, Action::Up) => c.focus = ContactFocus::Contacts,
        (ContactFocus::EmailInput, Action::Down) if has_emails => c.focus = ContactFocus::EmailList,
        (ContactFocus::EmailInput, Action::Enter) => {
            let email = field_text(&c.email_input).trim().to_string();
            if email.is_empty() {
                return next(state);
            }
            match validate::check_new_email(&c.emails, &email) {
                Ok(()) => {
                    c.emails.push(email);
                    c.email_input = text_field(text::PH_EMAIL, "");
                    state.field_errors.remove(&Field::DeveloperEmails);
                }
                Err(e) => {
                    state.field_errors.insert(Field::DeveloperEmails, e);
                }
            }
        }
        (ContactFocus::EmailInput, Action::Edit(key))
            if edit_single_line(&mut c.email_input, key) =>
        {
            state.field_errors.remove(&Field::DeveloperEmails);
        }
        (ContactFocus::EmailList, Action::Up) => {
            if c.email_cursor == 0 {
                c.focus = ContactFocus::EmailInput;
            } else {
                c.email_cursor -= 1;
            }
        }
        (ContactFocus::EmailList, Action::Down) => {
            c.email_cursor = (c.email_cursor + 1).min(c.emails.len().saturating_sub(1))
        }
        (ContactFocus::EmailList, Action::Delete) if c.email_cursor < c.emails.len() => {
            let removed = c.emails.remove(c.email_cursor);
            c.email_cursor = c.email_cursor.min(c.emails.len().saturating_sub(1));
            if c.emails.is_empty() {
                c.focus = ContactFocus::EmailInput;
            }
            state.say(Level::Info, text::email_removed(&removed));
        }
        (ContactFocus::EmailList, Action::Enter) => next(state),
        _ => {}
    }
}

fn scopes_action(state: &mut State, action: Action) {
    if state.search.editing {
        match action {
            Action::Enter => state.search.editing = false,
            Action::Cancel => clear_search(state),
            Action::Up => state.tree.move_by(-1),
            Action::Down => state.tree.move_by(1),
            Action::Edit(key) if edit_single_line(&mut state.search.input, key) => {
                state.refresh_search()
            }
            _ => {}
        }
        let rows = state.tree_rows();
        state.tree.scroll_into_view(rows);
        return;
    }
    let height = state.tree_rows();
    let catalog = &state.catalog;
    let current = state.tree.current();
    match action {
        Action::Up => state.tree.move_by(-1),
        Action::Down => state.tree.move_by(1),
        Action::PageUp => state.tree.move_by(-(height as isize)),
        Action::PageDown => state.tree.move_by(height as isize),
        Action::Home => state.tree.move_to(0),
        Action::End => state.tree.move_to(usize::MAX),
        Action::Left => match current {
            Some(Row::Category(ci)) => state.tree.set_expanded(catalog, ci, false),
            Some(Row::Scope(si)) => state.tree.move_to_category(catalog.scope(si).category),
            None => {}
        },
        Action::Right => {
            if let Some(Row::Category(ci)) = current {
                state.tree.set_expanded(catalog, ci, true);
            }
        }
        Action::Toggle => match current {
            Some(Row::Category(ci)) => {
                let on = state.selection.toggle_category(ci);
                state.tree.set_expanded(catalog, ci, on);
                state.field_errors.remove(&Field::Scopes);
            }
            Some(Row::Scope(si)) => {
                state.selection.toggle_scope(si);
                state.field_errors.remove(&Field::Scopes);
            }
            None => {}
        },
        Action::ToggleCategoryAll => {
            let ci = match current {
                Some(Row::Category(ci)) => ci,
                Some(Row::Scope(si)) => catalog.scope(si).category,
                None => return,
            };
            match &state.search.matches {
                // While searching, only the shown scopes of the category.
                Some(m) => {
                    let shown: Vec<usize> = catalog.categories[ci]
                        .range
                        .clone()
                        .filter(|&i| m.has(i))
                        .collect();
                    let on = !shown.iter().all(|&i| state.selection.is_selected(i));
                    for i in shown {
                        state.selection.set_scope(i, on);
                    }
                }
                None => state.selection.toggle_all_in(ci),
            }
            state.tree.set_expanded(catalog, ci, true);
            state.field_errors.remove(&Field::Scopes);
        }
        Action::ClearAll => {
            if state.selection.total() > 10 {
                state.modal = Some(Modal::ConfirmClearAll);
            } else {
                clear_all(state);
            }
        }
        Action::Search => state.search.editing = true,
        Action::Presets => state.modal = Some(Modal::Presets(0)),
        Action::SavePreset if state.selection.total() == 0 => {
            state.say(Level::Error, text::SCOPES_REQUIRED)
        }
        Action::SavePreset => state.modal = Some(Modal::SavePreset),
        Action::Undo => match state.undo.pop() {
            Some(previous) => {
                state.selection = previous;
                for ci in state.selection.enabled_categories().collect::<Vec<_>>() {
                    state.tree.set_expanded(&state.catalog, ci, true);
                }
                state.say(Level::Info, text::UNDONE);
            }
            None => state.say(Level::Info, text::NOTHING_TO_UNDO),
        },
        Action::Cancel if state.search.matches.is_some() => clear_search(state),
        Action::Enter => next(state),
        _ => {}
    }
    let rows = state.tree_rows();
    state.tree.scroll_into_view(rows);
}

fn clear_search(state: &mut State) {
    state.search.editing = false;
    state.search.input = text_field(text::PH_SEARCH, "");
    state.refresh_search();
}

fn create_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let page = geometry::review_page(state.size);
    let max_scroll = crate::tui::view::create::review_len(state).saturating_sub(page);
    if let Some(input) = &mut state.export_input {
        match action {
            Action::Enter => {
                let path = field_text(input).trim().to_string();
                if !path.is_empty() {
                    state.export_input = None;
                    fx.push(Effect::ExportSpec(expand_home(&path)));
                }
            }
            Action::Cancel => state.export_input = None,
            Action::Edit(key) => {
                edit_single_line(input, key);
            }
            _ => {}
        }
        return;
    }
    match action {
        Action::Export => {
            let name = text::spec_file_name(&state.request().name);
            state.export_input = Some(text_field(text::PH_SPEC_FILE, &name));
        }
        Action::Up => state.review_scroll = state.review_scroll.saturating_sub(1),
        Action::Down => state.review_scroll = (state.review_scroll + 1).min(max_scroll),
        Action::PageUp => state.review_scroll = state.review_scroll.saturating_sub(page),
        Action::PageDown => state.review_scroll = (state.review_scroll + page).min(max_scroll),
        Action::Home => state.review_scroll = 0,
        Action::End => state.review_scroll = max_scroll,
        Action::Enter => submit(state, fx),
        Action::Cancel => {
            if matches!(state.submit, SubmitState::Running { .. }) {
                state.submit = SubmitState::Cancelling;
                fx.push(Effect::Job(Job::Cancel));
            }
        }
        _ => {}
    }
}

fn submit(state: &mut State, fx: &mut Vec<Effect>) {
    if !matches!(state.submit, SubmitState::Idle) {
        return;
    }
    if let Some(blocker) = Step::ALL[..3].iter().find(|s| !state.step_valid(**s)) {
        let errors = state.step_errors(*blocker);
        state.say(Level::Error, text::finish_first(*blocker, &errors[0].1));
        return;
    }
    let submission = Submission::next(state.last_submission.as_ref(), state.request());
    state.last_submission = Some(submission.clone());
    state.field_errors.clear();
    state.status = None;
    state.submit = SubmitState::Running {
        started: std::time::Instant::now(),
        status: text::SUBMITTING.to_string(),
        wait_until: None,
    };
    fx.push(Effect::Job(Job::Submit(submission)));
}

/// Most characters each kind of field holds after a paste: the field's own
/// limit where the contract has one, a generous bound elsewhere. Counted for
/// the whole field, so repeated pastes cannot grow it past the limit.
pub mod field_cap {
    /// Token Name.
    pub const NAME: usize = crate::model::validate::NAME_MAX;
    /// Description.
    pub const DESCRIPTION: usize = crate::model::validate::DESCRIPTION_MAX;
    /// A developer e-mail (RFC 5321's longest address).
    pub const EMAIL: usize = 254;
    /// The contact filter and the scope search.
    pub const SEARCH: usize = 100;
    /// A preset name.
    pub const PRESET_NAME: usize = 64;
    /// A file path (export, secret file): Linux's PATH_MAX.
    pub const PATH: usize = 4096;
    /// Account SID, profile name, Auth Token variable name.
    pub const SHORT: usize = 128;
    /// Auth Token, API URL.
    pub const LONG: usize = 2048;
}

fn paste(state: &mut State, raw: &str) {
    use field_cap as cap;
    let in_preset_name = state.modal == Some(Modal::SavePreset);
    if state.modal.is_some() && !in_preset_name {
        return;
    }
    if !in_preset_name && !crate::tui::keys::text_focus(state) {
        return;
    }
    let (field, max): (&mut TextArea<'static>, usize) = match (&mut state.screen, state.step) {
        _ if in_preset_name => (&mut state.preset_input, cap::PRESET_NAME),
        (Screen::Credentials, _) => {
            let f = &mut state.credentials;
            if f.on_token {
                (&mut f.token, cap::LONG)
            } else {
                (&mut f.sid, cap::SHORT)
            }
        }
        (Screen::ProfileSetup, _) => {
            let row = state.profile_form.focus;
            let max = if row == 3 { cap::LONG } else { cap::SHORT };
            match state.profile_form.field_of(row) {
                Some(f) => (f, max),
                None => return,
            }
        }
        (Screen::Secret(c), _) => match &mut c.save_input {
            Some(f) => (f, cap::PATH),
            None => return,
        },
        (Screen::Wizard, Step::Setup) => match state.setup.focus {
            SetupFocus::Name => (&mut state.setup.name, cap::NAME),
            _ => (&mut state.setup.description, cap::DESCRIPTION),
        },
        (Screen::Wizard, Step::Contact) => match state.contact.focus {
            ContactFocus::Contacts => (&mut state.contact.filter, cap::SEARCH),
            _ => (&mut state.contact.email_input, cap::EMAIL),
        },
        (Screen::Wizard, Step::Scopes) => (&mut state.search.input, cap::SEARCH),
        (Screen::Wizard, Step::Create) => match &mut state.export_input {
            Some(f) => (f, cap::PATH),
            None => return,
        },
        _ => return,
    };
    // Lengths count as the validator counts them (after NFC), so a combining
    // accent pasted after its letter does not take a place of its own.
    let existing = field_text(field).to_string();
    let fits = |n: usize, clean: &str| {
        let head: String = clean.chars().take(n).collect();
        n <= PASTE_MAX && crate::model::validate::counted_len(&format!("{existing}{head}")) <= max
    };
    // Folding one character more than a paste may hold tells whether anything was cut.
    let (mut clean, changed) = fold_single_line(raw, PASTE_MAX + 1);
    let total = clean.chars().count();
    let cut = !fits(total, &clean);
    if cut {
        // The longest head that fits: counted length grows with the head.
        let (mut lo, mut hi) = (0, total);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(mid, &clean) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        clean = clean.chars().take(lo).collect();
    }
    field.insert_str(&clean);
    if in_preset_name {
        // nothing else depends on the preset name
    } else if matches!(state.screen, Screen::Wizard) && state.step == Step::Scopes {
        state.refresh_search();
        let rows = state.tree_rows();
        state.tree.scroll_into_view(rows);
    } else if matches!(state.screen, Screen::Wizard) && state.step == Step::Contact {
        state.contact.cursor = 0;
    }
    let folded = changed && (!cut || raw.chars().any(char::is_control));
    if cut {
        state.say(Level::Warn, text::paste_cut(max, folded));
    } else if folded {
        state.say(Level::Warn, text::PASTE_FOLDED);
    }
}

/// Folds pasted text to one line: line breaks and tabs become spaces, other
/// control characters are dropped, and the length is capped. Returns whether
/// anything was changed.
pub fn fold_single_line(raw: &str, max_chars: usize) -> (String, bool) {
    let mut out = String::with_capacity(raw.len().min(max_chars * 4));
    let mut changed = false;
    let mut n = 0;
    let mut prev_cr = false;
    for c in raw.chars() {
        if n == max_chars {
            changed = true;
            break;
        }
        let was_cr = prev_cr;
        prev_cr = c == '\r';
        match c {
            '\n' if was_cr => continue, // CRLF is one break
            '\r' | '\n' | '\t' => {
                out.push(' ');
                changed = true;
            }
            c if c.is_control() => {
                changed = true;
                continue;
            }
            c => out.push(c),
        }
        n += 1;
    }
    (out, changed)
}

/// Sends a key to a single-line field, never letting it become two lines.
/// Returns whether the text changed.
fn edit_single_line(field: &mut TextArea<'static>, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab => return false,
        KeyCode::Char('m' | 'j') if ctrl => return false,
        KeyCode::Char(c) if c.is_control() => return false,
        _ => {}
    }
    let before = field.lines().first().cloned();
    field.input(key);
    if field.lines().len() > 1 {
        let joined = field.lines().join(" ");
        *field = text_field("", &joined);
    }
    field.lines().first() != before.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_is_folded_and_capped() {
        assert_eq!(
            fold_single_line("a\r\nb\tc", 100),
            ("a b c".to_string(), true)
        );
        assert_eq!(fold_single_line("plain", 100), ("plain".to_string(), false));
        assert_eq!(
            fold_single_line("x\u{1b}[2Jy", 100),
            ("x[2Jy".to_string(), true)
        );
        let big = "z".repeat(1_000_000);
        let (s, changed) = fold_single_line(&big, PASTE_MAX);
        assert_eq!(s.len(), PASTE_MAX);
        assert!(changed);
        assert_eq!(fold_single_line("日本語😀", 3).0, "日本語");
    }
}
