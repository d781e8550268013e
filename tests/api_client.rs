//! The HTTP client and the worker against the sandbox over loopback: every
//! status the contract names, network faults, and the Idempotency-Key rule.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use impact_token::api::client::{Client, Credentials, MAX_BODY, Timeouts};
use impact_token::api::error::ApiError;
use impact_token::api::ops::Ops;
use impact_token::api::worker::{
    self, Backend, Job, RetryPolicy, SubmitProgress, WorkerConfig, WorkerEvent,
};
use impact_token::contract::CreateTokenRequest;
use impact_token::model::account::AccountType;
use impact_token::model::request::Submission;
use impact_token::sandbox::{Fault, Route, SandboxHandle, demo_account, demo_accounts};
use secrecy::{ExposeSecret, SecretString};

const FAST: Timeouts = Timeouts {
    connect: Duration::from_secs(2),
    total: Duration::from_secs(5),
};

async fn sandbox() -> SandboxHandle {
    SandboxHandle::start(([127, 0, 0, 1], 0).into())
        .await
        .unwrap()
}

fn client(sb: &SandboxHandle, t: AccountType) -> Client {
    let d = demo_account(t);
    Client::new(
        &sb.base_url(),
        t,
        Credentials {
            account_sid: d.account_sid,
            auth_token: SecretString::from(d.auth_token),
        },
        FAST,
    )
    .unwrap()
}

async fn valid_request(c: &Client, name: &str) -> CreateTokenRequest {
    let users = c.users().await.unwrap().unwrap();
    let contact = users.iter().find(|u| u.is_active()).unwrap();
    let scopes = c.scopes("14").await.unwrap().unwrap();
    CreateTokenRequest {
        name: name.into(),
        description: "test".into(),
        api_version: "14".into(),
        primary_contact_user_id: contact.id.clone(),
        developer_emails: vec!["dev@example.com".into()],
        scopes: vec![scopes.categories[0].scopes[0].id.clone()],
    }
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(10),
        max_rate_limit_wait: Duration::from_secs(3),
        // The sandbox's 2 s reset waited as 20 ms.
        reset_second: Duration::from_millis(10),
        ..RetryPolicy::default()
    }
}

fn no_progress() -> impl Fn(SubmitProgress) + Send + Sync {
    |_| {}
}

#[tokio::test]
async fn reads_company_users_scopes_and_tokens() {
    let sb = sandbox().await;
    for t in AccountType::ALL {
        let c = client(&sb, t);
        let info = c.company_information().await.unwrap();
        assert!(!info.company_name.is_empty());
        let users = c.users().await.unwrap().unwrap();
        assert!(users.len() >= 4);
        assert!(
            users.iter().any(|u| !u.is_active()),
            "a non-ACTIVE user is seeded"
        );
        let scopes = c.scopes(t.api_versions()[0]).await.unwrap().unwrap();
        let n: usize = scopes.categories.iter().map(|c| c.scopes.len()).sum();
        assert_eq!(n, [15, 117, 74][t as usize]);
        let seeded = c.tokens().await.unwrap();
        assert!(!seeded.is_empty(), "the sandbox seeds tokens");
        assert_eq!(seeded, sb.tokens(c.account_sid()));
    }
}

#[tokio::test]
async fn wrong_credentials_are_401() {
    let sb = sandbox().await;
    let d = demo_account(AccountType::Brand);
    let c = Client::new(
        &sb.base_url(),
        AccountType::Brand,
        Credentials {
            account_sid: d.account_sid,
            auth_token: SecretString::from("wrong".to_string()),
        },
        FAST,
    )
    .unwrap();
    let e = c.company_information().await.unwrap_err();
    assert!(matches!(e, ApiError::Unauthorized { .. }), "{e:?}");
    assert!(!e.is_transient());
}

#[tokio::test]
async fn optional_endpoints_fall_back_on_404() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Agency);
    sb.inject(Route::Users, Fault::Status(404), 1);
    sb.inject(Route::Scopes, Fault::Status(404), 1);
    assert_eq!(c.users().await.unwrap(), None);
    assert_eq!(c.scopes("3").await.unwrap(), None);
}

#[tokio::test]
async fn create_returns_the_secret_once_and_lists_never_do() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Brand);
    let req = valid_request(&c, "reporting").await;
    let before = c.tokens().await.unwrap().len();
    let created = c.create(&Submission::next(None, req)).await.unwrap();
    assert!(!created.auth_token.expose_secret().is_empty());
    assert!(!created.account_sid.is_empty());
    let listed = c.tokens().await.unwrap();
    assert_eq!(listed.len(), before + 1);
    assert_eq!(listed[before].name, "reporting", "newest last");
    let raw = serde_json::to_string(&listed).unwrap();
    assert!(!raw.contains(created.auth_token.expose_secret()));
}

#[tokio::test]
async fn idempotency_key_replay_returns_the_same_token() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Brand);
    let sub = Submission::next(None, valid_request(&c, "replayed").await);
    let before = sb.tokens(c.account_sid()).len();
    let a = c.create(&sub).await.unwrap();
    let b = c.create(&sub).await.unwrap();
    assert_eq!(a.token.id, b.token.id);
    assert_eq!(a.auth_token.expose_secret(), b.auth_token.expose_secret());
    assert_eq!(sb.tokens(c.account_sid()).len(), before + 1);
}

#[tokio::test]
async fn duplicate_name_is_409_and_field_errors_are_422() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Brand);
    let req = valid_request(&c, "taken").await;
    c.create(&Submission::next(None, req.clone()))
        .await
        .unwrap();
    let again = CreateTokenRequest {
        name: "TAKEN".into(),
        ..req.clone()
    };
    let e = c.create(&Submission::next(None, again)).await.unwrap_err();
    assert!(matches!(e, ApiError::Conflict { .. }), "{e:?}");
    let bad = CreateTokenRequest {
        name: "x".repeat(65),
        scopes: vec!["noSuchScope".into()],
        ..req
    };
    match c.create(&Submission::next(None, bad)).await.unwrap_err() {
        ApiError::Invalid {
            status: 422,
            errors,
            ..
        } => {
            let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
            assert!(
                fields.contains(&"Name") && fields.contains(&"Scopes"),
                "{fields:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn restricted_brand_user_is_403() {
    let sb = sandbox().await;
    let restricted = demo_accounts()
        .into_iter()
        .find(|a| {
            a.account_type == AccountType::Brand && a.role != demo_account(AccountType::Brand).role
        })
        .expect("a restricted brand user");
    let admin = client(&sb, AccountType::Brand);
    let req = valid_request(&admin, "nope").await;
    let c = Client::new(
        &sb.base_url(),
        AccountType::Brand,
        Credentials {
            account_sid: restricted.account_sid,
            auth_token: SecretString::from(restricted.auth_token),
        },
        FAST,
    )
    .unwrap();
    let e = c.create(&Submission::next(None, req)).await.unwrap_err();
    assert!(matches!(e, ApiError::Forbidden { .. }), "{e:?}");
    let msg = e.message(Some(AccountType::Brand));
    assert!(msg.contains("Implementation Specialists"), "{msg}");
}

#[tokio::test]
async fn server_errors_and_proxy_pages_are_mapped() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Partner);
    sb.inject(Route::Company, Fault::Status(500), 1);
    assert!(matches!(
        c.company_information().await,
        Err(ApiError::Server { status: 500, .. })
    ));
    sb.inject(Route::Company, Fault::Html(502), 1);
    match c.company_information().await {
        Err(e @ ApiError::Server { status: 502, .. }) => assert!(e.is_transient()),
        other => panic!("{other:?}"),
    }
    sb.inject(Route::Company, Fault::Status(503), 1);
    assert!(matches!(
        c.company_information().await,
        Err(ApiError::Server { status: 503, .. })
    ));
    sb.inject(Route::Company, Fault::Malformed, 1);
    assert!(matches!(
        c.company_information().await,
        Err(ApiError::BadBody { .. })
    ));
    sb.inject(Route::Company, Fault::Huge, 1);
    assert!(matches!(
        c.company_information().await,
        Err(ApiError::TooLarge)
    ));
    sb.inject(Route::Company, Fault::ResetMidBody, 1);
    assert!(matches!(
        c.company_information().await,
        Err(ApiError::Interrupted { .. })
    ));
    assert!(c.company_information().await.is_ok(), "faults are used up");
}

/// A server on 127.0.0.1 that answers every request with a 200 whose JSON
/// body is padded with spaces to exactly `len` bytes.
async fn body_of_length(len: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match conn.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let mut body = br#"{"CompanyName":"Edge"}"#.to_vec();
            body.resize(len, b' ');
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
            );
            let _ = conn.write_all(answer.as_bytes()).await;
            let _ = conn.write_all(&body).await;
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_body_of_max_body_bytes_is_read_and_one_byte_more_is_refused() {
    let d = demo_account(AccountType::Brand);
    let client_of = |url: &str| {
        Client::new(
            url,
            AccountType::Brand,
            Credentials {
                account_sid: d.account_sid.clone(),
                auth_token: SecretString::from(d.auth_token.clone()),
            },
            FAST,
        )
        .unwrap()
    };
    let at_limit = client_of(&body_of_length(MAX_BODY).await);
    match at_limit.company_information().await {
        Ok(info) => assert_eq!(info.company_name, "Edge"),
        other => panic!("a body of exactly MAX_BODY bytes is read: {other:?}"),
    }
    let over = client_of(&body_of_length(MAX_BODY + 1).await);
    assert!(matches!(
        over.company_information().await,
        Err(ApiError::TooLarge)
    ));
}

#[tokio::test]
async fn rate_limit_is_429_with_reset() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Brand);
    sb.inject(Route::Company, Fault::Status(429), 1);
    match c.company_information().await.unwrap_err() {
        ApiError::RateLimited { reset_secs, .. } => assert!(reset_secs >= 1),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn timeouts_and_refused_connections() {
    let sb = sandbox().await;
    let d = demo_account(AccountType::Brand);
    let creds = || Credentials {
        account_sid: d.account_sid.clone(),
        auth_token: SecretString::from(d.auth_token.clone()),
    };
    let short = Timeouts {
        connect: Duration::from_secs(1),
        total: Duration::from_millis(300),
    };
    let c = Client::new(&sb.base_url(), AccountType::Brand, creds(), short).unwrap();
    sb.inject(Route::Company, Fault::Hang, 1);
    assert!(matches!(
        c.company_information().await,
        Err(ApiError::Timeout)
    ));
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Client::new(
        &format!("http://127.0.0.1:{port}"),
        AccountType::Brand,
        creds(),
        short,
    )
    .unwrap();
    match c.company_information().await.unwrap_err() {
        e @ ApiError::Connect { .. } => assert!(e.is_transient()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn dropped_answer_after_commit_retries_into_exactly_one_token() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Brand);
    let sub = Submission::next(None, valid_request(&c, "lost-answer").await);
    let before = sb.tokens(c.account_sid()).len();
    sb.inject(Route::Create, Fault::DropAfterCommit, 1);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let progress = move |p: SubmitProgress| log.lock().unwrap().push(p);
    let created = Ops::new(&c, quick()).create(&sub, &progress).await.unwrap();
    let tokens = sb.tokens(c.account_sid());
    assert_eq!(tokens.len(), before + 1, "exactly one token");
    assert_eq!(tokens[before].id, created.token.id);
    assert!(
        !created.auth_token.expose_secret().is_empty(),
        "the user sees its secret"
    );
    assert!(seen.lock().unwrap().iter().any(|p| matches!(
        p,
        SubmitProgress::RetryIn {
            next_attempt: 2,
            ..
        }
    )));
}

#[tokio::test]
async fn transient_failures_stop_after_three_tries() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Brand);
    let sub = Submission::next(None, valid_request(&c, "flaky").await);
    sb.inject(Route::Create, Fault::Status(503), 5);
    let before = sb.create_calls();
    let e = Ops::new(&c, quick())
        .create(&sub, &no_progress())
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Server { status: 503, .. }));
    assert_eq!(sb.create_calls() - before, 3);
    // Two 500s then success: created on the third try.
    sb.clear_faults();
    sb.inject(Route::Create, Fault::Status(500), 2);
    let before = sb.create_calls();
    Ops::new(&c, quick())
        .create(&sub, &no_progress())
        .await
        .unwrap();
    assert_eq!(sb.create_calls() - before, 3);
}

#[tokio::test]
async fn rate_limited_create_waits_for_the_reset_then_succeeds() {
    let sb = sandbox().await;
    let c = client(&sb, AccountType::Brand);
    let sub = Submission::next(None, valid_request(&c, "patient").await);
    sb.inject(Route::Create, Fault::Status(429), 1);
    let waited = Arc::new(Mutex::new(None));
    let w = waited.clone();
    let progress = move |p: SubmitProgress| {
        if let SubmitProgress::RateLimited { wait } = p {
            *w.lock().unwrap() = Some(wait);
        }
    };
    let started = std::time::Instant::now();
    Ops::new(&c, quick()).create(&sub, &progress).await.unwrap();
    let wait = waited
        .lock()
        .unwrap()
        .expect("a rate-limit wait was reported");
    // The whole reset the server announced (2 s), in the policy's seconds.
    assert_eq!(wait, quick().reset_wait(2));
    assert!(started.elapsed() >= wait);
}

#[tokio::test]
async fn worker_connects_and_creates_end_to_end() {
    let (tx, rx) = std::sync::mpsc::channel();
    let sink: worker::Sink = Arc::new(move |ev| {
        let _ = tx.send(ev);
    });
    let config = WorkerConfig {
        backend: Backend::Sandbox,
        account_type: AccountType::Partner,
        timeouts: FAST,
        retry: quick(),
        sandbox: Some(impact_token::commands::launch::sandbox_starter()),
        names_at_connect: true,
    };
    let handle = worker::spawn(&tokio::runtime::Handle::current(), config, sink);
    handle.send(Job::Connect {
        credentials: None,
        api_version: "16".into(),
    });
    let next = |rx: &std::sync::mpsc::Receiver<WorkerEvent>| {
        rx.recv_timeout(Duration::from_secs(10))
            .expect("worker event")
    };
    let rx = tokio::task::spawn_blocking(move || {
        let mut contacts = None;
        let mut catalog = None;
        while contacts.is_none() || catalog.is_none() {
            match next(&rx) {
                WorkerEvent::Contacts(c) => contacts = Some(c.unwrap()),
                WorkerEvent::Catalog { result, .. } => catalog = Some(result.unwrap().unwrap()),
                WorkerEvent::Company(c) => assert!(c.is_ok()),
                _ => {}
            }
        }
        (rx, contacts.unwrap(), catalog.unwrap())
    })
    .await
    .unwrap();
    let (rx, contacts, catalog) = rx;
    assert!(!contacts.from_company);
    let request = CreateTokenRequest {
        name: "from-worker".into(),
        description: String::new(),
        api_version: "16".into(),
        primary_contact_user_id: contacts.list[0].user_id.clone(),
        developer_emails: vec![],
        scopes: vec![catalog.categories[0].scopes[0].id.clone()],
    };
    handle.send(Job::Submit(Submission::next(None, request)));
    let created = tokio::task::spawn_blocking(move || {
        loop {
            if let WorkerEvent::Created(r) = next(&rx) {
                break r;
            }
        }
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(created.token.name, "from-worker");
}
