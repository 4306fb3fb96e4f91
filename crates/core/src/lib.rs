//! Feltbog's core: everything below the user interface.
//!
//! - [`profile`]: the data directory, the wrapped data key, unlocking,
//!   restoring a backup ([`backup`] is the file's form).
//! - [`store`]: the SQLCipher database, its migrations and all SQL.
//! - [`domain`]: pure rules (validation, clocks) tested without a database.
//! - [`sync`]: team sync's wire contract (schema, payloads).
//! - [`session`]: an unlocked profile; the functions the CLI and the desktop
//!   shell call.
#![forbid(unsafe_code)]

pub mod backup;
pub mod demo;
pub mod domain;
mod error;
pub mod files;
pub mod keys;
pub mod lockout;
pub mod passphrase;
pub mod profile;
pub mod session;
pub mod store;
pub mod sync;
#[cfg(feature = "test-support")]
pub mod testing;

pub use error::{Error, Result};
pub use profile::Profile;
pub use session::Session;
