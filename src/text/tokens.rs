//! The API page: the token list, its filters, the per-token menu, diffs.

use super::*;

/// Filter label: any creation date.
pub const CREATED_ANY: &str = "Any time";
/// Filter label: created within 7 days.
pub const CREATED_LAST_7_DAYS: &str = "Last 7 days";
/// Filter label: created within 30 days.
pub const CREATED_LAST_30_DAYS: &str = "Last 30 days";
/// Filter label: created more than 30 days ago.
pub const CREATED_OLDER: &str = "More than 30 days";
/// Filter label: either state.
pub const STATE_ANY: &str = "Any state";
/// State label of a token whose credentials work.
pub const STATE_ENABLED: &str = "Enabled";
/// State label of a token refused everywhere.
pub const STATE_DISABLED: &str = "Disabled";
/// Group name for scope Ids that the catalog does not know.
pub const UNKNOWN_SCOPES: &str = "Not in this catalog";

/// `--created` takes one of three words.
pub fn bad_created_filter(value: &str) -> String {
    format!("--created takes 7d, 30d or older, not '{}'", inert(value))
}
/// `--state` takes one of two words.
pub fn bad_state_filter(value: &str) -> String {
    format!("--state takes enabled or disabled, not '{}'", inert(value))
}
/// No token has this name or Id.
pub fn no_such_token(name_or_id: &str) -> String {
    format!("no token is named '{}' or has that Id", inert(name_or_id))
}
/// The name of a duplicate, before any number is added.
pub fn copy_name(name: &str) -> String {
    format!("{name} (copy)")
}
/// The name of a duplicate when "NAME (copy)" is taken.
pub fn copy_name_numbered(name: &str, n: usize) -> String {
    format!("{name} (copy {n})")
}

/// The name a rotation gives the new token until it takes the old one's.
pub fn rotating_name(name: &str) -> String {
    format!("{name} (rotating)")
}
/// [`rotating_name`] when taken.
pub fn rotating_name_numbered(name: &str, n: usize) -> String {
    format!("{name} (rotating {n})")
}
/// The name a rotation gives the old token: retired, and when (`when` is
/// UTC, to the minute).
pub fn retired_name(name: &str, when: &str) -> String {
    format!("{name} (retired {when})")
}
/// [`retired_name`] when taken.
pub fn retired_name_numbered(name: &str, when: &str, n: usize) -> String {
    format!("{name} (retired {when} #{n})")
}
/// A duration that is not `90s`, `10m`, `2h` or `1h30m`.
pub fn bad_duration(value: &str) -> String {
    format!(
        "'{}' is not a duration: write it as 90s, 10m, 2h or 1h30m (at most 24h)",
        inert(value)
    )
}

/// Placeholder of the API page's Search by Name field: none, as its label
/// already says it (and the field may be a few columns wide).
pub const PH_TOKEN_SEARCH: &str = "";
/// The API page's title.
pub const PAGE_TITLE: &str = "API Access Tokens";
/// Filter label: Search by Name.
pub const FILTER_NAME: &str = "Search by Name";
/// Filter label: Search by Name, where the line is narrow.
pub const FILTER_NAME_SHORT: &str = "Name";
/// Filter label: Created On.
pub const FILTER_CREATED: &str = "Created On";
/// Filter label: State.
pub const FILTER_STATE: &str = "State";
/// A filter's label with the key that changes it: `Created On (c): `.
pub fn filter_label(label: &str, key: &str) -> String {
    if key.is_empty() {
        format!("{label}: ")
    } else {
        format!("{label} ({key}): ")
    }
}
/// Column title: the token's name.
pub const COL_NAME: &str = "Name";
/// Column title: enabled or disabled.
pub const COL_STATE: &str = "State";
/// Column title: the API version.
pub const COL_VERSION: &str = "API version";
/// Column title: the API version, where a long name needs the room.
pub const COL_VERSION_SHORT: &str = "Ver.";
/// Column title: how many scopes.
pub const COL_SCOPES: &str = "Scopes";
/// Column title: the creation date.
pub const COL_CREATED: &str = "Created On";
/// Column title: the Primary Contact.
pub const COL_CONTACT: &str = "Primary Contact";
/// The list while its first page is on its way.
pub const TOKENS_LOADING: &str = "Loading the tokens…";
/// The list is empty.
pub const NO_TOKENS: &str = "No tokens yet: n creates one.";
/// No token passes the filters.
pub const NO_TOKEN_MATCHES: &str = "No token matches the filters (Esc clears them).";
/// The list's foot: how many show, of how many loaded, and whether more come.
pub fn tokens_count(shown: usize, loaded: usize, loading: bool) -> String {
    let more = if loading { " · loading more…" } else { "" };
    let noun = if loaded == 1 { "token" } else { "tokens" };
    if shown == loaded {
        format!("{loaded} {noun}{more}")
    } else {
        format!("{shown} of {loaded} {noun}{more}")
    }
}
/// Loading the list failed.
pub fn tokens_failed(why: &str) -> String {
    format!("Loading the tokens failed: {why}")
}
/// Reloading the list.
pub const TOKENS_RELOADING: &str = "Reloading the tokens…";
/// Menu item: Duplicate.
pub const MENU_DUPLICATE: &str = "Duplicate";
/// Menu item: Reset.
pub const MENU_RESET: &str = "Reset";
/// Menu item: Upgrade Version.
pub const MENU_UPGRADE: &str = "Upgrade Version";
/// Menu item: Disable.
pub const MENU_DISABLE: &str = "Disable";
/// Menu item: Enable.
pub const MENU_ENABLE: &str = "Enable";
/// Menu item: Delete.
pub const MENU_DELETE: &str = "Delete";
/// Menu item: Edit.
pub const MENU_EDIT: &str = "Edit";
/// Reset's question.
pub fn reset_ask(name: &str) -> String {
    let name = inert(name);
    format!(
        "Reset '{name}'? It gets a new Auth Token, shown once; the current one stops working at once."
    )
}
/// Delete's question.
pub fn delete_ask(name: &str) -> String {
    let name = inert(name);
    format!("Delete '{name}'? Everything that uses it stops working. This cannot be undone.")
}
/// Under Reset's and Delete's question.
pub const TYPE_NAME_TO_CONFIRM: &str = "Type the token's name to confirm:";
/// The typed name is not the token's.
pub const NAME_DOES_NOT_MATCH: &str = "The typed name is not the token's name; nothing was done.";
/// Disable's question.
pub fn disable_ask(name: &str) -> String {
    let name = inert(name);
    format!("Disable '{name}'? Its credentials are refused (403) until it is enabled again.")
}
/// Enable's question.
pub fn enable_ask(name: &str) -> String {
    let name = inert(name);
    format!("Enable '{name}'? Its credentials work again at once.")
}
/// Upgrade Version's question.
pub fn upgrade_ask(name: &str, from: &str, to: &str) -> String {
    let name = inert(name);
    format!("Upgrade '{name}' from API version {from} to {to}? Versions only go up.")
}
/// The token is on the newest version.
pub fn no_newer_version(version: &str) -> String {
    format!("API version {version} is the newest: there is nothing to upgrade to.")
}
/// Upgrade Version while the catalogs load.
pub const UPGRADE_LOADING: &str = "Loading both versions' scope catalogs…";
/// Upgrade Version: the catalogs could not be loaded.
pub fn upgrade_catalogs_failed(why: &str) -> String {
    format!("The scope catalogs could not be loaded: {why}")
}
/// Upgrade Version: heading of the scopes the newer catalog lacks.
pub fn upgrade_missing(n: usize, to: &str) -> String {
    format!("Dropped, not in version {to}: {n}")
}
/// Upgrade Version: heading of the scopes only the newer catalog has.
pub fn upgrade_new(n: usize, to: &str) -> String {
    format!("New in version {to} (not selected): {n}")
}
/// Upgrade Version: nothing changes in the scopes.
pub const UPGRADE_SAME_SCOPES: &str = "The token's scopes are all offered by the newer version.";
/// Upgrade Version: more than one newer version.
pub const UPGRADE_OTHER_VERSIONS: &str = "←/→ picks another newer version.";
/// An action is on its way to the server.
pub fn token_op_running(what: &str, name: &str) -> String {
    let name = inert(name);
    format!("{what} '{name}'…")
}
/// An action failed.
pub fn token_op_failed(what: &str, why: &str) -> String {
    format!("{what} failed: {why}")
}
/// A token was disabled.
pub fn token_disabled(name: &str) -> String {
    let name = inert(name);
    format!("'{name}' is disabled: its credentials are refused.")
}
/// A token was enabled.
pub fn token_enabled(name: &str) -> String {
    let name = inert(name);
    format!("'{name}' is enabled.")
}
/// A token was upgraded.
pub fn token_upgraded(name: &str, version: &str) -> String {
    let name = inert(name);
    format!("'{name}' now uses API version {version}.")
}
/// A token was deleted.
pub fn page_token_deleted(name: &str) -> String {
    format!("'{}' was deleted.", inert(name))
}
/// After Reset's secret screen.
pub fn token_was_reset(name: &str, id: &str) -> String {
    format!(
        "Token '{}' (Id {}) has a new Auth Token; the old one no longer works.",
        inert(name),
        inert(id)
    )
}
/// Details: title.
pub fn details_title(name: &str) -> String {
    let name = inert(name);
    format!("Token '{name}'")
}
/// Details: the field labels, in order.
pub const DETAIL_ID: &str = "Id";
/// Details: description.
pub const DETAIL_DESCRIPTION: &str = "Description";
/// Details: developer e-mails.
pub const DETAIL_EMAILS: &str = "Developer e-mails";
/// Details: scopes heading.
pub fn detail_scopes(n: usize, writes: usize) -> String {
    format!("Scopes: {n} ({writes} with write access)")
}
/// Details: nothing.
pub const DETAIL_NONE: &str = "(none)";
/// A token's state as read again, for the messages below.
pub fn token_state_now(name: &str, enabled: bool, version: &str) -> String {
    let state = if enabled { "enabled" } else { "disabled" };
    format!(
        "'{}', {state}, on API version {}",
        inert(name),
        inert(version)
    )
}
/// A change refused because the token changed meanwhile.
pub fn token_changed_meanwhile(what: &str, name: &str, now: &str) -> String {
    format!(
        "{what} '{}' was not made: the token changed meanwhile (another admin or command came \
         first), so nothing was sent over it. It is now {now}. The list is read again.",
        inert(name)
    )
}
/// A reset refused because another reset or change came first.
pub fn reset_lost_the_race(name: &str, now: &str) -> String {
    format!(
        "Your Reset of '{}' was not made: another reset or change came first. Its Auth Token \
         is whatever that change left, not a new one from you. It is now {now}. The list is \
         read again.",
        inert(name)
    )
}
/// The list read again no longer has the token a menu, its details or a
/// question was open on: that closed, nothing sent.
pub const PAGE_OPEN_TOKEN_GONE: &str =
    "The token that was open is no longer listed (deleted meanwhile): nothing was sent.";
/// A change refused because the token is gone (or could not be read again).
pub fn token_gone_meanwhile(what: &str, name: &str) -> String {
    format!(
        "{what} '{}' was not made: the token was deleted meanwhile (or could not be read \
         again). The list is read again.",
        inert(name)
    )
}
/// A change whose every answer was lost (not a reset).
pub fn token_op_unknown(what: &str, name: &str) -> String {
    format!(
        "The answer to {what} '{}' was lost, so whether it was made is unknown. The list is \
         read again to show the token as it is.",
        inert(name)
    )
}
/// A reset whose every answer was lost: the status line.
pub fn reset_outcome_unknown(name: &str) -> String {
    format!(
        "The answer to Reset '{}' was lost: the token may have been reset.",
        inert(name)
    )
}
/// The lost reset's dialog title.
pub const RESET_LOST_TITLE: &str = "Reset: the answer was lost";
/// The lost reset's dialog: what may have happened.
pub fn reset_lost(name: &str) -> String {
    format!(
        "The answer to Reset '{}' was lost. The token may have been reset: its old Auth Token \
         may already be refused, and only the server's answer holds the new one.",
        inert(name)
    )
}
/// The lost reset's dialog: what asking again does.
pub const RESET_ASK_AGAIN: &str = "Ask again with the same request: the server answers with \
    the same new Auth Token if the reset was made, or resets once if it was not.";
/// The lost reset's dialog was closed without asking again.
pub const RESET_LOST_LEFT: &str = "Not asked again: the token may have a new Auth Token that \
    nobody holds. Reset it again to get one that works.";
