//! The server's rules, apart from any storage: what a push may append, how
//! long codes live, how secrets are hashed. Pure functions.

use feltbog_wire::Entry;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A setup code works for a day; an invite for seven (SYNC.md).
pub const SETUP_CODE_HOURS: i64 = 24;
pub const INVITE_DAYS_MAX: i64 = 7;

/// The most entries one pull answers with.
pub const PULL_LIMIT_MAX: u32 = 2000;

/// What to do with one pushed entry, given the log's last seq and the
/// entry already stored at that seq, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Append,
    /// The same entry again (a retried push): nothing to do.
    Repeat,
    /// A different entry at a taken seq: a copied profile writing as the
    /// same device. Refused; nothing is merged.
    Clash,
    /// A seq past `last + 1`: the log would have a gap.
    Gap,
}

pub fn decide(last: i64, stored_signature: Option<&str>, e: &Entry) -> Decision {
    if e.seq == last + 1 {
        return Decision::Append;
    }
    if e.seq <= last {
        // An entry the server deleted (its record is gone) has no signature
        // left: a retry of it is a repeat too.
        return match stored_signature {
            Some(s) if s != e.signature => Decision::Clash,
            _ => Decision::Repeat,
        };
    }
    Decision::Gap
}

/// Whether to append (`Ok(true)`), skip a repeat (`Ok(false)`), or refuse.
pub fn admit(decision: Decision, seq: i64, last: i64) -> Result<bool, crate::storage::StoreError> {
    use crate::storage::StoreError;
    match decision {
        Decision::Append => Ok(true),
        Decision::Repeat => Ok(false),
        Decision::Clash => Err(StoreError::refused(
            "seq_taken",
            format!(
                "entry {seq} of this device's log is already on the server with other content: \
                 was the profile copied? Nothing was merged"
            ),
        )),
        Decision::Gap => Err(StoreError::refused(
            "seq_gap",
            format!("entry {seq} would leave a gap after {last}"),
        )),
    }
}

/// SHA-256 of a secret (token, setup code, invite id): all the server keeps.
pub fn hash(secret: &[u8]) -> Vec<u8> {
    Sha256::digest(secret).to_vec()
}

/// 32 random bytes for a device token, base64url without padding.
pub fn new_token() -> String {
    use base64::Engine;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// A new setup code (shown once) and its hash.
pub fn new_setup_code() -> (String, Vec<u8>) {
    let mut b = [0u8; feltbog_wire::code::CODE_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut b);
    (feltbog_wire::code::encode(&b), hash(&b))
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64, sig: &str) -> Entry {
        Entry {
            scope: "team".into(),
            device: "d".into(),
            seq,
            epoch: 1,
            tag: "t".into(),
            nonce: "n".into(),
            ciphertext: "c".into(),
            signature: sig.into(),
            kills: vec![],
        }
    }

    #[test]
    fn a_log_takes_the_next_seq_only() {
        assert_eq!(decide(0, None, &entry(1, "a")), Decision::Append);
        assert_eq!(decide(3, Some("a"), &entry(3, "a")), Decision::Repeat);
        assert_eq!(decide(3, None, &entry(2, "a")), Decision::Repeat);
        assert_eq!(decide(3, Some("a"), &entry(3, "b")), Decision::Clash);
        assert_eq!(decide(3, None, &entry(5, "a")), Decision::Gap);
    }

    #[test]
    fn secrets_are_kept_as_hashes() {
        let (code, h) = new_setup_code();
        let bytes = feltbog_wire::code::decode(&code).expect("a code reads back");
        assert_eq!(hash(&bytes), h);
        assert_ne!(new_token(), new_token());
    }
}
