//! Screen geometry: every row and column count that state, `update` and the
//! views must agree on (the visible tree height keeps the cursor in view; the
//! review page is what PageDown moves).

use ratatui::layout::Rect;
use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

/// Smallest usable terminal.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// Rows taken by everything but the active panel's inside: header (2),
/// three collapsed panels (3), status and footer (2), panel borders (2).
const CHROME_ROWS: u16 = 9;

/// Rows inside the active panel.
pub fn panel_inner_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(CHROME_ROWS).max(1) as usize
}

/// Rows available to the scope tree and the review list.
pub fn tree_height(size: (u16, u16)) -> usize {
    panel_inner_height(size)
}

/// Rows the scope tree shows: the panel less the search line and the error
/// line when they are up. Never less than one.
pub fn tree_rows(size: (u16, u16), search_shown: bool, error_shown: bool) -> usize {
    let mut h = tree_height(size);
    if search_shown {
        h = h.saturating_sub(1);
    }
    if error_shown {
        h = h.saturating_sub(1);
    }
    h.max(1)
}

/// Rows of the review on the Create panel: the panel less the blank line
/// and the Create line below it. Never less than one.
pub fn review_page(size: (u16, u16)) -> usize {
    tree_height(size).saturating_sub(2).max(1)
}

/// Whether the terminal is big enough.
pub fn fits(size: (u16, u16)) -> bool {
    size.0 >= MIN_SIZE.0 && size.1 >= MIN_SIZE.1
}

/// A rectangle of `w`×`h` centred in `area`, clamped to it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Cuts `s` to at most `width` terminal columns, ending in `ellipsis` when
/// cut. Wide characters (CJK, emoji) count as two columns, and the cut falls
/// between grapheme clusters, so a ZWJ emoji, a flag or a letter with its
/// combining accent is kept whole or dropped whole.
pub fn truncate(s: &str, width: usize, ellipsis: &str) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let room = width.saturating_sub(ellipsis.width());
    let mut out = s.unicode_truncate(room).0.to_string();
    if width >= ellipsis.width() {
        out.push_str(ellipsis);
    }
    out
}

/// Splits text into lines of at most `width` columns at spaces (a word
/// longer than the width is cut), so a dialog knows its height before drawing.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let mut head = truncate(&line, width, "");
            if head.is_empty() {
                // A character wider than the whole line: it goes alone, so
                // the loop always moves on.
                let n = line.chars().next().map_or(line.len(), char::len_utf8);
                head = line[..n].to_string();
            }
            let rest = line[head.len()..].to_string();
            lines.push(head);
            line = rest;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Pads `s` with spaces to `width` columns (after truncating).
pub fn fit(s: &str, width: usize, ellipsis: &str) -> String {
    let mut t = truncate(s, width, ellipsis);
    let w = t.width();
    t.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_columns_not_chars() {
        assert_eq!(truncate("hello", 10, "…"), "hello");
        assert_eq!(truncate("hello world", 6, "…"), "hello…");
        assert_eq!(truncate("日本語テキスト", 7, "…"), "日本語…");
        assert_eq!(fit("日本", 6, "…").width(), 6);
        assert_eq!(fit("😀😀😀😀", 5, "~").width(), 5);
    }

    #[test]
    fn a_character_wider_than_the_line_still_wraps() {
        assert_eq!(wrap_words("日本", 1), vec!["日", "本"]);
        assert_eq!(wrap_words("a 日", 1), vec!["a", "日"]);
    }

    #[test]
    fn truncation_never_splits_a_grapheme_cluster() {
        // A ZWJ sequence (woman scientist) is one two-column cluster.
        let scientist = "\u{1F469}\u{200D}\u{1F52C}";
        assert_eq!(
            truncate(&format!("{scientist} lab"), 3, "…"),
            format!("{scientist}…")
        );
        // A flag is two regional indicators that only make sense together.
        assert_eq!(truncate("\u{1F1EB}\u{1F1F7}x", 2, "…"), "…");
        // A combining accent stays on its letter.
        assert_eq!(truncate("cafe\u{301}s bar", 5, "…"), "cafe\u{301}…");
    }

    #[test]
    fn words_wrap_within_the_width() {
        let lines = wrap_words(
            "Resume the draft saved moments ago? 'a-long-draft-name', 2 scopes selected.",
            30,
        );
        assert!(lines.iter().all(|l| l.width() <= 30), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "Resume the draft saved moments ago? 'a-long-draft-name', 2 scopes selected."
        );
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("", 4), [""]);
    }

    #[test]
    fn heights() {
        assert_eq!(panel_inner_height((80, 24)), 15);
        assert_eq!(panel_inner_height((80, 5)), 1);
        assert!(fits((80, 24)));
        assert!(!fits((59, 24)));
        assert_eq!(tree_rows((80, 24), false, false), 15);
        assert_eq!(tree_rows((80, 24), true, true), 13);
        assert_eq!(tree_rows((80, 5), true, true), 1);
        assert_eq!(review_page((80, 24)), 13);
    }
}
