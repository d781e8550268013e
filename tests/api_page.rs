//! The API page, driven through `update` with the events a connected
//! sandbox would send: pages arriving one by one, the filters, the menu's
//! questions, Reset's secret screen and the return to the list after Create.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

#[path = "support/page.rs"]
#[allow(dead_code)]
mod page_support;

use crossterm::event::KeyCode;
use impact_token::api::error::ApiError;
use impact_token::api::worker::{Job, TokenOp, TokenOpDone, WorkerEvent};
use impact_token::contract::{CreatedToken, TOKEN_DISABLED, Token};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::model::tokens::{CreatedOn, StateFilter};
use impact_token::tui::state::{Ask, Level, Modal, Screen, State, Step, field_text};
use impact_token::tui::update::Effect;
use page_support::*;
use secrecy::{ExposeSecret, SecretString};
use wizard_state::*;

fn names(s: &State) -> Vec<String> {
    s.page
        .visible
        .iter()
        .map(|&i| s.page.tokens[i].name.clone())
        .collect()
}

/// Opens the menu on the focused token and picks item `index`.
fn menu_pick(s: &mut State, index: usize) -> Vec<Effect> {
    key(s, KeyCode::Char('m'));
    assert!(s.page.menu.is_some(), "the menu opens");
    for _ in 0..index {
        key(s, KeyCode::Down);
    }
    key(s, KeyCode::Enter)
}

#[test]
fn pages_show_as_they_arrive_and_the_next_is_asked_for() {
    let (mut s, g) = home();
    assert!(screen_text(&s, 80).contains("Loading the tokens"));
    let fx = feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(
                vec![token("T-1", "first-page-token", true, 1)],
                "/Advertisers/IRDEMO/APIAccessTokens?Page=2&PageSize=1",
            )),
        },
    );
    // Shown at once, and the next page asked for with the server's URI.
    assert!(screen_text(&s, 80).contains("first-page-token"));
    assert!(s.page.loading && s.page.more);
    assert_eq!(
        page_load(&fx),
        Some((
            g,
            Some("/Advertisers/IRDEMO/APIAccessTokens?Page=2&PageSize=1".into())
        ))
    );
    let fx = feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(
                vec![token("T-2", "second-page-token", true, 1)],
                "",
            )),
        },
    );
    assert_eq!(page_load(&fx), None, "the last page asks for nothing more");
    assert!(!s.page.loading);
    let text = screen_text(&s, 80);
    assert!(text.contains("first-page-token") && text.contains("second-page-token"));
    // The Primary Contact column shows the contact's name.
    assert!(text.contains("Grace Hopper"), "{text}");
}

#[test]
fn a_reload_drops_pages_of_the_older_load_and_keeps_the_focus() {
    let mut s = loaded();
    key(&mut s, KeyCode::Down);
    assert_eq!(focused(&s), "T-2");
    let fx = ctrl(&mut s, 'r');
    let (g2, next) = page_load(&fx).expect("Ctrl-R reloads");
    assert_eq!(next, None);
    // The old list stays until the new load's first page comes.
    assert_eq!(names(&s).len(), 3);
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g2 - 1,
            result: Ok(page_of(vec![token("T-9", "stale", true, 1)], "")),
        },
    );
    assert!(!names(&s).contains(&"stale".to_string()));
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g2,
            result: Ok(page_of(
                vec![
                    token("T-0", "brand-new", true, 0),
                    token("T-1", "prod-reporting", true, 2),
                    token("T-2", "old-export", false, 20),
                ],
                "",
            )),
        },
    );
    assert_eq!(names(&s), ["brand-new", "prod-reporting", "old-export"]);
    assert_eq!(focused(&s), "T-2", "the focused token stays focused");
}

#[test]
fn a_failed_load_says_so_with_the_reload_key() {
    let (mut s, g) = home();
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Err(ApiError::Timeout),
        },
    );
    let (level, msg) = s.status.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(
        msg.contains("Loading the tokens failed") && msg.contains("Ctrl-R"),
        "{msg}"
    );
    assert!(!s.page.loading);
    assert!(page_load(&ctrl(&mut s, 'r')).is_some());
}

#[test]
fn the_three_filters_narrow_the_list() {
    let mut s = loaded();
    key(&mut s, KeyCode::Char('c'));
    assert_eq!(s.page.filter.created, Some(CreatedOn::Last7Days));
    assert_eq!(names(&s), ["prod-reporting"]);
    key(&mut s, KeyCode::Char('c'));
    assert_eq!(names(&s), ["prod-reporting", "old-export"]);
    key(&mut s, KeyCode::Char('c'));
    assert_eq!(s.page.filter.created, Some(CreatedOn::Older));
    assert_eq!(names(&s), ["legacy-sync"]);
    key(&mut s, KeyCode::Char('c'));
    assert_eq!(s.page.filter.created, None);

    key(&mut s, KeyCode::Char('s'));
    assert_eq!(s.page.filter.state, Some(StateFilter::Enabled));
    assert_eq!(names(&s), ["prod-reporting", "legacy-sync"]);
    key(&mut s, KeyCode::Char('s'));
    assert_eq!(names(&s), ["old-export"]);
    assert!(screen_text(&s, 80).contains("State (s): Disabled"));
    key(&mut s, KeyCode::Char('s'));

    // Search by Name: letters type while the field has focus.
    key(&mut s, KeyCode::Char('/'));
    typed(&mut s, "EXP");
    assert_eq!(field_text(&s.page.search), "EXP");
    assert_eq!(names(&s), ["old-export"]);
    key(&mut s, KeyCode::Enter); // keep the filter, back to the list
    key(&mut s, KeyCode::Char('s')); // Enabled, and named like "exp": none
    assert_eq!(names(&s), Vec::<String>::new());
    assert!(screen_text(&s, 80).contains("No token matches"));
    // Esc clears every filter.
    key(&mut s, KeyCode::Esc);
    assert_eq!(names(&s).len(), 3);
    assert!(!s.page.filter.is_active());
}

#[test]
fn reset_refuses_a_wrong_name_then_shows_the_secret_once_and_returns() {
    let mut s = loaded();
    key(&mut s, KeyCode::Down); // old-export
    let fx = menu_pick(&mut s, 1);
    assert!(jobs(&fx).is_empty());
    assert!(matches!(s.page.ask, Some(Ask::Reset { .. })));
    typed(&mut s, "old-exporT");
    let fx = key(&mut s, KeyCode::Enter);
    assert!(jobs(&fx).is_empty(), "a wrong name resets nothing");
    assert!(
        matches!(s.page.ask, Some(Ask::Reset { .. })),
        "still asking"
    );
    assert_eq!(s.status.as_ref().unwrap().0, Level::Error);
    key(&mut s, KeyCode::Backspace);
    typed(&mut s, "t");
    let fx = key(&mut s, KeyCode::Enter);
    match jobs(&fx).as_slice() {
        [
            Job::TokenOp {
                id,
                op: TokenOp::Reset,
                ..
            },
        ] => assert_eq!(id, "T-2"),
        other => panic!("{other:?}"),
    }
    assert!(s.page.ask.is_none());
    let mut reset = token("T-2", "old-export", false, 20);
    reset.state = TOKEN_DISABLED.into();
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-2".into(),
            result: Ok(TokenOpDone::Reset(CreatedToken {
                token: reset,
                account_sid: "IRNEWSID".into(),
                auth_token: SecretString::from("s3cret-value-after-reset".to_string()),
            })),
        },
    );
    // The wizard's own secret screen, with its keys.
    let Screen::Secret(c) = &s.screen else {
        panic!("the secret screen opens");
    };
    assert_eq!(
        c.auth_token.as_ref().unwrap().expose_secret(),
        "s3cret-value-after-reset"
    );
    let text = screen_text(&s, 80);
    assert!(text.contains("s3cret-value-after-reset"));
    // Titled as a reset, under the token's own breadcrumb, not Create's.
    assert!(text.contains("Token reset"), "{text}");
    assert!(!text.contains("Token created"), "{text}");
    assert!(text.contains("API › Reset › old-export"), "{text}");
    assert!(!text.contains("Create Access Token"), "{text}");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, Some(Modal::ConfirmLeaveSecret));
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Tokens), "back to the list");
    assert!(page_load(&fx).is_some(), "the list is read again");
    assert_eq!(s.page.select.as_deref(), Some("T-2"));
    // The done screen's words, over the list, until a key is pressed.
    let text = screen_text(&s, 80);
    assert!(!text.contains("s3cret-value-after-reset"));
    assert!(text.contains("has a new Auth Token"), "{text}");
    assert!(text.contains("wiped from this program's memory"), "{text}");
    assert!(jobs(&key(&mut s, KeyCode::Char('m'))).is_empty());
    assert!(
        s.page.notice.is_none() && s.page.menu.is_none(),
        "the key only closed it"
    );
}

#[test]
fn delete_refuses_a_wrong_name_and_removes_the_row_when_done() {
    let mut s = loaded();
    menu_pick(&mut s, 4);
    assert!(matches!(s.page.ask, Some(Ask::Delete { .. })));
    let text = screen_text(&s, 80);
    assert!(text.contains("Type the token's name"), "{text}");
    typed(&mut s, "prod");
    assert!(jobs(&key(&mut s, KeyCode::Enter)).is_empty());
    typed(&mut s, "-reporting");
    let fx = key(&mut s, KeyCode::Enter);
    assert!(matches!(
        jobs(&fx).as_slice(),
        [Job::TokenOp {
            op: TokenOp::Delete,
            ..
        }]
    ));
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Ok(TokenOpDone::Deleted),
        },
    );
    assert_eq!(names(&s), ["old-export", "legacy-sync"]);
}

#[test]
fn disable_asks_and_the_state_changes_when_the_server_answers() {
    let mut s = loaded();
    menu_pick(&mut s, 3);
    assert!(matches!(s.page.ask, Some(Ask::Disable { .. })));
    // No leaves it alone.
    assert!(jobs(&key(&mut s, KeyCode::Char('n'))).is_empty());
    assert!(s.page.ask.is_none());
    menu_pick(&mut s, 3);
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(
        jobs(&fx).as_slice(),
        [Job::TokenOp {
            op: TokenOp::SetEnabled(false),
            ..
        }]
    ));
    assert!(s.page.tokens[0].is_enabled(), "unchanged until the answer");
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Ok(TokenOpDone::Updated(token(
                "T-1",
                "prod-reporting",
                false,
                2,
            ))),
        },
    );
    assert!(!s.page.tokens[0].is_enabled());
    let row = screen_text(&s, 80)
        .lines()
        .find(|l| l.contains("prod-reporting"))
        .unwrap()
        .to_string();
    assert!(row.contains("Disabled"), "{row}");
    // Enable asks too: access comes back.
    assert!(jobs(&menu_pick(&mut s, 3)).is_empty());
    assert!(matches!(s.page.ask, Some(Ask::Enable { .. })));
    assert!(screen_text(&s, 80).contains("Enable 'prod-reporting'?"));
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(
        jobs(&fx).as_slice(),
        [Job::TokenOp {
            op: TokenOp::SetEnabled(true),
            ..
        }]
    ));
}

#[test]
fn upgrade_offers_newer_versions_shows_the_diff_then_puts_the_new_version() {
    let mut s = loaded();
    let fx = menu_pick(&mut s, 2);
    let (from, to) = jobs(&fx)
        .into_iter()
        .find_map(|j| match j {
            Job::LoadUpgradeCatalogs { from, to } => Some((from.clone(), to.clone())),
            _ => None,
        })
        .expect("the catalogs load");
    assert_eq!((from.as_str(), to.as_str()), ("12", "14"));
    // Nothing is sent before the diff is in.
    assert!(jobs(&key(&mut s, KeyCode::Char('y'))).is_empty());
    assert!(matches!(s.page.ask, Some(Ask::Upgrade(_))));
    // Version 14 no longer offers listActionInquiries.
    let mut newer = Catalog::bundled(AccountType::Brand).to_doc();
    for c in &mut newer.categories {
        c.scopes.retain(|sc| sc.id != "listActionInquiries");
    }
    feed(
        &mut s,
        WorkerEvent::UpgradeCatalogs {
            from,
            to,
            result: Ok((None, Some(newer))),
        },
    );
    let text = screen_text(&s, 80);
    assert!(text.contains("Dropped, not in version 14: 1"), "{text}");
    assert!(text.contains("listActionInquiries"), "{text}");
    let fx = key(&mut s, KeyCode::Char('y'));
    match jobs(&fx).as_slice() {
        [
            Job::TokenOp {
                id,
                op: TokenOp::Update(req),
                ..
            },
        ] => {
            assert_eq!(id, "T-1");
            assert_eq!(req.api_version, "14");
            assert_eq!(req.scopes, ["getCompanyInformation"]);
            assert_eq!(req.name, "prod-reporting");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn upgrade_on_the_newest_version_offers_nothing() {
    let (mut s, g) = home();
    let mut t = token("T-1", "newest", true, 1);
    t.api_version = "14".into();
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(vec![t], "")),
        },
    );
    let fx = menu_pick(&mut s, 2);
    assert!(jobs(&fx).is_empty());
    assert!(s.page.ask.is_none());
    assert!(s.status.unwrap().1.contains("newest"));
}

#[test]
fn duplicate_opens_the_review_and_ends_on_the_list_with_the_copy_selected() {
    let mut s = loaded();
    key(&mut s, KeyCode::Char('m'));
    let text = screen_text(&s, 80);
    for item in [
        "Duplicate",
        "Reset",
        "Upgrade Version",
        "Disable",
        "Delete",
        "Edit",
    ] {
        assert!(text.contains(item), "{item} in {text}");
    }
    key(&mut s, KeyCode::Esc);
    // A half-typed new token waits while the duplicate is made.
    key(&mut s, KeyCode::Char('n'));
    typed(&mut s, "half-typed");
    ctrl(&mut s, 'p');
    assert!(matches!(s.screen, Screen::Tokens));
    menu_pick(&mut s, 0);
    assert!(
        matches!(s.screen, Screen::Wizard),
        "Duplicate opens the wizard"
    );
    assert_eq!(s.step, Step::Create, "at the review");
    assert_eq!(field_text(&s.setup.name), "prod-reporting (copy)");
    let copy = token("T-COPY", "prod-reporting (copy)", true, 0);
    feed(
        &mut s,
        WorkerEvent::Created(Ok(CreatedToken {
            token: copy.clone(),
            account_sid: "IRCOPYSID".into(),
            auth_token: SecretString::from("copy-secret-value".to_string()),
        })),
    );
    assert!(matches!(s.screen, Screen::Secret(_)));
    key(&mut s, KeyCode::Esc);
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Tokens), "back on the list");
    let (g, _) = page_load(&fx).expect("reloaded");
    assert!(s.mode.is_create(), "the duplicate is over");
    assert_eq!(
        field_text(&s.setup.name),
        "half-typed",
        "the create form is back"
    );
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(
                vec![token("T-1", "prod-reporting", true, 2), copy],
                "",
            )),
        },
    );
    assert_eq!(focused(&s), "T-COPY");
}

#[test]
fn edit_updates_then_returns_to_the_list_and_back_abandons_it() {
    let mut s = loaded();
    // Back from the first panel abandons an edit: nothing is sent.
    menu_pick(&mut s, 5);
    assert!(matches!(s.screen, Screen::Wizard), "Edit opens the wizard");
    assert!(!s.mode.is_create());
    let fx = ctrl(&mut s, 'p');
    assert!(
        !jobs(&fx)
            .iter()
            .any(|j| matches!(j, Job::Update { .. } | Job::Submit(_) | Job::TokenOp { .. })),
        "{fx:?}"
    );
    assert!(matches!(s.screen, Screen::Tokens));
    assert!(s.mode.is_create(), "the edit is over");
    // An edit that is sent.
    key(&mut s, KeyCode::Down);
    menu_pick(&mut s, 5);
    assert_eq!(field_text(&s.setup.name), "old-export");
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "now described");
    for _ in 0..3 {
        ctrl(&mut s, 'n');
    }
    assert_eq!(s.step, Step::Create, "{:?}", s.status);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Some(Modal::ConfirmUpdate), "asks a second time");
    let fx = key(&mut s, KeyCode::Char('y'));
    let sent = jobs(&fx)
        .into_iter()
        .find_map(|j| match j {
            Job::Update { id, request, .. } => Some((id.clone(), request.description.clone())),
            _ => None,
        })
        .expect("an update is sent");
    let mut updated = token("T-2", "old-export", false, 20);
    // Typed at the end of the description it had.
    updated.description = format!("{}now described", updated.description);
    assert_eq!(sent, ("T-2".to_string(), updated.description.clone()));
    let fx = feed(&mut s, WorkerEvent::Updated(Ok(updated.clone())));
    assert!(matches!(s.screen, Screen::Tokens), "back on the list");
    let (g, _) = page_load(&fx).expect("reloaded");
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(
                vec![token("T-1", "prod-reporting", true, 2), updated],
                "",
            )),
        },
    );
    assert_eq!(focused(&s), "T-2");
}

#[test]
fn details_show_metadata_and_grouped_scopes_with_write_flags() {
    let (mut s, g) = home();
    let mut t = token("T-1", "prod-reporting", true, 2);
    t.scopes = vec!["getCompanyInformation".into(), "updateActionInquiry".into()];
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(vec![t], "")),
        },
    );
    key(&mut s, KeyCode::Enter);
    let text = screen_text(&s, 80);
    for want in [
        "T-1",
        "Grace Hopper",
        "Account Information (1)",
        "Action Inquiries (1)",
        "Scopes: 2 (1 with write access)",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    // Enter opens the menu from the details; Esc closes both in turn.
    key(&mut s, KeyCode::Enter);
    assert!(s.page.menu.is_some());
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Esc);
    assert!(s.page.details.is_none());
}

#[test]
fn after_create_the_list_returns_reloaded_with_the_new_token_selected() {
    let mut s = loaded();
    key(&mut s, KeyCode::Char('n'));
    assert!(matches!(s.screen, Screen::Wizard));
    to_scopes(&mut s, "fresh-token");
    let mut t = token("T-NEW", "fresh-token", true, 0);
    t.scopes = vec!["getCompanyInformation".into()];
    feed(
        &mut s,
        WorkerEvent::Created(Ok(CreatedToken {
            token: t.clone(),
            account_sid: "IRNEWSID".into(),
            auth_token: SecretString::from("created-secret-value".to_string()),
        })),
    );
    assert!(matches!(s.screen, Screen::Secret(_)));
    key(&mut s, KeyCode::Esc);
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Tokens), "not the Done screen");
    let (g, _) = page_load(&fx).expect("reloaded");
    assert!(screen_text(&s, 80).contains("Token 'fresh-token' created (Id T-NEW)"));
    // The form is empty for the next token.
    assert_eq!(field_text(&s.setup.name), "");
    assert_eq!(s.selection.total(), 0);
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(
                vec![
                    token("T-1", "prod-reporting", true, 2),
                    token("T-2", "old-export", false, 20),
                    token("T-3", "legacy-sync", true, 60),
                    t,
                ],
                "",
            )),
        },
    );
    assert_eq!(focused(&s), "T-NEW");
    assert!(!screen_text(&s, 80).contains("created-secret-value"));
}

#[test]
fn back_from_the_first_panel_returns_to_the_list() {
    let mut s = loaded();
    key(&mut s, KeyCode::Char('n'));
    ctrl(&mut s, 'p');
    assert!(matches!(s.screen, Screen::Tokens));
}

#[test]
fn the_wizard_alone_still_ends_on_the_done_screen() {
    let mut s = connected(AccountType::Brand);
    assert!(!s.page.home);
    assert!(matches!(s.screen, Screen::Wizard));
    feed(
        &mut s,
        WorkerEvent::Created(Ok(CreatedToken {
            token: token("T-NEW", "fresh-token", true, 0),
            account_sid: "IRNEWSID".into(),
            auth_token: SecretString::from("x".to_string()),
        })),
    );
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Done { .. }));
}

#[test]
fn narrow_terminals_drop_columns_from_the_right() {
    let s = loaded();
    let wide = screen_text(&s, 80);
    assert!(wide.contains("Primary Contact") && wide.contains("Created On"));
    let narrow = screen_text(&s, 60);
    assert!(!narrow.contains("Primary Contact"), "{narrow}");
    assert!(narrow.contains("API version"), "{narrow}");
}

#[test]
fn ctrl_r_on_the_page_reconnects_after_a_failed_connection() {
    let mut s = fresh(AccountType::Brand, true);
    s.page.home = true;
    s.screen = s.home_screen();
    let fx = feed(
        &mut s,
        WorkerEvent::Company(Err(ApiError::Connect {
            detail: "refused".into(),
        })),
    );
    assert!(page_load(&fx).is_none(), "no list without a connection");
    let fx = ctrl(&mut s, 'r');
    assert!(
        jobs(&fx).iter().any(|j| matches!(j, Job::Reconnect { .. })),
        "{fx:?}"
    );
}

#[test]
fn a_draft_found_at_start_is_offered_on_the_page_and_yes_opens_the_wizard() {
    use impact_token::store::draft::Draft;
    use impact_token::tui::update::{Msg, update};
    let mut s = loaded();
    let draft = Draft {
        format: 1,
        account_type: "brand".into(),
        account_sid: "IRDEMO1234567890ABCD".into(),
        saved_at: 0,
        step: 1,
        name: "half-done".into(),
        description: String::new(),
        api_version: "14".into(),
        primary_contact_user_id: None,
        developer_emails: vec![],
        pending_email: String::new(),
        scopes: vec![],
        enabled_categories: vec![],
    };
    update(&mut s, Msg::DraftFound(Box::new(draft)));
    assert_eq!(s.modal, Some(Modal::ConfirmResume));
    key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Wizard));
    assert_eq!(field_text(&s.setup.name), "half-done");
}

#[test]
fn search_by_name_follows_a_reload_that_renames_tokens() {
    let mut s = loaded();
    let fx = ctrl(&mut s, 'r');
    let (g, _) = page_load(&fx).unwrap();
    // As many tokens as before, other names: nothing of the old list may
    // linger in what the search compares.
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(
                vec![
                    token("T-1", "alpha", true, 2),
                    token("T-2", "beta", false, 20),
                    token("T-3", "Gamma-Export", true, 60),
                ],
                "",
            )),
        },
    );
    key(&mut s, KeyCode::Char('/'));
    typed(&mut s, "export");
    assert_eq!(names(&s), ["Gamma-Export"]);
    // A rename answered by the server is searched by its new name.
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Ok(TokenOpDone::Updated(token("T-1", "alpha-export", true, 2))),
        },
    );
    assert_eq!(names(&s), ["alpha-export", "Gamma-Export"]);
}

#[test]
fn the_list_scrolls_by_a_quarter_window_past_its_edge() {
    let (mut s, g) = home();
    let many: Vec<Token> = (0..100)
        .map(|i| token(&format!("T-{i}"), &format!("token-{i:03}"), true, 1))
        .collect();
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(many, "")),
        },
    );
    let rows = impact_token::tui::state::list_rows(s.size);
    for _ in 0..rows {
        key(&mut s, KeyCode::Down);
    }
    assert_eq!(s.page.cursor, rows);
    assert_eq!(s.page.offset, rows / 4, "a quarter window, not one row");
    assert!(screen_text(&s, 80).contains(&format!("› token-{rows:03}")));
}

#[test]
fn a_second_secret_waits_for_the_first_to_be_left_and_is_never_dropped() {
    let mut s = loaded();
    menu_pick(&mut s, 1);
    typed(&mut s, "prod-reporting");
    key(&mut s, KeyCode::Enter);
    let created = |id: &str, name: &str, secret: &str| CreatedToken {
        token: token(id, name, true, 0),
        account_sid: "IRNEWSID".into(),
        auth_token: SecretString::from(secret.to_string()),
    };
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Ok(TokenOpDone::Reset(created(
                "T-1",
                "prod-reporting",
                "first-secret",
            ))),
        },
    );
    // A create's answer while the reset's secret is up (say, a create sent
    // from the wizard before the reset answered).
    feed(
        &mut s,
        WorkerEvent::Created(Ok(created("T-9", "made-meanwhile", "second-secret"))),
    );
    assert!(screen_text(&s, 80).contains("first-secret"));
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('y'));
    let Screen::Secret(c) = &s.screen else {
        panic!("the second secret is shown next");
    };
    assert_eq!(
        c.auth_token.as_ref().unwrap().expose_secret(),
        "second-secret"
    );
    assert!(!screen_text(&s, 80).contains("first-secret"));
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Tokens));
    assert!(s.page.queued.is_none());
}

#[test]
fn quitting_on_a_secret_shows_the_one_waiting_instead_of_losing_it() {
    let mut s = loaded();
    let created = |id: &str, secret: &str| CreatedToken {
        token: token(id, "x", true, 0),
        account_sid: "IRNEWSID".into(),
        auth_token: SecretString::from(secret.to_string()),
    };
    feed(&mut s, WorkerEvent::Created(Ok(created("T-8", "one"))));
    feed(&mut s, WorkerEvent::Created(Ok(created("T-9", "two"))));
    ctrl(&mut s, 'c');
    assert_eq!(s.modal, Some(Modal::ConfirmQuit));
    key(&mut s, KeyCode::Char('y'));
    assert!(!s.quit, "a secret is still waiting");
    let Screen::Secret(c) = &s.screen else {
        panic!("the waiting secret is shown");
    };
    assert_eq!(c.auth_token.as_ref().unwrap().expose_secret(), "two");
    ctrl(&mut s, 'c');
    key(&mut s, KeyCode::Char('y'));
    assert!(s.quit);
}

#[test]
fn before_the_first_load_the_foot_gives_no_count() {
    let mut s = fresh(AccountType::Brand, true);
    s.page.home = true;
    s.screen = s.home_screen();
    let shown = screen_text(&s, 80);
    assert!(!shown.contains("0 tokens"), "{shown}");
    let (s, _) = home();
    let shown = screen_text(&s, 80);
    assert!(shown.contains("0 tokens"), "a load is running: {shown}");
}

// ----- answers lost, and changes made meanwhile (issue 16, findings 2-4) -----

/// `loaded()`, each token at revision "5".
fn loaded_at_revision() -> State {
    let mut s = loaded();
    for t in &mut s.page.tokens {
        t.revision = "5".into();
    }
    s
}

/// Reset asked for old-export (T-2), its name typed: the job sent.
fn reset_old_export(s: &mut State) -> Vec<Effect> {
    key(s, KeyCode::Down);
    menu_pick(s, 1);
    typed(s, "old-export");
    key(s, KeyCode::Enter)
}

fn status(s: &State) -> (Level, String) {
    s.status.clone().expect("a status line")
}

#[test]
fn a_reset_whose_answer_was_lost_says_so_and_asks_again_with_the_same_key() {
    let mut s = loaded_at_revision();
    let fx = reset_old_export(&mut s);
    assert!(matches!(
        jobs(&fx).as_slice(),
        [Job::TokenOp { op: TokenOp::Reset, key: None, revision, .. }] if revision == "5"
    ));
    let fx = feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-2".into(),
            result: Err(ApiError::OutcomeUnknown {
                error: Box::new(ApiError::Timeout),
                key: "key-of-the-first-try".into(),
                changed: true,
            }),
        },
    );
    assert!(jobs(&fx).is_empty(), "nothing is sent unasked");
    let (level, msg) = status(&s);
    assert_eq!(level, Level::Error);
    assert!(!msg.contains("Reset failed"), "{msg}");
    assert!(msg.contains("may have been reset"), "{msg}");
    let text = screen_text(&s, 80);
    assert!(text.contains("old Auth Token"), "{text}");
    assert!(text.contains("may already be"), "{text}");
    assert!(text.contains("y ask again"), "the key is shown: {text}");
    // Asked again: the same reset, with the same key and revision.
    let fx = key(&mut s, KeyCode::Char('y'));
    match jobs(&fx).as_slice() {
        [
            Job::TokenOp {
                id,
                revision,
                op: TokenOp::Reset,
                key: Some(k),
            },
        ] => {
            assert_eq!((id.as_str(), revision.as_str()), ("T-2", "5"));
            assert_eq!(k, "key-of-the-first-try");
        }
        other => panic!("{other:?}"),
    }
    assert!(s.page.ask.is_none());
    // The server replays the first answer: its secret is shown as any reset's.
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-2".into(),
            result: Ok(TokenOpDone::Reset(CreatedToken {
                token: token("T-2", "old-export", false, 20),
                account_sid: "IRNEWSID".into(),
                auth_token: SecretString::from("the-replayed-secret".to_string()),
            })),
        },
    );
    assert!(matches!(s.screen, Screen::Secret(_)));
    assert!(screen_text(&s, 80).contains("the-replayed-secret"));
}

#[test]
fn closing_the_lost_reset_question_says_what_it_leaves() {
    let mut s = loaded_at_revision();
    reset_old_export(&mut s);
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-2".into(),
            result: Err(ApiError::OutcomeUnknown {
                error: Box::new(ApiError::Timeout),
                key: "k".into(),
                changed: false,
            }),
        },
    );
    assert!(matches!(s.page.ask, Some(Ask::LostReset { .. })));
    assert!(jobs(&key(&mut s, KeyCode::Esc)).is_empty());
    assert!(s.page.ask.is_none());
    let (level, msg) = status(&s);
    assert_eq!(level, Level::Warn);
    assert!(msg.contains("Reset it again"), "{msg}");
}

#[test]
fn a_reset_another_change_beat_says_it_was_not_made_and_what_the_token_is_now() {
    let mut s = loaded_at_revision();
    reset_old_export(&mut s);
    let mut now = token("T-2", "old-export", true, 20);
    now.revision = "6".into();
    now.api_version = "14".into();
    let fx = feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-2".into(),
            result: Err(ApiError::Changed {
                current: Some(Box::new(now)),
            }),
        },
    );
    let (level, msg) = status(&s);
    assert_eq!(level, Level::Warn);
    assert!(
        msg.contains("Your Reset of 'old-export' was not made"),
        "{msg}"
    );
    assert!(msg.contains("another reset or change came first"), "{msg}");
    assert!(msg.contains("enabled, on API version 14"), "{msg}");
    assert!(!matches!(s.screen, Screen::Secret(_)));
    // The list is read again, and nothing else is sent.
    let all = jobs(&fx);
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(page_load(&fx).is_some());
}

#[test]
fn an_upgrade_refused_for_a_change_meanwhile_says_so_reloads_and_sends_nothing_more() {
    let mut s = loaded_at_revision();
    let fx = menu_pick(&mut s, 2);
    let (from, to) = jobs(&fx)
        .into_iter()
        .find_map(|j| match j {
            Job::LoadUpgradeCatalogs { from, to } => Some((from.clone(), to.clone())),
            _ => None,
        })
        .expect("the catalogs load");
    feed(
        &mut s,
        WorkerEvent::UpgradeCatalogs {
            from,
            to,
            result: Ok((None, None)),
        },
    );
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(
        jobs(&fx).as_slice(),
        [Job::TokenOp { op: TokenOp::Update(_), revision, .. }] if revision == "5"
    ));
    let mut now = token("T-1", "prod-reporting", false, 2);
    now.revision = "7".into();
    let fx = feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Err(ApiError::Changed {
                current: Some(Box::new(now)),
            }),
        },
    );
    let (level, msg) = status(&s);
    assert_eq!(level, Level::Warn);
    assert!(
        msg.starts_with("Upgrade Version 'prod-reporting' was not made"),
        "{msg}"
    );
    assert!(msg.contains("changed meanwhile"), "{msg}");
    assert!(msg.contains("disabled, on API version 12"), "{msg}");
    let all = jobs(&fx);
    assert_eq!(all.len(), 1, "only the reload: {all:?}");
    assert!(page_load(&fx).is_some());
}

#[test]
fn a_disable_whose_answer_was_lost_says_the_outcome_is_unknown_and_reloads() {
    let mut s = loaded_at_revision();
    menu_pick(&mut s, 3);
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(
        jobs(&fx).as_slice(),
        [Job::TokenOp {
            op: TokenOp::SetEnabled(false),
            ..
        }]
    ));
    let fx = feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Err(ApiError::OutcomeUnknown {
                error: Box::new(ApiError::Timeout),
                key: "k".into(),
                changed: false,
            }),
        },
    );
    let (_, msg) = status(&s);
    assert!(msg.contains("was lost"), "{msg}");
    assert!(msg.contains("unknown"), "{msg}");
    assert!(s.page.ask.is_none(), "no question for a disable");
    assert!(page_load(&fx).is_some(), "the list shows the truth");
}

#[test]
fn a_delete_of_a_token_gone_meanwhile_says_so() {
    let mut s = loaded_at_revision();
    menu_pick(&mut s, 4);
    typed(&mut s, "prod-reporting");
    key(&mut s, KeyCode::Enter);
    // Say the other change renamed it: nothing was deleted.
    let mut now = token("T-1", "renamed-by-someone", true, 2);
    now.revision = "9".into();
    let fx = feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Err(ApiError::Changed {
                current: Some(Box::new(now)),
            }),
        },
    );
    let (_, msg) = status(&s);
    assert!(
        msg.starts_with("Delete 'prod-reporting' was not made"),
        "{msg}"
    );
    assert!(msg.contains("'renamed-by-someone'"), "{msg}");
    assert!(page_load(&fx).is_some());
    assert_eq!(names(&s).len(), 3, "nothing removed from the list");
}

/// The screen `s` draws at `w`×`h`.
fn screen_text_sized(s: &State, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| impact_token::tui::view::render(f, s)).unwrap();
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

/// Resizes `s` as the event loop does on a terminal resize.
fn resize(s: &mut State, w: u16, h: u16) -> Vec<Effect> {
    impact_token::tui::update::update(s, impact_token::tui::update::Msg::Resize(w, h))
}

#[test]
fn no_key_answers_a_dialog_hidden_by_a_too_small_terminal() {
    let mut s = loaded();
    menu_pick(&mut s, 3);
    assert!(matches!(s.page.ask, Some(Ask::Disable { .. })));
    resize(&mut s, 50, 12);
    let text = screen_text_sized(&s, 50, 12);
    assert!(text.contains("Terminal too small"), "{text}");
    assert!(!text.contains("Disable"), "the question is hidden:\n{text}");
    // Neither yes, Enter, no, Esc nor the quit key answers what is not seen.
    for code in [
        KeyCode::Char('y'),
        KeyCode::Enter,
        KeyCode::Char('n'),
        KeyCode::Esc,
    ] {
        let fx = key(&mut s, code);
        assert!(jobs(&fx).is_empty(), "{code:?} sent {fx:?}");
    }
    let fx = ctrl(&mut s, 'c');
    assert!(
        fx.is_empty() && !s.quit,
        "Ctrl-C answered the hidden question"
    );
    assert!(
        matches!(s.page.ask, Some(Ask::Disable { .. })),
        "the question is still open"
    );
    assert!(s.page.tokens[0].is_enabled());
    // Paste types into nothing unseen either.
    impact_token::tui::update::update(&mut s, impact_token::tui::update::Msg::Paste("y".into()));
    // Large enough again: the question shows, and is answered as usual.
    resize(&mut s, 80, 24);
    assert!(screen_text(&s, 80).contains("Disable"));
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(
        jobs(&fx).as_slice(),
        [Job::TokenOp {
            op: TokenOp::SetEnabled(false),
            ..
        }]
    ));
}

#[test]
fn too_small_the_secret_stays_and_only_the_quit_key_acts() {
    let mut s = loaded();
    key(&mut s, KeyCode::Down); // old-export
    menu_pick(&mut s, 1);
    typed(&mut s, "old-export");
    key(&mut s, KeyCode::Enter);
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-2".into(),
            result: Ok(TokenOpDone::Reset(CreatedToken {
                token: token("T-2", "old-export", false, 20),
                account_sid: "IRNEWSID".into(),
                auth_token: SecretString::from("s3cret-value-after-reset".to_string()),
            })),
        },
    );
    assert!(matches!(s.screen, Screen::Secret(_)));
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, Some(Modal::ConfirmLeaveSecret));
    resize(&mut s, 59, 24);
    // `y` would wipe the secret unseen; `t` would test it; neither acts.
    for code in [KeyCode::Char('y'), KeyCode::Enter, KeyCode::Char('t')] {
        assert!(key(&mut s, code).is_empty());
    }
    let Screen::Secret(c) = &s.screen else {
        panic!("the secret screen stays");
    };
    assert!(c.auth_token.is_some(), "the secret was wiped unseen");
    assert_eq!(s.modal, Some(Modal::ConfirmLeaveSecret));
    // Outside a dialog the quit key still acts: it asks, as at any size.
    resize(&mut s, 80, 24);
    key(&mut s, KeyCode::Char('n'));
    assert_eq!(s.modal, None);
    resize(&mut s, 80, 15);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, None, "Esc is not the quit key");
    ctrl(&mut s, 'c');
    assert_eq!(s.modal, Some(Modal::ConfirmQuit));
    assert!(!s.quit);
}

/// Enter answers no question that changes access or cannot be undone:
/// Disable, Enable, Upgrade Version and a lost reset's "ask again" stay
/// open and send nothing; the keys the dialog shows are the ones that act.
#[test]
fn enter_answers_no_question_on_the_page() {
    let mut s = loaded();
    let pressed_enter = |s: &mut State, what: &str| {
        assert!(
            jobs(&key(s, KeyCode::Enter)).is_empty(),
            "{what}: Enter sent"
        );
        assert!(s.page.ask.is_some(), "{what}: Enter closed the question");
        let text = screen_text(s, 80);
        assert!(
            text.contains("y yes · n no") || text.contains("y ask again"),
            "{what}:\n{text}"
        );
        assert!(
            !text.contains("Enter"),
            "{what}: the dialog names Enter:\n{text}"
        );
    };
    // Disable (prod-reporting is enabled).
    menu_pick(&mut s, 3);
    assert!(matches!(s.page.ask, Some(Ask::Disable { .. })));
    pressed_enter(&mut s, "Disable");
    key(&mut s, KeyCode::Esc);
    // Enable (old-export is disabled).
    key(&mut s, KeyCode::Down);
    menu_pick(&mut s, 3);
    assert!(matches!(s.page.ask, Some(Ask::Enable { .. })));
    pressed_enter(&mut s, "Enable");
    key(&mut s, KeyCode::Char('n'));
    // Upgrade Version, with its diff in.
    key(&mut s, KeyCode::Up);
    let fx = menu_pick(&mut s, 2);
    let (from, to) = jobs(&fx)
        .into_iter()
        .find_map(|j| match j {
            Job::LoadUpgradeCatalogs { from, to } => Some((from.clone(), to.clone())),
            _ => None,
        })
        .expect("the catalogs load");
    feed(
        &mut s,
        WorkerEvent::UpgradeCatalogs {
            from,
            to,
            result: Ok((None, None)),
        },
    );
    pressed_enter(&mut s, "Upgrade");
    assert!(matches!(
        jobs(&key(&mut s, KeyCode::Char('y'))).as_slice(),
        [Job::TokenOp {
            op: TokenOp::Update(_),
            ..
        }]
    ));
    // A lost reset's question.
    let mut s = loaded_at_revision();
    reset_old_export(&mut s);
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-2".into(),
            result: Err(ApiError::OutcomeUnknown {
                error: Box::new(ApiError::Timeout),
                key: "k".into(),
                changed: false,
            }),
        },
    );
    assert!(matches!(s.page.ask, Some(Ask::LostReset { .. })));
    pressed_enter(&mut s, "the lost reset");
}
