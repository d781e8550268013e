//! impact.com's rate-limit headers, in both of its dialects, read by one
//! parser:
//! - brand (and agency): `X-RateLimit-Limit`, `X-RateLimit-Remaining`,
//!   `X-RateLimit-Reset`;
//! - partner: `X-RateLimit-Limit-hour`, `X-RateLimit-Remaining-hour`,
//!   `RateLimit-Reset`, and `Retry-After` on a 429.
//!
//! A Reset is documented as seconds, but the reference's example is a Unix
//! timestamp: a value above 10^9 is read as a timestamp. `Retry-After` is
//! seconds or an HTTP date.

use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

use crate::contract::{
    RATE_LIMIT_LIMIT, RATE_LIMIT_LIMIT_HOUR, RATE_LIMIT_REMAINING, RATE_LIMIT_REMAINING_HOUR,
    RATE_LIMIT_RESET, RATELIMIT_RESET, RESET_TIMESTAMP_ABOVE, RETRY_AFTER,
};
use crate::model::tokens::days_from_civil;

/// What an answer said about the account's request budget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// Seconds until the window resets (a timestamp already turned into seconds).
    pub reset_secs: Option<u64>,
    /// `Retry-After`, in seconds.
    pub retry_after_secs: Option<u64>,
}

impl RateLimit {
    /// Reads either dialect from `headers` (names are case-insensitive).
    pub fn from_headers(headers: &HeaderMap) -> RateLimit {
        RateLimit::read(
            |name| headers.get(name).and_then(|v| v.to_str().ok()),
            unix_now(),
        )
    }

    /// Reads either dialect through `header` (a lookup by name), at the
    /// Unix time `now`; the brand name wins when both are sent.
    pub fn read<'h>(header: impl Fn(&str) -> Option<&'h str>, now: u64) -> RateLimit {
        let number = |names: [&str; 2]| {
            names
                .into_iter()
                .find_map(|n| header(n).and_then(|v| v.trim().parse::<u64>().ok()))
        };
        RateLimit {
            limit: number([RATE_LIMIT_LIMIT, RATE_LIMIT_LIMIT_HOUR]),
            remaining: number([RATE_LIMIT_REMAINING, RATE_LIMIT_REMAINING_HOUR]),
            reset_secs: [RATE_LIMIT_RESET, RATELIMIT_RESET]
                .into_iter()
                .find_map(|n| header(n).and_then(|v| reset_secs(v, now))),
            retry_after_secs: header(RETRY_AFTER).and_then(|v| retry_after_secs(v, now)),
        }
    }

    /// How long to wait before trying again: the later of the Reset and
    /// `Retry-After`, so that a retry never comes early; `None` when
    /// neither was sent.
    pub fn wait_secs(&self) -> Option<u64> {
        match (self.reset_secs, self.retry_after_secs) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether fewer than 10% of the window's requests remain.
    pub fn is_low(&self) -> bool {
        match (self.limit, self.remaining) {
            (Some(limit), Some(remaining)) if limit > 0 => remaining.saturating_mul(10) < limit,
            _ => false,
        }
    }
}

/// A Reset value as seconds from `now`: a number above 10^9 is a Unix
/// timestamp (one in the past is 0 seconds), anything else seconds.
pub fn reset_secs(value: &str, now: u64) -> Option<u64> {
    let n = value.trim().parse::<u64>().ok()?;
    Some(if n > RESET_TIMESTAMP_ABOVE {
        n.saturating_sub(now)
    } else {
        n
    })
}

/// A `Retry-After` value as seconds from `now`: delay-seconds, or an HTTP
/// date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn retry_after_secs(value: &str, now: u64) -> Option<u64> {
    let value = value.trim();
    match value.parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) => http_date(value).map(|t| t.saturating_sub(now)),
    }
}

/// An IMF-fixdate (RFC 9110's preferred HTTP date) as a Unix time.
fn http_date(value: &str) -> Option<u64> {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let rest = value.split_once(", ")?.1;
    let parts: Vec<&str> = rest.split_ascii_whitespace().collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let day: i64 = day.parse().ok()?;
    let year: i64 = year.parse().ok()?;
    let hms: Vec<u64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    if !(1..=31).contains(&day) || *h > 23 || *m > 59 || *s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    u64::try_from(days)
        .ok()
        .map(|d| d * 86_400 + h * 3600 + m * 60 + s)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z

    fn read(pairs: &[(&str, &str)]) -> RateLimit {
        RateLimit::read(
            |name| {
                pairs
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| *v)
            },
            NOW,
        )
    }

    #[test]
    fn brand_dialect_with_reset_in_seconds() {
        let r = read(&[
            ("X-RateLimit-Limit", "1000"),
            ("X-RateLimit-Remaining", "99"),
            ("X-RateLimit-Reset", "1800"),
        ]);
        assert_eq!(
            r,
            RateLimit {
                limit: Some(1000),
                remaining: Some(99),
                reset_secs: Some(1800),
                retry_after_secs: None,
            }
        );
        assert!(r.is_low(), "99 of 1000 is under 10%");
        assert_eq!(r.wait_secs(), Some(1800));
    }

    #[test]
    fn brand_dialect_with_reset_as_a_timestamp() {
        let r = read(&[
            ("x-ratelimit-limit", "1000"),
            ("x-ratelimit-remaining", "100"),
            ("x-ratelimit-reset", &(NOW + 42).to_string()),
        ]);
        assert_eq!(r.reset_secs, Some(42));
        assert!(!r.is_low(), "exactly 10% is not fewer than 10%");
        let past = read(&[("X-RateLimit-Reset", &(NOW - 5).to_string())]);
        assert_eq!(past.reset_secs, Some(0), "a timestamp in the past");
        let edge = read(&[("X-RateLimit-Reset", "1000000000")]);
        assert_eq!(
            edge.reset_secs,
            Some(1_000_000_000),
            "10^9 itself is seconds"
        );
    }

    #[test]
    fn partner_dialect_with_both_reset_forms_and_retry_after() {
        let r = read(&[
            ("X-RateLimit-Limit-hour", "500"),
            ("X-RateLimit-Remaining-hour", "0"),
            ("RateLimit-Reset", "120"),
            ("Retry-After", "150"),
        ]);
        assert_eq!(
            (r.limit, r.remaining, r.reset_secs, r.retry_after_secs),
            (Some(500), Some(0), Some(120), Some(150))
        );
        assert_eq!(r.wait_secs(), Some(150), "the later of the two");
        assert!(r.is_low());
        let r = read(&[("RateLimit-Reset", &(NOW + 7).to_string())]);
        assert_eq!(r.wait_secs(), Some(7));
        let r = read(&[("Retry-After", "Thu, 01 Jan 2026 00:01:00 GMT")]);
        assert_eq!(r.retry_after_secs, Some(60), "an HTTP date");
    }

    #[test]
    fn missing_or_garbled_values_are_none() {
        assert_eq!(read(&[]), RateLimit::default());
        let r = read(&[
            ("X-RateLimit-Limit", "lots"),
            ("X-RateLimit-Remaining", "-1"),
            ("X-RateLimit-Reset", ""),
            ("Retry-After", "Someday, 99 Foo 2026 25:00:00 GMT"),
        ]);
        assert_eq!(r, RateLimit::default());
        assert!(!r.is_low());
        assert!(!read(&[("X-RateLimit-Limit", "0"), ("X-RateLimit-Remaining", "0")]).is_low());
    }

    #[test]
    fn http_dates_convert_to_unix_time() {
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 UTC"), None);
    }
}
