//! `feltbog survey …`: the youth survey from the command line.

use crate::args::{ClassCmd, ClassSet, RoundAdd, RoundCmd, SurveyCmd};
use crate::output::{json, pad};
use crate::run::{find_school, invalid, parse_date, Result};
use feltbog_api::dates::format_short;
use feltbog_api::survey::{
    grade_from_name, rate, ClassStatus, Counts, NewClass, NewRound, Overview, RoundView, Window,
};
use feltbog_api::Problem;
use feltbog_core::domain::survey::class_key;
use feltbog_core::Session;

pub fn run(s: &mut Session, cmd: SurveyCmd) -> Result<()> {
    match cmd {
        SurveyCmd::Round(RoundCmd::Add(a)) => add_round(s, a),
        SurveyCmd::Round(RoundCmd::List { json: as_json }) => rounds(&s.rounds()?, as_json),
        SurveyCmd::Round(RoundCmd::Delete { round }) => {
            let r = find_round(s, &round)?;
            s.delete_round(r.id)?;
            eprintln!(
                "round '{}' and its {} classes are deleted",
                r.name, r.classes
            );
            Ok(())
        }
        SurveyCmd::Class(ClassCmd::Set(c)) => set_class(s, c),
        SurveyCmd::Class(ClassCmd::Copy { from, to, school }) => {
            let (from, to) = (find_round(s, &from)?.id, find_round(s, &to)?.id);
            let school = school.map(|n| find_school(s, &n)).transpose()?;
            let done = s.copy_classes(from, to, school)?;
            eprintln!(
                "{} classes copied one grade up; {} already there were left alone",
                done.copied, done.skipped
            );
            Ok(())
        }
        SurveyCmd::Status {
            round,
            school,
            json: as_json,
        } => {
            let r = find_round(s, &round)?;
            let school = school.map(|n| find_school(s, &n)).transpose()?;
            let mut o = s.survey_overview(r.id)?;
            if let Some(school) = school {
                o.schools.retain(|p| p.school == school);
            }
            if as_json {
                json(&o)
            } else {
                status(&o);
                Ok(())
            }
        }
        SurveyCmd::Import { round, file } => {
            let r = find_round(s, &round)?;
            // At most one byte past the limit: the import says the file is
            // too large without reading all of a wrong, huge file.
            let limit = feltbog_core::domain::survey_import::MAX_BYTES as u64 + 1;
            let mut bytes = Vec::new();
            std::fs::File::open(&file)
                .and_then(|f| {
                    std::io::Read::read_to_end(&mut std::io::Read::take(f, limit), &mut bytes)
                })
                .map_err(|e| {
                    invalid(
                        "FILE",
                        Problem::NotAllowed,
                        format!("cannot read {}: {e}", file.display()),
                    )
                })?;
            let done = s.import_classes(r.id, &bytes)?;
            eprintln!(
                "imported into '{}': {} classes added, {} updated",
                r.name, done.added, done.updated
            );
            Ok(())
        }
    }
}

fn find_round(s: &Session, name_or_id: &str) -> Result<RoundView> {
    match s.find_round(name_or_id) {
        Err(feltbog_core::Error::NotFound(_)) => Err(invalid(
            "--round",
            Problem::UnknownReference,
            format!("no survey round named '{name_or_id}'; see `feltbog survey round list`"),
        )),
        other => Ok(other?),
    }
}

fn add_round(s: &mut Session, a: RoundAdd) -> Result<()> {
    let r = s.add_round(&NewRound {
        name: a.name,
        questionnaire: a.questionnaire,
        window_from: parse_date("--from", &a.from)?,
        window_to: parse_date("--to", &a.to)?,
        target_percent: a.target,
        small_threshold: a.small_threshold,
    })?;
    println!("{}", r.id);
    Ok(())
}

/// Adds the class, or changes the options given on an existing one.
fn set_class(s: &mut Session, a: ClassSet) -> Result<()> {
    let round = find_round(s, &a.round)?;
    let school = find_school(s, &a.school)?;
    let existing = s
        .classes(round.id, Some(school))?
        .into_iter()
        .find(|c| class_key(&c.name) == class_key(&a.name));
    let grade = match (a.grade, &existing) {
        (Some(g), _) => g,
        (None, Some(c)) => c.grade,
        (None, None) => grade_from_name(&a.name).ok_or_else(|| {
            invalid(
                "--grade",
                Problem::Required,
                format!("'{}' does not start with a grade; give --grade", a.name),
            )
        })?,
    };
    let old = existing.as_ref();
    let answered = a.answered.or(old.map(|c| c.answered)).unwrap_or(0);
    let status = a
        .status
        .or(old.map(|c| c.status))
        .unwrap_or(ClassStatus::NotStarted.after_answers(answered));
    let class = NewClass {
        round: round.id,
        school,
        name: a.name,
        grade,
        enrolled: a.enrolled,
        answered,
        absent: a.absent.or(old.map(|c| c.absent)).unwrap_or(0),
        status,
        reason: a
            .reason
            .or(old.map(|c| c.reason.clone()))
            .unwrap_or_default(),
        taken_on: match a.date {
            Some(d) => Some(parse_date("--date", &d)?),
            None => old.and_then(|c| c.taken_on),
        },
    };
    let saved = s
        .save_class(existing.map(|c| c.id), &class)
        .map_err(|e| match e {
            // The class's name is given with --class here.
            feltbog_core::Error::Invalid {
                field,
                problem,
                message,
            } if field == "name" => feltbog_core::Error::Invalid {
                field: "--class".into(),
                problem,
                message,
            },
            other => other,
        })?;
    println!("{}", saved.id);
    Ok(())
}

fn rounds(list: &[RoundView], as_json: bool) -> Result<()> {
    if as_json {
        return json(&list);
    }
    let w = list
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{}  {:<15}  {:<10}  {:<10}  {:>6}  {:>7}  ID",
        pad("NAME", w),
        "QUESTIONNAIRE",
        "FROM",
        "TO",
        "TARGET",
        "CLASSES"
    );
    for r in list {
        println!(
            "{}  {:<15}  {:<10}  {:<10}  {:>5}%  {:>7}  {}",
            pad(&r.name, w),
            r.questionnaire.as_str(),
            format_short(r.window_from),
            format_short(r.window_to),
            r.target_percent,
            r.classes,
            r.id
        );
    }
    Ok(())
}

fn percent(answered: u32, enrolled: u32) -> String {
    rate(answered, enrolled).map_or("-".into(), |p| format!("{p:.0} %"))
}

fn status(o: &Overview) {
    let r = &o.round;
    let window = match o.window {
        Window::NotOpen { days } => format!("opens in {days} days"),
        Window::Open { days } => format!("open, {days} days left"),
        Window::Closed => "closed".into(),
    };
    println!(
        "{} ({}), {} to {}: {window}; target {} %",
        r.name,
        r.questionnaire.as_str(),
        format_short(r.window_from),
        format_short(r.window_to),
        r.target_percent
    );
    let w = o
        .schools
        .iter()
        .map(|s| s.school_name.chars().count())
        .max()
        .unwrap_or(12)
        .max(20);
    let line = |label: &str, c: &Counts, band: &str| {
        println!(
            "{}  {:>8}  {:>8}  {:>6}  {:>9}  {band}",
            pad(label, w),
            c.enrolled,
            c.answered,
            percent(c.answered, c.enrolled),
            c.classes_open
        );
    };
    println!(
        "{}  {:>8}  {:>8}  {:>6}  {:>9}  STANDING",
        pad("SCHOOL", w),
        "ENROLLED",
        "ANSWERED",
        "RATE",
        "NOT DONE"
    );
    for s in &o.schools {
        line(&s.school_name, &s.counts, s.band.as_str());
        for g in &s.grades {
            let label = match g.grade {
                Some(g) => format!("  grade {g}"),
                None => "  all grades (small)".into(),
            };
            let earlier: Vec<String> = g
                .earlier
                .iter()
                .map(|e| format!("{} {}", e.round_name, percent(e.answered, e.enrolled)))
                .collect();
            let earlier = if earlier.is_empty() {
                String::new()
            } else {
                format!("(earlier: {})", earlier.join(", "))
            };
            line(&label, &g.counts, &earlier);
        }
    }
    line("MUNICIPALITY", &o.total, o.band.as_str());
}
