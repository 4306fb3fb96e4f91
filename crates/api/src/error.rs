//! The one error type that crosses the IPC boundary.
//!
//! `kind` is for programs (the UI picks a translated message and the field to
//! mark from it); `message` is plain English for logs and the command line and
//! never contains record contents.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An error as the UI and the CLI see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
}

/// What went wrong, in terms a caller can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ErrorKind {
    /// No profile exists yet in the data directory.
    NoProfile,
    /// A profile already exists; creating another would destroy it.
    ProfileExists,
    /// The profile is locked: unlock first.
    Locked,
    /// The passphrase or recovery code did not open the profile.
    WrongPassphrase,
    /// Too many wrong tries in a row: wait before the next one.
    LockedOut { retry_after_secs: u64 },
    /// The record does not exist (any more).
    NotFound,
    /// A field failed validation.
    Invalid { field: String, problem: Problem },
    /// The write conflicts with the current state (e.g. a duplicate name).
    Conflict,
    /// The profile was written by a newer Feltbog.
    TooNew,
    /// A file could not be read or written.
    Io,
    /// The sync server cannot be reached now: nothing is lost, changes wait.
    Offline,
    /// This computer's trust store refused the sync server's certificate
    /// (an unknown CA, expired, for another name): nothing is lost, changes
    /// wait; IT mends it, or it is a man in the middle.
    UntrustedServer,
    /// The profile is not in a team (team sync is not set up).
    NotInTeam,
    /// The sync server refused the request; `code` is its stable reason.
    Refused { code: String },
    /// The sync server broke the protocol; this device refused what it
    /// did (docs/SECURITY.md).
    ServerFault { alarm: crate::team::SyncAlarm },
    /// This device's role does not allow it (only a coordinator invites).
    Forbidden,
    /// A bug or corrupt data; the message says more.
    Internal,
}

/// Why a field was refused. The UI turns this into a sentence in the user's
/// language; the CLI prints [`ApiError::message`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong {
        max: u32,
    },
    TooShort {
        min: u32,
    },
    OutOfRange {
        min: i64,
        max: i64,
    },
    NotADate,
    /// A date outside the years Feltbog accepts (see `dates::SANE_YEARS`).
    DateOutOfRange,
    /// A date after today where only the past makes sense (e.g. a visit
    /// recorded as done).
    InFuture,
    /// A follow-up due before the visit it belongs to.
    BeforeVisit,
    /// The end of a period before its start.
    BeforeStart,
    /// The referenced record (e.g. the school) does not exist.
    UnknownReference,
    Duplicate,
    /// Two fields that must match do not (e.g. passphrase and its repetition).
    Mismatch,
    /// A value outside the allowed list.
    NotAllowed,
    /// A new passphrase too easy to guess (its zxcvbn score is below
    /// `profile::PASSPHRASE_MIN_SCORE`).
    TooWeak,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn invalid(field: &str, problem: Problem, message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::Invalid {
                field: field.to_owned(),
                problem,
            },
            message,
        )
    }

    /// The field this error concerns, if it is a validation error.
    pub fn field(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_serialize_with_a_type_tag() {
        let e = ApiError::invalid("date", Problem::TooLong { max: 3 }, "x");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"]["type"], "invalid");
        assert_eq!(json["kind"]["field"], "date");
        assert_eq!(json["kind"]["problem"]["max"], 3);
        let back: ApiError = serde_json::from_value(json).unwrap();
        assert_eq!(back, e);
    }
}
