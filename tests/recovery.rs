//! Recovering from a bad network or server (retries with backoff, Ctrl-R,
//! rate limits honoured to the server's reset, HTML and TLS failures named),
//! and bounded field input (paste caps, preset overwrite, visible e-mail
//! errors). Loopback only: the sandbox, or tiny servers on 127.0.0.1.

#[path = "support/events.rs"]
mod events;
#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use events::events_until;
use impact_token::api::client::{Client, Credentials, Timeouts};
use impact_token::api::error::{ApiError, TlsProblem};
use impact_token::api::ops::Ops;
use impact_token::api::worker::{
    self, Job, Load, RetryPolicy, SubmitProgress, WorkerConfig, WorkerEvent,
};
use impact_token::contract::{CompanyInformation, CreateTokenRequest};
use impact_token::model::account::AccountType;
use impact_token::model::request::Submission;
use impact_token::sandbox::{Fault, Route, SandboxHandle, demo_account};
use impact_token::tui::state::{Connection, ContactFocus, Modal, State, Step, field_text};
use impact_token::tui::update::{Effect, Msg, update};
use secrecy::SecretString;
use wizard_state::*;

const FAST: Timeouts = Timeouts {
    connect: Duration::from_secs(2),
    total: Duration::from_secs(5),
};

fn quick() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(40),
        max_rate_limit_wait: Duration::from_secs(3),
        reset_second: Duration::from_millis(10),
        ..RetryPolicy::default()
    }
}

async fn sandbox() -> SandboxHandle {
    SandboxHandle::start(([127, 0, 0, 1], 0).into())
        .await
        .unwrap()
}

fn demo_creds(t: AccountType) -> Credentials {
    let d = demo_account(t);
    Credentials {
        account_sid: d.account_sid,
        auth_token: SecretString::from(d.auth_token),
    }
}

fn client_for(url: &str, t: AccountType) -> Client {
    Client::new(url, t, demo_creds(t), FAST).unwrap()
}

/// Tells the worker to connect as the brand demo administrator (API 14).
fn connect_brand(w: &worker::WorkerHandle) {
    w.send(Job::Connect {
        credentials: Some(demo_creds(AccountType::Brand)),
        api_version: "14".into(),
    });
}

/// A worker against `base_url`, and the receiving end of its events.
fn worker_on(base_url: &str) -> (worker::WorkerHandle, std::sync::mpsc::Receiver<WorkerEvent>) {
    events::spawn_worker(WorkerConfig {
        names_at_connect: true,
        ..events::remote(base_url, AccountType::Brand, FAST, quick())
    })
}

fn is_contacts(ev: &WorkerEvent) -> bool {
    matches!(ev, WorkerEvent::Contacts(_))
}

fn retries_of(seen: &[WorkerEvent], load: Load) -> Vec<(u32, Duration)> {
    seen.iter()
        .filter_map(|ev| match ev {
            WorkerEvent::Retrying {
                load: l,
                next_attempt,
                delay,
                ..
            } if *l == load => Some((*next_attempt, *delay)),
            _ => None,
        })
        .collect()
}

// ----- 1. failed loads are retried, in the background and with Ctrl-R -----

#[tokio::test]
async fn worker_retries_failed_users_with_backoff_then_loads_them() {
    let sb = sandbox().await;
    sb.inject(Route::Users, Fault::Status(503), 2);
    let (w, rx) = worker_on(&sb.base_url());
    let started = Instant::now();
    connect_brand(&w);
    let (_rx, seen) = events_until(rx, is_contacts).await;
    let retries = retries_of(&seen, Load::Users);
    assert_eq!(
        retries.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![2, 3],
        "two retries, announced: {seen:?}"
    );
    // Backoff: 40 ms base with equal jitter, doubling.
    let base = quick().base_delay;
    assert!(
        retries[0].1 >= base / 2 && retries[0].1 <= base,
        "{retries:?}"
    );
    assert!(
        retries[1].1 >= base && retries[1].1 <= base * 2,
        "{retries:?}"
    );
    assert!(started.elapsed() >= retries[0].1 + retries[1].1);
    match seen.last() {
        Some(WorkerEvent::Contacts(Ok(c))) => assert!(!c.list.is_empty()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_dropped_connection_on_users_is_retried() {
    let sb = sandbox().await;
    sb.inject(Route::Users, Fault::DropAfterCommit, 1);
    let (w, rx) = worker_on(&sb.base_url());
    connect_brand(&w);
    let (_rx, seen) = events_until(rx, is_contacts).await;
    assert!(
        seen.iter().any(|ev| matches!(
            ev,
            WorkerEvent::Retrying {
                load: Load::Users,
                error: ApiError::Interrupted { .. },
                ..
            }
        )),
        "{seen:?}"
    );
    assert!(matches!(seen.last(), Some(WorkerEvent::Contacts(Ok(_)))));
}

#[tokio::test]
async fn after_the_retries_give_up_a_job_asks_again() {
    let sb = sandbox().await;
    // Users: three tries fail, so the worker reports the failure.
    sb.inject(Route::Users, Fault::Status(503), 3);
    let (w, rx) = worker_on(&sb.base_url());
    connect_brand(&w);
    let (rx, seen) = events_until(rx, is_contacts).await;
    assert!(
        matches!(
            seen.last(),
            Some(WorkerEvent::Contacts(Err(ApiError::Server {
                status: 503,
                ..
            })))
        ),
        "{seen:?}"
    );
    w.send(Job::LoadContacts);
    let (rx, seen) = events_until(rx, is_contacts).await;
    assert!(matches!(seen.last(), Some(WorkerEvent::Contacts(Ok(_)))));

    // The connection itself: three failed CompanyInformation calls, then Reconnect.
    sb.inject(Route::Company, Fault::Status(502), 3);
    w.send(Job::Reconnect {
        api_version: "14".into(),
    });
    let (rx, seen) = events_until(rx, |ev| matches!(ev, WorkerEvent::Company(_))).await;
    assert_eq!(retries_of(&seen, Load::Company).len(), 2, "{seen:?}");
    assert!(matches!(seen.last(), Some(WorkerEvent::Company(Err(_)))));
    w.send(Job::Reconnect {
        api_version: "14".into(),
    });
    let (_rx, seen) = events_until(rx, is_contacts).await;
    assert!(
        seen.iter()
            .any(|ev| matches!(ev, WorkerEvent::Company(Ok(_))))
    );
    assert!(matches!(seen.last(), Some(WorkerEvent::Contacts(Ok(_)))));
}

fn fresh_state() -> State {
    let mut s = fresh(AccountType::Brand, true);
    feed(
        &mut s,
        WorkerEvent::Ready {
            base_url: "http://127.0.0.1:1".into(),
            account_sid: "IRDEMO1234567890ABCD".into(),
        },
    );
    s
}

fn company_ok() -> WorkerEvent {
    WorkerEvent::Company(Ok(CompanyInformation {
        company_name: "Acme".into(),
        technical_contact: None,
        financial_contact: None,
        security_contact: None,
    }))
}

fn jobs(fx: &[Effect]) -> Vec<&Job> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Job(j) => Some(j),
            _ => None,
        })
        .collect()
}

#[test]
fn a_failed_connection_says_what_failed_instead_of_loading_forever() {
    let mut s = fresh_state();
    feed(
        &mut s,
        WorkerEvent::Company(Err(ApiError::Connect {
            detail: "connection refused".into(),
        })),
    );
    typed(&mut s, "name");
    ctrl(&mut s, 'n');
    let screen = screen_text(&s, 100);
    assert!(!screen.contains("loading…"), "{screen}");
    assert!(
        screen.contains("Cannot connect") && screen.contains("refused"),
        "{screen}"
    );
    assert!(
        screen.contains("Ctrl-R"),
        "the footer offers a retry: {screen}"
    );
}

#[test]
fn ctrl_r_reconnects_after_a_failed_connection() {
    let mut s = fresh_state();
    feed(
        &mut s,
        WorkerEvent::Company(Err(ApiError::Server {
            status: 503,
            message: String::new(),
        })),
    );
    let fx = ctrl(&mut s, 'r');
    assert!(matches!(jobs(&fx)[..], [Job::Reconnect { .. }]), "{fx:?}");
    assert_eq!(s.connection, Connection::Connecting);
    assert!(jobs(&ctrl(&mut s, 'r')).is_empty(), "nothing pending now");
    feed(&mut s, company_ok());
    assert!(!text_of_footer(&s).contains("Ctrl-R"));
}

fn text_of_footer(s: &State) -> String {
    impact_token::tui::hints::footer(s)
}

#[test]
fn a_failed_user_list_shows_the_error_and_ctrl_r_loads_it_again() {
    let mut s = fresh_state();
    feed(&mut s, company_ok());
    feed(
        &mut s,
        WorkerEvent::Contacts(Err(ApiError::Server {
            status: 503,
            message: "Service Unavailable".into(),
        })),
    );
    typed(&mut s, "name");
    ctrl(&mut s, 'n');
    let screen = screen_text(&s, 100);
    assert!(screen.contains("503"), "{screen}");
    assert!(text_of_footer(&s).starts_with(" Ctrl-R"));
    // Ctrl-R in the filter field retries (it does not type).
    let fx = ctrl(&mut s, 'r');
    assert!(matches!(jobs(&fx)[..], [Job::LoadContacts]), "{fx:?}");
    assert!(screen_text(&s, 100).contains("loading…"));
    feed(
        &mut s,
        WorkerEvent::Contacts(Ok(worker::Contacts {
            list: vec![impact_token::contract::Contact {
                user_id: "U-1".into(),
                name: "Ada Lovelace".into(),
                email: None,
                role: None,
            }],
            from_company: false,
        })),
    );
    let screen = screen_text(&s, 100);
    assert!(screen.contains("Ada Lovelace"), "{screen}");
    assert!(!s.can_retry());
}

#[test]
fn retry_progress_is_shown_on_the_status_line() {
    let mut s = fresh_state();
    feed(
        &mut s,
        WorkerEvent::Retrying {
            load: Load::Users,
            next_attempt: 2,
            delay: Duration::from_millis(500),
            error: ApiError::Server {
                status: 503,
                message: String::new(),
            },
        },
    );
    let (_, line) = s.status.clone().expect("a status line");
    assert!(line.contains("users") && line.contains("503"), "{line}");
}

// ----- 2. a 429 is never retried before the server's reset -----

async fn valid_request(c: &Client, name: &str) -> CreateTokenRequest {
    let users = c.users().await.unwrap().unwrap();
    let contact = users.iter().find(|u| u.is_active()).unwrap();
    CreateTokenRequest {
        name: name.into(),
        description: "test".into(),
        api_version: "14".into(),
        primary_contact_user_id: contact.id.clone(),
        developer_emails: vec![],
        scopes: vec!["getCompanyInformation".into()],
    }
}

#[tokio::test]
async fn a_rate_limit_reset_beyond_the_longest_wait_is_not_retried() {
    let sb = sandbox().await;
    let c = client_for(&sb.base_url(), AccountType::Brand);
    let sub = Submission::next(None, valid_request(&c, "patient").await);
    // The budget is spent: the window resets in about an hour.
    sb.set_rate_limit(0);
    let before = sb.create_calls();
    let waits = Arc::new(std::sync::Mutex::new(Vec::new()));
    let w = waits.clone();
    let progress = move |p: SubmitProgress| w.lock().unwrap().push(p);
    let e = Ops::new(&c, quick())
        .create(&sub, &progress)
        .await
        .unwrap_err();
    assert_eq!(sb.create_calls() - before, 1, "no retry reached the server");
    assert!(
        !waits
            .lock()
            .unwrap()
            .iter()
            .any(|p| matches!(p, SubmitProgress::RateLimited { .. })),
        "no countdown of a shorter wait"
    );
    let ApiError::RateLimited { reset_secs, .. } = e else {
        panic!("{e:?}")
    };
    assert!(reset_secs > 3000, "{reset_secs}");
    let says = e.to_string();
    let at = says
        .split("try again at ")
        .nth(1)
        .unwrap_or_else(|| panic!("says when: {says}"));
    let clock: Vec<u32> = at[..8].split(':').map(|p| p.parse().unwrap()).collect();
    assert!(clock.len() == 3 && clock[0] < 24 && clock[1] < 60 && clock[2] < 60);
    assert!(at[8..].starts_with(" (local time)"), "{says}");
}

#[test]
fn the_wizard_says_when_to_retry_a_create_refused_for_an_hour() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "rate-limited");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Enter);
    let fx = key(&mut s, KeyCode::Enter);
    assert!(matches!(jobs(&fx)[..], [Job::Submit(_)]), "{fx:?}");
    feed(
        &mut s,
        WorkerEvent::Created(Err(ApiError::RateLimited {
            reset_secs: 3600,
            limit: Some(1000),
            message: String::new(),
        })),
    );
    assert!(matches!(
        s.submit,
        impact_token::tui::state::SubmitState::Idle
    ));
    let (_, line) = s.status.clone().expect("a status line");
    assert!(line.contains("try again at"), "{line}");
}

#[tokio::test]
async fn loads_do_not_retry_before_a_long_reset_either() {
    let sb = sandbox().await;
    sb.set_rate_limit(0);
    let (w, rx) = worker_on(&sb.base_url());
    connect_brand(&w);
    let (_rx, seen) = events_until(rx, |ev| matches!(ev, WorkerEvent::Company(_))).await;
    assert!(retries_of(&seen, Load::Company).is_empty(), "{seen:?}");
    assert!(matches!(
        seen.last(),
        Some(WorkerEvent::Company(Err(ApiError::RateLimited { .. })))
    ));
}

#[tokio::test]
async fn headless_create_exits_7_at_once_and_says_when_to_retry() {
    let sb = sandbox().await;
    // CompanyInformation passes; the create meets an hour-long window.
    sb.set_rate_limit(1);
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("token.toml");
    std::fs::write(
        &spec,
        "account_type = \"brand\"\nname = \"nightly\"\nprimary_contact_user_id = \"I-3000101\"\nscopes = [\"getCompanyInformation\"]\n",
    )
    .unwrap();
    let d = demo_account(AccountType::Brand);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_impact-token"))
        .args(["create", "--spec"])
        .arg(&spec)
        .args(["--yes", "--show-secret", "--account-type", "brand"])
        .args(["--api-url", &sb.base_url()])
        .env_clear()
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("IMPACT_ACCOUNT_SID", &d.account_sid)
        .env("IMPACT_AUTH_TOKEN", &d.auth_token)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    // Before the fix it sat through two 300 s waits; a minute is plenty.
    let out = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
        .await
        .unwrap();
    let out = match out {
        Ok(o) => o.unwrap(),
        Err(_) => {
            // SAFETY: kill(2) on the child this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("create --yes still waiting after 60 s");
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    assert!(stderr.contains("try again at"), "{stderr}");
    assert_eq!(sb.create_calls(), 1, "one create reached the server");
}

// ----- 3. answers that are no API answers, named plainly -----

/// A one-shot-per-connection HTTP server on 127.0.0.1 answering `response`.
fn tiny_server(response: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0u8; 4096];
            let mut got = Vec::new();
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream.write_all(response);
        }
    });
    url
}

#[tokio::test]
async fn a_200_html_page_is_named_as_the_wrong_url() {
    let url = tiny_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 46\r\nConnection: close\r\n\r\n<html><body><h1>Welcome</h1></body></html>\r\n\r\n",
    );
    let c = client_for(&url, AccountType::Brand);
    let e = c.company_information().await.unwrap_err();
    assert_eq!(e, ApiError::HtmlPage);
    assert_eq!(
        e.to_string(),
        "the server answered with an HTML page, not JSON: is --api-url right?"
    );
}

/// Fails unless `e` is a TLS failure of kind `problem` whose message says `says`.
fn assert_tls(e: &ApiError, problem: TlsProblem, says: &str) {
    assert!(
        matches!(e, ApiError::Tls { problem: p, .. } if *p == problem),
        "{e:?}"
    );
    assert!(e.to_string().contains(says), "{e}");
}

#[tokio::test]
async fn plain_http_on_an_https_url_is_named_not_tls() {
    let sb = sandbox().await;
    let url = sb.base_url().replace("http://", "https://");
    let c = client_for(&url, AccountType::Brand);
    let e = c.company_information().await.unwrap_err();
    assert_tls(&e, TlsProblem::NotTls, "did not answer with TLS");
}

/// A TLS server on 127.0.0.1 with the self-signed certificate for
/// `wrong.example` in tests/fixtures/tls; it completes no request.
fn tls_server() -> u16 {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let cert = CertificateDer::from(std::fs::read(dir.join("cert.der")).unwrap());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        std::fs::read(dir.join("key.der")).unwrap(),
    ));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, stream);
            let mut buf = [0u8; 1024];
            // The client refuses the certificate; the read ends with its alert.
            let _ = tls.read(&mut buf);
        }
    });
    port
}

#[tokio::test]
async fn an_untrusted_certificate_is_named_as_such() {
    let port = tls_server();
    let c = client_for(&format!("https://127.0.0.1:{port}"), AccountType::Brand);
    let e = c.company_information().await.unwrap_err();
    assert_tls(&e, TlsProblem::Untrusted, "certificate is not trusted");
}

#[test]
fn a_certificate_for_another_host_is_named_as_such() {
    // Trusted through SSL_CERT_FILE (read by the platform verifier on Linux),
    // so what is left wrong is the name: it is for wrong.example, not 127.0.0.1.
    let port = tls_server();
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("token.toml");
    std::fs::write(
        &spec,
        "account_type = \"brand\"\nname = \"n\"\nprimary_contact_user_id = \"I-3000101\"\nscopes = [\"getCompanyInformation\"]\n",
    )
    .unwrap();
    let cert = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls/cert.pem");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_impact-token"))
        .args(["create", "--spec"])
        .arg(&spec)
        .args(["--yes", "--show-secret", "--account-type", "brand"])
        .args(["--api-url", &format!("https://127.0.0.1:{port}")])
        .env_clear()
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("SSL_CERT_FILE", &cert)
        .env("IMPACT_ACCOUNT_SID", "IRX")
        .env("IMPACT_AUTH_TOKEN", "t")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("certificate is for another host name"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(8), "{stderr}");
}

// ----- 4. pastes are capped by field, and work in every text field -----

fn paste(s: &mut State, text: &str) {
    update(s, Msg::Paste(text.to_string()));
}

#[test]
fn repeated_pastes_never_push_a_field_past_its_limit() {
    use impact_token::model::validate::{DESCRIPTION_MAX, NAME_MAX};
    let mut s = connected(AccountType::Brand);
    let chunk = "x".repeat(1024);
    for _ in 0..21 {
        paste(&mut s, &chunk);
    }
    let name = field_text(&s.setup.name).chars().count();
    assert!(name <= NAME_MAX, "Name holds {name} characters");
    assert_eq!(name, NAME_MAX, "filled up to the limit");
    let (_, note) = s.status.clone().expect("the cut is reported");
    assert!(note.contains(&NAME_MAX.to_string()), "{note}");
    key(&mut s, KeyCode::Tab);
    for _ in 0..21 {
        paste(&mut s, &chunk);
    }
    let description = field_text(&s.setup.description).chars().count();
    assert_eq!(description, DESCRIPTION_MAX);
    // The e-mail field has a cap too.
    s.step = Step::Contact;
    s.contact.focus = ContactFocus::EmailInput;
    for _ in 0..21 {
        paste(&mut s, &chunk);
    }
    assert!(field_text(&s.contact.email_input).chars().count() <= 254);
}

#[test]
fn a_pasted_name_is_cut_where_the_validator_counts_not_by_code_points() {
    use impact_token::model::validate::{NAME_MAX, check_name, counted_len};
    let mut s = connected(AccountType::Brand);
    // 40 "é" written as e + U+0301: 80 code points, 40 characters after NFC.
    paste(&mut s, &"e\u{301}".repeat(40));
    let name = field_text(&s.setup.name).to_string();
    assert_eq!(counted_len(&name), 40, "nothing was cut");
    assert!(check_name(&name).is_ok());
    // More of them fill the field exactly to the limit the validator allows.
    paste(&mut s, &"e\u{301}".repeat(40));
    let name = field_text(&s.setup.name).to_string();
    assert_eq!(counted_len(&name), NAME_MAX);
    assert!(check_name(&name).is_ok(), "{name:?}");
}

#[test]
fn paste_works_in_the_scope_search_the_preset_name_and_the_export_path() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "paste-test");
    key(&mut s, KeyCode::Char('/'));
    paste(&mut s, "Company");
    assert_eq!(field_text(&s.search.input), "Company");
    assert!(s.search.matches.is_some(), "the search runs on a paste");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    assert!(s.selection.total() > 0);
    key(&mut s, KeyCode::Char('S'));
    assert_eq!(s.modal, Some(Modal::SavePreset));
    paste(&mut s, "my\nset");
    assert_eq!(field_text(&s.preset_input), "my set");
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.step, Step::Create);
    key(&mut s, KeyCode::Char('e'));
    let before = field_text(s.export_input.as_ref().expect("export field")).to_string();
    paste(&mut s, ".bak");
    assert_eq!(
        field_text(s.export_input.as_ref().unwrap()),
        format!("{before}.bak")
    );
    // A question on screen takes no paste.
    key(&mut s, KeyCode::Esc);
    s.modal = Some(Modal::ConfirmQuit);
    let name = field_text(&s.setup.name).to_string();
    paste(&mut s, "zzz");
    assert_eq!(field_text(&s.setup.name), name);
}

// ----- 5. presets are not replaced silently; e-mail errors show what is wrong -----

fn saved_presets(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::SavePreset { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn saving_a_preset_under_an_existing_name_asks_first() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "preset-test");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    assert!(s.selection.total() > 0);
    key(&mut s, KeyCode::Char('S'));
    typed(&mut s, "mine");
    let fx = key(&mut s, KeyCode::Enter);
    assert_eq!(saved_presets(&fx), vec!["mine"], "a new name saves at once");
    assert_eq!(s.modal, None);

    key(&mut s, KeyCode::Char('S'));
    typed(&mut s, "mine");
    let fx = key(&mut s, KeyCode::Enter);
    assert!(saved_presets(&fx).is_empty(), "not replaced silently");
    assert_eq!(s.modal, Some(Modal::ConfirmReplacePreset));
    // n keeps editing, with the name as typed.
    key(&mut s, KeyCode::Char('n'));
    assert_eq!(s.modal, Some(Modal::SavePreset));
    assert_eq!(field_text(&s.preset_input), "mine");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, Some(Modal::SavePreset), "Esc too");
    // y replaces.
    key(&mut s, KeyCode::Enter);
    let fx = key(&mut s, KeyCode::Char('y'));
    assert_eq!(saved_presets(&fx), vec!["mine"]);
    assert_eq!(s.modal, None);
    let mine = s.presets.iter().filter(|p| p.name == "mine").count();
    assert_eq!(mine, 1, "one preset of that name");
}

#[test]
fn an_email_error_spells_out_invisible_characters() {
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "mail-test");
    ctrl(&mut s, 'n');
    key(&mut s, KeyCode::Tab);
    assert_eq!(s.contact.focus, ContactFocus::EmailInput);
    typed(&mut s, "a\u{200b}@example.com");
    key(&mut s, KeyCode::Enter);
    let e = s
        .field_errors
        .get(&impact_token::model::validate::Field::DeveloperEmails)
        .expect("refused");
    assert!(e.contains(r"a\u{200b}@example.com"), "{e}");
    assert!(!e.contains('\u{200b}'), "{e}");
}
