// Shared by the API page's state-level tests: tokens as the server lists
// them, pages of them, and a page loaded with three. Included with
// `#[path]` next to `support/state.rs`, which the including file names
// `wizard_state`.

use impact_token::api::worker::{Contacts, Job, WorkerEvent};
use impact_token::contract::{
    CompanyInformation, Contact, Paging, TOKEN_DISABLED, TOKEN_ENABLED, Token, TokensResponse,
};
use impact_token::model::account::AccountType;
use impact_token::tui::state::{Screen, State};
use impact_token::tui::update::Effect;

use crate::wizard_state::{feed, fresh};

pub const DAY: i64 = 86_400;

/// `days` ago as ISO 8601, from the real clock (the page filters against it).
pub fn iso_days_ago(days: i64) -> String {
    let t = time::OffsetDateTime::now_utc() - time::Duration::days(days);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A token as the server lists it: version 12, two scopes.
pub fn token(id: &str, name: &str, enabled: bool, days_ago: i64) -> Token {
    Token {
        id: id.into(),
        name: name.into(),
        description: "for tests".into(),
        api_version: "12".into(),
        primary_contact_user_id: "U-2".into(),
        developer_emails: vec![],
        scopes: vec!["getCompanyInformation".into(), "listActionInquiries".into()],
        date_created: iso_days_ago(days_ago),
        state: if enabled {
            TOKEN_ENABLED
        } else {
            TOKEN_DISABLED
        }
        .into(),
        revision: String::new(),
    }
}

/// One page of the list; `next` empty on the last.
pub fn page_of(tokens: Vec<Token>, next: &str) -> TokensResponse {
    TokensResponse {
        paging: Paging {
            next_page_uri: next.into(),
            ..Paging::default()
        },
        access_tokens: tokens,
    }
}

/// The jobs among `fx`.
pub fn jobs(fx: &[Effect]) -> Vec<&Job> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Job(j) => Some(j),
            _ => None,
        })
        .collect()
}

/// The generation and page of the one page load among `fx`.
pub fn page_load(fx: &[Effect]) -> Option<(u64, Option<String>)> {
    jobs(fx).into_iter().find_map(|j| match j {
        Job::LoadTokensPage { generation, next } => Some((*generation, next.clone())),
        _ => None,
    })
}

/// A connected sandbox with the API page as home, no page loaded yet;
/// returns the generation of the first load.
pub fn home() -> (State, u64) {
    let mut s = fresh(AccountType::Brand, true);
    s.page.home = true;
    s.screen = s.home_screen();
    assert!(matches!(s.screen, Screen::Tokens));
    feed(
        &mut s,
        WorkerEvent::Ready {
            base_url: "http://127.0.0.1:1".into(),
            account_sid: "IRDEMO1234567890ABCD".into(),
        },
    );
    let contact = |id: &str, name: &str| Contact {
        user_id: id.into(),
        name: name.into(),
        email: None,
        role: None,
    };
    let fx = feed(
        &mut s,
        WorkerEvent::Company(Ok(CompanyInformation {
            company_name: "Acme Outdoor Co.".into(),
            technical_contact: Some(contact("U-1", "Ada Lovelace")),
            financial_contact: None,
            security_contact: None,
        })),
    );
    let (generation, next) = page_load(&fx).expect("the list loads once connected");
    assert_eq!(next, None);
    feed(
        &mut s,
        WorkerEvent::Contacts(Ok(Contacts {
            list: vec![
                contact("U-1", "Ada Lovelace"),
                contact("U-2", "Grace Hopper"),
            ],
            from_company: false,
        })),
    );
    (s, generation)
}

/// The home page with three tokens loaded in one page: prod-reporting
/// (T-1, enabled, 2 days old), old-export (T-2, disabled, 20 days) and
/// legacy-sync (T-3, enabled, 60 days).
pub fn loaded() -> State {
    let (mut s, g) = home();
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(
                vec![
                    token("T-1", "prod-reporting", true, 2),
                    token("T-2", "old-export", false, 20),
                    token("T-3", "legacy-sync", true, 60),
                ],
                "",
            )),
        },
    );
    s
}

/// The focused token's Id, or "".
pub fn focused(s: &State) -> String {
    s.page.focused().map(|t| t.id.clone()).unwrap_or_default()
}
