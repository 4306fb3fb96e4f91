//! The HTTP API (`feltbog_wire`): thin handlers that check who is asking
//! and what they may do, then call the storage. A request's body is never
//! logged; a refusal names a stable code, never what was sent.

use crate::limit::{client, Limits, TrustedProxy};
use crate::rules;
use crate::storage::{Caller, InviteRow, NewDevice, PullRequest, Storage, StoreError};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use base64::Engine;
use ed25519_dalek::{Signature, VerifyingKey};
use feltbog_wire::{
    code, CreateTeam, DeviceKeys, Devices, Grant, Grants, Heads, Join, Joined, MemberRole,
    NewInvite, Problem, Pull, Pulled, Push, Registered,
};
use std::net::SocketAddr;
use std::sync::Arc;

#[path = "push_check.rs"]
mod push_check;

/// A push page may carry this much (a device sends at most 4 MiB of
/// entries at a time).
const BODY_MAX: usize = 16 * 1024 * 1024;
/// A sealed epoch key is about 130 bytes in base64; an invite bundle holds
/// the member list and the team's keys.
const SEALED_KEY_MAX: usize = 1024;
const BUNDLE_MAX: usize = 256 * 1024;
/// A pull names at most this many logs (a team has at most a few hundred
/// devices, two scopes each).
const LOGS_MAX: usize = 10_000;

pub struct App<S> {
    pub store: S,
    pub limits: Limits,
    /// The reverse proxy whose client-address header is believed.
    pub proxy: Option<TrustedProxy>,
    /// What one team may store, in bytes of ciphertext.
    pub quota: i64,
}

pub fn router<S: Storage>(app: Arc<App<S>>) -> Router {
    Router::new()
        .route("/v1/health", get(|| async { "ok" }))
        .route("/v1/teams", post(create_team::<S>))
        .route("/v1/invites", post(add_invite::<S>))
        .route("/v1/join", post(join::<S>))
        .route("/v1/devices", get(devices::<S>))
        .route("/v1/devices/{id}", delete(revoke::<S>))
        .route("/v1/devices/{id}/admit", post(admit::<S>))
        .route("/v1/keys", get(grants_for::<S>).post(put_grants::<S>))
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

fn too_many() -> Fail {
    Fail(
        StatusCode::TOO_MANY_REQUESTS,
        "slow_down",
        "too many failed tries from this address; wait a minute".into(),
    )
}

/// The device behind the bearer token. A valid token always passes;
/// failed tries are counted per client address and held back once too many.
async fn caller<S: Storage>(
    app: &App<S>,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Result<Caller, Fail> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| t.len() <= 128);
    if let Some(t) = token {
        if let Some(c) = app
            .store
            .caller(rules::hash(t.as_bytes()), rules::now())
            .await?
        {
            return Ok(c);
        }
    }
    let ip = client(peer.ip(), headers, app.proxy.as_ref());
    if app.limits.tokens.blocked(ip) {
        return Err(too_many());
    }
    app.limits.tokens.fail(ip);
    Err(Fail(
        StatusCode::UNAUTHORIZED,
        "token",
        "this device is not (or no longer) a member of a team on this server".into(),
    ))
}

/// The rate limit on requests that try a code (setup codes, invites).
fn limit<S>(app: &App<S>, headers: &HeaderMap, peer: SocketAddr) -> Result<(), Fail> {
    if app
        .limits
        .joins
        .hit(client(peer.ip(), headers, app.proxy.as_ref()))
    {
        Ok(())
    } else {
        Err(too_many())
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
    headers: HeaderMap,
    Json(req): Json<CreateTeam>,
) -> Answer<Registered> {
    limit(&app, &headers, ip)?;
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
    if c.role != MemberRole::Coordinator {
        return Err(forbidden("only a coordinator can invite"));
    }
    let id = b64(&req.invite_id, 32, "invite_id")?;
    let now = rules::now();
    if req.expires_at <= now || req.expires_at > now + rules::INVITE_DAYS_MAX * 86_400 + 60 {
        return Err(bad("expires_at", "an invite is valid for at most 7 days"));
    }
    if req.bundle.len() > BUNDLE_MAX {
        return Err(bad("too_large", "the invite is too large"));
    }
    let invite = InviteRow {
        id_hash: rules::hash(&id),
        role: req.role,
        cases: req.cases,
        expires_at: req.expires_at,
        bundle: req.bundle,
    };
    app.store.add_invite(c.team, invite, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn join<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<Join>,
) -> Answer<Joined> {
    limit(&app, &headers, ip)?;
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
        join: Some(feltbog_wire::JoinInfo {
            invite_hash: base64::engine::general_purpose::STANDARD.encode(&invite_hash),
            sealed: req.sealed,
        }),
    };
    let plan = app.store.join(invite_hash, device, rules::now()).await?;
    Ok(Json(Joined {
        token,
        team: plan.team,
        role: plan.role,
        cases: plan.cases,
        bundle: plan.bundle,
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

fn no_device() -> Fail {
    Fail(
        StatusCode::NOT_FOUND,
        "no_device",
        "no such device in the team".into(),
    )
}

/// A coordinator's device has checked a joined device's proof: from now on
/// the server gives it the role and case access its invite named.
async fn admit<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(device): Path<String>,
) -> Result<StatusCode, Fail> {
    let c = caller(&app, &headers, ip).await?;
    if c.role != MemberRole::Coordinator {
        return Err(forbidden("only a coordinator can admit a member"));
    }
    if app.store.admit(c.team, device).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_device())
    }
}

async fn revoke<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(device): Path<String>,
) -> Result<StatusCode, Fail> {
    let c = caller(&app, &headers, ip).await?;
    if c.role != MemberRole::Coordinator {
        return Err(forbidden("only a coordinator can remove a member"));
    }
    if app.store.revoke(c.team, device).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_device())
    }
}

/// A coordinator's new key grants: each signed by the caller's own device
/// (checked here too, so a stolen coordinator token cannot store grants
/// without the device's key), stored all or none, never replacing one.
async fn put_grants<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<Grants>,
) -> Result<StatusCode, Fail> {
    let c = caller(&app, &headers, ip).await?;
    if c.role != MemberRole::Coordinator {
        return Err(forbidden("only a coordinator can grant keys"));
    }
    if req.grants.len() > 10_000 {
        return Err(bad("too_large", "too many grants at once"));
    }
    let (team, sign_key, device) = (c.team.clone(), c.sign_key.clone(), c.device.clone());
    let grants = req.grants;
    let checked = tokio::task::spawn_blocking(move || {
        for g in &grants {
            if g.granter != device {
                return Err(forbidden(
                    "a grant must be signed by the device that sends it",
                ));
            }
            if g.sealed.len() > SEALED_KEY_MAX {
                return Err(bad("too_large", "a sealed key is too large"));
            }
            if !signed_by(
                &sign_key,
                &feltbog_wire::grant_signed_bytes(&team, g),
                &g.signature,
            )? {
                return Err(bad("bad_signature", "a grant is not signed by this device"));
            }
        }
        Ok(grants)
    })
    .await
    .map_err(|e| Fail::from(StoreError::Db(e.to_string())))??;
    app.store.put_grants(c.team, checked).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The grants to the caller, in the scopes it may read.
async fn grants_for<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Answer<Grants> {
    let c = caller(&app, &headers, ip).await?;
    let grants: Vec<Grant> = app
        .store
        .grants_for(c.team.clone(), c.device.clone(), scopes(&c))
        .await?;
    Ok(Json(Grants { grants }))
}

/// Whether `sig` is `key`'s Ed25519 signature of `msg`.
fn signed_by(key: &str, msg: &[u8], sig: &str) -> Result<bool, Fail> {
    Ok(match verifying_key(key)? {
        Some(k) => signed_with(&k, msg, sig)?,
        None => false,
    })
}

/// A registered signing key, decompressed (a third of what checking one
/// signature costs, so a push does it once); `None` if it is no point on
/// the curve, whose signatures then all fail.
fn verifying_key(key: &str) -> Result<Option<VerifyingKey>, Fail> {
    let key: [u8; 32] = b64(key, 32, "sign_key")?
        .try_into()
        .map_err(|_| bad("bad_key", "sign_key"))?;
    Ok(VerifyingKey::from_bytes(&key).ok())
}

/// Whether `sig` is `key`'s Ed25519 signature of `msg`, checked strictly.
fn signed_with(key: &VerifyingKey, msg: &[u8], sig: &str) -> Result<bool, Fail> {
    Ok(key.verify_strict(msg, &signature(sig)?).is_ok())
}

/// A signature as sent: 64 bytes in base64.
fn signature(sig: &str) -> Result<Signature, Fail> {
    let sig: [u8; 64] = b64(sig, 64, "signature")?
        .try_into()
        .map_err(|_| bad("bad_signature", "signature"))?;
    Ok(Signature::from_bytes(&sig))
}

async fn push<S: Storage>(
    State(app): State<Arc<App<S>>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<Push>,
) -> Answer<Heads> {
    let c = caller(&app, &headers, ip).await?;
    // Checking signatures is CPU work: off the async workers.
    let who = c.clone();
    let entries = tokio::task::spawn_blocking(move || {
        push_check::check(&who, &req.entries).map(|()| req.entries)
    })
    .await
    .map_err(|e| Fail::from(StoreError::Db(e.to_string())))??;
    app.store.push(c.team.clone(), entries, app.quota).await?;
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
    let logs = req.cursors.values().map(|c| c.len()).sum::<usize>() + req.hold.len();
    if logs > LOGS_MAX {
        return Err(bad("too_large", "a pull names too many logs"));
    }
    let req = PullRequest {
        scopes: scopes(&c),
        cursors: req.cursors,
        hold: req.hold,
        limit: req.limit,
    };
    Ok(Json(app.store.pull(c.team, req).await?))
}
