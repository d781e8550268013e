//! Helpers shared by the end-to-end tests: the pseudo-terminal harness in
//! [`pty`], walks through the wizard in [`wizard`], and a few waits that
//! know what the wizard looks like. Each test crate uses only part of them,
//! hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod pty;
pub mod sandbox;
pub mod wizard;

use std::path::{Path, PathBuf};
use std::time::Duration;

use pty::{Options, OrFail, Pty};

/// Deadline for one wait on the screen; long enough for a loaded 2-core
/// machine, short enough that a hang fails the test quickly.
pub const T: Duration = Duration::from_secs(10);

/// Account SID of the sandbox's brand account (its seeded administrator).
pub const BRAND_SID: &str = "IRDEMOBRAND00000000000000000000001";

/// Waits for the first frame of the wizard and for the connection attempt to
/// settle (the header no longer says "connecting…"), then for the output to
/// pause. Returns the screen. Where the API page is home (no subcommand),
/// `n` opens the wizard first, as the tests written for the wizard expect.
pub fn settle(pty: &Pty) -> String {
    let wait = || {
        pty.wait_until("the wizard drawn and connected (or not)", T, |s| {
            let text = pty::screen_text(s);
            text.contains(" impact-token ") && !text.contains("connecting…")
        })
        .or_fail();
        pty.wait_quiet(Duration::from_millis(50), T).or_fail();
        pty.screen()
    };
    let screen = wait();
    if !screen.contains(API_PAGE_MARK) {
        return screen;
    }
    pty.send("n");
    pty.wait_for("1 Setup", T).or_fail();
    wait()
}

/// Where the API page is home: waits for it (or for the wizard), and `n`
/// opens the wizard. Returns the screen once the Setup panel shows.
pub fn open_wizard(pty: &Pty) -> String {
    let screen = pty
        .wait_until("the API page or the wizard", T, |s| {
            let text = pty::screen_text(s);
            text.contains(API_PAGE_MARK) || text.contains("1 Setup")
        })
        .or_fail();
    if screen.contains(API_PAGE_MARK) {
        pty.send("n");
    }
    pty.wait_for("1 Setup", T).or_fail();
    pty.wait_quiet(Duration::from_millis(50), T).or_fail();
    pty.screen()
}

/// Starts the program and waits for its first settled frame.
pub fn start(opts: Options) -> Pty {
    let pty = Pty::start(opts);
    settle(&pty);
    pty
}

/// Text only the API page shows (its filter line).
pub const API_PAGE_MARK: &str = "Search by Name: ";

/// Starts the program and waits for the API page with its list loaded.
pub fn start_page(opts: Options) -> Pty {
    let pty = Pty::start(opts);
    pty.wait_until("the API page with its tokens", T, |s| {
        let text = pty::screen_text(s);
        // "Loading the tokens…" holds " tokens" too: the list is not there yet.
        text.contains(API_PAGE_MARK)
            && text.contains(" tokens")
            && !text.contains("loading")
            && !text.contains("Loading the tokens")
    })
    .or_fail();
    pty.wait_quiet(Duration::from_millis(150), T).or_fail();
    pty
}

/// `impact-token --sandbox`.
pub fn sandbox() -> Options {
    Options::new(&["--sandbox"])
}

/// Fails with the screen (and log tail) when `ok` is false.
pub fn check(pty: &Pty, ok: bool, msg: &str) {
    if !ok {
        panic!("{}", pty.failure(msg, &pty.screen()));
    }
}

/// The screen's status line (the row above the key hints).
pub fn status_line(screen: &str) -> String {
    // `split`, not `lines`: a blank last row is still a row.
    let lines: Vec<&str> = screen.split('\n').collect();
    lines
        .get(lines.len().saturating_sub(2))
        .unwrap_or(&"")
        .to_string()
}

/// Where the brand sandbox account's draft lives under a run's directory:
/// `$XDG_DATA_HOME/impact-token/drafts/brand-<sid>.json`.
pub fn draft_file(dir: &Path) -> PathBuf {
    dir.join("data")
        .join("impact-token")
        .join("drafts")
        .join(format!("brand-{BRAND_SID}.json"))
}
