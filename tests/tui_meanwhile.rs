//! The TUI against the in-process sandbox (issue 16, findings 2-4): an edit
//! saved after another admin changed the token is refused (412), shows
//! their change and re-applies the edit on top, so neither change is lost;
//! a reset whose every answer is lost says so and, asked again with the
//! same Idempotency-Key, shows the very secret the server made.
//!
//! The worker's events are fed to the state as the event loop does, and
//! the jobs the state asks for go back to the worker.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyCode;
use impact_token::api::client::{Client, Credentials, Timeouts};
use impact_token::api::error::ApiError;
use impact_token::api::ops::{Ops, TokenOp, TokenOpDone};
use impact_token::api::worker::{
    self, Backend, Job, RetryPolicy, WorkerConfig, WorkerEvent, WorkerHandle,
};
use impact_token::contract::Token;
use impact_token::model::account::AccountType;
use impact_token::sandbox::{Fault, Route, SandboxHandle, demo_account};
use impact_token::tui::state::{Ask, Modal, Screen, State, Step, text_field};
use impact_token::tui::update::{Effect, begin_edit};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::mpsc::UnboundedReceiver;
use wizard_state::*;

const FAST: Timeouts = Timeouts {
    connect: Duration::from_secs(2),
    total: Duration::from_secs(5),
};

fn policy() -> RetryPolicy {
    RetryPolicy::default().scaled(0.01)
}

fn credentials() -> Credentials {
    let d = demo_account(AccountType::Brand);
    Credentials {
        account_sid: d.account_sid,
        auth_token: SecretString::from(d.auth_token),
    }
}

/// The sandbox, a worker on it, and the API page fed by the worker.
struct Tui {
    sb: SandboxHandle,
    handle: WorkerHandle,
    rx: UnboundedReceiver<WorkerEvent>,
    s: State,
}

impl Tui {
    /// Connected, with the list, the contacts and the live catalog in.
    async fn start() -> Tui {
        let sb = SandboxHandle::start(([127, 0, 0, 1], 0).into())
            .await
            .unwrap();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let sink: worker::Sink = Arc::new(move |ev| {
            let _ = tx.send(ev);
        });
        let config = WorkerConfig {
            backend: Backend::Remote {
                base_url: sb.base_url(),
            },
            account_type: AccountType::Brand,
            timeouts: FAST,
            retry: policy(),
            sandbox: None,
            names_at_connect: false,
        };
        let handle = worker::spawn(&tokio::runtime::Handle::current(), config, sink);
        let mut s = fresh(AccountType::Brand, true);
        s.page.home = true;
        s.screen = s.home_screen();
        let mut tui = Tui { sb, handle, rx, s };
        tui.handle.send(Job::Connect {
            credentials: Some(credentials()),
            api_version: "14".into(),
        });
        let mut catalog = false;
        tui.pump(|s, k| {
            catalog |= k == Kind::Catalog;
            catalog && s.contact.loaded && !s.page.loading && !s.page.tokens.is_empty()
        })
        .await;
        tui
    }

    fn send(&self, fx: Vec<Effect>) {
        for e in fx {
            if let Effect::Job(j) = e {
                self.handle.send(j);
            }
        }
    }

    /// Feeds the worker's events to the state (and the jobs it asks for
    /// back to the worker) until `done`, given the state after an event and
    /// the event's kind, holds; returns that event as text.
    async fn pump(&mut self, mut done: impl FnMut(&State, Kind) -> bool) -> String {
        loop {
            let ev = tokio::time::timeout(Duration::from_secs(10), self.rx.recv())
                .await
                .expect("a worker event within 10 s")
                .expect("the worker is running");
            let (seen, k) = (format!("{ev:?}"), kind(&ev));
            let fx = feed(&mut self.s, ev);
            self.send(fx);
            if done(&self.s, k) {
                return seen;
            }
        }
    }

    fn key(&mut self, code: KeyCode) {
        let fx = key(&mut self.s, code);
        self.send(fx);
    }

    fn client(&self) -> Client {
        Client::new(&self.sb.base_url(), AccountType::Brand, credentials(), FAST).unwrap()
    }
}

/// Which event it was, for `pump`'s condition (events move into the state).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Catalog,
    Updated,
    TokenOp,
    Other,
}

fn kind(ev: &WorkerEvent) -> Kind {
    match ev {
        WorkerEvent::Catalog { .. } => Kind::Catalog,
        WorkerEvent::Updated(_) => Kind::Updated,
        WorkerEvent::TokenOp { .. } => Kind::TokenOp,
        _ => Kind::Other,
    }
}

fn on_server_sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test]
async fn an_edit_saved_after_another_admins_change_keeps_both() {
    let mut tui = Tui::start().await;
    let t: Token = tui
        .s
        .page
        .tokens
        .iter()
        .find(|t| t.scopes.len() >= 2 && t.api_version == "14")
        .cloned()
        .expect("a seeded token with two scopes on version 14");
    assert!(!t.revision.is_empty(), "the sandbox sends revisions");

    // The TUI's edit begins from the token as listed.
    let mut fx = Vec::new();
    begin_edit(&mut tui.s, &t, &mut fx);
    tui.send(fx);

    // Meanwhile another admin removes a scope and adds an e-mail.
    let other = tui.client();
    let removed = t.scopes[0].clone();
    let mut theirs = t.to_request();
    theirs.scopes.retain(|s| *s != removed);
    theirs
        .developer_emails
        .push("other-admin@example.com".into());
    let done = Ops::new(&other, policy())
        .change(
            &t.id,
            &t.revision,
            &TokenOp::Update(Box::new(theirs)),
            &|_| {},
        )
        .await
        .unwrap();
    assert!(matches!(done, TokenOpDone::Updated(_)));

    // The TUI changes only the Description and saves: refused (412).
    let description = "Changed in the TUI, nothing else".to_string();
    tui.s.setup.description = text_field("", &description);
    for _ in 0..3 {
        let fx = ctrl(&mut tui.s, 'n');
        tui.send(fx);
    }
    assert_eq!(tui.s.step, Step::Create, "{:?}", tui.s.status);
    tui.key(KeyCode::Enter);
    assert_eq!(tui.s.modal, Some(Modal::ConfirmUpdate));
    tui.key(KeyCode::Char('y'));
    tui.pump(|_, k| k == Kind::Updated).await;
    assert_eq!(
        tui.s.modal,
        Some(Modal::ChangedMeanwhile),
        "{:?}",
        tui.s.status
    );
    let text = screen_text(&tui.s, 80);
    assert!(text.contains("other-admin@example.com"), "{text}");
    assert!(text.contains("0 added, 1 removed"), "{text}");

    // Re-applied, reviewed, confirmed: sent with the token's new revision.
    tui.key(KeyCode::Char('y'));
    assert_eq!(tui.s.step, Step::Create);
    let changes = tui.s.changes().unwrap();
    assert_eq!(changes.fields.len(), 1, "only my change: {changes:?}");
    assert!(changes.scopes.is_empty(), "{changes:?}");
    tui.key(KeyCode::Enter);
    assert_eq!(tui.s.modal, Some(Modal::ConfirmUpdate));
    tui.key(KeyCode::Char('y'));
    tui.pump(|_, k| k == Kind::Updated).await;
    assert!(tui.s.mode.is_create(), "updated: {:?}", tui.s.status);

    // No lost update: my description, their removal and their e-mail.
    let now = tui.client().token(&t.id).await.unwrap();
    assert_eq!(now.description, description);
    assert!(!now.scopes.contains(&removed), "{:?}", now.scopes);
    let mut want = t.scopes.clone();
    want.retain(|s| *s != removed);
    assert_eq!(on_server_sorted(now.scopes), on_server_sorted(want));
    assert!(
        now.developer_emails
            .contains(&"other-admin@example.com".to_string()),
        "{:?}",
        now.developer_emails
    );
}

#[tokio::test]
async fn a_reset_whose_answers_are_all_lost_is_asked_again_and_shows_the_secret_made() {
    let mut tui = Tui::start().await;
    let t = tui.s.page.focused().cloned().expect("a focused token");
    // Every try commits the reset and loses its answer.
    tui.sb.inject(
        Route::Reset,
        Fault::DropAfterCommit,
        policy().max_attempts as usize,
    );
    tui.key(KeyCode::Char('m'));
    tui.key(KeyCode::Down);
    tui.key(KeyCode::Enter);
    assert!(matches!(tui.s.page.ask, Some(Ask::Reset { .. })));
    typed(&mut tui.s, &t.name);
    tui.key(KeyCode::Enter);
    let seen = tui.pump(|_, k| k == Kind::TokenOp).await;
    assert!(seen.contains("OutcomeUnknown"), "{seen}");
    assert!(
        matches!(&tui.s.page.ask, Some(Ask::LostReset { id, .. }) if *id == t.id),
        "{:?}",
        tui.s.status
    );
    let text = screen_text(&tui.s, 80);
    assert!(text.contains("may have been reset"), "{text}");
    assert!(text.contains("y ask again"), "{text}");
    assert!(!text.contains("Reset failed"), "{text}");

    // Asked again with the same key: the server replays its first answer.
    tui.key(KeyCode::Char('y'));
    tui.pump(|_, k| k == Kind::TokenOp).await;
    let Screen::Secret(created) = &tui.s.screen else {
        panic!("the secret screen: {:?}", tui.s.status);
    };
    let secret = created
        .auth_token
        .as_ref()
        .expect("the secret")
        .expose_secret()
        .to_string();
    assert!(screen_text(&tui.s, 80).contains(&secret));
    // It is the secret the server holds: one reset, not two.
    let new = Client::new(
        &tui.sb.base_url(),
        AccountType::Brand,
        Credentials {
            account_sid: created.account_sid.clone(),
            auth_token: SecretString::from(secret),
        },
        FAST,
    )
    .unwrap();
    match new.company_information().await {
        Ok(_) | Err(ApiError::Forbidden { .. }) => {}
        Err(e) => panic!("the shown secret is refused: {e:?}"),
    }
}
