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

pub fn seal(bundle: &Bundle, key: &EpochKey) -> Result<String> {
    let json = Zeroizing::new(serde_json::to_vec(bundle).map_err(|e| bad(&e.to_string()))?);
    let (nonce, ct) = key.seal(&json, AAD)?;
    Ok(format!("{nonce}.{ct}"))
}

pub fn open(sealed: &str, key: &EpochKey) -> Result<Bundle> {
    let (nonce, ct) = sealed.split_once('.').ok_or_else(|| bad("malformed"))?;
    let plain = key.open(nonce, ct, AAD)?;
    serde_json::from_slice(&plain).map_err(|_| bad("cannot be read"))
}

pub fn key_text(k: &EpochKey) -> String {
    b64(k.bytes())
}
