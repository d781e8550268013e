//! What a credential looks like. The Account SID and Auth Token of a new
//! or reset token come from the server and go into a file, a command's
//! input and stdout, where a line break or a quote would add or change
//! lines. So they are checked before they are written anywhere.
//!
//! impact.com SIDs are `IR` and 32 letters or digits; its Auth Tokens are
//! letters and digits (the sandbox mints 43 base64url characters). The
//! rule leaves room around both: ASCII letters, digits and `-._~+/=`
//! (base64 and base64url, no quote, no space, no `$`), 1 to 128 characters
//! for a SID and 1 to 512 for an Auth Token.

use crate::text;

/// The longest Account SID taken.
pub const MAX_SID: usize = 128;
/// The longest Auth Token taken.
pub const MAX_AUTH_TOKEN: usize = 512;

/// Which credential is malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The Account SID.
    AccountSid,
    /// The Auth Token.
    AuthToken,
}

/// Why a credential is not shaped like one. Holds no part of the value
/// but the first offending character, and that only if it is not a
/// letter or digit (which could be part of a secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// Nothing at all.
    Empty(Field),
    /// Longer than the limit (in characters).
    TooLong(Field, usize),
    /// A character a credential never has, at this 1-based position.
    Character(Field, usize, char),
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = |field: &Field| match field {
            Field::AccountSid => text::ACCOUNT_SID_FIELD,
            Field::AuthToken => text::AUTH_TOKEN_FIELD,
        };
        let s = match self {
            Malformed::Empty(field) => text::credential_empty(name(field)),
            Malformed::TooLong(field, n) => {
                text::credential_too_long(name(field), *n, limit(*field))
            }
            Malformed::Character(field, at, c) => {
                text::credential_bad_character(name(field), *at, *c)
            }
        };
        f.write_str(&s)
    }
}

fn limit(field: Field) -> usize {
    match field {
        Field::AccountSid => MAX_SID,
        Field::AuthToken => MAX_AUTH_TOKEN,
    }
}

/// Whether `c` may be part of a credential.
pub fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/=".contains(c)
}

/// Checks one credential.
pub fn check(field: Field, value: &str) -> Result<(), Malformed> {
    if value.is_empty() {
        return Err(Malformed::Empty(field));
    }
    if let Some((i, c)) = value.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        return Err(Malformed::Character(field, i + 1, c));
    }
    let n = value.chars().count();
    if n > limit(field) {
        return Err(Malformed::TooLong(field, n));
    }
    Ok(())
}

/// Checks both credentials of a new or reset token: the SID first.
pub fn check_pair(account_sid: &str, auth_token: &str) -> Result<(), Malformed> {
    check(Field::AccountSid, account_sid)?;
    check(Field::AuthToken, auth_token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_sandbox_and_impact_mint_is_taken() {
        check_pair("IRA1B2C3D4E5F60718293A4B5C6D7E8F90", "aB3_-x9Zq~.+/=").unwrap();
        check(Field::AuthToken, &"a".repeat(MAX_AUTH_TOKEN)).unwrap();
    }

    #[test]
    fn line_breaks_quotes_spaces_and_format_characters_are_refused() {
        use Field::*;
        let cases = [
            ("IRX\nIMPACT_EVIL=1", AccountSid, 4, '\n'),
            ("s3cret\nIMPACT_AUTH_TOKEN=attacker", AuthToken, 7, '\n'),
            ("a'b", AuthToken, 2, '\''),
            ("a b", AuthToken, 2, ' '),
            ("a$(x)", AuthToken, 2, '$'),
            ("ab\u{202e}", AuthToken, 3, '\u{202e}'),
            ("é", AuthToken, 1, 'é'),
            ("ab\r", AuthToken, 3, '\r'),
        ];
        for (value, field, at, c) in cases {
            let got = if field == AccountSid {
                check_pair(value, "ok")
            } else {
                check_pair("IRX", value)
            };
            assert_eq!(got, Err(Malformed::Character(field, at, c)), "{value:?}");
        }
        assert_eq!(check_pair("", "x"), Err(Malformed::Empty(AccountSid)));
        assert_eq!(check_pair("IRX", ""), Err(Malformed::Empty(AuthToken)));
        let long = "a".repeat(MAX_AUTH_TOKEN + 1);
        assert_eq!(
            check_pair("IRX", &long),
            Err(Malformed::TooLong(AuthToken, MAX_AUTH_TOKEN + 1))
        );
        assert_eq!(
            check_pair(&"I".repeat(MAX_SID + 1), "x"),
            Err(Malformed::TooLong(AccountSid, MAX_SID + 1))
        );
    }

    #[test]
    fn the_message_names_the_field_and_shows_no_secret_and_no_raw_control() {
        let m = check_pair("IRX", "s3cretpart\nIMPACT_EVIL=1").unwrap_err();
        let s = m.to_string();
        assert!(s.contains("Auth Token") && s.contains("11"), "{s}");
        assert!(!s.contains("s3cret") && !s.contains('\n'), "{s}");
        assert!(s.contains("\\u{a}"), "spelled out: {s}");
    }
}
