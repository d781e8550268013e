//! How the worker gets the in-process sandbox without knowing it: the
//! launcher (`commands::launch`) hands it a [`Starter`], which the worker
//! calls on its first connect, after the first frame is drawn.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::api::client::Credentials;
use crate::model::account::AccountType;

/// A server the launcher started for the worker: where it listens, the
/// credentials to use there, and how to stop it.
pub struct Started {
    /// Base URL, such as `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// Credentials for the account type asked for (the sandbox's demo ones).
    pub credentials: Credentials,
    /// Stops the server; called when the worker retargets or ends.
    pub stop: Box<dyn FnOnce() + Send>,
}

impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Started")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// What a [`Starter`] returns: the started server, once it listens.
pub type StartFuture = Pin<Box<dyn Future<Output = std::io::Result<Started>> + Send>>;

/// Starts the in-process server for an account type. The launcher makes it
/// (`commands::launch`); the worker calls it only when it first connects,
/// so nothing starts before the first frame is drawn.
#[derive(Clone)]
pub struct Starter(Arc<dyn Fn(AccountType) -> StartFuture + Send + Sync>);

impl Starter {
    /// Wraps a start function.
    pub fn new(start: impl Fn(AccountType) -> StartFuture + Send + Sync + 'static) -> Starter {
        Starter(Arc::new(start))
    }

    /// Starts a server for `account_type`.
    pub fn start(&self, account_type: AccountType) -> StartFuture {
        (self.0)(account_type)
    }
}

impl std::fmt::Debug for Starter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Starter")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::mpsc;

    use super::*;
    use crate::api::client::Timeouts;
    use crate::api::error::ApiError;
    use crate::api::worker::{
        Backend, Job, RetryPolicy, Sink, WorkerConfig, WorkerEvent, WorkerHandle, spawn,
    };

    /// A starter that counts starts and stops, for a server at `base_url`.
    fn counting_starter(
        base_url: &'static str,
    ) -> (
        Starter,
        Arc<std::sync::atomic::AtomicUsize>,
        Arc<std::sync::atomic::AtomicUsize>,
    ) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (starts, stops) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (s, t) = (starts.clone(), stops.clone());
        let starter = Starter::new(move |account_type| {
            s.fetch_add(1, Ordering::SeqCst);
            let t = t.clone();
            Box::pin(async move {
                Ok(Started {
                    base_url: base_url.to_string(),
                    credentials: Credentials {
                        account_sid: format!("DEMO-{account_type:?}"),
                        auth_token: "demo".to_string().into(),
                    },
                    stop: Box::new(move || {
                        t.fetch_add(1, Ordering::SeqCst);
                    }),
                })
            })
        });
        (starter, starts, stops)
    }

    /// A brand sandbox worker with short time limits, and its events.
    fn sandbox_worker(
        retry: RetryPolicy,
        starter: Option<Starter>,
    ) -> (WorkerHandle, mpsc::UnboundedReceiver<WorkerEvent>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let sink: Sink = Arc::new(move |ev| {
            let _ = tx.send(ev);
        });
        let config = WorkerConfig {
            backend: Backend::Sandbox,
            account_type: AccountType::Brand,
            timeouts: Timeouts {
                connect: Duration::from_millis(200),
                total: Duration::from_millis(200),
            },
            retry,
            sandbox: starter,
            names_at_connect: true,
        };
        (spawn(&tokio::runtime::Handle::current(), config, sink), rx)
    }

    #[tokio::test]
    async fn the_sandbox_starts_on_connect_through_the_launchers_starter() {
        use std::sync::atomic::Ordering;
        // Port 9 on loopback: nothing answers, and nothing leaves the machine.
        let (starter, starts, stops) = counting_starter("http://127.0.0.1:9");
        let retry = RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        };
        let (w, mut rx) = sandbox_worker(retry, Some(starter));
        // A job before Connect is answered without starting anything.
        w.send(Job::LoadContacts);
        assert!(matches!(
            rx.recv().await,
            Some(WorkerEvent::Contacts(Err(_)))
        ));
        assert_eq!(
            starts.load(Ordering::SeqCst),
            0,
            "nothing starts before Connect"
        );

        w.send(Job::Connect {
            credentials: None,
            api_version: "16".into(),
        });
        match rx.recv().await {
            Some(WorkerEvent::Ready {
                base_url,
                account_sid,
            }) => {
                assert_eq!(base_url, "http://127.0.0.1:9");
                assert_eq!(
                    account_sid, "DEMO-Brand",
                    "the starter's credentials are used"
                );
            }
            other => panic!("expected Ready, got {other:?}"),
        }
        assert_eq!(starts.load(Ordering::SeqCst), 1);

        // Retargeting stops the started server; the next Connect starts one
        // for the new account type.
        w.send(Job::Retarget {
            backend: Backend::Sandbox,
            account_type: AccountType::Agency,
        });
        w.send(Job::Connect {
            credentials: None,
            api_version: "16".into(),
        });
        loop {
            match rx.recv().await {
                Some(WorkerEvent::Ready { account_sid, .. }) => {
                    assert_eq!(account_sid, "DEMO-Agency");
                    break;
                }
                Some(_) => {} // the first connection's failures
                None => panic!("worker ended"),
            }
        }
        assert_eq!(starts.load(Ordering::SeqCst), 2);
        assert_eq!(
            stops.load(Ordering::SeqCst),
            1,
            "the first server was stopped"
        );
    }

    #[tokio::test]
    async fn without_a_starter_the_sandbox_is_an_error_not_a_hang() {
        let (w, mut rx) = sandbox_worker(RetryPolicy::default(), None);
        w.send(Job::Connect {
            credentials: None,
            api_version: "16".into(),
        });
        assert!(matches!(
            rx.recv().await,
            Some(WorkerEvent::Company(Err(ApiError::Connect { .. })))
        ));
    }
}
