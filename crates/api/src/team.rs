//! Team sync as the UI and the command line see it: membership, invites,
//! the sync indicator's state and what a sync did.

use crate::words::word_enum;
use crate::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

word_enum!(
    /// A member's role in the team.
    MemberRole {
        Consultant = "consultant",
        Coordinator = "coordinator",
    }
);

word_enum!(
    /// Which side of a conflict to keep.
    Keep {
        Mine = "mine",
        Theirs = "theirs",
    }
);

impl MemberRole {
    pub fn of(coordinator: bool) -> MemberRole {
        if coordinator {
            MemberRole::Coordinator
        } else {
            MemberRole::Consultant
        }
    }
}

/// This profile's team, when it is in one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInfo {
    pub name: String,
    pub server: String,
    pub role: MemberRole,
    /// Whether this device may read first-offence cases.
    pub cases: bool,
    pub member_name: String,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Why the last sync did not finish; empty when it did.
    pub last_error: String,
}

/// What the sync indicator shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    /// `None`: not in a team.
    pub team: Option<TeamInfo>,
    /// Changes made here that the server has not confirmed.
    pub waiting: u32,
    /// Conflicts waiting for a person to choose.
    pub conflicts: u32,
    /// Edits made here that lost to another device's delete, unread.
    pub lost_edits: u32,
}

/// A new invite: the code is shown once, large, to be read or copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteView {
    pub code: String,
    pub role: MemberRole,
    pub cases: bool,
    pub expires_at: DateTime<Utc>,
}

/// What one sync did. Counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncReport {
    pub sent: u32,
    pub received: u32,
    pub deleted: u32,
    pub new_conflicts: u32,
    pub lost_edits: u32,
    /// Entries that failed their checks (signature, key, structure).
    pub refused: u32,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictSide {
    /// The field's text (a group of fields: one line each, `name: value`).
    pub text: String,
    /// The device that wrote it.
    pub device: String,
    /// The member's name for that device, where the member list has it.
    pub by: String,
    pub written_at: DateTime<Utc>,
    /// Whether the record shows this side now.
    pub shown: bool,
}

/// Text two devices edited without seeing each other's edit: both kept
/// until a person chooses. `mine` is the side written on this device (or,
/// where neither was, the one shown now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    pub id: String,
    /// `visit`, `cafe`, `follow_up`, ...
    pub entity: String,
    pub record_id: String,
    /// Where the record belongs, so a person can tell which one it is: the
    /// school (or a café's area).
    pub place: String,
    /// The visit's or café's date.
    pub date: Option<NaiveDate>,
    pub field: String,
    pub mine: ConflictSide,
    pub theirs: ConflictSide,
}

/// A member of the team, as the member list holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub device: String,
    pub name: String,
    pub role: MemberRole,
    pub cases: bool,
    /// `false` once a coordinator removed them.
    pub active: bool,
    /// When the device last reached the server (when it could be asked).
    pub last_seen: Option<DateTime<Utc>>,
    pub this_device: bool,
}

/// An edit made on this device that lost to another device's delete: the
/// person is told, once, and sees what they had written (not for cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostEditView {
    pub record_id: String,
    /// `visit`, `cafe`, ...
    pub entity: String,
    /// What was written here; empty for cases.
    pub text: String,
    /// Who deleted it: the member's name, where known.
    pub deleted_by: String,
}

/// What the app's sync indicator shows: the profile's state and what the
/// background sync is doing now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncIndicator {
    pub status: SyncStatus,
    /// A sync is running now.
    pub syncing: bool,
    /// Why the last sync did not finish (the server cannot be reached, or
    /// refused); `None` when it did, or none has run since unlocking.
    pub failure: Option<ApiError>,
    /// Raised each time a sync brought changes from the team, so the
    /// screens showing records reload.
    pub arrivals: u64,
}
