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
