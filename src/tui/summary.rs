//! Titles and one-line summaries that read the wizard's state: what the
//! panels' borders and the resume question say.

use std::fmt;

use crate::model::catalog::CatalogSource;
use crate::store::draft::Draft;
use crate::text;
use crate::tui::state::{State, Step, field_text};

/// Step titles, as on the web page.
pub fn step_title(step: Step) -> &'static str {
    match step {
        Step::Setup => "Setup",
        Step::Contact => "Contact Information",
        Step::Scopes => "API Scopes",
        Step::Create => "Create",
    }
}

/// A panel's title in the wizard's mode: Edit's are the tabs of impact's
/// Edit page, then Update.
pub fn panel_title(state: &State, step: Step) -> &'static str {
    if state.mode.original().is_some() {
        text::EDIT_TITLES[step.index()]
    } else {
        step_title(step)
    }
}

impl fmt::Display for Step {
    /// The step's title.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(step_title(*self))
    }
}

/// Scope panel's title badge.
pub fn scopes_badge(total: usize, source: &CatalogSource) -> String {
    let src = match source {
        CatalogSource::Bundled => " · bundled catalog",
        CatalogSource::Live => "",
        CatalogSource::File(_) => " · catalog file",
    };
    format!("{total} selected{src} · c Clear All")
}

/// One-line summary of a collapsed step.
pub fn step_summary(state: &State, step: Step) -> String {
    match step {
        Step::Setup => {
            let name = field_text(&state.setup.name).trim().to_string();
            format!(
                "{} · v{}",
                if name.is_empty() {
                    "(no name)".into()
                } else {
                    name
                },
                state.api_version()
            )
        }
        Step::Contact => {
            let who = state
                .chosen_contact()
                .map(|c| c.name.clone())
                .unwrap_or_else(|| "(no contact)".into());
            match state.contact.emails.len() {
                0 => who,
                n => format!(
                    "{who} + {n} developer e-mail{}",
                    if n == 1 { "" } else { "s" }
                ),
            }
        }
        Step::Scopes => {
            let cats = state
                .selection
                .enabled_categories()
                .filter(|&c| state.selection.count(c) > 0)
                .count();
            let n = state.selection.total();
            format!(
                "{n} {} in {cats} {}",
                text::plural(n, "scope", "scopes"),
                text::plural(cats, "category", "categories")
            )
        }
        Step::Create => String::new(),
    }
}

/// What a draft holds, in a few words.
pub fn draft_summary(d: &Draft) -> String {
    let name = if d.name.trim().is_empty() {
        "(no name)".to_string()
    } else {
        text::inert(d.name.trim())
    };
    let n = d.scopes.len();
    format!(
        "'{name}', {n} {} selected.",
        text::plural(n, "scope", "scopes")
    )
}
