//! `impact-token man`: the manual page (roff) on stdout, generated from the
//! clap definitions, so it never disagrees with `--help`. One page holds
//! every command: `impact-token man > impact-token.1`, then `man -l
//! impact-token.1` or copy it into a `man1` directory.

use std::io::Write;
use std::process::ExitCode;

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::commands::Failure;

/// The page's section of the manual: user commands.
const SECTION: &str = "1";

/// Writes the manual page to stdout.
pub fn run() -> Result<ExitCode, Failure> {
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    let _ = std::io::stdout().write_all(man_page().as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// The whole page: the top level as clap_mangen renders it, then a COMMANDS
/// section with each subcommand (nested ones too) and its options, then the
/// exit statuses, ENVIRONMENT, FILES and EXAMPLES. clap_mangen's own subcommand list would point to one page
/// per subcommand (`impact-token-create(1)`), which this tool does not ship.
pub fn man_page() -> String {
    let cli = crate::cli::command();
    let man = Man::new(cli.clone()).section(SECTION);
    let mut page = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = man.render_title(&mut page);
    let _ = man.render_name_section(&mut page);
    let _ = man.render_synopsis_section(&mut page);
    let _ = man.render_description_section(&mut page);
    let _ = man.render_options_section(&mut page);
    let mut page = String::from_utf8_lossy(&page).into_owned();

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    let mut commands = String::new();
    for sub in visible_subcommands(&cli) {
        describe(&mut commands, sub, cli.get_name());
    }
    page.push_str(&roff.to_roff());
    page.push_str(&commands);
    page.push_str(&exit_status());
    page.push_str(&environment());
    page.push_str(&files());
    page.push_str(&examples());

    let mut version = Vec::new();
    let _ = man.render_version_section(&mut version);
    page.push_str(&String::from_utf8_lossy(&version));
    page
}

/// Subcommands a user can type, without clap's generated `help`.
fn visible_subcommands(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

/// `.SS impact-token tokens rotate`, its synopsis, description and options,
/// then its own subcommands the same way.
fn describe(out: &mut String, sub: &clap::Command, parent: &str) {
    let path = format!("{parent} {}", sub.get_name());
    let mut heading = Roff::new();
    heading.control("SS", [path.as_str()]);
    out.push_str(&heading.to_roff());
    // Built on its own, the subcommand shows only its own options; the
    // global ones are under OPTIONS once.
    let man = Man::new(sub.clone().bin_name(&path));
    out.push_str(&without_heading(|w| man.render_synopsis_section(w)));
    out.push_str(&without_heading(|w| man.render_description_section(w)));
    if sub.get_arguments().any(|a| !a.is_hide_set()) {
        out.push_str(&without_heading(|w| man.render_options_section(w)));
    }
    for child in visible_subcommands(sub) {
        describe(out, child, &path);
    }
}

/// A clap_mangen section without its `.SH` line, so it can sit under a
/// command's `.SS` heading; a paragraph break takes the heading's place.
/// The quote-string definition each render starts with is already at the
/// top of the page.
fn without_heading(render: impl FnOnce(&mut dyn Write) -> Result<(), std::io::Error>) -> String {
    let mut bytes = Vec::new();
    let _ = render(&mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq") {
            continue;
        }
        if line.starts_with(".SH ") {
            out.push_str(".PP\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// EXIT STATUS, from the one table `--help` shows too: one `.TP` entry
/// per code, with the commands it belongs to when not every command's.
fn exit_status() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for e in crate::text::EXITS {
        roff.control("TP", []);
        roff.text([bold(e.code.to_string())]);
        roff.text([roman(e.meaning)]);
    }
    roff.to_roff()
}

/// `.TP` entries under a `.SH` heading: the tag in bold, then its text.
fn tagged_section(heading: &str, entries: &[(&str, &str)]) -> String {
    let mut roff = Roff::new();
    roff.control("SH", [heading]);
    // Variable names, paths and command lines are not words: no hyphens
    // inside them, no stretched spaces between them.
    roff.control("nh", []);
    roff.control("ad", ["l"]);
    for (tag, text) in entries {
        roff.control("TP", []);
        roff.text([bold(*tag)]);
        roff.text([roman(*text)]);
    }
    roff.to_roff()
}

/// ENVIRONMENT: every variable the program reads.
fn environment() -> String {
    tagged_section("ENVIRONMENT", crate::text::MAN_ENVIRONMENT)
}

/// FILES: where each file is, as `impact-token paths` prints it.
fn files() -> String {
    tagged_section("FILES", crate::text::MAN_FILES)
}

/// EXAMPLES: each command's `--help` example, once each.
fn examples() -> String {
    let mut seen = std::collections::HashSet::new();
    let entries: Vec<(&str, &str)> = crate::text::EXAMPLES
        .iter()
        .filter(|e| seen.insert(e.line))
        .map(|e| (e.line, e.what))
        .collect();
    tagged_section("EXAMPLES", &entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_every_command_and_every_exit_code() {
        let page = man_page();
        assert!(page.contains("\n.TH impact-token 1 "), "{page}");
        for path in [
            "create",
            "scopes",
            "profiles",
            "profiles add",
            "completions",
            "man",
            "sandbox",
            "tokens",
            "tokens list",
            "tokens show",
            "tokens export",
            "tokens diff",
            "tokens rotate",
            "tokens reset",
            "tokens disable",
            "tokens enable",
            "tokens delete",
            "tokens upgrade",
        ] {
            assert!(
                page.contains(&format!(".SS \"impact-token {path}\"")),
                "no section for {path}"
            );
        }
        // Every subcommand of the definitions, not only those listed above.
        let cli = crate::cli::command();
        for sub in visible_subcommands(&cli) {
            assert!(page.contains(&format!("impact-token {}", sub.get_name())));
        }
        let exit = page
            .split(".SH \"EXIT STATUS\"")
            .nth(1)
            .expect("EXIT STATUS");
        for code in 0..=19 {
            assert!(
                exit.contains(&format!(".TP\n\\fB{code}\\fR\n")),
                "exit {code}"
            );
        }
        assert!(exit.contains("tokens diff: A and B differ"), "{exit}");
        // A subcommand's options are its own: the globals appear once.
        assert_eq!(
            page.matches(".TP\n\\fB\\-\\-allow\\-insecure\\-http\\fR")
                .count(),
            1
        );
    }
}
