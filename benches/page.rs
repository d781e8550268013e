//! Micro-benchmarks of the API page's token list at 10, 1,000 and 10,000
//! tokens (synthetic, named as the sandbox's `IMPACT_SANDBOX_SEED_TOKENS`
//! names them).
//!
//! `cargo bench --bench page` runs them all; add a filter to pick some, e.g.
//! `cargo bench --bench page -- search`. Everything goes through the real
//! `update` with key events, on a state that received the list as the
//! worker delivers it; frames go through `view::render` into ratatui's
//! `TestBackend` at 80×24.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use impact_token::api::worker::{Contacts, WorkerEvent};
use impact_token::contract::{CompanyInformation, Contact, Paging, Token, TokensResponse};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::sandbox::synthetic_listing;
use impact_token::tui::state::{Screen, Settings, State};
use impact_token::tui::update::{Msg, update};
use impact_token::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

/// List lengths, in tokens.
const SIZES: [usize; 3] = [10, 1_000, 10_000];

/// `n` tokens, oldest first, as the sandbox's synthetic seed makes them
/// (varied names, about one in five disabled, dates over 400 days).
fn tokens(n: usize) -> Vec<Token> {
    // 2026-01-01, so the benches do not drift with the clock.
    let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600);
    let mut next = 0;
    synthetic_listing(&Catalog::bundled(AccountType::Brand), "U-1", now, n, || {
        next += 1;
        format!("T-{next:06}")
    })
}

fn key(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The API page, home, connected, with `n` tokens delivered in pages of
/// 1,000 as the worker would (the last page says no more come).
fn page_state(n: usize) -> State {
    let s = loading_state(&tokens(n), true);
    assert_eq!(s.page.tokens.len(), n, "the list did not load");
    assert!(!s.page.loading, "the list is still loading");
    s
}

/// The API page with `all` delivered in pages of 1,000; `done` says
/// whether the last page says no more come.
fn loading_state(all: &[Token], done: bool) -> State {
    let settings = Settings {
        account_type: AccountType::Brand,
        sandbox: true,
        ascii: false,
        no_color: false,
        colors_256: false,
    };
    let mut s = State::new(settings, Catalog::bundled(AccountType::Brand), false);
    s.page.home = true;
    s.screen = Screen::Tokens;
    let ada = Contact {
        user_id: "U-1".into(),
        name: "Ada Lovelace".into(),
        email: Some("ada@acme.example".into()),
        role: None,
    };
    for ev in [
        WorkerEvent::Ready {
            base_url: "http://127.0.0.1:1".into(),
            account_sid: "IRDEMO1234567890ABCD".into(),
        },
        WorkerEvent::Company(Ok(CompanyInformation {
            company_name: "Acme Outdoor Co.".into(),
            technical_contact: Some(ada.clone()),
            financial_contact: None,
            security_contact: None,
        })),
        WorkerEvent::Contacts(Ok(Contacts {
            list: vec![ada],
            from_company: false,
        })),
    ] {
        update(&mut s, Msg::Worker(ev));
    }
    let pages: Vec<&[Token]> = all.chunks(1000).collect();
    for (i, chunk) in pages.iter().enumerate() {
        let last = done && i + 1 == pages.len();
        let paging = Paging {
            next_page_uri: if last {
                String::new()
            } else {
                format!(
                    "/Advertisers/IRDEMO1234567890ABCD/APIAccessTokens?Page={}",
                    i + 2
                )
            },
            ..Paging::default()
        };
        let generation = s.page.generation;
        update(
            &mut s,
            Msg::Worker(WorkerEvent::TokensPage {
                generation,
                result: Ok(TokensResponse {
                    paging,
                    access_tokens: chunk.to_vec(),
                }),
            }),
        );
    }
    s
}

/// An 80×24 test terminal with `state` drawn once.
fn terminal(state: &State) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::render(f, state)).unwrap();
    t
}

fn draw(t: &mut Terminal<TestBackend>, state: &State) {
    t.draw(|f| view::render(f, state)).unwrap();
}

/// What is typed into Search by Name, one key per iteration: a name part
/// letter by letter, then as many Backspaces, over and over, so that the
/// filter narrows and widens as when a user types and corrects.
const TYPED: &str = "payouts sy";

/// The state with Search by Name focused (`/`) and the script's position.
fn searching(n: usize) -> (State, usize) {
    let mut s = page_state(n);
    key(&mut s, KeyCode::Char('/'));
    assert!(s.page.searching, "/ did not focus Search by Name");
    (s, 0)
}

/// The next key of the [`TYPED`] script.
fn next_key(i: &mut usize) -> KeyCode {
    let len = TYPED.chars().count();
    let k = match TYPED.chars().nth(*i) {
        Some(c) => KeyCode::Char(c),
        None => KeyCode::Backspace,
    };
    *i = (*i + 1) % (2 * len);
    k
}

/// One keystroke in Search by Name: `update` with the key, which refilters
/// the whole list (no frame).
#[divan::bench(args = SIZES, sample_count = 100, max_time = 2)]
fn search_key(bencher: Bencher, n: usize) {
    let (mut s, mut i) = searching(n);
    bencher.bench_local(|| {
        let k = next_key(&mut i);
        key(&mut s, k);
    });
    assert!(s.page.searching);
}

/// One keystroke in Search by Name and the frame that shows it: what a key
/// costs the app before it writes to the terminal.
#[divan::bench(args = SIZES, sample_count = 100, max_time = 2)]
fn search_key_frame(bencher: Bencher, n: usize) {
    let (mut s, mut i) = searching(n);
    let mut t = terminal(&s);
    bencher.bench_local(|| {
        let k = next_key(&mut i);
        key(&mut s, k);
        draw(&mut t, &s);
    });
}

/// ↓ in the list and a frame; Home (also timed) when the cursor reaches
/// the last row, so every ↓ moves.
#[divan::bench(args = SIZES, sample_count = 100, max_time = 1)]
fn cursor_down(bencher: Bencher, n: usize) {
    let mut s = page_state(n);
    let mut t = terminal(&s);
    bencher.bench_local(|| {
        if s.page.cursor + 1 >= s.page.visible.len() {
            key(&mut s, KeyCode::Home);
        }
        key(&mut s, KeyCode::Down);
        draw(&mut t, &s);
    });
}

/// The last page of 100 tokens arriving on a list that holds `n` less 100
/// (each page refilters the list whole): what each page of a background
/// load costs the event loop, frame not included.
#[divan::bench(args = [1_000, 10_000], sample_count = 30, sample_size = 1, max_time = 3)]
fn page_arrives(bencher: Bencher, n: usize) {
    let all = tokens(n);
    let (head, tail) = all.split_at(n - 100);
    bencher
        .with_inputs(|| (loading_state(head, false), tail.to_vec()))
        .bench_local_values(|(mut s, page)| {
            let generation = s.page.generation;
            update(
                &mut s,
                Msg::Worker(WorkerEvent::TokensPage {
                    generation,
                    result: Ok(TokensResponse {
                        paging: Paging::default(),
                        access_tokens: page,
                    }),
                }),
            );
            assert_eq!(s.page.tokens.len(), n);
            s
        });
}
