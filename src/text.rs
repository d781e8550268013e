//! User-facing strings, in one place, so wording stays consistent and can
//! be reviewed (or translated) without reading the logic. This is the layer
//! just above the wire types: functions here take plain values, never the
//! app's types. Wording that reads app state sits next to its callers:
//! `ApiError::message` and the `Display` impls in `api/`, step titles and
//! summaries in `tui/summary.rs`, the secret file in `store/secret_file.rs`,
//! command output in `commands/`.

// ----- validation -----
/// Name left empty.
pub const NAME_REQUIRED: &str = "Token Name is required";
/// Control characters or escape sequences typed or pasted.
pub const NO_CONTROL_CHARS: &str = "control characters are not allowed";
/// No contact chosen.
pub const CONTACT_REQUIRED: &str = "pick a Primary Contact";
/// Contact not ACTIVE.
pub const CONTACT_NOT_ACTIVE: &str = "the Primary Contact must be an ACTIVE user";
/// No scope checked.
pub const SCOPES_REQUIRED: &str = "select at least one scope";
/// A catalog without versions.
pub const CATALOG_NO_VERSIONS: &str = "the catalog lists no API versions";
/// A catalog with no scopes.
pub const CATALOG_EMPTY: &str = "the catalog has no scopes";

/// Too many characters.
pub fn too_long(max: usize) -> String {
    format!("at most {max} characters")
}
/// An invisible formatting character (Unicode Cf) in a name or description,
/// shown escaped (`\u{200b}`) because it cannot be seen.
pub fn no_format_chars(c: char) -> String {
    format!(
        "invisible formatting characters are not allowed (found {})",
        c.escape_unicode()
    )
}
/// Bad address. Invisible characters are spelled out, so the reason can be seen.
pub fn invalid_email(email: &str) -> String {
    format!("not a valid e-mail address: {}", visible(email))
}
/// Address already listed.
pub fn duplicate_email(email: &str) -> String {
    format!("already listed: {}", inert(email))
}
/// Over the limit of developer e-mails.
pub fn too_many_emails(max: usize) -> String {
    format!("at most {max} developer e-mails")
}
/// Version not offered.
pub fn unknown_version(v: &str) -> String {
    format!("API version {} is not offered", inert(v))
}
/// Scope Id not in the catalog.
pub fn unknown_scope(id: &str) -> String {
    format!("unknown scope Id: {}", inert(id))
}
/// `--account-type` value not known.
pub fn unknown_account_type(s: &str) -> String {
    format!(
        "unknown account type '{}': use agency, brand or partner",
        inert(s)
    )
}
/// Catalog JSON could not be parsed.
pub fn catalog_parse(detail: &str) -> String {
    format!("catalog is not valid: {detail}")
}
/// Two scopes share an Id.
pub fn catalog_duplicate_id(id: &str) -> String {
    format!("catalog lists scope Id '{}' twice", inert(id))
}

// ----- API errors -----

/// A short, inert summary of a body that is not the JSON error envelope,
/// such as a proxy's HTML error page.
pub fn non_json_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let lower = text.to_ascii_lowercase();
    let summary = match (lower.find("<title>"), lower.find("</title>")) {
        (Some(a), Some(b)) if b > a + 7 => text[a + 7..b].trim().to_string(),
        _ if text.trim().is_empty() => "no details".to_string(),
        _ => {
            let mut s: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if s.chars().count() > 80 {
                s = s.chars().take(79).collect::<String>() + "…";
            }
            format!("unexpected answer: {s}")
        }
    };
    inert(&summary)
}

/// A job arrived before the connection was set up.
pub const NOT_CONNECTED: &str = "not connected yet";

/// A 200 answer that is a web page: the URL likely names a web site, not the API.
pub const HTML_NOT_JSON: &str =
    "the server answered with an HTML page, not JSON: is --api-url right?";

/// A local wall-clock time `secs` from now, as HH:MM:SS (the local time
/// zone, from the C library, so no time-zone data is bundled).
pub fn local_clock_in(secs: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let t = now.saturating_add(secs).min(i64::MAX as u64) as libc::time_t;
    // SAFETY: localtime_r only writes the `tm` we own and reads `t`;
    // a null result (out-of-range time) is checked.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = !unsafe { libc::localtime_r(&t, &mut tm) }.is_null();
    let (h, m, s) = if ok {
        (tm.tm_hour, tm.tm_min, tm.tm_sec)
    } else {
        let day = (t as u64 % 86_400) as i32; // UTC as a last resort
        (day / 3600, day / 60 % 60, day % 60)
    };
    format!("{h:02}:{m:02}:{s:02}")
}

/// A background load failed and is retried.
pub fn load_failed(load: impl std::fmt::Display, reason: &str) -> String {
    format!("{load} failed: {reason}")
}
/// Shown where the contacts would be, after a failed connection.
pub fn not_connected_because(reason: &str) -> String {
    format!("Not connected: {reason}")
}
/// Appended to a load failure: how to try again, with the retry key.
pub fn with_retry_hint(message: &str, key: &str) -> String {
    format!("{message} · {key} retries")
}
/// After Ctrl-R.
pub const RETRYING_LOADS: &str = "Trying again…";

/// Singular or plural.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

// ----- sandbox token service (error Messages it answers with) -----
/// Basic-auth credentials missing or wrong.
pub const SANDBOX_BAD_CREDENTIALS: &str = "Unauthorized: check the Account SID and Auth Token";
/// Credentials valid, but for another account or account type than the path names.
pub const SANDBOX_WRONG_ACCOUNT: &str =
    "Unauthorized: these credentials do not belong to this account";
/// No such endpoint.
pub const SANDBOX_NOT_FOUND: &str = "Not Found";
/// Endpoint exists, method does not.
pub const SANDBOX_METHOD_NOT_ALLOWED: &str = "Method Not Allowed";
/// `Accept` excludes JSON.
pub const SANDBOX_NOT_ACCEPTABLE: &str = "only application/json responses are offered";
/// Create body sent without `Content-Type: application/json`.
pub const SANDBOX_JSON_BODY_REQUIRED: &str = "send the body as application/json";
/// Create sent without an `Idempotency-Key` header.
pub const SANDBOX_IDEMPOTENCY_KEY_REQUIRED: &str =
    "the Idempotency-Key header is required (a new unique value per token)";
/// Same `Idempotency-Key` sent with another body.
pub const SANDBOX_IDEMPOTENCY_KEY_REUSED: &str = "this Idempotency-Key was already used with a \
     different request body; use a new key for a new token";
/// Summary of a 422 with field errors.
pub const SANDBOX_VALIDATION_FAILED: &str = "Validation Failed";
/// Summary of a 409.
pub const SANDBOX_NAME_CONFLICT: &str = "Conflict: token name already in use";
/// Field message of a 409.
pub const SANDBOX_NAME_TAKEN: &str = "a token with this name already exists (names ignore case)";
/// A brand user without a token-creating role tried to create.
pub const SANDBOX_BRAND_ROLE_REQUIRED: &str = "Forbidden: only Account Administrators and Implementation \
     Specialists of a brand account may create access tokens";
/// A scoped token tried to list or create tokens.
pub const SANDBOX_TOKEN_CANNOT_MANAGE_TOKENS: &str = "Forbidden: an access token cannot list or \
     create access tokens; use the account's own credentials";
/// Over the request budget.
pub const SANDBOX_RATE_LIMITED: &str =
    "Too Many Requests: rate limit exceeded, see X-RateLimit-Reset";
/// A `Hang` fault released by shutdown.
pub const SANDBOX_SHUTTING_DOWN: &str = "the sandbox is shutting down";

/// Body of a create was not JSON of the expected shape.
pub fn sandbox_malformed_json(detail: &str) -> String {
    format!("Malformed JSON: {}", inert(detail))
}
/// A scoped token called an endpoint outside its scopes.
pub fn sandbox_not_in_scope(scope_id: &str) -> String {
    format!(
        "Forbidden: not in scope: this token does not allow {}",
        inert(scope_id)
    )
}
/// An injected `Status` fault with no more specific message.
pub fn sandbox_injected_status(reason: &str) -> String {
    format!("{reason} (fault injected by the sandbox)")
}
/// `impact-token sandbox --addr` bound an address other machines may reach.
pub fn sandbox_not_loopback(addr: std::net::SocketAddr) -> String {
    format!(
        "warning: the sandbox listens on {addr}, which is not a loopback address: other machines \
         may reach it and its demo credentials are public. The fault-injection endpoint is off; \
         use 127.0.0.1 to keep the sandbox private."
    )
}
/// The admin endpoint on a sandbox bound to a non-loopback address.
pub const SANDBOX_ADMIN_LOOPBACK_ONLY: &str = "Forbidden: the fault-injection endpoint is served only when the sandbox listens on a loopback address";
/// Too many failed logins from one client address.
pub const SANDBOX_TOO_MANY_FAILED_LOGINS: &str =
    "Too many failed logins from this address: wait for the reset before trying again";
/// A connection over the sandbox's connection cap.
pub const SANDBOX_TOO_MANY_CONNECTIONS: &str =
    "Service Unavailable: the sandbox has too many connections open; try again shortly";
/// A request body stopped arriving.
pub const SANDBOX_BODY_TIMEOUT: &str = "Request Timeout: the request body stopped arriving";
/// A create body over the size limit.
pub fn sandbox_body_too_large(max: usize) -> String {
    format!("the request body is larger than {max} bytes")
}
/// An account already holds the most tokens the sandbox keeps.
pub fn sandbox_too_many_tokens(max: usize) -> String {
    format!(
        "this account already has {max} tokens, the most the sandbox keeps; restart the sandbox to start over"
    )
}
/// The admin endpoint or `IMPACT_SANDBOX_FAULTS` could not be understood.
pub fn sandbox_bad_fault_spec(detail: &str) -> String {
    format!("bad sandbox fault spec: {}", inert(detail))
}

/// Makes text from outside (server, files) safe to print: control characters,
/// including ESC that starts terminal sequences, are shown as `�` so they can
/// never move the cursor, clear the screen or write the clipboard.
pub fn inert(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// Like [`inert`], but every character that shows as nothing (or as a
/// plain space) is spelled out as `\u{200b}`: control and format characters
/// (zero-width, BOM, soft hyphen, bidi controls), invisible fillers and
/// spaces other than U+0020. For messages about why a value was refused.
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_invisible(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Characters with no visible glyph of their own.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c as u32,
            0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x2800 | 0x3164
            | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF9..=0xFFFB | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

// ----- the wizard -----

/// Placeholder of the Account SID field.
pub const PH_ACCOUNT_SID: &str = "Account SID of the creating user";
/// Placeholder of the Auth Token field.
pub const PH_AUTH_TOKEN: &str = "Auth Token (hidden)";
/// Placeholder of the name field.
pub const PH_NAME: &str = "e.g. reporting-export-prod";
/// Placeholder of the description field.
pub const PH_DESCRIPTION: &str = "what the token is for (optional)";
/// Placeholder of the contact filter.
pub const PH_FILTER: &str = "type to filter";
/// Placeholder of the e-mail field.
pub const PH_EMAIL: &str = "dev@example.com, Enter to add";
/// Typed an e-mail but did not add it.
pub const EMAIL_PENDING: &str = "press Enter to add the e-mail, or clear the field";
/// Spinner text.
pub const SUBMITTING: &str = "Creating token…";
/// Waiting out a 429.
pub const RATE_LIMITED_WAIT: &str = "Rate limited by the server,";
/// After Esc during a create.
pub const CANCELLED: &str =
    "Cancelled. If the server had already made the token, creating again returns that same token.";
/// While the cancel is confirmed.
pub const CANCELLING: &str = "Cancelling…";
/// Placed on Name after a 409.
pub const NAME_TAKEN: &str = "a token with this name already exists; choose another name";
/// Warning before submit.
pub const NAME_EXISTS_WARNING: &str = "a token with this name already exists on this account";
/// Credentials prompt left empty.
pub const CREDENTIALS_REQUIRED: &str = "enter both the Account SID and the Auth Token";
/// Enter on the contact list before it arrived.
pub const CONTACTS_LOADING: &str = "the user list is still loading";
/// Filter matched nothing.
pub const NO_CONTACT_MATCHES: &str = "no ACTIVE user matches";
/// Paste changed to fit a single-line field.
pub const PASTE_FOLDED: &str =
    "pasted text was folded to one line (line breaks and control characters removed)";
/// Paste longer than the room left in the field (and folded to one line, if `folded`).
pub fn paste_cut(max: usize, folded: bool) -> String {
    let how = if folded {
        "folded to one line and cut"
    } else {
        "cut"
    };
    format!("pasted text was {how}: this field holds at most {max} characters")
}
/// Header while connecting.
pub const CONNECTING: &str = "connecting…";
/// Header after a failed connection.
pub const NOT_CONNECTED_HEADER: &str = "not connected";
/// The sandbox badge.
pub const SANDBOX_BADGE: &str = " SANDBOX ";
/// Field labels.
pub const LABEL_NAME: &str = "Token Name";
/// Field label.
pub const LABEL_DESCRIPTION: &str = "Description";
/// Field label.
pub const LABEL_VERSION: &str = "API Version";
/// Field label.
pub const LABEL_CONTACT: &str = "Primary Contact";
/// Field label.
pub const LABEL_EMAILS: &str = "Developer e-mails";
/// Field label.
pub const LABEL_SCOPES: &str = "API Scopes";
/// Field label.
pub const LABEL_SID: &str = "Account SID";
/// Field label.
pub const LABEL_TOKEN: &str = "Auth Token";
/// Field label.
pub const LABEL_TOKEN_ID: &str = "Token Id";
/// Under the version picker.
pub const VERSION_HINT: &str = "The latest version is suggested and is the default. ←/→ to change.";
/// Contact list loading.
pub const LOADING: &str = "loading…";
/// Contact list failed to load.
pub const NOT_LOADED: &str = "not loaded";
/// Under a load failure on the Contact panel, with the retry key.
pub fn retries(key: &str) -> String {
    format!("{key} tries again")
}
/// Contacts came from CompanyInformation.
pub const CONTACTS_FROM_COMPANY: &str = "from company contacts";
/// Empty e-mail list.
pub const EMAILS_HINT: &str = "optional; Enter adds one";
/// The Create button.
pub const CREATE_BUTTON: &str = "Create";
/// Beside it.
pub const CREATE_HINT: &str = "Enter creates the token · ↑/↓ scroll the review";
/// After the elapsed time.
pub const ESC_CANCELS: &str = "  (Esc cancels)";
/// Write scopes in the review.
pub const WRITE_FLAG: &str = "write access";
/// Credentials screen title.
pub const CREDENTIALS_TITLE: &str = " Credentials of the user creating the token ";
/// Credentials screen intro.
pub const CREDENTIALS_INTRO: &str =
    " Not read from the command line. Set IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN to skip this.";
/// Secret screen title.
pub const SECRET_TITLE: &str = "Token created";
/// Secret screen warning.
pub const SECRET_WARNING: &str =
    "Copy the Auth Token now. It is shown once and cannot be shown again.";
/// Secret screen advice.
pub const SECRET_ADVICE: &str =
    "Keep it in a vault or encrypted environment variable; never commit it.";
/// Done screen.
pub const DONE_WIPED: &str =
    "The Auth Token was wiped from this program's memory and from the screen.";
/// Done screen: the copies a program cannot wipe.
pub const DONE_WIPED_OUTSIDE: &str =
    "Out of its reach: your clipboard, files you saved, your terminal's memory.";
/// Done screen, with `--sandbox`: the server lives in the same process.
pub const DONE_WIPED_SANDBOX: &str =
    "Except: the in-process sandbox, being the server, keeps its copy until exit.";
/// Help title.
pub const HELP_TITLE: &str = "Keys";
/// Help footer.
pub const HELP_CLOSE: &str = "any key closes this";
/// Confirm title.
pub const CONFIRM_TITLE: &str = "Confirm";
/// Quit question.
pub const CONFIRM_QUIT: &str = "Quit? What you entered will be lost.";
/// Quit question when the form is kept as a draft.
pub const CONFIRM_QUIT_KEPT: &str = "Quit? What you entered is kept as a draft.";
/// Quit question on the secret screen.
pub const CONFIRM_QUIT_SECRET: &str =
    "Quit? The Auth Token will be wiped and cannot be shown again. Saved it?";
/// Leaving the secret screen.
pub const CONFIRM_LEAVE_SECRET: &str =
    "Saved the Auth Token? It will be wiped and cannot be shown again.";

/// Below the minimum size.
pub fn too_small(w: u16, h: u16, min: (u16, u16)) -> String {
    format!(
        "Terminal too small: {w}×{h}. impact-token needs at least {}×{}.",
        min.0, min.1
    )
}
/// Header version.
pub fn api_version_label(v: &str) -> String {
    format!("API v{v}")
}
/// The newest version's label.
pub fn version_latest(v: &str) -> String {
    format!("{v} latest")
}
/// Review line for scopes.
pub fn scope_summary(total: usize, categories: usize, writes: usize) -> String {
    format!(
        "{total} selected in {categories} {} · {writes} with write access",
        plural(categories, "category", "categories")
    )
}
/// Next refused.
pub fn cannot_continue(reason: &str) -> String {
    format!("Cannot continue: {reason}")
}
/// A later panel was asked for before an earlier one is complete.
/// `step` shows as its title.
pub fn finish_first(step: impl std::fmt::Display, reason: &str) -> String {
    format!("Finish {step} first: {reason}")
}
/// Users could not be loaded.
pub fn contacts_failed(reason: &str) -> String {
    format!("Could not load users: {reason}")
}
/// Live catalog failed; bundled used.
pub fn catalog_fallback(reason: &str) -> String {
    format!("Using the bundled catalog: {reason}")
}
/// Scopes not in the live catalog.
pub fn scopes_dropped(ids: &[String]) -> String {
    let shown: Vec<String> = ids.iter().take(3).map(|s| inert(s)).collect();
    let more = if ids.len() > 3 {
        format!(" and {} more", ids.len() - 3)
    } else {
        String::new()
    };
    format!(
        "Not offered for this version, unselected: {}{more}",
        shown.join(", ")
    )
}
/// An e-mail removed.
pub fn email_removed(e: &str) -> String {
    format!("Removed {}", inert(e))
}
/// After Clear All.
pub fn cleared(n: usize) -> String {
    format!("Cleared {n} scope{}", if n == 1 { "" } else { "s" })
}
/// Clear All question.
pub fn confirm_clear(n: usize) -> String {
    format!("Clear all {n} selected scopes?")
}
/// Spinner text for attempt n.
pub fn attempt(n: u32) -> String {
    format!("Creating token… (attempt {n})")
}
/// Spinner text while waiting to retry.
pub fn retrying(next: u32, delay: std::time::Duration, reason: &str) -> String {
    format!("{reason}; attempt {next} in {:.1}s", delay.as_secs_f32())
}
/// Rate-limit countdown.
pub fn countdown(secs: u64) -> String {
    format!(" · retry in {secs}s")
}
/// Done screen headline.
pub fn done(name: &str, id: &str) -> String {
    format!("Token '{}' created (Id {}).", inert(name), inert(id))
}

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
pub const KEYS_EXPORT: &str = "export the request as a TOML or JSON spec file";
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
    /// Cancel.
    pub const CANCEL: &str = "cancel";
    /// Yes.
    pub const YES: &str = "yes";
    /// No.
    pub const NO: &str = "no";
    /// Welcome: the sandbox.
    pub const SANDBOX: &str = "sandbox";
    /// Welcome: a profile.
    pub const PROFILE: &str = "set up a profile";
    /// Quit.
    pub const QUIT: &str = "quit";
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
         presets, preset_name)",
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
    format!("Resume the draft saved {saved}? {summary} (Esc: later, q: quit)")
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
fn file_stem(token_name: &str) -> Option<String> {
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

// ----- scope search -----

/// A search with no match.
pub const NO_SCOPE_MATCHES: &str = "no scope matches; Esc clears the search";
/// Placeholder of the search line.
pub const PH_SEARCH: &str = "category, name, method, path or Id";

/// Count on the search line.
pub fn match_count(n: usize) -> String {
    format!("{n} {}", plural(n, "match", "matches"))
}
/// Scope panel badge while searching.
pub fn search_badge(matches: usize, selected: usize) -> String {
    format!(
        "{matches} {} · {selected} selected · Esc clears",
        plural(matches, "match", "matches")
    )
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

// ----- config and profiles -----

/// Config file unreadable.
pub fn config_unreadable(path: &std::path::Path, e: &str) -> String {
    format!("cannot read {}: {e}", path.display())
}
/// Config file malformed.
pub fn config_invalid(path: &std::path::Path, line: Option<usize>, e: &str) -> String {
    match line {
        Some(l) => format!("{}:{l}: {e}", path.display()),
        None => format!("{}: {e}", path.display()),
    }
}
/// A file with credentials others can read.
pub fn readable_by_others(path: &std::path::Path) -> String {
    format!(
        "warning: {} can be read by other users; run: chmod 600 {}",
        path.display(),
        path.display()
    )
}
/// Bad profile name.
pub fn bad_profile_name(name: &str) -> String {
    format!(
        "profile name '{}' must be letters, digits, '-', '_' or '.'",
        inert(name)
    )
}
/// Profile exists.
pub fn profile_exists(name: &str, path: &std::path::Path) -> String {
    format!(
        "profile '{}' already exists in {}; edit the file to change it",
        inert(name),
        path.display()
    )
}
/// No such profile.
pub fn unknown_profile(name: &str) -> String {
    format!(
        "no profile named '{}' (see: impact-token profiles)",
        inert(name)
    )
}
/// Token file too open.
pub fn token_file_not_private(path: &std::path::Path) -> String {
    format!(
        "{} can be read by other users; it must be 0600 (chmod 600 {})",
        path.display(),
        path.display()
    )
}
/// Token file unreadable.
pub fn token_file_error(path: &std::path::Path, e: &str) -> String {
    format!("cannot use Auth Token file {}: {e}", path.display())
}
/// Profile and --account-type disagree.
pub fn profile_type_mismatch(
    name: &str,
    profile: impl std::fmt::Display,
    asked: impl std::fmt::Display,
) -> String {
    format!(
        "profile '{}' is for a {profile} account, but --account-type {asked} was given",
        inert(name)
    )
}
/// Token env var named by a profile is unset.
pub fn token_env_unset(var: &str) -> String {
    format!("the profile reads the Auth Token from ${var}, which is not set")
}

// ----- command line -----

/// `scopes --catalog` without a type.
pub const NEED_ACCOUNT_TYPE_FOR_CATALOG: &str =
    "--catalog needs --account-type to say whose catalog it is";
/// Heading of `scopes` output.
pub fn catalog_heading(
    t: impl std::fmt::Display,
    version: &str,
    scopes: usize,
    categories: usize,
) -> String {
    format!("# {t} API v{version}: {scopes} scopes in {categories} categories\n")
}
/// Exit codes, shown in `--help` and the README.
pub const EXIT_CODES_HELP: &str = "Exit codes:
  0  success
  1  other error (I/O, unexpected answer)
  2  usage error
  3  invalid spec or request (also the server's 400/422)
  4  authentication: credentials missing or rejected (401)
  5  permission: not allowed to create tokens (403)
  6  conflict: the token name is taken (409)
  7  rate limited (429) after waiting
  8  network or server unavailable (connect, timeout, 5xx)
  9  created, but the secret could not be delivered where asked: it was
     written once to the terminal, or else to standard error";

// ----- create --yes and profiles -----

/// --yes without a place for the secret.
pub const NO_SECRET_DESTINATION: &str =
    "with --yes, say where the new secret goes: --show-secret (stdout) or --secret-file PATH";
/// Headless create without a token.
pub const NO_CREDENTIALS_HEADLESS: &str = "no Auth Token: set IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN, or use a profile whose token source is set";
/// --secret-file exists.
pub fn secret_file_exists(p: &std::path::Path) -> String {
    format!(
        "{} already exists and is never overwritten; choose a new path",
        p.display()
    )
}
/// No config dir.
pub const NO_CONFIG_DIR: &str = "no home directory: cannot locate the config directory";
/// profiles add without a type.
pub const NEED_ACCOUNT_TYPE_PROFILE: &str =
    "profiles add needs --account-type agency|brand|partner";
/// profiles add without a URL.
pub const NEED_API_URL_PROFILE: &str = "profiles add needs --api-url URL";
/// A malformed or unsupported `--api-url` (or a profile's `api_url`).
pub fn bad_api_url(url: &str, why: &str) -> String {
    format!(
        "not a usable API URL: {}: {why}; expected https://HOST[:PORT][/PATH]",
        inert(url)
    )
}
/// Plain http to a host that is not this machine.
pub fn insecure_api_url(url: &str) -> String {
    format!(
        "refusing {}: plain http would send your Account SID and Auth Token unencrypted to a host that is not this machine; use https://, or pass --allow-insecure-http if you really mean it",
        inert(url)
    )
}
/// --store-token with empty stdin.
pub const EMPTY_TOKEN_STDIN: &str =
    "--store-token reads the Auth Token from standard input, which was empty";
/// No profiles yet.
pub fn no_profiles(path: &std::path::Path) -> String {
    format!(
        "No profiles in {}.\nAdd one: impact-token profiles add NAME --account-type brand --api-url URL --account-sid SID --token-env VAR\n",
        path.display()
    )
}
/// After profiles add.
pub fn profile_added(name: &str, path: &std::path::Path) -> String {
    format!("Added profile '{}' to {}", inert(name), path.display())
}

// ----- presets -----

/// Placeholder of the preset name.
pub const PH_PRESET_NAME: &str = "name for this selection";
/// Title of the preset list.
pub const PRESETS_TITLE: &str = "Presets";
/// Saving under the name of a saved preset.
pub fn confirm_replace_preset(name: &str) -> String {
    format!(
        "A preset named '{}' exists. Replace it with this selection? (y replaces · n keeps editing)",
        inert(name)
    )
}
/// Title of the save question.
pub const SAVE_PRESET_TITLE: &str = "Save the selection as a preset";
/// After undo.
pub const UNDONE: &str = "Selection restored.";
/// Nothing to undo.
pub const NOTHING_TO_UNDO: &str = "Nothing to undo.";
/// What a saved preset holds.
pub fn saved_preset_about(n: usize) -> String {
    format!("your preset: {n} {}", plural(n, "scope", "scopes"))
}
/// The diff question.
pub fn preset_question(name: &str, added: usize, removed: usize) -> String {
    format!(
        "Apply '{}'? It adds {added} and removes {removed} {}. u undoes it.",
        inert(name),
        plural(removed, "scope", "scopes")
    )
}
/// After applying.
pub fn preset_applied(name: &str, added: usize, removed: usize) -> String {
    format!(
        "Applied '{}': +{added} −{removed}. Press u to undo.",
        inert(name)
    )
}
/// After saving.
pub fn preset_saved(name: &str) -> String {
    format!("Saved preset '{}'.", inert(name))
}
/// Saving failed.
pub fn preset_not_saved(e: &str) -> String {
    format!("Preset not saved: {}", inert(e))
}

// ----- token test -----

/// Heading of the token test.
pub const PROBE_TITLE: &str = "Test of the new token (its own credentials):";
/// While it runs.
pub const PROBING: &str = "calling…";
/// One answer, and whether it is what the scopes say it should be.
pub fn probe_verdict(result: &Result<u16, String>, expected_allowed: bool) -> (String, bool) {
    match (result, expected_allowed) {
        (Ok(s @ 200..=299), true) => (format!("{s} allowed"), true),
        (Ok(403), false) => ("403 not in scope, as selected".to_string(), true),
        (Ok(s @ 200..=299), false) => (format!("{s} allowed, but not selected!"), false),
        (Ok(403), true) => ("403 refused, but selected!".to_string(), false),
        (Ok(s), _) => (format!("{s} unexpected answer"), false),
        (Err(e), _) => (inert(e), false),
    }
}

// ----- first run -----

/// Placeholder of the profile name.
pub const PH_PROFILE_NAME: &str = "profile name";
/// Placeholder of the API URL.
pub const PH_API_URL: &str = "https://… (a service implementing the token contract)";
/// Placeholder of the token variable.
pub const PH_TOKEN_ENV: &str = "environment variable holding the Auth Token (optional)";
/// Header while asking for credentials.
pub const CREDENTIALS_HEADER: &str = "credentials needed";
/// Header before anything is chosen.
pub const FIRST_RUN_HEADER: &str = "first run";
/// Welcome title.
pub const WELCOME_TITLE: &str = " Welcome to impact-token ";
/// Welcome text.
pub const WELCOME_LINES: &[&str] = &[
    "No profile is set up yet, and nothing was given on the command line.",
    "",
    "  s   try the sandbox: a demo token service inside this program,",
    "      with demo accounts; nothing is written to disk but drafts",
    "  p   set up a profile: your account and token service, saved to",
    "      config.toml only after you confirm",
    "  q   quit",
    "",
    "Later: impact-token --sandbox, or impact-token --profile NAME.",
];
/// Profile form title.
pub const PROFILE_FORM_TITLE: &str = " Set up a profile ";
/// Profile form labels, by row.
pub const PROFILE_LABELS: [&str; 5] = [
    "Profile name",
    "Account type",
    "Account SID",
    "API URL",
    "Auth Token variable",
];
/// Profile form note.
pub const PROFILE_NOTE: &str =
    "The Auth Token is never stored here: it is read from the variable, or asked for.";
/// The write question.
pub fn confirm_write_profile(path: &std::path::Path) -> String {
    format!("Write this profile to {}?", path.display())
}
/// Profile form refusal: SID.
pub const SID_REQUIRED: &str = "Account SID is required";

// Keep this module last (clippy: items after a test module).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_file_names_share_one_sanitiser() {
        assert_eq!(
            secret_file_name("Q3 reporting!"),
            "impact-token-Q3-reporting.env"
        );
        assert_eq!(spec_file_name("Q3 reporting!"), "Q3-reporting.toml");
        assert_eq!(spec_file_name("../etc/passwd"), "etc-passwd.toml");
        // The two old copies disagreed when nothing safe was left.
        assert_eq!(secret_file_name("日本 …"), "impact-token.env");
        assert_eq!(spec_file_name("日本 …"), "token.toml");
    }

    #[test]
    fn shell_quoting_keeps_plain_values_and_neutralises_the_rest() {
        assert_eq!(
            *shell_quote("IRabc-123_x.y/z+=:@%,"),
            "IRabc-123_x.y/z+=:@%,"
        );
        assert_eq!(*shell_quote(""), "''");
        assert_eq!(*shell_quote("a b"), "'a b'");
        assert_eq!(*shell_quote("$(id)`id`"), "'$(id)`id`'");
        assert_eq!(*shell_quote("it's"), "'it'\\''s'");
        assert_eq!(*shell_quote("a\nb"), "'a\nb'");
    }

    #[test]
    fn inert_strips_escape_sequences() {
        let hostile = "\u{1b}[2J\u{1b}]52;c;aGk=\u{07}Eve";
        let shown = inert(hostile);
        assert!(!shown.chars().any(char::is_control));
        assert!(shown.ends_with("Eve"));
        assert_eq!(inert("plain"), "plain");
    }

    #[test]
    fn visible_spells_out_what_shows_as_nothing() {
        assert_eq!(
            visible("a\u{200b}b\u{202e}c d\u{a0}\u{feff}\u{1b}"),
            r"a\u{200b}b\u{202e}c d\u{a0}\u{feff}\u{1b}"
        );
        assert_eq!(visible("dév@exämple.com"), "dév@exämple.com");
    }

    #[test]
    fn local_clock_is_hh_mm_ss() {
        let t = local_clock_in(3600);
        let parts: Vec<u32> = t.split(':').map(|p| p.parse().unwrap()).collect();
        assert_eq!(t.len(), 8, "{t}");
        assert!(parts[0] < 24 && parts[1] < 60 && parts[2] < 60, "{t}");
    }
}
