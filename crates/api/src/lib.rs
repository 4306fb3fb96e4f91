//! The contract between every layer of Feltbog: the request and response types
//! that cross the IPC boundary, the list of commands, and [`ApiError`].
//!
//! This crate depends only on serde, chrono and uuid so that it builds for
//! `wasm32-unknown-unknown` (the Leptos UI) and natively (core, CLI, shell) alike.
#![forbid(unsafe_code)]

pub mod about;
pub mod activities;
pub mod cafes;
pub mod calendar;
pub mod cases;
pub mod catalogue;
pub mod commands;
pub mod compliance;
pub mod dates;
pub mod desk;
mod error;
mod ids;
pub mod papers;
pub mod period;
pub mod police;
pub mod profile;
pub mod schools;
pub mod search;
pub mod secret;
pub mod summary;
pub mod survey;
pub mod team;
pub mod trends;
pub mod visits;
mod words;

pub use commands::{Command, COMMANDS};
pub use error::{ApiError, ErrorKind, Problem};
pub use ids::{
    ActivityFollowUpId, ActivityId, AgreementId, CafeId, CaseId, CaseStepId, ClassId, FollowUpId,
    PendingId, RoundId, SchoolId, VisitId,
};
