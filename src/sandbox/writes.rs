//! One token's changes: update, reset, enable, disable and delete. Each
//! is its own step inside [`changes::run`](super::changes::run), which
//! checks the caller's role, the `Idempotency-Key` (replaying a repeat),
//! the token and `If-Match`, then records the answer. Updates check what
//! create checks, with create's own steps (`create.rs`), plus what only a
//! change needs: the API version does not go down.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::contract::{TOKEN_DISABLED, TOKEN_ENABLED, UpdateTokenRequest};
use crate::model::catalog::Catalog;
use crate::model::validate::{Field, name_key};
use crate::text;

use super::auth::Caller;
use super::changes::{Answer, Kind, run};
use super::create::{
    Refusal, check_fields, check_name_free, new_auth_token, parse_request, require_json_body,
    unique_scopes,
};
use super::reply;
use super::state::Shared;

/// `PUT {root}/APIAccessTokens/{Id}`: the whole new settings, checked as a
/// create is, plus: the name may be the token's own, and the API version
/// may not go down (422 with an `ApiVersion` field error). Requires
/// `If-Match` (428 without, 412 when the token changed meanwhile).
pub(crate) fn update(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let catalog = shared.catalog(caller.account_type);
    run(
        shared,
        caller,
        id,
        headers,
        Kind::Update,
        body,
        |store, i| {
            require_json_body(headers)?;
            let request: UpdateTokenRequest = parse_request(body)?;
            let account = &mut store.accounts[caller.account];
            check_fields(account, catalog, &request)?;
            check_version_not_down(catalog, &account.tokens[i].token.api_version, &request)?;
            let name = request.name.trim().to_string();
            check_name_free(account, &name, Some(id))?;
            let stored = &mut account.tokens[i];
            let before = stored.token.clone();
            stored.name_key = name_key(&name);
            let token = &mut stored.token;
            token.name = name;
            token.description = request.description.clone();
            token.api_version = request.api_version.clone();
            token.primary_contact_user_id = request.primary_contact_user_id.clone();
            token.developer_emails = request.developer_emails.clone();
            token.scopes = unique_scopes(&request.scopes);
            Ok(if *token == before {
                Answer::Same
            } else {
                Answer::Token
            })
        },
    )
}

/// The new version is the current one or newer, as the catalog orders its
/// versions (newest first). A current version the catalog no longer offers
/// may move to any offered one.
fn check_version_not_down(
    catalog: &Catalog,
    current: &str,
    request: &UpdateTokenRequest,
) -> Result<(), Refusal> {
    let rank = |v: &str| catalog.versions.iter().position(|o| o == v);
    match (rank(current), rank(request.api_version.trim())) {
        (Some(old), Some(new)) if new > old => Err(Box::new(reply::fields(
            StatusCode::UNPROCESSABLE_ENTITY,
            text::SANDBOX_VALIDATION_FAILED,
            vec![reply::field(
                Field::ApiVersion,
                text::sandbox_version_down(current),
            )],
        ))),
        _ => Ok(()),
    }
}

/// `POST {root}/APIAccessTokens/{Id}/Reset`: a new Auth Token for the same
/// Account SID; the old one is refused from the next request on. Answers
/// the token and its new credentials; a repeat with the same key answers
/// that same secret and resets nothing.
pub(crate) fn reset(shared: &Shared, caller: &Caller, id: &str, headers: &HeaderMap) -> Response {
    run(shared, caller, id, headers, Kind::Reset, b"", |store, i| {
        let secret = new_auth_token();
        let sid = store.accounts[caller.account].tokens[i].sid.clone();
        if let Some(credential) = store.credentials.get_mut(&sid) {
            credential.auth_token = secret.clone();
        }
        store.accounts[caller.account].tokens[i].auth_token = secret;
        Ok(Answer::Secret)
    })
}

/// `POST {root}/APIAccessTokens/{Id}/Enable` and `/Disable`: the token
/// with its new state. A disabled token's credentials answer 403 everywhere.
pub(crate) fn set_enabled(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    headers: &HeaderMap,
    enabled: bool,
) -> Response {
    let kind = if enabled { Kind::Enable } else { Kind::Disable };
    run(shared, caller, id, headers, kind, b"", |store, i| {
        let token = &mut store.accounts[caller.account].tokens[i].token;
        if token.is_enabled() == enabled {
            return Ok(Answer::Same);
        }
        token.state = if enabled {
            TOKEN_ENABLED
        } else {
            TOKEN_DISABLED
        }
        .to_string();
        Ok(Answer::Token)
    })
}

/// `DELETE {root}/APIAccessTokens/{Id}`: 204; the token's credentials stop
/// working at once. A repeat with the same key answers 204 again rather
/// than 404.
pub(crate) fn delete(shared: &Shared, caller: &Caller, id: &str, headers: &HeaderMap) -> Response {
    run(
        shared,
        caller,
        id,
        headers,
        Kind::Delete,
        b"",
        |store, i| {
            let stored = store.accounts[caller.account].tokens.remove(i);
            store.credentials.remove(&stored.sid);
            Ok(Answer::Gone)
        },
    )
}
