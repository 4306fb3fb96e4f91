//! What the server stores, behind one trait with two implementations:
//! SQLite (embedded, one municipality) and PostgreSQL (a hosted service).
//!
//! Stored: teams (ids only), devices (public keys, the hash of their token,
//! role, case access, last seen), sealed epoch keys, invites (the hash of
//! their id and a bundle sealed under a key the server never sees), setup
//! codes (hashes) and entries (ciphertext, signatures, tags). Never a
//! record in clear, a record id, a name or a passphrase.

use feltbog_wire::{DeviceInfo, DeviceKeys, Entry, Heads, JoinInfo, Pulled, Role, SealedKey};
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
    pub role: Role,
    pub cases: bool,
}

/// A device registering with its token's hash.
#[derive(Debug, Clone)]
pub struct NewDevice {
    pub keys: DeviceKeys,
    pub token_hash: Vec<u8>,
    pub role: Role,
    pub cases: bool,
    /// How it joined (base64 hash of the invite id, sealed proof).
    pub join: Option<JoinInfo>,
}

/// An invite as stored.
#[derive(Debug, Clone)]
pub struct InviteRow {
    pub id_hash: Vec<u8>,
    pub role: Role,
    pub cases: bool,
    pub expires_at: i64,
    pub bundle: String,
}

/// What joining gives: the team and the invite's grant.
#[derive(Debug, Clone)]
pub struct Grant {
    pub team: String,
    pub role: Role,
    pub cases: bool,
    pub bundle: String,
}

pub trait Storage: Send + Sync + 'static {
    fn add_setup_code(
        &self,
        hash: Vec<u8>,
        expires_at: i64,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Uses up a setup code and creates the team with its first device.
    fn create_team(
        &self,
        setup_hash: Vec<u8>,
        team: String,
        first: NewDevice,
        now: i64,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The device holding this token (not revoked); notes it was seen.
    fn caller(
        &self,
        token_hash: Vec<u8>,
        now: i64,
    ) -> impl Future<Output = Result<Option<Caller>>> + Send;

    fn add_invite(
        &self,
        team: String,
        invite: InviteRow,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Uses up an invite (unexpired, unused) and registers the device.
    fn join(
        &self,
        invite_hash: Vec<u8>,
        device: NewDevice,
        now: i64,
    ) -> impl Future<Output = Result<Grant>> + Send;

    fn devices(&self, team: String) -> impl Future<Output = Result<Vec<DeviceInfo>>> + Send;

    /// Revokes a device: its token stops working at once.
    fn revoke(&self, team: String, device: String) -> impl Future<Output = Result<bool>> + Send;

    fn put_sealed(
        &self,
        team: String,
        keys: Vec<SealedKey>,
    ) -> impl Future<Output = Result<()>> + Send;

    fn sealed_for(
        &self,
        team: String,
        device: String,
    ) -> impl Future<Output = Result<Vec<SealedKey>>> + Send;

    /// Appends the caller's verified entries by the rules in `rules::decide`;
    /// a tombstone deletes the entries of the tags it kills.
    fn push(&self, team: String, entries: Vec<Entry>) -> impl Future<Output = Result<()>> + Send;

    /// The last seq of each of a device's logs.
    fn heads(&self, team: String, device: String) -> impl Future<Output = Result<Heads>> + Send;

    /// Entries after the cursors in the given scopes, in seq order per log.
    fn pull(
        &self,
        team: String,
        scopes: Vec<String>,
        cursors: BTreeMap<String, BTreeMap<String, i64>>,
        limit: u32,
    ) -> impl Future<Output = Result<Pulled>> + Send;
}

pub fn role_str(r: Role) -> &'static str {
    match r {
        Role::Coordinator => "coordinator",
        Role::Consultant => "consultant",
    }
}

pub fn parse_role(s: &str) -> Result<Role> {
    match s {
        "coordinator" => Ok(Role::Coordinator),
        "consultant" => Ok(Role::Consultant),
        _ => Err(StoreError::Db(format!("unknown role in storage: {s}"))),
    }
}

/// The storage layout this server writes. A database of another layout is
/// refused at start rather than half-understood.
pub const SCHEMA_VERSION: i64 = 1;

pub fn check_version(found: Option<i64>) -> Result<()> {
    match found {
        None | Some(SCHEMA_VERSION) => Ok(()),
        Some(v) => Err(StoreError::Db(format!(
            "the database has storage layout {v}; this feltbog-server writes {SCHEMA_VERSION}: \
             use the matching server version"
        ))),
    }
}
