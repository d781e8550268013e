//! The Update panel of Edit at 80×24 through ratatui's TestBackend: the
//! changed settings, and the scopes added and removed by category.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use crossterm::event::KeyCode;
use impact_token::contract::{TOKEN_ENABLED, Token};
use impact_token::model::account::AccountType;
use impact_token::tui::update::begin_edit;
use impact_token::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wizard_state::*;

#[test]
fn update_review() {
    let mut s = connected(AccountType::Brand);
    let token = Token {
        id: "T-7".into(),
        name: "nightly-export".into(),
        description: "BI export".into(),
        api_version: "13".into(),
        primary_contact_user_id: "U-2".into(),
        developer_emails: vec!["dev@example.com".into()],
        scopes: vec![
            "getCompanyInformation".into(),
            "getLegalEntity".into(),
            "listAds".into(),
        ],
        date_created: "2026-01-01T00:00:00Z".into(),
        state: TOKEN_ENABLED.into(),
        revision: String::new(),
    };
    begin_edit(&mut s, &token, &mut Vec::new());
    typed(&mut s, "-v2");
    ctrl(&mut s, 'n');
    ctrl(&mut s, 'n');
    // Account Information: check its second scope, uncheck its third.
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Enter);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::render(f, &s)).unwrap();
    insta::assert_snapshot!(t.backend());
}
