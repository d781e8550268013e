//! The fault grammar shared by `IMPACT_SANDBOX_FAULTS` and the admin
//! endpoint: routes, faults, and `route=fault*times` specs.

use std::fmt;
use std::str::FromStr;

use crate::text;

/// An endpoint of the contract, for aiming faults and latency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// `GET {root}/CompanyInformation`
    Company,
    /// `GET {root}/Users`
    Users,
    /// `GET {root}/APIAccessTokens/Scopes`
    Scopes,
    /// `GET {root}/APIAccessTokens`
    Tokens,
    /// `GET {root}/APIAccessTokens/Permissions` (this project's addition)
    Permissions,
    /// `POST {root}/APIAccessTokens`
    Create,
    /// `GET {root}/APIAccessTokens/{Id}`
    Token,
    /// `PUT {root}/APIAccessTokens/{Id}`
    Update,
    /// `POST {root}/APIAccessTokens/{Id}/Reset`
    Reset,
    /// `POST {root}/APIAccessTokens/{Id}/Disable`
    Disable,
    /// `POST {root}/APIAccessTokens/{Id}/Enable`
    Enable,
    /// `DELETE {root}/APIAccessTokens/{Id}`
    Delete,
    /// Every request, including the scoped-token endpoints that have no route
    /// of their own. A route's own faults are used before these.
    Any,
}

impl Route {
    /// Every route, in grammar order.
    pub const ALL: [Route; 13] = [
        Route::Company,
        Route::Users,
        Route::Scopes,
        Route::Tokens,
        Route::Permissions,
        Route::Create,
        Route::Token,
        Route::Update,
        Route::Reset,
        Route::Disable,
        Route::Enable,
        Route::Delete,
        Route::Any,
    ];

    /// The name used in `IMPACT_SANDBOX_FAULTS` and the admin endpoint.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Company => "company",
            Route::Users => "users",
            Route::Scopes => "scopes",
            Route::Tokens => "tokens",
            Route::Permissions => "permissions",
            Route::Create => "create",
            Route::Token => "token",
            Route::Update => "update",
            Route::Reset => "reset",
            Route::Disable => "disable",
            Route::Enable => "enable",
            Route::Delete => "delete",
            Route::Any => "any",
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Route {
    type Err = String;
    fn from_str(s: &str) -> Result<Route, String> {
        Route::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown route '{s}' (company, users, scopes, tokens, create, token, update, reset, disable, enable, delete, any)"
                )
            })
    }
}

/// A failure to produce instead of the normal answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// This status with the JSON error envelope (403 on create names the brand
    /// roles, 409 and 422 carry a `Name` field error, 429 the rate-limit headers).
    Status(u16),
    /// This status with an HTML page, as a proxy or load balancer sends.
    Html(u16),
    /// 200 with a body that is not valid JSON.
    Malformed,
    /// 200 with about 3 MiB of valid JSON, streamed without a length.
    Huge,
    /// Handle the request normally (a create commits its token), then close
    /// the connection without answering.
    DropAfterCommit,
    /// Send a 200 head and part of the body, then break the connection.
    ResetMidBody,
    /// Never answer (until shutdown), for client timeouts.
    Hang,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Status(code) => write!(f, "{code}"),
            Fault::Html(code) => write!(f, "html:{code}"),
            Fault::Malformed => f.write_str("malformed"),
            Fault::Huge => f.write_str("huge"),
            Fault::DropAfterCommit => f.write_str("drop"),
            Fault::ResetMidBody => f.write_str("reset"),
            Fault::Hang => f.write_str("hang"),
        }
    }
}

fn error_status(s: &str) -> Result<u16, String> {
    match s.trim().parse::<u16>() {
        Ok(code @ 400..=599) => Ok(code),
        _ => Err(format!("'{s}' is not an error status (400-599)")),
    }
}

impl FromStr for Fault {
    type Err = String;
    fn from_str(s: &str) -> Result<Fault, String> {
        let s = s.trim().to_ascii_lowercase();
        Ok(match s.as_str() {
            "malformed" => Fault::Malformed,
            "huge" => Fault::Huge,
            "drop" | "drop-after-commit" => Fault::DropAfterCommit,
            "reset" | "reset-mid-body" => Fault::ResetMidBody,
            "hang" => Fault::Hang,
            "html" => Fault::Html(502),
            _ => match s.strip_prefix("html:") {
                Some(code) => Fault::Html(error_status(code)?),
                None if s.starts_with(|c: char| c.is_ascii_digit()) => {
                    Fault::Status(error_status(&s)?)
                }
                None => {
                    return Err(format!(
                        "unknown fault '{s}' (a status 400-599, html[:status], malformed, huge, drop, reset, hang)"
                    ));
                }
            },
        })
    }
}

/// One entry of a fault spec: `route=fault*times`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultSpec {
    /// Where it applies.
    pub route: Route,
    /// What happens.
    pub fault: Fault,
    /// How many matching requests it affects; `usize::MAX` for `forever`.
    pub times: usize,
}

/// Parses `IMPACT_SANDBOX_FAULTS`, e.g. `create=500*2,users=404,scopes=html:502`.
/// Blank means no faults.
pub fn parse_fault_spec(spec: &str) -> Result<Vec<FaultSpec>, String> {
    spec.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (route, rest) = entry
                .split_once('=')
                .ok_or_else(|| format!("'{entry}' has no '='"))?;
            let (fault, times) = match rest.rsplit_once('*') {
                Some((fault, times)) => (fault, parse_times(times)?),
                None => (rest, 1),
            };
            Ok(FaultSpec {
                route: route.parse()?,
                fault: fault.parse()?,
                times,
            })
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(|e| text::sandbox_bad_fault_spec(&e))
}

fn parse_times(s: &str) -> Result<usize, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("forever") {
        return Ok(usize::MAX);
    }
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("'{s}' is not a count (1 or more, or forever)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_parses_and_prints_back() {
        let specs = parse_fault_spec(
            " create=500*2, users=404 ,scopes=html:502*forever,any=hang,tokens=drop",
        )
        .unwrap();
        assert_eq!(
            specs,
            [
                FaultSpec {
                    route: Route::Create,
                    fault: Fault::Status(500),
                    times: 2
                },
                FaultSpec {
                    route: Route::Users,
                    fault: Fault::Status(404),
                    times: 1
                },
                FaultSpec {
                    route: Route::Scopes,
                    fault: Fault::Html(502),
                    times: usize::MAX
                },
                FaultSpec {
                    route: Route::Any,
                    fault: Fault::Hang,
                    times: 1
                },
                FaultSpec {
                    route: Route::Tokens,
                    fault: Fault::DropAfterCommit,
                    times: 1
                },
            ]
        );
        for f in [
            Fault::Status(429),
            Fault::Html(503),
            Fault::Malformed,
            Fault::Huge,
            Fault::ResetMidBody,
        ] {
            assert_eq!(f.to_string().parse::<Fault>(), Ok(f));
        }
        assert!(parse_fault_spec("").unwrap().is_empty());
        for bad in [
            "create",
            "create=600",
            "create=200",
            "nowhere=500",
            "users=404*0",
            "users=teapot",
        ] {
            assert!(parse_fault_spec(bad).is_err(), "{bad}");
        }
    }
}
