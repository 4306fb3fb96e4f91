//! The cryptography of team sync (docs/SYNC.md, "Parties and keys", "Entries").
//! Every primitive comes from a well-kept RustCrypto or dalek crate on the
//! same `rand_core` generation as the profile's own keys; nothing here is
//! hand-made, this module only says which primitive protects what:
//!
//! - a device signs each entry with its **Ed25519** key; the server and
//!   every device check the signature;
//! - an entry's payload is sealed with **XChaCha20-Poly1305** under a key
//!   derived (HKDF-SHA256) from its scope's epoch key, bound to everything
//!   the server sees of the entry;
//! - a record's **tag** is HMAC-SHA256 of its id under another key derived
//!   from the epoch key: the server can find a record's entries (to delete
//!   them) without learning the id;
//! - epoch keys reach a device sealed to its **X25519** key (`crypto_box`
//!   sealed boxes), or inside an invite, sealed under a key derived from
//!   the invite code, which the server never sees.

use crate::{Error, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload as Aad};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::Sha256;
use zeroize::Zeroizing;

fn bad(what: &str) -> Error {
    Error::Corrupt(format!("sync: {what}"))
}

pub fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

pub fn unb64(s: &str, what: &str) -> Result<Vec<u8>> {
    B64.decode(s).map_err(|_| bad(what))
}

fn array<const N: usize>(v: &[u8], what: &str) -> Result<[u8; N]> {
    v.try_into().map_err(|_| bad(what))
}

/// A device's secret keys. Kept only in the profile's encrypted database.
pub struct DeviceSecrets {
    sign: SigningKey,
    boxes: crypto_box::SecretKey,
}

impl DeviceSecrets {
    pub fn generate() -> Self {
        DeviceSecrets {
            sign: SigningKey::generate(&mut OsRng),
            boxes: crypto_box::SecretKey::generate(&mut OsRng),
        }
    }

    /// 64 bytes: the signing key, then the box key.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(64));
        out.extend_from_slice(&self.sign.to_bytes());
        out.extend_from_slice(&self.boxes.to_bytes());
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<Self> {
        if b.len() != 64 {
            return Err(bad("the device keys have the wrong length"));
        }
        let sign: Zeroizing<[u8; 32]> = Zeroizing::new(array(&b[..32], "device key")?);
        let boxes: Zeroizing<[u8; 32]> = Zeroizing::new(array(&b[32..], "device key")?);
        Ok(DeviceSecrets {
            sign: SigningKey::from_bytes(&sign),
            boxes: crypto_box::SecretKey::from(*boxes),
        })
    }

    pub fn public(&self, device: &str) -> feltbog_wire::DeviceKeys {
        feltbog_wire::DeviceKeys {
            device: device.to_string(),
            sign_key: b64(self.sign.verifying_key().as_bytes()),
            box_key: b64(self.boxes.public_key().as_bytes()),
        }
    }

    pub fn sign(&self, msg: &[u8]) -> String {
        b64(&self.sign.sign(msg).to_bytes())
    }

    /// Opens a sealed box made for this device.
    pub fn unseal(&self, sealed: &str) -> Result<Zeroizing<Vec<u8>>> {
        let bytes = unb64(sealed, "sealed box")?;
        Ok(Zeroizing::new(self.boxes.unseal(&bytes).map_err(|_| {
            bad("a sealed box does not open with this device's key")
        })?))
    }
}

/// Seals `plain` to a device's public box key (anonymous: the box says
/// nothing of who made it, which is why grants are signed too).
pub fn seal_to(box_key: &str, plain: &[u8]) -> Result<String> {
    let pk = crypto_box::PublicKey::from(array::<32>(&unb64(box_key, "box key")?, "box key")?);
    let sealed = pk
        .seal(&mut OsRng, plain)
        .map_err(|_| bad("sealing failed"))?;
    Ok(b64(&sealed))
}

/// A device's public signing key, read once (decompressing the curve
/// point is much of a verification's cost).
pub fn verifying_key(sign_key: &str) -> Option<VerifyingKey> {
    let k = array::<32>(&unb64(sign_key, "key").ok()?, "key").ok()?;
    VerifyingKey::from_bytes(&k).ok()
}

/// Whether `sig` is the signature of `msg` by `key`. Strict: weak keys and
/// signatures with small-order components are refused, so every device
/// decides alike on a signature a patched program crafted to pass one
/// check and fail another. (The server checks pushes in batches, which
/// may let such a signature through: every device then refuses it.)
pub fn verify_with(key: &VerifyingKey, msg: &[u8], sig: &str) -> bool {
    let Ok(s) = unb64(sig, "signature").and_then(|s| array::<64>(&s, "signature")) else {
        return false;
    };
    key.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&s))
        .is_ok()
}

/// 32 random bytes for one scope and epoch, with the two keys derived from
/// it (derived once: a first sync opens many thousands of entries).
#[derive(Clone)]
pub struct EpochKey {
    raw: Zeroizing<[u8; 32]>,
    entry: Zeroizing<[u8; 32]>,
    tag: Zeroizing<[u8; 32]>,
}

impl EpochKey {
    /// Whether `other` is the same key (in constant time).
    pub fn same_as(&self, other: &EpochKey) -> bool {
        use subtle::ConstantTimeEq;
        self.raw.as_ref().ct_eq(other.raw.as_ref()).into()
    }

    pub fn generate() -> Self {
        let mut k = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(k.as_mut());
        Self::from_raw(k)
    }

    fn from_raw(raw: Zeroizing<[u8; 32]>) -> Self {
        EpochKey {
            entry: derive(raw.as_ref(), b"feltbog entry v1"),
            tag: derive(raw.as_ref(), b"feltbog tag v1"),
            raw,
        }
    }

    pub fn from_slice(b: &[u8]) -> Result<Self> {
        Ok(Self::from_raw(Zeroizing::new(array(b, "epoch key")?)))
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.raw
    }

    /// A public name for this key: what a coordinator's epoch announcement
    /// says, so a device can tell that the key it holds for an epoch is the
    /// one the coordinator made (and not one a server planted).
    pub fn id(&self) -> String {
        b64(&derive(self.raw.as_ref(), b"feltbog key id v1")[..16])
    }

    /// The record's tag under this key: what the server sees instead of its id.
    pub fn tag(&self, record: &uuid::Uuid) -> String {
        // HMAC takes a key of any length: this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.tag.as_ref())
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(record.as_bytes());
        b64(&mac.finalize().into_bytes()[..16])
    }

    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<(String, String)> {
        let cipher = XChaCha20Poly1305::new(self.entry.as_ref().into());
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let ct = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Aad {
                    msg: plaintext,
                    aad,
                },
            )
            .map_err(|_| bad("encryption failed"))?;
        Ok((b64(&nonce), b64(&ct)))
    }

    pub fn open(&self, nonce: &str, ciphertext: &str, aad: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let cipher = XChaCha20Poly1305::new(self.entry.as_ref().into());
        let nonce = array::<24>(&unb64(nonce, "nonce")?, "nonce")?;
        let ct = unb64(ciphertext, "ciphertext")?;
        cipher
            .decrypt(XNonce::from_slice(&nonce), Aad { msg: &ct, aad })
            .map(Zeroizing::new)
            .map_err(|_| bad("an entry does not decrypt: wrong key or tampered"))
    }
}

fn derive(ikm: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    // 32 bytes is far below HKDF-SHA256's limit: this cannot fail.
    let _ = Hkdf::<Sha256>::new(None, ikm).expand(info, out.as_mut());
    out
}

/// What an invite code gives: the id the server sees, and the key that
/// seals the invite's bundle, which it never does.
pub struct InviteSecret {
    pub id: String,
    pub key: EpochKey,
}

pub fn invite_secret(code: &[u8]) -> InviteSecret {
    InviteSecret {
        id: b64(derive(code, b"feltbog invite id v1").as_ref()),
        key: EpochKey::from_raw(derive(code, b"feltbog invite key v1")),
    }
}

/// The associated data an entry's ciphertext is bound to: everything the
/// server sees of it, so it cannot move a ciphertext to another place, and
/// the payload version its writer used (`v`, from the entry).
pub fn entry_aad(
    team: &str,
    scope: &str,
    device: &str,
    seq: i64,
    epoch: u32,
    tag: &str,
    v: u16,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(200);
    out.extend_from_slice(b"feltbog-aad-v1\0");
    for part in [team, scope, device] {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&epoch.to_be_bytes());
    out.extend_from_slice(tag.as_bytes());
    out.push(0);
    out.extend_from_slice(&v.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_entry_opens_only_with_its_key_and_place() {
        let k = EpochKey::generate();
        let aad = entry_aad("team", "team", "dev", 1, 1, "tag", 2);
        let (n, ct) = k.seal(b"besog hos Egeby Skole", &aad).unwrap();
        assert_eq!(
            k.open(&n, &ct, &aad).unwrap().as_slice(),
            b"besog hos Egeby Skole"
        );
        let elsewhere = entry_aad("team", "team", "dev", 2, 1, "tag", 2);
        let other_version = entry_aad("team", "team", "dev", 1, 1, "tag", 1);
        assert!(k.open(&n, &ct, &other_version).is_err(), "another version");
        assert!(k.open(&n, &ct, &elsewhere).is_err(), "moved to another seq");
        assert!(
            EpochKey::generate().open(&n, &ct, &aad).is_err(),
            "another key"
        );
    }

    #[test]
    fn signatures_and_sealed_keys_work_between_devices() {
        let a = DeviceSecrets::generate();
        let b = DeviceSecrets::from_bytes(&DeviceSecrets::generate().to_bytes()).unwrap();
        let pa = a.public("a");
        let sig = a.sign(b"entry");
        let ka = verifying_key(&pa.sign_key).unwrap();
        let kb = verifying_key(&b.public("b").sign_key).unwrap();
        assert!(verify_with(&ka, b"entry", &sig));
        assert!(!verify_with(&ka, b"other", &sig));
        assert!(!verify_with(&kb, b"entry", &sig));
        let k = EpochKey::generate();
        let sealed = seal_to(&b.public("b").box_key, k.bytes()).unwrap();
        assert_eq!(b.unseal(&sealed).unwrap().as_slice(), k.bytes());
        assert!(a.unseal(&sealed).is_err());
        assert_ne!(k.id(), EpochKey::generate().id());
        assert_ne!(k.id(), b64(&k.bytes()[..16]));
    }

    #[test]
    fn tags_hide_the_id_and_differ_per_key() {
        let id = uuid::Uuid::now_v7();
        let k = EpochKey::generate();
        assert_eq!(k.tag(&id), k.tag(&id));
        assert_ne!(k.tag(&id), EpochKey::generate().tag(&id));
        assert!(!k.tag(&id).contains(&id.to_string()));
        let i = invite_secret(&[1; 16]);
        assert_ne!(i.id, b64(i.key.bytes()));
    }

    #[test]
    fn a_signature_that_holds_for_any_message_under_a_weak_key_is_refused() {
        // The identity point as the key, and as R with s = 0: the lax
        // check ([s]B = R + [k]A) holds for every message.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let key = VerifyingKey::from_bytes(&identity).unwrap();
        let mut sig = [0u8; 64];
        sig[0] = 1;
        let forged = ed25519_dalek::Signature::from_bytes(&sig);
        use ed25519_dalek::Verifier;
        assert!(
            key.verify(b"alt er i orden", &forged).is_ok(),
            "the lax check passes"
        );
        assert!(!verify_with(&key, b"alt er i orden", &b64(&sig)));
    }
}
