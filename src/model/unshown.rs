//! What the screen showed of a token is not what the server holds where the
//! server's text had characters that are never shown raw (controls, format
//! characters: see [`text::inert`]). An edit built from the shown copy must
//! not quietly send the shown stand-ins back as new values: every setting
//! the user left as shown goes back as the server had it. No terminal, no
//! network.

use crate::contract::{CreateTokenRequest, Token};
use crate::text;

/// `request` (an edit of the token as shown) with each setting that still
/// reads as shown replaced by the server's own value in `raw`.
pub fn restore_unshown(mut request: CreateTokenRequest, raw: &Token) -> CreateTokenRequest {
    let keep = |edited: &mut String, raw: &str| {
        if *edited == text::inert(raw) {
            *edited = raw.to_string();
        }
    };
    keep(&mut request.name, &raw.name);
    keep(&mut request.description, &raw.description);
    keep(&mut request.api_version, &raw.api_version);
    keep(
        &mut request.primary_contact_user_id,
        &raw.primary_contact_user_id,
    );
    for email in &mut request.developer_emails {
        if let Some(r) = raw
            .developer_emails
            .iter()
            .find(|r| text::inert(r) == *email)
        {
            *email = r.clone();
        }
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::TOKEN_ENABLED;

    fn raw() -> Token {
        Token {
            id: "T1".into(),
            name: "Q3\u{202e}cod.exe\u{200b}".into(),
            description: "plain".into(),
            api_version: "14".into(),
            primary_contact_user_id: "U-1".into(),
            developer_emails: vec!["a\u{200b}@example.com".into(), "b@example.com".into()],
            scopes: vec!["s".into()],
            date_created: String::new(),
            state: TOKEN_ENABLED.into(),
            revision: "1".into(),
        }
    }

    #[test]
    fn settings_left_as_shown_go_back_as_the_server_had_them() {
        let shown = Token {
            name: text::inert(&raw().name),
            developer_emails: raw()
                .developer_emails
                .iter()
                .map(|e| text::inert(e))
                .collect(),
            ..raw()
        };
        assert_ne!(shown.name, raw().name, "the name is shown altered");
        let mut edit = shown.to_request();
        edit.description = "changed".into();
        let sent = restore_unshown(edit, &raw());
        assert_eq!(sent.name, raw().name, "not renamed behind the user's back");
        assert_eq!(sent.developer_emails, raw().developer_emails);
        assert_eq!(sent.description, "changed", "the user's edit stays");
    }

    #[test]
    fn a_setting_the_user_changed_is_sent_as_typed() {
        let mut edit = raw().to_request();
        edit.name = "clean name".into();
        edit.developer_emails = vec!["c@example.com".into()];
        let sent = restore_unshown(edit.clone(), &raw());
        assert_eq!(sent, edit);
    }
}
