//! Turns key presses into actions. The only file that knows which key does what;
//! the help overlay is generated from [`KEYS`], so it cannot drift.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::tui::state::{ContactFocus, Modal, Screen, SetupFocus, State, Step};

/// What a key means in context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Quit (asks first when input would be lost).
    Quit,
    /// Toggle the key overlay.
    Help,
    /// Next panel (refused while the panel is invalid).
    Next,
    /// Previous panel.
    Back,
    /// Open a panel directly.
    Goto(Step),
    /// Next field in the panel.
    FocusNext,
    /// Previous field in the panel.
    FocusPrev,
    /// Cursor up.
    Up,
    /// Cursor down.
    Down,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// First row.
    Home,
    /// Last row.
    End,
    /// Collapse / previous value.
    Left,
    /// Expand / next value.
    Right,
    /// Space: toggle a checkbox or category, pick a contact.
    Toggle,
    /// Enter: confirm, add, advance, or submit.
    Enter,
    /// Clear All scopes.
    ClearAll,
    /// Check or uncheck every scope of the current category.
    ToggleCategoryAll,
    /// Remove the focused e-mail.
    Delete,
    /// Esc: cancel, close, or clear.
    Cancel,
    /// Open the scope search line.
    Search,
    /// Export the request as a spec file.
    Export,
    /// Open the preset list.
    Presets,
    /// Undo the last preset or Clear All.
    Undo,
    /// Save the selection as a named preset.
    SavePreset,
    /// Copy the secret (OSC 52).
    Copy,
    /// Save the secret to a file (0600, never overwriting).
    SaveSecret,
    /// Test what the new token may call.
    Probe,
    /// A letter choice on the welcome screen.
    Pick(char),
    /// Answer yes.
    Yes,
    /// Answer no.
    No,
    /// Try a failed connection or load again.
    Retry,
    /// A key for the focused text field.
    Edit(KeyEvent),
}

/// One line of the help overlay: keys, and what they do.
pub const KEYS: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "next / previous field in a panel"),
    ("Enter", "confirm; on the last field, Next"),
    ("Ctrl-N / Ctrl-P", "Next / Back between panels"),
    (
        "Alt-1..4, 1..4",
        "open a panel (digits outside text fields)",
    ),
    ("↑↓ or j k", "move (j k outside text fields)"),
    ("←→ or h l", "collapse / expand a category; change version"),
    ("PgUp PgDn Home End", "scroll a page / to the ends"),
    ("Space", "toggle a category or scope; pick a contact"),
    ("/", "search scopes: category, name, method, path, Id"),
    ("a", "check / uncheck every shown scope in the category"),
    ("c", "Clear All scopes (asks above 10)"),
    (
        "p / u / S",
        "presets: apply (shows the change) / undo / save yours",
    ),
    ("d or Delete", "remove the focused developer e-mail"),
    ("Esc", "cancel a running create; clear a search or filter"),
    (
        "e (Create panel)",
        "export the request as a TOML or JSON spec file",
    ),
    (
        "c / s / t (new token)",
        "copy (OSC 52) / save to a new 0600 file / test it",
    ),
    (
        "Ctrl-R / Z / L",
        "retry a failed load / suspend (fg resumes) / redraw",
    ),
    ("?  or F1", "this help"),
    ("q or Ctrl-C", "quit (asks when input would be lost)"),
];

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
pub fn terminal_key(key: &KeyEvent) -> Option<TerminalKey> {
    if key.kind == KeyEventKind::Release || !key.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    match key.code {
        KeyCode::Char('z' | 'Z') => Some(TerminalKey::Suspend),
        KeyCode::Char('l' | 'L') => Some(TerminalKey::Redraw),
        _ => None,
    }
}

/// Whether the focused widget is a text field (so letters type, not command).
pub fn text_focus(state: &State) -> bool {
    match &state.screen {
        Screen::Credentials => true,
        Screen::ProfileSetup => state.profile_form.focus != 1,
        Screen::Welcome => false,
        Screen::Secret(c) => c.save_input.is_some(),
        Screen::Wizard => match state.step {
            Step::Setup => state.setup.focus != SetupFocus::Version,
            Step::Contact => state.contact.focus != ContactFocus::EmailList,
            Step::Scopes => state.search.editing,
            Step::Create => state.export_input.is_some(),
        },
        _ => false,
    }
}

/// Maps a key event to an action, or `None` when it means nothing here.
pub fn map_key(state: &State, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if let Some(modal) = &state.modal {
        return match (modal, key.code) {
            (Modal::Help, _) => Some(Action::Cancel),
            (Modal::SavePreset, KeyCode::Enter) => Some(Action::Yes),
            (Modal::SavePreset, KeyCode::Esc) => Some(Action::No),
            (Modal::SavePreset, _) => Some(Action::Edit(key)),
            (Modal::Presets(_), KeyCode::Up | KeyCode::Char('k')) => Some(Action::Up),
            (Modal::Presets(_), KeyCode::Down | KeyCode::Char('j')) => Some(Action::Down),
            (Modal::Presets(_), KeyCode::Enter) => Some(Action::Yes),
            (Modal::Presets(_), KeyCode::Esc | KeyCode::Char('q')) => Some(Action::No),
            (Modal::Presets(_), _) => None,
            // Only `n` discards a draft: Esc leaves it for later, q quits.
            (Modal::ConfirmResume, KeyCode::Esc) => Some(Action::Cancel),
            (Modal::ConfirmResume, KeyCode::Char('q' | 'Q')) => Some(Action::Quit),
            (_, KeyCode::Char('y' | 'Y') | KeyCode::Enter) => Some(Action::Yes),
            (_, KeyCode::Char('n' | 'N') | KeyCode::Esc) => Some(Action::No),
            _ => None,
        };
    }
    if key.code == KeyCode::F(1) {
        return Some(Action::Help);
    }
    match &state.screen {
        Screen::Secret(c) if c.save_input.is_some() => {
            return match key.code {
                KeyCode::Enter => Some(Action::Enter),
                KeyCode::Esc => Some(Action::Cancel),
                _ => Some(Action::Edit(key)),
            };
        }
        Screen::Secret(_) => {
            return match key.code {
                KeyCode::Char('s') => Some(Action::SaveSecret),
                KeyCode::Char('t') => Some(Action::Probe),
                KeyCode::Char('c') | KeyCode::Char('y') => Some(Action::Copy),
                KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q') => Some(Action::Cancel),
                KeyCode::Char('?') => Some(Action::Help),
                _ => None,
            };
        }
        Screen::Welcome => {
            return match key.code {
                KeyCode::Char(c @ ('s' | 'p')) => Some(Action::Pick(c)),
                KeyCode::Char('q') | KeyCode::Esc => Some(Action::Quit),
                KeyCode::Char('?') => Some(Action::Help),
                _ => None,
            };
        }
        Screen::ProfileSetup => {
            return match key.code {
                KeyCode::Tab | KeyCode::Down => Some(Action::FocusNext),
                KeyCode::BackTab | KeyCode::Up => Some(Action::FocusPrev),
                KeyCode::Enter => Some(Action::Enter),
                KeyCode::Esc => Some(Action::Cancel),
                KeyCode::Left | KeyCode::Char('h') if !text_focus(state) => Some(Action::Left),
                KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') if !text_focus(state) => {
                    Some(Action::Right)
                }
                _ if text_focus(state) => Some(Action::Edit(key)),
                _ => None,
            };
        }
        Screen::Done { .. } => {
            return match key.code {
                KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q') => Some(Action::Quit),
                _ => None,
            };
        }
        Screen::Credentials | Screen::Wizard => {}
    }
    if ctrl {
        return match key.code {
            KeyCode::Char('n') => Some(Action::Next),
            KeyCode::Char('p') => Some(Action::Back),
            KeyCode::Char('r') if state.can_retry() => Some(Action::Retry),
            _ if text_focus(state) => Some(Action::Edit(key)),
            _ => None,
        };
    }
    if alt && let KeyCode::Char(d @ '1'..='4') = key.code {
        return Some(Action::Goto(Step::ALL[(d as u8 - b'1') as usize]));
    }
    // Keys that mean the same everywhere.
    let common = match key.code {
        KeyCode::Tab => Some(Action::FocusNext),
        KeyCode::BackTab => Some(Action::FocusPrev),
        KeyCode::Enter => Some(Action::Enter),
        KeyCode::Esc => Some(Action::Cancel),
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    if text_focus(state) {
        // The version picker is not text; a text field takes everything else.
        return Some(Action::Edit(key));
    }
    match key.code {
        KeyCode::Char('q') => Some(Action::Quit),
        KeyCode::Char('?') => Some(Action::Help),
        KeyCode::Char('j') => Some(Action::Down),
        KeyCode::Char('k') => Some(Action::Up),
        KeyCode::Char('h') | KeyCode::Left => Some(Action::Left),
        KeyCode::Char('l') | KeyCode::Right => Some(Action::Right),
        KeyCode::Char(' ') => Some(Action::Toggle),
        KeyCode::Home | KeyCode::Char('g') => Some(Action::Home),
        KeyCode::End | KeyCode::Char('G') => Some(Action::End),
        KeyCode::Char('c') => Some(Action::ClearAll),
        KeyCode::Char('/') => Some(Action::Search),
        KeyCode::Char('e') => Some(Action::Export),
        KeyCode::Char('p') => Some(Action::Presets),
        KeyCode::Char('u') => Some(Action::Undo),
        KeyCode::Char('S') => Some(Action::SavePreset),
        KeyCode::Char('a') => Some(Action::ToggleCategoryAll),
        KeyCode::Char('d') | KeyCode::Char('x') | KeyCode::Delete | KeyCode::Backspace => {
            Some(Action::Delete)
        }
        KeyCode::Char(d @ '1'..='4') => Some(Action::Goto(Step::ALL[(d as u8 - b'1') as usize])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn ctrl_z_and_ctrl_l_are_terminal_keys() {
        let ctrl = KeyModifiers::CONTROL;
        assert_eq!(
            terminal_key(&key(KeyCode::Char('z'), ctrl)),
            Some(TerminalKey::Suspend)
        );
        assert_eq!(
            terminal_key(&key(KeyCode::Char('l'), ctrl)),
            Some(TerminalKey::Redraw)
        );
        assert_eq!(
            terminal_key(&key(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            terminal_key(&key(KeyCode::Char('l'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(terminal_key(&key(KeyCode::Char('c'), ctrl)), None);
        let mut release = key(KeyCode::Char('z'), ctrl);
        release.kind = KeyEventKind::Release;
        assert_eq!(terminal_key(&release), None);
    }

    #[test]
    fn the_help_lists_retry_suspend_and_redraw() {
        // One row, "Ctrl-R / Z / L", keeps the overlay inside 80x24.
        let (k, what) = KEYS
            .iter()
            .find(|(k, _)| k.starts_with("Ctrl-R"))
            .expect("a Ctrl row");
        assert_eq!(*k, "Ctrl-R / Z / L");
        for word in ["retry", "suspend", "redraw"] {
            assert!(what.contains(word), "{what} names {word}");
        }
    }
}
