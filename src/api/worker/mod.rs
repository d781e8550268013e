//! The background worker: owns the HTTP client and does every network call
//! on the tokio runtime. With `--sandbox` it also owns the in-process
//! sandbox, which it starts on the first connect through the [`Starter`] the
//! launcher gave it (this layer does not know the sandbox itself).
//!
//! The UI thread sends it owned [`Job`]s and gets [`WorkerEvent`]s back that
//! carry the data, so the UI never waits on the network and never shares
//! state with the worker.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::api::client::{Client, Credentials, Guard, RateObserver, Timeouts};
use crate::api::error::ApiError;
use crate::api::ops::Ops;
use crate::api::paging::PageWalk;
use crate::api::ratelimit::RateLimit;
use crate::model::unshown::restore_unshown;
// The policy moved to `retry.rs`; its old path stays for callers and tests.
pub use crate::api::retry::RetryPolicy;
use crate::api::starter::Starter;
use crate::model::account::AccountType;

mod connect;
mod messages;
mod rotate;
mod writes;

use connect::{Order, connect, load_contacts};
pub use messages::*;
pub use writes::load_with_retries;

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
    /// Whether a connect also reads every token's name, for the wizard's
    /// name-taken warning. Off where the API page is home: it reads the
    /// list itself, page by page, and takes the names from it.
    pub names_at_connect: bool,
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

/// A rotation's calls on the connected client; `None` before a connect.
fn rotation(
    client: Option<&Client>,
    base_url: Option<&str>,
    config: &WorkerConfig,
    sink: &Sink,
) -> Option<rotate::Rotation> {
    Some(rotate::Rotation {
        client: client?.clone(),
        base_url: base_url?.to_string(),
        account_type: config.account_type,
        timeouts: config.timeouts,
        policy: config.retry,
        sink: sink.clone(),
    })
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
    // The pages the API page's current load has read (see `page_link`).
    let mut walk: Option<(u64, PageWalk)> = None;
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
                tokio::spawn(connect(
                    c,
                    api_version,
                    config.retry,
                    sink.clone(),
                    order,
                    config.names_at_connect,
                ));
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
                    let result = Ops::new(&c, policy).create(&submission, &progress).await;
                    sink(WorkerEvent::Created(result));
                }));
            }
            Job::Update {
                id,
                revision,
                request,
            } => {
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
                    let ops = Ops::new(&c, policy);
                    // The form was filled from the token as shown: what the
                    // user left as shown goes back as the server has it.
                    let request = match ops.read(&id).await {
                        Ok(Some(raw)) => restore_unshown(request, &raw),
                        _ => request,
                    };
                    let op = TokenOp::Update(Box::new(request));
                    let result = ops.change(&id, &revision, &op, &progress).await.and_then(
                        |done| match done {
                            TokenOpDone::Updated(token) => Ok(token),
                            _ => Err(ApiError::BadBody {
                                detail: String::new(),
                            }),
                        },
                    );
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
                let (c, link) = match page_link(client.as_ref(), &mut walk, generation, next) {
                    Ok(found) => found,
                    Err(e) => {
                        let result = Err(e);
                        sink(WorkerEvent::TokensPage { generation, result });
                        continue;
                    }
                };
                let (sink, policy) = (sink.clone(), config.retry);
                tokio::spawn(async move {
                    let result =
                        load_with_retries(Load::Tokens, policy, &sink, || c.tokens_at(&link)).await;
                    sink(WorkerEvent::TokensPage { generation, result });
                });
            }
            job @ (Job::RotateStart { .. } | Job::RotateFinish { .. }) => {
                let r = rotation(client.as_ref(), base_url.as_deref(), &config, &sink);
                rotate::spawn(job, r, &sink);
            }
            Job::TokenOp {
                id,
                revision,
                op,
                key,
            } => {
                let Some(c) = client.clone() else {
                    sink(WorkerEvent::TokenOp {
                        id,
                        result: Err(not_connected()),
                    });
                    continue;
                };
                let (sink, policy) = (sink.clone(), config.retry);
                tokio::spawn(async move {
                    // The page shows its own status line; no progress reports.
                    let guard = match key {
                        Some(key) => Guard { revision, key },
                        None => Guard::new(&revision),
                    };
                    let result = Ops::new(&c, policy)
                        .change_with(&id, &op, guard, &|_| {})
                        .await;
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

/// The client and the link of the token-list page a load asks for, counted
/// in the load's [`PageWalk`]: a load (`generation`) starts a walk with its
/// first page and continues it page by page, so the API page's list is held
/// to the rule every list follows.
fn page_link(
    client: Option<&Client>,
    walk: &mut Option<(u64, PageWalk)>,
    generation: u64,
    next: Option<String>,
) -> Result<(Client, String), ApiError> {
    let c = client.ok_or_else(not_connected)?;
    if next.is_none() || walk.as_ref().is_none_or(|(g, _)| *g != generation) {
        *walk = Some((generation, PageWalk::new()));
    }
    let (_, pages) = walk.as_mut().expect("set above");
    Ok((c.clone(), c.tokens_link(pages, next.as_deref())?))
}

fn not_connected() -> ApiError {
    ApiError::Connect {
        detail: crate::text::NOT_CONNECTED.into(),
    }
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
        // Only the API's own answer (JSON) is evidence of what the token may
        // call: a proxy's or a portal's HTML page proves nothing.
        let r = c.probe_answer(&p).await.and_then(|a| match a {
            a if a.json => Ok(a.status),
            a if a.content_type.to_ascii_lowercase().contains("html") => Err(ApiError::HtmlPage),
            _ => Err(ApiError::BadBody {
                detail: crate::text::NOT_JSON.to_string(),
            }),
        });
        out.push((p, r));
    }
    out
}
