//! `POST {root}/APIAccessTokens`, as a sequence of named steps. Checks run
//! in the order a client can act on them: who may create, request shape,
//! key replay, room, fields, name clash; then the token is minted and
//! remembered. Each check returns the refusal it answers with.
//!
//! The steps are shared with the other writes of `manage.rs` (update,
//! reset, enable, disable, delete), which check the same things.

use std::time::SystemTime;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use serde::Serialize;

use crate::contract::{CreateTokenRequest, IDEMPOTENCY_KEY, Token};
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::model::validate::{Field, Rules, name_key, validate_request};
use crate::text;

use super::auth::Caller;
use super::clock::iso8601_utc;
use super::reply;
use super::seed::BRAND_CREATOR_ROLES;
use super::state::{Account, Principal, Replay, Shared, Store, StoredToken};

/// Longest `Idempotency-Key` accepted.
const MAX_KEY: usize = 255;

/// A step's answer when it stops the create (boxed: a `Response` is large).
pub(crate) type Refusal = Box<Response>;

/// `POST {root}/APIAccessTokens`.
pub(crate) fn create(
    shared: &Shared,
    caller: &Caller,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    try_create(shared, caller, headers, body).unwrap_or_else(|refusal| *refusal)
}

fn try_create(
    shared: &Shared,
    caller: &Caller,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, Refusal> {
    brand_role_required(caller, text::SANDBOX_BRAND_ROLE_REQUIRED)?;
    require_json_body(headers)?;
    let key = idempotency_key(headers)?;
    let request = parse_request(body)?;

    let catalog = shared.catalog(caller.account_type);
    let mut store = shared.store();
    let account = &mut store.accounts[caller.account];
    if let Some(answer) = replay(account, key, &request) {
        return Ok(answer);
    }
    check_room(account, shared.limits.max_tokens)?;
    check_fields(account, catalog, &request)?;
    let name = request.name.trim().to_string();
    check_name_free(account, &name, None)?;

    let stored = mint(&request, name);
    let response = created(&stored);
    remember(&mut store, caller, key, request, stored);
    Ok(response)
}

/// Brand users other than the creator roles may not create or change
/// tokens (403 with `message`).
pub(crate) fn brand_role_required(caller: &Caller, message: &str) -> Result<(), Refusal> {
    match &caller.principal {
        Principal::User { role }
            if caller.account_type == AccountType::Brand
                && !BRAND_CREATOR_ROLES.contains(&role.as_str()) =>
        {
            Err(Box::new(reply::error(StatusCode::FORBIDDEN, message)))
        }
        _ => Ok(()),
    }
}

/// The body must be declared JSON (415).
pub(crate) fn require_json_body(headers: &HeaderMap) -> Result<(), Refusal> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        });
    if is_json {
        Ok(())
    } else {
        Err(Box::new(reply::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            text::SANDBOX_JSON_BODY_REQUIRED,
        )))
    }
}

/// A non-blank `Idempotency-Key` of at most [`MAX_KEY`] bytes (400).
pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<&str, Refusal> {
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() || key.len() > MAX_KEY {
        return Err(Box::new(reply::error(
            StatusCode::BAD_REQUEST,
            text::SANDBOX_IDEMPOTENCY_KEY_REQUIRED,
        )));
    }
    Ok(key)
}

/// The request body, as JSON (400).
pub(crate) fn parse_request(body: &[u8]) -> Result<CreateTokenRequest, Refusal> {
    serde_json::from_slice(body).map_err(|e| {
        Box::new(reply::error(
            StatusCode::BAD_REQUEST,
            text::sandbox_malformed_json(&e.to_string()),
        ))
    })
}

/// The answer for a key already used: the same token again for the same
/// request, 422 for another request, 410 if the token is gone. `None` for a
/// new key.
fn replay(account: &Account, key: &str, request: &CreateTokenRequest) -> Option<Response> {
    let replay = account.idempotency.get(key)?;
    if replay.request != *request {
        return Some(reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            text::SANDBOX_IDEMPOTENCY_KEY_REUSED,
        ));
    }
    let stored = account
        .tokens
        .iter()
        .find(|t| t.token.id == replay.token_id);
    Some(
        stored
            .map(created)
            .unwrap_or_else(|| reply::error(StatusCode::GONE, text::SANDBOX_NOT_FOUND)),
    )
}

/// At most `max_tokens` per account (422, no field errors).
fn check_room(account: &Account, max_tokens: usize) -> Result<(), Refusal> {
    if account.tokens.len() >= max_tokens {
        return Err(Box::new(reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            text::sandbox_too_many_tokens(max_tokens),
        )));
    }
    Ok(())
}

/// The same field rules the client checks (422 with field errors).
pub(crate) fn check_fields(
    account: &Account,
    catalog: &Catalog,
    request: &CreateTokenRequest,
) -> Result<(), Refusal> {
    let users = &account.users;
    let is_active_user = |id: &str| users.iter().any(|u| u.id == id && u.is_active());
    let is_known_scope = |id: &str| catalog.index_of(id).is_some();
    let rules = Rules {
        versions: &catalog.versions,
        is_active_user: &is_active_user,
        is_known_scope: &is_known_scope,
    };
    let errors = validate_request(request, &rules);
    if !errors.is_empty() {
        return Err(Box::new(reply::fields(
            StatusCode::UNPROCESSABLE_ENTITY,
            text::SANDBOX_VALIDATION_FAILED,
            errors,
        )));
    }
    Ok(())
}

/// No other token of the account (but `except`, by Id, the one being
/// renamed) has this name, compared as [`name_key`] compares (409 with a
/// `Name` field error).
pub(crate) fn check_name_free(
    account: &Account,
    name: &str,
    except: Option<&str>,
) -> Result<(), Refusal> {
    let key_of_name = name_key(name);
    if account
        .tokens
        .iter()
        .any(|t| t.name_key == key_of_name && Some(t.token.id.as_str()) != except)
    {
        return Err(Box::new(reply::fields(
            StatusCode::CONFLICT,
            text::SANDBOX_NAME_CONFLICT,
            vec![reply::field(Field::Name, text::SANDBOX_NAME_TAKEN)],
        )));
    }
    Ok(())
}

/// Scopes in their first order, without repeats.
pub(crate) fn unique_scopes(requested: &[String]) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::with_capacity(requested.len());
    for s in requested {
        if !scopes.contains(s) {
            scopes.push(s.clone());
        }
    }
    scopes
}

/// A new token with fresh credentials.
pub(crate) fn mint(request: &CreateTokenRequest, name: String) -> StoredToken {
    let scopes = unique_scopes(&request.scopes);
    let key_of_name = name_key(&name);
    StoredToken {
        token: Token {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            description: request.description.clone(),
            api_version: request.api_version.clone(),
            primary_contact_user_id: request.primary_contact_user_id.clone(),
            developer_emails: request.developer_emails.clone(),
            scopes,
            date_created: iso8601_utc(SystemTime::now()),
            state: crate::contract::TOKEN_ENABLED.to_string(),
            revision: "1".to_string(),
        },
        sid: new_sid(),
        auth_token: new_auth_token(),
        name_key: key_of_name,
        seeded: false,
        seq: 0,
    }
}

/// Keeps the token, its key for replays, and its credentials for logins.
fn remember(
    store: &mut Store,
    caller: &Caller,
    key: &str,
    request: CreateTokenRequest,
    stored: StoredToken,
) {
    let token_id = stored.token.id.clone();
    store.add_token(caller.account, stored);
    store.accounts[caller.account]
        .idempotency
        .insert(key.to_string(), Replay { request, token_id });
}

/// The 201 body: the listing plus the new credentials. The client's
/// `CreatedToken` holds a `SecretString` and cannot serialize, hence this.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CreatedBody<'a> {
    #[serde(flatten)]
    token: &'a Token,
    #[serde(rename = "AccountSID")]
    account_sid: &'a str,
    auth_token: &'a str,
}

fn created(stored: &StoredToken) -> Response {
    with_secret(StatusCode::CREATED, stored)
}

/// The token plus its credentials, the only answer that carries a secret
/// (a create's 201, a reset's 200).
pub(crate) fn with_secret(status: StatusCode, stored: &StoredToken) -> Response {
    reply::json(status, &secret_body(stored))
}

/// The body of [`with_secret`], for answers recorded for replay.
pub(crate) fn secret_body(stored: &StoredToken) -> impl Serialize + '_ {
    CreatedBody {
        token: &stored.token,
        account_sid: &stored.sid,
        auth_token: &stored.auth_token,
    }
}

/// `IR` and 32 upper-case hex digits, shaped like impact.com's SIDs.
pub(crate) fn new_sid() -> String {
    sid_from(*uuid::Uuid::new_v4().as_bytes())
}

/// A SID from 16 random bytes (as a v4 UUID's, in upper-case hex).
pub(crate) fn sid_from(random: [u8; 16]) -> String {
    let id = uuid::Builder::from_random_bytes(random).into_uuid();
    format!("IR{}", id.simple().to_string().to_ascii_uppercase())
}

/// 43 URL-safe characters from two v4 UUIDs (244 random bits).
pub(crate) fn new_auth_token() -> String {
    let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    auth_token_from(*a.as_bytes(), *b.as_bytes())
}

/// An Auth Token from two v4 UUIDs' worth of random bytes (244 bits once
/// their version and variant bits are set), as [`new_auth_token`] makes.
pub(crate) fn auth_token_from(a: [u8; 16], b: [u8; 16]) -> String {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(uuid::Builder::from_random_bytes(a).as_uuid().as_bytes());
    bytes[16..].copy_from_slice(uuid::Builder::from_random_bytes(b).as_uuid().as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_well_shaped() {
        let (a, b) = (new_sid(), new_sid());
        assert_ne!(a, b);
        assert_eq!(a.len(), 34);
        assert!(a[2..].chars().all(|c| c.is_ascii_alphanumeric()));
        assert!(new_auth_token().len() >= 32);
    }
}
