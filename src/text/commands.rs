//! The command line: config and profiles, arguments, `create --yes`.

use super::*;

// ----- config and profiles -----

/// Config file unreadable.
pub fn config_unreadable(path: &std::path::Path, e: &str) -> String {
    format!("cannot read {}: {e}", path.display())
}
/// Config file malformed.
pub fn config_invalid(path: &std::path::Path, line: Option<usize>, e: &str) -> String {
    match line {
        Some(l) => format!("{}:{l}: {e}", path.display()),
        None => format!("{}: {e}", path.display()),
    }
}
/// A file with credentials others can read.
pub fn readable_by_others(path: &std::path::Path) -> String {
    format!(
        "warning: {} can be read by other users; run: chmod 600 {}",
        path.display(),
        path.display()
    )
}
/// Bad profile name.
pub fn bad_profile_name(name: &str) -> String {
    format!(
        "profile name '{}' must be letters, digits, '-', '_' or '.'",
        inert(name)
    )
}
/// Profile exists.
pub fn profile_exists(name: &str, path: &std::path::Path) -> String {
    format!(
        "profile '{}' already exists in {}; edit the file to change it",
        inert(name),
        path.display()
    )
}
/// No such profile.
pub fn unknown_profile(name: &str) -> String {
    format!(
        "no profile named '{}' (see: impact-token profiles)",
        inert(name)
    )
}
/// Token file too open.
pub fn token_file_not_private(path: &std::path::Path) -> String {
    format!(
        "{} can be read by other users; it must be 0600 (chmod 600 {})",
        path.display(),
        path.display()
    )
}
/// Token file unreadable.
pub fn token_file_error(path: &std::path::Path, e: &str) -> String {
    format!("cannot use Auth Token file {}: {e}", path.display())
}
/// Profile and --account-type disagree.
pub fn profile_type_mismatch(
    name: &str,
    profile: impl std::fmt::Display,
    asked: impl std::fmt::Display,
) -> String {
    format!(
        "profile '{}' is for a {profile} account, but --account-type {asked} was given",
        inert(name)
    )
}
/// Token env var named by a profile is unset.
pub fn token_env_unset(var: &str) -> String {
    format!("the profile reads the Auth Token from ${var}, which is not set")
}

// ----- command line -----

/// `scopes --catalog` without a type.
pub const NEED_ACCOUNT_TYPE_FOR_CATALOG: &str =
    "--catalog needs --account-type to say whose catalog it is";
/// Heading of `scopes` output.
pub fn catalog_heading(
    t: impl std::fmt::Display,
    version: &str,
    scopes: usize,
    categories: usize,
) -> String {
    format!("# {t} API v{version}: {scopes} scopes in {categories} categories\n")
}
/// Exit codes, shown in `--help` and the README.
pub const EXIT_CODES_HELP: &str = "Exit codes:
  0  success
  1  other error (I/O, unexpected answer)
  2  usage error
  3  invalid spec or request (also the server's 400/422)
  4  authentication: credentials missing or rejected (401)
  5  permission: not allowed to create tokens (403)
  6  conflict: the token name is taken (409)
  7  rate limited (429) after waiting
  8  network or server unavailable (connect, timeout, 5xx)
  9  created, but the secret could not be delivered where asked: it was
     written once to the terminal, or else to standard error (also after
     tokens reset and tokens rotate, which leaves the old token enabled)
 10  no token has that name or Id (also the server's 404)
 11  tokens rotate: the new token was delivered but failed its test; the
     old token is still enabled
 12  tokens rotate: the new token works, but the old one could not be
     disabled (it is still enabled)
 13  tokens rotate --delete-old: the old token is disabled, but could not
     be deleted
 14  tokens diff: A and B differ (also spec from-log --diff-against:
     the spec and the evidence differ)";

// ----- create --yes and profiles -----

/// --yes without a place for the secret.
pub const NO_SECRET_DESTINATION: &str =
    "with --yes, say where the new secret goes: --show-secret (stdout) or --secret-file PATH";
/// Headless create without a token.
pub const NO_CREDENTIALS_HEADLESS: &str = "no Auth Token: set IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN, or use a profile whose token source is set";
/// --secret-file exists.
pub fn secret_file_exists(p: &std::path::Path) -> String {
    format!(
        "{} already exists and is never overwritten; choose a new path",
        p.display()
    )
}
/// No config dir.
pub const NO_CONFIG_DIR: &str = "no home directory: cannot locate the config directory";
/// profiles add without a type.
pub const NEED_ACCOUNT_TYPE_PROFILE: &str =
    "profiles add needs --account-type agency|brand|partner";
/// profiles add without a URL.
pub const NEED_API_URL_PROFILE: &str = "profiles add needs --api-url URL";
/// A malformed or unsupported `--api-url` (or a profile's `api_url`).
pub fn bad_api_url(url: &str, why: &str) -> String {
    format!(
        "not a usable API URL: {}: {why}; expected https://HOST[:PORT][/PATH]",
        inert(url)
    )
}
/// Plain http to a host that is not this machine.
pub fn insecure_api_url(url: &str) -> String {
    format!(
        "refusing {}: plain http would send your Account SID and Auth Token unencrypted to a host that is not this machine; use https://, or pass --allow-insecure-http if you really mean it",
        inert(url)
    )
}
/// --store-token with empty stdin.
pub const EMPTY_TOKEN_STDIN: &str =
    "--store-token reads the Auth Token from standard input, which was empty";
/// No profiles yet.
pub fn no_profiles(path: &std::path::Path) -> String {
    format!(
        "No profiles in {}.\nAdd one: impact-token profiles add NAME --account-type brand --api-url URL --account-sid SID --token-env VAR\n",
        path.display()
    )
}
/// After profiles add.
pub fn profile_added(name: &str, path: &std::path::Path) -> String {
    format!("Added profile '{}' to {}", inert(name), path.display())
}
