//! An invite's bundle: what a joining device needs from the coordinator,
//! sealed under the key derived from the invite code (the server stores it
//! and cannot open it).

use super::crypto::{b64, invite_secret, unb64, EpochKey, InviteSecret};
use super::Scope;
use crate::{Error, Result};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// What the joining device learns.
#[derive(Serialize, Deserialize)]
pub struct Bundle {
    pub team: String,
    pub name: String,
    pub coordinator: bool,
    pub cases: bool,
    /// (scope, epoch, key): the current epoch keys of the scopes granted.
    pub keys: Vec<(String, u32, String)>,
    /// The member list as the inviting coordinator holds it, so the new
    /// device can check every entry from its first sync.
    pub members: Vec<BundleMember>,
}

#[derive(Serialize, Deserialize)]
pub struct BundleMember {
    pub device: String,
    pub name: String,
    pub coordinator: bool,
    pub cases: bool,
    pub sign_key: String,
    pub box_key: String,
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
