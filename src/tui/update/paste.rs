//! Bracketed paste into the focused field: folded to one line, capped.

use ratatui_textarea::TextArea;

use crate::text;
use crate::tui::state::{ContactFocus, Level, Modal, Screen, SetupFocus, State, Step, field_text};

/// Longest paste taken into a single-line field; fields hold at most 255
/// characters, so more is certainly a mistake (and must not stall the UI).
pub(super) const PASTE_MAX: usize = 1024;

/// Most characters each kind of field holds after a paste: the field's own
/// limit where the contract has one, a generous bound elsewhere. Counted for
/// the whole field, so repeated pastes cannot grow it past the limit.
pub mod field_cap {
    /// Token Name.
    pub const NAME: usize = crate::model::validate::NAME_MAX;
    /// Description.
    pub const DESCRIPTION: usize = crate::model::validate::DESCRIPTION_MAX;
    /// A developer e-mail (RFC 5321's longest address).
    pub const EMAIL: usize = 254;
    /// The contact filter and the scope search.
    pub const SEARCH: usize = 100;
    /// A preset name.
    pub const PRESET_NAME: usize = 64;
    /// A file path (export, secret file): Linux's PATH_MAX.
    pub const PATH: usize = 4096;
    /// Account SID, profile name, Auth Token variable name.
    pub const SHORT: usize = 128;
    /// Auth Token, API URL.
    pub const LONG: usize = 2048;
}

pub(super) fn paste(state: &mut State, raw: &str) {
    use field_cap as cap;
    let in_preset_name = state.modal == Some(Modal::SavePreset);
    if state.modal.is_some() && !in_preset_name {
        return;
    }
    if !in_preset_name && !crate::tui::keys::text_focus(state) {
        return;
    }
    let (field, max): (&mut TextArea<'static>, usize) = match (&mut state.screen, state.step) {
        _ if in_preset_name => (&mut state.preset_input, cap::PRESET_NAME),
        (Screen::Credentials, _) => {
            let f = &mut state.credentials;
            if f.on_token {
                (&mut f.token, cap::LONG)
            } else {
                (&mut f.sid, cap::SHORT)
            }
        }
        (Screen::ProfileSetup, _) => {
            let row = state.profile_form.focus;
            let max = if row == 3 { cap::LONG } else { cap::SHORT };
            match state.profile_form.field_of(row) {
                Some(f) => (f, max),
                None => return,
            }
        }
        (Screen::Secret(c), _) => match &mut c.save_input {
            Some(f) => (f, cap::PATH),
            None => return,
        },
        (Screen::Wizard, Step::Setup) => match state.setup.focus {
            SetupFocus::Name => (&mut state.setup.name, cap::NAME),
            _ => (&mut state.setup.description, cap::DESCRIPTION),
        },
        (Screen::Wizard, Step::Contact) => match state.contact.focus {
            ContactFocus::Contacts => (&mut state.contact.filter, cap::SEARCH),
            _ => (&mut state.contact.email_input, cap::EMAIL),
        },
        (Screen::Wizard, Step::Scopes) => (&mut state.search.input, cap::SEARCH),
        (Screen::Wizard, Step::Create) => match &mut state.export_input {
            Some(f) => (f, cap::PATH),
            None => return,
        },
        _ => return,
    };
    // Lengths count as the validator counts them (after NFC), so a combining
    // accent pasted after its letter does not take a place of its own.
    let existing = field_text(field).to_string();
    let fits = |n: usize, clean: &str| {
        let head: String = clean.chars().take(n).collect();
        n <= PASTE_MAX && crate::model::validate::counted_len(&format!("{existing}{head}")) <= max
    };
    // Folding one character more than a paste may hold tells whether anything was cut.
    let (mut clean, changed) = fold_single_line(raw, PASTE_MAX + 1);
    let total = clean.chars().count();
    let cut = !fits(total, &clean);
    if cut {
        // The longest head that fits: counted length grows with the head.
        let (mut lo, mut hi) = (0, total);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(mid, &clean) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        clean = clean.chars().take(lo).collect();
    }
    field.insert_str(&clean);
    if in_preset_name {
        // nothing else depends on the preset name
    } else if matches!(state.screen, Screen::Wizard) && state.step == Step::Scopes {
        state.refresh_search();
        let rows = state.tree_rows();
        state.tree.scroll_into_view(rows);
    } else if matches!(state.screen, Screen::Wizard) && state.step == Step::Contact {
        state.contact.cursor = 0;
    }
    let folded = changed && (!cut || raw.chars().any(char::is_control));
    if cut {
        state.say(Level::Warn, text::paste_cut(max, folded));
    } else if folded {
        state.say(Level::Warn, text::PASTE_FOLDED);
    }
}

/// Folds pasted text to one line: line breaks and tabs become spaces, other
/// control characters are dropped, and the length is capped. Returns whether
/// anything was changed.
pub fn fold_single_line(raw: &str, max_chars: usize) -> (String, bool) {
    let mut out = String::with_capacity(raw.len().min(max_chars * 4));
    let mut changed = false;
    let mut n = 0;
    let mut prev_cr = false;
    for c in raw.chars() {
        if n == max_chars {
            changed = true;
            break;
        }
        let was_cr = prev_cr;
        prev_cr = c == '\r';
        match c {
            '\n' if was_cr => continue, // CRLF is one break
            '\r' | '\n' | '\t' => {
                out.push(' ');
                changed = true;
            }
            c if c.is_control() => {
                changed = true;
                continue;
            }
            c => out.push(c),
        }
        n += 1;
    }
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_is_folded_and_capped() {
        assert_eq!(
            fold_single_line("a\r\nb\tc", 100),
            ("a b c".to_string(), true)
        );
        assert_eq!(fold_single_line("plain", 100), ("plain".to_string(), false));
        assert_eq!(
            fold_single_line("x\u{1b}[2Jy", 100),
            ("x[2Jy".to_string(), true)
        );
        let big = "z".repeat(1_000_000);
        let (s, changed) = fold_single_line(&big, PASTE_MAX);
        assert_eq!(s.len(), PASTE_MAX);
        assert!(changed);
        assert_eq!(fold_single_line("日本語😀", 3).0, "日本語");
    }
}
