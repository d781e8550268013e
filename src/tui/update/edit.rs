//! Duplicate and Edit: the wizard's four panels filled from a token. A
//! duplicate is a create that starts at the review with a free copy name;
//! an edit sends the whole settings back with `PUT` after showing what
//! changes and asking a second time. The API page's menu calls
//! [`begin_duplicate`] and [`begin_edit`]; [`finished`] is where both end.

use crate::api::error::ApiError;
use crate::api::worker::Job;
use crate::contract::Token;
use crate::model::selection::Selection;
use crate::model::tokens::version_cmp;
use crate::model::tree::ScopeTree;
use crate::model::validate::{Field, name_key};
use crate::text;
use crate::tui::state::{
    ContactFocus, Level, Modal, ModeMemo, Screen, SetupFocus, State, Step, SubmitState, WizardMode,
    text_field,
};

use super::Effect;

/// Opens the wizard at the review with `token`'s settings and scopes and
/// the name "NAME (copy)" (free among `others`); Create then makes a new
/// token, whose secret is shown once as for any create.
pub fn begin_duplicate(state: &mut State, token: &Token, others: &[Token], fx: &mut Vec<Effect>) {
    if !can_begin(state) {
        return;
    }
    let from_name = text::inert(&token.name);
    enter(
        state,
        WizardMode::Duplicate {
            from_name: from_name.clone(),
        },
    );
    let name = crate::model::tokens::copy_name(&from_name, others);
    fill(state, token, &name, fx);
    state.visited = [true, true, true, false];
    state.step = Step::Create;
}

/// Opens the wizard on `token` for editing: Overview (name, description,
/// the version or a newer one), API Credentials (contact, e-mails) and API
/// Scopes; the last panel becomes Update.
pub fn begin_edit(state: &mut State, token: &Token, fx: &mut Vec<Effect>) {
    if !can_begin(state) {
        return;
    }
    enter(
        state,
        WizardMode::Edit {
            original: Box::new(token.clone()),
        },
    );
    let name = text::inert(&token.name);
    fill(state, token, &name, fx);
    state.visited = [true, true, true, false];
    state.step = Step::Setup;
}

/// Where a duplicate (once its secret screen is left) and an update end:
/// says what was made or changed, and gives the wizard back to Create with
/// the create form as it was before (or a fresh one).
/// On the API page, an update goes back to the list, read again with the
/// token focused (a duplicate gets there through its secret screen).
pub fn finished(state: &mut State, token: &Token, fx: &mut Vec<Effect>) {
    let edited = matches!(state.mode, WizardMode::Edit { .. });
    let message = match &state.mode {
        WizardMode::Edit { original } => {
            let old = name_key(original.name.trim());
            state.existing_names.retain(|n| *n != old);
            text::token_updated(&token.name)
        }
        _ => text::token_duplicated(&token.name),
    };
    let key = name_key(token.name.trim());
    if !state.existing_names.contains(&key) {
        state.existing_names.push(key);
    }
    leave(state, fx);
    if edited && state.page.home {
        state.page.select = Some(token.id.clone());
        super::page::start_load(state, fx);
    }
    state.say(Level::Info, message);
}

/// Ends a duplicate or an edit without sending anything: the create form
/// comes back as it was when the mode began (with its version's catalog).
pub fn leave(state: &mut State, fx: &mut Vec<Effect>) {
    if state.mode.is_create() {
        return;
    }
    let version = state.api_version().to_string();
    let memo = std::mem::take(&mut state.mode_memo);
    state.mode = WizardMode::Create;
    clear_form(state);
    if let Some(d) = memo.create_stash {
        state.apply_draft(&d);
    }
    state.last_submission = memo.create_submission;
    if state.api_version() != version {
        fx.push(Effect::Job(Job::LoadCatalog {
            api_version: state.api_version().to_string(),
        }));
    }
    state.screen = if state.page.home {
        Screen::Tokens
    } else {
        Screen::Wizard
    };
}

/// Enter on the Update panel: refuses while a panel is invalid, says so
/// when nothing changed (sending nothing), else asks the second time.
pub(super) fn ask_update(state: &mut State) {
    if !matches!(state.submit, SubmitState::Idle) {
        return;
    }
    if let Some(blocker) = Step::ALL[..3].iter().find(|s| !state.step_valid(**s)) {
        let errors = state.step_errors(*blocker);
        let title = crate::tui::summary::panel_title(state, *blocker);
        state.say(Level::Error, text::finish_first(title, &errors[0].1));
        return;
    }
    match state.changes() {
        Some(c) if !c.is_empty() => state.modal = Some(Modal::ConfirmUpdate),
        Some(_) => state.say(Level::Info, text::NOTHING_TO_UPDATE),
        None => {}
    }
}

/// Yes to the second confirmation: the worker sends the update.
pub(super) fn send_update(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(original) = state.mode.original() else {
        return;
    };
    if !matches!(state.submit, SubmitState::Idle) || state.changes().is_none_or(|c| c.is_empty()) {
        return;
    }
    let (id, revision) = (original.id.clone(), original.revision.clone());
    state.field_errors.clear();
    state.status = None;
    state.submit = SubmitState::Running {
        started: std::time::Instant::now(),
        status: text::UPDATING.to_string(),
        wait_until: None,
    };
    fx.push(Effect::Job(Job::Update {
        id,
        revision,
        request: state.request(),
    }));
}

/// The worker's answer to an update.
pub(super) fn updated(state: &mut State, result: Result<Token, ApiError>, fx: &mut Vec<Effect>) {
    state.submit = SubmitState::Idle;
    match result {
        Ok(token) if state.mode.original().is_some() => finished(state, &token, fx),
        // The edit was left meanwhile; the server has the update all the same.
        Ok(token) => state.say(Level::Info, text::token_updated(&token.name)),
        Err(ApiError::Changed { current }) => super::meanwhile::changed(state, current, fx),
        Err(ApiError::OutcomeUnknown { .. }) if state.mode.original().is_some() => {
            super::meanwhile::unknown(state)
        }
        Err(e) => super::worker::submit_failed(state, &e),
    }
}

/// Another catalog arrived (the live one, or another version's): the
/// token's scopes the old one lacked are picked if the new one has them.
pub(super) fn catalog_replaced(state: &mut State) {
    if state.mode.is_create() || state.mode_memo.unknown_scopes.is_empty() {
        return;
    }
    let mut still = Vec::new();
    for id in std::mem::take(&mut state.mode_memo.unknown_scopes) {
        match state.catalog.index_of(&id) {
            Some(i) => {
                state.selection.set_scope(i, true);
                let ci = state.catalog.scope(i).category;
                state.tree.set_expanded(&state.catalog, ci, true);
            }
            None => still.push(id),
        }
    }
    if !still.is_empty() {
        state.say(Level::Warn, text::scopes_not_in_catalog(&still));
    }
    state.mode_memo.unknown_scopes = still;
}

/// The contacts arrived: the token's primary contact stays chosen when it
/// is among them; otherwise the user is told to pick another.
pub(super) fn contacts_arrived(state: &mut State, wanted: Option<String>) {
    if state.mode.is_create() {
        return;
    }
    let Some(id) = wanted else { return };
    let contacts = &state.contact.contacts;
    match state
        .filtered_contacts()
        .iter()
        .position(|&i| contacts[i].user_id == id)
    {
        Some(at) => state.contact.cursor = at,
        None if contacts.iter().any(|c| c.user_id == id) => {}
        None => state.say(Level::Warn, text::contact_not_active(&id)),
    }
}

/// Whether the panels may be filled from a token now: not over a new
/// token's secret, a running create or update, or an open question (the
/// draft's resume question included), any of which would be lost.
fn can_begin(state: &mut State) -> bool {
    let busy = matches!(state.screen, Screen::Secret(_))
        || !matches!(state.submit, SubmitState::Idle)
        || state.modal.is_some()
        || state.pending_draft.is_some();
    if busy {
        state.say(Level::Warn, text::FINISH_CURRENT_FIRST);
    }
    !busy
}

/// Switches to a mode, keeping the create form aside first when leaving Create.
fn enter(state: &mut State, mode: WizardMode) {
    if state.mode.is_create() {
        state.mode_memo = ModeMemo {
            create_stash: (!state.form_is_empty()).then(|| Box::new(state.to_draft())),
            create_submission: state.last_submission.take(),
            unknown_scopes: Vec::new(),
            meanwhile: None,
        };
    } else {
        state.mode_memo.unknown_scopes.clear();
    }
    state.mode = mode;
}

/// Empties the four panels; what was loaded (contacts, catalog, token
/// names) stays.
fn clear_form(state: &mut State) {
    state.setup.name = text_field(text::PH_NAME, "");
    state.setup.description = text_field(text::PH_DESCRIPTION, "");
    state.setup.version = 0;
    state.setup.focus = SetupFocus::Name;
    let c = &mut state.contact;
    c.filter = text_field(text::PH_FILTER, "");
    c.cursor = 0;
    c.chosen = None;
    c.email_input = text_field(text::PH_EMAIL, "");
    c.emails.clear();
    c.email_cursor = 0;
    c.focus = ContactFocus::Contacts;
    state.selection = Selection::new(&state.catalog);
    state.tree = ScopeTree::new(&state.catalog);
    state.search.input = text_field(text::PH_SEARCH, "");
    state.search.editing = false;
    state.refresh_search();
    state.undo.clear();
    state.review_scroll = 0;
    state.export_input = None;
    state.last_submission = None;
    state.field_errors.clear();
    state.submit = SubmitState::Idle;
    state.modal = None;
    state.visited = [false; 4];
    state.step = Step::Setup;
}

/// Fills the four panels from `token`, named `name`.
pub(super) fn fill(state: &mut State, token: &Token, name: &str, fx: &mut Vec<Effect>) {
    // The version whose catalog is loaded, before the form is cleared.
    let old_version = state.api_version().to_string();
    clear_form(state);
    state.screen = Screen::Wizard;
    state.setup.name = text_field(text::PH_NAME, name);
    state.setup.description = text_field(text::PH_DESCRIPTION, &text::inert(&token.description));
    let mut notes = Vec::new();
    match state
        .versions()
        .iter()
        .position(|v| *v == token.api_version)
    {
        Some(i) => state.setup.version = i,
        None => {
            // Not offered: the nearest newer one (a version never goes
            // down), else the default.
            let nearest = state
                .versions()
                .iter()
                .enumerate()
                .filter(|(_, v)| version_cmp(v, &token.api_version).is_gt())
                .min_by(|a, b| version_cmp(a.1, b.1))
                .map(|(i, _)| i);
            state.setup.version = nearest.unwrap_or(0);
            notes.push(text::version_not_offered(&token.api_version));
        }
    }
    if state.api_version() != old_version {
        fx.push(Effect::Job(Job::LoadCatalog {
            api_version: state.api_version().to_string(),
        }));
    }

    let contact = text::inert(&token.primary_contact_user_id);
    state.contact.chosen = (!contact.is_empty()).then(|| contact.clone());
    if state.contact.loaded && state.contact.load_error.is_none() {
        match state
            .contact
            .contacts
            .iter()
            .position(|c| c.user_id == contact)
        {
            Some(i) => state.contact.cursor = i,
            None => {
                state.contact.chosen = None;
                notes.push(text::contact_not_active(&contact));
            }
        }
    }
    state.contact.emails = token
        .developer_emails
        .iter()
        .map(|e| text::inert(e))
        .collect();
    if state.contact.emails.is_empty() {
        state.contact.focus = ContactFocus::Contacts;
    }

    let (selection, unknown) =
        Selection::from_ids(&state.catalog, token.scopes.iter().map(String::as_str));
    let mut tree = ScopeTree::new(&state.catalog);
    for ci in selection.enabled_categories() {
        tree.set_expanded(&state.catalog, ci, true);
    }
    state.selection = selection;
    state.tree = tree;
    if !unknown.is_empty() {
        notes.push(text::scopes_not_in_catalog(&unknown));
    }
    state.mode_memo.unknown_scopes = unknown;
    for f in [Field::Name, Field::Scopes] {
        state.field_errors.remove(&f);
    }
    // Every note matters; the status line shows one, so they are joined.
    if !notes.is_empty() {
        state.say(Level::Warn, notes.join(" · "));
    }
}
