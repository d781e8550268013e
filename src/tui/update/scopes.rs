//! The API Scopes panel: the tree, search, presets, Clear All and undo.

use crate::model::tree::Row;
use crate::model::validate::Field;
use crate::text;
use crate::tui::keys::Action;
use crate::tui::state::{Level, Modal, State, text_field};

use super::{edit_single_line, next};

/// Checks or unchecks the focused category or scope.
fn toggle(state: &mut State) {
    let catalog = &state.catalog;
    match state.tree.current() {
        Some(Row::Category(ci)) => {
            let on = state.selection.toggle_category(ci);
            state.tree.set_expanded(catalog, ci, on);
            state.field_errors.remove(&Field::Scopes);
        }
        Some(Row::Scope(si)) => {
            state.selection.toggle_scope(si);
            state.field_errors.remove(&Field::Scopes);
        }
        None => {}
    }
}

pub(super) fn scopes_action(state: &mut State, action: Action) {
    if state.search.editing {
        match action {
            Action::Enter => state.search.editing = false,
            Action::Cancel => clear_search(state),
            Action::Up => state.tree.move_by(-1),
            Action::Down => state.tree.move_by(1),
            // Space toggles while searching too (see `keys::map_key`).
            Action::Toggle => toggle(state),
            Action::Edit(key) if edit_single_line(&mut state.search.input, key) => {
                state.refresh_search()
            }
            _ => {}
        }
        let rows = state.tree_rows();
        state.tree.scroll_into_view(rows);
        return;
    }
    let height = state.tree_rows();
    let catalog = &state.catalog;
    let current = state.tree.current();
    match action {
        Action::Up => state.tree.move_by(-1),
        Action::Down => state.tree.move_by(1),
        Action::PageUp => state.tree.move_by(-(height as isize)),
        Action::PageDown => state.tree.move_by(height as isize),
        Action::Home => state.tree.move_to(0),
        Action::End => state.tree.move_to(usize::MAX),
        Action::Left => match current {
            Some(Row::Category(ci)) => state.tree.set_expanded(catalog, ci, false),
            Some(Row::Scope(si)) => state.tree.move_to_category(catalog.scope(si).category),
            None => {}
        },
        Action::Right => {
            if let Some(Row::Category(ci)) = current {
                state.tree.set_expanded(catalog, ci, true);
            }
        }
        Action::Toggle => toggle(state),
        Action::ToggleCategoryAll => {
            let ci = match current {
                Some(Row::Category(ci)) => ci,
                Some(Row::Scope(si)) => catalog.scope(si).category,
                None => return,
            };
            match &state.search.matches {
                // While searching, only the shown scopes of the category.
                Some(m) => {
                    let shown: Vec<usize> = catalog.categories[ci]
                        .range
                        .clone()
                        .filter(|&i| m.has(i))
                        .collect();
                    let on = !shown.iter().all(|&i| state.selection.is_selected(i));
                    for i in shown {
                        state.selection.set_scope(i, on);
                    }
                }
                None => state.selection.toggle_all_in(ci),
            }
            state.tree.set_expanded(catalog, ci, true);
            state.field_errors.remove(&Field::Scopes);
        }
        Action::ClearAll => {
            if state.selection.total() > 10 {
                state.modal = Some(Modal::ConfirmClearAll);
            } else {
                clear_all(state);
            }
        }
        Action::Search => state.search.editing = true,
        Action::Presets => state.modal = Some(Modal::Presets(0)),
        Action::SavePreset if state.selection.total() == 0 => {
            state.say(Level::Error, text::SCOPES_REQUIRED)
        }
        Action::SavePreset => state.modal = Some(Modal::SavePreset),
        Action::Undo => match state.undo.pop() {
            Some(previous) => {
                state.selection = previous;
                for ci in state.selection.enabled_categories().collect::<Vec<_>>() {
                    state.tree.set_expanded(&state.catalog, ci, true);
                }
                state.say(Level::Info, text::UNDONE);
            }
            None => state.say(Level::Info, text::NOTHING_TO_UNDO),
        },
        Action::Cancel if state.search.matches.is_some() => clear_search(state),
        Action::Enter => next(state),
        _ => {}
    }
    let rows = state.tree_rows();
    state.tree.scroll_into_view(rows);
}

fn clear_search(state: &mut State) {
    state.search.editing = false;
    state.search.input = text_field(text::PH_SEARCH, "");
    state.refresh_search();
}

pub(super) fn clear_all(state: &mut State) {
    state.remember_for_undo();
    let n = state.selection.total();
    state.selection.clear_all();
    let catalog = &state.catalog;
    for ci in 0..catalog.categories.len() {
        state.tree.set_expanded(catalog, ci, false);
    }
    let rows = state.tree_rows();
    state.tree.scroll_into_view(rows);
    let undo = crate::tui::hints::keys(
        &state.keymap,
        crate::tui::keymap::Context::Panels,
        &[Action::Undo],
    );
    state.say(Level::Info, text::cleared(n, &undo));
}
