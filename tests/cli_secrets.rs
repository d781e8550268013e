//! Secrets are never lost and never leaked by the command line: `create
//! --yes` checks where the secret goes before creating the token, rescues
//! it (exit 9) when delivery still fails, writes files whole or not at all,
//! refuses a hostile server's credentials of the wrong shape (written
//! nowhere, rescued spelled out); `--api-url` refuses
//! plain http off this machine and malformed URLs before connecting;
//! `profiles add --store-token` does not echo; the log file is private and
//! only created when something is logged.
//!
//! A tiny HTTP server on 127.0.0.1 plays the token service (hostile where
//! needed) and records every request, so "nothing was created" is checked
//! by the server having seen no `POST`. Tests that need a read-only or full
//! file system mount a small tmpfs inside a private mount namespace
//! (`unshare -m`, as root); nothing outside the test's directory changes.

mod common;
#[path = "support/run.rs"]
#[allow(dead_code)]
mod run;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use common::pty::{Key, Options, OrFail, Pty, TestDir};
use common::wizard::{reach_create, wait_secret};
use common::{T, settle};
use run::{SPEC, code, home_in, mode, stderr, stdout, store_token_args};

const BIN: &str = env!("CARGO_BIN_EXE_impact-token");

/// A fresh directory with HOME and the XDG directories inside.
struct Env {
    dir: PathBuf,
    /// Owns `dir`: removed when the test ends, kept if it failed.
    tmp: Option<tempfile::TempDir>,
}

impl Env {
    fn new(name: &str) -> Env {
        let tmp = tempfile::Builder::new()
            .prefix(&format!("impact-token-secrets-{name}-"))
            .tempdir()
            .unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::write(dir.join("token.toml"), SPEC).unwrap();
        Env {
            dir,
            tmp: Some(tmp),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn spec(&self) -> String {
        self.path("token.toml").to_str().unwrap().to_string()
    }

    /// A new directory `name` (to mount a file system on) and the path of
    /// `token.env` in it.
    fn mount_point(&self, name: &str) -> (PathBuf, PathBuf) {
        let dir = self.path(name);
        std::fs::create_dir(&dir).unwrap();
        let target = dir.join("token.env");
        (dir, target)
    }

    /// The binary (or `program` in front of it) with a clean environment.
    fn cmd_with(&self, program: &[&str], args: &[&str]) -> Command {
        let mut c = Command::new(program.first().copied().unwrap_or(BIN));
        c.args(program.iter().skip(1));
        if !program.is_empty() {
            c.arg(BIN);
        }
        home_in(c.args(args), &self.dir)
            .current_dir(&self.dir)
            .stdin(Stdio::null());
        c
    }

    fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_with(&[], args)
    }

    /// `create --spec --yes --api-url URL` for a brand account, with
    /// credentials in the environment, run by `program`.
    fn create_at(&self, program: &[&str], url: &str, extra: &[&str]) -> Command {
        let spec = self.spec();
        let mut args = vec![
            "create",
            "--spec",
            &spec,
            "--yes",
            "--api-url",
            url,
            "--account-type",
            "brand",
        ];
        args.extend_from_slice(extra);
        let mut c = self.cmd_with(program, &args);
        c.env("IMPACT_ACCOUNT_SID", "IRUSER")
            .env("IMPACT_AUTH_TOKEN", "user-token");
        c
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if std::thread::panicking()
            && let Some(tmp) = self.tmp.take()
        {
            eprintln!("test files kept in {}", tmp.keep().display());
        }
    }
}

/// Starts the child in a new session, so it has no controlling terminal and
/// `/dev/tty` cannot be opened: a rescued secret must go to stderr.
fn no_tty(c: &mut Command) -> &mut Command {
    // SAFETY: setsid is async-signal-safe; nothing else runs in the child.
    unsafe {
        c.pre_exec(|| {
            libc::setsid();
            Ok(())
        })
    }
}

/// A token service on 127.0.0.1 that answers CompanyInformation and
/// creates every token with the credentials it was given, and records the
/// request lines it saw.
struct Server {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(account_sid: &str, auth_token: &str, name: &str) -> Server {
        Server::start_with(account_sid, auth_token, name, None)
    }

    /// As [`Server::start`], running `on_post` when the create request has
    /// arrived, before answering it.
    fn start_with(
        account_sid: &str,
        auth_token: &str,
        name: &str,
        mut on_post: Option<Box<dyn FnOnce() + Send>>,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let created = serde_json::json!({
            "Id": "T-1", "Name": name, "Description": "", "ApiVersion": "14",
            "PrimaryContactUserId": "I-3000101", "DeveloperEmails": [],
            "Scopes": ["getCompanyInformation"], "DateCreated": "2026-01-01T00:00:00Z",
            "AccountSID": account_sid, "AuthToken": auth_token,
        })
        .to_string();
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let _ = answer(conn, &created, &log, &mut on_post);
            }
        });
        Server { url, seen }
    }

    fn posts(&self) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.starts_with("POST "))
            .count()
    }

    /// `create --spec --yes --api-url SERVER` with credentials in the environment.
    fn create(&self, env: &Env, program: &[&str], extra: &[&str]) -> Command {
        env.create_at(program, &self.url, extra)
    }

    /// [`Server::create`] with `--secret-file TARGET`.
    fn secret_file(&self, env: &Env, program: &[&str], target: &Path) -> Command {
        self.create(env, program, &["--secret-file", target.to_str().unwrap()])
    }
}

fn answer(
    conn: TcpStream,
    created: &str,
    seen: &Mutex<Vec<String>>,
    on_post: &mut Option<Box<dyn FnOnce() + Send>>,
) -> std::io::Result<()> {
    let mut r = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    r.read_line(&mut line)?;
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        r.read_line(&mut h)?;
        if h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    seen.lock().unwrap().push(line.trim().to_string());
    let (status, reply) = if line.starts_with("GET ") && line.contains("/CompanyInformation") {
        ("200 OK", r#"{"CompanyName":"Hostile Inc"}"#.to_string())
    } else if line.starts_with("GET ") && line.contains("/APIAccessTokens") {
        // The created token without its credentials: by Id, or as a list.
        let mut token: serde_json::Value = serde_json::from_str(created).unwrap();
        let t = token.as_object_mut().unwrap();
        t.remove("AccountSID");
        t.remove("AuthToken");
        t.insert("State".into(), "ENABLED".into());
        if line.contains("/APIAccessTokens/T-1") {
            ("200 OK", token.to_string())
        } else if line.contains("/APIAccessTokens/") {
            // Any other Id (a name tried as one) is no token.
            ("404 Not Found", "{}".to_string())
        } else {
            (
                "200 OK",
                serde_json::json!({ "AccessTokens": [token] }).to_string(),
            )
        }
    } else if line.starts_with("POST ") && line.contains("/Reset") {
        ("200 OK", created.to_string())
    } else if line.starts_with("POST ") && line.contains("/APIAccessTokens") {
        if let Some(f) = on_post.take() {
            f();
        }
        ("201 Created", created.to_string())
    } else {
        ("404 Not Found", "{}".to_string())
    };
    let mut w = conn;
    write!(
        w,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    )?;
    w.flush()
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

// ----- values from a hostile server -----

/// A secret that would add clean `IMPACT_` lines to a file read line by line.
const INJECTING: &str = "s3cret\nIMPACT_EVIL=1\nIMPACT_AUTH_TOKEN=attacker";

/// Exit 9, a message saying what is wrong (`why`), no `IMPACT_` line anywhere
/// (stdout, stderr) and the value rescued on stderr with its line breaks
/// spelled out; no file written, no command run.
fn assert_refused_shape(o: &Output, env: &Env, why: &str, spelled: &str) {
    let err = stderr(o);
    assert_eq!(code(o), 9, "{err}");
    assert!(
        err.contains("credentials of the wrong shape")
            && err.contains(why)
            && err.contains("written nowhere"),
        "{err}"
    );
    let out = stdout(o);
    for text in [&out, &err] {
        assert!(!text.lines().any(|l| l.starts_with("IMPACT_")), "{text}");
        assert!(!text.contains("\"AuthToken\""), "{text}");
    }
    assert!(err.contains(spelled), "rescued, spelled out: {err}");
    for name in ["token.env", "got.env", "pwned"] {
        assert!(!env.path(name).exists(), "{name} was written");
    }
}

#[test]
fn credentials_of_the_wrong_shape_are_written_nowhere_by_create() {
    let env = Env::new("hostile");
    let server = Server::start("IRNEW", INJECTING, "nightly-export");
    for extra in [
        &["--secret-file", "token.env"][..],
        &["--show-secret"],
        &["--show-secret", "--output", "json"],
    ] {
        let o = no_tty(&mut server.create(&env, &[], extra))
            .output()
            .unwrap();
        assert_refused_shape(
            &o,
            &env,
            "Auth Token",
            "s3cret\\u{a}IMPACT_EVIL=1\\u{a}IMPACT_AUTH_TOKEN=attacker",
        );
    }
    // A SID that would run commands if sourced: refused too, nothing ran.
    let sid = "IR$(touch pwned)\nIMPACT_EVIL=1";
    let server = Server::start(sid, "s3cret", "nightly-export");
    let o = no_tty(&mut server.create(&env, &[], &["--secret-file", "token.env"]))
        .output()
        .unwrap();
    assert_refused_shape(
        &o,
        &env,
        "Account SID",
        "IR$(touch pwned)\\u{a}IMPACT_EVIL=1",
    );
}

#[test]
fn a_reset_answer_of_the_wrong_shape_is_written_nowhere() {
    let env = Env::new("reset-shape");
    let server = Server::start("IRNEW", INJECTING, "nightly-export");
    for dest in [
        &["--secret-file", "token.env"][..],
        &["--show-secret"],
        &["--secret-to-command", "cat > got.env"],
    ] {
        let args = [
            &[
                "tokens",
                "reset",
                "nightly-export",
                "--yes",
                "--api-url",
                &server.url,
                "--account-type",
                "brand",
            ][..],
            dest,
        ]
        .concat();
        let mut c = env.cmd(&args);
        c.env("IMPACT_ACCOUNT_SID", "IRUSER")
            .env("IMPACT_AUTH_TOKEN", "user-token");
        let o = no_tty(&mut c).output().unwrap();
        assert_refused_shape(
            &o,
            &env,
            "Auth Token",
            "s3cret\\u{a}IMPACT_EVIL=1\\u{a}IMPACT_AUTH_TOKEN=attacker",
        );
    }
    let resets = server
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("/Reset"))
        .count();
    assert_eq!(resets, 3, "each run reset the token");
}

// ----- the destination is checked before the token exists -----

#[test]
fn secret_file_in_a_missing_directory_is_refused_before_creating() {
    let env = Env::new("missing-dir");
    let server = Server::start("IRNEW", "s3cr3t-missing-dir", "nightly-export");
    let target = env.path("no/such/dir/token.env");
    let o = server.secret_file(&env, &[], &target).output().unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("does not exist") && stderr(&o).contains("nothing was created"),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.posts(), 0, "no token was created");
    assert!(!stderr(&o).contains("s3cr3t"));
}

/// Exit 2, "nothing was created", and the server saw no create request.
fn assert_refused_before_creating(o: &Output, server: &Server) {
    assert_eq!(code(o), 2, "{}", stderr(o));
    assert!(stderr(o).contains("nothing was created"), "{}", stderr(o));
    assert_eq!(server.posts(), 0, "no token was created");
}

/// A script for [`in_mount_namespace`]: mounts an 8 KiB tmpfs on `disk`,
/// runs `fill` there, then the binary in it, and prints what is left on
/// the disk to stderr as `LEFT:NAME NAME \n`, keeping the binary's exit code.
fn on_small_disk(disk: &Path, fill: &str) -> String {
    format!(
        "cd '{d}' && mount -t tmpfs -o size=8k tmpfs . && cd '{d}' && {fill} && \
         \"$@\"; rc=$?; echo \"LEFT:$(ls -A | tr '\\n' ' ')\" >&2; exit $rc",
        d = disk.display()
    )
}

/// [`try_mount_namespace`], required: a test of a full disk must not pass by
/// skipping, so a machine that cannot mount a small tmpfs fails it.
fn in_mount_namespace(script: &str) -> Vec<&str> {
    try_mount_namespace(script).expect(
        "this test mounts a small tmpfs: it needs util-linux's unshare, and root \
         (unshare -m) or user namespaces (unshare -rm)",
    )
}

/// `sh -c SCRIPT` in a private mount namespace (as root, or else inside a
/// user namespace), running the binary where the script says `"$@"`;
/// `None` when this machine can do neither (or has no `unshare`).
fn try_mount_namespace(script: &str) -> Option<Vec<&str>> {
    let flags = ["-m", "-rm"].into_iter().find(|flag| {
        Command::new("unshare")
            .args([flag, "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"])
            .output()
            .is_ok_and(|o| o.status.success())
    })?;
    Some(vec!["unshare", flags, "sh", "-c", script, "sh"])
}

#[test]
fn secret_file_in_a_read_only_directory_is_refused_before_creating() {
    let env = Env::new("read-only");
    let server = Server::start("IRNEW", "s3cr3t-read-only", "nightly-export");
    let (ro, target) = env.mount_point("ro");
    let script = format!(
        "mount -t tmpfs -o ro,size=16k tmpfs '{}' && exec \"$@\"",
        ro.display()
    );
    let program = match try_mount_namespace(&script) {
        Some(p) => p,
        None => {
            // Not root: permissions alone make the directory read-only.
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
            Vec::new()
        }
    };
    let o = server
        .secret_file(&env, &program, &target)
        .output()
        .unwrap();
    assert_refused_before_creating(&o, &server);
}

#[test]
fn a_full_disk_is_refused_before_creating_and_leaves_nothing() {
    let env = Env::new("full");
    let server = Server::start("IRNEW", "s3cr3t-full-disk", "nightly-export");
    let (disk, target) = env.mount_point("disk");
    let script = on_small_disk(&disk, "(head -c 100000 /dev/zero > fill 2>/dev/null; true)");
    let program = in_mount_namespace(&script);
    let o = server
        .secret_file(&env, &program, &target)
        .output()
        .unwrap();
    assert_refused_before_creating(&o, &server);
    assert!(stderr(&o).contains("LEFT:fill \n"), "{}", stderr(&o));
}

#[test]
fn a_disk_that_fills_while_writing_leaves_nothing_and_rescues_the_secret() {
    // One free page passes the check before creating; the secret file
    // (with a hostile server's 6000-byte name in its comment) then does not fit.
    let env = Env::new("fills");
    let secret = "s3cr3t-full-while-writing";
    let name = format!("nightly-export-{}", "x".repeat(6000));
    let server = Server::start("IRNEW", secret, &name);
    let (disk, target) = env.mount_point("disk");
    let script = on_small_disk(&disk, "head -c 4096 /dev/zero > fill");
    let program = in_mount_namespace(&script);
    let mut c = server.secret_file(&env, &program, &target);
    let o = no_tty(&mut c).output().unwrap();
    let err = stderr(&o);
    assert_eq!(code(&o), 9, "{err}");
    assert!(
        err.contains(&format!(
            "token {name} was created; its secret could not be written to {}:",
            target.display()
        )),
        "{err}"
    );
    assert_eq!(count(&err, secret), 1, "the secret once on stderr");
    assert!(err.contains("LEFT:fill \n"), "nothing else left: {err}");
}

// ----- --show-secret when standard output fails -----

/// What stderr says before a secret rescued from a failed standard output.
const RESCUED_FROM_STDOUT: &str =
    "token nightly-export was created; its secret could not be written to standard output:";

/// `create --yes --show-secret` with standard output to `out`, stderr
/// captured and no terminal; returns the output and its stderr.
fn show_secret_to(server: &Server, env: &Env, out: Stdio) -> (Output, String) {
    let mut c = server.create(env, &[], &["--show-secret"]);
    c.stdout(out).stderr(Stdio::piped());
    let o = no_tty(&mut c).output().unwrap();
    let err = stderr(&o);
    (o, err)
}

#[test]
fn show_secret_to_a_full_stdout_rescues_the_secret_with_exit_9() {
    let env = Env::new("dev-full");
    let secret = "s3cr3t-dev-full-4711";
    let server = Server::start("IRNEW", secret, "nightly-export");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let (o, err) = show_secret_to(&server, &env, full.into());
    assert_eq!(code(&o), 9, "{err}");
    assert!(err.contains(RESCUED_FROM_STDOUT), "{err}");
    assert_eq!(count(&err, secret), 1, "the secret once on stderr: {err}");
    assert!(err.contains("IMPACT_ACCOUNT_SID=IRNEW"), "{err}");
    assert_eq!(server.posts(), 1);
}

#[test]
fn show_secret_to_a_closed_pipe_is_refused_before_creating() {
    let env = Env::new("closed-pipe");
    let secret = "s3cr3t-closed-pipe-4711";
    let server = Server::start("IRNEW", secret, "nightly-export");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let (o, err) = show_secret_to(&server, &env, writer.into());
    assert_eq!(code(&o), 2, "{err}");
    assert!(err.contains("standard output is closed"), "{err}");
    assert_eq!(server.posts(), 0, "no token was created");
    assert!(!err.contains(secret));
}

/// Waits (up to 10 s) until a pipe has no reader left: poll reports POLLERR
/// on its write end then.
fn wait_no_reader(writer: &std::io::PipeWriter) {
    use std::os::fd::AsRawFd;
    let mut fd = libc::pollfd {
        fd: writer.as_raw_fd(),
        events: 0,
        revents: 0,
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        // SAFETY: one valid pollfd, for the length of the call.
        let n = unsafe { libc::poll(&mut fd, 1, 100) };
        if n > 0 && fd.revents & libc::POLLERR != 0 {
            return;
        }
    }
    panic!("the pipe's read end stayed open");
}

#[test]
fn show_secret_to_a_pipe_closed_after_the_check_rescues_the_secret_with_exit_9() {
    // The reader goes away while the token is being created: the write gets
    // EPIPE (SIGPIPE is ignored, so the process is not killed).
    let env = Env::new("late-pipe");
    let secret = "s3cr3t-late-pipe-4711";
    let (reader, writer) = std::io::pipe().unwrap();
    let probe = writer.try_clone().unwrap();
    let server = Server::start_with(
        "IRNEW",
        secret,
        "nightly-export",
        Some(Box::new(move || {
            drop(reader);
            // A process another test forks at this moment holds a copy of the
            // read end until it execs; wait until no reader is left anywhere.
            wait_no_reader(&probe);
        })),
    );
    let (o, err) = show_secret_to(&server, &env, writer.into());
    assert_eq!(code(&o), 9, "{err}");
    assert!(err.contains(RESCUED_FROM_STDOUT), "{err}");
    assert_eq!(count(&err, secret), 1, "the secret once on stderr: {err}");
    assert_eq!(server.posts(), 1);
}

// ----- --api-url -----

/// The binary inside a fresh network namespace (only a loopback that is
/// down) when `unshare -n` works, so no packet can leave this machine even
/// if a refusal failed; otherwise as is.
fn isolated() -> Vec<&'static str> {
    let ok = Command::new("unshare")
        .args(["-n", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        vec!["unshare", "-n"]
    } else {
        Vec::new()
    }
}

#[test]
fn plain_http_off_this_machine_and_malformed_urls_are_refused_before_connecting() {
    let env = Env::new("urls");
    let net = isolated();
    let run = |url: &str, extra: &[&str]| {
        let mut more = vec!["--show-secret"];
        more.extend_from_slice(extra);
        let start = std::time::Instant::now();
        let o = env.create_at(&net, url, &more).output().unwrap();
        (o, start.elapsed())
    };
    // 192.0.2.1 is TEST-NET-1: never routed, and never tried here.
    let (o, took) = run("http://192.0.2.1", &[]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("unencrypted") && stderr(&o).contains("--allow-insecure-http"),
        "{}",
        stderr(&o)
    );
    assert!(
        took < std::time::Duration::from_secs(5),
        "refused at once, not after a connect timeout: {took:?}"
    );
    for bad in [
        "ht!tp://::::",
        "file:///etc/passwd",
        "http://",
        "ftp://example.com",
        "https://user:pw@example.com",
        "example.com",
    ] {
        let (o, _) = run(bad, &[]);
        assert_eq!(code(&o), 2, "{bad}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not a usable API URL"),
            "{bad}: {}",
            stderr(&o)
        );
    }
    // At start, whatever the command.
    let o = env
        .cmd(&[
            "scopes",
            "--account-type",
            "brand",
            "--api-url",
            "ht!tp://::::",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    if !net.is_empty() {
        // Inside the empty namespace the flag lets the attempt happen (and fail).
        let (o, _) = run("http://192.0.2.1", &["--allow-insecure-http"]);
        assert_eq!(code(&o), 8, "{}", stderr(&o));
    }
    // `profiles add` checks the URL it stores.
    for (url, says) in [
        ("http://192.0.2.1", "unencrypted"),
        ("file:///etc/passwd", "not a usable API URL"),
    ] {
        let o = env
            .cmd(&[
                "profiles",
                "add",
                "far",
                "--account-type",
                "brand",
                "--api-url",
                url,
                "--account-sid",
                "IRUSER",
                "--token-env",
                "FAR_TOKEN",
            ])
            .output()
            .unwrap();
        assert_eq!(code(&o), 2, "{url}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{url}: {}", stderr(&o));
    }
    assert!(!env.path("config/impact-token/config.toml").exists());
    // A profile's api_url goes through the same check.
    let cfg = env.path("config/impact-token");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("config.toml"),
        "[profiles.far]\naccount_type = \"brand\"\naccount_sid = \"IRUSER\"\napi_url = \"http://192.0.2.1\"\nauth_token_env = \"FAR_TOKEN\"\n",
    )
    .unwrap();
    let spec = env.spec();
    let o = env
        .cmd_with(
            &net,
            &[
                "create",
                "--spec",
                &spec,
                "--yes",
                "--show-secret",
                "--profile",
                "far",
            ],
        )
        .env("FAR_TOKEN", "user-token")
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("unencrypted"), "{}", stderr(&o));
}

#[test]
fn loopback_http_needs_no_flag() {
    let env = Env::new("loopback");
    let server = Server::start("IRNEW", "s3cr3t-loopback", "nightly-export");
    let o = server
        .create(&env, &[], &["--show-secret"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("s3cr3t-loopback"));
}

// ----- profiles add --store-token -----

/// `profiles add prod --store-token` in a pty, at its prompt for the token
/// (which shows once echo is off).
fn store_token_prompt() -> Pty {
    let pty = Pty::spawn(&store_token_args("https://api.example.com"));
    pty.wait_for("Auth Token (not shown)", T).or_fail();
    pty
}

/// Fails unless `stty` on the pty shows echo on.
fn assert_echo_on(pty: &Pty, what: &str) {
    let stty = pty.stty().or_fail();
    assert!(
        stty.split_whitespace().any(|w| w == "echo"),
        "{what}: {stty}"
    );
}

#[test]
fn store_token_typed_on_a_terminal_is_not_echoed() {
    let token = "typed-secret-7f3a9c";
    let pty = store_token_prompt();
    pty.send(token);
    pty.send("\r");
    // Ends a read that waits for end of input (the old behaviour) too.
    pty.send("\x04");
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "{}", pty.screen());
    let shown = String::from_utf8_lossy(&pty.raw()).into_owned();
    assert!(!shown.contains(token), "the token was echoed: {shown:?}");
    assert!(shown.contains("Auth Token (not shown)"), "{shown:?}");
    let stored = std::fs::read_to_string(pty.dir().join("config/impact-token/prod.token")).unwrap();
    assert_eq!(stored, format!("{token}\n"));
    assert_echo_on(&pty, "echo restored");
}

// ----- the log file -----

#[test]
fn a_run_that_logs_nothing_leaves_no_log_file_and_a_log_is_private() {
    let env = Env::new("log");
    let o = env
        .cmd(&["scopes", "--account-type", "brand"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let dir = env.path("state/impact-token");
    assert!(
        !dir.exists(),
        "nothing logged, nothing created: {:?}",
        std::fs::read_dir(&dir).map(|d| d.count())
    );
    // The sandbox logs each request at debug level.
    let spec = env.spec();
    let create_logged = || {
        env.cmd(&[
            "create",
            "--spec",
            &spec,
            "--yes",
            "--sandbox",
            "--show-secret",
        ])
        .env("RUST_LOG", "debug")
        .output()
        .unwrap()
    };
    let o = create_logged();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let log = dir.join("impact-token.log");
    assert!(std::fs::metadata(&log).unwrap().len() > 0);
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(&dir), 0o700);
    // A log an older version left readable by others is made private.
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = create_logged();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(mode(&log), 0o600);
}

// ----- the wizard's `e` export and `s` save: whole or not at all -----

/// Replaces whatever the one-line field under `label` suggests with `path`
/// and presses Enter.
fn fill_path_field(pty: &Pty, label: &str, placeholder: &str, path: &Path) {
    let screen = pty.wait_for(label, T).or_fail();
    let suggested = screen
        .lines()
        .skip_while(|l| !l.contains(label))
        .nth(1)
        .map(|l| {
            l.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .to_string()
        })
        .unwrap_or_default();
    pty.send_bytes(&Key::Backspace.bytes().repeat(suggested.chars().count() + 2));
    pty.wait_for(placeholder, T).or_fail();
    let shown = path.display().to_string();
    pty.send(&shown);
    pty.wait_for(&shown, T).or_fail();
    pty.send_key(Key::Enter);
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn wizard_files_on_a_full_disk_leave_nothing_and_a_retry_works() {
    let dir = TestDir::new();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=8k tmpfs '{d}' || exit 97; \
         head -c 100000 /dev/zero > '{d}/fill' 2>/dev/null; exec \"$@\"",
        d = disk.display()
    );
    let program = in_mount_namespace(&script);
    let pty = Pty::start(
        Options::new(&["--sandbox"])
            .size(160, 40)
            .dir(dir.path())
            .wrap(&program),
    );
    settle(&pty);
    // The program's view of the disk (its own mount namespace).
    let seen =
        PathBuf::from(format!("/proc/{}/root", pty.pid())).join(disk.strip_prefix("/").unwrap());
    assert_eq!(listing(&seen), ["fill"], "the disk is mounted and full");
    reach_create(&pty, "e2e-full-disk");

    // `e`: the spec does not fit; nothing is left; room made, the same path works.
    let spec = disk.join("spec.toml");
    let export = || {
        pty.send("e");
        fill_path_field(
            &pty,
            "Export the request (no secret) to",
            "file to create: NAME",
            &spec,
        );
    };
    export();
    pty.wait_for("No space left", T).or_fail();
    assert_eq!(listing(&seen), ["fill"], "no partial spec file");
    std::fs::remove_file(seen.join("fill")).unwrap();
    export();
    pty.wait_for("Exported to", T).or_fail();
    assert!(
        std::fs::read_to_string(seen.join("spec.toml"))
            .unwrap()
            .contains("e2e-full-disk")
    );
    // Full again.
    let _ = std::fs::write(seen.join("fill"), vec![0u8; 100_000]);

    pty.send_key(Key::Enter);
    let secret = wait_secret(&pty);
    let file = disk.join("token.env");
    let save = || {
        pty.send("s");
        fill_path_field(
            &pty,
            "Save the credentials to a new file",
            "file to create (0600)",
            &file,
        );
    };
    save();
    pty.wait_for("No space left", T).or_fail();
    assert_eq!(
        listing(&seen),
        ["fill", "spec.toml"],
        "no partial secret file"
    );
    std::fs::remove_file(seen.join("fill")).unwrap();
    save();
    pty.wait_for("Saved to", T).or_fail();
    let body = std::fs::read_to_string(seen.join("token.env")).unwrap();
    assert!(
        body.contains(&format!("IMPACT_AUTH_TOKEN={}", secret.auth_token)),
        "{body}"
    );
    assert_eq!(mode(&seen.join("token.env")), 0o600);
}

#[test]
fn store_token_prompt_interrupted_restores_echo() {
    let pty = store_token_prompt();
    pty.send("half-typed");
    pty.send("\x03");
    let status = pty.wait_exit(T).or_fail();
    assert!(!status.success());
    assert_echo_on(&pty, "echo restored after Ctrl-C");
    assert!(!pty.dir().join("config/impact-token/prod.token").exists());
}

#[test]
fn a_rescued_secret_goes_to_the_terminal_when_there_is_one() {
    let secret = "s3cr3t-to-the-terminal-4711";
    let server = Server::start("IRNEW", secret, "nightly-export");
    let dir = TestDir::new();
    std::fs::write(dir.path().join("token.toml"), SPEC).unwrap();
    let err = dir.path().join("stderr.txt");
    let script = format!("exec \"$@\" >/dev/full 2>'{}'", err.display());
    let spec = dir.path().join("token.toml");
    let pty = Pty::start(
        Options::new(&[
            "create",
            "--spec",
            spec.to_str().unwrap(),
            "--yes",
            "--show-secret",
            "--api-url",
            &server.url,
            "--account-type",
            "brand",
        ])
        .env("IMPACT_ACCOUNT_SID", "IRUSER")
        .env("IMPACT_AUTH_TOKEN", "user-token")
        .dir(dir.path())
        .wrap(&["sh", "-c", &script, "sh"]),
    );
    let status = pty.wait_exit(T).or_fail();
    assert_eq!(status.exit_code(), 9);
    pty.wait_for(secret, T).or_fail();
    let shown = String::from_utf8_lossy(&pty.raw()).into_owned();
    assert_eq!(count(&shown, secret), 1, "once on the terminal: {shown:?}");
    let err = std::fs::read_to_string(&err).unwrap();
    assert!(!err.contains(secret), "not on stderr as well: {err}");
    assert!(
        err.contains("written to the terminal")
            && err.contains("could not be written to standard output"),
        "{err}"
    );
}
