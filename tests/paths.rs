//! Moving the files: `IMPACT_TOKEN_CONFIG_DIR` (config.toml, token files,
//! presets), `IMPACT_TOKEN_DATA_DIR` (drafts) and `IMPACT_TOKEN_STATE_DIR`
//! (the log) are honoured by every command, nothing is written to HOME
//! then, `impact-token paths` says where each file is and what decided it,
//! and a directory that is missing or cannot be written is named.

#[path = "support/run.rs"]
#[allow(dead_code)]
mod run;

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use run::{code, home_in, stderr, stdout};

const BIN: &str = env!("CARGO_BIN_EXE_impact-token");

/// The binary with `args` in a clean environment whose HOME and XDG
/// directories are inside `home`, plus `vars`; `input` on stdin.
fn run(home: &Path, vars: &[(&str, &OsStr)], args: &[&str], input: Option<&str>) -> Output {
    let mut c = Command::new(BIN);
    home_in(c.args(args), home).current_dir(home);
    for (k, v) in vars {
        c.env(k, v);
    }
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    c.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = c.spawn().unwrap();
    if let Some(input) = input {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// `profiles add NAME` for a brand account on loopback, with `extra`.
fn add_args<'a>(name: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "profiles",
        "add",
        name,
        "--account-type",
        "brand",
        "--api-url",
        "http://127.0.0.1:9",
        "--account-sid",
        "IRDEMO0000000000000000000000001",
    ];
    v.extend_from_slice(extra);
    v
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn profiles_live_in_the_config_dir_the_variable_names_and_nothing_goes_to_home() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let conf = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&conf).unwrap();
    let vars = [("IMPACT_TOKEN_CONFIG_DIR", conf.as_os_str())];

    let o = run(
        &home,
        &vars,
        &add_args("one", &["--token-env", "ONE"]),
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(
        &home,
        &vars,
        &add_args("two", &["--store-token", "--default"]),
        Some("tok-two\n"),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&conf.join("config.toml").display().to_string()),
        "{}",
        stdout(&o)
    );

    assert_eq!(
        files_under(&conf),
        [PathBuf::from("config.toml"), PathBuf::from("two.token")]
    );
    let config = std::fs::read_to_string(conf.join("config.toml")).unwrap();
    assert!(config.contains("[profiles.one]") && config.contains("[profiles.two]"));
    assert!(config.contains("default_profile = \"two\""), "{config}");

    let o = run(&home, &vars, &["profiles"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let listed = stdout(&o);
    assert!(listed.contains("one") && listed.contains("two"), "{listed}");
    assert!(files_under(&home).is_empty(), "{:?}", files_under(&home));
}

#[test]
fn paths_names_each_file_and_what_decided_it() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let conf = tmp.path().join("conf");
    let data = tmp.path().join("data-dir");
    for d in [&home, &conf, &data] {
        std::fs::create_dir_all(d).unwrap();
    }
    let vars = [
        ("IMPACT_TOKEN_CONFIG_DIR", conf.as_os_str()),
        ("IMPACT_TOKEN_DATA_DIR", data.as_os_str()),
    ];
    let o = run(&home, &vars, &["paths"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    let row = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{name}  ")) || l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name} row: {text}"))
            .to_string()
    };
    let config = row("config");
    assert!(
        config.contains(&conf.join("config.toml").display().to_string()),
        "{config}"
    );
    assert!(config.contains("IMPACT_TOKEN_CONFIG_DIR"), "{config}");
    assert!(row("token files").contains(&conf.join("NAME.token").display().to_string()));
    assert!(row("presets").contains(&conf.join("presets.toml").display().to_string()));
    let drafts = row("drafts");
    assert!(
        drafts.contains(&data.join("drafts").display().to_string()),
        "{drafts}"
    );
    assert!(drafts.contains("IMPACT_TOKEN_DATA_DIR"), "{drafts}");
    // No variable for the log: the default, under XDG_STATE_HOME.
    let log = row("log");
    assert!(
        log.contains(
            &home
                .join("state/impact-token/impact-token.log")
                .display()
                .to_string()
        ),
        "{log}"
    );
    assert!(log.contains("XDG_STATE_HOME"), "{log}");

    // JSON, with --log-file deciding the log.
    let flag_log = tmp.path().join("my.log");
    let o = run(
        &home,
        &vars,
        &[
            "--log-file",
            flag_log.to_str().unwrap(),
            "paths",
            "--output",
            "json",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        v["config"]["path"],
        conf.join("config.toml").display().to_string()
    );
    assert_eq!(v["config"]["source"]["kind"], "env");
    assert_eq!(v["config"]["source"]["name"], "IMPACT_TOKEN_CONFIG_DIR");
    assert_eq!(
        v["drafts"]["path"],
        data.join("drafts").display().to_string()
    );
    assert_eq!(v["log"]["path"], flag_log.display().to_string());
    assert_eq!(v["log"]["source"]["kind"], "flag");
    assert_eq!(v["log"]["source"]["name"], "--log-file");
    assert_eq!(v["token_files"]["source"]["kind"], "env");
    assert_eq!(v["presets"]["source"]["kind"], "env");
    assert!(files_under(&home).is_empty(), "{:?}", files_under(&home));
}

#[test]
fn a_missing_directory_is_named_and_nothing_is_written_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let missing = tmp.path().join("no-such-dir");
    for var in [
        "IMPACT_TOKEN_CONFIG_DIR",
        "IMPACT_TOKEN_DATA_DIR",
        "IMPACT_TOKEN_STATE_DIR",
    ] {
        let vars = [(var, missing.as_os_str())];
        let o = run(
            &home,
            &vars,
            &add_args("one", &["--token-env", "ONE"]),
            None,
        );
        assert_eq!(code(&o), 2, "{var}: {o:?}");
        let e = stderr(&o);
        assert!(e.contains(var), "{e}");
        assert!(e.contains(&missing.display().to_string()), "{e}");
        assert!(e.contains("does not exist"), "{e}");
        // `paths` still prints every row, and exits 2 too.
        let o = run(&home, &vars, &["paths"], None);
        assert_eq!(code(&o), 2, "{var}: {o:?}");
        assert_eq!(stdout(&o).lines().count(), 5, "{}", stdout(&o));
        assert!(stdout(&o).contains("does not exist"), "{}", stdout(&o));
    }
    assert!(!missing.exists());
    assert!(files_under(&home).is_empty(), "{:?}", files_under(&home));

    let relative = Path::new("relative/dir");
    let o = run(
        &home,
        &[("IMPACT_TOKEN_CONFIG_DIR", relative.as_os_str())],
        &["profiles"],
        None,
    );
    assert_eq!(code(&o), 2, "{o:?}");
    assert!(stderr(&o).contains("absolute path"), "{}", stderr(&o));
}

#[test]
fn a_config_dir_that_cannot_be_written_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    // A directory no one may create files in, root included (a chmod 0500
    // directory would not stop root, which the tests may run as).
    let ro = Path::new("/proc");
    let vars = [("IMPACT_TOKEN_CONFIG_DIR", ro.as_os_str())];
    let o = run(
        &home,
        &vars,
        &add_args("one", &["--token-env", "ONE"]),
        None,
    );
    assert_ne!(code(&o), 0, "{o:?}");
    let e = stderr(&o);
    assert!(e.contains("cannot write /proc/config.toml"), "{e}");
    let o = run(
        &home,
        &vars,
        &add_args("two", &["--store-token"]),
        Some("tok\n"),
    );
    assert_ne!(code(&o), 0, "{o:?}");
    assert!(stderr(&o).contains("/proc/two.token"), "{}", stderr(&o));
    assert!(files_under(&home).is_empty(), "{:?}", files_under(&home));
}

#[test]
fn the_log_goes_to_the_state_dir_the_variable_names() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let state = tmp.path().join("state");
    for d in [&home, &state] {
        std::fs::create_dir_all(d).unwrap();
    }
    let vars = [
        ("IMPACT_TOKEN_STATE_DIR", state.as_os_str()),
        ("RUST_LOG", OsStr::new("debug")),
    ];
    let o = run(&home, &vars, &["--sandbox", "tokens", "list"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files_under(&state), [PathBuf::from("impact-token.log")]);
    assert!(files_under(&home).is_empty(), "{:?}", files_under(&home));
}
