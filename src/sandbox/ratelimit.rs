//! Per-account request budget, like impact.com's: a fixed window of one hour,
//! 1,000 requests by default, a 429 once spent. Every answer to an account's
//! credentials carries the budget's headers in its account type's dialect
//! ([`Dialect`]): brand's (agencies too) `X-RateLimit-Limit`,
//! `X-RateLimit-Remaining`, `X-RateLimit-Reset`, or partner's
//! `X-RateLimit-Limit-hour`, `X-RateLimit-Remaining-hour`, `RateLimit-Reset`
//! plus `Retry-After` on a 429. The Reset is seconds, or a Unix timestamp
//! when the sandbox is told so ([`RateStyle::timestamp`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use crate::contract::{
    RATE_LIMIT_LIMIT, RATE_LIMIT_LIMIT_HOUR, RATE_LIMIT_REMAINING, RATE_LIMIT_REMAINING_HOUR,
    RATE_LIMIT_RESET, RATELIMIT_RESET, RETRY_AFTER,
};
use crate::model::account::AccountType;
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

    /// Requests left in the window after those counted, under `limit`.
    pub fn remaining(&self, limit: u32) -> u32 {
        limit.saturating_sub(self.used)
    }

    /// Whole seconds until the window resets, at least 1.
    pub fn reset_secs(&self, now: Instant) -> u64 {
        let left = WINDOW.saturating_sub(now.duration_since(self.started));
        (left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1)
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

/// Which names the rate-limit headers have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`.
    Brand,
    /// `X-RateLimit-Limit-hour`, `X-RateLimit-Remaining-hour`,
    /// `RateLimit-Reset`, and `Retry-After` on a 429.
    Partner,
}

impl Dialect {
    /// The dialect of an account type: partner's for partners, brand's
    /// for brands and agencies.
    pub fn of(account_type: AccountType) -> Dialect {
        match account_type {
            AccountType::Partner => Dialect::Partner,
            AccountType::Brand | AccountType::Agency => Dialect::Brand,
        }
    }
}

/// How the rate-limit headers of one answer are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RateStyle {
    /// Header names.
    pub dialect: Dialect,
    /// Reset as a Unix timestamp rather than seconds.
    pub timestamp: bool,
}

/// A budget as the headers state it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Budget {
    pub limit: u32,
    pub remaining: u32,
    pub reset_secs: u64,
}

/// Writes a budget's headers onto an answer, in `style`; a 429 in the
/// partner dialect also gets `Retry-After` (always seconds).
pub(crate) fn stamp(response: &mut Response, style: RateStyle, budget: Budget) {
    let reset = if style.timestamp {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
            + budget.reset_secs
    } else {
        budget.reset_secs
    };
    let too_many = response.status() == StatusCode::TOO_MANY_REQUESTS;
    let headers = response.headers_mut();
    let names = match style.dialect {
        Dialect::Brand => [RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET],
        Dialect::Partner => [
            RATE_LIMIT_LIMIT_HOUR,
            RATE_LIMIT_REMAINING_HOUR,
            RATELIMIT_RESET,
        ],
    };
    headers.insert(names[0], HeaderValue::from(budget.limit));
    headers.insert(names[1], HeaderValue::from(budget.remaining));
    headers.insert(names[2], HeaderValue::from(reset));
    if style.dialect == Dialect::Partner && too_many {
        headers.insert(RETRY_AFTER, HeaderValue::from(budget.reset_secs));
    }
}

/// A 429 with the envelope and the rate-limit headers.
pub(crate) fn too_many(style: RateStyle, limit: u32, remaining: u32, reset_secs: u64) -> Response {
    too_many_because(
        text::SANDBOX_RATE_LIMITED,
        style,
        limit,
        remaining,
        reset_secs,
    )
}

/// A 429 like [`too_many`], with its own message.
pub(crate) fn too_many_because(
    message: &str,
    style: RateStyle,
    limit: u32,
    remaining: u32,
    reset_secs: u64,
) -> Response {
    let mut response = reply::error(StatusCode::TOO_MANY_REQUESTS, message);
    let budget = Budget {
        limit,
        remaining,
        reset_secs,
    };
    stamp(&mut response, style, budget);
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
    fn headers_follow_the_dialect_and_the_reset_form() {
        let budget = Budget {
            limit: 10,
            remaining: 0,
            reset_secs: 30,
        };
        let style = |dialect, timestamp| RateStyle { dialect, timestamp };
        let r = too_many(style(Dialect::Brand, false), 10, 0, 30);
        assert_eq!(r.headers()[RATE_LIMIT_RESET], "30");
        assert!(!r.headers().contains_key(RETRY_AFTER));
        assert!(!r.headers().contains_key(RATE_LIMIT_LIMIT_HOUR));
        let r = too_many(style(Dialect::Partner, true), 10, 0, 30);
        assert_eq!(r.headers()[RATE_LIMIT_LIMIT_HOUR], "10");
        assert_eq!(r.headers()[RETRY_AFTER], "30");
        let reset: u64 = r.headers()[RATELIMIT_RESET]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(reset > 1_000_000_000, "a timestamp: {reset}");
        assert!(!r.headers().contains_key(RATE_LIMIT_LIMIT));
        let mut ok = reply::json(StatusCode::OK, &serde_json::json!({}));
        stamp(&mut ok, style(Dialect::Partner, false), budget);
        assert!(!ok.headers().contains_key(RETRY_AFTER), "only on a 429");
        assert_eq!(Dialect::of(AccountType::Agency), Dialect::Brand);
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
