//! The `feltbog` command line as a user and a script meet it: the real
//! binary on real profiles, as one test binary (one link instead of six).
//! Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

#[path = "../common/mod.rs"]
mod common;

mod activities;
mod backup;
mod cafes;
mod calendar;
mod cases;
mod cli;
mod owner;
mod police;
mod search;
mod summary;
mod survey;
mod today;
