//! Feltbog's sync server (docs/SYNC.md, "The server"): it stores each device's
//! signed, encrypted log for its team and hands the entries to the team's
//! other devices. It cannot read a record, forge an entry or add a device
//! to a team: the keys never reach it.
//!
//! - [`routes`]: the HTTP API, thin handlers.
//! - [`storage`]: the storage trait; [`sqlite`] and [`postgres`] implement it.
//! - [`rules`]: what a push may append, codes and hashes (pure).
//! - [`limit`]: the rate limit on joins and failed tokens.
//! - [`local`]: the server inside another process, for tests and benchmarks.
#![forbid(unsafe_code)]

pub mod limit;
pub mod local;
mod one_key_batch;
pub mod postgres;
pub mod routes;
pub mod rules;
pub mod sqlite;
pub mod storage;
