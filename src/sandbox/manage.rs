//! A token's life after create: the paged list, and one token's read,
//! update, reset, enable, disable and delete. Writes check what create
//! checks, with create's own steps (`create.rs`), plus what only a change
//! needs: the token exists, and its API version does not go down.

use std::collections::HashMap;
use std::sync::MutexGuard;

use axum::body::Body;
use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

use crate::contract::{
    PAGE, PAGE_SIZE, Paging, TOKEN_DISABLED, TOKEN_ENABLED, Token, TokensResponse,
    UpdateTokenRequest, percent_encode,
};
use crate::model::catalog::Catalog;
use crate::model::validate::{Field, name_key};
use crate::text;

use super::auth::Caller;
use super::create::{
    Refusal, brand_role_required, check_fields, check_name_free, idempotency_key, new_auth_token,
    parse_request, require_json_body, unique_scopes, with_secret,
};
use super::reply;
use super::state::{Account, Change, Shared, Store};

/// Largest `PageSize` accepted.
pub(crate) const MAX_PAGE_SIZE: usize = 1000;

/// Filters of the token list, by query name: `Name` (a case-insensitive
/// part of the name), `State` (`ENABLED` or `DISABLED`), `CreatedAfter`
/// (`DateCreated` at or after) and `CreatedBefore` (`DateCreated` before),
/// the last two ISO 8601 UTC (`2026-01-31` or `2026-01-31T09:30:00Z`).
pub(crate) const FILTERS: [&str; 4] = ["Name", "State", "CreatedAfter", "CreatedBefore"];

/// `GET {root}/APIAccessTokens?Page=N&PageSize=M`: one page of the
/// account's tokens that pass the [`FILTERS`], oldest first, with
/// impact.com's paging envelope. A page past the end is empty;
/// `@nextpageuri` is the next page on the same path with the same filters,
/// empty on the last page.
pub(crate) fn list(store: &Store, caller: &Caller, uri: &Uri) -> Response {
    let query: HashMap<String, String> = Query::try_from_uri(uri)
        .map(|Query(q)| q)
        .unwrap_or_default();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    };
    let page = match param(PAGE) {
        None => 1,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => return reply::error(StatusCode::BAD_REQUEST, text::sandbox_bad_page(v)),
        },
    };
    let size = match param(PAGE_SIZE) {
        None => store.page_size.clamp(1, MAX_PAGE_SIZE),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
            _ => {
                return reply::error(
                    StatusCode::BAD_REQUEST,
                    text::sandbox_bad_page_size(v, MAX_PAGE_SIZE),
                );
            }
        },
    };
    let mut filters: Vec<(&str, &str)> = Vec::new();
    for name in FILTERS {
        if let Some(v) = param(name).filter(|v| !v.is_empty()) {
            filters.push((name, v));
        }
    }
    let keep = match Filter::parse(&filters) {
        Ok(keep) => keep,
        Err(message) => return reply::error(StatusCode::BAD_REQUEST, message),
    };
    let tokens: Vec<&Token> = store.accounts[caller.account]
        .tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| keep.admits(t))
        .collect();
    let total = tokens.len();
    let start = (page - 1).saturating_mul(size);
    let access_tokens: Vec<Token> = tokens.into_iter().skip(start).take(size).cloned().collect();
    let num_pages = total.div_ceil(size).max(1);
    let page_uri = |n: usize| {
        let mut query = format!("{PAGE}={n}&{PAGE_SIZE}={size}");
        for (name, value) in &filters {
            query.push_str(&format!("&{name}={}", percent_encode(value)));
        }
        format!("{}?{query}", uri.path())
    };
    let paging = Paging {
        page: page.to_string(),
        num_pages: num_pages.to_string(),
        page_size: size.to_string(),
        total: total.to_string(),
        start: start.to_string(),
        end: (start + access_tokens.len()).saturating_sub(1).to_string(),
        uri: page_uri(page),
        next_page_uri: if page < num_pages {
            page_uri(page + 1)
        } else {
            String::new()
        },
    };
    reply::json(
        StatusCode::OK,
        &TokensResponse {
            paging,
            access_tokens,
        },
    )
}

/// The list's filters, parsed.
#[derive(Default)]
struct Filter {
    name: Option<String>,
    enabled: Option<bool>,
    after: Option<String>,
    before: Option<String>,
}

impl Filter {
    /// The filters from `(query name, value)` pairs; `Err` is the 400's message.
    fn parse(pairs: &[(&str, &str)]) -> Result<Filter, String> {
        let mut f = Filter::default();
        for (name, value) in pairs {
            match *name {
                "Name" => f.name = Some(value.to_lowercase()),
                "State" if value.eq_ignore_ascii_case(TOKEN_ENABLED) => f.enabled = Some(true),
                "State" if value.eq_ignore_ascii_case(TOKEN_DISABLED) => f.enabled = Some(false),
                "State" => return Err(text::sandbox_bad_filter(name, value)),
                _ if !is_date(value) => return Err(text::sandbox_bad_filter(name, value)),
                "CreatedAfter" => f.after = Some(value.to_string()),
                _ => f.before = Some(value.to_string()),
            }
        }
        Ok(f)
    }

    /// Whether a token passes. Dates compare as text, which orders ISO 8601
    /// UTC times correctly.
    fn admits(&self, t: &Token) -> bool {
        self.name
            .as_ref()
            .is_none_or(|n| t.name.to_lowercase().contains(n.as_str()))
            && self.enabled.is_none_or(|e| t.is_enabled() == e)
            && self
                .after
                .as_ref()
                .is_none_or(|a| t.date_created.as_str() >= a.as_str())
            && self
                .before
                .as_ref()
                .is_none_or(|b| t.date_created.as_str() < b.as_str())
    }
}

/// `YYYY-MM-DD`, optionally followed by a time: what `DateCreated` is.
fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 10
        && b.len() <= 20
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && (b.len() == 10 || b[10] == b'T')
}

/// A write's answer: its response, or the refusal that stopped it.
fn answer(write: impl FnOnce() -> Result<Response, Refusal>) -> Response {
    write().unwrap_or_else(|refusal| *refusal)
}

/// The index of the account's token with this Id (404).
fn find(account: &Account, id: &str) -> Result<usize, Refusal> {
    account
        .tokens
        .iter()
        .position(|t| t.token.id == id)
        .ok_or_else(|| {
            Box::new(reply::error(
                StatusCode::NOT_FOUND,
                text::SANDBOX_TOKEN_NOT_FOUND,
            ))
        })
}

/// `GET {root}/APIAccessTokens/{Id}`.
pub(crate) fn get(store: &Store, caller: &Caller, id: &str) -> Response {
    let account = &store.accounts[caller.account];
    match find(account, id) {
        Ok(i) => reply::json(StatusCode::OK, &account.tokens[i].token),
        Err(refusal) => *refusal,
    }
}

/// `PUT {root}/APIAccessTokens/{Id}`: the whole new settings, checked as a
/// create is, plus: the name may be the token's own, and the API version
/// may not go down (422 with an `ApiVersion` field error).
pub(crate) fn update(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    try_update(shared, caller, id, headers, body).unwrap_or_else(|refusal| *refusal)
}

fn try_update(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, Refusal> {
    brand_role_required(caller, text::SANDBOX_BRAND_ROLE_REQUIRED_TO_CHANGE)?;
    require_json_body(headers)?;
    let request: UpdateTokenRequest = parse_request(body)?;
    let catalog = shared.catalog(caller.account_type);
    let mut store = shared.store();
    let account = &mut store.accounts[caller.account];
    let i = find(account, id)?;
    check_fields(account, catalog, &request)?;
    check_version_not_down(catalog, &account.tokens[i].token.api_version, &request)?;
    let name = request.name.trim().to_string();
    check_name_free(account, &name, Some(id))?;

    let stored = &mut account.tokens[i];
    stored.name_key = name_key(&name);
    let token = &mut stored.token;
    token.name = name;
    token.description = request.description.clone();
    token.api_version = request.api_version.clone();
    token.primary_contact_user_id = request.primary_contact_user_id.clone();
    token.developer_emails = request.developer_emails.clone();
    token.scopes = unique_scopes(&request.scopes);
    Ok(reply::json(StatusCode::OK, &*token))
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

/// The answer for a reset or delete key already used: the first answer
/// again for the same change (a reset's token with its current secret, a
/// delete's 204), 422 for another change. `None` for a new key.
fn replay(account: &Account, key: &str, change: &Change) -> Option<Result<Response, Refusal>> {
    let first = account.changes.get(key)?;
    if first != change {
        return Some(Err(Box::new(reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            text::SANDBOX_IDEMPOTENCY_KEY_REUSED,
        ))));
    }
    if change.delete {
        return Some(Ok(no_content()));
    }
    Some(find(account, &change.token_id).map(|i| with_secret(StatusCode::OK, &account.tokens[i])))
}

/// How a reset or delete goes on after [`start_change`].
enum Start<'s> {
    /// The key was used for this change before: its answer again.
    Replayed(Refusal),
    /// A new change of the token at this index, its key remembered.
    Go(MutexGuard<'s, Store>, usize),
}

/// The common start of a reset or delete: the caller's role, the
/// `Idempotency-Key`, a replay, and the token.
fn start_change<'s>(
    shared: &'s Shared,
    caller: &Caller,
    id: &str,
    headers: &HeaderMap,
    delete: bool,
) -> Result<Start<'s>, Refusal> {
    brand_role_required(caller, text::SANDBOX_BRAND_ROLE_REQUIRED_TO_CHANGE)?;
    let key = idempotency_key(headers)?;
    let change = Change {
        delete,
        token_id: id.to_string(),
    };
    let mut store = shared.store();
    if let Some(answer) = replay(&store.accounts[caller.account], key, &change) {
        return answer.map(|r| Start::Replayed(Box::new(r)));
    }
    let i = find(&store.accounts[caller.account], id)?;
    store.accounts[caller.account]
        .changes
        .insert(key.to_string(), change);
    Ok(Start::Go(store, i))
}

/// `POST {root}/APIAccessTokens/{Id}/Reset`: a new Auth Token for the same
/// Account SID; the old one is refused from the next request on. Answers
/// the token and its new credentials, once. Requires an `Idempotency-Key`:
/// a retry with the same key answers the same secret and resets nothing.
pub(crate) fn reset(shared: &Shared, caller: &Caller, id: &str, headers: &HeaderMap) -> Response {
    answer(|| {
        let (mut store, i) = match start_change(shared, caller, id, headers, false)? {
            Start::Replayed(answer) => return Ok(*answer),
            Start::Go(store, i) => (store, i),
        };
        let secret = new_auth_token();
        let sid = store.accounts[caller.account].tokens[i].sid.clone();
        if let Some(credential) = store.credentials.get_mut(&sid) {
            credential.auth_token = secret.clone();
        }
        let stored = &mut store.accounts[caller.account].tokens[i];
        stored.auth_token = secret;
        Ok(with_secret(StatusCode::OK, stored))
    })
}

/// `POST {root}/APIAccessTokens/{Id}/Enable` and `/Disable`: the token
/// with its new state. A disabled token's credentials answer 403 everywhere.
pub(crate) fn set_enabled(shared: &Shared, caller: &Caller, id: &str, enabled: bool) -> Response {
    answer(|| {
        brand_role_required(caller, text::SANDBOX_BRAND_ROLE_REQUIRED_TO_CHANGE)?;
        let mut store = shared.store();
        let account = &mut store.accounts[caller.account];
        let i = find(account, id)?;
        let token = &mut account.tokens[i].token;
        token.state = if enabled {
            TOKEN_ENABLED
        } else {
            TOKEN_DISABLED
        }
        .to_string();
        Ok(reply::json(StatusCode::OK, &*token))
    })
}

/// `DELETE {root}/APIAccessTokens/{Id}`: 204; the token's credentials stop
/// working at once. Requires an `Idempotency-Key`: a retry with the same
/// key answers 204 again rather than 404.
pub(crate) fn delete(shared: &Shared, caller: &Caller, id: &str, headers: &HeaderMap) -> Response {
    answer(|| {
        let (mut store, i) = match start_change(shared, caller, id, headers, true)? {
            Start::Replayed(answer) => return Ok(*answer),
            Start::Go(store, i) => (store, i),
        };
        let stored = store.accounts[caller.account].tokens.remove(i);
        store.credentials.remove(&stored.sid);
        Ok(no_content())
    })
}

fn no_content() -> Response {
    Response::builder()
        .status(StatusCode::NO_CONTENT)
        .body(Body::empty())
        .expect("static response parts are valid")
}

/// Whether a token principal's token is disabled (a deleted one has no
/// credentials left, so it never gets this far).
pub(crate) fn is_disabled(store: &Store, caller: &Caller, token_id: &str) -> bool {
    store.accounts[caller.account]
        .tokens
        .iter()
        .any(|t| t.token.id == token_id && !t.token.is_enabled())
}
