//! Team sync as the UI and the command line see it: membership, invites,
//! the sync indicator's state and what a sync did.

use crate::words::word_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

word_enum!(
    /// A member's role in the team.
    MemberRole {
        Consultant = "consultant",
        Coordinator = "coordinator",
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
