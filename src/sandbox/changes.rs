//! What every change of one token (update, reset, enable, disable, delete)
//! does before and after its own step: the caller's role, the required
//! `Idempotency-Key` and its replay, the token, the `If-Match`
//! precondition, then the new revision and the answer recorded for replay.
//!
//! The order matters. A replay is answered before the token is looked up
//! or its revision compared: a retry after a lost answer finds the token
//! already changed (or gone), and must get the first answer, not a 412 or
//! a 404.

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, ETAG, IF_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use crate::contract::{etag, if_match_admits};
use crate::text;

use super::auth::Caller;
use super::create::{Refusal, brand_role_required, idempotency_key};
use super::reply;
use super::state::{Account, Change, MAX_CHANGE_KEYS, Shared, Store, StoredToken};

/// Which change, for the replay check and the precondition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Update,
    Reset,
    Enable,
    Disable,
    Delete,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Update => "Update",
            Kind::Reset => "Reset",
            Kind::Enable => "Enable",
            Kind::Disable => "Disable",
            Kind::Delete => "Delete",
        }
    }

    /// A PUT replaces every setting: without a precondition it would undo
    /// whatever another admin changed since the caller read the token.
    fn needs_if_match(self) -> bool {
        self == Kind::Update
    }
}

/// What a change's own step answers.
pub(crate) enum Answer {
    /// The changed token (200), without a secret.
    Token,
    /// The token, which the request left as it was (200): its revision
    /// stays, so that a change to what already holds is no conflict.
    Same,
    /// The changed token with its credentials (200): a reset.
    Secret,
    /// The token is gone (204).
    Gone,
}

/// Runs one change: the common checks, then `step` on the token at its
/// index in the caller's account (which may refuse, changing nothing), then
/// a new revision and the answer, recorded under the request's key.
pub(crate) fn run(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    headers: &HeaderMap,
    kind: Kind,
    body: &[u8],
    step: impl FnOnce(&mut Store, usize) -> Result<Answer, Refusal>,
) -> Response {
    let go = || -> Result<Response, Refusal> {
        brand_role_required(caller, text::SANDBOX_BRAND_ROLE_REQUIRED_TO_CHANGE)?;
        let key = idempotency_key(headers)?.to_string();
        let request = fingerprint(kind, id, body);
        let mut store = shared.store();
        let account = &store.accounts[caller.account];
        if let Some(first) = account.changes.get(&key) {
            return replay(first, &request);
        }
        let i = find(account, id)?;
        precondition(kind, headers, &account.tokens[i].token.revision)?;
        let answer = step(&mut store, i)?;
        let account = &mut store.accounts[caller.account];
        let (status, body, tag) = match answer {
            Answer::Gone => (StatusCode::NO_CONTENT, Vec::new(), String::new()),
            Answer::Token | Answer::Secret | Answer::Same => {
                let stored = &mut account.tokens[i];
                if !matches!(answer, Answer::Same) {
                    bump(stored);
                }
                let tag = etag(&stored.token.revision);
                let body = if matches!(answer, Answer::Secret) {
                    serde_json::to_vec(&super::create::secret_body(stored))
                } else {
                    serde_json::to_vec(&stored.token)
                }
                .expect("a token serializes");
                (StatusCode::OK, body, tag)
            }
        };
        let change = Change {
            request,
            status: status.as_u16(),
            body: zeroize::Zeroizing::new(body),
            etag: tag,
        };
        let response = respond(&change);
        remember(account, key, change);
        Ok(response)
    };
    go().unwrap_or_else(|refusal| *refusal)
}

/// The index of the account's token with this Id (404).
pub(crate) fn find(account: &Account, id: &str) -> Result<usize, Refusal> {
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

/// The request a key was used for: the change, the token and the body.
fn fingerprint(kind: Kind, id: &str, body: &[u8]) -> String {
    format!("{} {id} {}", kind.name(), String::from_utf8_lossy(body))
}

/// The first answer again for the same request; 422 for another.
fn replay(first: &Change, request: &str) -> Result<Response, Refusal> {
    if first.request != request {
        return Err(Box::new(reply::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            text::SANDBOX_IDEMPOTENCY_KEY_REUSED,
        )));
    }
    Ok(respond(first))
}

/// 412 when `If-Match` names another revision; 428 when a PUT has none.
fn precondition(kind: Kind, headers: &HeaderMap, revision: &str) -> Result<(), Refusal> {
    let given = headers.get(IF_MATCH).map(|v| v.to_str().unwrap_or(""));
    match given {
        None if kind.needs_if_match() => Err(Box::new(reply::error(
            StatusCode::PRECONDITION_REQUIRED,
            text::SANDBOX_PRECONDITION_REQUIRED,
        ))),
        Some(value) if !if_match_admits(value, revision) => {
            let mut refusal = reply::error(
                StatusCode::PRECONDITION_FAILED,
                text::SANDBOX_PRECONDITION_FAILED,
            );
            set_etag(&mut refusal, &etag(revision));
            Err(Box::new(refusal))
        }
        _ => Ok(()),
    }
}

/// The token's next revision.
fn bump(stored: &mut StoredToken) {
    let n = stored.token.revision.parse::<u64>().unwrap_or(0);
    stored.token.revision = (n + 1).to_string();
}

/// A recorded answer as a response.
fn respond(change: &Change) -> Response {
    let status = StatusCode::from_u16(change.status).unwrap_or(StatusCode::OK);
    let mut builder = Response::builder().status(status);
    if !change.body.is_empty() {
        builder = builder.header(CONTENT_TYPE, "application/json");
    }
    let mut response = builder
        .body(Body::from(change.body.to_vec()))
        .expect("recorded parts are valid");
    set_etag(&mut response, &change.etag);
    response
}

fn set_etag(response: &mut Response, tag: &str) {
    if let Ok(value) = HeaderValue::from_str(tag)
        && !tag.is_empty()
    {
        response.headers_mut().insert(ETAG, value);
    }
}

/// Keeps `change` under `key`, forgetting the oldest keys past
/// [`MAX_CHANGE_KEYS`].
fn remember(account: &mut Account, key: String, change: Change) {
    account.change_order.push_back(key.clone());
    account.changes.insert(key, change);
    while account.change_order.len() > MAX_CHANGE_KEYS {
        if let Some(old) = account.change_order.pop_front() {
            account.changes.remove(&old);
        }
    }
}

/// `ETag` for a single-token answer built elsewhere (a read).
pub(crate) fn with_etag(mut response: Response, revision: &str) -> Response {
    set_etag(&mut response, &etag(revision));
    response
}
