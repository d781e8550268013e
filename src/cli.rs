//! Command-line interface.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::account::AccountType;

/// Create scoped impact.com API access tokens, full-screen and keyboard only.
///
/// Credentials of the creating user come from IMPACT_ACCOUNT_SID and
/// IMPACT_AUTH_TOKEN, or from a masked prompt; never from the command line.
#[derive(Debug, Parser)]
#[command(name = "impact-token", version, about, long_about = None)]
pub struct Cli {
    /// Run against the built-in sandbox on loopback (no real account needed).
    #[arg(long, conflicts_with = "api_url")]
    pub sandbox: bool,

    /// Account type: agency, brand or partner (brand by default with --sandbox).
    #[arg(long, value_enum)]
    pub account_type: Option<AccountTypeArg>,

    /// Base URL of the token service, e.g. https://api.impact.com.
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,

    /// Load the scope catalog from a JSON file (the Scopes response shape).
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// Use ASCII instead of box drawing and symbols (automatic when the locale is not UTF-8).
    #[arg(long)]
    pub ascii: bool,

    /// When to use colour (NO_COLOR is honoured with auto).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Write the log here instead of the default data directory.
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Seconds allowed for a whole request.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,

    /// Subcommand; without one, the wizard runs.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the sandbox token service (prints demo credentials).
    Sandbox {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
    },
}

/// `--account-type` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AccountTypeArg {
    /// Agency account.
    Agency,
    /// Brand (advertiser) account.
    Brand,
    /// Partner (media partner) account.
    Partner,
}

impl From<AccountTypeArg> for AccountType {
    fn from(a: AccountTypeArg) -> Self {
        match a {
            AccountTypeArg::Agency => AccountType::Agency,
            AccountTypeArg::Brand => AccountType::Brand,
            AccountTypeArg::Partner => AccountType::Partner,
        }
    }
}

/// `--color` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour unless NO_COLOR is set or the terminal is dumb.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
