//! `feltbog visit …` and `feltbog follow-ups`: school visits and the
//! follow-ups agreed at them.

use crate::common::{
    find_school, invalid, owner_flag, pad, parse_date, parse_word, print_json, Result,
};
use clap::{Args, Subcommand};
use feltbog_api::dates::{format_short, IsoWeek};
use feltbog_api::visits::{
    DueFollowUp, FollowUpInput, NewVisit, VisitFilter, VisitPurpose, VisitStatus, VisitView,
};
use feltbog_api::{Problem, VisitId};
use feltbog_core::Session;

#[derive(Subcommand)]
pub enum VisitCmd {
    /// Record a visit (done unless --planned); prints the new id
    Add(VisitAdd),
    /// List visits, newest first
    List {
        /// School name or id
        #[arg(long)]
        school: Option<String>,
        /// ISO week, e.g. 2026-W47
        #[arg(long, value_parser = parse_word::<IsoWeek>)]
        week: Option<IsoWeek>,
        /// Only what you are responsible for
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        json: bool,
    },
    /// Mark a planned visit as done
    Done { id: String },
    /// Delete a visit and its follow-ups for good
    Delete { id: String },
}

#[derive(Args)]
pub struct VisitAdd {
    /// School name or id
    #[arg(long)]
    pub school: String,
    /// YYYY-MM-DD
    #[arg(long)]
    pub date: String,
    /// One of: survey class-talk management ssp-group parent-meeting other
    #[arg(long, value_parser = parse_word::<VisitPurpose>)]
    pub purpose: VisitPurpose,
    /// What the purpose is, when --purpose other
    #[arg(long, default_value = "")]
    pub purpose_text: String,
    /// Classes met, comma separated, e.g. 7a,8b
    #[arg(long, value_delimiter = ',')]
    pub classes: Vec<String>,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Record it as planned rather than done
    #[arg(long)]
    pub planned: bool,
    /// A follow-up as TEXT@YYYY-MM-DD; may be repeated
    #[arg(long = "follow-up", value_name = "TEXT@DATE")]
    pub follow_ups: Vec<String>,
    /// The member responsible (ansvarlig), by name [default: you]
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

pub fn run(s: &mut Session, cmd: VisitCmd) -> Result<()> {
    match cmd {
        VisitCmd::Add(a) => add(s, a),
        VisitCmd::List {
            school,
            week,
            mine,
            json,
        } => {
            let school = school.map(|n| find_school(s, &n)).transpose()?;
            let mut list = s.visits(&VisitFilter { school, week })?;
            if mine {
                let own = s.ownership()?;
                list.retain(|v| own.owns(&v.owner));
            }
            print(&list, json)
        }
        VisitCmd::Done { id } => {
            let v = s.mark_visit_done(visit_id(&id)?)?;
            eprintln!("visit {} is marked done", v.id);
            Ok(())
        }
        VisitCmd::Delete { id } => {
            s.delete_visit(visit_id(&id)?)?;
            eprintln!("visit {id} is deleted");
            Ok(())
        }
    }
}

/// `feltbog follow-ups`: every open follow-up, oldest due first.
pub fn follow_ups(s: &Session, mine: bool, json: bool) -> Result<()> {
    let mut list = s.due_follow_ups(None)?;
    if mine {
        let own = s.ownership()?;
        list.retain(|f| own.owns(&f.follow_up.owner));
    }
    print_follow_ups(&list, json)
}

fn add(s: &mut Session, a: VisitAdd) -> Result<()> {
    let school = find_school(s, &a.school)?;
    let follow_ups = a
        .follow_ups
        .iter()
        .enumerate()
        .map(|(i, f)| parse_follow_up(i, f))
        .collect::<Result<_>>()?;
    let visit = NewVisit {
        school,
        date: parse_date("--date", &a.date)?,
        status: if a.planned {
            VisitStatus::Planned
        } else {
            VisitStatus::Done
        },
        purpose: a.purpose,
        purpose_other: a.purpose_text,
        classes: a.classes,
        notes: a.notes,
        follow_ups,
    };
    let v = s
        .record_visit_for(&visit, a.owner.as_deref())
        .map_err(owner_flag)?;
    println!("{}", v.id);
    Ok(())
}

fn parse_follow_up(i: usize, f: &str) -> Result<FollowUpInput> {
    let (text, due) = follow_up_flag(i, f)?;
    Ok(FollowUpInput {
        id: None,
        text,
        due,
        done: false,
    })
}

/// The `i`th `--follow-up TEXT@YYYY-MM-DD` (of a visit or an activity) as
/// its text and day.
pub(crate) fn follow_up_flag(i: usize, f: &str) -> Result<(String, chrono::NaiveDate)> {
    let field = format!("--follow-up {}", i + 1);
    let (text, due) = f.rsplit_once('@').ok_or_else(|| {
        invalid(
            &field,
            Problem::NotAllowed,
            "write a follow-up as TEXT@YYYY-MM-DD",
        )
    })?;
    Ok((text.into(), parse_date(&field, due)?))
}

fn visit_id(s: &str) -> Result<VisitId> {
    s.parse().map_err(|_| {
        invalid(
            "ID",
            Problem::NotAllowed,
            format!("'{s}' is not a visit id"),
        )
    })
}

fn print(list: &[VisitView], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&list);
    }
    let w = list
        .iter()
        .map(|v| v.school_name.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    println!(
        "{:<10}  {:<7}  {}  {:<14}  {:<12}  {:<16}  ID",
        "DATE",
        "STATUS",
        pad("SCHOOL", w),
        "PURPOSE",
        "CLASSES",
        "RESPONSIBLE"
    );
    for v in list {
        println!(
            "{:<10}  {:<7}  {}  {:<14}  {:<12}  {:<16}  {}",
            format_short(v.date),
            v.status.as_str(),
            pad(&v.school_name, w),
            v.purpose.as_str(),
            v.classes.join(","),
            v.owner,
            v.id
        );
    }
    Ok(())
}

fn print_follow_ups(list: &[DueFollowUp], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&list);
    }
    for f in list {
        println!(
            "{}  {}  {}  ({})",
            format_short(f.follow_up.due),
            f.school_name,
            f.follow_up.text,
            f.follow_up.owner
        );
    }
    Ok(())
}
