//! Validation messages: what the shared validator says about a field.

use super::*;

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
/// A catalog without versions.
pub const CATALOG_NO_VERSIONS: &str = "the catalog lists no API versions";
/// A catalog with no scopes.
pub const CATALOG_EMPTY: &str = "the catalog has no scopes";

/// Too many characters.
pub fn too_long(max: usize) -> String {
    format!("at most {max} characters")
}
/// An invisible formatting character (Unicode Cf) in a name or description,
/// shown escaped (`\u{200b}`) because it cannot be seen.
pub fn no_format_chars(c: char) -> String {
    format!(
        "invisible formatting characters are not allowed (found {})",
        c.escape_unicode()
    )
}
/// Bad address. Invisible characters are spelled out, so the reason can be seen.
pub fn invalid_email(email: &str) -> String {
    format!("not a valid e-mail address: {}", visible(email))
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
    format!(
        "unknown account type '{}': use agency, brand or partner",
        inert(s)
    )
}
/// Catalog JSON could not be parsed.
pub fn catalog_parse(detail: &str) -> String {
    format!("catalog is not valid: {detail}")
}
/// Two scopes share an Id.
pub fn catalog_duplicate_id(id: &str) -> String {
    format!("catalog lists scope Id '{}' twice", inert(id))
}
