//! Serving a router on 127.0.0.1 until told to stop; shared by the V1 and V2
//! fake servers so both start, stop and outlive their handles the same way.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Mutex, PoisonError};

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A router being served on a tokio task. Dropping it stops the server.
pub(crate) struct Serving {
    addr: SocketAddr,
    /// Dropping the sender (with the last handle) also stops the server.
    stop: Mutex<Option<oneshot::Sender<()>>>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Serving {
    /// Binds 127.0.0.1:`port` (ephemeral when 0) and serves `app` on a task
    /// of the current tokio runtime.
    pub(crate) async fn start(port: u16, app: Router) -> std::io::Result<Serving> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                // Either a shutdown() call or the last handle going away.
                let _ = stopped.await;
            });
            // Accept errors are retried inside axum; nothing is left to report.
            let _ = serve.await;
        });
        Ok(Serving { addr, stop: Mutex::new(Some(stop)), task: Mutex::new(Some(task)) })
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, lets requests in flight finish, and
    /// waits for the server task. Later calls return at once.
    pub(crate) async fn shutdown(&self) {
        let stop = self.stop.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(stop) = stop {
            let _ = stop.send(());
        }
        let task = self.task.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}
