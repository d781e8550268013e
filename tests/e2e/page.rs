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

// ----- every screen and menu action -----

/// Seeded token names (src/sandbox/seed.rs), oldest first.
const NIGHTLY: &str = "Demo seed: Nightly reporting";
const LEGACY: &str = "Demo seed: Legacy export";
const CATALOG: &str = "Demo seed: Catalog sync";
const DASHBOARD: &str = "Demo seed: Dashboard";
const TRIAL: &str = "Demo seed: Trial integration";

/// The API page of `--sandbox` in a terminal wide enough for whole names.
fn wide_page() -> common::pty::Pty {
    start_page(sandbox().size(120, 30))
}

/// The names of the rows the list shows, top to bottom.
fn listed_names(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(4) // the header, the breadcrumb, the filters and the column titles
        .take_while(|l| l.starts_with("  Demo") || l.starts_with("› ") || l.starts_with("  e2e"))
        .filter_map(|l| {
            let rest: String = l.chars().skip(2).collect();
            Some(rest.split("  ").next()?.trim().to_string())
        })
        .collect()
}

/// A row's columns: Name, State, API version, Scopes, Created On, Primary
/// Contact.
fn columns(row: &str) -> Vec<String> {
    row.chars()
        .skip(2)
        .collect::<String>()
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// Moves the list's focus down to the token `name`.
fn focus(pty: &common::pty::Pty, name: &str) {
    for _ in 0..10 {
        let screen = pty.screen();
        let now = focused_name(&screen);
        if now.as_deref() == Some(name) {
            return;
        }
        pty.send_key(Key::Down);
        pty.wait_until("the focus moves", T, |s| {
            focused_name(&screen_text(s)) != now
        })
        .or_fail();
    }
    panic!(
        "{}",
        pty.failure(&format!("{name} never focused"), &pty.screen())
    );
}

/// Leaves a secret screen: Enter, then yes to "Saved the Auth Token?".
/// Returns the list it comes back to, with `name` focused.
fn leave_secret(pty: &common::pty::Pty, name: &str) -> String {
    pty.send_key(Key::Enter);
    pty.wait_for("Saved the Auth Token?", T).or_fail();
    pty.send("y");
    pty.wait_until("the list with the new token focused", T, |s| {
        let text = screen_text(s);
        text.contains(common::API_PAGE_MARK) && focused_name(&text).as_deref() == Some(name)
    })
    .or_fail()
}

#[test]
fn duplicate_opens_the_review_creates_the_copy_and_selects_it() {
    let pty = wide_page();
    let name = focused_name(&pty.screen()).expect("a focused token");
    let original = row_of(&pty.screen(), &name).unwrap();
    pty.send("m");
    pty.wait_until("Duplicate focused", T, |s| {
        screen_text(s).contains("› Duplicate")
    })
    .or_fail();
    pty.send_key(Key::Enter);
    // Straight at the review, named "NAME (copy)".
    let copy = format!("{name} (copy)");
    let review = pty
        .wait_until("the review of the copy", T, |s| {
            let text = screen_text(s);
            text.contains("╭ 4 Create") && common::wizard::review_names(&text, &copy)
        })
        .or_fail();
    assert!(review.contains("✓ 3 API Scopes"), "{review}");
    pty.send_key(Key::Enter);
    let secret = common::wizard::wait_secret(&pty);
    assert!(secret.screen.contains(&copy), "{}", secret.screen);
    let back = leave_secret(&pty, &copy);
    assert!(
        !back.contains(&secret.auth_token),
        "the secret is still shown:\n{back}"
    );
    // The original stays; the copy has its state, version and scope count.
    let original = columns(&original);
    assert_eq!(
        row_of(&back, &name).map(|r| columns(&r)),
        Some(original.clone())
    );
    let copied = columns(&row_of(&back, &copy).unwrap());
    assert_eq!(copied[1..4], original[1..4], "{back}");
    assert!(back.contains(" 6 tokens"), "{back}");
    // Shown once: its details never show the secret again.
    pty.send("x"); // closes the words over the list
    pty.wait_gone("any key closes this", T).or_fail();
    let details = open_details(&pty);
    assert_eq!(details, copy);
    assert!(!pty.screen().contains(&secret.auth_token));
    pty.wait_quiet(std::time::Duration::from_millis(150), T)
        .or_fail();
}

#[test]
fn edit_shows_the_change_asks_twice_then_updates_the_token() {
    let pty = wide_page();
    focus(&pty, DASHBOARD);
    let before = open_details(&pty);
    assert_eq!(before, DASHBOARD);
    menu_item(&pty, "Edit", 5);
    pty.wait_for("╭ 1 Overview", T).or_fail();
    pty.send_key(Key::Down);
    pty.wait_for("› Description", T).or_fail();
    pty.send(" (edited)");
    pty.wait_for("(seeded by the sandbox) (edited)", T)
        .or_fail();
    pty.send_key(Key::Ctrl('n'));
    pty.wait_for("╭ 2 API Credentials", T).or_fail();
    pty.send_key(Key::Ctrl('n'));
    pty.wait_for("╭ 3 API Scopes", T).or_fail();
    pty.send_key(Key::Ctrl('n'));
    // The Update panel: what changes, before anything is sent.
    let diff = pty.wait_for("╭ 4 Update", T).or_fail();
    let row = diff
        .lines()
        .find(|l| l.contains("Description"))
        .unwrap_or_else(|| panic!("no Description change:\n{diff}"));
    assert!(row.contains("→"), "{row}");
    assert!(diff.contains("unchanged"), "the scopes stay:\n{diff}");
    // Enter asks a second time; no goes back with nothing sent.
    pty.send_key(Key::Enter);
    let ask = pty.wait_for("keeps its Auth Token", T).or_fail();
    assert!(ask.contains("1 setting"), "{ask}");
    pty.send("n");
    pty.wait_gone("keeps its Auth Token", T).or_fail();
    pty.wait_for("╭ 4 Update", T).or_fail();
    pty.send_key(Key::Enter);
    pty.wait_for("keeps its Auth Token", T).or_fail();
    pty.send("y");
    let back = pty
        .wait_until("the list with the token focused", T, |s| {
            let text = screen_text(s);
            text.contains(common::API_PAGE_MARK)
                && focused_name(&text).as_deref() == Some(DASHBOARD)
        })
        .or_fail();
    assert!(back.contains("updated"), "the status says so:\n{back}");
    assert_eq!(listed_names(&back).len(), 5, "{back}");
    // The server has the new description.
    open_details(&pty);
    pty.wait_for("(seeded by the sandbox) (edited)", T)
        .or_fail();
    pty.wait_quiet(std::time::Duration::from_millis(150), T)
        .or_fail();
}

#[test]
fn enable_turns_a_disabled_token_on() {
    let pty = wide_page();
    focus(&pty, LEGACY);
    assert!(row_of(&pty.screen(), LEGACY).is_some_and(|r| r.contains("Disabled")));
    menu_item(&pty, "Enable", 3);
    // Access comes back: asked as Disable is, and Enter answers nothing.
    pty.wait_for("Its credentials work again", T).or_fail();
    pty.send_key(Key::Enter);
    pty.send("y");
    let done = pty
        .wait_until("the row shows Enabled", T, |s| {
            row_of(&screen_text(s), LEGACY).is_some_and(|r| r.contains("Enabled"))
        })
        .or_fail();
    assert!(done.contains("is enabled"), "the status says so:\n{done}");
    // It stays focused, and the State filter now counts it as enabled.
    assert_eq!(focused_name(&done).as_deref(), Some(LEGACY), "{done}");
    pty.send("s");
    let enabled = pty.wait_for("State (s): Enabled", T).or_fail();
    assert!(
        listed_names(&enabled).iter().any(|n| n == LEGACY),
        "{enabled}"
    );
    pty.wait_quiet(std::time::Duration::from_millis(150), T)
        .or_fail();
}

#[test]
fn details_show_the_metadata_and_the_scopes_grouped_by_category() {
    let pty = wide_page();
    focus(&pty, CATALOG);
    let count: usize = columns(&row_of(&pty.screen(), CATALOG).unwrap())[3]
        .parse()
        .unwrap();
    assert_eq!(open_details(&pty), CATALOG);
    pty.wait_quiet(std::time::Duration::from_millis(150), T)
        .or_fail();
    let screen = pty.screen();
    let inner: Vec<&str> = screen
        .lines()
        .map(|l| l.trim_start_matches('│').trim_end().trim_end_matches('│'))
        .collect();
    for label in [
        "Id",
        "State",
        "API version",
        "Created On",
        "Primary Contact",
    ] {
        assert!(
            inner.iter().any(|l| l.starts_with(&format!(" {label} "))),
            "{label}:\n{screen}"
        );
    }
    assert!(
        inner
            .iter()
            .any(|l| l.starts_with(&format!(" Scopes: {count} ("))),
        "{screen}"
    );
    // Category headings `  NAME (n)`, each followed by its n scopes, which
    // add up to the token's count; write scopes are flagged.
    let mut listed = 0;
    let mut headings = 0;
    for (i, l) in inner.iter().enumerate() {
        let Some(n) = l
            .strip_prefix("   ")
            .filter(|r| !r.starts_with(' '))
            .and_then(|r| r.trim_end().strip_suffix(')'))
            .and_then(|r| r.rsplit_once(" ("))
            .and_then(|(_, n)| n.parse::<usize>().ok())
        else {
            continue;
        };
        headings += 1;
        let scopes = &inner[i + 1..i + 1 + n];
        for s in scopes {
            let method = s.split_whitespace().next().unwrap_or("");
            assert!(
                ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&method),
                "a scope line under the heading: {s:?}\n{screen}"
            );
            if method != "GET" {
                assert!(s.contains("write access"), "{s:?}");
            }
        }
        listed += n;
    }
    assert!(headings >= 1, "{screen}");
    assert_eq!(listed, count, "{screen}");
    pty.send_key(Key::Esc);
    pty.wait_for(common::API_PAGE_MARK, T).or_fail();
}

#[test]
fn the_three_filters_narrow_the_rows() {
    let pty = wide_page();
    let all = listed_names(&pty.screen());
    assert_eq!(all, [NIGHTLY, LEGACY, CATALOG, DASHBOARD, TRIAL]);

    // Search by Name, case folded.
    pty.send("/");
    pty.send("DASH");
    let found = pty.wait_for("1 of 5 tokens", T).or_fail();
    assert_eq!(listed_names(&found), [DASHBOARD], "{found}");
    for _ in 0.."DASH".len() {
        pty.send_key(Key::Backspace);
    }
    let back = pty
        .wait_until("every row back", T, |s| {
            listed_names(&screen_text(s)).len() == 5
        })
        .or_fail();
    assert!(back.contains(" 5 tokens"), "{back}");
    pty.send_key(Key::Enter); // leaves the search field

    // State: Enabled, then Disabled only.
    pty.send("s");
    pty.wait_for("State (s): Enabled", T).or_fail();
    pty.send("s");
    let disabled = pty.wait_for("State (s): Disabled", T).or_fail();
    assert_eq!(listed_names(&disabled), [LEGACY, TRIAL], "{disabled}");
    pty.send("s");
    pty.wait_for("State (s): Any state", T).or_fail();

    // Created On: more than 30 days ago (seeded 120 and 45 days ago).
    for want in ["Last 7 days", "Last 30 days", "More than 30 days"] {
        pty.send("c");
        pty.wait_for(&format!("Created On (c): {want}"), T)
            .or_fail();
    }
    let older = pty.screen();
    assert_eq!(listed_names(&older), [NIGHTLY, LEGACY], "{older}");
    pty.wait_quiet(std::time::Duration::from_millis(150), T)
        .or_fail();
}

#[test]
fn n_creates_a_token_and_the_list_selects_it() {
    let pty = wide_page();
    common::open_wizard(&pty);
    let name = "e2e page new token";
    common::wizard::reach_create(&pty, name);
    pty.send_key(Key::Enter);
    let secret = common::wizard::wait_secret(&pty);
    let back = leave_secret(&pty, name);
    assert!(!back.contains(&secret.auth_token), "{back}");
    assert!(back.contains(" 6 tokens"), "{back}");
    let row = columns(&row_of(&back, name).unwrap());
    assert_eq!(row[1], "Enabled", "{back}");
    assert_eq!(row[3], "1", "one scope checked:\n{back}");
    pty.wait_quiet(std::time::Duration::from_millis(150), T)
        .or_fail();
}
