//! `impact-token create --spec FILE [--yes]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use secrecy::ExposeSecret;

use crate::api::client::{Client, Credentials};
use crate::api::worker::{Backend, RetryPolicy, SubmitProgress, create_with_retries};
use crate::cli::{Cli, OutputArg};
use crate::commands::target::{self, Target};
use crate::commands::{Failure, exit, runtime};
use crate::model::request::Submission;
use crate::model::spec::{self, Format, Spec};
use crate::text;

/// Options of `create`.
#[derive(Clone, Debug)]
pub struct Options {
    /// Spec file.
    pub spec: PathBuf,
    /// Text or JSON.
    pub output: OutputArg,
    /// Print the secret.
    pub show_secret: bool,
    /// Write the secret here.
    pub secret_file: Option<PathBuf>,
}

fn read_spec(cli: &Cli, path: &std::path::Path) -> Result<Spec, Failure> {
    let text = crate::store::read::read_regular_string(path, crate::store::read::SPEC_CAP)
        .map_err(|e| Failure::new(exit::INVALID, e.to_string()))?;
    let expected = cli.account_type.map(Into::into);
    let catalog_for =
        |t| target::catalog(cli, t).unwrap_or_else(|_| crate::model::catalog::Catalog::bundled(t));
    spec::parse(&text, Format::detect(path, &text), expected, &catalog_for)
        .map_err(|e| Failure::new(exit::INVALID, format!("{}: {e}", path.display())))
}

/// Opens the wizard pre-filled at the review step.
pub fn review(cli: &Cli, opts: &Options) -> Result<ExitCode, Failure> {
    let spec = read_spec(cli, &opts.spec)?;
    super::wizard::run(cli, Some(spec))
}

/// Creates without the UI and prints the result.
pub fn headless(cli: &Cli, opts: &Options) -> Result<ExitCode, Failure> {
    if !opts.show_secret && opts.secret_file.is_none() {
        return Err(Failure::new(exit::USAGE, text::NO_SECRET_DESTINATION));
    }
    if let Some(p) = &opts.secret_file
        && p.exists()
    {
        return Err(Failure::new(exit::USAGE, text::secret_file_exists(p)));
    }
    let spec = read_spec(cli, &opts.spec)?;
    let target = target::resolve(cli)?.ok_or_else(|| Failure::new(exit::USAGE, text::NEED_MODE))?;
    if target.account_type != spec.account_type && !matches!(target.backend, Backend::Sandbox) {
        return Err(Failure::new(
            exit::INVALID,
            text::spec_wrong_account_type(spec.account_type, target.account_type),
        ));
    }
    if target.needs_prompt {
        let why = target
            .missing_token
            .clone()
            .unwrap_or_else(|| text::NO_CREDENTIALS_HEADLESS.to_string());
        return Err(Failure::new(exit::AUTH, why));
    }
    let rt = runtime()?;
    let result = rt.block_on(create(cli, &target, &spec));
    rt.shutdown_background();
    let created = result?;
    let mut saved = None;
    if let Some(p) = &opts.secret_file {
        let body = text::secret_file_body(
            &created.token,
            &created.account_sid,
            created.auth_token.expose_secret(),
        );
        crate::store::files::write_new_private(p, body.as_bytes())
            .map_err(|e| Failure::new(exit::OTHER, text::secret_not_saved(p, &e)))?;
        saved = Some(p.clone());
    }
    let secret = opts
        .show_secret
        .then(|| created.auth_token.expose_secret().to_string());
    let out = match opts.output {
        OutputArg::Json => {
            let mut v = serde_json::json!({
                "Id": created.token.id,
                "Name": created.token.name,
                "ApiVersion": created.token.api_version,
                "AccountSID": created.account_sid,
                "Scopes": created.token.scopes,
                "DateCreated": created.token.date_created,
            });
            if let Some(s) = &secret {
                v["AuthToken"] = s.clone().into();
            }
            if let Some(p) = &saved {
                v["SecretFile"] = p.display().to_string().into();
            }
            serde_json::to_string_pretty(&v).expect("JSON serialises") + "\n"
        }
        OutputArg::Text => text::created_text(
            &created.token,
            &created.account_sid,
            secret.as_deref(),
            saved.as_deref(),
        ),
    };
    std::io::stdout()
        .write_all(out.as_bytes())
        .map_err(|e| Failure::new(exit::OTHER, e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

async fn create(
    cli: &Cli,
    target: &Target,
    spec: &Spec,
) -> Result<crate::api::contract::CreatedToken, Failure> {
    let (_sandbox, base_url, credentials) = match &target.backend {
        Backend::Sandbox => {
            let h = crate::sandbox::SandboxHandle::start(([127, 0, 0, 1], 0).into())
                .await
                .map_err(|e| Failure::new(exit::NETWORK, e.to_string()))?;
            let demo = crate::sandbox::demo_account(spec.account_type);
            let url = h.base_url();
            let creds = Credentials {
                account_sid: demo.account_sid,
                auth_token: demo.auth_token.into(),
            };
            (Some(h), url, creds)
        }
        Backend::Remote { base_url } => {
            let creds = target
                .credentials
                .clone()
                .ok_or_else(|| Failure::new(exit::AUTH, text::NO_CREDENTIALS_HEADLESS))?;
            (None, base_url.clone(), creds)
        }
    };
    let t = spec.account_type;
    let client = Client::new(&base_url, t, credentials, target::timeouts(cli))
        .map_err(|e| Failure::from_api(&e, Some(t)))?;
    client
        .company_information()
        .await
        .map_err(|e| Failure::from_api(&e, Some(t)))?;
    let submission = Submission::next(None, spec.request.clone());
    let progress = |p: SubmitProgress| {
        if let Some(line) = text::progress_line(&p) {
            eprintln!("{line}");
        }
    };
    create_with_retries(&client, &submission, RetryPolicy::default(), &progress)
        .await
        .map_err(|e| Failure::from_api(&e, Some(t)))
}
