//! The wizard's panels, scope search, presets, the token test and the first run.

use super::*;

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
/// Typed an e-mail but did not add it; `enter` is the key that adds it.
pub fn email_pending(enter: &str) -> String {
    with_key(
        enter,
        "to add the e-mail, or clear the field",
        "add the e-mail, or clear the field",
    )
}
/// `KEY words`, or `fallback` when no key is bound.
fn with_key(key: &str, words: &str, fallback: &str) -> String {
    if key.is_empty() {
        fallback.to_string()
    } else {
        format!("{key} {words}")
    }
}
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
/// Under the version picker; `keys` are the keys that change it.
pub fn version_hint(keys: &str) -> String {
    let lead = "The latest version is suggested and is the default.";
    if keys.is_empty() {
        lead.to_string()
    } else {
        format!("{lead} {keys} to change.")
    }
}
/// Contact list loading.
pub const LOADING: &str = "loading…";
/// The contacts' load, page by page (`of` is 0 when the server did not say).
pub fn contacts_page(page: usize, of: usize) -> String {
    if of > 0 {
        format!("contacts: page {page} of {of}")
    } else {
        format!("contacts: page {page}")
    }
}
/// A user's role as impact.com sends it (`ACCOUNT_ADMINISTRATOR`), in words
/// (`Account Administrator`); already-worded roles are kept.
pub fn role_name(role: &str) -> String {
    role.split(", ")
        .map(|r| {
            if r.contains('_') || r.chars().all(|c| !c.is_lowercase()) {
                r.split('_')
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let lower = w.to_lowercase();
                        let mut chars = lower.chars();
                        chars
                            .next()
                            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                r.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
/// Contact list failed to load.
pub const NOT_LOADED: &str = "not loaded";
/// Under a load failure on the Contact panel, with the retry key.
pub fn retries(key: &str) -> String {
    format!("{key} tries again")
}
/// Contacts came from CompanyInformation.
pub const CONTACTS_FROM_COMPANY: &str = "from company contacts";
/// Empty e-mail list; `enter` adds one.
pub fn emails_hint(enter: &str) -> String {
    if enter.is_empty() {
        "optional".to_string()
    } else {
        format!("optional; {enter} adds one")
    }
}
/// The Create button.
pub const CREATE_BUTTON: &str = "Create";
/// Beside it: the key that creates, and the keys that scroll.
pub fn create_hint(enter: &str, scroll: &str) -> String {
    let mut parts = Vec::new();
    if !enter.is_empty() {
        parts.push(format!("{enter} creates the token"));
    }
    if !scroll.is_empty() {
        parts.push(format!("{scroll} scroll the review"));
    }
    parts.join(" · ")
}
/// After the elapsed time; `key` cancels.
pub fn cancels(key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        format!("  ({key} cancels)")
    }
}
/// Write scopes in the review.
pub const WRITE_FLAG: &str = "write access";
/// Credentials screen title.
pub const CREDENTIALS_TITLE: &str = " Credentials of the user creating the token ";
/// Credentials screen intro.
pub const CREDENTIALS_INTRO: &str =
    " Not read from the command line. Set IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN to skip this.";
/// Secret screen title.
pub const SECRET_TITLE: &str = "Token created";
/// The secret screen's title after a Reset.
pub const SECRET_TITLE_RESET: &str = "Token reset: its new Auth Token";
/// The breadcrumb's part before the token's name on a Reset's secret screen.
pub const RESET_CRUMB: &str = "Reset";
/// The breadcrumb's part while a rotation's new secret is shown.
pub const ROTATE_CRUMB: &str = "Rotate";
/// The secret screen's title in a rotation (step 2 of 5).
pub const SECRET_TITLE_ROTATED: &str = "Rotation, step 2 of 5: the new token's Auth Token";
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
/// Quit question on a rotation's secret screen: quitting stops the
/// rotation after step 2, and both tokens stay enabled.
pub fn confirm_quit_rotation(old: &str) -> String {
    format!(
        "Quit? The rotation stops here: the new token stays enabled (its Auth Token is wiped and cannot be shown again) and '{}' stays as it is. Saved it?",
        inert(old)
    )
}
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
/// After Clear All, with the key that undoes it (none when unbound).
pub fn cleared(n: usize, undo: &str) -> String {
    let cleared = format!("Cleared {n} scope{}.", if n == 1 { "" } else { "s" });
    if undo.is_empty() {
        cleared
    } else {
        format!("{cleared} Press {undo} to undo.")
    }
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
pub fn preset_applied(name: &str, added: usize, removed: usize, undo: &str) -> String {
    let applied = format!("Applied '{}': +{added} −{removed}.", inert(name));
    if undo.is_empty() {
        applied
    } else {
        format!("{applied} Press {undo} to undo.")
    }
}
/// After saving.
pub fn preset_saved(name: &str) -> String {
    format!("Saved preset '{}'.", inert(name))
}
/// Saving failed.
pub fn preset_not_saved(e: &str) -> String {
    format!("Preset not saved: {}", inert(e))
}

// ----- rate limit -----

/// Status line when fewer than 10% of the account's requests remain.
pub fn rate_limit_low(remaining: u64, limit: u64, reset_secs: Option<u64>) -> String {
    let reset = reset_secs
        .map(|s| format!("; the window resets in {s} s"))
        .unwrap_or_default();
    format!(
        "Rate limit nearly spent: {remaining} of {limit} requests left this window (under 10%){reset}"
    )
}

// ----- token test -----

/// Heading of the token test.
pub const PROBE_TITLE: &str = "Test of the new token (its own credentials):";
/// While it runs.
pub const PROBING: &str = "calling…";
/// One answer, and whether it is what the scopes say it should be. With
/// placeholder ids, 404 or 400 still means the call was allowed. A 403
/// inside the token's scopes means the token is disabled: a scoped token
/// is refused in scope only then.
pub fn probe_verdict(result: &Result<u16, String>, expected_allowed: bool) -> (String, bool) {
    match (result, expected_allowed) {
        (Ok(s @ 200..=299), true) => (format!("{s} allowed"), true),
        (Ok(s @ (400 | 404)), true) => (format!("{s} allowed (placeholder id)"), true),
        (Ok(403), false) => ("403 not in scope, as selected".to_string(), true),
        (Ok(s @ (200..=299 | 400 | 404)), false) => {
            (format!("{s} allowed, but not selected!"), false)
        }
        (Ok(403), true) => (PROBE_DISABLED.to_string(), false),
        (Ok(s), _) => (format!("{s} unexpected answer"), false),
        (Err(e), _) => (inert(e), false),
    }
}
/// An out-of-scope 403 from a disabled token.
pub const PROBE_DISABLED_OUT_OF_SCOPE: &str =
    "403, but the token is disabled: this says nothing about its scopes";
/// A 403 inside the scopes while another in-scope call was allowed.
pub const PROBE_REFUSED_IN_SCOPE: &str = "403 refused in scope: the token lacks this scope!";
/// A 403 inside the token's scopes.
pub const PROBE_DISABLED: &str = "403 refused in scope: the token is disabled!";
/// When the token allows no GET to try, so a 403 cannot tell "disabled"
/// from "out of scope".
pub const PROBE_NO_ALLOWED_GET: &str =
    "(no GET in the token's scopes to try: a 403 below cannot tell disabled from out of scope)";

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
/// Header while the profile picker is up (nothing is connected yet).
pub const PICKER_HEADER: &str = "choose a profile";
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
/// Profile picker title.
pub const PICKER_TITLE: &str = " Choose a profile ";
/// Profile picker: the line above the list.
pub const PICKER_INTRO: &str =
    "Several profiles are set up and none is the default. Which one now?";
/// Profile picker: the hint below the list.
pub const PICKER_LATER: &str =
    "Later: impact-token profiles default NAME, or impact-token --profile NAME.";
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
mod platform_tests {
    use super::*;

    #[test]
    fn roles_read_as_words() {
        assert_eq!(role_name("ACCOUNT_ADMINISTRATOR"), "Account Administrator");
        assert_eq!(
            role_name("IMPLEMENTATION_SPECIALIST, ANALYST"),
            "Implementation Specialist, Analyst"
        );
        assert_eq!(role_name("Account Manager"), "Account Manager");
        assert_eq!(contacts_page(2, 5), "contacts: page 2 of 5");
        assert_eq!(contacts_page(3, 0), "contacts: page 3");
    }

    #[test]
    fn verdicts_allow_placeholder_misses_and_tell_disabled_apart() {
        let (v, ok) = probe_verdict(&Ok(404), true);
        assert!(ok && v.contains("allowed"), "{v}");
        assert!(probe_verdict(&Ok(400), true).1);
        assert!(
            !probe_verdict(&Ok(404), false).1,
            "not selected, yet allowed"
        );
        assert!(rate_limit_low(3, 1000, Some(60)).contains("3 of 1000 requests left"));
    }
}
