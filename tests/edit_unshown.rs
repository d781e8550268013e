//! An edit of a token whose name a server sent with characters that are
//! never shown raw (a right-to-left override, a zero-width space): the form
//! holds the shown stand-ins, and saving a change of the description alone
//! must not rename the token to those stand-ins behind the user's back.
//!
//! Its own test binary: the sandbox reads `IMPACT_SANDBOX_EXTRA_TOKEN` when
//! it starts, and no other test may see it.

#[path = "support/events.rs"]
mod events;

use std::time::Duration;

use impact_token::api::client::{Client, Credentials, Timeouts};
use impact_token::api::error::ApiError;
use impact_token::api::worker::{Job, RetryPolicy, WorkerEvent};
use impact_token::model::account::AccountType;
use impact_token::sandbox::{ENV_EXTRA_TOKEN, SandboxHandle, demo_account};
use secrecy::SecretString;

const NAME: &str = "Q3\u{202e}cod.exe\u{200b}";

fn credentials() -> Credentials {
    let d = demo_account(AccountType::Brand);
    Credentials {
        account_sid: d.account_sid.clone(),
        auth_token: SecretString::from(d.auth_token.clone()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_an_edit_never_renames_a_token_to_what_was_shown() {
    // SAFETY (edition 2024 `set_var`): this binary has this one test, and
    // the variable is set before any thread that reads the environment.
    unsafe { std::env::set_var(ENV_EXTRA_TOKEN, NAME) };
    let sb = SandboxHandle::start(([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let timeouts = Timeouts {
        connect: Duration::from_secs(2),
        total: Duration::from_secs(5),
    };
    let admin = Client::new(&sb.base_url(), AccountType::Brand, credentials(), timeouts).unwrap();
    let raw = admin
        .tokens()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == NAME)
        .expect("the sandbox served the token");

    let retry = RetryPolicy::default().scaled(0.01);
    let (handle, rx) = events::spawn_worker(events::remote(
        &sb.base_url(),
        AccountType::Brand,
        timeouts,
        retry,
    ));
    handle.send(Job::Connect {
        credentials: Some(credentials()),
        api_version: raw.api_version.clone(),
    });
    // The form as the TUI fills it: from the token as shown.
    let mut request = raw.to_request();
    request.name = impact_token::text::inert(&raw.name);
    assert_ne!(request.name, raw.name);
    request.description = "only the description".into();
    handle.send(Job::Update {
        id: raw.id.clone(),
        revision: raw.revision.clone(),
        request,
    });
    let updated = tokio::task::spawn_blocking(move || {
        loop {
            match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(WorkerEvent::Updated(result)) => return result,
                Ok(_) => continue,
                Err(e) => panic!("no update answer: {e}"),
            }
        }
    })
    .await
    .unwrap();
    // The name goes back as the server had it, which this server's own rules
    // refuse (no format characters in names): the user is told, and must
    // rename it on purpose. Never a quiet rename to the stand-ins.
    let e = updated.expect_err("the server's rules refuse its own stored name");
    assert!(
        matches!(&e, ApiError::Invalid { status: 422, errors, .. }
            if errors.iter().any(|f| f.field == "Name")),
        "{e:?}"
    );
    let now = admin.token(&raw.id).await.unwrap();
    assert_eq!(now.name, raw.name, "not renamed");
}
