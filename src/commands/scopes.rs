//! `impact-token scopes`: the catalog as text or JSON.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::Cli;
use crate::commands::target;
use crate::commands::{Failure, exit};
use crate::model::account::AccountType;
use crate::text;

/// Prints the catalog of one account type (or of all three).
pub fn run(cli: &Cli, api_version: Option<&str>, json: bool) -> Result<ExitCode, Failure> {
    let types: Vec<AccountType> = match cli.account_type {
        Some(t) => vec![t.into()],
        None if cli.catalog.is_some() => {
            return Err(Failure::new(
                exit::USAGE,
                text::NEED_ACCOUNT_TYPE_FOR_CATALOG,
            ));
        }
        None => AccountType::ALL.to_vec(),
    };
    let mut out = String::new();
    let mut docs = serde_json::Map::new();
    for t in types {
        let catalog = target::catalog(cli, t)?;
        let version = api_version
            .map(str::to_string)
            .unwrap_or_else(|| catalog.versions[0].clone());
        if !catalog.versions.contains(&version) {
            return Err(Failure::new(
                exit::USAGE,
                format!("{t}: {}", text::unknown_version(&version)),
            ));
        }
        if json {
            let mut doc = catalog.to_doc();
            doc.api_versions = vec![version];
            docs.insert(
                t.as_str().to_string(),
                serde_json::to_value(doc).expect("a catalog serialises"),
            );
            continue;
        }
        out.push_str(&text::catalog_heading(
            t,
            &version,
            catalog.len(),
            catalog.categories.len(),
        ));
        for cat in &catalog.categories {
            out.push_str(&format!("\n{}\n", text::inert(&cat.name)));
            for s in cat.range.clone().map(|i| catalog.scope(i)) {
                let write = if s.is_write() { "  (write)" } else { "" };
                out.push_str(&format!(
                    "  {:<7}{:<40} {}{write}\n         {}\n",
                    s.method,
                    text::inert(s.id),
                    text::inert(s.name),
                    text::inert(s.path)
                ));
            }
        }
        out.push('\n');
    }
    if json {
        let value = if docs.len() == 1 {
            docs.into_iter().next().map(|(_, v)| v).unwrap_or_default()
        } else {
            docs.into()
        };
        out = serde_json::to_string_pretty(&value).expect("JSON serialises") + "\n";
    }
    std::io::stdout()
        .write_all(out.as_bytes())
        .map_err(|e| Failure::new(exit::OTHER, e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}
