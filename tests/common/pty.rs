//! Runs the real `impact-token` binary in a pseudo-terminal and watches what
//! it draws.
//!
//! A reader thread pumps everything the program writes into a shared buffer:
//! the raw bytes, kept whole (so tests can count them and look for escape
//! sequences), and a `vt100` parser that keeps the screen a terminal would
//! show. Tests wait for screen content with a deadline, never with a fixed
//! sleep: every wait blocks on a condition variable that the reader thread
//! signals on each chunk of output.
//!
//! Every failure message carries the screen as it was, the exit status if
//! the program ended, and the end of its log file.

use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, SlavePty};

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
/// as a whole frame rather than one caught halfway through drawing.
pub const SETTLE: Duration = Duration::from_millis(50);

/// What the parsed screen shows where the program wrote U+FFFD (the
/// replacement character the app draws for control characters in text from
/// outside). The vt100 parser drops U+FFFD, since its decoder also makes one
/// for each invalid byte, which would shift the rest of the row one cell left
/// of where a terminal draws it; this stand-in takes the one cell instead.
pub const REPLACEMENT_SHOWN: char = '\u{2426}';

/// How long output must pause before the program counts as idle after it
/// exited, when a wait notices the exit.
const EXIT_GRACE: Duration = Duration::from_millis(300);

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

/// The bytes fed to the parser: the program's output with each U+FFFD
/// swapped for [`REPLACEMENT_SHOWN`] (the same UTF-8 length), holding back
/// the start of a character split between two reads until the rest comes.
#[derive(Default)]
struct ShownBytes {
    held: Vec<u8>,
}

impl ShownBytes {
    const FFFD: &[u8] = "\u{FFFD}".as_bytes();

    /// The next chunk, ready for the parser.
    fn next(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut bytes = std::mem::take(&mut self.held);
        bytes.extend_from_slice(chunk);
        let mut stand_in = [0u8; 4];
        let stand_in = REPLACEMENT_SHOWN.encode_utf8(&mut stand_in).as_bytes();
        let mut i = 0;
        while i + Self::FFFD.len() <= bytes.len() {
            if bytes[i..].starts_with(Self::FFFD) {
                bytes[i..i + Self::FFFD.len()].copy_from_slice(stand_in);
                i += Self::FFFD.len();
            } else {
                i += 1;
            }
        }
        // A U+FFFD cut off at the end: keep its start for the next read.
        for keep in [2, 1] {
            if bytes.len() >= keep && bytes.ends_with(&Self::FFFD[..keep]) {
                self.held = bytes.split_off(bytes.len() - keep);
                break;
            }
        }
        bytes
    }

    /// What is still held back, at the end of the output.
    fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.held)
    }
}

/// What the reader thread has collected.
struct Output {
    raw: Vec<u8>,
    parser: vt100::Parser,
    last: Instant,
    eof: bool,
}

struct Shared {
    out: Mutex<Output>,
    cv: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Output> {
        self.out.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The program running in a pseudo-terminal.
pub struct Pty {
    shared: Arc<Shared>,
    master: Box<dyn MasterPty + Send>,
    /// Our end of the slave side, kept open so the terminal's settings can be
    /// read after the program exits; dropped to let the reader see EOF.
    slave: Option<Box<dyn SlavePty + Send>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Mutex<Box<dyn Child + Send + Sync>>,
    pid: i32,
    exit: Mutex<Option<ExitStatus>>,
    tty: PathBuf,
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
    for sub in ["home", "config", "data", "state", "cache"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("create temp dir");
    }
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
        for sub in ["home", "config", "data", "state", "cache"] {
            std::fs::create_dir_all(dir.join(sub)).expect("create temp dir");
        }
        let size = PtySize {
            rows: opts.rows,
            cols: opts.cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = portable_pty::native_pty_system()
            .openpty(size)
            .expect("open a pseudo-terminal");
        let tty = pair
            .master
            .tty_name()
            .expect("the pseudo-terminal has a slave path");

        let mut cmd = match opts.wrap.split_first() {
            Some((program, rest)) => {
                let mut c = CommandBuilder::new(program);
                c.args(rest);
                c.arg(BIN);
                c
            }
            None => CommandBuilder::new(BIN),
        };
        cmd.env_clear();
        cmd.cwd(&dir);
        cmd.arg("--log-file");
        cmd.arg(dir.join("impact-token.log"));
        for a in &opts.args {
            cmd.arg(a);
        }
        if let Some(argv) = &opts.program {
            cmd = CommandBuilder::new(&argv[0]);
            cmd.args(&argv[1..]);
            cmd.env_clear();
            cmd.cwd(&dir);
        }
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("RUST_BACKTRACE", "0");
        cmd.env("HOME", dir.join("home"));
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        cmd.env("XDG_DATA_HOME", dir.join("data"));
        cmd.env("XDG_STATE_HOME", dir.join("state"));
        cmd.env("XDG_CACHE_HOME", dir.join("cache"));
        for (k, v) in &opts.env {
            cmd.env(k, v);
        }

        let shared = Arc::new(Shared {
            out: Mutex::new(Output {
                raw: Vec::new(),
                parser: vt100::Parser::new(opts.rows, opts.cols, 0),
                last: Instant::now(),
                eof: false,
            }),
            cv: Condvar::new(),
        });
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let pump = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                let mut shown = ShownBytes::default();
                loop {
                    match reader.read(&mut buf) {
                        Ok(n) if n > 0 => {
                            let mut out = pump.lock();
                            out.raw.extend_from_slice(&buf[..n]);
                            let bytes = shown.next(&buf[..n]);
                            out.parser.process(&bytes);
                            out.last = Instant::now();
                            pump.cv.notify_all();
                        }
                        Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                        // EOF, or EIO once every slave descriptor is closed.
                        _ => {
                            let mut out = pump.lock();
                            let rest = shown.finish();
                            out.parser.process(&rest);
                            out.eof = true;
                            pump.cv.notify_all();
                            break;
                        }
                    }
                }
            })
            .expect("spawn the pty reader");

        let writer = pair.master.take_writer().expect("pty writer");
        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn {BIN}: {e}"));
        let pid = child.process_id().expect("child pid") as i32;
        Pty {
            shared,
            master: pair.master,
            slave: Some(pair.slave),
            writer: Arc::new(Mutex::new(writer)),
            child: Mutex::new(child),
            pid,
            exit: Mutex::new(None),
            tty,
            dir,
            owned_dir,
            size: (opts.cols, opts.rows),
        }
    }

    /// The program's process id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// This run's temp directory (HOME, XDG dirs and the log live there).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of the slave side of the pseudo-terminal, e.g. `/dev/pts/3`.
    pub fn tty_path(&self) -> &Path {
        &self.tty
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
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .unwrap_or_else(|e| panic!("write to the pty: {e}"));
    }

    /// Writes raw bytes to the terminal's input from another thread and
    /// waits at most `timeout` for the write to finish: a program that stops
    /// reading its input fails the test instead of blocking it forever.
    pub fn send_bytes_within(&self, bytes: Vec<u8>, timeout: Duration) -> Result<(), String> {
        let writer = Arc::clone(&self.writer);
        let (tx, rx) = std::sync::mpsc::channel();
        let n = bytes.len();
        std::thread::Builder::new()
            .name("pty-writer".into())
            .spawn(move || {
                let mut w = writer.lock().unwrap_or_else(|e| e.into_inner());
                let _ = tx.send(w.write_all(&bytes).and_then(|()| w.flush()));
            })
            .expect("spawn the pty writer");
        match rx.recv_timeout(timeout) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(self.failure(&format!("write to the pty: {e}"), &self.screen())),
            Err(_) => Err(self.failure(
                &format!("the program did not read {n} bytes of input within {timeout:?}"),
                &self.screen(),
            )),
        }
    }

    /// The screen as text, one line per row (trailing blanks kept off).
    pub fn screen(&self) -> String {
        screen_text(self.shared.lock().parser.screen())
    }

    /// The screen's rows as strings.
    pub fn lines(&self) -> Vec<String> {
        screen_lines(self.shared.lock().parser.screen())
    }

    /// Runs `f` on the parsed screen (cells, cursor, modes).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.shared.lock().parser.screen())
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
        self.shared.lock().raw.len()
    }

    /// Bytes received after `mark`.
    pub fn bytes_since(&self, mark: usize) -> Vec<u8> {
        let out = self.shared.lock();
        out.raw[mark.min(out.raw.len())..].to_vec()
    }

    /// Every byte received.
    pub fn raw(&self) -> Vec<u8> {
        self.shared.lock().raw.clone()
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
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        loop {
            let now = Instant::now();
            let silent = now.duration_since(out.last);
            let matched = pred(out.parser.screen());
            if matched && (silent >= SETTLE || out.eof || now >= deadline) {
                return Ok(screen_text(out.parser.screen()));
            }
            if now >= deadline {
                let screen = screen_text(out.parser.screen());
                drop(out);
                return Err(self.failure(
                    &format!("timed out after {timeout:?} waiting for {what}"),
                    &screen,
                ));
            }
            if !matched && (out.eof || (self.exited() && silent >= EXIT_GRACE)) {
                let screen = screen_text(out.parser.screen());
                drop(out);
                return Err(self.failure(
                    &format!("the program ended while waiting for {what}"),
                    &screen,
                ));
            }
            // Wake on output; when matched, once the settle time is up; at the
            // latest every 100 ms to notice an exit.
            let wait = if matched {
                SETTLE - silent
            } else {
                Duration::from_millis(100)
            };
            let wait = wait.min(deadline - now);
            out = self
                .shared
                .cv
                .wait_timeout(out, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until more than `mark` bytes have arrived.
    pub fn wait_output(&self, mark: usize, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        while out.raw.len() <= mark {
            let now = Instant::now();
            if now >= deadline || out.eof {
                let screen = screen_text(out.parser.screen());
                drop(out);
                return Err(self.failure(
                    &format!("no output after byte {mark} within {timeout:?}"),
                    &screen,
                ));
            }
            out = self
                .shared
                .cv
                .wait_timeout(out, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        Ok(())
    }

    /// Waits until no output has arrived for `quiet_for`, for at most `max`.
    pub fn wait_quiet(&self, quiet_for: Duration, max: Duration) -> Result<(), String> {
        let deadline = Instant::now() + max;
        let mut out = self.shared.lock();
        loop {
            let now = Instant::now();
            let silent = now.duration_since(out.last);
            if silent >= quiet_for || out.eof {
                return Ok(());
            }
            if now >= deadline {
                let screen = screen_text(out.parser.screen());
                drop(out);
                return Err(self.failure(
                    &format!("output did not pause for {quiet_for:?} within {max:?}"),
                    &screen,
                ));
            }
            let wait = (quiet_for - silent).min(deadline - now);
            out = self
                .shared
                .cv
                .wait_timeout(out, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Watches the output for all of `window` and returns what arrived in it.
    /// For measuring silence: a test expecting no output waits this long.
    pub fn output_during(&self, window: Duration) -> Vec<u8> {
        let deadline = Instant::now() + window;
        let mut out = self.shared.lock();
        let mark = out.raw.len();
        loop {
            let now = Instant::now();
            if now >= deadline {
                return out.raw[mark..].to_vec();
            }
            out = self
                .shared
                .cv
                .wait_timeout(out, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the parsed screen.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.shared.lock().parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("resize the pty to {cols}x{rows}: {e}"));
        self.size = (cols, rows);
    }

    /// Sends a signal (`libc::SIGTERM` and so on) to the program.
    pub fn kill(&self, signal: i32) {
        if self.exited() {
            panic!(
                "{}",
                self.failure(
                    &format!("signal {signal}: the program already ended"),
                    &self.screen()
                )
            );
        }
        // SAFETY: kill(2) has no memory effects; the pid is our child, not
        // yet reaped (checked just above), so it cannot have been reused.
        let rc = unsafe { libc::kill(self.pid, signal) };
        assert_eq!(
            rc,
            0,
            "kill({}, {signal}): {}",
            self.pid,
            std::io::Error::last_os_error()
        );
    }

    /// Whether the program has ended (reaping it if so).
    pub fn exited(&self) -> bool {
        self.try_exit().is_some()
    }

    fn try_exit(&self) -> Option<ExitStatus> {
        let mut exit = self.exit.lock().unwrap_or_else(|e| e.into_inner());
        if exit.is_none()
            && let Ok(Some(status)) = self
                .child
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .try_wait()
        {
            *exit = Some(status);
        }
        exit.clone()
    }

    /// Waits for the program to end and returns its exit status.
    pub fn wait_exit(&self, timeout: Duration) -> Result<ExitStatus, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_exit() {
                return Ok(status);
            }
            if Instant::now() >= deadline {
                return Err(self.failure(
                    &format!("the program did not exit within {timeout:?}"),
                    &self.screen(),
                ));
            }
            // Child exit has no condition variable to block on; poll.
            let out = self.shared.lock();
            let _ = self.shared.cv.wait_timeout(out, Duration::from_millis(20));
        }
    }

    /// `stty -a` of the terminal, as the program left it. Only meaningful
    /// after the program ended (it reads the settings, it does not wait).
    pub fn stty(&self) -> Result<String, String> {
        let out = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(&self.tty)
            .output()
            .map_err(|e| format!("run stty: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "stty -a -F {} failed: {}",
                self.tty.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// After the program ended: closes our end of the terminal so the reader
    /// sees EOF once it has every byte the program wrote, and waits for that.
    pub fn drain(&mut self, timeout: Duration) -> Result<(), String> {
        if !self.exited() {
            return Err(self.failure("drain: the program is still running", &self.screen()));
        }
        self.slave = None;
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        while !out.eof {
            let now = Instant::now();
            if now >= deadline {
                let screen = screen_text(out.parser.screen());
                drop(out);
                return Err(
                    self.failure("no EOF from the terminal after the program ended", &screen)
                );
            }
            out = self
                .shared
                .cv
                .wait_timeout(out, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        Ok(())
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
        let exit = match self.exit.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
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
        if !self.exited() {
            // SAFETY: our own child, not yet reaped.
            unsafe {
                libc::kill(self.pid, libc::SIGKILL);
            }
            let _ = self.child.lock().unwrap_or_else(|e| e.into_inner()).wait();
        }
        self.slave = None;
        // A shell's jobs outlive the shell: a stopped wizard, woken by the
        // hangup, would save its draft into the directory after it is gone.
        end_session(self.pid);
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

/// The screen's rows, trailing blanks removed.
pub fn screen_lines(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols)
        .map(|r| r.trim_end().to_string())
        .collect()
}

/// The screen as one string, rows joined by newlines.
pub fn screen_text(screen: &vt100::Screen) -> String {
    screen_lines(screen).join("\n")
}

/// First position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Last position of `needle` in `hay`.
pub fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Bytes shown with escapes, for messages.
pub fn escape(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}
