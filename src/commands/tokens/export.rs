//! `tokens export`: a token's settings as a spec file that `create --spec`
//! reads back.

use std::path::Path;
use std::process::ExitCode;

use super::{Session, catalog, print};
use crate::cli::Cli;
use crate::commands::{Failure, exit};
use crate::contract::Token;
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::model::spec::{Format, to_json, to_toml};
use crate::text;

/// Exports one token as a spec in `format`: to a new private file when
/// `output` is given, else to stdout.
pub(super) fn run(
    cli: &Cli,
    name_or_id: &str,
    output: Option<&Path>,
    format: Format,
) -> Result<ExitCode, Failure> {
    // The file is checked before anything is fetched: it must be new, in
    // a directory that exists and takes it.
    if let Some(p) = output {
        crate::store::files::check_new_private(p, 0)
            .map_err(|e| Failure::new(exit::USAGE, text::export_failed(p, &e.to_string())))?;
    }
    let session = Session::open(cli)?;
    let token = session.find(name_or_id)?;
    let account_type = session.account_type();
    let catalog = catalog(cli, account_type);
    drop(session);
    match output {
        None => print(&spec(&token, account_type, &catalog, format))?,
        Some(p) => {
            let body = spec(&token, account_type, &catalog, format);
            // Whole or not at all, never over an existing file (as the
            // Create panel's export).
            crate::store::files::write_new_private(p, body.as_bytes())
                .map_err(|e| Failure::new(exit::OTHER, text::export_failed(p, &e.to_string())))?;
            eprintln!("{}", text::exported(&token.name, p));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The token's settings as a spec in `format`.
fn spec(token: &Token, account_type: AccountType, catalog: &Catalog, format: Format) -> String {
    let request = token.to_request();
    match format {
        Format::Toml => to_toml(account_type, &request, catalog),
        Format::Json => to_json(account_type, &request, catalog),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::TOKEN_DISABLED;
    use crate::model::spec::parse;

    #[test]
    fn an_export_reads_back_as_the_same_settings() {
        let c = Catalog::bundled(AccountType::Partner);
        let scopes: Vec<String> = c.scopes().take(3).map(|s| s.id.to_string()).collect();
        let t = Token {
            id: "T1".into(),
            name: "nightly \"export\"".into(),
            description: "BI".into(),
            api_version: c.versions[0].clone(),
            primary_contact_user_id: "U-1".into(),
            developer_emails: vec!["dev@example.com".into()],
            scopes,
            date_created: "2026-11-20T10:00:00Z".into(),
            state: TOKEN_DISABLED.into(),
            revision: String::new(),
        };
        let bundled = |t| Catalog::bundled(t);
        for format in [Format::Toml, Format::Json] {
            let text = spec(&t, AccountType::Partner, &c, format);
            let back = parse(&text, format, Some(AccountType::Partner), &bundled).unwrap();
            assert_eq!(back.request, t.to_request(), "{text}");
        }
    }
}
