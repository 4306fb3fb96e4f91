//! Feltbog's core: everything below the user interface.
//!
//! - [`profile`]: the data directory, the wrapped data key, unlocking,
//!   restoring a backup ([`backup`] is the file's form).
//! - [`store`]: the SQLCipher database, its migrations and all SQL.
//! - [`domain`]: pure rules (validation, clocks) tested without a database.
//! - [`sync`]: team sync's wire contract (schema, payloads).
//! - [`session`]: an unlocked profile; the functions the CLI and the desktop
//!   shell call.
//!
//! No `unsafe` but in `files/windows.rs`, the one module that calls
//! Windows' access-list API (it says why, and what makes each call sound);
//! the crate's lints deny it everywhere else.

pub mod backup;
pub mod demo;
pub mod domain;
mod error;
pub mod files;
pub mod keys;
pub mod lockout;
mod machine;
pub mod passphrase;
pub mod profile;
pub mod session;
// The store is core's own: the app and the command line reach it only
// through a `Session`. Tests and the benchmark look at its rows.
#[cfg(feature = "test-support")]
pub mod store;
#[cfg(not(feature = "test-support"))]
#[allow(dead_code, unused_imports)]
mod store;
pub mod sync;
#[cfg(feature = "test-support")]
pub mod testing;

pub use error::{Error, Result};
pub use profile::Profile;
pub use session::{Opened, Session, SyncStages};
pub use store::Choice;
