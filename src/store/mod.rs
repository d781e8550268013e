//! What is kept on disk: drafts of unfinished wizards, and files written on
//! the user's request. Everything is written atomically and privately, and
//! read only from regular files under a size cap ([`read`]).

pub mod config;
pub mod draft;
pub mod files;
pub mod paths;
pub mod presets;
pub mod read;
pub mod secret_file;

use std::path::{Path, PathBuf};

/// The data directory (drafts), as [`paths`] decides it.
pub fn data_dir() -> Result<PathBuf, String> {
    paths::data_dir()
}

/// `~` and `~/x` mean the home directory, as in a shell; `~user` is left
/// alone (no lookup of other users), and so is everything without `$HOME`.
pub fn expand_home(path: impl AsRef<Path>) -> PathBuf {
    expand_home_in(path.as_ref(), std::env::var_os("HOME").as_deref())
}

fn expand_home_in(path: &Path, home: Option<&std::ffi::OsStr>) -> PathBuf {
    // Component-wise: `~user/x` has `~user` as its first component, not `~`.
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) if rest.as_os_str().is_empty() => PathBuf::from(home),
        (Ok(rest), Some(home)) => Path::new(home).join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_tilde_is_home_and_tilde_user_is_left_alone() {
        let home = Some(std::ffi::OsStr::new("/home/me"));
        let expand = |p: &str| expand_home_in(Path::new(p), home);
        // The two old copies disagreed here: one kept a bare `~` as a file name.
        assert_eq!(expand("~"), PathBuf::from("/home/me"));
        assert_eq!(expand("~/"), PathBuf::from("/home/me"));
        assert_eq!(expand("~/a/b.env"), PathBuf::from("/home/me/a/b.env"));
        assert_eq!(expand("~bob/x"), PathBuf::from("~bob/x"));
        assert_eq!(expand("~x"), PathBuf::from("~x"));
        assert_eq!(expand("a/~/b"), PathBuf::from("a/~/b"));
        assert_eq!(expand("/abs"), PathBuf::from("/abs"));
        assert_eq!(expand_home_in(Path::new("~/x"), None), PathBuf::from("~/x"));
    }
}
