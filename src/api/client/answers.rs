//! Reading an answer: capped bodies, JSON, and statuses and transport
//! failures mapped to [`ApiError`].

use reqwest::header::{CONTENT_TYPE, HeaderMap, LOCATION};
use serde::de::DeserializeOwned;

use crate::api::error::{ApiError, TlsProblem};
use crate::api::ratelimit::RateLimit;
use crate::contract::ErrorBody;

pub(super) struct Response {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: zeroize::Zeroizing<Vec<u8>>,
}

impl Response {
    pub(super) fn json<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        if !(200..300).contains(&self.status) {
            return Err(self.error());
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            if is_html(&self.headers, &self.body) {
                ApiError::HtmlPage
            } else {
                ApiError::BadBody {
                    detail: e.to_string(),
                }
            }
        })
    }

    /// One token; its revision from the `ETag` header when the body has
    /// none (a server may send only the header).
    pub(super) fn token(self) -> Result<crate::contract::Token, ApiError> {
        let tag = self
            .headers
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().strip_prefix('"')?.strip_suffix('"'))
            .map(str::to_string);
        let mut token: crate::contract::Token = self.json()?;
        if token.revision.is_empty()
            && let Some(tag) = tag
        {
            token.revision = tag;
        }
        Ok(token)
    }

    pub(super) fn error(&self) -> ApiError {
        if (300..400).contains(&self.status) {
            // Redirects are not followed (see `Client::new`): say where to.
            let to = self
                .headers
                .get(LOCATION)
                .map(|v| String::from_utf8_lossy(v.as_bytes()));
            return ApiError::Server {
                status: self.status,
                message: crate::text::redirect_not_followed(to.as_deref().unwrap_or("")),
            };
        }
        // Either dialect, either Reset form, and Retry-After.
        let rate = RateLimit::from_headers(&self.headers);
        map_status(self.status, &self.body, rate.wait_secs(), rate.limit)
    }
}

/// Whether an answer is a web page: said so by its Content-Type, or it
/// starts like one.
fn is_html(headers: &HeaderMap, body: &[u8]) -> bool {
    let declared = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("text/html"));
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    declared || start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

pub(super) fn not_found() -> ApiError {
    ApiError::NotFound {
        message: String::new(),
    }
}

/// Maps a non-success answer to an [`ApiError`], reading the error envelope
/// when the body is one and summarising it when it is not (a proxy's HTML page).
pub fn map_status(status: u16, body: &[u8], reset: Option<u64>, limit: Option<u64>) -> ApiError {
    let envelope: Option<ErrorBody> = serde_json::from_slice(body).ok();
    let message = match &envelope {
        Some(e) if !e.message.is_empty() => crate::text::inert(&e.message),
        _ => crate::text::non_json_body(body),
    };
    let errors = envelope.map(|e| e.errors).unwrap_or_default();
    match status {
        401 => ApiError::Unauthorized { message },
        403 => ApiError::Forbidden { message },
        404 => ApiError::NotFound { message },
        409 => ApiError::Conflict { message, errors },
        412 => ApiError::PreconditionFailed { message },
        428 => ApiError::PreconditionRequired { message },
        400 | 422 => ApiError::Invalid {
            status,
            message,
            errors,
        },
        429 => ApiError::RateLimited {
            reset_secs: reset.unwrap_or(60),
            limit,
            message,
        },
        _ => ApiError::Server { status, message },
    }
}

pub(super) fn classify(e: reqwest::Error) -> ApiError {
    // The source chain holds the useful part (e.g. "connection refused").
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if let Some(problem) = tls_problem(&e) {
        return ApiError::Tls { problem, detail };
    }
    if e.is_timeout() {
        ApiError::Timeout
    } else if e.is_connect() {
        ApiError::Connect { detail }
    } else {
        ApiError::Interrupted { detail }
    }
}

/// Finds a rustls error in an error's source chain and says what it means.
/// `std::io::Error` hides its inner error from `source()`, so each I/O
/// error on the way is opened with `get_ref`.
pub fn tls_problem(e: &(dyn std::error::Error + 'static)) -> Option<TlsProblem> {
    use rustls::CertificateError as C;
    let mut next = Some(e);
    while let Some(err) = next {
        let tls = err.downcast_ref::<rustls::Error>().or_else(|| {
            err.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(tls) = tls {
            return Some(match tls {
                rustls::Error::InvalidCertificate(c) => match c {
                    C::UnknownIssuer | C::BadSignature | C::UnhandledCriticalExtension => {
                        TlsProblem::Untrusted
                    }
                    C::NotValidForName | C::NotValidForNameContext { .. } => TlsProblem::WrongHost,
                    C::Expired
                    | C::ExpiredContext { .. }
                    | C::NotValidYet
                    | C::NotValidYetContext { .. } => TlsProblem::Expired,
                    _ => TlsProblem::Untrusted,
                },
                // Bytes that are no TLS record: a plain-HTTP server answered.
                rustls::Error::InvalidMessage(_)
                | rustls::Error::InappropriateMessage { .. }
                | rustls::Error::InappropriateHandshakeMessage { .. } => TlsProblem::NotTls,
                _ => TlsProblem::Other,
            });
        }
        next = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|inner| inner as &(dyn std::error::Error + 'static))
            .or_else(|| err.source());
    }
    None
}
