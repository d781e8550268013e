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
