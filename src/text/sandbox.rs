//! Messages the sandbox token service answers with.

use super::*;

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
/// A scoped token tried to list, create or change tokens.
pub const SANDBOX_TOKEN_CANNOT_MANAGE_TOKENS: &str = "Forbidden: an access token cannot list, create or \
     change access tokens; use the account's own credentials";
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
/// `impact-token sandbox --addr` bound an address other machines may reach.
pub fn sandbox_not_loopback(addr: std::net::SocketAddr) -> String {
    format!(
        "warning: the sandbox listens on {addr}, which is not a loopback address: other machines \
         may reach it and its demo credentials are public. The fault-injection endpoint is off; \
         use 127.0.0.1 to keep the sandbox private."
    )
}
/// `impact-token sandbox` could not listen on `addr`.
pub fn sandbox_bind_failed(addr: std::net::SocketAddr, e: &std::io::Error) -> String {
    let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
        " (another program, perhaps another sandbox, listens there: stop it, or choose another \
         port with --addr, e.g. --addr 127.0.0.1:0 for any free one)"
    } else {
        ""
    };
    format!("cannot listen on {addr}: {e}{hint}")
}
/// The admin endpoint on a sandbox bound to a non-loopback address.
pub const SANDBOX_ADMIN_LOOPBACK_ONLY: &str = "Forbidden: the fault-injection endpoint is served only when the sandbox listens on a loopback address";
/// Too many failed logins from one client address.
pub const SANDBOX_TOO_MANY_FAILED_LOGINS: &str =
    "Too many failed logins from this address: wait for the reset before trying again";
/// A connection over the sandbox's connection cap.
pub const SANDBOX_TOO_MANY_CONNECTIONS: &str =
    "Service Unavailable: the sandbox has too many connections open; try again shortly";
/// A request body stopped arriving.
pub const SANDBOX_BODY_TIMEOUT: &str = "Request Timeout: the request body stopped arriving";
/// A create body over the size limit.
pub fn sandbox_body_too_large(max: usize) -> String {
    format!("the request body is larger than {max} bytes")
}
/// An account already holds the most tokens the sandbox keeps.
pub fn sandbox_too_many_tokens(max: usize) -> String {
    format!(
        "this account already has {max} tokens, the most the sandbox keeps; restart the sandbox to start over"
    )
}
/// The admin endpoint or `IMPACT_SANDBOX_FAULTS` could not be understood.
pub fn sandbox_bad_fault_spec(detail: &str) -> String {
    format!("bad sandbox fault spec: {}", inert(detail))
}
/// A disabled token's credentials were used.
pub const SANDBOX_TOKEN_DISABLED: &str =
    "Forbidden: this access token is disabled; enable it on the API page to use it again";
/// No token of the account has the Id in the path.
pub const SANDBOX_TOKEN_NOT_FOUND: &str = "Not Found: no access token of this account has this Id";
/// A brand user without a token-managing role tried to change a token.
pub const SANDBOX_BRAND_ROLE_REQUIRED_TO_CHANGE: &str = "Forbidden: only Account Administrators and \
     Implementation Specialists of a brand account may change access tokens";
/// An update asked for an older API version than the token's.
pub fn sandbox_version_down(current: &str) -> String {
    format!(
        "the API version can only stay or go up; this token is on version {}",
        inert(current)
    )
}
/// `Page` was not a whole number from 1.
pub fn sandbox_bad_page(value: &str) -> String {
    format!("Page must be a whole number from 1, not '{}'", inert(value))
}
/// `PageSize` was not a whole number from 1 to the cap.
pub fn sandbox_bad_page_size(value: &str, max: usize) -> String {
    format!(
        "PageSize must be a whole number from 1 to {max}, not '{}'",
        inert(value)
    )
}
/// A list's query named a parameter twice (names compare ignoring case).
pub fn sandbox_repeated_param(name: &str) -> String {
    format!(
        "'{}' is given more than once; give each parameter once",
        inert(name)
    )
}
/// A list's query could not be read as `name=value` pairs.
pub const SANDBOX_BAD_QUERY: &str = "the query string is not valid form encoding";
/// A list's `Cursor` was not one this server gave.
pub fn sandbox_bad_cursor(value: &str) -> String {
    format!(
        "Cursor '{}' is not one this list gave; follow @nextpageuri as given",
        inert(value)
    )
}
/// A list request gave both `Page` and `Cursor`.
pub const SANDBOX_PAGE_AND_CURSOR: &str =
    "give Page or Cursor, not both: Cursor already says where the page starts";
/// A token-list filter could not be understood.
pub fn sandbox_bad_filter(name: &str, value: &str) -> String {
    format!(
        "{name} cannot be '{}': State is ENABLED or DISABLED, CreatedAfter and CreatedBefore are dates such as 2026-01-31 or 2026-01-31T09:30:00Z",
        inert(value)
    )
}

/// 412: the token's revision is not the one in `If-Match`.
pub const SANDBOX_PRECONDITION_FAILED: &str = "the token changed since it was read \
    (If-Match does not match its ETag); read it again and reapply the change";
/// 428: a PUT without `If-Match`.
pub const SANDBOX_PRECONDITION_REQUIRED: &str = "If-Match is required: send the token's \
    ETag (or Revision) so that a change made meanwhile is not overwritten";

/// `GET {root}/Users?State=` with a state no user can be in.
pub fn sandbox_bad_user_state(value: &str, states: &[&str]) -> String {
    format!(
        "State cannot be '{}': it is one of {}",
        inert(value),
        states.join(", ")
    )
}
