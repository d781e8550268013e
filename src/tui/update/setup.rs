//! The Setup panel: name, description, API version.

use crate::api::worker::Job;
use crate::model::validate::Field;
use crate::tui::keys::Action;
use crate::tui::state::{SetupFocus, State};

use super::{Effect, edit_single_line, next};

pub(super) fn setup_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    // Every version, but in Edit only the token's own and newer ones.
    let offered = state.offered_versions();
    let s = &mut state.setup;
    let order = [
        SetupFocus::Name,
        SetupFocus::Description,
        SetupFocus::Version,
    ];
    let at = order.iter().position(|f| *f == s.focus).unwrap_or(0);
    match action {
        Action::FocusNext | Action::Down => s.focus = order[(at + 1).min(2)],
        Action::FocusPrev | Action::Up => s.focus = order[at.saturating_sub(1)],
        Action::Enter if s.focus == SetupFocus::Version => next(state),
        Action::Enter => s.focus = order[at + 1],
        Action::Left | Action::Right | Action::Toggle if s.focus == SetupFocus::Version => {
            let n = offered.len();
            let old = s.version;
            let at = offered.iter().position(|&i| i == old).unwrap_or(0);
            s.version = match action {
                Action::Left => offered.get(at.saturating_sub(1)),
                Action::Right => offered.get((at + 1).min(n.saturating_sub(1))),
                _ => offered.get((at + 1) % n.max(1)),
            }
            .copied()
            .unwrap_or(old);
            if s.version != old {
                state.field_errors.remove(&Field::ApiVersion);
                fx.push(Effect::Job(Job::LoadCatalog {
                    api_version: state.api_version().to_string(),
                }));
            }
        }
        Action::Edit(key) => {
            let (field, which) = match s.focus {
                SetupFocus::Name => (&mut s.name, Field::Name),
                SetupFocus::Description => (&mut s.description, Field::Description),
                SetupFocus::Version => return,
            };
            if edit_single_line(field, key) {
                state.field_errors.remove(&which);
            }
        }
        _ => {}
    }
}
