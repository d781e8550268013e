//! What a key can mean: the actions the binding table maps keys to.

use crossterm::event::KeyEvent;

use crate::tui::step::Step;

/// What a key means in context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Quit (asks first when input would be lost).
    Quit,
    /// Toggle the key overlay.
    Help,
    /// Next panel (refused while the panel is invalid).
    Next,
    /// Previous panel.
    Back,
    /// Open a panel directly.
    Goto(Step),
    /// Next field in the panel.
    FocusNext,
    /// Previous field in the panel.
    FocusPrev,
    /// Cursor up.
    Up,
    /// Cursor down.
    Down,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// First row.
    Home,
    /// Last row.
    End,
    /// Collapse / previous value.
    Left,
    /// Expand / next value.
    Right,
    /// Space: toggle a checkbox or category, pick a contact.
    Toggle,
    /// Enter: confirm, add, advance, or submit.
    Enter,
    /// Clear All scopes.
    ClearAll,
    /// Check or uncheck every scope of the current category.
    ToggleCategoryAll,
    /// Remove the focused e-mail.
    Delete,
    /// Esc: cancel, close, or clear.
    Cancel,
    /// Open the scope search line.
    Search,
    /// Export the request as a spec file.
    Export,
    /// Write the request as steps for impact.com's web page (Markdown).
    Checklist,
    /// Open the preset list.
    Presets,
    /// Undo the last preset or Clear All.
    Undo,
    /// Save the selection as a named preset.
    SavePreset,
    /// Copy the secret (OSC 52).
    Copy,
    /// Save the secret to a file (0600, never overwriting).
    SaveSecret,
    /// Test what the new token may call.
    Probe,
    /// A letter choice on the welcome screen.
    Pick(char),
    /// Answer yes.
    Yes,
    /// Answer no.
    No,
    /// Try a failed connection or load again.
    Retry,
    /// Ctrl-Z: stop like any full-screen program (the event loop acts on it).
    Suspend,
    /// Ctrl-L: repaint every cell (the event loop acts on it).
    Redraw,
    /// API page: open the wizard to create a token.
    NewToken,
    /// API page: open the focused token's menu.
    TokenMenu,
    /// API page: next value of the Created On filter.
    CycleCreated,
    /// API page: next value of the State filter.
    CycleState,
    /// API page: load the list again.
    Reload,
    /// A key for the focused text field.
    Edit(KeyEvent),
}
