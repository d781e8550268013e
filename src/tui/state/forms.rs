//! The fields of each form and screen, and the single-line text field helpers.

use ratatui_textarea::TextArea;
use secrecy::SecretString;

use crate::contract::{Contact, Token};

/// Focus inside the Setup panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupFocus {
    /// Token Name field.
    Name,
    /// Description field.
    Description,
    /// API Version picker.
    Version,
}

/// Focus inside the Contact panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactFocus {
    /// The type-ahead field over the contact list.
    Contacts,
    /// The new developer e-mail field.
    EmailInput,
    /// The list of added developer e-mails.
    EmailList,
}

/// The one-time view of a new token's credentials.
#[derive(Debug)]
pub struct Created {
    /// The token as listed (no secret).
    pub token: Token,
    /// The new token's Account SID.
    pub account_sid: String,
    /// The secret; dropped (and zeroized by `secrecy`) when the screen is left.
    pub auth_token: Option<SecretString>,
    /// What the last copy or save did.
    pub copy_note: Option<String>,
    /// Whether `s` wrote the credentials to a file: leaving then asks no
    /// "saved it?" (a copy is not known to have arrived, so it still asks).
    pub saved: bool,
    /// The file-name field, while saving the secret to a file.
    pub save_input: Option<TextArea<'static>>,
    /// The token test: `None` before, `Some(empty)` while running, then one line per call.
    pub probe: Option<Vec<ProbeLine>>,
    /// Paths the test calls and whether each should be allowed.
    pub probe_expectations: Vec<(String, bool)>,
}

/// One call of the token test and its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeLine {
    /// Path called (under the root).
    pub path: String,
    /// Whether the token's scopes include it (CompanyInformation always works).
    pub expected_allowed: bool,
    /// HTTP status, or the error's description.
    pub result: Result<u16, String>,
}

/// Fields of the credentials screen.
pub struct CredentialsForm {
    /// Account SID field.
    pub sid: TextArea<'static>,
    /// Auth Token field, masked.
    pub token: TextArea<'static>,
    /// True when the token field has focus.
    pub on_token: bool,
}

/// The first-run profile form.
pub struct ProfileForm {
    /// Fields: name, Account SID, API URL, Auth Token variable (by index).
    pub fields: [TextArea<'static>; 4],
    /// Account type, as an index into `AccountType::ALL`.
    pub account_type: usize,
    /// Focused row: 0 name, 1 account type, 2 SID, 3 URL, 4 token variable.
    pub focus: usize,
}

impl ProfileForm {
    /// The text field of a focus row (the account type row has none).
    pub fn field_of(&mut self, row: usize) -> Option<&mut TextArea<'static>> {
        match row {
            0 => Some(&mut self.fields[0]),
            2..=4 => Some(&mut self.fields[row - 1]),
            _ => None,
        }
    }
}

/// The Setup panel.
pub struct SetupForm {
    /// Token Name.
    pub name: TextArea<'static>,
    /// Description.
    pub description: TextArea<'static>,
    /// Index into the offered versions.
    pub version: usize,
    /// Focused field.
    pub focus: SetupFocus,
}

/// The Contact panel.
pub struct ContactForm {
    /// Type-ahead filter over the contacts.
    pub filter: TextArea<'static>,
    /// Contacts offered (ACTIVE users).
    pub contacts: Vec<Contact>,
    /// True when they come from CompanyInformation (no `/Users`).
    pub from_company: bool,
    /// True once the list arrived.
    pub loaded: bool,
    /// Why the list is not there (connection or load failed), shown in its place.
    pub load_error: Option<String>,
    /// Cursor among the filtered contacts.
    pub cursor: usize,
    /// The chosen contact's user Id.
    pub chosen: Option<String>,
    /// New e-mail field.
    pub email_input: TextArea<'static>,
    /// Developer e-mails added.
    pub emails: Vec<String>,
    /// Cursor in the e-mail list.
    pub email_cursor: usize,
    /// Focused part.
    pub focus: ContactFocus,
    /// While the users load page by page: pages read and pages in all (0
    /// when the server did not say).
    pub pages: Option<(usize, usize)>,
}

/// The scope search line.
pub struct SearchState {
    /// What is typed after `/`.
    pub input: TextArea<'static>,
    /// True while typing in it.
    pub editing: bool,
    /// The current matches; `None` when no filter applies.
    pub matches: Option<crate::model::search::Matches>,
}

impl SearchState {
    /// Whether the search line shows (typing, or a filter applied).
    pub fn shown(&self) -> bool {
        self.editing || self.matches.is_some()
    }
}

/// A single-line text field with the wizard's look.
pub fn text_field(placeholder: &str, initial: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![initial.to_string()]);
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.set_placeholder_text(placeholder);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

/// The single line of a text field.
pub fn field_text<'a>(t: &'a TextArea<'_>) -> &'a str {
    t.lines().first().map(String::as_str).unwrap_or("")
}

/// The masked Auth Token field: no undo history, so no copies of the secret linger.
pub fn secret_field() -> TextArea<'static> {
    let mut t = text_field(crate::text::PH_AUTH_TOKEN, "");
    t.set_mask_char('•');
    t.set_max_histories(0);
    t
}
