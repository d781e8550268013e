//! Snapshots of the API page at 80×24 through ratatui's TestBackend: the
//! list, a token's details, the menu and Reset's question.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use crossterm::event::KeyCode;
use impact_token::api::worker::WorkerEvent;
use impact_token::contract::{Paging, TOKEN_DISABLED, TOKEN_ENABLED, Token, TokensResponse};
use impact_token::model::account::AccountType;
use impact_token::tui::state::{Screen, State};
use impact_token::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wizard_state::*;

fn token(id: &str, name: &str, enabled: bool, date: &str, scopes: &[&str]) -> Token {
    Token {
        id: id.into(),
        name: name.into(),
        description: "Nightly export to the warehouse".into(),
        api_version: "12".into(),
        primary_contact_user_id: "U-2".into(),
        developer_emails: vec!["dev@acme.example".into()],
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        date_created: date.into(),
        state: if enabled {
            TOKEN_ENABLED
        } else {
            TOKEN_DISABLED
        }
        .into(),
        revision: String::new(),
    }
}

/// The page with four tokens, one with a name too long for its column and
/// one whose contact is not among the users (its Id shows).
fn page() -> State {
    let mut s = connected(AccountType::Brand);
    s.page.home = true;
    s.screen = Screen::Tokens;
    s.page.generation = 1;
    let mut stranger = token(
        "T-4",
        "partner-feed",
        true,
        "2025-06-30T08:00:00Z",
        &["getCompanyInformation"],
    );
    stranger.primary_contact_user_id = "U-404".into();
    stranger.api_version = "14".into();
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: 1,
            result: Ok(TokensResponse {
                paging: Paging::default(),
                access_tokens: vec![
                    token(
                        "T-1",
                        "prod-reporting",
                        true,
                        "2026-01-05T10:00:00Z",
                        &["getCompanyInformation", "listActionInquiries"],
                    ),
                    token(
                        "T-2",
                        "a rather long token name that needs an ellipsis",
                        false,
                        "2025-11-20T09:30:00Z",
                        &["getCompanyInformation", "updateActionInquiry"],
                    ),
                    token("T-3", "legacy-sync", true, "2024-03-01T00:00:00Z", &[]),
                    stranger,
                ],
            }),
        },
    );
    key(&mut s, KeyCode::Down);
    s
}

fn snap(state: &State) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::render(f, state)).unwrap();
    t
}

#[test]
fn token_list() {
    insta::assert_snapshot!(snap(&page()).backend());
}

#[test]
fn token_list_filtered() {
    let mut s = page();
    key(&mut s, KeyCode::Char('/'));
    typed(&mut s, "re");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('s'));
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn token_details() {
    let mut s = page();
    key(&mut s, KeyCode::Enter);
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn token_menu() {
    let mut s = page();
    key(&mut s, KeyCode::Char('m'));
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn reset_question() {
    let mut s = page();
    key(&mut s, KeyCode::Char('m'));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Enter);
    typed(&mut s, "a rather");
    insta::assert_snapshot!(snap(&s).backend());
}

fn filter_line(s: &State) -> String {
    let t = snap(s);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .find(|l| l.contains("Created On (c)"))
        .expect("the filter line")
}

/// At 80 columns the filter line shows every filter's value whole, and the
/// search field does not repeat its label the moment `/` is pressed.
#[test]
fn the_filter_line_fits_80_columns() {
    let mut s = page();
    key(&mut s, KeyCode::Char('/'));
    let line = filter_line(&s);
    assert_eq!(line.matches("Search by").count(), 1, "{line:?}");
    key(&mut s, KeyCode::Esc);
    for _ in 0..4 {
        for _ in 0..3 {
            let line = filter_line(&s);
            let created = s
                .page
                .filter
                .created
                .map_or(impact_token::text::CREATED_ANY, |c| c.label());
            let state = s
                .page
                .filter
                .state
                .map_or(impact_token::text::STATE_ANY, |c| c.label());
            assert!(
                line.contains(&format!("Created On (c): {created}"))
                    && line.contains(&format!("State (s): {state}")),
                "{line:?}"
            );
            key(&mut s, KeyCode::Char('s'));
        }
        key(&mut s, KeyCode::Char('c'));
    }
}

/// The page after a duplicate and two rotations: names that differ only at
/// their ends.
fn rotated(width: u16, height: u16) -> State {
    let mut s = connected(AccountType::Brand);
    s.page.home = true;
    s.screen = Screen::Tokens;
    s.page.generation = 1;
    impact_token::tui::update::update(
        &mut s,
        impact_token::tui::update::Msg::Resize(width, height),
    );
    let base = "Demo seed: Dashboard numbers";
    let names = [
        base.to_string(),
        format!("{base} (copy)"),
        format!("{base} (retired 2026-12-05 09:10 UTC)"),
        format!("{base} (retired 2026-12-06 02:31 UTC)"),
        format!("{base} (staging)"),
    ];
    let tokens = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let id = format!("T-{i}");
            token(&id, name, i < 2 || i == 4, "2026-12-06T02:31:00Z", &[])
        })
        .collect();
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
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    s
}

fn snap_at(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| view::render(f, state)).unwrap();
    t
}

/// The rows' name cells, one a row.
fn name_cells(t: &Terminal<TestBackend>, rows: std::ops::Range<u16>, width: u16) -> Vec<String> {
    let buf = t.backend().buffer();
    rows.map(|y| {
        let row: String = (0..width).map(|x| buf[(x, y)].symbol()).collect();
        row.split("  ")
            .find(|c| !c.trim().is_empty() && c.trim() != "›")
            .unwrap_or("")
            .to_string()
    })
    .collect()
}

#[test]
fn names_stay_apart_at_80x24() {
    let s = rotated(80, 24);
    let t = snap_at(&s, 80, 24);
    // Every row's name is told apart from the others by what shows.
    let cells = name_cells(&t, 4..9, 80);
    let mut unique = cells.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "{cells:#?}");
    assert!(cells[4].contains("(staging)"), "{cells:#?}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn names_stay_apart_at_120x40() {
    let s = rotated(120, 40);
    insta::assert_snapshot!(snap_at(&s, 120, 40).backend());
}

#[test]
fn the_menu_names_its_token_with_its_ending() {
    let mut s = rotated(80, 24);
    key(&mut s, KeyCode::Char('m'));
    insta::assert_snapshot!(snap_at(&s, 80, 24).backend());
}
