//! API failures, classified so the UI can say what happened and the worker
//! knows what is safe to retry.

use crate::contract::FieldError;
use crate::model::account::AccountType;
use crate::text;

/// Why a call to the token service failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the Account SID or Auth Token was rejected.
    Unauthorized {
        /// Server's message.
        message: String,
    },
    /// 403: the credentials are valid but may not do this.
    Forbidden {
        /// Server's message.
        message: String,
    },
    /// 404 on an endpoint that is not optional.
    NotFound {
        /// Server's message.
        message: String,
    },
    /// 409: the name is taken.
    Conflict {
        /// Server's message.
        message: String,
        /// Field errors, if any.
        errors: Vec<FieldError>,
    },
    /// 412: the token changed since it was read (its revision is not the
    /// one sent in `If-Match`); nothing was changed.
    PreconditionFailed {
        /// Server's message.
        message: String,
    },
    /// The token changed since it was read (a 412, read again), or was
    /// deleted: the change was not made. `current` is the token now
    /// (`None`: gone, or it could not be read).
    Changed {
        /// The token as it is now.
        current: Option<Box<crate::contract::Token>>,
    },
    /// Every try of a change lost its answer, and reading the token again
    /// could not tell whether the change was made. Repeating it with `key`
    /// (and the same request) answers as the first try was answered if it
    /// arrived, and makes the change once if not.
    OutcomeUnknown {
        /// The last failure.
        error: Box<ApiError>,
        /// The change's `Idempotency-Key`.
        key: String,
        /// Whether the token shows a change since it was read: after a
        /// reset, its old secret may already be refused.
        changed: bool,
    },
    /// 428: the server wants `If-Match` and none was sent.
    PreconditionRequired {
        /// Server's message.
        message: String,
    },
    /// 400 or 422 with field errors.
    Invalid {
        /// HTTP status.
        status: u16,
        /// Server's message.
        message: String,
        /// Field errors.
        errors: Vec<FieldError>,
    },
    /// 429: wait `reset_secs` before trying again.
    RateLimited {
        /// Seconds until the window resets (`X-RateLimit-Reset`).
        reset_secs: u64,
        /// `X-RateLimit-Limit`, when sent.
        limit: Option<u64>,
        /// Server's message.
        message: String,
    },
    /// 5xx, or any other unexpected status.
    Server {
        /// HTTP status.
        status: u16,
        /// Server's message, or a summary of a non-JSON page.
        message: String,
    },
    /// The connection could not be made.
    Connect {
        /// Detail from the HTTP stack.
        detail: String,
    },
    /// No complete answer within the timeout.
    Timeout,
    /// The connection broke before a complete answer arrived.
    Interrupted {
        /// Detail from the HTTP stack.
        detail: String,
    },
    /// A success status with a body that is not the expected JSON.
    BadBody {
        /// What was wrong.
        detail: String,
    },
    /// A success status with an HTML page instead of JSON: the URL names a
    /// web site (or a login portal), not the token service.
    HtmlPage,
    /// The TLS handshake failed.
    Tls {
        /// Why, in the terms the user can act on.
        problem: TlsProblem,
        /// Detail from the TLS stack.
        detail: String,
    },
    /// The body was larger than [`crate::api::client::MAX_BODY`].
    TooLarge,
    /// The user cancelled.
    Cancelled,
    /// The client would not send the request: an Id that cannot name a
    /// token, or a server's next-page link that leaves the account's token
    /// list (following it would send the credentials elsewhere).
    Refused {
        /// Why, in plain words.
        detail: String,
    },
}

/// What went wrong in a TLS handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsProblem {
    /// The certificate chains to no trusted authority (self-signed, private CA).
    Untrusted,
    /// The certificate is valid, but for another host name.
    WrongHost,
    /// The certificate has expired or is not valid yet.
    Expired,
    /// The server did not speak TLS (plain HTTP on an https:// URL).
    NotTls,
    /// Any other handshake failure.
    Other,
}

impl ApiError {
    /// What the failure means for the person at the keyboard.
    /// `account_type` adds the brand-role hint to a 403.
    pub fn message(&self, account_type: Option<AccountType>) -> String {
        use ApiError as E;
        let with = |base: &str, message: &str| {
            if message.is_empty() {
                base.to_string()
            } else {
                format!("{base}: {message}")
            }
        };
        match self {
            E::Unauthorized { message } => with(
                "Credentials rejected (401). Check the Account SID and Auth Token",
                message,
            ),
            E::Forbidden { message } => {
                let mut s = with("Not permitted (403)", message);
                if account_type == Some(AccountType::Brand) {
                    s.push_str(". On brand accounts only Account Administrators and Implementation Specialists may create tokens");
                }
                s
            }
            E::NotFound { message } => with("Not found (404)", message),
            E::Conflict { message, .. } => with("Name already taken (409)", message),
            E::Invalid {
                status, message, ..
            } => with(&format!("Request refused ({status})"), message),
            E::RateLimited { reset_secs, .. } => format!(
                "Rate limited (429): the window resets in {reset_secs} s; try again at {} (local time)",
                text::local_clock_in(*reset_secs)
            ),
            E::Server { status, message } => with(&format!("Server error ({status})"), message),
            E::Connect { detail } => format!("Cannot connect: {}", text::inert(detail)),
            E::Timeout => "No answer in time (timeout)".to_string(),
            E::Interrupted { detail } => format!(
                "Connection lost before the answer was complete: {}",
                text::inert(detail)
            ),
            E::BadBody { detail } => {
                format!(
                    "The server's answer could not be read: {}",
                    text::inert(detail)
                )
            }
            E::HtmlPage => text::HTML_NOT_JSON.to_string(),
            E::PreconditionFailed { .. } | E::Changed { .. } => {
                text::API_CHANGED_MEANWHILE.to_string()
            }
            E::PreconditionRequired { message } => with(text::API_PRECONDITION_REQUIRED, message),
            E::OutcomeUnknown {
                error,
                key,
                changed,
            } => text::api_outcome_unknown(&error.message(account_type), key, *changed),
            E::Tls { problem, detail } => {
                format!(
                    "Cannot connect securely: {}; {}",
                    problem,
                    text::inert(detail)
                )
            }
            E::TooLarge => {
                "The server's answer was too large (over 1 MiB) and was not read".to_string()
            }
            E::Cancelled => "Cancelled".to_string(),
            E::Refused { detail } => format!("Not sent: {detail}"),
        }
    }

    /// Whether trying again, with the same Idempotency-Key, may succeed:
    /// server errors and connections that failed before a complete answer.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Server { status, .. } => matches!(status, 500 | 502 | 503 | 504),
            ApiError::Connect { .. } | ApiError::Timeout | ApiError::Interrupted { .. } => true,
            _ => false,
        }
    }

    /// Field errors the server attached, if any.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Invalid { errors, .. } | ApiError::Conflict { errors, .. } => errors,
            _ => &[],
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Conflict { .. } => Some(409),
            ApiError::Invalid { status, .. } | ApiError::Server { status, .. } => Some(*status),
            ApiError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    /// The [`message`](ApiError::message) without an account type.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(None))
    }
}

impl std::fmt::Display for TlsProblem {
    /// Why a TLS connection failed, in plain words.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TlsProblem::Untrusted => {
                "the server's TLS certificate is not trusted (self-signed, or signed by an unknown authority)"
            }
            TlsProblem::WrongHost => {
                "the server's TLS certificate is for another host name: check --api-url"
            }
            TlsProblem::Expired => "the server's TLS certificate has expired or is not valid yet",
            TlsProblem::NotTls => {
                "the server did not answer with TLS (is it plain http://, or another port?)"
            }
            TlsProblem::Other => "the TLS handshake failed",
        })
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_means_safe_to_retry_with_the_same_key() {
        let server = |status| ApiError::Server {
            status,
            message: String::new(),
        };
        assert!(server(500).is_transient());
        assert!(server(502).is_transient());
        assert!(server(503).is_transient());
        assert!(!server(501).is_transient());
        assert!(ApiError::Timeout.is_transient());
        assert!(
            ApiError::Interrupted {
                detail: String::new()
            }
            .is_transient()
        );
        assert!(
            ApiError::Connect {
                detail: String::new()
            }
            .is_transient()
        );
        assert!(
            !ApiError::Unauthorized {
                message: String::new()
            }
            .is_transient()
        );
        assert!(
            !ApiError::Conflict {
                message: String::new(),
                errors: vec![]
            }
            .is_transient()
        );
        assert!(!ApiError::TooLarge.is_transient());
    }
}
