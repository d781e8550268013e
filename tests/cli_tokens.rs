//! `impact-token tokens ...`: the API page for scripts. Runs the real
//! binary. Read-only commands use `--sandbox` (a fresh in-process sandbox
//! per run, with its seeded tokens); commands that change tokens run against
//! one `impact-token sandbox` server per test on a loopback port, so a
//! later run sees what an earlier one did.
//!
//! Every run is in a new session (`setsid`): there is no terminal to ask
//! on, and a rescued secret goes to stderr.

mod common;
#[path = "support/run.rs"]
#[allow(dead_code)]
mod run;

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::pty::{BIN, Options, OrFail, Pty, TestDir};
use common::sandbox::SandboxServer as Server;
use impact_token::model::account::AccountType;
use impact_token::model::tokens::parse_iso8601;
use run::{FAST_RETRIES, code, home_in, mode, stderr, stdout};
use serde_json::Value;

/// The seeded tokens every sandbox account starts with.
const NIGHTLY: &str = "Demo seed: Nightly reporting";
const LEGACY: &str = "Demo seed: Legacy export";
const DASHBOARD: &str = "Demo seed: Dashboard";
const CATALOG: &str = "Demo seed: Catalog sync";

/// A test directory with HOME and the XDG directories inside (kept when
/// the test fails).
struct Env {
    dir: TestDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: TestDir::new(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with `args`, a clean environment, in a session of its
    /// own (no controlling terminal).
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        home_in(c.args(args), self.dir.path()).current_dir(self.dir.path());
        c.env(FAST_RETRIES.0, FAST_RETRIES.1);
        // SAFETY: setsid is async-signal-safe; nothing else runs in the child.
        unsafe {
            c.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        c
    }

    /// `tokens ARGS --sandbox`.
    fn sandbox(&self, args: &[&str]) -> Output {
        self.cmd(&[&["tokens"], args, &["--sandbox"]].concat())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// `ARGS` against `server` as its brand administrator.
    fn remote(&self, server: &Server, args: &[&str]) -> Output {
        let mut c = self.cmd(args);
        c.args(["--api-url", &server.url, "--account-type", "brand"])
            .env("IMPACT_ACCOUNT_SID", &server.brand_sid)
            .env("IMPACT_AUTH_TOKEN", &server.brand_token)
            .stdin(Stdio::null());
        c.output().unwrap()
    }

    /// `tokens ARGS` against `server`.
    fn tokens(&self, server: &Server, args: &[&str]) -> Output {
        self.remote(server, &[&["tokens"], args].concat())
    }
}

/// The tokens of `tokens list --output json`.
fn listed(o: &Output) -> Vec<Value> {
    assert_eq!(code(o), 0, "{}", stderr(o));
    serde_json::from_str::<Value>(&stdout(o))
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
        .as_array()
        .expect("an array")
        .clone()
}

fn names(tokens: &[Value]) -> Vec<&str> {
    tokens.iter().map(|t| t["Name"].as_str().unwrap()).collect()
}

fn by_name<'a>(tokens: &'a [Value], name: &str) -> Option<&'a Value> {
    tokens.iter().find(|t| t["Name"] == name)
}

/// `tokens ACTION NAME --secret-to-command CMD --yes` on `server`, where
/// CMD saves what it reads and then exits with `status`; what it read.
fn via_command(env: &Env, server: &Server, action: &str, status: u8) -> (Output, String) {
    let got = env.path(&format!("{action}-{status}.env"));
    let cmd = format!("cat > '{}'; exit {status}", got.display());
    let o = env.tokens(
        server,
        &[action, NIGHTLY, "--secret-to-command", &cmd, "--yes"],
    );
    let read = std::fs::read_to_string(&got).unwrap_or_default();
    (o, read)
}

/// The state of the token `name` on `server`, or `None` when there is none.
fn state_on(env: &Env, server: &Server, name: &str) -> Option<String> {
    let tokens = listed(&env.tokens(server, &["list", "--output", "json"]));
    by_name(&tokens, name).map(|t| t["State"].as_str().unwrap().to_string())
}

/// Reads `IMPACT_ACCOUNT_SID` and `IMPACT_AUTH_TOKEN` out of a secret
/// file's text (single quotes taken off).
fn credentials(body: &str) -> (String, String) {
    let value = |key: &str| {
        body.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .map(|v| v.trim_matches('\'').to_string())
            .unwrap_or_else(|| panic!("no {key} in {body}"))
    };
    (value("IMPACT_ACCOUNT_SID"), value("IMPACT_AUTH_TOKEN"))
}

/// The status of `GET {root}/CompanyInformation` at `server` with these
/// credentials.
fn company_status(server: &Server, sid: &str, secret: &str) -> u16 {
    use base64::Engine;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{sid}:{secret}"));
    let path = format!("{}/CompanyInformation", AccountType::Brand.root(sid));
    http(
        server,
        &format!("GET {path}"),
        &format!("Authorization: Basic {auth}\r\n"),
        "",
    )
}

/// Has `server` fail the next call of `route` with a 500
/// (`POST /__sandbox/faults`).
/// Makes the next `times` requests to `route` answer 500 (writes are
/// retried: three times fails every try).
fn fail_times(server: &Server, route: &str, times: usize) {
    let body = format!(r#"{{"Inject":[{{"Route":"{route}","Fault":"500","Times":{times}}}]}}"#);
    let status = http(
        server,
        "POST /__sandbox/faults",
        "Content-Type: application/json\r\n",
        &body,
    );
    assert_eq!(status, 200, "{route}");
}

/// One raw HTTP/1.1 request on loopback (`request` is the method and
/// path); its status.
fn http(server: &Server, request: &str, headers: &str, body: &str) -> u16 {
    let addr = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(common::T)).unwrap();
    write!(
        s,
        "{request} HTTP/1.1\r\nHost: {addr}\r\n{headers}Accept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{answer}"))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn age_days(t: &Value) -> i64 {
    (now() - parse_iso8601(t["DateCreated"].as_str().unwrap()).unwrap()) / 86_400
}

/// Scope Ids, sorted.
fn scope_set(t: &Value) -> Vec<String> {
    let mut s: Vec<String> = t["Scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    s.sort();
    s
}

// ----- list, show -----

#[test]
fn list_filters_by_state_date_and_name_and_prints_json_or_a_table() {
    let env = Env::new();
    let all = listed(&env.sandbox(&["list", "--output", "json"]));
    assert!(all.len() >= 5, "{all:?}");
    assert!(all.iter().all(|t| t.get("AuthToken").is_none()), "{all:?}");

    let disabled = listed(&env.sandbox(&["list", "--state", "disabled", "--output", "json"]));
    let expected: Vec<&str> = names(&all)
        .into_iter()
        .zip(&all)
        .filter(|(_, t)| t["State"] == "DISABLED")
        .map(|(n, _)| n)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(names(&disabled), expected);
    assert!(names(&disabled).contains(&LEGACY));

    let older = listed(&env.sandbox(&["list", "--created", "older", "--output", "json"]));
    assert!(names(&older).contains(&NIGHTLY), "{older:?}");
    assert!(older.iter().all(|t| age_days(t) >= 30), "{older:?}");
    let week = listed(&env.sandbox(&["list", "--created", "7d", "--output", "json"]));
    assert!(names(&week).contains(&DASHBOARD), "{week:?}");
    assert!(week.iter().all(|t| age_days(t) <= 7), "{week:?}");

    let named = listed(&env.sandbox(&["list", "--name", "DASHBOARD", "--output", "json"]));
    assert_eq!(names(&named), [DASHBOARD]);

    let table = env.sandbox(&["list", "--state", "enabled"]);
    assert_eq!(code(&table), 0, "{}", stderr(&table));
    let out = stdout(&table);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Name"), "{out}");
    for h in [
        "State",
        "API version",
        "Scopes",
        "Created On",
        "Primary Contact",
    ] {
        assert!(lines[0].contains(h), "{out}");
    }
    assert!(lines.iter().any(|l| l.starts_with(NIGHTLY)), "{out}");
    assert!(!out.contains(LEGACY), "{out}");
    assert!(!out.contains("Disabled"), "{out}");

    let bad = env.sandbox(&["list", "--created", "week"]);
    assert_eq!(code(&bad), 2, "{}", stderr(&bad));
    assert!(
        stderr(&bad).contains("7d, 30d or older"),
        "{}",
        stderr(&bad)
    );
}

/// `args` with stdout a pipe whose reader is gone before the first byte
/// (as `| head -1` is after its line): the output, stdout being empty.
fn into_closed_pipe(env: &Env, args: &[&str]) -> Output {
    let mut child = env
        .cmd(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_closes_stdout_early_ends_every_command_quietly() {
    let env = Env::new();
    let spec = env.path("spec.toml");
    std::fs::write(&spec, run::SPEC).unwrap();
    let spec = spec.to_str().unwrap();
    let runs: [&[&str]; 8] = [
        &["tokens", "list", "--output", "json", "--sandbox"],
        &["tokens", "list", "--sandbox"],
        &["tokens", "show", NIGHTLY, "--sandbox"],
        &["tokens", "export", NIGHTLY, "--sandbox"],
        &["tokens", "diff", NIGHTLY, DASHBOARD, "--sandbox"],
        &["scopes", "--account-type", "brand"],
        &["spec", "checklist", spec],
        &["profiles"],
    ];
    for args in runs {
        let o = into_closed_pipe(&env, args);
        // diff's 14 says A and B differ, whoever reads.
        let want = if args.get(1) == Some(&"diff") { 14 } else { 0 };
        assert_eq!(code(&o), want, "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

/// `tokens ARGS --sandbox` with the sandbox's faults set to `faults`.
fn sandbox_with_faults(env: &Env, args: &[&str], faults: &str) -> Output {
    env.cmd(&[&["tokens"], args, &["--sandbox"]].concat())
        .env("IMPACT_SANDBOX_FAULTS", faults)
        .env(FAST_RETRIES.0, FAST_RETRIES.1)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_primary_contact_is_named_as_the_web_page_names_it() {
    let env = Env::new();
    // The seeds' contact is the brand demo's I-3000101, Erin Easton.
    let o = env.sandbox(&["list"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let row = stdout(&o)
        .lines()
        .find(|l| l.starts_with(NIGHTLY))
        .unwrap()
        .to_string();
    assert!(row.ends_with("Erin Easton"), "{row}");
    assert!(!row.contains("I-3000101"), "{row}");
    // JSON keeps the Id, with the name beside it.
    let tokens = listed(&env.sandbox(&["list", "--output", "json"]));
    let t = by_name(&tokens, NIGHTLY).unwrap();
    assert_eq!(t["PrimaryContactUserId"], "I-3000101");
    assert_eq!(t["PrimaryContactName"], "Erin Easton");
    let o = env.sandbox(&["show", NIGHTLY]);
    assert!(
        stdout(&o).contains("Primary Contact  Erin Easton (I-3000101)\n"),
        "{}",
        stdout(&o)
    );
    let t: Value = serde_json::from_str(&stdout(
        &env.sandbox(&["show", NIGHTLY, "--output", "json"]),
    ))
    .unwrap();
    assert_eq!(t["PrimaryContactUserId"], "I-3000101");
    assert_eq!(t["PrimaryContactName"], "Erin Easton");

    // Users that cannot be read cost only the names: Ids, said once.
    for faults in ["users=404", "users=403"] {
        let o = sandbox_with_faults(&env, &["show", NIGHTLY], faults);
        assert_eq!(code(&o), 0, "{faults}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("Primary Contact  I-3000101\n"),
            "{}",
            stdout(&o)
        );
        assert!(
            stderr(&o).contains("shown by user Id"),
            "{faults}: {}",
            stderr(&o)
        );
        let o = sandbox_with_faults(&env, &["list", "--output", "json"], faults);
        let t = by_name(&listed(&o), NIGHTLY).unwrap().clone();
        assert_eq!(t["PrimaryContactUserId"], "I-3000101");
        assert_eq!(t["PrimaryContactName"], Value::Null);
    }

    // The checklist names the contact when a server is at hand.
    let spec = env.path("spec.toml");
    std::fs::write(&spec, run::SPEC).unwrap();
    let o = env
        .cmd(&["spec", "checklist", spec.to_str().unwrap(), "--sandbox"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Primary Contact: pick `Erin Easton` (user Id `I-3000101`)"),
        "{}",
        stdout(&o)
    );
    let unknown = env.path("unknown.toml");
    std::fs::write(&unknown, run::SPEC.replace("I-3000101", "I-3999999")).unwrap();
    let o = env
        .cmd(&["spec", "checklist", unknown.to_str().unwrap(), "--sandbox"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("`I-3999999`, which is not among the account's users (unknown user)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn show_finds_a_token_by_name_or_id_and_groups_its_scopes() {
    let env = Env::new();
    let o = env.sandbox(&["show", NIGHTLY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Scopes (3, "), "{text}");
    assert!(text.contains("State            Enabled\n"), "{text}");

    // Ids are random per sandbox: one server for the name and the Id.
    let server = Server::start();
    let json = env.tokens(
        &server,
        &["show", "demo seed: legacy EXPORT", "--output", "json"],
    );
    assert_eq!(code(&json), 0, "{}", stderr(&json));
    let t: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(t["Name"], LEGACY);
    assert_eq!(t["State"], "DISABLED");
    let grouped: usize = t["ScopesByCategory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["Scopes"].as_array().unwrap().len())
        .sum();
    assert_eq!(grouped, t["Scopes"].as_array().unwrap().len());

    let id = t["Id"].as_str().unwrap();
    let by_id = env.tokens(&server, &["show", id, "--output", "json"]);
    assert_eq!(code(&by_id), 0, "{}", stderr(&by_id));
    let again: Value = serde_json::from_str(&stdout(&by_id)).unwrap();
    assert_eq!(again["Name"], LEGACY);

    for args in [
        &["show", "no such token"][..],
        &["export", "no such token"],
        &["rotate", "no such token", "--yes", "--show-secret"],
        &["reset", "no such token", "--yes", "--show-secret"],
        &["disable", "no such token", "--yes"],
        &["enable", "no such token", "--yes"],
        &["delete", "no such token", "--yes"],
    ] {
        let o = env.sandbox(args);
        assert_eq!(code(&o), 10, "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("no token is named 'no such token'"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

/// Whether `c` is a control or format character (or U+2028/9), the kind a
/// server's text must never bring to the terminal or a file raw.
fn unsafe_char(c: char) -> bool {
    impact_token::text::is_unsafe_to_show(c) && c != '\n'
}

#[test]
fn format_characters_in_a_served_name_never_reach_the_output_raw() {
    // Right-to-left override, zero-width space, a C1 CSI and ESC.
    let name = "Q3\u{202e}cod.exe\u{200b}\u{9b}2J\u{1b}[31m";
    let env = Env::new();
    let run = |args: &[&str]| {
        let mut c = env.cmd(&[&["tokens"], args, &["--sandbox"]].concat());
        c.env(impact_token::sandbox::ENV_EXTRA_TOKEN, name)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    for args in [
        &["list"][..],
        &["show", name],
        &["export", name],
        &["list", "--output", "json"],
        &["show", name, "--output", "json"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(!out.chars().any(unsafe_char), "{args:?}: {out:?}");
        assert!(!stderr(&o).chars().any(unsafe_char), "{args:?}");
        if args.contains(&"json") || args[0] == "export" {
            // Data keeps the exact name, escaped.
            assert!(
                out.contains("\\u202e") || out.contains("\\u202E"),
                "{args:?}: {out}"
            );
        } else {
            assert!(
                out.contains("Q3\u{fffd}cod.exe\u{fffd}\u{fffd}2J\u{fffd}[31m"),
                "{args:?}: {out}"
            );
        }
    }
    let listed = listed(&run(&["list", "--output", "json"]));
    assert!(
        by_name(&listed, name).is_some(),
        "the JSON reads back as the name"
    );
}

// ----- export, create --spec, diff -----

#[test]
fn an_export_creates_a_token_with_the_same_settings_and_scopes() {
    let env = Env::new();
    let server = Server::start();
    let original = by_name(
        &listed(&env.tokens(&server, &["list", "--output", "json"])),
        NIGHTLY,
    )
    .unwrap()
    .clone();

    let toml = env.path("nightly.toml");
    let o = env.tokens(&server, &["export", NIGHTLY, "-o", toml.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(mode(&toml), 0o600);
    // The same export again never overwrites it.
    let again = env.tokens(&server, &["export", NIGHTLY, "-o", toml.to_str().unwrap()]);
    assert_eq!(code(&again), 2, "{}", stderr(&again));

    let json = env.path("nightly.json");
    let o = env.tokens(&server, &["export", NIGHTLY, "-o", json.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["name"], NIGHTLY);

    let shown = env.tokens(&server, &["export", NIGHTLY]);
    assert_eq!(stdout(&shown), std::fs::read_to_string(&toml).unwrap());

    // Unchanged, the export equals the token: diff exits 0.
    let d = env.tokens(&server, &["diff", toml.to_str().unwrap(), NIGHTLY]);
    assert_eq!(code(&d), 0, "{}{}", stdout(&d), stderr(&d));

    let renamed = std::fs::read_to_string(&toml).unwrap().replace(
        &format!("name = \"{NIGHTLY}\""),
        "name = \"Nightly, again\"",
    );
    let copy = env.path("copy.toml");
    std::fs::write(&copy, renamed).unwrap();
    let created = env.remote(
        &server,
        &[
            "create",
            "--spec",
            copy.to_str().unwrap(),
            "--yes",
            "--secret-file",
            env.path("copy.env").to_str().unwrap(),
        ],
    );
    assert_eq!(code(&created), 0, "{}", stderr(&created));
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    let made = by_name(&tokens, "Nightly, again").expect("created");
    for field in [
        "Description",
        "ApiVersion",
        "PrimaryContactUserId",
        "DeveloperEmails",
    ] {
        assert_eq!(made[field], original[field], "{field}");
    }
    assert_eq!(scope_set(made), scope_set(&original));
    let d = env.tokens(&server, &["diff", NIGHTLY, "Nightly, again"]);
    assert_eq!(code(&d), 0, "{}", stdout(&d));
}

/// `create --spec FILE --yes` against `server` with `--api-url` and the
/// brand credentials, plus `extra` (no `--account-type` unless given).
fn create_remote(env: &Env, server: &Server, spec: &str, secret: &str, extra: &[&str]) -> Output {
    let mut c = env.cmd(
        &[
            &["create", "--spec", spec, "--yes", "--api-url", &server.url],
            extra,
        ]
        .concat(),
    );
    c.args(["--secret-file", env.path(secret).to_str().unwrap()])
        .env("IMPACT_ACCOUNT_SID", &server.brand_sid)
        .env("IMPACT_AUTH_TOKEN", &server.brand_token)
        .stdin(Stdio::null());
    c.output().unwrap()
}

#[test]
fn create_with_an_api_url_takes_the_account_type_from_the_spec() {
    let env = Env::new();
    let server = Server::start();
    let spec = env.path("spec.toml");
    std::fs::write(&spec, run::SPEC).unwrap();
    let spec = spec.to_str().unwrap();

    // A conflicting --account-type is a usage error; nothing is created.
    let o = create_remote(&env, &server, spec, "a.env", &["--account-type", "agency"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("brand") && err.contains("--account-type agency"),
        "{err}"
    );
    assert!(!env.path("a.env").exists());

    // No --account-type: the spec's (brand) is used.
    let o = create_remote(&env, &server, spec, "b.env", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Created token 'nightly-export'"),
        "{}",
        stdout(&o)
    );
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert!(by_name(&tokens, "nightly-export").is_some());

    // The same --account-type as the spec's is fine.
    let o = create_remote(&env, &server, spec, "c.env", &["--account-type", "brand"]);
    assert_eq!(code(&o), 6, "the name is taken now: {}", stderr(&o));
}

/// One convention: `--output text|json` is a format wherever it appears,
/// a file is `-o/--out FILE`; the old spellings still work, with a note.
#[test]
fn output_is_a_format_everywhere_and_a_file_is_out() {
    let env = Env::new();
    // Every command that prints what it read takes --output text|json.
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, Vec<String>)>) {
        for sub in cmd.get_subcommands() {
            let p = format!("{path} {}", sub.get_name()).trim().to_string();
            if let Some(a) = sub.get_arguments().find(|a| a.get_id() == "output") {
                let values = a
                    .get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect();
                out.push((p.clone(), values));
            }
            walk(sub, &p, out);
        }
    }
    let mut found = Vec::new();
    walk(&impact_token::cli::command(), "", &mut found);
    let commands: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    for c in [
        "create",
        "scopes",
        "verify",
        "profiles",
        "tokens list",
        "tokens show",
        "tokens diff",
        "tokens export",
        "spec from-log",
    ] {
        assert!(commands.contains(&c), "{c} has no --output: {commands:?}");
    }
    for (c, values) in &found {
        // export and from-log read the old file spelling too, so their
        // values are checked by running them below.
        if !c.ends_with("export") && !c.ends_with("from-log") {
            assert_eq!(values, &["text", "json"], "{c}");
        }
    }

    // export: --output json is JSON on stdout, never a file named "json".
    let o = env.sandbox(&["export", NIGHTLY, "--output", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["name"], NIGHTLY);
    assert!(!env.path("json").exists());
    assert_eq!(stderr(&o), "");
    // -o/--out FILE writes the file.
    for (flag, file) in [("-o", "a.toml"), ("--out", "b.json")] {
        let path = env.path(file);
        let o = env.sandbox(&["export", NIGHTLY, flag, path.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(!stderr(&o).contains("deprecated"), "{}", stderr(&o));
        assert!(path.exists());
    }
    assert!(
        std::fs::read_to_string(env.path("b.json"))
            .unwrap()
            .starts_with('{')
    );
    // The old --output FILE still writes it, and says what to use instead.
    let old = env.path("old.toml");
    let o = env.sandbox(&["export", NIGHTLY, "--output", old.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(old.exists());
    assert!(
        stderr(&o).contains("deprecated") && stderr(&o).contains("--out FILE"),
        "{}",
        stderr(&o)
    );

    // diff: JSON with the status unchanged (14: they differ).
    let o = env.sandbox(&["diff", NIGHTLY, DASHBOARD, "--output", "json"]);
    assert_eq!(code(&o), 14, "{}", stderr(&o));
    let d: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d["A"], NIGHTLY);
    assert_eq!(d["Equal"], false);
    let n = d["Added"].as_array().unwrap().len() + d["Removed"].as_array().unwrap().len();
    assert!(n > 0, "{d}");
    assert!(
        d["Added"][0]["Category"].is_string() && d["Added"][0]["Id"].is_string(),
        "{d}"
    );
    let o = env.sandbox(&["diff", NIGHTLY, NIGHTLY, "--output", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&o)).unwrap()["Equal"],
        true
    );

    // list: the old value `table` is still text.
    let o = env.sandbox(&["list", "--output", "table"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).starts_with("Name"), "{}", stdout(&o));

    // scopes: --output json; --json still works, with a note.
    let run = |args: &[&str]| env.cmd(args).stdin(Stdio::null()).output().unwrap();
    let new = run(&["scopes", "--account-type", "brand", "--output", "json"]);
    assert_eq!(code(&new), 0, "{}", stderr(&new));
    assert_eq!(stderr(&new), "");
    let old = run(&["scopes", "--account-type", "brand", "--json"]);
    assert_eq!(stdout(&old), stdout(&new));
    assert!(
        stderr(&old).contains("use `--output json`"),
        "{}",
        stderr(&old)
    );

    // profiles: one object, the documented shape.
    let o = run(&["profiles", "--output", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let p: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(p["Profiles"], serde_json::json!([]));
    assert_eq!(p["DefaultProfile"], Value::Null);
    assert!(
        p["ConfigFile"].as_str().unwrap().ends_with("config.toml"),
        "{p}"
    );

    // spec from-log: --output json on stdout, --out FILE.
    let log = env.path("calls.txt");
    std::fs::write(&log, "GET /Advertisers/IRsid/CompanyInformation\n").unwrap();
    let o = run(&[
        "spec",
        "from-log",
        log.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let spec: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(spec["account_type"], "brand");
    let out = env.path("from-log.toml");
    let o = run(&[
        "spec",
        "from-log",
        log.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("account_type = \"brand\"")
    );
}

#[test]
fn diff_lists_added_and_removed_scopes_and_exits_14_when_they_differ() {
    let env = Env::new();
    let a = env.sandbox(&["export", NIGHTLY]);
    assert_eq!(code(&a), 0, "{}", stderr(&a));
    let spec = stdout(&a);
    // Drop the last scope line from a copy: B lacks one scope of A.
    let lines: Vec<&str> = spec.lines().collect();
    let last_scope = lines.iter().rposition(|l| l.starts_with("  \"")).unwrap();
    let dropped = lines[last_scope]
        .trim()
        .split('"')
        .nth(1)
        .unwrap()
        .to_string();
    let mut fewer = lines.clone();
    fewer.remove(last_scope);
    let (fa, fb) = (env.path("a.toml"), env.path("b.toml"));
    std::fs::write(&fa, &spec).unwrap();
    std::fs::write(&fb, fewer.join("\n") + "\n").unwrap();
    let (fa, fb) = (fa.to_str().unwrap(), fb.to_str().unwrap());

    // Two files: no server needed (no --sandbox, no --api-url).
    let o = env.cmd(&["tokens", "diff", fa, fb]).output().unwrap();
    assert_eq!(code(&o), 14, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(&format!("- {dropped}")), "{out}");
    assert!(out.contains("Removed: 1 only in"), "{out}");
    assert!(!out.contains("Added:"), "{out}");

    let back = env.cmd(&["tokens", "diff", fb, fa]).output().unwrap();
    assert_eq!(code(&back), 14);
    assert!(
        stdout(&back).contains(&format!("+ {dropped}")),
        "{}",
        stdout(&back)
    );

    let same = env.cmd(&["tokens", "diff", fa, fa]).output().unwrap();
    assert_eq!(code(&same), 0, "{}", stderr(&same));

    // A file and a token, two tokens.
    let o = env.sandbox(&["diff", fb, NIGHTLY]);
    assert_eq!(code(&o), 14, "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("+ {dropped}")),
        "{}",
        stdout(&o)
    );
    let o = env.sandbox(&["diff", NIGHTLY, DASHBOARD]);
    assert_eq!(code(&o), 14, "{}", stderr(&o));
    let o = env.sandbox(&["diff", NIGHTLY, "nobody"]);
    assert_eq!(code(&o), 10, "{}", stderr(&o));
}

// ----- rotate -----

#[test]
fn rotate_delivers_to_a_command_tests_the_new_token_then_disables_the_old() {
    let env = Env::new();
    let server = Server::start();
    let (o, body) = via_command(&env, &server, "rotate", 0);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    for step in ["1/5", "2/5", "3/5", "4/5", "5/5"] {
        assert!(err.contains(step), "{err}");
    }
    let (sid, secret) = credentials(&body);
    assert!(!stdout(&o).contains(&secret) && !err.contains(&secret));
    assert!(stdout(&o).contains("Rotated"), "{}", stdout(&o));

    // The new token took the name; the old one is retired by name.
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    let new = by_name(&tokens, NIGHTLY).expect("the new token has the name");
    let old = tokens
        .iter()
        .find(|t| {
            let name = t["Name"].as_str().unwrap();
            name.starts_with(&format!("{NIGHTLY} (retired ")) && name.ends_with(" UTC)")
        })
        .expect("the old one, retired by name");
    assert_ne!(new["Id"], old["Id"]);
    assert_eq!(new["State"], "ENABLED");
    assert_eq!(old["State"], "DISABLED");
    assert_eq!(scope_set(new), scope_set(old));
    assert_eq!(new["ApiVersion"], old["ApiVersion"]);
    assert_eq!(company_status(&server, &sid, &secret), 200);
}

#[test]
fn rotate_with_delete_old_leaves_only_the_new_token() {
    let env = Env::new();
    let server = Server::start();
    let file = env.path("dash.env");
    let o = env.tokens(
        &server,
        &[
            "rotate",
            DASHBOARD,
            "--secret-file",
            file.to_str().unwrap(),
            "--new-name",
            "Dashboard 2",
            "--delete-old",
            "--yes",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(mode(&file), 0o600);
    let (sid, secret) = credentials(&std::fs::read_to_string(&file).unwrap());
    // The dashboard token's scopes lack CompanyInformation: refused as out
    // of scope (403), which only working credentials get (else 401).
    assert_eq!(company_status(&server, &sid, &secret), 403);
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert!(by_name(&tokens, DASHBOARD).is_none(), "{tokens:?}");
    assert_eq!(by_name(&tokens, "Dashboard 2").unwrap()["State"], "ENABLED");
}

#[test]
fn a_failed_delivery_rescues_the_secret_and_leaves_the_old_token_enabled() {
    let env = Env::new();
    let server = Server::start();
    let (o, body) = via_command(&env, &server, "rotate", 1);
    assert_eq!(code(&o), 9, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("rotation stopped at step 2"), "{err}");
    assert!(!err.contains("3/5"), "{err}");
    // The secret the command got (and refused) is the one rescued, and it works.
    let (sid, secret) = credentials(&body);
    assert!(err.contains(&secret), "rescued on stderr: {err}");
    assert_eq!(company_status(&server, &sid, &secret), 200);
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert_eq!(by_name(&tokens, NIGHTLY).unwrap()["State"], "ENABLED");
    assert!(by_name(&tokens, &format!("{NIGHTLY} (rotating)")).is_some());
}

#[test]
fn rotate_checks_where_the_secret_goes_before_creating_anything() {
    let env = Env::new();
    let server = Server::start();
    let before = listed(&env.tokens(&server, &["list", "--output", "json"])).len();
    let missing = env.path("no/such/dir/x.env");
    let taken = env.path("taken.env");
    std::fs::write(&taken, "keep me").unwrap();
    for dest in [&missing, &taken] {
        let o = env.tokens(
            &server,
            &[
                "rotate",
                NIGHTLY,
                "--secret-file",
                dest.to_str().unwrap(),
                "--yes",
            ],
        );
        assert_eq!(code(&o), 2, "{}", stderr(&o));
    }
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "keep me");
    let none = env.tokens(&server, &["rotate", NIGHTLY, "--yes"]);
    assert_eq!(code(&none), 2, "{}", stderr(&none));
    assert!(
        stderr(&none).contains("--secret-to-command"),
        "{}",
        stderr(&none)
    );
    // No terminal and no --yes: refused before anything is made.
    let ask = env.tokens(&server, &["rotate", NIGHTLY, "--show-secret"]);
    assert_eq!(code(&ask), 2, "{}", stderr(&ask));
    assert!(stderr(&ask).contains("--yes"), "{}", stderr(&ask));
    let after = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert_eq!(after.len(), before, "nothing was created");
    assert_eq!(by_name(&after, NIGHTLY).unwrap()["State"], "ENABLED");
}

#[test]
fn a_failure_after_delivery_stops_with_its_own_status_and_a_known_state() {
    let env = Env::new();
    let server = Server::start();
    let state = |name: &str| state_on(&env, &server, name);
    // (route that fails, how often, token rotated, where it stops, exit
    // status, the old token's state after). Writes are retried, so their
    // fault outlasts every try.
    let cases = [
        ("company", 1, NIGHTLY, "step 3", 11, "ENABLED"),
        ("disable", 3, CATALOG, "step 4", 12, "ENABLED"),
        ("delete", 3, DASHBOARD, "step 5", 13, "DISABLED"),
    ];
    for (route, times, old, step, status, old_after) in cases {
        let file = env.path(&format!("{route}.env"));
        fail_times(&server, route, times);
        let o = env.tokens(
            &server,
            &[
                "rotate",
                old,
                "--secret-file",
                file.to_str().unwrap(),
                "--delete-old",
                "--yes",
            ],
        );
        assert_eq!(code(&o), status, "{route}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("rotation stopped at {step}")),
            "{route}: {}",
            stderr(&o)
        );
        assert_eq!(state(old).as_deref(), Some(old_after), "{route}");
        let new = format!("{old} (rotating)");
        assert_eq!(state(&new).as_deref(), Some("ENABLED"), "{route}");
        assert_eq!(mode(&file), 0o600, "{route}: delivered first");
    }
}

// ----- reset, disable, enable, delete -----

#[test]
fn reset_disable_enable_and_delete_change_the_token() {
    let env = Env::new();
    let server = Server::start();
    let file = env.path("reset.env");
    let o = env.tokens(
        &server,
        &[
            "reset",
            NIGHTLY,
            "--secret-file",
            file.to_str().unwrap(),
            "--yes",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (sid, secret) = credentials(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(company_status(&server, &sid, &secret), 200);

    let o = env.tokens(&server, &["disable", NIGHTLY, "--yes"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("Disabled"), "{}", stdout(&o));
    assert_eq!(company_status(&server, &sid, &secret), 403);
    let o = env.tokens(&server, &["enable", NIGHTLY, "--yes"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(company_status(&server, &sid, &secret), 200);

    // No terminal and no --yes: refused, nothing deleted.
    let o = env.tokens(&server, &["delete", NIGHTLY]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert!(by_name(&tokens, NIGHTLY).is_some());
    let o = env.tokens(&server, &["delete", NIGHTLY, "--yes"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert!(by_name(&tokens, NIGHTLY).is_none());
    assert_eq!(company_status(&server, &sid, &secret), 401);
}

#[test]
fn without_yes_the_terminal_is_asked_and_only_the_right_answer_goes_ahead() {
    let env = Env::new();
    let server = Server::start();
    let state = |name: &str| state_on(&env, &server, name);
    let on_a_terminal = |args: &[&str], question: &str, answer: &str| {
        let args = [
            &["tokens"],
            args,
            &["--api-url", &server.url, "--account-type", "brand"],
        ]
        .concat();
        let opts = Options::new(&args)
            .size(160, 24)
            .env("IMPACT_ACCOUNT_SID", &server.brand_sid)
            .env("IMPACT_AUTH_TOKEN", &server.brand_token);
        let p = Pty::start(opts);
        p.wait_for(question, common::T).or_fail();
        p.send(&format!("{answer}\r"));
        p.wait_exit(common::T).or_fail().exit_code()
    };
    // A delete wants the name typed: anything else cancels with exit 1.
    let typed = on_a_terminal(&["delete", DASHBOARD], "Type the token's name", "Dashboard");
    assert_eq!(typed, 1);
    assert_eq!(state(DASHBOARD).as_deref(), Some("ENABLED"));
    let typed = on_a_terminal(&["delete", DASHBOARD], "Type the token's name", DASHBOARD);
    assert_eq!(typed, 0);
    assert_eq!(state(DASHBOARD), None);
    // Disable asks yes or no.
    let no = on_a_terminal(&["disable", NIGHTLY], "[y/N]", "n");
    assert_eq!(no, 1);
    assert_eq!(state(NIGHTLY).as_deref(), Some("ENABLED"));
    let yes = on_a_terminal(&["disable", NIGHTLY], "[y/N]", "y");
    assert_eq!(yes, 0);
    assert_eq!(state(NIGHTLY).as_deref(), Some("DISABLED"));
}

#[test]
fn a_reset_whose_secret_is_not_delivered_rescues_it() {
    let env = Env::new();
    let server = Server::start();
    let (o, body) = via_command(&env, &server, "reset", 2);
    assert_eq!(code(&o), 9, "{}", stderr(&o));
    let (sid, secret) = credentials(&body);
    assert!(stderr(&o).contains(&secret), "rescued: {}", stderr(&o));
    assert!(!stdout(&o).contains(&secret));
    assert_eq!(company_status(&server, &sid, &secret), 200);
}

#[test]
fn a_command_that_reads_nothing_has_not_taken_the_secret() {
    // `true` exits 0 at once: the reset's secret is rescued (exit 9).
    let env = Env::new();
    let server = Server::start();
    let o = env.tokens(
        &server,
        &["reset", NIGHTLY, "--secret-to-command", "true", "--yes"],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 9, "{err}");
    assert!(err.contains("unread"), "{err}");
    let (sid, secret) = credentials(&err);
    assert_eq!(
        company_status(&server, &sid, &secret),
        200,
        "rescued: {err}"
    );

    // `sleep 0.3` exits 0 later, having read nothing: rotation stops at
    // step 2 and the old token stays enabled.
    let o = env.tokens(
        &server,
        &[
            "rotate",
            NIGHTLY,
            "--secret-to-command",
            "sleep 0.3",
            "--yes",
        ],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 9, "{err}");
    assert!(err.contains("rotation stopped at step 2"), "{err}");
    assert!(!err.contains("2/5"), "not reported delivered: {err}");
    let (sid, secret) = credentials(&err);
    assert_eq!(
        company_status(&server, &sid, &secret),
        200,
        "rescued: {err}"
    );
    assert_eq!(state_on(&env, &server, NIGHTLY).as_deref(), Some("ENABLED"));
}

#[test]
fn ctrl_c_during_a_secret_command_ends_the_command_and_rescues_the_secret() {
    let env = Env::new();
    let server = Server::start();
    let started = env.path("started");
    let cmd = format!("touch '{}'; exec sleep 60", started.display());
    let mut c = env.cmd(&[
        "tokens",
        "reset",
        NIGHTLY,
        "--secret-to-command",
        &cmd,
        "--yes",
        "--api-url",
        &server.url,
        "--account-type",
        "brand",
    ]);
    c.env("IMPACT_ACCOUNT_SID", &server.brand_sid)
        .env("IMPACT_AUTH_TOKEN", &server.brand_token)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = c.spawn().unwrap();
    let deadline = std::time::Instant::now() + common::T;
    while !started.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the command never ran"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // What the terminal does on Ctrl-C: SIGINT to the whole foreground group.
    // SAFETY: kill with the group of a child we started (setsid: its own group).
    assert_eq!(unsafe { libc::kill(-(child.id() as i32), libc::SIGINT) }, 0);
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(code(&o), 9, "{err}");
    let (sid, secret) = credentials(&err);
    assert_eq!(
        company_status(&server, &sid, &secret),
        200,
        "rescued: {err}"
    );
}

// ----- upgrade -----

/// The API version of the token `name` on `server`.
fn version_on(env: &Env, server: &Server, name: &str) -> String {
    let tokens = listed(&env.tokens(server, &["list", "--output", "json"]));
    let t = by_name(&tokens, name).unwrap_or_else(|| panic!("no {name}"));
    t["ApiVersion"].as_str().unwrap().to_string()
}

#[test]
fn upgrade_shows_the_diff_asks_and_only_moves_upward() {
    let env = Env::new();
    let server = Server::start();
    // The brand catalog offers 14, 13, 12 and 11; the oldest seed is on 11.
    assert_eq!(version_on(&env, &server, NIGHTLY), "11");

    // No terminal and no --yes: the diff is shown, then refused; nothing sent.
    let o = env.tokens(&server, &["upgrade", NIGHTLY, "--to", "12"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("Upgrade '{NIGHTLY}' from API version 11 to 12")),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    assert_eq!(version_on(&env, &server, NIGHTLY), "11");

    // An explicit newer version, then the newest by default.
    let o = env.tokens(&server, &["upgrade", NIGHTLY, "--to", "12", "--yes"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("now on API version 12"),
        "{}",
        stdout(&o)
    );
    assert_eq!(version_on(&env, &server, NIGHTLY), "12");
    let scopes_before = scope_set(
        by_name(
            &listed(&env.tokens(&server, &["list", "--output", "json"])),
            NIGHTLY,
        )
        .unwrap(),
    );
    let o = env.tokens(&server, &["upgrade", NIGHTLY, "--yes"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("from API version 12 to 14"), "{out}");
    // Every sandbox version offers the same scopes: none is dropped.
    assert!(
        out.contains("The token's scopes are all offered by the newer version."),
        "{out}"
    );
    assert!(out.contains("now on API version 14"), "{out}");
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert_eq!(by_name(&tokens, NIGHTLY).unwrap()["ApiVersion"], "14");
    assert_eq!(scope_set(by_name(&tokens, NIGHTLY).unwrap()), scopes_before);

    // Already on the newest, or on the version asked for: said, exit 0
    // (a script may upgrade every token), and nothing changes.
    for args in [&[][..], &["--to", "14"]] {
        let o = env.tokens(&server, &[&["upgrade", NIGHTLY, "--yes"], args].concat());
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("already on API version 14"),
            "{}",
            stdout(&o)
        );
        assert!(!stdout(&o).contains("now on"), "{}", stdout(&o));
    }
    assert!(stdout(&env.tokens(&server, &["upgrade", NIGHTLY, "--yes"])).contains("the newest"));
    assert_eq!(version_on(&env, &server, NIGHTLY), "14");
    // Downward is refused before anything is sent.
    let o = env.tokens(&server, &["upgrade", NIGHTLY, "--to", "13", "--yes"]);
    assert_eq!(code(&o), 3, "--to 13: {}", stderr(&o));
    let o = env.tokens(&server, &["upgrade", DASHBOARD, "--to", "12", "--yes"]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(stderr(&o).contains("only go up"), "{}", stderr(&o));
    assert_eq!(version_on(&env, &server, DASHBOARD), "14");
    // A version the server does not offer.
    let o = env.tokens(&server, &["upgrade", CATALOG, "--to", "99", "--yes"]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(stderr(&o).contains("not offered"), "{}", stderr(&o));
    // No such token.
    let o = env.tokens(&server, &["upgrade", "no such token", "--yes"]);
    assert_eq!(code(&o), 10, "{}", stderr(&o));
}

#[test]
fn upgrade_on_a_terminal_goes_ahead_only_on_yes() {
    let server = Server::start();
    let env = Env::new();
    let on_a_terminal = |answer: &str| {
        let args = [
            "tokens",
            "upgrade",
            NIGHTLY,
            "--api-url",
            &server.url,
            "--account-type",
            "brand",
        ];
        let opts = Options::new(&args)
            .size(160, 24)
            .env("IMPACT_ACCOUNT_SID", &server.brand_sid)
            .env("IMPACT_AUTH_TOKEN", &server.brand_token);
        let p = Pty::start(opts);
        p.wait_for("to 14? Versions only go up. [y/N]", common::T)
            .or_fail();
        p.send(&format!("{answer}\r"));
        p.wait_exit(common::T).or_fail().exit_code()
    };
    assert_eq!(on_a_terminal("n"), 1);
    assert_eq!(version_on(&env, &server, NIGHTLY), "11");
    assert_eq!(on_a_terminal("y"), 0);
    assert_eq!(version_on(&env, &server, NIGHTLY), "14");
}

// ----- lost answers and concurrent changes (one path with the TUI) -----

/// Makes the next `times` requests to `route` run, then lose their answer
/// (the connection closes after the change is made).
fn drop_answers(server: &Server, route: &str, times: usize) {
    let body = format!(r#"{{"Inject":[{{"Route":"{route}","Fault":"drop","Times":{times}}}]}}"#);
    let status = http(
        server,
        "POST /__sandbox/faults",
        "Content-Type: application/json\r\n",
        &body,
    );
    assert_eq!(status, 200, "{route}");
}

#[test]
fn a_reset_whose_answer_is_lost_gets_its_secret_by_its_key() {
    let env = Env::new();
    let server = Server::start();
    // One lost answer: the retry, with the same key, gets the same secret.
    drop_answers(&server, "reset", 1);
    let file = env.path("once.env");
    let o = env.tokens(
        &server,
        &[
            "reset",
            NIGHTLY,
            "--secret-file",
            file.to_str().unwrap(),
            "--yes",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (sid, secret) = credentials(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(company_status(&server, &sid, &secret), 200);

    // Every answer lost: exit 19, saying it probably happened and how to
    // get the secret; that command delivers the secret that now works.
    drop_answers(&server, "reset", 3);
    let lost = env.path("lost.env");
    let o = env.tokens(
        &server,
        &[
            "reset",
            NIGHTLY,
            "--secret-file",
            lost.to_str().unwrap(),
            "--yes",
        ],
    );
    assert_eq!(code(&o), 19, "{}", stderr(&o));
    assert!(!lost.exists(), "no secret to write");
    assert_eq!(
        company_status(&server, &sid, &secret),
        401,
        "old one refused"
    );
    let err = stderr(&o);
    assert!(err.contains("probably reset"), "{err}");
    let key = err
        .split("--idempotency-key ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no key in: {err}"))
        .to_string();
    let o = env.tokens(
        &server,
        &[
            "reset",
            NIGHTLY,
            "--idempotency-key",
            &key,
            "--secret-file",
            lost.to_str().unwrap(),
            "--yes",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (sid, secret) = credentials(&std::fs::read_to_string(&lost).unwrap());
    assert_eq!(
        company_status(&server, &sid, &secret),
        200,
        "the live secret"
    );
}

#[test]
fn a_change_confirmed_after_another_admin_changed_the_token_is_refused() {
    let env = Env::new();
    let server = Server::start();
    let state = |name: &str| state_on(&env, &server, name);
    // (command, its question, the answer)
    let file = env.path("never.env");
    let cases: [(Vec<&str>, &str, &str); 2] = [
        (
            vec!["reset", NIGHTLY, "--secret-file", file.to_str().unwrap()],
            "Type the token's name",
            NIGHTLY,
        ),
        (vec!["delete", NIGHTLY], "Type the token's name", NIGHTLY),
    ];
    for (args, question, answer) in cases {
        let args = [
            &["tokens"],
            args.as_slice(),
            &["--api-url", &server.url, "--account-type", "brand"],
        ]
        .concat();
        let opts = Options::new(&args)
            .size(160, 24)
            .env("IMPACT_ACCOUNT_SID", &server.brand_sid)
            .env("IMPACT_AUTH_TOKEN", &server.brand_token);
        let p = Pty::start(opts);
        p.wait_for(question, common::T).or_fail();
        // While this admin reads the question, another one disables the
        // token (or enables it back).
        let flip = if state(NIGHTLY).as_deref() == Some("ENABLED") {
            "disable"
        } else {
            "enable"
        };
        let other = env.tokens(&server, &[flip, NIGHTLY, "--yes"]);
        assert_eq!(code(&other), 0, "{}", stderr(&other));
        let theirs = state(NIGHTLY);
        p.send(&format!("{answer}\r"));
        p.wait_for("Nothing was done", common::T).or_fail();
        let status = p.wait_exit(common::T).or_fail().exit_code();
        assert_eq!(status, 18, "{args:?}: {}", p.screen());
        assert_eq!(state(NIGHTLY), theirs, "their change stands, nothing more");
        assert!(!file.exists(), "no reset, no secret");
    }
}

#[test]
fn a_rotation_reports_the_old_tokens_state_as_read_after_a_lost_answer() {
    let env = Env::new();
    let server = Server::start();
    let state = |name: &str| state_on(&env, &server, name);
    // The disable and the delete are made, and their answers lost: the
    // rotation reads the token again and goes on with what it shows.
    drop_answers(&server, "disable", 3);
    drop_answers(&server, "delete", 3);
    let file = env.path("rotated.env");
    let o = env.tokens(
        &server,
        &[
            "rotate",
            CATALOG,
            "--secret-file",
            file.to_str().unwrap(),
            "--delete-old",
            "--yes",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("4/5 disabled the old token"), "{err}");
    assert!(err.contains("5/5 deleted the old token"), "{err}");
    assert!(!err.contains("still enabled"), "{err}");
    let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert_eq!(
        tokens
            .iter()
            .filter(|t| t["Name"].as_str().unwrap().starts_with(CATALOG))
            .count(),
        1,
        "the old one is gone, as reported"
    );
    assert_eq!(
        state(CATALOG).as_deref(),
        Some("ENABLED"),
        "the new one has its name"
    );
}

#[test]
fn a_disabled_token_is_rotated_only_when_asked_and_says_its_copy_is_enabled() {
    let env = Env::new();
    let server = Server::start();
    let before = listed(&env.tokens(&server, &["list", "--output", "json"])).len();
    let file = env.path("legacy.env");
    let rotate = |extra: &[&str]| {
        let args = [
            &[
                "rotate",
                LEGACY,
                "--secret-file",
                file.to_str().unwrap(),
                "--yes",
            ],
            extra,
        ]
        .concat();
        env.tokens(&server, &args)
    };
    let o = rotate(&[]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("--from-disabled"), "{}", stderr(&o));
    assert!(!file.exists());
    let after = listed(&env.tokens(&server, &["list", "--output", "json"]));
    assert_eq!(after.len(), before, "nothing was created");

    let o = rotate(&["--from-disabled"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("will be ENABLED"), "{}", stderr(&o));
}

#[test]
fn keep_old_and_grace_let_the_old_secret_overlap() {
    let env = Env::new();
    let server = Server::start();
    let state = |name: &str| state_on(&env, &server, name);
    let retired = |name: &str| {
        let tokens = listed(&env.tokens(&server, &["list", "--output", "json"]));
        tokens
            .iter()
            .find(|t| {
                t["Name"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{name} (retired "))
            })
            .map(|t| t["State"].as_str().unwrap().to_string())
    };
    // --keep-old: both work; the command that retires the old one is said.
    let file = env.path("keep.env");
    let o = env.tokens(
        &server,
        &[
            "rotate",
            NIGHTLY,
            "--secret-file",
            file.to_str().unwrap(),
            "--keep-old",
            "--yes",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("tokens disable"), "{}", stderr(&o));
    assert_eq!(retired(NIGHTLY).as_deref(), Some("ENABLED"));
    assert_eq!(state(NIGHTLY).as_deref(), Some("ENABLED"));

    // --grace: Ctrl-C during the countdown leaves both enabled (exit 12).
    let file = env.path("grace.env");
    let args = [
        "tokens",
        "rotate",
        DASHBOARD,
        "--secret-file",
        file.to_str().unwrap(),
        "--grace",
        "10m",
        "--yes",
        "--api-url",
        &server.url,
        "--account-type",
        "brand",
    ];
    let opts = Options::new(&args)
        .size(160, 24)
        .env("IMPACT_ACCOUNT_SID", &server.brand_sid)
        .env("IMPACT_AUTH_TOKEN", &server.brand_token);
    let p = Pty::start(opts);
    p.wait_for("Ctrl-C now keeps both tokens enabled", common::T)
        .or_fail();
    p.send("\x03");
    p.wait_for("both are", common::T).or_fail();
    assert_eq!(p.wait_exit(common::T).or_fail().exit_code(), 12);
    assert_eq!(state(DASHBOARD).as_deref(), Some("ENABLED"), "old");
    assert_eq!(
        state(&format!("{DASHBOARD} (rotating)")).as_deref(),
        Some("ENABLED"),
        "new"
    );
}

/// `tokens list`, `show NAME` and `show ID` at 10,000 tokens (with pages
/// of 10 by default, once "more than 100 pages"): whole and found.
#[test]
fn list_and_show_work_at_ten_thousand_tokens() {
    let env = Env::new();
    let run = |args: &[&str]| {
        env.cmd(&[&["tokens"], args, &["--sandbox"]].concat())
            .env("IMPACT_SANDBOX_SEED_TOKENS", "10000")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let all = listed(&run(&["list", "--output", "json"]));
    assert_eq!(all.len(), 10_005, "every token");
    let name = all[6_000]["Name"].as_str().unwrap();
    let o = run(&["show", &name.to_lowercase(), "--output", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let shown: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(shown["Name"], name);
    // A demo token among the synthetic ones.
    let o = run(&["show", NIGHTLY, "--output", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(&["show", "no such token"]);
    assert_eq!(code(&o), 10, "{}", stderr(&o));
}
