//! One table of exit statuses (`text::EXITS`): the top level's and every
//! subcommand's `--help`, the man page, README.md's table and the constants
//! of `commands::exit` agree with it.

use std::process::Command;

use impact_token::text::{EXIT_CODES_COMMON, EXIT_CODES_OWN, EXITS};

const BIN: &str = env!("CARGO_BIN_EXE_impact-token");

/// The binary's standard output for `args`, which must succeed.
fn output(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .env_remove("COLUMNS")
        .output()
        .expect("run the binary");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The table's rows as (code, meaning).
fn table(filter: impl Fn(&impact_token::text::Exit) -> bool) -> Vec<(u8, String)> {
    EXITS
        .iter()
        .filter(|e| filter(e))
        .map(|e| (e.code, e.meaning.to_string()))
        .collect()
}

/// The entries of a help's exit-status list: `NN  text` lines, each with
/// its continuation lines joined; stops at the first line that is neither.
fn entries(lines: &[&str]) -> Vec<(u8, String)> {
    let mut out: Vec<(u8, String)> = Vec::new();
    for line in lines {
        let trimmed = line.trim_start();
        let (first, rest) = trimmed.split_once("  ").unwrap_or((trimmed, ""));
        match first.parse::<u8>() {
            Ok(code) if line.len() - trimmed.len() <= 2 => out.push((code, rest.trim().into())),
            _ if line.starts_with("     ") && !out.is_empty() => {
                let last = out.last_mut().unwrap();
                last.1.push(' ');
                last.1.push_str(trimmed);
            }
            _ => break,
        }
    }
    out
}

/// Every command a user can type, as typed after `impact-token`.
fn every_command() -> Vec<String> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let p = format!("{path} {}", sub.get_name()).trim().to_string();
            out.push(p.clone());
            walk(sub, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(&impact_token::cli::command(), "", &mut out);
    out
}

/// The codes a help text's own words name after "exit" or "exits", up to
/// the end of the clause (`exit 2-8` names 2 to 8; `Exit 0 when equal, 14
/// when they differ` names 0 and 14).
fn codes_named(text: &str) -> Vec<u8> {
    let text = text
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut codes = Vec::new();
    for (at, _) in text.match_indices("exit") {
        let rest = text[at + 4..].trim_start_matches('s');
        if !rest.starts_with(' ') {
            continue;
        }
        let clause = rest.split(['.', ';']).next().unwrap_or("");
        for word in clause.split([' ', ',']) {
            let (a, b) = word.split_once('-').unwrap_or((word, word));
            if let (Ok(a), Ok(b)) = (a.parse::<u8>(), b.parse::<u8>()) {
                codes.extend(a..=b);
            }
        }
    }
    codes
}

#[test]
fn the_top_level_help_lists_the_whole_table() {
    let help = output(&["--help"]);
    let lines: Vec<&str> = help.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "Exit codes:")
        .expect("an Exit codes: section");
    assert_eq!(entries(&lines[at + 1..]), table(|_| true), "{help}");
}

#[test]
fn every_subcommands_help_lists_its_own_codes_and_names_no_other() {
    let commands = every_command();
    assert!(commands.iter().any(|c| c == "tokens diff"), "{commands:?}");
    for command in commands {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push("--help");
        let help = output(&args);
        let (body, epilogue) = help
            .split_once(EXIT_CODES_COMMON)
            .unwrap_or_else(|| panic!("{command} --help has no exit codes:\n{help}"));
        let own = table(|e| e.commands.contains(&command.as_str()));
        let lines: Vec<&str> = epilogue.lines().skip(1).collect();
        let listed = match lines.first() {
            Some(l) if *l == EXIT_CODES_OWN => entries(&lines[1..]),
            _ => Vec::new(),
        };
        assert_eq!(listed, own, "{command} --help:\n{help}");
        // The words above name only codes of this command: 0, the errors
        // every command has (2-8, as a range), its own, or (in a list of
        // subcommands) its subcommands' own.
        let below = format!("{command} ");
        let allowed = table(|e| {
            e.commands
                .iter()
                .any(|c| *c == command || c.starts_with(&below))
        });
        for code in codes_named(body) {
            assert!(
                code == 0 || (2..=8).contains(&code) || allowed.iter().any(|(c, _)| *c == code),
                "{command} --help names exit {code}, which the table does not give it:\n{body}"
            );
        }
    }
}

#[test]
fn the_check_catches_a_wrong_code_in_the_words() {
    // `tokens diff` once said it exits 1 when A and B differ; it exits 14.
    assert_eq!(
        codes_named("Scopes added. Exit 0 when equal, 1 when they differ."),
        [0, 1]
    );
    assert_eq!(
        codes_named("step 1, exit 2-8, nothing changed; step 2, exit 9, the old"),
        [2, 3, 4, 5, 6, 7, 8, 9]
    );
}

/// roff's escapes back to text.
fn unroff(s: &str) -> String {
    s.replace("\\-", "-")
        .replace("\\(aq", "'")
        .replace("\\(dq", "\"")
        .replace("\\\\", "\\")
}

#[test]
fn the_man_page_lists_the_whole_table() {
    let page = output(&["man"]);
    let exit = page
        .split(".SH \"EXIT STATUS\"")
        .nth(1)
        .expect("an EXIT STATUS section");
    let exit = exit.split("\n.SH ").next().unwrap();
    let listed: Vec<(u8, String)> = exit
        .split(".TP\n")
        .skip(1)
        .map(|entry| {
            let (code, meaning) = entry.split_once('\n').expect("code, then meaning");
            let code = code.trim_start_matches("\\fB").trim_end_matches("\\fR");
            let meaning = meaning.lines().next().unwrap_or("");
            (code.parse().expect(code), unroff(meaning.trim()))
        })
        .collect();
    assert_eq!(listed, table(|_| true), "{exit}");
}

#[test]
fn the_readmes_table_is_the_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<(u8, String)> = readme
        .split("| Code | Meaning |\n|---|---|\n")
        .nth(1)
        .expect("README's exit-status table")
        .lines()
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").collect();
            let code = cells[0].trim().parse().expect(l);
            (code, cells[1].trim().replace('`', ""))
        })
        .collect();
    let expected = table(|_| true);
    assert_eq!(
        rows,
        expected,
        "README's table should read:\n{}",
        expected
            .iter()
            .map(|(c, m)| format!("| {c} | {m} |"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_constants_are_the_tables_codes() {
    let source = include_str!("../src/commands/mod.rs");
    let module = source
        .split("pub mod exit {")
        .nth(1)
        .expect("the exit module")
        .split("\n}")
        .next()
        .unwrap();
    let mut constants: Vec<(u8, String)> = module
        .lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("pub const ")?;
            let (name, value) = rest.split_once(": u8 = ")?;
            Some((value.trim_end_matches(';').parse().ok()?, name.to_string()))
        })
        .collect();
    constants.sort();
    let expected: Vec<(u8, String)> = EXITS
        .iter()
        .filter(|e| e.code != 0)
        .map(|e| (e.code, e.name.to_string()))
        .collect();
    assert_eq!(constants, expected);
    assert_eq!(impact_token::commands::exit::DIFFER, 14);
}
