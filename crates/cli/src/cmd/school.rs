//! `feltbog school …`: the municipality's schools.

use crate::common::{invalid, pad, parse_word, print_json, Result};
use clap::{Args, Subcommand};
use feltbog_api::schools::{NewSchool, SchoolKind, SchoolView};
use feltbog_api::Problem;
use feltbog_core::Session;

#[derive(Subcommand)]
pub enum SchoolCmd {
    /// Add a school
    Add(SchoolAdd),
    /// List schools
    List {
        /// Include deactivated schools
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Merge the schools of one name that met through sync into the oldest
    /// (their visits, rounds and cafés follow it; the others are
    /// deactivated), as the app's Skoler page does
    Merge {
        /// The schools' name
        name: String,
    },
}

#[derive(Args)]
pub struct SchoolAdd {
    #[arg(long)]
    pub name: String,
    /// One of: folkeskole privatskole friskole efterskole specialskole ungdomsuddannelse
    #[arg(long, value_parser = parse_word::<SchoolKind>)]
    pub kind: SchoolKind,
    #[arg(long)]
    pub town: String,
    /// Grades taught, e.g. 0-9
    #[arg(long, value_name = "FROM-TO")]
    pub grades: Option<String>,
}

pub fn run(s: &mut Session, cmd: SchoolCmd) -> Result<()> {
    match cmd {
        SchoolCmd::Add(a) => add(s, a),
        SchoolCmd::Merge { name } => merge(s, &name),
        SchoolCmd::List { all, json } => print(&s.schools(all)?, json),
    }
}

fn add(s: &mut Session, a: SchoolAdd) -> Result<()> {
    let (grade_from, grade_to) = match a.grades.as_deref() {
        None => (None, None),
        Some(g) => parse_grades(g)?,
    };
    let school = s.add_school(&NewSchool {
        name: a.name,
        kind: a.kind,
        town: a.town,
        grade_from,
        grade_to,
        active: true,
    })?;
    println!("{}", school.id);
    Ok(())
}

fn parse_grades(g: &str) -> Result<(Option<u8>, Option<u8>)> {
    let bad = || {
        invalid(
            "--grades",
            Problem::NotAllowed,
            "write grades as FROM-TO, e.g. 0-9",
        )
    };
    let (a, b) = g.split_once('-').ok_or_else(bad)?;
    Ok((
        Some(a.trim().parse().map_err(|_| bad())?),
        Some(b.trim().parse().map_err(|_| bad())?),
    ))
}

/// `feltbog school merge NAME`: the duplicates of that name, merged into
/// the one every device keeps.
fn merge(s: &mut Session, name: &str) -> Result<()> {
    let wanted = name.trim().to_lowercase();
    let found = s
        .school_duplicates()?
        .into_iter()
        .find(|d| d.keep.name.to_lowercase() == wanted)
        .ok_or_else(|| {
            invalid(
                "NAME",
                Problem::UnknownReference,
                "no two schools of that name to merge (see `feltbog conflicts`)",
            )
        })?;
    let kept = s.merge_schools(found.keep.id)?;
    eprintln!(
        "merged {} school(s) into {} ({}); the merge reaches the team at the next sync",
        found.others.len(),
        kept.name,
        kept.id
    );
    Ok(())
}

fn print(list: &[SchoolView], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&list);
    }
    let w = list
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{}  {:<17}  {:<14}  {:<6}  ID",
        pad("NAME", w),
        "KIND",
        "TOWN",
        "GRADES"
    );
    for s in list {
        let grades = match (s.grade_from, s.grade_to) {
            (Some(a), Some(b)) => format!("{a}-{b}"),
            _ => "-".into(),
        };
        let town = if s.active {
            s.town.clone()
        } else {
            format!("{} (inactive)", s.town)
        };
        println!(
            "{}  {:<17}  {}  {:<6}  {}",
            pad(&s.name, w),
            s.kind.as_str(),
            pad(&town, 14),
            grades,
            s.id
        );
    }
    Ok(())
}
