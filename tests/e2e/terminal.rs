//! End-to-end: the real binary in a pseudo-terminal, one test per way out.
//! Whatever ends the run, the terminal must be put back: raw mode off, the
//! alternate screen left, the cursor shown, bracketed paste off.
//!
//! These tests do not need the sandbox to answer: they wait until the
//! connection attempt has settled either way.

use crate::common;

use std::time::Duration;

use common::pty::{Key, LEAVE_ALT_SCREEN, OrFail, Pty, escape, find, find_last};
use common::{T, sandbox, settle};

/// Deadline for the program to exit after it was told to.
const EXIT: Duration = Duration::from_secs(10);

/// Asserts the exit code, with the screen in the message when it differs.
fn expect_code(pty: &Pty, code: u32) {
    let status = pty.wait_exit(EXIT).or_fail();
    if status.exit_code() != code || status.signal().is_some() {
        panic!(
            "{}",
            pty.failure(
                &format!(
                    "expected exit code {code}, got {status} (code {})",
                    status.exit_code()
                ),
                &pty.screen()
            )
        );
    }
}

/// Position of `text` after the last leave-alternate-screen sequence, or a
/// panic explaining where it was instead.
fn assert_after_leave(pty: &Pty, text: &str) {
    let raw = pty.raw();
    let leave = find_last(&raw, LEAVE_ALT_SCREEN).expect("a leave-alternate-screen sequence");
    match find(&raw, text.as_bytes()) {
        Some(at) if at > leave => {}
        Some(at) => panic!(
            "{text:?} was written at byte {at}, before the alternate screen was left at byte {leave}; \
             it would be lost with the alternate screen\n{}",
            escape(&raw[at.saturating_sub(100)..])
        ),
        None => panic!(
            "{text:?} never written; output ends with:\n{}",
            escape(&raw[raw.len().saturating_sub(600)..])
        ),
    }
    let screen = pty.screen();
    assert!(
        screen.contains(text),
        "{text:?} is not on the normal screen after exit:\n{screen}"
    );
}

#[test]
fn q_on_a_pristine_wizard_quits_and_restores() {
    let mut pty = Pty::start(sandbox());
    settle(&pty);
    // The Name field has focus and takes `q` as text; move to the version picker.
    pty.send_key(Key::Tab);
    pty.send_key(Key::Tab);
    pty.wait_for("←/→ version ·", T).or_fail();
    pty.send("q");
    expect_code(&pty, 0);
    pty.assert_restored();
}

#[test]
fn ctrl_c_with_unsaved_input_asks_then_yes_quits_and_restores() {
    let mut pty = Pty::start(sandbox());
    settle(&pty);
    pty.send("draft-name");
    pty.wait_for("draft-name", T).or_fail();
    pty.send_key(Key::Ctrl('c'));
    pty.wait_for("Quit? What you entered is kept as a draft.", T)
        .or_fail();
    assert!(
        !pty.exited(),
        "quit without asking although input would be lost"
    );
    pty.send("y");
    expect_code(&pty, 0);
    pty.assert_restored();
}

#[test]
fn panic_restores_before_the_message_and_exits_nonzero() {
    let mut pty = Pty::start(sandbox().env("IMPACT_TOKEN_DEBUG_FAULT", "panic"));
    settle(&pty);
    pty.send_key(Key::F(12));
    let status = pty.wait_exit(EXIT).or_fail();
    assert!(
        !status.success(),
        "a panic must not exit with success: {status}"
    );
    pty.assert_restored();
    assert_after_leave(&pty, "injected panic");
}

#[test]
fn io_error_restores_and_exits_1() {
    let mut pty = Pty::start(sandbox().env("IMPACT_TOKEN_DEBUG_FAULT", "error"));
    settle(&pty);
    pty.send_key(Key::F(12));
    expect_code(&pty, 1);
    pty.assert_restored();
    assert_after_leave(&pty, "impact-token: injected error");
}

fn signal_ends_the_run(signal: i32, code: u32) {
    let mut pty = Pty::start(sandbox());
    settle(&pty);
    pty.kill(signal);
    expect_code(&pty, code);
    pty.assert_restored();
}

#[test]
fn sigterm_restores_and_exits_143() {
    signal_ends_the_run(libc::SIGTERM, 143);
}

#[test]
fn sighup_restores_and_exits_129() {
    signal_ends_the_run(libc::SIGHUP, 129);
}

#[test]
fn sigint_restores_and_exits_130() {
    signal_ends_the_run(libc::SIGINT, 130);
}

#[test]
fn too_small_terminal_says_so_and_still_quits() {
    let mut pty = Pty::start(sandbox().size(50, 12));
    let screen = pty.wait_for("Terminal too small: 50×12", T).or_fail();
    assert!(
        !screen.contains("Token Name"),
        "the wizard was drawn into a 50×12 terminal:\n{screen}"
    );
    // Nothing typed yet, so Ctrl-C quits at once.
    pty.send_key(Key::Ctrl('c'));
    expect_code(&pty, 0);
    pty.assert_restored();
}

/// Row of the active panel's bottom-right corner in column `col`, if any.
fn bottom_right_corner(pty: &Pty, col: u16) -> Option<u16> {
    pty.with_screen(|s| {
        let (rows, _) = s.size();
        (0..rows).find(|&r| s.cell(r, col).is_some_and(|c| c.contents() == "╯"))
    })
}

#[test]
fn resize_redraws_to_the_new_size() {
    let mut pty = Pty::start(sandbox());
    settle(&pty);
    let before = bottom_right_corner(&pty, 79).unwrap_or_else(|| {
        panic!(
            "{}",
            pty.failure("no panel corner in column 80 at 80×24", &pty.screen())
        )
    });
    pty.resize(100, 30);
    let screen = pty
        .wait_until("the panel border to reach column 100", T, |s| {
            let (rows, _) = s.size();
            let top = (0..rows).any(|r| s.cell(r, 99).is_some_and(|c| c.contents() == "╮"));
            let bottom =
                (0..rows).any(|r| r > before && s.cell(r, 99).is_some_and(|c| c.contents() == "╯"));
            top && bottom
        })
        .or_fail();
    let last = screen.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(" Tab/↑↓ field"),
        "the key hints should be on the new last row (30):\n{screen}"
    );
    pty.send_key(Key::Ctrl('c'));
    expect_code(&pty, 0);
    pty.assert_restored();
}

/// How many times the threads of `pid` have gone to sleep (voluntary
/// context switches): it grows each time one wakes up and waits again.
#[cfg(target_os = "linux")]
fn wakeups(pid: i32) -> u64 {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).expect("read the threads");
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("status")).ok())
        .flat_map(|status| {
            status
                .lines()
                .filter_map(|l| l.strip_prefix("voluntary_ctxt_switches:"))
                .filter_map(|n| n.trim().parse::<u64>().ok())
                .collect::<Vec<_>>()
        })
        .sum()
}

/// Idle means no byte written and no thread woken: a loop that polls
/// without drawing is caught too. The window is twice the longest timer
/// the wizard has (the 500 ms wait for SIGCONT), so any of them firing
/// would show.
#[test]
fn an_idle_wizard_writes_nothing() {
    const WINDOW: Duration = Duration::from_secs(1);
    let mut pty = Pty::start(sandbox());
    settle(&pty);
    pty.wait_quiet(Duration::from_millis(300), T).or_fail();
    #[cfg(target_os = "linux")]
    let before = wakeups(pty.pid());
    let written = pty.output_during(WINDOW);
    assert!(
        written.is_empty(),
        "an idle wizard wrote {} bytes in {WINDOW:?}: {}",
        written.len(),
        escape(&written)
    );
    #[cfg(target_os = "linux")]
    {
        let woke = wakeups(pty.pid()) - before;
        assert_eq!(
            woke, 0,
            "an idle wizard's threads woke {woke} times in {WINDOW:?}"
        );
    }
    pty.send_key(Key::Ctrl('c'));
    expect_code(&pty, 0);
    pty.assert_restored();
}

/// Leaving undoes only what entering set: no pop of the keyboard protocol's
/// stack (`CSI < u`, which would take off an entry the shell pushed) and no
/// mouse-mode resets for modes never turned on.
#[test]
fn exit_restores_only_what_was_set() {
    let mut pty = Pty::start(sandbox());
    settle(&pty);
    pty.send_key(Key::Tab);
    pty.send_key(Key::Tab);
    pty.wait_for("←/→ version ·", T).or_fail();
    pty.send("q");
    expect_code(&pty, 0);
    pty.assert_restored();
    let raw = pty.raw();
    for (what, bytes) in [
        ("a keyboard-protocol pop", &b"\x1b[<"[..]),
        ("a mouse-mode reset", &b"\x1b[?1000l"[..]),
        ("a mouse-mode reset", &b"\x1b[?1002l"[..]),
        ("a mouse-mode reset", &b"\x1b[?1003l"[..]),
        ("a mouse-mode reset", &b"\x1b[?1006l"[..]),
        ("a mouse-mode reset", &b"\x1b[?1015l"[..]),
    ] {
        if let Some(at) = find(&raw, bytes) {
            panic!(
                "{what} was written at byte {at} though never set:\n{}",
                escape(&raw[at.saturating_sub(80)..(at + 40).min(raw.len())])
            );
        }
    }
}
