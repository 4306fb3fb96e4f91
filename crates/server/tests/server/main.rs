//! The sync server's tests with real profiles, as one test binary: one
//! link instead of ten (each links the server, core and SQLCipher). Every
//! test makes its own server (SQLite always; PostgreSQL where `cargo
//! xtask test` provides one) and its own team, so they run side by side.
//! Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod activities;
mod certificates;
mod compliance;
mod hostile_keys;
mod hostile_logs;
mod hostile_members;
mod hostile_push;
mod limits;
mod owner;
mod rollback;
mod sizes;
mod storage;
mod team;
mod upgrade;
