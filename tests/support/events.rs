//! Reading a worker's events in a test: until a condition, with a deadline.

use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use impact_token::api::client::Timeouts;
use impact_token::api::worker::{
    self, Backend, RetryPolicy, WorkerConfig, WorkerEvent, WorkerHandle,
};
use impact_token::model::account::AccountType;

/// A worker's settings for the server at `base_url` (no in-process
/// sandbox; names at connect off: set `names_at_connect` to change that).
#[allow(dead_code)]
pub fn remote(
    base_url: &str,
    account_type: AccountType,
    timeouts: Timeouts,
    retry: RetryPolicy,
) -> WorkerConfig {
    WorkerConfig {
        backend: Backend::Remote {
            base_url: base_url.to_string(),
        },
        account_type,
        timeouts,
        retry,
        sandbox: None,
        names_at_connect: false,
    }
}

/// A worker with `config` on the current runtime, and the receiving end of
/// its events.
#[allow(dead_code)]
pub fn spawn_worker(config: WorkerConfig) -> (WorkerHandle, Receiver<WorkerEvent>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let sink: worker::Sink = Arc::new(move |ev| {
        let _ = tx.send(ev);
    });
    (
        worker::spawn(&tokio::runtime::Handle::current(), config, sink),
        rx,
    )
}

/// Events until `done` says stop (15 s without one fails the test).
#[allow(dead_code)]
pub async fn events_until(
    rx: Receiver<WorkerEvent>,
    done: impl Fn(&WorkerEvent) -> bool + Send + 'static,
) -> (Receiver<WorkerEvent>, Vec<WorkerEvent>) {
    tokio::task::spawn_blocking(move || {
        let mut seen = Vec::new();
        loop {
            let ev = rx
                .recv_timeout(Duration::from_secs(15))
                .unwrap_or_else(|_| panic!("no worker event; seen {seen:?}"));
            let stop = done(&ev);
            seen.push(ev);
            if stop {
                return (rx, seen);
            }
        }
    })
    .await
    .unwrap()
}
