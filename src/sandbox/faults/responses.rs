//! What a fault answers instead of the normal answer: error envelopes, HTML
//! pages, broken and oversized bodies, dropped connections and hangs.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::Response;

use crate::model::validate::{Field, NAME_MAX};
use crate::text;

use super::super::ratelimit;
use super::super::reply;
use super::super::state::Shared;
use super::grammar::{Fault, Route};

fn status_or_500(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The answer for a fault that replaces the normal answer entirely
/// (everything but `DropAfterCommit` and `Hang`).
pub(crate) fn respond(
    fault: Fault,
    route: Option<Route>,
    rate_limit: u32,
    style: ratelimit::RateStyle,
) -> Response {
    match fault {
        Fault::Status(code) => status_envelope(status_or_500(code), route, rate_limit, style),
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

fn status_envelope(
    status: StatusCode,
    route: Option<Route>,
    rate_limit: u32,
    style: ratelimit::RateStyle,
) -> Response {
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
        StatusCode::TOO_MANY_REQUESTS => ratelimit::too_many(style, rate_limit, 0, 2),
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
