//! The API page and the wizard as state machines: random sequences of keys,
//! worker answers and resizes through `update`, with the invariants checked
//! (and the view drawn) after every step; and the examples they found.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

#[path = "support/page.rs"]
#[allow(dead_code)]
mod page_support;

use crossterm::event::KeyCode;
use impact_token::api::worker::{TokenOpDone, WorkerEvent};
use impact_token::model::tokens::StateFilter;
use page_support::*;
use wizard_state::*;

/// Asks to delete the focused token by its menu, types its name and
/// confirms; then the server's answer arrives (whether or not the
/// confirming key sent the job, the answer is what shrinks the list).
fn delete_focused(s: &mut impact_token::tui::state::State) {
    let id = focused(s);
    let name = s.page.token(&id).unwrap().name.clone();
    key(s, KeyCode::Char('m'));
    for _ in 0..4 {
        key(s, KeyCode::Down); // Delete
    }
    key(s, KeyCode::Enter);
    typed(s, &name);
    key(s, KeyCode::Enter);
    feed(
        s,
        WorkerEvent::TokenOp {
            id,
            result: Ok(TokenOpDone::Deleted),
        },
    );
}

#[test]
fn deleting_the_last_row_keeps_the_cursor_on_the_new_last_row() {
    let mut s = loaded();
    key(&mut s, KeyCode::End);
    assert_eq!(focused(&s), "T-3");
    delete_focused(&mut s);
    assert!(s.page.token("T-3").is_none());
    assert_eq!(s.page.visible.len(), 2);
    assert_eq!(focused(&s), "T-2", "the row above the deleted one");
    screen_text(&s, 80);
}

#[test]
fn deleting_the_last_row_under_a_filter_keeps_the_cursor_in_bounds() {
    let mut s = loaded();
    key(&mut s, KeyCode::Char('s')); // State: Enabled
    assert_eq!(s.page.filter.state, Some(StateFilter::Enabled));
    assert_eq!(s.page.visible.len(), 2);
    key(&mut s, KeyCode::End);
    assert_eq!(focused(&s), "T-3");
    delete_focused(&mut s);
    assert_eq!(s.page.visible.len(), 1);
    assert_eq!(focused(&s), "T-1");
    screen_text(&s, 80);
}
