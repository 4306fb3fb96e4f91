//! Shared helpers for core's integration tests: the fixtures in
//! `feltbog_core::testing`. Fictitious data only.
#![allow(dead_code, unused_imports)]

pub use feltbog_core::testing::*;
