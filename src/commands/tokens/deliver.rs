//! Where `tokens rotate` and `tokens reset` put a new secret: a new 0600
//! file, the standard input of a command, and/or stdout. The destination is
//! checked before the secret exists (with `create --yes`'s checks), and a
//! secret that reached none of the places asked is rescued as `create
//! --yes` rescues it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

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
        let body = create::checked_body(created).ok_or(())?;
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
/// it. Its stdout goes to our stderr, so ours stays for results.
///
/// Delivered only when the command read every byte and exited 0. An exit
/// status says nothing about reading (`true`, `sleep 1` and `head -c 20`
/// exit 0), so the pipe is ours: the command gets a copy of its read end,
/// we keep one, and once the command has ended the kernel says how many
/// bytes nobody read (`FIONREAD`). A command that reads everything and
/// keeps only part of it cannot be told apart; it is the command's word.
///
/// There is no timeout: a command may ask a human (a password manager's
/// passphrase). While it runs, Ctrl-C (SIGINT, SIGQUIT) ends the command
/// and not this process, so the secret is then rescued.
fn to_command(cmd: &str, body: &[u8]) -> std::io::Result<()> {
    use std::os::fd::AsFd;
    use std::os::unix::process::CommandExt;
    let (ours, mut writer) = std::io::pipe()?;
    set_nonblocking(&writer)?;
    let _keys = KeysGoToTheCommand::new();
    let mut child = {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(cmd)
            .stdin(Stdio::from(ours.try_clone()?))
            .stdout(Stdio::from(std::io::stderr().as_fd().try_clone_to_owned()?))
            .stderr(Stdio::inherit());
        // SAFETY: signal() is async-signal-safe; nothing else runs here.
        unsafe {
            command.pre_exec(|| {
                for sig in KEY_SIGNALS {
                    libc::signal(sig, libc::SIG_DFL);
                }
                Ok(())
            });
        }
        command.spawn()?
        // `command` drops here, with its copy of the read end.
    };
    let written = write_while_alive(&mut writer, body, &mut child);
    // The command sees the end of its input.
    drop(writer);
    let status = child.wait()?;
    let written = written?;
    if !status.success() {
        return Err(std::io::Error::other(text::secret_command_status(
            &status.to_string(),
        )));
    }
    let unread = body.len() - written + unread(&ours)?;
    if unread > 0 {
        return Err(std::io::Error::other(text::secret_command_unread(
            unread,
            body.len(),
        )));
    }
    Ok(())
}

/// Writes as much of `body` as the command takes; stops early (with the
/// count so far) when it ended with the pipe full. We hold a read end, so
/// a write never fails with EPIPE; it would block instead, hence the
/// non-blocking writes and the polling.
fn write_while_alive(
    writer: &mut std::io::PipeWriter,
    body: &[u8],
    child: &mut std::process::Child,
) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    let mut done = 0;
    while done < body.len() {
        match writer.write(&body[done..]) {
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if child.try_wait()?.is_some() {
                    break;
                }
                let mut fd = libc::pollfd {
                    fd: writer.as_raw_fd(),
                    events: libc::POLLOUT,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, for the length of the call.
                unsafe { libc::poll(&mut fd, 1, 50) };
            }
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Bytes written to the pipe that no one read.
fn unread(reader: &std::io::PipeReader) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one c_int through a valid pointer.
    if unsafe { libc::ioctl(reader.as_raw_fd(), libc::FIONREAD, &mut n) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(usize::try_from(n).unwrap_or(0))
}

fn set_nonblocking(fd: &impl std::os::fd::AsRawFd) -> std::io::Result<()> {
    let fd = fd.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    // SAFETY: as above.
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// The signals the terminal's keys send to the whole foreground group.
const KEY_SIGNALS: [libc::c_int; 2] = [libc::SIGINT, libc::SIGQUIT];

/// While alive, Ctrl-C and Ctrl-\\ are ignored here, so they end only the
/// command (which gets the default actions back before it starts); the
/// previous actions come back on drop.
struct KeysGoToTheCommand {
    saved: [libc::sighandler_t; 2],
}

impl KeysGoToTheCommand {
    fn new() -> KeysGoToTheCommand {
        // SAFETY: replaces the dispositions, keeping the old ones to restore.
        let saved = KEY_SIGNALS.map(|sig| unsafe { libc::signal(sig, libc::SIG_IGN) });
        KeysGoToTheCommand { saved }
    }
}

impl Drop for KeysGoToTheCommand {
    fn drop(&mut self) {
        for (sig, old) in KEY_SIGNALS.into_iter().zip(self.saved) {
            if old != libc::SIG_ERR {
                // SAFETY: puts back what was there.
                unsafe { libc::signal(sig, old) };
            }
        }
    }
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

    /// A body like a secret file's, a few lines long.
    const BODY: &[u8] =
        b"# impact.com API access token\nIMPACT_ACCOUNT_SID=IRX\nIMPACT_AUTH_TOKEN=s3cret\n";

    #[test]
    fn a_command_that_reads_nothing_or_part_is_not_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("part");
        let cases = [
            "true".to_string(),
            // Exits 0 a while later, having read nothing.
            "sleep 0.3".to_string(),
            format!("head -c 20 > '{}'", part.display()),
            "read -r line".to_string(),
        ];
        for cmd in &cases {
            let e = to_command(cmd, BODY).unwrap_err();
            assert!(e.to_string().contains("unread"), "{cmd}: {e}");
        }
        assert_eq!(std::fs::read(&part).unwrap(), &BODY[..20]);
    }

    #[test]
    fn a_command_that_reads_all_is_delivered_whatever_the_body_size() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("all");
        let cmd = format!("cat > '{}'", out.display());
        to_command(&cmd, BODY).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), BODY);
        // More than a pipe holds: written while the command reads.
        let big = vec![b'x'; 300_000];
        to_command(&cmd, &big).unwrap();
        assert_eq!(std::fs::read(&out).unwrap().len(), big.len());
        // A command that ends with the pipe full is not waited for forever.
        let e = to_command("exit 0", &big).unwrap_err();
        assert!(e.to_string().contains("unread"), "{e}");
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
