//! impact.com's published rules, as the client follows them against the
//! in-process sandbox over loopback: `Users` read page by page, rate-limit
//! headers in both dialects and both Reset forms, `IR-Version` on every
//! request, CompanyInformation as a scope (the token test's probes), a
//! disabled token told apart from an out-of-scope call, and brand users'
//! roles in the contact picker.

#[path = "support/events.rs"]
mod events;
#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use std::sync::mpsc::Receiver;
use std::time::Duration;

use crossterm::event::KeyCode;
use events::events_until;
use impact_token::api::client::{Client, Credentials, Guard, Timeouts};
use impact_token::api::error::ApiError;
use impact_token::api::ratelimit::RateLimit;
use impact_token::api::worker::{Job, RetryPolicy, WorkerConfig, WorkerEvent, WorkerHandle};
use impact_token::contract::{
    CreateTokenRequest, CreatedToken, IR_VERSION, RATE_LIMIT_LIMIT, RATE_LIMIT_LIMIT_HOUR,
    RATE_LIMIT_REMAINING, RATE_LIMIT_REMAINING_HOUR, RATE_LIMIT_RESET, RATELIMIT_RESET,
    RETRY_AFTER, User, UsersResponse,
};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::model::request::Submission;
use impact_token::model::selection::Selection;
use impact_token::sandbox::{Fault, Route, SandboxHandle, demo_account};
use impact_token::tui::update::probe_plan;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use wizard_state::*;

const FAST: Timeouts = Timeouts {
    connect: Duration::from_secs(2),
    total: Duration::from_secs(10),
};

async fn sandbox() -> SandboxHandle {
    SandboxHandle::start(([127, 0, 0, 1], 0).into())
        .await
        .unwrap()
}

fn creds(sid: &str, secret: &str) -> Credentials {
    Credentials {
        account_sid: sid.into(),
        auth_token: SecretString::from(secret.to_string()),
    }
}

fn admin(sb: &SandboxHandle, t: AccountType) -> Client {
    let d = demo_account(t);
    Client::new(
        &sb.base_url(),
        t,
        creds(&d.account_sid, &d.auth_token),
        FAST,
    )
    .unwrap()
}

fn contact_of(t: AccountType) -> &'static str {
    match t {
        AccountType::Agency => "I-2000101",
        AccountType::Brand => "I-3000101",
        AccountType::Partner => "I-1139074",
    }
}

async fn create(c: &Client, t: AccountType, name: &str, scopes: &[&str]) -> CreatedToken {
    let request = CreateTokenRequest {
        name: name.into(),
        description: String::new(),
        api_version: t.api_versions()[0].into(),
        primary_contact_user_id: contact_of(t).into(),
        developer_emails: vec![],
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
    };
    c.create(&Submission::next(None, request)).await.unwrap()
}

/// A raw GET with the demo administrator's credentials.
async fn raw_get(sb: &SandboxHandle, t: AccountType, rest: &str) -> reqwest::Response {
    let d = demo_account(t);
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("{}{}{rest}", sb.base_url(), t.root(&d.account_sid)))
        .basic_auth(&d.account_sid, Some(&d.auth_token))
        .send()
        .await
        .unwrap()
}

/// A worker on the sandbox for account type `t`, and its events.
fn worker_on(sb: &SandboxHandle, t: AccountType) -> (WorkerHandle, Receiver<WorkerEvent>) {
    let retry = RetryPolicy::default().scaled(0.01);
    events::spawn_worker(WorkerConfig {
        names_at_connect: true,
        ..events::remote(&sb.base_url(), t, FAST, retry)
    })
}

/// Connects a worker as `t`'s demo administrator on `version` and waits
/// until the contacts, the catalog and the token list are in.
async fn connect(
    sb: &SandboxHandle,
    t: AccountType,
    version: &str,
) -> (WorkerHandle, Receiver<WorkerEvent>, Vec<WorkerEvent>) {
    let (w, rx) = worker_on(sb, t);
    let d = demo_account(t);
    w.send(Job::Connect {
        credentials: Some(creds(&d.account_sid, &d.auth_token)),
        api_version: version.into(),
    });
    let left = std::sync::atomic::AtomicUsize::new(3);
    let (rx, seen) = events_until(rx, move |ev| {
        let done = matches!(
            ev,
            WorkerEvent::Contacts(_) | WorkerEvent::Catalog { .. } | WorkerEvent::Tokens(_)
        ) || matches!(ev, WorkerEvent::Company(Err(_)));
        done && left.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) == 1
    })
    .await;
    (w, rx, seen)
}

// ----- pagination of Users -----

#[tokio::test]
async fn users_are_read_page_by_page_with_progress() {
    let sb = sandbox().await;
    for t in AccountType::ALL {
        let c = admin(&sb, t);
        sb.set_page_size(1000);
        sb.set_most_per_page(1000);
        let one_page = c.users().await.unwrap().unwrap();
        assert!(one_page.len() > 10, "{t}: seeded past one default page");
        sb.set_page_size(10);
        let first: UsersResponse = raw_get(&sb, t, "/Users").await.json().await.unwrap();
        assert_eq!(first.users.len(), 10, "{t}: the default page is full");
        assert_eq!(first.paging.page, "1");
        assert!(!first.paging.next_page_uri.is_empty());
        assert_eq!(first.paging.previous_page_uri, "");
        assert!(first.paging.first_page_uri.contains("Page=1"));
        assert!(first.paging.last_page_uri.contains("Page=2"));

        sb.set_most_per_page(3);
        let pages = std::sync::Mutex::new(Vec::new());
        let all = c
            .users_with_progress(&|page, of| pages.lock().unwrap().push((page, of)))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(all, one_page, "{t}: every user, in order, once");
        let n = one_page.len().div_ceil(3);
        let expected: Vec<(usize, usize)> = (1..=n).map(|p| (p, n)).collect();
        assert_eq!(*pages.lock().unwrap(), expected, "{t}");
    }
}

#[tokio::test]
async fn the_worker_reports_contact_pages_and_gets_every_active_user() {
    let sb = sandbox().await;
    sb.set_most_per_page(4);
    let (_w, _rx, seen) = connect(&sb, AccountType::Brand, "14").await;
    let pages: Vec<(usize, usize)> = seen
        .iter()
        .filter_map(|ev| match ev {
            WorkerEvent::ContactsPage { page, of } => Some((*page, *of)),
            _ => None,
        })
        .collect();
    assert_eq!(pages, [(1, 4), (2, 4), (3, 4), (4, 4)]);
    let contacts = seen
        .iter()
        .find_map(|ev| match ev {
            WorkerEvent::Contacts(Ok(c)) => Some(c.list.clone()),
            _ => None,
        })
        .expect("contacts");
    // 13 brand users, 3 of them not ACTIVE; the last page's users too.
    assert_eq!(contacts.len(), 10, "{contacts:?}");
    assert!(contacts.iter().any(|c| c.name == "Tess Turner"));
    assert_eq!(
        contacts[0].role.as_deref(),
        Some("ACCOUNT_ADMINISTRATOR"),
        "roles come with the users"
    );

    // The contact panel says how far the load got.
    let mut s = fresh(AccountType::Brand, false);
    typed(&mut s, "paged");
    ctrl(&mut s, 'n');
    feed(&mut s, WorkerEvent::ContactsPage { page: 2, of: 5 });
    let screen = screen_text(&s, 100);
    assert!(screen.contains("contacts: page 2 of 5"), "{screen}");
}

#[tokio::test]
async fn brand_users_filter_by_name_and_state_and_carry_roles() {
    let sb = sandbox().await;
    let r: UsersResponse = raw_get(&sb, AccountType::Brand, "/Users?Name=erin&State=ACTIVE")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r.users.len(), 1);
    assert_eq!(r.paging.total, "1");
    let erin = &r.users[0];
    assert_eq!(erin.first_name, "Erin");
    let roles = erin.product_roles.as_ref().expect("ProductRoles");
    assert_eq!(roles[0].role, "ACCOUNT_ADMINISTRATOR");
    let invited: UsersResponse = raw_get(&sb, AccountType::Brand, "/Users?State=INVITED")
        .await
        .json()
        .await
        .unwrap();
    assert!(!invited.users.is_empty());
    assert!(invited.users.iter().all(|u| u.state == "INVITED"));
    // The next page keeps the filters.
    let page: UsersResponse = raw_get(&sb, AccountType::Brand, "/Users?State=ACTIVE&PageSize=2")
        .await
        .json()
        .await
        .unwrap();
    assert!(page.paging.next_page_uri.contains("State=ACTIVE"));

    let partner: UsersResponse = raw_get(&sb, AccountType::Partner, "/Users")
        .await
        .json()
        .await
        .unwrap();
    assert!(partner.users.iter().all(|u| u.access_rights.is_some()));
    assert!(partner.users.iter().all(|u| u.product_roles.is_none()));
}

// ----- rate limits -----

#[tokio::test]
async fn rate_limit_headers_speak_each_account_types_dialect() {
    let sb = sandbox().await;
    for (t, brand_dialect) in [
        (AccountType::Brand, true),
        (AccountType::Agency, true),
        (AccountType::Partner, false),
    ] {
        let r = raw_get(&sb, t, "/CompanyInformation").await;
        assert_eq!(r.status(), StatusCode::OK);
        let h = r.headers();
        let (ours, theirs) = if brand_dialect {
            (
                [RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET],
                [
                    RATE_LIMIT_LIMIT_HOUR,
                    RATE_LIMIT_REMAINING_HOUR,
                    RATELIMIT_RESET,
                ],
            )
        } else {
            (
                [
                    RATE_LIMIT_LIMIT_HOUR,
                    RATE_LIMIT_REMAINING_HOUR,
                    RATELIMIT_RESET,
                ],
                [RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET],
            )
        };
        for name in ours {
            assert!(h.contains_key(name), "{t}: {name} in {h:?}");
        }
        for name in theirs {
            assert!(!h.contains_key(name), "{t}: no {name}");
        }
        let rate = RateLimit::from_headers(h);
        assert_eq!(rate.limit, Some(1000), "{t}");
        assert!(rate.remaining.is_some_and(|r| r < 1000), "{t}: {rate:?}");
        assert!(rate.reset_secs.is_some_and(|s| (1..=3600).contains(&s)));
    }
}

#[tokio::test]
async fn a_429_is_read_in_both_dialects_and_both_reset_forms() {
    let sb = sandbox().await;
    for timestamp in [false, true] {
        sb.set_reset_as_timestamp(timestamp);
        for t in [AccountType::Brand, AccountType::Partner] {
            sb.set_rate_limit(1);
            let c = admin(&sb, t);
            c.company_information().await.unwrap();
            let raw = raw_get(&sb, t, "/CompanyInformation").await;
            assert_eq!(raw.status(), StatusCode::TOO_MANY_REQUESTS);
            let reset_name = match t {
                AccountType::Partner => RATELIMIT_RESET,
                _ => RATE_LIMIT_RESET,
            };
            let reset: u64 = raw.headers()[reset_name].to_str().unwrap().parse().unwrap();
            assert_eq!(reset > 1_000_000_000, timestamp, "{t}: {reset}");
            assert_eq!(
                raw.headers().contains_key(RETRY_AFTER),
                t == AccountType::Partner,
                "{t}: Retry-After on a partner 429"
            );
            match c.company_information().await.unwrap_err() {
                ApiError::RateLimited {
                    reset_secs, limit, ..
                } => {
                    assert!(
                        (3000..=3600).contains(&reset_secs),
                        "{t}, timestamp {timestamp}: {reset_secs}"
                    );
                    assert_eq!(limit, Some(1), "{t}");
                }
                other => panic!("{t}: {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn the_status_line_says_when_under_ten_percent_remain() {
    let sb = sandbox().await;
    sb.set_rate_limit(40);
    let (w, rx, seen) = connect(&sb, AccountType::Brand, "14").await;
    assert!(
        !seen
            .iter()
            .any(|ev| matches!(ev, WorkerEvent::RateLimitLow(_))),
        "plenty left after connecting"
    );
    // Spend the budget down to its last 10% with catalog loads.
    let used = sb.requests().len();
    for _ in used..37 {
        w.send(Job::LoadCatalog {
            api_version: "14".into(),
        });
    }
    let (_rx, seen) = events_until(rx, |ev| matches!(ev, WorkerEvent::RateLimitLow(_))).await;
    let Some(WorkerEvent::RateLimitLow(rate)) = seen.into_iter().last() else {
        panic!()
    };
    assert_eq!(rate.limit, Some(40));
    assert!(rate.remaining.is_some_and(|r| r < 4), "{rate:?}");

    let mut s = connected(AccountType::Brand);
    feed(&mut s, WorkerEvent::RateLimitLow(rate));
    let screen = screen_text(&s, 120);
    assert!(screen.contains("requests left"), "{screen}");
}

// ----- IR-Version -----

#[tokio::test]
async fn every_request_pins_the_version_in_use() {
    let sb = sandbox().await;
    sb.set_most_per_page(3); // more pages, more requests to check
    // Connecting on 13: every request so far says 13.
    let (w, rx, seen) = connect(&sb, AccountType::Brand, "13").await;
    assert!(
        seen.iter()
            .any(|ev| matches!(ev, WorkerEvent::Contacts(Ok(_))))
    );
    let requests = sb.requests();
    assert!(requests.len() >= 8, "{requests:?}");
    for r in &requests {
        assert_eq!(r.ir_version.as_deref(), Some("13"), "{r:?}");
    }
    // The Setup panel picks 12: its catalog and what follows say 12.
    w.send(Job::LoadCatalog {
        api_version: "12".into(),
    });
    let (rx, _) = events_until(rx, |ev| matches!(ev, WorkerEvent::Catalog { .. })).await;
    w.send(Job::LoadContacts);
    let (rx, _) = events_until(rx, |ev| matches!(ev, WorkerEvent::Contacts(_))).await;
    let request = CreateTokenRequest {
        name: "pinned".into(),
        description: String::new(),
        api_version: "12".into(),
        primary_contact_user_id: contact_of(AccountType::Brand).into(),
        developer_emails: vec![],
        scopes: vec!["getCompanyInformation".into()],
    };
    w.send(Job::Submit(Submission::next(None, request)));
    let (rx, seen) = events_until(rx, |ev| matches!(ev, WorkerEvent::Created(_))).await;
    let Some(WorkerEvent::Created(Ok(created))) = seen.into_iter().last() else {
        panic!("created")
    };
    // The new token's test runs on its own version too.
    w.send(Job::Probe {
        credentials: creds(&created.account_sid, created.auth_token.expose_secret()),
        paths: vec!["/CompanyInformation".into()],
    });
    let (_rx, seen) = events_until(rx, |ev| matches!(ev, WorkerEvent::Probed(_))).await;
    match seen.last() {
        Some(WorkerEvent::Probed(results)) => {
            assert!(matches!(results[0].1, Ok(200)), "{results:?}")
        }
        other => panic!("{other:?}"),
    }
    let later = &sb.requests()[requests.len()..];
    assert!(later.len() >= 7, "{later:?}");
    for r in later {
        assert_eq!(r.ir_version.as_deref(), Some("12"), "{r:?}");
    }

    // A client alone: the newest version until told otherwise; the catalog
    // of a version is asked on that version.
    let before = sb.requests().len();
    let c = admin(&sb, AccountType::Partner);
    c.company_information().await.unwrap();
    c.scopes("15").await.unwrap();
    c.clone()
        .with_api_version("14")
        .users()
        .await
        .unwrap()
        .unwrap();
    let versions: Vec<Option<String>> = sb.requests()[before..]
        .iter()
        .map(|r| r.ir_version.clone())
        .collect();
    assert_eq!(versions[0].as_deref(), Some("16"));
    assert_eq!(versions[1].as_deref(), Some("15"));
    assert!(versions[2..].iter().all(|v| v.as_deref() == Some("14")));
    assert!(
        sb.requests()
            .iter()
            .all(|r| r.method == "GET" || r.method == "POST")
    );
    let _ = IR_VERSION;
}

// ----- CompanyInformation is a scope; the token test -----

/// A selection of exactly `ids`.
fn select(catalog: &Catalog, ids: &[&str]) -> Selection {
    let mut selection = Selection::new(catalog);
    for i in 0..catalog.len() {
        selection.set_scope(i, ids.contains(&catalog.scope(i).id));
    }
    selection
}

/// Runs the token test as the secret screen does: the plan from the
/// token's scopes, the worker's probe with the token's credentials.
async fn token_test(
    sb: &SandboxHandle,
    t: AccountType,
    created: &CreatedToken,
    scopes: &[&str],
) -> Vec<(String, bool, Result<u16, String>)> {
    let catalog = Catalog::bundled(t);
    let plan = probe_plan(&catalog, &select(&catalog, scopes), t);
    let (w, rx) = worker_on(sb, t);
    let d = demo_account(t);
    w.send(Job::Connect {
        credentials: Some(creds(&d.account_sid, &d.auth_token)),
        api_version: t.api_versions()[0].into(),
    });
    let (rx, _) = events_until(rx, |ev| matches!(ev, WorkerEvent::Ready { .. })).await;
    w.send(Job::Probe {
        credentials: creds(&created.account_sid, created.auth_token.expose_secret()),
        paths: plan.iter().map(|(p, _)| p.clone()).collect(),
    });
    let (_rx, seen) = events_until(rx, |ev| matches!(ev, WorkerEvent::Probed(_))).await;
    let Some(WorkerEvent::Probed(results)) = seen.into_iter().last() else {
        panic!()
    };
    assert_eq!(results.len(), plan.len(), "only the planned calls");
    plan.into_iter()
        .zip(results)
        .map(|((path, allowed), (called, r))| {
            assert_eq!(path, called);
            (path, allowed, r.map_err(|e| e.to_string()))
        })
        .collect()
}

/// The secret screen's verdicts on a token test's lines (`verify`'s engine).
fn verdicts(lines: &[(String, bool, Result<u16, String>)]) -> Vec<(String, bool)> {
    let lines: Vec<_> = lines.iter().map(|(_, a, r)| (*a, r)).collect();
    impact_token::model::verify::judge_results(&lines)
        .into_iter()
        .map(|v| (v.describe(), v.ok()))
        .collect()
}

#[tokio::test]
async fn a_token_without_company_information_is_refused_there_and_tested_from_its_scopes() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let scopes = ["getLegalEntity"];
    let created = create(&c, t, "no-company-info", &scopes).await;
    let token = Client::new(
        &sb.base_url(),
        t,
        creds(&created.account_sid, created.auth_token.expose_secret()),
        FAST,
    )
    .unwrap();
    assert!(matches!(
        token.company_information().await.unwrap_err(),
        ApiError::Forbidden { .. }
    ));

    let lines = token_test(&sb, t, &created, &scopes).await;
    assert_eq!(
        lines
            .iter()
            .map(|(p, a, r)| (p.as_str(), *a, r.clone()))
            .collect::<Vec<_>>(),
        [
            ("/LegalEntities/1", true, Ok(200)),
            ("/CompanyInformation", false, Ok(403)),
        ]
    );
    for (verdict, ok) in verdicts(&lines) {
        assert!(ok, "{verdict}");
    }
    // No request of the test was anything but a GET.
    assert!(
        sb.requests()
            .iter()
            .filter(|r| r.path.contains("LegalEntities") || r.path.ends_with("CompanyInformation"))
            .all(|r| r.method == "GET")
    );
}

#[tokio::test]
async fn a_disabled_token_is_told_apart_from_out_of_scope() {
    let sb = sandbox().await;
    let t = AccountType::Partner;
    let c = admin(&sb, t);
    let scopes = ["retrieveCompanyInformation"];
    let created = create(&c, t, "to-disable", &scopes).await;
    let lines = token_test(&sb, t, &created, &scopes).await;
    assert!(verdicts(&lines).iter().all(|(_, ok)| *ok), "{lines:?}");
    assert_eq!(lines[0].0, "/CompanyInformation");

    c.set_enabled(&created.token.id, false, &Guard::any())
        .await
        .unwrap();
    let lines = token_test(&sb, t, &created, &scopes).await;
    assert_eq!(lines[0].2, Ok(403), "refused even in scope");
    let verdicts = verdicts(&lines);
    assert!(verdicts[0].0.contains("disabled"), "{verdicts:?}");
    assert!(
        verdicts[1].0.contains("disabled") && !verdicts[1].1,
        "an out-of-scope 403 proves nothing then: {verdicts:?}"
    );
    assert!(!verdicts.iter().any(|(v, _)| v.contains("not in scope")));
}

// ----- roles in the contact picker -----

#[test]
fn brand_contact_panel_shows_roles() {
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "brand-token");
    ctrl(&mut s, 'n');
    let screen = screen_text(&s, 100);
    assert!(screen.contains("Account Administrator"), "{screen}");
    assert!(screen.contains("Implementation Specialist"), "{screen}");
    // At 80 columns roles are cut before names, e-mails before roles.
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| impact_token::tui::view::render(f, &s)).unwrap();
    insta::assert_snapshot!(t.backend());

    // Where the account type has no roles, none is shown.
    let mut s = connected(AccountType::Agency);
    typed(&mut s, "agency-token");
    ctrl(&mut s, 'n');
    key(&mut s, KeyCode::Down);
    assert!(!screen_text(&s, 80).contains("Analyst"));
}

// ----- a large account -----

#[tokio::test]
async fn users_over_a_mebibyte_in_all_are_read_in_pages_under_the_limit() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let d = demo_account(t);
    let padding = "x".repeat(200);
    let many: Vec<User> = (0..5000)
        .map(|i| User {
            id: format!("I-9{i:06}"),
            first_name: format!("Bulk{i}"),
            last_name: "User".into(),
            username: format!("bulk.{i}.{padding}"),
            email: Some(format!("bulk{i}@example.com")),
            state: "ACTIVE".into(),
            product_roles: None,
            access_rights: None,
        })
        .collect();
    sb.add_users(&d.account_sid, many);
    sb.set_page_size(1000);
    let whole = raw_get(&sb, t, "/Users?PageSize=1000").await;
    let one_page = whole.bytes().await.unwrap().len();
    assert!(
        one_page < 1024 * 1024,
        "a page stays under the limit: {one_page}"
    );
    assert!(
        one_page * 5 > 1024 * 1024,
        "all of them would not: {one_page} × 5"
    );
    let users = admin(&sb, t).users().await.unwrap().unwrap();
    assert_eq!(users.len(), 5013, "every page was read");
}

#[tokio::test]
async fn the_token_test_counts_only_the_apis_own_answers() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let created = create(&c, t, "answered-by-a-proxy", &["getCompanyInformation"]).await;
    let (w, rx) = worker_on(&sb, t);
    let d = demo_account(t);
    w.send(Job::Connect {
        credentials: Some(creds(&d.account_sid, &d.auth_token)),
        api_version: t.api_versions()[0].into(),
    });
    let (rx, _) = events_until(rx, |ev| matches!(ev, WorkerEvent::Ready { .. })).await;
    // A 200 whose body is not the API's JSON is no evidence that the token
    // may call the endpoint.
    sb.inject(Route::Company, Fault::Malformed, 1);
    w.send(Job::Probe {
        credentials: creds(&created.account_sid, created.auth_token.expose_secret()),
        paths: vec!["/CompanyInformation".into()],
    });
    let (_rx, seen) = events_until(rx, |ev| matches!(ev, WorkerEvent::Probed(_))).await;
    let Some(WorkerEvent::Probed(results)) = seen.into_iter().last() else {
        panic!()
    };
    assert!(
        matches!(results[0].1, Err(ApiError::BadBody { .. })),
        "{results:?}"
    );
}
