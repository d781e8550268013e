//! `impact-token`: parses the command line, sets up logging, and hands over
//! to [`impact_token::commands`].

use std::path::PathBuf;
use std::process::ExitCode;

/// Freed memory is wiped, so no copy of a secret outlives its buffer.
#[global_allocator]
static ALLOCATOR: impact_token::memory::WipeOnFree = impact_token::memory::WipeOnFree;

fn main() -> ExitCode {
    let cli = impact_token::cli::parse();
    // A malformed or insecure --api-url is refused at start, whatever the command.
    if let Some(url) = &cli.api_url
        && let Err(f) = impact_token::commands::target::check_api_url(url, cli.allow_insecure_http)
    {
        eprintln!("impact-token: {}", f.message);
        return ExitCode::from(f.code);
    }
    init_logging(cli.log_file.as_deref());
    match impact_token::commands::run(cli) {
        Ok(code) => code,
        Err(f) => {
            eprintln!("impact-token: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// Logs go to a file, never to the screen behind the TUI.
/// Where: `--log-file`, else the state directory (`impact-token paths`).
fn init_logging(flag: Option<&std::path::Path>) {
    let Ok(path) = impact_token::store::paths::log_file(flag).0 else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(LazyLog::new(path)))
        .init();
}

/// The log file, created (0600, its directory 0700) on the first line
/// logged: a run that logs nothing leaves no file.
struct LazyLog {
    path: PathBuf,
    file: Option<std::fs::File>,
    failed: bool,
}

impl LazyLog {
    fn new(path: PathBuf) -> LazyLog {
        LazyLog {
            path,
            file: None,
            failed: false,
        }
    }

    fn open(&mut self) -> std::io::Result<&mut std::fs::File> {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
        if self.file.is_none() {
            if self.failed {
                return Err(std::io::Error::other("log file unavailable"));
            }
            let opened = (|| -> std::io::Result<std::fs::File> {
                if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::DirBuilder::new()
                        .recursive(true)
                        .mode(0o700)
                        .create(parent)?;
                }
                let f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .mode(0o600)
                    .open(&self.path)?;
                // A log left readable by others (an older version made it
                // 0644) is made private before anything more goes in.
                let mode = f.metadata()?.permissions().mode();
                if mode & 0o077 != 0 {
                    f.set_permissions(std::fs::Permissions::from_mode(mode & 0o700))?;
                }
                Ok(f)
            })();
            // One try: a log that cannot be opened is not retried per line.
            self.failed = opened.is_err();
            self.file = Some(opened?);
        }
        Ok(self.file.as_mut().expect("opened above"))
    }
}

impl std::io::Write for LazyLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.open()?.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}
