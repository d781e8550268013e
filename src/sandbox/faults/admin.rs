//! `POST /__sandbox/faults`: the admin endpoint that changes the fault plan
//! the rate limit and the token list's default page size over HTTP (loopback binds only).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::text;

use super::super::manage::MAX_PAGE_SIZE;
use super::super::reply;
use super::super::state::Shared;
use super::grammar::{FaultSpec, Route};
use super::plan::FaultPlan;

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
    #[serde(default)]
    page_size: Option<usize>,
}

/// Answer of `POST /__sandbox/faults`: what is now pending.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AdminState {
    status: &'static str,
    pending: Vec<InjectDoc>,
    latency: Vec<LatencyDoc>,
    rate_limit: u32,
    page_size: usize,
}

/// `POST /__sandbox/faults`: changes the fault plan; no auth, sandbox only,
/// and only on a loopback bind (403 otherwise).
pub(crate) async fn admin(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if !shared.admin_open {
        return reply::error(StatusCode::FORBIDDEN, text::SANDBOX_ADMIN_LOOPBACK_ONLY);
    }
    let (parts, body) = request.into_parts();
    let body = match super::super::routes::read_body(&parts.headers, body, shared.limits.idle).await
    {
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
    if let Some(size) = request.page_size
        && !(1..=MAX_PAGE_SIZE).contains(&size)
    {
        return reply::error(
            StatusCode::BAD_REQUEST,
            text::sandbox_bad_fault_spec(&format!("PageSize must be 1 to {MAX_PAGE_SIZE}")),
        );
    }
    let (rate_limit, page_size) = {
        let mut store = shared.store();
        if let Some(limit) = request.rate_limit {
            store.set_rate_limit(limit);
        }
        if let Some(size) = request.page_size {
            store.page_size = size;
        }
        (store.rate_limit, store.page_size)
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
    let (pending, latency) = summary(&plan);
    reply::json(
        StatusCode::OK,
        &AdminState {
            status: "OK",
            pending,
            latency,
            rate_limit,
            page_size,
        },
    )
}

/// Pending faults and latencies, for the answer.
fn summary(plan: &FaultPlan) -> (Vec<InjectDoc>, Vec<LatencyDoc>) {
    let faults = plan
        .pending()
        .into_iter()
        .map(|(route, fault, times)| InjectDoc {
            route: route.to_string(),
            fault: fault.to_string(),
            times: Some(times),
        })
        .collect();
    let latency = plan
        .latencies()
        .into_iter()
        .map(|(route, d)| LatencyDoc {
            route: route.to_string(),
            ms: d.as_millis() as u64,
        })
        .collect();
    (faults, latency)
}
