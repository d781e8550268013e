//! `tokens diff A B`: scopes added and removed from A to B, by category.
//! Each side is a token (NAME or Id) or a spec file; a path naming an
//! existing file is a file. Exit 0 when equal, [`exit::DIFFER`] otherwise.

use std::path::Path;
use std::process::ExitCode;

use super::{Session, catalog, print};
use crate::cli::{Cli, OutputArg};
use crate::commands::{Failure, exit};
use crate::model::account::AccountType;
use crate::model::tokens::{Group, ScopeDiff, diff};
use crate::text;

/// One side of the comparison.
struct Side {
    account_type: AccountType,
    scopes: Vec<String>,
}

/// Compares A and B.
pub(super) fn run(cli: &Cli, a: &str, b: &str, output: OutputArg) -> Result<ExitCode, Failure> {
    let is_file = |s: &str| Path::new(s).is_file();
    // The server is asked only when a side is a token, each looked up
    // directly (not in the whole list).
    let session = if is_file(a) && is_file(b) {
        None
    } else {
        Some(Session::open(cli)?)
    };
    let side = |s: &str| -> Result<Side, Failure> {
        match &session {
            Some(session) if !is_file(s) => Ok(Side {
                account_type: session.account_type(),
                scopes: session.find(s)?.scopes,
            }),
            _ => {
                let spec = crate::commands::create::read_spec(cli, Path::new(s))?;
                Ok(Side {
                    account_type: spec.account_type,
                    scopes: spec.request.scopes,
                })
            }
        }
    };
    let (left, right) = (side(a)?, side(b)?);
    drop(session);
    if left.account_type != right.account_type {
        return Err(Failure::new(exit::INVALID, text::diff_account_types(a, b)));
    }
    let d = diff(
        &catalog(cli, left.account_type),
        &left.scopes,
        &right.scopes,
    );
    match output {
        OutputArg::Text => print(&render(&d, a, b))?,
        OutputArg::Json => print(&json(&d, a, b))?,
    }
    Ok(if d.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(exit::DIFFER)
    })
}

/// The text of a diff: added, then removed, each by category.
fn render(d: &ScopeDiff, a: &str, b: &str) -> String {
    if d.is_empty() {
        return text::diff_equal(a, b);
    }
    let (added, removed) = d.counts();
    let mut s = String::new();
    let mut section = |n: usize, heading: String, groups: &[Group], line: fn(&str) -> String| {
        if n == 0 {
            return;
        }
        s.push_str(&heading);
        for g in groups {
            s.push_str(&text::category_line(&g.category));
            for id in &g.ids {
                s.push_str(&line(id));
            }
        }
    };
    section(
        added,
        text::diff_added_heading(added, b),
        &d.added,
        text::diff_added,
    );
    section(
        removed,
        text::diff_removed_heading(removed, a),
        &d.removed,
        text::diff_removed,
    );
    s
}

/// `tokens diff --output json`: one object, `A` and `B` as given,
/// `Equal`, and `Added` (only in B) and `Removed` (only in A), each an
/// array of `{"Category", "Id"}` in catalog order. The status says the
/// same (0 equal, 14 differ).
fn json(d: &ScopeDiff, a: &str, b: &str) -> String {
    let scopes = |groups: &[Group]| -> Vec<serde_json::Value> {
        groups
            .iter()
            .flat_map(|g| {
                g.ids
                    .iter()
                    .map(|id| serde_json::json!({ "Category": g.category, "Id": id }))
            })
            .collect()
    };
    crate::commands::json_text(&serde_json::json!({
        "A": a,
        "B": b,
        "Equal": d.is_empty(),
        "Added": scopes(&d.added),
        "Removed": scopes(&d.removed),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Catalog;

    #[test]
    fn a_diff_lists_added_then_removed_by_category() {
        let c = Catalog::bundled(AccountType::Brand);
        let ids: Vec<String> = c.scopes().map(|s| s.id.to_string()).collect();
        let (first, last) = (&ids[0], &ids[ids.len() - 1]);
        let d = diff(&c, std::slice::from_ref(first), std::slice::from_ref(last));
        let out = render(&d, "old", "new");
        let plus = out.find(&format!("+ {last}")).expect(&out);
        let minus = out.find(&format!("- {first}")).expect(&out);
        assert!(plus < minus, "{out}");
        assert!(out.starts_with("Added: 1 only in new\n"), "{out}");
        assert!(out.contains("Removed: 1 only in old\n"), "{out}");
        let same = diff(&c, std::slice::from_ref(first), std::slice::from_ref(first));
        assert_eq!(render(&same, "a", "b"), text::diff_equal("a", "b"));
        let v: serde_json::Value = serde_json::from_str(&json(&d, "old", "new")).unwrap();
        assert_eq!(v["Equal"], false);
        assert_eq!(v["Added"][0]["Id"], last.as_str());
        assert_eq!(v["Removed"][0]["Id"], first.as_str());
        assert_eq!(v["Removed"].as_array().unwrap().len(), 1);
        let v: serde_json::Value = serde_json::from_str(&json(&same, "a", "b")).unwrap();
        assert_eq!(v["Equal"], true);
        assert_eq!(v["Added"], serde_json::json!([]));
    }
}
