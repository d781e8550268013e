//! Making outside text safe to show, and invisible characters visible.

/// Makes text from outside (server, files) safe to print: control characters,
/// including ESC that starts terminal sequences, are shown as `�` so they can
/// never move the cursor, clear the screen or write the clipboard.
pub fn inert(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// Like [`inert`], but every character that shows as nothing (or as a
/// plain space) is spelled out as `\u{200b}`: control and format characters
/// (zero-width, BOM, soft hyphen, bidi controls), invisible fillers and
/// spaces other than U+0020. For messages about why a value was refused.
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_invisible(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Characters with no visible glyph of their own.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c as u32,
            0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x2800 | 0x3164
            | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF9..=0xFFFB | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}
