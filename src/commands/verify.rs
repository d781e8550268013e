//! `impact-token verify --spec FILE`: what a token can really do, checked
//! with its own credentials against the spec it should match. The calls
//! and verdicts are [`crate::model::verify`]'s; this file makes the calls,
//! watches the rate limit and prints the result.

use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use crate::api::client::{Client, Credentials, ProbeAnswer, RateObserver};
use crate::api::ratelimit::RateLimit;
use crate::api::worker::Backend;
use crate::cli::{Cli, OutputArg};
use crate::commands::target::{self, Target};
use crate::commands::{Failure, exit, runtime};
use crate::model::verify::{self, Answer, Check, Outcome, Reply, Skip, Verdict};
use crate::text;

/// The server `verify` checks against without `--api-url`, `--profile` or
/// `--sandbox`: this command is meant for the real platform.
pub const DEFAULT_API_URL: &str = "https://api.impact.com";

/// Runs `verify`.
pub fn run(
    cli: &Cli,
    spec_path: &Path,
    max_outside: usize,
    floor: u64,
    output: OutputArg,
) -> Result<ExitCode, Failure> {
    let spec = super::create::read_spec(cli, spec_path)?;
    // read_spec refused an --account-type other than the spec's.
    let t = spec.account_type;
    let backend = backend(cli)?;
    let credentials = token_credentials(matches!(backend, Backend::Sandbox))?;
    let catalog = target::catalog(cli, t)?;
    let checks = verify::plan(&catalog, &spec.request.scopes, t, max_outside);
    let rt = runtime()?;
    let result = rt.block_on(async {
        let mut target = Target::sandbox(t);
        target.backend = backend;
        target.credentials = credentials.clone();
        let conn = super::create::connect(cli, &target, t).await?;
        let client = match credentials {
            // The in-process sandbox: the token's own credentials when given.
            Some(c) if matches!(target.backend, Backend::Sandbox) => {
                Client::new(&conn.base_url, t, c, target::timeouts(cli))
                    .map_err(|e| Failure::from_api(&e, Some(t)))?
            }
            _ => conn.client.clone(),
        };
        let client = client.with_api_version(&spec.request.api_version);
        let run = call(&client, &checks, floor).await;
        Ok::<_, Failure>((
            run?,
            conn.base_url.clone(),
            client.account_sid().to_string(),
        ))
    });
    rt.shutdown_background();
    let (run, url, sid) = result?;
    let report = Report::new(&checks, &run, floor);
    let out = match output {
        OutputArg::Json => report.json(t, &spec.request.api_version),
        OutputArg::Text => report.table(t, &spec.request.api_version, &sid, &url),
    };
    crate::commands::print(&out)?;
    if let Some(remaining) = run.stopped_at {
        eprintln!(
            "impact-token: {}",
            text::verify_stopped(remaining, floor, run.answers.len(), report.planned)
        );
    }
    Ok(ExitCode::from(match report.outcome {
        Outcome::Matches => 0,
        Outcome::Drift => exit::VERIFY_DRIFT,
        Outcome::Disabled => exit::VERIFY_DISABLED,
        Outcome::Stopped => exit::VERIFY_STOPPED,
        // The answers were not the API's: the URL is what to fix.
        Outcome::NoEvidence => exit::USAGE,
    }))
}

/// The server: the in-process sandbox, a profile's URL, `--api-url`, or
/// [`DEFAULT_API_URL`]; checked before anything connects.
fn backend(cli: &Cli) -> Result<Backend, Failure> {
    if cli.sandbox {
        return Ok(Backend::Sandbox);
    }
    let url = match (&cli.api_url, &cli.profile) {
        (Some(url), _) => url.clone(),
        (None, Some(name)) => {
            let loaded = target::load_config()?
                .ok_or_else(|| Failure::new(exit::USAGE, text::unknown_profile(name)))?;
            loaded
                .config
                .profiles
                .get(name)
                .map(|p| p.api_url.clone())
                .ok_or_else(|| Failure::new(exit::USAGE, text::unknown_profile(name)))?
        }
        (None, None) => DEFAULT_API_URL.to_string(),
    };
    target::check_api_url(&url, cli.allow_insecure_http)?;
    Ok(Backend::Remote { base_url: url })
}

/// The token's own credentials: IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN,
/// else asked for on the terminal (the Auth Token not echoed); never from
/// the command line. With the sandbox and neither, its demo credentials.
fn token_credentials(sandbox: bool) -> Result<Option<Credentials>, Failure> {
    let sid = std::env::var("IMPACT_ACCOUNT_SID")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let token = crate::store::config::env_token("IMPACT_AUTH_TOKEN");
    if let (Some(account_sid), Some(auth_token)) = (sid.clone(), token) {
        return Ok(Some(Credentials {
            account_sid,
            auth_token,
        }));
    }
    if sandbox {
        return Ok(None);
    }
    // SAFETY: isatty only inspects the descriptor.
    if unsafe { libc::isatty(0) } != 1 {
        return Err(Failure::new(exit::AUTH, text::VERIFY_NO_CREDENTIALS));
    }
    let account_sid = match sid {
        Some(sid) => sid,
        None => {
            eprint!("{}", text::VERIFY_SID_PROMPT);
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| Failure::new(exit::AUTH, e.to_string()))?;
            line.trim().to_string()
        }
    };
    let token =
        super::profiles::read_token().map_err(|e| Failure::new(exit::AUTH, e.to_string()))?;
    let token = token.trim();
    if account_sid.is_empty() || token.is_empty() {
        return Err(Failure::new(exit::AUTH, text::VERIFY_NO_CREDENTIALS));
    }
    Ok(Some(Credentials {
        account_sid,
        auth_token: secrecy::SecretString::from(token.to_string()),
    }))
}

/// The calls made: one answer per probe, in plan order, up to where it stopped.
struct Run {
    answers: Vec<Answer>,
    /// The full URL of each call made.
    urls: Vec<String>,
    /// `X-RateLimit-Remaining` when it stopped at the floor.
    stopped_at: Option<u64>,
}

/// Makes the plan's calls in order, stopping before the rate limit's
/// remaining requests would fall below `floor`.
async fn call(client: &Client, checks: &[Check], floor: u64) -> Result<Run, Failure> {
    let last: Arc<Mutex<Option<RateLimit>>> = Arc::default();
    let seen = last.clone();
    let client = client
        .clone()
        .with_rate_observer(RateObserver::new(move |r| {
            if let Ok(mut last) = seen.lock() {
                *last = Some(r);
            }
        }));
    let mut run = Run {
        answers: Vec::new(),
        urls: Vec::new(),
        stopped_at: None,
    };
    for path in checks.iter().filter_map(|c| c.probe.as_ref().ok()) {
        let remaining = last.lock().ok().and_then(|l| l.and_then(|r| r.remaining));
        if verify::stop_before(remaining, floor) {
            run.stopped_at = remaining;
            break;
        }
        let p = client
            .probe_answer(path)
            .await
            .map_err(|e| Failure::from_api(&e, None))?;
        match p.status {
            401 => return Err(Failure::new(exit::AUTH, text::VERIFY_UNAUTHORIZED)),
            // The window this answer names (either dialect), not a default.
            429 => {
                let e = crate::api::client::map_status(
                    429,
                    p.message.as_bytes(),
                    p.rate.wait_secs(),
                    p.rate.limit,
                );
                return Err(Failure::from_api(&e, None));
            }
            _ => {
                run.answers.push(answer(&p));
                run.urls.push(p.url);
            }
        }
    }
    Ok(run)
}

/// What a probe's answer proves.
fn answer(p: &ProbeAnswer) -> Answer {
    Answer::from_reply(&Reply {
        code: p.status,
        message: &p.message,
        content_type: &p.content_type,
        json: p.json,
        empty: p.empty,
        location: p.location.as_deref(),
    })
}

/// A check, its status and verdict when called, and the URL called.
type Row<'c> = (&'c Check, Option<(u16, Verdict)>, Option<String>);

/// The checks with their verdicts, and the outcome.
struct Report<'c> {
    rows: Vec<Row<'c>>,
    outcome: Outcome,
    /// Answers that were not the API's.
    no_evidence: usize,
    planned: usize,
    made: usize,
    says_disabled: bool,
    floor: u64,
    stopped_at: Option<u64>,
}

impl<'c> Report<'c> {
    fn new(checks: &'c [Check], run: &Run, floor: u64) -> Report<'c> {
        let probed: Vec<&Check> = checks.iter().filter(|c| c.probe.is_ok()).collect();
        let pairs: Vec<(bool, &Answer)> = probed
            .iter()
            .zip(&run.answers)
            .map(|(c, a)| (c.in_spec, a))
            .collect();
        // A check stopped before every in-scope call cannot call the token
        // disabled (calls come in plan order: the spec's first).
        let inside_left = probed.iter().filter(|c| c.in_spec).count()
            > pairs.iter().filter(|(inside, _)| *inside).count();
        let verdicts = verify::judge_run(&pairs, inside_left);
        let mut answered = run
            .answers
            .iter()
            .zip(verdicts.iter().cloned())
            .zip(&run.urls);
        let rows = checks
            .iter()
            .map(
                |c| match c.probe.as_ref().ok().and_then(|_| answered.next()) {
                    Some(((a, v), url)) => (c, Some((a.code().unwrap_or(0), v)), Some(url.clone())),
                    None => (c, None, None),
                },
            )
            .collect();
        Report {
            rows,
            outcome: verify::outcome(&verdicts, run.stopped_at.is_some()),
            no_evidence: verdicts.iter().filter(|v| v.no_evidence()).count(),
            planned: probed.len(),
            made: run.answers.len(),
            says_disabled: run.answers.iter().any(|a| {
                matches!(
                    a,
                    Answer::Status {
                        says_disabled: true,
                        ..
                    }
                )
            }),
            floor,
            stopped_at: run.stopped_at,
        }
    }

    fn outcome_word(&self) -> &'static str {
        match self.outcome {
            Outcome::Matches => "matches",
            Outcome::Drift => "drift",
            Outcome::Disabled => "disabled",
            Outcome::Stopped => "stopped",
            Outcome::NoEvidence => "no evidence",
        }
    }

    /// The call a row made (or would make), and its result.
    fn cells(check: &Check, verdict: Option<&(u16, Verdict)>) -> (String, String) {
        let call = match &check.probe {
            Ok(path) => format!("GET {path}"),
            Err(_) => format!("{} {}", check.method, check.template),
        };
        let result = match (&check.probe, verdict) {
            (Err(Skip::Write), _) => text::VERIFY_NOT_PROBED_WRITE.to_string(),
            (Err(Skip::DailyLimited), _) => text::VERIFY_NOT_PROBED_DAILY.to_string(),
            (Err(Skip::OutsideRoot), _) => text::VERIFY_NOT_PROBED_OUTSIDE_ROOT.to_string(),
            (Err(Skip::Shadowed), _) => text::VERIFY_NOT_PROBED_SHADOWED.to_string(),
            (Ok(_), Some((_, v))) => v.label(),
            (Ok(_), None) => text::VERIFY_NOT_REACHED.to_string(),
        };
        (call, result)
    }

    fn table(&self, t: impl std::fmt::Display, version: &str, sid: &str, url: &str) -> String {
        let mut out = text::verify_heading(t, sid, url, version);
        let id_w = self
            .rows
            .iter()
            .map(|(c, _, _)| c.id.chars().count())
            .max()
            .unwrap_or(0)
            .max(5);
        let cells: Vec<(String, String)> = self
            .rows
            .iter()
            .map(|(c, v, _)| Report::cells(c, v.as_ref()))
            .collect();
        let call_w = cells
            .iter()
            .map(|(call, _)| call.chars().count())
            .max()
            .unwrap_or(0)
            .max(4);
        out.push_str(&format!(
            "{:<id_w$}  {:<7}  {:<call_w$}  RESULT\n",
            "SCOPE", "SPEC", "CALL"
        ));
        for ((c, _, _), (call, result)) in self.rows.iter().zip(&cells) {
            let spec = if c.in_spec { "in" } else { "outside" };
            out.push_str(&format!(
                "{:<id_w$}  {spec:<7}  {:<call_w$}  {result}\n",
                text::inert(&c.id),
                text::inert(call)
            ));
        }
        if !self
            .rows
            .iter()
            .any(|(c, _, _)| c.in_spec && c.probe.is_ok())
        {
            out.push_str(text::PROBE_NO_ALLOWED_GET);
            out.push('\n');
        }
        if self.says_disabled && matches!(self.outcome, Outcome::Disabled | Outcome::Stopped) {
            out.push_str(text::VERIFY_SERVER_SAYS_DISABLED);
            out.push('\n');
        }
        if self.no_evidence > 0 {
            out.push_str(&text::verify_no_evidence(self.no_evidence, url));
            out.push('\n');
        }
        out.push_str(&text::verify_summary(
            self.outcome_word(),
            self.made,
            self.planned,
        ));
        out.push('\n');
        out
    }

    fn json(&self, t: impl std::fmt::Display, version: &str) -> String {
        let checks: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|(c, v, url)| {
                let (_, result) = Report::cells(c, v.as_ref());
                let location = match v {
                    Some((_, Verdict::Redirected { location, .. })) => Some(text::inert(location)),
                    _ => None,
                };
                serde_json::json!({
                    "Id": c.id,
                    "Name": c.name,
                    "Method": c.method,
                    "Path": c.template,
                    "InSpec": c.in_spec,
                    "Call": c.probe.as_ref().ok(),
                    "Url": url,
                    "Location": location,
                    "Status": v.as_ref().map(|(code, _)| code),
                    "Ok": v.as_ref().map(|(_, v)| v.ok()),
                    "Result": result,
                })
            })
            .collect();
        let v = serde_json::json!({
            "AccountType": t.to_string(),
            "ApiVersion": version,
            "Outcome": self.outcome_word(),
            "CallsPlanned": self.planned,
            "CallsMade": self.made,
            "ServerSaysDisabled": self.says_disabled,
            "Floor": self.floor,
            "StoppedAtRemaining": self.stopped_at,
            "Checks": checks,
        });
        crate::commands::json_text(&v)
    }
}
