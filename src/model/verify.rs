//! What a token can really do, with no network: the calls
//! `impact-token verify` makes for a spec, and the verdicts on their
//! answers. The secret screen's `t` (two calls, from
//! [`super::probe::probe_plan`]) is judged by the same [`judge`].

use super::account::AccountType;
use super::catalog::Catalog;
use super::matching::{self, Request};
use crate::text;

/// Path segments of endpoints limited per day (ReportExport 100, ClickExport
/// 10 on brand accounts): a check must not spend them.
pub const DAILY_LIMITED: [&str; 2] = ["ReportExport", "ClickExport"];

/// What a placeholder id segment is filled with. No catalog literal is
/// numeric, so the filled path matches its own template only.
const PLACEHOLDER_ID: &str = "1";

/// Why a scope of the spec is not called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// PUT, POST, PATCH or DELETE: calling it could change data.
    Write,
    /// ReportExport or ClickExport: a few calls a day.
    DailyLimited,
    /// Not under the account's root (a callback or tracking endpoint).
    OutsideRoot,
    /// Its path would be answered as another scope's (see
    /// [`matching::find`]'s ties).
    Shadowed,
}

/// One line of the check: a scope, whether the spec has it, and the call
/// made for it (a path under the root) or why none is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Scope Id.
    pub id: String,
    /// Scope name.
    pub name: String,
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub template: String,
    /// Whether the spec has the scope (so the call should be allowed).
    pub in_spec: bool,
    /// The path to GET under the root, or why there is no call.
    pub probe: Result<String, Skip>,
}

/// The checks for a spec's scope Ids (those the catalog lacks are left
/// out): one per scope of the spec, in catalog order, then up to
/// `max_outside` GETs the spec does not have, taken one per category in
/// turn. Only GETs are called, never a daily-limited endpoint, and an
/// outside call is only one whose path no scope of the spec also matches.
pub fn plan(
    catalog: &Catalog,
    ids: &[String],
    account_type: AccountType,
    max_outside: usize,
) -> Vec<Check> {
    let in_spec = |i: usize| ids.iter().any(|id| id == catalog.scope(i).id);
    let check = |i: usize, inside: bool| {
        let s = catalog.scope(i);
        Check {
            id: s.id.to_string(),
            name: s.name.to_string(),
            method: s.method.to_string(),
            template: s.path.to_string(),
            in_spec: inside,
            probe: probe_path(catalog, i, account_type),
        }
    };
    let mut checks: Vec<Check> = (0..catalog.len())
        .filter(|&i| in_spec(i))
        .map(|i| check(i, true))
        .collect();
    // Candidates outside, by category, each category's in catalog order.
    let queues: Vec<Vec<usize>> = catalog
        .categories
        .iter()
        .map(|c| {
            c.range
                .clone()
                .filter(|&i| !in_spec(i) && probe_path(catalog, i, account_type).is_ok())
                .collect()
        })
        .collect();
    let mut outside = Vec::new();
    let mut round = 0;
    while outside.len() < max_outside && queues.iter().any(|q| round < q.len()) {
        for q in &queues {
            if outside.len() < max_outside
                && let Some(&i) = q.get(round)
            {
                outside.push(i);
            }
        }
        round += 1;
    }
    checks.extend(outside.into_iter().map(|i| check(i, false)));
    checks
}

/// The GET path under the root that calls scope `i`, with placeholder ids;
/// or why it is not called. A path that another scope's template would
/// claim (see [`matching::find`]) is not called either: its answer would
/// be that scope's.
fn probe_path(catalog: &Catalog, i: usize, account_type: AccountType) -> Result<String, Skip> {
    let s = catalog.scope(i);
    if s.method != "GET" {
        return Err(Skip::Write);
    }
    let prefix = format!("/{}/{{AccountSID}}", account_type.root_segment());
    let rest = match s.path.strip_prefix(&prefix) {
        Some(rest) if !rest.is_empty() => rest,
        _ => return Err(Skip::OutsideRoot),
    };
    if rest.split('/').any(|seg| DAILY_LIMITED.contains(&seg)) {
        return Err(Skip::DailyLimited);
    }
    let filled = matching::fill(s.path, PLACEHOLDER_ID);
    let own = Request::parse(&filled).and_then(|r| matching::find(catalog, &r)) == Some(i);
    if !own {
        return Err(Skip::Shadowed);
    }
    Ok(matching::fill(rest, PLACEHOLDER_ID))
}

/// What a call answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// An HTTP status; for a 403, whether its message says the token is
    /// disabled (the sandbox's does; impact.com's does not say which).
    Status {
        /// The status.
        code: u16,
        /// The message mentions "disabled".
        says_disabled: bool,
    },
    /// An answer that is not the API's: a body that is not JSON (a web
    /// page, a portal's text) where the API always answers JSON.
    NotApi {
        /// The status.
        code: u16,
        /// Its `Content-Type`, as sent (may be empty).
        content_type: String,
    },
    /// A redirect, not followed, and where it pointed.
    Redirect {
        /// The status (3xx).
        code: u16,
        /// Its `Location`, as sent (may be empty).
        location: String,
    },
    /// No answer (the error's description).
    Failed(String),
}

/// What a probe's answer held, as the client read it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Reply<'a> {
    /// The status.
    pub code: u16,
    /// The error envelope's `Message` (empty when there is none).
    pub message: &'a str,
    /// The `Content-Type` (empty when absent).
    pub content_type: &'a str,
    /// Whether the body is JSON.
    pub json: bool,
    /// Whether the body is empty.
    pub empty: bool,
    /// A redirect's `Location`.
    pub location: Option<&'a str>,
}

impl Answer {
    /// What a reply proves. A redirect proves nothing (it was not
    /// followed); nor does a status the verdicts read (2xx, 400, 403, 404)
    /// without a JSON body, since the API always sends one: only a 4xx may
    /// come with no body at all, and never as a web page.
    pub fn from_reply(r: &Reply<'_>) -> Answer {
        let html = r
            .content_type
            .trim()
            .to_ascii_lowercase()
            .starts_with("text/html");
        let graded = allowed_status(r.code) || r.code == 403;
        let evidence = !html && (r.json || (r.empty && r.code >= 400));
        match r.code {
            300..=399 => Answer::Redirect {
                code: r.code,
                location: r.location.unwrap_or_default().to_string(),
            },
            code if graded && !evidence => Answer::NotApi {
                code,
                content_type: r.content_type.to_string(),
            },
            code => Answer::new(code, r.message),
        }
    }

    /// An answer from its status and error message.
    pub fn new(code: u16, message: &str) -> Answer {
        Answer::Status {
            code,
            says_disabled: code == 403 && message.to_ascii_lowercase().contains("disabled"),
        }
    }

    /// The status, when there was an answer.
    pub fn code(&self) -> Option<u16> {
        match self {
            Answer::Status { code, .. }
            | Answer::NotApi { code, .. }
            | Answer::Redirect { code, .. } => Some(*code),
            Answer::Failed(_) => None,
        }
    }

    /// Whether it is the API's answer (not a web page, a redirect or none).
    fn proves(&self) -> bool {
        matches!(self, Answer::Status { .. })
    }

    fn is_403(&self) -> bool {
        matches!(self, Answer::Status { code: 403, .. })
    }
}

/// The verdict on one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// In scope and allowed: 2xx, or 400/404 for a placeholder id.
    Allowed(u16),
    /// Outside the scopes and refused (403).
    Refused,
    /// Outside the scopes, yet allowed: the token can do more than it should.
    ExtraRight(u16),
    /// In scope, yet refused (403): the token lacks this scope.
    MissingRight,
    /// In scope and refused, as every in-scope call was: the token is disabled.
    Disabled,
    /// Outside the scopes and refused, by a disabled token: says nothing.
    DisabledSaysNothing,
    /// Any other status (401, 405, 429, 5xx...).
    Unexpected(u16),
    /// Not the API's answer (not JSON): no evidence either way.
    NotApi {
        /// The status.
        code: u16,
        /// Its `Content-Type`.
        content_type: String,
    },
    /// A redirect, not followed: no evidence either way.
    Redirected {
        /// The status.
        code: u16,
        /// Where it pointed.
        location: String,
    },
    /// In scope and refused, as every in-scope call the API answered was,
    /// with some in-scope call not made (stopped at the floor) or not
    /// answered by the API: a missing right or a disabled token, not known
    /// which.
    Undecided,
    /// No answer.
    Failed(String),
}

impl Verdict {
    /// Whether the answer is what the scopes say it should be.
    pub fn ok(&self) -> bool {
        matches!(self, Verdict::Allowed(_) | Verdict::Refused)
    }

    /// Whether the answer proves nothing: it was not the API's.
    pub fn no_evidence(&self) -> bool {
        matches!(self, Verdict::NotApi { .. } | Verdict::Redirected { .. })
    }

    /// The secret screen's words for it.
    pub fn describe(&self) -> String {
        let status = |code: u16, allowed: bool| text::probe_verdict(&Ok(code), allowed).0;
        match self {
            Verdict::Allowed(code) => status(*code, true),
            Verdict::Refused => status(403, false),
            Verdict::ExtraRight(code) => status(*code, false),
            Verdict::MissingRight => text::PROBE_REFUSED_IN_SCOPE.to_string(),
            Verdict::Disabled => text::PROBE_DISABLED.to_string(),
            Verdict::DisabledSaysNothing => text::PROBE_DISABLED_OUT_OF_SCOPE.to_string(),
            Verdict::Unexpected(code) => status(*code, true),
            Verdict::Failed(e) => text::inert(e),
            Verdict::NotApi { .. } | Verdict::Redirected { .. } | Verdict::Undecided => {
                self.label()
            }
        }
    }

    /// `verify`'s words for it (its table and JSON).
    pub fn label(&self) -> String {
        match self {
            Verdict::Allowed(code) => text::verify_allowed(*code),
            Verdict::Refused => text::VERIFY_REFUSED.to_string(),
            Verdict::ExtraRight(code) => text::verify_extra(*code),
            Verdict::MissingRight => text::VERIFY_MISSING.to_string(),
            Verdict::Disabled => text::VERIFY_DISABLED.to_string(),
            Verdict::DisabledSaysNothing => text::VERIFY_DISABLED_OUTSIDE.to_string(),
            Verdict::Unexpected(code) => text::verify_unexpected(*code),
            Verdict::Failed(e) => text::inert(e),
            Verdict::NotApi { code, content_type } => text::verify_not_api(*code, content_type),
            Verdict::Redirected { code, location } => text::verify_redirected(*code, location),
            Verdict::Undecided => text::VERIFY_UNDECIDED.to_string(),
        }
    }
}

/// Whether the answers show a disabled token: every call inside the scopes
/// (at least one) was refused, each with the API's answer. impact.com's 403
/// does not say why, so a spec none of whose GETs the token has looks the
/// same; the sandbox's message (see [`Answer::Status`]) makes it certain.
pub fn is_disabled(answers: &[(bool, &Answer)]) -> bool {
    inside_all_refused(answers) && !inside_unknown(answers)
}

/// Whether every in-scope answer that proves anything (at least one) is a 403.
fn inside_all_refused(answers: &[(bool, &Answer)]) -> bool {
    let mut proving = answers
        .iter()
        .filter(|(in_scope, a)| *in_scope && a.proves())
        .peekable();
    proving.peek().is_some() && proving.all(|(_, a)| a.is_403())
}

/// Whether some in-scope call got no answer of the API's.
fn inside_unknown(answers: &[(bool, &Answer)]) -> bool {
    answers.iter().any(|(in_scope, a)| *in_scope && !a.proves())
}

/// The verdicts on `(in scope, answer)` pairs: every call planned inside
/// the scopes was made.
pub fn judge(answers: &[(bool, &Answer)]) -> Vec<Verdict> {
    judge_run(answers, false)
}

/// [`judge`] for a check that may have stopped early: `inside_left` when
/// some in-scope call was not made. Then, or when some in-scope answer was
/// not the API's, in-scope 403s cannot show a disabled token (the call not
/// made or not answered might have been allowed): they are
/// [`Verdict::Undecided`], never [`Verdict::Disabled`].
pub fn judge_run(answers: &[(bool, &Answer)], inside_left: bool) -> Vec<Verdict> {
    let all_refused = inside_all_refused(answers);
    let disabled = is_disabled(answers) && !inside_left;
    answers
        .iter()
        .map(|(in_scope, answer)| match (answer, in_scope, disabled) {
            (Answer::Failed(e), _, _) => Verdict::Failed(e.clone()),
            (Answer::NotApi { code, content_type }, _, _) => Verdict::NotApi {
                code: *code,
                content_type: content_type.clone(),
            },
            (Answer::Redirect { code, location }, _, _) => Verdict::Redirected {
                code: *code,
                location: location.clone(),
            },
            (Answer::Status { code: 403, .. }, true, false) if all_refused => Verdict::Undecided,
            (Answer::Status { code: 403, .. }, true, true) => Verdict::Disabled,
            (Answer::Status { code: 403, .. }, true, false) => Verdict::MissingRight,
            (Answer::Status { code: 403, .. }, false, true) => Verdict::DisabledSaysNothing,
            (Answer::Status { code: 403, .. }, false, false) => Verdict::Refused,
            (Answer::Status { code, .. }, true, _) if allowed_status(*code) => {
                Verdict::Allowed(*code)
            }
            (Answer::Status { code, .. }, false, _) if allowed_status(*code) => {
                Verdict::ExtraRight(*code)
            }
            (Answer::Status { code, .. }, _, _) => Verdict::Unexpected(*code),
        })
        .collect()
}

/// [`judge`] for the secret screen's lines: `(in scope, status or the
/// error's description)`, with no message to read.
pub fn judge_results(lines: &[(bool, &Result<u16, String>)]) -> Vec<Verdict> {
    let answers: Vec<Answer> = lines
        .iter()
        .map(|(_, r)| match r {
            Ok(code) => Answer::new(*code, ""),
            Err(e) => Answer::Failed(e.clone()),
        })
        .collect();
    let pairs: Vec<(bool, &Answer)> = lines
        .iter()
        .zip(&answers)
        .map(|((in_scope, _), a)| (*in_scope, a))
        .collect();
    judge(&pairs)
}

/// 2xx, or 400/404: the call got past the scope check, and only the
/// placeholder id was wrong.
fn allowed_status(code: u16) -> bool {
    matches!(code, 200..=299 | 400 | 404)
}

/// Whether to stop before the next call: it would leave fewer than
/// `floor` requests in the window. Unknown (no header yet) goes on.
pub fn stop_before(remaining: Option<u64>, floor: u64) -> bool {
    remaining.is_some_and(|r| r <= floor)
}

/// How a whole check ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every call answered as the spec says.
    Matches,
    /// Some call did not (a right missing or extra, or an odd answer).
    Drift,
    /// Every in-scope call was refused: the token is disabled.
    Disabled,
    /// Stopped at the rate-limit floor, with no drift seen so far.
    Stopped,
    /// Some answer was not the API's (not JSON, or a redirect), and no
    /// drift was seen: the URL is probably not the API.
    NoEvidence,
}

/// The outcome of `verdicts`, `stopped` when not every planned call was made.
pub fn outcome(verdicts: &[Verdict], stopped: bool) -> Outcome {
    let drift = |v: &Verdict| !v.ok() && !v.no_evidence() && *v != Verdict::Undecided;
    if verdicts.contains(&Verdict::Disabled) {
        Outcome::Disabled
    } else if verdicts.iter().any(drift) {
        Outcome::Drift
    } else if verdicts.iter().any(Verdict::no_evidence) {
        Outcome::NoEvidence
    } else if stopped || verdicts.contains(&Verdict::Undecided) {
        Outcome::Stopped
    } else {
        Outcome::Matches
    }
}

#[cfg(test)]
mod tests;
