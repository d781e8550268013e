//! The Contact panel: primary contact and developer e-mails.

use crate::model::validate::{self, Field};
use crate::text;
use crate::tui::keys::Action;
use crate::tui::state::{ContactFocus, Level, State, field_text, text_field};

use super::{edit_single_line, next};

pub(super) fn contact_action(state: &mut State, action: Action) {
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
