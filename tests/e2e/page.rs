//! End-to-end: the real binary with `--sandbox` in a pseudo-terminal opens
//! on the API page with the sandbox's seeded tokens; disabling one changes
//! its State once the server answers. Only what is on the screen is read.

use crate::common;

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

/// The token's full name, from the details' title `Token 'NAME'`.
fn details_name(screen: &str) -> Option<String> {
    let title = screen.lines().find(|l| l.contains("╭ Token '"))?;
    let rest = title.split("╭ Token '").nth(1)?;
    Some(rest.rsplit_once("' ")?.0.to_string())
}

/// The Auth Token row's value on the secret screen.
fn secret_on(screen: &str) -> Option<String> {
    screen.lines().find_map(|l| {
        let inner = l.trim_start_matches('│').trim_start();
        let rest = inner.strip_prefix("Auth Token")?;
        Some(rest.trim().trim_end_matches('│').trim().to_string())
    })
}

/// Opens the focused token's details and returns its full name.
fn open_details(pty: &common::pty::Pty) -> String {
    pty.send_key(Key::Enter);
    let screen = pty.wait_for("╭ Token '", T).or_fail();
    details_name(&screen).unwrap_or_else(|| panic!("no name in the details:\n{screen}"))
}

/// From the details: the menu item `label`, `downs` rows down.
fn menu_item(pty: &common::pty::Pty, label: &str, downs: usize) {
    pty.send("m");
    pty.wait_for("Upgrade Version", T).or_fail();
    for _ in 0..downs {
        pty.send_key(Key::Down);
    }
    pty.wait_until(label, T, |s| screen_text(s).contains(&format!("› {label}")))
        .or_fail();
    pty.send_key(Key::Enter);
}

#[test]
fn reset_asks_for_the_name_then_shows_the_new_secret_once() {
    let pty = start_page(sandbox());
    let name = open_details(&pty);
    menu_item(&pty, "Reset", 1);
    pty.wait_for("Type the token's name", T).or_fail();
    pty.send("not the name");
    pty.send_key(Key::Enter);
    pty.wait_for("nothing was done", T).or_fail();
    for _ in 0.."not the name".len() {
        pty.send_key(Key::Backspace);
    }
    pty.send(&name);
    pty.send_key(Key::Enter);
    // The wizard's own secret screen, with its keys.
    let shown = pty
        .wait_until("the new secret", T, |s| {
            secret_on(&screen_text(s)).is_some_and(|v| v.len() >= 16)
        })
        .or_fail();
    let secret = secret_on(&shown).unwrap();
    assert!(shown.contains("save to a file"), "{shown}");
    pty.send_key(Key::Enter);
    pty.wait_for("Saved the Auth Token?", T).or_fail();
    pty.send("y");
    let back = pty.wait_for("has a new Auth Token", T).or_fail();
    assert!(
        !back.contains(&secret),
        "the secret is still shown:\n{back}"
    );
    pty.send("x"); // any key closes the words over the list
    pty.wait_gone("has a new Auth Token", T).or_fail();
    pty.send("q");
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
}

#[test]
fn delete_asks_for_the_name_and_the_row_goes() {
    let pty = start_page(sandbox());
    pty.send_key(Key::Down);
    pty.send_key(Key::Down);
    pty.wait_until("the third token focused", T, |s| {
        screen_text(s)
            .lines()
            .nth(6)
            .is_some_and(|l| l.starts_with("› "))
    })
    .or_fail();
    let name = open_details(&pty);
    menu_item(&pty, "Delete", 4);
    pty.wait_for("cannot be undone", T).or_fail();
    pty.send(&name);
    pty.send_key(Key::Enter);
    let shown = pty.wait_for("was deleted", T).or_fail();
    let short: String = name.chars().take(12).collect();
    assert!(
        !shown.lines().skip(4).take(17).any(|l| l.contains(&short)),
        "the row is gone:\n{shown}"
    );
}

#[test]
fn upgrade_version_shows_the_scope_change_then_moves_up() {
    let pty = start_page(sandbox());
    let screen = pty.screen();
    let name = focused_name(&screen).expect("a focused token");
    let row = row_of(&screen, &name).unwrap();
    let from = row.split_whitespace().find(|w| w.parse::<u32>().is_ok());
    assert_eq!(from, Some("11"), "the oldest seeded token is on 11:\n{row}");
    let _ = open_details(&pty);
    menu_item(&pty, "Upgrade Version", 2);
    // The diff (or that nothing is dropped) comes before the question's keys do anything.
    pty.wait_until("the scope change for version 14", T, |s| {
        let text = screen_text(s);
        text.contains("to 14?")
            && (text.contains("not in version 14") || text.contains("all offered"))
    })
    .or_fail();
    pty.send("y");
    pty.wait_for("now uses API version 14", T).or_fail();
    pty.send_key(Key::Esc); // the details, back to the list
    pty.wait_until("the row on 14", T, |s| {
        row_of(&screen_text(s), &name).is_some_and(|r| r.contains("  14  "))
    })
    .or_fail();
}
