//! Key names in the help rows and hints, and errors of `[keys]` rebinding.

use super::*;

// ----- keys: help rows, footer hints, rebinding errors -----

/// Help row: Tab / Shift-Tab.
pub const KEYS_FIELDS: &str = "next / previous field in a panel";
/// Help row: Enter.
pub const KEYS_CONFIRM: &str = "confirm; on the last field, Next";
/// Help row: Ctrl-N / Ctrl-P.
pub const KEYS_PANELS: &str = "Next / Back between panels";
/// Help row: open a panel.
pub const KEYS_GOTO: &str = "open a panel (digits outside text fields)";
/// Help row: up / down.
pub const KEYS_MOVE: &str = "up / down (letters outside text fields)";
/// Help row: left / right.
pub const KEYS_FOLD: &str = "collapse / expand a category; change version";
/// Help row: page up / down.
pub const KEYS_PAGE: &str = "scroll a page up / down";
/// Help row: first / last row.
pub const KEYS_ENDS: &str = "first / last row";
/// Help row: Space.
pub const KEYS_TOGGLE: &str = "toggle a category or scope; pick a contact";
/// Help row: search.
pub const KEYS_SEARCH: &str = "search scopes: category, name, method, path, Id";
/// Help row: a whole category.
pub const KEYS_CATEGORY_ALL: &str = "check / uncheck every shown scope in the category";
/// Help row: Clear All.
pub const KEYS_CLEAR_ALL: &str = "Clear All scopes (asks above 10)";
/// Help row: presets.
pub const KEYS_PRESETS: &str = "presets: apply (shows the change) / undo / save";
/// Help row: remove an e-mail.
pub const KEYS_DELETE: &str = "remove the focused developer e-mail";
/// Help row: Esc.
pub const KEYS_CANCEL: &str = "cancel a running create; clear a search or filter";
/// Help row: export.
pub const KEYS_EXPORT: &str = "export the request: spec file / web-page steps";
/// Help row: the new token's keys.
pub const KEYS_SECRET: &str = "new token: copy (OSC 52) / save (0600) / test it";
/// Help row: terminal keys and retry.
pub const KEYS_TERMINAL: &str = "suspend (fg resumes) / redraw / retry a load";
/// Help row: this help.
pub const KEYS_HELP: &str = "this help";
/// Help row: quit.
pub const KEYS_QUIT: &str = "quit (asks when input would be lost)";
/// Help: how to rebind.
pub const KEYS_REBIND: &str = "Rebind keys in config.toml: [keys.panels] clear_all = \"x\"";
/// Help: how to rebind, when `[keys]` changed something.
pub const KEYS_REBOUND: &str = "Keys rebound by [keys] in config.toml are shown.";
/// Help: the API page's keys.
pub const KEYS_TOKENS: &str = "API page: new token / details / token menu / reload";
/// Help: the API page's filters.
pub const KEYS_FILTERS: &str = "search by name / created on / state / clear filters";
/// Footer hint words, after the key.
pub mod hint {
    /// Help is open.
    pub const HELP_OPEN: &str = "any key closes the help";
    /// Move in a list.
    pub const CHOOSE: &str = "choose";
    /// Review a preset.
    pub const REVIEW: &str = "review the change";
    /// Close a list.
    pub const CLOSE: &str = "close";
    /// Save.
    pub const SAVE: &str = "save";
    /// Read a file.
    pub const READ: &str = "read";
    /// Cancel.
    pub const CANCEL: &str = "cancel";
    /// Yes.
    pub const YES: &str = "yes";
    /// No.
    pub const NO: &str = "no";
    /// Create panel: write the web page's steps.
    pub const WEB_STEPS: &str = "web steps";
    /// The draft question: resume it.
    pub const RESUME: &str = "resume";
    /// The draft question: decide later, the draft stays.
    pub const NOT_NOW_DRAFT: &str = "not now (kept)";
    /// The draft question: discard it (asked once more).
    pub const DISCARD: &str = "discard…";
    /// Discarding a draft, confirmed.
    pub const DISCARD_FOR_GOOD: &str = "discard it";
    /// Discarding a draft, not confirmed.
    pub const KEEP_IT: &str = "keep it";
    /// A lost reset: ask again with the same key.
    pub const ASK_AGAIN: &str = "ask again";
    /// Changed meanwhile: re-apply the edit on top.
    pub const REAPPLY: &str = "re-apply my edit on top";
    /// Changed meanwhile: not now.
    pub const NOT_NOW: &str = "not now (nothing sent)";
    /// Both changed: keep mine.
    pub const KEEP_MINE: &str = "keep mine";
    /// Both changed: take theirs.
    pub const TAKE_THEIRS: &str = "take theirs";
    /// Welcome: the sandbox.
    pub const SANDBOX: &str = "sandbox";
    /// Welcome: a profile.
    pub const PROFILE: &str = "set up a profile";
    /// Quit.
    pub const QUIT: &str = "quit";
    /// Profile picker: Enter.
    pub const USE_PROFILE: &str = "use this profile";
    /// Next field.
    pub const FIELD: &str = "field";
    /// The account type picker.
    pub const ACCOUNT_TYPE: &str = "account type";
    /// Profile form: Enter.
    pub const NEXT_OR_SAVE: &str = "next / save";
    /// Back.
    pub const BACK: &str = "back";
    /// Credentials: Tab.
    pub const SWITCH_FIELD: &str = "switch field";
    /// Credentials: Enter.
    pub const CONTINUE: &str = "continue";
    /// Secret: copy.
    pub const COPY: &str = "copy";
    /// Secret: copy, in the screen body.
    pub const COPY_OSC52: &str = "copy (OSC 52)";
    /// Secret: save, footer.
    pub const SAVE_TO_FILE: &str = "save to file";
    /// Secret: save, in the screen body.
    pub const SAVE_TO_A_FILE: &str = "save to a file";
    /// Secret: probe.
    pub const TEST: &str = "test the token";
    /// Secret: leave.
    pub const DONE: &str = "done";
    /// Help.
    pub const HELP: &str = "help";
    /// Help, on the scope tree.
    pub const KEYS: &str = "keys";
    /// Version picker.
    pub const VERSION: &str = "version";
    /// Next panel.
    pub const NEXT: &str = "next";
    /// Next field.
    pub const NEXT_FIELD: &str = "next field";
    /// Contacts filter.
    pub const TYPE_TO_FILTER: &str = "type to filter";
    /// Move.
    pub const MOVE: &str = "move";
    /// Pick a contact.
    pub const PICK: &str = "pick";
    /// To the e-mails.
    pub const EMAILS: &str = "e-mails";
    /// Remove an e-mail.
    pub const REMOVE: &str = "remove";
    /// Add an e-mail.
    pub const ADD: &str = "add (empty: next)";
    /// Back to the contacts.
    pub const CONTACTS: &str = "contacts";
    /// Search line.
    pub const TYPE_TO_SEARCH: &str = "type to search";
    /// Keep the search.
    pub const KEEP_FILTER: &str = "keep filter";
    /// Clear the search / selection.
    pub const CLEAR: &str = "clear";
    /// Toggle.
    pub const TOGGLE: &str = "toggle";
    /// Fold.
    pub const FOLD: &str = "fold";
    /// Search.
    pub const FIND: &str = "find";
    /// A whole category.
    pub const ALL: &str = "all";
    /// Presets.
    pub const PRESETS: &str = "presets";
    /// Create.
    pub const CREATE: &str = "create";
    /// Export.
    pub const EXPORT_SPEC: &str = "export spec";
    /// Export, in the name field.
    pub const EXPORT: &str = "export";
    /// Scroll.
    pub const SCROLL: &str = "scroll";
    /// Edit a panel.
    pub const EDIT: &str = "edit";
    /// Retry a failed load.
    pub const RETRY: &str = "retry";
    /// API page: create a token.
    pub const NEW_TOKEN: &str = "new token";
    /// API page: open the details.
    pub const DETAILS: &str = "details";
    /// API page: the per-token menu.
    pub const MENU: &str = "menu";
    /// API page: reload the list.
    pub const RELOAD: &str = "reload";
    /// API page: type to search by name.
    pub const TYPE_TO_SEARCH_NAME: &str = "type a name";
    /// Typed-name confirmation.
    pub const TYPE_THE_NAME: &str = "type the name";
    /// Confirm.
    pub const CONFIRM: &str = "confirm";
    /// A notice over the API page.
    pub const ANY_KEY_CLOSES: &str = "any key closes this";
    /// Upgrade: another version.
    pub const OTHER_VERSION: &str = "version";
}
/// The closing screen's keys.
pub fn done_keys(keys: &[String]) -> String {
    match keys.split_last() {
        Some((last, [])) => format!("{last} quits."),
        Some((last, rest)) => format!("{} or {last} quits.", rest.join(", ")),
        None => String::new(),
    }
}
/// `[keys.NAME]` names no context.
pub fn unknown_key_context(name: &str) -> String {
    format!(
        "unknown key context '{}' in [keys] (contexts: global, terminal, screen, welcome, \
         profile, account_type, wizard, panels, secret, secret_save, done, confirm, resume, \
         presets, preset_name, tokens, token_search, token_details, token_menu, token_name, \
         token_ask)",
        inert(name)
    )
}
/// `[keys.CONTEXT] NAME = ...` names no action of that context.
pub fn unknown_action(name: &str, context: &str) -> String {
    format!("unknown action '{}' in [keys.{context}]", inert(name))
}
/// A key name that cannot be read.
pub fn unknown_key(name: &str) -> String {
    format!(
        "unknown key name '{}' (e.g. x, S, Space, Enter, Esc, Tab, Shift-Tab, Up, PageDown, \
         Home, F1, Ctrl-R, Alt-1)",
        inert(name)
    )
}
/// A plain character bound where a text field always has focus.
pub fn key_would_type(name: &str, context: &str) -> String {
    format!(
        "'{}' would type into the text field of [keys.{context}]: use Ctrl-, Alt- or a named key",
        inert(name)
    )
}
/// Enter bound in a question's context: it would answer it by habit.
pub fn enter_answers_no_question(context: &str) -> String {
    format!("Enter cannot answer the questions of [keys.{context}]: a yes needs its own key")
}
/// One key, two actions, one context.
pub fn key_bound_twice(key: &str, a: &str, b: &str, context: &str) -> String {
    format!("{key} is bound to both '{a}' and '{b}' in [keys.{context}]")
}
/// A `[keys]` error, with its line.
pub fn config_line_error(path: &std::path::Path, line: usize, e: &str) -> String {
    format!("{}: line {line}: {e}", path.display())
}
/// After an OSC 52 copy.
pub const COPIED: &str = "Sent to the clipboard with OSC 52. If nothing arrived, your terminal blocks clipboard writes: copy it by hand.";
/// After an OSC 52 copy inside tmux.
pub const COPIED_TMUX: &str = "Sent to the clipboard through tmux (needs 'set -g allow-passthrough on' or set-clipboard). If nothing arrived, copy it by hand.";
/// The copy itself failed.
pub fn copy_failed(e: &str) -> String {
    format!("Could not write to the terminal: {e}")
}
/// Ctrl-Z where nothing could resume a stopped wizard.
pub const NO_JOB_CONTROL: &str =
    "Ctrl-Z: no job control here (no shell could resume the wizard), so it keeps running.";
/// Why the full-screen wizard cannot start: stdout.
pub const NO_TTY_STDOUT: &str = "standard output is not a terminal";
/// Why the full-screen wizard cannot start: stdin.
pub const NO_TTY_STDIN: &str = "standard input is not a terminal";
/// Why the full-screen wizard cannot start: TERM.
pub const NO_TTY_DUMB: &str = "TERM=dumb cannot show it";
/// Why the full-screen wizard cannot start: no /dev/tty.
pub const NO_TTY_CONTROLLING: &str = "there is no controlling terminal";
/// The full-screen wizard refused, with why, and the way without a terminal.
pub fn needs_terminal(why: &str) -> String {
    format!(
        "the full-screen wizard needs a terminal, and {why}.\n\
         Without one, write the request as a spec file (the wizard's `e` key exports one) \
         and run: impact-token create --spec FILE --yes"
    )
}
/// No account type given.
pub const NEED_ACCOUNT_TYPE: &str =
    "--account-type agency|brand|partner is required with --api-url";
/// Neither --sandbox nor --api-url.
pub const NEED_MODE: &str = "nothing to connect to: try the sandbox with `impact-token --sandbox`, or give --api-url URL --account-type TYPE";
/// Catalog file unreadable.
pub fn catalog_read(path: &std::path::Path, e: &str) -> String {
    format!("cannot load catalog {}: {e}", path.display())
}
