//! The API page's words for the focused token, the caller's permissions
//! and a rotation made from the menu.

use super::inert;

/// The line under the list: the focused token's whole name.
pub fn selected_token(name: &str) -> String {
    format!("Selected: {}", inert(name))
}

/// Said when a change is asked of a caller the server says may not make
/// one (it fits 80 columns with the longest brand role).
pub fn not_permitted(role: Option<&str>) -> String {
    match role {
        Some(role) => format!(
            "Not permitted: your role ({}) may not create or change tokens.",
            inert(role)
        ),
        None => "Not permitted: you may not create or change tokens.".to_string(),
    }
}

/// The API page's foot when the caller may not change tokens.
pub fn read_only(role: Option<&str>) -> String {
    match role {
        Some(role) => format!("Read only: {} may not change tokens", inert(role)),
        None => "Read only: you may not change tokens".to_string(),
    }
}
