//! Unit tests of the plan and the verdicts.

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

fn reply(code: u16, content_type: &'static str, body: &'static str) -> Answer {
    Answer::from_reply(&Reply {
        code,
        message: "",
        content_type,
        json: serde_json::from_str::<serde_json::Value>(body).is_ok(),
        empty: body.trim().is_empty(),
        location: None,
    })
}

#[test]
fn only_json_answers_are_evidence() {
    let html = "<!doctype html><title>Sign in</title>";
    let not_api = |code: u16, content_type: &str| Answer::NotApi {
        code,
        content_type: content_type.to_string(),
    };
    assert_eq!(reply(200, "text/html", html), not_api(200, "text/html"));
    assert_eq!(reply(404, "text/html", html), not_api(404, "text/html"));
    assert_eq!(
        reply(403, "Text/HTML; charset=utf-8", "{}"),
        not_api(403, "Text/HTML; charset=utf-8")
    );
    assert_eq!(
        reply(200, "application/json", "not json"),
        not_api(200, "application/json")
    );
    assert_eq!(reply(200, "", ""), not_api(200, ""), "a 2xx with no body");
    assert_eq!(reply(200, "application/json", "{\"Id\":1}"), ok(200));
    assert_eq!(reply(404, "", ""), ok(404), "a 4xx may have no body");
    assert_eq!(
        reply(403, "application/json", "{\"Message\":\"x\"}"),
        ok(403)
    );
    // Statuses the verdicts do not read as allowed or refused stay unexpected.
    assert_eq!(reply(502, "text/html", html), ok(502));
    let moved = Answer::from_reply(&Reply {
        code: 302,
        location: Some("http://elsewhere/x"),
        ..Reply::default()
    });
    assert_eq!(
        moved,
        Answer::Redirect {
            code: 302,
            location: "http://elsewhere/x".into()
        }
    );
    // No evidence is neither drift nor a match.
    let v = judge(&[(true, &reply(200, "text/html", html)), (false, &moved)]);
    assert!(v.iter().all(Verdict::no_evidence), "{v:?}");
    assert_eq!(outcome(&v, false), Outcome::NoEvidence);
    assert_eq!(outcome(&v, true), Outcome::NoEvidence);
    let (a200, a403) = (ok(200), ok(403));
    let v = judge(&[(true, &a403), (true, &a200), (false, &moved)]);
    assert_eq!(outcome(&v, false), Outcome::Drift, "drift seen is drift");
    assert!(
        v[2].label().contains("http://elsewhere/x"),
        "{}",
        v[2].label()
    );
}

#[test]
fn a_refusal_before_the_floor_is_not_a_disabled_token() {
    let a403 = ok(403);
    // Stopped after one in-scope 403, with in-scope calls left.
    let v = judge_run(&[(true, &a403)], true);
    assert_eq!(v, [Verdict::Undecided]);
    assert_eq!(outcome(&v, true), Outcome::Stopped);
    // Every in-scope call made and refused, stopped among the outside ones.
    let v = judge_run(&[(true, &a403), (true, &a403), (false, &a403)], false);
    assert_eq!(v[0], Verdict::Disabled);
    assert_eq!(outcome(&v, true), Outcome::Disabled);
    // An in-scope answer that was not the API's leaves it open too.
    let page = reply(200, "text/html", "<html></html>");
    let v = judge_run(&[(true, &a403), (true, &page), (false, &a403)], false);
    assert_eq!(v[0], Verdict::Undecided);
    assert_eq!(v[2], Verdict::Refused);
    assert_eq!(outcome(&v, false), Outcome::NoEvidence);
    assert!(!is_disabled(&[(true, &a403), (true, &page)]));
    // An allowed call before the stop: the 403 is a missing right.
    let a200 = ok(200);
    let v = judge_run(&[(true, &a200), (true, &a403)], true);
    assert_eq!(v[1], Verdict::MissingRight);
    assert_eq!(outcome(&v, true), Outcome::Drift);
}
