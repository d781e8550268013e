//! Entering and leaving full-screen mode, on every exit path.
//!
//! [`TerminalGuard`] restores on drop (normal return, `?` errors), the panic
//! hook restores before the panic message prints, and signals (SIGTERM,
//! SIGHUP, SIGINT) reach the event loop as messages so it returns normally
//! through the guard. Restoring twice is harmless.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, PopKeyboardEnhancementFlags,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Full-screen mode for as long as it lives.
pub struct TerminalGuard(());

impl TerminalGuard {
    /// Raw mode, alternate screen, bracketed paste, hidden cursor; installs the panic hook.
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut out = io::stdout();
        crossterm::execute!(out, EnterAlternateScreen, EnableBracketedPaste, Hide)?;
        Ok(TerminalGuard(()))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back: leaves the alternate screen (so nothing drawn
/// there, the secret included, stays on the normal screen), shows the
/// cursor, turns off raw mode, mouse reporting, bracketed paste and keyboard
/// enhancement. Errors are ignored: the terminal may already be gone (SIGHUP).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = crossterm::queue!(
        out,
        PopKeyboardEnhancementFlags,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
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

/// Copies text to the clipboard with OSC 52, wrapped for tmux when inside it.
/// Returns a note on what was done: the terminal must allow clipboard writes,
/// which the program cannot detect.
pub fn copy_osc52(content: &[u8]) -> io::Result<&'static str> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(content);
    let osc = format!("\x1b]52;c;{encoded}\x07");
    let mut out = io::stdout();
    let note = if std::env::var_os("TMUX").is_some() {
        // tmux passes a sequence through when wrapped and every ESC is doubled.
        write!(out, "\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))?;
        crate::text::COPIED_TMUX
    } else {
        out.write_all(osc.as_bytes())?;
        crate::text::COPIED
    };
    out.flush()?;
    Ok(note)
}
