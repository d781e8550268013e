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

/// Menu item: Rotate (this project's).
pub const MENU_ROTATE: &str = "Rotate";
/// Rotate's question: the names it gives and what it does to the old token.
pub fn rotate_ask(name: &str, rotating: &str, retired: &str) -> String {
    let name = inert(name);
    format!(
        "Rotate '{name}'? First a copy with the same settings is made as '{}' and its secret shown once, for you to save. Once you leave that screen, the copy is tested, '{name}' is disabled and renamed '{}', and the copy takes the name '{name}'.",
        inert(rotating),
        inert(retired)
    )
}
/// A disabled token is not offered rotation (its copy would be enabled).
pub const ROTATE_DISABLED: &str =
    "Not rotated: the token is disabled and its copy would be enabled.";
/// A rotation is running: another waits.
pub const ROTATE_BUSY: &str = "A rotation is under way: wait until it ends.";
/// Step 2 on the secret screen.
pub const ROTATE_SAVE_SECRET: &str =
    "2/5 save the new secret: leaving this screen runs steps 3 to 5";
/// Step 2 done: the secret screen was left.
pub const ROTATE_SECRET_SAVED: &str = "2/5 the new secret was saved";
/// The result's title.
pub const ROTATE_DONE_TITLE: &str = "Rotated";
/// The result's title when a step failed.
pub const ROTATE_STOPPED_TITLE: &str = "Rotation stopped";
