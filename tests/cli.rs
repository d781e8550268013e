//! The command-line interface: scripting with spec files and exit codes,
//! `scopes`, `profiles` (completions are driven in tests/completions.rs).
//! Runs the real binary; `--sandbox` gives each run its own in-process
//! sandbox, and `IMPACT_SANDBOX_FAULTS` makes it fail on purpose.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output};

#[path = "support/run.rs"]
mod run;

use run::{
    FAST_RETRIES, SPEC, code, home_in, mode, sandbox_create_args, stderr, stdout, store_token_args,
};

struct Env {
    dir: PathBuf,
    /// Owns `dir`: removed when the test ends.
    _tmp: tempfile::TempDir,
}

impl Env {
    fn new(name: &str) -> Env {
        let tmp = tempfile::Builder::new()
            .prefix(&format!("impact-token-cli-{name}-"))
            .tempdir()
            .unwrap();
        Env {
            dir: tmp.path().to_path_buf(),
            _tmp: tmp,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn write(&self, name: &str, body: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_impact-token"));
        home_in(c.args(args), &self.dir);
        c
    }

    /// `create --spec SPEC --yes --sandbox --show-secret`, with extra variables.
    fn create_yes(&self, spec: &str, env: &[(&str, &str)]) -> Output {
        self.run(&sandbox_create_args(spec), env)
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = self.cmd(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    }
}

fn spec(env: &Env) -> String {
    env.write("token.toml", SPEC).to_str().unwrap().to_string()
}

#[test]
fn create_yes_prints_json_and_writes_a_private_secret_file() {
    let env = Env::new("json");
    let s = spec(&env);
    let file = env.path("secret.env");
    let o = env.run(
        &[
            "create",
            "--spec",
            &s,
            "--yes",
            "--sandbox",
            "--output",
            "json",
            "--secret-file",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["Name"], "nightly-export");
    assert_eq!(v["Scopes"], serde_json::json!(["getCompanyInformation"]));
    assert!(
        v.get("AuthToken").is_none(),
        "no secret on stdout without --show-secret"
    );
    let body = std::fs::read_to_string(&file).unwrap();
    assert!(body.contains(&format!(
        "IMPACT_ACCOUNT_SID={}",
        v["AccountSID"].as_str().unwrap()
    )));
    assert!(body.contains("IMPACT_AUTH_TOKEN="));
    assert_eq!(mode(&file), 0o600);
    // The same path again is refused before anything is created.
    let again = env.run(
        &[
            "create",
            "--spec",
            &s,
            "--yes",
            "--sandbox",
            "--secret-file",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("never overwritten"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), body);
}

#[test]
fn create_yes_text_with_show_secret() {
    let env = Env::new("text");
    let o = env.create_yes(&spec(&env), &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Created token 'nightly-export'"));
    let secret_line = out
        .lines()
        .find(|l| l.trim_start().starts_with("Auth Token"))
        .unwrap();
    assert!(secret_line.split_whitespace().last().unwrap().len() >= 20);
}

#[test]
fn create_yes_needs_a_destination_for_the_secret() {
    let env = Env::new("dest");
    let o = env.run(
        &["create", "--spec", &spec(&env), "--yes", "--sandbox"],
        &[],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--show-secret"));
}

#[test]
fn invalid_specs_exit_3_with_line_and_reason() {
    let env = Env::new("invalid");
    let unknown_scope = SPEC.replace(
        "  \"getCompanyInformation\", #",
        "  \"getCompanyInformation\",\n  \"dropEverything\", #",
    );
    let s = env.write("bad.toml", &unknown_scope);
    let o = env.create_yes(s.to_str().unwrap(), &[]);
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).contains("line 9: unknown scope Id: dropEverything"),
        "{}",
        stderr(&o)
    );
    let s = env.write("extra.toml", &format!("{SPEC}ttl_days = 30\n"));
    let o = env.create_yes(s.to_str().unwrap(), &[]);
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).contains("line 10: unknown field `ttl_days`"),
        "{}",
        stderr(&o)
    );
    let s = env.write(
        "bad.json",
        "{\n  \"account_type\": \"brand\",\n  \"name\": \"\",\n}",
    );
    let o = env.create_yes(s.to_str().unwrap(), &[]);
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).contains("line 4"), "{}", stderr(&o));
    // The server's own validation (an inactive contact) is also "invalid".
    let s = env.write("inactive.toml", &SPEC.replace("I-3000101", "I-0000000"));
    let o = env.create_yes(s.to_str().unwrap(), &[]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("PrimaryContactUserId"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn api_failures_have_distinct_exit_codes() {
    let env = Env::new("codes");
    let s = spec(&env);
    let cases: &[(&str, i32, &str)] = &[
        ("company=401", 4, "Credentials rejected"),
        ("create=403", 5, "Account Administrators"),
        ("create=409", 6, "Name already taken"),
        ("create=503*3", 8, "503"),
        ("create=429*3", 7, "Rate limited"),
    ];
    // Retries and 429 resets at 1/100 of real time: this test is about
    // exit codes, not about how long the waits last.
    for (fault, want, says) in cases {
        let o = env.create_yes(&s, &[("IMPACT_SANDBOX_FAULTS", fault), FAST_RETRIES]);
        assert_eq!(code(&o), *want, "{fault}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{fault}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{fault}: nothing on stdout");
    }
    // A lost answer is retried with the same key: created, exit 0.
    let o = env.create_yes(
        &s,
        &[("IMPACT_SANDBOX_FAULTS", "create=drop"), FAST_RETRIES],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

/// Apart from the sandbox's faults, as its retries (against a server that
/// is not the in-process sandbox) wait in real time.
#[test]
fn no_server_and_no_credentials_have_their_exit_codes() {
    let env = Env::new("codes-network");
    let s = spec(&env);
    // Nothing listening: network.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let o = env.run(
        &[
            "create",
            "--spec",
            &s,
            "--yes",
            "--api-url",
            &url,
            "--account-type",
            "brand",
            "--show-secret",
        ],
        &[("IMPACT_ACCOUNT_SID", "IRX"), ("IMPACT_AUTH_TOKEN", "t")],
    );
    assert_eq!(code(&o), 8, "{}", stderr(&o));
    // No credentials at all: authentication.
    let o = env.run(
        &[
            "create",
            "--spec",
            &s,
            "--yes",
            "--api-url",
            &url,
            "--account-type",
            "brand",
            "--show-secret",
        ],
        &[],
    );
    assert_eq!(code(&o), 4, "{}", stderr(&o));
}

#[test]
fn scopes_prints_the_catalog() {
    let env = Env::new("scopes");
    let o = env.run(&["scopes", "--account-type", "agency"], &[]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.starts_with("# agency API v3: 15 scopes in 5 categories"));
    assert!(out.contains("updateCompanyInformation") && out.contains("(write)"));
    let o = env.run(
        &[
            "scopes",
            "--account-type",
            "brand",
            "--api-version",
            "12",
            "--json",
        ],
        &[],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["ApiVersions"], serde_json::json!(["12"]));
    let n: usize = v["Categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Scopes"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, 117);
    let o = env.run(
        &["scopes", "--account-type", "brand", "--api-version", "99"],
        &[],
    );
    assert_eq!(code(&o), 2);
    let o = env.run(&["scopes", "--json"], &[]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_object().unwrap().len(), 3);
}

#[test]
fn profiles_add_list_and_use() {
    let env = Env::new("profiles");
    let o = env.run(&["profiles"], &[]);
    assert!(stdout(&o).contains("No profiles"));
    let mut c = env.cmd(&store_token_args("http://127.0.0.1:9"));
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"stored-secret\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let token_file = env.dir.join("config/impact-token/prod.token");
    assert_eq!(mode(&token_file), 0o600);
    let o = env.run(
        &[
            "profiles",
            "add",
            "dev",
            "--account-type",
            "brand",
            "--api-url",
            "https://x",
            "--account-sid",
            "IRDEV",
            "--token-env",
            "DEV_TOKEN",
        ],
        &[],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = env.run(
        &[
            "profiles",
            "add",
            "dev",
            "--account-type",
            "partner",
            "--api-url",
            "https://x",
            "--account-sid",
            "I",
        ],
        &[],
    );
    assert_eq!(code(&o), 2);
    let list = stdout(&env.run(&["profiles"], &[]));
    assert!(
        list.contains("prod") && list.contains("IRPROD") && list.contains("token from $DEV_TOKEN"),
        "{list}"
    );
    assert!(!list.contains("stored-secret"));
    // A profile's token file that others can read is refused.
    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = env.run(
        &[
            "create",
            "--spec",
            &spec(&env),
            "--yes",
            "--profile",
            "prod",
            "--show-secret",
        ],
        &[],
    );
    assert_eq!(code(&o), 4, "{}", stderr(&o));
    assert!(stderr(&o).contains("0600"));
    // A config others can read gets a warning.
    let cfg = env.dir.join("config/impact-token/config.toml");
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(stderr(&env.run(&["profiles"], &[])).contains("can be read by other users"));
    // Using an unset token variable is a clear authentication error.
    let o = env.run(
        &[
            "create",
            "--spec",
            &spec(&env),
            "--yes",
            "--profile",
            "dev",
            "--show-secret",
        ],
        &[],
    );
    assert_eq!(code(&o), 4);
    assert!(stderr(&o).contains("$DEV_TOKEN"), "{}", stderr(&o));
}

#[test]
fn help_documents_exit_codes() {
    let env = Env::new("help");
    let out = stdout(&env.run(&["--help"], &[]));
    for c in [
        "3  invalid spec",
        "4  authentication",
        "5  permission",
        "6  conflict",
        "7  rate limited",
        "8  network",
    ] {
        assert!(out.contains(c), "{c}");
    }
}

#[test]
fn the_readme_spec_example_is_valid_and_matches_the_export_format() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```toml\naccount_type")
        .expect("a spec example in the README")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let example = &readme[start..end];
    let bundled = |t| impact_token::model::catalog::Catalog::bundled(t);
    let spec = impact_token::model::spec::parse(
        example,
        impact_token::model::spec::Format::Toml,
        None,
        &bundled,
    )
    .unwrap_or_else(|e| panic!("README example: {e}"));
    let catalog = bundled(spec.account_type);
    let exported = impact_token::model::spec::to_toml(spec.account_type, &spec.request, &catalog);
    for line in example.lines().filter(|l| l.trim_start().starts_with('"')) {
        assert!(
            exported.contains(line),
            "the README shows what export writes: {line}"
        );
    }
}

#[test]
fn the_sandbox_names_the_address_it_cannot_listen_on() {
    let env = Env::new("addr-in-use");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let o = env.run(&["sandbox", "--addr", &addr], &[]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    assert!(err.contains("--addr"), "{err}");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
}
