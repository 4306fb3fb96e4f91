//! The sync server's API from the device's side: blocking HTTPS (ureq with
//! rustls), JSON bodies (`feltbog_wire`). A server that cannot be reached
//! is [`Error::Offline`]: nothing is lost, changes wait. A refusal is
//! [`Error::Refused`] with the server's stable code.

use crate::{Error, Result};
use feltbog_wire as wire;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

/// A response may be this large (a page of pulled entries is far smaller).
const BODY_MAX: u64 = 64 * 1024 * 1024;

pub struct Client {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
}

/// Checks a server address as typed: HTTPS, or plain HTTP to this machine
/// only (a test or a server on the same laptop). Returns it without a
/// trailing slash.
pub fn server_address(typed: &str) -> Result<String> {
    let s = typed.trim().trim_end_matches('/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| {
            Error::invalid(
                "server",
                feltbog_api::Problem::NotAllowed,
                "write the server's address as https://sync.example.dk",
            )
        })?;
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    let loopback = ["127.0.0.1", "localhost", "[", "::1"]
        .iter()
        .any(|l| host.starts_with(l))
        || rest.starts_with("[::1]");
    if s.starts_with("http://") && !loopback {
        return Err(Error::invalid(
            "server",
            feltbog_api::Problem::NotAllowed,
            "the server must use https:// (plain http only to this machine)",
        ));
    }
    if host.is_empty() {
        return Err(Error::invalid(
            "server",
            feltbog_api::Problem::Required,
            "the address has no host name",
        ));
    }
    Ok(s.to_string())
}

impl Client {
    pub fn new(server: &str, token: Option<&str>) -> Result<Client> {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .timeout_connect(Some(Duration::from_secs(10)))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Client {
            base: server_address(server)?,
            token: token.map(String::from),
            agent,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}{path}", self.base, wire::PREFIX)
    }

    fn answer<R: DeserializeOwned>(
        &self,
        r: std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<R> {
        let mut resp = r.map_err(offline)?;
        let status = resp.status();
        let body = resp.body_mut().with_config().limit(BODY_MAX);
        if status.is_success() {
            if status == ureq::http::StatusCode::NO_CONTENT {
                return serde_json::from_str("null").map_err(|e| Error::Corrupt(e.to_string()));
            }
            return body
                .read_json()
                .map_err(|e| Error::Corrupt(format!("the server's answer cannot be read: {e}")));
        }
        let problem: wire::Problem = body.read_json().unwrap_or(wire::Problem {
            code: format!("http_{}", status.as_u16()),
            message: format!("the server answered {status}"),
        });
        Err(Error::Refused {
            code: problem.code,
            message: problem.message,
        })
    }

    fn post<B: Serialize, R: DeserializeOwned>(&self, path: &str, body: &B) -> Result<R> {
        let mut req = self.agent.post(self.url(path));
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        self.answer(req.send_json(body))
    }

    fn get<R: DeserializeOwned>(&self, path: &str) -> Result<R> {
        let mut req = self.agent.get(self.url(path));
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        self.answer(req.call())
    }

    pub fn create_team(&self, req: &wire::CreateTeam) -> Result<wire::Registered> {
        self.post("/teams", req)
    }

    pub fn add_invite(&self, req: &wire::NewInvite) -> Result<()> {
        self.post("/invites", req)
    }

    pub fn join(&self, req: &wire::Join) -> Result<wire::Joined> {
        self.post("/join", req)
    }

    pub fn devices(&self) -> Result<wire::Devices> {
        self.get("/devices")
    }

    pub fn push(&self, entries: Vec<wire::Entry>) -> Result<wire::Heads> {
        self.post("/push", &wire::Push { entries })
    }

    pub fn heads(&self) -> Result<wire::Heads> {
        self.get("/heads")
    }

    pub fn pull(&self, req: &wire::Pull) -> Result<wire::Pulled> {
        self.post("/pull", req)
    }

    /// The epoch keys sealed to this device.
    pub fn sealed_keys(&self) -> Result<wire::SealedKeys> {
        self.get("/keys")
    }

    pub fn put_sealed_keys(&self, keys: Vec<wire::SealedKey>) -> Result<()> {
        self.post("/keys", &wire::SealedKeys { keys })
    }

    /// Revokes a device (coordinators): its token stops working at once.
    pub fn revoke(&self, device: &str) -> Result<()> {
        let mut req = self.agent.delete(self.url(&format!("/devices/{device}")));
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        self.answer(req.call())
    }
}

/// Every transport failure (no network, refused connection, timeout, TLS)
/// means the same to the user: the server cannot be reached now.
fn offline(e: ureq::Error) -> Error {
    Error::Offline(e.to_string())
}
