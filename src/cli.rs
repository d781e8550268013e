//! Command-line interface.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::account::AccountType;

/// `--version`: the package version, and the commit when built from a git
/// checkout (`0.1.0 (git 1a2b3c4)`, `-dirty` with uncommitted changes; see
/// build.rs).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("IMPACT_TOKEN_GIT"));

/// Create scoped impact.com API access tokens, full-screen and keyboard only.
///
/// Credentials of the creating user come from a profile, from
/// IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN, or from a masked prompt; never
/// from the command line.
#[derive(Debug, Parser)]
#[command(name = "impact-token", version = VERSION, about, long_about = None, after_help = crate::text::exit_codes_help())]
pub struct Cli {
    /// Run against the built-in sandbox on loopback (no real account needed).
    #[arg(long, global = true, conflicts_with_all = ["api_url", "profile"])]
    pub sandbox: bool,

    /// Account type: agency, brand or partner (brand by default with --sandbox).
    #[arg(long, global = true, value_enum)]
    pub account_type: Option<AccountTypeArg>,

    /// Base URL of a service implementing the token contract (not an
    /// impact.com host: impact.com does not serve these endpoints), e.g.
    /// https://tokens.example.net, or http://127.0.0.1:8787 for
    /// `impact-token sandbox`.
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,

    /// Allow a plain http:// API URL to a host that is not this machine
    /// (sends the credentials unencrypted). Loopback needs no flag.
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,

    /// Use a named profile from config.toml (see `impact-token profiles`).
    #[arg(long, global = true, value_name = "NAME", conflicts_with = "api_url")]
    pub profile: Option<String>,

    /// Load the scope catalog from a JSON file (the Scopes response shape).
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// Use ASCII instead of box drawing and symbols (automatic when the locale is not UTF-8).
    #[arg(long, global = true)]
    pub ascii: bool,

    /// When to use colour (auto honours NO_COLOR and TERM=dumb).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Write the log here instead of the state directory (`impact-token paths`
    /// shows where the log goes).
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Seconds allowed for a whole request (connecting is limited to 5 s).
    #[arg(long, global = true, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,

    /// Subcommand; without one, the wizard runs.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a token from a spec file: opens the review, or with --yes creates without the UI.
    Create {
        /// The spec (TOML or JSON), as exported from the Create panel.
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// Create without the UI.
        #[arg(long)]
        yes: bool,
        /// Output format with --yes: text, or one JSON object.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputArg::Text)]
        output: OutputArg,
        /// Print the new Auth Token on stdout.
        #[arg(long)]
        show_secret: bool,
        /// Write the new credentials to this new file (mode 0600, never overwritten).
        #[arg(long, value_name = "PATH")]
        secret_file: Option<PathBuf>,
    },
    /// Print the scope catalog, for pasting into a review.
    Scopes {
        /// API version (the newest by default).
        #[arg(long, value_name = "N")]
        api_version: Option<String>,
        /// Text, or JSON (the Scopes response shape).
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputArg::Text)]
        output: OutputArg,
        /// Deprecated spelling of `--output json`.
        #[arg(long, hide = true)]
        json: bool,
        /// Print only the scope a request needs: 'GET /Advertisers/IR…/Actions?PageSize=10'
        /// or a full https://api.impact.com/... URL. Exit 10 when none matches.
        #[arg(long = "for", value_name = "REQUEST")]
        for_request: Option<String>,
    },
    /// Check what a token can really do against its spec, with the token's
    /// own credentials (IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN, or asked
    /// for on a terminal).
    ///
    /// One GET per GET scope of the spec, with placeholder ids (404 or 400
    /// means allowed, 403 refused); up to --max-outside GETs outside it,
    /// which should be refused. Write scopes, ReportExport and ClickExport
    /// are never called. --api-url defaults to https://api.impact.com for
    /// this command. Exit 0 when the token matches, 15 on drift, 16 when it
    /// is disabled, 17 when stopped at the rate-limit floor.
    Verify {
        /// The spec (TOML or JSON) the token should match.
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// GETs outside the spec to try (each should answer 403).
        #[arg(long, value_name = "N", default_value_t = 5)]
        max_outside: usize,
        /// Stop before X-RateLimit-Remaining falls below this.
        #[arg(long, value_name = "M", default_value_t = 100)]
        floor: u64,
        /// A table, or one JSON object.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputArg::Text)]
        output: OutputArg,
    },
    /// List profiles, or add one.
    Profiles {
        /// The listing as text, or as a JSON array of the profiles.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputArg::Text)]
        output: OutputArg,
        /// What to do; lists profiles when absent.
        #[command(subcommand)]
        action: Option<ProfilesAction>,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `impact-token man > impact-token.1`.
    Man,
    /// Print where the config, token files, presets, drafts and log are,
    /// and which variable, flag or default decided each.
    Paths {
        /// Text, or one JSON object.
        #[arg(long, value_enum, default_value_t = OutputArg::Text)]
        output: OutputArg,
    },
    /// Serve the sandbox token service (prints demo credentials).
    Sandbox {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
    },
    /// Specs from evidence (`from-log`), and as steps for impact.com's web
    /// page (`checklist`).
    Spec {
        /// What to do.
        #[command(subcommand)]
        action: SpecAction,
    },
    /// The API page for scripts: list, show, export, compare, rotate, reset,
    /// disable, enable and delete tokens, each named by NAME or Id.
    Tokens {
        /// What to do.
        #[command(subcommand)]
        action: TokensAction,
    },
}

/// `spec` actions.
#[derive(Debug, Subcommand)]
pub enum SpecAction {
    /// Write the smallest spec that allows exactly the requests in logs:
    /// access logs (common, combined), HAR files, curl command lines and
    /// `METHOD /path` lines. Unmatched lines are listed on stderr.
    FromLog {
        /// Log files; `-` reads standard input. 256 MiB in all at most.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Write the spec to this new file (TOML, or JSON when it ends in
        /// .json); stdout without it.
        #[arg(
            short = 'o',
            long = "out",
            value_name = "FILE",
            conflicts_with = "output"
        )]
        out: Option<PathBuf>,
        /// The spec's format: text (TOML) or json; by default TOML, or
        /// what --out's file name ends in.
        #[arg(long, value_name = "FORMAT", value_parser = parse_spec_output)]
        output: Option<SpecOutput>,
        /// Print what SPEC allows that the evidence never used (and what
        /// it used that SPEC lacks); exit 14 when they differ.
        #[arg(long, value_name = "SPEC")]
        diff_against: Option<PathBuf>,
    },
    /// Print a spec as Markdown steps for impact.com's Create Access Token page.
    Checklist {
        /// The spec (TOML or JSON).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// `tokens` actions. A token is named by its Id or its name (Ids first).
#[derive(Debug, Subcommand)]
pub enum TokensAction {
    /// List the account's tokens (never their secrets).
    List {
        /// Only tokens in this state: enabled or disabled.
        #[arg(long, value_name = "STATE", value_parser = crate::model::tokens::StateFilter::parse)]
        state: Option<crate::model::tokens::StateFilter>,
        /// Only tokens whose name contains TEXT (case and width folded).
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Only tokens created within 7d or 30d, or older than 30 days.
        #[arg(long, value_name = "WHEN", value_parser = crate::model::tokens::CreatedOn::parse)]
        created: Option<crate::model::tokens::CreatedOn>,
        /// A table, or a JSON array of the tokens.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputArg::Text)]
        output: OutputArg,
    },
    /// Show a token's settings and its scopes by category.
    Show {
        /// Token name or Id.
        token: String,
        /// Text, or the token as one JSON object.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputArg::Text)]
        output: OutputArg,
    },
    /// Write a token's settings as a spec file that `create --spec` reads.
    Export {
        /// Token name or Id.
        token: String,
        /// A new file (TOML, or JSON when it ends in .json); stdout without it.
        #[arg(
            short = 'o',
            long = "out",
            value_name = "FILE",
            conflicts_with = "output"
        )]
        out: Option<PathBuf>,
        /// The spec's format: text (TOML) or json; by default TOML, or
        /// what --out's file name ends in.
        #[arg(long, value_name = "FORMAT", value_parser = parse_spec_output)]
        output: Option<SpecOutput>,
    },
    /// Scopes added and removed from A to B, by category. Exit 0 when
    /// equal, 14 when they differ.
    Diff {
        /// Token name or Id, or a spec file (an existing file is a file).
        a: String,
        /// Token name or Id, or a spec file.
        b: String,
        /// Text, or one JSON object: {"A", "B", "Equal", "Added": [...],
        /// "Removed": [...]}, each scope with its Id and category.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputArg::Text)]
        output: OutputArg,
    },
    /// Rotate with no downtime: duplicate, deliver the new secret, test it,
    /// then disable (and with --delete-old delete) the old token.
    ///
    /// Steps: 1 duplicate the token (same settings and scopes); 2 deliver
    /// the new secret; 3 test the new token with its own credentials; 4
    /// disable the old token; 5 with --delete-old, delete it. The old token
    /// is touched only after steps 2 and 3 succeeded. Where it stops:
    /// step 1, exit 2-8, nothing changed; step 2, exit 9, the secret was
    /// written once to the terminal or stderr, the old token is enabled;
    /// step 3, exit 11, the old token is enabled; step 4, exit 12, the new
    /// token works and the old one is still enabled; step 5, exit 13, the
    /// old token is disabled but not deleted.
    Rotate {
        /// Token name or Id.
        token: String,
        /// Name of the new token; the old one then keeps its name. By default
        /// the new token takes the old one's name, and the old one becomes
        /// "NAME (retired WHEN)".
        #[arg(long, value_name = "NAME")]
        new_name: Option<String>,
        /// Where the new secret goes.
        #[command(flatten)]
        secret: SecretArgs,
        /// Delete the old token once the new one works (else it stays,
        /// disabled and renamed as retired).
        #[arg(long, conflicts_with = "keep_old")]
        delete_old: bool,
        /// Leave the old token enabled (renamed as retired), so both work
        /// until you retire it; the command that does is printed.
        #[arg(long, conflicts_with = "grace")]
        keep_old: bool,
        /// Wait this long (90s, 10m, 2h, 1h30m; at most 24h) with a
        /// countdown before disabling the old token; Ctrl-C during the wait
        /// leaves both enabled.
        #[arg(long, value_name = "DURATION", value_parser = crate::model::tokens::parse_duration)]
        grace: Option<std::time::Duration>,
        /// Rotate a disabled token: its copy is ENABLED. Without this, a
        /// disabled token is not rotated (exit 2).
        #[arg(long)]
        from_disabled: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Give a token a new Auth Token; the old one fails at once.
    Reset {
        /// Token name or Id.
        token: String,
        /// Where the new secret goes.
        #[command(flatten)]
        secret: SecretArgs,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Send this Idempotency-Key: the one an earlier reset whose answer
        /// was lost printed (exit 19). The server then answers with that
        /// reset's secret, or resets once if it never got the request.
        #[arg(long, value_name = "KEY")]
        idempotency_key: Option<String>,
    },
    /// Disable a token: its credentials are refused everywhere.
    Disable {
        /// Token name or Id.
        token: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Enable a disabled token.
    Enable {
        /// Token name or Id.
        token: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Move a token to a newer API version (the newest by default; versions
    /// only go up). Shows which of its scopes the newer version drops and
    /// which it adds, then asks.
    Upgrade {
        /// Token name or Id.
        token: String,
        /// The version to move to (must be newer than the token's).
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Delete a token for good.
    Delete {
        /// Token name or Id.
        token: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

/// Where `tokens rotate` and `tokens reset` deliver a new secret; at least
/// one is required.
#[derive(Clone, Debug, Default, Args)]
pub struct SecretArgs {
    /// Print the new credentials on stdout (the secret file's text; the
    /// summary then goes to stderr).
    #[arg(long)]
    pub show_secret: bool,
    /// Write the new credentials to this new file (mode 0600, never overwritten).
    #[arg(long, value_name = "PATH", conflicts_with = "secret_to_command")]
    pub secret_file: Option<PathBuf>,
    /// Run CMD with `sh -c` and write the new credentials (the secret file's
    /// text) to its standard input; a nonzero exit means not delivered.
    #[arg(long, value_name = "CMD")]
    pub secret_to_command: Option<String>,
}

/// `--output` of `tokens export` and `spec from-log`: the spec's format,
/// or (the old spelling, before `--out`) a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecOutput {
    /// `text` (TOML) or `json`.
    Format(OutputArg),
    /// `--output FILE`: deprecated, read as `--out FILE` with a note.
    OldFile(PathBuf),
}

/// `text` or `json` is a format; anything else a file (the old spelling).
fn parse_spec_output(s: &str) -> Result<SpecOutput, String> {
    match OutputArg::from_str(s, true) {
        Ok(format) => Ok(SpecOutput::Format(format)),
        Err(_) if s.is_empty() => Err("text or json".into()),
        Err(_) => Ok(SpecOutput::OldFile(PathBuf::from(s))),
    }
}

/// `profiles` actions.
#[derive(Debug, Subcommand)]
pub enum ProfilesAction {
    /// Add a profile to config.toml (appended; nothing else in the file changes).
    Add {
        /// Profile name.
        name: String,
        /// Account SID of the creating user.
        #[arg(long, value_name = "SID")]
        account_sid: String,
        /// Default API version for new tokens.
        #[arg(long, value_name = "N")]
        api_version: Option<String>,
        /// Read the Auth Token from this environment variable.
        #[arg(long, value_name = "VAR", conflicts_with_all = ["token_file", "store_token"])]
        token_env: Option<String>,
        /// Read the Auth Token from this file (must be 0600).
        #[arg(long, value_name = "PATH", conflicts_with = "store_token")]
        token_file: Option<PathBuf>,
        /// Read the Auth Token from standard input and store it in a new 0600
        /// file in the config directory.
        #[arg(long)]
        store_token: bool,
        /// Also make it the default profile (`default_profile`).
        #[arg(long)]
        default: bool,
    },
    /// Make a profile the default (sets `default_profile`; comments and
    /// layout of config.toml stay).
    Default {
        /// Profile name.
        name: String,
    },
    /// Remove a profile from config.toml, after asking (its stored token
    /// file stays unless --delete-token).
    Remove {
        /// Profile name.
        name: String,
        /// Remove without asking.
        #[arg(long)]
        yes: bool,
        /// Also delete the token file `profiles add --store-token` wrote for
        /// this profile (only NAME.token in the config directory, 0600, not a
        /// link, used by no other profile).
        #[arg(long)]
        delete_token: bool,
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

/// The command line as `--help`, the man page and completions show it:
/// each subcommand's help ends with an example ([`crate::text::EXAMPLES`])
/// and its exit statuses, from the one table ([`crate::text::EXITS`]), as
/// the top level's does.
pub fn command() -> clap::Command {
    let top = <Cli as clap::CommandFactory>::command();
    let top = match crate::text::example_help("") {
        Some(example) => top.after_help(format!("{example}\n\n{}", crate::text::exit_codes_help())),
        None => top,
    };
    with_exit_codes(top, "")
}

fn with_exit_codes(cmd: clap::Command, path: &str) -> clap::Command {
    cmd.mut_subcommands(|sub| {
        let path = format!("{path} {}", sub.get_name())
            .trim_start()
            .to_string();
        let mut help = crate::text::exit_codes_help_for(&path);
        if let Some(example) = crate::text::example_help(&path) {
            help = format!("{example}\n\n{help}");
        }
        with_exit_codes(sub.after_help(help), &path)
    })
}

/// Parses the process's arguments against [`command`]; exits on an error,
/// `--help` or `--version`, as `Cli::parse` does.
pub fn parse() -> Cli {
    let mut cmd = command();
    let mut matches = cmd.get_matches_mut();
    <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches)
        .unwrap_or_else(|e| e.format(&mut cmd).exit())
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

/// `--output` values: the one convention of every command that prints
/// what it read (a file is `-o/--out FILE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    /// Lines of text (a table where there are rows).
    #[value(alias = "table")]
    Text,
    /// JSON.
    Json,
}
