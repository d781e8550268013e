//! The Create panel: review, export, submit and cancel.

use crate::api::worker::Job;
use crate::model::request::Submission;
use crate::text;
use crate::tui::geometry;
use crate::tui::keys::Action;
use crate::tui::state::{Level, State, Step, SubmitState, field_text, text_field};

use super::{Effect, edit_single_line};
use crate::store::expand_home;

pub(super) fn create_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let page = geometry::review_page(state.size);
    let max_scroll = state.review_len().saturating_sub(page);
    if let Some(input) = &mut state.export_input {
        match action {
            Action::Enter => {
                let path = field_text(input).trim().to_string();
                if !path.is_empty() {
                    state.export_input = None;
                    fx.push(if state.export_checklist {
                        Effect::ExportChecklist(expand_home(&path))
                    } else {
                        Effect::ExportSpec(expand_home(&path))
                    });
                }
            }
            Action::Cancel => state.export_input = None,
            Action::Edit(key) => {
                edit_single_line(input, key);
            }
            _ => {}
        }
        return;
    }
    match action {
        Action::Export => {
            let name = text::spec_file_name(&state.request().name);
            state.export_input = Some(text_field(text::PH_SPEC_FILE, &name));
            state.export_checklist = false;
        }
        // The web page's steps describe creating a token; an edit's changes
        // are the review itself.
        Action::Checklist if state.mode.original().is_some() => {
            state.say(Level::Warn, text::CHECKLIST_NOT_FOR_EDIT);
        }
        Action::Checklist => {
            let name = text::checklist_file_name(&state.request().name);
            state.export_input = Some(text_field(text::PH_CHECKLIST_FILE, &name));
            state.export_checklist = true;
        }
        Action::Up => state.review_scroll = state.review_scroll.saturating_sub(1),
        Action::Down => state.review_scroll = (state.review_scroll + 1).min(max_scroll),
        Action::PageUp => state.review_scroll = state.review_scroll.saturating_sub(page),
        Action::PageDown => state.review_scroll = (state.review_scroll + page).min(max_scroll),
        Action::Home => state.review_scroll = 0,
        Action::End => state.review_scroll = max_scroll,
        Action::Enter if state.mode.original().is_some() => super::edit::ask_update(state),
        Action::Enter => submit(state, fx),
        Action::Cancel => {
            if matches!(state.submit, SubmitState::Running { .. }) {
                state.submit = SubmitState::Cancelling;
                fx.push(Effect::Job(Job::Cancel));
            }
        }
        _ => {}
    }
}

fn submit(state: &mut State, fx: &mut Vec<Effect>) {
    if !matches!(state.submit, SubmitState::Idle) {
        return;
    }
    if let Some(blocker) = Step::ALL[..3].iter().find(|s| !state.step_valid(**s)) {
        let errors = state.step_errors(*blocker);
        state.say(Level::Error, text::finish_first(*blocker, &errors[0].1));
        return;
    }
    let submission = Submission::next(state.last_submission.as_ref(), state.request());
    state.last_submission = Some(submission.clone());
    state.field_errors.clear();
    state.status = None;
    state.submit = SubmitState::Running {
        started: std::time::Instant::now(),
        status: text::SUBMITTING.to_string(),
        wait_until: None,
    };
    fx.push(Effect::Job(Job::Submit(submission)));
}
