//! Which text field has focus: the one answer that key mapping (letters
//! type), paste (where the text lands) and the field styles (where the
//! cursor shows) all read.

use ratatui_textarea::TextArea;

use super::{ContactFocus, Modal, Screen, SetupFocus, State, Step};

/// A text field of the wizard, by what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldId {
    /// Setup: Token Name.
    Name,
    /// Setup: Description.
    Description,
    /// Contact: the type-ahead filter over the contacts.
    ContactFilter,
    /// Contact: the new developer e-mail.
    Email,
    /// Scopes: the search line.
    Search,
    /// The save-preset question's name field.
    PresetName,
    /// Create: the spec file name while exporting.
    SpecFile,
    /// Credentials: Account SID.
    CredentialSid,
    /// Credentials: Auth Token (masked).
    CredentialToken,
    /// First run: a profile field, by form row (0 name, 2 Account SID,
    /// 3 API URL, 4 Auth Token variable; row 1 is the account type picker).
    Profile(usize),
    /// Secret screen: the file name while saving the secret.
    SecretFile,
    /// API page: Search by Name.
    TokenSearch,
    /// API page: the name typed to confirm Reset or Delete.
    TokenName,
    /// "From a log file…": the log's path.
    LogFile,
}

/// The text field that has focus, if any. A question other than the
/// preset name takes keys before any field does, but leaves the field
/// under it focused.
pub fn focused_field(state: &State) -> Option<FieldId> {
    if state.modal == Some(Modal::SavePreset) {
        return Some(FieldId::PresetName);
    }
    if state.modal == Some(Modal::LogPath) {
        return Some(FieldId::LogFile);
    }
    match &state.screen {
        Screen::Credentials if state.credentials.on_token => Some(FieldId::CredentialToken),
        Screen::Credentials => Some(FieldId::CredentialSid),
        Screen::ProfileSetup => {
            (state.profile_form.focus != 1).then_some(FieldId::Profile(state.profile_form.focus))
        }
        Screen::Welcome | Screen::PickProfile | Screen::Done { .. } => None,
        Screen::Tokens => match &state.page.ask {
            Some(super::Ask::Reset { .. } | super::Ask::Delete { .. }) => Some(FieldId::TokenName),
            Some(_) => None,
            None if state.page.menu.is_none()
                && state.page.details.is_none()
                && state.page.searching =>
            {
                Some(FieldId::TokenSearch)
            }
            None => None,
        },
        Screen::Secret(c) => c.save_input.as_ref().map(|_| FieldId::SecretFile),
        Screen::Wizard => match state.step {
            Step::Setup => match state.setup.focus {
                SetupFocus::Name => Some(FieldId::Name),
                SetupFocus::Description => Some(FieldId::Description),
                SetupFocus::Version => None,
            },
            Step::Contact => match state.contact.focus {
                ContactFocus::Contacts => Some(FieldId::ContactFilter),
                ContactFocus::EmailInput => Some(FieldId::Email),
                ContactFocus::EmailList => None,
            },
            Step::Scopes => state.search.editing.then_some(FieldId::Search),
            Step::Create => state.export_input.as_ref().map(|_| FieldId::SpecFile),
        },
    }
}

impl FieldId {
    /// Every text field, for styling them all.
    pub const ALL: [FieldId; 17] = [
        FieldId::Name,
        FieldId::Description,
        FieldId::ContactFilter,
        FieldId::Email,
        FieldId::Search,
        FieldId::PresetName,
        FieldId::SpecFile,
        FieldId::CredentialSid,
        FieldId::CredentialToken,
        FieldId::Profile(0),
        FieldId::Profile(2),
        FieldId::Profile(3),
        FieldId::Profile(4),
        FieldId::SecretFile,
        FieldId::TokenSearch,
        FieldId::TokenName,
        FieldId::LogFile,
    ];
}

impl State {
    /// The text field an id names; `None` for a file-name field that is not open
    /// or a profile row without one.
    pub fn field_mut(&mut self, id: FieldId) -> Option<&mut TextArea<'static>> {
        match id {
            FieldId::Name => Some(&mut self.setup.name),
            FieldId::Description => Some(&mut self.setup.description),
            FieldId::ContactFilter => Some(&mut self.contact.filter),
            FieldId::Email => Some(&mut self.contact.email_input),
            FieldId::Search => Some(&mut self.search.input),
            FieldId::PresetName => Some(&mut self.preset_input),
            FieldId::SpecFile => self.export_input.as_mut(),
            FieldId::LogFile => Some(&mut self.log_input),
            FieldId::CredentialSid => Some(&mut self.credentials.sid),
            FieldId::CredentialToken => Some(&mut self.credentials.token),
            FieldId::Profile(row) => self.profile_form.field_of(row),
            FieldId::SecretFile => match &mut self.screen {
                Screen::Secret(c) => c.save_input.as_mut(),
                _ => None,
            },
            FieldId::TokenSearch => Some(&mut self.page.search),
            FieldId::TokenName => match &mut self.page.ask {
                Some(super::Ask::Reset { input, .. } | super::Ask::Delete { input, .. }) => {
                    Some(input)
                }
                _ => None,
            },
        }
    }
}
