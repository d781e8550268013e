//! Where `tokens rotate` and `tokens reset` put a new secret: a new 0600
//! file, the standard input of a command, and/or stdout. The destination is
//! checked before the secret exists (with `create --yes`'s checks), and a
//! secret that reached none of the places asked is rescued as `create
//! --yes` rescues it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use secrecy::ExposeSecret;

use crate::cli::SecretArgs;
use crate::commands::{Failure, create, exit};
use crate::contract::CreatedToken;
use crate::text;

/// The places asked for.
#[derive(Clone, Debug)]
pub(super) struct Destinations {
    show_secret: bool,
    secret_file: Option<PathBuf>,
    command: Option<String>,
}

impl Destinations {
    /// The places from the arguments; at least one is required (exit 2).
    pub(super) fn new(args: &SecretArgs) -> Result<Destinations, Failure> {
        if let Some(c) = &args.secret_to_command
            && c.trim().is_empty()
        {
            return Err(Failure::new(exit::USAGE, text::EMPTY_SECRET_COMMAND));
        }
        if !args.show_secret && args.secret_file.is_none() && args.secret_to_command.is_none() {
            return Err(Failure::new(
                exit::USAGE,
                text::NO_SECRET_DESTINATION_TOKENS,
            ));
        }
        Ok(Destinations {
            show_secret: args.show_secret,
            secret_file: args.secret_file.clone(),
            command: args.secret_to_command.clone(),
        })
    }

    /// Checks, before anything is created or reset, that the file can be
    /// written and stdout has a reader (exit 2 otherwise). A command cannot
    /// be tried in advance; it runs once, with the secret.
    pub(super) fn check(&self) -> Result<(), Failure> {
        create::check_destinations(self.secret_file.as_deref(), self.show_secret)
    }

    /// Delivers the credentials of `created` everywhere asked. `Ok` names
    /// where they went. `Err` when any place failed: each failure was said
    /// on stderr, and when no place at all took the secret it was written
    /// once to the terminal, or else to stderr ([`create::rescue`]).
    pub(super) fn deliver(&self, created: &CreatedToken) -> Result<String, ()> {
        let body = crate::store::secret_file::body(
            &created.token,
            &created.account_sid,
            created.auth_token.expose_secret(),
        );
        let mut done: Vec<String> = Vec::new();
        let mut failed: Vec<(String, String)> = Vec::new();
        if let Some(p) = &self.secret_file {
            match crate::store::files::write_new_private(p, body.as_bytes()) {
                Ok(()) => done.push(format!("{} (0600)", p.display())),
                Err(e) => failed.push((p.display().to_string(), e.to_string())),
            }
        }
        if let Some(c) = &self.command {
            match to_command(c, body.as_bytes()) {
                Ok(()) => done.push(text::command_destination(c)),
                Err(e) => failed.push((text::command_destination(c), e.to_string())),
            }
        }
        if self.show_secret {
            let mut out = std::io::stdout().lock();
            match out.write_all(body.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => done.push(text::STANDARD_OUTPUT.to_string()),
                Err(e) => failed.push((text::STANDARD_OUTPUT.to_string(), e.to_string())),
            }
        }
        if failed.is_empty() {
            return Ok(done.join(", "));
        }
        for (dest, e) in &failed {
            eprintln!(
                "impact-token: {}",
                text::secret_not_delivered(&created.token.name, dest, e)
            );
        }
        if done.is_empty() {
            create::rescue(&body);
        }
        Err(())
    }
}

/// Runs `cmd` with `sh -c`, writes `body` to its standard input and closes
/// it. Its stdout goes to our stderr, so ours stays for results. Delivered
/// only if it read everything and exited 0.
fn to_command(cmd: &str, body: &[u8]) -> std::io::Result<()> {
    use std::os::fd::AsFd;
    let stdout = std::io::stderr().as_fd().try_clone_to_owned()?;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::piped())
        .stdout(Stdio::from(stdout))
        .stderr(Stdio::inherit())
        .spawn()?;
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(body))
        .unwrap_or(Ok(()));
    // stdin is closed (dropped) here, so the command sees the end of it.
    let status = child.wait()?;
    if !status.success() {
        return Err(std::io::Error::other(text::secret_command_status(
            &status.to_string(),
        )));
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_gets_the_body_on_stdin_and_its_status_counts() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got");
        let cmd = format!("cat > '{}'", out.display());
        to_command(&cmd, b"IMPACT_AUTH_TOKEN=x\n").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"IMPACT_AUTH_TOKEN=x\n");
        let e = to_command("cat >/dev/null; exit 3", b"x").unwrap_err();
        assert!(e.to_string().contains("exit status: 3"), "{e}");
    }

    #[test]
    fn one_destination_is_required() {
        let none = SecretArgs::default();
        assert_eq!(Destinations::new(&none).unwrap_err().code, exit::USAGE);
        let blank = SecretArgs {
            secret_to_command: Some("  ".into()),
            ..SecretArgs::default()
        };
        assert_eq!(Destinations::new(&blank).unwrap_err().code, exit::USAGE);
    }
}
