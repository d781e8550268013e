//! `tokens list`: impact's three filters, as a table or a JSON array.

use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::{Session, now, print};
use crate::cli::{Cli, OutputArg};
use crate::commands::Failure;
use crate::commands::contacts::ContactNames;
use crate::contract::Token;
use crate::model::tokens::{Filter, date_part, state_label};
use crate::text;

/// Lists the tokens that pass `filter`.
pub(super) fn run(cli: &Cli, filter: &Filter, output: OutputArg) -> Result<ExitCode, Failure> {
    let session = Session::open(cli)?;
    let tokens = session.tokens()?;
    let shown: Vec<&Token> = filter
        .apply(&tokens, now())
        .into_iter()
        .map(|i| &tokens[i])
        .collect();
    // One users listing names every contact; none when nothing is shown.
    let names = if shown.is_empty() {
        ContactNames::default()
    } else {
        session.contact_names()
    };
    drop(session);
    match output {
        OutputArg::Json => print(&json(&shown, &names))?,
        OutputArg::Text => {
            print(&table(&shown, &names))?;
            if shown.is_empty() {
                eprintln!("{}", text::NO_TOKENS_MATCH);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The tokens as a JSON array (a token never carries a secret), each with
/// `PrimaryContactName` beside its `PrimaryContactUserId`, server text
/// escaped ([`crate::commands::json_text`]).
fn json(tokens: &[&Token], names: &ContactNames) -> String {
    let all: Vec<serde_json::Value> = tokens
        .iter()
        .map(|t| super::with_contact_name(t, names))
        .collect();
    crate::commands::json_text(&all)
}

/// The list's columns, aligned; server values are made inert first.
fn table(tokens: &[&Token], names: &ContactNames) -> String {
    let rows: Vec<[String; 6]> = tokens
        .iter()
        .map(|t| {
            [
                text::inert(&t.name),
                state_label(t).to_string(),
                text::inert(&t.api_version),
                t.scopes.len().to_string(),
                text::inert(date_part(&t.date_created)),
                names.cell(&t.primary_contact_user_id),
            ]
        })
        .collect();
    let mut widths = text::LIST_HEADINGS.map(UnicodeWidthStr::width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[&str]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            s.push_str(cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w - cell.width() + 2));
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(&text::LIST_HEADINGS);
    for row in &rows {
        out.push_str(&line(&row.each_ref().map(String::as_str)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{TOKEN_DISABLED, TOKEN_ENABLED};

    fn token(name: &str, state: &str, scopes: usize) -> Token {
        Token {
            id: format!("ID-{name}"),
            name: name.into(),
            description: "never listed".into(),
            api_version: "14".into(),
            primary_contact_user_id: "U-1".into(),
            developer_emails: vec![],
            scopes: (0..scopes).map(|i| format!("s{i}")).collect(),
            date_created: "2026-11-20T10:00:00Z".into(),
            state: state.into(),
            revision: String::new(),
        }
    }

    #[test]
    fn the_table_aligns_wide_names_and_makes_server_text_inert() {
        let a = token("ｗｉｄｅ", TOKEN_ENABLED, 3);
        let b = token("evil\x1b[2Jname", TOKEN_DISABLED, 12);
        let out = table(&[&a, &b], &ContactNames::default());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(!out.contains('\x1b'), "{out:?}");
        assert!(lines[0].starts_with("Name"), "{out}");
        // Every "State" cell starts in the same terminal column.
        let col = |l: &str, needle: &str| l[..l.find(needle).unwrap()].width();
        assert_eq!(col(lines[0], "State"), col(lines[1], "Enabled"), "{out}");
        assert_eq!(col(lines[0], "State"), col(lines[2], "Disabled"), "{out}");
        assert!(
            lines[2].ends_with("Disabled  14           12      2026-11-20  U-1"),
            "{out}"
        );
        assert!(!out.contains("never listed"));
    }

    #[test]
    fn json_is_an_array_of_tokens() {
        let a = token("a", TOKEN_ENABLED, 1);
        let names = ContactNames::default();
        let v: serde_json::Value = serde_json::from_str(&json(&[&a], &names)).unwrap();
        assert_eq!(v[0]["Name"], "a");
        assert_eq!(v[0]["State"], "ENABLED");
        assert_eq!(v[0]["PrimaryContactUserId"], "U-1");
        assert_eq!(v[0]["PrimaryContactName"], serde_json::Value::Null);
        assert_eq!(v.as_array().unwrap().len(), 1);
        assert_eq!(json(&[], &names), "[]\n");
    }
}
