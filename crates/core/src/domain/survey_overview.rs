//! A survey round's progress, computed from the class counts: per grade, per
//! school and for the municipality, with earlier rounds to compare with.
//! Pure: the store hands in the rows, nothing here reads or writes.

use chrono::NaiveDate;
use feltbog_api::survey::{
    Band, ClassView, Counts, Earlier, GradeProgress, Overview, RoundView, SchoolProgress, Window,
};
use feltbog_api::SchoolId;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

/// How far below the target a rate may be and still count as "near".
pub const NEAR_POINTS: u32 = 10;

/// Counts per (school, grade), and per (school, `None`) for all grades.
type CountsBySchool = HashMap<(SchoolId, Option<u8>), Counts>;

/// An earlier round with its counts.
type History<'a> = Vec<(&'a RoundView, CountsBySchool)>;

/// A round with its classes.
pub struct RoundClasses<'a> {
    pub round: &'a RoundView,
    pub classes: &'a [ClassView],
}

/// The overview of `current`. `earlier` are rounds to compare with (the
/// caller picks the same questionnaire and earlier windows), newest first.
pub fn overview(
    current: RoundClasses<'_>,
    earlier: &[RoundClasses<'_>],
    today: NaiveDate,
) -> Overview {
    let round = current.round;
    let history: History<'_> = earlier
        .iter()
        .map(|e| (e.round, counts_by_school_and_grade(e.classes)))
        .collect();

    let mut by_school: BTreeMap<SchoolId, Vec<&ClassView>> = BTreeMap::new();
    for c in current.classes {
        by_school.entry(c.school).or_default().push(c);
    }
    let mut schools: Vec<SchoolProgress> = by_school
        .into_iter()
        .map(|(school, classes)| school_progress(round, school, &classes, &history))
        .collect();
    schools
        .sort_by(|a, b| worst_first(&a.counts, &b.counts).then(a.school_name.cmp(&b.school_name)));

    let total = schools
        .iter()
        .fold(Counts::default(), |acc, s| add(acc, s.counts));
    Overview {
        round: round.clone(),
        window: Window::on(round, today),
        total,
        band: band(&total, round.target_percent),
        schools,
    }
}

fn school_progress(
    round: &RoundView,
    school: SchoolId,
    classes: &[&ClassView],
    history: &History<'_>,
) -> SchoolProgress {
    let counts = sum(classes.iter().copied());
    let mut grades: BTreeMap<u8, Counts> = BTreeMap::new();
    for c in classes {
        let g = grades.entry(c.grade).or_default();
        *g = add(*g, counts_of(c));
    }
    let small = is_small(grades.values(), round.small_threshold);
    let earlier_for = |grade: Option<u8>| -> Vec<Earlier> {
        history
            .iter()
            .filter_map(|(r, counts)| {
                counts.get(&(school, grade)).map(|c| Earlier {
                    round: r.id,
                    round_name: r.name.clone(),
                    enrolled: c.enrolled,
                    answered: c.answered,
                })
            })
            .collect()
    };
    let target = round.target_percent;
    let grades = if small {
        vec![GradeProgress {
            grade: None,
            counts,
            band: band(&counts, target),
            earlier: earlier_for(None),
        }]
    } else {
        grades
            .into_iter()
            .map(|(g, c)| GradeProgress {
                grade: Some(g),
                counts: c,
                band: band(&c, target),
                earlier: earlier_for(Some(g)),
            })
            .collect()
    };
    SchoolProgress {
        school,
        school_name: classes
            .first()
            .map(|c| c.school_name.clone())
            .unwrap_or_default(),
        counts,
        band: band(&counts, target),
        small,
        grades,
    }
}

/// A school is shown by grade only when every grade has at least
/// `threshold` pupils enrolled; otherwise its grades are shown together.
pub fn is_small<'a>(grades: impl IntoIterator<Item = &'a Counts>, threshold: u8) -> bool {
    grades
        .into_iter()
        .any(|g| g.enrolled < u32::from(threshold))
}

/// Counts per (school, grade) and per (school, all grades) for one round.
fn counts_by_school_and_grade(classes: &[ClassView]) -> CountsBySchool {
    let mut out = CountsBySchool::new();
    for c in classes {
        let one = counts_of(c);
        for key in [(c.school, Some(c.grade)), (c.school, None)] {
            let e = out.entry(key).or_default();
            *e = add(*e, one);
        }
    }
    out
}

fn counts_of(c: &ClassView) -> Counts {
    Counts {
        classes: 1,
        classes_open: u32::from(c.status.is_open()),
        enrolled: c.enrolled,
        answered: c.answered,
        absent: c.absent,
    }
}

/// The sum of some classes' counts.
pub fn sum<'a>(classes: impl IntoIterator<Item = &'a ClassView>) -> Counts {
    classes
        .into_iter()
        .fold(Counts::default(), |acc, c| add(acc, counts_of(c)))
}

fn add(a: Counts, b: Counts) -> Counts {
    Counts {
        classes: a.classes + b.classes,
        classes_open: a.classes_open + b.classes_open,
        enrolled: a.enrolled + b.enrolled,
        answered: a.answered + b.answered,
        absent: a.absent + b.absent,
    }
}

/// Where the counts stand against the target, in whole numbers (no float
/// rounding at the edge: 85 of 100 meets a target of 85 %).
pub fn band(c: &Counts, target_percent: u8) -> Band {
    if c.enrolled == 0 {
        return Band::NoPupils;
    }
    let got = u64::from(c.answered) * 100;
    let need = |percent: u32| u64::from(percent) * u64::from(c.enrolled);
    let target = u32::from(target_percent);
    if got >= need(target) {
        Band::Met
    } else if got >= need(target.saturating_sub(NEAR_POINTS)) {
        Band::Near
    } else {
        Band::Behind
    }
}

/// Lowest rate first; groups without pupils last.
fn worst_first(a: &Counts, b: &Counts) -> Ordering {
    match (a.enrolled, b.enrolled) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        _ => (u64::from(a.answered) * u64::from(b.enrolled))
            .cmp(&(u64::from(b.answered) * u64::from(a.enrolled))),
    }
}

#[cfg(test)]
#[path = "survey_overview_tests.rs"]
mod tests;
