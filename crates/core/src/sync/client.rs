//! The sync server's API from the device's side: blocking HTTPS (ureq with
//! rustls), JSON bodies (`feltbog_wire`). The server's certificate is
//! checked against what the computer trusts (rustls-platform-verifier:
//! Windows' certificate store, the system's bundle on Linux), so a
//! municipality's own CA, or a proxy of its IT that inspects TLS, works as
//! installed by IT; the server is still never trusted with a record (the
//! entries are end-to-end encrypted and signed). A server that cannot be
//! reached is [`Error::Offline`], one whose certificate the computer does
//! not trust [`Error::UntrustedServer`]: nothing is lost, changes wait. A
//! refusal is [`Error::Refused`] with the server's stable code. An answer
//! that breaks the protocol (too large, unreadable, a redirect) is
//! [`Error::ServerFault`]: a server is never followed elsewhere.

use crate::{Error, Result};
use feltbog_api::team::SyncAlarm;
use feltbog_wire as wire;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::net::IpAddr;
use std::time::Duration;

/// An answer may be this large: a pull page carries at most 4 MiB of
/// ciphertext (the server's `PAGE_BYTES_MAX`), in JSON.
const BODY_MAX: u64 = 16 * 1024 * 1024;

pub struct Client {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
}

/// Whether plain HTTP may go to `host`: exactly this machine (`localhost`,
/// 127.0.0.0/8 or ::1), for a test or a server on the same laptop.
fn loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        url::Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

/// Checks a server address as typed: HTTPS, or plain HTTP to this machine
/// only; no user name or password in it, no query. Returns it without a
/// trailing slash.
pub fn server_address(typed: &str) -> Result<String> {
    let bad = |message: &str| Error::invalid("server", feltbog_api::Problem::NotAllowed, message);
    let s = typed.trim().trim_end_matches('/');
    if s.is_empty() {
        return Err(Error::invalid(
            "server",
            feltbog_api::Problem::Required,
            "write the server's address as https://sync.example.dk",
        ));
    }
    let url = url::Url::parse(s)
        .map_err(|_| bad("write the server's address as https://sync.example.dk"))?;
    let host = url
        .host()
        .ok_or_else(|| bad("the address has no host name"))?;
    match url.scheme() {
        "https" => {}
        "http" if loopback(&host) => {}
        "http" => {
            return Err(bad(
                "the server must use https:// (plain http only to this machine)",
            ))
        }
        _ => return Err(bad("write the server's address as https://sync.example.dk")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("the address may not hold a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("the address may not end in ?… or #…"));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

fn unreadable(e: impl std::fmt::Display) -> Error {
    Error::fault(
        SyncAlarm::BadAnswer,
        format!("the server's answer cannot be read ({e})"),
    )
}

impl Client {
    pub fn new(server: &str, token: Option<&str>) -> Result<Client> {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .timeout_connect(Some(Duration::from_secs(10)))
            .http_status_as_error(false)
            // A redirect is answered, never followed: the token and the
            // entries go only to the address the team chose.
            .max_redirects(0)
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::PlatformVerifier)
                    .build(),
            )
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
        if status.is_redirection() {
            return Err(Error::fault(
                SyncAlarm::BadAnswer,
                "the server sent this device to another address; Feltbog does not follow",
            ));
        }
        // A reverse proxy in front of a server that is down answers 502 or
        // 504, and the server says 503 when its storage is away: to the
        // user, all of it is "cannot be reached now; nothing is lost".
        if matches!(status.as_u16(), 502..=504) {
            return Err(Error::Offline(format!("the server answered {status}")));
        }
        let body = resp.body_mut().with_config().limit(BODY_MAX);
        if status.is_success() {
            if status == ureq::http::StatusCode::NO_CONTENT {
                return serde_json::from_str("null").map_err(unreadable);
            }
            return body.read_json().map_err(unreadable);
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

    /// The key grants to this device.
    pub fn grants(&self) -> Result<wire::Grants> {
        self.get("/keys")
    }

    /// Stores key grants (coordinators): all, or none.
    pub fn put_grants(&self, grants: Vec<wire::Grant>) -> Result<()> {
        self.post("/keys", &wire::Grants { grants })
    }

    /// Tells the server a coordinator's device has admitted `device`.
    pub fn admit(&self, device: &str) -> Result<()> {
        self.post(&format!("/devices/{device}/admit"), &())
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
/// means the same to the user: the server cannot be reached now. A
/// certificate this computer does not trust is said apart, with what IT
/// can do, since no waiting mends it.
fn offline(e: ureq::Error) -> Error {
    if untrusted_certificate(&e) {
        return Error::UntrustedServer(e.to_string());
    }
    Error::Offline(e.to_string())
}

/// Whether rustls refused the server's certificate: ureq reports it as
/// its own, or as the I/O error of the handshake that carries it.
fn untrusted_certificate(e: &ureq::Error) -> bool {
    let rustls = match e {
        ureq::Error::Rustls(r) => Some(r),
        ureq::Error::Io(io) => io.get_ref().and_then(|inner| inner.downcast_ref()),
        _ => None,
    };
    matches!(rustls, Some(rustls::Error::InvalidCertificate(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_goes_only_to_this_machine() {
        for ok in [
            "https://sync.egeby.dk",
            "https://sync.egeby.dk/feltbog/",
            "http://localhost:8787",
            "http://127.0.0.1:8787",
            "http://127.1.2.3",
            "http://[::1]:8787",
        ] {
            assert!(server_address(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://localhost.evil.dk",
            "http://localhost@evil.dk",
            "http://127.0.0.1@evil.dk",
            "http://[2001:db8::1]",
            "http://[::ffff:8.8.8.8]",
            "http://127.0.0.1.evil.dk",
            "https://user:pass@sync.egeby.dk",
            "https://sync.egeby.dk/?token=x",
            "ftp://sync.egeby.dk",
            "sync.egeby.dk",
            "",
        ] {
            assert!(server_address(bad).is_err(), "{bad}");
        }
        assert_eq!(
            server_address(" https://Sync.Egeby.dk/ ").unwrap(),
            "https://sync.egeby.dk"
        );
    }
}
