//! What the server stores, behind one trait with two implementations:
//! SQLite (embedded, one municipality) and PostgreSQL (a hosted service).
//!
//! Stored: teams (ids only), devices (public keys, the hash of their token,
//! role, case access, last seen), sealed epoch keys, invites (the hash of
//! their id and a bundle sealed under a key the server never sees), setup
//! codes (hashes) and entries (ciphertext, signatures, tags). Never a
//! record in clear, a record id, a name or a passphrase.

use crate::rules::JoinPlan;
use feltbog_wire::{DeviceInfo, DeviceKeys, Entry, Grant, Heads, JoinInfo, MemberRole, Pulled};
use std::collections::BTreeMap;
use std::future::Future;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The request is refused; `code` is stable, the message is for people.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    #[error("storage: {0}")]
    Db(String),
}

impl StoreError {
    pub fn refused(code: &'static str, message: impl Into<String>) -> Self {
        StoreError::Refused {
            code,
            message: message.into(),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        // The plain Display says only "db error"; the server's message
        // names the table or constraint (never a value we store).
        StoreError::Db(match e.as_db_error() {
            Some(d) => format!("{}: {}", d.code().code(), d.message()),
            None => e.to_string(),
        })
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The device a request's token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub team: String,
    pub device: String,
    pub sign_key: String,
    pub role: MemberRole,
    pub cases: bool,
}

/// A device registering with its token's hash. Its role and case access
/// are its invite's (the team's first device: coordinator, with cases).
#[derive(Debug, Clone)]
pub struct NewDevice {
    pub keys: DeviceKeys,
    pub token_hash: Vec<u8>,
    /// How it joined (base64 hash of the invite id, sealed proof).
    pub join: Option<JoinInfo>,
}

/// An invite as stored.
#[derive(Debug, Clone)]
pub struct InviteRow {
    pub id_hash: Vec<u8>,
    pub role: MemberRole,
    pub cases: bool,
    pub expires_at: i64,
    pub bundle: String,
}

pub trait Storage: Send + Sync + 'static {
    fn add_setup_code(
        &self,
        hash: Vec<u8>,
        expires_at: i64,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Uses up a setup code and creates the team with its first device
    /// (`rules::plan_create_team`).
    fn create_team(
        &self,
        setup_hash: Vec<u8>,
        team: String,
        first: NewDevice,
        now: i64,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The device holding this token (not revoked); notes it was seen
    /// when that was a minute ago or more ([`crate::rules::seen_again`]).
    fn caller(
        &self,
        token_hash: Vec<u8>,
        now: i64,
    ) -> impl Future<Output = Result<Option<Caller>>> + Send;

    /// Stores an invite; invites past their date go at the same time.
    fn add_invite(
        &self,
        team: String,
        invite: InviteRow,
        now: i64,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Uses up an invite (unexpired) and registers the device
    /// (`rules::plan_join`); the invite and its bundle are deleted.
    fn join(
        &self,
        invite_hash: Vec<u8>,
        device: NewDevice,
        now: i64,
    ) -> impl Future<Output = Result<JoinPlan>> + Send;

    /// The team's devices, with the epochs granted to each and their heads.
    fn devices(&self, team: String) -> impl Future<Output = Result<Vec<DeviceInfo>>> + Send;

    /// A coordinator's device has admitted `device`: from now on it has the
    /// role and case access its invite gave. `false` if no such device.
    fn admit(&self, team: String, device: String) -> impl Future<Output = Result<bool>> + Send;

    /// Revokes a device: its token stops working at once, and every invite
    /// of the team not used yet is deleted (an invite made before a
    /// removal must not hand out the keys from before it).
    fn revoke(&self, team: String, device: String) -> impl Future<Output = Result<bool>> + Send;

    /// Stores a coordinator's key grants: all, or none
    /// (`rules::plan_grants`).
    fn put_grants(
        &self,
        team: String,
        grants: Vec<Grant>,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The grants to `device` in the given scopes.
    fn grants_for(
        &self,
        team: String,
        device: String,
        scopes: Vec<String>,
    ) -> impl Future<Output = Result<Vec<Grant>>> + Send;

    /// Appends the caller's verified entries (`rules::plan_push`); a
    /// deletion empties the entries of the tags it kills.
    fn push(
        &self,
        team: String,
        entries: Vec<Entry>,
        quota: i64,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The last seq of each of a device's logs, with the signature there.
    fn heads(&self, team: String, device: String) -> impl Future<Output = Result<Heads>> + Send;

    /// Entries after the cursors in the given scopes, in seq order per log,
    /// leaving out the held logs; one page (`rules::Pager`).
    fn pull(&self, team: String, req: PullRequest) -> impl Future<Output = Result<Pulled>> + Send;
}

/// What one pull asks for, checked.
#[derive(Debug, Clone)]
pub struct PullRequest {
    pub scopes: Vec<String>,
    pub cursors: BTreeMap<String, BTreeMap<String, i64>>,
    pub hold: Vec<(String, String)>,
    pub limit: u32,
}

impl PullRequest {
    /// Where log `(scope, device)` is read from, or `None` to leave it out.
    pub fn after(&self, scope: &str, device: &str) -> Option<i64> {
        if !self.scopes.iter().any(|s| s == scope)
            || self.hold.iter().any(|(s, d)| s == scope && d == device)
        {
            return None;
        }
        Some(
            self.cursors
                .get(scope)
                .and_then(|c| c.get(device))
                .copied()
                .unwrap_or(0),
        )
    }
}

/// The caller as the server treats it: a device no coordinator's device
/// has admitted yet is a consultant without case access, whatever its
/// invite said (a leaked coordinator invite gives no power by itself).
pub fn effective(c: Caller, admitted: bool) -> Caller {
    if admitted {
        c
    } else {
        Caller {
            role: MemberRole::Consultant,
            cases: false,
            ..c
        }
    }
}

/// One place of a log as a pull answers it: the entry, or, where its
/// content was deleted, its signed header.
pub fn slot(
    scope: &str,
    device: &str,
    seq: i64,
    head: feltbog_wire::Emptied,
    ciphertext: Option<String>,
    kills: String,
) -> feltbog_wire::Slot {
    let (entry, emptied) = match ciphertext {
        Some(ciphertext) => (
            Some(Entry {
                v: head.v,
                scope: scope.to_string(),
                device: device.to_string(),
                seq,
                epoch: head.epoch,
                tag: head.tag,
                nonce: head.nonce.unwrap_or_default(),
                ciphertext,
                signature: head.signature.unwrap_or_default(),
                kills: kills
                    .split(',')
                    .filter(|k| !k.is_empty())
                    .map(String::from)
                    .collect(),
            }),
            None,
        ),
        None => (None, Some(head)),
    };
    feltbog_wire::Slot {
        scope: scope.to_string(),
        device: device.to_string(),
        seq,
        entry,
        emptied,
    }
}

/// How a device joined, from its two stored columns.
pub fn join_info(invite_hash: Option<String>, sealed: Option<String>) -> Option<JoinInfo> {
    Some(JoinInfo {
        invite_hash: invite_hash?,
        sealed: sealed?,
    })
}

/// A role stored as its word (`MemberRole::as_str`); anything else is a
/// damaged database.
pub fn parse_role(s: &str) -> Result<MemberRole> {
    MemberRole::ALL
        .iter()
        .copied()
        .find(|r| r.as_str() == s)
        .ok_or_else(|| StoreError::Db(format!("unknown role in storage: {s}")))
}

/// The storage layout this server writes. Layout 1 (Feltbog 0.1.0) is
/// upgraded at start; a newer one is refused rather than half-understood.
/// 2: key grants signed by coordinators replace the anonymous sealed keys;
/// used and expired invites are deleted; teams count their bytes.
pub const SCHEMA_VERSION: i64 = 2;

/// What to do with a database whose layout is `found`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A new database: create the current layout.
    Create,
    /// Upgrade from layout 1.
    UpgradeFrom1,
    Current,
}

pub fn layout(found: Option<i64>) -> Result<Layout> {
    match found {
        None => Ok(Layout::Create),
        Some(1) => Ok(Layout::UpgradeFrom1),
        Some(SCHEMA_VERSION) => Ok(Layout::Current),
        Some(v) => Err(StoreError::Db(format!(
            "the database has storage layout {v}; this feltbog-server knows up to \
             {SCHEMA_VERSION}: use the matching server version"
        ))),
    }
}
