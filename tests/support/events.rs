//! Reading a worker's events in a test: until a condition, with a deadline.

use std::sync::mpsc::Receiver;
use std::time::Duration;

use impact_token::api::worker::WorkerEvent;

/// Events until `done` says stop (15 s without one fails the test).
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
