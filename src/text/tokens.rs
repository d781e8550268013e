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
