//! The sandbox as a server under hostile or careless clients: slow and
//! half-sent requests, too many connections, guessed credentials, big bodies,
//! endless tokens, look-alike names, and a non-loopback bind. Every socket is
//! on this machine (127.0.0.1, or a wildcard bind reached through 127.0.0.1),
//! and every wait is bounded.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use impact_token::contract::{
    ErrorBody, IDEMPOTENCY_KEY, RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET,
};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::sandbox::{DemoAccount, Limits, SandboxHandle, demo_account};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longest any single wait in this file may take before the test fails.
const BOUND: Duration = Duration::from_secs(10);

fn client() -> Client {
    // reqwest is built without a default TLS provider; plain HTTP still needs one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder()
        .no_proxy()
        .timeout(BOUND)
        .build()
        .expect("client builds")
}

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

async fn start(limits: Limits) -> SandboxHandle {
    SandboxHandle::start_with(loopback(), limits)
        .await
        .expect("sandbox starts")
}

fn brand() -> DemoAccount {
    demo_account(AccountType::Brand)
}

fn company_url(s: &SandboxHandle, who: &DemoAccount) -> String {
    format!(
        "{}{}/CompanyInformation",
        s.base_url(),
        who.account_type.root(&who.account_sid)
    )
}

fn tokens_url(s: &SandboxHandle, who: &DemoAccount) -> String {
    format!(
        "{}{}/APIAccessTokens",
        s.base_url(),
        who.account_type.root(&who.account_sid)
    )
}

/// A create body that passes validation for the brand demo account.
fn good_body(name: &str) -> Value {
    let catalog = Catalog::bundled(AccountType::Brand);
    json!({
        "Name": name,
        "Description": "made by a test",
        "ApiVersion": catalog.versions[0],
        "PrimaryContactUserId": "I-3000101",
        "DeveloperEmails": [],
        "Scopes": [catalog.scope(0).id],
    })
}

async fn create(c: &Client, s: &SandboxHandle, body: &Value) -> reqwest::Response {
    let who = brand();
    c.post(tokens_url(s, &who))
        .basic_auth(&who.account_sid, Some(&who.auth_token))
        .header(IDEMPOTENCY_KEY, uuid::Uuid::new_v4().to_string())
        .json(body)
        .send()
        .await
        .expect("request completes")
}

async fn error_body(r: reqwest::Response) -> ErrorBody {
    let body: ErrorBody = r.json().await.expect("error envelope");
    assert_eq!(body.status, "ERROR");
    body
}

/// Reads until the server closes the connection (EOF or reset) and returns
/// what arrived; fails if it is still open after [`BOUND`].
async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = tokio::time::timeout(BOUND, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the server kept the connection open for {BOUND:?}; got {:?}",
        String::from_utf8_lossy(&got)
    );
    got
}

fn basic(who: &DemoAccount) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", who.account_sid, who.auth_token))
}

/// A raw HTTP/1.1 request to `endpoint` under `who`'s account root, with
/// `who`'s Basic header; `rest` follows that header line (more headers, the
/// blank line, the start of a body), so the request may be left unfinished.
fn raw_request(method: &str, who: &DemoAccount, endpoint: &str, rest: &str) -> String {
    format!(
        "{method} {}/{endpoint} HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Basic {}\r\n{rest}",
        who.account_type.root(&who.account_sid),
        basic(who)
    )
}

/// Opens a connection, writes `request` and reads until the server closes it.
async fn exchange(s: &SandboxHandle, request: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(s.addr()).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    read_until_closed(&mut stream).await
}

/// Fails unless the server's answer starts with `status_line`.
fn assert_answer(got: &[u8], status_line: &str) {
    assert!(
        got.starts_with(status_line.as_bytes()),
        "{:?}",
        String::from_utf8_lossy(got)
    );
}

/// A GET of `who`'s company information with `password` for Basic auth.
fn get_company(
    c: &Client,
    s: &SandboxHandle,
    who: &DemoAccount,
    password: &str,
) -> reqwest::RequestBuilder {
    c.get(company_url(s, who))
        .basic_auth(&who.account_sid, Some(password))
}

// ----- timeouts and the connection cap -----

#[tokio::test]
async fn a_half_sent_request_is_closed_after_the_header_timeout() {
    // The idle limit is far off: only the header timeout can close this.
    let s = start(Limits {
        header_read: Duration::from_millis(500),
        idle: Duration::from_secs(600),
        ..Limits::default()
    })
    .await;
    // The head never ends: no blank line.
    let got = exchange(
        &s,
        "GET /Advertisers/IRX/Users HTTP/1.1\r\nHost: sandbox\r\nX-Slow: ",
    )
    .await;
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 408"),
        "{:?}",
        String::from_utf8_lossy(&got)
    );
    s.shutdown();
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    // The header timeout is far off: only the idle limit can close this.
    let s = start(Limits {
        idle: Duration::from_millis(500),
        header_read: Duration::from_secs(600),
        ..Limits::default()
    })
    .await;
    let request = raw_request("GET", &brand(), "CompanyInformation", "\r\n");
    // Served, kept alive, then closed once idle.
    let got = exchange(&s, &request).await;
    assert_answer(&got, "HTTP/1.1 200");
    s.shutdown();
}

#[tokio::test]
async fn a_stalled_body_answers_408_and_closes() {
    // The header timeout is far off: only the idle limit can close this.
    let s = start(Limits {
        idle: Duration::from_millis(500),
        header_read: Duration::from_secs(600),
        ..Limits::default()
    })
    .await;
    let who = brand();
    let head = raw_request(
        "POST",
        &who,
        "APIAccessTokens",
        "Content-Type: application/json\r\nIdempotency-Key: k1\r\nContent-Length: 1000\r\n\r\n{\"Name\":",
    );
    let got = exchange(&s, &head).await;
    assert_answer(&got, "HTTP/1.1 408");
    assert!(s.minted_tokens(&who.account_sid).is_empty());
    s.shutdown();
}

#[tokio::test]
async fn past_the_connection_cap_new_connections_are_refused_until_slow_ones_go() {
    const CAP: usize = 4;
    let s = start(Limits {
        max_connections: CAP,
        // Long enough that the slow ones still hold every slot when the
        // next client comes (right after them), short enough not to idle.
        header_read: Duration::from_secs(1),
        idle: Duration::from_secs(600),
        ..Limits::default()
    })
    .await;
    let mut slow = Vec::new();
    for _ in 0..CAP {
        let mut stream = TcpStream::connect(s.addr()).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(stream);
    }
    // The server accepts in arrival order, so by the time it accepts the
    // next connection the slow ones hold every slot: it gets a 503 and is closed.
    let who = brand();
    let request = raw_request("GET", &who, "CompanyInformation", "\r\n");
    let mut extra = TcpStream::connect(s.addr()).await.unwrap();
    let _ = extra.write_all(request.as_bytes()).await;
    let got = read_until_closed(&mut extra).await;
    assert!(
        got.starts_with(b"HTTP/1.1 503"),
        "over the cap: {:?}",
        String::from_utf8_lossy(&got)
    );
    // The slow ones are closed by the header timeout; then a client is served.
    for mut stream in slow {
        read_until_closed(&mut stream).await;
    }
    // A slot is released before its socket closes, so this is served at once.
    let r = get_company(&client(), &s, &who, &who.auth_token)
        .send()
        .await
        .expect("served once the slow ones are gone");
    assert_eq!(r.status(), StatusCode::OK);
    s.shutdown();
}

// ----- the admin endpoint and the bind address -----

#[tokio::test]
async fn admin_endpoint_is_refused_on_a_wildcard_bind() {
    // A wildcard bind is reachable from other machines; this test reaches it
    // through 127.0.0.1 only.
    let s = SandboxHandle::start("0.0.0.0:0".parse().unwrap())
        .await
        .expect("sandbox starts");
    let url = format!("http://127.0.0.1:{}/__sandbox/faults", s.addr().port());
    let c = client();
    let r = c
        .post(&url)
        .json(&json!({"Inject": [{"Route": "company", "Fault": "500"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(error_body(r).await.message.contains("loopback"));
    // Nothing was injected: the next request is served normally.
    let who = brand();
    let company = format!(
        "http://127.0.0.1:{}{}/CompanyInformation",
        s.addr().port(),
        who.account_type.root(&who.account_sid)
    );
    let r = c
        .get(&company)
        .basic_auth(&who.account_sid, Some(&who.auth_token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    s.shutdown();

    // On a loopback bind it answers.
    let s = SandboxHandle::start(loopback()).await.unwrap();
    let r = c
        .post(format!("{}/__sandbox/faults", s.base_url()))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    s.shutdown();
}

/// Runs `impact-token sandbox --addr ADDR` until it prints its URL, then
/// stops it and returns what it wrote to stderr.
fn standalone_stderr(addr: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_impact-token"))
        .args(["sandbox", "--addr", addr])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let first = rx.recv_timeout(BOUND);
    // The child is ours: stop it by its handle, then collect stderr to EOF.
    let _ = child.kill();
    let out = child.wait_with_output().expect("child ends");
    let first = first.expect("the sandbox printed its URL");
    assert!(first.contains("sandbox listening on"), "{first}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn standalone_warns_on_a_non_loopback_bind_only() {
    let err = standalone_stderr("0.0.0.0:0");
    assert!(err.contains("warning"), "{err}");
    assert!(err.contains("not a loopback address"), "{err}");
    let err = standalone_stderr("127.0.0.1:0");
    assert!(!err.contains("warning"), "{err}");
}

// ----- failed logins, body size, token cap -----

#[tokio::test]
async fn failed_logins_run_into_429_even_for_the_right_password() {
    let s = SandboxHandle::start(loopback()).await.unwrap();
    let limit = Limits::default().failed_logins;
    let who = brand();
    let c = client();
    let attempt = |password: &str| get_company(&c, &s, &who, password).send();
    for i in 0..limit {
        let r = attempt(&format!("guess-{i}")).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "guess {i}");
    }
    for password in ["one-more-guess", who.auth_token.as_str()] {
        let r = attempt(password).await.unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{password}");
        assert_eq!(r.headers()[RATE_LIMIT_LIMIT], limit.to_string().as_str());
        assert_eq!(r.headers()[RATE_LIMIT_REMAINING], "0");
        let reset: u64 = r.headers()[RATE_LIMIT_RESET]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=3600).contains(&reset), "{reset}");
        assert!(!error_body(r).await.message.is_empty());
    }
    s.shutdown();
}

#[tokio::test]
async fn setting_the_rate_limit_forgets_failed_logins() {
    let s = start(Limits {
        failed_logins: 2,
        ..Limits::default()
    })
    .await;
    let who = brand();
    let c = client();
    let attempt = |password: &str| get_company(&c, &s, &who, password).send();
    for _ in 0..2 {
        assert_eq!(
            attempt("wrong").await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let right = who.auth_token.as_str();
    assert_eq!(
        attempt(right).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // The admin endpoint's RateLimit restarts every window, these included.
    let r = c
        .post(format!("{}/__sandbox/faults", s.base_url()))
        .json(&json!({"RateLimit": 1000}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(attempt(right).await.unwrap().status(), StatusCode::OK);
    // And so does the handle's.
    for _ in 0..2 {
        attempt("wrong").await.unwrap();
    }
    assert_eq!(
        attempt(right).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    s.set_rate_limit(1000);
    assert_eq!(attempt(right).await.unwrap().status(), StatusCode::OK);
    s.shutdown();
}

#[tokio::test]
async fn a_body_over_the_limit_answers_413() {
    let s = SandboxHandle::start(loopback()).await.unwrap();
    let who = brand();
    let c = client();
    // Valid JSON just over 1 MiB: the size, not the syntax, is the problem.
    let mut body = good_body("big");
    body["Description"] = json!("d".repeat(1024 * 1024));
    let r = create(&c, &s, &body).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(error_body(r).await.errors.is_empty());

    // A declared length far past the limit is refused without reading it.
    let head = raw_request(
        "POST",
        &who,
        "APIAccessTokens",
        "Content-Type: application/json\r\nIdempotency-Key: k2\r\nContent-Length: 1000000000\r\n\r\n",
    );
    let got = exchange(&s, &head).await;
    assert_answer(&got, "HTTP/1.1 413");
    assert!(s.minted_tokens(&who.account_sid).is_empty());
    s.shutdown();
}

#[tokio::test]
async fn tokens_per_account_are_capped_with_a_clear_422() {
    // The real cap: creates are cheap enough to reach it.
    let cap = Limits::default().max_tokens;
    let s = SandboxHandle::start(loopback()).await.unwrap();
    let who = brand();
    let c = client();
    // The seeded tokens count towards the cap.
    let seeded = s.tokens(&who.account_sid).len();
    assert!(seeded > 0);
    for i in seeded..cap {
        let r = create(&c, &s, &good_body(&format!("token-{i}"))).await;
        assert_eq!(r.status(), StatusCode::CREATED, "token {i}");
    }
    let r = create(&c, &s, &good_body("one-too-many")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = error_body(r).await;
    assert!(e.message.contains(&cap.to_string()), "{}", e.message);
    assert_eq!(s.tokens(&who.account_sid).len(), cap);
    // Other accounts have their own cap.
    let partner = demo_account(AccountType::Partner);
    assert!(s.minted_tokens(&partner.account_sid).is_empty());
    s.shutdown();
}

// ----- token names -----

#[tokio::test]
async fn names_with_format_characters_are_422_on_name() {
    let s = SandboxHandle::start(loopback()).await.unwrap();
    let c = client();
    for name in [
        "same\u{200b}-name",
        "prod\u{202e}txt.exe",
        "\u{feff}bom",
        "soft\u{ad}hyphen",
    ] {
        let r = create(&c, &s, &good_body(name)).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        let e = error_body(r).await;
        let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["Name"], "{name:?}");
        assert!(e.errors[0].message.contains("\\u{"), "{:?}", e.errors[0]);
    }
    assert!(s.minted_tokens(&brand().account_sid).is_empty());
    s.shutdown();
}

#[tokio::test]
async fn look_alike_names_conflict() {
    let s = SandboxHandle::start(loopback()).await.unwrap();
    let c = client();
    let r = create(&c, &s, &good_body("Same-Name")).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    for name in [
        "same-name",
        "\u{ff33}\u{ff41}\u{ff4d}\u{ff45}-\u{ff2e}\u{ff41}\u{ff4d}\u{ff45}",
        " SAME-NAME ",
    ] {
        let r = create(&c, &s, &good_body(name)).await;
        assert_eq!(r.status(), StatusCode::CONFLICT, "{name:?}");
    }
    let r = create(&c, &s, &good_body("caf\u{e9}")).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = create(&c, &s, &good_body("CAFE\u{301}")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "composed and decomposed");
    assert_eq!(s.minted_tokens(&brand().account_sid).len(), 2);
    s.shutdown();
}

#[tokio::test]
async fn name_length_counts_characters_after_nfc() {
    let s = SandboxHandle::start(loopback()).await.unwrap();
    let c = client();
    let decomposed = |n: usize| "e\u{301}".repeat(n);
    for n in [40, 64] {
        let r = create(&c, &s, &good_body(&decomposed(n))).await;
        assert_eq!(r.status(), StatusCode::CREATED, "{n} × e+U+0301");
    }
    let r = create(&c, &s, &good_body(&decomposed(65))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = error_body(r).await;
    assert_eq!(e.errors[0].field, "Name");
    s.shutdown();
}

// ----- the same rules in the wizard -----

#[test]
fn the_wizard_refuses_an_invisible_character_and_shows_it_escaped() {
    use impact_token::model::validate::Field;
    use impact_token::tui::state::Step;
    let mut s = wizard_state::connected(AccountType::Brand);
    wizard_state::typed(&mut s, "same\u{200b}-name");
    wizard_state::ctrl(&mut s, 'n');
    assert_eq!(s.step, Step::Setup, "refused");
    let e = &s.field_errors[&Field::Name];
    assert!(e.contains("\\u{200b}"), "{e:?}");
    assert!(
        !e.contains('\u{200b}'),
        "the character itself is not shown: {e:?}"
    );
}

#[test]
fn the_wizard_warns_about_look_alike_existing_names() {
    // The seeded list holds "existing-token".
    let mut s = wizard_state::connected(AccountType::Brand);
    wizard_state::typed(&mut s, "\u{ff25}XISTING-token");
    assert!(s.name_taken(), "fullwidth and upper case are the same name");
}
