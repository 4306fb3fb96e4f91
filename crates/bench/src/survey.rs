//! The survey overview of a large municipality: 60 schools × 12 classes ×
//! 10 rounds, on the encrypted store.

use crate::{ms, session, today, Kind};
use anyhow::Result;
use chrono::NaiveDate;
use feltbog_api::survey::{ClassStatus, NewClass, NewRound, Questionnaire};
use feltbog_core::domain::survey::{validate_class, validate_round};
use feltbog_core::domain::survey_overview::{overview, RoundClasses};
use std::time::{Duration, Instant};

const SCHOOLS: usize = 60;
const CLASSES_PER_SCHOOL: usize = 12;
const ROUNDS: i32 = 10;

pub fn run() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut s = session(Kind::Encrypted, dir.path())?;
    let mut schools = Vec::new();
    for i in 0..SCHOOLS {
        schools.push(s.add_school(&crate::school(i))?.id);
    }
    let mut rounds = Vec::new();
    for n in 0..ROUNDS {
        let year = 2017 + n;
        let date = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let round = validate_round(&NewRound {
            name: format!("Ungeprofilundersøgelsen {year}/{}", (year + 1) % 100),
            questionnaire: Questionnaire::Grades7To9,
            window_from: date(year, 11, 2),
            window_to: date(year + 1, 1, 29),
            target_percent: 85,
            small_threshold: 5,
        })?;
        let id = s
            .store_mut_for_bench()
            .with_tx(|tx| tx.insert_round(&round))?;
        let classes = schools
            .iter()
            .enumerate()
            .flat_map(|(si, school)| (0..CLASSES_PER_SCHOOL).map(move |c| (si, *school, c)))
            .map(|(si, school, c)| {
                let grade = 7 + (c % 3) as u8;
                let enrolled = 18 + ((si + c) % 10) as u32;
                validate_class(
                    &NewClass {
                        round: id,
                        school,
                        name: format!("{grade}.{}", (b'a' + (c / 3) as u8) as char),
                        grade,
                        enrolled,
                        answered: enrolled * ((si + c + n as usize) % 10) as u32 / 10,
                        absent: 0,
                        status: ClassStatus::ALL[c % 4],
                        reason: "Fiktiv".into(),
                        taken_on: None,
                    },
                    Questionnaire::Grades7To9,
                    today(),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        s.store_mut_for_bench().with_tx(|tx| {
            classes
                .iter()
                .try_for_each(|c| tx.write_class(None, c).map(|_| ()))
        })?;
        rounds.push(id);
    }
    let newest = rounds[rounds.len() - 1];

    let mut with_store: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            s.survey_overview(newest).map(|_| t.elapsed())
        })
        .collect::<Result<_, _>>()?;
    with_store.sort();

    // The computation alone, on rows already read.
    let all_rounds = s.rounds()?;
    let classes = all_rounds
        .iter()
        .map(|r| s.classes(r.id, None))
        .collect::<Result<Vec<_>, _>>()?;
    let mut compute: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            let earlier: Vec<RoundClasses<'_>> = all_rounds[1..]
                .iter()
                .zip(&classes[1..])
                .map(|(round, classes)| RoundClasses { round, classes })
                .collect();
            let o = overview(
                RoundClasses {
                    round: &all_rounds[0],
                    classes: &classes[0],
                },
                &earlier,
                today(),
            );
            std::hint::black_box(o);
            t.elapsed()
        })
        .collect();
    compute.sort();
    println!(
        "\nSurvey overview, {SCHOOLS} schools × {CLASSES_PER_SCHOOL} classes × {ROUNDS} rounds \
         (with comparison to the 9 earlier rounds), median of 9:"
    );
    println!(
        "  read from the encrypted store + computed {:>8}   computed alone {:>8}   (goal: < 20 ms)",
        ms(with_store[4]),
        ms(compute[4])
    );
    Ok(())
}
