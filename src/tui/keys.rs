//! Turns key presses into actions by reading the one binding table
//! ([`crate::tui::keymap`]); the help overlay and the footer hints read the
//! same table, so they cannot drift.

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::tui::keymap::{Context, Key, Keymap};
use crate::tui::state::{Modal, Screen, State, focused_field};

pub use crate::tui::keymap::Action;

/// Keys for the terminal rather than the wizard: the event loop acts on
/// them before [`map_key`], on every screen and over every overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TerminalKey {
    /// Ctrl-Z: leave full-screen mode and stop, as any full-screen program.
    Suspend,
    /// Ctrl-L: clear the terminal and repaint every cell.
    Redraw,
}

/// The terminal key `key` is, if any. In raw mode the terminal sends Ctrl-Z
/// as a key instead of stopping the program, so the program does it.
pub fn terminal_key(keymap: &Keymap, key: &KeyEvent) -> Option<TerminalKey> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    match keymap.lookup(Context::Terminal, Key::of_event(key))?.action {
        Action::Suspend => Some(TerminalKey::Suspend),
        Action::Redraw => Some(TerminalKey::Redraw),
        _ => None,
    }
}

/// Whether the focused widget is a text field (so letters type, not command).
pub fn text_focus(state: &State) -> bool {
    focused_field(state).is_some()
}

/// What a key does when no binding takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Otherwise {
    /// Nothing.
    Nothing,
    /// It goes to the focused text field.
    Edit,
    /// It closes the help.
    Close,
}

/// The contexts in force, first first; whether a text field has focus (so
/// plain characters type); and what an unbound key does.
pub fn active(state: &State) -> (&'static [Context], bool, Otherwise) {
    use Context as C;
    if let Some(modal) = &state.modal {
        return match modal {
            Modal::Help => (&[C::Global], false, Otherwise::Close),
            Modal::SavePreset | Modal::LogPath => {
                (&[C::Global, C::PresetName], true, Otherwise::Edit)
            }
            Modal::Presets(_) => (&[C::Global, C::Presets], false, Otherwise::Nothing),
            Modal::ConfirmResume => (&[C::Global, C::Resume], false, Otherwise::Nothing),
            _ => (&[C::Global, C::Confirm], false, Otherwise::Nothing),
        };
    }
    if matches!(state.screen, Screen::Tokens) && state.page.notice.is_some() {
        return (&[C::Global], false, Otherwise::Close);
    }
    let typing = text_focus(state);
    let edit = if typing {
        Otherwise::Edit
    } else {
        Otherwise::Nothing
    };
    let contexts: &'static [Context] = match &state.screen {
        Screen::Secret(_) if typing => &[C::Global, C::Screen, C::SecretSave],
        Screen::Secret(_) => &[C::Global, C::Screen, C::Secret],
        Screen::Welcome => &[C::Global, C::Screen, C::Welcome],
        Screen::PickProfile => &[C::Global, C::Screen, C::PickProfile],
        Screen::ProfileSetup if typing => &[C::Global, C::Screen, C::Profile],
        Screen::ProfileSetup => &[C::Global, C::Screen, C::Profile, C::AccountType],
        Screen::Done { .. } => &[C::Global, C::Screen, C::Done],
        Screen::Credentials | Screen::Wizard if typing => &[C::Global, C::Screen, C::Wizard],
        Screen::Credentials | Screen::Wizard => &[C::Global, C::Screen, C::Wizard, C::Panels],
        Screen::Tokens => match &state.page.ask {
            Some(_) if typing => &[C::Global, C::TokenName],
            Some(_) => &[C::Global, C::TokenAsk],
            None if state.page.menu.is_some() => &[C::Global, C::TokenMenu],
            None if state.page.details.is_some() => &[C::Global, C::Screen, C::TokenDetails],
            None if typing => &[C::Global, C::Screen, C::TokenSearch],
            None => &[C::Global, C::Screen, C::Tokens],
        },
    };
    (contexts, typing, edit)
}

/// Whether the scope search's field has focus, with no dialog over it.
fn scope_search(state: &State) -> bool {
    state.modal.is_none()
        && matches!(state.screen, Screen::Wizard)
        && state.step == crate::tui::state::Step::Scopes
        && state.search.editing
}

/// Maps a key event to an action, or `None` when it means nothing here.
pub fn map_key(state: &State, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let (contexts, typing, otherwise) = active(state);
    let k = Key::of_event(&key);
    // The scope search's field takes the panels' toggle key (Space) as
    // Toggle, not as text: the search is for finding rows to check, and
    // the README promises Space works on the shown rows.
    if scope_search(state)
        && state
            .keymap
            .lookup(Context::Panels, k)
            .is_some_and(|b| b.action == Action::Toggle)
    {
        return Some(Action::Toggle);
    }
    for &context in contexts {
        let Some(b) = state.keymap.lookup(context, k) else {
            continue;
        };
        // In a text field letters type, whatever they are bound to.
        if typing && b.key.is_plain_char() {
            continue;
        }
        if b.action == Action::Retry && !state.can_retry() {
            continue;
        }
        return Some(b.action);
    }
    match otherwise {
        Otherwise::Nothing => None,
        Otherwise::Edit => Some(Action::Edit(key)),
        Otherwise::Close => Some(Action::Cancel),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn ctrl_z_and_ctrl_l_are_terminal_keys() {
        let ctrl = KeyModifiers::CONTROL;
        assert_eq!(
            terminal_key(&Keymap::default(), &key(KeyCode::Char('z'), ctrl)),
            Some(TerminalKey::Suspend)
        );
        assert_eq!(
            terminal_key(&Keymap::default(), &key(KeyCode::Char('l'), ctrl)),
            Some(TerminalKey::Redraw)
        );
        assert_eq!(
            terminal_key(
                &Keymap::default(),
                &key(KeyCode::Char('z'), KeyModifiers::NONE)
            ),
            None
        );
        assert_eq!(
            terminal_key(
                &Keymap::default(),
                &key(KeyCode::Char('l'), KeyModifiers::NONE)
            ),
            None
        );
        assert_eq!(
            terminal_key(&Keymap::default(), &key(KeyCode::Char('c'), ctrl)),
            None
        );
        let mut release = key(KeyCode::Char('z'), ctrl);
        release.kind = KeyEventKind::Release;
        assert_eq!(terminal_key(&Keymap::default(), &release), None);
    }
}
