//! The token test's and `verify`'s call: one GET under the root with the
//! token's own credentials, read for what it proves. Not only its status:
//! whether the answer was the API's (JSON) at all, where a redirect (never
//! followed, see [`Client::new`]) pointed, and the rate-limit headers.

use reqwest::header::{CONTENT_TYPE, LOCATION};

use super::Client;
use crate::api::error::ApiError;
use crate::api::ratelimit::RateLimit;
use crate::contract::ErrorBody;

/// What one probe answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeAnswer {
    /// The full URL called (no credentials in it).
    pub url: String,
    /// The HTTP status.
    pub status: u16,
    /// The error envelope's `Message` (empty when there is none).
    pub message: String,
    /// The `Content-Type` header, as sent (empty when absent).
    pub content_type: String,
    /// Whether the body is JSON (an empty body is not).
    pub json: bool,
    /// Whether the body is empty (or only whitespace).
    pub empty: bool,
    /// A redirect's `Location`, as sent (not followed).
    pub location: Option<String>,
    /// The answer's rate-limit headers, either dialect.
    pub rate: RateLimit,
}

impl Client {
    /// `GET` any path under the root with this client's credentials (used
    /// to probe what a token may call), returning what the answer proves.
    pub async fn probe_answer(&self, rest: &str) -> Result<ProbeAnswer, ApiError> {
        // A probe sends the token's own credentials; its connection is not
        // kept either (see `create`).
        let req = self
            .request(reqwest::Method::GET, rest)
            .header(reqwest::header::CONNECTION, "close");
        let resp = self.send(req).await?;
        let header = |name| {
            resp.headers
                .get(name)
                .map(|v: &reqwest::header::HeaderValue| {
                    String::from_utf8_lossy(v.as_bytes()).into_owned()
                })
        };
        let message = match resp.status {
            200..=299 => String::new(),
            _ => serde_json::from_slice::<ErrorBody>(&resp.body)
                .map(|b| b.message)
                .unwrap_or_default(),
        };
        Ok(ProbeAnswer {
            url: self.url(rest),
            status: resp.status,
            message,
            content_type: header(CONTENT_TYPE).unwrap_or_default(),
            json: serde_json::from_slice::<serde::de::IgnoredAny>(&resp.body).is_ok(),
            empty: resp.body.iter().all(u8::is_ascii_whitespace),
            location: header(LOCATION),
            rate: RateLimit::from_headers(&resp.headers),
        })
    }
}
