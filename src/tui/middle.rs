//! Cutting a name in its middle, so that both its start and its
//! distinguishing ending stay visible ("Demo seed: … (staging)").

use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

/// `s` in at most `width` terminal columns: whole when it fits, else its
/// start, `ellipsis` and its end. A trailing parenthesised part (" (copy)",
/// " (retired WHEN)") is kept whole when it takes at most two thirds of the
/// room, else its last two thirds are; without one the room is shared
/// evenly. Wide characters count as two
/// columns and cuts fall between grapheme clusters.
pub fn cut_middle(s: &str, width: usize, ellipsis: &str) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let Some(room) = width.checked_sub(ellipsis.width()) else {
        return String::new();
    };
    let max_tail = room * 2 / 3;
    let tail_want = match trailing_group(s) {
        Some(group) => group.width().min(max_tail),
        None => room / 2,
    };
    let (head, head_w) = s.unicode_truncate(room - tail_want);
    // What the head could not use (a wide character at the cut) goes to
    // the end.
    let (tail, _) = s.unicode_truncate_start(room - head_w);
    format!("{head}{ellipsis}{tail}")
}

/// The name's ending " (…)", with its leading space, if it has one.
fn trailing_group(s: &str) -> Option<&str> {
    if !s.ends_with(')') {
        return None;
    }
    let open = s.rfind(" (")?;
    Some(&s[open..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_whole() {
        assert_eq!(cut_middle("prod", 10, "…"), "prod");
        assert_eq!(cut_middle("exactly10!", 10, "…"), "exactly10!");
    }

    #[test]
    fn the_distinguishing_ending_stays() {
        let cut = cut_middle("Demo seed: Dashboard numbers (staging)", 22, "…");
        assert_eq!(cut, "Demo seed: … (staging)");
        let retired = "Demo seed: Dashboard numbers (retired 2026-12-06 02:31 UTC)";
        let cut = cut_middle(retired, 41, "…");
        assert_eq!(cut.width(), 41);
        assert!(cut.starts_with("Demo seed:"), "{cut}");
        // The group is too long to keep whole: its end, the date that
        // tells retired tokens apart, stays.
        assert!(cut.ends_with("2026-12-06 02:31 UTC)"), "{cut}");
        let cut = cut_middle(retired, 50, "…");
        assert!(cut.ends_with(" (retired 2026-12-06 02:31 UTC)"), "{cut}");
        // Two names that differ only at the end stay apart.
        let a = cut_middle("Demo seed: Dashboard numbers (copy)", 17, "…");
        let b = cut_middle("Demo seed: Dashboard numbers (rotating)", 17, "…");
        assert_ne!(a, b);
    }

    #[test]
    fn without_a_group_both_ends_share_the_room() {
        let cut = cut_middle("abcdefghijklmnopqrstuvwxyz", 11, "…");
        assert_eq!(cut, "abcde…vwxyz");
    }

    #[test]
    fn wide_characters_and_graphemes_are_never_split() {
        // Each CJK character takes two columns.
        let cut = cut_middle("日本語の名前はとても長い", 10, "…");
        assert!(cut.width() <= 10, "{cut}");
        assert!(cut.starts_with("日本"), "{cut}");
        assert!(cut.ends_with("長い"), "{cut}");
        // A letter and its combining accent stay together.
        let e = "e\u{301}";
        let name = format!("{}x{}", e.repeat(10), e.repeat(10));
        let cut = cut_middle(&name, 7, "…");
        assert_eq!(cut, format!("{}…{}", e.repeat(3), e.repeat(3)));
        // A family emoji (ZWJ sequence) is kept whole or dropped whole.
        let fam = "👨\u{200d}👩\u{200d}👧";
        let cut = cut_middle(&format!("{fam}{}{fam}", "a".repeat(20)), 9, "…");
        assert!(cut.starts_with(fam) && cut.ends_with(fam), "{cut}");
        assert!(cut.width() <= 9);
    }

    #[test]
    fn no_room_gives_nothing_or_the_ellipsis() {
        assert_eq!(cut_middle("abcdef", 0, "…"), "");
        assert_eq!(cut_middle("abcdef", 1, "…"), "…");
    }
}
