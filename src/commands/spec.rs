//! `impact-token spec`: a spec from evidence (`from-log`), and a spec as
//! steps for impact.com's web page (`checklist`).

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{Cli, SpecAction};
use crate::commands::contacts::ContactNames;
use crate::commands::{Failure, exit, print, target};
use crate::contract::CreateTokenRequest;
use crate::model::account::AccountType;
use crate::model::checklist::{Contact, checklist_for};
use crate::model::evidence::{Evidence, ReadStop};
use crate::model::spec::{Format, to_json};
use crate::text;

/// Unmatched requests listed on stderr; the rest are counted.
const UNMATCHED_SHOWN: usize = 50;

/// Runs a `spec` action.
pub fn run(cli: &Cli, action: &SpecAction) -> Result<ExitCode, Failure> {
    match action {
        SpecAction::FromLog {
            files,
            out,
            output,
            diff_against,
        } => {
            let (file, format) = crate::commands::spec_destination(out.as_deref(), output.as_ref());
            from_log(
                cli,
                files,
                (file.as_deref(), format),
                diff_against.as_deref(),
            )
        }
        SpecAction::Checklist { file } => checklist(cli, file),
    }
}

/// Reads every input into the evidence (standard input for `-`).
fn read_all(ev: &mut Evidence, files: &[PathBuf]) -> Result<(), Failure> {
    for f in files {
        let name = f.display().to_string();
        let result = if f.as_os_str() == "-" {
            ev.read("-", std::io::stdin().lock())
        } else {
            // Pipes are fine (`<(zcat access.log.gz)`); a directory is not.
            let file = std::fs::File::open(f)
                .and_then(|file| {
                    if file.metadata()?.is_dir() {
                        Err(std::io::Error::other(text::not_regular_file("directory")))
                    } else {
                        Ok(file)
                    }
                })
                .map_err(|e| {
                    Failure::new(
                        exit::OTHER,
                        text::from_log_read_failed(&name, &e.to_string()),
                    )
                })?;
            ev.read(&name, BufReader::new(file))
        };
        match result {
            Ok(()) => {}
            Err(ReadStop::TooLarge) => {
                return Err(Failure::new(exit::INVALID, text::EVIDENCE_TOO_LARGE));
            }
            Err(ReadStop::Invalid(why)) => {
                return Err(Failure::new(
                    exit::INVALID,
                    text::from_log_read_failed(&name, &why),
                ));
            }
            Err(ReadStop::Failed(why)) => {
                return Err(Failure::new(
                    exit::OTHER,
                    text::from_log_read_failed(&name, &why),
                ));
            }
        }
    }
    Ok(())
}

/// Lists on stderr what could not be matched or read.
fn report_unmatched(ev: &Evidence) {
    let mut rows: Vec<(&(String, String), &u64)> = ev.unmatched.iter().collect();
    let total: u64 = rows.iter().map(|(_, n)| **n).sum::<u64>() + ev.unmatched_more;
    if total > 0 {
        eprintln!("{}", text::from_log_unmatched(total, rows.len()));
        rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        for ((m, p), n) in rows.iter().take(UNMATCHED_SHOWN) {
            eprintln!("{}", text::from_log_unmatched_row(m, p, **n));
        }
        let hidden: u64 = rows
            .iter()
            .skip(UNMATCHED_SHOWN)
            .map(|(_, n)| **n)
            .sum::<u64>()
            + ev.unmatched_more;
        if hidden > 0 {
            eprintln!("{}", text::from_log_unmatched_more(hidden));
        }
    }
    if ev.unreadable > 0 {
        eprintln!(
            "{}",
            text::from_log_unreadable(ev.unreadable, &ev.unreadable_at)
        );
    }
}

fn from_log(
    cli: &Cli,
    files: &[PathBuf],
    (output, format): (Option<&Path>, Format),
    diff_against: Option<&Path>,
) -> Result<ExitCode, Failure> {
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
    let mut catalogs = Vec::new();
    for t in types {
        catalogs.push((t, target::catalog(cli, t)?));
    }
    let mut ev = Evidence::new(catalogs);
    read_all(&mut ev, files)?;
    report_unmatched(&ev);
    let seen = ev.account_types();
    let t = match (cli.account_type, seen.as_slice()) {
        (Some(t), _) => t.into(),
        (None, [t]) => *t,
        (None, []) => return Err(Failure::new(exit::INVALID, text::FROM_LOG_NOTHING)),
        (None, many) => {
            let names: Vec<&str> = many.iter().map(|t| t.as_str()).collect();
            return Err(Failure::new(exit::USAGE, text::from_log_many_types(&names)));
        }
    };
    let scopes = ev.scopes_of(t);
    if scopes.is_empty() {
        return Err(Failure::new(exit::INVALID, text::FROM_LOG_NOTHING));
    }
    let catalog = ev.catalog(t).expect("the chosen type was searched");
    let guess = ev.version_guess(catalog);
    eprintln!(
        "{}",
        text::from_log_version(&guess.version, guess.seen, &guess.all_seen)
    );
    eprintln!(
        "{}",
        text::from_log_summary(ev.requests, scopes.len(), t.as_str())
    );
    let body = match format {
        Format::Json => {
            let req = CreateTokenRequest {
                name: String::new(),
                description: text::FROM_LOG_DESCRIPTION.into(),
                api_version: guess.version.clone(),
                primary_contact_user_id: String::new(),
                developer_emails: Vec::new(),
                scopes: scopes
                    .iter()
                    .map(|&i| catalog.scope(i).id.to_string())
                    .collect(),
            };
            to_json(t, &req, catalog)
        }
        Format::Toml => crate::model::evidence::to_toml(t, catalog, &guess.version, &ev),
    };
    match output {
        Some(path) => crate::store::files::write_new_private(path, body.as_bytes())
            .map_err(|e| Failure::new(exit::OTHER, text::secret_not_saved(path, &e)))?,
        // With --diff-against, stdout is the difference; the spec needs -o.
        None if diff_against.is_none() => print(&body)?,
        None => {}
    }
    let Some(spec_path) = diff_against else {
        return Ok(ExitCode::SUCCESS);
    };
    let spec = crate::commands::create::read_spec(cli, spec_path)?;
    if spec.account_type != t {
        return Err(Failure::new(
            exit::INVALID,
            format!(
                "{}: {}",
                spec_path.display(),
                text::spec_wrong_account_type(spec.account_type, t)
            ),
        ));
    }
    let in_spec: Vec<usize> = spec
        .request
        .scopes
        .iter()
        .filter_map(|id| catalog.index_of(id))
        .collect();
    let unused: Vec<usize> = in_spec
        .iter()
        .copied()
        .filter(|i| !scopes.contains(i))
        .collect();
    let missing: Vec<usize> = scopes
        .iter()
        .copied()
        .filter(|i| !in_spec.contains(i))
        .collect();
    let row = |i: usize| {
        let s = catalog.scope(i);
        text::diff_row(&catalog.categories[s.category].name, s.method, s.id, s.name) + "\n"
    };
    let mut report = String::new();
    if unused.is_empty() && missing.is_empty() {
        report.push_str(text::DIFF_SAME);
        report.push('\n');
    }
    if !unused.is_empty() {
        report.push_str(&text::diff_unused(unused.len()));
        report.push('\n');
        unused.iter().for_each(|&i| report.push_str(&row(i)));
    }
    if !missing.is_empty() {
        report.push_str(&text::diff_missing(missing.len()));
        report.push('\n');
        missing.iter().for_each(|&i| report.push_str(&row(i)));
    }
    print(&report)?;
    Ok(if unused.is_empty() && missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(exit::DIFFER)
    })
}

fn checklist(cli: &Cli, file: &Path) -> Result<ExitCode, Failure> {
    // A spec from `from-log` leaves the name and contact blank: they
    // become steps to fill in on the page.
    let spec = crate::commands::create::read_draft_spec(cli, file)?;
    let catalog = target::catalog(cli, spec.account_type)?;
    let names = contact_names(cli, &spec);
    let id = spec.request.primary_contact_user_id.as_str();
    let contact = match &names {
        Some(n) => match n.name(id) {
            Some(name) => Contact::Named(name),
            None if n.was_read() => Contact::Unknown,
            None => Contact::NotLooked,
        },
        None => Contact::NotLooked,
    };
    print(&checklist_for(
        spec.account_type,
        &spec.request,
        &catalog,
        contact,
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The account's users' names, to name the spec's primary contact, when a
/// server is at hand without asking (`--sandbox`, `--api-url` with the
/// environment's credentials, or a profile of the spec's account type);
/// `None` offline. A failure to read them only loses the names.
fn contact_names(cli: &Cli, spec: &crate::model::spec::Spec) -> Option<ContactNames> {
    if spec.request.primary_contact_user_id.is_empty() {
        return None;
    }
    let target = target::resolve_as(cli, Some(spec.account_type)).ok()??;
    if target.needs_prompt || target.account_type != spec.account_type {
        return None;
    }
    let rt = crate::commands::runtime().ok()?;
    let names = rt.block_on(async {
        match crate::commands::create::connect(cli, &target, spec.account_type).await {
            Ok(conn) => Some(ContactNames::read(&conn.client, spec.account_type).await),
            Err(f) => {
                eprintln!("impact-token: {}", text::users_unread(&f.message));
                None
            }
        }
    });
    rt.shutdown_background();
    names
}
