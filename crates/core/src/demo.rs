//! The fictitious demo municipality ("Egeby Kommune"), loaded only on request
//! into an empty profile. Its data lives in `assets/demo/egeby.json`.

use crate::{Error, Result};
use chrono::{Days, NaiveDate};
use feltbog_api::activities::{ActivityFollowUpInput, ActivityKind, NewActivity};
use feltbog_api::cafes::Partner;
use feltbog_api::schools::NewSchool;
use feltbog_api::visits::{FollowUpInput, NewVisit, VisitPurpose, VisitStatus};
use feltbog_api::SchoolId;
use serde::Deserialize;

const DEMO_JSON: &str = include_str!("../../../assets/demo/egeby.json");

#[derive(Deserialize)]
struct DemoFile {
    schools: Vec<NewSchool>,
    visits: Vec<DemoVisit>,
    #[serde(default)]
    activities: Vec<DemoActivity>,
}

/// An activity at a school (its index) or in an area.
#[derive(Deserialize)]
struct DemoActivity {
    school: Option<usize>,
    area: String,
    offset_days: i64,
    kind: ActivityKind,
    grades: Vec<u8>,
    ages: Option<(u8, u8)>,
    young: u32,
    adults: u32,
    partners: Vec<Partner>,
    theme: String,
    notes: String,
    #[serde(default)]
    follow_ups: Vec<DemoFollowUp>,
}

#[derive(Deserialize)]
struct DemoVisit {
    school: usize,
    offset_days: i64,
    status: VisitStatus,
    purpose: VisitPurpose,
    classes: Vec<String>,
    notes: String,
    follow_ups: Vec<DemoFollowUp>,
}

#[derive(Deserialize)]
struct DemoFollowUp {
    text: String,
    due_offset: i64,
}

/// The demo's schools, its visits with the index of their school, and
/// its activities with the index of theirs (`None`: in an area).
pub struct Demo {
    pub schools: Vec<NewSchool>,
    pub visits: Vec<(usize, NewVisit)>,
    pub activities: Vec<(Option<usize>, NewActivity)>,
}

fn shift(today: NaiveDate, days: i64) -> Result<NaiveDate> {
    let moved = if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.ok_or_else(|| Error::Corrupt("demo data: date out of range".into()))
}

/// The demo with dates placed around `today`.
pub fn demo(today: NaiveDate) -> Result<Demo> {
    let file: DemoFile =
        serde_json::from_str(DEMO_JSON).map_err(|e| Error::Corrupt(format!("demo data: {e}")))?;
    let visits = file
        .visits
        .into_iter()
        .map(|v| {
            let follow_ups = v
                .follow_ups
                .into_iter()
                .map(|f| {
                    Ok(FollowUpInput {
                        id: None,
                        text: f.text,
                        due: shift(today, f.due_offset)?,
                        done: false,
                    })
                })
                .collect::<Result<_>>()?;
            let visit = NewVisit {
                school: SchoolId(uuid::Uuid::nil()),
                date: shift(today, v.offset_days)?,
                status: v.status,
                purpose: v.purpose,
                purpose_other: String::new(),
                classes: v.classes,
                notes: v.notes,
                follow_ups,
            };
            Ok((v.school, visit))
        })
        .collect::<Result<_>>()?;
    let activities = file
        .activities
        .into_iter()
        .map(|a| {
            let activity = NewActivity {
                date: shift(today, a.offset_days)?,
                kind: a.kind,
                school: None,
                area: a.area,
                grades: a.grades,
                ages: a.ages,
                young: a.young,
                adults: a.adults,
                partners: a.partners,
                partner_other: String::new(),
                theme: a.theme,
                notes: a.notes,
                follow_ups: a
                    .follow_ups
                    .into_iter()
                    .map(|f| {
                        Ok(ActivityFollowUpInput {
                            id: None,
                            text: f.text,
                            due: shift(today, f.due_offset)?,
                            done: false,
                        })
                    })
                    .collect::<Result<_>>()?,
            };
            Ok((a.school, activity))
        })
        .collect::<Result<_>>()?;
    Ok(Demo {
        schools: file.schools,
        visits,
        activities,
    })
}
