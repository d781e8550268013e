//! Per-account request budget, like impact.com's: a fixed window of one hour,
//! 1,000 requests by default, a 429 with three headers once spent.

use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use crate::api::contract::{RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET};
use crate::text;

use super::reply;

/// Requests per account per window unless changed with `set_rate_limit`.
pub(crate) const DEFAULT_LIMIT: u32 = 1000;
/// Length of a window.
pub(crate) const WINDOW: Duration = Duration::from_secs(3600);

/// Requests counted in the current window of one account.
pub(crate) struct RateWindow {
    started: Instant,
    used: u32,
}

/// The budget is spent.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Exceeded {
    pub limit: u32,
    /// Whole seconds until the window resets, at least 1.
    pub reset_secs: u64,
}

impl RateWindow {
    /// An unused window starting now.
    pub fn new() -> RateWindow {
        RateWindow {
            started: Instant::now(),
            used: 0,
        }
    }

    /// Counts one request, or refuses it once `limit` were counted.
    pub fn hit(&mut self, limit: u32, now: Instant) -> Result<(), Exceeded> {
        if now.duration_since(self.started) >= WINDOW {
            *self = RateWindow {
                started: now,
                used: 0,
            };
        }
        if self.used >= limit {
            let left = WINDOW.saturating_sub(now.duration_since(self.started));
            // Round up: "0 seconds" would invite an immediate retry that fails.
            let reset_secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            return Err(Exceeded {
                limit,
                reset_secs: reset_secs.max(1),
            });
        }
        self.used += 1;
        Ok(())
    }
}

/// A 429 with the envelope and the three rate-limit headers.
pub(crate) fn too_many(limit: u32, remaining: u32, reset_secs: u64) -> Response {
    let mut response = reply::error(StatusCode::TOO_MANY_REQUESTS, text::SANDBOX_RATE_LIMITED);
    let headers = response.headers_mut();
    headers.insert(RATE_LIMIT_LIMIT, HeaderValue::from(limit));
    headers.insert(RATE_LIMIT_REMAINING, HeaderValue::from(remaining));
    headers.insert(RATE_LIMIT_RESET, HeaderValue::from(reset_secs));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_counts_then_refuses_then_resets() {
        let mut w = RateWindow::new();
        let t0 = w.started;
        assert!(w.hit(2, t0).is_ok());
        assert!(w.hit(2, t0).is_ok());
        let e = w.hit(2, t0 + Duration::from_millis(500)).unwrap_err();
        assert_eq!(
            e,
            Exceeded {
                limit: 2,
                reset_secs: 3600
            }
        );
        assert!(w.hit(2, t0 + WINDOW).is_ok(), "a new window starts");
    }
}
