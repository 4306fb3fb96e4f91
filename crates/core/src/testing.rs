//! Fixtures for tests of core and of the crates above it (the sync
//! server's tests play whole teams of profiles): cheap profiles, a fixed
//! date, and fictitious records. Only with the `test-support` feature:
//! the app and the command line cannot reach it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test support panics

use crate::keys::KdfParams;
use crate::session::Clock;
use crate::{Profile, Session};
use chrono::NaiveDate;
use feltbog_api::activities::{ActivityKind, NewActivity};
use feltbog_api::cafes::{AgreementInput, CafeKind, CafeStatus, CafeTheme, NewCafe, Partner};
use feltbog_api::cases::{Law, NewCase, Offence};
use feltbog_api::schools::{NewSchool, SchoolKind};
use feltbog_api::survey::{ClassStatus, NewClass, NewRound, Questionnaire};
use feltbog_api::visits::{FollowUpInput, NewVisit, VisitPurpose, VisitStatus};
use feltbog_api::{RoundId, SchoolId};
use std::path::Path;

pub const PASS: &str = "korrekt hest batteri hæfteklamme";
pub const TODAY: (i32, u32, u32) = (2026, 11, 23);

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

/// A new profile with cheap key derivation; returns the session and recovery code.
pub fn create(dir: &Path) -> (Session, String) {
    let (opened, code) = profile(dir)
        .create(PASS, KdfParams::INSECURE_FOR_TESTS)
        .unwrap();
    (opened.session, code.to_string())
}

/// Unlocks as the app does: the purge on opening runs, on the fixed day.
pub fn unlock(dir: &Path) -> Session {
    profile(dir).unlock(PASS).unwrap().session
}

/// The profile in `dir`, on the tests' fixed day.
pub fn profile(dir: &Path) -> Profile {
    Profile::at(dir).with_clock(Clock::Fixed(today()))
}

pub fn school(name: &str) -> NewSchool {
    NewSchool {
        name: name.into(),
        kind: SchoolKind::Folkeskole,
        town: "Egeby".into(),
        grade_from: Some(0),
        grade_to: Some(9),
        active: true,
    }
}

/// A police notification of a first offence (fictitious).
pub fn notification(school: Option<SchoolId>, initials: &str) -> NewCase {
    NewCase {
        journal: "1200-00001-00012-26".into(),
        initials: initials.into(),
        birth_year: 2011,
        school,
        cpr: String::new(),
        law: Law::PenalCode,
        law_other: String::new(),
        offence: Offence::Theft,
        offence_other: String::new(),
        offence_date: d(2026, 11, 1),
        notified: d(2026, 11, 10),
        link_to: None,
    }
}

pub fn visit(school: SchoolId, notes: &str) -> NewVisit {
    NewVisit {
        school,
        date: d(2026, 11, 20),
        status: VisitStatus::Done,
        purpose: VisitPurpose::ClassTalk,
        purpose_other: String::new(),
        classes: vec!["7.a".into()],
        notes: notes.into(),
        follow_ups: vec![FollowUpInput {
            id: None,
            text: format!("opfølgning {notes}"),
            due: d(2026, 12, 1),
            done: false,
        }],
    }
}

/// A parent café held at `school`, with one agreement (counts only).
pub fn cafe(school: SchoolId, raised: &str) -> NewCafe {
    NewCafe {
        date: d(2026, 11, 12),
        status: CafeStatus::Held,
        school: Some(school),
        area: String::new(),
        grades: vec![8],
        kind: CafeKind::ParentCafe,
        theme: CafeTheme::Parties,
        theme_other: String::new(),
        partners: vec![Partner::Police],
        partner_other: String::new(),
        parents: 12,
        invited: Some(40),
        raised: raised.into(),
        notes: String::new(),
        agreements: vec![AgreementInput {
            id: None,
            text: format!("aftale {raised}"),
            revisit: d(2027, 3, 1),
            done: false,
        }],
    }
}

/// A class talk at `school` reaching one grade, with `notes`.
pub fn activity(school: SchoolId, notes: &str) -> NewActivity {
    NewActivity {
        date: d(2026, 11, 16),
        kind: ActivityKind::ClassTalk,
        school: Some(school),
        area: String::new(),
        grades: vec![8],
        ages: None,
        young: 48,
        adults: 2,
        partners: vec![Partner::Police],
        partner_other: String::new(),
        theme: "Digital dannelse".into(),
        notes: notes.into(),
        follow_ups: Vec::new(),
    }
}

/// A survey round of the school year starting in `year`.
pub fn round(name: &str, year: i32) -> NewRound {
    NewRound {
        name: name.into(),
        questionnaire: Questionnaire::Grades7To9,
        window_from: d(year, 11, 2),
        window_to: d(year + 1, 1, 29),
        target_percent: 85,
        small_threshold: 5,
    }
}

/// A class of `round` that has not yet taken the survey.
pub fn class(round: RoundId, school: SchoolId, name: &str, grade: u8, enrolled: u32) -> NewClass {
    NewClass {
        round,
        school,
        name: name.into(),
        grade,
        enrolled,
        answered: 0,
        absent: 0,
        status: ClassStatus::NotStarted,
        reason: String::new(),
        taken_on: None,
    }
}

/// Every file in the data directory, by name, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
