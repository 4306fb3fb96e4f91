//! The data key and how it is stored: never in the clear, only wrapped.
//!
//! A random 256-bit data key encrypts the database. It is wrapped
//! (XChaCha20-Poly1305) twice: under a key derived by Argon2id from the
//! passphrase, and under one derived from the recovery code. The derivation
//! parameters are stored beside each wrapped key, so they can be raised later
//! and tests can use cheap ones. Changing the passphrase rewraps the data key;
//! the database is never re-encrypted.

use crate::{Error, Result};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

/// The key that encrypts the database. Zeroed when dropped.
pub struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    pub fn generate() -> Self {
        let mut k = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(k.as_mut());
        Self(k)
    }

    /// A fixed key, only for tests with frozen database files.
    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The SQLCipher raw-key literal, `x'…'`. Zeroed when dropped.
    pub fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0.as_ref())))
    }

    /// A second copy, for a second connection to the same database. Also
    /// zeroed when dropped.
    pub(crate) fn duplicate(&self) -> Self {
        Self(Zeroizing::new(*self.0))
    }

    fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Argon2id parameters, stored beside each wrapped key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    /// Tuned so one derivation takes about half a second on a 2-core
    /// laptop (measured: 0.51 s here; `cargo xtask bench` prints it): every
    /// guess at a stolen key file costs an attacker that much time and
    /// 256 MiB of memory, which is what makes graphics cards slow at it.
    /// Well above OWASP's Argon2id minimum (46 MiB, one pass). A passphrase
    /// change raises an older file's settings to these.
    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 262_144,
        t: 2,
        p: 1,
    };

    /// Only for tests: fast, and worthless against an attacker. Compiled
    /// only into test builds (feature `test-support`), and the only setting
    /// below the floor that such a build accepts.
    #[cfg(any(test, feature = "test-support"))]
    pub const INSECURE_FOR_TESTS: KdfParams = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };
}

impl KdfParams {
    /// Whether a key file's settings may be used. They are not trusted:
    /// below the floor (OWASP's weakest Argon2id choices: 19 MiB and two
    /// passes, or 46 MiB and one) a new passphrase would be cheap to
    /// attack; above the ceiling (1 GiB, 10 passes, 4 lanes) the derivation
    /// would exhaust the machine. Either way the file is damaged, or was
    /// tampered with.
    pub fn check(self) -> Result<()> {
        #[cfg(any(test, feature = "test-support"))]
        if self == Self::INSECURE_FOR_TESTS {
            return Ok(());
        }
        let floor = (self.m_kib >= 19_456 && self.t >= 2) || (self.m_kib >= 47_104 && self.t >= 1);
        let ceiling = self.m_kib <= 1_048_576 && self.t <= 10 && (1..=4).contains(&self.p);
        if floor && ceiling {
            Ok(())
        } else {
            Err(Error::Corrupt(format!(
                "keys.json is damaged: its key-derivation settings (m={} KiB, t={}, p={}) are \
                 outside what Feltbog accepts; the recovery code may still open the profile",
                self.m_kib, self.t, self.p
            )))
        }
    }
}

/// One wrapped copy of the data key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    pub kdf: KdfParams,
    #[serde(with = "hex::serde")]
    pub salt: Vec<u8>,
    #[serde(with = "hex::serde")]
    pub nonce: Vec<u8>,
    #[serde(with = "hex::serde")]
    pub ciphertext: Vec<u8>,
}

/// Which secret a wrapped key is under; bound into the AEAD so one slot's
/// ciphertext cannot be swapped for another's.
#[derive(Debug, Clone, Copy)]
pub enum Slot {
    Passphrase,
    Recovery,
}

impl Slot {
    fn aad(self) -> &'static [u8] {
        match self {
            Slot::Passphrase => b"feltbog/data-key/v1/passphrase",
            Slot::Recovery => b"feltbog/data-key/v1/recovery",
        }
    }
}

fn derive(secret: &[u8], salt: &[u8], kdf: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    kdf.check()?;
    let params = Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32))
        .map_err(|e| Error::Corrupt(format!("key derivation parameters: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret, salt, out.as_mut())
        .map_err(|e| Error::Corrupt(format!("key derivation: {e}")))?;
    Ok(out)
}

/// Wraps the data key under `secret`.
pub fn wrap(key: &DataKey, secret: &[u8], slot: Slot, kdf: KdfParams) -> Result<WrappedKey> {
    let mut salt = vec![0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let mut nonce = vec![0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let kek = derive(secret, &salt, kdf)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let payload = Payload {
        msg: key.bytes(),
        aad: slot.aad(),
    };
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), payload)
        .map_err(|_| Error::Corrupt("could not wrap the data key".into()))?;
    Ok(WrappedKey {
        kdf,
        salt,
        nonce,
        ciphertext,
    })
}

/// Unwraps the data key; a wrong secret fails the AEAD tag and gives
/// [`Error::WrongPassphrase`] without touching the database.
pub fn unwrap(wrapped: &WrappedKey, secret: &[u8], slot: Slot) -> Result<DataKey> {
    if wrapped.nonce.len() != 24 {
        return Err(Error::Corrupt("key file: bad nonce length".into()));
    }
    let kek = derive(secret, &wrapped.salt, wrapped.kdf)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let payload = Payload {
        msg: &wrapped.ciphertext,
        aad: slot.aad(),
    };
    let mut plain = cipher
        .decrypt(XNonce::from_slice(&wrapped.nonce), payload)
        .map_err(|_| Error::WrongPassphrase)?;
    let result = <[u8; 32]>::try_from(plain.as_slice())
        .map(|k| DataKey(Zeroizing::new(k)))
        .map_err(|_| Error::Corrupt("key file: bad key length".into()));
    plain.zeroize();
    result
}

/// Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or
/// copied by hand survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random bytes in a recovery code: 120 bits, 24 characters.
const RECOVERY_BYTES: usize = 15;

/// A new recovery code: 24 characters in six groups of four.
pub fn generate_recovery_code() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; RECOVERY_BYTES]);
    OsRng.fill_bytes(bytes.as_mut());
    let mut chars = Zeroizing::new(String::with_capacity(30));
    let (mut acc, mut bits, mut n) = (0u32, 0u32, 0usize);
    for b in bytes.iter() {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            let i = ((acc >> bits) & 31) as usize;
            if n > 0 && n % 4 == 0 {
                chars.push('-');
            }
            chars.push(char::from(ALPHABET[i]));
            n += 1;
        }
    }
    acc.zeroize();
    chars
}

/// The canonical form of a typed recovery code: upper case, no separators,
/// with the look-alikes Crockford allows (O→0, I/L→1). `None` if it cannot
/// be a code.
pub fn normalize_recovery_code(typed: &str) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(24));
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == RECOVERY_BYTES * 8 / 5).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams::INSECURE_FOR_TESTS;

    #[test]
    fn wraps_and_unwraps() {
        let key = DataKey::generate();
        let w = wrap(&key, b"en lang passphrase", Slot::Passphrase, FAST).unwrap();
        let back = unwrap(&w, b"en lang passphrase", Slot::Passphrase).unwrap();
        assert_eq!(back.bytes(), key.bytes());
    }

    #[test]
    fn wrong_secret_or_slot_is_refused() {
        let key = DataKey::generate();
        let w = wrap(&key, b"rigtig", Slot::Passphrase, FAST).unwrap();
        assert!(matches!(
            unwrap(&w, b"forkert", Slot::Passphrase),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(
            unwrap(&w, b"rigtig", Slot::Recovery),
            Err(Error::WrongPassphrase)
        ));
    }

    #[test]
    fn recovery_codes_are_grouped_and_normalize() {
        let code = generate_recovery_code();
        assert_eq!(code.len(), 29, "{}", code.as_str());
        assert_eq!(code.matches('-').count(), 5);
        let norm = normalize_recovery_code(&code.to_lowercase().replace('-', " ")).unwrap();
        assert_eq!(norm.as_str(), code.replace('-', ""));
        assert!(normalize_recovery_code("too short").is_none());
        assert!(normalize_recovery_code("ÆØÅÆ-ØÅÆØ-ÅÆØÅ-ÆØÅÆ-ØÅÆØ-ÅÆØÅ").is_none());
        assert_ne!(generate_recovery_code(), generate_recovery_code());
    }
}
