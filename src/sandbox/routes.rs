//! The request pipeline, routing, and the read-only endpoints of the
//! account (create has its own module, `create.rs`; the token list and one
//! token's endpoints are in `manage.rs`).
//!
//! Every request but the admin endpoint goes through [`handle`]:
//! route → latency → fault → `Accept` → Basic auth and `{root}` check →
//! rate limit → endpoint. Routing is done here by hand rather than by the
//! axum router so faults and latency can be aimed at a route before anything
//! else (auth included) runs, as a broken proxy or server would behave.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;
use futures_util::StreamExt;

use crate::contract::{CompanyInformation, IR_VERSION, UsersResponse};
use crate::model::account::AccountType;
use crate::model::validate::Field;
use crate::text;

use super::auth::{self, Caller, Refusal, Root};
use super::faults::{self, Fault, Route};
use super::manage;
use super::ratelimit::{self, Dialect, RateStyle};
use super::reply;
use super::scoped;
use super::server::Peer;
use super::state::{Principal, SeenRequest, Shared, Store};
use super::writes;

/// Largest create body read; real ones are a few KiB. Larger ones answer 413.
const MAX_BODY: usize = 1024 * 1024;
/// Most bytes of an oversized body read (and dropped) before answering 413.
const MAX_DRAIN: usize = 8 * MAX_BODY;

/// A request path split at its root: `/Advertisers/IR…/Users` gives
/// `root = Some(("Advertisers", "IR…"))`, `rest = ["Users"]`.
struct Target<'a> {
    root: Root<'a>,
    rest: Vec<&'a str>,
}

impl<'a> Target<'a> {
    fn parse(path: &'a str) -> Target<'a> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match segments.as_slice() {
            [segment, sid, rest @ ..] if AccountType::from_root_segment(segment).is_some() => {
                Target {
                    root: Some((segment, sid)),
                    rest: rest.to_vec(),
                }
            }
            _ => Target {
                root: None,
                rest: segments,
            },
        }
    }

    /// The contract endpoint a request is for; `None` for anything else.
    fn route(&self, method: &Method) -> Option<Route> {
        self.root?;
        match (method, self.rest.as_slice()) {
            (&Method::GET, ["CompanyInformation"]) => Some(Route::Company),
            (&Method::GET, ["Users"]) => Some(Route::Users),
            (&Method::GET, ["APIAccessTokens", "Scopes"]) => Some(Route::Scopes),
            (&Method::GET, ["APIAccessTokens", "Permissions"]) => Some(Route::Permissions),
            (&Method::GET, ["APIAccessTokens"]) => Some(Route::Tokens),
            (&Method::POST, ["APIAccessTokens"]) => Some(Route::Create),
            _ => self.token_route(method),
        }
    }

    /// The endpoint of one token (`APIAccessTokens/{Id}...`) a request is for.
    fn token_route(&self, method: &Method) -> Option<Route> {
        self.token_id()?;
        match (method, self.rest.as_slice()) {
            (&Method::GET, [_, _]) => Some(Route::Token),
            (&Method::PUT, [_, _]) => Some(Route::Update),
            (&Method::DELETE, [_, _]) => Some(Route::Delete),
            (&Method::POST, [_, _, "Reset"]) => Some(Route::Reset),
            (&Method::POST, [_, _, "Disable"]) => Some(Route::Disable),
            (&Method::POST, [_, _, "Enable"]) => Some(Route::Enable),
            _ => None,
        }
    }

    /// The `{Id}` of a path `APIAccessTokens/{Id}` or
    /// `APIAccessTokens/{Id}/{Reset|Disable|Enable}`; `Scopes` is no Id.
    fn token_id(&self) -> Option<&'a str> {
        match self.rest.as_slice() {
            ["APIAccessTokens", id] | ["APIAccessTokens", id, "Reset" | "Disable" | "Enable"]
                if !id.is_empty() && *id != "Scopes" && *id != "Permissions" =>
            {
                Some(id)
            }
            _ => None,
        }
    }

    /// Whether the path is a contract endpoint's, whatever the method.
    fn is_contract_path(&self) -> bool {
        self.root.is_some()
            && (matches!(
                self.rest.as_slice(),
                ["CompanyInformation"]
                    | ["Users"]
                    | ["APIAccessTokens"]
                    | ["APIAccessTokens", "Scopes"]
                    | ["APIAccessTokens", "Permissions"]
            ) || self.token_id().is_some())
    }
}

/// Entry point of every request except `/__sandbox/...`.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    shared.record(SeenRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        ir_version: parts
            .headers
            .get(IR_VERSION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
    });
    let target = Target::parse(parts.uri.path());
    let route = target.route(&parts.method);
    // Before auth, the path's root says which dialect a 429 speaks.
    let style = RateStyle {
        dialect: target
            .root
            .and_then(|(segment, _)| AccountType::from_root_segment(segment))
            .map_or(Dialect::Brand, Dialect::of),
        timestamp: shared.store().reset_timestamp,
    };
    if route == Some(Route::Create) {
        shared.create_calls.fetch_add(1, Ordering::SeqCst);
    }
    let delay = shared.faults().latency(route);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let fault = shared.faults().take(route);
    let mut budget = None;
    let mut response = match fault {
        None => serve(&shared, &parts, body, route, style, &mut budget).await,
        Some(Fault::DropAfterCommit) => {
            // Do the work (a create commits), then lose the answer.
            let _ = serve(&shared, &parts, body, route, style, &mut budget).await;
            faults::dropped_connection()
        }
        Some(Fault::Hang) => faults::hang(&shared).await,
        Some(fault) => faults::respond(fault, route, shared.store().rate_limit, style),
    };
    if let Some(budget) = budget {
        ratelimit::stamp(&mut response, style, budget);
    }
    // Paths carry SIDs, which are identifiers, never secrets.
    tracing::debug!(method = %parts.method, path = parts.uri.path(), status = response.status().as_u16(), ?fault);
    response
}

/// The normal answer, without faults. `budget` is set to the account's
/// rate-limit budget once the request is counted against it.
async fn serve(
    shared: &Shared,
    parts: &Parts,
    body: Body,
    route: Option<Route>,
    style: RateStyle,
    budget: &mut Option<ratelimit::Budget>,
) -> Response {
    if !accepts_json(&parts.headers) {
        return reply::error(StatusCode::NOT_ACCEPTABLE, text::SANDBOX_NOT_ACCEPTABLE);
    }
    let target = Target::parse(parts.uri.path());
    let client = parts.extensions.get::<Peer>().map(|p| p.0.ip());
    let caller = {
        let mut store = shared.store();
        let now = Instant::now();
        let failed_limit = shared.limits.failed_logins;
        // Checked before the credentials, so a client that used up its
        // failed logins learns nothing more, not even from a right guess.
        if let Some(e) = client.and_then(|c| store.failed_logins.exceeded(c, failed_limit, now)) {
            return ratelimit::too_many_because(
                text::SANDBOX_TOO_MANY_FAILED_LOGINS,
                style,
                e.limit,
                0,
                e.reset_secs,
            );
        }
        let caller = match auth::authenticate(&store, &parts.headers, target.root) {
            Ok(caller) => caller,
            Err(refusal) => {
                if let (Some(c), Refusal::BadCredentials) = (client, refusal) {
                    store.failed_logins.record(c, now);
                }
                return refusal.response();
            }
        };
        let limit = store.rate_limit;
        let style = RateStyle {
            dialect: Dialect::of(caller.account_type),
            ..style
        };
        let rate = &mut store.accounts[caller.account].rate;
        let now = Instant::now();
        if let Err(e) = rate.hit(limit, now) {
            return ratelimit::too_many(style, e.limit, 0, e.reset_secs);
        }
        *budget = Some(ratelimit::Budget {
            limit,
            remaining: rate.remaining(limit),
            reset_secs: rate.reset_secs(now),
        });
        caller
    };
    let token_id = target.token_id().unwrap_or("");
    let catalog = shared.catalog(caller.account_type);
    let scope = scoped::find_scope(catalog, &caller, &parts.method, parts.uri.path());
    if let Principal::Token { token_id } = &caller.principal {
        // Before any scope check: a disabled token may call nothing at all.
        if manage::is_disabled(&shared.store(), &caller, token_id) {
            return reply::error(StatusCode::FORBIDDEN, text::SANDBOX_TOKEN_DISABLED);
        }
        match (route, scope) {
            (
                Some(
                    Route::Scopes
                    | Route::Permissions
                    | Route::Tokens
                    | Route::Create
                    | Route::Token
                    | Route::Update
                    | Route::Reset
                    | Route::Disable
                    | Route::Enable
                    | Route::Delete,
                ),
                _,
            ) => {
                return reply::error(
                    StatusCode::FORBIDDEN,
                    text::SANDBOX_TOKEN_CANNOT_MANAGE_TOKENS,
                );
            }
            (_, Some(scope)) => {
                if !scoped::allows(&shared.store(), &caller, scope.id) {
                    return scoped::not_in_scope(scope.id);
                }
            }
            // A contract endpoint no scope covers, such as a brand's Users.
            (Some(_), None) => {
                return scoped::not_in_scope(&format!("{} {}", parts.method, parts.uri.path()));
            }
            (None, None) => return not_found_or_not_allowed(&target),
        }
    }
    match route {
        Some(Route::Company) => company(&shared.store(), &caller),
        Some(Route::Users) => users(&shared.store(), &caller, &parts.uri),
        Some(Route::Scopes) => scopes(shared, &caller, &parts.uri),
        Some(Route::Tokens) => manage::list(&shared.store(), &caller, &parts.uri),
        Some(Route::Permissions) => permissions(&caller),
        Some(Route::Create) => match read_body(&parts.headers, body, shared.limits.idle).await {
            Ok(bytes) => super::create::create(shared, &caller, &parts.headers, &bytes),
            Err(response) => response,
        },
        Some(Route::Token) => manage::get(&shared.store(), &caller, token_id),
        Some(Route::Update) => match read_body(&parts.headers, body, shared.limits.idle).await {
            Ok(bytes) => writes::update(shared, &caller, token_id, &parts.headers, &bytes),
            Err(response) => response,
        },
        Some(Route::Reset) => writes::reset(shared, &caller, token_id, &parts.headers),
        Some(Route::Disable) => {
            writes::set_enabled(shared, &caller, token_id, &parts.headers, false)
        }
        Some(Route::Enable) => writes::set_enabled(shared, &caller, token_id, &parts.headers, true),
        Some(Route::Delete) => writes::delete(shared, &caller, token_id, &parts.headers),
        Some(Route::Any) | None => match scope {
            Some(scope) => scoped::placeholder(scope.id),
            None => not_found_or_not_allowed(&target),
        },
    }
}

fn not_found_or_not_allowed(target: &Target<'_>) -> Response {
    if target.is_contract_path() {
        let mut refusal = reply::error(
            StatusCode::METHOD_NOT_ALLOWED,
            text::SANDBOX_METHOD_NOT_ALLOWED,
        );
        // RFC 9110 15.5.6: a 405 names the methods the path does take.
        let allowed: Vec<&str> = [Method::GET, Method::POST, Method::PUT, Method::DELETE]
            .iter()
            .filter(|m| target.route(m).is_some())
            .map(Method::as_str)
            .collect();
        if let Ok(value) = header::HeaderValue::from_str(&allowed.join(", ")) {
            refusal.headers_mut().insert(header::ALLOW, value);
        }
        refusal
    } else {
        reply::error(StatusCode::NOT_FOUND, text::SANDBOX_NOT_FOUND)
    }
}

/// Missing `Accept` means anything; otherwise it must admit JSON.
fn accepts_json(headers: &HeaderMap) -> bool {
    let values: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    values.is_empty()
        || values.iter().flat_map(|v| v.split(',')).any(|item| {
            let media = item
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            matches!(media.as_str(), "application/json" | "application/*" | "*/*")
                || media.ends_with("+json")
        })
}

/// Reads a body of at most [`MAX_BODY`] bytes; a larger one answers 413. Up
/// to [`MAX_DRAIN`] bytes of it are read and dropped first, so the client,
/// still sending, gets the 413 rather than a reset connection. A body that
/// stalls for `idle` answers 408.
pub(crate) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    idle: Duration,
) -> Result<Bytes, Response> {
    let too_large = || {
        reply::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            text::sandbox_body_too_large(MAX_BODY),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_DRAIN as u64) {
        return Err(too_large());
    }
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    loop {
        let Ok(next) = tokio::time::timeout(idle, stream.next()).await else {
            return Err(reply::error(
                StatusCode::REQUEST_TIMEOUT,
                text::SANDBOX_BODY_TIMEOUT,
            ));
        };
        let Some(chunk) = next else { break };
        let chunk = chunk.map_err(|e| {
            reply::error(
                StatusCode::BAD_REQUEST,
                text::sandbox_malformed_json(&e.to_string()),
            )
        })?;
        seen = seen.saturating_add(chunk.len());
        if seen > MAX_DRAIN {
            return Err(too_large());
        }
        if seen <= MAX_BODY {
            bytes.extend_from_slice(&chunk);
        }
    }
    if seen > MAX_BODY {
        return Err(too_large());
    }
    Ok(Bytes::from(bytes))
}

/// `GET {root}/CompanyInformation`.
fn company(store: &Store, caller: &Caller) -> Response {
    let account = &store.accounts[caller.account];
    let contact = |id: &str| {
        account
            .users
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.to_contact())
    };
    let [technical, financial, security] = &account.contacts;
    let info = CompanyInformation {
        company_name: account.company_name.clone(),
        technical_contact: contact(technical),
        financial_contact: contact(financial),
        security_contact: contact(security),
    };
    reply::json(StatusCode::OK, &info)
}

/// Filters of the user list, as brand's published `Users` takes them:
/// `Name` (a case-insensitive part of the first, last or user name) and
/// `State` (`ACTIVE`, `PENDING`, `INVITED`).
const USER_FILTERS: [&str; 2] = ["Name", "State"];

/// `GET {root}/Users?Page=N&PageSize=M`: one page of the account's users
/// that pass the [`USER_FILTERS`], in impact.com's paging envelope, at the
/// same default page size as the token list.
/// The states a user may be in (the contract's enum for `State`).
const USER_STATES: [&str; 3] = ["ACTIVE", "PENDING", "INVITED"];

fn users(store: &Store, caller: &Caller, uri: &axum::http::Uri) -> Response {
    let request = match manage::PageRequest::parse(uri, store, &USER_FILTERS) {
        Ok(r) => r,
        Err(message) => return reply::error(StatusCode::BAD_REQUEST, message),
    };
    let mut name: Option<String> = None;
    let mut state: Option<String> = None;
    for (filter, value) in request.filters() {
        match filter {
            "Name" => name = Some(value.to_lowercase()),
            _ => {
                let wanted = value.to_ascii_uppercase();
                // The contract's enum: a state no user can be in is a
                // mistake to say, not an empty list.
                if !USER_STATES.contains(&wanted.as_str()) {
                    return reply::error(
                        StatusCode::BAD_REQUEST,
                        text::sandbox_bad_user_state(value, &USER_STATES),
                    );
                }
                state = Some(wanted);
            }
        }
    }
    // Users are never deleted: their place in the list is their key.
    let users: Vec<(u64, &crate::contract::User)> = store.accounts[caller.account]
        .users
        .iter()
        .zip(1..)
        .filter(|(u, _)| state.as_ref().is_none_or(|s| u.state == *s))
        .filter(|(u, _)| {
            name.as_ref().is_none_or(|n| {
                [&u.first_name, &u.last_name, &u.username]
                    .iter()
                    .any(|v| v.to_lowercase().contains(n.as_str()))
                    || format!("{} {}", u.first_name, u.last_name)
                        .to_lowercase()
                        .contains(n.as_str())
            })
        })
        .map(|(u, key)| (key, u))
        .collect();
    let (paging, users) = request.page(users);
    reply::json(
        StatusCode::OK,
        &UsersResponse {
            paging,
            users: users.into_iter().cloned().collect(),
        },
    )
}

/// `GET {root}/APIAccessTokens/Permissions`: whether the caller (a user;
/// tokens were refused above) may create and change tokens, by the rule
/// the writes apply ([`super::create::brand_role_required`]).
fn permissions(caller: &Caller) -> Response {
    let role = match &caller.principal {
        Principal::User { role } => Some(role.clone()),
        Principal::Token { .. } => None,
    };
    let can_change = super::create::brand_role_required(caller, "").is_ok();
    reply::json(
        StatusCode::OK,
        &crate::contract::Permissions { can_change, role },
    )
}

/// `GET {root}/APIAccessTokens/Scopes?ApiVersion=N`.
fn scopes(shared: &Shared, caller: &Caller, uri: &axum::http::Uri) -> Response {
    let doc = shared.catalog(caller.account_type).to_doc();
    let query: HashMap<String, String> = Query::try_from_uri(uri)
        .map(|Query(q)| q)
        .unwrap_or_default();
    let version = query
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("ApiVersion"))
        .map(|(_, v)| v.trim());
    match version {
        Some(v) if !v.is_empty() && !doc.api_versions.iter().any(|offered| offered == v) => {
            reply::fields(
                StatusCode::BAD_REQUEST,
                text::SANDBOX_VALIDATION_FAILED,
                vec![reply::field(Field::ApiVersion, text::unknown_version(v))],
            )
        }
        // Every version offers the same scopes in the bundled catalogs.
        _ => reply::json(StatusCode::OK, &doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_at_the_root() {
        let t = Target::parse("/Advertisers/IRX/APIAccessTokens/Scopes");
        assert_eq!(t.root, Some(("Advertisers", "IRX")));
        assert_eq!(t.route(&Method::GET), Some(Route::Scopes));
        assert_eq!(t.route(&Method::POST), None);
        assert!(t.is_contract_path());
        let t = Target::parse("/Advertisers/IRX/APIAccessTokens/T-1/Reset");
        assert_eq!(t.route(&Method::POST), Some(Route::Reset));
        assert_eq!(t.route(&Method::GET), None);
        assert!(t.is_contract_path());
        let t = Target::parse("/Advertisers/IRX/APIAccessTokens/T-1");
        assert_eq!(t.route(&Method::PUT), Some(Route::Update));
        assert_eq!(t.route(&Method::DELETE), Some(Route::Delete));
        assert_eq!(t.route(&Method::POST), None);
        assert!(t.is_contract_path());
        let t = Target::parse("/Advertisers/IRX/APIAccessTokens/Scopes");
        assert_eq!(t.route(&Method::PUT), None, "Scopes is no token Id");
        let t = Target::parse("/PageLoad");
        assert_eq!((t.root, t.rest.as_slice()), (None, ["PageLoad"].as_slice()));
        assert_eq!(Target::parse("/Banks/IRX/Users").route(&Method::GET), None);
    }

    #[test]
    fn accept_must_admit_json() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT, v.parse().unwrap());
            accepts_json(&h)
        };
        assert!(accepts_json(&HeaderMap::new()));
        assert!(with("application/json"));
        assert!(with("text/html, */*;q=0.1"));
        assert!(!with("application/xml"));
    }
}
