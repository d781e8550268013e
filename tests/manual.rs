//! What a user reads: every subcommand's `--help` ends with an example
//! (before its exit codes) that the real parser accepts, and the man page
//! has ENVIRONMENT (every `IMPACT_` variable the program reads), FILES and
//! EXAMPLES.

use std::path::Path;
use std::process::Command;

use impact_token::text::{EXAMPLE_HEADING, EXIT_CODES_COMMON};

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

/// The words of a shell command line: single and double quotes group,
/// and the line ends at a redirection or pipe (those are the shell's).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, '>' | '|' | '<') if !in_word => break,
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line:?}");
    if in_word {
        words.push(word);
    }
    words
}

#[test]
fn every_subcommands_help_has_an_example_the_parser_accepts() {
    let mut commands = every_command();
    // The top level's too.
    commands.insert(0, String::new());
    assert!(
        commands.iter().any(|c| c == "tokens rotate"),
        "{commands:?}"
    );
    assert!(commands.iter().any(|c| c == "paths"), "{commands:?}");
    for command in commands {
        let mut args: Vec<&str> = command.split(' ').filter(|w| !w.is_empty()).collect();
        args.push("--help");
        let help = output(&args);
        let (_, example) = help
            .split_once(&format!("\n{EXAMPLE_HEADING}\n"))
            .unwrap_or_else(|| panic!("{command} --help has no example:\n{help}"));
        // The example comes before the exit codes, which stay.
        let codes = if command.is_empty() {
            "\nExit codes:\n"
        } else {
            EXIT_CODES_COMMON
        };
        assert!(example.contains(codes), "{command}:\n{help}");
        // A long line continues after a ` \`, as in a shell.
        let mut line = String::new();
        for l in example.lines() {
            match l.trim().strip_suffix('\\') {
                Some(part) => line.push_str(part),
                None => {
                    line.push_str(l.trim());
                    break;
                }
            }
        }
        let argv = shell_words(&line);
        assert_eq!(argv[0], "impact-token", "{command}: {line}");
        let matches = impact_token::cli::command()
            .try_get_matches_from(&argv)
            .unwrap_or_else(|e| panic!("{command}'s example {line:?} does not parse:\n{e}"));
        // It is an example of this command (or, for `tokens`, of one of
        // its subcommands), not another.
        let mut used = Vec::new();
        let mut m = &matches;
        while let Some((name, sub)) = m.subcommand() {
            used.push(name);
            m = sub;
        }
        let used = used.join(" ");
        assert!(
            used == command || command.is_empty() || used.starts_with(&format!("{command} ")),
            "{command}'s example runs {used}: {line}"
        );
    }
}

#[test]
fn the_top_level_help_keeps_its_exit_codes() {
    let help = output(&["--help"]);
    assert!(help.lines().any(|l| l == "Exit codes:"), "{help}");
}

/// The man page's section `name`, up to the next `.SH`.
fn section<'a>(page: &'a str, name: &str) -> &'a str {
    let start = page
        .find(&format!(".SH {name}\n"))
        .or_else(|| page.find(&format!(".SH \"{name}\"\n")))
        .unwrap_or_else(|| panic!("no {name} section"));
    let rest = &page[start + 4..];
    &rest[..rest.find("\n.SH ").unwrap_or(rest.len())]
}

/// Roff's escapes undone where the page writes a name: `\-` is `-`.
fn unroff(s: &str) -> String {
    s.replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fR", "")
}

/// Every `IMPACT_…` name the code in `src/` reads: a whole string literal
/// (`env::var("IMPACT_…")`, `env_token("IMPACT_…")`, a `const … =
/// "IMPACT_…"`), outside test modules; `env!` is the build's, not a read.
fn impact_vars_read() -> std::collections::BTreeSet<String> {
    fn walk(dir: &Path, out: &mut std::collections::BTreeSet<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (at, _) in code.match_indices("\"IMPACT_") {
                    let rest = &code[at + 1..];
                    let end = rest
                        .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                        .unwrap_or(rest.len());
                    let closed = rest[end..].starts_with('"');
                    let build_time = code[..at].ends_with("env!(");
                    if closed && !build_time {
                        out.insert(rest[..end].to_string());
                    }
                }
            }
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

#[test]
fn the_man_page_lists_every_variable_every_file_and_examples() {
    let page = output(&["man"]);
    let environment = unroff(section(&page, "ENVIRONMENT"));
    let read = impact_vars_read();
    for var in [
        "IMPACT_ACCOUNT_SID",
        "IMPACT_AUTH_TOKEN",
        "IMPACT_TOKEN_CONFIG_DIR",
        "IMPACT_SANDBOX_FAULTS",
    ] {
        assert!(read.contains(var), "the scan missed {var}: {read:?}");
    }
    for var in &read {
        assert!(
            environment.contains(&format!(".TP\n{var}\n")),
            "{var} is read in src/ but not in ENVIRONMENT:\n{environment}"
        );
    }
    for var in ["RUST_LOG", "NO_COLOR", "XDG_CONFIG_HOME"] {
        assert!(environment.contains(var), "{var}");
    }

    let files = unroff(section(&page, "FILES"));
    for file in [
        "config.toml",
        "NAME.token",
        "presets.toml",
        "drafts/",
        "impact-token.log",
    ] {
        assert!(files.contains(file), "{file}:\n{files}");
    }

    let examples = unroff(section(&page, "EXAMPLES"));
    for line in [
        "impact-token --sandbox",
        "impact-token paths --output json",
        "impact-token tokens list --name export --output json",
    ] {
        assert!(examples.contains(line), "{line}:\n{examples}");
    }
}
