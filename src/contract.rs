//! Wire types of the token-service contract (`assets/token-service.openapi.yaml`).
//!
//! Field names are PascalCase on the wire. Unknown response fields are ignored
//! (serde's default), so a newer server does not break an older client.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// A named user of an account, as CompanyInformation lists its contacts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Contact {
    /// The user's Id, usable as `PrimaryContactUserId`.
    pub user_id: String,
    /// Display name.
    pub name: String,
    /// E-mail address, when the server shares it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The user's role in the account (brand's `ProductRoles[].Role`, as
    /// sent: `ACCOUNT_ADMINISTRATOR`), where the account type has roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// `GET {root}/CompanyInformation`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompanyInformation {
    /// The company's name, shown in the header.
    pub company_name: String,
    /// Technical contact, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_contact: Option<Contact>,
    /// Financial contact, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financial_contact: Option<Contact>,
    /// Security contact, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_contact: Option<Contact>,
}

/// `GET {root}/APIAccessTokens/Permissions`: what the caller may do with
/// tokens. This project's addition, not impact.com's: a server without it
/// (404, 400, 405) leaves the client as it was, finding out at the first
/// change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permissions {
    /// Whether the caller may create, change, reset, enable, disable and
    /// delete tokens.
    pub can_change: bool,
    /// The caller's role as the account names it (brand `ProductRoles`),
    /// when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl CompanyInformation {
    /// The contacts, deduplicated by `UserId`, in technical, financial, security order.
    pub fn contacts(&self) -> Vec<Contact> {
        let mut out: Vec<Contact> = Vec::new();
        for c in [
            &self.technical_contact,
            &self.financial_contact,
            &self.security_contact,
        ]
        .into_iter()
        .flatten()
        {
            if !out.iter().any(|o| o.user_id == c.user_id) {
                out.push(c.clone());
            }
        }
        out
    }
}

/// The state a user must be in to be a primary contact.
pub const ACTIVE: &str = "ACTIVE";

/// One user of `GET {root}/Users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct User {
    /// User Id.
    pub id: String,
    /// Given name.
    #[serde(default)]
    pub first_name: String,
    /// Family name.
    #[serde(default)]
    pub last_name: String,
    /// Login name.
    #[serde(default)]
    pub username: String,
    /// E-mail address, when shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `ACTIVE`, `PENDING`, `INVITED`, ...
    pub state: String,
    /// Brand accounts: the user's roles (`GET /Advertisers/{AccountSID}/Users`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_roles: Option<Vec<ProductRole>>,
    /// Partner accounts: the user's access rights, kept as sent (their
    /// shape is not published in detail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_rights: Option<serde_json::Value>,
}

/// One of a brand user's `ProductRoles`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductRole {
    /// The role, such as `ACCOUNT_ADMINISTRATOR`.
    #[serde(default)]
    pub role: String,
}

impl User {
    /// Whether the user may be a primary contact.
    pub fn is_active(&self) -> bool {
        self.state == ACTIVE
    }

    /// The user's roles, distinct and in the order sent, joined by ", ";
    /// `None` when the server sent none.
    pub fn role(&self) -> Option<String> {
        let mut roles: Vec<&str> = Vec::new();
        for r in self.product_roles.iter().flatten() {
            let r = r.role.trim();
            if !r.is_empty() && !roles.contains(&r) {
                roles.push(r);
            }
        }
        (!roles.is_empty()).then(|| roles.join(", "))
    }

    /// The user as a contact entry.
    pub fn to_contact(&self) -> Contact {
        let name = format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string();
        Contact {
            user_id: self.id.clone(),
            name: if name.is_empty() {
                self.username.clone()
            } else {
                name
            },
            email: self.email.clone(),
            role: self.role(),
        }
    }
}

/// `GET {root}/Users?Page=N`: one page of the account's users, in
/// impact.com's paging envelope. Filters (brand's published list): `Name`
/// and `State`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersResponse {
    /// Where this page sits; absent from servers that do not page.
    #[serde(flatten)]
    pub paging: Paging,
    /// This page's users, in any state.
    #[serde(rename = "Users")]
    pub users: Vec<User>,
}

/// One scope of a catalog: an endpoint a token may call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScopeDoc {
    /// Scope Id (an operation id, unique within an account type).
    pub id: String,
    /// Human name (the operation summary).
    pub name: String,
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
}

/// One category of a catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CategoryDoc {
    /// Category name.
    pub name: String,
    /// Its scopes.
    pub scopes: Vec<ScopeDoc>,
}

/// `GET {root}/APIAccessTokens/Scopes`, and the bundled catalog files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScopesResponse {
    /// Versions offered, newest first.
    pub api_versions: Vec<String>,
    /// Categories in display order.
    pub categories: Vec<CategoryDoc>,
}

/// A token as listed; never carries a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Token {
    /// Token Id.
    pub id: String,
    /// Token name (unique per account).
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// API version.
    pub api_version: String,
    /// Primary contact's user Id.
    pub primary_contact_user_id: String,
    /// Developer e-mails.
    #[serde(default)]
    pub developer_emails: Vec<String>,
    /// Allowed scope Ids.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// ISO 8601 creation time.
    #[serde(default)]
    pub date_created: String,
    /// [`TOKEN_ENABLED`] or [`TOKEN_DISABLED`]. A disabled token's
    /// credentials are refused (403) on every request. Servers that predate
    /// the field send none: such tokens are enabled.
    #[serde(default = "enabled")]
    pub state: String,
    /// The token's revision: an opaque value that changes on every change
    /// of the token (update, reset, enable, disable), also sent as the
    /// `ETag` header of a single-token answer. Writes send it back in
    /// `If-Match` so that a change made meanwhile by someone else is
    /// refused (412) rather than silently undone. Empty when the server
    /// sends none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub revision: String,
}

fn enabled() -> String {
    TOKEN_ENABLED.to_string()
}

/// [`Token::state`] of a token whose credentials work.
pub const TOKEN_ENABLED: &str = "ENABLED";
/// [`Token::state`] of a token whose credentials are refused everywhere.
pub const TOKEN_DISABLED: &str = "DISABLED";

impl Token {
    /// Whether the token's credentials work.
    pub fn is_enabled(&self) -> bool {
        self.state != TOKEN_DISABLED
    }

    /// The token's settings as a create (or update) body: what Duplicate
    /// and Edit start from.
    pub fn to_request(&self) -> CreateTokenRequest {
        CreateTokenRequest {
            name: self.name.clone(),
            description: self.description.clone(),
            api_version: self.api_version.clone(),
            primary_contact_user_id: self.primary_contact_user_id.clone(),
            developer_emails: self.developer_emails.clone(),
            scopes: self.scopes.clone(),
        }
    }
}

/// impact.com's paging envelope: every value is a string (`"2"`), as the
/// platform sends it. `next_page_uri` is empty on the last page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    /// This page's number, from 1.
    #[serde(rename = "@page", default)]
    pub page: String,
    /// How many pages there are.
    #[serde(rename = "@numpages", default)]
    pub num_pages: String,
    /// Items per page.
    #[serde(rename = "@pagesize", default)]
    pub page_size: String,
    /// Items in all pages.
    #[serde(rename = "@total", default)]
    pub total: String,
    /// Index of this page's first item, from 0.
    #[serde(rename = "@start", default)]
    pub start: String,
    /// Index of this page's last item.
    #[serde(rename = "@end", default)]
    pub end: String,
    /// This page's path and query.
    #[serde(rename = "@uri", default)]
    pub uri: String,
    /// The next page's path and query, or empty on the last page.
    #[serde(rename = "@nextpageuri", default)]
    pub next_page_uri: String,
    /// The first page's path and query.
    #[serde(rename = "@firstpageuri", default)]
    pub first_page_uri: String,
    /// The previous page's path and query, or empty on the first page.
    #[serde(rename = "@previouspageuri", default)]
    pub previous_page_uri: String,
    /// The last page's path and query.
    #[serde(rename = "@lastpageuri", default)]
    pub last_page_uri: String,
}

impl Paging {
    /// `@numpages` as a number, when the server sent one.
    pub fn num_pages(&self) -> Option<usize> {
        self.num_pages.trim().parse().ok()
    }
}

/// Query parameter naming the page to read, from 1.
pub const PAGE: &str = "Page";
/// Query parameter naming how many items a page holds.
pub const PAGE_SIZE: &str = "PageSize";
/// Query parameter carrying a list's position: the page holds the items
/// after the one it names, in the list's stable order (opaque to clients,
/// which only follow `@nextpageuri`; valid with any `PageSize`).
pub const CURSOR: &str = "Cursor";

/// Percent-encodes a path segment or query value: every byte but RFC 3986's
/// unreserved characters (letters, digits, `-`, `.`, `_`, `~`), so no value
/// can change a URL's shape.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `GET {root}/APIAccessTokens?Page=N&PageSize=M`: one page of the account's
/// tokens, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensResponse {
    /// Where this page sits; absent from servers that do not page.
    #[serde(flatten)]
    pub paging: Paging,
    /// This page's tokens.
    #[serde(rename = "AccessTokens")]
    pub access_tokens: Vec<Token>,
}

/// Body of `PUT {root}/APIAccessTokens/{Id}`: the whole new settings. The
/// API version may stay or go up, never down.
pub type UpdateTokenRequest = CreateTokenRequest;

/// Body of `POST {root}/APIAccessTokens`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTokenRequest {
    /// Token name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// API version.
    pub api_version: String,
    /// Primary contact's user Id.
    pub primary_contact_user_id: String,
    /// Developer e-mails.
    #[serde(default)]
    pub developer_emails: Vec<String>,
    /// Scope Ids.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// The 201 answer to a create, and the 200 answer to
/// `POST {root}/APIAccessTokens/{Id}/Reset`: the token plus its credentials.
/// The only message that ever carries a token's secret.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreatedToken {
    /// The new token's listing.
    #[serde(flatten)]
    pub token: Token,
    /// The new token's Account SID (its Basic-auth user name).
    #[serde(rename = "AccountSID")]
    pub account_sid: String,
    /// The new token's Auth Token (its secret).
    pub auth_token: SecretString,
}

/// One field-level problem in an error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FieldError {
    /// The request field, by its wire name (`Name`, `Scopes`, ...).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// The error envelope every endpoint uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorBody {
    /// Always `ERROR`.
    #[serde(default)]
    pub status: String,
    /// Human-readable summary.
    #[serde(default)]
    pub message: String,
    /// Field errors, on validation failures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl ErrorBody {
    /// An envelope with a message and no field errors.
    pub fn new(message: impl Into<String>) -> Self {
        ErrorBody {
            status: "ERROR".into(),
            message: message.into(),
            errors: Vec::new(),
        }
    }
}

/// Header carrying the key that makes a write (create, update, reset,
/// enable, disable, delete) safe to retry: a repeat with the same key gets
/// the first answer again and changes nothing more.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Rate-limit headers sent with a 429.
pub const RATE_LIMIT_LIMIT: &str = "X-RateLimit-Limit";
/// See [`RATE_LIMIT_LIMIT`].
pub const RATE_LIMIT_REMAINING: &str = "X-RateLimit-Remaining";
/// Seconds until the rate-limit window resets.
pub const RATE_LIMIT_RESET: &str = "X-RateLimit-Reset";
/// Partner dialect of [`RATE_LIMIT_LIMIT`]: requests per hour.
pub const RATE_LIMIT_LIMIT_HOUR: &str = "X-RateLimit-Limit-hour";
/// Partner dialect of [`RATE_LIMIT_REMAINING`].
pub const RATE_LIMIT_REMAINING_HOUR: &str = "X-RateLimit-Remaining-hour";
/// Partner dialect of [`RATE_LIMIT_RESET`].
pub const RATELIMIT_RESET: &str = "RateLimit-Reset";
/// Seconds to wait (or an HTTP date), sent by partner accounts on a 429.
pub const RETRY_AFTER: &str = "Retry-After";
/// A value of a Reset header above this is a Unix timestamp, not seconds:
/// the reference defines seconds, its example is a timestamp.
pub const RESET_TIMESTAMP_ABOVE: u64 = 1_000_000_000;
/// The `ETag` of a token at `revision`: the revision as a strong entity tag
/// (`"7"`). Empty when the revision is unknown.
pub fn etag(revision: &str) -> String {
    if revision.is_empty() {
        String::new()
    } else {
        format!("\"{revision}\"")
    }
}

/// Whether an `If-Match` value admits a token at `revision` (RFC 9110
/// 13.1.1): `*`, or a list of entity tags one of which is the token's,
/// compared strongly (a weak `W/` tag never matches).
pub fn if_match_admits(if_match: &str, revision: &str) -> bool {
    if if_match.trim() == "*" {
        return true;
    }
    if_match.split(',').map(str::trim).any(|tag| {
        tag.strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .is_some_and(|t| !t.is_empty() && t == revision)
    })
}

/// Header pinning the API version of a request, so answers do not drift
/// with the account's default version.
pub const IR_VERSION: &str = "IR-Version";

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn created_token_reads_pascal_case_and_ignores_unknown_fields() {
        let body = r#"{"Id":"T1","Name":"n","Description":"","ApiVersion":"14",
            "PrimaryContactUserId":"U1","DeveloperEmails":[],"Scopes":["a"],
            "DateCreated":"2026-01-01T00:00:00Z","AccountSID":"SIDX","AuthToken":"shh","Extra":1}"#;
        let t: CreatedToken = serde_json::from_str(body).unwrap();
        assert_eq!(t.account_sid, "SIDX");
        assert_eq!(t.auth_token.expose_secret(), "shh");
        assert_eq!(t.token.scopes, vec!["a"]);
        assert!(
            !format!("{t:?}").contains("shh"),
            "Debug must not show the secret"
        );
    }

    #[test]
    fn users_pages_carry_roles_rights_and_string_paging() {
        let body = r#"{"@page":"2","@numpages":"5","@nextpageuri":"/Advertisers/IRX/Users?Page=3",
            "@firstpageuri":"/Advertisers/IRX/Users?Page=1","@previouspageuri":"/Advertisers/IRX/Users?Page=1",
            "@lastpageuri":"/Advertisers/IRX/Users?Page=5","Users":[
            {"Id":"I-1","FirstName":"Erin","LastName":"Easton","State":"ACTIVE",
             "ProductRoles":[{"Role":"ACCOUNT_ADMINISTRATOR","Product":"x"},{"Role":"ANALYST"},{"Role":"ANALYST"}]},
            {"Id":"I-2","Username":"kira","State":"ACTIVE","AccessRights":{"Any":"shape"}},
            {"Id":"I-3","State":"PENDING"}]}"#;
        let page: UsersResponse = serde_json::from_str(body).unwrap();
        assert_eq!(page.paging.num_pages(), Some(5));
        assert_eq!(
            page.paging.previous_page_uri,
            "/Advertisers/IRX/Users?Page=1"
        );
        assert_eq!(page.paging.last_page_uri, "/Advertisers/IRX/Users?Page=5");
        let contact = page.users[0].to_contact();
        assert_eq!(
            contact.role.as_deref(),
            Some("ACCOUNT_ADMINISTRATOR, ANALYST")
        );
        assert!(page.users[1].access_rights.is_some());
        assert_eq!(page.users[1].to_contact().role, None);
        // A server that does not page: one page, no links.
        let flat: UsersResponse = serde_json::from_str(r#"{"Users":[]}"#).unwrap();
        assert_eq!(flat.paging, Paging::default());
        assert_eq!(flat.paging.num_pages(), None);
    }

    #[test]
    fn contacts_are_deduplicated_by_user_id() {
        let c = |id: &str| Contact {
            user_id: id.into(),
            name: id.into(),
            email: None,
            role: None,
        };
        let info = CompanyInformation {
            company_name: "X".into(),
            technical_contact: Some(c("U1")),
            financial_contact: Some(c("U2")),
            security_contact: Some(c("U1")),
        };
        let ids: Vec<_> = info.contacts().into_iter().map(|c| c.user_id).collect();
        assert_eq!(ids, ["U1", "U2"]);
    }
}
