//! The file a new token's credentials are saved to: shell variables, ready
//! to `source`.

use zeroize::{Zeroize, Zeroizing};

use crate::contract::Token;
use crate::model::credential::{Malformed, check_pair};
use crate::text;

/// What the saved file holds: shell-style variables, ready to `source`.
/// The credentials come from the server and are untrusted: they must have
/// a credential's shape ([`check_pair`]: no line break, quote or space), so
/// each is one clean line; otherwise nothing is made and the caller says
/// why. Quoting stays as a second guard ([`text::shell_quote`]). Server
/// text in the comment is made inert. Wiped when dropped.
pub fn body(
    token: &Token,
    account_sid: &str,
    auth_token: &str,
) -> Result<Zeroizing<String>, Malformed> {
    check_pair(account_sid, auth_token)?;
    let sid = text::shell_quote(account_sid);
    let secret = text::shell_quote(auth_token);
    let mut body = Zeroizing::new(String::with_capacity(256 + sid.len() + secret.len()));
    body.push_str(&format!(
        "# impact.com API access token '{}' (Id {}), API v{}\n# Keep this file private; never commit it.\nIMPACT_ACCOUNT_SID=",
        text::inert(&token.name),
        text::inert(&token.id),
        text::inert(&token.api_version),
    ));
    body.push_str(&sid);
    body.push_str("\nIMPACT_AUTH_TOKEN=");
    body.push_str(&secret);
    body.push('\n');
    Ok(body)
}

/// Credentials that [`body`] refused, as received but with every invisible
/// character spelled out ([`text::visible`]), one per line, in a form no
/// shell or line reader takes for variables: for a person to read when the
/// secret is rescued. Wiped when dropped.
pub fn spelled_out(account_sid: &str, auth_token: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(
        200 + 6 * (account_sid.len() + auth_token.len()),
    ));
    out.push_str(text::SPELLED_OUT_HEADER);
    for (label, value) in [
        (text::ACCOUNT_SID_FIELD, account_sid),
        (text::AUTH_TOKEN_FIELD, auth_token),
    ] {
        let mut shown = text::visible(value);
        out.push_str(&format!("  {label:<12} {shown}\n"));
        shown.zeroize();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> Token {
        serde_json::from_str(
            r#"{"Id":"T1","Name":"n","Description":"","ApiVersion":"14","PrimaryContactUserId":"U",
                "DeveloperEmails":[],"Scopes":[],"DateCreated":"x","State":"ENABLED"}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_malformed_credential_makes_no_body_and_is_spelled_out_on_one_line() {
        let sid = "IRX\nIMPACT_EVIL=1";
        let secret = "s3cret\nIMPACT_AUTH_TOKEN=attacker";
        assert!(body(&token(), sid, "ok").is_err());
        assert!(body(&token(), "IRX", secret).is_err());
        let shown = spelled_out(sid, secret);
        assert!(
            !shown.lines().any(|l| l.starts_with("IMPACT_")),
            "{}",
            *shown
        );
        assert!(
            shown.contains("s3cret\\u{a}IMPACT_AUTH_TOKEN=attacker"),
            "{}",
            *shown
        );
        let good = body(&token(), "IRX", "s3cret").unwrap();
        assert!(good.ends_with("IMPACT_ACCOUNT_SID=IRX\nIMPACT_AUTH_TOKEN=s3cret\n"));
    }
}
