//! Entering and leaving full-screen mode, on every exit path.
//!
//! [`TerminalGuard`] restores on drop (normal return, `?` errors), the panic
//! hook restores before the panic message prints, and signals (SIGTERM,
//! SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM) reach the event loop
//! as messages so it returns normally through the guard. Restoring twice is
//! harmless.
//!
//! Job control: [`suspend`] leaves full-screen mode and stops the process the
//! way the terminal's own Ctrl-Z would; [`resume`] comes back after `fg`.
//! Entering always clears the screen, so a terminal that ignores the
//! alternate screen (GNU screen's default, tmux with `alternate-screen off`)
//! shows nothing of what was there before.
//!
//! Such a terminal also keeps what it shows: a clear or a scroll moves the
//! screen's rows into its history, and leaving keeps them on its screen.
//! While the one-time secret is shown, the event loop arms the bytes that
//! blank its cells ([`arm_blank`]); restoring (every exit path, the panic
//! hook and Ctrl-Z included) and clearing write them first.

use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::style::{Attribute, SetAttribute};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The bytes that blank the secret's cells in place, while it is shown.
static BLANK: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Sets the bytes that blank the secret on screen (see the module docs);
/// they hold none of its characters.
pub fn arm_blank(bytes: Vec<u8>) {
    *BLANK.lock().unwrap_or_else(|e| e.into_inner()) = bytes;
}

/// The secret is no longer on screen: nothing to blank.
pub fn disarm_blank() {
    BLANK.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// Writes the armed blanking, if any, and disarms it.
fn blank_secret(out: &mut impl Write) -> io::Result<()> {
    let bytes = std::mem::take(&mut *BLANK.lock().unwrap_or_else(|e| e.into_inner()));
    if !bytes.is_empty() {
        out.write_all(&bytes)?;
    }
    Ok(())
}

/// Full-screen mode for as long as it lives.
pub struct TerminalGuard(());

impl TerminalGuard {
    /// Raw mode, alternate screen, bracketed paste, hidden cursor; installs the panic hook.
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enter_full_screen()?;
        Ok(TerminalGuard(()))
    }
}

fn enter_full_screen() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    // Queued: the clear below sends it all in one write.
    crossterm::queue!(out, EnterAlternateScreen, EnableBracketedPaste, Hide)?;
    clear_screen()
}

/// Blanks every cell with plain attributes: a terminal that ignores the
/// alternate screen (or had something written behind our back) keeps what
/// was there otherwise, and the renderer writes only cells that are not blank
/// (see [`Terminal`](ratatui::Terminal)'s diffing). The attributes are reset
/// first, since an erase paints with the current background. A secret on
/// screen is blanked before: the clear would move it into the history.
pub fn clear_screen() -> io::Result<()> {
    let mut out = io::stdout();
    blank_secret(&mut out)?;
    crossterm::execute!(
        out,
        SetAttribute(Attribute::Reset),
        Clear(ClearType::All),
        MoveTo(0, 0)
    )
}

/// Whether a stopped wizard could be resumed: some shell with job control
/// (our parent, in our session) waits for it. A process that leads its own
/// session, or whose parent is in another one, is in an orphaned process
/// group: the terminal's own Ctrl-Z would be ignored there, and a stop would
/// last forever.
pub fn job_control() -> bool {
    // SAFETY: getters without memory effects.
    unsafe {
        let sid = libc::getsid(0);
        let ppid = libc::getppid();
        sid != libc::getpid() && ppid > 1 && libc::getsid(ppid) == sid
    }
}

/// Leaves full-screen mode and stops the process as the terminal's Ctrl-Z
/// would (SIGTSTP to our process group, so a wrapper script stops with us);
/// returns once the shell continued it (`fg`), with the terminal still in
/// normal mode: call [`resume`] then.
///
/// Our SIGTSTP handler (the event loop's listener) would catch the signal
/// instead of stopping, so the default action is put back for the moment of
/// the stop. Must be called on the main thread: the kernel hands a
/// process-directed signal to the main thread when it can take it, so the
/// stop happens before `kill` returns and before the handler is back.
pub fn suspend() {
    restore();
    // SAFETY: sigaction with a zeroed (SIG_DFL, empty mask) action and the
    // previous action stored back unchanged; kill has no memory effects.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        let mut previous: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGTSTP, &default, &mut previous) != 0 {
            // Without the default action the signal would only come back to us;
            // SIGSTOP cannot be caught.
            libc::kill(libc::getpid(), libc::SIGSTOP);
            return;
        }
        if std::thread::current().name() == Some("main") {
            libc::kill(0, libc::SIGTSTP);
        } else {
            libc::raise(libc::SIGTSTP);
        }
        libc::sigaction(libc::SIGTSTP, &previous, std::ptr::null_mut());
    }
}

/// Back to full-screen mode after a stop, or after a SIGCONT whatever
/// stopped us: the shell may have put the terminal back in cooked mode
/// meanwhile, and its contents are unknown, so raw mode is set again and the
/// screen cleared; the caller then repaints every cell.
pub fn resume() -> io::Result<()> {
    // crossterm skips enabling raw mode when it believes it is still on;
    // turning it off first makes it read the terminal's real modes again.
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
    }
    enter_full_screen()
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back: blanks a secret on screen in place (a terminal
/// without an alternate screen keeps the last frame), leaves the alternate
/// screen (so nothing drawn there stays on the normal screen), shows the
/// cursor, turns off raw mode and bracketed paste. Only what entering set is
/// undone: mouse reporting and keyboard enhancement were never turned on, and
/// a pop of the keyboard protocol's stack would take off an entry that
/// belongs to the shell or another program. Errors are ignored: the terminal
/// may already be gone (SIGHUP).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = blank_secret(&mut out);
    let _ = crossterm::queue!(out, DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = out.flush();
    let _ = disable_raw_mode();
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// The OSC 52 sequence that asks the terminal to put `content` on the
/// clipboard; inside tmux it is wrapped in tmux's passthrough (DCS, with every
/// ESC doubled) so tmux hands it to the outer terminal.
pub fn osc52_sequence(content: &[u8], tmux: bool) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(content);
    let osc = format!("\x1b]52;c;{encoded}\x07");
    if tmux {
        format!("\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))
    } else {
        osc
    }
}

/// Copies text to the clipboard with OSC 52. Returns a note on what was
/// done: the terminal must allow clipboard writes, which a program cannot
/// detect, so the note says so.
///
/// The sequence holds the content (base64), so it is wiped once written, and
/// it goes straight to the terminal: stdout's buffer would keep a copy.
pub fn copy_osc52(content: &[u8]) -> io::Result<&'static str> {
    use std::os::fd::AsFd;
    let tmux = std::env::var_os("TMUX").is_some();
    let sequence = zeroize::Zeroizing::new(osc52_sequence(content, tmux));
    let mut out = io::stdout();
    out.flush()?;
    let mut direct = std::fs::File::from(out.as_fd().try_clone_to_owned()?);
    direct.write_all(sequence.as_bytes())?;
    Ok(if tmux {
        crate::text::COPIED_TMUX
    } else {
        crate::text::COPIED
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_plain_and_wrapped_for_tmux() {
        assert_eq!(osc52_sequence(b"hi", false), "\x1b]52;c;aGk=\x07");
        assert_eq!(
            osc52_sequence(b"hi", true),
            "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
    }
}
