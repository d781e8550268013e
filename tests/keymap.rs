//! The one binding table: every binding reaches its action through
//! `map_key`, every key the help or a hint names is bound, `[keys]` in
//! config.toml rebinds keys end to end, and bad `[keys]` lines are refused
//! with their line.

use std::path::{Path, PathBuf};
use std::process::Command;

use crossterm::event::KeyCode;
use impact_token::model::account::AccountType;
use impact_token::store::config;
use impact_token::tui::hints::{self, help_rows};
use impact_token::tui::keymap::{Context, Key, KeyError, Keymap};
use impact_token::tui::keys::{Action, TerminalKey, active, map_key, terminal_key};
use impact_token::tui::state::{
    ContactFocus, Created, Modal, Screen, SetupFocus, State, Step, text_field,
};
use impact_token::tui::update::{Msg, update};

mod common;
#[path = "support/run.rs"]
#[allow(dead_code)]
mod run;
#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

fn wizard() -> State {
    wizard_state::fresh(AccountType::Brand, true)
}

fn created(saving: bool) -> Created {
    Created {
        token: toml::from_str(
            "Id = \"T1\"\nName = \"n\"\nApiVersion = \"14\"\nPrimaryContactUserId = \"U1\"\n",
        )
        .unwrap(),
        account_sid: "IRNEW".into(),
        auth_token: None,
        copy_note: None,
        save_input: saving.then(|| text_field("file", "")),
        probe: None,
        probe_expectations: Vec::new(),
        saved: false,
    }
}

/// A state where `context` is active and shadowed by nothing that binds
/// the same keys, for the table walk.
fn state_for(context: Context) -> State {
    let mut s = wizard();
    match context {
        Context::Global | Context::Screen | Context::Panels | Context::Terminal => {
            s.step = Step::Scopes;
        }
        Context::Wizard => {
            s.step = Step::Setup;
            // Ctrl-R means something only while a failed load waits.
            s.failed_loads.push(impact_token::api::worker::Load::Users);
        }
        Context::Welcome => s.screen = Screen::Welcome,
        Context::Profile => s.screen = Screen::ProfileSetup,
        Context::PickProfile => s.screen = Screen::PickProfile,
        Context::AccountType => {
            s.screen = Screen::ProfileSetup;
            s.profile_form.focus = 1;
        }
        Context::Secret => s.screen = Screen::Secret(Box::new(created(false))),
        Context::SecretSave => s.screen = Screen::Secret(Box::new(created(true))),
        Context::Done => {
            s.screen = Screen::Done {
                name: "n".into(),
                id: "T1".into(),
            }
        }
        Context::Confirm => s.modal = Some(Modal::ConfirmQuit),
        Context::Resume => s.modal = Some(Modal::ConfirmResume),
        Context::Presets => s.modal = Some(Modal::Presets(0)),
        Context::PresetName => s.modal = Some(Modal::SavePreset),
        Context::Tokens
        | Context::TokenSearch
        | Context::TokenDetails
        | Context::TokenMenu
        | Context::TokenName
        | Context::TokenAsk => api_page(&mut s, context),
    }
    s
}

/// The API page with `context` active.
fn api_page(s: &mut State, context: Context) {
    use impact_token::tui::state::Ask;
    s.page.home = true;
    s.screen = Screen::Tokens;
    let id = || "T1".to_string();
    match context {
        Context::TokenSearch => s.page.searching = true,
        Context::TokenDetails => s.page.details = Some(id()),
        Context::TokenMenu => s.page.menu = Some((id(), 0)),
        Context::TokenName => {
            s.page.ask = Some(Ask::Reset {
                id: id(),
                input: text_field("", ""),
            })
        }
        Context::TokenAsk => s.page.ask = Some(Ask::Disable { id: id() }),
        _ => {}
    }
}

#[test]
fn every_binding_reaches_its_action_through_map_key() {
    let keymap = Keymap::default();
    assert!(keymap.bindings().len() > 80, "the whole table is walked");
    for b in keymap.bindings() {
        let s = state_for(b.context);
        let ev = b.key.event();
        if b.context == Context::Terminal {
            let want = match b.action {
                Action::Suspend => TerminalKey::Suspend,
                Action::Redraw => TerminalKey::Redraw,
                other => panic!("{other:?} in the terminal context"),
            };
            assert_eq!(terminal_key(&s.keymap, &ev), Some(want), "{b:?}");
            continue;
        }
        assert!(
            active(&s).0.contains(&b.context),
            "{:?} is not active in its test state",
            b.context
        );
        assert_eq!(
            map_key(&s, ev),
            Some(b.action),
            "{} in [keys.{}]",
            b.key.name(),
            b.context.name()
        );
    }
}

/// The keys a hint or help row names: `↑↓` is two keys, `1..3` three.
fn named_keys(keys: &str) -> Vec<Key> {
    let mut out = Vec::new();
    for part in keys.split(['/', ' ']).filter(|p| !p.is_empty()) {
        if let Some((first, last)) = part.split_once("..") {
            let first = Key::parse(first).unwrap_or_else(|| panic!("{part:?} in {keys:?}"));
            let KeyCode::Char(d0) = first.code else {
                panic!("{part:?}")
            };
            let d1 = last.chars().next().unwrap();
            for d in d0..=d1 {
                out.push(Key {
                    code: KeyCode::Char(d),
                    ..first
                });
            }
        } else if let Some(k) = Key::parse(part) {
            out.push(k);
        } else {
            // Up and down run together: `↑↓`.
            for c in part.chars() {
                out.push(
                    Key::parse(&c.to_string())
                        .unwrap_or_else(|| panic!("{part:?} in {keys:?} is no key name")),
                );
            }
        }
    }
    out
}

/// Every screen, focus and dialog the footer has hints for.
fn hinted_states() -> Vec<State> {
    let mut all = Vec::new();
    let mut push = |f: &dyn Fn(&mut State)| {
        let mut s = wizard();
        f(&mut s);
        all.push(s);
    };
    push(&|s| s.screen = Screen::Welcome);
    push(&|s| s.screen = Screen::ProfileSetup);
    push(&|s| {
        s.screen = Screen::ProfileSetup;
        s.profile_form.focus = 1;
    });
    push(&|s| s.screen = Screen::Credentials);
    push(&|s| s.screen = Screen::Secret(Box::new(created(false))));
    push(&|s| s.screen = Screen::Secret(Box::new(created(true))));
    push(&|s| {
        s.screen = Screen::Done {
            name: "n".into(),
            id: "T1".into(),
        }
    });
    push(&|s| s.setup.focus = SetupFocus::Version);
    push(&|_| {});
    push(&|s| {
        s.failed_loads.push(impact_token::api::worker::Load::Users);
    });
    for focus in [
        ContactFocus::Contacts,
        ContactFocus::EmailList,
        ContactFocus::EmailInput,
    ] {
        push(&move |s| {
            s.step = Step::Contact;
            s.contact.focus = focus;
        });
    }
    push(&|s| s.step = Step::Scopes);
    push(&|s| {
        s.step = Step::Scopes;
        s.search.editing = true;
    });
    push(&|s| s.step = Step::Create);
    push(&|s| {
        s.step = Step::Create;
        s.export_input = Some(text_field("file", ""));
    });
    for context in [
        Context::Tokens,
        Context::TokenSearch,
        Context::TokenDetails,
        Context::TokenMenu,
        Context::TokenName,
        Context::TokenAsk,
    ] {
        push(&move |s| api_page(s, context));
    }
    for modal in [
        Modal::Help,
        Modal::ConfirmQuit,
        Modal::ConfirmResume,
        Modal::ConfirmDiscardDraft,
        Modal::Presets(0),
        Modal::SavePreset,
    ] {
        push(&move |s| {
            s.step = Step::Scopes;
            s.modal = Some(modal.clone());
        });
    }
    all
}

/// Checks that each hint's keys do something in `s`.
fn check_hint_line(s: &State, line: &str, notes: &[&str]) -> usize {
    let mut checked = 0;
    for item in line.trim().split(" · ") {
        if notes.contains(&item) {
            continue;
        }
        let (keys, _) = item.split_once(' ').unwrap_or((item, ""));
        for k in named_keys(keys) {
            let action = map_key(s, k.event());
            assert!(
                action.is_some_and(|a| !matches!(a, Action::Edit(_))),
                "hint {item:?} names {} but it does nothing here (got {action:?}); line {line:?}",
                k.name()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_key_named_in_the_help_or_the_hints_is_bound() {
    let keymap = Keymap::default();
    // The help: each key of each row is in the table.
    let mut in_help = 0;
    for (keys, what) in help_rows(&keymap) {
        for k in named_keys(&keys) {
            assert!(
                keymap.bindings().iter().any(|b| b.key == k),
                "help row {keys:?} ({what}) names unbound {}",
                k.name()
            );
            in_help += 1;
        }
    }
    // The keys the old list left out are listed now.
    for (c, a) in [
        ('y', Action::Copy),
        ('g', Action::Home),
        ('G', Action::End),
        ('x', Action::Delete),
    ] {
        let rows = help_rows(&keymap);
        let row = rows
            .iter()
            .find(|(keys, _)| named_keys(keys).contains(&Key::parse(&c.to_string()).unwrap()));
        assert!(row.is_some(), "{c} ({a:?}) is bound but not in the help");
    }
    assert!(in_help > 40, "{in_help} keys in the help");
    // The footer of every screen, and the key lines inside screens and dialogs.
    let notes = [
        impact_token::text::hint::HELP_OPEN,
        impact_token::text::hint::TYPE_TO_FILTER,
        impact_token::text::hint::TYPE_TO_SEARCH,
        impact_token::text::hint::TYPE_TO_SEARCH_NAME,
        impact_token::text::hint::TYPE_THE_NAME,
    ];
    let mut in_hints = 0;
    for s in hinted_states() {
        in_hints += check_hint_line(&s, &hints::footer(&s), &notes);
        match (&s.screen, &s.modal) {
            (Screen::Secret(c), None) if c.save_input.is_none() => {
                in_hints += check_hint_line(&s, &hints::secret_keys(&s.keymap), &notes);
            }
            (Screen::Done { .. }, None) => {
                let line = hints::done_keys(&s.keymap);
                let keys = line.trim_end_matches(" quits.").replace(" or ", ", ");
                for k in keys.split(", ") {
                    in_hints += check_hint_line(&s, &format!("{k} quit"), &notes);
                }
            }
            (_, Some(Modal::Presets(_))) => {
                in_hints += check_hint_line(&s, &hints::presets_keys(&s.keymap), &notes);
            }
            (
                _,
                Some(m @ (Modal::ConfirmQuit | Modal::ConfirmResume | Modal::ConfirmDiscardDraft)),
            ) => {
                in_hints += check_hint_line(&s, &hints::yes_no(&s.keymap, m), &notes);
            }
            (_, Some(Modal::SavePreset)) => {
                in_hints += check_hint_line(&s, &hints::preset_name_keys(&s.keymap), &notes);
            }
            _ => {}
        }
    }
    assert!(in_hints > 80, "{in_hints} keys in the hints");
}

/// A HOME for one test, deleted on drop.
struct Dir(tempfile::TempDir);

impl Dir {
    fn new(name: &str) -> Dir {
        Dir(tempfile::Builder::new()
            .prefix(&format!("impact-token-keymap-{name}-"))
            .tempdir()
            .unwrap())
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `body` as `config/impact-token/config.toml` (0600).
    fn config(&self, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let dir = self.path().join("config/impact-token");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("config.toml");
        std::fs::write(&p, body).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    }
}

fn keymap_of(path: &Path) -> Result<Keymap, KeyError> {
    Keymap::with_settings(&config::load(path).unwrap().keys)
}

#[test]
fn a_rebound_key_works_end_to_end_and_the_hints_and_help_follow() {
    let d = Dir::new("rebind");
    let p = d.config(
        "default_profile = \"x\"\n\n[keys.panels]\n\
         clear_all = \"x\"   # x clears, as in other tools\n\
         delete = \"d Delete Backspace\"\n",
    );
    let mut s = wizard();
    s.keymap = keymap_of(&p).expect("valid [keys]");
    s.step = Step::Scopes;
    s.selection.toggle_scope(0);
    s.selection.toggle_scope(1);
    assert_eq!(s.selection.total(), 2);
    // The old key does nothing now; the new one clears.
    update(&mut s, Msg::Key(Key::parse("c").unwrap().event()));
    assert_eq!(s.selection.total(), 2, "c is no longer Clear All");
    update(&mut s, Msg::Key(Key::parse("x").unwrap().event()));
    assert_eq!(s.selection.total(), 0, "x clears all");
    let footer = hints::footer(&s);
    assert!(footer.contains("x clear"), "{footer}");
    assert!(!footer.contains("c clear"), "{footer}");
    // The help lists the rebound key and says rebinding is in force.
    update(&mut s, Msg::Key(Key::parse("?").unwrap().event()));
    assert_eq!(s.modal, Some(Modal::Help));
    let shown = wizard_state::screen_text(&s, 80);
    assert!(
        shown.contains(&format!(
            "x{} Clear All scopes",
            " ".repeat(help_width(&s.keymap) - 1)
        )),
        "{shown}"
    );
    assert!(shown.contains(impact_token::text::KEYS_REBOUND), "{shown}");
}

fn help_width(keymap: &Keymap) -> usize {
    help_rows(keymap)
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap()
}

#[test]
fn the_help_says_how_to_rebind_and_fits_80x24() {
    let mut s = wizard();
    s.step = Step::Scopes;
    s.modal = Some(Modal::Help);
    let shown = wizard_state::screen_text(&s, 80);
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[0].starts_with("╭ Keys"), "{shown}");
    assert!(
        lines.iter().any(|l| l.starts_with('╰')),
        "the bottom border is on screen:\n{shown}"
    );
    assert!(
        shown.contains(impact_token::text::KEYS_REBIND),
        "the help says how to rebind:\n{shown}"
    );
    for (keys, what) in hints::help_rows_for(&s) {
        assert!(
            shown.contains(&format!("{keys:<w$} {what}", w = help_width(&s.keymap))),
            "row {keys} is cut:\n{shown}"
        );
    }
    // The API page lists its own keys, and fits too.
    let mut p = wizard();
    api_page(&mut p, Context::Tokens);
    p.modal = Some(Modal::Help);
    let shown = wizard_state::screen_text(&p, 80);
    assert!(shown.contains(impact_token::text::KEYS_REBIND), "{shown}");
    let rows = hints::help_rows_for(&p);
    assert!(
        rows.iter().any(|(k, _)| k.starts_with("n / Enter / m")),
        "{rows:?}"
    );
    let w = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap();
    for (keys, what) in rows {
        assert!(
            shown.contains(&format!("{keys:<w$} {what}")),
            "row {keys} is cut:\n{shown}"
        );
    }
}

#[test]
fn bad_keys_lines_are_refused_with_their_line() {
    let d = Dir::new("errors");
    let cases = [
        (
            "[keys.panels]\nclear_all = \"x\"\nfrobnicate = \"z\"\n",
            3,
            "unknown action 'frobnicate' in [keys.panels]",
        ),
        (
            "# mine\n[keys.secret]\ncopy = \"Ctrl-Shift-Hyper-c\"\n",
            3,
            "unknown key name 'Ctrl-Shift-Hyper-c'",
        ),
        (
            "[keys.panels]\n\nclear_all = \"x\"\n",
            3,
            "x is bound to both 'clear_all' and 'delete' in [keys.panels]",
        ),
        (
            "[keys.panel]\nclear_all = \"x\"\n",
            2,
            "unknown key context 'panel'",
        ),
        (
            "[keys.secret]\nclear_all = \"x\"\n",
            2,
            "unknown action 'clear_all' in [keys.secret]",
        ),
        (
            "[keys.preset_name]\nyes = \"s\"\n",
            2,
            "'s' would type into the text field",
        ),
    ];
    for (body, line, message) in cases {
        let p = d.config(body);
        let e = keymap_of(&p).expect_err(body);
        assert_eq!(e.line, line, "{body}: {e:?}");
        assert!(e.message.contains(message), "{body}: {e:?}");
    }
    // Moving the other action away makes the same key fine.
    let p = d.config("[keys.panels]\nclear_all = \"x\"\ndelete = \"d\"\n");
    assert!(keymap_of(&p).is_ok());
}

#[test]
fn the_wizard_exits_2_on_a_bad_keys_line() {
    let d = Dir::new("cli");
    d.config("[keys.panels]\nclear_all = \"c\"\nexport = \"Ctrl-Nope\"\n");
    let mut c = Command::new(env!("CARGO_BIN_EXE_impact-token"));
    let o = run::home_in(c.arg("--sandbox"), d.path()).output().unwrap();
    assert_eq!(run::code(&o), 2, "{}", run::stderr(&o));
    let err = run::stderr(&o);
    assert!(
        err.contains("config.toml: line 3: unknown key name 'Ctrl-Nope'"),
        "{err}"
    );
}

#[test]
fn a_rebound_retry_key_is_the_one_the_error_names_and_it_retries() {
    use impact_token::api::error::ApiError;
    use impact_token::api::worker::{Job, WorkerEvent};
    use impact_token::tui::update::Effect;
    let d = Dir::new("retry");
    let p = d.config("[keys.wizard]\nretry = \"F5\"\n");
    let mut s = wizard();
    s.keymap = keymap_of(&p).expect("valid [keys]");
    update(
        &mut s,
        Msg::Worker(WorkerEvent::Contacts(Err(ApiError::Server {
            status: 503,
            message: "Service Unavailable".into(),
        }))),
    );
    assert!(s.can_retry());
    let status = s.status.clone().map(|(_, m)| m).unwrap_or_default();
    assert!(status.ends_with("· F5 retries"), "{status}");
    assert!(
        hints::footer(&s).starts_with(" F5 retry ·"),
        "{}",
        hints::footer(&s)
    );
    s.step = Step::Contact;
    let shown = wizard_state::screen_text(&s, 80);
    assert!(shown.contains("F5 tries again"), "{shown}");
    assert!(!shown.contains("Ctrl-R"), "{shown}");
    // Ctrl-R no longer retries; F5 does.
    let ctrl_r = update(&mut s, Msg::Key(Key::parse("Ctrl-R").unwrap().event()));
    assert!(
        !ctrl_r.iter().any(|e| matches!(e, Effect::Job(_))),
        "{ctrl_r:?}"
    );
    let f5 = update(&mut s, Msg::Key(Key::parse("F5").unwrap().event()));
    assert!(
        f5.iter()
            .any(|e| matches!(e, Effect::Job(Job::LoadContacts))),
        "{f5:?}"
    );
}

#[test]
fn keys_from_config_toml_drive_the_running_wizard() {
    use common::pty::{Key as PtyKey, Options, OrFail, TestDir};
    use std::os::unix::fs::PermissionsExt;
    let dir = TestDir::new();
    let cfg = dir.path().join("config/impact-token");
    std::fs::create_dir_all(&cfg).unwrap();
    let file = cfg.join("config.toml");
    std::fs::write(&file, "[keys.wizard]\nnext = \"Ctrl-F\"\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let pty = common::start(Options::new(&["--sandbox"]).dir(dir.path()));
    pty.wait_for("Ctrl-F next", common::T).or_fail();
    pty.send("e2e-keys");
    pty.wait_for("e2e-keys", common::T).or_fail();
    // The old key no longer moves on; the rebound one does.
    pty.send_key(PtyKey::Ctrl('n'));
    pty.send_key(PtyKey::F(1));
    let help = pty
        .wait_for(impact_token::text::KEYS_REBOUND, common::T)
        .or_fail();
    assert!(help.contains("Ctrl-F / Ctrl-P"), "{help}");
    pty.send_key(PtyKey::Esc);
    let after = pty
        .wait_gone(impact_token::text::KEYS_REBOUND, common::T)
        .or_fail();
    // Ctrl-N (sent before the help) left the Setup panel where it was.
    assert!(
        after.contains(impact_token::text::hint::NEXT_FIELD),
        "Ctrl-N moved on:\n{after}"
    );
    pty.send_key(PtyKey::Ctrl('f'));
    pty.wait_for(impact_token::text::hint::TYPE_TO_FILTER, common::T)
        .or_fail();
}

#[test]
fn prose_that_names_a_key_names_the_rebound_one() {
    let d = Dir::new("prose");
    let p = d.config(
        "[keys.panels]\nleft = \"Ctrl-B\"\nright = \"Ctrl-F\"\nundo = \"z\"\n\
         [keys.wizard]\nenter = \"Ctrl-J\"\ncancel = \"Ctrl-G\"\n",
    );
    let mut s = wizard();
    s.keymap = keymap_of(&p).expect("valid [keys]");
    // The version hint under Setup.
    s.step = Step::Setup;
    s.setup.focus = SetupFocus::Version;
    let shown = wizard_state::screen_text(&s, 80);
    assert!(shown.contains("Ctrl-B/Ctrl-F to change"), "{shown}");
    assert!(!shown.contains("←/→ to change"), "{shown}");
    // The Create button's hint.
    s.step = Step::Create;
    let shown = wizard_state::screen_text(&s, 80);
    assert!(shown.contains("Ctrl-J creates the token"), "{shown}");
    assert!(!shown.contains("Enter creates"), "{shown}");
    // A typed e-mail that was not added.
    s.step = Step::Contact;
    s.contact.email_input = text_field("", "dev@example.com");
    let problems: Vec<String> = s
        .step_errors(Step::Contact)
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    assert!(
        problems.iter().any(|m| m.starts_with("Ctrl-J to add")),
        "{problems:?}"
    );
}

/// At 80×24 every footer shows whole hints: none cut ("· ?", "· q"), each
/// one as the full footer has it, the help key always among them.
#[test]
fn no_footer_is_cut_at_80_columns() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    // The help overlay covers the footer.
    for mut s in hinted_states()
        .into_iter()
        .filter(|s| s.modal != Some(Modal::Help))
    {
        s.size = (80, 24);
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| impact_token::tui::view::render(f, &s)).unwrap();
        let buf = t.backend().buffer();
        let bottom: String = (0..80).map(|x| buf[(x, 23)].symbol().to_string()).collect();
        let full = hints::footer(&s);
        let whole: Vec<&str> = full.trim().split(" · ").collect();
        let shown = bottom.trim();
        for item in shown.split(" · ") {
            assert!(
                whole.contains(&item),
                "{item:?} is cut: {shown:?} (whole: {full:?})"
            );
        }
        let help = whole
            .iter()
            .find(|i| i.starts_with("? ") || i.starts_with("F1 "));
        if let Some(help) = help {
            assert!(shown.contains(help), "no help key in {shown:?}");
        }
    }
}
