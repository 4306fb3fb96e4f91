//! The server on a loopback port inside another program's process: for the
//! client's tests and benchmarks, which need a real server (real HTTP,
//! real storage) without a second binary to manage.

use crate::limit::{Limits, TrustedProxy};
use crate::routes::{router, App};
use crate::storage::{Storage, StoreError};
use std::net::SocketAddr;
use std::sync::Arc;

/// A running server; it stops when dropped.
pub struct LocalServer {
    pub addr: SocketAddr,
    handle: axum_server::Handle<SocketAddr>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LocalServer {
    /// Starts serving `store` on 127.0.0.1 (`port` 0: any free port).
    pub fn start<S: Storage>(store: S, port: u16) -> std::io::Result<LocalServer> {
        Self::start_with(async move { Ok(store) }, port)
    }

    /// As [`LocalServer::start`], with the rate limits and the trusted
    /// proxy of a real deployment (the tests of the limits themselves).
    pub fn start_limited<S: Storage>(
        store: S,
        per_minute: u32,
        proxy: Option<TrustedProxy>,
    ) -> std::io::Result<LocalServer> {
        Self::serve(async move { Ok(store) }, 0, per_minute, proxy)
    }

    /// As [`LocalServer::start`], with a storage made inside the server's
    /// own runtime (PostgreSQL connects asynchronously).
    pub fn start_with<S, F>(make: F, port: u16) -> std::io::Result<LocalServer>
    where
        S: Storage,
        F: std::future::Future<Output = Result<S, StoreError>> + Send + 'static,
    {
        // Tests make many requests from one address.
        Self::serve(make, port, 10_000, None)
    }

    fn serve<S, F>(
        make: F,
        port: u16,
        per_minute: u32,
        proxy: Option<TrustedProxy>,
    ) -> std::io::Result<LocalServer>
    where
        S: Storage,
        F: std::future::Future<Output = Result<S, StoreError>> + Send + 'static,
    {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let handle = axum_server::Handle::new();
        let server_handle = handle.clone();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let (ready, started) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let store = match make.await {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = ready.send(Err(e.to_string()));
                        return;
                    }
                };
                let app = Arc::new(App {
                    store,
                    limits: Limits::per_minute(per_minute),
                    proxy,
                    quota: crate::rules::TEAM_BYTES_DEFAULT,
                });
                let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
                match axum_server::from_tcp(listener) {
                    Ok(server) => {
                        let _ = ready.send(Ok(()));
                        let _ = server.handle(server_handle).serve(service).await;
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e.to_string()));
                    }
                }
            });
        });
        started
            .recv()
            .map_err(std::io::Error::other)?
            .map_err(std::io::Error::other)?;
        Ok(LocalServer {
            addr,
            handle,
            thread: Some(thread),
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops at once, as a crash would (no grace period).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.handle.shutdown();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}
