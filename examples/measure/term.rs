//! A program in a pseudo-terminal, watched with timestamps.
//!
//! A reader thread takes each chunk the program writes, stamps its arrival
//! time as soon as `read` returns, counts its bytes and feeds a `vt100`
//! parser that keeps the screen a terminal would show. Every wait blocks on
//! a condition variable the reader signals, and every wait has a deadline:
//! nothing here sleeps a fixed time to synchronise.
//!
//! A *watch* is a screen predicate the reader evaluates after every chunk;
//! the arrival time of the first chunk after which it holds is recorded. That
//! gives "spawn → first full frame" to the chunk, however late the measuring
//! thread wakes up.

use std::ffi::OsString;
use std::io::{ErrorKind, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, SlavePty};

/// A screen predicate evaluated by the reader thread after each chunk.
pub type Watch = Box<dyn Fn(&vt100::Screen) -> bool + Send>;

/// How to start a program.
pub struct Spec {
    /// The executable.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Environment variables on top of the fixed ones (see [`Term::spawn`]).
    pub env: Vec<(String, String)>,
    /// Terminal width.
    pub cols: u16,
    /// Terminal height.
    pub rows: u16,
}

struct Out {
    bytes: usize,
    parser: vt100::Parser,
    /// Arrival time of the latest chunk.
    last: Instant,
    eof: bool,
    watch: Option<Watch>,
    hit: Option<Instant>,
}

struct Shared {
    out: Mutex<Out>,
    cv: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Out> {
        self.out.lock().unwrap_or_else(|e| e.into_inner())
    }
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

/// The running program.
pub struct Term {
    shared: Arc<Shared>,
    _master: Box<dyn MasterPty + Send>,
    _slave: Box<dyn SlavePty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    pid: i32,
    spawned: Instant,
    dir: PathBuf,
    exited: bool,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Term {
    /// Starts `spec.program` in a fresh pseudo-terminal with a fixed, small
    /// environment: PATH, TERM=xterm-256color, LANG=C.UTF-8, and HOME and
    /// the XDG directories in a new temp directory (also the working
    /// directory), then `spec.env`. `watch`, if any, is armed before the
    /// spawn. Fails (rather than panics) when the program cannot start,
    /// e.g. with E2BIG when its arguments exceed ARG_MAX.
    pub fn spawn(spec: &Spec, watch: Option<Watch>) -> Result<Term, String> {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("impact-token-measure-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["home", "config", "data", "state", "cache"] {
            std::fs::create_dir_all(dir.join(sub))
                .map_err(|e| format!("create {}: {e}", dir.display()))?;
        }
        let pair = portable_pty::native_pty_system()
            .openpty(PtySize {
                rows: spec.rows,
                cols: spec.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|e| format!("open a pseudo-terminal: {e}"))?;

        let mut cmd = CommandBuilder::new(&spec.program);
        cmd.env_clear();
        cmd.cwd(&dir);
        cmd.args(&spec.args);
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
        for (k, v) in &spec.env {
            cmd.env(k, v);
        }

        let now = Instant::now();
        let shared = Arc::new(Shared {
            out: Mutex::new(Out {
                bytes: 0,
                parser: vt100::Parser::new(spec.rows, spec.cols, 0),
                last: now,
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
                loop {
                    match reader.read(&mut buf) {
                        Ok(n) if n > 0 => {
                            let at = Instant::now();
                            let mut out = pump.lock();
                            out.bytes += n;
                            out.last = at;
                            out.parser.process(&buf[..n]);
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
                            pump.lock().eof = true;
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
        let child = pair.slave.spawn_command(cmd).map_err(|e| {
            let _ = std::fs::remove_dir_all(&dir);
            format!("spawn {}: {e}", spec.program.display())
        })?;
        let pid = child.process_id().ok_or("the child has no pid")? as i32;
        Ok(Term {
            shared,
            _master: pair.master,
            _slave: pair.slave,
            writer,
            child,
            pid,
            spawned,
            dir,
            exited: false,
        })
    }

    /// Waits until the watch armed at spawn has held; returns the time from
    /// the spawn to the chunk that made it hold.
    pub fn wait_watch(&self, what: &str, timeout: Duration) -> Result<Duration, String> {
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        loop {
            if let Some(hit) = out.hit {
                return Ok(hit.saturating_duration_since(self.spawned));
            }
            let now = Instant::now();
            if now >= deadline || out.eof {
                let screen = screen_text(out.parser.screen());
                let why = if out.eof {
                    "the program ended"
                } else {
                    "timed out"
                };
                return Err(format!(
                    "{why} after {:?} waiting for {what}; screen:\n{screen}",
                    now - self.spawned
                ));
            }
            out = self
                .shared
                .cv
                .wait_timeout(out, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until `pred` holds for the screen.
    pub fn wait_screen(
        &self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let mut out = self.shared.lock();
        loop {
            if pred(out.parser.screen()) {
                return Ok(());
            }
            let now = Instant::now();
            if now >= deadline || out.eof {
                let screen = screen_text(out.parser.screen());
                let why = if out.eof {
                    "the program ended"
                } else {
                    "timed out"
                };
                return Err(format!("{why} waiting for {what}; screen:\n{screen}"));
            }
            out = self
                .shared
                .cv
                .wait_timeout(out, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until `text` is on the screen.
    pub fn wait_text(&self, text: &str, timeout: Duration) -> Result<(), String> {
        self.wait_screen(&format!("{text:?} on screen"), timeout, |s| {
            screen_text(s).contains(text)
        })
    }

    /// Spawn → the arrival of the latest chunk of output.
    pub fn last_output(&self) -> Duration {
        self.shared
            .lock()
            .last
            .saturating_duration_since(self.spawned)
    }

    /// Waits until no output has arrived for `quiet`, for at most `max`.
    pub fn wait_quiet(&self, quiet: Duration, max: Duration) -> Result<(), String> {
        let deadline = Instant::now() + max;
        let mut out = self.shared.lock();
        loop {
            let now = Instant::now();
            let silent = now.saturating_duration_since(out.last);
            if silent >= quiet || out.eof {
                return Ok(());
            }
            if now >= deadline {
                return Err(format!(
                    "the output did not pause for {quiet:?} within {max:?}"
                ));
            }
            let wait = (quiet - silent).min(deadline - now);
            out = self
                .shared
                .cv
                .wait_timeout(out, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Writes `key`, waits for the first byte of the answer (for at most
    /// `max`), then for `quiet` without output (at most `max` again).
    /// Returns the bytes that arrived and the time from the write to the
    /// last of them. Fails when nothing at all answers the key.
    pub fn press(&mut self, key: &[u8], quiet: Duration, max: Duration) -> Result<Press, String> {
        let mark = self.shared.lock().bytes;
        let sent = Instant::now();
        self.send(key)?;
        let deadline = sent + max;
        {
            let mut out = self.shared.lock();
            while out.bytes == mark {
                let now = Instant::now();
                if now >= deadline || out.eof {
                    let screen = screen_text(out.parser.screen());
                    return Err(format!(
                        "no output within {max:?} after key {}; screen:\n{screen}",
                        key.escape_ascii()
                    ));
                }
                out = self
                    .shared
                    .cv
                    .wait_timeout(out, deadline - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
        self.wait_quiet(quiet, max)?;
        let out = self.shared.lock();
        Ok(Press {
            bytes: out.bytes - mark,
            latency: out.last.saturating_duration_since(sent),
        })
    }

    /// Writes bytes to the program's input.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.flush())
            .map_err(|e| format!("write to the pty: {e}"))
    }

    /// Counts the bytes written during all of `window`.
    pub fn bytes_during(&self, window: Duration) -> usize {
        let deadline = Instant::now() + window;
        let mut out = self.shared.lock();
        let mark = out.bytes;
        loop {
            let now = Instant::now();
            if now >= deadline {
                return out.bytes - mark;
            }
            out = self
                .shared
                .cv
                .wait_timeout(out, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The screen as text, rows joined by newlines, trailing blanks cut.
    pub fn screen(&self) -> String {
        screen_text(self.shared.lock().parser.screen())
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
    pub fn stop(&mut self, grace: Duration) {
        if self.exited {
            return;
        }
        // SAFETY: kill(2) has no memory effects; the pid is our child and
        // not reaped yet (`exited` is false), so it cannot have been reused.
        unsafe {
            libc::kill(self.pid, libc::SIGTERM);
        }
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                self.exited = true;
                return;
            }
            // Child exit has no condition variable to block on: wait for
            // output (the program restoring the terminal) or 10 ms.
            let out = self.shared.lock();
            let _ = self.shared.cv.wait_timeout(out, Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.exited = true;
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.stop(Duration::from_secs(2));
        let _ = std::fs::remove_dir_all(&self.dir);
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

/// The screen as one string.
pub fn screen_text(screen: &vt100::Screen) -> String {
    screen_lines(screen).join("\n")
}
