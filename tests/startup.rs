//! What runs before the sandbox's first answer: nothing there may depend on
//! the machine's TLS set-up, since the in-process sandbox speaks plain HTTP
//! on loopback.

use std::process::Command;

#[path = "support/run.rs"]
#[allow(dead_code)] // shared with other suites; this one uses a few
mod run;

use run::{SPEC, code, home_in, sandbox_create_args, stderr, stdout};

/// With `SSL_CERT_FILE` and `SSL_CERT_DIR` pointing at places with no
/// certificate, loading the system's CA roots fails. The sandbox needs none
/// (plain HTTP on loopback), so `create --sandbox` still makes its token:
/// the client for an `http://` loopback URL is built without loading roots,
/// which is also time the connection no longer waits for.
#[test]
fn the_sandbox_connects_without_any_ca_roots() {
    let tmp = tempfile::Builder::new()
        .prefix("impact-token-startup-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    let spec = dir.join("token.toml");
    std::fs::write(&spec, SPEC).unwrap();
    let no_certs = dir.join("no-certs");
    std::fs::create_dir(&no_certs).unwrap();
    let empty_file = dir.join("empty.pem");
    std::fs::write(&empty_file, "").unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_impact-token"));
    home_in(&mut c, dir)
        .args(sandbox_create_args(spec.to_str().unwrap()))
        .env("SSL_CERT_FILE", &empty_file)
        .env("SSL_CERT_DIR", &no_certs);
    let o = c.output().unwrap();
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    assert!(stdout(&o).contains("nightly-export"), "{}", stdout(&o));
}

/// The contacts reach the screen as soon as `/Users` answers: a catalog
/// that has not answered yet (here: never) does not hold them back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contacts_do_not_wait_for_the_catalog() {
    use std::sync::Arc;
    use std::time::Duration;

    use impact_token::api::client::{Credentials, Timeouts};
    use impact_token::api::worker::{self, Backend, Job, RetryPolicy, WorkerConfig, WorkerEvent};
    use impact_token::model::account::AccountType;
    use impact_token::sandbox::{Fault, Route, SandboxHandle, demo_account};

    let sandbox = SandboxHandle::start(([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    sandbox.inject(Route::Scopes, Fault::Hang, 1);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let sink: worker::Sink = Arc::new(move |ev| {
        let _ = tx.send(ev);
    });
    let config = WorkerConfig {
        backend: Backend::Remote {
            base_url: sandbox.base_url(),
        },
        account_type: AccountType::Brand,
        // Far longer than the wait below: the hung catalog call is still
        // pending when the contacts must be in.
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            total: Duration::from_secs(30),
        },
        retry: RetryPolicy::default(),
        sandbox: None,
        names_at_connect: true,
    };
    let w = worker::spawn(&tokio::runtime::Handle::current(), config, sink);
    let demo = demo_account(AccountType::Brand);
    w.send(Job::Connect {
        credentials: Some(Credentials {
            account_sid: demo.account_sid,
            auth_token: demo.auth_token.to_string().into(),
        }),
        api_version: "14".into(),
    });
    let contacts = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match rx.recv().await {
                Some(WorkerEvent::Contacts(c)) => return c,
                Some(WorkerEvent::Catalog { .. }) => panic!("the catalog answered"),
                Some(_) => {}
                None => panic!("the worker ended"),
            }
        }
    })
    .await
    .expect("the contacts waited for the hung catalog call");
    assert!(!contacts.unwrap().list.is_empty());
    sandbox.shutdown();
}

/// A brand worker with `starter` (sandbox mode) or credentials for
/// `remote`, retrying at once, and its events.
fn connect_worker(
    starter: Option<impact_token::api::starter::Starter>,
    remote: Option<String>,
) -> (
    impact_token::api::worker::WorkerHandle,
    tokio::sync::mpsc::UnboundedReceiver<impact_token::api::worker::WorkerEvent>,
) {
    use std::sync::Arc;
    use std::time::Duration;

    use impact_token::api::client::Timeouts;
    use impact_token::api::worker::{self, Backend, RetryPolicy, WorkerConfig};
    use impact_token::model::account::AccountType;

    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let sink: worker::Sink = Arc::new(move |ev| {
        let _ = tx.send(ev);
    });
    let config = WorkerConfig {
        backend: match remote {
            Some(base_url) => Backend::Remote { base_url },
            None => Backend::Sandbox,
        },
        account_type: AccountType::Brand,
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            total: Duration::from_secs(2),
        },
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        },
        sandbox: starter,
        names_at_connect: true,
    };
    (
        worker::spawn(&tokio::runtime::Handle::current(), config, sink),
        rx,
    )
}

/// A starter like the launcher's, for a sandbox that `prepare` sets up
/// (faults) before the worker's first request; the handle is kept in `slot`.
fn sandbox_starter(
    slot: std::sync::Arc<std::sync::Mutex<Option<impact_token::sandbox::SandboxHandle>>>,
    prepare: fn(&impact_token::sandbox::SandboxHandle),
) -> impact_token::api::starter::Starter {
    use impact_token::api::client::Credentials;
    use impact_token::api::starter::{Started, Starter};
    use impact_token::sandbox::{SandboxHandle, demo_account};
    Starter::new(move |account_type| {
        let slot = slot.clone();
        Box::pin(async move {
            let handle = SandboxHandle::start(([127, 0, 0, 1], 0).into()).await?;
            prepare(&handle);
            let demo = demo_account(account_type);
            *slot.lock().unwrap() = Some(handle.clone());
            Ok(Started {
                base_url: handle.base_url(),
                credentials: Credentials {
                    account_sid: demo.account_sid,
                    auth_token: demo.auth_token.to_string().into(),
                },
                stop: Box::new(move || handle.shutdown()),
            })
        })
    })
}

/// With the in-process sandbox (whose demo credentials the launcher hands
/// over, valid by construction), the contacts, catalog and token list are
/// asked for together with CompanyInformation, not after its answer: here
/// CompanyInformation hangs, and `/Users` is still tried (its 503 reported
/// as a retry) while it does. One round trip at start instead of two.
/// `Ready` waits to go with the check's answer, so the UI wakes and draws
/// once for both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_loads_go_out_with_the_credentials_check() {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use impact_token::api::worker::{Job, Load, WorkerEvent};
    use impact_token::sandbox::{Fault, Route};

    let slot = Arc::new(Mutex::new(None));
    let starter = sandbox_starter(slot.clone(), |s| {
        s.inject(Route::Company, Fault::Hang, 1);
        s.inject(Route::Users, Fault::Status(503), 1);
    });
    let (w, mut rx) = connect_worker(Some(starter), None);
    w.send(Job::Connect {
        credentials: None,
        api_version: "14".into(),
    });
    let first = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("no event")
        .expect("the worker ended");
    assert!(
        matches!(
            first,
            WorkerEvent::Retrying {
                load: Load::Users,
                ..
            }
        ),
        "expected /Users tried while CompanyInformation hangs, and no Ready alone: {first:?}"
    );
    slot.lock().unwrap().take().unwrap().shutdown();
}

/// Asked for together or not, the loads' answers reach the UI only after
/// a CompanyInformation that answered well: after a refused check nothing
/// else is reported, and a reconnect reports each load once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_loads_are_reported_only_after_a_good_check() {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use impact_token::api::worker::{Job, WorkerEvent};
    use impact_token::sandbox::{Fault, Route};

    let slot = Arc::new(Mutex::new(None));
    let starter = sandbox_starter(slot.clone(), |s| {
        s.inject(Route::Company, Fault::Status(401), 1);
    });
    let (w, mut rx) = connect_worker(Some(starter), None);
    w.send(Job::Connect {
        credentials: None,
        api_version: "14".into(),
    });
    let mut seen: Vec<&'static str> = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let name = match rx.recv().await.expect("the worker ended") {
                // Progress may come early; only answers count here.
                WorkerEvent::Ready { .. }
                | WorkerEvent::Retrying { .. }
                | WorkerEvent::ContactsPage { .. } => continue,
                WorkerEvent::Company(Err(_)) => {
                    w.send(Job::Reconnect {
                        api_version: "14".into(),
                    });
                    "company failed"
                }
                WorkerEvent::Company(Ok(_)) => "company",
                WorkerEvent::Contacts(_) => "contacts",
                WorkerEvent::Catalog { .. } => "catalog",
                WorkerEvent::Tokens(_) => "tokens",
                WorkerEvent::Permissions(_) => "permissions",
                other => panic!("unexpected {other:?}"),
            };
            seen.push(name);
            if seen.len() == 6 {
                return;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("events so far: {seen:?}"));
    assert_eq!(&seen[..2], ["company failed", "company"], "{seen:?}");
    let mut loads = seen[2..].to_vec();
    loads.sort();
    assert_eq!(loads, ["catalog", "contacts", "permissions", "tokens"]);
    slot.lock().unwrap().take().unwrap().shutdown();
}

/// Credentials a user gave are checked alone first: with CompanyInformation
/// refused, `/Users` was never asked (its injected fault is still pending),
/// so a wrong token costs one failed login, not four.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn given_credentials_are_checked_before_anything_else_is_asked() {
    use std::time::Duration;

    use impact_token::api::client::Credentials;
    use impact_token::api::worker::{Job, WorkerEvent};
    use impact_token::model::account::AccountType;
    use impact_token::sandbox::{ADMIN_FAULTS_PATH, Fault, Route, SandboxHandle, demo_account};

    let sandbox = SandboxHandle::start(([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    sandbox.inject(Route::Company, Fault::Status(401), 1);
    sandbox.inject(Route::Users, Fault::Status(503), 1);
    let (w, mut rx) = connect_worker(None, Some(sandbox.base_url()));
    let demo = demo_account(AccountType::Brand);
    w.send(Job::Connect {
        credentials: Some(Credentials {
            account_sid: demo.account_sid,
            auth_token: demo.auth_token.to_string().into(),
        }),
        api_version: "14".into(),
    });
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match rx.recv().await.expect("the worker ended") {
                WorkerEvent::Ready { .. } => {}
                WorkerEvent::Company(Err(_)) => return,
                other => panic!("before the check's answer: {other:?}"),
            }
        }
    })
    .await
    .expect("no answer to the check");
    // The admin endpoint answers with what is still pending.
    let pending = reqwest::Client::new()
        .post(format!("{}{ADMIN_FAULTS_PATH}", sandbox.base_url()))
        .body("{}")
        .header("Content-Type", "application/json")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        pending.contains(r#""Route":"users""#),
        "/Users was asked before the check answered: {pending}"
    );
    sandbox.shutdown();
}

/// Where the API page is home it reads the token list itself: a connect
/// then does not read every token's name a second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connect_for_the_api_page_leaves_the_token_list_to_the_page() {
    use std::sync::Arc;
    use std::time::Duration;

    use impact_token::api::client::{Credentials, Timeouts};
    use impact_token::api::worker::{self, Backend, Job, RetryPolicy, WorkerConfig, WorkerEvent};
    use impact_token::model::account::AccountType;
    use impact_token::sandbox::{SandboxHandle, demo_account};

    for names in [false, true] {
        let sandbox = SandboxHandle::start(([127, 0, 0, 1], 0).into())
            .await
            .unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let sink: worker::Sink = Arc::new(move |ev| {
            let _ = tx.send(ev);
        });
        let config = WorkerConfig {
            backend: Backend::Remote {
                base_url: sandbox.base_url(),
            },
            account_type: AccountType::Brand,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            sandbox: None,
            names_at_connect: names,
        };
        let w = worker::spawn(&tokio::runtime::Handle::current(), config, sink);
        let demo = demo_account(AccountType::Brand);
        w.send(Job::Connect {
            credentials: Some(Credentials {
                account_sid: demo.account_sid,
                auth_token: demo.auth_token.to_string().into(),
            }),
            api_version: "14".into(),
        });
        // The loads that always come, then (with names) the token list.
        let mut left = if names { 3 } else { 2 };
        let mut listed = false;
        tokio::time::timeout(Duration::from_secs(10), async {
            while left > 0 {
                match rx.recv().await.expect("the worker ended") {
                    WorkerEvent::Contacts(_) | WorkerEvent::Catalog { .. } => left -= 1,
                    WorkerEvent::Tokens(_) => {
                        listed = true;
                        left -= 1;
                    }
                    _ => {}
                }
            }
        })
        .await
        .expect("the connect's loads came");
        let read = sandbox
            .requests()
            .iter()
            .any(|r| r.method == "GET" && r.path.ends_with("/APIAccessTokens"));
        assert_eq!((listed, read), (names, names), "names at connect: {names}");
        sandbox.shutdown();
    }
}
