//! What each step needs before it counts as finished, and the request the
//! form makes.

use super::{State, Step, field_text};
use crate::model::request::{FormValues, build_request};
use crate::model::validate::{self, Field};

impl State {
    /// The request as it stands.
    pub fn request(&self) -> crate::contract::CreateTokenRequest {
        let form = FormValues {
            name: field_text(&self.setup.name),
            description: field_text(&self.setup.description),
            api_version: self.api_version(),
            primary_contact_user_id: self.contact.chosen.as_deref(),
            developer_emails: &self.contact.emails,
        };
        build_request(&form, &self.catalog, &self.selection)
    }

    /// Problems that keep a step from being finished, field by field.
    pub fn step_errors(&self, step: Step) -> Vec<(Field, String)> {
        let mut out = Vec::new();
        match step {
            Step::Setup => {
                if let Err(e) = validate::check_name(field_text(&self.setup.name).trim()) {
                    out.push((Field::Name, e));
                }
                if let Err(e) =
                    validate::check_description(field_text(&self.setup.description).trim())
                {
                    out.push((Field::Description, e));
                }
            }
            Step::Contact => {
                if self.contact.chosen.is_none() {
                    out.push((
                        Field::PrimaryContactUserId,
                        crate::text::CONTACT_REQUIRED.into(),
                    ));
                }
                if !field_text(&self.contact.email_input).trim().is_empty() {
                    let enter = crate::tui::hints::keys(
                        &self.keymap,
                        crate::tui::keymap::Context::Wizard,
                        &[crate::tui::keys::Action::Enter],
                    );
                    out.push((Field::DeveloperEmails, crate::text::email_pending(&enter)));
                }
            }
            Step::Scopes => {
                if self.selection.total() == 0 {
                    out.push((Field::Scopes, crate::text::SCOPES_REQUIRED.into()));
                }
            }
            Step::Create => {}
        }
        out
    }

    /// Whether a step's input is complete and valid.
    pub fn step_valid(&self, step: Step) -> bool {
        self.step_errors(step).is_empty()
    }

    /// Whether a step shows as finished (✓): left with Next and still valid.
    pub fn step_done(&self, step: Step) -> bool {
        step != Step::Create && self.visited[step.index()] && self.step_valid(step)
    }

    /// Whether the typed name matches an existing token's.
    pub fn name_taken(&self) -> bool {
        let n = crate::model::validate::name_key(field_text(&self.setup.name).trim());
        !n.is_empty() && self.existing_names.contains(&n)
    }
}

/// The step a field is edited in.
pub fn step_of(field: Field) -> Step {
    match field {
        Field::Name | Field::Description | Field::ApiVersion => Step::Setup,
        Field::PrimaryContactUserId | Field::DeveloperEmails => Step::Contact,
        Field::Scopes => Step::Scopes,
    }
}
