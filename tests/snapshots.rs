//! Snapshots of each panel at 80×24 through ratatui's TestBackend.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use crossterm::event::KeyCode;
use impact_token::api::error::ApiError;
use impact_token::api::worker::WorkerEvent;
use impact_token::contract::ErrorBody;
use impact_token::model::account::AccountType;
use impact_token::tui::state::State;
use impact_token::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wizard_state::*;

fn draw(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, state)).unwrap();
    t
}

fn snap(state: &State) -> Terminal<TestBackend> {
    draw(state, 80, 24)
}

#[test]
fn setup_panel() {
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "reporting-export");
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn setup_refusal_shows_inline_error() {
    let mut s = connected(AccountType::Brand);
    ctrl(&mut s, 'n');
    let t = snap(&s);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn contact_panel() {
    let mut s = connected(AccountType::Partner);
    typed(&mut s, "partner-token");
    ctrl(&mut s, 'n');
    typed(&mut s, "gra");
    key(&mut s, KeyCode::Enter);
    typed(&mut s, "not-an-email");
    key(&mut s, KeyCode::Enter);
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn scopes_panel() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "reporting-export");
    key(&mut s, KeyCode::Char(' ')); // first category on + expanded
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn create_panel_review() {
    let mut s = connected(AccountType::Agency);
    to_scopes(&mut s, "agency-reports");
    key(&mut s, KeyCode::Char('a')); // all of the first category
    key(&mut s, KeyCode::Enter);
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn secret_screen_and_done() {
    let mut s = connected(AccountType::Agency);
    to_scopes(&mut s, "agency-reports");
    key(&mut s, KeyCode::Char('a'));
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Enter);
    let body = r#"{"Id":"TK-42","Name":"agency-reports","Description":"","ApiVersion":"3",
        "PrimaryContactUserId":"U-1","DeveloperEmails":[],"Scopes":["listAdvertisers"],
        "DateCreated":"2026-11-25T00:00:00Z","AccountSID":"IRNEWTOKEN0000000000000000000042",
        "AuthToken":"demo-secret-shown-once"}"#;
    feed(
        &mut s,
        WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
    );
    insta::assert_snapshot!("secret", snap(&s).backend());
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('y'));
    let done = snap(&s);
    insta::assert_snapshot!("done", done.backend());
    assert!(!format!("{:?}", done.backend().buffer()).contains("demo-secret-shown-once"));
}

#[test]
fn server_error_lands_on_its_field() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "existing-token");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Enter);
    let e: ErrorBody = ErrorBody::new("Name already in use");
    feed(
        &mut s,
        WorkerEvent::Created(Err(ApiError::Conflict {
            message: e.message,
            errors: vec![],
        })),
    );
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn help_overlay() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "x");
    key(&mut s, KeyCode::Char('?'));
    insta::assert_snapshot!(snap(&s).backend());
}

#[test]
fn too_small() {
    let s = connected(AccountType::Brand);
    insta::assert_snapshot!(draw(&s, 50, 10).backend());
}

#[test]
fn ascii_and_no_color_fallback() {
    let mut s = connected(AccountType::Brand);
    s.settings.ascii = true;
    s.settings.no_color = true;
    to_scopes(&mut s, "plain");
    key(&mut s, KeyCode::Char(' '));
    let t = snap(&s);
    let text = format!("{}", t.backend());
    assert!(text.is_ascii(), "only ASCII with --ascii:\n{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn colour_depth_follows_the_terminal() {
    use ratatui::style::Color;
    let colours = |no_color: bool, rich: bool| {
        let mut s = connected(AccountType::Brand);
        s.settings.no_color = no_color;
        s.settings.colors_256 = rich;
        to_scopes(&mut s, "c");
        key(&mut s, KeyCode::Char(' '));
        let t = snap(&s);
        let cells: Vec<(Color, Color)> = t
            .backend()
            .buffer()
            .content
            .iter()
            .map(|c| (c.fg, c.bg))
            .collect();
        cells
    };
    let none = colours(true, true);
    assert!(
        none.iter()
            .all(|(fg, bg)| *fg == Color::Reset && *bg == Color::Reset),
        "NO_COLOR: no colour at all"
    );
    let ansi16 = colours(false, false);
    assert!(ansi16.iter().any(|(fg, _)| *fg != Color::Reset));
    assert!(
        ansi16
            .iter()
            .all(|(fg, bg)| !matches!(fg, Color::Indexed(_) | Color::Rgb(..))
                && !matches!(bg, Color::Indexed(_) | Color::Rgb(..))),
        "16-colour terminals get only the 16 colours"
    );
    let ansi256 = colours(false, true);
    assert!(ansi256.iter().any(|(fg, _)| *fg == Color::Indexed(245)));
}

#[test]
fn the_review_window_matches_the_whole_review() {
    use impact_token::tui::view::create::{review_len, review_lines};
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "everything");
    for ci in 0..s.catalog.categories.len() {
        if ci % 3 != 1 {
            s.selection.toggle_all_in(ci);
        }
    }
    let theme = s.theme();
    let text =
        |lines: Vec<ratatui::text::Line>| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let all = text(review_lines(&s, &theme, 78, 0, usize::MAX));
    assert_eq!(all.len(), review_len(&s));
    for skip in [0, 1, 5, 6, 7, 8, 20, 33, 60, all.len() - 3, all.len()] {
        let window = text(review_lines(&s, &theme, 78, skip, 13));
        let end = (skip + 13).min(all.len());
        assert_eq!(window, all[skip..end].to_vec(), "skip {skip}");
    }
}

#[test]
fn search_panel() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "search");
    key(&mut s, KeyCode::Char('/'));
    typed(&mut s, "report");
    insta::assert_snapshot!(snap(&s).backend());
}
