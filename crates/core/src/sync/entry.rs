//! The two shapes an entry has on this device: one of its own, ready to
//! push ([`Outgoing`], read from the outbox), and one from another device's
//! log, opened and checked ([`Incoming`], handed to the apply path). The
//! store makes and takes them; the envelope seals and opens them.

use super::payload::Payload;
use super::schema::Scope;

/// One entry of this device's log as the outbox holds it: its place and its
/// payload's JSON. [`read_unsent`](super::envelope::read_unsent) reads
/// these on every core: reading payloads was most of a push's work on the
/// thread that waits for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsent {
    pub scope: Scope,
    pub seq: i64,
    pub json: String,
}

/// One entry ready to push: its place in this device's log and its payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub scope: Scope,
    pub seq: i64,
    pub payload: Payload,
}

/// One entry from another device's log. `payload` is `None` where the
/// server has deleted the entry (its record was deleted): the place in the
/// log still counts, if a deletion this device checked killed its tag
/// (`emptied`).
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub scope: Scope,
    pub device: String,
    pub seq: i64,
    /// The payload version the writer used (the wire's).
    pub v: u16,
    pub payload: Option<Payload>,
    /// A deletion's tags, checked against its record (`envelope.rs`).
    pub kills: Vec<String>,
    /// For an emptied place: the tag the server says it had.
    pub emptied: Option<String>,
}
