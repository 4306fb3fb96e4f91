//! The HTTP API (`feltbog_wire`): thin handlers that check who is asking
//! and what they may do, then call the storage. A request's body is never
//! logged; a refusal names a stable code, never what was sent.

use crate::limit::Limiter;
use crate::rules::{self, PULL_LIMIT_MAX};
use crate::storage::{Caller, InviteRow, NewDevice, Storage, StoreError};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use base64::Engine;
use feltbog_wire::{
    code, CreateTeam, DeviceKeys, Devices, Entry, Heads, Join, Joined, NewInvite, Problem, Pull,
    Pulled, Push, Registered, Role, SealedKeys,
};
use std::net::SocketAddr;
use std::sync::Arc;

/// A push page may carry this much.
const BODY_MAX: usize = 16 * 1024 * 1024;
const CIPHERTEXT_MAX: usize = 1024 * 1024;

pub struct App<S> {
    pub store: S,
    pub limiter: Limiter,
}

pub fn router<S: Storage>(app: Arc<App<S>>) -> Router {
    Router::new()
        .route("/v1/health", get(|| async { "ok" }))
        .route("/v1/teams", post(create_team::<S>))
        .route("/v1/invites", post(add_invite::<S>))
        .route("/v1/join", post(join::<S>))
        .route("/v1/devices", get(devices::<S>))
        .route("/v1/devices/{id}", delete(revoke::<S>))
        .route("/v1/keys", get(sealed_for::<S>).post(put_sealed::<S>))
        .route("/v1/push", post(push::<S>))
        .route("/v1/heads", get(heads::<S>))
        .route("/v1/pull", post(pull::<S>))
        .layer(DefaultBodyLimit::max(BODY_MAX))
        .with_state(app)
}

/// A refused or failed request.
pub struct Fail(StatusCode, &'static str, String);

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let Fail(status, code, message) = self;
        eprintln!("feltbog-server: {} {code}", status.as_u16());
        (
            status,
            Json(Problem {
                code: code.into(),
                message,
            }),
        )
            .into_response()
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Refused { code, message } => Fail(StatusCode::CONFLICT, code, message),
            StoreError::Db(m) => {
                eprintln!("feltbog-server: storage error: {m}");
                Fail(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage",
                    "the server's storage failed; try again later".into(),
                )
            }
        }
    }
}

fn bad(code: &'static str, message: impl Into<String>) -> Fail {
    Fail(StatusCode::BAD_REQUEST, code, message.into())
}

fn forbidden(message: &str) -> Fail {
    Fail(StatusCode::FORBIDDEN, "forbidden", message.into())
}

type Answer<T> = Result<Json<T>, Fail>;

fn b64(s: &str, len: usize, what: &'static str) -> Result<Vec<u8>, Fail> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .ok()
        .filter(|b| b.len() == len)
        .ok_or_else(|| {
            bad(
                "bad_key",
                format!("{what} is not a {len}-byte base64 value"),
            )
        })
}

fn check_keys(k: &DeviceKeys) -> Result<(), Fail> {
    uuid::Uuid::parse_str(&k.device)
        .map_err(|_| bad("bad_device", "the device id is not a UUID"))?;
    b64(&k.sign_key, 32, "sign_key")?;
    b64(&k.box_key, 32, "box_key")?;
    Ok(())
}

/// The device behind the bearer token; failed tries are rate-limited.
async fn caller<S: Storage>(
    app: &App<S>,
    headers: &HeaderMap,
    ip: SocketAddr,
) -> Result<Caller, Fail> {
    let too_many = || {
        Fail(
            StatusCode::TOO_MANY_REQUESTS,
            "slow_down",
            "too many failed tries; wait a minute".into(),
        )
    };
    if app.limiter.blocked(ip.ip()) {
        return Err(too_many());
    }
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let found = match token {
        Some(t) => {
            app.store
                .caller(rules::hash(t.as_bytes()), rules::now())
                .await?
        }
        None => None,
    };
    found.ok_or_else(|| {
        app.limiter.fail(ip.ip());
        Fail(
            StatusCode::UNAUTHORIZED,
            "token",
            "this device is not (or no longer) a member of a team on this server".into(),
        )
    })
}

/// The rate limit on requests that take a secret (setup codes, invites).
fn limit<S>(app: &App<S>, ip: SocketAddr) -> Result<(), Fail> {
    if app.limiter.hit(ip.ip()) {
        Ok(())
    } else {
        Err(Fail(
            StatusCode::TOO_MANY_REQUESTS,
            "slow_down",
            "too many tries; wait a minute".into(),
        ))
    }
}

fn scopes(c: &Caller) -> Vec<String> {
    let mut s = vec!["team".to_string()];
    if c.cases {
        s.push("cases".into());
    }
    s
}

async fn create_team<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Json(req): Json<CreateTeam>,
) -> Answer<Registered> {
    limit(&app, ip)?;
    check_keys(&req.keys)?;
    uuid::Uuid::parse_str(&req.team).map_err(|_| bad("bad_team", "the team id is not a UUID"))?;
    let code = code::decode(&req.setup_code).ok_or_else(|| {
        bad(
            "setup_code",
            "the setup code is mistyped: check it and try again",
        )
    })?;
    let token = rules::new_token();
    let first = NewDevice {
        keys: req.keys,
        token_hash: rules::hash(token.as_bytes()),
        role: Role::Coordinator,
        cases: true,
        join: None,
    };
    app.store
        .create_team(rules::hash(&code), req.team, first, rules::now())
        .await?;
    Ok(Json(Registered { token }))
}

async fn add_invite<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<NewInvite>,
) -> Result<StatusCode, Fail> {
    let c = caller(&app, &headers, ip).await?;
    if c.role != Role::Coordinator {
        return Err(forbidden("only a coordinator can invite"));
    }
    let id = b64(&req.invite_id, 32, "invite_id")?;
    let now = rules::now();
    if req.expires_at <= now || req.expires_at > now + rules::INVITE_DAYS_MAX * 86_400 + 60 {
        return Err(bad("expires_at", "an invite is valid for at most 7 days"));
    }
    let invite = InviteRow {
        id_hash: rules::hash(&id),
        role: req.role,
        cases: req.cases,
        expires_at: req.expires_at,
        bundle: req.bundle,
    };
    app.store.add_invite(c.team, invite).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn join<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Json(req): Json<Join>,
) -> Answer<Joined> {
    limit(&app, ip)?;
    check_keys(&req.keys)?;
    let id = b64(&req.invite_id, 32, "invite_id")?;
    if req.sealed.len() > 4096 {
        return Err(bad("too_large", "the join proof is too large"));
    }
    let token = rules::new_token();
    let invite_hash = rules::hash(&id);
    let device = NewDevice {
        keys: req.keys,
        token_hash: rules::hash(token.as_bytes()),
        role: Role::Consultant,
        cases: false,
        join: Some(feltbog_wire::JoinInfo {
            invite_hash: base64::engine::general_purpose::STANDARD.encode(&invite_hash),
            sealed: req.sealed,
        }),
    };
    let grant = app.store.join(invite_hash, device, rules::now()).await?;
    Ok(Json(Joined {
        token,
        team: grant.team,
        role: grant.role,
        cases: grant.cases,
        bundle: grant.bundle,
    }))
}

async fn devices<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Answer<Devices> {
    let c = caller(&app, &headers, ip).await?;
    Ok(Json(Devices {
        devices: app.store.devices(c.team).await?,
    }))
}

async fn revoke<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(device): Path<String>,
) -> Result<StatusCode, Fail> {
    let c = caller(&app, &headers, ip).await?;
    if c.role != Role::Coordinator {
        return Err(forbidden("only a coordinator can remove a member"));
    }
    if app.store.revoke(c.team, device).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Fail(
            StatusCode::NOT_FOUND,
            "no_device",
            "no such device in the team".into(),
        ))
    }
}

async fn put_sealed<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<SealedKeys>,
) -> Result<StatusCode, Fail> {
    let c = caller(&app, &headers, ip).await?;
    let members = app.store.devices(c.team.clone()).await?;
    for k in &req.keys {
        let target = members
            .iter()
            .find(|d| d.keys.device == k.device && !d.revoked);
        let allowed = match (k.scope.as_str(), target) {
            ("team", Some(_)) => true,
            ("cases", Some(t)) => c.cases && t.cases,
            _ => false,
        };
        if !allowed {
            return Err(forbidden(
                "a key may only be sealed for a member allowed its scope",
            ));
        }
    }
    app.store.put_sealed(c.team, req.keys).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn sealed_for<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Answer<SealedKeys> {
    let c = caller(&app, &headers, ip).await?;
    let allowed = scopes(&c);
    let keys = app
        .store
        .sealed_for(c.team, c.device)
        .await?
        .into_iter()
        .filter(|k| allowed.contains(&k.scope))
        .collect();
    Ok(Json(SealedKeys { keys }))
}

/// Checks that an entry is the caller's, in a scope it may write, and
/// signed by the key it registered.
fn verify(c: &Caller, e: &Entry) -> Result<(), Fail> {
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};
    if e.device != c.device {
        return Err(forbidden("a device may only push its own log"));
    }
    if !scopes(c).contains(&e.scope) {
        return Err(forbidden("this device has no access to that scope"));
    }
    if e.ciphertext.len() > CIPHERTEXT_MAX || e.kills.len() > 64 {
        return Err(bad("too_large", "an entry is too large"));
    }
    let key: [u8; 32] = b64(&c.sign_key, 32, "sign_key")?
        .try_into()
        .map_err(|_| bad("bad_key", "sign_key"))?;
    let sig: [u8; 64] = b64(&e.signature, 64, "signature")?
        .try_into()
        .map_err(|_| bad("bad_signature", "signature"))?;
    let ok = VerifyingKey::from_bytes(&key)
        .map(|k| {
            k.verify(
                &feltbog_wire::signed_bytes(&c.team, e),
                &Signature::from_bytes(&sig),
            )
            .is_ok()
        })
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(bad(
            "bad_signature",
            format!("entry {} is not signed by this device", e.seq),
        ))
    }
}

async fn push<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<Push>,
) -> Answer<Heads> {
    let c = caller(&app, &headers, ip).await?;
    for e in &req.entries {
        verify(&c, e)?;
    }
    app.store.push(c.team.clone(), req.entries).await?;
    Ok(Json(app.store.heads(c.team, c.device).await?))
}

async fn heads<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Answer<Heads> {
    let c = caller(&app, &headers, ip).await?;
    Ok(Json(app.store.heads(c.team, c.device).await?))
}

async fn pull<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<Pull>,
) -> Answer<Pulled> {
    let c = caller(&app, &headers, ip).await?;
    let limit = req.limit.clamp(1, PULL_LIMIT_MAX);
    let scopes = scopes(&c);
    Ok(Json(
        app.store.pull(c.team, scopes, req.cursors, limit).await?,
    ))
}
