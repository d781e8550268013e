//! Files: bounded reads, drafts, the saved secret and spec files.

use super::*;

// ----- bounded reads -----

/// A file that is not a regular file (`kind`: "FIFO", "directory", ...).
pub fn not_regular_file(kind: &str) -> String {
    format!("it is a {kind}, not a regular file")
}
/// A file over its size cap.
pub fn file_too_large(cap: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if cap >= MIB && cap.is_multiple_of(MIB) {
        format!("it is larger than {} MiB", cap / MIB)
    } else {
        format!("it is larger than {cap} bytes")
    }
}
/// A file that should be text is not UTF-8.
pub const FILE_NOT_TEXT: &str = "it is not UTF-8 text";

// ----- drafts -----

/// A draft written by another version.
pub fn draft_format(found: u32) -> String {
    format!("draft format {found} is not supported")
}
/// The resume question.
pub fn resume_question(saved: &str, summary: &str) -> String {
    format!("Resume the draft saved {saved}? {summary}")
}
/// Discarding a draft, asked once more.
pub fn discard_question(saved: &str, summary: &str) -> String {
    format!("Discard the draft saved {saved} for good? It cannot be brought back. {summary}")
}
/// A draft could not be read.
pub fn draft_unreadable(reason: &str) -> String {
    format!(
        "The saved draft could not be read ({}); starting fresh. It was kept as *.json.corrupt.",
        inert(reason)
    )
}
/// Another wizard keeps this account's draft (short: it fits the status line).
pub fn draft_in_use(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => {
            format!("Draft in use by impact-token pid {pid}: this session keeps no draft.")
        }
        None => "Draft in use by another impact-token: this session keeps no draft.".to_string(),
    }
}
/// The draft could not be saved.
pub fn draft_not_saved(reason: &str) -> String {
    format!(
        "Draft not saved; quitting loses your input: {}",
        inert(reason)
    )
}
/// Esc at the resume question.
pub const DRAFT_LATER: &str = "Draft kept for later; this session keeps no draft.";
/// After resuming.
pub const DRAFT_RESUMED: &str = "Draft resumed.";
/// After discarding.
pub const DRAFT_DISCARDED: &str = "Draft discarded.";
/// Title of the resume question.
pub const DRAFT_TITLE: &str = "Unfinished token";
/// How long ago a Unix time was, roughly.
pub fn ago(unix_secs: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(unix_secs);
    match now.saturating_sub(unix_secs) {
        s if s < 60 => "moments ago".to_string(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s => format!("{} days ago", s / 86_400),
    }
}

// ----- saving the new secret -----

/// Label of the file-name field.
pub const LABEL_SAVE_TO: &str = "Save the credentials to a new file";
/// Placeholder of the file-name field.
pub const PH_SECRET_FILE: &str = "file to create (0600), e.g. ~/reporting.env";

/// Suggested file name for a token's credentials.
pub fn secret_file_name(token_name: &str) -> String {
    match file_stem(token_name) {
        Some(stem) => format!("impact-token-{stem}.env"),
        None => "impact-token.env".to_string(),
    }
}

/// A token name made safe for a file name: ASCII letters, digits, `-` and
/// `_` (anything else becomes `-`), no leading or trailing `-`; `None` when
/// nothing is left.
pub(super) fn file_stem(token_name: &str) -> Option<String> {
    let safe: String = token_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_matches('-');
    (!safe.is_empty()).then(|| safe.to_string())
}

/// A value as a POSIX shell word that means exactly the value: unchanged
/// when every character is in `A-Za-z0-9_.,:/@%+=-` (and it is not empty),
/// otherwise inside single quotes, each `'` written `'\''`. Nothing inside
/// single quotes is expanded, newlines included. Wiped when dropped.
pub fn shell_quote(value: &str) -> zeroize::Zeroizing<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_.,:/@%+=-".contains(c);
    let mut out = zeroize::Zeroizing::new(String::with_capacity(value.len() + 8));
    if !value.is_empty() && value.chars().all(plain) {
        out.push_str(value);
        return out;
    }
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// The token exists but its secret reached none of the places asked for.
pub fn secret_not_delivered(token_name: &str, dest: &str, reason: &str) -> String {
    format!(
        "token {} was created; its secret could not be written to {}: {}",
        inert(token_name),
        inert(dest),
        inert(reason)
    )
}
/// Shown before the rescued secret (once, on the terminal or stderr).
pub const SECRET_RESCUED: &str = "Here are its credentials, shown only this once; keep them now:";
/// Said on stderr when the rescued secret went to the terminal instead.
pub const SECRET_RESCUED_TO_TTY: &str =
    "its credentials were written to the terminal (/dev/tty), not to standard error";
/// The name of standard output in messages.
pub const STANDARD_OUTPUT: &str = "standard output";
/// --secret-file cannot take the secret: refused before anything is created.
pub fn secret_destination_unusable(path: &std::path::Path, e: &std::io::Error) -> String {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "its directory does not exist".to_string(),
        std::io::ErrorKind::AlreadyExists => "it already exists and is never overwritten".into(),
        _ => e.to_string(),
    };
    format!(
        "cannot write the secret to {}: {why}; nothing was created",
        inert(&path.display().to_string())
    )
}
/// --show-secret with stdout a pipe nobody reads.
pub const STDOUT_CLOSED: &str = "--show-secret: standard output is closed (a pipe with no reader), so the secret could not be shown; nothing was created";
/// The no-echo prompt of `profiles add --store-token` on a terminal.
pub const STORE_TOKEN_PROMPT: &str = "Auth Token (not shown): ";

/// After saving.
pub fn secret_saved(path: &std::path::Path) -> String {
    format!(
        "Saved to {} (mode 0600).",
        inert(&path.display().to_string())
    )
}

/// Saving failed; an existing file is never overwritten.
pub fn secret_not_saved(path: &std::path::Path, e: &std::io::Error) -> String {
    let shown = inert(&path.display().to_string());
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        format!("Not saved: {shown} already exists and is never overwritten. Choose another name.")
    } else {
        format!("Not saved to {shown}: {e}")
    }
}

// ----- spec files -----

/// Placeholder of the export field.
pub const PH_SPEC_FILE: &str = "file to create: NAME.toml or NAME.json";
/// Label of the export field.
pub const LABEL_EXPORT: &str = "Export the request (no secret) to";
/// Suggested spec file name.
pub fn spec_file_name(token_name: &str) -> String {
    format!(
        "{}.toml",
        file_stem(token_name).as_deref().unwrap_or("token")
    )
}
/// After exporting.
pub fn spec_exported(p: &std::path::Path) -> String {
    format!(
        "Exported to {}. Create from it later: impact-token create --spec {}",
        inert(&p.display().to_string()),
        inert(&p.display().to_string())
    )
}
/// First lines of an exported TOML spec.
pub const SPEC_HEADER: &str = "# impact-token spec: a token request to review, then create with\n#   impact-token create --spec FILE        (opens the review)\n#   impact-token create --spec FILE --yes  (creates without the UI)\n# It holds no secret.\n";

/// Spec for another account type than asked.
pub fn spec_wrong_account_type(
    found: impl std::fmt::Display,
    want: impl std::fmt::Display,
) -> String {
    format!("the spec is for a {found} account, but {want} was asked for")
}
/// `--account-type` names another account type than the spec (exit 2).
pub fn spec_account_type_conflict(
    path: &str,
    spec: impl std::fmt::Display,
    given: impl std::fmt::Display,
) -> String {
    format!(
        "{path}: the spec is for a {spec} account, but --account-type {given} was given; leave \
         --account-type out (the spec's is used), or use a spec for a {given} account"
    )
}
/// Spec method disagrees with the catalog.
pub fn spec_method_mismatch(id: &str, spec: &str, catalog: &str) -> String {
    format!(
        "scope {} is {} in the catalog, not {}",
        inert(id),
        inert(catalog),
        inert(spec)
    )
}
/// Same scope twice.
pub fn spec_duplicate_scope(id: &str) -> String {
    format!("scope {} is listed twice", inert(id))
}

// ----- credentials from the server -----

/// The Account SID, in messages about its shape.
pub const ACCOUNT_SID_FIELD: &str = "Account SID";
/// The Auth Token, in messages about its shape.
pub const AUTH_TOKEN_FIELD: &str = "Auth Token";
/// What a credential may hold, said after every shape error.
const CREDENTIAL_SHAPE: &str = "a credential is ASCII letters, digits and - . _ ~ + / =";

/// A credential from the server is empty.
pub fn credential_empty(field: &str) -> String {
    format!("the {field} is empty")
}
/// A credential from the server is too long.
pub fn credential_too_long(field: &str, n: usize, max: usize) -> String {
    format!("the {field} is {n} characters long, more than {max}")
}
/// A credential from the server holds a character no credential has; the
/// character is spelled out (never shown raw).
pub fn credential_bad_character(field: &str, at: usize, c: char) -> String {
    format!(
        "the {field} has '{}' at character {at} ({CREDENTIAL_SHAPE})",
        super::visible(&c.to_string())
    )
}
/// Before credentials of the wrong shape, spelled out when rescued.
pub const SPELLED_OUT_HEADER: &str = "(As the server sent them, but not a usable file: each invisible character is spelled out, \\u{a} being a line break.)\n";
/// The server's credentials for a new or reset token are not shaped like
/// credentials: nothing was written.
pub fn credentials_malformed(token_name: &str, id: &str, why: &str) -> String {
    format!(
        "the server's answer for token {} (Id {}) holds credentials of the wrong shape: {}; they were written nowhere (no file, command or standard output)",
        inert(token_name),
        inert(id),
        inert(why)
    )
}
/// The TUI's save refused credentials of the wrong shape.
pub fn secret_malformed_not_saved(path: &std::path::Path, why: &str) -> String {
    format!(
        "Not saved to {}: the server's credentials have the wrong shape: {}",
        inert(&path.display().to_string()),
        inert(why)
    )
}
/// Writing to standard output failed (not a closed pipe, which is quiet).
pub fn stdout_failed(reason: &str) -> String {
    format!("could not write to standard output: {reason}")
}
/// `--output FILE` where a file is now `--out FILE` (still honoured).
pub fn deprecated_output_file(path: &std::path::Path) -> String {
    format!(
        "note: `--output {}` is deprecated: a file is now `-o/--out FILE` (written as asked), and \
         `--output` names a format, text or json",
        path.display()
    )
}
/// `scopes --json` (still honoured).
pub const DEPRECATED_JSON: &str = "note: `--json` is deprecated: use `--output json`";
