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

// ----- sandbox token service (error Messages it answers with) -----
/// Basic-auth credentials missing or wrong.
pub const SANDBOX_BAD_CREDENTIALS: &str = "Unauthorized: check the Account SID and Auth Token";
/// Credentials valid, but for another account or account type than the path names.
pub const SANDBOX_WRONG_ACCOUNT: &str =
    "Unauthorized: these credentials do not belong to this account";
/// No such endpoint.
pub const SANDBOX_NOT_FOUND: &str = "Not Found";
/// Endpoint exists, method does not.
pub const SANDBOX_METHOD_NOT_ALLOWED: &str = "Method Not Allowed";
/// `Accept` excludes JSON.
pub const SANDBOX_NOT_ACCEPTABLE: &str = "only application/json responses are offered";
/// Create body sent without `Content-Type: application/json`.
pub const SANDBOX_JSON_BODY_REQUIRED: &str = "send the body as application/json";
/// Create sent without an `Idempotency-Key` header.
pub const SANDBOX_IDEMPOTENCY_KEY_REQUIRED: &str =
    "the Idempotency-Key header is required (a new unique value per token)";
/// Same `Idempotency-Key` sent with another body.
pub const SANDBOX_IDEMPOTENCY_KEY_REUSED: &str = "this Idempotency-Key was already used with a \
     different request body; use a new key for a new token";
/// Summary of a 422 with field errors.
pub const SANDBOX_VALIDATION_FAILED: &str = "Validation Failed";
/// Summary of a 409.
pub const SANDBOX_NAME_CONFLICT: &str = "Conflict: token name already in use";
/// Field message of a 409.
pub const SANDBOX_NAME_TAKEN: &str = "a token with this name already exists (names ignore case)";
/// A brand user without a token-creating role tried to create.
pub const SANDBOX_BRAND_ROLE_REQUIRED: &str = "Forbidden: only Account Administrators and Implementation \
     Specialists of a brand account may create access tokens";
/// A scoped token tried to list or create tokens.
pub const SANDBOX_TOKEN_CANNOT_MANAGE_TOKENS: &str = "Forbidden: an access token cannot list or \
     create access tokens; use the account's own credentials";
/// Over the request budget.
pub const SANDBOX_RATE_LIMITED: &str =
    "Too Many Requests: rate limit exceeded, see X-RateLimit-Reset";
/// A `Hang` fault released by shutdown.
pub const SANDBOX_SHUTTING_DOWN: &str = "the sandbox is shutting down";

/// Body of a create was not JSON of the expected shape.
pub fn sandbox_malformed_json(detail: &str) -> String {
    format!("Malformed JSON: {}", inert(detail))
}
/// A scoped token called an endpoint outside its scopes.
pub fn sandbox_not_in_scope(scope_id: &str) -> String {
    format!(
        "Forbidden: not in scope: this token does not allow {}",
        inert(scope_id)
    )
}
/// An injected `Status` fault with no more specific message.
pub fn sandbox_injected_status(reason: &str) -> String {
    format!("{reason} (fault injected by the sandbox)")
}
/// The admin endpoint or `IMPACT_SANDBOX_FAULTS` could not be understood.
pub fn sandbox_bad_fault_spec(detail: &str) -> String {
    format!("bad sandbox fault spec: {}", inert(detail))
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
