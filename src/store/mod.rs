//! What is kept on disk: drafts of unfinished wizards, and files written on
//! the user's request. Everything is written atomically and privately, and
//! read only from regular files under a size cap ([`read`]).

pub mod config;
pub mod draft;
pub mod files;
pub mod presets;
pub mod read;
pub mod secret_file;

use std::path::PathBuf;

/// The data directory from `directories` (e.g. `~/.local/share/impact-token`).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "impact-token").map(|d| d.data_dir().to_path_buf())
}
