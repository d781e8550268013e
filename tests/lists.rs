//! Lists are bounded, complete and fast at scale: one page-walk rule for
//! the CLI's listings and the API page's page-by-page load, lookups that do
//! not read 10,000 tokens, and cursor paging that misses no token while
//! others are deleted and created.

#[path = "support/events.rs"]
mod events;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use events::events_until;
use impact_token::api::client::{Client, Credentials, Guard, RateObserver, Timeouts};
use impact_token::api::error::ApiError;
use impact_token::api::worker::{self, Job, RetryPolicy, WorkerEvent};
use impact_token::contract::CreateTokenRequest;
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::model::request::Submission;
use impact_token::sandbox::{Limits, Route, SandboxHandle, demo_account};
use secrecy::SecretString;

const FAST: Timeouts = Timeouts {
    connect: Duration::from_secs(2),
    total: Duration::from_secs(10),
};

const SID: &str = "IRDEMOBRAND00000000000000000000001";

fn client_as(base: &str, t: AccountType, sid: &str, secret: &str) -> Client {
    let creds = Credentials {
        account_sid: sid.into(),
        auth_token: SecretString::from(secret.to_string()),
    };
    Client::new(base, t, creds, FAST).unwrap()
}

fn admin(sb: &SandboxHandle, t: AccountType) -> Client {
    let d = demo_account(t);
    client_as(&sb.base_url(), t, &d.account_sid, &d.auth_token)
}

// ----- 7. one page-walk rule: a next link back to page 1 -----

/// A loopback server whose token list always links back to its first page
/// (and answers 404 elsewhere); counts the list requests.
async fn looping_server() -> (String, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let seen = Arc::clone(&seen);
        async move {
            if !uri.path().ends_with("/APIAccessTokens") {
                return (
                    axum::http::StatusCode::NOT_FOUND,
                    axum::Json(serde_json::json!({})),
                );
            }
            seen.fetch_add(1, Ordering::SeqCst);
            let body = serde_json::json!({
                "@page": "1", "@numpages": "2", "@pagesize": "1", "@total": "2",
                "@nextpageuri": format!("/Advertisers/{SID}/APIAccessTokens?Page=1"),
                "AccessTokens": [],
            });
            (axum::http::StatusCode::OK, axum::Json(body))
        }
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), count)
}

fn worker_on(base_url: &str) -> (worker::WorkerHandle, std::sync::mpsc::Receiver<WorkerEvent>) {
    let retry = RetryPolicy {
        base_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    events::spawn_worker(events::remote(base_url, AccountType::Brand, FAST, retry))
}

fn is_refused_repeat(e: &ApiError) -> bool {
    matches!(e, ApiError::Refused { detail } if detail.contains("already read"))
}

#[tokio::test]
async fn a_next_link_back_to_page_one_stops_the_api_page_and_the_cli() {
    // The API page's load, as the page drives it: each page that arrives
    // asks the worker for the one its @nextpageuri names.
    let (base, count) = looping_server().await;
    let (w, mut rx) = worker_on(&base);
    w.send(Job::Connect {
        credentials: Some(Credentials {
            account_sid: SID.into(),
            auth_token: SecretString::from("demo-secret".to_string()),
        }),
        api_version: "14".into(),
    });
    let mut next = None;
    let mut outcome = None;
    // More than enough rounds for the rule to act; without it, every
    // round would read page 1 again.
    for _ in 0..10 {
        w.send(Job::LoadTokensPage {
            generation: 1,
            next: next.take(),
        });
        let (back, seen) =
            events_until(rx, |ev| matches!(ev, WorkerEvent::TokensPage { .. })).await;
        rx = back;
        match seen.into_iter().last() {
            Some(WorkerEvent::TokensPage {
                result: Ok(page), ..
            }) => {
                next = Some(page.paging.next_page_uri);
            }
            Some(WorkerEvent::TokensPage { result: Err(e), .. }) => {
                outcome = Some(e);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    let e = outcome.expect("the load stops with an error");
    assert!(is_refused_repeat(&e), "{e:?}");
    assert!(
        e.message(None).contains("already read"),
        "{}",
        e.message(None)
    );
    let tui = count.load(Ordering::SeqCst);
    assert!((1..=2).contains(&tui), "{tui} requests");

    // The CLI's whole listing, by the same rule.
    let c = client_as(&base, AccountType::Brand, SID, "demo-secret");
    let e = c.tokens().await.unwrap_err();
    assert!(is_refused_repeat(&e), "{e:?}");
    let cli = count.load(Ordering::SeqCst) - tui;
    assert!((1..=2).contains(&cli), "{cli} requests");
}

// ----- 8. 10,000 tokens -----

/// A sandbox whose accounts have `n` synthetic tokens besides the demo ones.
async fn seeded(n: usize) -> SandboxHandle {
    SandboxHandle::start_seeded(([127, 0, 0, 1], 0).into(), Limits::default(), n)
        .await
        .unwrap()
}

/// Requests the sandbox saw while `f` ran.
async fn requests_during<T>(
    sb: &SandboxHandle,
    f: impl std::future::Future<Output = T>,
) -> (T, usize) {
    let before = sb.requests().len();
    let out = f.await;
    (out, sb.requests().len() - before)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_10000_tokens_lookups_take_two_requests_and_the_list_is_whole() {
    let sb = seeded(10_000).await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let all = sb.tokens(c.account_sid());
    assert_eq!(all.len(), 10_005);
    let wanted = &all[7_777];

    let started = Instant::now();
    let (found, by_name) = requests_during(&sb, c.find_token(&wanted.name.to_uppercase())).await;
    let name_time = started.elapsed();
    assert_eq!(found.unwrap().as_ref(), Some(wanted));
    assert!(by_name <= 3, "show NAME: {by_name} requests");

    let (found, by_id) = requests_during(&sb, c.find_token(&wanted.id)).await;
    assert_eq!(found.unwrap().as_ref(), Some(wanted));
    assert_eq!(by_id, 1, "show ID");

    let started = Instant::now();
    let (listed, pages) = requests_during(&sb, c.tokens()).await;
    let list_time = started.elapsed();
    assert_eq!(listed.unwrap(), all, "every token, in order");
    assert_eq!(pages, 11, "1,000 a page");

    let (missing, misses) = requests_during(&sb, c.find_token("no such token at all")).await;
    assert_eq!(missing.unwrap(), None);
    eprintln!(
        "10,005 tokens: show NAME {by_name} requests ({name_time:?}), show ID {by_id}, \
         list {pages} requests ({list_time:?}), an unknown name {misses}"
    );
}

// ----- 9. no gaps under concurrent deletes -----

fn request(name: &str) -> CreateTokenRequest {
    let t = AccountType::Brand;
    let scope = Catalog::bundled(t)
        .scopes()
        .find(|s| s.method == "GET")
        .unwrap()
        .id
        .to_string();
    CreateTokenRequest {
        name: name.into(),
        description: String::new(),
        api_version: t.api_versions()[0].into(),
        primary_contact_user_id: "I-3000101".into(),
        developer_emails: vec![],
        scopes: vec![scope],
    }
}

async fn create(c: &Client, name: &str) -> String {
    c.create(&Submission::next(None, request(name)))
        .await
        .unwrap()
        .token
        .id
}

/// Listings, `PageSize` 5, while each page read is followed by the delete of
/// the oldest victim token (every other one also by a create): none may miss
/// a keeper, which exists throughout. Offset paging missed one row per delete.
/// `IMPACT_TOKEN_CHURN_ROUNDS` runs more listings (8 by default).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_under_deletes_and_creates_miss_no_token() {
    let rounds: usize = std::env::var("IMPACT_TOKEN_CHURN_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let sb = seeded(0).await;
    let t = AccountType::Brand;
    let setup = admin(&sb, t);
    let mut keepers = HashSet::new();
    let mut victims = std::collections::VecDeque::new();
    for k in 0..30 {
        keepers.insert(create(&setup, &format!("keeper {k:02}")).await);
        for v in 0..4 {
            victims.push_back(create(&setup, &format!("victim {k:02}-{v}")).await);
        }
    }
    // A page request waits a moment at the server, so the delete that its
    // predecessor's answer set off lands between the two.
    sb.set_latency(Route::Tokens, Duration::from_millis(5));
    // Long runs (IMPACT_TOKEN_CHURN_ROUNDS) make more than an hour's budget.
    sb.set_rate_limit(u32::MAX);
    let mut with_gaps = 0;
    for round in 0..rounds {
        let pages = Arc::new(tokio::sync::Notify::new());
        let seen = Arc::clone(&pages);
        let lister = admin(&sb, t)
            .with_page_size(5)
            .with_rate_observer(RateObserver::new(move |_| seen.notify_one()));
        let done = Arc::new(AtomicBool::new(false));
        let churn = {
            let (done, pages, c) = (Arc::clone(&done), Arc::clone(&pages), admin(&sb, t));
            let mut victims = std::mem::take(&mut victims);
            tokio::spawn(async move {
                let mut n = 0;
                while !done.load(Ordering::SeqCst) {
                    pages.notified().await;
                    if let Some(id) = victims.pop_front() {
                        c.delete(&id, &Guard::any()).await.unwrap();
                    }
                    if n % 2 == 0 {
                        victims.push_back(create(&c, &format!("fresh {round}-{n}")).await);
                    }
                    n += 1;
                }
                victims
            })
        };
        let listed = lister.tokens().await.unwrap();
        done.store(true, Ordering::SeqCst);
        pages.notify_one();
        victims = churn.await.unwrap();
        let ids: Vec<&str> = listed.iter().map(|t| t.id.as_str()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "round {round}: a token listed twice"
        );
        let missed = keepers
            .iter()
            .filter(|k| !unique.contains(k.as_str()))
            .count();
        if missed > 0 {
            with_gaps += 1;
            eprintln!(
                "round {round}: {missed} of {} keepers missed",
                keepers.len()
            );
        }
    }
    eprintln!("{with_gaps} of {rounds} listings under churn had gaps");
    assert_eq!(
        with_gaps, 0,
        "{with_gaps} of {rounds} listings missed tokens"
    );
}
