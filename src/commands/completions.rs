//! `impact-token completions SHELL`: the shell completion script on stdout.

use std::io::Write;
use std::process::ExitCode;

use crate::commands::Failure;

/// Writes the completion script for `shell` to stdout.
pub fn run(shell: clap_complete::Shell) -> Result<ExitCode, Failure> {
    let script = completion_script(shell);
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    let _ = std::io::stdout().write_all(script.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// The completion script for `shell`. clap_complete spells the bash `case`
/// labels of a hyphenated binary's subcommands one way
/// (`impact__subcmd__token__subcmd__create`) and the state it matches them
/// against another (`impact__token__subcmd__create`), so no subcommand's
/// flags were ever offered (clap-rs/clap#6421); the labels are respelled.
/// Once clap_complete spells them alike the replacement finds nothing;
/// tests/completions.rs runs each shell's completion on the script.
fn completion_script(shell: clap_complete::Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(
        shell,
        &mut crate::cli::command(),
        "impact-token",
        &mut script,
    );
    let script = String::from_utf8_lossy(&script).into_owned();
    match shell {
        clap_complete::Shell::Bash => script.replace("impact__subcmd__token", "impact__token"),
        _ => script,
    }
}
