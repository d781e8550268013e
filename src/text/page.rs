//! The API page's words for the focused token, the caller's permissions
//! and a rotation made from the menu.

use super::inert;

/// The line under the list: the focused token's whole name.
pub fn selected_token(name: &str) -> String {
    format!("Selected: {}", inert(name))
}
