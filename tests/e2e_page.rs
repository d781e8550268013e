//! End-to-end: the real binary with `--sandbox` in a pseudo-terminal opens
//! on the API page with the sandbox's seeded tokens; disabling one changes
//! its State once the server answers. Only what is on the screen is read.

mod common;

use common::pty::{Key, OrFail, screen_text};
use common::{T, sandbox, start_page};

/// The focused row's token name (the row with the cursor glyph).
fn focused_name(screen: &str) -> Option<String> {
    let row = screen.lines().find(|l| l.starts_with("› "))?;
    // Name, then two spaces before the State column.
    let rest = row.trim_start_matches("› ");
    Some(rest.split("  ").next()?.trim().to_string())
}

/// The row that shows `name`.
fn row_of(screen: &str, name: &str) -> Option<String> {
    screen
        .lines()
        .skip(4) // the header, the filter line and the column titles
        .find(|l| l.chars().skip(2).collect::<String>().starts_with(name))
        .map(str::to_string)
}

#[test]
fn the_page_lists_the_seeded_tokens_and_disable_changes_the_state() {
    let pty = start_page(sandbox());
    let screen = pty.screen();
    for col in ["Name", "State", "API version", "Scopes", "Created On"] {
        assert!(screen.contains(col), "{col} column:\n{screen}");
    }
    // The sandbox seeds some disabled tokens and some older than 30 days.
    assert!(
        screen.contains("Disabled"),
        "a seeded disabled token:\n{screen}"
    );
    pty.send("c");
    pty.send("c");
    pty.send("c");
    let older = pty
        .wait_for("Created On (c): More than 30 days", T)
        .or_fail();
    assert!(
        !older.contains("No token matches"),
        "a seeded token older than 30 days:\n{older}"
    );
    pty.send("c");
    pty.wait_for("Created On (c): Any time", T).or_fail();

    // Focus an enabled token: filter by State, note the name, clear.
    pty.send("s");
    let enabled = pty.wait_for("State (s): Enabled", T).or_fail();
    let name = focused_name(&enabled).expect("an enabled token is focused");
    assert!(!name.is_empty(), "{enabled}");
    pty.send_key(Key::Esc);
    let all = pty.wait_for("State (s): Any state", T).or_fail();
    assert_eq!(focused_name(&all).as_deref(), Some(name.as_str()), "{all}");
    assert!(row_of(&all, &name).is_some_and(|r| r.contains("Enabled")));

    // Menu → Disable → yes.
    pty.send("m");
    pty.wait_for("Upgrade Version", T).or_fail();
    for _ in 0..3 {
        pty.send_key(Key::Down);
    }
    pty.wait_until("Disable focused in the menu", T, |s| {
        screen_text(s).contains("› Disable")
    })
    .or_fail();
    pty.send_key(Key::Enter);
    pty.wait_for("until it is enabled again", T).or_fail();
    pty.send("y");
    let done = pty
        .wait_until("the row shows Disabled", T, |s| {
            row_of(&screen_text(s), &name).is_some_and(|r| r.contains("Disabled"))
        })
        .or_fail();
    assert!(done.contains("is disabled"), "the status says so:\n{done}");
    pty.wait_quiet(std::time::Duration::from_millis(150), T)
        .or_fail();
}
