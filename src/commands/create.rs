//! `impact-token create --spec FILE [--yes]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::api::client::Client;
use crate::api::ops::SubmitProgress;
use crate::api::worker::Backend;
use crate::cli::{Cli, OutputArg};
use crate::commands::target::{self, Target};
use crate::commands::{Failure, exit, runtime};
use crate::model::account::AccountType;
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

/// Reads and checks a spec file (exit 3 when it is unreadable or invalid).
/// The spec names its account type: an `--account-type` that says
/// otherwise is a usage error (exit 2).
pub fn read_spec(cli: &Cli, path: &std::path::Path) -> Result<Spec, Failure> {
    read_spec_with(cli, path, spec::parse)
}

/// [`read_spec`] of a spec that may still be a draft: a blank name and
/// primary contact are allowed ([`spec::parse_draft`]), for `spec checklist`.
pub fn read_draft_spec(cli: &Cli, path: &std::path::Path) -> Result<Spec, Failure> {
    read_spec_with(cli, path, spec::parse_draft)
}

type ParseFn = fn(
    &str,
    Format,
    Option<AccountType>,
    &dyn Fn(AccountType) -> crate::model::catalog::Catalog,
) -> Result<Spec, spec::SpecError>;

fn read_spec_with(cli: &Cli, path: &std::path::Path, parse: ParseFn) -> Result<Spec, Failure> {
    let text = crate::store::read::read_regular_string(path, crate::store::read::SPEC_CAP)
        .map_err(|e| Failure::new(exit::INVALID, e.to_string()))?;
    let catalog_for =
        |t| target::catalog(cli, t).unwrap_or_else(|_| crate::model::catalog::Catalog::bundled(t));
    let spec = parse(&text, Format::detect(path, &text), None, &catalog_for)
        .map_err(|e| Failure::new(exit::INVALID, format!("{}: {e}", path.display())))?;
    if let Some(given) = cli.account_type.map(AccountType::from)
        && given != spec.account_type
    {
        return Err(Failure::new(
            exit::USAGE,
            text::spec_account_type_conflict(&path.display().to_string(), spec.account_type, given),
        ));
    }
    Ok(spec)
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
        && std::fs::symlink_metadata(p).is_ok()
    {
        return Err(Failure::new(exit::USAGE, text::secret_file_exists(p)));
    }
    let spec = read_spec(cli, &opts.spec)?;
    // The spec names the account type: --api-url needs no --account-type.
    let target = target::resolve_as(cli, Some(spec.account_type))?
        .ok_or_else(|| Failure::new(exit::USAGE, text::NEED_MODE))?;
    if target.account_type != spec.account_type && !matches!(target.backend, Backend::Sandbox) {
        return Err(Failure::new(
            exit::INVALID,
            text::spec_wrong_account_type(spec.account_type, target.account_type),
        ));
    }
    require_credentials(&target)?;
    check_destinations(opts.secret_file.as_deref(), opts.show_secret)?;
    let rt = runtime()?;
    let result = rt.block_on(create(cli, &target, &spec));
    rt.shutdown_background();
    let created = result?;
    deliver(opts, &created)
}

/// Refuses (exit 4) a target whose Auth Token would have to be asked for:
/// a command without the UI cannot ask.
pub fn require_credentials(target: &Target) -> Result<(), Failure> {
    if target.needs_prompt {
        let why = target
            .missing_token
            .clone()
            .unwrap_or_else(|| text::NO_CREDENTIALS_HEADLESS.to_string());
        return Err(Failure::new(exit::AUTH, why));
    }
    Ok(())
}

/// Checks where a new secret goes, before the token exists: once it does,
/// its secret is shown only this once. A file must be creatable (new, in an
/// existing writable directory, with room); stdout must have a reader.
pub fn check_destinations(
    secret_file: Option<&std::path::Path>,
    show_secret: bool,
) -> Result<(), Failure> {
    if let Some(p) = secret_file {
        crate::store::files::check_new_private(p, SECRET_FILE_ROOM)
            .map_err(|e| Failure::new(exit::USAGE, text::secret_destination_unusable(p, &e)))?;
    }
    if show_secret && stdout_closed() {
        return Err(Failure::new(exit::USAGE, text::STDOUT_CLOSED));
    }
    Ok(())
}

/// Disk space reserved for the secret file before creating: the file is a
/// few hundred bytes; a page covers it with room for long server values.
const SECRET_FILE_ROOM: usize = 4096;

/// Whether stdout is a pipe (or socket) with nobody left to read it, or not
/// open at all. A full device such as `/dev/full` cannot be told in advance;
/// [`deliver`] rescues the secret when writing fails.
fn stdout_closed() -> bool {
    let mut fd = libc::pollfd {
        fd: 1,
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no wait.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n == 1 && fd.revents & (libc::POLLERR | libc::POLLHUP | libc::POLLNVAL) != 0
}

/// Writes the secret where asked and prints the result. If the secret
/// reached none of the places asked for, it is written once to the
/// controlling terminal, or else to stderr, and the exit status is
/// [`exit::SECRET_NOT_DELIVERED`].
fn deliver(opts: &Options, created: &crate::contract::CreatedToken) -> Result<ExitCode, Failure> {
    let Some(body) = checked_body(created) else {
        return Ok(ExitCode::from(exit::SECRET_NOT_DELIVERED));
    };
    let mut failed: Vec<(String, std::io::Error)> = Vec::new();
    let mut delivered = false;
    let mut saved = None;
    if let Some(p) = &opts.secret_file {
        match crate::store::files::write_new_private(p, body.as_bytes()) {
            Ok(()) => {
                saved = Some(p.clone());
                delivered = true;
            }
            Err(e) => failed.push((p.display().to_string(), e)),
        }
    }
    let secret = opts
        .show_secret
        .then(|| Zeroizing::new(created.auth_token.expose_secret().to_string()));
    let out = Zeroizing::new(match opts.output {
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
                v["AuthToken"] = s.as_str().into();
            }
            if let Some(p) = &saved {
                v["SecretFile"] = p.display().to_string().into();
            }
            let mut json = serde_json::to_string_pretty(&v).expect("JSON serialises") + "\n";
            text::json_inert(&mut json);
            if let Some(serde_json::Value::String(s)) = v.get_mut("AuthToken") {
                zeroize::Zeroize::zeroize(s);
            }
            json
        }
        OutputArg::Text => created_text(
            &created.token,
            &created.account_sid,
            secret.as_ref().map(|s| s.as_str()),
            saved.as_deref(),
        ),
    });
    let written = {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(out.as_bytes())
            .and_then(|()| stdout.flush())
    };
    match written {
        Ok(()) => delivered |= opts.show_secret,
        Err(e) if opts.show_secret => failed.push((text::STANDARD_OUTPUT.to_string(), e)),
        // The summary's reader left (`| head`): normal shell use, as in
        // `commands::print`; the secret is safe in its file.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        // The secret is safe in its file; only the summary was lost.
        Err(e) => {
            return Err(Failure::new(
                exit::OTHER,
                text::stdout_failed(&e.to_string()),
            ));
        }
    }
    if failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for (dest, e) in &failed {
        eprintln!(
            "impact-token: {}",
            text::secret_not_delivered(&created.token.name, dest, &e.to_string())
        );
    }
    if !delivered {
        rescue(&body);
    }
    Ok(ExitCode::from(exit::SECRET_NOT_DELIVERED))
}

/// The secret file's text for `created`, checked before it goes anywhere.
/// `None` when the server's credentials are not shaped like credentials
/// ([`crate::model::credential`]): that was said on stderr, and they were
/// rescued spelled out ([`rescue`]), so a person can still read them.
pub fn checked_body(created: &crate::contract::CreatedToken) -> Option<Zeroizing<String>> {
    let secret = created.auth_token.expose_secret();
    match crate::store::secret_file::body(&created.token, &created.account_sid, secret) {
        Ok(body) => Some(body),
        Err(why) => {
            eprintln!(
                "impact-token: {}",
                text::credentials_malformed(
                    &created.token.name,
                    &created.token.id,
                    &why.to_string()
                )
            );
            rescue(&crate::store::secret_file::spelled_out(
                &created.account_sid,
                secret,
            ));
            None
        }
    }
}

/// Writes the credentials once: to the controlling terminal when there is
/// one, else to stderr.
pub fn rescue(body: &str) {
    use std::os::unix::fs::OpenOptionsExt;
    let mut msg = Zeroizing::new(String::with_capacity(body.len() + 80));
    msg.push_str(text::SECRET_RESCUED);
    msg.push('\n');
    msg.push_str(body);
    let tty = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open("/dev/tty")
        .and_then(|mut t| t.write_all(msg.as_bytes()).and_then(|()| t.flush()));
    if tty.is_ok() {
        eprintln!("impact-token: {}", text::SECRET_RESCUED_TO_TTY);
        return;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(msg.as_bytes());
    let _ = stderr.flush();
}

async fn create(
    cli: &Cli,
    target: &Target,
    spec: &Spec,
) -> Result<crate::contract::CreatedToken, Failure> {
    let t = spec.account_type;
    let Connection {
        stop: _stop,
        client,
        ..
    } = connect(cli, target, t).await?;
    // Every call pinned to the new token's version (IR-Version).
    let client = client.with_api_version(&spec.request.api_version);
    client
        .company_information()
        .await
        .map_err(|e| Failure::from_api(&e, Some(t)))?;
    let submission = Submission::next(None, spec.request.clone());
    let progress = |p: SubmitProgress| {
        if let Some(line) = progress_line(&p) {
            eprintln!("{line}");
        }
    };
    let policy = super::retry_policy(&target.backend);
    crate::api::ops::Ops::new(&client, policy)
        .create(&submission, &progress)
        .await
        .map_err(|e| Failure::from_api(&e, Some(t)))
}

/// Stops the in-process sandbox when dropped (nothing for a remote server).
pub struct Stop(Option<Box<dyn FnOnce() + Send>>);

impl Drop for Stop {
    fn drop(&mut self) {
        if let Some(stop) = self.0.take() {
            stop();
        }
    }
}

/// A client connected to the target's server.
pub struct Connection {
    /// Keep while the client is used.
    pub stop: Stop,
    /// The client, with the target's (or the sandbox's demo) credentials.
    pub client: Client,
    /// The server's base URL, for clients with other credentials.
    pub base_url: String,
}

/// A client for the target's server as `account_type`: the in-process
/// sandbox (started here, with its demo credentials) or the remote server
/// with the target's credentials.
pub async fn connect(
    cli: &Cli,
    target: &Target,
    account_type: crate::model::account::AccountType,
) -> Result<Connection, Failure> {
    let (stop, base_url, credentials) = match &target.backend {
        Backend::Sandbox => {
            let s = super::launch::start_sandbox(account_type)
                .await
                .map_err(|e| Failure::new(exit::NETWORK, e.to_string()))?;
            (Some(s.stop), s.base_url, s.credentials)
        }
        Backend::Remote { base_url } => {
            let creds = target
                .credentials
                .clone()
                .ok_or_else(|| Failure::new(exit::AUTH, text::NO_CREDENTIALS_HEADLESS))?;
            (None, base_url.clone(), creds)
        }
    };
    let client = Client::new(&base_url, account_type, credentials, target::timeouts(cli))
        .map_err(|e| Failure::from_api(&e, Some(account_type)))?;
    Ok(Connection {
        stop: Stop(stop),
        client,
        base_url,
    })
}

/// Progress on stderr during create --yes (and a rotation's duplicate).
pub fn progress_line(p: &SubmitProgress) -> Option<String> {
    use SubmitProgress as P;
    match p {
        P::Sending(1) => None,
        P::Sending(n) => Some(format!("attempt {n}…")),
        P::RetryIn {
            next_attempt,
            delay,
            error,
        } => Some(text::retrying(*next_attempt, *delay, &error.message(None))),
        P::RateLimited { wait } => Some(format!("rate limited; waiting {} s", wait.as_secs())),
    }
}

/// Text output of create --yes.
fn created_text(
    t: &crate::contract::Token,
    sid: &str,
    secret: Option<&str>,
    file: Option<&std::path::Path>,
) -> String {
    let mut s = format!(
        "Created token '{}'\n  Id          {}\n  API version {}\n  Scopes      {}\n  Account SID {}\n",
        text::inert(&t.name),
        text::inert(&t.id),
        text::inert(&t.api_version),
        t.scopes.len(),
        text::inert(sid)
    );
    if let Some(secret) = secret {
        s.push_str(&format!("  Auth Token  {}\n", text::inert(secret)));
    }
    if let Some(f) = file {
        s.push_str(&format!("  Saved to    {} (0600)\n", f.display()));
    }
    s
}
