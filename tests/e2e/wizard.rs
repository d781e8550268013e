//! End-to-end: the real binary with `--sandbox` in a pseudo-terminal, driven
//! key by key through the wizard, reading only what is on the screen.
//!
//! Most of these need the sandbox to answer (company, ACTIVE users, token
//! creation). Nothing here knows the sandbox's seed data: names, contacts and
//! scopes are read off the screen, so the tests follow whatever it serves.

use crate::common;

use std::time::Duration;

use common::pty::{Key, OrFail, screen_text};
use common::wizard::{
    check_scope, cursor, fill_setup, move_cursor, name_prefix, reach_scopes, scope_row, selected,
    wait_cursor, wait_selected,
};
use common::{T, sandbox, start};

/// Deadline for creating the token (the request may be retried).
const CREATE: Duration = Duration::from_secs(20);

/// Whether a method writes.
fn is_write(method: &str) -> bool {
    matches!(method, "PUT" | "POST" | "PATCH" | "DELETE")
}

/// The Auth Token row's value on the secret screen.
fn secret_on(screen: &str) -> Option<String> {
    screen.lines().find_map(|l| {
        let inner = l.trim_start_matches('│').trim_start();
        let value = inner.strip_prefix("Auth Token")?;
        let value = value.trim().trim_end_matches('│').trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

#[test]
fn creates_a_token_and_wipes_the_secret() {
    let mut pty = start(sandbox());
    let contact = reach_scopes(&pty, "e2e-reporting");

    // Two categories on with Space, three scopes checked: up to two in the
    // first category, the rest in the next one that is off.
    let mut picked: Vec<(String, String)> = Vec::new();
    let mut categories = 0;
    while picked.len() < 3 {
        for _ in 0..60 {
            if cursor(&pty).contains("[off]") {
                break;
            }
            move_cursor(&pty, Key::Down);
        }
        assert!(
            cursor(&pty).contains("[off]"),
            "{}",
            pty.failure("no category left to turn on", &pty.screen())
        );
        pty.send_key(Key::Space);
        wait_cursor(&pty, "the category on and expanded", |l| {
            l.contains("[on]") && l.contains('▾')
        });
        categories += 1;
        let quota = if categories == 1 { 2 } else { 3 };
        let mut taken = 0;
        while taken < quota && picked.len() < 3 {
            let line = move_cursor(&pty, Key::Down);
            if !matches!(scope_row(&line), Some((false, _, _))) {
                break; // the next category: this one has no more scopes
            }
            picked.push(check_scope(&pty));
            taken += 1;
        }
    }
    assert_eq!(
        categories, 2,
        "three scopes should come from two categories"
    );
    wait_selected(&pty, 3);

    // Create panel: the review lists everything that will be sent.
    pty.send_key(Key::Enter);
    let writes = picked.iter().filter(|(m, _)| is_write(m)).count();
    let problems = |review: &str| -> Vec<String> {
        let mut out = Vec::new();
        for expected in [
            "╭ 4 Create".to_string(),
            "e2e-reporting".to_string(),
            "made by the e2e tests".to_string(),
            contact.clone(),
            format!("3 selected in 2 categories · {writes} with write access"),
        ] {
            if !review.contains(&expected) {
                out.push(format!("no {expected:?}"));
            }
        }
        for (method, name) in &picked {
            let prefix = name_prefix(name);
            if !review
                .lines()
                .any(|l| l.contains(method.as_str()) && l.contains(&prefix))
            {
                out.push(format!("no scope row {method} {prefix:?}"));
            }
        }
        let flagged = review
            .lines()
            .filter(|l| l.contains("write access") && !l.contains("with write access"))
            .count();
        if flagged != writes {
            out.push(format!(
                "{flagged} scopes flagged \"write access\", expected {writes}"
            ));
        }
        out
    };
    if let Err(e) = pty.wait_until("the review of the request", T, |s| {
        problems(&screen_text(s)).is_empty()
    }) {
        panic!("review incomplete: {:?}\n{e}", problems(&pty.screen()));
    }

    // Create; the secret is shown once.
    pty.send_key(Key::Enter);
    let shown = pty.wait_for("Token created", CREATE).or_fail();
    assert!(
        shown.lines().any(|l| l
            .trim_start_matches('│')
            .trim_start()
            .starts_with("Account SID")),
        "no Account SID row:\n{shown}"
    );
    let secret = secret_on(&shown).unwrap_or_else(|| panic!("no Auth Token row:\n{shown}"));
    assert!(
        secret.len() >= 16,
        "the Auth Token looks too short: {secret:?}\n{shown}"
    );

    // Leaving asks first; yes wipes it.
    pty.send_key(Key::Enter);
    pty.wait_for("Saved the Auth Token?", T).or_fail();
    pty.send("y");
    let done = pty.wait_for("wiped", T).or_fail();
    assert!(
        done.contains("e2e-reporting"),
        "the done screen should name the token:\n{done}"
    );
    assert!(
        !done.contains(&secret),
        "the secret is still on screen after it was wiped:\n{done}"
    );

    pty.send("q"); // closes the done screen's words over the list
    pty.wait_gone("wiped", T).or_fail();
    pty.send("q");
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
    pty.assert_restored();
    let after = pty.screen();
    assert!(
        !after.contains(&secret),
        "the secret is on the normal screen after exit:\n{after}"
    );
}

#[test]
fn clear_all_asks_above_ten_and_no_keeps_the_selection() {
    let pty = start(sandbox());
    reach_scopes(&pty, "e2e-clear-all");
    // `a` checks a whole category; collapse it again and go to the next.
    let mut count = 0;
    for _ in 0..15 {
        if count > 10 {
            break;
        }
        let line = cursor(&pty);
        assert!(
            line.contains("[off]"),
            "{}",
            pty.failure("expected a category that is off", &pty.screen())
        );
        pty.send("a");
        pty.wait_until("more scopes selected", T, |s| {
            selected(&screen_text(s)).is_some_and(|n| n > count)
        })
        .or_fail();
        count = selected(&pty.screen()).unwrap_or(0);
        pty.send_key(Key::Left);
        wait_cursor(&pty, "the category collapsed", |l| l.contains('▸'));
        move_cursor(&pty, Key::Down);
    }
    assert!(count > 10, "could not select more than 10 scopes with `a`");

    let question = format!("Clear all {count} selected scopes?");
    pty.send("c");
    pty.wait_for(&question, T).or_fail();
    pty.send("n");
    let kept = pty.wait_gone(&question, T).or_fail();
    assert_eq!(
        selected(&kept),
        Some(count),
        "n must keep the selection:\n{kept}"
    );

    pty.send("c");
    pty.wait_for(&question, T).or_fail();
    pty.send("y");
    let cleared = wait_selected(&pty, 0);
    assert!(
        cleared.contains(&format!("Cleared {count} scopes")),
        "no note of what was cleared:\n{cleared}"
    );
}

#[test]
fn back_to_setup_and_edit_the_name() {
    let pty = start(sandbox());
    fill_setup(&pty, "first-name");
    pty.send_key(Key::Ctrl('p'));
    pty.wait_for("╭ 1 Setup", T).or_fail();
    // Focus is on the version picker, where Setup was left; back to the name.
    pty.send_key(Key::BackTab);
    pty.send_key(Key::BackTab);
    pty.wait_for("› Token Name", T).or_fail();
    pty.send_bytes(&Key::Backspace.bytes().repeat("first-name".len()));
    pty.wait_gone("first-name", T).or_fail();
    pty.send("second-name");
    pty.wait_for("second-name", T).or_fail();
    pty.send_key(Key::Ctrl('n'));
    let screen = pty.wait_for("╭ 2 Contact Information", T).or_fail();
    let summary = screen
        .lines()
        .find(|l| l.contains("1 Setup"))
        .unwrap_or_default();
    assert!(
        summary.contains('✓') && summary.contains("second-name"),
        "the collapsed Setup line should show ✓ and the new name, got {summary:?}:\n{screen}"
    );
    assert!(
        !screen.contains("first-name"),
        "the old name is still shown:\n{screen}"
    );
}

#[test]
fn next_with_an_empty_name_is_refused() {
    let pty = start(sandbox());
    pty.send_key(Key::Ctrl('n'));
    let screen = pty.wait_for("Token Name is required", T).or_fail();
    assert!(
        screen.contains("Cannot continue: Token Name is required"),
        "no refusal on the status line:\n{screen}"
    );
    assert!(
        screen.contains("╭ 1 Setup") && !screen.contains("╭ 2 Contact"),
        "Next with an empty name must stay on Setup:\n{screen}"
    );
}

#[test]
fn enter_with_no_scope_selected_is_refused() {
    let pty = start(sandbox());
    reach_scopes(&pty, "e2e-validation");
    pty.send_key(Key::Enter);
    let screen = pty.wait_for("select at least one scope", T).or_fail();
    assert!(
        screen.contains("╭ 3 API Scopes") && !screen.contains("╭ 4 Create"),
        "Enter with no scope must stay on Scopes:\n{screen}"
    );
}

#[test]
fn bytes_written_per_cursor_move() {
    let pty = start(sandbox());
    reach_scopes(&pty, "e2e-bytes");
    pty.wait_quiet(Duration::from_millis(200), T).or_fail();
    let mut sizes = Vec::new();
    for i in 0..20 {
        let mark = pty.bytes_len();
        pty.send_key(Key::Down);
        pty.wait_output(mark, T)
            .map_err(|e| format!("Down #{}: {e}", i + 1))
            .or_fail();
        // The answer to one key is one frame, sent with one write: 30 ms
        // of silence ends it, as in examples/measure.
        pty.wait_quiet(Duration::from_millis(30), T).or_fail();
        sizes.push(pty.bytes_since(mark).len());
    }
    let mut sorted = sizes.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let max = sorted[sorted.len() - 1];
    eprintln!("bytes per ↓ in the scope tree: median {median}, max {max}, all {sizes:?}");
    assert!(
        median < 200,
        "a cursor move should redraw little, median {median} bytes: {sizes:?}"
    );
}

#[test]
fn help_overlay_opens_with_question_mark_and_any_key_closes_it() {
    let pty = start(sandbox());
    reach_scopes(&pty, "e2e-help");
    let before = cursor(&pty);
    pty.send("?");
    let help = pty.wait_for("any key closes this", T).or_fail();
    assert!(help.contains("╭ Keys "), "no Keys title:\n{help}");
    assert!(
        help.contains("Clear All"),
        "the key list is incomplete:\n{help}"
    );
    pty.send_key(Key::Down);
    pty.wait_gone("any key closes this", T).or_fail();
    assert_eq!(
        cursor(&pty),
        before,
        "the key that closed the help must not also move the cursor"
    );
}
