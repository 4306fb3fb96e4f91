//! The sync server's HTTP API (docs/SYNC.md, "The server"): what crosses the
//! network between a device and the server, shared by both sides.
//!
//! Everything here is what the server may see: ids of teams and devices,
//! public keys, hashes, sequence numbers, record *tags* (keyed hashes of
//! record ids) and ciphertext. Record content, record ids and passphrases
//! never appear in these types. Binary values are base64 (standard, padded)
//! strings.
#![forbid(unsafe_code)]

pub mod code;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The path prefix of this version of the API.
pub const PREFIX: &str = "/v1";

/// A device's public keys, as it registers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKeys {
    /// The device id (a UUID).
    pub device: String,
    /// Ed25519: verifies what the device signs.
    pub sign_key: String,
    /// X25519: epoch keys are sealed to it.
    pub box_key: String,
}

/// A member's role in the team: the app's own type, whose words
/// ("coordinator", "consultant") are what the server stores and sends.
pub use feltbog_api::team::MemberRole;

/// `POST /v1/teams`: the first coordinator creates a team with a one-time
/// setup code from the server's operator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateTeam {
    pub setup_code: String,
    /// A new random UUID: the server learns no name.
    pub team: String,
    pub keys: DeviceKeys,
}

/// What registering a device gives it: the bearer token for every later
/// request. The server keeps only its hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Registered {
    pub token: String,
}

/// `POST /v1/invites` (coordinators): a single-use invite. `invite_id` is
/// derived from the code; `bundle` is sealed under a key derived from the
/// code too, which the server never sees.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewInvite {
    pub invite_id: String,
    pub role: MemberRole,
    pub cases: bool,
    /// Unix seconds.
    pub expires_at: i64,
    pub bundle: String,
}

/// `POST /v1/join`: a new device proves the invite id and registers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Join {
    pub invite_id: String,
    pub keys: DeviceKeys,
    /// The device's keys and its member's name, sealed under the invite's
    /// key: the coordinator's device opens it, checks the keys match the
    /// registered ones and only then puts the device on the signed member
    /// list. The server cannot make one, so it cannot add a device.
    pub sealed: String,
}

/// How a device joined: the hash of the invite it used, and what it sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinInfo {
    pub invite_hash: String,
    pub sealed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Joined {
    pub token: String,
    pub team: String,
    pub role: MemberRole,
    pub cases: bool,
    pub bundle: String,
}

/// One entry of a device's log (docs/SYNC.md, "Entries").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The payload format the writer used. Signed and bound into the
    /// ciphertext's associated data, so a reader opens each entry as its
    /// writer sealed it. Entries from before it was on the wire are 1.
    #[serde(default = "first_version")]
    pub v: u16,
    /// `team` or `cases`.
    pub scope: String,
    pub device: String,
    pub seq: i64,
    pub epoch: u32,
    /// A keyed hash of the record id under the epoch's tag key.
    pub tag: String,
    pub nonce: String,
    pub ciphertext: String,
    /// Ed25519 over every other field (see the client's `crypto.rs`).
    pub signature: String,
    /// A tombstone names the record's tags under every epoch: the server
    /// deletes the record's entries. Empty for other entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kills: Vec<String>,
}

fn first_version() -> u16 {
    1
}

/// `POST /v1/push`: entries of the caller's own logs, in seq order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Push {
    pub entries: Vec<Entry>,
}

/// How far the server holds each of the caller's logs, by scope, and the
/// signature of the entry at each head (absent where the server deleted
/// it with its record): a device compares it with what it sent there, so a
/// copied profile or a server that rolled its log back cannot pass for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heads {
    pub heads: BTreeMap<String, i64>,
    #[serde(default)]
    pub tops: BTreeMap<String, String>,
}

/// `POST /v1/pull`: entries after the cursors, by scope then device.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Pull {
    pub cursors: BTreeMap<String, BTreeMap<String, i64>>,
    pub limit: u32,
    /// Logs to leave out of this page, `(scope, device)`: ones the device
    /// cannot apply yet (a member not admitted yet, an entry waiting for a
    /// key), so they do not fill every page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hold: Vec<(String, String)>,
}

/// One place in a log: the entry, or `None` where the server deleted it
/// (its record was deleted). The place still counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub scope: String,
    pub device: String,
    pub seq: i64,
    pub entry: Option<Entry>,
    /// For an emptied place: what is left of the entry there, its signed
    /// header. A device checks the writer's signature over it and accepts
    /// the empty place only where a deletion it checked killed its tag, so
    /// a server can neither drop an entry and call it deleted, nor claim
    /// another entry's tag for the place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emptied: Option<Emptied>,
}

/// The signed header of an entry whose content the server deleted with its
/// record: everything the signature covers but the ciphertext, which it
/// covers through `ciphertext_hash` (entries of payload version 2 on). For
/// an entry of version 1 the signature covered the ciphertext itself:
/// only the tag is left, unchecked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Emptied {
    pub v: u16,
    pub epoch: u32,
    pub tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// SHA-256 of the ciphertext, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphertext_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Pulled {
    pub slots: Vec<Slot>,
    /// More entries wait past `limit`.
    pub more: bool,
}

/// A device of the team, as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub keys: DeviceKeys,
    pub role: MemberRole,
    pub cases: bool,
    /// Unix seconds.
    pub last_seen: i64,
    pub revoked: bool,
    /// `None` for the team's first device.
    pub join: Option<JoinInfo>,
    /// The epochs of each scope the server holds a key grant for, to this
    /// device: a coordinator's device grants what is missing.
    #[serde(default)]
    pub grants: BTreeMap<String, Vec<u32>>,
    /// The last seq of each of the device's logs (what a coordinator
    /// records when it removes the device: nothing later is accepted).
    #[serde(default)]
    pub heads: BTreeMap<String, i64>,
    /// A coordinator's device has admitted it (`POST /v1/devices/{id}/admit`):
    /// until then the server treats it as a consultant without case
    /// access, whatever its invite said.
    #[serde(default)]
    pub admitted: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Devices {
    pub devices: Vec<DeviceInfo>,
}

/// An epoch key granted to one device (docs/SYNC.md, "Key grants"):
/// sealed to the device's box key, signed by the coordinator's device that
/// grants it. A sealed box alone proves nothing (anyone who knows a public
/// key can make one): a device takes a key only with the signature of an
/// active coordinator on its own member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub scope: String,
    pub epoch: u32,
    /// The public id of the key (`EpochKey::id`, an HKDF of it): the server
    /// keeps one key per epoch of a scope, so two coordinators who moved to
    /// the same epoch at once cannot leave the team with two keys for it.
    pub key_id: String,
    /// The device the key is for.
    pub device: String,
    /// The coordinator's device that granted it.
    pub granter: String,
    /// A sealed box to `device`'s box key; its plaintext names team,
    /// scope, epoch and recipient again, with the key.
    pub sealed: String,
    /// Ed25519 by `granter` over [`grant_signed_bytes`].
    pub signature: String,
}

/// `GET /v1/keys` (the caller's grants) and `POST /v1/keys` (a
/// coordinator's new grants: all stored, or none).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Grants {
    pub grants: Vec<Grant>,
}

/// Every error answer: a stable code for programs, a sentence for people.
/// Never quotes what the client sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: String,
    pub message: String,
}

/// The bytes an entry's signature covers: every field but the signature,
/// under the team id, each one delimited, so no two entries share them.
/// Entries of payload version 1 were signed over the ciphertext itself and
/// without the version; later ones over the SHA-256 of the ciphertext (so
/// the header left when the server deletes the content still checks) and
/// with the version, under another label, so neither passes for the other.
pub fn signed_bytes(team: &str, e: &Entry) -> Vec<u8> {
    let hash = (e.v != 1).then(|| ciphertext_hash(&e.ciphertext));
    let body = match &hash {
        Some(h) => Body::Hash(h),
        None => Body::Ciphertext(&e.ciphertext),
    };
    header_bytes(
        team, &e.scope, &e.device, e.seq, e.v, e.epoch, &e.tag, &e.nonce, body, &e.kills,
    )
}

/// The bytes the signature of an emptied place's entry covered (version 2
/// on); `None` where they cannot be known (version 1, or a part missing).
pub fn emptied_signed_bytes(team: &str, slot: &Slot) -> Option<Vec<u8>> {
    let h = slot.emptied.as_ref()?;
    if h.v == 1 {
        return None;
    }
    let hash = h.ciphertext_hash.as_deref()?;
    Some(header_bytes(
        team,
        &slot.scope,
        &slot.device,
        slot.seq,
        h.v,
        h.epoch,
        &h.tag,
        h.nonce.as_deref()?,
        Body::Hash(hash),
        &[],
    ))
}

/// SHA-256 of an entry's ciphertext (as sent: base64 text), base64.
pub fn ciphertext_hash(ciphertext: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(ciphertext.as_bytes()))
}

enum Body<'a> {
    Ciphertext(&'a str),
    Hash(&'a str),
}

#[allow(clippy::too_many_arguments)] // the signed fields, each named
fn header_bytes(
    team: &str,
    scope: &str,
    device: &str,
    seq: i64,
    v: u16,
    epoch: u32,
    tag: &str,
    nonce: &str,
    body: Body<'_>,
    kills: &[String],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    let body = match body {
        Body::Ciphertext(ct) => {
            out.extend_from_slice(b"feltbog-entry-v1\0");
            ct
        }
        Body::Hash(h) => {
            out.extend_from_slice(b"feltbog-entry-v2\0");
            out.extend_from_slice(&v.to_be_bytes());
            h
        }
    };
    for part in [team, scope, device] {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&epoch.to_be_bytes());
    for part in [tag, nonce, body] {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    for k in kills {
        out.extend_from_slice(k.as_bytes());
        out.push(b',');
    }
    out
}

/// The bytes a key grant's signature covers: team, scope, epoch, key id,
/// recipient, granter and the sealed box, each delimited.
pub fn grant_signed_bytes(team: &str, g: &Grant) -> Vec<u8> {
    let mut out = Vec::with_capacity(g.sealed.len() + 200);
    out.extend_from_slice(b"feltbog-grant-v1\0");
    for part in [team, &g.scope] {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    out.extend_from_slice(&g.epoch.to_be_bytes());
    for part in [&g.key_id, &g.device, &g.granter, &g.sealed] {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The role's words are what servers store and devices send: the type
    /// is the app's, and this holds the wire to them.
    #[test]
    fn the_roles_are_the_same_words_on_the_wire() {
        for (role, word) in [
            (MemberRole::Coordinator, "\"coordinator\""),
            (MemberRole::Consultant, "\"consultant\""),
        ] {
            assert_eq!(serde_json::to_string(&role).unwrap(), word);
            assert_eq!(serde_json::from_str::<MemberRole>(word).unwrap(), role);
        }
    }

    fn entry(v: u16) -> Entry {
        Entry {
            v,
            scope: "team".into(),
            device: "d".into(),
            seq: 1,
            epoch: 1,
            tag: "t".into(),
            nonce: "n".into(),
            ciphertext: "c".into(),
            signature: String::new(),
            kills: vec![],
        }
    }

    #[test]
    fn an_emptied_places_header_signs_the_same_bytes_as_its_entry() {
        let e = Entry {
            ciphertext: "c2VjcmV0".into(),
            ..entry(2)
        };
        let slot = Slot {
            scope: e.scope.clone(),
            device: e.device.clone(),
            seq: e.seq,
            entry: None,
            emptied: Some(Emptied {
                v: 2,
                epoch: e.epoch,
                tag: e.tag.clone(),
                nonce: Some(e.nonce.clone()),
                ciphertext_hash: Some(ciphertext_hash(&e.ciphertext)),
                signature: None,
            }),
        };
        assert_eq!(
            emptied_signed_bytes("x", &slot),
            Some(signed_bytes("x", &e))
        );
        let mut other = slot.clone();
        if let Some(h) = other.emptied.as_mut() {
            h.tag = "another record".into();
        }
        assert_ne!(
            emptied_signed_bytes("x", &other),
            Some(signed_bytes("x", &e))
        );
    }

    #[test]
    fn an_entry_of_another_version_signs_other_bytes() {
        assert_ne!(signed_bytes("x", &entry(1)), signed_bytes("x", &entry(2)));
        assert!(signed_bytes("x", &entry(1)).starts_with(b"feltbog-entry-v1\0x\0"));
    }

    #[test]
    fn an_entry_from_before_the_version_was_sent_reads_as_version_1() {
        let json = r#"{"scope":"team","device":"d","seq":1,"epoch":1,"tag":"t",
            "nonce":"n","ciphertext":"c","signature":"s"}"#;
        let e: Entry = serde_json::from_str(json).expect("an old entry reads");
        assert_eq!(e.v, 1);
    }
}
