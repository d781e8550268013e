//! Every word fits at 80×24: the header of each account type with a long
//! company name and the SANDBOX badge, the agency breadcrumb, the
//! credentials intro, the profile note, the OSC 52 note, and every message
//! the status line can show: whole, wrapped at words, or cut at a word with
//! an ellipsis; never cut inside a word.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use impact_token::model::account::AccountType;
use impact_token::text;
use impact_token::tui::state::{Connection, Created, Level, Picker, ProfileChoice, Screen, State};
use impact_token::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wizard_state::*;

const LONG_COMPANY: &str = "Northwind Traders International Holdings Group";

fn snap(state: &State) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::render(f, state)).unwrap();
    t
}

fn rows(state: &State) -> Vec<String> {
    screen_text(state, 80).lines().map(str::to_string).collect()
}

/// The text inside the box, its lines joined with spaces: a wrapped
/// sentence reads whole here, a cut one does not.
fn boxed_text(state: &State) -> String {
    rows(state)
        .iter()
        .filter_map(|l| l.strip_prefix('│'))
        .map(|l| l.trim_end_matches('│').trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn with_long_company(t: AccountType) -> State {
    let mut s = connected(t);
    s.connection = Connection::Connected {
        company: LONG_COMPANY.into(),
    };
    s
}

#[test]
fn each_account_types_header_keeps_the_sandbox_badge_whole() {
    for t in AccountType::ALL {
        let s = with_long_company(t);
        let header = rows(&s)[0].trim_end().to_string();
        assert!(header.ends_with(" SANDBOX"), "{t}: {header:?}");
        assert!(header.contains("Northwind"), "{t}: {header:?}");
        assert!(
            header.contains('…'),
            "{t}: the company name is not shortened: {header:?}"
        );
        assert!(header.contains("API v"), "{t}: {header:?}");
    }
    insta::assert_snapshot!(
        "header_agency",
        snap(&with_long_company(AccountType::Agency)).backend()
    );
    insta::assert_snapshot!(
        "header_brand",
        snap(&with_long_company(AccountType::Brand)).backend()
    );
    insta::assert_snapshot!(
        "header_partner",
        snap(&with_long_company(AccountType::Partner)).backend()
    );
}

#[test]
fn the_agency_breadcrumb_is_shortened_from_the_left() {
    let s = with_long_company(AccountType::Agency);
    let crumb = rows(&s)[1].trim().to_string();
    let full = AccountType::Agency.breadcrumb().join(" › ");
    if crumb != full {
        let rest = crumb
            .strip_prefix("… › ")
            .unwrap_or_else(|| panic!("not shortened from the left: {crumb:?} (full: {full:?})"));
        assert!(full.ends_with(rest), "{crumb:?} is not the end of {full:?}");
        assert!(
            rest.ends_with(AccountType::Agency.breadcrumb().last().unwrap()),
            "the page's own crumb is cut: {crumb:?}"
        );
    }
}

#[test]
fn the_credentials_intro_wraps() {
    let mut s = fresh(AccountType::Brand, false);
    s.settings.sandbox = false;
    s.screen = Screen::Credentials;
    let inside = boxed_text(&s);
    assert!(inside.contains(text::CREDENTIALS_INTRO.trim()), "{inside}");
    insta::assert_snapshot!("credentials", snap(&s).backend());
}

#[test]
fn the_profile_note_wraps() {
    let mut s = fresh(AccountType::Brand, false);
    s.settings.sandbox = false;
    s.screen = Screen::ProfileSetup;
    let inside = boxed_text(&s);
    assert!(inside.contains(text::PROFILE_NOTE), "{inside}");
    insta::assert_snapshot!("profile_setup", snap(&s).backend());
}

#[test]
fn the_osc52_note_is_indented_on_every_line() {
    let mut s = connected(AccountType::Brand);
    let mut created = Created {
        token: toml::from_str(
            "Id = \"T1\"\nName = \"n\"\nApiVersion = \"14\"\nPrimaryContactUserId = \"U1\"\n",
        )
        .unwrap(),
        account_sid: "IRNEW".into(),
        auth_token: None,
        copy_note: Some(text::COPIED.into()),
        save_input: None,
        probe: None,
        probe_expectations: Vec::new(),
        saved: false,
    };
    s.screen = Screen::Secret(Box::new(created));
    let lines = rows(&s);
    let first = lines
        .iter()
        .position(|l| l.contains("Sent to the clipboard"))
        .expect("the note");
    let indent = |l: &str| l.chars().skip(1).take_while(|c| *c == ' ').count();
    assert!(
        lines[first + 1].contains("copy it by hand"),
        "{:?}",
        &lines[first..]
    );
    assert_eq!(
        indent(&lines[first + 1]),
        indent(&lines[first]),
        "{lines:#?}"
    );
    insta::assert_snapshot!("secret_copied", snap(&s).backend());
    created = Created {
        copy_note: Some(text::COPIED_TMUX.into()),
        ..match std::mem::replace(&mut s.screen, Screen::Wizard) {
            Screen::Secret(c) => *c,
            _ => unreachable!(),
        }
    };
    s.screen = Screen::Secret(Box::new(created));
    let lines = rows(&s);
    let first = lines
        .iter()
        .position(|l| l.contains("through tmux"))
        .unwrap();
    assert_eq!(
        indent(&lines[first + 1]),
        indent(&lines[first]),
        "{lines:#?}"
    );
}

/// Every message `update` puts on the status line, with long sample values.
fn status_messages() -> Vec<String> {
    let path =
        std::path::Path::new("/home/someone/.config/impact-token/exports/reporting-export.toml");
    let ids: Vec<String> = ["ADS_READ", "REPORTS_RUN", "CATALOG_WRITE", "USERS_READ"]
        .map(String::from)
        .to_vec();
    let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let mut all: Vec<String> = [
        text::CONTACTS_LOADING,
        text::CREDENTIALS_REQUIRED,
        text::DRAFT_DISCARDED,
        text::DRAFT_LATER,
        text::DRAFT_RESUMED,
        text::FINISH_CURRENT_FIRST,
        text::NAME_DOES_NOT_MATCH,
        text::NAME_EXISTS_WARNING,
        text::NOTHING_TO_UNDO,
        text::NOTHING_TO_UPDATE,
        text::NO_CONTACT_MATCHES,
        text::PASTE_FOLDED,
        text::RETRYING_LOADS,
        text::SCOPES_REQUIRED,
        text::TOKENS_RELOADING,
        text::UNDONE,
        text::COPIED,
        text::COPIED_TMUX,
        text::NO_JOB_CONTROL,
        text::SID_REQUIRED,
        text::NO_CONFIG_DIR,
    ]
    .map(String::from)
    .to_vec();
    all.extend([
        text::cannot_continue("the contact list could not be loaded"),
        text::catalog_fallback("the server's catalog could not be parsed"),
        text::cleared(12, "u"),
        text::contact_not_active("U-1234567"),
        text::draft_in_use(Some(4242)),
        text::draft_in_use(None),
        text::draft_not_saved("permission denied"),
        text::draft_unreadable("expected value at line 1 column 1"),
        text::email_removed("someone.with.a.long.name@example.com"),
        text::finish_first("Setup", "Token Name is required"),
        text::no_newer_version("14"),
        text::page_token_deleted("Demo seed: Nightly reporting"),
        text::paste_cut(4096, true),
        text::paste_cut(256, false),
        text::preset_applied("Reporting, read only", 12, 3, "Ctrl-Z"),
        text::rate_limit_low(3, 1000, Some(59)),
        text::retrying(
            2,
            std::time::Duration::from_millis(1500),
            "the server is busy (503)",
        ),
        text::scopes_dropped(&ids),
        text::scopes_not_in_catalog(&ids),
        text::token_op_failed("Rotate", "the server refused the request (403 Forbidden)"),
        text::token_op_running("Rotate", "Demo seed: Nightly reporting"),
        text::token_updated("Demo seed: Nightly reporting"),
        text::preset_saved("Reporting, read only"),
        text::preset_not_saved("permission denied"),
        text::secret_saved(path),
        text::secret_not_saved(path, &io),
        text::spec_exported(path),
        text::copy_failed("Broken pipe (os error 32)"),
        text::readable_by_others(path),
        text::bad_profile_name("my profile"),
        text::insecure_api_url("http://api.example.com"),
        text::bad_api_url("ftp://example.com", "the scheme must be https"),
        text::unknown_profile("production-eu"),
    ]);
    all
}

#[test]
fn every_status_message_fits_or_is_cut_at_a_word() {
    let mut s = connected(AccountType::Brand);
    let mut cut = Vec::new();
    for msg in status_messages() {
        s.say(Level::Info, msg.clone());
        let lines = rows(&s);
        let shown = lines[22].trim_end();
        let full = format!(" {msg}");
        if shown == full {
            continue;
        }
        let kept = shown
            .strip_suffix('…')
            .unwrap_or_else(|| panic!("neither whole nor ellipsized: {shown:?} for {full:?}"));
        assert!(
            full.starts_with(kept),
            "{shown:?} is not the start of {full:?}"
        );
        let next = full[kept.len()..].chars().next().unwrap();
        assert!(
            !next.is_alphanumeric(),
            "cut inside a word: {shown:?} (next {next:?}) for {full:?}"
        );
        cut.push(shown.to_string());
    }
    // The cut ones, as the user sees them.
    insta::assert_snapshot!("status_messages_cut", cut.join("\n"));
}

#[test]
fn the_profile_picker_fits() {
    let mut s = fresh(AccountType::Brand, false);
    s.settings.sandbox = false;
    s.screen = Screen::PickProfile;
    let choice = |name: &str, t: &str, sid: &str, url: &str| ProfileChoice {
        name: name.into(),
        account_type: t.into(),
        account_sid: sid.into(),
        api_url: url.into(),
    };
    s.picker = Picker {
        choices: vec![
            choice(
                "agency-side",
                "agency",
                "IRDEMOAGENCY0000000000000000000001",
                "http://127.0.0.1:8787",
            ),
            choice(
                "prod",
                "brand",
                "IRPROD0000000000000000000000001",
                "https://tokens.example.net",
            ),
            choice(
                "partner.eu",
                "partner",
                "IRP1",
                "https://tokens.example.net/a/very/long/base/path/for/the/token/service",
            ),
        ],
        cursor: 1,
        allow_insecure_http: false,
    };
    let inside = boxed_text(&s);
    assert!(!inside.contains("No profile is set up yet"), "{inside}");
    for want in [
        "agency-side",
        "IRDEMO…0001",
        "IRPROD…0001",
        "IRP1",
        "http://127.0.0.1:8787",
    ] {
        assert!(inside.contains(want), "{want}: {inside}");
    }
    insta::assert_snapshot!("profile_picker", snap(&s).backend());
}

#[test]
fn a_long_profile_list_scrolls_with_the_cursor() {
    let mut s = fresh(AccountType::Brand, false);
    s.screen = Screen::PickProfile;
    s.picker.choices = (0..30)
        .map(|i| ProfileChoice {
            name: format!("profile-{i:02}"),
            account_type: "brand".into(),
            account_sid: format!("IR{i}"),
            api_url: "http://127.0.0.1:9".into(),
        })
        .collect();
    s.picker.cursor = 29;
    let screen = screen_text(&s, 80);
    assert!(screen.contains("› profile-29"), "{screen}");
    assert!(screen.contains("Later: impact-token"), "{screen}");
}
