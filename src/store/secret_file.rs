//! The file a new token's credentials are saved to: shell variables, ready
//! to `source`.

use crate::contract::Token;
use crate::text;

/// What the saved file holds: shell-style variables, ready to `source`.
/// The values come from the server and are untrusted: any value with a
/// character outside a plain alphabet is single-quoted ([`text::shell_quote`]), so
/// sourcing the file can never run `$(...)` or backticks. Wiped when dropped.
pub fn body(token: &Token, account_sid: &str, auth_token: &str) -> zeroize::Zeroizing<String> {
    let sid = text::shell_quote(account_sid);
    let secret = text::shell_quote(auth_token);
    let mut body = zeroize::Zeroizing::new(String::with_capacity(256 + sid.len() + secret.len()));
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
    body
}
