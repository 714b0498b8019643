//! Any dynorm [`Backend`] served on DynamoDB's wire protocol, so that every
//! AWS SDK, the AWS CLI and NoSQL Workbench can use it as a local DynamoDB.
//!
//! The protocol is DynamoDB's JSON 1.0 protocol: `POST /` with
//! `X-Amz-Target: DynamoDB_20120810.<Operation>` (or, for DynamoDB Streams'
//! ListStreams, DescribeStream, GetShardIterator and GetRecords,
//! `DynamoDBStreams_20120810.<Operation>` on the same endpoint) and an
//! `application/x-amz-json-1.0` body whose attribute values are DynamoDB
//! JSON. Answers carry the `x-amz-crc32` header; errors are
//! `{"__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
//! "message": ...}` with DynamoDB's status codes. Any credentials are
//! accepted: signatures are not verified.
//!
//! Expression strings are read by core's parser
//! ([`dynorm::expr::parse`]), so they get DynamoDB's validation and
//! messages; the backend then answers as it answers dynorm itself.
//!
//! ```
//! use dynorm_server::Server;
//! use std::sync::Arc;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let backend = Arc::new(dynorm_memory::MemoryBackend::new());
//! let server = Server::bind("127.0.0.1:0", backend).await?;
//! assert!(server.endpoint().starts_with("http://127.0.0.1:"));
//! // Point any SDK at `server.endpoint()`, then:
//! server.shutdown().await;
//! # Ok::<(), std::io::Error>(())
//! # }).unwrap();
//! ```

mod error;
mod http;
mod input;
mod legacy;
mod ops;

pub use ops::{OPERATIONS, STREAMS_OPERATIONS};

use dynorm::Backend;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server: accepts connections on the tokio runtime it was bound
/// on until [`shutdown`](Server::shutdown) (or until dropped, without
/// waiting for requests in flight).
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port) and starts serving `backend`.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let server = dynorm_server::Server::bind(
    ///     "127.0.0.1:0",
    ///     std::sync::Arc::new(dynorm_memory::MemoryBackend::new()),
    /// )
    /// .await?;
    /// assert_ne!(server.local_addr().port(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn bind(
        addr: impl ToSocketAddrs,
        backend: Arc<dyn Backend>,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, backend, stopped));
        Ok(Server {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address the server listens on.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
    /// let server = dynorm_server::Server::bind("127.0.0.1:0", backend).await?;
    /// assert!(server.local_addr().ip().is_loopback());
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint URL to give an SDK (`http://127.0.0.1:8000`).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
    /// let server = dynorm_server::Server::bind("127.0.0.1:0", backend).await?;
    /// assert_eq!(server.endpoint(), format!("http://{}", server.local_addr()));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and waits for the requests in flight
    /// to be answered.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
    /// let server = dynorm_server::Server::bind("127.0.0.1:0", backend).await?;
    /// let addr = server.local_addr();
    /// server.shutdown().await;
    /// assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// Waits for ctrl-c, or SIGTERM on Unix: what the `dynorm-server` binary
/// and `dynorm serve` serve until, before [`Server::shutdown`].
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
/// let server = dynorm_server::Server::bind("127.0.0.1:8000", backend).await?;
/// println!("{}", server.endpoint());
/// dynorm_server::interrupted().await;
/// server.shutdown().await;
/// # Ok(())
/// # }
/// ```
pub async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// The accept loop: one task per connection, each watched for a graceful
/// shutdown.
async fn serve(
    listener: TcpListener,
    backend: Arc<dyn Backend>,
    mut stopped: oneshot::Receiver<()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let backend = backend.clone();
                let service = hyper::service::service_fn(move |req| {
                    let backend = backend.clone();
                    async move { Ok::<_, std::convert::Infallible>(http::answer(&*backend, req).await) }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            _ = &mut stopped => break,
        }
    }
    drop(listener);
    graceful.shutdown().await;
}
