//! A hostile sync server, for the tests that play attacks: a proxy in
//! front of the real server that forwards every request and answer, and,
//! when a test tells it to, changes an answer as a server run by an
//! attacker would (plant a key, swap a scope, empty a place, drop, reorder
//! or replay an entry, roll back a head, send a page too large, redirect).
//! The devices under test talk only to the proxy.

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
}

type Hook = Box<dyn FnMut(&Exchange) -> Option<Reply> + Send>;

pub struct Hostile {
    pub addr: std::net::SocketAddr,
    hook: Arc<Mutex<Option<Hook>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Hostile {
    /// A proxy on a free loopback port in front of `upstream`, honest
    /// until told otherwise.
    pub fn start(upstream: &str) -> Hostile {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let hook: Arc<Mutex<Option<Hook>>> = Arc::new(Mutex::new(None));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let upstream = upstream.to_string();
        let h = hook.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let (upstream, hook) = (upstream.clone(), h.clone());
                async move {
                    tokio::task::spawn_blocking(move || {
                        forward(&upstream, &hook, method, uri, headers, body)
                    })
                    .await
                    .unwrap()
                }
            },
        );
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Hostile {
            addr,
            hook,
            _runtime: runtime,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, `hook` sees every exchange and may change the answer
    /// (`None`: pass it on as it is).
    pub fn attack(&self, hook: impl FnMut(&Exchange) -> Option<Reply> + Send + 'static) {
        *self.hook.lock().unwrap() = Some(Box::new(hook));
    }

    /// Honest again.
    pub fn stop_attack(&self) {
        *self.hook.lock().unwrap() = None;
    }
}

fn forward(
    upstream: &str,
    hook: &Mutex<Option<Hook>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{upstream}{}", uri.path());
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
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
    let ex = Exchange {
        method,
        path: uri.path().to_string(),
        token: token.map(|t| t.trim_start_matches("Bearer ").to_string()),
        request: serde_json::from_slice(&body).unwrap_or_default(),
        status,
        answer: serde_json::from_slice(&bytes).unwrap_or_default(),
    };
    let reply = hook.lock().unwrap().as_mut().and_then(|h| h(&ex));
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
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
    }
}
