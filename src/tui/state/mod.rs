//! The wizard's whole state. Only `update` changes it; views read it. The
//! field types, styling and persistence each have a module.

use std::collections::HashMap;
use std::time::Instant;

use ratatui_textarea::TextArea;

use crate::api::error::ApiError;
use crate::contract::Contact;
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::model::request::Submission;
use crate::model::selection::Selection;
use crate::model::tree::ScopeTree;
use crate::model::validate::Field;

mod focus;
mod forms;
mod mode;
mod page;
mod persist;
mod picker;
mod rotation;
mod steps;
mod styles;

pub use focus::{FieldId, focused_field};
pub use forms::{
    ContactFocus, ContactForm, Created, CredentialsForm, ProbeLine, ProfileForm, SearchState,
    SetupFocus, SetupForm, field_text, secret_field, text_field,
};
pub use mode::{Changes, FieldChange, ModeMemo, WizardMode};
pub use page::{Ask, MenuItem, Notice, PageState, Sent, Upgrade, list_rows};
pub use picker::{Picker, ProfileChoice};
pub use rotation::{Rotation, RotationPhase};
pub use steps::step_of;

pub use crate::tui::step::Step;

/// Connection status, shown in the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Waiting for CompanyInformation.
    Connecting,
    /// Credentials accepted.
    Connected {
        /// Company name (already made inert).
        company: String,
    },
    /// Credentials check failed.
    Failed(String),
}

/// Where a submission stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubmitState {
    /// Not submitted, or finished.
    Idle,
    /// The worker is creating the token.
    Running {
        /// When the user pressed Create.
        started: Instant,
        /// What the worker said last.
        status: String,
        /// End of a rate-limit wait, for the countdown.
        wait_until: Option<Instant>,
    },
    /// Esc was pressed; waiting for the worker to confirm.
    Cancelling,
}

/// A yes/no question or overlay on top of the wizard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Modal {
    /// The key list.
    Help,
    /// Quit with unsaved input?
    ConfirmQuit,
    /// Clear more than 10 selected scopes?
    ConfirmClearAll,
    /// Leave the secret screen: saved it?
    ConfirmLeaveSecret,
    /// A draft for this account exists: resume it?
    ConfirmResume,
    /// Discard that draft for good? (asked after the resume question's `d`)
    ConfirmDiscardDraft,
    /// First run: write the profile to config.toml?
    ConfirmWriteProfile,
    /// The preset list, with the highlighted row.
    Presets(usize),
    /// Apply this preset (index into `State::presets`)? Shows the diff.
    ConfirmPreset(usize),
    /// Name the current selection to save it as a preset.
    SavePreset,
    /// A saved preset has the typed name: replace it?
    ConfirmReplacePreset,
    /// "From a log file…": the path of the log to read.
    LogPath,
    /// Edit: send the update shown in the review? (the second confirmation)
    ConfirmUpdate,
    /// Edit: the update was refused because the token changed meanwhile;
    /// shows what changed and asks whether to re-apply the edit on top.
    ChangedMeanwhile,
    /// Edit, re-applying: both changed the same settings differently;
    /// keep the edit's values (yes) or take the ones set meanwhile (no)?
    KeepMine,
}

/// Which screen is up.
#[derive(Debug)]
pub enum Screen {
    /// First run: no profile, no `--sandbox`, no `--api-url`.
    Welcome,
    /// First run: filling in a profile.
    ProfileSetup,
    /// Several profiles and no default: pick one.
    PickProfile,
    /// Asking for credentials (no `--sandbox`, no environment variables).
    Credentials,
    /// The four panels.
    Wizard,
    /// The API page: the account's tokens, home when no subcommand is given.
    Tokens,
    /// The new token's credentials, shown once.
    Secret(Box<Created>),
    /// After the secret was wiped.
    Done {
        /// Name of the token made.
        name: String,
        /// Its Id.
        id: String,
    },
}

/// Severity of the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Neutral information.
    Info,
    /// Something to notice.
    Warn,
    /// Something failed.
    Error,
}

/// Settings fixed at start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The account type.
    pub account_type: AccountType,
    /// True with `--sandbox`: shows the SANDBOX badge.
    pub sandbox: bool,
    /// Only ASCII glyphs.
    pub ascii: bool,
    /// No colour.
    pub no_color: bool,
    /// The terminal advertises 256 colours (else the 16-colour palette is used).
    pub colors_256: bool,
}

/// Everything the wizard knows.
pub struct State {
    /// Fixed settings.
    pub settings: Settings,
    /// Current screen.
    pub screen: Screen,
    /// Credentials prompt (used only without `--sandbox` and env vars).
    pub credentials: CredentialsForm,
    /// First-run profile form.
    pub profile_form: ProfileForm,
    /// The profile picker (several profiles, no default).
    pub picker: Picker,
    /// Connection status.
    pub connection: Connection,
    /// Account SID in use, once known.
    pub account_sid: Option<String>,
    /// The active step.
    pub step: Step,
    /// Steps the user has left with Next (shown collapsed with ✓ when valid).
    pub visited: [bool; 4],
    /// Setup fields.
    pub setup: SetupForm,
    /// Contact fields.
    pub contact: ContactForm,
    /// Scope catalog in use.
    pub catalog: Catalog,
    /// Which scopes are picked.
    pub selection: Selection,
    /// Tree rows and cursor.
    pub tree: ScopeTree,
    /// Scope search (`/`).
    pub search: SearchState,
    /// Review scroll position.
    pub review_scroll: usize,
    /// The file-name field while exporting a spec.
    pub export_input: Option<TextArea<'static>>,
    /// The export field writes the web page's checklist (`w`), not a spec.
    pub export_checklist: bool,
    /// Path field of "From a log file…".
    pub log_input: TextArea<'static>,
    /// Create, Duplicate or Edit.
    pub mode: WizardMode,
    /// What a duplicate or an edit keeps beside the form.
    pub mode_memo: ModeMemo,
    /// Built-in presets, then the user's saved ones.
    pub presets: Vec<crate::model::preset::Preset>,
    /// Selections before each preset or Clear All, for undo (newest last).
    pub undo: Vec<Selection>,
    /// Name field of the save-preset question.
    pub preset_input: TextArea<'static>,
    /// Submission status.
    pub submit: SubmitState,
    /// The last submission (its key is reused while the request is unchanged).
    pub last_submission: Option<Submission>,
    /// Names of existing tokens as `validate::name_key`s, for the name-taken warning.
    pub existing_names: Vec<String>,
    /// Inline errors by field (from validation or from the server).
    pub field_errors: HashMap<Field, String>,
    /// Status line.
    pub status: Option<(Level, String)>,
    /// Open overlay or question.
    pub modal: Option<Modal>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Spinner frame counter.
    pub spinner: usize,
    /// Set when the app should exit.
    pub quit: bool,
    /// Whether the draft for this account was looked for (saving starts after).
    pub draft_checked: bool,
    /// A draft found at start, waiting for the resume question.
    pub pending_draft: Option<crate::store::draft::Draft>,
    /// This session keeps no draft: another wizard holds it, or the user
    /// left the one found for later.
    pub draft_off: bool,
    /// The last draft save failed.
    pub draft_failed: bool,
    /// The request as `create --spec` filled the form: while the form still
    /// says exactly that, it is the spec's, not input to keep as a draft.
    pub from_spec: Option<Box<crate::contract::CreateTokenRequest>>,
    /// Background loads that failed after the worker's own retries; Ctrl-R asks again.
    pub failed_loads: Vec<crate::api::worker::Load>,
    /// The key bindings: the defaults with `[keys]` from config.toml applied.
    pub keymap: crate::tui::keymap::Keymap,
    /// The API page.
    pub page: PageState,
}

impl State {
    /// A fresh wizard for an account type with a catalog.
    pub fn new(settings: Settings, catalog: Catalog, needs_credentials: bool) -> State {
        let selection = Selection::new(&catalog);
        let tree = ScopeTree::new(&catalog);
        let token = secret_field();
        State {
            screen: if needs_credentials {
                Screen::Credentials
            } else {
                Screen::Wizard
            },
            credentials: CredentialsForm {
                sid: text_field(crate::text::PH_ACCOUNT_SID, ""),
                token,
                on_token: false,
            },
            profile_form: ProfileForm {
                fields: [
                    text_field(crate::text::PH_PROFILE_NAME, "default"),
                    text_field(crate::text::PH_ACCOUNT_SID, ""),
                    text_field(crate::text::PH_API_URL, ""),
                    text_field(crate::text::PH_TOKEN_ENV, "IMPACT_AUTH_TOKEN"),
                ],
                account_type: 1,
                focus: 0,
            },
            picker: Picker::default(),
            connection: Connection::Connecting,
            account_sid: None,
            step: Step::Setup,
            visited: [false; 4],
            setup: SetupForm {
                name: text_field(crate::text::PH_NAME, ""),
                description: text_field(crate::text::PH_DESCRIPTION, ""),
                version: 0,
                focus: SetupFocus::Name,
            },
            contact: ContactForm {
                filter: text_field(crate::text::PH_FILTER, ""),
                contacts: Vec::new(),
                from_company: false,
                loaded: false,
                load_error: None,
                cursor: 0,
                chosen: None,
                email_input: text_field(crate::text::PH_EMAIL, ""),
                emails: Vec::new(),
                email_cursor: 0,
                focus: ContactFocus::Contacts,
                pages: None,
            },
            catalog,
            selection,
            tree,
            search: SearchState {
                input: text_field(crate::text::PH_SEARCH, ""),
                editing: false,
                matches: None,
            },
            review_scroll: 0,
            export_input: None,
            export_checklist: false,
            log_input: text_field(crate::text::PH_LOG_FILE, ""),
            mode: WizardMode::Create,
            mode_memo: ModeMemo::default(),
            presets: crate::model::preset::builtin(settings.account_type),
            undo: Vec::new(),
            preset_input: text_field(crate::text::PH_PRESET_NAME, ""),
            submit: SubmitState::Idle,
            last_submission: None,
            existing_names: Vec::new(),
            field_errors: HashMap::new(),
            status: None,
            modal: None,
            size: (80, 24),
            spinner: 0,
            quit: false,
            draft_checked: false,
            pending_draft: None,
            draft_off: false,
            from_spec: None,
            draft_failed: false,
            failed_loads: Vec::new(),
            keymap: crate::tui::keymap::Keymap::default(),
            page: PageState::new(false),
            settings,
        }
    }

    /// Versions offered, newest first.
    pub fn versions(&self) -> &[String] {
        &self.catalog.versions
    }

    /// The chosen API version.
    pub fn api_version(&self) -> &str {
        self.versions()
            .get(self.setup.version)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Contacts matching the type-ahead filter, as indices into the contact list.
    pub fn filtered_contacts(&self) -> Vec<usize> {
        let q = field_text(&self.contact.filter).trim().to_lowercase();
        self.contact
            .contacts
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                q.is_empty()
                    || c.name.to_lowercase().contains(&q)
                    || c.email.as_deref().unwrap_or("").to_lowercase().contains(&q)
                    || c.user_id.to_lowercase().contains(&q)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The chosen contact, if any.
    pub fn chosen_contact(&self) -> Option<&Contact> {
        let id = self.contact.chosen.as_deref()?;
        self.contact.contacts.iter().find(|c| c.user_id == id)
    }

    /// Rows the scope tree shows: the panel less the search line and the
    /// error line when they are up. Shared by the view and by scrolling.
    pub fn tree_rows(&self) -> usize {
        crate::tui::geometry::tree_rows(
            self.size,
            self.search.shown(),
            self.field_errors.contains_key(&Field::Scopes),
        )
    }

    /// Rows in the review: the fields, an optional warning, then each
    /// category with picks and its picked scopes. Computed from counts,
    /// without building rows; shared by the view and by scrolling. In Edit,
    /// the Update review's rows (see [`Changes::rows`]).
    pub fn review_len(&self) -> usize {
        if let Some(changes) = self.changes() {
            return changes.rows();
        }
        let sel = &self.selection;
        self.review_header_len()
            + sel
                .enabled_categories()
                .filter(|&c| sel.count(c) > 0)
                .map(|c| 1 + sel.count(c))
                .sum::<usize>()
    }

    /// Rows of the review before the scopes: six fields, and the
    /// name-taken warning when it shows.
    pub fn review_header_len(&self) -> usize {
        6 + usize::from(self.name_taken())
    }

    /// Adds the user's saved presets after the built-in ones.
    pub fn add_saved_presets(&mut self, saved: Vec<(String, Vec<String>)>) {
        use crate::model::preset::{Preset, Rule};
        for (name, ids) in saved {
            let about = crate::text::saved_preset_about(ids.len());
            self.presets.push(Preset {
                name,
                about,
                rule: Rule::Saved(ids),
            });
        }
    }

    /// Keeps the selection so a preset or Clear All can be undone.
    pub fn remember_for_undo(&mut self) {
        const DEPTH: usize = 20;
        if self.undo.len() == DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(self.selection.clone());
    }

    /// Re-runs the search (after typing, or when the catalog changed).
    pub fn refresh_search(&mut self) {
        let matches = crate::model::search::search(&self.catalog, field_text(&self.search.input));
        self.tree
            .set_filter(&self.catalog, matches.as_ref().map(|m| m.scopes.clone()));
        self.search.matches = matches;
    }

    /// Whether anything was entered that quitting would lose.
    pub fn has_unsaved_input(&self) -> bool {
        matches!(self.screen, Screen::Secret(_))
            || (matches!(self.screen, Screen::Wizard)
                && !self.form_is_spec()
                && (!field_text(&self.setup.name).is_empty()
                    || !field_text(&self.setup.description).is_empty()
                    || self.contact.chosen.is_some()
                    || !self.contact.emails.is_empty()
                    || self.selection.total() > 0))
    }

    /// The token's name while the secret screen shows a Reset's new secret.
    pub fn reset_shown(&self) -> Option<&str> {
        match &self.screen {
            Screen::Secret(c) if self.page.reset_of.as_deref() == Some(c.token.id.as_str()) => {
                Some(&c.token.name)
            }
            _ => None,
        }
    }

    /// The old token's name while a rotation's new secret is on screen.
    pub fn rotation_shown(&self) -> Option<&str> {
        match (&self.screen, &self.page.rotation) {
            (Screen::Secret(c), Some(r)) if r.delivers(&c.token.id) => Some(&r.old.name),
            _ => None,
        }
    }

    /// Whether quitting now keeps the form as a draft for the next start
    /// (a duplicate or an edit is never saved as a draft).
    pub fn draft_kept(&self) -> bool {
        matches!(self.screen, Screen::Wizard)
            && self.mode.is_create()
            && self.draft_checked
            && self.pending_draft.is_none()
            && !self.draft_off
            && !self.draft_failed
            && !self.form_is_spec()
    }

    /// Whether the form holds exactly what `create --spec` filled in: the
    /// spec file keeps that, so no draft copies it.
    pub fn form_is_spec(&self) -> bool {
        let Some(spec) = self.from_spec.as_deref() else {
            return false;
        };
        // Scopes as a set: a live catalog may list them in another order.
        let sorted = |r: &crate::contract::CreateTokenRequest| {
            let mut r = r.clone();
            r.scopes.sort();
            r
        };
        self.mode.is_create()
            && field_text(&self.contact.email_input).is_empty()
            && sorted(spec) == sorted(&self.request())
    }

    /// Whether a background job is running (the spinner ticks only then).
    pub fn busy(&self) -> bool {
        !matches!(self.submit, SubmitState::Idle)
            || (self.connection == Connection::Connecting && matches!(self.screen, Screen::Wizard))
    }

    /// Switches to another account type: its catalog, an empty selection.
    pub fn set_account_type(&mut self, t: AccountType) {
        if self.settings.account_type == t {
            return;
        }
        self.settings.account_type = t;
        self.catalog = Catalog::bundled(t);
        self.selection = Selection::new(&self.catalog);
        self.tree = ScopeTree::new(&self.catalog);
        self.presets = crate::model::preset::builtin(t);
        self.setup.version = 0;
    }

    /// The screen the wizard starts on once connected: the API page when
    /// it is home, else the four panels.
    pub fn home_screen(&self) -> Screen {
        if self.page.home {
            Screen::Tokens
        } else {
            Screen::Wizard
        }
    }

    /// Whether Ctrl-R has a failed connection or load to try again.
    pub fn can_retry(&self) -> bool {
        matches!(self.screen, Screen::Wizard) && !self.failed_loads.is_empty()
    }

    /// Sets the status line.
    pub fn say(&mut self, level: Level, message: impl Into<String>) {
        self.status = Some((level, message.into()));
    }

    /// Records an API error on its fields, or on the status line.
    pub fn show_api_error(&mut self, e: &ApiError) {
        self.say(Level::Error, e.message(Some(self.settings.account_type)));
        for fe in e.field_errors() {
            if let Some(f) = Field::from_wire(&fe.field) {
                self.field_errors.insert(f, crate::text::inert(&fe.message));
            }
        }
    }
}
