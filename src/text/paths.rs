//! Where the files are: `impact-token paths`, the errors of a directory
//! variable, and the man page's FILES and ENVIRONMENT.

use std::path::Path;

/// A directory variable that is not an absolute path.
pub fn dir_var_relative(var: &str, path: &Path) -> String {
    format!(
        "{var} must be an absolute path (it is '{}'); set it to a full path, or unset it",
        path.display()
    )
}
/// A directory variable naming something that is not a directory.
pub fn dir_var_not_dir(var: &str, path: &Path) -> String {
    format!(
        "{var} names {}, which is not a directory; point it at a directory, or unset it",
        path.display()
    )
}
/// A directory variable naming a directory that cannot be used.
pub fn dir_var_unusable(var: &str, path: &Path, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        return format!(
            "{var} names {}, which does not exist; create it (mkdir -p {}), or unset {var}",
            path.display(),
            path.display()
        );
    }
    format!("{var} names {}, which cannot be used: {e}", path.display())
}
/// No home directory, and the variable that would name the directory is unset.
pub fn no_home_for(var: &str) -> String {
    format!("no home directory: set {var} to a directory to use")
}
/// A directory that could not be created.
pub fn dir_not_created(path: &Path, e: &std::io::Error) -> String {
    format!("cannot create the directory {}: {e}", path.display())
}
/// config.toml or presets.toml could not be written.
pub fn file_not_written(path: &Path, e: &std::io::Error) -> String {
    format!("cannot write {}: {e}", path.display())
}

/// `paths`: the rows' names, in order.
pub const PATH_CONFIG: &str = "config";
/// `paths`: token files.
pub const PATH_TOKEN_FILES: &str = "token files";
/// `paths`: presets.
pub const PATH_PRESETS: &str = "presets";
/// `paths`: drafts.
pub const PATH_DRAFTS: &str = "drafts";
/// `paths`: the log.
pub const PATH_LOG: &str = "log";
/// `paths`: how a profile's stored token file is named.
pub const TOKEN_FILE_PATTERN: &str = "NAME.token";

/// What decided a path: a variable of the tool's, a flag, or the default
/// under `base` (an XDG variable, or HOME).
pub fn path_source_env(var: &str) -> String {
    format!("set by {var}")
}
/// A flag decided.
pub fn path_source_flag(flag: &str) -> String {
    format!("set by {flag}")
}
/// The default decided.
pub fn path_source_default(base: &str) -> String {
    format!("default, under {base}")
}
/// A row whose directory cannot be used.
pub fn path_unusable(e: &str) -> String {
    format!("unusable: {e}")
}

/// The man page's FILES: (path, what it is).
pub const MAN_FILES: &[(&str, &str)] = &[
    (
        "$IMPACT_TOKEN_CONFIG_DIR/config.toml",
        "Profiles, the default profile and [keys] rebindings. Without \
         IMPACT_TOKEN_CONFIG_DIR the config directory is \
         $XDG_CONFIG_HOME/impact-token (~/.config/impact-token).",
    ),
    (
        "$IMPACT_TOKEN_CONFIG_DIR/NAME.token",
        "The Auth Token of profile NAME, written (0600) by profiles add --store-token.",
    ),
    (
        "$IMPACT_TOKEN_CONFIG_DIR/presets.toml",
        "Scope selections saved by name in the wizard.",
    ),
    (
        "$IMPACT_TOKEN_DATA_DIR/drafts/",
        "Unfinished wizards, one per account (never a secret). Without \
         IMPACT_TOKEN_DATA_DIR: $XDG_DATA_HOME/impact-token (~/.local/share/impact-token).",
    ),
    (
        "$IMPACT_TOKEN_STATE_DIR/impact-token.log",
        "The log (0600), unless --log-file names another file. Without \
         IMPACT_TOKEN_STATE_DIR: $XDG_STATE_HOME/impact-token (~/.local/state/impact-token).",
    ),
];

/// The man page's ENVIRONMENT: every variable the program reads.
pub const MAN_ENVIRONMENT: &[(&str, &str)] = &[
    (
        "IMPACT_ACCOUNT_SID",
        "Account SID of the creating user (with IMPACT_AUTH_TOKEN); for verify, the token's own.",
    ),
    (
        "IMPACT_AUTH_TOKEN",
        "Auth Token of the creating user, when no profile names another source; for verify, the \
         token's own. Never pass a secret on the command line.",
    ),
    (
        "IMPACT_TOKEN_CONFIG_DIR",
        "The config directory (config.toml, presets.toml, NAME.token): an absolute path to an \
         existing directory.",
    ),
    (
        "IMPACT_TOKEN_DATA_DIR",
        "The data directory (drafts): an absolute path to an existing directory.",
    ),
    (
        "IMPACT_TOKEN_STATE_DIR",
        "The state directory (the log): an absolute path to an existing directory.",
    ),
    (
        "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, HOME",
        "Where the directories are when the variables above are unset.",
    ),
    ("RUST_LOG", "The log level (info by default), e.g. debug."),
    (
        "NO_COLOR, TERM, COLORTERM",
        "With --color auto, NO_COLOR or TERM=dumb turn colour off; TERM=dumb also refuses the \
         full-screen wizard. COLORTERM or TERM telling 256 colours or more allow richer colours.",
    ),
    (
        "LANG, LC_ALL, LC_CTYPE",
        "A locale that is not UTF-8 switches to ASCII drawing.",
    ),
    (
        "TMUX",
        "Inside tmux, the clipboard sequence is wrapped for tmux to pass on.",
    ),
    (
        "IMPACT_SANDBOX_LATENCY_MS",
        "Sandbox: delay every request by this many milliseconds.",
    ),
    (
        "IMPACT_SANDBOX_FAULTS",
        "Sandbox: faults to inject, e.g. create=500*2,users=404.",
    ),
    (
        "IMPACT_SANDBOX_SEED_TOKENS",
        "Sandbox: give every account this many synthetic tokens.",
    ),
    (
        "IMPACT_SANDBOX_PAGE_SIZE",
        "Sandbox: the lists' default page size.",
    ),
    (
        "IMPACT_SANDBOX_RATE_LIMIT",
        "Sandbox: requests per hour per account (0: no limit; 1000 by default).",
    ),
    (
        "IMPACT_SANDBOX_EXTRA_USER",
        "Sandbox: one more active user, named \"First Last\".",
    ),
    (
        "IMPACT_SANDBOX_EXTRA_TOKEN",
        "Sandbox: one more token with this exact name.",
    ),
    (
        "IMPACT_TOKEN_DEBUG_FAULT",
        "For tests: panic or error makes F12 fail on purpose.",
    ),
    (
        "IMPACT_TOKEN_TEST_TIME_SCALE",
        "For tests: a number from 0 to 1 that shortens retry waits against --sandbox.",
    ),
];
