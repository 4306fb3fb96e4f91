//! `feltbog survey …`: the youth survey from the command line.

use crate::common::{find_school, invalid, pad, parse_date, parse_word, print_json, Result};
use clap::{Args, Subcommand};
use feltbog_api::dates::format_short;
use feltbog_api::survey::{
    rate, ClassByName, ClassStatus, Counts, NewRound, Overview, Questionnaire, RoundView, Window,
};
use feltbog_api::Problem;
use feltbog_core::Session;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum SurveyCmd {
    /// Survey rounds
    #[command(subcommand)]
    Round(RoundCmd),
    /// A class's counts in a round
    #[command(subcommand)]
    Class(ClassCmd),
    /// Progress per school and for the municipality, worst first
    Status {
        /// Round name or id
        #[arg(long)]
        round: String,
        /// Only this school (name or id)
        #[arg(long)]
        school: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Import classes from a CSV file (columns: school, class, grade,
    /// enrolled, answered, absent); all lines or none
    Import {
        /// Round name or id
        #[arg(long)]
        round: String,
        /// The CSV file (UTF-8 or Windows-1252; `;`, `,` or tab separated)
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum RoundCmd {
    /// Set up a round; prints the new id
    Add(RoundAdd),
    /// List rounds, newest first
    List {
        #[arg(long)]
        json: bool,
    },
    /// Delete a round and all its classes for good
    Delete {
        /// Round name or id
        round: String,
    },
}

#[derive(Args)]
pub struct RoundAdd {
    /// e.g. "Ungeprofilundersøgelsen 2026/27"
    #[arg(long)]
    pub name: String,
    /// One of: grades7-9 youth-education
    #[arg(long, value_parser = parse_word::<Questionnaire>)]
    pub questionnaire: Questionnaire,
    /// First day of the survey window, YYYY-MM-DD
    #[arg(long)]
    pub from: String,
    /// Last day of the survey window, YYYY-MM-DD
    #[arg(long)]
    pub to: String,
    /// Target response rate in percent, 1-100
    #[arg(long)]
    pub target: u8,
    /// Fewer pupils than this in a grade and the school is shown for all
    /// grades together (1-10)
    #[arg(long, default_value_t = feltbog_api::survey::SMALL_THRESHOLD_DEFAULT)]
    pub small_threshold: u8,
}

#[derive(Subcommand)]
pub enum ClassCmd {
    /// Add a class or change its counts (options left out keep their values)
    Set(ClassSet),
    /// Copy last year's classes one grade up into a round
    Copy {
        /// The earlier round (name or id)
        #[arg(long)]
        from: String,
        /// The new round (name or id)
        #[arg(long)]
        to: String,
        /// Only this school (name or id)
        #[arg(long)]
        school: Option<String>,
    },
}

#[derive(Args)]
pub struct ClassSet {
    /// Round name or id
    #[arg(long)]
    pub round: String,
    /// School name or id
    #[arg(long)]
    pub school: String,
    /// The class's name, e.g. 7.a
    #[arg(long = "class")]
    pub name: String,
    /// Pupils in the class
    #[arg(long)]
    pub enrolled: u32,
    /// Grade (7-9; or 10 and 1-3 for youth education) [default: from the name]
    #[arg(long)]
    pub grade: Option<u8>,
    #[arg(long)]
    pub answered: Option<u32>,
    #[arg(long)]
    pub absent: Option<u32>,
    /// One of: not-started in-progress done cannot-take-part
    #[arg(long, value_parser = parse_word::<ClassStatus>)]
    pub status: Option<ClassStatus>,
    /// Why the class cannot take part
    #[arg(long)]
    pub reason: Option<String>,
    /// The day the class took the survey, YYYY-MM-DD
    #[arg(long)]
    pub date: Option<String>,
}

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
                print_json(&o)
            } else {
                status(&o);
                Ok(())
            }
        }
        SurveyCmd::Import { round, file } => {
            let r = find_round(s, &round)?;
            let done = s.import_class_file(r.id, &file)?;
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
    let class = ClassByName {
        round: find_round(s, &a.round)?.id,
        school: find_school(s, &a.school)?,
        name: a.name,
        grade: a.grade,
        enrolled: a.enrolled,
        answered: a.answered,
        absent: a.absent,
        status: a.status,
        reason: a.reason,
        taken_on: a.date.map(|d| parse_date("--date", &d)).transpose()?,
    };
    let saved = s.set_class_by_name(&class).map_err(|e| match e {
        // The class's name and grade are given with --class and --grade here.
        feltbog_core::Error::Invalid {
            field,
            problem,
            message,
        } if field == "name" || field == "grade" => feltbog_core::Error::Invalid {
            field: if field == "name" {
                "--class"
            } else {
                "--grade"
            }
            .into(),
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
        return print_json(&list);
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
