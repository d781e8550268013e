//! User-facing strings, in one place, so wording stays consistent and can
//! be reviewed (or translated) without reading the logic. This is the layer
//! just above the wire types: functions here take plain values, never the
//! app's types. Wording that reads app state sits next to its callers:
//! `ApiError::message` and the `Display` impls in `api/`, step titles and
//! summaries in `tui/summary.rs`, the secret file in `store/secret_file.rs`,
//! command output in `commands/`.

mod api;
mod commands;
mod edit;
mod escape;
mod evidence;
mod examples;
mod exits;
mod files;
mod keys;
mod page;
mod paths;
mod sandbox;
mod tokens;
mod tokens_cli;
mod validation;
mod wizard;

pub use api::*;
pub use commands::*;
pub use edit::*;
pub use escape::*;
pub use evidence::*;
pub use examples::*;
pub use exits::*;
pub use files::*;
pub use keys::*;
pub use page::*;
pub use paths::*;
pub use sandbox::*;
pub use tokens::*;
pub use tokens_cli::*;
pub use validation::*;
pub use wizard::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_file_names_share_one_sanitiser() {
        assert_eq!(
            secret_file_name("Q3 reporting!"),
            "impact-token-Q3-reporting.env"
        );
        assert_eq!(spec_file_name("Q3 reporting!"), "Q3-reporting.toml");
        assert_eq!(spec_file_name("../etc/passwd"), "etc-passwd.toml");
        // The two old copies disagreed when nothing safe was left.
        assert_eq!(secret_file_name("日本 …"), "impact-token.env");
        assert_eq!(spec_file_name("日本 …"), "token.toml");
    }

    #[test]
    fn shell_quoting_keeps_plain_values_and_neutralises_the_rest() {
        assert_eq!(
            *shell_quote("IRabc-123_x.y/z+=:@%,"),
            "IRabc-123_x.y/z+=:@%,"
        );
        assert_eq!(*shell_quote(""), "''");
        assert_eq!(*shell_quote("a b"), "'a b'");
        assert_eq!(*shell_quote("$(id)`id`"), "'$(id)`id`'");
        assert_eq!(*shell_quote("it's"), "'it'\\''s'");
        assert_eq!(*shell_quote("a\nb"), "'a\nb'");
    }

    #[test]
    fn inert_strips_escape_sequences() {
        let hostile = "\u{1b}[2J\u{1b}]52;c;aGk=\u{07}Eve";
        let shown = inert(hostile);
        assert!(!shown.chars().any(char::is_control));
        assert!(shown.ends_with("Eve"));
        assert_eq!(inert("plain"), "plain");
    }

    #[test]
    fn inert_covers_format_characters_too() {
        // Bidi overrides and isolates, zero-width characters, the BOM, the
        // soft hyphen, separators, a C1 control (CSI), a tag character.
        let hostile = "a\u{202e}b\u{2066}c\u{200b}d\u{200d}e\u{feff}f\u{ad}g\u{2028}h\u{9b}i\u{61c}j\u{e0041}k";
        let shown = inert(hostile);
        assert_eq!(shown, "a�b�c�d�e�f�g�h�i�j�k");
        for c in hostile.chars().filter(|c| !c.is_ascii_alphabetic()) {
            assert!(is_unsafe_to_show(c), "{:x}", c as u32);
        }
        // Letters, marks and spaces of other scripts stay.
        assert_eq!(
            inert("Ünïcödé 日本 مرحبا\u{a0}x"),
            "Ünïcödé 日本 مرحبا\u{a0}x"
        );
    }

    #[test]
    fn json_and_toml_keep_the_value_but_escape_what_is_unsafe() {
        let name = "Q3\u{202e}fdp.exe\u{200b} \"x\"\n\u{9b}2J\u{e0041}";
        let mut json = serde_json::to_string_pretty(&serde_json::json!({ "Name": name })).unwrap();
        json_inert(&mut json);
        assert!(
            !json.chars().any(|c| is_unsafe_to_show(c) && c != '\n'),
            "{json}"
        );
        assert!(
            json.contains("\\u202e") && json.contains("\\udb40\\udc41"),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["Name"], name);

        let toml = format!("name = {}\n", toml_quote(name));
        assert!(!toml.trim_end().chars().any(is_unsafe_to_show), "{toml}");
        let back: toml::Table = toml.parse().unwrap();
        assert_eq!(back["name"].as_str(), Some(name));
        assert_eq!(toml_quote("a\\b"), r#""a\\b""#);
    }

    #[test]
    fn visible_spells_out_what_shows_as_nothing() {
        assert_eq!(
            visible("a\u{200b}b\u{202e}c d\u{a0}\u{feff}\u{1b}"),
            r"a\u{200b}b\u{202e}c d\u{a0}\u{feff}\u{1b}"
        );
        assert_eq!(visible("dév@exämple.com"), "dév@exämple.com");
    }

    #[test]
    fn local_clock_is_hh_mm_ss() {
        let t = local_clock_in(3600);
        let parts: Vec<u32> = t.split(':').map(|p| p.parse().unwrap()).collect();
        assert_eq!(t.len(), 8, "{t}");
        assert!(parts[0] < 24 && parts[1] < 60 && parts[2] < 60, "{t}");
    }
}
