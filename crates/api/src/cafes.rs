//! Parent cafés and parent meetings: counts, themes and agreements. There is
//! no field for parents' names, by design: only how many came.

use crate::words::word_enum;
use crate::{AgreementId, CafeId, SchoolId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

word_enum!(
    /// The kind of meeting.
    CafeKind {
        ParentCafe = "parent-cafe",
        ParentMeeting = "parent-meeting",
        Online = "online",
    }
);

word_enum!(
    /// What the meeting was about.
    CafeTheme {
        AlcoholDrugs = "alcohol-drugs",
        SocialMedia = "social-media",
        WellBeing = "well-being",
        Parties = "parties",
        Other = "other",
    }
);

word_enum!(
    /// Facilitators and partners present besides the SSP consultant.
    Partner {
        Police = "police",
        HealthNurse = "health-nurse",
        YouthClub = "youth-club",
        SchoolStaff = "school-staff",
        Other = "other",
    }
);

word_enum!(
    /// Planned ahead, or held.
    CafeStatus {
        Planned = "planned",
        Held = "held",
    }
);

/// A café or meeting as entered, for recording or editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCafe {
    pub date: NaiveDate,
    pub status: CafeStatus,
    /// The school, or `None` for a meeting across schools (then `area`).
    pub school: Option<SchoolId>,
    /// A town or area, when the meeting is not at one school.
    pub area: String,
    /// Grades, e.g. `[7, 8]`.
    pub grades: Vec<u8>,
    pub kind: CafeKind,
    pub theme: CafeTheme,
    /// Required when `theme` is `Other`.
    pub theme_other: String,
    pub partners: Vec<Partner>,
    /// Required when `partners` holds `Other`.
    pub partner_other: String,
    /// How many parents came (for a planned meeting: 0 until held).
    pub parents: u32,
    /// How many were invited, where known.
    pub invited: Option<u32>,
    /// What the parents raised.
    pub raised: String,
    pub notes: String,
    pub agreements: Vec<AgreementInput>,
}

/// An agreement made at a café, with the date to revisit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementInput {
    pub id: Option<AgreementId>,
    pub text: String,
    pub revisit: NaiveDate,
    pub done: bool,
}

/// A stored café with its agreements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CafeView {
    pub id: CafeId,
    pub date: NaiveDate,
    pub status: CafeStatus,
    pub school: Option<SchoolId>,
    /// The school's name, or the area.
    pub place: String,
    pub area: String,
    pub grades: Vec<u8>,
    pub kind: CafeKind,
    pub theme: CafeTheme,
    pub theme_other: String,
    pub partners: Vec<Partner>,
    pub partner_other: String,
    pub parents: u32,
    pub invited: Option<u32>,
    pub raised: String,
    pub notes: String,
    pub author: String,
    /// Who is responsible (*ansvarlig*): the team member's name. By
    /// default whoever recorded it (for a follow-up or an agreement: as
    /// its visit or café), until handed over.
    #[serde(default)]
    pub owner: String,
    pub agreements: Vec<AgreementView>,
}

/// A stored agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    pub id: AgreementId,
    pub text: String,
    pub revisit: NaiveDate,
    pub done: bool,
    /// Who is responsible (*ansvarlig*): the team member's name. By
    /// default whoever recorded it (for a follow-up or an agreement: as
    /// its visit or café), until handed over.
    #[serde(default)]
    pub owner: String,
}

impl From<AgreementView> for AgreementInput {
    /// The input that keeps a stored agreement as it is.
    fn from(a: AgreementView) -> Self {
        Self {
            id: Some(a.id),
            text: a.text,
            revisit: a.revisit,
            done: a.done,
        }
    }
}

/// Which cafés to list; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CafeFilter {
    pub school: Option<SchoolId>,
    pub theme: Option<CafeTheme>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// An open agreement with enough of its café to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueAgreement {
    pub agreement: AgreementView,
    pub cafe: CafeId,
    pub cafe_date: NaiveDate,
    pub place: String,
}

/// Attendance for one school (or area) or one theme over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    /// The school name or area, or the theme's word.
    pub key: String,
    /// Held cafés counted.
    pub cafes: u32,
    pub parents: u32,
    /// Parents and invitations at the cafés where the invited count is known;
    /// the share is `parents_with_invited / invited` (never stored).
    pub parents_with_invited: u32,
    pub invited: u32,
}

impl AttendanceRow {
    /// The share of invited parents who came, in percent, where known.
    pub fn share_percent(&self) -> Option<f64> {
        (self.invited > 0)
            .then(|| 100.0 * f64::from(self.parents_with_invited) / f64::from(self.invited))
    }
}

/// Attendance over a period, per school and per theme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub by_school: Vec<AttendanceRow>,
    pub by_theme: Vec<AttendanceRow>,
}
