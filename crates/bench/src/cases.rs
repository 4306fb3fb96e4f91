//! First-offence cases on a large profile: 200,000 visits and 2,000 cases,
//! 100 of them due for deletion. What the purge costs (it runs on every
//! unlock), with and without anything to delete, the cases list, the
//! access-log chain check (whole, and what is new on unlock), and a backup.

use crate::{ms, session, today, Kind, BULK_VISITS};
use anyhow::Result;
use chrono::{Days, NaiveDate};
use feltbog_api::cases::{Law, NewCase, Offence, Role, Step, StepInput};
use std::time::{Duration, Instant};

const CASES: usize = 2_000;
const DUE: usize = 100;
/// Views logged after the cases are made, for the chain check's figure.
const VIEWS: usize = 20_000;

fn ago(days: u64) -> NaiveDate {
    today()
        .checked_sub_days(Days::new(days))
        .unwrap_or_default()
}

pub fn run() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut s = session(Kind::Encrypted, dir.path())?;
    let schools = crate::fill_visits(&mut s, BULK_VISITS)?;
    for n in 0..CASES {
        // The first DUE cases were closed three years ago; 400 more last
        // month; the rest are open.
        let back = if n < DUE {
            1_100
        } else {
            60 + (n % 300) as u64
        };
        let c = s.add_case(&NewCase {
            journal: String::new(),
            initials: format!("B{}", char::from(b'A' + (n % 26) as u8)),
            birth_year: 2011,
            school: Some(schools[n % 60]),
            cpr: String::new(),
            law: Law::PenalCode,
            law_other: String::new(),
            offence: Offence::ALL[n % (Offence::ALL.len() - 1)], // not "other"
            offence_other: String::new(),
            offence_date: ago(back + 3),
            notified: ago(back),
            link_to: None,
        })?;
        let id = c.summary.id;
        s.record_step(id, Step::Invited, ago(back - 2), &StepInput::default())?;
        let held = StepInput {
            participants: vec![Role::YoungPerson, Role::Parent, Role::Ssp],
            situation: "Fiktiv beskrivelse af den unges situation til benchmark.".into(),
            consequences: "Fiktive konsekvenser.".into(),
            agreements: "Fiktive aftaler.".into(),
            ..Default::default()
        };
        s.record_step(id, Step::Held, ago(back - 10), &held)?;
        if n < DUE + 400 {
            let close = StepInput {
                reason: "Forløbet er afsluttet".into(),
                ..Default::default()
            };
            s.record_step(id, Step::Closed, ago(back - 20), &close)?;
        }
    }
    let size = std::fs::metadata(dir.path().join("feltbog.db"))?.len();
    let mut list: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            s.cases(false).map(|_| t.elapsed())
        })
        .collect::<Result<_, _>>()?;
    list.sort();
    let t = Instant::now();
    let deleted = s.purge(false)?.len();
    let purge = t.elapsed();
    let t = Instant::now();
    s.purge(false)?;
    let nothing = t.elapsed();
    // Years of use: every case opened ten times, each a logged view.
    let ids: Vec<_> = s.cases(false)?.into_iter().map(|c| c.id).collect();
    for n in 0..VIEWS {
        s.case(ids[n % ids.len()])?;
    }
    let mut verify: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            s.verify_access_log().map(|_| t.elapsed())
        })
        .collect::<Result<_, _>>()?;
    verify.sort();
    let check = s.verify_access_log()?;
    // The check on unlock after a day's work: 20 cases opened since the
    // last unlock (the first check is whole and sets the mark).
    s.check_access_log()?;
    let mut unlock: Vec<Duration> = Vec::new();
    for round in 0..5 {
        for n in 0..20 {
            s.case(ids[(round * 20 + n) % ids.len()])?;
        }
        let t = Instant::now();
        let c = s.check_access_log()?;
        unlock.push(t.elapsed());
        anyhow::ensure!(c.intact() && c.entries == 20, "the check on unlock: {c:?}");
    }
    unlock.sort();
    let backup_file = dir.path().join("bench.feltbog");
    let t = Instant::now();
    let backup = s.backup(&backup_file)?;
    let backup_time = t.elapsed();
    println!(
        "\nFirst-offence cases: {CASES} cases beside {BULK_VISITS} visits ({:.0} MB file):",
        size as f64 / 1e6
    );
    println!(
        "  cases list (deadlines computed)     {:>8}  (median of 9)",
        ms(list[4])
    );
    println!(
        "  purge of {deleted} due cases           {:>8}  (on unlock when a case is due; VACUUM only if 1/4 of the file is free)",
        ms(purge)
    );
    println!(
        "  purge with nothing due             {:>8}  (the cost on every unlock)",
        ms(nothing)
    );
    println!(
        "  access-log chain check, whole log  {:>8}  ({} entries, intact: {}; the log page, `case log --verify`, weekly on unlock; median of 5)",
        ms(verify[2]),
        check.entries,
        check.intact()
    );
    println!(
        "  access-log check on unlock         {:>8}  (the 20 entries new since the last check; median of 5; goal: < 10 ms)",
        ms(unlock[2])
    );
    println!(
        "  backup of the whole profile        {:>8}  ({:.0} MB file)",
        ms(backup_time),
        backup.bytes as f64 / 1e6
    );
    Ok(())
}
