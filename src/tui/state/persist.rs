//! The form as a draft or spec, and back: what is kept between runs.

use super::{State, Step, field_text, text_field};
use crate::model::selection::Selection;
use crate::model::tree::ScopeTree;

impl State {
    /// The form as a draft (never a secret).
    pub fn to_draft(&self) -> crate::store::draft::Draft {
        use crate::store::draft::{Draft, FORMAT};
        Draft {
            format: FORMAT,
            account_type: self.settings.account_type.as_str().to_string(),
            account_sid: self.account_sid.clone().unwrap_or_default(),
            saved_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            step: self.step.index() as u8 + 1,
            name: field_text(&self.setup.name).to_string(),
            description: field_text(&self.setup.description).to_string(),
            api_version: self.api_version().to_string(),
            primary_contact_user_id: self.contact.chosen.clone(),
            developer_emails: self.contact.emails.clone(),
            pending_email: field_text(&self.contact.email_input).to_string(),
            scopes: self
                .selection
                .selected_ids(&self.catalog)
                .into_iter()
                .map(str::to_string)
                .collect(),
            enabled_categories: self
                .selection
                .enabled_categories()
                .map(|c| self.catalog.categories[c].name.clone())
                .collect(),
        }
    }

    /// A cheap digest of everything a draft holds, to notice changes
    /// without building a draft on every key.
    pub fn draft_fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.step.hash(&mut h);
        field_text(&self.setup.name).hash(&mut h);
        field_text(&self.setup.description).hash(&mut h);
        self.setup.version.hash(&mut h);
        self.contact.chosen.hash(&mut h);
        self.contact.emails.hash(&mut h);
        field_text(&self.contact.email_input).hash(&mut h);
        self.selection.hash(&mut h);
        h.finish()
    }

    /// Whether the form holds nothing worth saving.
    pub fn form_is_empty(&self) -> bool {
        field_text(&self.setup.name).is_empty()
            && field_text(&self.setup.description).is_empty()
            && self.contact.chosen.is_none()
            && self.contact.emails.is_empty()
            && field_text(&self.contact.email_input).is_empty()
            && self.selection.total() == 0
            && self.selection.enabled_categories().next().is_none()
    }

    /// Restores a draft into the form. Scope Ids the catalog does not know
    /// are returned (and dropped).
    pub fn apply_draft(&mut self, d: &crate::store::draft::Draft) -> Vec<String> {
        self.setup.name = text_field(crate::text::PH_NAME, &d.name);
        self.setup.description = text_field(crate::text::PH_DESCRIPTION, &d.description);
        if let Some(i) = self.versions().iter().position(|v| *v == d.api_version) {
            self.setup.version = i;
        }
        self.contact.chosen = d.primary_contact_user_id.clone();
        self.contact.emails = d.developer_emails.clone();
        self.contact.email_input = text_field(crate::text::PH_EMAIL, &d.pending_email);
        let (mut selection, unknown) =
            Selection::from_ids(&self.catalog, d.scopes.iter().map(String::as_str));
        let mut tree = ScopeTree::new(&self.catalog);
        for (ci, cat) in self.catalog.categories.iter().enumerate() {
            if d.enabled_categories.contains(&cat.name) {
                selection.set_category(ci, true);
            }
            if selection.is_enabled(ci) {
                tree.set_expanded(&self.catalog, ci, true);
            }
        }
        self.selection = selection;
        self.tree = tree;
        let step = Step::ALL[(d.step.clamp(1, 4) - 1) as usize];
        // Reopen the saved panel only as far as the panels before it are valid.
        self.step = Step::Setup;
        for s in Step::ALL {
            if s >= step || !self.step_valid(s) {
                break;
            }
            self.visited[s.index()] = true;
            self.step = s.next().unwrap_or(s);
        }
        unknown
    }
}

impl State {
    /// Fills the form from a spec and opens the review.
    pub fn apply_spec(&mut self, spec: &crate::model::spec::Spec) {
        let r = &spec.request;
        self.setup.name = text_field(crate::text::PH_NAME, &r.name);
        self.setup.description = text_field(crate::text::PH_DESCRIPTION, &r.description);
        if let Some(i) = self.versions().iter().position(|v| *v == r.api_version) {
            self.setup.version = i;
        }
        self.contact.chosen = Some(r.primary_contact_user_id.clone());
        self.contact.emails = r.developer_emails.clone();
        let (selection, _) =
            Selection::from_ids(&self.catalog, r.scopes.iter().map(String::as_str));
        let mut tree = ScopeTree::new(&self.catalog);
        for ci in selection.enabled_categories() {
            tree.set_expanded(&self.catalog, ci, true);
        }
        self.selection = selection;
        self.tree = tree;
        self.visited = [true, true, true, false];
        self.step = Step::Create;
        self.draft_checked = true; // the spec is the starting point, not a draft
        self.from_spec = Some(Box::new(self.request()));
    }
}
