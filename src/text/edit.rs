//! Duplicate and Edit: the wizard's panels when they start from a token.

use super::*;

/// Edit's panel titles, as the tabs of impact's Edit page (the last is Update).
pub const EDIT_TITLES: [&str; 4] = ["Overview", "API Credentials", "API Scopes", "Update"];
/// The Update button.
pub const UPDATE_BUTTON: &str = "Update";
/// Beside it: the key that reviews and sends, and the keys that scroll.
pub fn update_hint(enter: &str, scroll: &str) -> String {
    let mut parts = Vec::new();
    if !enter.is_empty() {
        parts.push(format!("{enter} confirms and sends the update"));
    }
    if !scroll.is_empty() {
        parts.push(format!("{scroll} scroll"));
    }
    parts.join(" · ")
}
/// Footer word for Enter on the Update panel.
pub const UPDATE_KEY: &str = "update";
/// While the update is sent.
pub const UPDATING: &str = "Updating token…";
/// Update pressed with nothing changed.
pub const NOTHING_TO_UPDATE: &str = "Nothing to update: the settings and scopes are unchanged.";
/// The review line when only scopes changed.
pub const FIELDS_UNCHANGED: &str = "Name, description, version, contact and e-mails unchanged";
/// The review line when the scopes did not change.
pub const SCOPES_UNCHANGED: &str = "unchanged";
/// Duplicate or Edit asked for while something else needs finishing.
pub const FINISH_CURRENT_FIRST: &str =
    "Finish or close what is open first (the new token, the running request or the question)";
/// Cancelled while an update was on its way.
pub const UPDATE_CANCELLED: &str =
    "Cancelled. The server may already have applied the update; sending it again is safe.";

/// Under Edit's version picker; `keys` are the keys that change it.
pub fn edit_version_hint(keys: &str) -> String {
    let lead = "A token's API version may stay or go up, never down.";
    if keys.is_empty() {
        lead.to_string()
    } else {
        format!("{lead} {keys} to change.")
    }
}
/// The breadcrumb's last part while editing.
pub fn edit_crumb(name: &str) -> String {
    format!("Edit {}", inert(name))
}
/// The breadcrumb's last part while duplicating.
pub fn duplicate_crumb(name: &str) -> String {
    format!("Duplicate {}", inert(name))
}
/// The review's scope line: how many are added and removed.
pub fn scopes_changed(added: usize, removed: usize) -> String {
    format!("{added} added, {removed} removed")
}
/// A changed value, before and after.
pub fn changed(before: &str, after: &str) -> String {
    format!("{before} → {after}")
}
/// The second confirmation before an update.
pub fn confirm_update(name: &str, fields: usize, added: usize, removed: usize) -> String {
    format!(
        "Update '{}'? {fields} {} and {} scope{} change; the token keeps its Auth Token.",
        inert(name),
        plural(fields, "setting", "settings"),
        added + removed,
        if added + removed == 1 { "" } else { "s" },
    )
}
/// After a successful update.
pub fn token_updated(name: &str) -> String {
    format!("Token {} updated", inert(name))
}
/// After a duplicate was made and its secret screen left.
pub fn token_duplicated(name: &str) -> String {
    format!("Token {} created", inert(name))
}
/// A token's scopes that the catalog does not offer.
pub fn scopes_not_in_catalog(ids: &[String]) -> String {
    let shown: Vec<String> = ids.iter().take(3).map(|s| inert(s)).collect();
    let more = if ids.len() > 3 {
        format!(" and {} more", ids.len() - 3)
    } else {
        String::new()
    };
    format!(
        "Not in this version's catalog, so not selected: {}{more}",
        shown.join(", ")
    )
}
/// The token's primary contact is not among the active users.
pub fn contact_not_active(user_id: &str) -> String {
    format!(
        "The primary contact {} is not an active user: pick another",
        inert(user_id)
    )
}
/// The token's version is not offered.
pub fn version_not_offered(version: &str) -> String {
    format!(
        "API version {} is not offered here; the nearest newer one (or the latest) is chosen",
        inert(version)
    )
}
/// The title of the question after an update refused for a change made meanwhile.
pub const MEANWHILE_TITLE: &str = "Changed meanwhile";
/// Its first line.
pub fn meanwhile_head(name: &str) -> String {
    format!(
        "Someone else changed '{}' after your edit began, so your update was not sent. \
         Their changes:",
        inert(name)
    )
}
/// Its question.
pub const MEANWHILE_REAPPLY: &str = "Re-apply your edit on top of theirs? You review the \
    result before anything is sent.";
/// Settings both changed differently.
pub fn meanwhile_conflicts(n: usize) -> String {
    format!(
        "You both changed {n} {} differently: you choose next which to keep.",
        plural(n, "setting", "settings")
    )
}
/// No to the question: the edit stays.
pub const MEANWHILE_NOT_NOW: &str = "Your edit stays as typed and was not sent; updating \
    again shows what changed meanwhile.";
/// The title of the question about settings both changed.
pub const KEEP_MINE_TITLE: &str = "Both changed";
/// Its question.
pub const KEEP_MINE_QUESTION: &str =
    "You and the other change set these differently. Keep your values?";
/// A setting both changed: theirs and mine.
pub fn conflict_values(theirs: &str, mine: &str) -> String {
    format!("theirs {} · yours {}", inert(theirs), inert(mine))
}
/// After re-applying: the review shows the edit on top of the token now.
pub const EDIT_REAPPLIED: &str =
    "Your edit is now on top of the other change: review it, then confirm to send.";
/// The token being edited is gone.
pub fn edit_target_gone(name: &str) -> String {
    format!(
        "'{}' was deleted meanwhile (or could not be read again): your edit was not sent.",
        inert(name)
    )
}
/// An update refused after its edit was left.
pub fn edit_changed_after_leaving(name: &str) -> String {
    format!(
        "The update of '{}' was not made: the token changed meanwhile.",
        inert(name)
    )
}
/// Every answer to an update was lost.
pub const EDIT_OUTCOME_UNKNOWN: &str = "The answer to the update was lost, so whether it was \
    made is unknown. Your edit stays as typed; sending it again is safe and finds out.";
