//! Team sync (SYNC.md): what a device sends and receives.
//!
//! - [`schema`]: the stable wire contract of each synced entity.
//! - [`payload`]: the plaintext of one entry, and its structural check.
//!
//! The merge rules are pure and live in [`crate::domain::merge`]; the
//! outbox and the apply path are SQL and live in the store
//! (`store/outbox.rs`, `store/apply.rs`).

pub mod payload;
pub mod schema;

pub use payload::{GroupChange, Op, Payload, PayloadError, Value, PAYLOAD_VERSION};
pub use schema::{Entity, Scope};
