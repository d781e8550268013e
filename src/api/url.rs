//! Which API URLs the client may use. Checked before any client exists, so a
//! refused URL is never connected to; the command line, profiles and the
//! first-run profile form all ask this one function.

use crate::text;

/// Checks an API URL: it must parse, be http or https, name a host, and
/// carry no credentials, query or fragment. Plain http is refused for a host
/// that is not this machine (it would carry the Basic credentials in clear)
/// unless `allow_insecure_http`; loopback (127.0.0.0/8, ::1, `localhost`)
/// may use http. `Err` holds the message for the user.
pub fn check(url: &str, allow_insecure_http: bool) -> Result<(), String> {
    let bad = |why: &str| text::bad_api_url(url, why);
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| bad(&e.to_string()))?;
    let scheme = parsed.scheme();
    if scheme != "https" && scheme != "http" {
        return Err(bad(&format!("scheme {scheme}: is not http or https")));
    }
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else {
        return Err(bad("no host"));
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("credentials in the URL are not allowed"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("a query or fragment is not allowed"));
    }
    if scheme == "http" && !is_loopback(host) && !allow_insecure_http {
        return Err(text::insecure_api_url(url));
    }
    Ok(())
}

/// Whether a URL is plain http to this machine (the sandbox's kind): no TLS
/// is involved, so no certificate roots are needed.
pub fn is_plain_loopback(url: &str) -> bool {
    reqwest::Url::parse(url.trim())
        .is_ok_and(|u| u.scheme() == "http" && u.host_str().is_some_and(is_loopback))
}

/// Whether a URL host (as the URL parser normalised it: IPv6 in brackets,
/// IPv4 dotted) is this machine.
fn is_loopback(host: &str) -> bool {
    match host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
    {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}
