//! `impact-token tokens ...`: the list table, details, diffs, rotation steps.

use super::*;

/// Column headings of `tokens list`.
pub const LIST_HEADINGS: [&str; 6] = [
    "Name",
    "State",
    "API version",
    "Scopes",
    "Created On",
    "Primary Contact",
];

/// `tokens list` when no token passes the filters (on stderr).
pub const NO_TOKENS_MATCH: &str = "no tokens match";

/// Label width in `tokens show`.
const LABEL: usize = 17;

/// One `label  value` line of `tokens show`.
pub fn show_field(label: &str, value: &str) -> String {
    let line = format!("{label:<LABEL$}{}", inert(value));
    format!("{}\n", line.trim_end())
}

/// Labels of `tokens show`, in order.
pub const SHOW_NAME: &str = "Name";
/// Label.
pub const SHOW_ID: &str = "Id";
/// Label.
pub const SHOW_STATE: &str = "State";
/// Label.
pub const SHOW_VERSION: &str = "API version";
/// Label.
pub const SHOW_DESCRIPTION: &str = "Description";
/// Label.
pub const SHOW_CONTACT: &str = "Primary Contact";
/// Label.
pub const SHOW_EMAILS: &str = "Developers";
/// Label.
pub const SHOW_CREATED: &str = "Created On";

/// Heading of the scope list of `tokens show`.
pub fn show_scopes_heading(n: usize, writes: usize) -> String {
    format!("Scopes ({n}, {writes} that write)\n")
}
/// A category heading in `tokens show` and `tokens diff`.
pub fn category_line(name: &str) -> String {
    format!("  {}\n", inert(name))
}
/// One scope in `tokens show`: Id, method and path, flagged when it writes.
pub fn scope_line(id: &str, method: &str, path: &str, write: bool) -> String {
    let flag = if write { "  (write)" } else { "" };
    format!("    {:<40} {method:<6} {}{flag}\n", inert(id), inert(path))
}

/// Heading of the added scopes of `tokens diff`: those only B has.
pub fn diff_added_heading(n: usize, b: &str) -> String {
    format!("Added: {n} only in {}\n", inert(b))
}
/// Heading of the removed scopes of `tokens diff`: those only A has.
pub fn diff_removed_heading(n: usize, a: &str) -> String {
    format!("Removed: {n} only in {}\n", inert(a))
}
/// One added scope in `tokens diff`.
pub fn diff_added(id: &str) -> String {
    format!("    + {}\n", inert(id))
}
/// One removed scope in `tokens diff`.
pub fn diff_removed(id: &str) -> String {
    format!("    - {}\n", inert(id))
}
/// `tokens diff` when the scopes are equal.
pub fn diff_equal(a: &str, b: &str) -> String {
    format!("{} and {} grant the same scopes\n", inert(a), inert(b))
}
/// `tokens diff` of two tokens or specs for different account types.
pub fn diff_account_types(a: &str, b: &str) -> String {
    format!(
        "cannot compare {} and {}: they are for different account types",
        inert(a),
        inert(b)
    )
}

/// `tokens export -o FILE` done (on stderr).
pub fn exported(name: &str, path: &std::path::Path) -> String {
    format!("Exported '{}' to {}", inert(name), path.display())
}
/// `tokens export -o FILE` could not write.
pub fn export_failed(path: &std::path::Path, e: &str) -> String {
    format!("cannot write {}: {e}", path.display())
}

// ----- secrets of rotate and reset -----

/// `tokens rotate|reset` without a place for the secret.
pub const NO_SECRET_DESTINATION_TOKENS: &str = "say where the new secret goes: --secret-file PATH, --secret-to-command CMD or --show-secret (stdout)";
/// An empty `--secret-to-command`.
pub const EMPTY_SECRET_COMMAND: &str = "--secret-to-command needs a command";
/// The name of a command destination, in messages.
pub fn command_destination(cmd: &str) -> String {
    format!("the command `{}`", inert(cmd))
}
/// The secret command ended without success.
pub fn secret_command_status(status: &str) -> String {
    format!("it ended with {status}")
}
/// The secret command exited 0 without reading all of its input.
pub fn secret_command_unread(unread: usize, of: usize) -> String {
    format!(
        "it exited 0 but left {unread} of the {of} bytes unread; a command must read all of its input"
    )
}

// ----- confirmation -----

/// A change asked for without `--yes` and without a terminal to ask on.
pub const NEED_YES: &str =
    "no terminal to ask for confirmation on: pass --yes to go ahead without asking";
/// The question was answered no.
pub const CONFIRM_DECLINED: &str = "cancelled; nothing changed";
/// Ask before rotating.
pub fn confirm_rotate(name: &str, delete_old: bool, keep_old: bool) -> String {
    let then = match (delete_old, keep_old) {
        (true, _) => "deleted",
        (false, true) => "renamed as retired and left enabled",
        (false, false) => "disabled and renamed as retired",
    };
    format!(
        "Rotate '{}'? A new token takes its place and its name, and once the new one works this one is {then}. [y/N] ",
        inert(name)
    )
}
/// Ask before disabling.
pub fn confirm_disable(name: &str) -> String {
    format!(
        "Disable '{}'? Its credentials will be refused everywhere. [y/N] ",
        inert(name)
    )
}
/// Ask before enabling.
pub fn confirm_enable(name: &str) -> String {
    format!("Enable '{}'? [y/N] ", inert(name))
}
/// Ask before an upgrade.
pub fn confirm_upgrade(name: &str, from: &str, to: &str) -> String {
    format!(
        "Upgrade '{}' from API version {from} to {to}? Versions only go up. [y/N] ",
        inert(name)
    )
}
/// Ask before a reset or a delete: the name must be typed.
pub fn confirm_by_name(action: &str, name: &str) -> String {
    format!(
        "{action} '{}' cannot be undone. Type the token's name to go ahead: ",
        inert(name)
    )
}
/// Action word of a reset, for [`confirm_by_name`].
pub const ACTION_RESET: &str = "Resetting the Auth Token of";
/// Action word of a delete, for [`confirm_by_name`].
pub const ACTION_DELETE: &str = "Deleting";

// ----- primary contacts by name -----

/// A primary contact the account's users name: "Name (ID)".
pub fn contact_named(name: &str, id: &str) -> String {
    format!("{} ({})", inert(name), inert(id))
}
/// A primary contact that none of the account's users has as Id.
pub fn contact_unknown(id: &str) -> String {
    format!("{} (unknown user)", inert(id))
}
/// The server answered 404 to `GET {root}/Users`.
pub const USERS_NOT_SERVED: &str =
    "note: the server does not list the account's users; primary contacts are shown by user Id";
/// `GET {root}/Users` failed; contacts are shown by Id.
pub fn users_unread(reason: &str) -> String {
    format!(
        "note: the account's users could not be read ({}); primary contacts are shown by \
         user Id",
        inert(reason)
    )
}

// ----- results -----

/// One changed token, on stdout.
pub fn token_state_changed(name: &str, id: &str, state: &str) -> String {
    format!("{} (Id {}): {state}\n", inert(name), inert(id))
}
/// After a delete, on stdout.
pub fn token_deleted(name: &str, id: &str) -> String {
    format!("{} (Id {}): deleted\n", inert(name), inert(id))
}
/// After an upgrade, on stdout.
pub fn token_upgraded_to(name: &str, id: &str, version: &str) -> String {
    format!(
        "{} (Id {}): now on API version {}\n",
        inert(name),
        inert(id),
        inert(version)
    )
}

/// After a reset, on stdout.
pub fn token_reset(name: &str, id: &str) -> String {
    format!(
        "{} (Id {}): new Auth Token issued; the old one no longer works\n",
        inert(name),
        inert(id)
    )
}

// ----- upgrade -----

/// First line of `tokens upgrade`: what moves where.
pub fn upgrade_heading(name: &str, from: &str, to: &str) -> String {
    format!(
        "Upgrade '{}' from API version {} to {}\n",
        inert(name),
        inert(from),
        inert(to)
    )
}
/// `tokens upgrade` of a token already on the newest version.
pub fn already_newest(name: &str, version: &str) -> String {
    format!(
        "'{}' is already on API version {}, the newest: nothing to upgrade",
        inert(name),
        inert(version)
    )
}

/// `tokens upgrade --to V` on a token already on V (exit 0).
pub fn already_on_version(name: &str, version: &str) -> String {
    format!(
        "'{}' is already on API version {}: nothing to upgrade",
        inert(name),
        inert(version)
    )
}
/// `tokens upgrade --to` a version that is not above the token's.
pub fn upgrade_not_upward(name: &str, current: &str, to: &str) -> String {
    format!(
        "'{}' is on API version {}: API versions only go up, so it cannot move to {}",
        inert(name),
        inert(current),
        inert(to)
    )
}
/// `tokens upgrade --to` a version the server does not offer.
pub fn unknown_upgrade_version(to: &str, offered: &str) -> String {
    format!(
        "API version {} is not offered; the versions are {}",
        inert(to),
        inert(offered)
    )
}
/// A scope only the newer version offers, listed under its heading.
pub fn upgrade_new_scope(id: &str) -> String {
    format!("    {}\n", inert(id))
}

// ----- rotation -----

/// Step 1 starts.
pub fn rotate_duplicating(old: &str, new: &str) -> String {
    format!("1/5 duplicating '{}' as '{}'…", inert(old), inert(new))
}
/// Step 1 done.
pub fn rotate_duplicated(id: &str) -> String {
    format!("1/5 created the new token (Id {})", inert(id))
}
/// Step 2 done.
pub fn rotate_delivered(dest: &str) -> String {
    format!("2/5 new secret delivered to {dest}")
}
/// Step 3 starts.
pub const ROTATE_TESTING: &str = "3/5 testing the new token with its own credentials…";
/// Step 3 done.
pub const ROTATE_TESTED: &str = "3/5 the new token works";
/// Step 4 done.
pub fn rotate_disabled(old: &str) -> String {
    format!("4/5 disabled the old token '{}'", inert(old))
}
/// Step 4 when the old token was disabled already.
pub fn rotate_already_disabled(old: &str) -> String {
    format!("4/5 the old token '{}' was disabled already", inert(old))
}
/// Step 4 with `--keep-old`.
pub fn rotate_kept_enabled(old: &str) -> String {
    format!(
        "4/5 left the old token '{}' enabled, as asked (--keep-old)",
        inert(old)
    )
}
/// Step 4 waits (`--grace`), on a line rewritten each second when stderr is
/// a terminal.
pub fn rotate_grace_left(left: &str) -> String {
    format!("4/5 disabling the old token in {left} · Ctrl-C now keeps both tokens enabled")
}
/// What is left of a wait, rounded up to the second: `1h 02m 05s`,
/// `9m 58s`, `42s`.
pub fn time_left(left: std::time::Duration) -> String {
    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m {s:02}s"),
        (h, m, s) => format!("{h}h {m:02}m {s:02}s"),
    }
}
/// The grace wait was interrupted.
pub fn rotate_grace_interrupted(old: &str, old_id: &str) -> String {
    format!(
        "rotation stopped at step 4 (interrupted): the new token works and is delivered; the old token '{}' is still enabled, so both are. Retire it when ready: impact-token tokens disable {} --yes",
        inert(old),
        inert(old_id)
    )
}
/// Step 5: the old token deleted.
pub fn rotate_deleted(old: &str) -> String {
    format!("5/5 deleted the old token '{}'", inert(old))
}
/// Step 5: the old token renamed as retired.
pub fn rotate_renamed_old(retired: &str) -> String {
    format!("5/5 renamed the old token '{}'", inert(retired))
}
/// Step 5: the new token takes the old one's name.
pub fn rotate_renamed_new(name: &str) -> String {
    format!("5/5 the new token is now named '{}'", inert(name))
}
/// After `--keep-old`: the one command that retires the old token.
pub fn rotate_retire_later(old: &str, old_id: &str) -> String {
    format!(
        "the old token '{}' is still enabled; retire it later with: impact-token tokens disable {} --yes",
        inert(old),
        inert(old_id)
    )
}
/// A disabled token is not rotated without `--from-disabled`.
pub fn rotate_disabled_refused(name: &str, id: &str) -> String {
    format!(
        "'{}' (Id {}) is disabled: rotating it would make an enabled copy, giving back access an admin switched off. Nothing was done. To rotate it anyway, add --from-disabled (the new token is enabled)",
        inert(name),
        inert(id)
    )
}
/// Said before rotating a disabled token with `--from-disabled`.
pub fn rotate_copy_of_disabled(name: &str) -> String {
    format!(
        "note: '{}' is disabled; its new copy will be ENABLED (--from-disabled)",
        inert(name)
    )
}
/// Step 5 failed: what each token is called now, and how to finish.
pub fn rotate_not_finished(
    why: &str,
    now: &str,
    new: (&str, &str),
    old: Option<(&str, &str)>,
    original: &str,
) -> String {
    let old = match old {
        Some((name, id)) => format!(
            "the old token is '{}' (Id {}); {now}",
            inert(name),
            inert(id)
        ),
        None => "the old token is deleted".to_string(),
    };
    format!(
        "rotation stopped at step 5 ({}): the new token works and is named '{}' (Id {}); {old}. To finish, give the new token the name '{}' (API page: Edit)",
        inert(why),
        inert(new.0),
        inert(new.1),
        inert(original)
    )
}
/// Rotation done, on stdout. `old`: the old token's name and whether it is
/// enabled (`None`: deleted).
pub fn rotated(old: &str, new: &str, new_id: &str, kept: Option<(&str, bool)>) -> String {
    let then = match kept {
        None => "deleted".to_string(),
        Some((name, true)) => format!("now '{}', still enabled", inert(name)),
        Some((name, false)) => format!("now '{}', disabled", inert(name)),
    };
    format!(
        "Rotated '{}': the new token is '{}' (Id {}); the old token is {then}\n",
        inert(old),
        inert(new),
        inert(new_id)
    )
}
/// Step 1 failed.
pub fn rotate_not_created(why: &str) -> String {
    format!("rotation stopped at step 1: no new token was made, the old one is unchanged: {why}")
}
/// Step 2 failed.
pub fn rotate_not_delivered(new: &str, new_id: &str) -> String {
    format!(
        "rotation stopped at step 2: the new token '{}' (Id {}) exists but its secret was not delivered; the old token is still enabled. Save the secret shown, or delete the new token: impact-token tokens delete {} --yes",
        inert(new),
        inert(new_id),
        inert(new_id)
    )
}
/// Step 3 failed.
pub fn rotate_test_failed(new: &str, new_id: &str, why: &str) -> String {
    format!(
        "rotation stopped at step 3: the new token '{}' (Id {}) was delivered but failed its test ({}); the old token is still enabled",
        inert(new),
        inert(new_id),
        inert(why)
    )
}
/// Step 4 failed.
/// `now` says the old token's state as read after the failure
/// ([`rotate_old_now`]).
pub fn rotate_old_not_disabled(old: &str, old_id: &str, why: &str, now: &str) -> String {
    format!(
        "rotation stopped at step 4: the new token works, but the old token '{}' could not be disabled ({}); {now}. Retry: impact-token tokens disable {} --yes",
        inert(old),
        inert(why),
        inert(old_id)
    )
}
/// What the old token is after a failed step 4 or 5, as far as known:
/// `state` is its state read after the failure (`Some("")`: unchanged,
/// `None`: gone); `unknown` when no read could tell.
pub fn rotate_old_now(state: Option<&str>, unknown: bool, old_id: &str) -> String {
    match (unknown, state) {
        (true, _) => format!(
            "whether it changed is unknown (the answer was lost); see it with: impact-token tokens show {}",
            inert(old_id)
        ),
        (false, Some("")) => "it is unchanged".to_string(),
        (false, Some(state)) => format!("it changed meanwhile and is now {state}"),
        (false, None) => "it has been deleted meanwhile".to_string(),
    }
}
/// Step 5 failed.
pub fn rotate_old_not_deleted(old: &str, old_id: &str, why: &str, now: &str) -> String {
    format!(
        "rotation stopped at step 5: the new token works, but the old token '{}' could not be deleted ({}); {now}. Retry: impact-token tokens delete {} --yes",
        inert(old),
        inert(why),
        inert(old_id)
    )
}

// ----- changes that failed or may have -----

/// An answer of another kind than the change asked for.
pub const UNEXPECTED_ANSWER: &str =
    "the server answered with something other than the change asked for";

/// A change refused because the token changed since it was read (exit 18).
/// `now`: the token's state now, when it still exists.
pub fn cli_changed_meanwhile(name: &str, id: &str, now: Option<&str>) -> String {
    let now = match now {
        Some(state) => format!("it is now {state}"),
        None => "it has been deleted".to_string(),
    };
    format!(
        "{} (Id {}) changed since it was read (another admin or another command changed it; \
         {now}). Nothing was done. See it with: impact-token tokens show {}",
        inert(name),
        inert(id),
        inert(id)
    )
}

/// A change whose answer was lost and whose outcome a fresh read could not
/// tell (exit 19): what may have happened, and the command that finds out.
pub fn cli_outcome_unknown(
    name: &str,
    id: &str,
    reset: bool,
    why: &str,
    key: &str,
    changed: bool,
) -> String {
    let (name, id) = (inert(name), inert(id));
    if reset {
        let may = if changed {
            "The token shows a change since it was read: it was probably reset, and its old \
             Auth Token may already be refused"
        } else {
            "It may or may not have been reset"
        };
        format!(
            "The answer to the reset of {name} (Id {id}) was lost: {why}. {may}. The new secret \
             is kept by the server under this request's Idempotency-Key; to receive it (or to \
             reset once, if the first request never arrived), run:\n  impact-token tokens reset \
             {id} --idempotency-key {key} (with the same --secret-file/--secret-to-command/\
             --show-secret)"
        )
    } else {
        format!(
            "The answer to the change of {name} (Id {id}) was lost: {why}. Reading the token \
             again could not tell whether the change was made. See it with: impact-token tokens \
             show {id}"
        )
    }
}
