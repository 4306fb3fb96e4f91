//! An invite's bundle: what a joining device needs from the coordinator,
//! sealed under the key derived from the invite code (the server stores it
//! and cannot open it).

use super::crypto::{b64, invite_secret, unb64, EpochKey, InviteSecret};
use super::Scope;
use crate::{Error, Result};
use feltbog_api::team::MemberRole;
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// What the joining device learns.
#[derive(Serialize, Deserialize)]
pub struct Bundle {
    pub team: String,
    pub name: String,
    #[serde(rename = "coordinator", with = "coordinator_flag")]
    pub role: MemberRole,
    pub cases: bool,
    /// (scope, epoch, key): the current epoch keys of the scopes granted.
    pub keys: Vec<(String, u32, String)>,
    /// The member list as the inviting coordinator holds it, removed
    /// members with the last entries the team accepts from them, so the new
    /// device can check every entry from its first sync (a server that
    /// hides a removal from it cannot make the removed member active there).
    pub members: Vec<BundleMember>,
    /// Whether the team's logs may hold places emptied before entries
    /// carried their version (a team from Feltbog 0.1.0). A bundle without
    /// it comes from a coordinator's program from before it: yes.
    #[serde(default = "yes")]
    pub v1_entries: bool,
    /// Where the inviting coordinator first met an entry of version 2 in
    /// each log: `(scope, device, seq)`. No place from there on is of
    /// version 1.
    #[serde(default)]
    pub v2_marks: Vec<(String, String, i64)>,
}

fn yes() -> bool {
    true
}

/// The role as the invite format has always carried it,
/// `"coordinator": true` or `false`, so invites made by an earlier Feltbog
/// still open.
mod coordinator_flag {
    use feltbog_api::team::MemberRole;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(r: &MemberRole, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*r == MemberRole::Coordinator)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<MemberRole, D::Error> {
        Ok(MemberRole::of(bool::deserialize(d)?))
    }
}

#[derive(Serialize, Deserialize)]
pub struct BundleMember {
    pub device: String,
    pub name: String,
    #[serde(rename = "coordinator", with = "coordinator_flag")]
    pub role: MemberRole,
    pub cases: bool,
    pub sign_key: String,
    pub box_key: String,
    #[serde(default = "yes")]
    pub active: bool,
    /// Removed: the last seq of each scope the team accepts from it.
    #[serde(default)]
    pub until: Option<std::collections::BTreeMap<String, i64>>,
}

/// What a joining device seals for the coordinator under the invite key:
/// its keys as registered, and its member's name.
#[derive(Serialize, Deserialize)]
pub struct Proof {
    pub device: String,
    pub sign_key: String,
    pub box_key: String,
    pub name: String,
}

impl Bundle {
    pub fn epoch_keys(&self) -> Result<Vec<(Scope, u32, EpochKey)>> {
        self.keys
            .iter()
            .map(|(s, e, k)| {
                let scope = Scope::parse(s).ok_or_else(|| bad("unknown scope"))?;
                let key = Zeroizing::new(unb64(k, "key")?);
                Ok((scope, *e, EpochKey::from_slice(&key)?))
            })
            .collect()
    }
}

fn bad(what: &str) -> Error {
    Error::Corrupt(format!("invite: {what}"))
}

const AAD: &[u8] = b"feltbog-invite-v1";
const PROOF_AAD: &[u8] = b"feltbog-join-proof-v1";

/// A fresh invite code and what it derives.
pub fn new_code() -> (String, InviteSecret) {
    let mut bytes = Zeroizing::new([0u8; feltbog_wire::code::CODE_BYTES]);
    OsRng.fill_bytes(bytes.as_mut());
    (
        feltbog_wire::code::encode(&bytes),
        invite_secret(bytes.as_ref()),
    )
}

/// What a typed code derives, or a field error naming the code.
pub fn read_code(typed: &str) -> Result<InviteSecret> {
    let bytes = Zeroizing::new(feltbog_wire::code::decode(typed).ok_or_else(|| {
        Error::invalid(
            "code",
            feltbog_api::Problem::NotAllowed,
            "the code is mistyped: check every character (its last one is a check)",
        )
    })?);
    Ok(invite_secret(bytes.as_ref()))
}

fn seal_as<T: Serialize>(value: &T, key: &EpochKey, aad: &[u8]) -> Result<String> {
    let json = Zeroizing::new(serde_json::to_vec(value).map_err(|e| bad(&e.to_string()))?);
    let (nonce, ct) = key.seal(&json, aad)?;
    Ok(format!("{nonce}.{ct}"))
}

fn open_as<T: serde::de::DeserializeOwned>(sealed: &str, key: &EpochKey, aad: &[u8]) -> Result<T> {
    let (nonce, ct) = sealed.split_once('.').ok_or_else(|| bad("malformed"))?;
    let plain = key.open(nonce, ct, aad)?;
    serde_json::from_slice(&plain).map_err(|_| bad("cannot be read"))
}

pub fn seal(bundle: &Bundle, key: &EpochKey) -> Result<String> {
    seal_as(bundle, key, AAD)
}

pub fn open(sealed: &str, key: &EpochKey) -> Result<Bundle> {
    open_as(sealed, key, AAD)
}

pub fn seal_proof(proof: &Proof, key: &EpochKey) -> Result<String> {
    seal_as(proof, key, PROOF_AAD)
}

pub fn open_proof(sealed: &str, key: &EpochKey) -> Result<Proof> {
    open_as(sealed, key, PROOF_AAD)
}

/// The invite's id as the server reports it: base64 of its SHA-256.
pub fn id_hash(id: &str) -> Result<String> {
    use sha2::{Digest, Sha256};
    Ok(b64(&Sha256::digest(unb64(id, "invite id")?)))
}

pub fn key_text(k: &EpochKey) -> String {
    b64(k.bytes())
}
