// Shared by the state-level tests: a wizard fed with the events a connected
// sandbox would send, driven by key presses. Included with `#[path]`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use impact_token::api::worker::{Contacts, WorkerEvent};
use impact_token::contract::{CompanyInformation, Contact, Token};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::tui::state::{Settings, State};
use impact_token::tui::update::{Effect, Msg, update};

/// A sandbox wizard's settings: Unicode, 16 colours (or none).
pub fn sandbox_settings(account_type: AccountType, no_color: bool) -> Settings {
    Settings {
        account_type,
        sandbox: true,
        ascii: false,
        no_color,
        colors_256: false,
    }
}

/// The bundled catalog for `account_type`, parsed once per test binary
/// (unoptimised, parsing it is most of a state-level test's time).
pub fn bundled(account_type: AccountType) -> Catalog {
    use std::sync::OnceLock;
    static CATALOGS: [OnceLock<Catalog>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match account_type {
        AccountType::Agency => 0,
        AccountType::Brand => 1,
        AccountType::Partner => 2,
    };
    CATALOGS[slot]
        .get_or_init(|| Catalog::bundled(account_type))
        .clone()
}

/// A fresh wizard on the sandbox, nothing loaded yet.
pub fn fresh(account_type: AccountType, no_color: bool) -> State {
    State::new(
        sandbox_settings(account_type, no_color),
        bundled(account_type),
        false,
    )
}

/// The screen `s` draws at `width`×24, one line per row.
pub fn screen_text(s: &State, width: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 24)).unwrap();
    t.draw(|f| impact_token::tui::view::render(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

pub fn connected(account_type: AccountType) -> State {
    let mut s = fresh(account_type, false);
    // Brand users have roles (`ProductRoles[].Role`); other types none.
    let role = |id: &str| match (account_type, id) {
        (AccountType::Brand, "U-1") => Some("ACCOUNT_ADMINISTRATOR".to_string()),
        (AccountType::Brand, "U-2") => Some("IMPLEMENTATION_SPECIALIST".to_string()),
        (AccountType::Brand, _) => Some("ANALYST".to_string()),
        _ => None,
    };
    let c = |id: &str, name: &str, email: &str| Contact {
        user_id: id.into(),
        name: name.into(),
        email: Some(email.into()),
        role: role(id),
    };
    feed(
        &mut s,
        WorkerEvent::Ready {
            base_url: "http://127.0.0.1:1".into(),
            account_sid: "IRDEMO1234567890ABCD".into(),
        },
    );
    feed(
        &mut s,
        WorkerEvent::Company(Ok(CompanyInformation {
            company_name: "Acme Outdoor Co.".into(),
            technical_contact: Some(c("U-1", "Ada Lovelace", "ada@acme.example")),
            financial_contact: None,
            security_contact: None,
        })),
    );
    feed(
        &mut s,
        WorkerEvent::Contacts(Ok(Contacts {
            list: vec![
                c("U-1", "Ada Lovelace", "ada@acme.example"),
                c("U-2", "Grace Hopper", "grace@acme.example"),
                c("U-3", "Linus Pauling", "linus@acme.example"),
            ],
            from_company: false,
        })),
    );
    feed(
        &mut s,
        WorkerEvent::Tokens(Ok(vec![Token {
            id: "T-1".into(),
            name: "existing-token".into(),
            description: String::new(),
            api_version: "14".into(),
            primary_contact_user_id: "U-1".into(),
            developer_emails: vec![],
            scopes: vec![],
            date_created: String::new(),
            state: impact_token::contract::TOKEN_ENABLED.to_string(),
            revision: String::new(),
        }])),
    );
    s.sync_field_styles();
    s
}

pub fn feed(s: &mut State, ev: WorkerEvent) -> Vec<Effect> {
    update(s, Msg::Worker(ev))
}

pub fn key(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn ctrl(s: &mut State, c: char) -> Vec<Effect> {
    update(
        s,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

pub fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        key(s, KeyCode::Char(c));
    }
}

/// Fills Setup and Contact and moves to the Scopes panel.
pub fn to_scopes(s: &mut State, name: &str) {
    typed(s, name);
    key(s, KeyCode::Tab);
    typed(s, "Nightly BI export");
    ctrl(s, 'n');
    key(s, KeyCode::Enter); // pick the first contact
    typed(s, "dev@example.com");
    key(s, KeyCode::Enter); // add it
    key(s, KeyCode::Enter); // empty field: Next
}
