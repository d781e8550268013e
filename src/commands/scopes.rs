//! `impact-token scopes`: the catalog as text or JSON.

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
        out = crate::commands::json_text(&value);
    }
    crate::commands::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `scopes --for REQUEST`: the scope a request needs, with its Id, name,
/// category and account type (exit 10 when none matches). The account
/// root in the path picks the catalog; `--account-type` limits the search
/// to one.
pub fn run_for(cli: &Cli, request: &str, json: bool) -> Result<ExitCode, Failure> {
    use crate::model::matching::{self, Request};
    let parsed = Request::parse(request)
        .ok_or_else(|| Failure::new(exit::USAGE, text::scopes_for_unparsed(request)))?;
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
    let catalogs = types
        .into_iter()
        .map(|t| target::catalog(cli, t).map(|c| (t, c)))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<(AccountType, &crate::model::catalog::Catalog)> =
        catalogs.iter().map(|(t, c)| (*t, c)).collect();
    let Some((t, i)) = matching::find_in(&refs, &parsed) else {
        return Err(Failure::new(
            exit::NOT_FOUND,
            text::scopes_for_none(&parsed.method, &format!("/{}", parsed.segments.join("/"))),
        ));
    };
    let catalog = &refs.iter().find(|(x, _)| *x == t).expect("found in it").1;
    let s = catalog.scope(i);
    let category = &catalog.categories[s.category].name;
    let out = if json {
        let v = serde_json::json!({
            "Id": s.id,
            "Name": s.name,
            "Category": category,
            "AccountType": t.as_str(),
            "Method": s.method,
            "Path": s.path,
        });
        crate::commands::json_text(&v)
    } else {
        format!(
            "Id        {}\nName      {}\nCategory  {}\nAccount   {t}\nEndpoint  {} {}\n",
            text::inert(s.id),
            text::inert(s.name),
            text::inert(category),
            text::inert(s.method),
            text::inert(s.path)
        )
    };
    crate::commands::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
