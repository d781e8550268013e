//! Walking the wizard in a pseudo-terminal: fill a panel, pick a contact,
//! check scopes, create a token and read the secret screen. Everything is
//! read off the screen, so these follow whatever the sandbox serves.

use std::time::Duration;

use super::T;
use super::pty::{Key, OrFail, Pty, screen_lines, screen_text};

/// Deadline for creating a token (the request may be retried, or wait out
/// a rate limit).
pub const CREATE: Duration = Duration::from_secs(20);

/// The description [`fill_setup`] types.
pub const DESCRIPTION: &str = "made by the e2e tests";

/// Fails clearly when the in-process sandbox did not answer.
pub fn require_sandbox(pty: &Pty) {
    let screen = pty.screen();
    if screen.contains("not connected") {
        panic!(
            "{}",
            pty.failure(
                "the sandbox did not answer; this test needs the real in-process sandbox",
                &screen
            )
        );
    }
}

/// Fills Setup (name, [`DESCRIPTION`]), goes through the version picker with
/// Enter, and Enter again (Next) to the Contact panel.
pub fn fill_setup(pty: &Pty, name: &str) {
    pty.send(name);
    pty.wait_for(name, T).or_fail();
    pty.send_key(Key::Tab);
    pty.wait_for("› Description", T).or_fail();
    pty.send(DESCRIPTION);
    pty.wait_for(DESCRIPTION, T).or_fail();
    pty.send_key(Key::Enter);
    pty.wait_for("←/→ version ·", T).or_fail();
    pty.send_key(Key::Enter);
    pty.wait_for("╭ 2 Contact Information", T).or_fail();
}

/// Waits for the user list, picks the highlighted user with Enter and
/// returns the name shown.
pub fn pick_contact(pty: &Pty) -> String {
    let screen = pty
        .wait_until("the list of users loaded", T, |s| {
            let text = screen_text(s);
            !text.contains("loading…") && text.contains("› ( ) ")
        })
        .or_fail();
    let line = screen
        .lines()
        .find(|l| l.contains("› ( ) "))
        .expect("the highlighted user");
    let after = line.split("› ( ) ").nth(1).unwrap_or_default();
    let name = after
        .split("  ")
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(
        !name.is_empty(),
        "no name on the highlighted row:\n{screen}"
    );
    pty.send_key(Key::Enter);
    pty.wait_for(&format!("(•) {name}"), T).or_fail();
    name
}

/// The scope tree's cursor row: (screen row, text). Only the tree draws the
/// cursor glyph right after the panel border.
pub fn tree_cursor(screen: &vt100::Screen) -> Option<(usize, String)> {
    screen_lines(screen)
        .into_iter()
        .enumerate()
        .find(|(_, l)| l.starts_with("│›"))
}

/// The cursor row's text, or a failure showing the screen.
pub fn cursor(pty: &Pty) -> String {
    match pty.with_screen(tree_cursor) {
        Some((_, line)) => line,
        None => panic!(
            "{}",
            pty.failure("no cursor row in the scope tree", &pty.screen())
        ),
    }
}

/// Presses `key` and waits for the tree cursor to move (row or content);
/// returns the new cursor row's text.
pub fn move_cursor(pty: &Pty, key: Key) -> String {
    let before = pty.with_screen(tree_cursor);
    pty.send_key(key);
    pty.wait_until(&format!("the tree cursor to move after {key:?}"), T, |s| {
        let now = tree_cursor(s);
        now.is_some() && now != before
    })
    .or_fail();
    cursor(pty)
}

/// Waits until the cursor row satisfies `pred`; returns its text.
pub fn wait_cursor(pty: &Pty, what: &str, pred: impl Fn(&str) -> bool) -> String {
    pty.wait_until(what, T, |s| tree_cursor(s).is_some_and(|(_, l)| pred(&l)))
        .or_fail();
    cursor(pty)
}

/// The "N selected" count in the Scopes panel title.
pub fn selected(screen: &str) -> Option<usize> {
    let at = screen.find(" selected")?;
    let digits: String = screen[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

/// Waits until the title shows `n` selected.
pub fn wait_selected(pty: &Pty, n: usize) -> String {
    pty.wait_until(&format!("\"{n} selected\" in the title"), T, |s| {
        selected(&screen_text(s)) == Some(n)
    })
    .or_fail()
}

/// A scope row: (checked, method, name as shown, possibly cut with `…`).
pub fn scope_row(line: &str) -> Option<(bool, String, String)> {
    let (checked, at) = match (line.find("[x] "), line.find("[ ] ")) {
        (Some(i), _) => (true, i),
        (None, Some(i)) => (false, i),
        (None, None) => return None,
    };
    let rest = &line[at + 4..];
    let method = rest.split_whitespace().next()?.to_string();
    let name = rest.trim_start()[method.len()..]
        .trim()
        .trim_end_matches('│')
        .trim()
        .to_string();
    Some((checked, method, name))
}

/// The start of a scope name, as a stable prefix to look for elsewhere
/// (views cut long names to their own width).
pub fn name_prefix(name: &str) -> String {
    name.trim_end_matches('…').chars().take(24).collect()
}

/// Space on the cursor's unchecked scope; waits for the check and the
/// count. Returns (method, name as shown).
pub fn check_scope(pty: &Pty) -> (String, String) {
    let line = cursor(pty);
    let Some((false, method, name)) = scope_row(&line) else {
        panic!(
            "{}",
            pty.failure("the cursor is not on an unchecked scope", &pty.screen())
        );
    };
    let before = selected(&pty.screen()).unwrap_or(0);
    pty.send_key(Key::Space);
    wait_cursor(pty, "the scope checked", |l| l.contains("[x] "));
    wait_selected(pty, before + 1);
    (method, name)
}

/// On the Scopes panel with the cursor on a category that is off: turns it
/// on (which expands it) and checks its first `n` scopes. Returns the
/// category's name and the (method, name) of each scope checked.
pub fn check_first_scopes(pty: &Pty, n: usize) -> (String, Vec<(String, String)>) {
    let line = cursor(pty);
    let Some(at) = line.find("[off]") else {
        panic!(
            "{}",
            pty.failure("the cursor is not on a category that is off", &pty.screen())
        );
    };
    let category = category_name(&line[at + "[off]".len()..]);
    pty.send_key(Key::Space);
    wait_cursor(pty, "the category on and expanded", |l| {
        l.contains("[on]") && l.contains('▾')
    });
    let mut picked = Vec::new();
    for _ in 0..n {
        move_cursor(pty, Key::Down);
        picked.push(check_scope(pty));
    }
    (category, picked)
}

/// A category row's name, from the text after its `[on] `/`[off]` mark
/// (the name, padded, then the count `n/m`).
fn category_name(rest: &str) -> String {
    let rest = rest.trim_end_matches('│').trim();
    match rest.rsplit_once(char::is_whitespace) {
        Some((name, count)) if count.contains('/') => name.trim().to_string(),
        _ => rest.to_string(),
    }
}

/// A value on the secret screen, by its label (`Auth Token`, `Account SID`).
pub fn secret_value(screen: &str, label: &str) -> Option<String> {
    screen.lines().find_map(|l| {
        let inner = l.trim_start_matches('│').trim_start();
        let value = inner.strip_prefix(label)?;
        let value = value.trim().trim_end_matches('│').trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// What the wizard was filled with by [`reach_create`].
pub struct Filled {
    /// The primary contact's name, as the list showed it.
    pub contact: String,
    /// The scope checked: (method, name as shown).
    pub scope: (String, String),
}

/// From a settled, connected wizard: fills Setup with `name`, picks the
/// first contact and opens the Scopes panel. Returns the contact's name.
pub fn reach_scopes(pty: &Pty, name: &str) -> String {
    require_sandbox(pty);
    fill_setup(pty, name);
    let contact = pick_contact(pty);
    // Enter on the empty e-mail field is Next.
    pty.send_key(Key::Enter);
    pty.wait_for("╭ 3 API Scopes", T).or_fail();
    contact
}

/// From a settled, connected wizard: fills Setup with `name`, picks the
/// first contact, checks the first scope of the first category and opens
/// the Create panel, waiting until its review names the token.
pub fn reach_create(pty: &Pty, name: &str) -> Filled {
    let contact = reach_scopes(pty, name);
    let (_, mut picked) = check_first_scopes(pty, 1);
    pty.send_key(Key::Enter);
    pty.wait_until("the Create panel reviewing the token", T, |s| {
        let text = screen_text(s);
        text.contains("╭ 4 Create") && review_names(&text, name)
    })
    .or_fail();
    Filled {
        contact,
        scope: picked.remove(0),
    }
}

/// Whether the review on screen shows `name` as the Token Name.
pub fn review_names(screen: &str, name: &str) -> bool {
    screen.lines().any(|l| {
        let inner = l.trim_start_matches('│').trim_start();
        inner
            .strip_prefix("Token Name")
            .is_some_and(|v| v.trim().trim_end_matches('│').trim() == name)
    })
}

/// The new credentials read off the secret screen.
pub struct Secret {
    /// The new token's Account SID.
    pub account_sid: String,
    /// The new token's Auth Token.
    pub auth_token: String,
    /// The screen they were read from.
    pub screen: String,
}

/// Waits for the secret screen and reads the new credentials off it.
pub fn wait_secret(pty: &Pty) -> Secret {
    let screen = pty
        .wait_until("the secret screen with the new credentials", CREATE, |s| {
            let text = screen_text(s);
            text.contains("Token created")
                && secret_value(&text, "Auth Token").is_some()
                && secret_value(&text, "Account SID").is_some()
        })
        .or_fail();
    let auth_token = secret_value(&screen, "Auth Token").unwrap_or_default();
    let account_sid = secret_value(&screen, "Account SID").unwrap_or_default();
    assert!(
        auth_token.len() >= 16 && !auth_token.contains(' '),
        "the Auth Token looks wrong: {auth_token:?}\n{screen}"
    );
    Secret {
        account_sid,
        auth_token,
        screen,
    }
}
