//! Key grants (docs/SYNC.md, "Key grants"): how an epoch key reaches a
//! device so that no one but an active coordinator can hand one out.
//!
//! A sealed box to a device's public key is anonymous: anyone who knows
//! that key (the server lists every device's) can make one. So a grant is
//! the sealed key *and* the granting coordinator's Ed25519 signature over
//! team, scope, epoch, recipient, granter and the sealed bytes; and the
//! sealed plaintext names team, scope, epoch and recipient again, so a
//! box lifted from one grant into another opens to a plaintext that no
//! longer matches. A device takes a key only when the granter is an active
//! coordinator on its own member list, never on the server's word.

use super::crypto::{seal_to, DeviceSecrets, EpochKey};
use super::Scope;
use crate::Result;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::VerifyingKey;
use feltbog_wire as wire;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// What the sealed box holds.
#[derive(Serialize, Deserialize)]
struct Plain {
    team: String,
    scope: String,
    epoch: u32,
    device: String,
    key: String,
}

/// The device a key is granted to.
pub struct Recipient<'a> {
    pub device: &'a str,
    pub box_key: &'a str,
}

/// The coordinator's device that grants.
pub struct Granter<'a> {
    pub device: &'a str,
    pub secrets: &'a DeviceSecrets,
}

/// Grants `key` (`scope`, `epoch`) to one device.
pub fn make(
    team: &str,
    scope: Scope,
    epoch: u32,
    key: &EpochKey,
    to: &Recipient<'_>,
    by: &Granter<'_>,
) -> Result<wire::Grant> {
    let plain = Zeroizing::new(
        serde_json::to_vec(&Plain {
            team: team.to_string(),
            scope: scope.as_str().to_string(),
            epoch,
            device: to.device.to_string(),
            key: B64.encode(key.bytes()),
        })
        .map_err(|e| crate::Error::Corrupt(e.to_string()))?,
    );
    let mut g = wire::Grant {
        scope: scope.as_str().to_string(),
        epoch,
        key_id: key.id(),
        device: to.device.to_string(),
        granter: by.device.to_string(),
        sealed: seal_to(to.box_key, &plain)?,
        signature: String::new(),
    };
    g.signature = by.secrets.sign(&wire::grant_signed_bytes(team, &g));
    Ok(g)
}

/// Why a grant was refused. Never quotes the grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Addressed to another device, or for a scope this program does not know.
    NotForThisDevice,
    /// The granter is no active coordinator on this device's member list.
    UnknownGranter,
    BadSignature,
    /// The box does not open, or its plaintext names another team, scope,
    /// epoch or device than the grant, or its key has another id.
    Mismatch,
}

/// Checks a grant to this device (`me`) and opens it.
/// `coordinators`: the active coordinators on this device's member list.
pub fn open(
    team: &str,
    me: &str,
    secrets: &DeviceSecrets,
    g: &wire::Grant,
    coordinators: &BTreeMap<String, VerifyingKey>,
) -> std::result::Result<(Scope, u32, EpochKey), Refusal> {
    let scope = Scope::parse(&g.scope).ok_or(Refusal::NotForThisDevice)?;
    if g.device != me {
        return Err(Refusal::NotForThisDevice);
    }
    let key = coordinators
        .get(&g.granter)
        .ok_or(Refusal::UnknownGranter)?;
    if !super::crypto::verify_with(key, &wire::grant_signed_bytes(team, g), &g.signature) {
        return Err(Refusal::BadSignature);
    }
    let plain = secrets.unseal(&g.sealed).map_err(|_| Refusal::Mismatch)?;
    let p: Plain = serde_json::from_slice(&plain).map_err(|_| Refusal::Mismatch)?;
    if p.team != team || p.scope != g.scope || p.epoch != g.epoch || p.device != me {
        return Err(Refusal::Mismatch);
    }
    let raw = Zeroizing::new(B64.decode(&p.key).map_err(|_| Refusal::Mismatch)?);
    let key = EpochKey::from_slice(&raw).map_err(|_| Refusal::Mismatch)?;
    if key.id() != g.key_id {
        return Err(Refusal::Mismatch);
    }
    Ok((scope, g.epoch, key))
}

#[cfg(test)]
#[path = "grant_tests.rs"]
mod tests;
