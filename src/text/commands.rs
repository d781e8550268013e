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
/// A profile that is not its own `[profiles.NAME]` table (inline, or
/// under `[profiles]`): the tool does not edit it.
pub fn profile_not_editable(name: &str, path: &std::path::Path) -> String {
    format!(
        "profile {} is not a [profiles.{}] table in {}: edit the file by hand",
        inert(name),
        inert(name),
        path.display()
    )
}
/// An edit of config.toml would have changed more than asked.
pub fn config_not_edited(path: &std::path::Path) -> String {
    format!(
        "{} was not changed: the edit would have changed more than asked; edit it by hand",
        path.display()
    )
}
/// Several profiles, none the default, and a command that cannot ask.
pub fn choose_profile(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| inert(n)).collect();
    format!(
        "several profiles and none is the default: pass --profile NAME ({}), or set one with `impact-token profiles default NAME`",
        names.join(", ")
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
/// `profiles default` (or `add --default`) done.
pub fn profile_made_default(name: &str) -> String {
    format!("Profile {} is now the default.", inert(name))
}
/// `profiles remove` asks.
pub fn confirm_remove_profile(name: &str, path: &std::path::Path) -> String {
    format!(
        "Remove profile {} from {}? [y/N] ",
        inert(name),
        path.display()
    )
}
/// `profiles remove` done.
pub fn profile_removed(name: &str, path: &std::path::Path) -> String {
    format!("Removed profile {} from {}.", inert(name), path.display())
}
/// The removed profile's token file stays.
pub fn token_file_kept(path: &std::path::Path, deletable: bool) -> String {
    if deletable {
        format!(
            "Its token file {} is kept (--delete-token deletes it).",
            path.display()
        )
    } else {
        format!(
            "Its token file {} is kept (not one --store-token wrote for it alone; delete it yourself if no longer needed).",
            path.display()
        )
    }
}
/// The removed profile's token file was deleted.
pub fn token_file_deleted(path: &std::path::Path) -> String {
    format!("Deleted its token file {}.", path.display())
}
/// Deleting the token file failed.
pub fn token_file_not_deleted(path: &std::path::Path, e: &std::io::Error) -> String {
    format!("could not delete {}: {e}", path.display())
}
/// `--delete-token` on a file the tool did not store for this profile.
pub fn token_file_not_ours(path: &std::path::Path, ours: &std::path::Path) -> String {
    format!(
        "not deleting {}: --delete-token deletes only the token file --store-token wrote for this profile ({}, a 0600 regular file, not a link); nothing changed, the profile and the file are kept",
        path.display(),
        ours.display()
    )
}
/// `--delete-token` on a token file other profiles use too.
pub fn token_file_shared(path: &std::path::Path, users: &[&str]) -> String {
    let users: Vec<String> = users.iter().map(|n| inert(n)).collect();
    format!(
        "not deleting {}: profile {} uses it too; nothing changed, the profile and the file are kept (remove without --delete-token to keep the file)",
        path.display(),
        users.join(", ")
    )
}
/// After profiles add.
pub fn profile_added(name: &str, path: &std::path::Path) -> String {
    format!("Added profile '{}' to {}", inert(name), path.display())
}

// ----- verify and scopes --for -----

/// `verify`: an in-scope call allowed.
pub fn verify_allowed(code: u16) -> String {
    match code {
        400 | 404 => format!("allowed ({code}, placeholder id)"),
        _ => format!("allowed ({code})"),
    }
}
/// `verify`: an outside call refused, as expected.
pub const VERIFY_REFUSED: &str = "refused (403), as expected";
/// `verify`: an outside call allowed.
pub fn verify_extra(code: u16) -> String {
    format!("DRIFT: allowed ({code}), but not in the spec")
}
/// `verify`: an in-scope call refused.
pub const VERIFY_MISSING: &str = "DRIFT: refused (403), but in the spec";
/// `verify`: refused because the token is disabled.
pub const VERIFY_DISABLED: &str = "refused (403): the token is disabled";
/// `verify`: an outside 403 from a disabled token.
pub const VERIFY_DISABLED_OUTSIDE: &str = "refused (403): says nothing, the token is disabled";
/// `verify`: any other answer.
pub fn verify_unexpected(code: u16) -> String {
    format!("DRIFT: unexpected answer {code}")
}
/// `verify`: an answer that is not JSON, so not the API's.
pub fn verify_not_api(code: u16, content_type: &str) -> String {
    let what = match content_type.trim() {
        "" => "no Content-Type".to_string(),
        t => inert(t),
    };
    format!("NO EVIDENCE: {code} ({what}), not JSON: not the API's answer")
}
/// `verify`: a redirect, not followed.
pub fn verify_redirected(code: u16, location: &str) -> String {
    match location {
        "" => format!("NO EVIDENCE: redirect ({code}) without a Location, not followed"),
        to => format!(
            "NO EVIDENCE: redirect ({code}) to {}, not followed",
            inert(to)
        ),
    }
}
/// `verify`: an in-scope 403 before the floor stopped the check.
pub const VERIFY_UNDECIDED: &str = "refused (403): a missing scope or a disabled token, not known (not every call in the spec got the API's answer)";
/// `verify`: answers that were not the API's; `url` is the server's.
pub fn verify_no_evidence(n: usize, url: &str) -> String {
    format!(
        "{n} answer(s) were not the API's (not JSON, or a redirect): is {} the impact.com API? Check --api-url.",
        inert(url)
    )
}
/// `verify`: a write scope, never called.
pub const VERIFY_NOT_PROBED_WRITE: &str = "not probed (write)";
/// `verify`: ReportExport or ClickExport, never called.
pub const VERIFY_NOT_PROBED_DAILY: &str = "not probed (limited per day)";
/// `verify`: an endpoint outside the account's root, never called.
pub const VERIFY_NOT_PROBED_OUTSIDE_ROOT: &str = "not probed (outside the account root)";
/// `verify`: a path another scope's template claims, never called.
pub const VERIFY_NOT_PROBED_SHADOWED: &str = "not probed (its path is another scope's)";
/// `verify`: not reached before the rate-limit floor.
pub const VERIFY_NOT_REACHED: &str = "not reached (rate-limit floor)";
/// Heading of `verify`'s table.
pub fn verify_heading(t: impl std::fmt::Display, sid: &str, url: &str, version: &str) -> String {
    format!(
        "Verifying token {} ({t}, API v{version}) at {}\n",
        inert(sid),
        inert(url)
    )
}
/// The last line of `verify` for each outcome.
pub fn verify_summary(outcome: &str, made: usize, planned: usize) -> String {
    match outcome {
        "matches" => format!("OK: the token matches the spec ({made} calls)."),
        "drift" => {
            format!("DRIFT: the token does not match the spec ({made} of {planned} calls made).")
        }
        "disabled" => format!(
            "DISABLED: every call inside the spec was refused; the token is disabled (or has none of the spec's scopes) ({made} of {planned} calls made)."
        ),
        "no evidence" => format!(
            "NO EVIDENCE: not every answer came from the API ({made} of {planned} calls made); no drift seen."
        ),
        _ => format!("STOPPED: made {made} of {planned} calls; no drift so far."),
    }
}
/// Why `verify` stopped early.
pub fn verify_stopped(remaining: u64, floor: u64, made: usize, planned: usize) -> String {
    format!(
        "stopped after {made} of {planned} calls: X-RateLimit-Remaining is {remaining}, and the next call would take it below --floor {floor}"
    )
}
/// The server said the token is disabled.
pub const VERIFY_SERVER_SAYS_DISABLED: &str = "the server's message says the token is disabled";
/// `verify` had no credentials and cannot ask.
pub const VERIFY_NO_CREDENTIALS: &str = "no token credentials: set IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN to the token's own Account SID and Auth Token (or run on a terminal to be asked)";
/// Prompt for the token's Account SID.
pub const VERIFY_SID_PROMPT: &str = "Token's Account SID: ";
/// `verify` credentials rejected.
pub const VERIFY_UNAUTHORIZED: &str =
    "the token's credentials were rejected (401): check the Account SID and Auth Token";
/// `scopes --for` with a line that is not a request.
pub fn scopes_for_unparsed(line: &str) -> String {
    format!(
        "cannot read '{}' as a request: expected METHOD /path or METHOD https://host/path",
        inert(line)
    )
}
/// `scopes --for`: nothing matched.
pub fn scopes_for_none(method: &str, path: &str) -> String {
    format!(
        "no scope in the catalog matches {} {}",
        inert(method),
        inert(path)
    )
}
