//! Fault and latency injection: the failures a real network and server can
//! produce, on demand, so the client's handling of each can be tested.
//!
//! The grammar shared by `IMPACT_SANDBOX_FAULTS` and the admin endpoint is
//! described in the [module documentation](super).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::model::validate::{Field, NAME_MAX};
use crate::text;

use super::ratelimit;
use super::reply;
use super::state::Shared;

/// An endpoint of the contract, for aiming faults and latency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// `GET {root}/CompanyInformation`
    Company,
    /// `GET {root}/Users`
    Users,
    /// `GET {root}/APIAccessTokens/Scopes`
    Scopes,
    /// `GET {root}/APIAccessTokens`
    Tokens,
    /// `POST {root}/APIAccessTokens`
    Create,
    /// Every request, including the scoped-token endpoints that have no route
    /// of their own. A route's own faults are used before these.
    Any,
}

impl Route {
    /// Every route, in grammar order.
    pub const ALL: [Route; 6] = [
        Route::Company,
        Route::Users,
        Route::Scopes,
        Route::Tokens,
        Route::Create,
        Route::Any,
    ];

    /// The name used in `IMPACT_SANDBOX_FAULTS` and the admin endpoint.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Company => "company",
            Route::Users => "users",
            Route::Scopes => "scopes",
            Route::Tokens => "tokens",
            Route::Create => "create",
            Route::Any => "any",
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Route {
    type Err = String;
    fn from_str(s: &str) -> Result<Route, String> {
        Route::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown route '{s}' (company, users, scopes, tokens, create, any)")
            })
    }
}

/// A failure to produce instead of the normal answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// This status with the JSON error envelope (403 on create names the brand
    /// roles, 409 and 422 carry a `Name` field error, 429 the rate-limit headers).
    Status(u16),
    /// This status with an HTML page, as a proxy or load balancer sends.
    Html(u16),
    /// 200 with a body that is not valid JSON.
    Malformed,
    /// 200 with about 3 MiB of valid JSON, streamed without a length.
    Huge,
    /// Handle the request normally (a create commits its token), then close
    /// the connection without answering.
    DropAfterCommit,
    /// Send a 200 head and part of the body, then break the connection.
    ResetMidBody,
    /// Never answer (until shutdown), for client timeouts.
    Hang,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Status(code) => write!(f, "{code}"),
            Fault::Html(code) => write!(f, "html:{code}"),
            Fault::Malformed => f.write_str("malformed"),
            Fault::Huge => f.write_str("huge"),
            Fault::DropAfterCommit => f.write_str("drop"),
            Fault::ResetMidBody => f.write_str("reset"),
            Fault::Hang => f.write_str("hang"),
        }
    }
}

fn error_status(s: &str) -> Result<u16, String> {
    match s.trim().parse::<u16>() {
        Ok(code @ 400..=599) => Ok(code),
        _ => Err(format!("'{s}' is not an error status (400-599)")),
    }
}

impl FromStr for Fault {
    type Err = String;
    fn from_str(s: &str) -> Result<Fault, String> {
        let s = s.trim().to_ascii_lowercase();
        Ok(match s.as_str() {
            "malformed" => Fault::Malformed,
            "huge" => Fault::Huge,
            "drop" | "drop-after-commit" => Fault::DropAfterCommit,
            "reset" | "reset-mid-body" => Fault::ResetMidBody,
            "hang" => Fault::Hang,
            "html" => Fault::Html(502),
            _ => match s.strip_prefix("html:") {
                Some(code) => Fault::Html(error_status(code)?),
                None if s.starts_with(|c: char| c.is_ascii_digit()) => {
                    Fault::Status(error_status(&s)?)
                }
                None => {
                    return Err(format!(
                        "unknown fault '{s}' (a status 400-599, html[:status], malformed, huge, drop, reset, hang)"
                    ));
                }
            },
        })
    }
}

/// One entry of a fault spec: `route=fault*times`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultSpec {
    /// Where it applies.
    pub route: Route,
    /// What happens.
    pub fault: Fault,
    /// How many matching requests it affects; `usize::MAX` for `forever`.
    pub times: usize,
}

/// Parses `IMPACT_SANDBOX_FAULTS`, e.g. `create=500*2,users=404,scopes=html:502`.
/// Blank means no faults.
pub fn parse_fault_spec(spec: &str) -> Result<Vec<FaultSpec>, String> {
    spec.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (route, rest) = entry
                .split_once('=')
                .ok_or_else(|| format!("'{entry}' has no '='"))?;
            let (fault, times) = match rest.rsplit_once('*') {
                Some((fault, times)) => (fault, parse_times(times)?),
                None => (rest, 1),
            };
            Ok(FaultSpec {
                route: route.parse()?,
                fault: fault.parse()?,
                times,
            })
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(|e| text::sandbox_bad_fault_spec(&e))
}

fn parse_times(s: &str) -> Result<usize, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("forever") {
        return Ok(usize::MAX);
    }
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("'{s}' is not a count (1 or more, or forever)")),
    }
}

/// Pending faults and latencies per route.
#[derive(Default)]
pub(crate) struct FaultPlan {
    queues: HashMap<Route, VecDeque<(Fault, usize)>>,
    latency: HashMap<Route, Duration>,
}

impl FaultPlan {
    /// Queues a fault for the next `times` requests of a route, after those
    /// already queued there.
    pub fn inject(&mut self, route: Route, fault: Fault, times: usize) {
        if times > 0 {
            self.queues
                .entry(route)
                .or_default()
                .push_back((fault, times));
        }
    }

    /// Sets a route's delay; zero removes it.
    pub fn set_latency(&mut self, route: Route, delay: Duration) {
        if delay.is_zero() {
            self.latency.remove(&route);
        } else {
            self.latency.insert(route, delay);
        }
    }

    /// Drops every pending fault and latency.
    pub fn clear(&mut self) {
        *self = FaultPlan::default();
    }

    /// The delay before handling a request: its route's own, else `Any`'s.
    /// `route` is `None` for requests outside the five contract routes.
    pub fn latency(&self, route: Option<Route>) -> Duration {
        route
            .and_then(|r| self.latency.get(&r))
            .or_else(|| self.latency.get(&Route::Any))
            .copied()
            .unwrap_or_default()
    }

    /// Uses up the next fault for a request: its route's own first, else `Any`'s.
    pub fn take(&mut self, route: Option<Route>) -> Option<Fault> {
        route.into_iter().chain([Route::Any]).find_map(|r| {
            let queue = self.queues.get_mut(&r)?;
            let (fault, left) = queue.front_mut()?;
            let fault = *fault;
            // `forever` stays forever.
            if *left != usize::MAX {
                *left -= 1;
            }
            if *left == 0 {
                queue.pop_front();
            }
            Some(fault)
        })
    }

    /// Pending faults and latencies, for the admin endpoint's answer.
    fn summary(&self) -> (Vec<InjectDoc>, Vec<LatencyDoc>) {
        let mut faults = Vec::new();
        let mut latency = Vec::new();
        for route in Route::ALL {
            for (fault, times) in self.queues.get(&route).into_iter().flatten() {
                faults.push(InjectDoc {
                    route: route.to_string(),
                    fault: fault.to_string(),
                    times: Some(*times),
                });
            }
            if let Some(d) = self.latency.get(&route) {
                latency.push(LatencyDoc {
                    route: route.to_string(),
                    ms: d.as_millis() as u64,
                });
            }
        }
        (faults, latency)
    }
}

fn status_or_500(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The answer for a fault that replaces the normal answer entirely
/// (everything but `DropAfterCommit` and `Hang`).
pub(crate) fn respond(fault: Fault, route: Option<Route>, rate_limit: u32) -> Response {
    match fault {
        Fault::Status(code) => status_envelope(status_or_500(code), route, rate_limit),
        Fault::Html(code) => {
            let status = status_or_500(code);
            let reason = status.canonical_reason().unwrap_or("Error");
            let page = format!(
                "<!DOCTYPE html>\n<html><head><title>{code} {reason}</title></head>\n\
                 <body><center><h1>{code} {reason}</h1></center><hr><center>sandbox-proxy</center></body></html>\n"
            );
            Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                .body(Body::from(page))
                .expect("static response parts are valid")
        }
        Fault::Malformed => json_200(Body::from(
            r#"{"Status":"OK","Users":[{"Id":"I-1","FirstName":"#,
        )),
        Fault::Huge => json_200(huge_body()),
        Fault::ResetMidBody => json_200(reset_body()),
        // The caller handles these two; answering with nothing here would hide a bug.
        Fault::DropAfterCommit | Fault::Hang => {
            reply::error(StatusCode::INTERNAL_SERVER_ERROR, "unhandled fault")
        }
    }
}

fn status_envelope(status: StatusCode, route: Option<Route>, rate_limit: u32) -> Response {
    match status {
        StatusCode::UNAUTHORIZED => reply::error(status, text::SANDBOX_BAD_CREDENTIALS),
        StatusCode::FORBIDDEN if route == Some(Route::Create) => {
            reply::error(status, text::SANDBOX_BRAND_ROLE_REQUIRED)
        }
        StatusCode::CONFLICT => reply::fields(
            status,
            text::SANDBOX_NAME_CONFLICT,
            vec![reply::field(Field::Name, text::SANDBOX_NAME_TAKEN)],
        ),
        StatusCode::UNPROCESSABLE_ENTITY => reply::fields(
            status,
            text::SANDBOX_VALIDATION_FAILED,
            vec![reply::field(Field::Name, text::too_long(NAME_MAX))],
        ),
        StatusCode::TOO_MANY_REQUESTS => ratelimit::too_many(rate_limit, 0, 2),
        _ => {
            let reason = status.canonical_reason().unwrap_or("Error");
            reply::error(status, text::sandbox_injected_status(reason))
        }
    }
}

fn json_200(body: Body) -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .expect("static response parts are valid")
}

/// Size of the `Huge` body.
pub(crate) const HUGE_BYTES: usize = 3 * 1024 * 1024;

/// `{"Status":"OK","Padding":"xxxx…"}`, about 3 MiB, in 64 KiB chunks and with
/// no Content-Length, so only a client that caps what it reads is safe.
fn huge_body() -> Body {
    const CHUNK: usize = 64 * 1024;
    let head = Bytes::from_static(br#"{"Status":"OK","Padding":""#);
    let pad = Bytes::from(vec![b'x'; CHUNK]);
    let tail = Bytes::from_static(br#""}"#);
    let chunks = std::iter::once(head)
        .chain(std::iter::repeat_n(pad, HUGE_BYTES / CHUNK))
        .chain(std::iter::once(tail))
        .map(Ok::<_, std::io::Error>);
    Body::from_stream(futures_util::stream::iter(chunks))
}

/// Part of a body, then an I/O error, which makes hyper abort the connection.
/// The pause lets hyper flush the head and first chunk first; an error on
/// the very first poll would close the connection before anything is sent.
fn reset_body() -> Body {
    let stream = futures_util::stream::unfold(0u8, |step| async move {
        match step {
            0 => Some((
                Ok(Bytes::from_static(
                    br#"{"Users":[{"Id":"I-2000101","FirstName":"Al"#,
                )),
                1,
            )),
            1 => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                Some((Err(broken()), 2))
            }
            _ => None,
        }
    });
    Body::from_stream(stream)
}

fn broken() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "sandbox fault: connection reset",
    )
}

/// A response whose body fails on its first poll. hyper then closes the
/// connection before writing even the status line, so the client sees the
/// connection close with no answer at all.
pub(crate) fn dropped_connection() -> Response {
    let stream = futures_util::stream::once(async { Err::<Bytes, _>(broken()) });
    Response::new(Body::from_stream(stream))
}

/// Waits until the sandbox shuts down (or the client gives up, which drops
/// this future), then answers 503.
pub(crate) async fn hang(shared: &Shared) -> Response {
    let mut stop = shared.shutdown.subscribe();
    // An hour is "forever" for any client timeout worth testing.
    let _ =
        tokio::time::timeout(Duration::from_secs(3600), stop.wait_for(|stopped| *stopped)).await;
    reply::error(StatusCode::SERVICE_UNAVAILABLE, text::SANDBOX_SHUTTING_DOWN)
}

/// One fault in the admin endpoint's body and answer.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct InjectDoc {
    route: String,
    fault: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    times: Option<usize>,
}

/// One latency in the admin endpoint's body and answer.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct LatencyDoc {
    route: String,
    ms: u64,
}

/// Body of `POST /__sandbox/faults`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct AdminRequest {
    #[serde(default)]
    clear: bool,
    #[serde(default)]
    inject: Vec<InjectDoc>,
    #[serde(default)]
    latency: Vec<LatencyDoc>,
    #[serde(default)]
    rate_limit: Option<u32>,
}

/// Answer of `POST /__sandbox/faults`: what is now pending.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AdminState {
    status: &'static str,
    pending: Vec<InjectDoc>,
    latency: Vec<LatencyDoc>,
    rate_limit: u32,
}

/// `POST /__sandbox/faults`: changes the fault plan; no auth, sandbox only,
/// and only on a loopback bind (403 otherwise).
pub(crate) async fn admin(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if !shared.admin_open {
        return reply::error(StatusCode::FORBIDDEN, text::SANDBOX_ADMIN_LOOPBACK_ONLY);
    }
    let (parts, body) = request.into_parts();
    let body = match super::routes::read_body(&parts.headers, body, shared.limits.idle).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let request: AdminRequest = if body.iter().all(u8::is_ascii_whitespace) {
        AdminRequest::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(e) => {
                return reply::error(
                    StatusCode::BAD_REQUEST,
                    text::sandbox_bad_fault_spec(&e.to_string()),
                );
            }
        }
    };
    // Parse everything before changing anything, so a bad entry changes nothing.
    let parsed: Result<Vec<FaultSpec>, String> = request
        .inject
        .iter()
        .map(|i| {
            let times = match i.times {
                Some(0) => return Err(format!("Times must be 1 or more for {}", i.route)),
                Some(n) => n,
                None => 1,
            };
            Ok(FaultSpec {
                route: i.route.parse()?,
                fault: i.fault.parse()?,
                times,
            })
        })
        .collect();
    let latencies: Result<Vec<(Route, Duration)>, String> = request
        .latency
        .iter()
        .map(|l| Ok((l.route.parse()?, Duration::from_millis(l.ms))))
        .collect();
    let (specs, latencies) = match (parsed, latencies) {
        (Ok(s), Ok(l)) => (s, l),
        (Err(e), _) | (_, Err(e)) => {
            return reply::error(StatusCode::BAD_REQUEST, text::sandbox_bad_fault_spec(&e));
        }
    };
    let rate_limit = {
        let mut store = shared.store();
        if let Some(limit) = request.rate_limit {
            store.set_rate_limit(limit);
        }
        store.rate_limit
    };
    let mut plan = shared.faults();
    if request.clear {
        plan.clear();
    }
    for s in specs {
        plan.inject(s.route, s.fault, s.times);
    }
    for (route, d) in latencies {
        plan.set_latency(route, d);
    }
    let (pending, latency) = plan.summary();
    reply::json(
        StatusCode::OK,
        &AdminState {
            status: "OK",
            pending,
            latency,
            rate_limit,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_parses_and_prints_back() {
        let specs = parse_fault_spec(
            " create=500*2, users=404 ,scopes=html:502*forever,any=hang,tokens=drop",
        )
        .unwrap();
        assert_eq!(
            specs,
            [
                FaultSpec {
                    route: Route::Create,
                    fault: Fault::Status(500),
                    times: 2
                },
                FaultSpec {
                    route: Route::Users,
                    fault: Fault::Status(404),
                    times: 1
                },
                FaultSpec {
                    route: Route::Scopes,
                    fault: Fault::Html(502),
                    times: usize::MAX
                },
                FaultSpec {
                    route: Route::Any,
                    fault: Fault::Hang,
                    times: 1
                },
                FaultSpec {
                    route: Route::Tokens,
                    fault: Fault::DropAfterCommit,
                    times: 1
                },
            ]
        );
        for f in [
            Fault::Status(429),
            Fault::Html(503),
            Fault::Malformed,
            Fault::Huge,
            Fault::ResetMidBody,
        ] {
            assert_eq!(f.to_string().parse::<Fault>(), Ok(f));
        }
        assert!(parse_fault_spec("").unwrap().is_empty());
        for bad in [
            "create",
            "create=600",
            "create=200",
            "nowhere=500",
            "users=404*0",
            "users=teapot",
        ] {
            assert!(parse_fault_spec(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plan_uses_route_faults_before_any_and_counts_down() {
        let mut plan = FaultPlan::default();
        plan.inject(Route::Any, Fault::Malformed, 1);
        plan.inject(Route::Create, Fault::Status(500), 2);
        assert_eq!(plan.take(Some(Route::Create)), Some(Fault::Status(500)));
        assert_eq!(plan.take(Some(Route::Create)), Some(Fault::Status(500)));
        assert_eq!(plan.take(Some(Route::Create)), Some(Fault::Malformed));
        assert_eq!(plan.take(Some(Route::Create)), None);
        plan.inject(Route::Users, Fault::Hang, usize::MAX);
        for _ in 0..3 {
            assert_eq!(plan.take(Some(Route::Users)), Some(Fault::Hang));
        }
        plan.set_latency(Route::Any, Duration::from_millis(5));
        plan.set_latency(Route::Users, Duration::from_millis(9));
        assert_eq!(plan.latency(Some(Route::Users)), Duration::from_millis(9));
        assert_eq!(plan.latency(None), Duration::from_millis(5));
    }
}
