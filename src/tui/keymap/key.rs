//! One key as the binding table names it: parsed from `[keys]`, matched
//! against terminal events, and named in the help and the hints.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with the modifiers that tell keys apart (Shift is carried by the
/// character itself, and by Shift-Tab's own code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
}

impl Key {
    pub(crate) const fn plain(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: false,
        }
    }

    pub(crate) const fn code(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub(crate) const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    pub(crate) const fn alt(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: true,
        }
    }

    /// The key of a terminal event.
    pub fn of_event(ev: &KeyEvent) -> Key {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let code = match ev.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        Key {
            code,
            ctrl,
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// A terminal event for this key, as a terminal sends it.
    pub fn event(self) -> KeyEvent {
        let mut m = KeyModifiers::NONE;
        if self.ctrl {
            m |= KeyModifiers::CONTROL;
        }
        if self.alt {
            m |= KeyModifiers::ALT;
        }
        if self.code == KeyCode::BackTab
            || matches!(self.code, KeyCode::Char(c) if c.is_uppercase() || "?".contains(c))
        {
            m |= KeyModifiers::SHIFT;
        }
        KeyEvent::new(self.code, m)
    }

    /// A character that types into a text field.
    pub fn is_plain_char(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    /// Parses a key name: `q`, `S`, `?`, `Space`, `Enter`, `Esc`, `Tab`,
    /// `Shift-Tab`, `Backspace`, `Delete`, `Insert`, `Up` (or `↑`) and the
    /// other arrows, `Home`, `End`, `PageUp`/`PgUp`, `PageDown`/`PgDn`,
    /// `F1`..`F12`, each optionally after `Ctrl-` and/or `Alt-`.
    pub fn parse(spec: &str) -> Option<Key> {
        let mut rest = spec;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            if rest.chars().count() <= 1 {
                break;
            }
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else if lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => match c {
                ' ' => KeyCode::Char(' '),
                '↑' => KeyCode::Up,
                '↓' => KeyCode::Down,
                '←' => KeyCode::Left,
                '→' => KeyCode::Right,
                c if c.is_control() => return None,
                c if shift && c.is_ascii_alphabetic() => {
                    shift = false;
                    KeyCode::Char(c.to_ascii_uppercase())
                }
                c if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                c => KeyCode::Char(c),
            },
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if shift => {
                    shift = false;
                    KeyCode::BackTab
                }
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f => match f.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n @ 1..=12) => KeyCode::F(n),
                    _ => return None,
                },
            },
        };
        // Shift is told apart only on letters and Tab.
        (!shift).then_some(Key { code, ctrl, alt })
    }

    /// The name shown in the help and the hints; [`Key::parse`] reads it back.
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Insert => "Insert".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        let ctrl = if self.ctrl { "Ctrl-" } else { "" };
        let alt = if self.alt { "Alt-" } else { "" };
        format!("{ctrl}{alt}{base}")
    }
}
