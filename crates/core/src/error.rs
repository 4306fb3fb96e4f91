//! Core's one error type. Messages are plain English for the CLI and logs and
//! never include record contents; [`From<Error> for ApiError`] gives the UI a
//! kind it can translate.

use feltbog_api::{ApiError, ErrorKind, Problem};
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no profile in {0}; create one first (`feltbog init`)")]
    NoProfile(PathBuf),
    #[error("a profile already exists in {0}; refusing to overwrite it")]
    ProfileExists(PathBuf),
    #[error("wrong passphrase or recovery code")]
    WrongPassphrase,
    #[error("too many wrong tries in a row; try again in {0} seconds")]
    LockedOut(u64),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        problem: Problem,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    #[error(
        "this profile was written by a newer Feltbog (schema {found}; this program knows up to \
         {supported}): install the newer Feltbog to open it"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("the sync server cannot be reached ({0}); nothing is lost, changes wait")]
    Offline(String),
    /// The server's certificate was refused by this computer's trust store
    /// (an unknown issuer, expired, for another name, revoked). The advice
    /// names IT alone: a man in the middle causes this too, and would like
    /// the user to install his certificate.
    #[error(
        "this computer does not accept the sync server's certificate ({0}). Tell IT: if the \
         municipality uses its own certificate authority or a proxy that inspects TLS, IT installs \
         its certificate in the computer's certificate store. Never install a certificate from \
         anyone else. Check that the computer's clock is right. Nothing is lost, changes wait"
    )]
    UntrustedServer(String),
    #[error("the sync server refused: {message}")]
    Refused { code: String, message: String },
    /// The server broke the protocol; what it did was refused.
    #[error("the sync server misbehaved: {message}")]
    ServerFault {
        alarm: feltbog_api::team::SyncAlarm,
        message: String,
    },
    /// This device's role does not allow it.
    #[error("{0}")]
    Forbidden(String),
    #[error("this profile is not in a team; create or join one first")]
    NotInTeam,
    #[error("the profile is damaged: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The server broke the protocol in the way `alarm` names.
    pub fn fault(alarm: feltbog_api::team::SyncAlarm, message: impl Into<String>) -> Self {
        Self::ServerFault {
            alarm,
            message: message.into(),
        }
    }

    /// A validation error on one field.
    pub fn invalid(field: &str, problem: Problem, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            problem,
            message: message.into(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        let kind = match e {
            Error::NoProfile(_) => ErrorKind::NoProfile,
            Error::ProfileExists(_) => ErrorKind::ProfileExists,
            Error::WrongPassphrase => ErrorKind::WrongPassphrase,
            Error::LockedOut(secs) => ErrorKind::LockedOut {
                retry_after_secs: secs,
            },
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Invalid { field, problem, .. } => ErrorKind::Invalid { field, problem },
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::TooNew { .. } => ErrorKind::TooNew,
            Error::Io(_) => ErrorKind::Io,
            Error::Offline(_) => ErrorKind::Offline,
            Error::UntrustedServer(_) => ErrorKind::UntrustedServer,
            Error::Refused { code, .. } => ErrorKind::Refused { code },
            Error::ServerFault { alarm, .. } => ErrorKind::ServerFault { alarm },
            Error::Forbidden(_) => ErrorKind::Forbidden,
            Error::NotInTeam => ErrorKind::NotInTeam,
            Error::Corrupt(_) | Error::Db(_) => ErrorKind::Internal,
        };
        ApiError { kind, message }
    }
}
