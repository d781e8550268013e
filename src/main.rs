//! `impact-token`: parses the command line, sets up logging, and hands over
//! to [`impact_token::commands`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use impact_token::cli::Cli;

/// Freed memory is wiped, so no copy of a secret outlives its buffer.
#[global_allocator]
static ALLOCATOR: impact_token::memory::WipeOnFree = impact_token::memory::WipeOnFree;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_file.clone());
    match impact_token::commands::run(cli) {
        Ok(code) => code,
        Err(f) => {
            eprintln!("impact-token: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// Logs go to a file, never to the screen behind the TUI.
fn init_logging(path: Option<PathBuf>) {
    let Some(path) = path.or_else(|| {
        let dirs = directories::ProjectDirs::from("", "", "impact-token")?;
        let dir = dirs
            .state_dir()
            .unwrap_or(dirs.data_local_dir())
            .to_path_buf();
        Some(dir.join("impact-token.log"))
    }) else {
        return;
    };
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .init();
}
