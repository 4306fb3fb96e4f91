//! Activities (*aktiviteter*): the SSP work that reaches young people
//! outside a school visit — street presence, group work in an area, theme
//! days and events, class talks, network meetings with clubs and police.
//! Counts only, never a name: how many young people and adults, which
//! grades or ages, which partners.
//!
//! A class talk held *at a school visit* stays a visit purpose
//! (`VisitPurpose::ClassTalk`); an activity is for work counted by the
//! young people it reached, wherever it took place.

use crate::cafes::Partner;
use crate::words::word_enum;
use crate::{ActivityFollowUpId, ActivityId, SchoolId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

word_enum!(
    /// What kind of activity.
    ActivityKind {
        /// Being seen where young people are (*gadeplan*).
        Street = "street",
        /// Group work in a local area.
        Group = "group",
        /// A theme day or an event.
        Event = "event",
        /// A talk to a class or a whole grade.
        ClassTalk = "class-talk",
        /// A network meeting with clubs, police and others.
        Network = "network",
        Other = "other",
    }
);

/// More young people or adults than this at one activity is a typing
/// mistake.
pub const REACHED_MAX: u32 = 10_000;

/// The youngest and oldest age an activity may name.
pub const AGE_MIN: u8 = 6;
pub const AGE_MAX: u8 = 30;

/// An activity as entered, for recording or editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewActivity {
    pub date: NaiveDate,
    pub kind: ActivityKind,
    /// The school, or `None` for a town or area (then `area`).
    pub school: Option<SchoolId>,
    pub area: String,
    /// The target group by grade, e.g. `[7, 8]`; and/or by age.
    pub grades: Vec<u8>,
    pub ages: Option<(u8, u8)>,
    /// How many young people and adults it reached.
    pub young: u32,
    pub adults: u32,
    pub partners: Vec<Partner>,
    /// Required when `partners` holds `Other`.
    pub partner_other: String,
    /// What it was about, in a few words.
    pub theme: String,
    pub notes: String,
    /// What was agreed to do after it, each with its day.
    #[serde(default)]
    pub follow_ups: Vec<ActivityFollowUpInput>,
}

/// A follow-up of an activity as entered: `id` names a stored one to keep
/// (`None`: a new one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFollowUpInput {
    pub id: Option<ActivityFollowUpId>,
    pub text: String,
    pub due: NaiveDate,
    pub done: bool,
}

/// A stored follow-up of an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFollowUpView {
    pub id: ActivityFollowUpId,
    pub text: String,
    pub due: NaiveDate,
    pub done: bool,
    /// Who is responsible: the member's name, by default the activity's.
    #[serde(default)]
    pub owner: String,
}

impl From<ActivityFollowUpView> for ActivityFollowUpInput {
    /// The input that keeps a stored follow-up as it is.
    fn from(f: ActivityFollowUpView) -> Self {
        Self {
            id: Some(f.id),
            text: f.text,
            due: f.due,
            done: f.done,
        }
    }
}

/// An open follow-up of an activity due by a day, with where it belongs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueActivityFollowUp {
    pub follow_up: ActivityFollowUpView,
    pub activity: ActivityId,
    pub kind: ActivityKind,
    /// The activity's school or area.
    pub place: String,
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: ActivityId,
    pub date: NaiveDate,
    pub kind: ActivityKind,
    pub school: Option<SchoolId>,
    /// The school's name, or the area.
    pub place: String,
    pub area: String,
    pub grades: Vec<u8>,
    pub ages: Option<(u8, u8)>,
    pub young: u32,
    pub adults: u32,
    pub partners: Vec<Partner>,
    pub partner_other: String,
    pub theme: String,
    pub notes: String,
    pub author: String,
    /// Who is responsible (*ansvarlig*): the member's name; empty: the
    /// author.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub follow_ups: Vec<ActivityFollowUpView>,
}

impl From<ActivityView> for NewActivity {
    /// The input that keeps a stored activity as it is.
    fn from(a: ActivityView) -> Self {
        Self {
            date: a.date,
            kind: a.kind,
            school: a.school,
            area: a.area,
            grades: a.grades,
            ages: a.ages,
            young: a.young,
            adults: a.adults,
            partners: a.partners,
            partner_other: a.partner_other,
            theme: a.theme,
            notes: a.notes,
            follow_ups: a.follow_ups.into_iter().map(Into::into).collect(),
        }
    }
}

/// Which activities to list; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFilter {
    pub school: Option<SchoolId>,
    pub kind: Option<ActivityKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// An age range as a person writes it: `13-16`, `13–16` or `14` (one
/// age); `None` for anything else, and the caller names its field. The
/// command line and the app's form read it by this one rule.
pub fn parse_ages(text: &str) -> Option<(u8, u8)> {
    let text = text.trim();
    let (from, to) = text.split_once(['-', '–']).unwrap_or((text, text));
    Some((from.trim().parse().ok()?, to.trim().parse().ok()?))
}

/// An age range as [`parse_ages`] reads it back: `13–16`, or `14`.
pub fn ages_text((from, to): (u8, u8)) -> String {
    match from == to {
        true => from.to_string(),
        false => format!("{from}–{to}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_read_as_people_write_them() {
        assert_eq!(parse_ages("13-16"), Some((13, 16)));
        assert_eq!(parse_ages(" 13 – 16 "), Some((13, 16)));
        assert_eq!(parse_ages("14"), Some((14, 14)));
        for bad in ["", "13-", "tretten", "13-16-18", "-3", "300"] {
            assert_eq!(parse_ages(bad), None, "{bad}");
        }
        for range in [(13, 16), (14, 14)] {
            assert_eq!(parse_ages(&ages_text(range)), Some(range));
        }
    }
}
