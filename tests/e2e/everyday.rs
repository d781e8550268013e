//! End-to-end: everyday features of the real binary in a pseudo-terminal.
//! Scope search, presets (apply, undo, save), spec files (export, then
//! create from one), the token test on the secret screen, the first run
//! (welcome, sandbox, profile form), colour and ASCII fallbacks, OSC 52
//! copying (plain and inside tmux) and the key list at 80×24.
//!
//! Expected counts (matches, what a preset adds) come from the bundled
//! catalog, which the sandbox also serves; everything else is read off the
//! screen, the files the program writes and the bytes it sends.

use crate::common;

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use base64::Engine;
use common::pty::{Key, Options, OrFail, Pty, TestDir, escape, find, screen_lines, screen_text};
use common::wizard::{
    CREATE, DESCRIPTION, check_first_scopes, check_scope, cursor, move_cursor, name_prefix,
    reach_create, reach_scopes, review_names, scope_row, selected, wait_secret, wait_selected,
};
use common::{T, check, sandbox, start, status_line};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::model::spec::{self, Format};

/// The open panel whose top border carries `title` (e.g. "3 API Scopes"):
/// its top border row, and the rows inside it with the side borders cut off.
fn open_panel(screen: &str, title: &str) -> Option<(String, Vec<String>)> {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.starts_with(&format!("╭ {title} ")))?;
    let bottom = top + 1 + lines[top + 1..].iter().position(|l| l.starts_with('╰'))?;
    let inside = lines[top + 1..bottom]
        .iter()
        .map(|l| {
            let l = l.strip_prefix('│').unwrap_or(l);
            l.strip_suffix('│').unwrap_or(l).trim_end().to_string()
        })
        .collect();
    Some((lines[top].to_string(), inside))
}

/// A category row of the scope tree: (name, "n/m" count).
fn category_row(line: &str) -> Option<(String, String)> {
    let at = line.find("[on] ").or_else(|| line.find("[off]"))?;
    let rest = line[at + 5..].trim_end_matches('│').trim();
    let (name, count) = rest.rsplit_once(char::is_whitespace)?;
    count
        .contains('/')
        .then(|| (name.trim().to_string(), count.to_string()))
}

/// The scope tree's rows on screen (the Scopes panel's inside, less the
/// search line when it shows), blank rows left out.
fn tree_rows(screen: &str) -> Vec<String> {
    let Some((_, inside)) = open_panel(screen, "3 API Scopes") else {
        return Vec::new();
    };
    let searching = inside
        .first()
        .is_some_and(|l| l.trim_start_matches(['›', ' ']).starts_with("/ "));
    inside
        .into_iter()
        .skip(usize::from(searching))
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// Moves the tree cursor down until its row satisfies `pred` (at most
/// `max` steps); returns the row.
fn cursor_down_to(pty: &Pty, what: &str, max: usize, pred: impl Fn(&str) -> bool) -> String {
    for _ in 0..max {
        let line = cursor(pty);
        if pred(&line) {
            return line;
        }
        move_cursor(pty, Key::Down);
    }
    let line = cursor(pty);
    check(
        pty,
        pred(&line),
        &format!("the tree cursor never reached {what}"),
    );
    line
}

/// Whether a scope matches a search query the way the README says:
/// category, name, method, path or Id, ignoring case.
fn scope_matches(catalog: &Catalog, si: usize, query: &str) -> bool {
    let s = catalog.scope(si);
    let q = query.to_lowercase();
    [
        catalog.categories[s.category].name.as_str(),
        s.name,
        s.method,
        s.path,
        s.id,
    ]
    .iter()
    .any(|f| f.to_lowercase().contains(&q))
}

/// The Id of the scope shown as `method name` (the name possibly cut with
/// `…`), found in the catalog; fails unless exactly one matches.
fn scope_id(catalog: &Catalog, method: &str, shown: &str) -> String {
    let prefix = name_prefix(shown);
    let found: Vec<&str> = catalog
        .scopes()
        .filter(|s| s.method == method && s.name.starts_with(&prefix))
        .map(|s| s.id)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "scope {method} {shown:?}: not exactly one in the catalog: {found:?}"
    );
    found[0].to_string()
}

/// Each scope row on screen, with the text of its underlined cells (the
/// highlighted match).
fn highlighted_scope_rows(screen: &vt100::Screen) -> Vec<(String, String)> {
    let (rows, cols) = screen.size();
    let mut out = Vec::new();
    for r in 0..rows {
        let mut text = String::new();
        let mut underlined = String::new();
        for c in 0..cols {
            let cell = screen.cell(r, c).unwrap();
            match cell.contents() {
                "" if !cell.is_wide_continuation() => text.push(' '),
                s => text.push_str(s),
            }
            if cell.underline() {
                underlined.push_str(cell.contents());
            }
        }
        if scope_row(&text).is_some() {
            out.push((text.trim_end().to_string(), underlined));
        }
    }
    out
}

/// Waits until the search line shows the whole `query` and the Scopes
/// panel's title `badge` (a prefix of the query may match as many).
fn wait_search(pty: &Pty, query: &str, badge: &str) -> String {
    pty.wait_until(
        &format!("the search for {query:?} and {badge:?} in the panel title"),
        T,
        |s| {
            open_panel(&screen_text(s), "3 API Scopes").is_some_and(|(top, inside)| {
                top.contains(badge)
                    && inside
                        .first()
                        .is_some_and(|l| l.contains(&format!("/ {query} ")))
            })
        },
    )
    .or_fail()
}

// ----- scope search -----

#[test]
fn scope_search_filters_highlights_and_keeps_the_selection() {
    let query = "legal";
    let catalog = Catalog::bundled(AccountType::Brand);
    let hits: Vec<usize> = (0..catalog.len())
        .filter(|&i| scope_matches(&catalog, i, query))
        .collect();
    let hit_categories: BTreeSet<String> = hits
        .iter()
        .map(|&i| catalog.categories[catalog.scope(i).category].name.clone())
        .collect();
    let hit_scopes: BTreeSet<(String, String)> = hits
        .iter()
        .map(|&i| {
            let s = catalog.scope(i);
            (s.method.to_string(), s.name.to_string())
        })
        .collect();
    assert!(
        (2..=8).contains(&hits.len()) && hits.len() + hit_categories.len() <= 13,
        "{query:?} should match a few scopes that fit on one screen: {hit_scopes:?}"
    );
    // The scope checked first comes from a category the query does not match.
    let other = catalog
        .categories
        .iter()
        .find(|c| !hit_categories.contains(&c.name))
        .expect("a category without matches")
        .name
        .clone();

    let pty = start(sandbox());
    reach_scopes(&pty, "e2e-search");
    cursor_down_to(&pty, &format!("the category {other:?}"), 10, |l| {
        category_row(l).is_some_and(|(n, _)| n == other)
    });
    let (category, first) = check_first_scopes(&pty, 1);
    assert_eq!(category, other);
    let first = first[0].clone();

    // `/` opens the search line; typing filters as it goes.
    pty.send("/");
    pty.wait_for("type to search", T).or_fail();
    pty.send(query);
    let badge = format!("{} matches · 1 selected", hits.len());
    let screen = wait_search(&pty, query, &badge);
    let (_, inside) = open_panel(&screen, "3 API Scopes").unwrap();
    check(
        &pty,
        inside[0].contains(query) && inside[0].contains(&format!("{} matches", hits.len())),
        "the search line should show the query and the count",
    );
    let only_matches = |screen: &str| -> Vec<String> {
        let mut problems = Vec::new();
        let rows = tree_rows(screen);
        let cats: BTreeSet<String> = rows
            .iter()
            .filter_map(|l| category_row(l).map(|(n, _)| n))
            .collect();
        if cats != hit_categories {
            problems.push(format!(
                "categories shown {cats:?}, want {hit_categories:?}"
            ));
        }
        let scopes: BTreeSet<(String, String)> = rows
            .iter()
            .filter_map(|l| scope_row(l).map(|(_, m, n)| (m, n)))
            .collect();
        if scopes != hit_scopes {
            problems.push(format!("scopes shown {scopes:?}, want {hit_scopes:?}"));
        }
        if rows.len() != cats.len() + scopes.len() {
            problems.push(format!(
                "rows that are neither category nor scope: {rows:#?}"
            ));
        }
        problems
    };
    let problems = only_matches(&screen);
    check(
        &pty,
        problems.is_empty(),
        &format!("the filtered tree: {problems:?}"),
    );

    // Each shown scope has the match highlighted (underlined), and only it.
    let marked = pty.with_screen(highlighted_scope_rows);
    check(
        &pty,
        marked.len() == hits.len(),
        &format!("expected {} scope rows, found {marked:#?}", hits.len()),
    );
    for (row, underlined) in &marked {
        check(
            &pty,
            underlined.eq_ignore_ascii_case(query),
            &format!("row {row:?}: the highlighted text is {underlined:?}, want {query:?}"),
        );
    }

    // Enter keeps the filter while moving.
    pty.send_key(Key::Enter);
    let screen = pty.wait_for("Space toggle", T).or_fail();
    check(
        &pty,
        screen.contains(&badge) && only_matches(&screen).is_empty(),
        "Enter should keep the filter",
    );
    cursor_down_to(&pty, "a shown scope", 5, |l| {
        matches!(scope_row(l), Some((false, _, _)))
    });
    let (method, name) = check_scope(&pty);
    check(
        &pty,
        hit_scopes.contains(&(method.clone(), name.clone())),
        &format!("{method} {name:?} is not one of the matches"),
    );
    let screen = pty.screen();
    check(
        &pty,
        screen.contains(&format!("{} matches · 2 selected", hits.len()))
            && only_matches(&screen).is_empty(),
        "still filtered after Space, now 2 selected",
    );

    // Esc clears the filter: the whole tree is back, the selection kept.
    pty.send_key(Key::Esc);
    let screen = pty
        .wait_until("the filter cleared", T, |s| {
            open_panel(&screen_text(s), "3 API Scopes")
                .is_some_and(|(top, _)| !top.contains("matches") && top.contains("2 selected"))
        })
        .or_fail();
    let rows = tree_rows(&screen);
    let shown: Vec<String> = rows
        .iter()
        .filter_map(|l| category_row(l).map(|(n, _)| n))
        .collect();
    let names: Vec<&str> = catalog.categories.iter().map(|c| c.name.as_str()).collect();
    let start_at = names
        .iter()
        .position(|n| Some(*n) == shown.first().map(String::as_str));
    check(
        &pty,
        shown.len() >= 5
            && start_at.is_some_and(|s| {
                names[s..].starts_with(&shown.iter().map(String::as_str).collect::<Vec<_>>())
            }),
        &format!("the full tree should be back, categories in catalog order: {shown:?}"),
    );
    check(
        &pty,
        !screen.contains(&format!("/ {query}")),
        "the search line should be gone",
    );
    for cat in hit_categories.iter().chain([&other]) {
        let count = rows
            .iter()
            .find_map(|l| category_row(l).filter(|(n, _)| n == cat).map(|(_, c)| c));
        check(
            &pty,
            count.as_deref().is_some_and(|c| c.starts_with("1/")),
            &format!("{cat:?} should show 1 selected, got {count:?}"),
        );
    }
    let first_row = rows
        .iter()
        .find_map(|l| scope_row(l).filter(|(_, m, n)| *m == first.0 && *n == first.1));
    check(
        &pty,
        matches!(first_row, Some((true, _, _))),
        &format!("the scope checked before searching ({first:?}) should still be checked"),
    );
}

#[test]
fn scope_search_shows_why_a_path_matches() {
    // "media" is in no category or scope name, only in paths
    // (/MediaPartners, /MediaPartnerGroups): the README says such a match is
    // shown beside the name, highlighted, so each row says why it is there.
    let query = "media";
    let catalog = Catalog::bundled(AccountType::Brand);
    let hits: Vec<usize> = (0..catalog.len())
        .filter(|&i| scope_matches(&catalog, i, query))
        .collect();
    assert!(
        hits.iter().all(|&i| {
            let s = catalog.scope(i);
            !s.name.to_lowercase().contains(query)
                && !catalog.categories[s.category]
                    .name
                    .to_lowercase()
                    .contains(query)
        }) && (2..=12).contains(&hits.len()),
        "{query:?} should match a few scopes by path only"
    );

    let pty = start(sandbox());
    reach_scopes(&pty, "e2e-search-path");
    pty.send("/");
    pty.wait_for("type to search", T).or_fail();
    pty.send(query);
    wait_search(&pty, query, &format!("{} matches · 0 selected", hits.len()));
    let rows = pty.with_screen(highlighted_scope_rows);
    check(
        &pty,
        rows.len() == hits.len(),
        &format!("expected {} scope rows, found {rows:#?}", hits.len()),
    );
    let unexplained: Vec<&String> = rows
        .iter()
        .filter(|(_, marked)| !marked.eq_ignore_ascii_case(query))
        .map(|(row, _)| row)
        .collect();
    check(
        &pty,
        unexplained.is_empty(),
        &format!(
            "rows that match {query:?} only in the path but do not show the match \
             (the path is cut before it):\n{}",
            unexplained
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    );
}

// ----- presets -----

/// Opens the preset list and moves its cursor to `name`; returns the screen.
fn choose_preset(pty: &Pty, name: &str) -> String {
    pty.send("p");
    pty.wait_for("Enter review the change", T).or_fail();
    for _ in 0..10 {
        let screen = pty.screen();
        if screen.lines().any(|l| l.contains(&format!("› {name} "))) {
            return screen;
        }
        let before = screen;
        pty.send("j");
        pty.wait_until("the preset cursor to move", T, |s| screen_text(s) != before)
            .or_fail();
    }
    panic!(
        "{}",
        pty.failure(&format!("no preset {name:?} in the list"), &pty.screen())
    );
}

#[test]
fn presets_show_the_change_and_undo() {
    let catalog = Catalog::bundled(AccountType::Brand);
    let reporting: Vec<usize> = catalog
        .categories
        .iter()
        .filter(|c| c.name == "Reports & Exports" || c.name == "Jobs")
        .flat_map(|c| c.range.clone())
        .filter(|&i| catalog.scope(i).method == "GET")
        .collect();
    let adds = reporting.len();
    assert_eq!(adds, 7, "the brand catalog changed: reporting adds {adds}");

    let dir = TestDir::new();
    let pty = start(sandbox().dir(dir.path()));
    reach_scopes(&pty, "e2e-presets");
    wait_selected(&pty, 0);

    let apply_reporting = || {
        choose_preset(&pty, "reporting");
        pty.send_key(Key::Enter);
        let question = pty
            .wait_for(&format!("It adds {adds} and removes 0 scopes"), T)
            .or_fail();
        check(
            &pty,
            question.contains("Apply 'reporting'?"),
            "the question should name the preset",
        );
        for &i in &reporting {
            let s = catalog.scope(i);
            check(
                &pty,
                question
                    .lines()
                    .any(|l| l.contains(&format!("+ {:<7}{}", s.method, s.name))),
                &format!("the change should list + {} {}", s.method, s.name),
            );
        }
        pty.send("y");
        let screen = wait_selected(&pty, adds);
        check(
            &pty,
            status_line(&screen).contains(&format!("Applied 'reporting': +{adds} −0")),
            "the status line should sum up what was applied",
        );
    };
    apply_reporting();

    pty.send("u");
    let screen = pty.wait_for("Selection restored.", T).or_fail();
    check(
        &pty,
        selected(&screen) == Some(0),
        "u should undo: 0 selected",
    );

    // Save a selection by name; it lands in presets.toml and in the list.
    apply_reporting();
    pty.send("S");
    pty.wait_for("Save the selection as a preset", T).or_fail();
    pty.send("mine");
    pty.wait_for("mine", T).or_fail();
    pty.send_key(Key::Enter);
    pty.wait_for("Saved preset 'mine'.", T).or_fail();

    let path = dir
        .path()
        .join("config")
        .join("impact-token")
        .join("presets.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let saved: BTreeSet<&str> = doc
        .get("brand")
        .and_then(|b| b.get("mine"))
        .and_then(|m| m.get("scopes"))
        .and_then(|s| s.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let want: BTreeSet<&str> = reporting.iter().map(|&i| catalog.scope(i).id).collect();
    assert_eq!(saved, want, "presets.toml should hold brand.mine:\n{text}");

    let list = choose_preset(&pty, "reporting");
    check(
        &pty,
        list.lines()
            .any(|l| l.contains(" mine ") && l.contains(&format!("your preset: {adds} scopes"))),
        "the preset list should offer 'mine'",
    );
}

// ----- spec files -----

/// On the Create panel: `e`, the suggested name replaced by `path`, Enter;
/// waits for the note that it was written.
fn export_to(pty: &Pty, path: &Path) {
    pty.send("e");
    let screen = pty
        .wait_for("Export the request (no secret) to", T)
        .or_fail();
    let suggested = screen
        .lines()
        .skip_while(|l| !l.contains("Export the request (no secret) to"))
        .nth(1)
        .map(|l| {
            l.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .to_string()
        })
        .unwrap_or_default();
    check(
        pty,
        suggested.ends_with(".toml"),
        &format!("a TOML file name should be suggested, got {suggested:?}"),
    );
    pty.send_bytes(&Key::Backspace.bytes().repeat(suggested.chars().count()));
    pty.wait_gone(&suggested, T).or_fail();
    let shown = path.display().to_string();
    pty.send(&shown);
    pty.wait_for(&shown, T).or_fail();
    pty.send_key(Key::Enter);
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    pty.wait_until("\"Exported to\" on the status line", T, |s| {
        let status = status_line(&screen_text(s));
        status.contains("Exported to") && status.contains(&name)
    })
    .or_fail();
}

#[test]
fn export_then_create_from_the_spec() {
    let name = "e2e-export";
    let dir = TestDir::new();
    let toml_path = dir.path().join("spec.toml");
    let json_path = dir.path().join("spec.json");
    let catalog = Catalog::bundled(AccountType::Brand);

    let mut pty = start(sandbox().dir(dir.path()));
    let filled = reach_create(&pty, name);
    let id = scope_id(&catalog, &filled.scope.0, &filled.scope.1);
    export_to(&pty, &toml_path);
    export_to(&pty, &json_path);
    pty.send("q");
    pty.wait_for("Quit? What you entered is kept as a draft.", T)
        .or_fail();
    pty.send("y");
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
    pty.assert_restored();
    drop(pty);

    let bundled = |t| Catalog::bundled(t);
    let toml_text = std::fs::read_to_string(&toml_path).unwrap();
    let from_toml = spec::parse(&toml_text, Format::Toml, Some(AccountType::Brand), &bundled)
        .unwrap_or_else(|e| panic!("the TOML export does not parse: {e}\n{toml_text}"));
    let r = &from_toml.request;
    assert_eq!(r.name, name, "{toml_text}");
    assert_eq!(r.description, DESCRIPTION, "{toml_text}");
    assert_eq!(r.scopes, vec![id.clone()], "{toml_text}");
    assert!(r.developer_emails.is_empty(), "{toml_text}");
    assert!(
        !r.primary_contact_user_id.is_empty(),
        "no contact in the export:\n{toml_text}"
    );
    let json_text = std::fs::read_to_string(&json_path).unwrap();
    let from_json = spec::parse(&json_text, Format::Json, Some(AccountType::Brand), &bundled)
        .unwrap_or_else(|e| panic!("the JSON export does not parse: {e}\n{json_text}"));
    assert_eq!(from_json, from_toml, "JSON and TOML exports differ");
    let v: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    let s = catalog.scope(catalog.index_of(&id).unwrap());
    assert_eq!(
        v["scopes"][0],
        serde_json::json!({"id": id, "method": s.method, "path": s.path}),
        "in JSON each scope is {{id, method, path}}:\n{json_text}"
    );

    // The spec opens the wizard at the review; Enter creates.
    let spec_arg = toml_path.display().to_string();
    let pty =
        Pty::start(Options::new(&["create", "--spec", &spec_arg, "--sandbox"]).dir(dir.path()));
    let prefix = name_prefix(&filled.scope.1);
    let review = pty
        .wait_until("the Create panel reviewing the spec", T, |s| {
            let text = screen_text(s);
            text.contains("╭ 4 Create")
                && review_names(&text, name)
                && text.contains(&filled.contact)
                && text.contains(DESCRIPTION)
                && text
                    .lines()
                    .any(|l| l.contains(&filled.scope.0) && l.contains(&prefix))
        })
        .or_fail();
    check(
        &pty,
        review.contains("1 selected in 1 category"),
        "the review should count the scope",
    );
    pty.send_key(Key::Enter);
    let secret = wait_secret(&pty);
    assert!(
        secret.screen.contains(name),
        "the secret screen should name the token:\n{}",
        secret.screen
    );
}

// ----- the token test -----

#[test]
fn token_test_shows_allowed_and_refused() {
    let pty = start(sandbox());
    reach_scopes(&pty, "e2e-token-test");
    // Account Information: CompanyInformation and a legal entity (a GET
    // beyond CompanyInformation); the list of legal entities stays off.
    let (category, picked) = check_first_scopes(&pty, 1);
    assert_eq!(category, "Account Information");
    assert_eq!(picked[0].1, "Get Company Information");
    cursor_down_to(&pty, "Get a Single Legal Entity", 4, |l| {
        l.contains("Get a Single Legal Entity")
    });
    check_scope(&pty);
    wait_selected(&pty, 2);
    pty.send_key(Key::Enter);
    pty.wait_until("the Create panel", T, |s| {
        let text = screen_text(s);
        text.contains("╭ 4 Create") && review_names(&text, "e2e-token-test")
    })
    .or_fail();
    pty.send_key(Key::Enter);
    wait_secret(&pty);

    pty.send("t");
    let screen = pty
        .wait_until("the token test's answers", CREATE, |s| {
            let text = screen_text(s);
            text.contains("403 not in scope") && text.contains("200 allowed")
        })
        .or_fail();
    let row = |path: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!("GET {path} ")))
            .unwrap_or_default()
            .to_string()
    };
    // One GET from inside the token's scopes (CompanyInformation is one of
    // them here), one from outside.
    for (path, verdict) in [
        ("/CompanyInformation", "200 allowed"),
        ("/LegalEntities", "403 not in scope, as selected"),
    ] {
        check(
            &pty,
            row(path).contains(verdict),
            &format!("GET {path} should say {verdict:?}, got {:?}", row(path)),
        );
    }
    check(
        &pty,
        !screen.contains('!'),
        "no answer should be flagged unexpected",
    );
}

// ----- first run -----

#[test]
fn first_run_welcome_then_sandbox() {
    let pty = Pty::start(Options::new(&[]));
    let screen = pty.wait_for("No profile is set up yet", T).or_fail();
    check(
        &pty,
        screen.contains("Welcome to impact-token") && screen.contains("first run"),
        "the welcome screen and its header",
    );
    pty.send("s");
    common::open_wizard(&pty);
    let screen = pty
        .wait_until("the wizard connected to the sandbox", T, |s| {
            let header = screen_lines(s)[0].clone();
            header.contains("Demo Brand Inc.") && header.contains("SANDBOX")
        })
        .or_fail();
    check(
        &pty,
        screen.contains("╭ 1 Setup") && screen.contains("BRAND"),
        "the Setup panel of a brand account",
    );
    let config = pty
        .dir()
        .join("config")
        .join("impact-token")
        .join("config.toml");
    assert!(
        !config.exists(),
        "trying the sandbox must not write {config:?}"
    );
}

#[test]
fn first_run_profile_setup_writes_only_after_yes() {
    let pty = Pty::start(Options::new(&[]));
    pty.wait_for("No profile is set up yet", T).or_fail();
    pty.send("p");
    let screen = pty.wait_for("Set up a profile", T).or_fail();
    check(
        &pty,
        screen.contains("› Profile name"),
        "the name field focused",
    );

    let clear = |pty: &Pty, shown: &str| {
        pty.send_bytes(&Key::Backspace.bytes().repeat(shown.chars().count()));
    };
    // Pre-filled "default"; replaced.
    clear(&pty, "default");
    pty.send("e2e-prof");
    pty.wait_for("e2e-prof", T).or_fail();
    pty.send_key(Key::Tab);
    pty.wait_for("› Account type", T).or_fail();
    pty.send_key(Key::Right);
    pty.wait_for("(partner)", T).or_fail();
    pty.send_key(Key::Tab);
    pty.wait_for("› Account SID", T).or_fail();
    pty.send("IRE2EPROFILE0001");
    pty.wait_for("IRE2EPROFILE0001", T).or_fail();
    pty.send_key(Key::Tab);
    pty.wait_for("› API URL", T).or_fail();
    pty.send("http://127.0.0.1:9");
    pty.wait_for("http://127.0.0.1:9", T).or_fail();
    pty.send_key(Key::Tab);
    pty.wait_for("› Auth Token variable", T).or_fail();
    clear(&pty, "IMPACT_AUTH_TOKEN");
    pty.wait_gone("IMPACT_AUTH_TOKEN", T).or_fail();
    pty.send("E2E_PROFILE_TOKEN");
    pty.wait_for("E2E_PROFILE_TOKEN", T).or_fail();

    let config = pty
        .dir()
        .join("config")
        .join("impact-token")
        .join("config.toml");
    pty.send_key(Key::Enter);
    pty.wait_for("Write this profile to", T).or_fail();
    assert!(!config.exists(), "config.toml written before the answer");
    pty.send("n");
    pty.wait_gone("Write this profile to", T).or_fail();
    assert!(!config.exists(), "config.toml written after no");

    pty.send_key(Key::Enter);
    pty.wait_for("Write this profile to", T).or_fail();
    pty.send("y");
    let screen = pty
        .wait_for("Credentials of the user creating the token", T)
        .or_fail();
    check(
        &pty,
        screen.contains("IRE2EPROFILE0001"),
        "the prompt should hold the profile's Account SID",
    );
    let text =
        std::fs::read_to_string(&config).unwrap_or_else(|e| panic!("{}: {e}", config.display()));
    let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let profile = doc
        .get("profiles")
        .and_then(|p| p.get("e2e-prof"))
        .unwrap_or_else(|| panic!("no [profiles.e2e-prof]:\n{text}"));
    for (key, want) in [
        ("account_type", "partner"),
        ("account_sid", "IRE2EPROFILE0001"),
        ("api_url", "http://127.0.0.1:9"),
        ("auth_token_env", "E2E_PROFILE_TOKEN"),
    ] {
        assert_eq!(
            profile.get(key).and_then(|v| v.as_str()),
            Some(want),
            "{key} in:\n{text}"
        );
    }
    let mode = std::fs::metadata(&config).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "config.toml has mode {mode:o}");
}

// ----- colour and ASCII -----

/// Every SGR (`CSI … m`) parameter list in `raw`, as numbers; an empty
/// list means 0.
fn sgr_params(raw: &[u8]) -> Vec<Vec<u16>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < raw.len() {
        if raw[i] != 0x1b || raw[i + 1] != b'[' {
            i += 1;
            continue;
        }
        let start = i + 2;
        let mut j = start;
        while j < raw.len() && (0x20..=0x3f).contains(&raw[j]) {
            j += 1;
        }
        if j < raw.len() && raw[j] == b'm' {
            let params = &raw[start..j];
            // A private marker (`<=>?`) makes it another sequence.
            if !params.first().is_some_and(|b| (b'<'..=b'?').contains(b)) {
                out.push(
                    params
                        .split(|b| *b == b';' || *b == b':')
                        .map(|p| std::str::from_utf8(p).unwrap_or("").parse().unwrap_or(0))
                        .collect(),
                );
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// The colour parameters among SGR lists: 30–38, 40–48, 90–97, 100–107
/// (39 and 49, back to the default colour, are not colours). Extended
/// colours are given whole (`38;5;245`).
fn colour_params(lists: &[Vec<u16>]) -> Vec<String> {
    let mut out = Vec::new();
    for list in lists {
        let mut k = 0;
        while k < list.len() {
            let p = list[k];
            match p {
                38 | 48 => {
                    let n = match list.get(k + 1) {
                        Some(5) => 3,
                        Some(2) => 5,
                        _ => 1,
                    };
                    let end = (k + n).min(list.len());
                    out.push(
                        list[k..end]
                            .iter()
                            .map(u16::to_string)
                            .collect::<Vec<_>>()
                            .join(";"),
                    );
                    k = end;
                    continue;
                }
                30..=37 | 40..=47 | 90..=97 | 100..=107 => out.push(p.to_string()),
                _ => {}
            }
            k += 1;
        }
    }
    out
}

/// Cells of the parsed screen that are not ASCII: (row, column, content).
fn non_ascii_cells(screen: &vt100::Screen) -> Vec<(u16, u16, String)> {
    let (rows, cols) = screen.size();
    let mut out = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let s = screen.cell(r, c).map(|c| c.contents()).unwrap_or_default();
            if !s.is_ascii() {
                out.push((r, c, s.to_string()));
            }
        }
    }
    out
}

/// Fails unless every cell on screen is ASCII.
fn assert_ascii(pty: &Pty, when: &str) {
    let bad = pty.with_screen(non_ascii_cells);
    check(
        pty,
        bad.is_empty(),
        &format!("non-ASCII cells {when}: {:?}", &bad[..bad.len().min(12)]),
    );
}

/// An ASCII-only run from Setup to a checked scope and a search, checking
/// every cell of every step.
fn walk_in_ascii(opts: Options, how: &str) {
    let pty = Pty::start(opts);
    common::open_wizard(&pty);
    pty.wait_until("the Setup panel, connected", T, |s| {
        let text = screen_text(s);
        text.contains("Demo Brand Inc.") && text.contains("+ 1 Setup ")
    })
    .or_fail();
    assert_ascii(&pty, &format!("{how}: Setup panel"));
    pty.send("e2e-ascii");
    pty.wait_for("e2e-ascii", T).or_fail();
    pty.send_key(Key::Tab);
    pty.wait_for("> Description", T).or_fail();
    pty.send("ascii run");
    pty.wait_for("ascii run", T).or_fail();
    assert_ascii(&pty, &format!("{how}: Setup filled"));
    pty.send_key(Key::Enter);
    pty.wait_for("> API Version", T).or_fail();
    assert_ascii(&pty, &format!("{how}: version picker"));
    pty.send_key(Key::Enter);
    pty.wait_until("the users listed", T, |s| {
        let text = screen_text(s);
        text.contains("+ 2 Contact Information ") && text.contains("> ( ) ")
    })
    .or_fail();
    assert_ascii(&pty, &format!("{how}: Contact panel"));
    pty.send_key(Key::Enter);
    pty.wait_for("(*) ", T).or_fail();
    pty.send_key(Key::Enter);
    pty.wait_for("+ 3 API Scopes ", T).or_fail();
    assert_ascii(&pty, &format!("{how}: scope tree"));
    let cursor_row = |s: &vt100::Screen| {
        screen_lines(s)
            .into_iter()
            .find(|l| l.starts_with("|>"))
            .unwrap_or_default()
    };
    pty.send_key(Key::Space);
    pty.wait_until("the category on and expanded", T, |s| {
        let l = cursor_row(s);
        l.contains("[on]") && l.contains(" - ")
    })
    .or_fail();
    pty.send_key(Key::Down);
    pty.send_key(Key::Space);
    pty.wait_until("a scope checked", T, |s| cursor_row(s).contains("[x]"))
        .or_fail();
    assert_ascii(&pty, &format!("{how}: scope tree expanded"));
    pty.send("/");
    pty.send("legal");
    pty.wait_for("2 matches", T).or_fail();
    assert_ascii(&pty, &format!("{how}: scope search"));
}

/// Runs `--sandbox` with `env` to the Setup panel, then the Scopes panel
/// with one scope checked. Returns the colour parameters in everything it
/// wrote, and where colour shows: text in colour on the Setup panel's first
/// frame and on the last screen, for failure messages.
fn colours_written(env: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let opts = env.iter().fold(sandbox(), |o, (k, v)| o.env(k, v));
    let pty = start(opts);
    let mut shown = pty.with_screen(coloured_text);
    reach_scopes(&pty, "e2e-colours");
    check_first_scopes(&pty, 1);
    pty.wait_quiet(std::time::Duration::from_millis(100), T)
        .or_fail();
    shown.extend(pty.with_screen(coloured_text));
    (colour_params(&sgr_params(&pty.raw())), shown)
}

/// Runs of text drawn in a colour: "row N: \"text\" fg … bg …".
fn coloured_text(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    let mut out = Vec::new();
    for r in 0..rows {
        let mut run: Option<(String, vt100::Color, vt100::Color)> = None;
        for c in 0..=cols {
            let cell = screen.cell(r, c);
            let colour = cell
                .map(|x| (x.fgcolor(), x.bgcolor()))
                .filter(|(f, b)| *f != vt100::Color::Default || *b != vt100::Color::Default);
            match (&mut run, colour) {
                (Some((text, f, b)), Some((f2, b2))) if (*f, *b) == (f2, b2) => {
                    text.push_str(cell.unwrap().contents())
                }
                _ => {
                    if let Some((text, f, b)) = run.take() {
                        out.push(format!("row {r}: {text:?} fg {f:?} bg {b:?}"));
                    }
                    run = colour.map(|(f, b)| (cell.unwrap().contents().to_string(), f, b));
                }
            }
        }
    }
    out
}

#[test]
fn colours_follow_term() {
    // The parser itself: colours found, attributes not.
    assert_eq!(
        colour_params(&sgr_params(b"\x1b[1;4m\x1b[0;7m\x1b[m\x1b[?25l\x1b[39m")),
        Vec::<String>::new()
    );
    assert_eq!(
        colour_params(&sgr_params(b"\x1b[1;36m\x1b[38;5;245mx\x1b[90;43m")),
        ["36", "38;5;245", "90", "43"]
    );

    let (with_256, _) = colours_written(&[]);
    assert!(
        with_256.iter().any(|c| c.starts_with("38;5;")),
        "TERM=xterm-256color should get some 256-colour shades: {with_256:?}"
    );
    let (with_16, _) = colours_written(&[("TERM", "xterm")]);
    assert!(
        !with_16.is_empty()
            && with_16
                .iter()
                .all(|c| !c.starts_with("38;") && !c.starts_with("48;")),
        "TERM=xterm should get only the 16 standard colours: {with_16:?}"
    );
}

#[test]
fn ascii_under_lang_c() {
    walk_in_ascii(sandbox().env("LANG", "C"), "LANG=C");
}

#[test]
fn ascii_with_the_flag() {
    walk_in_ascii(Options::new(&["--sandbox", "--ascii"]), "--ascii");
}

#[test]
fn no_color_sends_no_colour() {
    let (no_color, shown) = colours_written(&[("NO_COLOR", "1")]);
    assert!(
        no_color.is_empty(),
        "with NO_COLOR=1 no colour may be sent, found: {:?}; drawn in colour:\n{}",
        no_color.iter().collect::<BTreeSet<_>>(),
        shown.join("\n")
    );
}

// ----- OSC 52 -----

/// Creates a token, presses `c` on the secret screen and returns the
/// screen, the Auth Token shown and the bytes written after the key.
fn copy_secret(opts: Options) -> (String, String, Vec<u8>) {
    let pty = start(opts);
    reach_create(&pty, "e2e-copy");
    pty.send_key(Key::Enter);
    let secret = wait_secret(&pty);
    let mark = pty.bytes_len();
    pty.send("c");
    let screen = pty.wait_for("Sent to the clipboard", T).or_fail();
    (screen, secret.auth_token, pty.bytes_since(mark))
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn osc52_copy_plain() {
    let (screen, token, bytes) = copy_secret(sandbox());
    let osc = format!("\x1b]52;c;{}\x07", b64(&token));
    assert!(
        find(&bytes, osc.as_bytes()).is_some(),
        "no OSC 52 with the token shown ({token}); bytes after c:\n{}",
        escape(&bytes)
    );
    assert!(
        find(&bytes, b"\x1bPtmux;").is_none(),
        "outside tmux the sequence must not be wrapped"
    );
    assert!(
        screen.contains("OSC 52"),
        "the note should say how:\n{screen}"
    );
}

#[test]
fn osc52_copy_inside_tmux() {
    let (screen, token, bytes) = copy_secret(sandbox().env("TMUX", "/tmp/fake,1,0"));
    let wrapped = format!("\x1bPtmux;\x1b\x1b]52;c;{}\x07\x1b\\", b64(&token));
    assert!(
        find(&bytes, wrapped.as_bytes()).is_some(),
        "no tmux-wrapped OSC 52 with the token shown ({token}); bytes after c:\n{}",
        escape(&bytes)
    );
    let bare = bytes
        .windows(5)
        .enumerate()
        .filter(|(_, w)| *w == b"\x1b]52;")
        .all(|(at, _)| at >= 8 && &bytes[at - 8..at] == b"\x1bPtmux;\x1b");
    assert!(
        bare,
        "an OSC 52 outside the tmux wrapping:\n{}",
        escape(&bytes)
    );
    assert!(
        screen.contains("through tmux"),
        "the note should mention tmux:\n{screen}"
    );
}

// ----- the key list -----

#[test]
fn help_lists_every_key_within_80x24() {
    let pty = start(sandbox());
    reach_scopes(&pty, "e2e-help");
    pty.send("?");
    let screen = pty.wait_for("any key closes this", T).or_fail();
    let lines: Vec<Vec<char>> = screen.split('\n').map(|l| l.chars().collect()).collect();
    assert_eq!(lines.len(), 24, "the screen is 24 rows");
    let text = |l: &[char]| l.iter().collect::<String>();
    let top = lines
        .iter()
        .position(|l| text(l).contains("╭ Keys "))
        .unwrap_or_else(|| panic!("no Keys title:\n{screen}"));
    let left = lines[top].iter().position(|c| *c == '╭').unwrap();
    let bottom = lines[top + 1..]
        .iter()
        .position(|l| l.get(left) == Some(&'╰'))
        .map(|b| top + 1 + b)
        .unwrap_or_else(|| panic!("the overlay's bottom border is not on screen:\n{screen}"));
    let right = lines[bottom]
        .iter()
        .rposition(|c| *c == '╯')
        .unwrap_or(left);
    // The rows inside the box, borders cut off.
    let overlay: Vec<String> = lines[top + 1..bottom]
        .iter()
        .map(|l| {
            let end = right.min(l.len());
            text(&l[(left + 1).min(end)..end])
        })
        .collect();
    let shown = overlay.join("\n");
    assert_eq!(
        overlay.last().map(|l| l.trim()),
        Some("any key closes this"),
        "the last line inside the box should say how to close it:\n{shown}"
    );
    for key in [
        "/",
        "p / u / S",
        "e ",
        "Space",
        "Esc",
        "F1 ?",
        "Home g / End G",
    ] {
        assert!(
            overlay.iter().any(|l| l.trim_start().starts_with(key)),
            "the key list has no row for {key:?}:\n{shown}"
        );
    }
    // The wizard's rows: the API page lists its own on the page.
    let page_rows = [
        impact_token::text::KEYS_TOKENS,
        impact_token::text::KEYS_FILTERS,
    ];
    let rows: Vec<_> = impact_token::tui::hints::help_rows(&Default::default())
        .into_iter()
        .filter(|(_, what)| !page_rows.contains(what))
        .collect();
    let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap();
    for (key, what) in rows {
        assert!(
            overlay
                .iter()
                .any(|l| l.contains(&format!(" {key:<width$} {what}"))),
            "the row for {key:?} is missing or cut ({what:?}):\n{shown}"
        );
    }
    // The secret screen's `t` (test the token) is a key like its `c` and
    // `s`: it belongs in the list too.
    assert!(
        overlay
            .iter()
            .any(|l| l.contains("t (secret screen)") || (l.contains(" t ") && l.contains("test"))),
        "the key list does not mention t (test the token on the secret screen):\n{shown}"
    );
}
