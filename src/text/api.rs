//! Wording of API errors and of the network.

use super::*;

// ----- API errors -----

/// A short, inert summary of a body that is not the JSON error envelope,
/// such as a proxy's HTML error page.
pub fn non_json_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let lower = text.to_ascii_lowercase();
    let summary = match (lower.find("<title>"), lower.find("</title>")) {
        (Some(a), Some(b)) if b > a + 7 => text[a + 7..b].trim().to_string(),
        _ if text.trim().is_empty() => "no details".to_string(),
        _ => {
            let mut s: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if s.chars().count() > 80 {
                s = s.chars().take(79).collect::<String>() + "…";
            }
            format!("unexpected answer: {s}")
        }
    };
    inert(&summary)
}

/// A job arrived before the connection was set up.
pub const NOT_CONNECTED: &str = "not connected yet";

/// A redirect the client did not follow, with its `Location` (from the
/// server: made inert).
pub fn redirect_not_followed(location: &str) -> String {
    if location.is_empty() {
        "a redirect without a Location, not followed: is --api-url right?".to_string()
    } else {
        format!(
            "a redirect to {}, not followed: is --api-url right?",
            inert(location)
        )
    }
}
/// A 200 answer that is a web page: the URL likely names a web site, not the API.
pub const HTML_NOT_JSON: &str =
    "the server answered with an HTML page, not JSON: is --api-url right?";

/// A local wall-clock time `secs` from now, as HH:MM:SS (the local time
/// zone, from the C library, so no time-zone data is bundled).
pub fn local_clock_in(secs: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let t = now.saturating_add(secs).min(i64::MAX as u64) as libc::time_t;
    // SAFETY: localtime_r only writes the `tm` we own and reads `t`;
    // a null result (out-of-range time) is checked.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = !unsafe { libc::localtime_r(&t, &mut tm) }.is_null();
    let (h, m, s) = if ok {
        (tm.tm_hour, tm.tm_min, tm.tm_sec)
    } else {
        let day = (t as u64 % 86_400) as i32; // UTC as a last resort
        (day / 3600, day / 60 % 60, day % 60)
    };
    format!("{h:02}:{m:02}:{s:02}")
}

/// A background load failed and is retried.
pub fn load_failed(load: impl std::fmt::Display, reason: &str) -> String {
    format!("{load} failed: {reason}")
}
/// Shown where the contacts would be, after a failed connection.
pub fn not_connected_because(reason: &str) -> String {
    format!("Not connected: {reason}")
}
/// Appended to a load failure: how to try again, with the retry key.
pub fn with_retry_hint(message: &str, key: &str) -> String {
    format!("{message} · {key} retries")
}
/// After Ctrl-R.
pub const RETRYING_LOADS: &str = "Trying again…";

/// Singular or plural.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// A token list's `@nextpageuri` pointed outside this account's token list.
pub fn api_next_page_elsewhere(uri: &str) -> String {
    format!(
        "the server's next-page link '{}' leaves this account's list; it was not followed, \
         so the credentials were not sent there",
        inert(uri)
    )
}
/// A list with more pages than the client reads.
pub fn api_too_many_pages(max: usize) -> String {
    format!("the list has more than {max} pages; the rest was not read")
}
/// A list's `@nextpageuri` named a page this walk had already read.
pub fn api_page_repeated(uri: &str) -> String {
    format!(
        "the server's next-page link '{}' names a page already read; the list was not read \
         again (the server's paging is broken)",
        inert(uri)
    )
}
/// An Id that cannot name a token (empty, a dot segment, control characters).
pub fn api_bad_token_id(id: &str) -> String {
    format!("'{}' is not a token Id", inert(id))
}

/// A change refused because the token changed since it was read (412).
pub const API_CHANGED_MEANWHILE: &str = "The token changed since it was read (another admin or \
    another command changed it): nothing was done. Read it again, then repeat the change";

/// A 428: the server wants a precondition.
pub const API_PRECONDITION_REQUIRED: &str =
    "The server requires If-Match (the token's revision) for this change (428)";

/// A change whose every answer was lost, and whose outcome a new read could
/// not tell. `changed`: the token shows a change since it was read.
pub fn api_outcome_unknown(why: &str, key: &str, changed: bool) -> String {
    let state = if changed {
        "The token has changed since it was read, so the change may have been made"
    } else {
        "The change may or may not have been made"
    };
    format!(
        "The answer was lost ({why}). {state}. Repeat it with Idempotency-Key {key}: \
         the server then answers as it did the first time, or makes the change once"
    )
}

/// A probe's answer that is not the API's JSON: no evidence of what the
/// token may call.
pub const NOT_JSON: &str =
    "the answer is not JSON, so it says nothing about what the token may call";
