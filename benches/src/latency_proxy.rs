//! [`LatencyProxy`]: a loopback TCP proxy that adds network latency in front
//! of a local server, so that benchmarks can show what a client does with a
//! round trip like a real service's.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// A proxy on a free port of 127.0.0.1 that forwards every connection to
/// `target` and delivers each chunk `one_way` after it was read, in both
/// directions: a round trip of `2 × one_way` without any bandwidth limit
/// (chunks in flight overlap, as on a real network). It runs on a thread of
/// its own until the process ends.
#[derive(Debug, Clone, Copy)]
pub struct LatencyProxy {
    addr: SocketAddr,
}

impl LatencyProxy {
    /// Starts the proxy.
    pub fn start(target: SocketAddr, one_way: Duration) -> std::io::Result<LatencyProxy> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        std::thread::spawn(move || {
            rt.block_on(async move {
                let Ok(listener) = TcpListener::from_std(listener) else {
                    return;
                };
                while let Ok((client, _)) = listener.accept().await {
                    tokio::spawn(async move {
                        if let Ok(server) = TcpStream::connect(target).await {
                            let _ = client.set_nodelay(true);
                            let _ = server.set_nodelay(true);
                            let (cr, cw) = client.into_split();
                            let (sr, sw) = server.into_split();
                            tokio::spawn(forward(cr, sw, one_way));
                            tokio::spawn(forward(sr, cw, one_way));
                        }
                    });
                }
            });
        });
        Ok(LatencyProxy { addr })
    }

    /// The proxy's URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Copies `from` to `to`, each chunk written `delay` after it was read.
async fn forward(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    delay: Duration,
) {
    let (tx, mut rx) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let writer = tokio::spawn(async move {
        while let Some((due, chunk)) = rx.recv().await {
            tokio::time::sleep_until(due).await;
            if to.write_all(&chunk).await.is_err() {
                return;
            }
        }
        let _ = to.shutdown().await;
    });
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if tx
                    .send((Instant::now() + delay, buf[..n].to_vec()))
                    .is_err()
                {
                    break;
                }
            }
        }
    }
    drop(tx);
    let _ = writer.await;
}
