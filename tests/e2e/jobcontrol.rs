//! End-to-end: the terminal survives job control, fatal signals,
//! multiplexers that ignore the alternate screen, and places with no
//! terminal at all.
//!
//! Job control needs a shell: these tests run `sh -i` (with job control, as
//! a user's shell) in the pseudo-terminal and start the binary from it, so
//! Ctrl-Z, `kill -TSTP` and `fg` work as they do for a user. The shell's
//! prompt is fixed ([`PROMPT`]) so the tests can wait for it.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::pty::{
    ENTER_ALT_SCREEN, Key, LEAVE_ALT_SCREEN, Options, OrFail, Pty, SHOW_CURSOR, escape, find,
    screen_lines, screen_text,
};
use common::{T, settle};

/// The shell's prompt.
const PROMPT: &str = "jc-prompt$";

/// Deadline for the program to exit after it was told to.
const EXIT: Duration = Duration::from_secs(10);

/// The question Ctrl-C asks when there is typed input (a sandbox wizard keeps a draft).
const QUIT_QUESTION: &str = "Quit? What you entered is kept as a draft.";

/// An interactive shell with job control in an 80×24 pty, at its prompt.
/// `$IT` names the binary; the shell runs in the harness's directory, where
/// failure messages look for the log.
fn shell() -> Pty {
    let pty = Pty::start(
        Options::new(&[])
            .program(&["sh", "-i"])
            .env("PS1", &format!("{PROMPT} "))
            .env("ENV", "")
            .env("IT", common::pty::BIN),
    );
    wait_prompt(&pty, 1);
    pty
}

/// Whether the normal screen is active with the shell's prompt on its last
/// non-blank row.
fn at_prompt(s: &vt100::Screen) -> bool {
    let lines = screen_lines(s);
    let last = lines.iter().rev().find(|l| !l.is_empty());
    !s.alternate_screen() && last.is_some_and(|l| l.trim_end() == PROMPT)
}

/// Whether the shell reported a stopped job. Its report starts where the
/// program left the cursor, so it may wrap across rows.
fn shell_says_stopped(s: &vt100::Screen) -> bool {
    screen_text(s).replace('\n', "").contains("Stopped")
}

/// Whether the shell reported a stopped job and is back at its prompt.
fn stopped_at_prompt(s: &vt100::Screen) -> bool {
    at_prompt(s) && shell_says_stopped(s)
}

/// Waits until the shell shows its prompt `n` times, the last one on the
/// last non-blank row, with the normal screen active; returns the screen.
fn wait_prompt(pty: &Pty, n: usize) -> String {
    pty.wait_until(&format!("prompt number {n} from the shell"), T, |s| {
        at_prompt(s)
            && screen_lines(s)
                .iter()
                .filter(|l| l.starts_with(PROMPT))
                .count()
                >= n
    })
    .or_fail()
}

/// Ctrl-Z, then waits for the shell to report the stop and show its second prompt.
fn stop_to_prompt(pty: &Pty) {
    pty.send_key(Key::Ctrl('z'));
    pty.wait_until("the shell says Stopped", T, shell_says_stopped)
        .or_fail();
    wait_prompt(pty, 2);
}

/// Starts the wizard on the sandbox from the shell and waits until it has settled.
fn start_wizard(pty: &Pty) -> String {
    pty.send("\"$IT\" --log-file impact-token.log --sandbox\r");
    settle(pty)
}

/// The pid of the binary the shell started (a child of the shell).
fn child_pid(pty: &Pty) -> i32 {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("read /proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let ppid = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok());
        if ppid == Some(pty.pid()) && head.contains("(impact-token") {
            found.push(pid);
        }
    }
    match found.as_slice() {
        [pid] => *pid,
        _ => panic!(
            "{}",
            pty.failure(
                &format!("expected one impact-token under the shell, found {found:?}"),
                &pty.screen()
            )
        ),
    }
}

/// The process state letter from /proc (R, S, T for stopped, …).
fn proc_state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next())
        .unwrap_or('?')
}

/// The flags of `stty -a` output, split into words.
fn stty_flags(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ';')
        .map(str::to_string)
        .collect()
}

/// After the program stopped: the shell reports it, the output left the
/// alternate screen and showed the cursor, and `stty -a` run by the shell
/// shows cooked mode (icanon and echo on).
fn assert_stopped_and_restored(pty: &Pty, pid: i32, mark: usize) {
    let screen = pty
        .wait_until("the shell to report the job stopped", T, stopped_at_prompt)
        .or_fail();
    assert_eq!(
        proc_state(pid),
        'T',
        "{}",
        pty.failure("the shell says stopped, /proc does not", &screen)
    );
    let out = pty.bytes_since(mark);
    for (seq, what) in [
        (LEAVE_ALT_SCREEN, "leave the alternate screen"),
        (SHOW_CURSOR, "show the cursor"),
    ] {
        assert!(
            find(&out, seq).is_some(),
            "{}",
            pty.failure(
                &format!(
                    "nothing to {what} before stopping; output since the stop request: {}",
                    escape(&out)
                ),
                &screen
            )
        );
    }
    assert!(
        !pty.hide_cursor(),
        "the cursor is hidden at the shell prompt"
    );
    assert_cooked(pty, (6, 7), &["icanon", "echo", "isig"], "while stopped");
    wait_prompt(pty, 3);
}

/// Runs `stty -a` in the shell and fails unless it shows every one of
/// `flags` (cooked mode). The shell prints the product of `factors` after
/// it, a marker the echoed command line cannot match; each call in a test
/// needs factors of its own.
fn assert_cooked(pty: &Pty, (a, b): (u32, u32), flags: &[&str], when: &str) {
    pty.send(&format!("stty -a; echo STTY-$(({a}*{b}))\r"));
    let screen = pty.wait_for(&format!("STTY-{}", a * b), T).or_fail();
    let shown = stty_flags(&screen);
    for flag in flags {
        assert!(
            shown.iter().any(|f| f == flag),
            "{}",
            pty.failure(
                &format!("raw mode left on {when}: stty shows no `{flag}`"),
                &screen
            )
        );
    }
}

/// Feeds `raw` to a fresh parser that first shows `fill` in every cell, with
/// every switch to or from the alternate screen removed: a terminal that
/// ignores the alternate screen (GNU screen's default, tmux with
/// `alternate-screen off`) shows what this returns.
fn without_alt_screen(raw: &[u8], fill: char, (cols, rows): (u16, u16)) -> vt100::Parser {
    let mut p = vt100::Parser::new(rows, cols, 0);
    let line: String = std::iter::repeat_n(fill, cols as usize).collect();
    let screen: Vec<String> = (0..rows).map(|_| line.clone()).collect();
    p.process(screen.join("\r\n").as_bytes());
    let mut bytes = raw.to_vec();
    for seq in [ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN] {
        while let Some(at) = find(&bytes, seq) {
            bytes.drain(at..at + seq.len());
        }
    }
    p.process(&bytes);
    p
}

/// Cells where `got` differs from `want`, as (row, col, got, want).
fn differing_cells(got: &vt100::Screen, want: &vt100::Screen) -> Vec<(u16, u16, String, String)> {
    let (rows, cols) = want.size();
    let mut out = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let text = |s: &vt100::Screen| match s.cell(r, c).map(|x| x.contents()) {
                Some(t) if !t.is_empty() => t.to_string(),
                _ => " ".to_string(),
            };
            let (g, w) = (text(got), text(want));
            if g != w {
                out.push((r, c, g, w));
            }
        }
    }
    out
}

/// Asserts that `got` shows exactly what `want` shows, cell by cell.
fn assert_same_cells(pty: &Pty, got: &vt100::Screen, want: &vt100::Screen, what: &str) {
    let diff = differing_cells(got, want);
    if !diff.is_empty() {
        let first: Vec<String> = diff
            .iter()
            .take(12)
            .map(|(r, c, g, w)| format!("row {r} col {c}: {g:?} instead of {w:?}"))
            .collect();
        panic!(
            "{}",
            pty.failure(
                &format!(
                    "{what}: {} stale cells, first: {}\n--- what that terminal shows ---\n{}",
                    diff.len(),
                    first.join("; "),
                    screen_text(got)
                ),
                &pty.screen()
            )
        );
    }
}

/// After `fg`: the wizard is back on the alternate screen, drawn whole
/// (`before` is the frame it showed before it stopped), and raw mode is
/// back: typed keys reach the wizard and Ctrl-C asks instead of killing.
fn assert_resumed(pty: &Pty, before: &vt100::Screen) {
    let screen = wait_redrawn(pty, before);
    assert!(
        !screen.contains(PROMPT),
        "the shell shows through:\n{screen}"
    );
    // A terminal without an alternate screen saw the shell's lines too; the
    // redraw after fg must cover every one of them.
    let replay = without_alt_screen(&pty.raw(), 'X', pty.size());
    assert_same_cells(
        pty,
        replay.screen(),
        before,
        "after fg, on a terminal without an alternate screen",
    );
    // Cooked mode would echo these and wait for Enter; raw mode hands them
    // to the Name field at once.
    type_then_quit(pty, "back-again");
}

/// Waits until the wizard is back on the alternate screen showing exactly
/// `before`, then for the output to pause; returns the screen.
fn wait_redrawn(pty: &Pty, before: &vt100::Screen) -> String {
    let screen = pty
        .wait_until("the wizard redrawn after fg", T, |s| {
            s.alternate_screen() && differing_cells(s, before).is_empty()
        })
        .or_fail();
    pty.wait_quiet(Duration::from_millis(150), T).or_fail();
    screen
}

/// Types `text` into the focused field, waits for it, then quits with
/// Ctrl-C and `y` (the question the kept draft asks).
fn type_then_quit(pty: &Pty, text: &str) {
    pty.send(text);
    pty.wait_for(text, T).or_fail();
    pty.send_key(Key::Ctrl('c'));
    pty.wait_for(QUIT_QUESTION, T).or_fail();
    pty.send("y");
}

/// The whole parsed screen, cloned for later comparison.
fn snapshot(pty: &Pty) -> vt100::Screen {
    pty.with_screen(|s| s.clone())
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes_in_raw_mode() {
    let pty = shell();
    start_wizard(&pty);
    let pid = child_pid(&pty);
    let before = snapshot(&pty);
    let mark = pty.bytes_len();
    pty.send_key(Key::Ctrl('z'));
    assert_stopped_and_restored(&pty, pid, mark);
    let fg_mark = pty.bytes_len();
    pty.send("fg\r");
    assert_resumed(&pty, &before);
    // One repaint: the SIGCONT that follows the stop must not cause a second.
    let after = pty.bytes_since(fg_mark);
    let clears = after.windows(4).filter(|w| w == b"\x1b[2J").count();
    assert_eq!(clears, 1, "screen clears after fg: {}", escape(&after));
    wait_prompt(&pty, 4);
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists() || proc_state(pid) == 'Z',
        "the program still runs after quitting"
    );
}

#[test]
fn external_sigtstp_suspends_like_ctrl_z() {
    let pty = shell();
    start_wizard(&pty);
    let pid = child_pid(&pty);
    let before = snapshot(&pty);
    let mark = pty.bytes_len();
    // SAFETY: kill(2) has no memory effects; pid is the live child found above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTSTP) }, 0);
    assert_stopped_and_restored(&pty, pid, mark);
    pty.send("fg\r");
    assert_resumed(&pty, &before);
    wait_prompt(&pty, 4);
}

#[test]
fn stopped_by_sigstop_then_fg_after_stty_sane_comes_back_raw_and_whole() {
    // SIGSTOP cannot be caught: the wizard learns of the stop only from the
    // SIGCONT. Meanwhile the shell writes over it and the terminal is put
    // back in cooked mode (as bash does when a job stops).
    let pty = shell();
    start_wizard(&pty);
    let pid = child_pid(&pty);
    let before = snapshot(&pty);
    // SAFETY: kill(2) has no memory effects; pid is the live child found above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGSTOP) }, 0);
    pty.wait_until("the shell says Stopped", T, shell_says_stopped)
        .or_fail();
    assert_eq!(proc_state(pid), 'T');
    // The terminal is still raw: a line ends with a line feed.
    pty.send("stty sane; echo SANE-$((2+3))\n");
    pty.wait_for("SANE-5", T).or_fail();
    pty.send("fg\r");
    assert_resumed(&pty, &before);
    pty.wait_until("the shell's prompt back", T, |s| !s.alternate_screen())
        .or_fail();
}

#[test]
fn resized_while_stopped_comes_back_at_the_new_size() {
    // The window changes while the shell has the terminal: the resize
    // signal goes to the shell, not to the stopped wizard.
    let mut pty = shell();
    start_wizard(&pty);
    stop_to_prompt(&pty);
    pty.resize(100, 30);
    pty.send("fg\r");
    let screen = pty
        .wait_until("the wizard drawn at 100x30", T, |s| {
            let (rows, _) = s.size();
            s.alternate_screen()
                && (0..rows).any(|r| s.cell(r, 99).is_some_and(|c| c.contents() == "╮"))
                && screen_lines(s)
                    .last()
                    .is_some_and(|l| l.starts_with(" Tab/↑↓ field"))
        })
        .or_fail();
    assert!(!screen.contains(PROMPT), "{screen}");
    // Every cell is the wizard's, also where the 80x24 frame never reached.
    pty.wait_quiet(Duration::from_millis(150), T).or_fail();
    let replay = without_alt_screen(&pty.raw(), 'X', pty.size());
    assert_same_cells(&pty, replay.screen(), &snapshot(&pty), "after fg at 100x30");
}

#[test]
fn shrunk_while_stopped_keeps_the_tree_cursor_in_view() {
    // The scope tree scrolls by the size the wizard knows; a resize while
    // stopped must be learned on resume, or End scrolls past the screen.
    let mut pty = shell();
    start_wizard(&pty);
    common::wizard::require_sandbox(&pty);
    common::wizard::fill_setup(&pty, "jobs");
    common::wizard::pick_contact(&pty);
    pty.send_key(Key::Enter);
    pty.wait_for("╭ 3 API Scopes", T).or_fail();
    stop_to_prompt(&pty);
    pty.resize(80, 16);
    pty.send("fg\r");
    pty.wait_until("the Scopes panel at 80x16", T, |s| {
        s.alternate_screen() && screen_text(s).contains("╭ 3 API Scopes")
    })
    .or_fail();
    let first = common::wizard::cursor(&pty);
    // End: the last category, which lies below the 7 rows the tree has now.
    pty.send("G");
    pty.wait_until("the tree cursor moved to the last row, on screen", T, |s| {
        common::wizard::tree_cursor(s).is_some_and(|(_, l)| l != first)
    })
    .or_fail();
}

#[test]
fn a_stopped_wizard_killed_from_the_shell_restores_the_terminal() {
    let pty = shell();
    start_wizard(&pty);
    let pid = child_pid(&pty);
    let mark = pty.bytes_len();
    pty.send_key(Key::Ctrl('z'));
    assert_stopped_and_restored(&pty, pid, mark);
    // SIGTERM waits while the job is stopped; fg continues it and it ends.
    pty.send("kill -TERM %1; fg; echo EXIT=$?\r");
    // The echoed command line shows `EXIT=$?`; the answer has a digit.
    let screen = pty
        .wait_until("the exit status from the shell", T, |s| {
            screen_text(s)
                .split("EXIT=")
                .skip(1)
                .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .or_fail();
    assert!(screen.contains("EXIT=143"), "{screen}");
    wait_prompt(&pty, 4);
    assert!(!pty.alternate_screen(), "left on the alternate screen");
    assert!(!pty.hide_cursor(), "the cursor is hidden");
    assert_cooked(&pty, (7, 7), &["icanon", "echo"], "after the kill");
}

#[test]
fn suspend_twice_resumes_twice() {
    let pty = shell();
    start_wizard(&pty);
    let pid = child_pid(&pty);
    let before = snapshot(&pty);
    for round in 0..2 {
        let mark = pty.bytes_len();
        pty.send_key(Key::Ctrl('z'));
        pty.wait_until("the job stopped", T, stopped_at_prompt)
            .or_fail();
        assert_eq!(proc_state(pid), 'T', "round {round}: not stopped");
        assert!(find(&pty.bytes_since(mark), LEAVE_ALT_SCREEN).is_some());
        pty.send("fg\r");
        wait_redrawn(&pty, &before);
    }
    assert_resumed(&pty, &before);
}

#[test]
fn ctrl_z_without_job_control_keeps_the_wizard() {
    // Started straight in the pty (no shell), the program leads its own
    // session: nothing could resume it, so Ctrl-Z must not stop it.
    let mut pty = Pty::start(Options::new(&["--sandbox"]));
    settle(&pty);
    pty.send_key(Key::Ctrl('z'));
    pty.wait_for("no job control", T).or_fail();
    assert_ne!(
        proc_state(pty.pid()),
        'T',
        "stopped with nobody to resume it"
    );
    assert!(pty.alternate_screen(), "left the full screen for nothing");
    type_then_quit(&pty, "still-here");
    let status = pty.wait_exit(EXIT).or_fail();
    assert_eq!(status.exit_code(), 0, "{status}");
    pty.assert_restored();
}

fn fatal_signal_restores(signal: i32) {
    let mut pty = Pty::start(Options::new(&["--sandbox"]));
    settle(&pty);
    pty.kill(signal);
    let status = pty.wait_exit(EXIT).or_fail();
    assert!(
        status.exit_code() == 128 + signal as u32 && status.signal().is_none(),
        "{}",
        pty.failure(
            &format!(
                "signal {signal}: expected exit code {}, got {status}",
                128 + signal
            ),
            &pty.screen()
        )
    );
    pty.assert_restored();
}

#[test]
fn sigquit_restores_and_exits_131() {
    fatal_signal_restores(libc::SIGQUIT);
}

#[test]
fn sigusr1_restores_and_exits_138() {
    fatal_signal_restores(libc::SIGUSR1);
}

#[test]
fn sigusr2_restores_and_exits_140() {
    fatal_signal_restores(libc::SIGUSR2);
}

#[test]
fn sigalrm_restores_and_exits_142() {
    fatal_signal_restores(libc::SIGALRM);
}

#[test]
fn no_stale_cell_shows_on_a_terminal_without_an_alternate_screen() {
    let pty = Pty::start(Options::new(&["--sandbox"]));
    settle(&pty);
    let replay = without_alt_screen(&pty.raw(), 'X', pty.size());
    assert_same_cells(
        &pty,
        replay.screen(),
        &snapshot(&pty),
        "the first frame over a screen full of X",
    );
}

#[test]
fn ctrl_l_repaints_every_cell() {
    let pty = Pty::start(Options::new(&["--sandbox"]));
    settle(&pty);
    let before = snapshot(&pty);
    // Something else writes to the terminal behind the program's back.
    let mut tty = std::fs::OpenOptions::new()
        .write(true)
        .open(pty.tty_path())
        .expect("open the pty for writing");
    let garbage: String = (0..24)
        .map(|r| format!("\x1b[{};1H\x1b[7m{}", r + 1, "#".repeat(80)))
        .collect();
    tty.write_all(garbage.as_bytes()).expect("write garbage");
    tty.write_all(b"\x1b[0m").expect("write garbage");
    drop(tty);
    pty.wait_until("the garbage on screen", T, |s| {
        screen_text(s).lines().all(|l| l == "#".repeat(80))
    })
    .or_fail();
    pty.send_key(Key::Ctrl('l'));
    pty.wait_until("the wizard repainted", T, |s| {
        differing_cells(s, &before).is_empty()
    })
    .or_fail();
    pty.wait_quiet(Duration::from_millis(150), T).or_fail();
    // Same cells, and no attribute left from the garbage (reverse video).
    let (rows, cols) = before.size();
    let reversed: Vec<(u16, u16)> = pty.with_screen(|s| {
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .filter(|&(r, c)| {
                s.cell(r, c).is_some_and(|x| x.inverse())
                    && !before.cell(r, c).is_some_and(|x| x.inverse())
            })
            .collect()
    });
    assert!(
        reversed.is_empty(),
        "{}",
        pty.failure(
            &format!("cells still in reverse video: {reversed:?}"),
            &pty.screen()
        )
    );
}

#[test]
fn ctrl_l_repaints_on_a_terminal_without_an_alternate_screen() {
    let pty = Pty::start(Options::new(&["--sandbox"]));
    settle(&pty);
    let before = snapshot(&pty);
    let mark = pty.bytes_len();
    pty.send_key(Key::Ctrl('l'));
    pty.wait_output(mark, T).or_fail();
    pty.wait_quiet(Duration::from_millis(150), T).or_fail();
    // Only what Ctrl-L wrote, over a screen full of X.
    let replay = without_alt_screen(&pty.bytes_since(mark), 'X', pty.size());
    assert_same_cells(
        &pty,
        replay.screen(),
        &before,
        "Ctrl-L over a screen full of X",
    );
}

/// Runs the binary with these arguments and standard streams, killing it
/// after [`EXIT`] (a wizard that took a file for a terminal could wait forever).
fn run_without_terminal(
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Stdio,
    stdout: Stdio,
) -> (Option<i32>, String) {
    let dir = common::pty::TestDir::new();
    let mut cmd = Command::new(common::pty::BIN);
    cmd.arg("--log-file")
        .arg(dir.path().join("impact-token.log"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("HOME", dir.path().join("home"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .stdin(stdin)
        .stdout(stdout)
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("spawn the binary");
    let pid = child.id() as i32;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(EXIT) {
        Ok(out) => {
            let out = out.expect("wait for the binary");
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        }
        Err(_) => {
            // SAFETY: kill(2) has no memory effects; the child is not reaped yet.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{args:?} did not exit within {EXIT:?}: it waits for a terminal");
        }
    }
}

/// The refusal: exit 2, and a message naming the cause and the way out.
fn assert_refused(code: Option<i32>, stderr: &str, cause: &str) {
    assert_eq!(code, Some(2), "expected exit 2; stderr:\n{stderr}");
    assert!(
        stderr.contains(cause),
        "the message should say {cause:?}:\n{stderr}"
    );
    assert!(
        stderr.contains("impact-token create --spec FILE --yes"),
        "the message should point to create --spec FILE --yes:\n{stderr}"
    );
}

#[test]
fn stdout_to_a_file_refuses_the_wizard() {
    let dir = common::pty::TestDir::new();
    let out_path = dir.path().join("out");
    let out = std::fs::File::create(&out_path).unwrap();
    let (code, stderr) = run_without_terminal(&["--sandbox"], &[], Stdio::null(), out.into());
    assert_refused(code, &stderr, "standard output is not a terminal");
    let written = std::fs::read(&out_path).unwrap();
    assert!(written.is_empty(), "wrote to stdout: {}", escape(&written));
}

#[test]
fn create_review_with_stdout_to_a_pipe_refuses() {
    let dir = common::pty::TestDir::new();
    let spec = dir.path().join("token.toml");
    std::fs::write(
        &spec,
        "account_type = \"brand\"\nname = \"nightly\"\nprimary_contact_user_id = \"I-3000101\"\n\
         scopes = [\"getCompanyInformation\"]\n",
    )
    .unwrap();
    let (code, stderr) = run_without_terminal(
        &["create", "--spec", spec.to_str().unwrap(), "--sandbox"],
        &[],
        Stdio::null(),
        Stdio::piped(),
    );
    assert_refused(code, &stderr, "standard output is not a terminal");
}

/// Runs `script` (`$IT` names the binary; it must end by echoing
/// `EXIT=$?`) in `sh -c` in the pty, and checks the wizard refused: exit 2,
/// a message naming `cause` and the way out, and no full screen entered.
fn refused_in_shell(script: &str, cause: &str) {
    let mut pty = Pty::start(
        Options::new(&[])
            .program(&["sh", "-c", script])
            .env("IT", common::pty::BIN),
    );
    pty.wait_for("EXIT=", EXIT).or_fail();
    // Long lines wrap at 80 columns; the parser's contents join them again.
    let screen = pty.with_screen(|s| s.contents());
    assert!(screen.contains("EXIT=2"), "{screen}");
    assert!(
        screen.contains(cause) && screen.contains("impact-token create --spec FILE --yes"),
        "{screen}"
    );
    let _ = pty.wait_exit(EXIT);
    pty.drain(EXIT).or_fail();
    assert!(
        find(&pty.raw(), ENTER_ALT_SCREEN).is_none(),
        "the full screen was entered"
    );
}

#[test]
fn stdin_from_dev_null_refuses_the_wizard() {
    // stdout is the terminal; only stdin is not.
    refused_in_shell(
        "\"$IT\" --sandbox < /dev/null; echo EXIT=$?",
        "standard input is not a terminal",
    );
}

#[test]
fn no_controlling_terminal_refuses_the_wizard() {
    // A new session: stdin and stdout are still the pty, but it is no
    // longer the controlling terminal (job control and /dev/tty are gone).
    refused_in_shell(
        "setsid -w \"$IT\" --sandbox; echo EXIT=$?",
        "no controlling terminal",
    );
}

#[test]
fn term_dumb_refuses_the_wizard() {
    let mut pty = Pty::start(Options::new(&["--sandbox"]).env("TERM", "dumb"));
    let status = pty.wait_exit(EXIT).or_fail();
    pty.drain(EXIT).or_fail();
    let screen = pty.screen();
    assert_eq!(status.exit_code(), 2, "{screen}");
    assert!(
        screen.contains("TERM=dumb") && screen.contains("impact-token create --spec FILE --yes"),
        "{screen}"
    );
    let raw = pty.raw();
    assert!(
        find(&raw, ENTER_ALT_SCREEN).is_none(),
        "the full screen was entered: {}",
        escape(&raw[..raw.len().min(200)])
    );
}

#[test]
fn commands_without_a_terminal_keep_working() {
    for args in [
        &["scopes"][..],
        &["completions", "bash"][..],
        &["profiles"][..],
    ] {
        let (code, stderr) =
            run_without_terminal(args, &[("TERM", "dumb")], Stdio::null(), Stdio::piped());
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
}
