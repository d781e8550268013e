//! Primary contacts by name, as the web page's drop-down lists them: the
//! account's users, read once per command (one listing, 1,000 users a
//! page; the contract has no lookup by user Id). The Id stays beside the
//! name, and alone when the user is unknown or the users cannot be read.

use std::collections::HashMap;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::contract::User;
use crate::model::account::AccountType;
use crate::text;

/// User names by user Id; `None` when the users could not be read.
#[derive(Debug, Default)]
pub struct ContactNames {
    names: Option<HashMap<String, String>>,
}

impl ContactNames {
    /// Reads the account's users through `client`. A failure is not the
    /// command's: it is said once on stderr, and contacts are shown by Id.
    pub async fn read(client: &Client, account_type: AccountType) -> ContactNames {
        ContactNames::from_answer(client.users().await, account_type)
    }

    /// From the answer to `GET {root}/Users`, saying on stderr why there
    /// are no names when there are none.
    pub fn from_answer(
        answer: Result<Option<Vec<User>>, ApiError>,
        account_type: AccountType,
    ) -> ContactNames {
        match answer {
            Ok(Some(users)) => ContactNames::from_users(&users),
            Ok(None) => {
                eprintln!("impact-token: {}", text::USERS_NOT_SERVED);
                ContactNames::default()
            }
            Err(e) => {
                eprintln!(
                    "impact-token: {}",
                    text::users_unread(&e.message(Some(account_type)))
                );
                ContactNames::default()
            }
        }
    }

    /// The names of `users` (first and last name, else the user name).
    pub fn from_users(users: &[User]) -> ContactNames {
        let names = users
            .iter()
            .map(|u| (u.id.clone(), u.to_contact().name))
            .collect();
        ContactNames { names: Some(names) }
    }

    /// Whether the users were read (so a missing Id is an unknown user).
    pub fn was_read(&self) -> bool {
        self.names.is_some()
    }

    /// The user's name, when the users were read and name them.
    pub fn name(&self, id: &str) -> Option<&str> {
        self.names.as_ref()?.get(id).map(String::as_str)
    }

    /// A table cell: the name; "ID (unknown user)" when the users were
    /// read and none has that Id; the Id when they could not be read.
    pub fn cell(&self, id: &str) -> String {
        match (self.name(id), &self.names) {
            (Some(name), _) => text::inert(name),
            (None, Some(_)) if !id.is_empty() => text::contact_unknown(id),
            _ => text::inert(id),
        }
    }

    /// The name and Id, for `tokens show`: "Name (ID)", else as
    /// [`cell`](Self::cell).
    pub fn full(&self, id: &str) -> String {
        match self.name(id) {
            Some(name) => text::contact_named(name, id),
            None => self.cell(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, first: &str, last: &str, username: &str) -> User {
        User {
            id: id.into(),
            first_name: first.into(),
            last_name: last.into(),
            username: username.into(),
            email: None,
            state: crate::contract::ACTIVE.into(),
            product_roles: None,
            access_rights: None,
        }
    }

    #[test]
    fn a_contact_is_named_and_an_unknown_one_said_so() {
        let names = ContactNames::from_users(&[
            user("U-1", "Ada", "Lovelace", "ada"),
            user("U-2", "", "", "grace\x1b[2J"),
        ]);
        assert_eq!(names.cell("U-1"), "Ada Lovelace");
        assert_eq!(names.full("U-1"), "Ada Lovelace (U-1)");
        assert!(
            !names.cell("U-2").contains('\x1b'),
            "server text made inert"
        );
        assert_eq!(names.cell("U-9"), "U-9 (unknown user)");
        assert_eq!(names.full("U-9"), "U-9 (unknown user)");
        assert_eq!(names.name("U-9"), None);
        // Users not read: the Id, with no claim that it is unknown.
        let none = ContactNames::default();
        assert_eq!(none.cell("U-1"), "U-1");
        assert_eq!(none.full("U-1"), "U-1");
    }
}
