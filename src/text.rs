//! Every user-facing string, in one place, so wording stays consistent and
//! can be reviewed (or translated) without reading the logic.

// ----- validation -----
/// Name left empty.
pub const NAME_REQUIRED: &str = "Token Name is required";
/// Control characters or escape sequences typed or pasted.
pub const NO_CONTROL_CHARS: &str = "control characters are not allowed";
/// No contact chosen.
pub const CONTACT_REQUIRED: &str = "pick a Primary Contact";
/// Contact not ACTIVE.
pub const CONTACT_NOT_ACTIVE: &str = "the Primary Contact must be an ACTIVE user";
/// No scope checked.
pub const SCOPES_REQUIRED: &str = "select at least one scope";
/// A catalog with no scopes.
pub const CATALOG_EMPTY: &str = "the catalog has no scopes";

/// Too many characters.
pub fn too_long(max: usize) -> String {
    format!("at most {max} characters")
}
/// Bad address.
pub fn invalid_email(email: &str) -> String {
    format!("not a valid e-mail address: {}", inert(email))
}
/// Address already listed.
pub fn duplicate_email(email: &str) -> String {
    format!("already listed: {}", inert(email))
}
/// Over the limit of developer e-mails.
pub fn too_many_emails(max: usize) -> String {
    format!("at most {max} developer e-mails")
}
/// Version not offered.
pub fn unknown_version(v: &str) -> String {
    format!("API version {} is not offered", inert(v))
}
/// Scope Id not in the catalog.
pub fn unknown_scope(id: &str) -> String {
    format!("unknown scope Id: {}", inert(id))
}
/// `--account-type` value not known.
pub fn unknown_account_type(s: &str) -> String {
    format!("unknown account type '{}': use agency, brand or partner", inert(s))
}
/// Catalog JSON could not be parsed.
pub fn catalog_parse(detail: &str) -> String {
    format!("catalog is not valid: {detail}")
}
/// Two scopes share an Id.
pub fn catalog_duplicate_id(id: &str) -> String {
    format!("catalog lists scope Id '{}' twice", inert(id))
}

/// Makes text from outside (server, files) safe to print: control characters,
/// including ESC that starts terminal sequences, are shown as `�` so they can
/// never move the cursor, clear the screen or write the clipboard.
pub fn inert(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_strips_escape_sequences() {
        let hostile = "\u{1b}[2J\u{1b}]52;c;aGk=\u{07}Eve";
        let shown = inert(hostile);
        assert!(!shown.chars().any(char::is_control));
        assert!(shown.ends_with("Eve"));
        assert_eq!(inert("plain"), "plain");
    }
}
