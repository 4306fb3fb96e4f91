//! `feltbog activity …`: activities (street presence, group work, theme
//! days, class talks, network meetings) from the command line, counted by
//! the young people and adults they reached; never a name.

use crate::common::{find_school, invalid, pad, parse_date, parse_word, print_json, Result};
use clap::{Args, Subcommand};
use feltbog_api::activities::{
    ActivityFilter, ActivityFollowUpInput, ActivityKind, ActivityView, NewActivity,
};
use feltbog_api::cafes::Partner;
use feltbog_api::dates::format_short;
use feltbog_api::{ActivityId, Problem};
use feltbog_core::Session;

#[derive(Subcommand)]
pub enum ActivityCmd {
    /// Record an activity; prints the new id
    Add(Box<ActivityAdd>),
    /// List activities, newest first
    List {
        /// From this date (YYYY-MM-DD), inclusive
        #[arg(long)]
        from: Option<String>,
        /// To this date (YYYY-MM-DD), inclusive
        #[arg(long)]
        to: Option<String>,
        /// School name or id
        #[arg(long)]
        school: Option<String>,
        /// One of: street group event class-talk network other
        #[arg(long, value_parser = parse_word::<ActivityKind>)]
        kind: Option<ActivityKind>,
        #[arg(long)]
        json: bool,
    },
    /// Delete an activity for good
    Delete { id: String },
}

#[derive(Args)]
pub struct ActivityAdd {
    /// YYYY-MM-DD
    #[arg(long)]
    pub date: String,
    /// One of: street group event class-talk network other
    #[arg(long, value_parser = parse_word::<ActivityKind>)]
    pub kind: ActivityKind,
    /// School name or id (or give --area for a town or area)
    #[arg(long, required_unless_present = "area", conflicts_with = "area")]
    pub school: Option<String>,
    /// Town or area, e.g. "Bymidten"
    #[arg(long)]
    pub area: Option<String>,
    /// How many young people it reached (a number, never names)
    #[arg(long, default_value_t = 0)]
    pub young: u32,
    /// How many adults it reached (parents, staff, partners)
    #[arg(long, default_value_t = 0)]
    pub adults: u32,
    /// The grades it was for, comma separated, e.g. 7,8
    #[arg(long, value_delimiter = ',')]
    pub grades: Vec<u8>,
    /// The ages it was for, as FROM-TO, e.g. 13-16
    #[arg(long, value_name = "FROM-TO")]
    pub ages: Option<String>,
    /// Partners present, comma separated: police health-nurse youth-club school-staff other
    #[arg(long, value_delimiter = ',', value_parser = parse_word::<Partner>)]
    pub partners: Vec<Partner>,
    /// Who the other partner is, when --partners has other
    #[arg(long, default_value = "")]
    pub partner_text: String,
    /// What it was about, in a few words
    #[arg(long, default_value = "")]
    pub theme: String,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// A follow-up as TEXT@YYYY-MM-DD; may be repeated
    #[arg(long = "follow-up", value_name = "TEXT@DATE")]
    pub follow_ups: Vec<String>,
    /// The member responsible (ansvarlig), by name [default: you]
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

pub fn run(s: &mut Session, cmd: ActivityCmd) -> Result<()> {
    match cmd {
        ActivityCmd::Add(a) => add(s, *a),
        ActivityCmd::List {
            from,
            to,
            school,
            kind,
            json,
        } => {
            let filter = ActivityFilter {
                school: school.map(|n| find_school(s, &n)).transpose()?,
                kind,
                from: from.map(|d| parse_date("--from", &d)).transpose()?,
                to: to.map(|d| parse_date("--to", &d)).transpose()?,
            };
            print(&s.activities(&filter)?, json)
        }
        ActivityCmd::Delete { id } => {
            let activity: ActivityId = id.parse().map_err(|_| {
                invalid(
                    "ID",
                    Problem::NotAllowed,
                    format!("'{id}' is not an activity id; see `feltbog activity list`"),
                )
            })?;
            s.delete_activity(activity)?;
            eprintln!("activity {id} is deleted");
            Ok(())
        }
    }
}

/// `13-16` as (13, 16), by the rule the app's form reads it with.
fn parse_ages(text: &str) -> Result<(u8, u8)> {
    feltbog_api::activities::parse_ages(text).ok_or_else(|| {
        invalid(
            "--ages",
            Problem::NotAllowed,
            format!("'{text}' is not an age range; write it as FROM-TO, e.g. 13-16"),
        )
    })
}

fn add(s: &mut Session, a: ActivityAdd) -> Result<()> {
    let school = a.school.as_deref().map(|n| find_school(s, n)).transpose()?;
    let activity = NewActivity {
        date: parse_date("--date", &a.date)?,
        kind: a.kind,
        school,
        area: a.area.unwrap_or_default(),
        grades: a.grades,
        ages: a.ages.as_deref().map(parse_ages).transpose()?,
        young: a.young,
        adults: a.adults,
        partners: a.partners,
        partner_other: a.partner_text,
        theme: a.theme,
        notes: a.notes,
        follow_ups: a
            .follow_ups
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let (text, due) = super::visit::follow_up_flag(i, f)?;
                Ok(ActivityFollowUpInput {
                    id: None,
                    text,
                    due,
                    done: false,
                })
            })
            .collect::<Result<_>>()?,
    };
    let done = s
        .record_activity_for(&activity, a.owner.as_deref())
        .map_err(crate::common::owner_flag)?;
    println!("{}", done.id);
    Ok(())
}

fn print(list: &[ActivityView], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&list);
    }
    let w = list
        .iter()
        .map(|a| a.place.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    println!(
        "{:<10}  {:<10}  {}  {:>5}  {:>6}  ID",
        "DATE",
        "KIND",
        pad("PLACE", w),
        "YOUNG",
        "ADULTS"
    );
    for a in list {
        println!(
            "{:<10}  {:<10}  {}  {:>5}  {:>6}  {}",
            format_short(a.date),
            a.kind.as_str(),
            pad(&a.place, w),
            a.young,
            a.adults,
            a.id
        );
    }
    Ok(())
}
