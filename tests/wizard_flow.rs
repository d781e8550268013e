//! The wizard driven key by key through `update`, with no terminal: the
//! behaviour behind each panel, and what is sent to the worker.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use crossterm::event::KeyCode;
use impact_token::api::error::ApiError;
use impact_token::api::worker::{Job, WorkerEvent};
use impact_token::contract::{FieldError, ScopesResponse};
use impact_token::model::account::AccountType;
use impact_token::model::validate::Field;
use impact_token::tui::state::{Modal, Screen, Step, SubmitState, field_text};
use impact_token::tui::update::{Effect, Msg, update};
use wizard_state::*;

fn submitted(fx: Vec<Effect>) -> impact_token::model::request::Submission {
    fx.into_iter()
        .find_map(|e| match e {
            Effect::Job(Job::Submit(s)) => Some(s),
            _ => None,
        })
        .expect("a Submit job")
}

fn ready_to_create(name: &str) -> impact_token::tui::state::State {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, name);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.step, Step::Create);
    s
}

#[test]
fn next_is_refused_while_a_panel_is_invalid() {
    let mut s = connected(AccountType::Brand);
    ctrl(&mut s, 'n');
    assert_eq!(s.step, Step::Setup);
    assert!(s.field_errors.contains_key(&Field::Name));
    typed(&mut s, "ok");
    assert!(
        !s.field_errors.contains_key(&Field::Name),
        "typing clears the error"
    );
    ctrl(&mut s, 'n');
    assert_eq!(s.step, Step::Contact);
    ctrl(&mut s, 'n');
    assert_eq!(s.step, Step::Contact, "no contact picked");
    assert!(s.field_errors.contains_key(&Field::PrimaryContactUserId));
}

#[test]
fn scopes_panel_needs_one_scope_and_forward_jumps_check_each_panel() {
    let mut s = connected(AccountType::Brand);
    update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('4'),
            crossterm::event::KeyModifiers::ALT,
        )),
    );
    assert_eq!(
        s.step,
        Step::Setup,
        "cannot jump to Create with an empty form"
    );
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.step, Step::Scopes);
    assert!(s.field_errors.contains_key(&Field::Scopes));
}

#[test]
fn category_toggle_expands_and_off_clears_its_picks() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char(' '));
    assert!(s.selection.is_enabled(0));
    assert!(s.tree.is_expanded(0));
    key(&mut s, KeyCode::Char('a'));
    assert_eq!(s.selection.count(0), s.selection.size(0));
    key(&mut s, KeyCode::Char('k')); // vim keys work outside text fields
    key(&mut s, KeyCode::Home);
    key(&mut s, KeyCode::Char(' '));
    assert_eq!(s.selection.total(), 0);
    assert!(!s.tree.is_expanded(0));
}

#[test]
fn clear_all_asks_above_ten() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "t");
    // Actions (8) + Ads (4) = 12 scopes
    for _ in 0..2 {
        key(&mut s, KeyCode::Char('j'));
    }
    key(&mut s, KeyCode::Char('a'));
    key(&mut s, KeyCode::End);
    key(&mut s, KeyCode::Home);
    while s.tree.current() != Some(impact_token::model::tree::Row::Category(3)) {
        key(&mut s, KeyCode::Down);
    }
    key(&mut s, KeyCode::Char('a'));
    assert_eq!(s.selection.total(), 12);
    key(&mut s, KeyCode::Char('c'));
    assert_eq!(s.modal, Some(Modal::ConfirmClearAll));
    key(&mut s, KeyCode::Char('n'));
    assert_eq!(s.selection.total(), 12, "no keeps them");
    key(&mut s, KeyCode::Char('c'));
    key(&mut s, KeyCode::Char('y'));
    assert_eq!(s.selection.total(), 0);
    assert_eq!(s.selection.enabled_categories().count(), 0);
}

#[test]
fn clear_all_of_few_does_not_ask() {
    let mut s = connected(AccountType::Agency);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char('a'));
    key(&mut s, KeyCode::Char('c'));
    assert_eq!(s.modal, None);
    assert_eq!(s.selection.total(), 0);
}

#[test]
fn back_and_edit_keeps_everything() {
    let mut s = ready_to_create("first-name");
    let before = s.request();
    ctrl(&mut s, 'p');
    ctrl(&mut s, 'p');
    ctrl(&mut s, 'p');
    assert_eq!(s.step, Step::Setup);
    key(&mut s, KeyCode::Up); // to Name
    for _ in 0.."first-name".len() {
        key(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "second-name");
    update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('4'),
            crossterm::event::KeyModifiers::ALT,
        )),
    );
    assert_eq!(s.step, Step::Create, "{:?}", s.status);
    let after = s.request();
    assert_eq!(after.name, "second-name");
    assert_eq!(after.scopes, before.scopes);
    assert_eq!(after.developer_emails, before.developer_emails);
    assert_eq!(
        after.primary_contact_user_id,
        before.primary_contact_user_id
    );
}

#[test]
fn submit_sends_the_request_and_a_retry_reuses_the_key() {
    let mut s = ready_to_create("nightly");
    let first = submitted(key(&mut s, KeyCode::Enter));
    assert_eq!(first.request.name, "nightly");
    assert_eq!(first.request.primary_contact_user_id, "U-1");
    assert_eq!(first.request.developer_emails, ["dev@example.com"]);
    assert_eq!(first.request.scopes.len(), 1);
    assert!(matches!(s.submit, SubmitState::Running { .. }));
    assert!(
        key(&mut s, KeyCode::Enter).is_empty(),
        "no second submit while one runs"
    );
    feed(
        &mut s,
        WorkerEvent::Created(Err(ApiError::Server {
            status: 503,
            message: "busy".into(),
        })),
    );
    assert!(matches!(s.submit, SubmitState::Idle));
    assert!(s.status.as_ref().unwrap().1.contains("503"));
    let again = submitted(key(&mut s, KeyCode::Enter));
    assert_eq!(
        again.idempotency_key, first.idempotency_key,
        "same request, same key"
    );
}

#[test]
fn esc_cancels_a_running_create_but_a_late_token_still_shows() {
    let mut s = ready_to_create("nightly");
    key(&mut s, KeyCode::Enter);
    let fx = key(&mut s, KeyCode::Esc);
    assert!(matches!(fx.as_slice(), [Effect::Job(Job::Cancel)]));
    assert!(matches!(s.submit, SubmitState::Cancelling));
    // The worker finished before the abort landed: the secret must not be lost.
    let body = r#"{"Id":"T","Name":"nightly","ApiVersion":"14","PrimaryContactUserId":"U-1",
        "AccountSID":"IRX","AuthToken":"late-secret"}"#;
    feed(
        &mut s,
        WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
    );
    assert!(matches!(s.screen, Screen::Secret(_)));
}

#[test]
fn field_errors_from_the_server_land_on_their_fields() {
    let mut s = ready_to_create("nightly");
    key(&mut s, KeyCode::Enter);
    feed(
        &mut s,
        WorkerEvent::Created(Err(ApiError::Invalid {
            status: 422,
            message: "Validation Failed".into(),
            errors: vec![FieldError {
                field: "DeveloperEmails[0]".into(),
                message: "bounced".into(),
            }],
        })),
    );
    assert_eq!(s.step, Step::Contact);
    assert_eq!(
        s.field_errors
            .get(&Field::DeveloperEmails)
            .map(String::as_str),
        Some("bounced")
    );
    assert_eq!(
        s.contact.emails,
        ["dev@example.com"],
        "nothing typed is lost"
    );
    assert!(s.status.as_ref().unwrap().1.contains("Validation Failed"));
}

#[test]
fn forbidden_on_brand_explains_the_roles() {
    let mut s = ready_to_create("nightly");
    key(&mut s, KeyCode::Enter);
    feed(
        &mut s,
        WorkerEvent::Created(Err(ApiError::Forbidden {
            message: "no".into(),
        })),
    );
    let msg = &s.status.as_ref().unwrap().1;
    assert!(msg.contains("Account Administrators"), "{msg}");
    assert_eq!(s.step, Step::Create);
}

#[test]
fn secret_screen_asks_before_wiping() {
    let mut s = ready_to_create("nightly");
    key(&mut s, KeyCode::Enter);
    let body = r#"{"Id":"T","Name":"nightly","ApiVersion":"14","PrimaryContactUserId":"U-1",
        "AccountSID":"IRX","AuthToken":"once"}"#;
    feed(
        &mut s,
        WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
    );
    assert!(matches!(
        key(&mut s, KeyCode::Char('c')).as_slice(),
        [Effect::CopySecret]
    ));
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Some(Modal::ConfirmLeaveSecret));
    key(&mut s, KeyCode::Char('n'));
    assert!(
        matches!(s.screen, Screen::Secret(_)),
        "n keeps it on screen"
    );
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Done { .. }));
}

#[test]
fn quitting_with_input_asks_first() {
    let mut s = connected(AccountType::Brand);
    ctrl(&mut s, 'c');
    assert!(s.quit, "nothing typed: quits at once");
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "x");
    ctrl(&mut s, 'c');
    assert!(!s.quit);
    assert_eq!(s.modal, Some(Modal::ConfirmQuit));
    key(&mut s, KeyCode::Char('y'));
    assert!(s.quit);
}

#[test]
fn typeahead_filters_contacts_and_emails_are_checked_as_added() {
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "t");
    ctrl(&mut s, 'n');
    typed(&mut s, "LINUS");
    assert_eq!(s.filtered_contacts().len(), 1);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.contact.chosen.as_deref(), Some("U-3"));
    typed(&mut s, "bad@");
    key(&mut s, KeyCode::Enter);
    assert!(s.field_errors.contains_key(&Field::DeveloperEmails));
    assert!(s.contact.emails.is_empty());
    ctrl(&mut s, 'n');
    assert_eq!(s.step, Step::Contact, "an unadded address blocks Next");
    for _ in 0..4 {
        key(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "a@x.io");
    key(&mut s, KeyCode::Enter);
    typed(&mut s, "A@X.IO");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.contact.emails, ["a@x.io"], "duplicates ignore case");
    assert!(s.field_errors.contains_key(&Field::DeveloperEmails));
    for _ in 0..6 {
        key(&mut s, KeyCode::Backspace);
    }
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Char('d'));
    assert!(s.contact.emails.is_empty());
}

#[test]
fn paste_into_a_single_line_field_is_folded() {
    let mut s = connected(AccountType::Brand);
    update(&mut s, Msg::Paste("line one\nline two\u{1b}[2J".into()));
    assert_eq!(field_text(&s.setup.name), "line one line two[2J");
    assert!(s.status.is_some());
    let mut s = connected(AccountType::Brand);
    update(&mut s, Msg::Paste("z".repeat(1_000_000)));
    // Capped by the field (Name's limit), not only by the paste.
    assert_eq!(
        field_text(&s.setup.name).chars().count(),
        impact_token::model::validate::NAME_MAX
    );
}

#[test]
fn name_taken_is_warned_before_submit() {
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "Existing-Token");
    assert!(s.name_taken());
    ctrl(&mut s, 'n');
    assert_eq!(s.step, Step::Contact, "a warning, not a refusal");
    assert!(s.status.as_ref().unwrap().1.contains("already exists"));
}

#[test]
fn changing_version_loads_its_catalog_and_keeps_known_picks() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    let picked = s.request().scopes;
    key(&mut s, KeyCode::Char('1'));
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    let fx = key(&mut s, KeyCode::Right);
    assert!(
        matches!(fx.as_slice(), [Effect::Job(Job::LoadCatalog { api_version })] if api_version == "13")
    );
    // The server answers with a smaller live catalog that still has the pick.
    let full = impact_token::model::catalog::Catalog::bundled(AccountType::Brand).to_doc();
    let mut doc = ScopesResponse {
        api_versions: full.api_versions.clone(),
        categories: full.categories[..2].to_vec(),
    };
    doc.categories[1].scopes.truncate(1);
    feed(
        &mut s,
        WorkerEvent::Catalog {
            api_version: "13".into(),
            result: Ok(Some(doc.clone())),
        },
    );
    assert_eq!(s.api_version(), "13");
    assert_eq!(s.catalog.categories.len(), 2);
    assert_eq!(s.request().scopes, picked);
    // A stale answer for another version is ignored.
    feed(
        &mut s,
        WorkerEvent::Catalog {
            api_version: "12".into(),
            result: Ok(Some(full)),
        },
    );
    assert_eq!(s.catalog.categories.len(), 2);
}

#[test]
fn a_draft_round_trips_every_field_and_scope() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "drafted");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char(' ')); // second category on, nothing picked in it
    let draft = s.to_draft();
    let json = serde_json::to_string(&draft).unwrap();
    assert!(
        !json.to_lowercase().contains("token\":"),
        "no secret field in a draft: {json}"
    );

    let mut fresh = connected(AccountType::Brand);
    update(&mut fresh, Msg::DraftFound(Box::new(draft.clone())));
    assert_eq!(fresh.modal, Some(Modal::ConfirmResume));
    key(&mut fresh, KeyCode::Char('y'));
    assert_eq!(fresh.request(), s.request());
    assert_eq!(fresh.step, Step::Scopes);
    assert_eq!(
        fresh.to_draft().enabled_categories,
        draft.enabled_categories
    );
    assert_eq!(fresh.draft_fingerprint(), s.draft_fingerprint());

    // `n` is "not now": the draft stays for the next start.
    let mut later = connected(AccountType::Brand);
    update(&mut later, Msg::DraftFound(Box::new(draft.clone())));
    let fx = key(&mut later, KeyCode::Char('n'));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(later.modal, None);
    assert!(later.form_is_empty());
    assert!(
        later.draft_checked && later.draft_off,
        "the draft is left as it is"
    );

    // Discarding is `d`, then a yes to a second question.
    let mut discard = connected(AccountType::Brand);
    update(&mut discard, Msg::DraftFound(Box::new(draft)));
    let text = screen_text(&discard, 80);
    assert!(
        text.contains("y resume · n/Esc not now (kept) · d discard… · q quit"),
        "every choice is on screen:\n{text}"
    );
    assert!(key(&mut discard, KeyCode::Char('d')).is_empty());
    assert_eq!(discard.modal, Some(Modal::ConfirmDiscardDraft));
    let text = screen_text(&discard, 80);
    assert!(text.contains("for good"), "{text}");
    assert!(text.contains("y discard it · n keep it"), "{text}");
    assert!(key(&mut discard, KeyCode::Enter).is_empty());
    assert!(key(&mut discard, KeyCode::Char('n')).is_empty());
    assert_eq!(
        discard.modal,
        Some(Modal::ConfirmResume),
        "back to the question"
    );
    key(&mut discard, KeyCode::Char('d'));
    let fx = key(&mut discard, KeyCode::Char('y'));
    assert!(matches!(fx.as_slice(), [Effect::DeleteDraft]));
    assert!(discard.form_is_empty());
    assert!(discard.draft_checked);
}

#[test]
fn an_unreadable_draft_is_reported_and_the_wizard_starts_fresh() {
    let mut s = connected(AccountType::Brand);
    update(
        &mut s,
        Msg::DraftChecked(Some("expected value at line 1".into())),
    );
    assert!(s.draft_checked);
    assert!(s.status.as_ref().unwrap().1.contains("could not be read"));
    assert!(s.form_is_empty());
}

#[test]
fn creating_deletes_the_draft() {
    let mut s = ready_to_create("nightly");
    key(&mut s, KeyCode::Enter);
    let body = r#"{"Id":"T","Name":"nightly","ApiVersion":"14","PrimaryContactUserId":"U-1",
        "AccountSID":"IRX","AuthToken":"once"}"#;
    let fx = feed(
        &mut s,
        WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
    );
    assert!(matches!(fx.as_slice(), [Effect::DeleteDraft]));
}

#[test]
fn the_secret_can_be_saved_to_a_new_file() {
    let mut s = ready_to_create("nightly export");
    key(&mut s, KeyCode::Enter);
    let body = r#"{"Id":"T","Name":"nightly export","ApiVersion":"14","PrimaryContactUserId":"U-1",
        "AccountSID":"IRX","AuthToken":"once"}"#;
    feed(
        &mut s,
        WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
    );
    assert!(key(&mut s, KeyCode::Char('s')).is_empty());
    // Letters now type into the file-name field instead of acting.
    assert!(key(&mut s, KeyCode::Char('c')).is_empty());
    key(&mut s, KeyCode::Backspace);
    let fx = key(&mut s, KeyCode::Enter);
    match fx.as_slice() {
        [Effect::SaveSecret(p)] => assert_eq!(p.to_str(), Some("impact-token-nightly-export.env")),
        other => panic!("{other:?}"),
    }
    key(&mut s, KeyCode::Char('s'));
    key(&mut s, KeyCode::Esc);
    assert!(
        matches!(&s.screen, Screen::Secret(c) if c.save_input.is_none()),
        "Esc closes the field, not the screen"
    );
    assert_eq!(s.modal, None);
}

#[test]
fn presets_show_their_change_apply_and_undo() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' ')); // a PUT scope: write access
    let before = s.selection.clone();
    key(&mut s, KeyCode::Char('p'));
    assert_eq!(s.modal, Some(Modal::Presets(0)));
    key(&mut s, KeyCode::Char('j')); // "read-only in enabled categories"
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Some(Modal::ConfirmPreset(1)));
    key(&mut s, KeyCode::Char('y'));
    assert_eq!(s.modal, None);
    assert!(
        s.selection
            .selected_indices()
            .all(|i| !s.catalog.scope(i).is_write())
    );
    assert!(s.selection.total() > 0);
    assert!(s.status.as_ref().unwrap().1.contains("Press u to undo"));
    key(&mut s, KeyCode::Char('u'));
    assert_eq!(s.selection, before);
    key(&mut s, KeyCode::Char('u'));
    assert!(s.status.as_ref().unwrap().1.contains("Nothing to undo"));
    // n on the diff goes back to the list; Esc closes it; nothing changes.
    key(&mut s, KeyCode::Char('p'));
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('n'));
    assert_eq!(s.modal, Some(Modal::Presets(0)));
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, None);
    assert_eq!(s.selection, before);
}

#[test]
fn clear_all_can_be_undone_and_selections_saved_as_presets() {
    let mut s = connected(AccountType::Agency);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char('a'));
    let picked = s.request().scopes;
    key(&mut s, KeyCode::Char('c'));
    assert_eq!(s.selection.total(), 0);
    key(&mut s, KeyCode::Char('u'));
    assert_eq!(s.request().scopes, picked);
    key(&mut s, KeyCode::Char('S'));
    assert_eq!(s.modal, Some(Modal::SavePreset));
    typed(&mut s, "my advertisers");
    let fx = key(&mut s, KeyCode::Enter);
    match fx.as_slice() {
        [Effect::SavePreset { name, scopes }] => {
            assert_eq!(name, "my advertisers");
            assert_eq!(*scopes, picked);
        }
        other => panic!("{other:?}"),
    }
    assert!(s.presets.iter().any(|p| p.name == "my advertisers"));
}

#[test]
fn the_request_exports_as_a_spec() {
    let mut s = ready_to_create("nightly export");
    key(&mut s, KeyCode::Char('e'));
    assert!(s.export_input.is_some());
    // The name offered comes from the token's name; press Enter to take it.
    let offered = s.export_input.as_ref().unwrap().lines().join("");
    assert_eq!(offered, "nightly-export.toml");
    // Letters go to the file name, not to commands: `q` does not quit, `t`
    // does not test, `e` does not open a second prompt, `y` does not copy.
    for _ in offered.chars() {
        key(&mut s, KeyCode::Backspace);
    }
    let mut fx = Vec::new();
    for c in "qtey.toml".chars() {
        fx.extend(key(&mut s, KeyCode::Char(c)));
    }
    assert!(fx.is_empty(), "typing runs no command: {fx:?}");
    assert_eq!(s.step, Step::Create);
    let fx = key(&mut s, KeyCode::Enter);
    match fx.as_slice() {
        [Effect::ExportSpec(p)] => assert_eq!(p.to_str(), Some("qtey.toml")),
        other => panic!("{other:?}"),
    }
    assert!(s.export_input.is_none());
}

#[test]
fn the_token_test_calls_one_allowed_and_one_refused_scope() {
    use impact_token::tui::update::probe_plan;
    let mut s = ready_to_create("probe");
    s.selection.set_scope(2, true); // getLegalEntity: a GET beyond CompanyInformation
    let plan = probe_plan(&s.catalog, &s.selection, AccountType::Brand);
    assert_eq!(plan.len(), 2);
    assert!(plan[0].1 && !plan[1].1);
    assert!(
        !plan.iter().any(|(p, _)| p.contains('{')),
        "placeholders filled: {plan:?}"
    );
    key(&mut s, KeyCode::Enter);
    let body = r#"{"Id":"T","Name":"probe","ApiVersion":"14","PrimaryContactUserId":"U-1",
        "AccountSID":"IRNEW","AuthToken":"new-secret"}"#;
    feed(
        &mut s,
        WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
    );
    let fx = key(&mut s, KeyCode::Char('t'));
    match fx.as_slice() {
        [Effect::Job(Job::Probe { credentials, paths })] => {
            assert_eq!(
                credentials.account_sid, "IRNEW",
                "the new token's own credentials"
            );
            assert_eq!(paths.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    let results = vec![
        ("/CompanyInformation".to_string(), Ok(200)),
        (plan[0].0.clone(), Ok(200)),
        (plan[1].0.clone(), Ok(403)),
    ];
    feed(&mut s, WorkerEvent::Probed(results));
    let Screen::Secret(c) = &s.screen else {
        panic!()
    };
    let lines = c.probe.as_ref().unwrap();
    assert_eq!(lines.len(), 3);
    for l in lines {
        assert!(
            impact_token::text::probe_verdict(&l.result, l.expected_allowed).1,
            "{l:?}"
        );
    }
}

#[test]
fn first_run_offers_the_sandbox_or_a_profile() {
    use impact_token::tui::state::Screen;
    let mut s = connected(AccountType::Brand);
    s.screen = Screen::Welcome;
    let fx = key(&mut s, KeyCode::Char('s'));
    assert!(matches!(
        fx.as_slice(),
        [
            Effect::Job(Job::Retarget { .. }),
            Effect::Job(Job::Connect {
                credentials: None,
                ..
            })
        ]
    ));
    assert!(matches!(s.screen, Screen::Wizard));
    assert!(s.settings.sandbox);

    let mut s = connected(AccountType::Brand);
    s.screen = Screen::Welcome;
    s.settings.sandbox = false;
    key(&mut s, KeyCode::Char('p'));
    assert!(matches!(s.screen, Screen::ProfileSetup));
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Right); // partner
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "IRSID");
    key(&mut s, KeyCode::Tab);
    typed(&mut s, "ftp://nope");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.profile_form.focus, 3, "a bad URL sends focus back to it");
    assert!(s.status.as_ref().unwrap().1.contains("https://"));
    for _ in 0..10 {
        key(&mut s, KeyCode::Backspace);
    }
    // Plain http to another host would carry the credentials in clear.
    typed(&mut s, "http://tokens.example.com");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Enter);
    assert_eq!(
        s.profile_form.focus, 3,
        "an insecure URL sends focus back to it"
    );
    assert!(s.status.as_ref().unwrap().1.contains("unencrypted"));
    for _ in 0.."http://tokens.example.com".len() {
        key(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "https://tokens.example.com");
    key(&mut s, KeyCode::Tab);
    assert!(
        key(&mut s, KeyCode::Enter).is_empty(),
        "nothing is written without asking"
    );
    assert_eq!(s.modal, Some(Modal::ConfirmWriteProfile));
    let fx = key(&mut s, KeyCode::Char('y'));
    let profile = match fx.into_iter().next() {
        Some(Effect::WriteProfile { name, profile }) => {
            assert_eq!(name, "default");
            assert_eq!(profile.account_type, "partner");
            assert_eq!(profile.api_url, "https://tokens.example.com");
            profile
        }
        other => panic!("{other:?}"),
    };
    let fx = update(
        &mut s,
        Msg::ProfileWritten {
            result: Ok(profile),
            token: None,
        },
    );
    assert!(matches!(
        fx.as_slice(),
        [Effect::Job(Job::Retarget {
            account_type: AccountType::Partner,
            ..
        })]
    ));
    assert!(
        matches!(s.screen, Screen::Credentials),
        "the token is asked for"
    );
    assert_eq!(s.settings.account_type, AccountType::Partner);
    assert_eq!(s.catalog.len(), 74);
}

#[test]
fn search_filters_without_touching_the_selection() {
    use impact_token::model::tree::Row;
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' ')); // getCompanyInformation
    let before = s.selection.clone();
    key(&mut s, KeyCode::Char('/'));
    typed(&mut s, "legalent");
    for _ in 0..3 {
        key(&mut s, KeyCode::Backspace);
    }
    assert_eq!(
        s.selection, before,
        "typing a filter never changes the selection"
    );
    let m = s.search.matches.as_ref().expect("a filter");
    assert_eq!(m.total, 2);
    let shown_scopes: Vec<usize> = s
        .tree
        .rows()
        .iter()
        .filter_map(|r| {
            if let Row::Scope(i) = r {
                Some(*i)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(shown_scopes.len(), 2);
    assert!(
        shown_scopes
            .iter()
            .all(|&i| s.catalog.scope(i).name.to_lowercase().contains("legal ent"))
    );
    key(&mut s, KeyCode::Enter); // keep the filter, leave the field
    assert!(!s.search.editing);
    key(&mut s, KeyCode::Char('j')); // onto the first match
    key(&mut s, KeyCode::Char(' '));
    assert_eq!(s.selection.total(), 2);
    key(&mut s, KeyCode::Esc);
    assert!(s.search.matches.is_none());
    assert_eq!(
        s.tree
            .rows()
            .iter()
            .filter(|r| matches!(r, Row::Category(_)))
            .count(),
        s.catalog.categories.len()
    );
    assert_eq!(
        s.selection.total(),
        2,
        "clearing the filter keeps the picks"
    );
    // No match: an empty tree and a hint, and Space does nothing.
    key(&mut s, KeyCode::Char('/'));
    typed(&mut s, "zzzz-nothing");
    assert_eq!(s.search.matches.as_ref().unwrap().total, 0);
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char(' '));
    assert_eq!(s.selection.total(), 2);
}

/// Ctrl-U clears the line back to its start, as in a shell, in every text
/// field (they all take keys through one function): here the token's name,
/// a developer e-mail and the scope search.
#[test]
fn ctrl_u_clears_the_line() {
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "nightly export");
    ctrl(&mut s, 'u');
    assert_eq!(field_text(&s.setup.name), "");
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char('/'));
    typed(&mut s, "legal");
    ctrl(&mut s, 'u');
    assert_eq!(field_text(&s.search.input), "");
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "t");
    ctrl(&mut s, 'n');
    key(&mut s, KeyCode::Enter);
    typed(&mut s, "dev@example.com");
    ctrl(&mut s, 'u');
    assert_eq!(field_text(&s.contact.email_input), "");
}

/// Space in the scope search toggles the focused row, as README's search
/// section says, and never becomes part of the query.
#[test]
fn space_in_the_scope_search_toggles() {
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char('/'));
    typed(&mut s, "legal");
    assert!(s.search.editing);
    key(&mut s, KeyCode::Down); // onto the first match
    let before = s.selection.total();
    key(&mut s, KeyCode::Char(' '));
    assert_eq!(field_text(&s.search.input), "legal", "Space typed");
    assert_eq!(s.selection.total(), before + 1, "Space toggled nothing");
    assert!(s.search.editing, "the search stays open");
    let text = screen_text(&s, 80);
    assert!(text.contains("Space toggle"), "{text}");
}

/// Clear All says how to undo it, with the key in force.
#[test]
fn clear_all_says_how_to_undo() {
    let mut s = connected(AccountType::Agency);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Char('c'));
    let msg = s.status.clone().unwrap().1;
    assert!(msg.contains("Press u to undo"), "{msg}");
}

/// After `s` saved the secret to its file, leaving and quitting ask no
/// "Saved the Auth Token?"; after a copy (which may not arrive) they do.
#[test]
fn leaving_a_saved_secret_asks_nothing() {
    let created = || {
        let mut s = ready_to_create("nightly");
        key(&mut s, KeyCode::Enter);
        let body = r#"{"Id":"T","Name":"nightly","ApiVersion":"14","PrimaryContactUserId":"U-1",
            "AccountSID":"IRX","AuthToken":"once"}"#;
        feed(
            &mut s,
            WorkerEvent::Created(Ok(serde_json::from_str(body).unwrap())),
        );
        s
    };
    for leave in [KeyCode::Esc, KeyCode::Char('q')] {
        let mut s = created();
        key(&mut s, KeyCode::Char('s'));
        assert!(matches!(
            key(&mut s, KeyCode::Enter).as_slice(),
            [Effect::SaveSecret(_)]
        ));
        update(
            &mut s,
            Msg::SecretSaved("Saved to impact-token-nightly.env".into()),
        );
        key(&mut s, leave);
        assert_eq!(s.modal, None, "{leave:?} asked");
        assert!(matches!(s.screen, Screen::Done { .. }), "{leave:?}");
    }
    let mut s = created();
    key(&mut s, KeyCode::Char('s'));
    key(&mut s, KeyCode::Enter);
    update(&mut s, Msg::SecretSaved("Saved".into()));
    ctrl(&mut s, 'c');
    assert_eq!(s.modal, None);
    assert!(s.quit);
    // A failed save or a copy leaves the question.
    let mut s = created();
    update(&mut s, Msg::Copied("Not saved: exists".into()));
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.modal, Some(Modal::ConfirmLeaveSecret));
}
