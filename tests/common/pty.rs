//! Runs the real `impact-token` binary in a pseudo-terminal and watches what
//! it draws, through the workspace's `pty-harness` crate (shared with
//! `examples/measure`): a reader thread keeps the raw bytes and a `vt100`
//! screen, and every wait blocks on a condition variable it signals, with a
//! deadline, never with a fixed sleep.
//!
//! This layer adds what the tests need: the binary and its fixed test
//! environment, keys, and failure messages that carry the screen as it was,
//! the exit status if the program ended, and the end of its log file.

use std::path::{Path, PathBuf};
use std::time::Duration;

// Each test crate uses part of these (see `common`'s `dead_code` note).
use pty_harness::{CommandBuilder, ExitStatus, Failure, Term};
#[allow(unused_imports)]
pub use pty_harness::{
    REPLACEMENT_SHOWN, escape, find, find_last, find_strided, screen_lines, screen_text,
};

/// The binary under test, built by cargo for the integration tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_impact-token");

/// Leave the alternate screen (and return to the normal one).
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
/// Enter the alternate screen.
pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
/// Show the cursor.
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
/// Turn bracketed paste off.
pub const PASTE_OFF: &[u8] = b"\x1b[?2004l";

/// How long output must pause before a screen that matches a wait is taken
/// as a whole frame rather than one caught halfway through drawing. The app
/// sends each frame with one write, which the kernel may pass on in pieces,
/// with no program time between them; every wait that matches pays this once.
pub const SETTLE: Duration = Duration::from_millis(25);

/// A key, sent as the bytes an xterm-compatible terminal sends for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// Return.
    Enter,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Escape, alone.
    Esc,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// The space bar.
    Space,
    /// Backspace (DEL).
    Backspace,
    /// Control plus a letter, e.g. `Ctrl('c')`.
    Ctrl(char),
    /// Function key F1 to F12.
    F(u8),
}

impl Key {
    /// The bytes the terminal sends for this key.
    pub fn bytes(self) -> Vec<u8> {
        let s: &[u8] = match self {
            Key::Enter => b"\r",
            Key::Tab => b"\t",
            Key::BackTab => b"\x1b[Z",
            Key::Esc => b"\x1b",
            Key::Up => b"\x1b[A",
            Key::Down => b"\x1b[B",
            Key::Right => b"\x1b[C",
            Key::Left => b"\x1b[D",
            Key::Space => b" ",
            Key::Backspace => b"\x7f",
            Key::Ctrl(c) => {
                assert!(c.is_ascii_alphabetic(), "Ctrl({c:?}): only letters");
                return vec![(c.to_ascii_lowercase() as u8) & 0x1f];
            }
            Key::F(n) => match n {
                1 => b"\x1bOP",
                2 => b"\x1bOQ",
                3 => b"\x1bOR",
                4 => b"\x1bOS",
                5 => b"\x1b[15~",
                6 => b"\x1b[17~",
                7 => b"\x1b[18~",
                8 => b"\x1b[19~",
                9 => b"\x1b[20~",
                10 => b"\x1b[21~",
                11 => b"\x1b[23~",
                12 => b"\x1b[24~",
                _ => panic!("F{n}: only F1 to F12"),
            },
        };
        s.to_vec()
    }
}

/// How to start the program.
#[derive(Clone, Debug)]
pub struct Options {
    /// Terminal width in columns.
    pub cols: u16,
    /// Terminal height in rows.
    pub rows: u16,
    /// Arguments after `--log-file PATH`.
    pub args: Vec<String>,
    /// Extra environment variables, on top of the fixed test environment.
    pub env: Vec<(String, String)>,
    /// A directory to run in instead of a fresh one (see [`Options::dir`]).
    pub dir: Option<PathBuf>,
    /// A program (with its arguments) that runs the binary: the binary's path
    /// and arguments follow these (see [`Options::wrap`]).
    pub wrap: Vec<String>,
    /// A command line to run instead of the binary (see [`Options::program`]).
    pub program: Option<Vec<String>>,
}

impl Options {
    /// An 80×24 terminal running the binary with these arguments.
    pub fn new(args: &[&str]) -> Options {
        Options {
            cols: 80,
            rows: 24,
            args: args.iter().map(|s| s.to_string()).collect(),
            env: Vec::new(),
            dir: None,
            wrap: Vec::new(),
            program: None,
        }
    }

    /// Starts the binary through `program` (e.g. `unshare -m sh -c SCRIPT sh`),
    /// which must end by exec-ing its arguments so the pid stays the binary's.
    pub fn wrap(mut self, program: &[&str]) -> Options {
        self.wrap = program.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Another terminal size.
    pub fn size(mut self, cols: u16, rows: u16) -> Options {
        self.cols = cols;
        self.rows = rows;
        self
    }

    /// One more environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Options {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Retry waits (backoff, 429 resets) at 1/100 of real time, for tests
    /// that are not about how long they last (`--sandbox` runs only).
    pub fn fast_retries(self) -> Options {
        self.env(FAST_RETRIES.0, FAST_RETRIES.1)
    }

    /// Runs in `dir` (HOME, XDG directories and the log inside it, as a
    /// [`TestDir`] or an earlier run's [`Pty::dir`] lays them out) instead of
    /// a fresh directory, so a second run sees what the first left on disk.
    /// The run does not delete it; whoever made it does.
    pub fn dir(mut self, dir: &Path) -> Options {
        self.dir = Some(dir.to_path_buf());
        self
    }

    /// Runs `argv` (e.g. an interactive shell) instead of the binary, with
    /// the same fixed environment and directory; `args` and the log file
    /// are not passed to it.
    pub fn program(mut self, argv: &[&str]) -> Options {
        self.program = Some(argv.iter().map(|s| s.to_string()).collect());
        self
    }
}

/// The binary's test-only time scale for retry waits, at 1/100.
pub const FAST_RETRIES: (&str, &str) = ("IMPACT_TOKEN_TEST_TIME_SCALE", "0.01");

/// A fresh temp directory laid out for a run (see [`Options::dir`]), for
/// tests that prepare files before the program starts or run it twice.
/// Deleted on drop, except when the test failed, so it can be inspected.
pub struct TestDir(Option<tempfile::TempDir>);

impl TestDir {
    /// Creates the directory with its `home`, `config`, `data`, `state` and
    /// `cache` sub-directories.
    pub fn new() -> TestDir {
        TestDir(Some(fresh_dir()))
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        self.0.as_ref().expect("held until drop").path()
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        keep_if_failed(&mut self.0);
    }
}

/// Keeps a test's directory on disk when the test is failing (panicking),
/// so it can be inspected; otherwise the [`tempfile::TempDir`] removes it.
fn keep_if_failed(dir: &mut Option<tempfile::TempDir>) {
    if std::thread::panicking()
        && let Some(dir) = dir.take()
    {
        eprintln!("pty test files kept in {}", dir.keep().display());
    }
}

/// The program running in a pseudo-terminal.
pub struct Pty {
    term: Term,
    dir: PathBuf,
    /// `dir` when it was made for this run (and is deleted with it).
    owned_dir: Option<tempfile::TempDir>,
    size: (u16, u16),
}

/// A fresh directory under the system temp dir, laid out for a run.
fn fresh_dir() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("impact-token-e2e-")
        .tempdir()
        .expect("create temp dir");
    pty_harness::lay_out(dir.path()).expect("create temp dir");
    dir
}

impl Pty {
    /// Starts the binary at 80×24 with these arguments.
    pub fn spawn(args: &[&str]) -> Pty {
        Pty::start(Options::new(args))
    }

    /// Starts the binary as `opts` says, with a fixed environment: TERM
    /// xterm-256color, LANG C.UTF-8, HOME and XDG directories in a fresh temp
    /// dir (or the one [`Options::dir`] names), and the log written there.
    pub fn start(opts: Options) -> Pty {
        let owned_dir = opts.dir.is_none().then(fresh_dir);
        let dir = match &owned_dir {
            Some(owned) => owned.path().to_path_buf(),
            None => opts.dir.clone().expect("a directory given"),
        };
        pty_harness::lay_out(&dir).expect("create temp dir");
        let mut cmd = match opts.wrap.split_first() {
            Some((program, rest)) => {
                let mut c = CommandBuilder::new(program);
                c.args(rest);
                c.arg(BIN);
                c
            }
            None => CommandBuilder::new(BIN),
        };
        cmd.arg("--log-file");
        cmd.arg(dir.join("impact-token.log"));
        for a in &opts.args {
            cmd.arg(a);
        }
        if let Some(argv) = &opts.program {
            cmd = CommandBuilder::new(&argv[0]);
            cmd.args(&argv[1..]);
        }
        pty_harness::fixed_env(&mut cmd, &dir);
        cmd.env("RUST_BACKTRACE", "0");
        for (k, v) in &opts.env {
            cmd.env(k, v);
        }
        let term = Term::start(cmd, opts.cols, opts.rows, None)
            .unwrap_or_else(|e| panic!("start {BIN}: {e}"));
        Pty {
            term,
            dir,
            owned_dir,
            size: (opts.cols, opts.rows),
        }
    }

    /// Turns a harness failure into this test's message (screen, exit
    /// status, log tail).
    fn fail(&self, f: Failure) -> String {
        self.failure(&f.msg, &f.screen)
    }

    /// The program's process id.
    pub fn pid(&self) -> i32 {
        self.term.pid()
    }

    /// This run's temp directory (HOME, XDG dirs and the log live there).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of the slave side of the pseudo-terminal, e.g. `/dev/pts/3`.
    pub fn tty_path(&self) -> &Path {
        self.term.tty_path()
    }

    /// Terminal size as (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Types text, as if pasted without bracketing (one key per character).
    pub fn send(&self, s: &str) {
        self.send_bytes(s.as_bytes());
    }

    /// Presses a key.
    pub fn send_key(&self, key: Key) {
        self.send_bytes(&key.bytes());
    }

    /// Writes raw bytes to the terminal's input.
    pub fn send_bytes(&self, bytes: &[u8]) {
        self.term.send(bytes).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Writes raw bytes to the terminal's input from another thread and
    /// waits at most `timeout` for the write to finish: a program that stops
    /// reading its input fails the test instead of blocking it forever.
    pub fn send_bytes_within(&self, bytes: Vec<u8>, timeout: Duration) -> Result<(), String> {
        self.term
            .send_within(bytes, timeout)
            .map_err(|e| self.failure(&e, &self.screen()))
    }

    /// The screen as text, one line per row (trailing blanks kept off).
    pub fn screen(&self) -> String {
        self.term.screen()
    }

    /// The screen's rows as strings.
    pub fn lines(&self) -> Vec<String> {
        self.term.with_screen(screen_lines)
    }

    /// Runs `f` on the parsed screen (cells, cursor, modes).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        self.term.with_screen(f)
    }

    /// Whether the parsed terminal is on the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.with_screen(|s| s.alternate_screen())
    }

    /// Whether the parsed terminal's cursor is hidden.
    pub fn hide_cursor(&self) -> bool {
        self.with_screen(|s| s.hide_cursor())
    }

    /// Bytes received so far; a mark for [`Pty::bytes_since`].
    pub fn bytes_len(&self) -> usize {
        self.term.bytes_len()
    }

    /// Bytes received after `mark`.
    pub fn bytes_since(&self, mark: usize) -> Vec<u8> {
        self.term.bytes_since(mark)
    }

    /// Every byte received.
    pub fn raw(&self) -> Vec<u8> {
        self.term.raw()
    }

    /// Waits until the screen contains `text`; returns the screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Result<String, String> {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| {
            screen_text(s).contains(text)
        })
    }

    /// Waits until the screen no longer contains `text`; returns the screen.
    pub fn wait_gone(&self, text: &str, timeout: Duration) -> Result<String, String> {
        self.wait_until(&format!("{text:?} gone from the screen"), timeout, |s| {
            !screen_text(s).contains(text)
        })
    }

    /// Waits until `pred` holds for the parsed screen; returns the screen.
    /// `what` describes the wait for the failure message.
    /// A frame reaches the pty in several writes, so a match is accepted only
    /// once the output has paused for [`SETTLE`] and `pred` still holds: the
    /// screen returned is then a whole frame, fit for further assertions.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> Result<String, String> {
        self.term
            .wait_until(what, timeout, SETTLE, pred)
            .map_err(|f| self.fail(f))
    }

    /// Waits until more than `mark` bytes have arrived.
    pub fn wait_output(&self, mark: usize, timeout: Duration) -> Result<(), String> {
        self.term
            .wait_output(mark, timeout)
            .map_err(|f| self.fail(f))
    }

    /// Waits until no output has arrived for `quiet_for`, for at most `max`.
    pub fn wait_quiet(&self, quiet_for: Duration, max: Duration) -> Result<(), String> {
        self.term
            .wait_quiet(quiet_for, max)
            .map_err(|f| self.fail(f))
    }

    /// Watches the output for all of `window` and returns what arrived in it.
    /// For measuring silence: a test expecting no output waits this long.
    pub fn output_during(&self, window: Duration) -> Vec<u8> {
        self.term.output_during(window)
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the parsed screen.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.term
            .resize(cols, rows)
            .unwrap_or_else(|e| panic!("{e}"));
        self.size = (cols, rows);
    }

    /// Sends a signal (`libc::SIGTERM` and so on) to the program.
    pub fn kill(&self, signal: i32) {
        if let Err(e) = self.term.kill(signal) {
            panic!("{}", self.failure(&e, &self.screen()));
        }
    }

    /// Whether the program has ended (reaping it if so).
    pub fn exited(&self) -> bool {
        self.term.exited()
    }

    /// Waits for the program to end and returns its exit status.
    pub fn wait_exit(&self, timeout: Duration) -> Result<ExitStatus, String> {
        self.term.wait_exit(timeout).map_err(|f| self.fail(f))
    }

    /// `stty -a` of the terminal, as the program left it. Only meaningful
    /// after the program ended (it reads the settings, it does not wait).
    pub fn stty(&self) -> Result<String, String> {
        let out = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(self.term.tty_path())
            .output()
            .map_err(|e| format!("run stty: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "stty -a -F {} failed: {}",
                self.term.tty_path().display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// After the program ended: closes our end of the terminal so the reader
    /// sees EOF once it has every byte the program wrote, and waits for that.
    pub fn drain(&mut self, timeout: Duration) -> Result<(), String> {
        self.term
            .drain(timeout)
            .map_err(|f| self.failure(&f.msg, &f.screen))
    }

    /// After the program ended, checks that it put the terminal back:
    /// raw mode off (`icanon` and `echo` set again, per `stty -a`); after the
    /// last switch to the alternate screen, the output leaves it, shows the
    /// cursor and turns bracketed paste off; and the parsed terminal agrees
    /// (normal screen, cursor visible). Drains the output first. Returns
    /// every problem found, or the `stty -a` text.
    pub fn check_restored(&mut self) -> Result<String, String> {
        let mut problems = Vec::new();
        let stty = self.stty()?;
        let flags: Vec<&str> = stty
            .split(|c: char| c.is_whitespace() || c == ';')
            .collect();
        for flag in ["icanon", "echo"] {
            if !flags.contains(&flag) {
                problems.push(format!(
                    "raw mode still on: stty shows no `{flag}` (or `-{flag}`)"
                ));
            }
        }
        self.drain(Duration::from_secs(5))?;
        let raw = self.raw();
        match find_last(&raw, ENTER_ALT_SCREEN) {
            None => problems.push("the alternate screen was never entered".into()),
            Some(at) => {
                let tail = &raw[at..];
                for (seq, what) in [
                    (LEAVE_ALT_SCREEN, "leave the alternate screen"),
                    (SHOW_CURSOR, "show the cursor"),
                    (PASTE_OFF, "turn bracketed paste off"),
                ] {
                    if find(tail, seq).is_none() {
                        problems.push(format!(
                            "after the last ESC[?1049h, nothing to {what} ({})",
                            escape(seq)
                        ));
                    }
                }
            }
        }
        let (alt, hidden) = (self.alternate_screen(), self.hide_cursor());
        if alt {
            problems.push("the terminal is still on the alternate screen".into());
        }
        if hidden {
            problems.push("the cursor is still hidden".into());
        }
        if problems.is_empty() {
            Ok(stty)
        } else {
            let tail_start = raw.len().saturating_sub(400);
            Err(self.failure(
                &format!(
                    "terminal not restored:\n  - {}\n--- stty -a ---\n{stty}--- last bytes ---\n{}",
                    problems.join("\n  - "),
                    escape(&raw[tail_start..])
                ),
                &self.screen(),
            ))
        }
    }

    /// [`Pty::check_restored`], panicking with the details on failure.
    pub fn assert_restored(&mut self) {
        if let Err(e) = self.check_restored() {
            panic!("{e}");
        }
    }

    /// A failure message: what went wrong, the screen, the exit status and
    /// the end of the log.
    pub fn failure(&self, msg: &str, screen: &str) -> String {
        let exit = match self.term.try_exit() {
            Some(s) => format!("exited: {s} (code {})", s.exit_code()),
            None => "still running".to_string(),
        };
        let log = std::fs::read_to_string(self.dir.join("impact-token.log")).unwrap_or_default();
        let log_tail: Vec<&str> = log
            .lines()
            .rev()
            .take(15)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!(
            "{msg}\n--- screen ({}x{}) ---\n{screen}\n--- end of screen; program {exit}; log tail ---\n{}\n---",
            self.size.0,
            self.size.1,
            log_tail.join("\n")
        )
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        self.term.end();
        self.term.close_slave();
        // A shell's jobs outlive the shell: a stopped wizard, woken by the
        // hangup, would save its draft into the directory after it is gone.
        end_session(self.term.pid());
        // A directory given with Options::dir belongs to whoever made it.
        keep_if_failed(&mut self.owned_dir);
    }
}

/// Kills every process left in session `sid` (the program started in the
/// pty leads its own session) and waits until each has ended, so none of
/// them writes into the run's directory after it is removed.
#[cfg(target_os = "linux")]
fn end_session(sid: i32) {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // After the command name in parentheses: state, ppid, pgrp, session.
        let session = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(3))
            .and_then(|s| s.parse::<i32>().ok());
        if session != Some(sid) {
            continue;
        }
        // SAFETY: plain system calls on a pid and a descriptor we own.
        unsafe {
            let fd = libc::syscall(libc::SYS_pidfd_open, pid, 0) as i32;
            libc::kill(pid, libc::SIGKILL);
            if fd >= 0 {
                // Readable once the process has ended.
                let mut ended = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                libc::poll(&mut ended, 1, 5_000);
                libc::close(fd);
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn end_session(_sid: i32) {}

/// Extension for the harness's `Result<T, String>`: unwraps, or panics with
/// the message as is (screen and all), not its `Debug` form.
pub trait OrFail<T> {
    /// The value, or a panic showing the error text.
    fn or_fail(self) -> T;
}

impl<T> OrFail<T> for Result<T, String> {
    fn or_fail(self) -> T {
        match self {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }
}
