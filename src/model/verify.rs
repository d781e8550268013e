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
    /// No answer (the error's description).
    Failed(String),
}

impl Answer {
    /// An answer from its status and error message.
    pub fn new(code: u16, message: &str) -> Answer {
        Answer::Status {
            code,
            says_disabled: code == 403 && message.to_ascii_lowercase().contains("disabled"),
        }
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
    /// No answer.
    Failed(String),
}

impl Verdict {
    /// Whether the answer is what the scopes say it should be.
    pub fn ok(&self) -> bool {
        matches!(self, Verdict::Allowed(_) | Verdict::Refused)
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
        }
    }
}

/// Whether the answers show a disabled token: every call inside the scopes
/// (at least one) was refused. impact.com's 403 does not say why, so a
/// spec none of whose GETs the token has looks the same; the sandbox's
/// message (see [`Answer::Status`]) makes it certain.
pub fn is_disabled(answers: &[(bool, &Answer)]) -> bool {
    let mut inside = answers.iter().filter(|(in_scope, _)| *in_scope).peekable();
    inside.peek().is_some() && inside.all(|(_, a)| a.is_403())
}

/// The verdicts on `(in scope, answer)` pairs.
pub fn judge(answers: &[(bool, &Answer)]) -> Vec<Verdict> {
    let disabled = is_disabled(answers);
    answers
        .iter()
        .map(|(in_scope, answer)| match (answer, in_scope, disabled) {
            (Answer::Failed(e), _, _) => Verdict::Failed(e.clone()),
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
}

/// The outcome of `verdicts`, `stopped` when not every planned call was made.
pub fn outcome(verdicts: &[Verdict], stopped: bool) -> Outcome {
    if verdicts.contains(&Verdict::Disabled) {
        Outcome::Disabled
    } else if verdicts.iter().any(|v| !v.ok()) {
        Outcome::Drift
    } else if stopped {
        Outcome::Stopped
    } else {
        Outcome::Matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(code: u16) -> Answer {
        Answer::new(code, "")
    }

    #[test]
    fn the_plan_probes_each_get_of_the_spec_and_a_few_outside() {
        let t = AccountType::Brand;
        let catalog = Catalog::bundled(t);
        let gets: Vec<String> = catalog
            .scopes()
            .filter(|s| s.method == "GET" && s.path.contains("/Actions"))
            .map(|s| s.id.to_string())
            .take(2)
            .collect();
        let write = catalog
            .scopes()
            .find(|s| s.is_write())
            .unwrap()
            .id
            .to_string();
        let limited = catalog
            .scopes()
            .find(|s| s.path.contains("ReportExport"))
            .unwrap()
            .id
            .to_string();
        let ids = [gets.clone(), vec![write.clone(), limited.clone()]].concat();
        let checks = plan(&catalog, &ids, t, 5);
        let inside: Vec<&Check> = checks.iter().filter(|c| c.in_spec).collect();
        assert_eq!(inside.len(), 4, "{checks:#?}");
        for c in &inside {
            match c.id.as_str() {
                id if id == write => assert_eq!(c.probe, Err(Skip::Write)),
                id if id == limited => assert_eq!(c.probe, Err(Skip::DailyLimited)),
                _ => {
                    let p = c.probe.as_ref().unwrap();
                    assert!(p.starts_with("/Actions") && !p.contains('{'), "{p}");
                }
            }
        }
        let outside: Vec<&Check> = checks.iter().filter(|c| !c.in_spec).collect();
        assert_eq!(outside.len(), 5);
        // One per category first: five different categories.
        let cats: std::collections::HashSet<String> = outside
            .iter()
            .map(|c| {
                let i = catalog.index_of(&c.id).unwrap();
                catalog.categories[catalog.scope(i).category].name.clone()
            })
            .collect();
        assert_eq!(cats.len(), 5, "{outside:#?}");
        for c in &outside {
            assert_eq!(c.method, "GET");
            assert!(!ids.contains(&c.id));
            let p = c.probe.as_ref().unwrap();
            assert!(!DAILY_LIMITED.iter().any(|d| p.contains(d)), "{p}");
        }
        assert_eq!(plan(&catalog, &ids, t, 0).len(), 4);
    }

    #[test]
    fn every_probe_path_is_its_own_scopes() {
        for t in AccountType::ALL {
            let catalog = Catalog::bundled(t);
            let all: Vec<String> = catalog.scopes().map(|s| s.id.to_string()).collect();
            for c in plan(&catalog, &all, t, 0) {
                if let Ok(p) = &c.probe {
                    let line = format!("GET {}{p}", t.root("IRX"));
                    let r = Request::parse(&line).unwrap();
                    let i = matching::find(&catalog, &r).unwrap();
                    assert_eq!(catalog.scope(i).id, c.id, "{line}");
                }
            }
        }
    }

    #[test]
    fn verdicts_allow_placeholder_misses_and_tell_drift_from_disabled() {
        let (a404, a400, a200, a403, a500) = (ok(404), ok(400), ok(200), ok(403), ok(500));
        let v = judge(&[(true, &a404), (true, &a400), (false, &a403)]);
        assert_eq!(
            v,
            [
                Verdict::Allowed(404),
                Verdict::Allowed(400),
                Verdict::Refused
            ]
        );
        assert_eq!(outcome(&v, false), Outcome::Matches);
        assert_eq!(outcome(&v, true), Outcome::Stopped);
        // One in-scope call refused, another allowed: a missing right.
        let v = judge(&[(true, &a200), (true, &a403), (false, &a403)]);
        assert_eq!(v[1], Verdict::MissingRight);
        assert_eq!(outcome(&v, false), Outcome::Drift);
        assert_eq!(outcome(&v, true), Outcome::Drift, "drift seen is drift");
        // Allowed outside: an extra right.
        let v = judge(&[(true, &a200), (false, &a404)]);
        assert_eq!(v[1], Verdict::ExtraRight(404));
        assert_eq!(outcome(&v, false), Outcome::Drift);
        // Every in-scope call refused: disabled, and outside 403s say nothing.
        let disabled = Answer::new(403, "Forbidden: this access token is disabled");
        assert_eq!(
            disabled,
            Answer::Status {
                code: 403,
                says_disabled: true
            }
        );
        let v = judge(&[(true, &disabled), (true, &a403), (false, &a403)]);
        assert_eq!(
            v,
            [
                Verdict::Disabled,
                Verdict::Disabled,
                Verdict::DisabledSaysNothing
            ]
        );
        assert_eq!(outcome(&v, false), Outcome::Disabled);
        assert!(!is_disabled(&[(false, &a403)]), "nothing in scope to tell");
        let v = judge(&[(true, &a500), (false, &Answer::Failed("x".into()))]);
        assert_eq!(v, [Verdict::Unexpected(500), Verdict::Failed("x".into())]);
        assert!(v.iter().all(|v| !v.ok()));
    }

    #[test]
    fn the_secret_screens_words_stay_its_own() {
        let (a404, a403) = (Ok(404), Ok(403));
        let v = judge_results(&[(true, &a404), (false, &a403)]);
        assert!(v[0].describe().contains("allowed (placeholder id)"));
        assert_eq!(v[1].describe(), "403 not in scope, as selected");
        let v = judge_results(&[(true, &a403), (false, &a403)]);
        assert!(v[0].describe().contains("disabled"), "{}", v[0].describe());
        assert!(v[1].describe().contains("disabled"), "{}", v[1].describe());
    }

    #[test]
    fn it_stops_before_the_floor() {
        assert!(!stop_before(None, 10));
        assert!(!stop_before(Some(11), 10));
        assert!(stop_before(Some(10), 10));
        assert!(stop_before(Some(0), 0));
        assert!(!stop_before(Some(1), 0));
    }
}
