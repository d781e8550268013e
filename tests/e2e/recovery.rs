//! End-to-end recovery in a pseudo-terminal: when the connection or the
//! user list fails after the worker's own retries, the Contact panel says
//! what failed (not "loading…" forever), the footer offers Ctrl-R, and
//! Ctrl-R loads it. The in-process sandbox fails on purpose through
//! `IMPACT_SANDBOX_FAULTS`.

use crate::common;

use common::pty::{Key, OrFail, Pty, screen_text};
use common::wizard::{fill_setup, pick_contact};
use common::{T, sandbox, start};

/// `impact-token --sandbox` failing as `faults` says, its retries quick,
/// settled.
fn failing(faults: &str) -> Pty {
    start(
        sandbox()
            .env("IMPACT_SANDBOX_FAULTS", faults)
            .fast_retries(),
    )
}

/// Waits until the Contact panel shows a failure with the Ctrl-R offer,
/// and the footer offers it too; returns the screen.
fn wait_failure_offer(pty: &Pty, what: &str) -> String {
    pty.wait_until(what, T, |s| {
        let text = screen_text(s);
        text.contains("Ctrl-R tries again") && text.contains(" Ctrl-R retry ·")
    })
    .or_fail()
}

#[test]
fn a_user_list_that_fails_is_said_and_ctrl_r_loads_it() {
    // Three failures: the worker's first try and both of its retries.
    let pty = failing("users=503*3");
    fill_setup(&pty, "e2e-users-retry");
    let screen = wait_failure_offer(&pty, "the failed user list and the Ctrl-R offer");
    assert!(
        screen.contains("503") && !screen.contains("loading…"),
        "{}",
        pty.failure("the panel should say the users failed with 503", &screen)
    );
    pty.send_key(Key::Ctrl('r'));
    let name = pick_contact(&pty);
    assert!(!name.is_empty());
    let screen = pty.wait_gone(" Ctrl-R retry ·", T).or_fail();
    assert!(!screen.contains("Ctrl-R tries again"), "{screen}");
}

#[test]
fn a_connection_that_fails_is_said_and_ctrl_r_connects() {
    let pty = failing("company=503*3");
    let screen = pty.screen();
    assert!(
        screen.contains("not connected"),
        "{}",
        pty.failure("the header should say it is not connected", &screen)
    );
    fill_setup(&pty, "e2e-connect-retry");
    let screen = wait_failure_offer(&pty, "the failed connection and the Ctrl-R offer");
    assert!(
        screen.contains("Not connected") && screen.contains("503"),
        "{}",
        pty.failure("the panel should say why it is not connected", &screen)
    );
    pty.send_key(Key::Ctrl('r'));
    pty.wait_gone("not connected", T).or_fail();
    pick_contact(&pty);
}
