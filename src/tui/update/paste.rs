//! Bracketed paste into the focused field: folded to one line, capped.

use crate::text;
use crate::tui::state::{FieldId, Level, Modal, State, field_text, focused_field};

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

/// The most a field holds after a paste.
fn cap_of(id: FieldId) -> usize {
    use field_cap as cap;
    match id {
        FieldId::Name => cap::NAME,
        FieldId::Description => cap::DESCRIPTION,
        FieldId::ContactFilter | FieldId::Search => cap::SEARCH,
        FieldId::Email => cap::EMAIL,
        FieldId::PresetName => cap::PRESET_NAME,
        FieldId::SpecFile | FieldId::SecretFile | FieldId::LogFile => cap::PATH,
        FieldId::CredentialToken | FieldId::Profile(3) => cap::LONG,
        FieldId::CredentialSid | FieldId::Profile(_) => cap::SHORT,
        FieldId::TokenSearch => cap::SEARCH,
        FieldId::TokenName => cap::NAME,
    }
}

pub(super) fn paste(state: &mut State, raw: &str) {
    // Questions take no text, except the preset name.
    if state.modal.is_some()
        && state.modal != Some(Modal::SavePreset)
        && state.modal != Some(Modal::LogPath)
    {
        return;
    }
    let Some(id) = focused_field(state) else {
        return;
    };
    let max = cap_of(id);
    let Some(field) = state.field_mut(id) else {
        return;
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
    match id {
        FieldId::Search => {
            state.refresh_search();
            let rows = state.tree_rows();
            state.tree.scroll_into_view(rows);
        }
        FieldId::ContactFilter | FieldId::Email => state.contact.cursor = 0,
        FieldId::TokenSearch => super::page::search_pasted(state),
        _ => {}
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
