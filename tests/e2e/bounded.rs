//! Bounded inputs and honest drafts, end to end with the real binary.
//!
//! Files the user points the tool at (spec, catalog, config, token, draft)
//! must be regular files under a size cap: `/dev/zero`, a FIFO or a huge
//! file are refused promptly with a clear message, and a draft is never
//! read in a way that can freeze the wizard. Drafts are locked to one
//! wizard, say when they cannot be saved, and the resume question's keys do
//! what they say.
//!
//! The command-line tests run each child under a deadline and a memory
//! limit, so a regression fails the test instead of hanging it or filling
//! the machine's memory.

use crate::common;
#[path = "../support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::pty::{Key, OrFail, Pty, TestDir};
use common::{BRAND_SID, T, draft_file, open_wizard, sandbox, start, status_line};
use crossterm::event::KeyCode;
use impact_token::model::account::AccountType;
use impact_token::store::draft::Draft;
use impact_token::tui::state::{Level, Modal};
use impact_token::tui::update::{Effect, Msg, update};

/// How long a command may take to refuse a file.
const DEADLINE: Duration = Duration::from_secs(10);
/// Address space a command may use: reading `/dev/zero` into memory hits
/// this in seconds instead of growing to gigabytes.
const MEMORY_LIMIT: u64 = 2 << 30;

const SPEC: &str = r#"account_type = "brand"
name = "bounded-spec"
description = "bounded"
primary_contact_user_id = "I-3000101"
developer_emails = ["dev@example.com"]
scopes = ["getCompanyInformation"]
"#;

// ----- helpers -----

/// A directory laid out like the pty runs' (HOME and XDG directories inside).
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_impact-token"));
    c.args(args)
        .env_clear()
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: only an async-signal-safe call between fork and exec.
    unsafe {
        c.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    c
}

/// Runs the command; kills it and fails when it is not done within [`DEADLINE`].
fn run_bounded(mut c: Command) -> Output {
    let child = c.spawn().expect("start impact-token");
    let pid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(out) => out.expect("wait for impact-token"),
        Err(_) => {
            // SAFETY: plain kill(2) of our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            let _ = rx.recv_timeout(DEADLINE);
            panic!("impact-token did not finish within {DEADLINE:?}: it hangs on the input");
        }
    }
}

fn mkfifo(path: &Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// Exit status and stderr, checked against what was expected.
fn expect_refusal(out: &Output, code: i32, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status {:?}; stderr: {stderr}",
        out.status
    );
    assert!(
        stderr.contains(needle),
        "stderr should say {needle:?}: {stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout");
}

fn create_yes(dir: &Path, spec: &Path) -> Output {
    run_bounded(command(
        dir,
        &[
            "create",
            "--spec",
            spec.to_str().unwrap(),
            "--yes",
            "--sandbox",
            "--show-secret",
        ],
    ))
}

// ----- command line -----

#[test]
fn spec_from_dev_zero_is_refused() {
    let dir = TestDir::new();
    let out = create_yes(dir.path(), Path::new("/dev/zero"));
    expect_refusal(
        &out,
        3,
        "/dev/zero: it is a character device, not a regular file",
    );
}

#[test]
fn spec_from_a_fifo_is_refused_promptly() {
    let dir = TestDir::new();
    let fifo = dir.path().join("spec.toml");
    mkfifo(&fifo);
    let out = create_yes(dir.path(), &fifo);
    expect_refusal(
        &out,
        3,
        &format!("{}: it is a FIFO, not a regular file", fifo.display()),
    );
}

#[test]
fn spec_over_one_mib_is_refused() {
    let dir = TestDir::new();
    let big = dir.path().join("big.toml");
    // A valid spec padded with a comment past the cap.
    let mut body = SPEC.to_string();
    body.push('#');
    body.push_str(&"x".repeat(1 << 20));
    body.push('\n');
    std::fs::write(&big, body).unwrap();
    let out = create_yes(dir.path(), &big);
    expect_refusal(
        &out,
        3,
        &format!("{}: it is larger than 1 MiB", big.display()),
    );
}

#[test]
fn catalog_from_dev_zero_is_refused() {
    let dir = TestDir::new();
    let out = run_bounded(command(
        dir.path(),
        &[
            "scopes",
            "--account-type",
            "brand",
            "--catalog",
            "/dev/zero",
        ],
    ));
    expect_refusal(
        &out,
        2,
        "cannot load catalog /dev/zero: it is a character device, not a regular file",
    );
}

#[test]
fn config_that_is_a_fifo_is_refused_promptly() {
    let dir = TestDir::new();
    let config = dir.path().join("config/impact-token/config.toml");
    mkfifo(&config);
    let out = run_bounded(command(dir.path(), &["profiles"]));
    expect_refusal(
        &out,
        2,
        &format!(
            "cannot read {}: it is a FIFO, not a regular file",
            config.display()
        ),
    );
}

#[test]
fn token_file_that_is_a_fifo_is_refused_promptly() {
    let dir = TestDir::new();
    let token = dir.path().join("token");
    mkfifo(&token);
    let config = dir.path().join("config/impact-token/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!(
            "[profiles.p]\naccount_type = \"brand\"\naccount_sid = \"{BRAND_SID}\"\n\
             api_url = \"http://127.0.0.1:9\"\nauth_token_file = \"{}\"\n",
            token.display()
        ),
    )
    .unwrap();
    let spec = dir.path().join("spec.toml");
    std::fs::write(&spec, SPEC).unwrap();
    let out = run_bounded(command(
        dir.path(),
        &[
            "create",
            "--spec",
            spec.to_str().unwrap(),
            "--yes",
            "--show-secret",
        ],
    ));
    expect_refusal(
        &out,
        4,
        &format!(
            "cannot use Auth Token file {}: it is a FIFO, not a regular file",
            token.display()
        ),
    );
}

// ----- drafts in the wizard -----

/// How often files on disk are looked at while waiting for them to change.
const POLL: Duration = Duration::from_millis(25);

/// The name in the draft file, once it is `want`. Files on disk give no
/// signal to block on, so this polls.
fn wait_draft_name(pty: &Pty, path: &Path, want: &str) {
    let deadline = std::time::Instant::now() + T;
    loop {
        let name = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Draft>(&b).ok())
            .map(|d| d.name);
        if name.as_deref() == Some(want) {
            return;
        }
        if std::time::Instant::now() >= deadline {
            panic!(
                "{}",
                pty.failure(
                    &format!("the draft should hold the name {want:?}; it holds {name:?}"),
                    &pty.screen()
                )
            );
        }
        std::thread::sleep(POLL);
    }
}

fn draft_name(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice::<Draft>(&bytes).ok().map(|d| d.name)
}

/// Types into the focused field and waits for it to show.
fn type_and_see(pty: &Pty, text: &str) {
    pty.send(text);
    pty.wait_for(text, T).or_fail();
}

/// Ctrl-C, the quit question (checked to say `question`), `y`, exit 0.
fn quit_answering(pty: &mut Pty, question: &str) {
    pty.send_key(Key::Ctrl('c'));
    pty.wait_for(question, T).or_fail();
    pty.send("y");
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
    pty.assert_restored();
}

const KEPT: &str = "Quit? What you entered is kept as a draft.";
const LOST: &str = "Quit? What you entered will be lost.";

#[test]
fn a_draft_that_is_a_fifo_does_not_freeze_the_wizard() {
    let dir = TestDir::new();
    let path = draft_file(dir.path());
    mkfifo(&path);
    let mut pty = Pty::start(sandbox().dir(dir.path()));
    pty.wait_for("could not be read", T).or_fail();
    let status = status_line(&pty.screen());
    assert!(
        status.contains("The saved draft could not be read (it is a FIFO"),
        "{}",
        pty.failure("the status line should say why", &pty.screen())
    );
    // Still responsive: typing shows.
    open_wizard(&pty);
    type_and_see(&pty, "after-fifo");
    quit_answering(&mut pty, KEPT);
}

#[test]
fn a_draft_over_one_mib_is_refused() {
    let dir = TestDir::new();
    let path = draft_file(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // A valid draft, padded with whitespace past the cap.
    let draft = Draft {
        format: impact_token::store::draft::FORMAT,
        account_type: "brand".into(),
        account_sid: BRAND_SID.into(),
        name: "huge-draft".into(),
        step: 1,
        ..Default::default()
    };
    let mut body = serde_json::to_vec(&draft).unwrap();
    body.resize(2 << 20, b' ');
    std::fs::write(&path, body).unwrap();
    let mut pty = Pty::start(sandbox().dir(dir.path()));
    pty.wait_for("could not be read", T).or_fail();
    let screen = pty.screen();
    assert!(
        status_line(&pty.screen()).contains("it is larger than 1 MiB")
            && !screen.contains("Resume the"),
        "{}",
        pty.failure("the draft should be refused for its size", &screen)
    );
    open_wizard(&pty);
    type_and_see(&pty, "after-huge");
    quit_answering(&mut pty, KEPT);
}

#[test]
fn two_wizards_for_one_account_do_not_share_a_draft() {
    let dir = TestDir::new();
    let path = draft_file(dir.path());
    let mut first = start(sandbox().dir(dir.path()));
    type_and_see(&first, "first-draft");
    wait_draft_name(&first, &path, "first-draft");

    let mut second = Pty::start(sandbox().dir(dir.path()));
    let told = format!("Draft in use by impact-token pid {}", first.pid());
    second.wait_for(&told, T).or_fail();
    assert!(
        !second.screen().contains("Resume the draft"),
        "{}",
        second.failure(
            "the second wizard must not offer the first one's draft",
            &second.screen()
        )
    );
    open_wizard(&second);
    type_and_see(&second, "second-draft");
    // The second one's input is not kept, and it says so.
    quit_answering(&mut second, LOST);
    // It exited, so anything it would have saved or deleted is done.
    assert_eq!(draft_name(&path).as_deref(), Some("first-draft"));

    // The first one still keeps its own draft.
    type_and_see(&first, "-more");
    wait_draft_name(&first, &path, "first-draft-more");
    quit_answering(&mut first, KEPT);
    assert_eq!(draft_name(&path).as_deref(), Some("first-draft-more"));
}

#[test]
fn a_create_in_the_second_wizard_keeps_the_first_ones_draft() {
    use common::wizard::{reach_create, require_sandbox, wait_secret};
    let dir = TestDir::new();
    let path = draft_file(dir.path());
    let first = start(sandbox().dir(dir.path()));
    type_and_see(&first, "first-keeps");
    wait_draft_name(&first, &path, "first-keeps");

    let second = start(sandbox().dir(dir.path()));
    require_sandbox(&second);
    second
        .wait_for(&format!("pid {}", first.pid()), T)
        .or_fail();
    reach_create(&second, "second-creates");
    second.send_key(Key::Enter);
    wait_secret(&second);
    // SIGTERM ends it after everything it queued for its drafts is done.
    second.kill(libc::SIGTERM);
    second.wait_exit(T).or_fail();
    assert_eq!(
        draft_name(&path).as_deref(),
        Some("first-keeps"),
        "a create deletes only its own draft"
    );
    drop(first);
}

#[test]
fn a_draft_that_cannot_be_saved_is_said_once_and_quit_says_lost() {
    let dir = TestDir::new();
    let data = dir.path().join("data").join("impact-token");
    std::fs::create_dir_all(&data).unwrap();
    // `drafts` is a file, so no draft can be written (chmod would not stop root).
    std::fs::write(data.join("drafts"), b"").unwrap();
    let mut pty = start(sandbox().dir(dir.path()));
    type_and_see(&pty, "unsaved");
    pty.wait_for("Draft not saved; quitting loses your input", T)
        .or_fail();
    quit_answering(&mut pty, LOST);
}

// ----- the resume question and the draft note, in `update` -----

fn with_question() -> impact_token::tui::state::State {
    let mut s = wizard_state::connected(AccountType::Brand);
    let d = Draft {
        format: impact_token::store::draft::FORMAT,
        name: "half-done".into(),
        ..Default::default()
    };
    update(&mut s, Msg::DraftFound(Box::new(d)));
    assert_eq!(s.modal, Some(Modal::ConfirmResume));
    s
}

fn deletes(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::DeleteDraft))
}

#[test]
fn esc_at_the_resume_question_decides_later() {
    let mut s = with_question();
    let fx = wizard_state::key(&mut s, KeyCode::Esc);
    assert!(!deletes(&fx), "Esc must not discard the draft");
    assert_eq!(s.modal, None);
    assert!(!s.quit);
    assert!(s.form_is_empty(), "nor resume it");
    assert!(s.status.as_ref().is_some_and(|(_, m)| m.contains("later")));
    assert!(!s.draft_kept(), "this session keeps no draft of its own");
}

#[test]
fn q_and_ctrl_c_at_the_resume_question_quit_and_keep_the_draft() {
    let mut s = with_question();
    let fx = wizard_state::key(&mut s, KeyCode::Char('q'));
    assert!(!deletes(&fx));
    assert!(s.quit, "q quits");

    let mut s = with_question();
    let fx = wizard_state::ctrl(&mut s, 'c');
    assert!(!deletes(&fx));
    assert!(s.quit, "Ctrl-C quits");
}

/// `n` is "not now" (issue 17): only `d`, then yes, discards.
#[test]
fn only_a_confirmed_d_at_the_resume_question_discards() {
    let mut s = with_question();
    let fx = wizard_state::key(&mut s, KeyCode::Char('n'));
    assert!(!deletes(&fx), "n must not discard the draft");
    assert!(!s.draft_kept(), "left for later: this session keeps none");

    let mut s = with_question();
    assert!(!deletes(&wizard_state::key(&mut s, KeyCode::Char('d'))));
    assert_eq!(s.modal, Some(Modal::ConfirmDiscardDraft));
    let fx = wizard_state::key(&mut s, KeyCode::Char('y'));
    assert!(deletes(&fx));
    assert!(s.draft_kept(), "the new input is kept from now on");

    // Ctrl-C at the second question quits and keeps the draft.
    let mut s = with_question();
    wizard_state::key(&mut s, KeyCode::Char('d'));
    let fx = wizard_state::ctrl(&mut s, 'c');
    assert!(!deletes(&fx));
    assert!(s.quit);
}

#[test]
fn a_failed_save_is_said_once() {
    let mut s = wizard_state::connected(AccountType::Brand);
    update(&mut s, Msg::DraftChecked(None));
    assert!(s.draft_kept());
    update(&mut s, Msg::DraftSaved(Err("disk full".into())));
    let said = s.status.clone().expect("a note");
    assert!(said.1.contains("Draft not saved") && said.1.contains("disk full"));
    assert!(!s.draft_kept());
    update(&mut s, Msg::Note(Level::Info, "something else".into()));
    update(&mut s, Msg::DraftSaved(Err("disk full".into())));
    assert_eq!(s.status.as_ref().unwrap().1, "something else", "said once");
    update(&mut s, Msg::DraftSaved(Ok(())));
    assert!(s.draft_kept());
}

/// "From a log file…" reads off the event loop: a FIFO nobody writes to
/// (whose open never returns) leaves the wizard answering keys.
#[test]
fn a_log_file_that_never_opens_leaves_the_wizard_answering() {
    use impact_token::model::preset::{Rule, builtin};
    let pty = start(sandbox());
    open_wizard(&pty);
    common::wizard::reach_scopes(&pty, "e2e-log-fifo");
    let fifo = pty.dir().join("never.log");
    mkfifo(&fifo);
    let row = builtin(AccountType::Brand)
        .iter()
        .position(|p| p.rule == Rule::FromLog)
        .expect("the preset list offers From a log file");
    pty.send("p");
    pty.wait_for("From a log file…", T).or_fail();
    for _ in 0..row {
        pty.send_key(Key::Down);
    }
    pty.send_key(Key::Enter);
    pty.wait_for(impact_token::text::FROM_LOG_TITLE, T)
        .or_fail();
    pty.send(fifo.to_str().unwrap());
    pty.send_key(Key::Enter);
    // The question closes and the tree answers keys while the open waits.
    pty.wait_until("the question closed", T, |s| {
        !common::pty::screen_text(s).contains(impact_token::text::FROM_LOG_TITLE)
    })
    .or_fail();
    pty.send("p");
    pty.wait_for("From a log file…", T).or_fail();
}
