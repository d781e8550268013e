//! Duplicate and Edit driven through `update` with no terminal: what the
//! panels are filled with, what the Update review shows, and what is sent
//! to the worker (and when nothing is).

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use crossterm::event::KeyCode;
use impact_token::api::error::ApiError;
use impact_token::api::worker::{Contacts, Job, WorkerEvent};
use impact_token::contract::{Contact, TOKEN_ENABLED, Token};
use impact_token::model::account::AccountType;
use impact_token::model::validate::Field;
use impact_token::tui::state::{Level, Modal, Screen, State, Step, WizardMode, field_text};
use impact_token::tui::update::{Effect, begin_duplicate, begin_edit};
use wizard_state::*;

/// A brand token on version 13 with two scopes in "Account Information"
/// and one in "Ads", contact Grace Hopper (U-2), two developer e-mails.
fn token() -> Token {
    Token {
        id: "T-7".into(),
        name: "nightly-export".into(),
        description: "BI export".into(),
        api_version: "13".into(),
        primary_contact_user_id: "U-2".into(),
        developer_emails: vec!["dev@example.com".into(), "ops@example.com".into()],
        scopes: vec![
            "getCompanyInformation".into(),
            "getLegalEntity".into(),
            "listAds".into(),
        ],
        date_created: "2026-01-01T00:00:00Z".into(),
        state: TOKEN_ENABLED.into(),
        revision: String::new(),
    }
}

fn selected(s: &State) -> Vec<String> {
    let mut ids: Vec<String> = s
        .selection
        .selected_ids(&s.catalog)
        .into_iter()
        .map(str::to_string)
        .collect();
    ids.sort();
    ids
}

fn editing(t: &Token) -> (State, Vec<Effect>) {
    let mut s = connected(AccountType::Brand);
    // The list the page loaded has the token itself.
    s.existing_names
        .push(impact_token::model::validate::name_key(&t.name));
    let mut fx = Vec::new();
    begin_edit(&mut s, t, &mut fx);
    (s, fx)
}

fn jobs(fx: &[Effect]) -> Vec<&Job> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Job(j) => Some(j),
            _ => None,
        })
        .collect()
}

/// Goes to the Update panel (key `4`, from outside a text field).
fn to_update(s: &mut State) {
    ctrl(s, 'n');
    ctrl(s, 'n');
    ctrl(s, 'n');
    assert_eq!(s.step, Step::Create, "{:?}", s.status);
}

#[test]
fn edit_fills_every_field_and_the_selection() {
    let t = token();
    let (s, fx) = editing(&t);
    assert!(matches!(&s.mode, WizardMode::Edit { original } if original.id == "T-7"));
    assert!(matches!(s.screen, Screen::Wizard));
    assert_eq!(s.step, Step::Setup, "Edit opens at Overview");
    assert_eq!(field_text(&s.setup.name), "nightly-export");
    assert_eq!(field_text(&s.setup.description), "BI export");
    assert_eq!(s.api_version(), "13");
    assert_eq!(s.contact.chosen.as_deref(), Some("U-2"));
    assert_eq!(s.chosen_contact().unwrap().name, "Grace Hopper");
    assert_eq!(s.contact.emails, t.developer_emails);
    let mut want = t.scopes.clone();
    want.sort();
    assert_eq!(selected(&s), want);
    // The version changed from the default (14): its catalog is asked for.
    assert!(
        matches!(jobs(&fx).as_slice(), [Job::LoadCatalog { api_version }] if api_version == "13")
    );
    // Every panel is complete, so the request is the token's own settings.
    assert_eq!(s.request(), t.to_request());
    assert!(s.changes().unwrap().is_empty());
    assert!(!s.name_taken(), "its own name is not taken");
}

#[test]
fn scope_ids_the_catalog_lacks_are_reported() {
    let mut t = token();
    t.scopes.push("retiredScope".into());
    let (s, _) = editing(&t);
    let (level, msg) = s.status.clone().expect("a status line");
    assert_eq!(level, Level::Warn);
    assert!(msg.contains("retiredScope"), "{msg}");
    // And an update would remove it: the review shows so.
    let removed = s.changes().unwrap().scopes.removed;
    assert!(
        removed
            .iter()
            .any(|g| g.ids == ["retiredScope".to_string()]),
        "{removed:?}"
    );
}

#[test]
fn the_contact_is_kept_when_the_contacts_arrive_later_and_reported_when_inactive() {
    let mut s = fresh(AccountType::Brand, false);
    let mut fx = Vec::new();
    begin_edit(&mut s, &token(), &mut fx);
    assert_eq!(s.contact.chosen.as_deref(), Some("U-2"));
    let c = |id: &str, name: &str| Contact {
        user_id: id.into(),
        name: name.into(),
        email: None,
        role: None,
    };
    feed(
        &mut s,
        WorkerEvent::Contacts(Ok(Contacts {
            list: vec![c("U-1", "Ada Lovelace"), c("U-2", "Grace Hopper")],
            from_company: false,
        })),
    );
    assert_eq!(s.chosen_contact().unwrap().name, "Grace Hopper");
    assert_eq!(s.contact.cursor, 1, "the cursor is on the token's contact");

    // A contact who is no longer an active user is not kept silently.
    let mut s = fresh(AccountType::Brand, false);
    begin_edit(&mut s, &token(), &mut fx);
    feed(
        &mut s,
        WorkerEvent::Contacts(Ok(Contacts {
            list: vec![c("U-1", "Ada Lovelace")],
            from_company: false,
        })),
    );
    assert_eq!(s.contact.chosen, None);
    assert!(
        s.status.as_ref().unwrap().1.contains("U-2"),
        "{:?}",
        s.status
    );
}

#[test]
fn duplicate_opens_at_the_review_with_a_free_copy_name_and_creates() {
    let mut s = connected(AccountType::Brand);
    let t = token();
    let mut copy = token();
    copy.id = "T-8".into();
    copy.name = "nightly-export (copy)".into();
    let others = vec![t.clone(), copy];
    let mut fx = Vec::new();
    begin_duplicate(&mut s, &t, &others, &mut fx);
    assert!(matches!(s.mode, WizardMode::Duplicate { .. }));
    assert_eq!(s.step, Step::Create, "Duplicate opens at the review");
    assert_eq!(field_text(&s.setup.name), "nightly-export (copy 2)");
    assert_eq!(s.api_version(), "13");
    assert_eq!(s.contact.emails, t.developer_emails);
    let mut want = t.scopes.clone();
    want.sort();
    assert_eq!(selected(&s), want);

    // The name is editable: back to Setup, change it, and on to the review.
    key(&mut s, KeyCode::Char('1'));
    assert_eq!(s.step, Step::Setup);
    typed(&mut s, "!");
    key(&mut s, KeyCode::Char('4')); // a letter in the name field...
    assert_eq!(s.step, Step::Setup);
    assert_eq!(field_text(&s.setup.name), "nightly-export (copy 2)!4");
    to_update(&mut s);

    // Enter creates a new token: a plain Submit, no second question.
    let fx = key(&mut s, KeyCode::Enter);
    let submission = jobs(&fx)
        .into_iter()
        .find_map(|j| match j {
            Job::Submit(sub) => Some(sub.clone()),
            _ => None,
        })
        .expect("a Submit job");
    assert_eq!(submission.request.name, "nightly-export (copy 2)!4");
    assert_eq!(submission.request.scopes.len(), 3);
    assert_eq!(submission.request.api_version, "13");

    // The secret screen follows as for any create, and the user's create
    // draft is left alone.
    let body = r#"{"Id":"T-9","Name":"nightly-export (copy 2)!4","ApiVersion":"13",
        "PrimaryContactUserId":"U-2","AccountSID":"IRX","AuthToken":"once"}"#;
    let fx = feed(
        &mut s,
        WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
    );
    assert!(matches!(s.screen, Screen::Secret(_)));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::DeleteDraft)),
        "a duplicate must not delete the create draft"
    );
    // Leaving the secret screen ends the duplicate.
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('y'));
    assert!(s.mode.is_create());
    assert!(matches!(s.screen, Screen::Wizard));
    assert!(
        s.status.as_ref().unwrap().1.contains("(copy 2)!4"),
        "{:?}",
        s.status
    );
    assert!(s.form_is_empty(), "a fresh form");
}

#[test]
fn edit_offers_only_the_tokens_version_and_newer_ones() {
    let (mut s, _) = editing(&token()); // on 13 of 14, 13, 12, 11
    assert_eq!(s.offered_versions(), [0, 1]);
    // To the version picker: Tab twice from the name.
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Right); // older: refused
    assert_eq!(s.api_version(), "13");
    key(&mut s, KeyCode::Char(' ')); // cycles among the offered ones only
    assert_eq!(s.api_version(), "14");
    key(&mut s, KeyCode::Char(' '));
    assert_eq!(s.api_version(), "13");
    key(&mut s, KeyCode::Left); // newer: allowed
    assert_eq!(s.api_version(), "14");
    let screen = screen_text(&s, 80);
    assert!(screen.contains("14 latest"), "{screen}");
    assert!(screen.contains("may stay or go up, never down"), "{screen}");
    assert!(
        !screen.contains(" 12 "),
        "older versions are not shown:\n{screen}"
    );
    assert!(
        !screen.contains("(13)") && screen.contains(" 13 "),
        "{screen}"
    );

    // In Create every version is offered.
    let s = connected(AccountType::Brand);
    assert_eq!(s.offered_versions(), [0, 1, 2, 3]);
}

#[test]
fn edit_names_the_token_and_its_tabs() {
    let (s, _) = editing(&token());
    let screen = screen_text(&s, 100);
    assert!(screen.contains("Edit nightly-export"), "{screen}");
    for tab in [
        "1 Overview",
        "2 API Credentials",
        "3 API Scopes",
        "4 Update",
    ] {
        assert!(screen.contains(tab), "{tab} missing:\n{screen}");
    }
    assert!(!screen.contains("Create Access Token"), "{screen}");
}

#[test]
fn the_update_review_shows_added_and_removed_scopes_by_category_and_changed_fields() {
    let (mut s, _) = editing(&token());
    typed(&mut s, "-v2"); // the name changes
    ctrl(&mut s, 'n');
    ctrl(&mut s, 'n');
    assert_eq!(s.step, Step::Scopes);
    // The tree starts on "Account Information" (expanded, two of its four
    // scopes picked): check its second scope (updateCompanyInformation)
    // and uncheck its third (getLegalEntity).
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    let changes = s.changes().unwrap();
    let names = |g: &[impact_token::model::tokens::Group]| -> Vec<(String, Vec<String>)> {
        g.iter()
            .map(|g| (g.category.clone(), g.ids.clone()))
            .collect()
    };
    assert_eq!(
        names(&changes.scopes.added),
        [(
            "Account Information".to_string(),
            vec!["updateCompanyInformation".to_string()]
        )]
    );
    assert_eq!(
        names(&changes.scopes.removed),
        [(
            "Account Information".to_string(),
            vec!["getLegalEntity".to_string()]
        )]
    );
    assert_eq!(changes.fields.len(), 1);
    assert_eq!(changes.fields[0].field, Field::Name);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.step, Step::Create);
    let screen = screen_text(&s, 80);
    assert!(
        screen.contains("nightly-export → nightly-export-v2"),
        "{screen}"
    );
    assert!(screen.contains("1 added, 1 removed"), "{screen}");
    assert!(screen.contains("+ Account Information (1)"), "{screen}");
    assert!(screen.contains("− Account Information (1)"), "{screen}");
    assert_eq!(s.review_len(), changes.rows());
    let lines = impact_token::tui::view::edit::review_lines(&changes, &s, &s.theme(), 78);
    assert_eq!(lines.len(), changes.rows(), "scrolling and drawing agree");
}

#[test]
fn update_asks_a_second_time_before_sending() {
    let (mut s, _) = editing(&token());
    typed(&mut s, "-v2");
    to_update(&mut s);
    let fx = key(&mut s, KeyCode::Enter);
    assert!(jobs(&fx).is_empty(), "nothing is sent at the first Enter");
    assert_eq!(s.modal, Some(Modal::ConfirmUpdate));
    let screen = screen_text(&s, 80);
    assert!(screen.contains("Update 'nightly-export-v2'?"), "{screen}");
    let fx = key(&mut s, KeyCode::Char('n'));
    assert!(jobs(&fx).is_empty(), "no sends nothing");
    assert_eq!(s.modal, None);

    key(&mut s, KeyCode::Enter);
    let fx = key(&mut s, KeyCode::Char('y'));
    match jobs(&fx).as_slice() {
        [Job::Update { id, request, .. }] => {
            assert_eq!(id, "T-7");
            let mut want = token().to_request();
            want.name = "nightly-export-v2".into();
            assert_eq!(*request, want);
        }
        other => panic!("expected one Update job, got {other:?}"),
    }
    assert!(s.busy());
    feed(
        &mut s,
        WorkerEvent::Submit(impact_token::api::worker::SubmitProgress::Sending(1)),
    );
    let screen = screen_text(&s, 80);
    assert!(screen.contains("Updating token"), "{screen}");
    assert!(!screen.contains("Creating token"), "{screen}");
}

#[test]
fn update_with_nothing_changed_sends_nothing() {
    let (mut s, _) = editing(&token());
    to_update(&mut s);
    let fx = key(&mut s, KeyCode::Enter);
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(s.modal, None, "no question either");
    assert!(
        s.status.as_ref().unwrap().1.contains("Nothing to update"),
        "{:?}",
        s.status
    );
    let screen = screen_text(&s, 80);
    assert!(screen.contains("unchanged"), "{screen}");
}

#[test]
fn a_409_on_update_lands_on_the_name_field() {
    let (mut s, _) = editing(&token());
    typed(&mut s, "-v2");
    to_update(&mut s);
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('y'));
    feed(
        &mut s,
        WorkerEvent::Updated(Err(ApiError::Conflict {
            message: "a token with this name already exists".into(),
            errors: vec![],
        })),
    );
    assert!(!s.busy());
    assert_eq!(s.step, Step::Setup);
    assert!(s.field_errors.contains_key(&Field::Name));
    assert_eq!(field_text(&s.setup.name), "nightly-export-v2", "kept");
    assert!(matches!(s.mode, WizardMode::Edit { .. }), "still editing");
}

#[test]
fn a_lower_version_refused_by_the_server_lands_on_the_version() {
    let (mut s, _) = editing(&token());
    typed(&mut s, "-v2");
    to_update(&mut s);
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('y'));
    feed(
        &mut s,
        WorkerEvent::Updated(Err(ApiError::Invalid {
            status: 400,
            message: "Validation Failed".into(),
            errors: vec![impact_token::contract::FieldError {
                field: "ApiVersion".into(),
                message: "the API version may not go down".into(),
            }],
        })),
    );
    assert_eq!(s.step, Step::Setup);
    assert!(s.field_errors.contains_key(&Field::ApiVersion));
}

#[test]
fn the_updated_event_ends_the_mode_and_gives_the_create_form_back() {
    let mut s = connected(AccountType::Brand);
    let key_of = impact_token::model::validate::name_key;
    s.existing_names.push(key_of("nightly-export"));
    typed(&mut s, "half-typed create");
    let mut fx = Vec::new();
    begin_edit(&mut s, &token(), &mut fx);
    assert!(!s.draft_kept(), "an edit is never kept as a draft");
    typed(&mut s, "-v2");
    to_update(&mut s);
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('y'));
    let mut after = token();
    after.name = "nightly-export-v2".into();
    let fx = feed(&mut s, WorkerEvent::Updated(Ok(after)));
    assert!(s.mode.is_create());
    // The create form was on 14, the edit on 13: 14's catalog comes back.
    assert_eq!(s.api_version(), "14");
    assert!(
        matches!(jobs(&fx).as_slice(), [Job::LoadCatalog { api_version }] if api_version == "14"),
        "{fx:?}"
    );
    assert!(!s.busy());
    assert_eq!(
        s.status.clone(),
        Some((Level::Info, "Token nightly-export-v2 updated".to_string()))
    );
    assert_eq!(
        field_text(&s.setup.name),
        "half-typed create",
        "the create form is back"
    );
    assert_eq!(s.step, Step::Setup);
    // The new name is known as taken, the old one is free again.
    assert!(s.existing_names.contains(&key_of("nightly-export-v2")));
    assert!(!s.existing_names.contains(&key_of("nightly-export")));
}

#[test]
fn a_version_no_longer_offered_moves_to_the_nearest_newer_one() {
    let mut t = token();
    t.api_version = "10".into(); // brand offers 14, 13, 12, 11
    let (s, _) = editing(&t);
    assert_eq!(s.api_version(), "11");
    assert!(s.status.as_ref().unwrap().1.contains("API version 10"));
    // The review shows the version going up before anything is sent.
    let changes = s.changes().unwrap();
    assert_eq!(changes.fields[0].field, Field::ApiVersion);
    assert_eq!(
        (
            changes.fields[0].before.as_str(),
            changes.fields[0].after.as_str()
        ),
        ("10", "11")
    );
}

#[test]
fn nothing_is_filled_over_a_new_tokens_secret() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "fresh");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Enter);
    let body = r#"{"Id":"T-9","Name":"fresh","ApiVersion":"14",
        "PrimaryContactUserId":"U-1","AccountSID":"IRX","AuthToken":"once"}"#;
    feed(
        &mut s,
        WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
    );
    assert!(matches!(s.screen, Screen::Secret(_)));
    let mut fx = Vec::new();
    begin_edit(&mut s, &token(), &mut fx);
    begin_duplicate(&mut s, &token(), &[], &mut fx);
    assert!(fx.is_empty());
    assert!(s.mode.is_create());
    match &s.screen {
        Screen::Secret(c) => assert!(c.auth_token.is_some(), "the secret is still there"),
        _ => panic!("the secret screen was replaced"),
    }
    assert_eq!(s.status.as_ref().unwrap().0, Level::Warn);
}

#[test]
fn a_scope_the_bundled_catalog_lacks_is_picked_when_the_live_one_has_it() {
    let mut t = token();
    t.scopes.push("newScope".into());
    let (mut s, _) = editing(&t);
    assert!(s.status.as_ref().unwrap().1.contains("newScope"));
    // The live catalog for the token's version offers it.
    let mut doc = impact_token::model::catalog::Catalog::bundled(AccountType::Brand).to_doc();
    doc.categories[0]
        .scopes
        .push(impact_token::contract::ScopeDoc {
            id: "newScope".into(),
            name: "A newer endpoint".into(),
            method: "GET".into(),
            path: "/Advertisers/{AccountSID}/Newer".into(),
        });
    feed(
        &mut s,
        WorkerEvent::Catalog {
            api_version: "13".into(),
            result: Ok(Some(doc)),
        },
    );
    let mut want = t.scopes.clone();
    want.sort();
    assert_eq!(selected(&s), want);
    assert!(
        s.changes().unwrap().is_empty(),
        "nothing is lost on the way"
    );
}

#[test]
fn the_update_hint_names_the_keys_in_force() {
    use impact_token::store::config::KeySetting;
    use impact_token::tui::keymap::Keymap;
    let (mut s, _) = editing(&token());
    let set = |action: &str, keys: &str| KeySetting {
        context: "wizard".into(),
        action: action.into(),
        keys: keys.into(),
        line: 1,
    };
    s.keymap = Keymap::with_settings(&[set("enter", "Ctrl-J")]).expect("valid keys");
    to_update(&mut s);
    let shown = screen_text(&s, 80);
    assert!(
        shown.contains("Ctrl-J confirms and sends the update"),
        "{shown}"
    );
    assert!(!shown.contains("Enter confirms"), "{shown}");
}

#[test]
fn refusals_name_edits_tabs() {
    let mut t = token();
    t.primary_contact_user_id = "U-9".into(); // not an active user
    let (mut s, _) = editing(&t);
    assert_eq!(s.contact.chosen, None);
    impact_token::tui::update::update(
        &mut s,
        impact_token::tui::update::Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('4'),
            crossterm::event::KeyModifiers::ALT,
        )),
    );
    assert_eq!(s.step, Step::Setup);
    let msg = s.status.clone().unwrap().1;
    assert!(msg.starts_with("Finish API Credentials first"), "{msg}");
}

#[test]
fn a_create_sent_before_a_duplicate_keeps_its_idempotency_key_after() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "first");
    key(&mut s, KeyCode::Char(' ')); // the first category on
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' ')); // its first scope
    key(&mut s, KeyCode::Enter);
    let key_of = |fx: Vec<Effect>| {
        fx.into_iter()
            .find_map(|e| match e {
                Effect::Job(Job::Submit(sub)) => Some(sub.idempotency_key),
                _ => None,
            })
            .expect("a Submit job")
    };
    let first = key_of(key(&mut s, KeyCode::Enter));
    // The answer is lost: the create may or may not have happened.
    feed(&mut s, WorkerEvent::Created(Err(ApiError::Timeout)));
    let mut fx = Vec::new();
    begin_duplicate(&mut s, &token(), &[token()], &mut fx);
    let dup = key_of(key(&mut s, KeyCode::Enter));
    assert_ne!(dup, first, "the duplicate is another token");
    feed(&mut s, WorkerEvent::Created(Err(ApiError::Timeout)));
    impact_token::tui::update::leave(&mut s, &mut Vec::new());
    assert_eq!(field_text(&s.setup.name), "first");
    impact_token::tui::update::update(
        &mut s,
        impact_token::tui::update::Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('4'),
            crossterm::event::KeyModifiers::ALT,
        )),
    );
    assert_eq!(s.step, Step::Create, "{:?}", s.status);
    let again = key_of(key(&mut s, KeyCode::Enter));
    assert_eq!(again, first, "the same create, the same key");
}

// ----- an update refused because the token changed meanwhile (finding 4) -----

/// `token()` at revision "1", edited: a new description, then Update and
/// yes. Returns the state and the Update job's revision.
fn saved_with_new_description(description: &str) -> (State, Token) {
    let mut t = token();
    t.revision = "1".into();
    let (mut s, _) = editing(&t);
    s.setup.description = impact_token::tui::state::text_field("", description);
    to_update(&mut s);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Some(Modal::ConfirmUpdate));
    let fx = key(&mut s, KeyCode::Char('y'));
    match jobs(&fx).as_slice() {
        [Job::Update { revision, .. }] => assert_eq!(revision, "1"),
        other => panic!("{other:?}"),
    }
    (s, t)
}

/// The token as another admin left it: listAds removed, an e-mail added.
fn theirs(t: &Token) -> Token {
    let mut now = t.clone();
    now.revision = "2".into();
    now.scopes.retain(|id| id != "listAds");
    now.developer_emails.push("added@example.com".into());
    now
}

fn changed(now: Option<Token>) -> WorkerEvent {
    WorkerEvent::Updated(Err(ApiError::Changed {
        current: now.map(Box::new),
    }))
}

#[test]
fn an_update_refused_for_a_change_meanwhile_shows_it_and_reapplies_the_edit_on_top() {
    let (mut s, t) = saved_with_new_description("Nightly BI export, v2");
    let fx = feed(&mut s, changed(Some(theirs(&t))));
    assert!(jobs(&fx).is_empty(), "nothing is sent");
    assert_eq!(s.modal, Some(Modal::ChangedMeanwhile));
    let text = screen_text(&s, 80);
    assert!(text.contains("Changed meanwhile"), "{text}");
    assert!(text.contains("after your edit began"), "{text}");
    // Their changes, per setting and scope.
    assert!(text.contains("— → added@example.com"), "{text}");
    assert!(text.contains("0 added, 1 removed"), "{text}");
    assert!(text.contains("− Ads (1)"), "{text}");
    assert!(text.contains("y re-apply my edit on top"), "{text}");
    assert!(text.contains("n not now"), "{text}");

    // Not now: the edit stays as typed, nothing is sent.
    assert!(jobs(&key(&mut s, KeyCode::Char('n'))).is_empty());
    assert_eq!(s.modal, None);
    assert_eq!(field_text(&s.setup.description), "Nightly BI export, v2");
    assert!(matches!(&s.mode, WizardMode::Edit { original } if original.revision == "1"));

    // Saved again, refused again: this time re-applied.
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('y'));
    feed(&mut s, changed(Some(theirs(&t))));
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(jobs(&fx).is_empty(), "re-applying sends nothing");
    assert_eq!(s.modal, None);
    assert_eq!(s.step, Step::Create, "the review, to look at again");
    assert!(
        matches!(&s.mode, WizardMode::Edit { original } if original.revision == "2"),
        "the edit now starts from the token as it is"
    );
    let req = s.request();
    assert_eq!(req.description, "Nightly BI export, v2");
    assert!(!req.scopes.contains(&"listAds".to_string()), "{req:?}");
    assert!(
        req.developer_emails
            .contains(&"added@example.com".to_string())
    );
    // The review shows only my change.
    let changes = s.changes().unwrap();
    assert_eq!(changes.fields.len(), 1, "{changes:?}");
    assert_eq!(changes.fields[0].field, Field::Description);
    assert!(changes.scopes.is_empty());
    assert!(
        s.status
            .as_ref()
            .unwrap()
            .1
            .contains("on top of the other change"),
        "{:?}",
        s.status
    );

    // The usual confirmation, then the update with the new revision.
    assert!(jobs(&key(&mut s, KeyCode::Enter)).is_empty());
    assert_eq!(s.modal, Some(Modal::ConfirmUpdate));
    let fx = key(&mut s, KeyCode::Char('y'));
    match jobs(&fx).as_slice() {
        [
            Job::Update {
                revision, request, ..
            },
        ] => {
            assert_eq!(revision, "2");
            assert_eq!(*request, req);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_setting_both_changed_keeps_mine_only_when_the_user_says_so() {
    for (answer, want) in [('n', "Theirs, set meanwhile"), ('y', "Mine, as edited")] {
        let (mut s, t) = saved_with_new_description("Mine, as edited");
        let mut now = theirs(&t);
        now.description = "Theirs, set meanwhile".into();
        feed(&mut s, changed(Some(now)));
        let text = screen_text(&s, 80);
        assert!(text.contains("You both changed 1 setting"), "{text}");
        key(&mut s, KeyCode::Char('y'));
        assert_eq!(s.modal, Some(Modal::KeepMine));
        let text = screen_text(&s, 80);
        assert!(text.contains("theirs Theirs, set meanwhile"), "{text}");
        assert!(text.contains("yours Mine, as edited"), "{text}");
        assert!(text.contains("y keep mine"), "{text}");
        assert!(text.contains("n take theirs"), "{text}");
        assert!(jobs(&key(&mut s, KeyCode::Char(answer))).is_empty());
        assert_eq!(s.request().description, want, "answer {answer}");
        assert!(!s.request().scopes.contains(&"listAds".to_string()));
        assert_eq!(s.step, Step::Create);
    }
}

#[test]
fn an_edit_of_a_token_deleted_meanwhile_sends_nothing_and_says_so() {
    let (mut s, _) = saved_with_new_description("Nightly BI export, v2");
    let fx = feed(&mut s, changed(None));
    assert!(
        !jobs(&fx)
            .iter()
            .any(|j| matches!(j, Job::Update { .. } | Job::TokenOp { .. })),
        "{fx:?}"
    );
    assert!(s.mode.is_create(), "the edit is left");
    assert_eq!(s.modal, None);
    let (level, msg) = s.status.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(
        msg.contains("'nightly-export' was deleted meanwhile"),
        "{msg}"
    );
    assert!(msg.contains("your edit was not sent"), "{msg}");
}

#[test]
fn an_update_whose_answer_was_lost_keeps_the_edit_and_a_resend_that_finds_it_made_ends_it() {
    let (mut s, t) = saved_with_new_description("Nightly BI export, v2");
    let fx = feed(
        &mut s,
        WorkerEvent::Updated(Err(ApiError::OutcomeUnknown {
            error: Box::new(ApiError::Timeout),
            key: "k".into(),
            changed: false,
        })),
    );
    assert!(jobs(&fx).is_empty());
    let (level, msg) = s.status.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(msg.contains("whether it was made is unknown"), "{msg}");
    assert!(
        !msg.contains("Idempotency-Key"),
        "no key the user cannot use: {msg}"
    );
    assert!(matches!(s.mode, WizardMode::Edit { .. }), "the edit stays");
    // Sent again: refused as changed, and the token now is the edit itself
    // (the first try made it): done, not "someone else changed it".
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('y'));
    let mut now = t.clone();
    now.revision = "2".into();
    now.description = "Nightly BI export, v2".into();
    now.scopes.reverse(); // order is no change
    feed(&mut s, changed(Some(now)));
    assert_eq!(s.modal, None);
    assert!(s.mode.is_create(), "{:?}", s.status);
    assert_eq!(
        s.status.clone().map(|(_, m)| m),
        Some("Token nightly-export updated".to_string())
    );
}

/// The worker against the in-process sandbox on loopback, its events fed to
/// the state as the event loop does.
mod through_the_worker {
    use std::sync::Arc;
    use std::time::Duration;

    use impact_token::api::client::{Client, Credentials, Timeouts};
    use impact_token::api::worker::{self, Backend, RetryPolicy, WorkerConfig};
    use impact_token::sandbox::{Fault, Route, SandboxHandle, demo_account};
    use impact_token::tui::state::text_field;
    use secrecy::SecretString;
    use tokio::sync::mpsc::UnboundedReceiver;

    use super::*;

    const FAST: Timeouts = Timeouts {
        connect: Duration::from_secs(2),
        total: Duration::from_secs(5),
    };

    fn credentials() -> Credentials {
        let d = demo_account(AccountType::Brand);
        Credentials {
            account_sid: d.account_sid,
            auth_token: SecretString::from(d.auth_token),
        }
    }

    async fn next(rx: &mut UnboundedReceiver<WorkerEvent>) -> WorkerEvent {
        tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("a worker event within 10 s")
            .expect("the worker is running")
    }

    /// Feeds the worker's events to the state, handing the jobs it asks
    /// for back to the worker, until `done` holds. Returns the events seen.
    async fn run_until(
        s: &mut State,
        handle: &worker::WorkerHandle,
        rx: &mut UnboundedReceiver<WorkerEvent>,
        done: impl Fn(&State, &WorkerEvent) -> bool,
    ) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let ev = next(rx).await;
            let stop = done(s, &ev);
            seen.push(format!("{ev:?}"));
            for e in feed(s, ev) {
                if let Effect::Job(j) = e {
                    handle.send(j);
                }
            }
            if stop {
                return seen;
            }
        }
    }

    #[tokio::test]
    async fn an_edit_is_sent_through_the_worker_retried_once_and_a_taken_name_lands_on_its_field() {
        let sb = SandboxHandle::start(([127, 0, 0, 1], 0).into())
            .await
            .unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
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
            names_at_connect: true,
        };
        let handle = worker::spawn(&tokio::runtime::Handle::current(), config, sink);
        let mut s = fresh(AccountType::Brand, false);
        handle.send(Job::Connect {
            credentials: Some(credentials()),
            api_version: "14".into(),
        });
        // Connected: contacts, the live catalog and the token list are in.
        let mut tokens: Vec<Token> = Vec::new();
        let mut catalog = false;
        loop {
            let ev = next(&mut rx).await;
            match &ev {
                WorkerEvent::Tokens(Ok(list)) => tokens = list.clone(),
                WorkerEvent::Catalog { .. } => catalog = true,
                _ => {}
            }
            feed(&mut s, ev);
            if catalog && s.contact.loaded && !tokens.is_empty() {
                break;
            }
        }
        let seeded = tokens[0].clone();
        let other = tokens[1].clone();

        // Edit the first seeded token: a new name, sent after one 503.
        let mut fx = Vec::new();
        begin_edit(&mut s, &seeded, &mut fx);
        for e in fx {
            if let Effect::Job(j) = e {
                handle.send(j);
            }
        }
        let new_name = format!("{} renamed", seeded.name);
        s.setup.name = text_field("", &new_name);
        ctrl(&mut s, 'n');
        ctrl(&mut s, 'n');
        ctrl(&mut s, 'n');
        assert_eq!(s.step, Step::Create, "{:?}", s.status);
        key(&mut s, KeyCode::Enter);
        sb.inject(Route::Update, Fault::Status(503), 1);
        let fx = key(&mut s, KeyCode::Char('y'));
        for e in fx {
            if let Effect::Job(j) = e {
                handle.send(j);
            }
        }
        let seen = run_until(&mut s, &handle, &mut rx, |_, ev| {
            matches!(ev, WorkerEvent::Updated(_))
        })
        .await;
        assert!(
            seen.iter().any(|e| e.contains("RetryIn")),
            "the 503 was retried: {seen:#?}"
        );
        assert!(
            s.mode.is_create(),
            "the update ended the mode: {:?}",
            s.status
        );
        assert_eq!(
            s.status.clone().map(|(_, m)| m),
            Some(format!("Token {new_name} updated"))
        );
        let c = Client::new(&sb.base_url(), AccountType::Brand, credentials(), FAST).unwrap();
        let on_server = c.token(&seeded.id).await.unwrap();
        assert_eq!(on_server.name, new_name);
        assert_eq!(on_server.scopes, seeded.scopes, "only the name changed");

        // Another token given that name: the server's 409 lands on the name.
        let mut fx = Vec::new();
        begin_edit(&mut s, &other, &mut fx);
        s.setup.name = text_field("", &new_name);
        ctrl(&mut s, 'n');
        ctrl(&mut s, 'n');
        ctrl(&mut s, 'n');
        key(&mut s, KeyCode::Enter);
        for e in key(&mut s, KeyCode::Char('y')).into_iter().chain(fx) {
            if let Effect::Job(j) = e {
                handle.send(j);
            }
        }
        run_until(&mut s, &handle, &mut rx, |_, ev| {
            matches!(ev, WorkerEvent::Updated(_))
        })
        .await;
        assert_eq!(s.step, Step::Setup);
        assert!(s.field_errors.contains_key(&Field::Name), "{:?}", s.status);
        assert!(matches!(s.mode, WizardMode::Edit { .. }));
    }
}

#[test]
fn the_web_page_steps_are_not_offered_for_an_edit() {
    let (mut s, _) = editing(&token());
    to_update(&mut s);
    let fx = key(&mut s, KeyCode::Char('w'));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(s.export_input.is_none(), "no file name is asked for");
    assert_eq!(
        s.status.as_ref().map(|(_, m)| m.as_str()),
        Some(impact_token::text::CHECKLIST_NOT_FOR_EDIT)
    );
}

/// Enter, the key that opened the Update question, answers neither it nor
/// the questions after a change made meanwhile: only the keys shown do.
#[test]
fn enter_answers_none_of_edits_questions() {
    let (mut s, _) = editing(&token());
    typed(&mut s, "-v2");
    to_update(&mut s);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Some(Modal::ConfirmUpdate));
    assert!(jobs(&key(&mut s, KeyCode::Enter)).is_empty(), "Enter sent");
    assert_eq!(s.modal, Some(Modal::ConfirmUpdate), "Enter closed it");
    let text = screen_text(&s, 80);
    assert!(text.contains("y yes · n no"), "{text}");

    let (mut s, t) = saved_with_new_description("Mine, as edited");
    let mut now = theirs(&t);
    now.description = "Theirs, set meanwhile".into();
    feed(&mut s, changed(Some(now)));
    assert_eq!(s.modal, Some(Modal::ChangedMeanwhile));
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Some(Modal::ChangedMeanwhile), "Enter re-applied");
    key(&mut s, KeyCode::Char('y'));
    assert_eq!(s.modal, Some(Modal::KeepMine));
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Some(Modal::KeepMine), "Enter kept mine");
    assert_eq!(s.request().description, "Mine, as edited");
}
