//! Per-account request budget, like impact.com's: a fixed window of one hour,
//! 1,000 requests by default, a 429 with three headers once spent.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use crate::contract::{RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET};
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

    /// The refusal `hit` would give now, without counting anything.
    pub fn exceeded(&self, limit: u32, now: Instant) -> Option<Exceeded> {
        let mut probe = RateWindow {
            started: self.started,
            used: self.used,
        };
        probe.hit(limit, now).err()
    }

    /// Counts one event, starting a new window if the last one is over.
    pub fn count(&mut self, now: Instant) {
        let _ = self.hit(u32::MAX, now);
    }

    /// Whether the window is over, so forgetting it changes nothing.
    fn expired(&self, now: Instant) -> bool {
        now.duration_since(self.started) >= WINDOW
    }
}

/// Failed logins by client address, one window each, so guessing credentials
/// runs into 429 like any other overuse.
#[derive(Default)]
pub(crate) struct FailedLogins {
    by_client: HashMap<IpAddr, RateWindow>,
}

/// Above this many addresses, expired windows are dropped before adding one.
const FAILED_LOGIN_CLIENTS: usize = 4096;

impl FailedLogins {
    /// The refusal for a client that has used up its failed logins.
    pub fn exceeded(&self, client: IpAddr, limit: u32, now: Instant) -> Option<Exceeded> {
        self.by_client.get(&client)?.exceeded(limit, now)
    }

    /// Counts one failed login of a client.
    pub fn record(&mut self, client: IpAddr, now: Instant) {
        if self.by_client.len() >= FAILED_LOGIN_CLIENTS && !self.by_client.contains_key(&client) {
            self.by_client.retain(|_, w| !w.expired(now));
        }
        self.by_client
            .entry(client)
            .or_insert_with(|| RateWindow {
                started: now,
                used: 0,
            })
            .count(now);
    }
}

/// A 429 with the envelope and the three rate-limit headers.
pub(crate) fn too_many(limit: u32, remaining: u32, reset_secs: u64) -> Response {
    too_many_because(text::SANDBOX_RATE_LIMITED, limit, remaining, reset_secs)
}

/// A 429 like [`too_many`], with its own message.
pub(crate) fn too_many_because(
    message: &str,
    limit: u32,
    remaining: u32,
    reset_secs: u64,
) -> Response {
    let mut response = reply::error(StatusCode::TOO_MANY_REQUESTS, message);
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

    #[test]
    fn failed_logins_count_per_client_then_refuse_until_the_window_ends() {
        let mut f = FailedLogins::default();
        let t0 = Instant::now();
        let (a, b): (IpAddr, IpAddr) = ("127.0.0.1".parse().unwrap(), "::1".parse().unwrap());
        for _ in 0..3 {
            assert_eq!(f.exceeded(a, 3, t0), None);
            f.record(a, t0);
        }
        let e = f.exceeded(a, 3, t0 + Duration::from_secs(1)).unwrap();
        assert_eq!((e.limit, e.reset_secs), (3, 3599));
        assert_eq!(f.exceeded(b, 3, t0), None, "per client");
        assert_eq!(f.exceeded(a, 3, t0 + WINDOW), None, "the window ends");
    }
}
