//! Making outside text safe to show, and invisible characters visible.
//!
//! One rule for all text from outside (a server, a file) on every surface,
//! the terminal, the TUI and the files the tool writes: the characters of
//! [`is_unsafe_to_show`] never reach them raw. Text shows them as `�`
//! ([`inert`]); JSON and TOML keep the value exact but escaped
//! ([`json_inert`], [`toml_quote`]); refusal messages spell them out
//! ([`visible`]).

/// Characters that can move the cursor, start a terminal sequence, reorder
/// the text around them or show as nothing: controls (Cc, ESC included),
/// format characters (Cf: bidi embeddings, overrides and isolates, zero-width
/// spaces and joiners, marks, the BOM, the soft hyphen, invisible operators,
/// tags) and the line and paragraph separators.
pub fn is_unsafe_to_show(c: char) -> bool {
    c.is_control() || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Unicode's format characters (general category Cf, Unicode 16), with the
/// unassigned U+2065 among its neighbours.
fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// Makes text from outside (server, files) safe to print: every character
/// of [`is_unsafe_to_show`] is shown as `�`, so it can never move the
/// cursor, clear the screen, write the clipboard, reverse what follows or
/// hide in a name.
pub fn inert(s: &str) -> String {
    if !s.chars().any(is_unsafe_to_show) {
        return s.to_string();
    }
    s.chars()
        .map(|c| if is_unsafe_to_show(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// Escapes, in serialized JSON, every character of [`is_unsafe_to_show`]
/// that serde_json leaves raw (C1 controls, DEL, format characters,
/// U+2028/9) as `\uXXXX`: the same value to a JSON reader, inert on a
/// terminal. Raw tabs, line breaks and carriage returns are the layout's
/// (serde_json escapes them inside strings), so they stay. The text
/// replaced is wiped: it may hold a secret.
pub fn json_inert(json: &mut String) {
    let escaped = |c: char| is_unsafe_to_show(c) && !matches!(c, '\n' | '\t' | '\r');
    let extra: usize = json
        .chars()
        .filter(|&c| escaped(c))
        .map(|c| 6 * c.len_utf16())
        .sum();
    if extra == 0 {
        return;
    }
    let mut out = String::with_capacity(json.len() + extra);
    for c in json.chars() {
        if escaped(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    zeroize::Zeroize::zeroize(json);
    *json = out;
}

/// `s` as a TOML basic string: `"`, `\` and the characters of
/// [`is_unsafe_to_show`] escaped, so the value reads back exactly and no
/// line of the file can be added, ended early or shown reordered.
pub fn toml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe_to_show(c) && (c as u32) <= 0xFFFF => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c if is_unsafe_to_show(c) => out.push_str(&format!("\\U{:08X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Like [`inert`], but every character that shows as nothing (or as a
/// plain space) is spelled out as `\u{200b}`: the characters of
/// [`is_unsafe_to_show`], invisible fillers and spaces other than U+0020.
/// For messages about why a value was refused.
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
    is_unsafe_to_show(c)
        || (c.is_whitespace() && c != ' ')
        || matches!(c as u32,
            0x034F | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x2800 | 0x3164
            | 0xFE00..=0xFE0F | 0xFFA0 | 0xE0000..=0xE0FFF)
}
