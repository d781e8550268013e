//! Validation rules of the token-service contract. The wizard and the
//! sandbox call the same functions, so they can never disagree.
//!
//! Lengths are counted the way the OpenAPI document says: in Unicode scalar
//! values after NFC normalization ([`counted_len`]), so `e` + U+0301 counts
//! as the one character it shows as. Names may not contain control or format
//! (category Cf) characters, and two names conflict when their
//! [`name_key`]s are equal.

use unicode_normalization::UnicodeNormalization;

use crate::contract::{CreateTokenRequest, FieldError};
use crate::text;

/// Longest token name, in characters (see [`counted_len`]), after trimming.
pub const NAME_MAX: usize = 64;
/// Longest description, in characters (see [`counted_len`]).
pub const DESCRIPTION_MAX: usize = 255;
/// Most developer e-mails on one token.
pub const EMAILS_MAX: usize = 10;

/// A request field, as named on the wire and in error bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `Name`
    Name,
    /// `Description`
    Description,
    /// `ApiVersion`
    ApiVersion,
    /// `PrimaryContactUserId`
    PrimaryContactUserId,
    /// `DeveloperEmails`
    DeveloperEmails,
    /// `Scopes`
    Scopes,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::Description,
        Field::ApiVersion,
        Field::PrimaryContactUserId,
        Field::DeveloperEmails,
        Field::Scopes,
    ];

    /// The wire name.
    pub fn wire(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Description => "Description",
            Field::ApiVersion => "ApiVersion",
            Field::PrimaryContactUserId => "PrimaryContactUserId",
            Field::DeveloperEmails => "DeveloperEmails",
            Field::Scopes => "Scopes",
        }
    }

    /// Parses a wire name; also accepts indexed forms like `DeveloperEmails[2]`.
    pub fn from_wire(name: &str) -> Option<Field> {
        let base = name.split(['[', '.']).next().unwrap_or(name);
        Field::ALL
            .into_iter()
            .find(|f| f.wire().eq_ignore_ascii_case(base))
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// The format characters (general category Cf) of Unicode 16.0, as ranges.
/// Checked against the `Format` table regex-syntax 0.8 generates from
/// UCD 16.0.0; 170 code points, unchanged since Unicode 15.0.
const FORMAT_RANGES: [(char, char); 21] = [
    ('\u{00AD}', '\u{00AD}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

/// Whether `c` is a format character (Unicode general category Cf): zero-width
/// spaces and joiners, the BOM, the soft hyphen, bidi controls, tags. They
/// are invisible or reorder text, so a name holding one looks like another.
pub fn is_format_char(c: char) -> bool {
    // Sorted, disjoint ranges: a binary search finds the one that could hold `c`.
    FORMAT_RANGES
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// How long a name or description counts as: Unicode scalar values after
/// NFC normalization, so a letter typed as base + combining accent counts
/// once when a precomposed form exists.
pub fn counted_len(s: &str) -> usize {
    s.nfc().count()
}

/// The form names are compared in for conflicts: NFKC, lower-cased, then
/// NFKC again (lower-casing can leave a non-normalized string). `Same-Name`,
/// `same-name` and the fullwidth `ｓａｍｅ-ｎａｍｅ` share a key. The caller trims.
pub fn name_key(name: &str) -> String {
    let folded = name.nfkc().collect::<String>().to_lowercase();
    folded.nfkc().collect()
}

/// Checks a token name (the caller trims first).
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(text::NAME_REQUIRED.into());
    }
    if counted_len(name) > NAME_MAX {
        return Err(text::too_long(NAME_MAX));
    }
    if has_control(name) {
        return Err(text::NO_CONTROL_CHARS.into());
    }
    if let Some(c) = name.chars().find(|&c| is_format_char(c)) {
        return Err(text::no_format_chars(c));
    }
    Ok(())
}

/// Checks a description. Format characters are refused as in names, except
/// the zero-width non-joiner and joiner (U+200C, U+200D), which some scripts
/// and emoji sequences need in prose.
pub fn check_description(description: &str) -> Result<(), String> {
    if counted_len(description) > DESCRIPTION_MAX {
        return Err(text::too_long(DESCRIPTION_MAX));
    }
    if has_control(description) {
        return Err(text::NO_CONTROL_CHARS.into());
    }
    if let Some(c) = description
        .chars()
        .find(|&c| is_format_char(c) && !matches!(c, '\u{200C}' | '\u{200D}'))
    {
        return Err(text::no_format_chars(c));
    }
    Ok(())
}

/// Checks one e-mail address: a pragmatic subset of RFC 5321 that every
/// mail system accepts (dot-atom local part, dotted DNS domain).
pub fn check_email(email: &str) -> Result<(), String> {
    let bad = || Err(text::invalid_email(email));
    if email.len() > 254 || has_control(email) {
        return bad();
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return bad();
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || !local.chars().all(|c| c == '.' || atext(c))
    {
        return bad();
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.len() > 63
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        || labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return bad();
    }
    Ok(())
}

/// Checks an address about to be added to an existing list.
pub fn check_new_email(existing: &[String], email: &str) -> Result<(), String> {
    check_email(email)?;
    if existing.iter().any(|e| e.eq_ignore_ascii_case(email)) {
        return Err(text::duplicate_email(email));
    }
    if existing.len() >= EMAILS_MAX {
        return Err(text::too_many_emails(EMAILS_MAX));
    }
    Ok(())
}

/// Checks a whole developer e-mail list.
pub fn check_developer_emails(emails: &[String]) -> Result<(), String> {
    if emails.len() > EMAILS_MAX {
        return Err(text::too_many_emails(EMAILS_MAX));
    }
    for (i, e) in emails.iter().enumerate() {
        check_new_email(&emails[..i], e)?;
    }
    Ok(())
}

/// What the server knows that a request is checked against.
pub struct Rules<'a> {
    /// Versions offered.
    pub versions: &'a [String],
    /// Whether a user Id names an ACTIVE user.
    pub is_active_user: &'a dyn Fn(&str) -> bool,
    /// Whether a scope Id exists for the chosen version.
    pub is_known_scope: &'a dyn Fn(&str) -> bool,
}

/// Every problem with a create request, field by field, in form order.
pub fn validate_request(req: &CreateTokenRequest, rules: &Rules<'_>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: Field, r: Result<(), String>| {
        if let Err(message) = r {
            errors.push(FieldError {
                field: field.wire().into(),
                message,
            });
        }
    };
    push(Field::Name, check_name(req.name.trim()));
    push(Field::Description, check_description(&req.description));
    push(
        Field::ApiVersion,
        if rules.versions.contains(&req.api_version) {
            Ok(())
        } else {
            Err(text::unknown_version(&req.api_version))
        },
    );
    push(
        Field::PrimaryContactUserId,
        if req.primary_contact_user_id.is_empty() {
            Err(text::CONTACT_REQUIRED.into())
        } else if (rules.is_active_user)(&req.primary_contact_user_id) {
            Ok(())
        } else {
            Err(text::CONTACT_NOT_ACTIVE.into())
        },
    );
    push(
        Field::DeveloperEmails,
        check_developer_emails(&req.developer_emails),
    );
    let scopes = if req.scopes.is_empty() {
        Err(text::SCOPES_REQUIRED.into())
    } else if let Some(bad) = req.scopes.iter().find(|s| !(rules.is_known_scope)(s)) {
        Err(text::unknown_scope(bad))
    } else {
        Ok(())
    };
    push(Field::Scopes, scopes);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_name("reporting-prod").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name(&"x".repeat(64)).is_ok());
        assert!(check_name(&"x".repeat(65)).is_err());
        assert!(check_name(&"é".repeat(64)).is_ok(), "characters, not bytes");
        assert!(check_name("a\u{1b}[2Jb").is_err());
        assert!(check_name("tab\there").is_err());
    }

    #[test]
    fn format_characters_match_unicode_16() {
        let listed: u32 = FORMAT_RANGES
            .iter()
            .map(|&(lo, hi)| hi as u32 - lo as u32 + 1)
            .sum();
        assert_eq!(listed, 170, "Cf has 170 code points in Unicode 15 and 16");
        assert!(FORMAT_RANGES.windows(2).all(|w| w[0].1 < w[1].0), "sorted");
        for &(lo, hi) in &FORMAT_RANGES {
            assert!(is_format_char(lo) && is_format_char(hi), "{lo:?}..{hi:?}");
            let before = char::from_u32(lo as u32 - 1).unwrap();
            let after = char::from_u32(hi as u32 + 1).unwrap();
            assert!(!is_format_char(before), "{before:?}");
            assert!(!is_format_char(after), "{after:?}");
        }
        for c in ['a', ' ', '-', 'é', '\u{0301}', '\u{2065}', '\u{FE0F}', '😀'] {
            assert!(!is_format_char(c), "{c:?}");
        }
    }

    #[test]
    fn names_refuse_invisible_and_bidi_characters() {
        for bad in [
            "same\u{200b}-name",
            "prod\u{202e}txt.exe",
            "\u{feff}bom",
            "soft\u{ad}hyphen",
            "word\u{2060}joiner",
            "tag\u{e0041}",
            "isolate\u{2067}x",
        ] {
            let e = check_name(bad).unwrap_err();
            assert!(e.contains("\\u{"), "escaped in {e:?}");
            assert!(!e.chars().any(is_format_char), "{e:?}");
        }
        assert_eq!(
            check_name("a\u{200b}b").unwrap_err(),
            text::no_format_chars('\u{200b}')
        );
        assert!(check_description("prod\u{202e}txt").is_err());
        assert!(
            check_description("family 👨\u{200d}👩").is_ok(),
            "ZWJ in prose"
        );
    }

    #[test]
    fn lengths_count_nfc_scalar_values() {
        let decomposed = |n: usize| "e\u{0301}".repeat(n);
        assert_eq!(counted_len(&decomposed(40)), 40);
        assert!(check_name(&decomposed(40)).is_ok());
        assert!(check_name(&decomposed(64)).is_ok());
        assert!(check_name(&decomposed(65)).is_err());
        assert!(check_description(&decomposed(255)).is_ok());
        assert!(check_description(&decomposed(256)).is_err());
        // No precomposed form: the combining mark still counts.
        assert_eq!(counted_len("q\u{0301}"), 2);
    }

    #[test]
    fn name_keys_fold_case_and_compatibility_forms() {
        assert_eq!(name_key("Same-Name"), name_key("same-name"));
        assert_eq!(
            name_key("\u{ff33}\u{ff41}\u{ff4d}\u{ff45}-name"),
            name_key("same-name")
        );
        assert_eq!(name_key("caf\u{e9}"), name_key("CAFE\u{301}"));
        assert_eq!(name_key("\u{fb01}le"), name_key("file"), "ligature");
        assert_ne!(name_key("same-name"), name_key("same_name"));
    }

    proptest::proptest! {
        #[test]
        fn a_format_character_anywhere_is_refused(
            head in "[a-zA-Z0-9 ._-]{0,20}",
            tail in "[a-zA-Z0-9 ._-]{0,20}",
            pick in 0usize..170,
        ) {
            let c = FORMAT_RANGES
                .iter()
                .flat_map(|&(lo, hi)| lo..=hi)
                .nth(pick)
                .unwrap();
            let name = format!("x{head}{c}{tail}x");
            proptest::prop_assert!(check_name(&name).is_err());
        }

        #[test]
        fn name_keys_are_stable_and_case_blind(s in "\\PC{0,30}", ascii in "[ -~]{0,30}") {
            let k = name_key(&s);
            proptest::prop_assert_eq!(name_key(&k), k.clone());
            proptest::prop_assert_eq!(
                name_key(&ascii.to_ascii_uppercase()),
                name_key(&ascii.to_ascii_lowercase())
            );
        }
    }

    #[test]
    fn descriptions() {
        assert!(check_description("").is_ok());
        assert!(check_description(&"d".repeat(255)).is_ok());
        assert!(check_description(&"d".repeat(256)).is_err());
        assert!(check_description("two\nlines").is_err());
    }

    #[test]
    fn emails() {
        for ok in [
            "dev@example.com",
            "first.last+tag@sub.example.co.uk",
            "a_b@x-y.io",
        ] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            ".a@b.com",
            "a..b@c.com",
            "a@-b.com",
            "a@b..com",
            "a@1.2.3.4",
            "a@b.com\n",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn email_lists() {
        let list: Vec<String> = vec!["a@x.io".into()];
        assert!(
            check_new_email(&list, "A@X.IO").is_err(),
            "duplicates ignore case"
        );
        let full: Vec<String> = (0..10).map(|i| format!("d{i}@x.io")).collect();
        assert!(check_developer_emails(&full).is_ok());
        assert!(check_new_email(&full, "new@x.io").is_err());
        let mut over = full.clone();
        over.push("e@x.io".into());
        assert!(check_developer_emails(&over).is_err());
    }

    #[test]
    fn whole_request_reports_each_field() {
        let versions = vec!["14".to_string()];
        let rules = Rules {
            versions: &versions,
            is_active_user: &|u| u == "U1",
            is_known_scope: &|s| s == "listActions",
        };
        let good = CreateTokenRequest {
            name: "  t  ".into(),
            description: String::new(),
            api_version: "14".into(),
            primary_contact_user_id: "U1".into(),
            developer_emails: vec![],
            scopes: vec!["listActions".into()],
        };
        assert!(validate_request(&good, &rules).is_empty());
        let bad = CreateTokenRequest {
            name: "   ".into(),
            api_version: "9".into(),
            primary_contact_user_id: "U2".into(),
            developer_emails: vec!["nope".into()],
            scopes: vec!["deleteEverything".into()],
            ..good
        };
        let fields: Vec<_> = validate_request(&bad, &rules)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "Name",
                "ApiVersion",
                "PrimaryContactUserId",
                "DeveloperEmails",
                "Scopes"
            ]
        );
    }

    #[test]
    fn field_names_parse_with_indices() {
        assert_eq!(
            Field::from_wire("DeveloperEmails[3]"),
            Some(Field::DeveloperEmails)
        );
        assert_eq!(Field::from_wire("name"), Some(Field::Name));
        assert_eq!(Field::from_wire("Bogus"), None);
    }
}
