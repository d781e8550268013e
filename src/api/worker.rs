//! The background worker: owns the HTTP client and does every network call
//! on the tokio runtime. With `--sandbox` it also owns the in-process
//! sandbox, which it starts on the first connect through the [`Starter`] the
//! launcher gave it (this layer does not know the sandbox itself).
//!
//! The UI thread sends it owned [`Job`]s and gets [`WorkerEvent`]s back that
//! carry the data, so the UI never waits on the network and never shares
//! state with the worker.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::api::client::{Client, Credentials, RateObserver, Timeouts};
use crate::api::error::ApiError;
use crate::api::ratelimit::RateLimit;
// The policy moved to `retry.rs`; its old path stays for callers and tests.
pub use crate::api::retry::RetryPolicy;
use crate::api::retry::{Tries, Wait};
use crate::api::starter::Starter;
use crate::contract::{
    CompanyInformation, Contact, CreatedToken, ScopesResponse, Token, TokensResponse,
    UpdateTokenRequest,
};
use crate::model::account::AccountType;
use crate::model::request::Submission;

/// Where the worker sends its events; the UI wraps them into its own event type.
pub type Sink = Arc<dyn Fn(WorkerEvent) + Send + Sync>;

/// Work the UI asks for. Each job owns its data.
#[derive(Debug)]
pub enum Job {
    /// Check credentials, then load contacts, existing tokens and the catalog for a version.
    Connect {
        /// Credentials to use; `None` in sandbox mode (its demo credentials are used).
        credentials: Option<Credentials>,
        /// API version whose catalog to load.
        api_version: String,
    },
    /// Use another server or account type from now on (first-run setup).
    Retarget {
        /// The server.
        backend: Backend,
        /// The account type.
        account_type: AccountType,
    },
    /// Load the live catalog of another API version.
    LoadCatalog {
        /// The version.
        api_version: String,
    },
    /// Load the Primary Contact candidates again (after a failed load).
    LoadContacts,
    /// Run the whole connection again (after a failed one), with the same
    /// server and credentials.
    Reconnect {
        /// API version whose catalog to load.
        api_version: String,
    },
    /// Create a token, retrying transient failures with the same Idempotency-Key.
    Submit(Submission),
    /// Change a token's settings (`PUT`, the whole settings), retrying
    /// transient failures: sending the same settings again is harmless.
    Update {
        /// The token's Id.
        id: String,
        /// Its new settings.
        request: crate::contract::UpdateTokenRequest,
    },
    /// Cancel the running submission or update, if any.
    Cancel,
    /// Probe what a freshly created token may call, on the version it was
    /// created for.
    Probe {
        /// The new token's credentials.
        credentials: Credentials,
        /// Paths under the root to GET, in order (see the secret screen's
        /// `probe_plan`: chosen from the token's own scopes).
        paths: Vec<String>,
    },
    /// Load one page of the token list for the API page.
    LoadTokensPage {
        /// Which load this page belongs to (echoed back).
        generation: u64,
        /// The previous page's `@nextpageuri`; `None` for the first page.
        next: Option<String>,
    },
    /// Change one token (a menu item of the API page).
    TokenOp {
        /// The token's Id.
        id: String,
        /// What to do.
        op: TokenOp,
    },
    /// Load the catalogs of two versions, for Upgrade Version's diff.
    LoadUpgradeCatalogs {
        /// The token's version.
        from: String,
        /// The newer version.
        to: String,
    },
}

/// What a menu item of the API page does to a token.
#[derive(Debug)]
pub enum TokenOp {
    /// A new secret (the answer carries it, once).
    Reset,
    /// Enable (`true`) or disable.
    SetEnabled(bool),
    /// Delete the token.
    Delete,
    /// Replace its settings (Upgrade Version).
    Update(Box<UpdateTokenRequest>),
}

/// The server's answer to a [`TokenOp`].
#[derive(Debug)]
pub enum TokenOpDone {
    /// The token with its new secret.
    Reset(CreatedToken),
    /// The token as it now is.
    Updated(Token),
    /// The token is gone.
    Deleted,
}

/// Contacts for the Primary Contact list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contacts {
    /// ACTIVE users (or CompanyInformation's contacts).
    pub list: Vec<Contact>,
    /// True when `/Users` answered 404 and the list comes from CompanyInformation.
    pub from_company: bool,
}

/// A step of a running submission, for the spinner line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubmitProgress {
    /// Attempt number `n` is being sent (1-based).
    Sending(u32),
    /// Attempt failed transiently; the next starts after `delay`.
    RetryIn {
        /// The attempt that comes next.
        next_attempt: u32,
        /// Wait before it.
        delay: Duration,
        /// What went wrong.
        error: ApiError,
    },
    /// 429: waiting for the rate-limit window to reset.
    RateLimited {
        /// Wait before trying again.
        wait: Duration,
    },
}

/// A background load, as named in retry and failure reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Load {
    /// `CompanyInformation` (the credentials check).
    Company,
    /// `Users` (the Primary Contact candidates).
    Users,
    /// The live scope catalog.
    Catalog,
    /// The existing tokens.
    Tokens,
}

impl std::fmt::Display for Load {
    /// What the load is called in messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Load::Company => "Connecting",
            Load::Users => "Loading users",
            Load::Catalog => "Loading the scope catalog",
            Load::Tokens => "Loading existing tokens",
        })
    }
}

/// What the worker reports back.
#[derive(Debug)]
pub enum WorkerEvent {
    /// The sandbox (if any) is up and the client is built.
    Ready {
        /// Base URL in use.
        base_url: String,
        /// Account SID in use.
        account_sid: String,
    },
    /// CompanyInformation answered (or failed: 401 means bad credentials).
    Company(Result<CompanyInformation, ApiError>),
    /// The Primary Contact candidates.
    Contacts(Result<Contacts, ApiError>),
    /// The live catalog for a version; `Ok(None)` means use the bundled one.
    Catalog {
        /// Version asked for.
        api_version: String,
        /// The answer.
        result: Result<Option<ScopesResponse>, ApiError>,
    },
    /// Existing tokens (for the name-taken warning).
    Tokens(Result<Vec<Token>, ApiError>),
    /// A load failed transiently and is tried again after `delay`.
    Retrying {
        /// What is being loaded.
        load: Load,
        /// The attempt that comes next (2 or more).
        next_attempt: u32,
        /// Wait before it.
        delay: Duration,
        /// What went wrong.
        error: ApiError,
    },
    /// Progress of a submission.
    Submit(SubmitProgress),
    /// The submission ended.
    Created(Result<CreatedToken, ApiError>),
    /// The update ended: the token as the server now has it.
    Updated(Result<Token, ApiError>),
    /// The submission was cancelled before it ended.
    Cancelled,
    /// Results of a probe: (what, HTTP status or error).
    Probed(Vec<(String, Result<u16, ApiError>)>),
    /// A page of `Users` was read: `page` of `of` (0 when the server did
    /// not say how many), while the contacts load.
    ContactsPage {
        /// Pages read so far, from 1.
        page: usize,
        /// Pages in all, or 0.
        of: usize,
    },
    /// An answer said that fewer than 10% of the account's requests remain
    /// in the rate-limit window.
    RateLimitLow(RateLimit),
    /// One page of the API page's token list.
    TokensPage {
        /// The load it belongs to.
        generation: u64,
        /// The page.
        result: Result<TokensResponse, ApiError>,
    },
    /// A [`TokenOp`] ended.
    TokenOp {
        /// The token's Id.
        id: String,
        /// The answer.
        result: Result<TokenOpDone, ApiError>,
    },
    /// The catalogs for Upgrade Version; `None` means the bundled one.
    UpgradeCatalogs {
        /// The token's version.
        from: String,
        /// The newer version.
        to: String,
        /// Both catalogs, or what failed.
        result: UpgradeCatalogs,
    },
}

/// The two catalogs of an Upgrade Version diff (`None`: use the bundled one).
pub type UpgradeCatalogs = Result<(Option<ScopesResponse>, Option<ScopesResponse>), ApiError>;

/// Creates a token, retrying transient failures up to the policy's limit and
/// waiting out 429s. Every try sends the same Idempotency-Key, so a retry
/// after a lost answer returns the token already made instead of a second one.
pub async fn create_with_retries(
    client: &Client,
    submission: &Submission,
    policy: RetryPolicy,
    progress: &(dyn Fn(SubmitProgress) + Send + Sync),
) -> Result<CreatedToken, ApiError> {
    write_with_retries(policy, progress, || client.create(submission)).await
}

/// Sends a write that is safe to repeat as it is (a create or a reset with
/// its Idempotency-Key, a `PUT` of a token's whole settings), retrying
/// transient failures and waiting out 429s, with progress reports.
pub async fn write_with_retries<T, F, Fut>(
    policy: RetryPolicy,
    progress: &(dyn Fn(SubmitProgress) + Send + Sync),
    mut call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let mut tries = Tries::default();
    loop {
        progress(SubmitProgress::Sending(tries.attempt));
        let error = match call().await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let delay = match policy.next_wait(&error, &mut tries) {
            Some(Wait::RateLimit(wait)) => {
                progress(SubmitProgress::RateLimited { wait });
                wait
            }
            Some(Wait::Backoff(delay)) => {
                progress(SubmitProgress::RetryIn {
                    next_attempt: tries.attempt,
                    delay,
                    error,
                });
                delay
            }
            None => return Err(error),
        };
        tokio::time::sleep(delay).await;
    }
}

/// Runs one background load, retrying transient failures with backoff (and
/// a 429 only after its reset, when that is within the policy's wait), and
/// reporting each retry so the UI can say what failed.
pub async fn load_with_retries<T, F, Fut>(
    load: Load,
    policy: RetryPolicy,
    sink: &Sink,
    mut call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let mut tries = Tries::default();
    loop {
        let error = match call().await {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let delay = match policy.next_wait(&error, &mut tries) {
            Some(Wait::RateLimit(d) | Wait::Backoff(d)) => d,
            None => return Err(error),
        };
        sink(WorkerEvent::Retrying {
            load,
            next_attempt: tries.attempt + tries.rate_waits,
            delay,
            error,
        });
        tokio::time::sleep(delay).await;
    }
}

/// Where the worker finds its server.
#[derive(Clone, Debug)]
pub enum Backend {
    /// The in-process sandbox on loopback, with its demo credentials: started
    /// on the first connect by [`WorkerConfig::sandbox`].
    Sandbox,
    /// A real (or separately started) token service.
    Remote {
        /// Base URL such as `https://api.impact.com`.
        base_url: String,
    },
}

/// Worker settings.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// Server to talk to.
    pub backend: Backend,
    /// Account type of the account.
    pub account_type: AccountType,
    /// Time limits.
    pub timeouts: Timeouts,
    /// Retry rules.
    pub retry: RetryPolicy,
    /// Starts the in-process sandbox for [`Backend::Sandbox`]; `None` where
    /// the launcher offers none (connecting to it then fails).
    pub sandbox: Option<Starter>,
}

/// The UI's end of the worker.
#[derive(Clone, Debug)]
pub struct WorkerHandle {
    jobs: mpsc::UnboundedSender<Job>,
}

impl WorkerHandle {
    /// Queues a job; never blocks. A job sent after the worker stopped is dropped.
    pub fn send(&self, job: Job) {
        let _ = self.jobs.send(job);
    }
}

/// Starts the worker on a runtime.
pub fn spawn(runtime: &tokio::runtime::Handle, config: WorkerConfig, sink: Sink) -> WorkerHandle {
    let (tx, rx) = mpsc::unbounded_channel();
    runtime.spawn(run(config, rx, sink));
    WorkerHandle { jobs: tx }
}

async fn run(mut config: WorkerConfig, mut jobs: mpsc::UnboundedReceiver<Job>, sink: Sink) {
    let mut client: Option<Client> = None;
    let mut base_url: Option<String> = None;
    // The started sandbox's credentials and its stop, in sandbox mode.
    let mut local_credentials: Option<Credentials> = None;
    let mut stop_local: Option<Box<dyn FnOnce() + Send>> = None;
    let mut submit_task: Option<JoinHandle<()>> = None;
    // The credentials of the last Connect, so that a retry needs nothing from the UI.
    let mut last_credentials: Option<Option<Credentials>> = None;
    // The API version in use, sent as IR-Version: the newest until the
    // wizard names one (Connect, a catalog load, a submission).
    let mut api_version_in_use = String::new();
    while let Some(job) = jobs.recv().await {
        let job = match job {
            Job::Reconnect { api_version } => match last_credentials.clone() {
                Some(credentials) => Job::Connect {
                    credentials,
                    api_version,
                },
                None => continue, // never connected: nothing to repeat
            },
            job => job,
        };
        match job {
            Job::Connect {
                credentials,
                api_version,
            } => {
                last_credentials = Some(credentials.clone());
                api_version_in_use.clone_from(&api_version);
                if base_url.is_none() {
                    base_url = match &config.backend {
                        Backend::Remote { base_url } => Some(base_url.clone()),
                        Backend::Sandbox => {
                            let started = match &config.sandbox {
                                Some(starter) => starter.start(config.account_type).await,
                                None => Err(std::io::Error::other(crate::text::NOT_CONNECTED)),
                            };
                            match started {
                                Ok(s) => {
                                    local_credentials = Some(s.credentials);
                                    stop_local = Some(s.stop);
                                    Some(s.base_url)
                                }
                                Err(e) => {
                                    sink(WorkerEvent::Company(Err(ApiError::Connect {
                                        detail: e.to_string(),
                                    })));
                                    continue;
                                }
                            }
                        }
                    };
                }
                let url = base_url.clone().unwrap_or_default();
                // The starter's credentials are the sandbox's demo ones,
                // valid by construction: the loads need not wait for the check.
                let checked = credentials.is_none() && local_credentials.is_some();
                let Some(creds) = credentials.or_else(|| local_credentials.clone()) else {
                    sink(WorkerEvent::Company(Err(ApiError::Connect {
                        detail: crate::text::NOT_CONNECTED.into(),
                    })));
                    continue;
                };
                let c = match Client::new(&url, config.account_type, creds, config.timeouts) {
                    Ok(c) => c,
                    Err(e) => {
                        sink(WorkerEvent::Company(Err(e)));
                        continue;
                    }
                };
                let ready = WorkerEvent::Ready {
                    base_url: url,
                    account_sid: c.account_sid().to_string(),
                };
                let c = c
                    .with_api_version(&api_version_in_use)
                    .with_rate_observer(low_rate_observer(sink.clone()));
                client = Some(c.clone());
                let order = if checked {
                    // Ready goes with the check's answer, a moment later:
                    // the UI then draws once for both, not twice.
                    Order::Together(Box::new(ready))
                } else {
                    sink(ready);
                    Order::CheckFirst
                };
                tokio::spawn(connect(c, api_version, config.retry, sink.clone(), order));
            }
            Job::Retarget {
                backend,
                account_type,
            } => {
                config.backend = backend;
                config.account_type = account_type;
                base_url = None;
                local_credentials = None;
                if let Some(stop) = stop_local.take() {
                    stop();
                }
                client = None;
                last_credentials = None;
            }
            Job::LoadCatalog { api_version } => {
                api_version_in_use.clone_from(&api_version);
                client = client.map(|c| c.with_api_version(&api_version_in_use));
                if let Some(c) = client.clone() {
                    let (sink, policy) = (sink.clone(), config.retry);
                    tokio::spawn(async move {
                        let result = load_with_retries(Load::Catalog, policy, &sink, || {
                            c.scopes(&api_version)
                        })
                        .await;
                        sink(WorkerEvent::Catalog {
                            api_version,
                            result,
                        });
                    });
                }
            }
            Job::LoadContacts => match client.clone() {
                Some(c) => {
                    let (sink, policy) = (sink.clone(), config.retry);
                    tokio::spawn(async move {
                        let contacts = load_contacts(&c, None, policy, &sink).await;
                        sink(WorkerEvent::Contacts(contacts));
                    });
                }
                None => sink(WorkerEvent::Contacts(Err(ApiError::Connect {
                    detail: crate::text::NOT_CONNECTED.into(),
                }))),
            },
            Job::Reconnect { .. } => {} // turned into Connect above
            Job::Submit(submission) => {
                api_version_in_use.clone_from(&submission.request.api_version);
                let Some(c) = client.clone() else {
                    sink(WorkerEvent::Created(Err(ApiError::Connect {
                        detail: crate::text::NOT_CONNECTED.into(),
                    })));
                    continue;
                };
                if submit_task.as_ref().is_some_and(|t| !t.is_finished()) {
                    continue; // one submission at a time
                }
                let sink = sink.clone();
                let policy = config.retry;
                submit_task = Some(tokio::spawn(async move {
                    let progress_sink = sink.clone();
                    let progress = move |p| progress_sink(WorkerEvent::Submit(p));
                    let result = create_with_retries(&c, &submission, policy, &progress).await;
                    sink(WorkerEvent::Created(result));
                }));
            }
            Job::Update { id, request } => {
                let Some(c) = client.clone() else {
                    sink(WorkerEvent::Updated(Err(ApiError::Connect {
                        detail: crate::text::NOT_CONNECTED.into(),
                    })));
                    continue;
                };
                if submit_task.as_ref().is_some_and(|t| !t.is_finished()) {
                    continue; // one write at a time
                }
                let sink = sink.clone();
                let policy = config.retry;
                // Shares the submission's slot, so Esc cancels it the same way.
                submit_task = Some(tokio::spawn(async move {
                    let progress_sink = sink.clone();
                    let progress = move |p| progress_sink(WorkerEvent::Submit(p));
                    let result =
                        write_with_retries(policy, &progress, || c.update(&id, &request)).await;
                    sink(WorkerEvent::Updated(result));
                }));
            }
            Job::Cancel => {
                if let Some(task) = submit_task.take() {
                    task.abort();
                    // If the task finished first, its Created event is already on
                    // its way and must win: a minted token's secret is never dropped.
                    if task.await.is_err_and(|e| e.is_cancelled()) {
                        sink(WorkerEvent::Cancelled);
                    }
                }
            }
            Job::Probe { credentials, paths } => {
                let url = base_url.clone().unwrap_or_default();
                let (t, timeouts, sink) = (config.account_type, config.timeouts, sink.clone());
                let version = api_version_in_use.clone();
                tokio::spawn(async move {
                    let results = match Client::new(&url, t, credentials, timeouts) {
                        Ok(c) => {
                            let c = c
                                .with_api_version(&version)
                                .with_rate_observer(low_rate_observer(sink.clone()));
                            probe(&c, paths).await
                        }
                        Err(e) => vec![(paths.first().cloned().unwrap_or_default(), Err(e))],
                    };
                    sink(WorkerEvent::Probed(results));
                });
            }
            Job::LoadTokensPage { generation, next } => {
                let Some(c) = client.clone() else {
                    sink(WorkerEvent::TokensPage {
                        generation,
                        result: Err(not_connected()),
                    });
                    continue;
                };
                let (sink, policy) = (sink.clone(), config.retry);
                tokio::spawn(async move {
                    let result = load_with_retries(Load::Tokens, policy, &sink, || {
                        c.tokens_page(next.as_deref())
                    })
                    .await;
                    sink(WorkerEvent::TokensPage { generation, result });
                });
            }
            Job::TokenOp { id, op } => {
                let Some(c) = client.clone() else {
                    sink(WorkerEvent::TokenOp {
                        id,
                        result: Err(not_connected()),
                    });
                    continue;
                };
                let (sink, policy) = (sink.clone(), config.retry);
                tokio::spawn(async move {
                    let result = token_op(&c, &id, op, policy).await;
                    sink(WorkerEvent::TokenOp { id, result });
                });
            }
            Job::LoadUpgradeCatalogs { from, to } => {
                let Some(c) = client.clone() else {
                    sink(WorkerEvent::UpgradeCatalogs {
                        from,
                        to,
                        result: Err(not_connected()),
                    });
                    continue;
                };
                let (sink, policy) = (sink.clone(), config.retry);
                tokio::spawn(async move {
                    let result = async {
                        let a = load_with_retries(Load::Catalog, policy, &sink, || c.scopes(&from))
                            .await?;
                        let b = load_with_retries(Load::Catalog, policy, &sink, || c.scopes(&to))
                            .await?;
                        Ok((a, b))
                    }
                    .await;
                    sink(WorkerEvent::UpgradeCatalogs { from, to, result });
                });
            }
        }
    }
    if let Some(stop) = stop_local {
        stop();
    }
}

fn not_connected() -> ApiError {
    ApiError::Connect {
        detail: crate::text::NOT_CONNECTED.into(),
    }
}

/// Carries out one menu item of the API page, retrying transient failures
/// as a create does. Reset and Delete send one `Idempotency-Key` on every
/// try, so a retry after a lost answer gets the same new secret (or the
/// same deletion) instead of a second reset; Enable, Disable and the
/// update are idempotent by themselves.
async fn token_op(
    c: &Client,
    id: &str,
    op: TokenOp,
    policy: RetryPolicy,
) -> Result<TokenOpDone, ApiError> {
    let key = uuid::Uuid::new_v4().to_string();
    // The page shows its own status line; progress reports are not needed.
    write_with_retries(policy, &|_| {}, || async {
        match &op {
            TokenOp::Reset => c.reset_with_key(id, &key).await.map(TokenOpDone::Reset),
            TokenOp::SetEnabled(on) => c.set_enabled(id, *on).await.map(TokenOpDone::Updated),
            TokenOp::Delete => c
                .delete_with_key(id, &key)
                .await
                .map(|()| TokenOpDone::Deleted),
            TokenOp::Update(req) => c.update(id, req).await.map(TokenOpDone::Updated),
        }
    })
    .await
}

/// When the loads at connect go out, relative to the credentials check.
#[derive(Debug)]
enum Order {
    /// CompanyInformation alone first; the rest only once it answered well.
    /// For credentials a user gave: a wrong token then costs one failed
    /// login against the server's lockout count, not four.
    CheckFirst,
    /// All four at once, for credentials known to be valid (the launcher's
    /// in-process sandbox): one round trip instead of two. Their answers
    /// still reach the UI only after CompanyInformation's, and not at all
    /// if it failed. The [`WorkerEvent::Ready`] to send just before it.
    Together(Box<WorkerEvent>),
}

async fn connect(c: Client, api_version: String, policy: RetryPolicy, sink: Sink, order: Order) {
    let (together, ready) = match order {
        Order::CheckFirst => (false, None),
        Order::Together(ready) => (true, Some(*ready)),
    };
    // CompanyInformation's outcome: `Some(Some(company))` once it answered
    // well, `Some(None)` once it failed.
    let (checked_tx, checked_rx) = tokio::sync::watch::channel(None::<Option<CompanyInformation>>);
    let check = async {
        let company =
            load_with_retries(Load::Company, policy, &sink, || c.company_information()).await;
        let ok = company.as_ref().ok().cloned();
        if let Some(ready) = ready {
            sink(ready);
        }
        sink(WorkerEvent::Company(company));
        checked_tx.send_replace(Some(ok));
    };
    let company = || checked_rx.clone();
    // Each answer goes to the screen as soon as it is in (and the check has
    // passed): the contacts do not wait for the (larger) catalog or the
    // token list.
    tokio::join!(
        check,
        async {
            let progress = |page, of| sink(WorkerEvent::ContactsPage { page, of });
            let users = load_with_retries(Load::Users, policy, &sink, || {
                c.users_with_progress(&progress)
            });
            if let Some((company, users)) = after_check(together, company(), users).await {
                sink(WorkerEvent::Contacts(
                    users.map(|users| contacts_from(users, Some(company))),
                ));
            }
        },
        async {
            let scopes = load_with_retries(Load::Catalog, policy, &sink, || c.scopes(&api_version));
            if let Some((_, result)) = after_check(together, company(), scopes).await {
                sink(WorkerEvent::Catalog {
                    api_version: api_version.clone(),
                    result,
                });
            }
        },
        async {
            let tokens = load_with_retries(Load::Tokens, policy, &sink, || c.tokens());
            if let Some((_, tokens)) = after_check(together, company(), tokens).await {
                sink(WorkerEvent::Tokens(tokens));
            }
        },
    );
}

/// The credentials check's outcome as [`connect`] shares it: `None` while it
/// runs, then `Some(Some(company))` or `Some(None)` (it failed).
type Checked = tokio::sync::watch::Receiver<Option<Option<CompanyInformation>>>;

/// Runs `load` together with the credentials check or after it, and returns
/// its result with the company once the check passed; `None` (the result
/// dropped) if it failed. Run together, a failed check also ends the load:
/// its retries would only add noise to the failure.
async fn after_check<T>(
    together: bool,
    checked: Checked,
    load: impl std::future::Future<Output = T>,
) -> Option<(CompanyInformation, T)> {
    let company = |mut rx: Checked| async move {
        rx.wait_for(Option::is_some)
            .await
            .ok()
            .and_then(|v| v.clone())
            .flatten()
    };
    if !together {
        let company = company(checked).await?;
        return Some((company, load.await));
    }
    let mut failed = checked.clone();
    let failed = async move {
        let _ = failed.wait_for(|v| matches!(v, Some(None))).await;
    };
    let (company, value) = tokio::join!(company(checked), async {
        tokio::select! {
            v = load => Some(v),
            () = failed => None,
        }
    });
    Some((company?, value?))
}

/// The contacts from `/Users`' answer: its ACTIVE users, or the company's
/// contacts when `/Users` is not offered (`None`).
fn contacts_from(
    users: Option<Vec<crate::contract::User>>,
    company: Option<CompanyInformation>,
) -> Contacts {
    match users {
        Some(users) => Contacts {
            list: users
                .iter()
                .filter(|u| u.is_active())
                .map(|u| u.to_contact())
                .collect(),
            from_company: false,
        },
        None => Contacts {
            list: company.map(|c| c.contacts()).unwrap_or_default(),
            from_company: true,
        },
    }
}

/// ACTIVE users, or CompanyInformation's contacts when `/Users` is not offered.
async fn load_contacts(
    c: &Client,
    company: Option<CompanyInformation>,
    policy: RetryPolicy,
    sink: &Sink,
) -> Result<Contacts, ApiError> {
    let progress = |page, of| sink(WorkerEvent::ContactsPage { page, of });
    let users = load_with_retries(Load::Users, policy, sink, || {
        c.users_with_progress(&progress)
    })
    .await?;
    let company = match (&users, company) {
        (None, None) => {
            Some(load_with_retries(Load::Company, policy, sink, || c.company_information()).await?)
        }
        (_, company) => company,
    };
    Ok(contacts_from(users, company))
}

/// Tells the UI when an answer says fewer than 10% of requests remain:
/// once when the budget gets low and once more when it is spent, not on
/// every answer (each would replace the status line).
fn low_rate_observer(sink: Sink) -> RateObserver {
    use std::sync::atomic::{AtomicU8, Ordering};
    // 0: not low; 1: said it is low; 2: said it is spent.
    let said = AtomicU8::new(0);
    RateObserver::new(move |rate: RateLimit| {
        let now = match (rate.is_low(), rate.remaining) {
            (false, _) => 0,
            (true, Some(0)) => 2,
            (true, _) => 1,
        };
        if said.swap(now, Ordering::SeqCst) < now {
            sink(WorkerEvent::RateLimitLow(rate));
        }
    })
}

/// GETs each path with the new token's credentials, in order. Nothing is
/// assumed callable: CompanyInformation is a scope like any other.
async fn probe(c: &Client, paths: Vec<String>) -> Vec<(String, Result<u16, ApiError>)> {
    let mut out = Vec::new();
    for p in paths {
        let r = c.probe(&p).await;
        out.push((p, r));
    }
    out
}
