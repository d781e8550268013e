//! Which job the four panels do: create a token (the default), duplicate
//! one (a create that starts from its settings) or edit one; and what an
//! Update would change, for its review and its second confirmation.

use super::State;
use crate::contract::{CreateTokenRequest, Token};
use crate::model::merge::{Conflict, merge};
use crate::model::tokens::{ScopeDiff, diff, version_cmp};
use crate::model::validate::Field;
use crate::store::draft::Draft;

/// What the wizard is doing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum WizardMode {
    /// Creating a new token: everything as before Duplicate and Edit existed.
    #[default]
    Create,
    /// Creating a new token that starts from another's settings.
    Duplicate {
        /// The name of the token copied.
        from_name: String,
    },
    /// Changing an existing token (`PUT`); its secret stays as it is.
    Edit {
        /// The token as it was when editing began.
        original: Box<Token>,
    },
}

impl WizardMode {
    /// Whether this is a plain create (drafts are kept only then).
    pub fn is_create(&self) -> bool {
        matches!(self, WizardMode::Create)
    }

    /// The token being edited, in Edit mode.
    pub fn original(&self) -> Option<&Token> {
        match self {
            WizardMode::Edit { original } => Some(original),
            _ => None,
        }
    }
}

/// What a duplicate or an edit keeps beside the form.
#[derive(Clone, Debug, Default)]
pub struct ModeMemo {
    /// The create form as it was when a duplicate or edit began (when it
    /// held anything); given back when the mode ends, so neither the form
    /// nor its draft is lost to a duplicate or an edit.
    pub create_stash: Option<Box<Draft>>,
    /// The create form's last submission, given back with it: a create
    /// sent again after a lost answer keeps its Idempotency-Key, so it
    /// cannot make a second token.
    pub create_submission: Option<crate::model::request::Submission>,
    /// The token's scope Ids the catalog in use does not offer; tried again
    /// when another catalog arrives.
    pub unknown_scopes: Vec<String>,
    /// The token as the server has it now, after an update was refused
    /// because it changed meanwhile (412): what the edit is re-applied on.
    pub meanwhile: Option<Box<Token>>,
}

/// One changed setting, as shown in the Update review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// Which setting.
    pub field: Field,
    /// Its value on the server.
    pub before: String,
    /// The value the update sends.
    pub after: String,
}

/// What an update would change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Changed settings, in form order.
    pub fields: Vec<FieldChange>,
    /// Scopes added and removed, by category.
    pub scopes: ScopeDiff,
}

impl Changes {
    /// Whether the update would change nothing.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.scopes.is_empty()
    }

    /// Rows of the Update review: the changed settings (or one line saying
    /// none changed), the scope count line, then each category's block.
    pub fn rows(&self) -> usize {
        let groups = |g: &[crate::model::tokens::Group]| -> usize {
            g.iter().map(|g| 1 + g.ids.len()).sum()
        };
        self.fields.len().max(1) + 1 + groups(&self.scopes.added) + groups(&self.scopes.removed)
    }
}

impl State {
    /// What the form would change on the token being edited; `None` outside Edit.
    pub fn changes(&self) -> Option<Changes> {
        let original = self.mode.original()?;
        Some(self.compare(&original.to_request(), &self.request()))
    }

    /// What changed meanwhile (from the token as the edit began to the
    /// token now; e-mails as the removed ones → the added ones) and where
    /// it clashes with the edit; `None` unless an update was refused for a
    /// change made meanwhile.
    pub fn meanwhile(&self) -> Option<(Changes, Vec<Conflict>)> {
        let (original, now) = (self.mode.original()?, self.mode_memo.meanwhile.as_deref()?);
        let (base, theirs) = (original.to_request(), now.to_request());
        let merged = merge(&base, &self.request(), &theirs, false);
        let mut changes = self.compare(&base, &theirs);
        // E-mails as what was removed and added: the whole lists, before
        // and after, would not fit a line.
        if let Some(c) = changes
            .fields
            .iter_mut()
            .find(|c| c.field == Field::DeveloperEmails)
        {
            let not_in = |a: &[String], b: &[String]| -> String {
                let v: Vec<&str> = a
                    .iter()
                    .filter(|x| !b.contains(x))
                    .map(String::as_str)
                    .collect();
                if v.is_empty() {
                    "—".into()
                } else {
                    v.join(", ")
                }
            };
            c.before = not_in(&base.developer_emails, &theirs.developer_emails);
            c.after = not_in(&theirs.developer_emails, &base.developer_emails);
        }
        Some((changes, merged.conflicts))
    }

    /// The settings and scopes that differ from `before` to `after`.
    pub fn compare(&self, before: &CreateTokenRequest, after: &CreateTokenRequest) -> Changes {
        let contact = |id: &str| self.contact_label(id);
        let or_dash = |s: &str| {
            if s.is_empty() {
                "—".to_string()
            } else {
                s.to_string()
            }
        };
        let mut fields = Vec::new();
        let mut push = |field, b: String, a: String, same: bool| {
            if !same {
                fields.push(FieldChange {
                    field,
                    before: b,
                    after: a,
                });
            }
        };
        push(
            Field::Name,
            before.name.clone(),
            after.name.clone(),
            before.name == after.name,
        );
        push(
            Field::Description,
            or_dash(&before.description),
            or_dash(&after.description),
            before.description.trim() == after.description.trim(),
        );
        push(
            Field::ApiVersion,
            before.api_version.clone(),
            after.api_version.clone(),
            before.api_version == after.api_version,
        );
        push(
            Field::PrimaryContactUserId,
            contact(&before.primary_contact_user_id),
            contact(&after.primary_contact_user_id),
            before.primary_contact_user_id == after.primary_contact_user_id,
        );
        push(
            Field::DeveloperEmails,
            or_dash(&before.developer_emails.join(", ")),
            or_dash(&after.developer_emails.join(", ")),
            before.developer_emails == after.developer_emails,
        );
        Changes {
            fields,
            scopes: diff(&self.catalog, &before.scopes, &after.scopes),
        }
    }

    /// A primary contact as the review names it: "Name (Id)", the Id alone
    /// when not among the contacts, "—" when none.
    pub fn contact_label(&self, id: &str) -> String {
        match self.contact.contacts.iter().find(|c| c.user_id == id) {
            Some(c) => format!("{} ({id})", c.name),
            None if id.is_empty() => "—".to_string(),
            None => id.to_string(),
        }
    }

    /// Whether the version picker offers version `i`: any in Create and
    /// Duplicate; in Edit only the token's version and newer ones (a
    /// token's version never goes down).
    pub fn version_offered(&self, i: usize) -> bool {
        match (self.mode.original(), self.versions().get(i)) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(t), Some(v)) => version_cmp(v, &t.api_version).is_ge(),
        }
    }

    /// The versions the picker offers, as indices into [`State::versions`].
    pub fn offered_versions(&self) -> Vec<usize> {
        (0..self.versions().len())
            .filter(|&i| self.version_offered(i))
            .collect()
    }
}
