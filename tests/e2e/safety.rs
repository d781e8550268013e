//! End-to-end safety checks of the real binary in a pseudo-terminal: drafts
//! that survive a killed process, text from the server that cannot drive the
//! terminal, secrets kept out of the log and written only to new private
//! files, retries that end in one token, pasted and wide text that cannot
//! break the layout, and the masked credentials prompt.
//!
//! Each test drives the wizard key by key and reads only the screen, the
//! files the program writes and the bytes it sends to the terminal.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::{
    Key, Options, OrFail, Pty, REPLACEMENT_SHOWN, TestDir, escape, find, screen_lines, screen_text,
};
use common::sandbox::SandboxServer;
use common::wizard::{
    CREATE, DESCRIPTION, check_first_scopes, fill_setup, name_prefix, pick_contact, reach_create,
    require_sandbox, review_names, scope_row, wait_secret, wait_selected,
};
use common::{BRAND_SID, T, check, draft_file, sandbox, start, status_line};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;

/// The sandbox's brand Auth Token: fake, but the log must not hold it.
const BRAND_TOKEN: &str = "demo-brand-auth-token-not-secret";
/// The developer e-mail the draft tests add.
const EMAIL: &str = "dev.kill9@example.com";
/// How often files on disk are looked at while waiting for them to change.
const POLL: Duration = Duration::from_millis(25);

/// Polls `probe` until it returns a value, for at most `timeout`. For
/// conditions on disk, which give no signal to block on.
fn wait_on_disk<V>(
    what: &str,
    timeout: Duration,
    mut probe: impl FnMut() -> Result<V, String>,
) -> Result<V, String> {
    let deadline = Instant::now() + timeout;
    loop {
        match probe() {
            Ok(v) => return Ok(v),
            Err(last) if Instant::now() >= deadline => {
                return Err(format!(
                    "timed out after {timeout:?} waiting for {what}; last: {last}"
                ));
            }
            Err(_) => std::thread::sleep(POLL),
        }
    }
}

// ----- drafts -----

/// What the draft tests typed and picked.
struct DraftInput {
    name: String,
    contact: String,
    /// The checked scopes: (method, name as shown).
    scopes: Vec<(String, String)>,
    /// Their Ids, as the draft on disk holds them.
    ids: Vec<String>,
}

/// Fills a draft (name, description, contact, one e-mail, a category with
/// two scopes checked), then waits until the draft file holds all of it.
fn fill_a_draft(pty: &Pty, dir: &Path, name: &str) -> DraftInput {
    require_sandbox(pty);
    fill_setup(pty, name);
    let contact = pick_contact(pty);
    pty.send(EMAIL);
    pty.wait_for(EMAIL, T).or_fail();
    pty.send_key(Key::Enter);
    pty.wait_for("1/10", T).or_fail();
    // The e-mail field is empty again: Enter is Next.
    pty.send_key(Key::Enter);
    pty.wait_for("╭ 3 API Scopes", T).or_fail();
    let (category, scopes) = check_first_scopes(pty, 2);
    wait_selected(pty, 2);

    // The ids of what was checked, from the catalog the sandbox serves.
    let catalog = Catalog::bundled(AccountType::Brand);
    let expected_ids: Vec<String> = scopes
        .iter()
        .map(|(method, shown)| {
            let prefix = name_prefix(shown);
            let found: Vec<&str> = catalog
                .scopes()
                .filter(|s| {
                    catalog.categories[s.category].name == category
                        && s.method == *method
                        && s.name.starts_with(&prefix)
                })
                .map(|s| s.id)
                .collect();
            assert_eq!(
                found.len(),
                1,
                "scope {method} {shown:?} in {category:?}: not exactly one in the catalog: {found:?}"
            );
            found[0].to_string()
        })
        .collect();

    let path = draft_file(dir);
    let draft = wait_on_disk("the draft file with both scopes", T, || {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let v: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("not JSON yet: {e}"))?;
        let ids: Vec<&str> = v["scopes"]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s.as_str()).collect())
            .unwrap_or_default();
        if expected_ids.iter().all(|id| ids.contains(&id.as_str())) && ids.len() == 2 {
            Ok(v)
        } else {
            Err(format!("scopes {ids:?}, want {expected_ids:?}"))
        }
    })
    .map_err(|e| pty.failure(&e, &pty.screen()))
    .or_fail();
    assert_eq!(draft["name"], name, "draft: {draft:#}");
    assert_eq!(draft["description"], DESCRIPTION, "draft: {draft:#}");
    assert_eq!(draft["developer_emails"][0], EMAIL, "draft: {draft:#}");
    assert!(
        draft["primary_contact_user_id"].is_string(),
        "no contact in the draft: {draft:#}"
    );
    DraftInput {
        name: name.to_string(),
        contact,
        scopes,
        ids: expected_ids,
    }
}

/// Kills the program with SIGKILL (no chance to clean up) and reaps it.
fn kill_9(pty: &Pty) {
    pty.kill(libc::SIGKILL);
    let status = pty.wait_exit(T).or_fail();
    assert!(!status.success(), "SIGKILL should not exit 0: {status}");
}

/// Starts a second run in `dir` and waits for the resume question.
fn restart_to_resume_question(dir: &Path, input: &DraftInput) -> Pty {
    let pty = Pty::start(sandbox().dir(dir));
    let screen = pty.wait_for("Resume the draft saved", T).or_fail();
    check(
        &pty,
        screen.contains(&format!("'{}', 2 scopes", input.name)),
        "the question should sum the draft up (name, number of scopes)",
    );
    pty
}

/// The rows of the dialog box titled `title`, from its top border to the
/// first bottom border under it.
fn dialog(screen: &str, title: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let Some(top) = lines
        .iter()
        .position(|l| l.contains(&format!("╭ {title} ")))
    else {
        return Vec::new();
    };
    let bottom = lines[top..]
        .iter()
        .position(|l| l.contains('╰'))
        .map_or(lines.len(), |b| top + b + 1);
    lines[top..bottom].iter().map(|l| l.to_string()).collect()
}

#[test]
fn draft_survives_kill_9() {
    let dir = TestDir::new();
    let first = start(sandbox().dir(dir.path()));
    let input = fill_a_draft(&first, dir.path(), "e2e-kill-nine");
    kill_9(&first);

    let pty = restart_to_resume_question(dir.path(), &input);
    let question = dialog(&pty.screen(), "Unfinished token");
    pty.send("y");
    pty.wait_for("Draft resumed.", T).or_fail();
    // Back on the panel that was open, both scopes checked.
    let screen = wait_selected(&pty, 2);
    check(
        &pty,
        screen.contains("╭ 3 API Scopes"),
        "the Scopes panel should reopen",
    );
    for (method, name) in &input.scopes {
        let prefix = name_prefix(name);
        let row = screen
            .lines()
            .find_map(|l| scope_row(l).filter(|(_, m, n)| m == method && n.starts_with(&prefix)));
        check(
            &pty,
            matches!(row, Some((true, _, _))),
            &format!(
                "scope {method} {prefix:?} ({:?}) should be checked",
                input.ids
            ),
        );
    }

    pty.send_key(Key::Ctrl('p'));
    pty.wait_until("the Contact panel with the contact and e-mail", T, |s| {
        let text = screen_text(s);
        text.contains("╭ 2 Contact Information")
            && text.contains(&format!("(•) {}", input.contact))
            && text.contains(EMAIL)
    })
    .or_fail();

    pty.send_key(Key::Ctrl('p'));
    let setup = pty
        .wait_until("the Setup panel with name and description", T, |s| {
            let text = screen_text(s);
            text.contains("╭ 1 Setup") && text.contains(&input.name) && text.contains(DESCRIPTION)
        })
        .or_fail();
    let contact_summary = setup
        .lines()
        .find(|l| l.contains("2 Contact Information"))
        .unwrap_or_default();
    assert!(
        contact_summary.contains(&input.contact) && contact_summary.contains("1 developer e-mail"),
        "the collapsed Contact line should sum up the contact and e-mail: {contact_summary:?}\n{setup}"
    );

    // Last, as it is about the dialog's drawing, not the draft: the
    // question must show its answers inside the box, however it wraps.
    assert!(
        question
            .iter()
            .any(|l| l.contains("y resume · n/Esc not now (kept) · d discard… · q quit")),
        "the resume dialog does not show every answer:\n{}",
        question.join("\n")
    );
}

#[test]
fn discarding_a_draft_deletes_it() {
    let dir = TestDir::new();
    let first = start(sandbox().dir(dir.path()));
    let input = fill_a_draft(&first, dir.path(), "e2e-discard-me");
    kill_9(&first);

    let mut pty = restart_to_resume_question(dir.path(), &input);
    // `d` asks once more; only its yes discards.
    pty.send("d");
    pty.wait_for("for good?", T).or_fail();
    pty.send("y");
    pty.wait_for("Draft discarded.", T).or_fail();
    let screen = common::open_wizard(&pty);
    check(
        &pty,
        screen.contains("╭ 1 Setup") && screen.contains("0/64"),
        "an empty Setup panel should be open",
    );
    for typed in [input.name.as_str(), DESCRIPTION, EMAIL] {
        check(
            &pty,
            !screen.contains(typed),
            &format!("{typed:?} should be gone from the form"),
        );
    }
    let path = draft_file(dir.path());
    wait_on_disk("the draft file deleted", T, || {
        if path.exists() {
            Err(format!("{} still exists", path.display()))
        } else {
            Ok(())
        }
    })
    .map_err(|e| pty.failure(&e, &pty.screen()))
    .or_fail();
    // An empty form quits at once, and nothing wrote the draft back.
    pty.send_key(Key::Ctrl('c'));
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
    pty.assert_restored();
    assert!(!path.exists(), "the discarded draft was written again");
}

#[test]
fn corrupt_draft_gives_a_message_and_a_fresh_start() {
    let dir = TestDir::new();
    let path = draft_file(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let garbage = b"{\"format\": 1, \"name\": \x00\xff not json";
    std::fs::write(&path, garbage).unwrap();

    let mut pty = Pty::start(sandbox().dir(dir.path()));
    pty.wait_for("could not be read", T).or_fail();
    let screen = common::open_wizard(&pty);
    check(
        &pty,
        status_line(&pty.screen()).contains("The saved draft could not be read"),
        "the message should be on the status line",
    );
    check(
        &pty,
        !screen.contains("Resume the draft") && screen.contains("╭ 1 Setup"),
        "no resume question, the Setup panel open",
    );
    check(
        &pty,
        screen.contains("0/64") && screen.contains("e.g. reporting-export-prod"),
        "the form should be empty (name placeholder shown, 0/64)",
    );
    // An empty form quits at once.
    pty.send_key(Key::Ctrl('c'));
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
    pty.assert_restored();

    let kept = path.with_extension("json.corrupt");
    assert_eq!(
        std::fs::read(&kept).ok().as_deref(),
        Some(&garbage[..]),
        "the corrupt draft should be kept as {}",
        kept.display()
    );
    assert!(
        !path.exists(),
        "the corrupt draft should have been moved aside, not left in place"
    );
}

// ----- inert text -----

#[test]
fn hostile_user_name_is_inert() {
    let hostile = "\x1b[2J\x1b]52;c;aGk=\x07Eve Evil";
    let pty = start(sandbox().env("IMPACT_SANDBOX_EXTRA_USER", hostile));
    require_sandbox(&pty);
    let mark = pty.bytes_len();
    fill_setup(&pty, "e2e-hostile");
    pty.wait_until("the list of users loaded", T, |s| {
        let text = screen_text(s);
        !text.contains("loading…") && text.contains("› ( ) ")
    })
    .or_fail();
    pty.send("Eve");
    let screen = pty
        .wait_until("the filtered list showing Eve Evil", T, |s| {
            screen_text(s).contains("Eve Evil")
        })
        .or_fail();

    let row = screen
        .lines()
        .find(|l| l.contains("Eve Evil"))
        .unwrap_or_default()
        .to_string();
    // Each control character is drawn as U+FFFD, which the harness shows
    // as REPLACEMENT_SHOWN; the rest of the sequences is plain text.
    let inert = "\u{FFFD}[2J\u{FFFD}]52;c;aGk=\u{FFFD}Eve Evil"
        .replace('\u{FFFD}', &REPLACEMENT_SHOWN.to_string());
    check(
        &pty,
        row.contains(&inert),
        &format!("the row should show the name as {inert:?}, got {row:?}"),
    );
    let lines = pty.lines();
    check(
        &pty,
        lines[0].contains(" impact-token ") && lines[0].contains("Demo Brand"),
        "the header should still be on screen",
    );
    check(
        &pty,
        lines[1].contains("User profile") && lines[1].contains("Create Access Token"),
        "the breadcrumb should still be on screen",
    );
    check(
        &pty,
        screen.contains("1 Setup") && screen.contains("e2e-hostile"),
        "the collapsed Setup line should still be on screen",
    );

    let after = pty.bytes_since(mark);
    for (seq, what) in [
        (&b"\x1b]52;"[..], "an OSC 52 clipboard write"),
        (&b"\x1b[2J"[..], "a clear-screen"),
    ] {
        if let Some(at) = find(&after, seq) {
            panic!(
                "the program wrote {what} after its first frame, at byte {}:\n{}",
                mark + at,
                escape(&after[at.saturating_sub(80)..(at + 80).min(after.len())])
            );
        }
    }
    assert!(
        find(&pty.raw(), b"\x1b]52;").is_none(),
        "no clipboard write may ever reach the terminal here"
    );
}

// ----- secrets -----

#[test]
fn no_secret_in_trace_log() {
    let mut pty = start(sandbox().env("RUST_LOG", "trace"));
    reach_create(&pty, "e2e-log-check");
    pty.send_key(Key::Enter);
    let secret = wait_secret(&pty);
    pty.send_key(Key::Enter);
    pty.wait_for("Saved the Auth Token?", T).or_fail();
    pty.send("y");
    pty.wait_for("wiped", T).or_fail();
    pty.send("q"); // closes the done screen's words over the list
    pty.wait_gone("wiped", T).or_fail();
    pty.send("q");
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
    pty.assert_restored();

    let log_path = pty.dir().join("impact-token.log");
    let log = std::fs::read_to_string(&log_path)
        .unwrap_or_else(|e| panic!("read {}: {e}", log_path.display()));
    assert!(!log.trim().is_empty(), "the log is empty");
    assert!(
        log.contains(" DEBUG ") || log.contains(" TRACE "),
        "RUST_LOG=trace should log more than info:\n{log}"
    );
    use base64::Engine;
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{BRAND_SID}:{BRAND_TOKEN}"));
    let new_basic = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", secret.account_sid, secret.auth_token));
    for (needle, what) in [
        (secret.auth_token.as_str(), "the new Auth Token"),
        (BRAND_TOKEN, "the sandbox brand Auth Token"),
        (basic.as_str(), "the brand Basic credentials (base64)"),
        (new_basic.as_str(), "the new Basic credentials (base64)"),
    ] {
        if let Some(line) = log.lines().find(|l| l.contains(needle)) {
            panic!("the log holds {what}:\n{line}");
        }
    }
    if let Some(line) = log
        .lines()
        .find(|l| l.to_ascii_lowercase().contains("authorization"))
    {
        panic!("the log holds an Authorization header:\n{line}");
    }
}

#[test]
fn secret_saved_to_a_private_file_without_overwriting() {
    let name = "e2e-save-file";
    let pty = start(sandbox());
    reach_create(&pty, name);
    pty.send_key(Key::Enter);
    let secret = wait_secret(&pty);
    let target = pty.dir().join("saved-credentials.env");
    let target_text = target.to_str().expect("a UTF-8 temp path").to_string();
    assert!(target.is_absolute(), "{target_text} should be absolute");

    let save = |pty: &Pty| {
        pty.send("s");
        let screen = pty
            .wait_for("Save the credentials to a new file", T)
            .or_fail();
        // The field suggests a name; clear it, whatever it holds.
        let suggested = screen
            .lines()
            .find(|l| l.contains("impact-token-"))
            .map(|l| {
                l.trim_matches(|c: char| c == '│' || c.is_whitespace())
                    .to_string()
            })
            .unwrap_or_default();
        check(
            pty,
            suggested.ends_with(".env"),
            &format!("a suggested file name should be shown, got {suggested:?}"),
        );
        pty.send_bytes(&Key::Backspace.bytes().repeat(suggested.chars().count() + 2));
        pty.wait_for("file to create (0600)", T).or_fail();
        pty.send(&target_text);
        pty.wait_for(&target_text, T).or_fail();
        pty.send_key(Key::Enter);
    };

    save(&pty);
    let screen = pty.wait_for("Saved to", T).or_fail();
    check(
        &pty,
        screen.contains(&secret.auth_token),
        "the secret should still be shown after saving",
    );
    let mode = std::fs::metadata(&target)
        .unwrap_or_else(|e| panic!("{target_text}: {e}"))
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "{target_text} has mode {mode:o}");
    let body = std::fs::read_to_string(&target).unwrap();
    assert!(
        body.lines()
            .any(|l| l == format!("IMPACT_AUTH_TOKEN={}", secret.auth_token)),
        "the file should hold IMPACT_AUTH_TOKEN=<the secret shown>:\n{body}"
    );
    assert!(
        body.lines()
            .any(|l| l == format!("IMPACT_ACCOUNT_SID={}", secret.account_sid)),
        "the file should hold IMPACT_ACCOUNT_SID=<the SID shown>:\n{body}"
    );

    // The same path again: refused, the file untouched.
    save(&pty);
    let screen = pty.wait_for("already exists", T).or_fail();
    check(
        &pty,
        screen.contains("Not saved") && screen.contains("never overwritten"),
        "the refusal should say nothing was overwritten",
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        body,
        "the existing file was changed"
    );
}

// ----- creating under faults -----

/// A line with the rate-limit countdown: "retry in <n>s".
fn countdown(screen: &str) -> Option<String> {
    screen
        .lines()
        .find(|l| {
            l.split("retry in ").nth(1).is_some_and(|rest| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                !digits.is_empty() && rest[digits.len()..].starts_with('s')
            })
        })
        .map(str::to_string)
}

/// Waits for the countdown on the Create panel; returns its line.
fn wait_countdown(pty: &Pty) -> String {
    let screen = pty
        .wait_until("the rate-limit countdown", CREATE, |s| {
            let text = screen_text(s);
            text.contains("╭ 4 Create") && countdown(&text).is_some()
        })
        .or_fail();
    countdown(&screen).unwrap_or_default()
}

#[test]
fn rate_limit_countdown_then_success() {
    // The sandbox's 2 s reset waited as 0.5 s: long enough to see the countdown.
    let pty = start(
        sandbox()
            .env("IMPACT_SANDBOX_FAULTS", "create=429")
            .env(common::pty::FAST_RETRIES.0, "0.25"),
    );
    reach_create(&pty, "e2e-rate-limited");
    pty.send_key(Key::Enter);
    let line = wait_countdown(&pty);
    check(
        &pty,
        line.contains("Rate limited"),
        &format!("the countdown should say why it waits: {line:?}"),
    );
    wait_secret(&pty);
    // Last, as it is about drawing, not retrying: the wait's line must not
    // be cut before it says how to cancel.
    assert!(
        line.contains("(Esc cancels)"),
        "the countdown line is cut at 80 columns, its Esc hint lost: {line:?}"
    );
}

#[test]
fn rate_limit_wait_can_be_cancelled() {
    let name = "e2e-rate-cancel";
    let pty = start(sandbox().env("IMPACT_SANDBOX_FAULTS", "create=429*5"));
    let filled = reach_create(&pty, name);
    pty.send_key(Key::Enter);
    wait_countdown(&pty);
    pty.send_key(Key::Esc);
    let screen = pty
        .wait_until("Cancelled on the status line", T, |s| {
            let lines = screen_lines(s);
            lines[lines.len() - 2].contains("Cancelled")
        })
        .or_fail();
    check(
        &pty,
        screen.contains("╭ 4 Create") && review_names(&screen, name),
        "the Create panel should still review the token",
    );
    check(
        &pty,
        screen.contains(&filled.contact) && screen.contains(DESCRIPTION),
        "the review should still list the contact and description",
    );
    check(
        &pty,
        countdown(&screen).is_none() && !screen.contains("Token created"),
        "the wait should be over, with no token",
    );
}

#[test]
fn lost_answer_is_retried_into_one_token() {
    let pty = start(
        sandbox()
            .env("IMPACT_SANDBOX_FAULTS", "create=drop")
            .fast_retries(),
    );
    reach_create(&pty, "e2e-dropped-answer");
    pty.send_key(Key::Enter);
    let secret = wait_secret(&pty);
    assert!(
        secret.screen.contains("e2e-dropped-answer"),
        "the secret screen should name the token:\n{}",
        secret.screen
    );
}

#[test]
fn server_errors_retry_then_offer_manual_retry() {
    let name = "e2e-server-errors";
    let pty = start(
        sandbox()
            .env("IMPACT_SANDBOX_FAULTS", "create=503*3")
            .fast_retries(),
    );
    reach_create(&pty, name);
    pty.send_key(Key::Enter);
    let screen = pty
        .wait_until(
            "the 503 on the status line, Create offered again",
            CREATE,
            |s| {
                let lines = screen_lines(s);
                lines[lines.len() - 2].contains("503") && screen_text(s).contains("Enter creates")
            },
        )
        .or_fail();
    check(
        &pty,
        screen.contains("╭ 4 Create") && review_names(&screen, name),
        "the Create panel should still review the token",
    );
    check(
        &pty,
        !screen.contains("Token created"),
        "three 503s must not end in a token",
    );
    pty.send_key(Key::Enter);
    wait_secret(&pty);
}

#[test]
fn name_taken_goes_to_the_name_field() {
    let name = "e2e-name-taken";
    let pty = start(sandbox().env("IMPACT_SANDBOX_FAULTS", "create=409"));
    reach_create(&pty, name);
    pty.send_key(Key::Enter);
    let screen = pty
        .wait_until(
            "the Setup panel with the 409 under Token Name",
            CREATE,
            |s| {
                let text = screen_text(s);
                text.contains("╭ 1 Setup") && text.contains("already exists")
            },
        )
        .or_fail();
    let lines: Vec<&str> = screen.lines().collect();
    let label = lines
        .iter()
        .position(|l| l.contains("› Token Name"))
        .unwrap_or_else(|| panic!("Token Name should have the focus:\n{screen}"));
    check(
        &pty,
        lines[label + 1].contains(name),
        "the name should be in its field, kept as typed",
    );
    check(
        &pty,
        lines[label + 2].contains("already exists"),
        "the message should be right under the Token Name field",
    );
    check(
        &pty,
        status_line(&pty.screen()).contains("409"),
        "the status line should give the 409",
    );
}

// ----- typed and pasted text -----

#[test]
fn bracketed_paste_is_folded() {
    let pty = start(sandbox());
    pty.wait_for("› Token Name", T).or_fail();
    pty.send_bytes(b"\x1b[200~line one\nline two\x1b[201~");
    let screen = pty.wait_for("line one line two", T).or_fail();
    check(
        &pty,
        screen.contains("17/64"),
        "the pasted name is one line of 17 characters",
    );
    check(
        &pty,
        status_line(&pty.screen()).contains("folded to one line"),
        "the status line should say the paste was folded",
    );
    check(
        &pty,
        screen.contains("› Token Name"),
        "the newline in the paste must not move the focus",
    );

    pty.send_bytes(&Key::Backspace.bytes().repeat(17));
    pty.wait_for("0/64", T).or_fail();
    // 1 MiB in lines of 100 characters: the field takes what fits its limit.
    let line = format!("{}\n", "x".repeat(99));
    let mut big = b"\x1b[200~".to_vec();
    while big.len() < (1 << 20) {
        big.extend_from_slice(line.as_bytes());
    }
    big.extend_from_slice(b"\x1b[201~");
    let started = Instant::now();
    pty.send_bytes_within(big, Duration::from_secs(20))
        .or_fail();
    pty.wait_for("64/64", Duration::from_secs(20)).or_fail();
    pty.send_key(Key::Tab);
    pty.wait_for("› Description", T).or_fail();
    eprintln!("1 MiB paste answered in {:?}", started.elapsed());
    check(
        &pty,
        status_line(&pty.screen()).contains("folded to one line"),
        "the status line should say the big paste was folded",
    );
}

#[test]
fn wide_characters_keep_the_layout() {
    let name = "報告-📊-export";
    let pty = start(sandbox());
    pty.wait_for("› Token Name", T).or_fail();
    pty.send(name);
    pty.wait_for(name, T).or_fail();
    assert_right_border(&pty, "after typing");
    pty.send_key(Key::Tab);
    pty.wait_for("› Description", T).or_fail();
    assert_right_border(&pty, "after moving to Description");
    check(
        &pty,
        pty.screen().contains(name),
        "the name should still show whole",
    );
}

/// Every row of the open Setup panel ends with its border in column 80.
fn assert_right_border(pty: &Pty, when: &str) {
    let (cols, _) = pty.size();
    let last = cols - 1;
    let problems = pty.with_screen(|s| {
        let lines = screen_lines(s);
        let top = lines.iter().position(|l| l.starts_with("╭ 1 Setup"));
        let bottom = top.and_then(|t| {
            lines[t..]
                .iter()
                .position(|l| l.starts_with('╰'))
                .map(|b| t + b)
        });
        let (Some(top), Some(bottom)) = (top, bottom) else {
            return vec!["no Setup panel on screen".to_string()];
        };
        (top..=bottom)
            .filter_map(|r| {
                let want = match r {
                    r if r == top => "╮",
                    r if r == bottom => "╯",
                    _ => "│",
                };
                let got = s
                    .cell(r as u16, last)
                    .map(|c| c.contents().to_string())
                    .unwrap_or_default();
                (got != want).then(|| {
                    format!(
                        "row {r}: column {cols} holds {got:?}, not {want:?}: {:?}",
                        lines[r]
                    )
                })
            })
            .collect::<Vec<_>>()
    });
    if !problems.is_empty() {
        panic!(
            "{}",
            pty.failure(
                &format!(
                    "the right border moved {when}:\n  {}",
                    problems.join("\n  ")
                ),
                &pty.screen()
            )
        );
    }
}

// ----- credentials prompt -----

/// Types credentials into the prompt (SID field focused, both empty) and
/// submits them; checks the token never shows in clear.
fn enter_credentials(pty: &Pty, sid: Option<&str>, token: &str) {
    if let Some(sid) = sid {
        pty.send(sid);
        pty.wait_for(sid, T).or_fail();
    }
    pty.send_key(Key::Tab);
    pty.send(token);
    let masked = "•".repeat(token.chars().count());
    let screen = pty.wait_for(&masked, T).or_fail();
    check(
        pty,
        !screen.contains(token),
        "the Auth Token must not be visible while typed",
    );
    pty.send_key(Key::Enter);
}

#[test]
fn credentials_prompt_with_api_url() {
    let server = SandboxServer::start();
    let pty = Pty::start(Options::new(&[
        "--api-url",
        &server.url,
        "--account-type",
        "brand",
    ]));
    let screen = pty
        .wait_for("Credentials of the user creating the token", T)
        .or_fail();
    check(
        &pty,
        screen.contains("Account SID") && screen.contains("Auth Token"),
        "the prompt should ask for the SID and the token",
    );

    // A wrong token: 401, and the prompt again.
    let wrong = "wrong-token-for-this-test";
    enter_credentials(&pty, Some(&server.brand_sid), wrong);
    let screen = pty
        .wait_until("the 401 and the prompt again", T, |s| {
            let text = screen_text(s);
            text.contains("Credentials rejected (401)")
                && text.contains("Credentials of the user creating the token")
        })
        .or_fail();
    check(
        &pty,
        !screen.contains(wrong),
        "the wrong token must not show",
    );
    check(
        &pty,
        !raw_contains(&pty, server.brand_token.as_bytes()) && !raw_contains(&pty, wrong.as_bytes()),
        "no token may ever be written to the terminal",
    );

    // The SID is kept; the token field starts empty.
    check(
        &pty,
        screen.contains(&server.brand_sid),
        "the SID should be kept after a 401",
    );
    enter_credentials(&pty, None, &server.brand_token);
    common::open_wizard(&pty);
    let screen = pty
        .wait_until("the wizard connected to the company", T, |s| {
            let text = screen_text(s);
            text.contains("Demo Brand Inc.") && text.contains("╭ 1 Setup")
        })
        .or_fail();
    check(
        &pty,
        !screen.contains("SANDBOX"),
        "--api-url is not the in-process sandbox: no badge",
    );
    check(
        &pty,
        !raw_contains(&pty, server.brand_token.as_bytes()),
        "the token must never be written to the terminal",
    );
}

/// Whether the program ever wrote `needle` to the terminal.
fn raw_contains(pty: &Pty, needle: &[u8]) -> bool {
    find(&pty.raw(), needle).is_some()
}

#[test]
fn profile_without_a_token_asks_for_it_with_its_sid_filled_in() {
    let server = SandboxServer::start();
    let dir = common::pty::TestDir::new();
    let config = dir.path().join("config/impact-token");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!(
            "[profiles.demo]\naccount_type = \"brand\"\naccount_sid = \"{}\"\napi_url = \"{}\"\nauth_token_env = \"DEMO_TOKEN_UNSET\"\n",
            server.brand_sid, server.url
        ),
    )
    .unwrap();
    let pty = Pty::start(Options::new(&["--profile", "demo"]).dir(dir.path()));
    let screen = pty
        .wait_for("Credentials of the user creating the token", T)
        .or_fail();
    check(
        &pty,
        screen.contains(&server.brand_sid),
        "the profile's SID is filled in",
    );
    pty.send(&server.brand_token);
    pty.send_key(Key::Enter);
    common::open_wizard(&pty);
    pty.wait_until("connected with the profile", T, |s| {
        let text = screen_text(s);
        text.contains("1 Setup") && text.contains("Demo Brand")
    })
    .or_fail();
    check(
        &pty,
        !raw_contains(&pty, server.brand_token.as_bytes()),
        "the typed token never reaches the terminal",
    );
}
