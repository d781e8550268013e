//! End-to-end: the new Auth Token leaves no copy in a terminal that has no
//! alternate screen and keeps its history (GNU screen's default; here tmux
//! with `alternate-screen off`). Whatever ends the secret screen (a key,
//! quitting, a signal), its cells are blanked in place first, so no clear
//! or scroll afterwards can push the secret into the scrollback.
//!
//! Each case runs the binary in a detached tmux session on a private socket
//! (`tmux -L NAME -f /dev/null`, no user configuration) with a fresh HOME,
//! reads the secret off the screen (`capture-pane -p`), leaves, and then
//! looks for it in the whole history (`capture-pane -p -S - -E -`).

use crate::common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::T;
use common::pty::{BIN, TestDir};
use common::wizard::{CREATE, secret_value};

/// The tmux the tests drive.
const TMUX: &str = "tmux";

/// Whether tmux runs here. Without it the tests say so on the real stderr
/// (past libtest's capture), and fail under CI, where `.ci/run` installs it.
fn tmux_present() -> bool {
    let found = Command::new(TMUX)
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is not installed: the scrollback tests cannot run (.ci/run installs it)"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "note: tmux is not installed: the secret was NOT checked against a terminal's \
             scrollback (apt-get install tmux)"
        );
    }
    found
}

/// A spec the wizard opens at the review: Enter creates the token.
const SPEC: &str = "account_type = \"brand\"\nname = \"scrollback-check\"\n\
                    primary_contact_user_id = \"I-3000101\"\nscopes = [\"getCompanyInformation\"]\n";

/// A tmux server of its own, with one detached session running the binary.
struct Tmux {
    socket: String,
    dir: TestDir,
}

impl Tmux {
    /// Starts `impact-token ARGS` (with `--sandbox`) in a session of
    /// `size` whose pane has no alternate screen and stays after the
    /// program exits.
    fn start(size: (u16, u16), args: &[&str]) -> Tmux {
        Tmux::start_with(size, args, &[])
    }

    /// [`Tmux::start`] with more environment variables.
    fn start_with(size: (u16, u16), args: &[&str], env: &[(&str, &str)]) -> Tmux {
        static N: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "impact-token-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let dir = TestDir::new();
        let tmux = Tmux { socket, dir };
        let d = tmux.dir.path();
        std::fs::write(d.join("spec.toml"), SPEC).unwrap();
        let var = |k: &str, sub: &str| format!("{k}={}", d.join(sub).display());
        let mut cmd: Vec<String> = [
            "start-server",
            ";",
            "set",
            "-g",
            "alternate-screen",
            "off",
            ";",
            "set",
            "-g",
            "remain-on-exit",
            "on",
            ";",
            "set",
            "-g",
            "history-limit",
            "10000",
            ";",
            "new-session",
            "-d",
            "-s",
            "t",
        ]
        .map(String::from)
        .to_vec();
        cmd.extend([
            "-x".into(),
            size.0.to_string(),
            "-y".into(),
            size.1.to_string(),
            "--".into(),
            "env".into(),
            "-i".into(),
            format!("PATH={}", std::env::var("PATH").unwrap_or_default()),
            "TERM=screen".into(),
            "LANG=C.UTF-8".into(),
            var("HOME", "home"),
            var("XDG_CONFIG_HOME", "config"),
            var("XDG_DATA_HOME", "data"),
            var("XDG_STATE_HOME", "state"),
            var("XDG_CACHE_HOME", "cache"),
        ]);
        cmd.extend(env.iter().map(|(k, v)| format!("{k}={v}")));
        cmd.extend([
            BIN.into(),
            "--log-file".into(),
            d.join("impact-token.log").display().to_string(),
        ]);
        // A relative path is the run's directory's.
        cmd.extend(args.iter().map(|s| match d.join(s) {
            p if p.exists() => p.display().to_string(),
            _ => s.to_string(),
        }));
        cmd.push("--sandbox".into());
        let out = tmux.run(&cmd.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.status.success(), "tmux did not start: {out:?}");
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(TMUX)
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// The pane's visible screen.
    fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", "t"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The pane's whole history and screen.
    fn history(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-S", "-", "-E", "-", "-t", "t"]);
        assert!(out.status.success(), "capture-pane failed: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn pane(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Polls the screen until `ok` holds, or fails with it after `timeout`.
    fn wait(&self, what: &str, timeout: Duration, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {what}; screen:\n{screen}\nlog: {}",
                    log_tail(self.dir.path())
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait(&format!("{text:?}"), T, |s| s.contains(text))
    }

    /// Waits until the program has exited (the pane stays, dead).
    fn wait_dead(&self) {
        let deadline = Instant::now() + T;
        while self.pane("#{pane_dead}") != "1" {
            assert!(
                Instant::now() < deadline,
                "the program did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    /// The review opened from the spec; Enter creates; returns the secret
    /// as the screen shows it.
    fn create(&self) -> String {
        self.wait("the review", T, |s| {
            s.contains("╭ 4 Create") && s.contains("scrollback-check") && s.contains("Erin")
        });
        self.keys(&["Enter"]);
        let screen = self.wait("the new secret", CREATE, |s| {
            secret_value(s, "Auth Token").is_some_and(|v| v.len() >= 16)
        });
        secret_value(&screen, "Auth Token").unwrap()
    }

    /// The whole history must not hold `secret`, but must hold the secret
    /// screen's title (so the capture did see that screen).
    fn assert_no_secret(&self, secret: &str, how: &str) {
        let history = self.history();
        assert!(
            !history.contains(secret),
            "after leaving the secret screen {how}, the terminal's history still holds \
             the secret {secret}:\n{history}"
        );
        assert!(
            history.contains("╭ Token created"),
            "the history should show the secret screen's title:\n{history}"
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn log_tail(dir: &Path) -> String {
    let log = std::fs::read_to_string(dir.join("impact-token.log")).unwrap_or_default();
    log.lines().rev().take(10).collect::<Vec<_>>().join("\n")
}

#[test]
fn leaving_the_secret_by_a_key_leaves_no_copy_in_the_scrollback() {
    if !tmux_present() {
        return;
    }
    // At the smallest size the next screen's rows come back shifted, which
    // the renderer draws as a scroll: the rows above go to the history.
    let tmux = Tmux::start((60, 16), &["create", "--spec", "spec.toml"]);
    let secret = tmux.create();
    tmux.keys(&["Enter"]);
    tmux.wait_for("Saved the Auth Token?");
    tmux.keys(&["y"]);
    tmux.wait_for("q, Enter or Esc quits");
    tmux.keys(&["q"]);
    tmux.wait_dead();
    tmux.assert_no_secret(&secret, "with Enter, then y");
}

#[test]
fn quitting_on_the_secret_leaves_no_copy_in_the_scrollback() {
    if !tmux_present() {
        return;
    }
    let tmux = Tmux::start((100, 30), &["create", "--spec", "spec.toml"]);
    let secret = tmux.create();
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit? The Auth Token");
    tmux.keys(&["y"]);
    tmux.wait_dead();
    tmux.assert_no_secret(&secret, "with Ctrl-C, then y");
}

#[test]
fn sigterm_on_the_secret_leaves_no_copy_in_the_scrollback() {
    if !tmux_present() {
        return;
    }
    let tmux = Tmux::start((100, 30), &["create", "--spec", "spec.toml"]);
    let secret = tmux.create();
    // `env` exec'd the binary: the pane's process is the program.
    let pid: i32 = tmux.pane("#{pane_pid}").parse().expect("the pane's pid");
    // SAFETY: kill has no memory effects.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    tmux.wait_dead();
    tmux.assert_no_secret(&secret, "by SIGTERM");
}

#[test]
fn quitting_on_a_reset_secret_leaves_no_copy_in_the_scrollback() {
    if !tmux_present() {
        return;
    }
    // The API page: a token's details, its menu, Reset, its name typed.
    let tmux = Tmux::start((100, 30), &[]);
    tmux.wait("the API page with its tokens", T, |s| {
        s.contains(common::API_PAGE_MARK) && s.contains(" tokens") && !s.contains("oading")
    });
    tmux.keys(&["Enter"]);
    let details = tmux.wait_for("╭ Token '");
    let name = details
        .lines()
        .find_map(|l| l.split("╭ Token '").nth(1)?.rsplit_once("' "))
        .map(|(name, _)| name.to_string())
        .expect("the token's name in the details");
    tmux.keys(&["m"]);
    tmux.wait_for("Upgrade Version");
    tmux.keys(&["Down"]);
    tmux.wait_for("› Reset");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Type the token's name");
    tmux.keys(&["-l", &name]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait("the new secret", CREATE, |s| {
        secret_value(s, "Auth Token").is_some_and(|v| v.len() >= 16)
    });
    let secret = secret_value(&screen, "Auth Token").unwrap();
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit? The Auth Token");
    tmux.keys(&["y"]);
    tmux.wait_dead();
    let history = tmux.history();
    assert!(
        !history.contains(&secret),
        "after quitting a reset's secret screen, the history still holds it:\n{history}"
    );
    assert!(history.contains("Auth Token"), "{history}");
}

/// Creates a token at 100×30, does `then` on its secret screen, quits with
/// Ctrl-C and yes (unless `then` ended the program), and checks the history.
fn after(how: &str, env: &[(&str, &str)], then: impl FnOnce(&Tmux, &str)) {
    if !tmux_present() {
        return;
    }
    let tmux = Tmux::start_with((100, 30), &["create", "--spec", "spec.toml"], env);
    let secret = tmux.create();
    then(&tmux, &secret);
    if tmux.pane("#{pane_dead}") != "1" {
        tmux.keys(&["C-c"]);
        tmux.wait_for("Quit? The Auth Token");
        tmux.keys(&["y"]);
    }
    tmux.wait_dead();
    tmux.assert_no_secret(&secret, how);
}

#[test]
fn ctrl_l_on_the_secret_leaves_no_copy_in_the_scrollback() {
    // Ctrl-L clears (which moves the screen into the history), then draws
    // the secret again.
    after("after Ctrl-L", &[], |tmux, secret| {
        let mark = tmux.history().matches("Token created").count();
        tmux.keys(&["C-l"]);
        tmux.wait("the secret screen drawn again", T, |_| {
            tmux.history().matches("Token created").count() > mark
        });
        tmux.wait_for(secret);
    });
}

#[test]
fn a_resize_on_the_secret_leaves_no_copy_in_the_scrollback() {
    // A new size clears the screen before drawing the secret again.
    after("after a resize", &[], |tmux, secret| {
        let out = tmux.run(&["resize-window", "-t", "t", "-x", "110", "-y", "30"]);
        assert!(out.status.success(), "{out:?}");
        tmux.wait("the secret at the new width", T, |s| {
            s.lines()
                .any(|l| l.chars().count() == 110 && l.starts_with('╭'))
        });
        tmux.wait_for(secret);
    });
}

#[test]
fn a_panic_on_the_secret_leaves_no_copy_in_the_scrollback() {
    after(
        "by a panic",
        &[("IMPACT_TOKEN_DEBUG_FAULT", "panic")],
        |tmux, _| {
            tmux.keys(&["F12"]);
            tmux.wait_dead();
        },
    );
}
