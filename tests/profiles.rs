//! `profiles add --default`, `profiles default NAME` and `profiles remove
//! NAME`: the config file keeps its comments and layout, removing asks
//! first, and only the token file this tool stored for that profile (and no
//! other profile uses) is ever deleted, never `config.toml`.
//!
//! Every run is in a new session (`setsid`): no terminal to ask on, except
//! in the pty test, which answers the question.

mod common;
#[path = "support/run.rs"]
#[allow(dead_code)]
mod run;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::T;
use common::pty::{BIN, Options, OrFail, Pty, TestDir};
use run::{code, home_in, stderr, stdout};

/// A commented config with two profiles and no default.
const COMMENTED: &str = "\
# My impact-token settings.
# Kept by hand: do not reorder.

# The production brand.
[profiles.prod]
account_type = \"brand\"   # the advertiser
account_sid = \"IRPROD0000000000000000000000001\"
api_url = \"https://127.0.0.1:8443\"

# Staging, for the agency.
[profiles.\"stage.eu\"]
account_type = \"agency\"
account_sid = \"IRSTAGE000000000000000000000001\"
api_url = \"http://127.0.0.1:9\"
auth_token_env = \"STAGE_TOKEN\"

# Keys, last.
[keys.panels]
help = \"?\"
";

fn config_path(dir: &Path) -> PathBuf {
    dir.join("config/impact-token/config.toml")
}

fn write_config(dir: &Path, text: &str) -> PathBuf {
    let p = config_path(dir);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    p
}

/// The binary with `args`, a clean environment, no terminal.
fn run(dir: &Path, args: &[&str], input: Option<&str>) -> Output {
    let mut c = Command::new(BIN);
    home_in(c.args(args), dir).current_dir(dir);
    // SAFETY: setsid is async-signal-safe; nothing else runs in the child.
    unsafe {
        c.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    c.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = c.spawn().unwrap();
    if let Some(input) = input {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn profiles_default_inserts_the_line_at_the_top_then_edits_only_its_value() {
    let dir = TestDir::new();
    let p = write_config(dir.path(), COMMENTED);
    let o = run(dir.path(), &["profiles", "default", "stage.eu"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(&p),
        format!("default_profile = \"stage.eu\"\n{COMMENTED}")
    );

    // Now the line exists: only its value changes, its comment stays.
    let with_comment = read(&p).replace(
        "default_profile = \"stage.eu\"\n",
        "default_profile = \"stage.eu\"  # the usual one\n",
    );
    std::fs::write(&p, &with_comment).unwrap();
    let o = run(dir.path(), &["profiles", "default", "prod"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(&p),
        with_comment.replace("\"stage.eu\"  # the usual", "\"prod\"  # the usual")
    );
    let listed = stdout(&run(dir.path(), &["profiles"], None));
    assert!(listed.contains("prod (default)"), "{listed}");

    let o = run(dir.path(), &["profiles", "default", "nope"], None);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(read(&p).contains("\"prod\"  # the usual"));
}

#[test]
fn profiles_add_default_appends_and_sets_the_default() {
    let dir = TestDir::new();
    let p = write_config(dir.path(), COMMENTED);
    let o = run(
        dir.path(),
        &[
            "profiles",
            "add",
            "third",
            "--account-type",
            "partner",
            "--api-url",
            "http://127.0.0.1:9",
            "--account-sid",
            "IRPARTNER",
            "--default",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = read(&p);
    assert!(
        text.starts_with(&format!("default_profile = \"third\"\n{COMMENTED}")),
        "{text}"
    );
    assert!(text.contains("[profiles.third]"), "{text}");
}

#[test]
fn profiles_remove_without_a_terminal_needs_yes() {
    let dir = TestDir::new();
    let p = write_config(dir.path(), COMMENTED);
    let o = run(dir.path(), &["profiles", "remove", "prod"], None);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    assert_eq!(read(&p), COMMENTED);
}

#[test]
fn profiles_remove_yes_takes_out_the_table_and_the_default_and_keeps_the_comments() {
    let dir = TestDir::new();
    let p = write_config(
        dir.path(),
        &format!("default_profile = \"stage.eu\"\n{COMMENTED}"),
    );
    let o = run(
        dir.path(),
        &["profiles", "remove", "stage.eu", "--yes"],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let expected = COMMENTED.replace(
        "[profiles.\"stage.eu\"]\naccount_type = \"agency\"\naccount_sid = \"IRSTAGE000000000000000000000001\"\napi_url = \"http://127.0.0.1:9\"\nauth_token_env = \"STAGE_TOKEN\"\n",
        "",
    );
    assert_eq!(read(&p), expected);
    let o = run(dir.path(), &["profiles", "remove", "prod", "--yes"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = read(&p);
    assert!(text.starts_with("# My impact-token settings.\n"), "{text}");
    assert!(text.contains("# The production brand.\n"), "{text}");
    assert!(
        text.contains("# Keys, last.\n[keys.panels]\nhelp = \"?\"\n"),
        "{text}"
    );
    assert!(!text.contains("[profiles"), "{text}");
    let o = run(dir.path(), &["profiles", "remove", "prod", "--yes"], None);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}

/// `profiles add prod --store-token`, the token from stdin.
fn add_stored(dir: &Path) -> PathBuf {
    let o = run(
        dir,
        &run::store_token_args("http://127.0.0.1:9"),
        Some("tok-stored\n"),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let token = config_path(dir).with_file_name("prod.token");
    assert!(token.exists());
    token
}

#[test]
fn a_stored_token_file_is_deleted_only_with_delete_token() {
    let dir = TestDir::new();
    let token = add_stored(dir.path());
    let o = run(dir.path(), &["profiles", "remove", "prod", "--yes"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(token.exists(), "the token file went without --delete-token");
    assert!(stdout(&o).contains("--delete-token"), "{}", stdout(&o));

    std::fs::remove_file(&token).unwrap();
    let token = add_stored(dir.path());
    let o = run(
        dir.path(),
        &["profiles", "remove", "prod", "--yes", "--delete-token"],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!token.exists(), "the stored token file is still there");
}

#[test]
fn delete_token_refuses_a_file_the_tool_did_not_store() {
    let dir = TestDir::new();
    // A 0600 file outside the config directory, and one inside it that others may read.
    let outside = dir.path().join("my.token");
    std::fs::write(&outside, "tok\n").unwrap();
    std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o600)).unwrap();
    let inside = config_path(dir.path()).with_file_name("loose.token");
    std::fs::create_dir_all(inside.parent().unwrap()).unwrap();
    std::fs::write(&inside, "tok\n").unwrap();
    std::fs::set_permissions(&inside, std::fs::Permissions::from_mode(0o644)).unwrap();
    for file in [&outside, &inside] {
        let text = format!(
            "[profiles.p]\naccount_type = \"brand\"\naccount_sid = \"IR1\"\n\
             api_url = \"http://127.0.0.1:9\"\nauth_token_file = \"{}\"\n",
            file.display()
        );
        let p = write_config(dir.path(), &text);
        let o = run(
            dir.path(),
            &["profiles", "remove", "p", "--yes", "--delete-token"],
            None,
        );
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        assert!(stderr(&o).contains("not deleting"), "{}", stderr(&o));
        assert!(file.exists());
        assert_eq!(
            read(&p),
            text,
            "the config changed although nothing was removed"
        );
    }
}

/// `profiles remove ARGS --yes --delete-token`: exit 2 with `why` on
/// stderr, and neither the config nor the token file changed.
fn assert_kept(dir: &Path, args: &[&str], why: &str, config: &str, token: &Path) {
    let o = run(
        dir,
        &[&["profiles", "remove"], args, &["--yes", "--delete-token"]].concat(),
        None,
    );
    assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(why), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains("nothing changed"), "{}", stderr(&o));
    assert_eq!(
        read(&config_path(dir)),
        config,
        "{args:?}: the config changed"
    );
    assert!(token.exists(), "{args:?}: {} was deleted", token.display());
}

#[test]
fn delete_token_never_deletes_another_profiles_token_file() {
    let dir = TestDir::new();
    let token = add_stored(dir.path());
    // A second profile, written by hand, uses prod's stored token file.
    let mut config = read(&config_path(dir.path()));
    config.push_str(&format!(
        "\n[profiles.other]\naccount_type = \"brand\"\naccount_sid = \"IR2\"\n\
         api_url = \"http://127.0.0.1:9\"\nauth_token_file = \"{}/./prod.token\"\n",
        token.parent().unwrap().display()
    ));
    std::fs::write(config_path(dir.path()), &config).unwrap();
    // Not other's own file; and prod's, but other uses it too.
    assert_kept(
        dir.path(),
        &["other"],
        "only the token file --store-token wrote for this profile",
        &config,
        &token,
    );
    assert_kept(
        dir.path(),
        &["prod"],
        "profile other uses it too",
        &config,
        &token,
    );
    // Once prod alone uses it, it goes with prod.
    let o = run(dir.path(), &["profiles", "remove", "other", "--yes"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(
        dir.path(),
        &["profiles", "remove", "prod", "--yes", "--delete-token"],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!token.exists(), "prod's own token file is still there");
}

#[test]
fn delete_token_never_deletes_the_config_file() {
    let dir = TestDir::new();
    let p = config_path(dir.path());
    let text = format!(
        "[profiles.p]\naccount_type = \"brand\"\naccount_sid = \"IR1\"\n\
         api_url = \"http://127.0.0.1:9\"\nauth_token_file = \"{}\"\n\n\
         [profiles.q]\naccount_type = \"brand\"\naccount_sid = \"IR2\"\n\
         api_url = \"http://127.0.0.1:9\"\nauth_token_env = \"Q_TOKEN\"\n",
        p.display()
    );
    write_config(dir.path(), &text);
    assert_kept(dir.path(), &["p"], "not deleting", &text, &p);
    // A link named as the tool names it, pointing at the config, is not followed.
    let link = p.with_file_name("p.token");
    std::os::unix::fs::symlink(&p, &link).unwrap();
    let text = text.replace(&p.display().to_string(), &link.display().to_string());
    write_config(dir.path(), &text);
    assert_kept(dir.path(), &["p"], "not a link", &text, &p);
    assert!(link.exists());
}

#[test]
fn profiles_remove_asks_on_the_terminal() {
    let dir = TestDir::new();
    let p = write_config(dir.path(), COMMENTED);
    let ask = |answer: &str| {
        let pty = Pty::start(Options::new(&["profiles", "remove", "prod"]).dir(dir.path()));
        pty.wait_for("[y/N]", T).or_fail();
        pty.send(answer);
        pty.wait_exit(T).or_fail()
    };
    let no = ask("n\r");
    assert!(!no.success(), "a no must not succeed");
    assert_eq!(read(&p), COMMENTED);
    let yes = ask("y\r");
    assert!(yes.success(), "exit status {yes}");
    assert!(!read(&p).contains("[profiles.prod]"));
}

#[test]
fn the_api_url_help_names_no_impact_host() {
    let dir = TestDir::new();
    let o = run(dir.path(), &["--help"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let help = stdout(&o);
    let entry: String = help
        .split("--api-url")
        .nth(1)
        .expect("--api-url in --help")
        .lines()
        .take_while(|l| !l.trim_start().starts_with("--"))
        .collect();
    let example = entry.split("e.g.").nth(1).expect("an example");
    assert!(!example.contains("impact.com"), "{entry}");
}

#[test]
fn a_script_with_several_profiles_and_no_default_is_told_to_choose() {
    let dir = TestDir::new();
    write_config(dir.path(), COMMENTED);
    let o = run(dir.path(), &["tokens", "list"], None);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("--profile NAME (prod, stage.eu)"), "{e}");
    assert!(e.contains("profiles default NAME"), "{e}");
}
