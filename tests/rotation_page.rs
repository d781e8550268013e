//! The API page's Rotate: the question, step 1 by the worker, the secret
//! screen (shown once, blanked on leaving), then steps 3 to 5 shown on the
//! status line as they go, and a result that says which step stopped and
//! what state each token is in. Driven through `update` with the worker's
//! events, then end to end against the in-process sandbox.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use impact_token::api::client::{Credentials, Timeouts};
use impact_token::api::error::ApiError;
use impact_token::api::worker::{
    self, Backend, Job, RetryPolicy, RotateOutcome, WorkerConfig, WorkerEvent, WorkerHandle,
};
use impact_token::contract::{
    CreatedToken, Paging, TOKEN_DISABLED, TOKEN_ENABLED, Token, TokensResponse,
};
use impact_token::model::account::AccountType;
use impact_token::sandbox::{SandboxHandle, demo_account};
use impact_token::tui::state::{Ask, Level, Modal, Screen, State};
use impact_token::tui::update::{Effect, Msg, update};
use secrecy::{ExposeSecret, SecretString};
use wizard_state::*;

fn token(id: &str, name: &str, enabled: bool) -> Token {
    Token {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        api_version: "14".into(),
        primary_contact_user_id: "U-1".into(),
        developer_emails: vec![],
        scopes: vec!["getCompanyInformation".into()],
        date_created: "2026-12-01T00:00:00Z".into(),
        state: if enabled {
            TOKEN_ENABLED
        } else {
            TOKEN_DISABLED
        }
        .into(),
        revision: "7".into(),
    }
}

fn jobs(fx: Vec<Effect>) -> Vec<Job> {
    fx.into_iter()
        .filter_map(|e| match e {
            Effect::Job(j) => Some(j),
            _ => None,
        })
        .collect()
}

/// The API page with `tokens` listed.
fn page(tokens: Vec<Token>) -> State {
    let mut s = connected(AccountType::Brand);
    s.page.home = true;
    s.screen = Screen::Tokens;
    s.page.generation = 1;
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: 1,
            result: Ok(TokensResponse {
                paging: Paging::default(),
                access_tokens: tokens,
            }),
        },
    );
    s
}

/// Opens the menu on the focused token and picks Rotate (the last item).
fn pick_rotate(s: &mut State) -> Vec<Effect> {
    key(s, KeyCode::Char('m'));
    for _ in 0..10 {
        key(s, KeyCode::Down);
    }
    key(s, KeyCode::Enter)
}

fn status(s: &State) -> String {
    s.status
        .as_ref()
        .map(|(_, m)| m.clone())
        .unwrap_or_default()
}

const SECRET: &str = "rotated-secret-shown-once";

fn created(name: &str) -> CreatedToken {
    CreatedToken {
        token: Token {
            id: "T-NEW".into(),
            revision: "1".into(),
            ..token("T-NEW", name, true)
        },
        account_sid: "IRNEWSID".into(),
        auth_token: SecretString::from(SECRET.to_string()),
    }
}

/// Rotate asked and answered yes on "prod": the step 1 job.
fn started() -> (State, Job) {
    let mut s = page(vec![
        token("T-1", "prod", true),
        token("T-2", "prod (rotating)", true),
    ]);
    assert!(jobs(pick_rotate(&mut s)).is_empty(), "asked first");
    let Some(Ask::Rotate { plan, .. }) = &s.page.ask else {
        panic!("the question: {:?}", s.page.ask);
    };
    // The names it gives are free and shown.
    assert_eq!(plan.new_name, "prod (rotating 2)");
    let text = screen_text(&s, 80);
    assert!(text.contains("(rotating 2)'"), "{text}");
    assert!(text.contains("(retired"), "{text}");
    let mut fx = jobs(key(&mut s, KeyCode::Char('y')));
    assert_eq!(fx.len(), 1, "{fx:?}");
    (s, fx.remove(0))
}

/// Step 1 done, the secret on screen, left having saved it: the steps 3
/// to 5 job.
fn delivered() -> (State, Job) {
    let (mut s, job) = started();
    let Job::RotateStart { old, plan } = job else {
        panic!("{job:?}")
    };
    assert_eq!(old.id, "T-1");
    feed(&mut s, WorkerEvent::RotateStep("1/5 duplicating…".into()));
    assert_eq!(status(&s), "1/5 duplicating…", "each step as it goes");
    feed(
        &mut s,
        WorkerEvent::RotateDuplicated(Ok(created(&plan.new_name))),
    );
    // The same secret screen as a create's or a reset's, titled as the
    // rotation's step, under the token's breadcrumb (not Create's).
    assert!(matches!(s.screen, Screen::Secret(_)));
    let shown = screen_text(&s, 80);
    assert!(shown.contains(SECRET));
    assert!(shown.contains("Rotation, step 2 of 5"), "{shown}");
    assert!(shown.contains("Rotate › "), "{shown}");
    assert!(!shown.contains("Create Access Token"), "{shown}");
    assert!(status(&s).starts_with("2/5"), "{}", status(&s));
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, Some(Modal::ConfirmLeaveSecret));
    let fx = jobs(key(&mut s, KeyCode::Char('y')));
    assert!(matches!(s.screen, Screen::Tokens));
    assert!(!screen_text(&s, 80).contains(SECRET), "blanked on leaving");
    if let Screen::Secret(c) = &s.screen {
        panic!("{c:?}");
    }
    let finish = fx
        .into_iter()
        .find(|j| matches!(j, Job::RotateFinish { .. }))
        .expect("steps 3 to 5 once the secret was saved");
    (s, finish)
}

#[test]
fn rotate_asks_duplicates_shows_the_secret_then_runs_the_rest() {
    let (mut s, job) = delivered();
    let Job::RotateFinish { old, created, plan } = job else {
        panic!()
    };
    assert_eq!((old.id.as_str(), old.revision.as_str()), ("T-1", "7"));
    assert_eq!(
        created.auth_token.expose_secret(),
        SECRET,
        "step 3 tests it"
    );
    assert_eq!(plan.final_name.as_deref(), Some("prod"));
    for line in ["3/5 testing…", "4/5 disabled", "5/5 renamed"] {
        feed(&mut s, WorkerEvent::RotateStep(line.into()));
        assert_eq!(status(&s), line);
    }
    let mut new = created.token.clone();
    new.name = "prod".into();
    let mut retired = (*old).clone();
    retired.name = plan.retired_name.clone().unwrap();
    retired.state = TOKEN_DISABLED.into();
    let fx = feed(
        &mut s,
        WorkerEvent::Rotated(Box::new(RotateOutcome::Rotated {
            new,
            old: Some(retired),
        })),
    );
    assert!(
        jobs(fx)
            .iter()
            .any(|j| matches!(j, Job::LoadTokensPage { .. })),
        "the list is read again"
    );
    let Some(Ask::Rotated { message, ok: true }) = &s.page.ask else {
        panic!("{:?}", s.page.ask)
    };
    assert!(message.contains("Rotated 'prod'"), "{message}");
    assert!(screen_text(&s, 80).contains("Rotated"));
    key(&mut s, KeyCode::Esc);
    assert!(s.page.ask.is_none() && s.page.rotation.is_none());
}

#[test]
fn a_failed_step_says_which_and_the_state_of_each_token() {
    let (mut s, job) = delivered();
    let Job::RotateFinish { created, .. } = job else {
        panic!()
    };
    let e = ApiError::Unauthorized {
        message: "bad".into(),
    };
    feed(
        &mut s,
        WorkerEvent::Rotated(Box::new(RotateOutcome::TestFailed(created.token, e))),
    );
    let Some(Ask::Rotated { message, ok: false }) = &s.page.ask else {
        panic!("{:?}", s.page.ask)
    };
    assert!(message.contains("step 3"), "{message}");
    assert!(message.contains("old token is still enabled"), "{message}");
    let text = screen_text(&s, 80);
    assert!(
        text.contains("Rotation stopped") && text.contains("step 3"),
        "{text}"
    );

    // Step 1 failing: nothing changed, and the secret screen never opens.
    let (mut s, _) = started();
    let e = ApiError::Server {
        status: 503,
        message: "down".into(),
    };
    feed(&mut s, WorkerEvent::RotateDuplicated(Err(e)));
    assert!(matches!(s.screen, Screen::Tokens));
    let Some(Ask::Rotated { message, ok: false }) = &s.page.ask else {
        panic!("{:?}", s.page.ask)
    };
    assert!(
        message.contains("step 1") && message.contains("unchanged"),
        "{message}"
    );
}

#[test]
fn a_disabled_token_is_not_rotated() {
    let mut s = page(vec![token("T-1", "legacy", false)]);
    let fx = jobs(pick_rotate(&mut s));
    assert!(
        fx.is_empty() && s.page.ask.is_none(),
        "nothing asked or sent"
    );
    let (level, msg) = s.status.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(
        msg.contains("disabled") && msg.chars().count() <= 76,
        "{msg}"
    );
}

// ----- against the in-process sandbox -----

const FAST: Timeouts = Timeouts {
    connect: Duration::from_secs(2),
    total: Duration::from_secs(10),
};

/// Feeds the worker's events to `s` and hands its jobs to the worker until
/// `done` holds (15 s at most).
fn pump(
    s: &mut State,
    w: &WorkerHandle,
    rx: &Receiver<WorkerEvent>,
    fx: Vec<Effect>,
    done: impl Fn(&State) -> bool,
) {
    for j in jobs(fx) {
        w.send(j);
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done(s) {
        let left = deadline.saturating_duration_since(Instant::now());
        let ev = rx.recv_timeout(left).expect("the worker answers in time");
        for j in jobs(update(s, Msg::Worker(ev))) {
            w.send(j);
        }
    }
}

#[test]
fn rotation_from_the_page_on_the_sandbox_keeps_the_name() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = rt
        .block_on(SandboxHandle::start(([127, 0, 0, 1], 0).into()))
        .unwrap();
    let admin = demo_account(AccountType::Brand);
    let (tx, rx) = std::sync::mpsc::channel();
    let sink: worker::Sink = Arc::new(move |ev| {
        let _ = tx.send(ev);
    });
    let config = WorkerConfig {
        backend: Backend::Remote {
            base_url: sb.base_url(),
        },
        account_type: AccountType::Brand,
        timeouts: FAST,
        retry: RetryPolicy::default().scaled(0.01),
        sandbox: None,
        names_at_connect: false,
    };
    let w = worker::spawn(rt.handle(), config, sink);
    let mut s = fresh(AccountType::Brand, true);
    s.page.home = true;
    s.screen = s.home_screen();
    let fx = vec![Effect::Job(Job::Connect {
        credentials: Some(Credentials {
            account_sid: admin.account_sid.clone(),
            auth_token: SecretString::from(admin.auth_token.clone()),
        }),
        api_version: "14".into(),
    })];
    pump(&mut s, &w, &rx, fx, |s| {
        !s.page.loading && !s.page.tokens.is_empty() && s.page.permissions.is_some()
    });
    // The first enabled seeded token.
    while !s.page.focused().unwrap().is_enabled() {
        key(&mut s, KeyCode::Down);
    }
    let old = s.page.focused().unwrap().clone();
    pick_rotate(&mut s);
    let fx = key(&mut s, KeyCode::Char('y'));
    pump(&mut s, &w, &rx, fx, |s| {
        matches!(s.screen, Screen::Secret(_))
    });
    let Screen::Secret(c) = &s.screen else {
        panic!()
    };
    let secret = c.auth_token.as_ref().unwrap().expose_secret().to_string();
    assert!(screen_text(&s, 80).contains(&secret));
    key(&mut s, KeyCode::Esc);
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(!screen_text(&s, 80).contains(&secret));
    // Each step on the status line as it goes.
    let seen = std::cell::RefCell::new(Vec::new());
    pump(&mut s, &w, &rx, fx, |s| {
        seen.borrow_mut().push(status(s));
        matches!(s.page.ask, Some(Ask::Rotated { .. }))
    });
    let seen = seen.into_inner();
    for step in ["3/5", "4/5", "5/5"] {
        assert!(seen.iter().any(|l| l.starts_with(step)), "{step}: {seen:?}");
    }
    let Some(Ask::Rotated { message, ok }) = &s.page.ask else {
        panic!()
    };
    assert!(*ok, "{message}");
    // On the server: the new token has the name and works; the old one is
    // disabled and named as retired.
    let tokens = sb.tokens(&admin.account_sid);
    let named: Vec<&Token> = tokens.iter().filter(|t| t.name == old.name).collect();
    assert_eq!(named.len(), 1, "{tokens:?}");
    assert_ne!(named[0].id, old.id);
    assert!(named[0].is_enabled());
    let was = tokens.iter().find(|t| t.id == old.id).unwrap();
    assert!(!was.is_enabled());
    assert!(
        was.name.starts_with(&format!("{} (retired ", old.name)),
        "{}",
        was.name
    );
    drop(w);
    drop(rt);
}

#[test]
fn quitting_on_the_rotations_secret_screen_says_where_the_rotation_stops() {
    let (mut s, job) = started();
    let Job::RotateStart { plan, .. } = job else {
        panic!("{job:?}")
    };
    feed(
        &mut s,
        WorkerEvent::RotateDuplicated(Ok(created(&plan.new_name))),
    );
    ctrl(&mut s, 'c');
    assert_eq!(s.modal, Some(Modal::ConfirmQuit));
    let shown = screen_text(&s, 80);
    assert!(shown.contains("rotation stops here"), "{shown}");
}
