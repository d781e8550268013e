//! `impact-token`: the binary. Parses arguments, sets up logging, then runs
//! the wizard or the sandbox.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use secrecy::SecretString;

use impact_token::api::client::{Credentials, Timeouts};
use impact_token::api::worker::{Backend, RetryPolicy, WorkerConfig};
use impact_token::cli::{Cli, ColorArg, Command};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::{Catalog, CatalogSource};
use impact_token::text;
use impact_token::tui::run::{Outcome, run};
use impact_token::tui::state::{Settings, State};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("impact-token: {e}");
            ExitCode::from(1)
        }
    }
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

fn real_main(cli: Cli) -> Result<ExitCode, String> {
    let _log = init_logging(cli.log_file.clone());
    if let Some(Command::Sandbox { addr }) = cli.command {
        let rt = runtime().map_err(|e| e.to_string())?;
        rt.block_on(impact_token::sandbox::run_standalone(addr))
            .map_err(|e| e.to_string())?;
        return Ok(ExitCode::SUCCESS);
    }
    let account_type: AccountType = match (cli.account_type, cli.sandbox) {
        (Some(t), _) => t.into(),
        (None, true) => AccountType::Brand,
        (None, false) => return Err(text::NEED_ACCOUNT_TYPE.into()),
    };
    let (backend, credentials, needs_prompt) = if cli.sandbox {
        (Backend::Sandbox, None, false)
    } else {
        let Some(url) = cli.api_url.clone() else {
            return Err(text::NEED_MODE.into());
        };
        let sid = std::env::var("IMPACT_ACCOUNT_SID")
            .ok()
            .filter(|s| !s.trim().is_empty());
        let token = std::env::var("IMPACT_AUTH_TOKEN")
            .ok()
            .filter(|s| !s.trim().is_empty());
        match (sid, token) {
            (Some(sid), Some(token)) => (
                Backend::Remote { base_url: url },
                Some(Credentials {
                    account_sid: sid.trim().to_string(),
                    auth_token: SecretString::from(token),
                }),
                false,
            ),
            _ => (Backend::Remote { base_url: url }, None, true),
        }
    };
    let catalog = match &cli.catalog {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .map_err(|e| text::catalog_read(path, &e.to_string()))?;
            Catalog::from_json(&json, CatalogSource::File(path.clone()))
                .map_err(|e| text::catalog_read(path, &e.0))?
        }
        None => Catalog::bundled(account_type),
    };
    let settings = Settings {
        account_type,
        sandbox: cli.sandbox,
        ascii: cli.ascii || !locale_is_utf8(),
        no_color: match cli.color {
            ColorArg::Always => false,
            ColorArg::Never => true,
            ColorArg::Auto => {
                std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
                    || std::env::var("TERM").is_ok_and(|t| t == "dumb")
            }
        },
    };
    let config = WorkerConfig {
        backend,
        account_type,
        timeouts: Timeouts {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(cli.timeout.max(1)),
        },
        retry: RetryPolicy::default(),
    };
    let mut state = State::new(settings, catalog, needs_prompt);
    state.sync_field_styles();
    let rt = runtime().map_err(|e| e.to_string())?;
    let outcome = run(state, config, credentials, &rt).map_err(|e| e.to_string());
    rt.shutdown_background();
    match outcome? {
        Outcome::Quit => Ok(ExitCode::SUCCESS),
        Outcome::Signal(n) => Ok(ExitCode::from(128 + n as u8)),
    }
}

/// UTF-8 unless the first set of LC_ALL, LC_CTYPE, LANG says otherwise.
fn locale_is_utf8() -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let v = v.to_ascii_lowercase();
            return v.contains("utf-8") || v.contains("utf8");
        }
    }
    false
}

/// Logs go to a file, never to the screen behind the TUI.
fn init_logging(path: Option<PathBuf>) -> Option<()> {
    let path = path.or_else(|| {
        let dirs = directories::ProjectDirs::from("", "", "impact-token")?;
        let dir = dirs
            .state_dir()
            .unwrap_or(dirs.data_local_dir())
            .to_path_buf();
        Some(dir.join("impact-token.log"))
    })?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).ok()?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .init();
    Some(())
}
