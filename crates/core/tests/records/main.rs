//! Core's integration tests over real SQLCipher files, as one test binary:
//! one link instead of twelve (each links SQLCipher and all of core). The
//! tests that need a process of their own stay apart: `crash.rs` (a
//! writer killed mid-write), `first_open.rs` (the first SQLite use in a
//! process) and `cipher_defaults.rs` (changes SQLCipher's defaults for the
//! whole process). Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

#[path = "../common/mod.rs"]
mod common;

mod access_log;
mod access_pack;
mod activities;
mod backup;
mod cafes;
mod cases;
mod cpr_correction;
mod owner;
mod police;
mod profile_files;
mod reminder;
mod retention;
mod search;
mod store;
mod summary;
mod survey;
mod sync_converge;
mod sync_large_batch;
mod sync_settled;
