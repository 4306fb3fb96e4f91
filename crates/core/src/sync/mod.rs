//! Team sync (docs/SYNC.md): what a device sends and receives.
//!
//! - [`schema`]: the stable wire contract of each synced entity.
//! - [`payload`]: the plaintext of one entry, and its structural check.
//! - [`crypto`]: which primitive protects what (keys, seals, tags, signatures).
//! - [`envelope`]: an outbox entry sealed and signed for the server, and back.
//! - [`grant`]: a key granted to one device, signed by a coordinator.
//! - [`invite`]: the sealed bundle an invite code opens.
//! - [`client`]: the server's HTTP API from the device's side.
//!
//! The merge rules are pure and live in [`crate::domain::merge`]; the
//! outbox and the apply path are SQL and live in the store
//! (`store/outbox.rs`, `store/apply.rs`); the sync run itself is in
//! `session/sync_run.rs`.

pub mod client;
pub mod crypto;
pub mod entry;
pub mod envelope;
pub mod grant;
pub mod invite;
pub mod payload;
pub mod schema;

/// How far past the epoch a device knows a granted key or an announced
/// epoch may be: a removal or two in a row between its syncs. Anything
/// beyond is refused (a coordinator about to be removed cannot plant a key
/// or an announcement at `u32::MAX` and use up the team's epochs).
pub const EPOCHS_AHEAD: u32 = 64;

pub use entry::{Incoming, Outgoing, Unsent};
pub use payload::{GroupChange, Op, Payload, PayloadError, Value, PAYLOAD_VERSION};
pub use schema::{Entity, Scope};
