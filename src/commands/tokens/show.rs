//! `tokens show`: a token's settings and its scopes by category, write
//! scopes flagged.

use std::process::ExitCode;

use super::{Session, catalog, print};
use crate::cli::{Cli, OutputArg};
use crate::commands::Failure;
use crate::commands::contacts::ContactNames;
use crate::contract::Token;
use crate::model::catalog::Catalog;
use crate::model::tokens::{group, state_label};
use crate::text;

/// Shows one token.
pub(super) fn run(cli: &Cli, name_or_id: &str, output: OutputArg) -> Result<ExitCode, Failure> {
    let session = Session::open(cli)?;
    let token = session.find(name_or_id)?;
    let catalog = catalog(cli, session.account_type());
    let names = session.contact_names();
    drop(session);
    match output {
        OutputArg::Text => print(&details(&token, &catalog, &names))?,
        OutputArg::Json => print(&json(&token, &catalog, &names))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// One scope as shown: Id, method, path and whether it writes. Ids the
/// catalog does not know have no method or path.
struct Described<'c> {
    id: String,
    method: &'c str,
    path: &'c str,
    write: bool,
}

/// The token's scopes by category, in catalog order.
fn grouped<'c>(token: &Token, catalog: &'c Catalog) -> Vec<(String, Vec<Described<'c>>)> {
    group(catalog, token.scopes.iter().map(String::as_str))
        .into_iter()
        .map(|g| {
            let scopes = g
                .ids
                .into_iter()
                .map(|id| {
                    let (method, path, write) = match catalog.index_of(&id) {
                        Some(i) => {
                            let s = catalog.scope(i);
                            (s.method, s.path, s.is_write())
                        }
                        None => ("?", "?", false),
                    };
                    Described {
                        id,
                        method,
                        path,
                        write,
                    }
                })
                .collect();
            (g.category, scopes)
        })
        .collect()
}

/// The text of `tokens show`.
fn details(token: &Token, catalog: &Catalog, names: &ContactNames) -> String {
    let mut s = String::new();
    s.push_str(&text::show_field(text::SHOW_NAME, &token.name));
    s.push_str(&text::show_field(text::SHOW_ID, &token.id));
    s.push_str(&text::show_field(text::SHOW_STATE, state_label(token)));
    s.push_str(&text::show_field(text::SHOW_VERSION, &token.api_version));
    s.push_str(&text::show_field(text::SHOW_CREATED, &token.date_created));
    s.push_str(&text::show_field(
        text::SHOW_CONTACT,
        &names.full(&token.primary_contact_user_id),
    ));
    s.push_str(&text::show_field(
        text::SHOW_EMAILS,
        &token.developer_emails.join(", "),
    ));
    s.push_str(&text::show_field(
        text::SHOW_DESCRIPTION,
        &token.description,
    ));
    let groups = grouped(token, catalog);
    let writes = groups
        .iter()
        .flat_map(|(_, g)| g)
        .filter(|d| d.write)
        .count();
    s.push_str(&text::show_scopes_heading(token.scopes.len(), writes));
    for (category, scopes) in &groups {
        s.push_str(&text::category_line(category));
        for d in scopes {
            s.push_str(&text::scope_line(&d.id, d.method, d.path, d.write));
        }
    }
    s
}

/// The token as JSON, with its scopes described by category.
fn json(token: &Token, catalog: &Catalog, names: &ContactNames) -> String {
    let mut v = super::with_contact_name(token, names);
    let categories: Vec<serde_json::Value> = grouped(token, catalog)
        .iter()
        .map(|(category, scopes)| {
            serde_json::json!({
                "Name": category,
                "Scopes": scopes.iter().map(|d| serde_json::json!({
                    "Id": d.id,
                    "Method": d.method,
                    "Path": d.path,
                    "Write": d.write,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    v["ScopesByCategory"] = categories.into();
    crate::commands::json_text(&v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::TOKEN_DISABLED;
    use crate::model::account::AccountType;

    fn token(scopes: &[&str]) -> Token {
        Token {
            id: "T1".into(),
            name: "nightly".into(),
            description: "BI".into(),
            api_version: "14".into(),
            primary_contact_user_id: "U-1".into(),
            developer_emails: vec!["dev@example.com".into()],
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            date_created: "2026-11-20T10:00:00Z".into(),
            state: TOKEN_DISABLED.into(),
            revision: String::new(),
        }
    }

    #[test]
    fn details_group_scopes_and_flag_writes() {
        let c = Catalog::bundled(AccountType::Brand);
        let write = c.scopes().find(|s| s.is_write()).unwrap();
        let read = c.scopes().find(|s| !s.is_write()).unwrap();
        let t = token(&[write.id, read.id, "notAScope"]);
        let names = ContactNames::default();
        let out = details(&t, &c, &names);
        assert!(out.contains("State            Disabled\n"), "{out}");
        assert!(out.contains("Scopes (3, 1 that write)"), "{out}");
        let w = out.lines().find(|l| l.contains(write.id)).unwrap();
        assert!(w.ends_with("(write)") && w.contains(write.path), "{w}");
        let r = out.lines().find(|l| l.contains(read.id)).unwrap();
        assert!(!r.contains("(write)"), "{r}");
        assert!(out.contains(text::UNKNOWN_SCOPES), "{out}");
        assert!(out.contains("notAScope"), "{out}");
        let v: serde_json::Value = serde_json::from_str(&json(&t, &c, &names)).unwrap();
        assert_eq!(v["Id"], "T1");
        let all: Vec<&serde_json::Value> = v["ScopesByCategory"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["Scopes"].as_array().unwrap())
            .collect();
        assert_eq!(all.len(), 3);
        assert!(
            all.iter()
                .any(|s| s["Id"] == write.id && s["Write"] == true)
        );
    }
}
