//! Names the commit in `--version` when built from a git checkout.
//!
//! Sets `IMPACT_TOKEN_GIT` to ` (git 1a2b3c4)`, ` (git 1a2b3c4-dirty)` when
//! tracked files differ from the commit, or to the empty string when there is
//! no `.git` or no working `git`. Only std: no build-dependency, so a build
//! costs one run of this script and two `git` calls.

use std::path::Path;
use std::process::Command;

fn main() {
    // Without this, cargo would rerun the script after any change in the package.
    println!("cargo:rerun-if-changed=build.rs");
    let suffix = if Path::new(".git").exists() {
        git_suffix().unwrap_or_default()
    } else {
        String::new()
    };
    println!("cargo:rustc-env=IMPACT_TOKEN_GIT={suffix}");
}

/// ` (git HASH[-dirty])`, and the files whose change should rerun this
/// script: HEAD (a checkout), the branch's ref (a commit) and the index (an
/// `add`). A worktree's `.git` is a file, so the paths come from git itself.
fn git_suffix() -> Option<String> {
    let hash = git(&["rev-parse", "--short", "HEAD"])?;
    for name in ["HEAD", "index"] {
        watch(&git(&["rev-parse", "--git-path", name])?);
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        let loose = git(&["rev-parse", "--git-path", &branch])?;
        if Path::new(&loose).exists() {
            watch(&loose);
        } else {
            // A packed ref: its commit moves in packed-refs.
            watch(&git(&["rev-parse", "--git-path", "packed-refs"])?);
        }
    }
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    Some(format!(
        " (git {hash}{})",
        if dirty { "-dirty" } else { "" }
    ))
}

/// Reruns the script when `path` changes; a missing path would rerun it on
/// every build, so only existing ones are watched.
fn watch(path: &str) {
    if Path::new(path).exists() {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// `git ARGS` trimmed, or None when git is missing or fails.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
