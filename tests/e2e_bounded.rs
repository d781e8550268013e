//! Bounded inputs and honest drafts, end to end with the real binary.
//!
//! Files the user points the tool at (spec, catalog, config, token, draft)
//! must be regular files under a size cap: `/dev/zero`, a FIFO or a huge
//! file are refused promptly with a clear message, and a draft is never
//! read in a way that can freeze the wizard. Drafts are locked to one
//! wizard, say when they cannot be saved, and the resume question's keys do
//! what they say.
//!
//! The command-line tests run each child under a deadline and a memory
//! limit, so a regression fails the test instead of hanging it or filling
//! the machine's memory.

mod common;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::pty::{Key, Options, OrFail, Pty, TestDir, screen_text};
use common::{T, settle};

/// How long a command may take to refuse a file.
const DEADLINE: Duration = Duration::from_secs(10);
/// Address space a command may use: reading `/dev/zero` into memory hits
/// this in seconds instead of growing to gigabytes.
const MEMORY_LIMIT: u64 = 2 << 30;
/// Account SID of the sandbox's brand account.
const BRAND_SID: &str = "IRDEMOBRAND00000000000000000000001";

const SPEC: &str = r#"account_type = "brand"
name = "bounded-spec"
description = "bounded"
primary_contact_user_id = "I-3000101"
developer_emails = ["dev@example.com"]
scopes = ["getCompanyInformation"]
"#;

// ----- helpers -----

/// A directory laid out like the pty runs' (HOME and XDG directories inside).
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_impact-token"));
    c.args(args)
        .env_clear()
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: only an async-signal-safe call between fork and exec.
    unsafe {
        c.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    c
}

/// Runs the command; kills it and fails when it is not done within [`DEADLINE`].
fn run_bounded(mut c: Command) -> Output {
    let child = c.spawn().expect("start impact-token");
    let pid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(out) => out.expect("wait for impact-token"),
        Err(_) => {
            // SAFETY: plain kill(2) of our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            let _ = rx.recv_timeout(DEADLINE);
            panic!("impact-token did not finish within {DEADLINE:?}: it hangs on the input");
        }
    }
}

fn mkfifo(path: &Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// Exit status and stderr, checked against what was expected.
fn expect_refusal(out: &Output, code: i32, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status {:?}; stderr: {stderr}",
        out.status
    );
    assert!(
        stderr.contains(needle),
        "stderr should say {needle:?}: {stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout");
}

fn create_yes(dir: &Path, spec: &Path) -> Output {
    run_bounded(command(
        dir,
        &[
            "create",
            "--spec",
            spec.to_str().unwrap(),
            "--yes",
            "--sandbox",
            "--show-secret",
        ],
    ))
}

// ----- command line -----

#[test]
fn spec_from_dev_zero_is_refused() {
    let dir = TestDir::new();
    let out = create_yes(dir.path(), Path::new("/dev/zero"));
    expect_refusal(
        &out,
        3,
        "/dev/zero: it is a character device, not a regular file",
    );
}

#[test]
fn spec_from_a_fifo_is_refused_promptly() {
    let dir = TestDir::new();
    let fifo = dir.path().join("spec.toml");
    mkfifo(&fifo);
    let out = create_yes(dir.path(), &fifo);
    expect_refusal(
        &out,
        3,
        &format!("{}: it is a FIFO, not a regular file", fifo.display()),
    );
}

#[test]
fn spec_over_one_mib_is_refused() {
    let dir = TestDir::new();
    let big = dir.path().join("big.toml");
    // A valid spec padded with a comment past the cap.
    let mut body = SPEC.to_string();
    body.push('#');
    body.push_str(&"x".repeat(1 << 20));
    body.push('\n');
    std::fs::write(&big, body).unwrap();
    let out = create_yes(dir.path(), &big);
    expect_refusal(
        &out,
        3,
        &format!("{}: it is larger than 1 MiB", big.display()),
    );
}

#[test]
fn catalog_from_dev_zero_is_refused() {
    let dir = TestDir::new();
    let out = run_bounded(command(
        dir.path(),
        &[
            "scopes",
            "--account-type",
            "brand",
            "--catalog",
            "/dev/zero",
        ],
    ));
    expect_refusal(
        &out,
        2,
        "cannot load catalog /dev/zero: it is a character device, not a regular file",
    );
}

#[test]
fn config_that_is_a_fifo_is_refused_promptly() {
    let dir = TestDir::new();
    let config = dir.path().join("config/impact-token/config.toml");
    mkfifo(&config);
    let out = run_bounded(command(dir.path(), &["profiles"]));
    expect_refusal(
        &out,
        2,
        &format!(
            "cannot read {}: it is a FIFO, not a regular file",
            config.display()
        ),
    );
}

#[test]
fn token_file_that_is_a_fifo_is_refused_promptly() {
    let dir = TestDir::new();
    let token = dir.path().join("token");
    mkfifo(&token);
    let config = dir.path().join("config/impact-token/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!(
            "[profiles.p]\naccount_type = \"brand\"\naccount_sid = \"{BRAND_SID}\"\n\
             api_url = \"http://127.0.0.1:9\"\nauth_token_file = \"{}\"\n",
            token.display()
        ),
    )
    .unwrap();
    let spec = dir.path().join("spec.toml");
    std::fs::write(&spec, SPEC).unwrap();
    let out = run_bounded(command(
        dir.path(),
        &[
            "create",
            "--spec",
            spec.to_str().unwrap(),
            "--yes",
            "--show-secret",
        ],
    ));
    expect_refusal(
        &out,
        4,
        &format!(
            "cannot use Auth Token file {}: it is a FIFO, not a regular file",
            token.display()
        ),
    );
}
