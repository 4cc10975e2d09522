//! The emulator's connections: the accept loop with its limits, and the [`KillSwitch`] every
//! connection carries.
//!
//! Limits: at most [`ConnLimits::max_connections`] connections are served at once (further
//! clients wait in the listen backlog until one closes, so a flood of idle connections cannot
//! grow the emulator's memory), and a connection must deliver a complete request head within
//! [`ConnLimits::idle_timeout`] of connecting or of its previous response, else it is closed:
//! that drops idle keep-alive connections and half-sent heads (slowloris) alike. Request bodies
//! have their own deadline ([`ConnLimits::body_timeout`]).
//!
//! Request handlers reach the connection's [`KillSwitch`] through `ConnectInfo`, so the
//! `drop_connection` fault can abort a connection before a single byte of the response is
//! written. Once the switch is set, every write and flush on the connection fails, hyper gives
//! up on the connection and closes it, and the client sees the connection close with no
//! response at all (a connection error, never a well-formed or partial HTTP response).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, oneshot};
use tower_service::Service as _;

/// Aborts one connection.
#[derive(Debug, Clone, Default)]
pub struct KillSwitch(Arc<AtomicBool>);

impl KillSwitch {
    /// Make every further write on the connection fail.
    pub fn kill(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    fn killed(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// An accepted connection and its switch.
#[derive(Debug)]
struct KillableStream {
    stream: TcpStream,
    switch: KillSwitch,
}

fn aborted() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "connection dropped by the emulator's fault settings",
    )
}

/// How many connections are served at once, and how long one may stay without a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnLimits {
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: usize,
    /// How long a connection may take to send a complete request head, counted from the
    /// connection or from its previous response (idle keep-alive and slowloris alike).
    pub idle_timeout: Duration,
    /// How long a request body may take once the head is in (then 408 in Clerk's envelope).
    pub body_timeout: Duration,
}

/// A request's body deadline, set by the accept loop for the body reader.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub Duration);

impl Default for ConnLimits {
    fn default() -> Self {
        Self {
            max_connections: 1024,
            idle_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
        }
    }
}

/// Accept a connection; transient errors are retried (a client that gave up before the accept)
/// or waited out (out of file descriptors), never returned.
async fn accept(listener: &TcpListener) -> TcpStream {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                // Responses go out in one write; Nagle would only delay them.
                let _ = stream.set_nodelay(true);
                return stream;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::ConnectionReset
                        | io::ErrorKind::ConnectionRefused
                ) => {}
            Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
        }
    }
}

/// Serve `router` on `listener` within `limits` until `stop` fires, then let in-flight requests
/// finish (idle connections close at once).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnLimits,
    stop: oneshot::Receiver<()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.idle_timeout)
        .keep_alive(true);
    let mut stop = std::pin::pin!(stop);
    loop {
        let next = async {
            // A permit first: at the cap, clients wait in the backlog, not in memory.
            let permit = permits.clone().acquire_owned().await;
            (permit, accept(&listener).await)
        };
        let (permit, stream) = tokio::select! {
            next = next => next,
            _ = &mut stop => break,
        };
        let Ok(permit) = permit else { break };
        let switch = KillSwitch::default();
        let io = TokioIo::new(KillableStream {
            stream,
            switch: switch.clone(),
        });
        let router = router.clone();
        let service = service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(switch.clone()));
            req.extensions_mut()
                .insert(BodyTimeout(limits.body_timeout));
            let mut router = router.clone();
            async move { router.call(req.map(Body::new)).await }
        });
        let conn = graceful.watch(builder.serve_connection(io, service));
        tokio::spawn(async move {
            // A timeout or a client gone mid-request ends the connection; nothing to report.
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    // Idle connections close at once; a request still in flight gets a bounded wait.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// How long a shutdown waits for requests still in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

impl AsyncRead for KillableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.switch.killed() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.switch.killed() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.switch.killed() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.switch.killed() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
