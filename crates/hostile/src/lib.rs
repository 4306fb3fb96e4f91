//! A hostile sync server, for the tests that play attacks (the server's
//! `tests/server/hostile_*.rs` and the app's end-to-end team test): a proxy in
//! front of the real server that forwards every request and answer, and,
//! when a test tells it to, changes an answer as a server run by an
//! attacker would (plant a key, swap a scope, empty a place, drop, reorder
//! or replay an entry, roll back a head, send a page too large, redirect),
//! or changes a request on its way to the real server.
//! The devices under test talk only to the proxy. Never shipped.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test tooling: a broken proxy should stop the test

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};

/// One request and the real server's answer to it.
pub struct Exchange {
    pub method: Method,
    pub path: String,
    pub token: Option<String>,
    pub request: serde_json::Value,
    pub status: u16,
    pub answer: serde_json::Value,
}

/// What the proxy sends back instead of the real answer.
pub enum Reply {
    /// The answer as JSON, changed.
    Json(serde_json::Value),
    /// Raw bytes (a page too large, or not JSON at all).
    Raw(Vec<u8>),
    /// A redirect to another address.
    Redirect(String),
    /// Only a status, no body (a gateway error after the real server did
    /// the work: an answer lost on the way).
    Status(u16),
}

type Hook = Box<dyn FnMut(&Exchange) -> Option<Reply> + Send>;

/// What the proxy does with a request before the real server sees it:
/// `Some` answers it itself, and the real server never hears of it.
type Intercept = Box<dyn FnMut(&Exchange) -> Option<(u16, Reply)> + Send>;

/// What the proxy forwards instead of the request it got: `Some` is the
/// changed JSON body (the device never learns what the server was sent).
type Rewrite = Box<dyn FnMut(&Exchange) -> Option<serde_json::Value> + Send>;

#[derive(Default)]
struct Hooks {
    answer: Option<Hook>,
    request: Option<Intercept>,
    rewrite: Option<Rewrite>,
}

pub struct Hostile {
    pub addr: std::net::SocketAddr,
    hooks: Arc<Mutex<Hooks>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Hostile {
    /// A proxy on a free loopback port in front of `upstream`, honest
    /// until told otherwise.
    pub fn start(upstream: &str) -> Hostile {
        let hooks: Arc<Mutex<Hooks>> = Arc::new(Mutex::new(Hooks::default()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (upstream, h) = (upstream.to_string(), hooks.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        // Its own thread and runtime, so it lives and dies apart from the
        // test's (an async test may hold one too).
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = axum::Router::new().fallback(
                    move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                        let (upstream, hooks) = (upstream.clone(), h.clone());
                        async move {
                            tokio::task::spawn_blocking(move || {
                                forward(&upstream, &hooks, method, uri, headers, body)
                            })
                            .await
                            .unwrap()
                        }
                    },
                );
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        Hostile {
            addr,
            hooks,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, `hook` sees every exchange and may change the answer
    /// (`None`: pass it on as it is).
    pub fn attack(&self, hook: impl FnMut(&Exchange) -> Option<Reply> + Send + 'static) {
        self.hooks.lock().unwrap().answer = Some(Box::new(hook));
    }

    /// From now on, `hook` sees every request first (its `answer` is
    /// null) and may answer it itself, never forwarding it.
    pub fn intercept(&self, hook: impl FnMut(&Exchange) -> Option<(u16, Reply)> + Send + 'static) {
        self.hooks.lock().unwrap().request = Some(Box::new(hook));
    }

    /// From now on, `hook` sees every request first (after `intercept`)
    /// and may change its body before the real server sees it.
    pub fn rewrite(
        &self,
        hook: impl FnMut(&Exchange) -> Option<serde_json::Value> + Send + 'static,
    ) {
        self.hooks.lock().unwrap().rewrite = Some(Box::new(hook));
    }

    /// Honest again.
    pub fn stop_attack(&self) {
        *self.hooks.lock().unwrap() = Hooks::default();
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn reply(code: StatusCode, bytes: Vec<u8>, reply: Option<Reply>) -> Response {
    match reply {
        None => (code, [("content-type", "application/json")], bytes).into_response(),
        Some(Reply::Json(v)) => (
            code,
            [("content-type", "application/json")],
            serde_json::to_vec(&v).unwrap(),
        )
            .into_response(),
        Some(Reply::Raw(b)) => (code, [("content-type", "application/json")], b).into_response(),
        Some(Reply::Redirect(to)) => {
            (StatusCode::TEMPORARY_REDIRECT, [("location", to)]).into_response()
        }
        Some(Reply::Status(s)) => StatusCode::from_u16(s)
            .unwrap_or(StatusCode::BAD_GATEWAY)
            .into_response(),
    }
}

fn forward(
    upstream: &str,
    hook: &Mutex<Hooks>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let mut ex = Exchange {
        method: method.clone(),
        path: uri.path().to_string(),
        token: token
            .as_deref()
            .map(|t| t.trim_start_matches("Bearer ").to_string()),
        request: serde_json::from_slice(&body).unwrap_or_default(),
        status: 0,
        answer: serde_json::Value::Null,
    };
    let early = hook.lock().unwrap().request.as_mut().and_then(|h| h(&ex));
    if let Some((status, r)) = early {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        return reply(code, Vec::new(), Some(r));
    }
    let changed = hook.lock().unwrap().rewrite.as_mut().and_then(|h| h(&ex));
    let body = match changed {
        Some(v) => {
            let b = serde_json::to_vec(&v).unwrap();
            ex.request = v;
            Bytes::from(b)
        }
        None => body,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{upstream}{}", uri.path());
    let sent = match method {
        Method::GET => {
            let mut r = agent.get(&url);
            if let Some(t) = &token {
                r = r.header("Authorization", t);
            }
            r.call()
        }
        Method::DELETE => {
            let mut r = agent.delete(&url);
            if let Some(t) = &token {
                r = r.header("Authorization", t);
            }
            r.call()
        }
        _ => {
            let mut r = agent.post(&url).header("Content-Type", "application/json");
            if let Some(t) = &token {
                r = r.header("Authorization", t);
            }
            r.send(&body[..])
        }
    };
    let Ok(mut resp) = sent else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = resp.status().as_u16();
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_default();
    ex.status = status;
    ex.answer = serde_json::from_slice(&bytes).unwrap_or_default();
    let r = hook.lock().unwrap().answer.as_mut().and_then(|h| h(&ex));
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    reply(code, bytes, r)
}
