//! `spec from-log`, `spec checklist` and the wizard's "From a log file…".

use super::inert;

/// A read stopped at the evidence cap (256 MiB over all inputs).
pub const EVIDENCE_TOO_LARGE: &str =
    "the input is over 256 MiB; split the log, or keep only the integration's lines";
/// A HAR file that is not valid JSON of the HAR shape.
pub fn har_invalid(e: &dyn std::fmt::Display) -> String {
    format!("not a HAR file: {e}")
}
/// Header lines of a spec written from evidence.
pub fn from_log_header(requests: u64) -> String {
    format!(
        "# Written by `impact-token spec from-log` from {requests} request(s): the smallest set of\n\
         # scopes that allows exactly what was seen. Fill in name and\n\
         # primary_contact_user_id (create --spec refuses them empty), then review.\n"
    )
}
/// Inline comment on the name placeholder.
pub const FROM_LOG_EDIT_NAME: &str = "EDIT: the token's name (required)";
/// Inline comment on the contact placeholder.
pub const FROM_LOG_EDIT_CONTACT: &str =
    "EDIT: a user Id of the account, e.g. from `impact-token` Contact panel (required)";
/// Description of a spec written from evidence.
pub const FROM_LOG_DESCRIPTION: &str = "Scopes seen in use (impact-token spec from-log)";
/// The comment above each scope: how often, and one example.
pub fn from_log_scope_note(count: u64, example: &str) -> String {
    let s = if count == 1 { "" } else { "s" };
    format!("{count} request{s}, e.g. {example}")
}
/// stderr: requests that no scope matches.
pub fn from_log_unmatched(total: u64, distinct: usize) -> String {
    format!("{total} request(s) matched no scope ({distinct} distinct):")
}
/// stderr: one unmatched request.
pub fn from_log_unmatched_row(method: &str, path: &str, count: u64) -> String {
    format!("  {method} {path}  ({count}×)")
}
/// stderr: unmatched requests not listed.
pub fn from_log_unmatched_more(n: u64) -> String {
    format!("  … and {n} more")
}
/// stderr: lines that are not requests (their content is not shown: it may
/// hold credentials).
pub fn from_log_unreadable(n: u64, at: &[String]) -> String {
    let more = if (at.len() as u64) < n { ", …" } else { "" };
    format!(
        "{n} line(s) are not requests in a known format (not shown): {}{more}",
        at.join(", ")
    )
}
/// stderr: the version written.
pub fn from_log_version(version: &str, seen: bool, all_seen: &[String]) -> String {
    if seen && all_seen.len() <= 1 {
        format!("API version {version}, from IR-Version in the evidence")
    } else if seen {
        format!(
            "API version {version}, the most used IR-Version; the evidence also shows {}",
            all_seen
                .iter()
                .filter(|v| *v != version)
                .map(|v| inert(v))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else if all_seen.is_empty() {
        format!("API version {version} (the newest): the evidence shows no IR-Version")
    } else {
        format!(
            "API version {version} (the newest): the evidence's IR-Version {} is not offered",
            all_seen
                .iter()
                .map(|v| inert(v))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}
/// stderr: summary after writing.
pub fn from_log_summary(requests: u64, scopes: usize, account_type: &str) -> String {
    format!("{requests} request(s) read; {scopes} {account_type} scope(s) used")
}
/// Nothing in the evidence matched a scope.
pub const FROM_LOG_NOTHING: &str = "no request in the input matches a scope of the catalog";
/// The evidence spans account types and none was given.
pub fn from_log_many_types(types: &[&str]) -> String {
    format!(
        "the requests belong to more than one account type ({}); choose one with --account-type",
        types.join(", ")
    )
}
/// A file given to from-log could not be read.
pub fn from_log_read_failed(source: &str, why: &str) -> String {
    format!("{}: {}", inert(source), inert(why))
}
/// `--diff-against`: heading of scopes the spec has and the evidence never used.
pub fn diff_unused(n: usize) -> String {
    format!("In the spec, never used by the evidence ({n}; could be removed):")
}
/// `--diff-against`: heading of scopes used but missing from the spec.
pub fn diff_missing(n: usize) -> String {
    format!("Used by the evidence, not in the spec ({n}; these calls would get 403):")
}
/// `--diff-against`: one scope row.
pub fn diff_row(category: &str, method: &str, id: &str, name: &str) -> String {
    format!(
        "  {:<7}{:<36} {}  [{}]",
        method,
        inert(id),
        inert(name),
        inert(category)
    )
}
/// `--diff-against`: nothing to report.
pub const DIFF_SAME: &str = "The spec allows exactly what the evidence used.";

/// The preset that reads a log file.
pub const FROM_LOG_PRESET: &str = "From a log file…";
/// What it does.
pub const FROM_LOG_PRESET_ABOUT: &str = "the scopes a log shows in use (asks for the file)";
/// Title of the question for the log file's path.
pub const FROM_LOG_TITLE: &str = "From a log file";
/// Placeholder of the log path field.
pub const PH_LOG_FILE: &str = "access log, HAR, curl lines or METHOD /path lines";
/// The preset a log file gives, named after the file.
pub fn logged_preset_name(file: &str) -> String {
    format!("from {}", inert(file))
}
/// What the logged preset holds.
pub fn logged_preset_about(requests: u64, scopes: usize, unmatched: u64) -> String {
    format!("{requests} request(s), {scopes} scope(s); {unmatched} line(s) not matched")
}
/// A log file that matched no scope of this account type.
pub fn log_matched_nothing(file: &str, requests: u64) -> String {
    format!(
        "{}: none of its {requests} request(s) matches a scope of this account type",
        inert(file)
    )
}
/// A log file could not be read.
pub fn log_not_read(file: &str, why: &str) -> String {
    format!("{}: not read: {}", inert(file), inert(why))
}
/// `w` while editing a token.
pub const CHECKLIST_NOT_FOR_EDIT: &str =
    "The web page's steps describe creating a token; for an edit, the review lists what changes.";
/// The name suggested for a checklist file.
pub fn checklist_file_name(token_name: &str) -> String {
    format!(
        "{}-checklist.md",
        super::files::file_stem(token_name)
            .as_deref()
            .unwrap_or("token")
    )
}
/// Placeholder of the checklist file field.
pub const PH_CHECKLIST_FILE: &str = "file to create: NAME.md";
/// Label of the checklist file field.
pub const LABEL_CHECKLIST: &str = "Write the web page's steps (Markdown) to";
/// After writing a checklist.
pub fn checklist_written(p: &std::path::Path) -> String {
    format!(
        "Wrote the steps for impact.com's page to {}",
        inert(&p.display().to_string())
    )
}

/// A value as a Markdown code span that shows it exactly: a backtick fence
/// longer than any run inside, padded when the value starts or ends with one.
pub fn md_code(value: &str) -> String {
    let v = inert(value);
    if v.is_empty() {
        return "(empty)".into();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in v.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if v.starts_with('`') || v.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{v}{pad}{fence}")
}

/// Text for Markdown with its markup characters escaped.
pub fn md_text(value: &str) -> String {
    let mut out = String::new();
    for c in inert(value).chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One scope to tick: its name as the page shows it, and whether it writes.
pub struct ChecklistScope {
    /// Name in the page.
    pub name: String,
    /// A write (PUT, POST, PATCH, DELETE).
    pub write: bool,
}

/// What the checklist shows, as plain values.
pub struct ChecklistParts<'a> {
    /// agency, brand or partner.
    pub account_type: &'a str,
    /// The web page's path to Create Access Token.
    pub breadcrumb: &'a [&'a str],
    /// Token Name.
    pub name: &'a str,
    /// Description.
    pub description: &'a str,
    /// API version.
    pub api_version: &'a str,
    /// Primary contact's user Id.
    pub contact_id: &'a str,
    /// Primary contact's name and e-mail, when known.
    pub contact_name: Option<&'a str>,
    /// The account's users were read and none has the contact's Id.
    pub contact_unknown: bool,
    /// Developer e-mails.
    pub emails: &'a [String],
    /// Categories in page order with their scopes to tick.
    pub categories: Vec<(String, Vec<ChecklistScope>)>,
}

/// The checklist as Markdown: steps to click through impact.com's page.
pub fn checklist_markdown(p: &ChecklistParts<'_>) -> String {
    let mut o = String::new();
    let total: usize = p.categories.iter().map(|(_, s)| s.len()).sum();
    if p.name.is_empty() {
        o.push_str("# Create an access token in impact.com\n\n");
    } else {
        o.push_str(&format!(
            "# Create the access token {} in impact.com\n\n",
            md_code(p.name)
        ));
    }
    o.push_str(&format!(
        "A {} account. Open **{}**.\n\n",
        p.account_type,
        p.breadcrumb
            .iter()
            .map(|s| md_text(s))
            .collect::<Vec<_>>()
            .join(" › ")
    ));
    let blank: Vec<&str> = [
        (p.name.is_empty(), "the Token Name"),
        (p.contact_id.is_empty(), "the Primary Contact"),
    ]
    .iter()
    .filter(|(b, _)| *b)
    .map(|(_, what)| *what)
    .collect();
    if !blank.is_empty() {
        o.push_str(&format!(
            "The spec leaves {} blank: fill them in on the page at the steps marked **fill in** (and \
             in the spec too, so that `create --spec` and `verify` can use it).\n\n",
            blank.join(" and ")
        ));
    }
    o.push_str("## 1. Setup\n\n");
    if p.name.is_empty() {
        o.push_str("- [ ] Token Name: **fill in** a name (at most 64 characters)\n");
    } else {
        o.push_str(&format!("- [ ] Token Name: {}\n", md_code(p.name)));
    }
    o.push_str(&format!("- [ ] Description: {}\n", md_code(p.description)));
    o.push_str(&format!(
        "- [ ] API Version: {}\n\n",
        md_code(p.api_version)
    ));
    o.push_str("## 2. Contact Information\n\n");
    match p.contact_name {
        _ if p.contact_id.is_empty() => o.push_str(
            "- [ ] Primary Contact: **fill in**: pick the user to contact about this token\n",
        ),
        _ if p.contact_unknown => o.push_str(&format!(
            "- [ ] Primary Contact: the spec names user Id {}, which is not among the \
             account's users (unknown user): **fill in** the user to contact instead\n",
            md_code(p.contact_id)
        )),
        Some(n) => o.push_str(&format!(
            "- [ ] Primary Contact: pick {} (user Id {})\n",
            md_code(n),
            md_code(p.contact_id)
        )),
        None => o.push_str(&format!(
            "- [ ] Primary Contact: pick the user whose Id is {}\n",
            md_code(p.contact_id)
        )),
    }
    if p.emails.is_empty() {
        o.push_str("- Developer e-mails: none\n");
    }
    for e in p.emails {
        o.push_str(&format!("- [ ] Developer e-mail: add {}\n", md_code(e)));
    }
    o.push_str(&format!(
        "\n## 3. API Scopes\n\n{total} scope(s) in {} categor{}. Click **Clear All** first, then for each category below toggle it on and tick exactly these boxes; leave every other box empty.\n",
        p.categories.len(),
        if p.categories.len() == 1 { "y" } else { "ies" }
    ));
    for (cat, scopes) in &p.categories {
        o.push_str(&format!("\n### {}\n\n", md_text(cat)));
        o.push_str(&format!("- [ ] Toggle **{}** on\n", md_text(cat)));
        for s in scopes {
            let write = if s.write { " (write)" } else { "" };
            o.push_str(&format!("- [ ] Tick **{}**{write}\n", md_text(&s.name)));
        }
    }
    o.push_str("\n## 4. Create\n\n- [ ] Click **Create**, then copy the Account SID and Auth Token from the token card into your vault.\n- [ ] Check the token against the spec: `impact-token verify --spec FILE`.\n");
    o
}
