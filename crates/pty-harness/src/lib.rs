//! A program in a pseudo-terminal, watched with timestamps. Dev-only: the
//! end-to-end tests (`tests/common/pty.rs`) and `examples/measure` both
//! drive the program through it.
//!
//! A reader thread takes each chunk the program writes, stamps its arrival
//! time as soon as `read` returns, keeps the raw bytes (so callers can count
//! them and look for escape sequences) and feeds a `vt100` parser that keeps
//! the screen a terminal would show. Every wait blocks on a condition
//! variable the reader signals, and every wait has a deadline: nothing here
//! sleeps a fixed time to synchronise.
//!
//! A *watch* is a screen predicate the reader evaluates after every chunk;
//! the arrival time of the first chunk after which it holds is recorded. That
//! gives "spawn → first full frame" to the chunk, however late the waiting
//! thread wakes up.
#![warn(missing_docs)]

use std::ffi::OsString;
use std::fmt;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{Child, MasterPty, PtySize, SlavePty};
pub use portable_pty::{CommandBuilder, ExitStatus};
pub use vt100;

/// What the parsed screen shows where the program wrote U+FFFD (the
/// replacement character the app draws for control characters in text from
/// outside). The vt100 parser drops U+FFFD, since its decoder also makes one
/// for each invalid byte, which would shift the rest of the row one cell left
/// of where a terminal draws it; this stand-in takes the one cell instead.
pub const REPLACEMENT_SHOWN: char = '\u{2426}';

/// How long output must pause before the program counts as idle after it
/// exited, when a wait notices the exit.
const EXIT_GRACE: Duration = Duration::from_millis(300);

/// A screen predicate evaluated by the reader thread after each chunk.
pub type Watch = Box<dyn Fn(&vt100::Screen) -> bool + Send>;

/// A wait that failed: why, and the screen at that moment.
#[derive(Debug)]
pub struct Failure {
    /// What went wrong.
    pub msg: String,
    /// The parsed screen when it did.
    pub screen: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; screen:\n{}", self.msg, self.screen)
    }
}

impl From<Failure> for String {
    fn from(f: Failure) -> String {
        f.to_string()
    }
}

/// How to start a program with [`Term::spawn`].
pub struct Spec {
    /// The executable.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Environment variables on top of the fixed ones (see [`fixed_env`]).
    pub env: Vec<(String, String)>,
    /// Terminal width.
    pub cols: u16,
    /// Terminal height.
    pub rows: u16,
}

/// One key press measured: bytes written in answer, and the time from
/// writing the key to the arrival of the last of those bytes.
#[derive(Clone, Copy, Debug)]
pub struct Press {
    /// Bytes the program wrote until the output went quiet.
    pub bytes: usize,
    /// Key written → last byte before the quiet window.
    pub latency: Duration,
}

/// Creates `dir`'s `home`, `config`, `data`, `state` and `cache`
/// sub-directories (see [`fixed_env`]).
pub fn lay_out(dir: &Path) -> std::io::Result<()> {
    for sub in ["home", "config", "data", "state", "cache"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    Ok(())
}

/// Gives `cmd` a fixed, small environment: PATH, TERM=xterm-256color,
/// LANG=C.UTF-8, and HOME and the XDG directories inside `dir` (laid out by
/// [`lay_out`]), which is also the working directory.
pub fn fixed_env(cmd: &mut CommandBuilder, dir: &Path) {
    cmd.env_clear();
    cmd.cwd(dir);
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("HOME", dir.join("home"));
    cmd.env("XDG_CONFIG_HOME", dir.join("config"));
    cmd.env("XDG_DATA_HOME", dir.join("data"));
    cmd.env("XDG_STATE_HOME", dir.join("state"));
    cmd.env("XDG_CACHE_HOME", dir.join("cache"));
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
    /// Arrival time of the latest chunk.
    last: Instant,
    eof: bool,
    watch: Option<Watch>,
    hit: Option<Instant>,
}

struct Shared {
    out: Mutex<Output>,
    cv: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Output> {
        self.out.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits on the condition variable for at most `wait`.
    fn wait<'a>(&self, out: MutexGuard<'a, Output>, wait: Duration) -> MutexGuard<'a, Output> {
        self.cv
            .wait_timeout(out, wait)
            .unwrap_or_else(|e| e.into_inner())
            .0
    }
}

/// The running program.
pub struct Term {
    shared: Arc<Shared>,
    master: Box<dyn MasterPty + Send>,
    /// Our end of the slave side, kept open so the terminal's settings can be
    /// read after the program exits; dropped to let the reader see EOF.
    slave: Option<Box<dyn SlavePty + Send>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Mutex<Box<dyn Child + Send + Sync>>,
    exit: Mutex<Option<ExitStatus>>,
    pid: i32,
    tty: PathBuf,
    spawned: Instant,
    /// The directory [`Term::spawn`] made for the run, deleted with it.
    _dir: Option<tempfile::TempDir>,
}

impl Term {
    /// Starts `spec.program` in a fresh pseudo-terminal with the environment
    /// of [`fixed_env`] in a new temp directory (deleted when the `Term` is),
    /// then `spec.env`. `watch`, if any, is armed before the spawn. Fails
    /// (rather than panics) when the program cannot start, e.g. with E2BIG
    /// when its arguments exceed ARG_MAX.
    pub fn spawn(spec: &Spec, watch: Option<Watch>) -> Result<Term, String> {
        let dir = tempfile::Builder::new()
            .prefix("impact-token-measure-")
            .tempdir()
            .map_err(|e| format!("create a temp dir: {e}"))?;
        lay_out(dir.path()).map_err(|e| format!("create {}: {e}", dir.path().display()))?;
        let mut cmd = CommandBuilder::new(&spec.program);
        cmd.args(&spec.args);
        fixed_env(&mut cmd, dir.path());
        for (k, v) in &spec.env {
            cmd.env(k, v);
        }
        let mut term = Term::start(cmd, spec.cols, spec.rows, watch)?;
        term._dir = Some(dir);
        Ok(term)
    }

    /// Starts `cmd` as it is in a fresh `cols`×`rows` pseudo-terminal.
    /// `watch`, if any, is armed before the spawn.
    pub fn start(
        cmd: CommandBuilder,
        cols: u16,
        rows: u16,
        watch: Option<Watch>,
    ) -> Result<Term, String> {
        let pair = portable_pty::native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|e| format!("open a pseudo-terminal: {e}"))?;
        let tty = pair
            .master
            .tty_name()
            .ok_or("the pseudo-terminal has no slave path")?;
        let shared = Arc::new(Shared {
            out: Mutex::new(Output {
                raw: Vec::new(),
                parser: vt100::Parser::new(rows, cols, 0),
                last: Instant::now(),
                eof: false,
                watch,
                hit: None,
            }),
            cv: Condvar::new(),
        });
        let mut reader = pair
            .master
            .try_clone_reader()
            .map_err(|e| format!("pty reader: {e}"))?;
        let pump = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || {
                let mut buf = vec![0u8; 64 * 1024];
                let mut shown = ShownBytes::default();
                loop {
                    match reader.read(&mut buf) {
                        Ok(n) if n > 0 => {
                            let at = Instant::now();
                            let mut out = pump.lock();
                            out.raw.extend_from_slice(&buf[..n]);
                            out.last = at;
                            let bytes = shown.next(&buf[..n]);
                            out.parser.process(&bytes);
                            if out.hit.is_none()
                                && let Some(w) = &out.watch
                                && w(out.parser.screen())
                            {
                                out.hit = Some(at);
                            }
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
            .map_err(|e| format!("spawn the pty reader: {e}"))?;
        let writer = pair
            .master
            .take_writer()
            .map_err(|e| format!("pty writer: {e}"))?;
        let spawned = Instant::now();
        let child = pair
            .slave
            .spawn_command(cmd)
            .map_err(|e| format!("spawn: {e}"))?;
        let pid = child.process_id().ok_or("the child has no pid")? as i32;
        Ok(Term {
            shared,
            master: pair.master,
            slave: Some(pair.slave),
            writer: Arc::new(Mutex::new(writer)),
            child: Mutex::new(child),
            exit: Mutex::new(None),
            pid,
            tty,
            spawned,
            _dir: None,
        })
    }

    /// The program's process id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// Path of the slave side of the pseudo-terminal, e.g. `/dev/pts/3`.
    pub fn tty_path(&self) -> &Path {
        &self.tty
    }

    /// Writes bytes to the program's input.
    pub fn send(&self, bytes: &[u8]) -> Result<(), String> {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .map_err(|e| format!("write to the pty: {e}"))
    }

    /// Writes bytes from another thread and waits at most `timeout` for the
    /// write to finish: a program that stops reading its input fails the
    /// caller instead of blocking it forever.
    pub fn send_within(&self, bytes: Vec<u8>, timeout: Duration) -> Result<(), String> {
        let writer = Arc::clone(&self.writer);
        let (tx, rx) = std::sync::mpsc::channel();
        let n = bytes.len();
        std::thread::Builder::new()
            .name("pty-writer".into())
            .spawn(move || {
                let mut w = writer.lock().unwrap_or_else(|e| e.into_inner());
                let _ = tx.send(w.write_all(&bytes).and_then(|()| w.flush()));
            })
            .map_err(|e| format!("spawn the pty writer: {e}"))?;
        match rx.recv_timeout(timeout) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("write to the pty: {e}")),
            Err(_) => Err(format!(
                "the program did not read {n} bytes of input within {timeout:?}"
            )),
        }
    }

    /// The screen as text, rows joined by newlines, trailing blanks cut.
    pub fn screen(&self) -> String {
        screen_text(self.shared.lock().parser.screen())
    }

    /// Runs `f` on the parsed screen (cells, cursor, modes).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.shared.lock().parser.screen())
    }

    /// Bytes received so far; a mark for [`Term::bytes_since`].
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

    /// Spawn → the arrival of the latest chunk of output.
    pub fn last_output(&self) -> Duration {
        self.shared
            .lock()
            .last
            .saturating_duration_since(self.spawned)
    }

    /// Waits until the watch armed at spawn has held; returns the time from
    /// the spawn to the chunk that made it hold.
    pub fn wait_watch(&self, what: &str, timeout: Duration) -> Result<Duration, Failure> {
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        loop {
            if let Some(hit) = out.hit {
                return Ok(hit.saturating_duration_since(self.spawned));
            }
            let now = Instant::now();
            if now >= deadline || out.eof {
                let why = if out.eof {
                    "the program ended"
                } else {
                    "timed out"
                };
                return Err(Failure {
                    msg: format!("{why} after {:?} waiting for {what}", now - self.spawned),
                    screen: screen_text(out.parser.screen()),
                });
            }
            out = self.shared.wait(out, deadline - now);
        }
    }

    /// Waits until `pred` holds for the parsed screen and the output has
    /// then paused for `settle` (a frame reaches the pty in several writes:
    /// with a settle time the screen returned is a whole frame, not one
    /// caught halfway through drawing). Returns the screen. `what`
    /// describes the wait for the failure message.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        settle: Duration,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> Result<String, Failure> {
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        loop {
            let now = Instant::now();
            let silent = now.saturating_duration_since(out.last);
            let matched = pred(out.parser.screen());
            if matched && (silent >= settle || out.eof || now >= deadline) {
                return Ok(screen_text(out.parser.screen()));
            }
            let fail = |msg: String, out: &Output| Failure {
                msg,
                screen: screen_text(out.parser.screen()),
            };
            if now >= deadline {
                return Err(fail(
                    format!("timed out after {timeout:?} waiting for {what}"),
                    &out,
                ));
            }
            if !matched && (out.eof || (self.exited() && silent >= EXIT_GRACE)) {
                return Err(fail(
                    format!("the program ended while waiting for {what}"),
                    &out,
                ));
            }
            // Wake on output; when matched, once the settle time is up; at the
            // latest every 100 ms to notice an exit.
            let wait = if matched {
                settle - silent
            } else {
                Duration::from_millis(100)
            };
            out = self.shared.wait(out, wait.min(deadline - now));
        }
    }

    /// [`Term::wait_until`] with no settle time.
    pub fn wait_screen(
        &self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> Result<(), Failure> {
        self.wait_until(what, timeout, Duration::ZERO, pred)
            .map(drop)
    }

    /// Waits until `text` is on the screen.
    pub fn wait_text(&self, text: &str, timeout: Duration) -> Result<(), Failure> {
        self.wait_screen(&format!("{text:?} on screen"), timeout, |s| {
            screen_text(s).contains(text)
        })
    }

    /// Waits until more than `mark` bytes have arrived.
    pub fn wait_output(&self, mark: usize, timeout: Duration) -> Result<(), Failure> {
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        while out.raw.len() <= mark {
            let now = Instant::now();
            if now >= deadline || out.eof {
                return Err(Failure {
                    msg: format!("no output after byte {mark} within {timeout:?}"),
                    screen: screen_text(out.parser.screen()),
                });
            }
            out = self.shared.wait(out, deadline - now);
        }
        Ok(())
    }

    /// Waits until no output has arrived for `quiet`, for at most `max`.
    pub fn wait_quiet(&self, quiet: Duration, max: Duration) -> Result<(), Failure> {
        let deadline = Instant::now() + max;
        let mut out = self.shared.lock();
        loop {
            let now = Instant::now();
            let silent = now.saturating_duration_since(out.last);
            if silent >= quiet || out.eof {
                return Ok(());
            }
            if now >= deadline {
                return Err(Failure {
                    msg: format!("output did not pause for {quiet:?} within {max:?}"),
                    screen: screen_text(out.parser.screen()),
                });
            }
            out = self.shared.wait(out, (quiet - silent).min(deadline - now));
        }
    }

    /// Watches the output for all of `window` and returns what arrived in it.
    /// For measuring silence: a caller expecting no output waits this long.
    pub fn output_during(&self, window: Duration) -> Vec<u8> {
        let deadline = Instant::now() + window;
        let mut out = self.shared.lock();
        let mark = out.raw.len();
        loop {
            let now = Instant::now();
            if now >= deadline {
                return out.raw[mark..].to_vec();
            }
            out = self.shared.wait(out, deadline - now);
        }
    }

    /// Writes `key`, waits for the first byte of the answer (for at most
    /// `max`), then for `quiet` without output (at most `max` again).
    /// Returns the bytes that arrived and the time from the write to the
    /// last of them. Fails when nothing at all answers the key.
    pub fn press(&self, key: &[u8], quiet: Duration, max: Duration) -> Result<Press, Failure> {
        let mark = self.bytes_len();
        let sent = Instant::now();
        self.send(key).map_err(|msg| Failure {
            msg,
            screen: self.screen(),
        })?;
        self.wait_output(mark, max).map_err(|f| Failure {
            msg: format!("no output within {max:?} after key {}", key.escape_ascii()),
            screen: f.screen,
        })?;
        self.wait_quiet(quiet, max)?;
        let out = self.shared.lock();
        Ok(Press {
            bytes: out.raw.len() - mark,
            latency: out.last.saturating_duration_since(sent),
        })
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the parsed screen.
    pub fn resize(&self, cols: u16, rows: u16) -> Result<(), String> {
        self.shared.lock().parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|e| format!("resize the pty to {cols}x{rows}: {e}"))
    }

    /// Sends a signal (`libc::SIGTERM` and so on) to the program.
    pub fn kill(&self, signal: i32) -> Result<(), String> {
        if self.exited() {
            return Err(format!("signal {signal}: the program already ended"));
        }
        // SAFETY: kill(2) has no memory effects; the pid is our child, not
        // yet reaped (checked just above), so it cannot have been reused.
        let rc = unsafe { libc::kill(self.pid, signal) };
        if rc != 0 {
            return Err(format!(
                "kill({}, {signal}): {}",
                self.pid,
                std::io::Error::last_os_error()
            ));
        }
        Ok(())
    }

    /// Whether the program has ended (reaping it if so).
    pub fn exited(&self) -> bool {
        self.try_exit().is_some()
    }

    /// The exit status, if the program has ended (reaping it if so).
    pub fn try_exit(&self) -> Option<ExitStatus> {
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
    pub fn wait_exit(&self, timeout: Duration) -> Result<ExitStatus, Failure> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_exit() {
                return Ok(status);
            }
            if Instant::now() >= deadline {
                return Err(Failure {
                    msg: format!("the program did not exit within {timeout:?}"),
                    screen: self.screen(),
                });
            }
            // Child exit has no condition variable to block on: wait for
            // output (the program restoring the terminal) or 20 ms.
            let out = self.shared.lock();
            drop(self.shared.wait(out, Duration::from_millis(20)));
        }
    }

    /// After the program ended: closes our end of the terminal so the reader
    /// sees EOF once it has every byte the program wrote, and waits for that.
    pub fn drain(&mut self, timeout: Duration) -> Result<(), Failure> {
        if !self.exited() {
            return Err(Failure {
                msg: "drain: the program is still running".into(),
                screen: self.screen(),
            });
        }
        self.slave = None;
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        while !out.eof {
            let now = Instant::now();
            if now >= deadline {
                return Err(Failure {
                    msg: "no EOF from the terminal after the program ended".into(),
                    screen: screen_text(out.parser.screen()),
                });
            }
            out = self.shared.wait(out, deadline - now);
        }
        Ok(())
    }

    /// The peak resident set size so far (`VmHWM`), in KiB.
    pub fn peak_rss_kib(&self) -> Result<u64, String> {
        let path = format!("/proc/{}/status", self.pid);
        let status = std::fs::read_to_string(&path).map_err(|e| format!("read {path}: {e}"))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format!("no VmHWM in {path}"))
    }

    /// Ends the program: SIGTERM, up to `grace` for it to exit, then SIGKILL.
    pub fn stop(&self, grace: Duration) {
        if self.kill(libc::SIGTERM).is_err() {
            return;
        }
        if self.wait_exit(grace).is_err() {
            self.end();
        }
    }

    /// Ends the program at once (SIGKILL) unless it has ended, and reaps it.
    pub fn end(&self) {
        if !self.exited() {
            // SAFETY: our own child, not yet reaped.
            unsafe {
                libc::kill(self.pid, libc::SIGKILL);
            }
            let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
            if let Ok(status) = child.wait() {
                *self.exit.lock().unwrap_or_else(|e| e.into_inner()) = Some(status);
            }
        }
    }

    /// Closes our end of the slave side (see [`Term::drain`]).
    pub fn close_slave(&mut self) {
        self.slave = None;
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.end();
    }
}

/// The screen's rows, trailing blanks cut.
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

/// First position of `needle` in `hay`. (This crate is built optimised
/// even in the dev profile, so searches over megabytes stay quick.)
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut at = 0;
    while at + needle.len() <= hay.len() {
        let i = at
            + hay[at..=hay.len() - needle.len()]
                .iter()
                .position(|&b| b == first)?;
        if hay[i + 1..i + needle.len()] == *rest {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// First position at or after `from` where `needle`'s bytes stand
/// `stride` bytes apart, for some `stride` in `strides`: text laid out one
/// character per cell, as in a terminal's screen buffer.
pub fn find_strided(
    hay: &[u8],
    from: usize,
    needle: &[u8],
    strides: std::ops::RangeInclusive<usize>,
) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut at = from;
    while at < hay.len() {
        let i = at + hay[at..].iter().position(|&b| b == first)?;
        let fits = strides.clone().any(|stride| {
            rest.iter()
                .enumerate()
                .all(|(k, &c)| hay.get(i + (k + 1) * stride) == Some(&c))
        });
        if fits {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Last position of `needle` in `hay`.
pub fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Bytes shown with escapes, for messages.
pub fn escape(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_takes_the_first_whole_match() {
        assert_eq!(find(b"abcabd", b"abd"), Some(3));
        assert_eq!(find(b"abd", b"abd"), Some(0));
        assert_eq!(find(b"aab", b"ab"), Some(1));
        assert_eq!(find(b"abcab", b"abd"), None);
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(find(b"abc", b""), None);
        assert_eq!(find_last(b"abcabc", b"bc"), Some(4));
    }

    #[test]
    fn find_strided_needs_one_stride_for_every_byte() {
        // "xyz" one byte in three, after a decoy "x" with no "y" behind it.
        let hay = b"x..x..y..z..";
        assert_eq!(find_strided(hay, 0, b"xyz", 2..=4), Some(3));
        assert_eq!(find_strided(hay, 4, b"xyz", 2..=4), None);
        assert_eq!(find_strided(hay, 0, b"xyz", 4..=5), None);
        assert_eq!(find_strided(b"x.y.z", 0, b"xyz", 2..=2), Some(0));
    }

    #[test]
    fn a_replacement_character_split_between_reads_is_still_swapped() {
        let mut shown = ShownBytes::default();
        let fffd = "\u{FFFD}".as_bytes();
        let mut out = shown.next(&[b"a", &fffd[..1]].concat());
        out.extend(shown.next(&[&fffd[1..], b"b"].concat()));
        out.extend(shown.finish());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("a{REPLACEMENT_SHOWN}b")
        );
    }
}
