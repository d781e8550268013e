//! The accept loop. `axum::serve` has no header-read or idle timeout and no
//! connection cap, so a few hundred half-sent requests could starve every
//! client; this loop serves the same router with hyper's HTTP/1 connection
//! and adds the three [`Limits`].

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use crate::contract::ErrorBody;
use crate::text;

/// Bounds on what clients may hold or make the sandbox keep. The defaults
/// are documented in the README; tests shorten them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How long a request head (request line and headers) may take to
    /// arrive, counted from when the server starts waiting for it; this also
    /// bounds how long a kept-alive connection waits idle for its next request.
    pub header_read: Duration,
    /// How long a connection may go without a byte received or sent while
    /// no request of it is being handled (a stalled body, an unread answer).
    pub idle: Duration,
    /// Most connections open at once; further ones get a short 503 and are
    /// closed at once.
    pub max_connections: usize,
    /// Failed logins (bad or missing credentials) one client address may make
    /// per hour; after that every request from it answers 429 until the hour
    /// is over.
    pub failed_logins: u32,
    /// Most tokens one account may hold; a create past it answers 422.
    pub max_tokens: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(30),
            max_connections: 256,
            failed_logins: 20,
            max_tokens: 500,
        }
    }
}

/// Whether the fault-injection endpoint may be served on `addr`: only on a
/// loopback bind, where nobody else can reach it. A wildcard bind
/// (`0.0.0.0`, `::`) is not loopback.
pub fn admin_allowed(addr: SocketAddr) -> bool {
    match addr.ip() {
        IpAddr::V4(ip) => ip.is_loopback(),
        IpAddr::V6(ip) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// The client address of a request, put in its extensions by the loop.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Peer(pub SocketAddr);

/// Sent, best effort, to a connection over the cap before it is closed.
fn busy_answer() -> Vec<u8> {
    let body =
        serde_json::to_vec(&ErrorBody::new(text::SANDBOX_TOO_MANY_CONNECTIONS)).unwrap_or_default();
    let mut answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    answer
}

/// Serves `app` on `listener` until `stop` turns true, then lets requests in
/// flight finish.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = stop.wait_for(|stopped| *stopped) => return,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of descriptors and the like: wait a little instead of spinning.
                tracing::warn!("sandbox accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            // Never blocks: a full send buffer just loses the courtesy answer.
            let _ = stream.try_write(&busy_answer());
            drop(stream);
            continue;
        };
        let app = app.clone();
        let stop = stop.clone();
        tokio::spawn(connection(stream, peer, app, limits, stop, permit));
    }
}

/// One connection, until it ends, times out, or the sandbox stops.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
    permit: OwnedSemaphorePermit,
) {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: Arc::clone(&activity),
    });
    let tower = TowerToHyperService::new(app);
    let tracked = Arc::clone(&activity);
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(Peer(peer));
        let busy = Busy::new(Arc::clone(&tracked));
        let answer = hyper::service::Service::call(&tower, request);
        async move {
            let answer: Result<_, Infallible> = answer.await;
            drop(busy);
            answer
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let mut conn = Box::pin(builder.serve_connection(io, service));
    let mut stopping = false;
    loop {
        tokio::select! {
            r = conn.as_mut() => {
                if let Err(e) = r {
                    tracing::debug!(%peer, "sandbox connection ended: {e}");
                }
                break;
            }
            _ = stop.wait_for(|stopped| *stopped), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
            () = idle_timeout(&activity, limits.idle) => {
                tracing::debug!(%peer, "sandbox connection idle, closed");
                break;
            }
        }
    }
    // Free the slot before the socket closes, so a client that sees this
    // connection end and connects again is not refused.
    drop(permit);
    drop(conn);
}

/// When a connection last moved a byte, and how many of its requests are
/// being handled.
struct Activity {
    epoch: Instant,
    /// Milliseconds after `epoch`.
    last_ms: AtomicU64,
    busy: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            epoch: Instant::now(),
            last_ms: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let ms = self.epoch.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.epoch + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }
}

/// Marks a request as being handled while it lives; a slow handler (latency,
/// `Hang` faults) is not an idle client.
struct Busy(Arc<Activity>);

impl Busy {
    fn new(activity: Arc<Activity>) -> Busy {
        activity.busy.fetch_add(1, Ordering::SeqCst);
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.touch();
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Resolves once the connection has been idle for `idle`.
async fn idle_timeout(activity: &Activity, idle: Duration) {
    loop {
        if activity.busy.load(Ordering::SeqCst) > 0 {
            tokio::time::sleep(idle).await;
            continue;
        }
        let deadline = activity.last() + idle;
        if Instant::now() >= deadline {
            return;
        }
        tokio::time::sleep_until(deadline.into()).await;
    }
}

/// A socket that records when bytes move.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = r
            && n > 0
        {
            self.activity.touch();
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = r
            && n > 0
        {
            self.activity.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_is_served_on_loopback_binds_only() {
        let allowed = |s: &str| admin_allowed(s.parse().unwrap());
        assert!(allowed("127.0.0.1:8787"));
        assert!(allowed("127.1.2.3:0"));
        assert!(allowed("[::1]:8787"));
        assert!(allowed("[::ffff:127.0.0.1]:8787"));
        assert!(!allowed("0.0.0.0:8787"), "wildcard");
        assert!(!allowed("[::]:8787"), "wildcard");
        assert!(!allowed("192.168.1.10:8787"));
        assert!(!allowed("10.0.0.1:0"));
        assert!(!allowed("[fe80::1]:8787"));
        assert!(!allowed("[::ffff:10.0.0.1]:8787"));
    }

    #[test]
    fn busy_answer_is_well_formed() {
        let answer = busy_answer();
        let shown = std::str::from_utf8(&answer).unwrap();
        let (head, body) = shown.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["Status"], "ERROR");
    }
}
