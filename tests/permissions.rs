//! What the caller may do with tokens, known at connect
//! (`GET {root}/APIAccessTokens/Permissions`, this project's addition): the
//! sandbox's answer per caller, the worker's event, and the API page that
//! tells an Analyst before any form is filled in. A server that does not
//! say leaves the page as it was.

#[path = "support/events.rs"]
mod events;
#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use std::time::Duration;

use crossterm::event::KeyCode;
use events::events_until;
use impact_token::api::client::{Client, Credentials, Timeouts};
use impact_token::api::worker::{Job, RetryPolicy, WorkerConfig, WorkerEvent};
use impact_token::contract::Permissions;
use impact_token::model::account::AccountType;
use impact_token::sandbox::{
    DemoAccount, Fault, Route, SandboxHandle, demo_account, demo_accounts,
};
use impact_token::tui::state::{Level, Screen, State};
use impact_token::tui::update::{Msg, update};
use secrecy::SecretString;
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

fn creds(d: &DemoAccount) -> Credentials {
    Credentials {
        account_sid: d.account_sid.clone(),
        auth_token: SecretString::from(d.auth_token.clone()),
    }
}

fn analyst() -> DemoAccount {
    demo_accounts()
        .into_iter()
        .find(|a| a.role == "Analyst")
        .expect("the brand's Analyst is seeded")
}

fn client(sb: &SandboxHandle, d: &DemoAccount) -> Client {
    Client::new(&sb.base_url(), d.account_type, creds(d), FAST).unwrap()
}

#[tokio::test]
async fn the_sandbox_says_what_each_caller_may_do() {
    let sb = sandbox().await;
    for t in AccountType::ALL {
        let p = client(&sb, &demo_account(t)).permissions().await.unwrap();
        let p = p.expect("the sandbox says");
        assert!(p.can_change, "{t}: the demo administrator may");
        assert_eq!(p.role.as_deref(), Some("Account Administrator"));
    }
    let p = client(&sb, &analyst()).permissions().await.unwrap();
    assert_eq!(
        p,
        Some(Permissions {
            can_change: false,
            role: Some("Analyst".into())
        })
    );
}

#[tokio::test]
async fn a_server_that_does_not_say_leaves_them_unknown() {
    let sb = sandbox().await;
    let c = client(&sb, &demo_account(AccountType::Brand));
    for status in [404, 400, 405, 403] {
        sb.inject(Route::Permissions, Fault::Status(status), 1);
        assert_eq!(c.permissions().await.unwrap(), None, "{status}");
    }
}

/// Connects a worker as `who` and returns the events up to its
/// permissions and its token list.
async fn connect(sb: &SandboxHandle, who: &DemoAccount) -> Vec<WorkerEvent> {
    let retry = RetryPolicy::default().scaled(0.01);
    let (w, rx) = events::spawn_worker(WorkerConfig {
        names_at_connect: true,
        ..events::remote(&sb.base_url(), who.account_type, FAST, retry)
    });
    w.send(Job::Connect {
        credentials: Some(creds(who)),
        api_version: who.account_type.api_versions()[0].into(),
    });
    let left = std::sync::atomic::AtomicUsize::new(4);
    let (_rx, seen) = events_until(rx, move |ev| {
        let done = matches!(
            ev,
            WorkerEvent::Contacts(_)
                | WorkerEvent::Catalog { .. }
                | WorkerEvent::Tokens(_)
                | WorkerEvent::Permissions(_)
        );
        done && left.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) == 1
    })
    .await;
    seen
}

fn permissions_of(events: &[WorkerEvent]) -> Option<Permissions> {
    events.iter().find_map(|ev| match ev {
        WorkerEvent::Permissions(p) => Some(p.clone()),
        _ => None,
    })?
}

/// The API page fed with a connection's events.
fn page_with(events: Vec<WorkerEvent>, t: AccountType) -> State {
    let mut s = fresh(t, false);
    s.page.home = true;
    s.screen = Screen::Tokens;
    for ev in events {
        update(&mut s, Msg::Worker(ev));
    }
    let generation = s.page.generation;
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation,
            result: Ok(impact_token::contract::TokensResponse {
                paging: Default::default(),
                access_tokens: vec![impact_token::contract::Token {
                    id: "T-1".into(),
                    name: "Demo seed: Dashboard".into(),
                    description: String::new(),
                    api_version: "14".into(),
                    primary_contact_user_id: "U-1".into(),
                    developer_emails: vec![],
                    scopes: vec![],
                    date_created: "2026-12-01T00:00:00Z".into(),
                    state: impact_token::contract::TOKEN_ENABLED.into(),
                    revision: "1".into(),
                }],
            }),
        },
    );
    s
}

#[tokio::test]
async fn the_worker_reads_them_at_connect() {
    let sb = sandbox().await;
    let p = permissions_of(&connect(&sb, &analyst()).await).expect("said");
    assert!(!p.can_change);
    let p = permissions_of(&connect(&sb, &demo_account(AccountType::Partner)).await);
    assert!(p.expect("said").can_change);
    // Without the endpoint, the connection goes on and they are unknown.
    sb.inject(Route::Permissions, Fault::Status(404), 1);
    let events = connect(&sb, &demo_account(AccountType::Brand)).await;
    assert_eq!(permissions_of(&events), None);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, WorkerEvent::Company(Ok(_))))
    );
}

/// Every line of the screen at 80×24.
fn screen(s: &State) -> String {
    screen_text(s, 80)
}

#[tokio::test]
async fn an_analyst_is_told_on_the_api_page_before_any_form() {
    let sb = sandbox().await;
    let mut s = page_with(connect(&sb, &analyst()).await, AccountType::Brand);
    assert!(screen(&s).contains("Read only: Analyst may not change tokens"));
    // n: no wizard, and why, whole at 80 columns.
    key(&mut s, KeyCode::Char('n'));
    assert!(matches!(s.screen, Screen::Tokens), "the wizard stays shut");
    let (level, msg) = s.status.clone().expect("said");
    assert_eq!(level, Level::Error);
    assert!(
        msg.contains("Analyst") && msg.chars().count() <= 76,
        "{msg}"
    );
    assert!(screen(&s).contains(&msg), "{}", screen(&s));
    // m: no menu, so no Edit, Duplicate, Reset, Disable, Upgrade, Delete
    // or Rotate.
    s.status = None;
    key(&mut s, KeyCode::Char('m'));
    assert!(s.page.menu.is_none());
    assert!(s.status.is_some());
    // Details still open: reading is allowed.
    key(&mut s, KeyCode::Enter);
    assert!(s.page.details.is_some());
}

#[tokio::test]
async fn an_administrator_and_an_unknown_caller_go_on_as_before() {
    let sb = sandbox().await;
    let admin = demo_account(AccountType::Brand);
    let mut s = page_with(connect(&sb, &admin).await, AccountType::Brand);
    assert!(!screen(&s).contains("Read only"));
    key(&mut s, KeyCode::Char('m'));
    assert!(s.page.menu.is_some());
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('n'));
    assert!(matches!(s.screen, Screen::Wizard));
    // A server that does not say: the wizard opens, as today.
    sb.inject(Route::Permissions, Fault::Status(404), 1);
    let mut s = page_with(connect(&sb, &admin).await, AccountType::Brand);
    assert_eq!(s.page.permissions, None);
    key(&mut s, KeyCode::Char('n'));
    assert!(matches!(s.screen, Screen::Wizard));
}

#[tokio::test]
async fn an_analyst_cannot_resume_a_draft_into_the_wizard_either() {
    let sb = sandbox().await;
    let mut s = page_with(connect(&sb, &analyst()).await, AccountType::Brand);
    let draft = fresh(AccountType::Brand, false).to_draft();
    update(&mut s, Msg::DraftFound(Box::new(draft)));
    assert_eq!(
        s.modal,
        Some(impact_token::tui::state::Modal::ConfirmResume)
    );
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Tokens), "the wizard stays shut");
    assert!(s.modal.is_none());
    assert!(
        !fx.iter()
            .any(|e| matches!(e, impact_token::tui::update::Effect::DeleteDraft)),
        "the draft stays for later"
    );
    let (level, msg) = s.status.clone().expect("said");
    assert_eq!(level, Level::Error);
    assert!(msg.contains("Analyst"), "{msg}");
}
