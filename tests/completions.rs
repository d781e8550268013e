//! What an install gives a user beyond the binary: shell completions that
//! really complete (each shell's own completion code is run on the script
//! `impact-token completions SHELL` prints), the man page, `--version`
//! naming the commit, and README's Install lines run as written on a fresh
//! HOME.
//!
//! bash is required. zsh and fish are driven when installed; when one is
//! not, the test says so on stderr (outside the test harness's capture, so
//! it shows in a passing run too) and asserts only on the shells present.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use common::T;
use common::pty::{Options, OrFail, Pty};

const BIN: &str = env!("CARGO_BIN_EXE_impact-token");

/// `tokens`' subcommands, each of which `impact-token tokens <TAB>` offers.
const TOKENS_ACTIONS: [&str; 10] = [
    "list", "show", "export", "diff", "rotate", "reset", "disable", "enable", "delete", "upgrade",
];

/// Runs the binary with `args` in a clean environment inside `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("run impact-token")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `impact-token completions SHELL`, written to a file in `dir`.
fn script(dir: &Path, shell: &str) -> std::path::PathBuf {
    let o = run(dir, &["completions", shell]);
    assert!(o.status.success(), "completions {shell}: {o:?}");
    let path = dir.join(format!("impact-token.{shell}"));
    std::fs::write(&path, &o.stdout).unwrap();
    path
}

/// Whether `shell` can be run here.
fn present(shell: &str) -> bool {
    Command::new(shell)
        .arg("-c")
        .arg("true")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A line on the real stderr, past libtest's capture: a shell that was not
/// tested must not pass unseen.
fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "note: {message}");
}

/// What bash's completion function offers for `line` (the cursor at its
/// end), called the way bash calls it: COMP_WORDS, COMP_CWORD, COMP_LINE
/// and COMP_POINT set, and the function that `complete -p impact-token`
/// names given the command, the current word and the previous one.
fn bash_complete(script: &Path, line: &str) -> Vec<String> {
    let driver = r#"source "$1" || exit 90
COMP_LINE="$2"
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
spec=$(complete -p impact-token) || exit 91
fn=${spec#*-F }
fn=${fn%% *}
"$fn" impact-token "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}""#;
    let o = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", driver, "bash"])
        .arg(script)
        .arg(line)
        .output()
        .expect("bash is required for the completion tests");
    assert!(
        o.status.success(),
        "bash driver for {line:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_after_a_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let script = script(dir.path(), "bash");

    assert_eq!(
        bash_complete(&script, "impact-token scopes --ou"),
        ["--output"]
    );
    assert_eq!(
        bash_complete(&script, "impact-token create --sp"),
        ["--spec"]
    );

    let offered = bash_complete(&script, "impact-token tokens ");
    for action in TOKENS_ACTIONS {
        assert!(offered.iter().any(|w| w == action), "{action}: {offered:?}");
    }
    // The tokens branch, not the top level's commands.
    assert!(!offered.iter().any(|w| w == "create"), "{offered:?}");

    // Two levels down, and a global flag before the subcommand.
    assert_eq!(
        bash_complete(&script, "impact-token --sandbox tokens rotate --show"),
        ["--show-secret"]
    );
    assert_eq!(
        bash_complete(&script, "impact-token tokens list --output "),
        ["text", "json"]
    );
    assert_eq!(bash_complete(&script, "impact-token ma"), ["man"]);
}

/// What fish offers for `line`: `complete -C` runs fish's own completion
/// for a command line, after the script is sourced.
fn fish_complete(dir: &Path, script: &Path, line: &str) -> Vec<String> {
    let o = Command::new("fish")
        .args(["--no-config", "-c", "source $SCRIPT; complete -C\"$LINE\""])
        .env("SCRIPT", script)
        .env("LINE", line)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .expect("run fish");
    assert!(
        o.status.success(),
        "fish for {line:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Each line is the candidate, then a tab and its description.
    stdout(&o)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn fish_completes_after_a_subcommand_when_installed() {
    if !present("fish") {
        note("fish is not installed: fish completion was NOT tested (apt-get install fish)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = script(dir.path(), "fish");
    assert_eq!(
        fish_complete(dir.path(), &script, "impact-token scopes --ou"),
        ["--output"]
    );
    assert_eq!(
        fish_complete(dir.path(), &script, "impact-token create --sp"),
        ["--spec"]
    );
    let offered = fish_complete(dir.path(), &script, "impact-token tokens ");
    for action in TOKENS_ACTIONS {
        assert!(offered.iter().any(|w| w == action), "{action}: {offered:?}");
    }
    assert!(!offered.iter().any(|w| w == "create"), "{offered:?}");
}

/// An interactive zsh (no rc files) in a pseudo-terminal with compinit
/// loaded and the script sourced; `typed` then a Tab is sent. Returns the
/// shell once it is ready and the keys are sent.
fn zsh_tab(script: &Path, typed: &str) -> Pty {
    let pty = Pty::start(
        Options::new(&[])
            .size(100, 30)
            .program(&["zsh", "-f", "-i"]),
    );
    let bin_dir = Path::new(BIN).parent().unwrap().display().to_string();
    pty.send(&format!(
        "PS1='zsh%% '; path=({bin_dir} $path); autoload -Uz compinit && compinit -u -D && source {} && echo READY-$((40+2))\r",
        script.display()
    ));
    pty.wait_for("READY-42", T).or_fail();
    pty.send(&format!("{typed}\t"));
    pty
}

#[test]
fn zsh_completes_after_a_subcommand_when_installed() {
    if !present("zsh") {
        note("zsh is not installed: zsh completion was NOT tested (apt-get install zsh)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = script(dir.path(), "zsh");

    // One candidate: zsh completes it on the line.
    let pty = zsh_tab(&script, "impact-token scopes --ou");
    pty.wait_for("impact-token scopes --output", T).or_fail();
    let pty = zsh_tab(&script, "impact-token create --sp");
    pty.wait_for("impact-token create --spec", T).or_fail();

    // Several: zsh lists them under the line.
    let pty = zsh_tab(&script, "impact-token tokens ");
    let screen = pty
        .wait_until("every tokens action listed", T, |s| {
            let text = common::pty::screen_text(s);
            TOKENS_ACTIONS.iter().all(|a| text.contains(a))
        })
        .or_fail();
    // The tokens branch, not the top level's commands.
    assert!(!screen.contains("completions"), "{screen}");
}

#[test]
fn man_page_names_every_command_and_the_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["man"]);
    assert!(o.status.success(), "{o:?}");
    let page = stdout(&o);
    assert!(page.contains("\n.TH impact-token 1 "), "{page}");
    for command in [
        "create",
        "scopes",
        "profiles",
        "completions",
        "man",
        "sandbox",
        "tokens",
    ] {
        assert!(
            page.contains(&format!(".SS \"impact-token {command}\"")),
            "{command}"
        );
    }
    for action in TOKENS_ACTIONS {
        assert!(
            page.contains(&format!(".SS \"impact-token tokens {action}\"")),
            "{action}"
        );
    }
    assert!(page.contains(".SH \"EXIT STATUS\""), "{page}");

    if !present("man") {
        note("man is not installed: the page was NOT rendered");
        return;
    }
    let file = dir.path().join("impact-token.1");
    std::fs::write(&file, &page).unwrap();
    let o = Command::new("man")
        .args(["-P", "cat", "-l"])
        .arg(&file)
        .env("MANWIDTH", "80")
        .output()
        .expect("run man");
    let shown = stdout(&o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for heading in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "COMMANDS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
    ] {
        assert!(shown.lines().any(|l| l == heading), "{heading}: {shown}");
    }
    assert!(shown.contains("impact-token tokens rotate"), "{shown}");
    // No roff left unrendered.
    assert!(!shown.contains("\\f"), "{shown}");
}

#[test]
fn version_names_the_commit_of_a_git_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["--version"]);
    assert!(o.status.success(), "{o:?}");
    let version = stdout(&o);
    let plain = format!("impact-token {}", env!("CARGO_PKG_VERSION"));
    let root = env!("CARGO_MANIFEST_DIR");
    let head = Command::new("git")
        .args(["-C", root, "rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success() && Path::new(root).join(".git").exists());
    match head {
        Some(head) => {
            let hash = stdout(&head).trim().to_string();
            assert!(
                version.starts_with(&format!("{plain} (git {hash}")),
                "{version:?} should name {hash}"
            );
        }
        None => {
            note("not a git checkout: --version was checked without a commit");
            assert_eq!(version.trim(), plain);
        }
    }
}

/// The shell lines of README.md's Install section: every ```sh block
/// between `## Install` and the next `## ` heading, in order.
fn readme_install_script() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme.find("\n## Install\n").expect("an Install section");
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut script = String::new();
    let mut in_block = false;
    for line in section.lines() {
        match (in_block, line.trim_end()) {
            (false, "```sh") => in_block = true,
            (true, "```") => in_block = false,
            (true, l) => {
                script.push_str(l);
                script.push('\n');
            }
            _ => {}
        }
    }
    script
}

/// Every file under `dir`, relative to it, sorted (links not followed).
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, d: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A command on the fresh account: HOME, and PATH as a cargo user's
/// (`~/.cargo/bin`, then the system's), nothing else.
fn on_fresh_home(program: &str, home: &Path) -> Command {
    let mut c = Command::new(program);
    c.env_clear()
        .env("HOME", home)
        .env(
            "PATH",
            format!(
                "{}:/usr/local/bin:/usr/bin:/bin",
                home.join(".cargo/bin").display()
            ),
        )
        .current_dir(home);
    c
}

#[test]
fn the_readmes_install_commands_work_on_a_fresh_home() {
    let script = readme_install_script();
    assert!(script.contains("cargo install"), "{script}");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let shims = dir.path().join("shims");
    let checkout = dir.path().join("checkout");
    for d in [&home, &shims, &checkout] {
        std::fs::create_dir_all(d).unwrap();
    }
    // Stand-ins for the commands that would build or reach the network:
    // `cargo install --locked --path .` installs the binary under test
    // where cargo would; scp and ssh only note that they were called.
    let calls = dir.path().join("calls");
    let shim = |name: &str, body: &str| {
        use std::os::unix::fs::PermissionsExt;
        let p = shims.join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    shim(
        "cargo",
        &format!(
            "[ \"$*\" = 'install --locked --path .' ] || {{ echo \"cargo $*: not the README's\" >&2; exit 99; }}\n\
             mkdir -p \"$HOME/.cargo/bin\" && ln -s '{BIN}' \"$HOME/.cargo/bin/impact-token\""
        ),
    );
    for name in ["scp", "ssh"] {
        shim(
            name,
            &format!("echo \"{name} $*\" >> '{}'", calls.display()),
        );
    }

    let mut sh = on_fresh_home("sh", &home);
    let path = format!(
        "{}:{}:/usr/local/bin:/usr/bin:/bin",
        shims.display(),
        home.join(".cargo/bin").display()
    );
    let o = sh
        .args(["-e", "-c", &script])
        .env("PATH", path)
        .current_dir(&checkout)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "README's Install lines failed on a fresh HOME:\n{script}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let called = std::fs::read_to_string(&calls).unwrap_or_default();
    assert!(called.contains("scp "), "{called}");

    // Each file where its reader looks, and nothing else in HOME.
    let bash = ".local/share/bash-completion/completions/impact-token";
    let zsh = ".zfunc/_impact-token";
    let fish = ".config/fish/completions/impact-token.fish";
    let man = ".cargo/share/man/man1/impact-token.1";
    let mut expected = vec![".cargo/bin/impact-token", bash, zsh, fish, man];
    expected.sort();
    assert_eq!(files_under(&home), expected);

    // The binary is found as installed.
    let o = on_fresh_home("sh", &home)
        .args(["-c", "command -v impact-token"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&o).trim(),
        home.join(".cargo/bin/impact-token").display().to_string()
    );

    // bash-completion's loader reads ~/.local/share/bash-completion/completions
    // (XDG_DATA_HOME unset); the script there completes.
    let offered = bash_complete(&home.join(bash), "impact-token tokens ");
    assert!(offered.iter().any(|w| w == "rotate"), "{offered:?}");
    let zsh_text = std::fs::read_to_string(home.join(zsh)).unwrap();
    assert!(zsh_text.starts_with("#compdef impact-token"), "{zsh_text}");
    let fish_text = std::fs::read_to_string(home.join(fish)).unwrap();
    assert!(
        fish_text.contains("complete -c impact-token"),
        "{fish_text}"
    );

    if present("man") {
        // No MANPATH: man finds the page from ~/.cargo/bin on PATH alone.
        let o = on_fresh_home("man", &home)
            .args(["-w", "impact-token"])
            .output()
            .unwrap();
        assert_eq!(
            stdout(&o).trim(),
            home.join(man).display().to_string(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    } else {
        note("man is not installed: where man looks was NOT tested");
    }
    if present("zsh") {
        let o = on_fresh_home("zsh", &home)
            .args([
                "-f",
                "-c",
                "fpath=(~/.zfunc $fpath); autoload -Uz compinit && compinit -u -D; print -r -- $_comps[impact-token]",
            ])
            .output()
            .unwrap();
        assert_eq!(stdout(&o).trim(), "_impact-token", "{o:?}");
    } else {
        note("zsh is not installed: zsh loading from ~/.zfunc was NOT tested");
    }
    if present("fish") {
        let o = on_fresh_home("fish", &home)
            .args(["-c", "complete -C'impact-token tokens '"])
            .output()
            .unwrap();
        assert!(stdout(&o).contains("rotate"), "{o:?}");
    } else {
        note("fish is not installed: fish loading from its folder was NOT tested");
    }
}
