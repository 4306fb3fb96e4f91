//! Printing: readable tables by default, stable JSON with `--json` (the
//! api types serialized as they are; see docs/USER-GUIDE.md, "The command line").

use feltbog_api::cafes::{CafeView, DueAgreement};
use feltbog_api::dates::format_short;
use feltbog_api::schools::SchoolView;
use feltbog_api::visits::{DueFollowUp, VisitView};
use feltbog_api::{ApiError, ErrorKind};
use serde::Serialize;

type Result<T> = std::result::Result<T, ApiError>;

pub fn json<T: Serialize>(v: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(v)
        .map_err(|e| ApiError::new(ErrorKind::Internal, e.to_string()))?;
    println!("{s}");
    Ok(())
}

/// Pads to a width in characters, so æ, ø and å line up.
pub fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

pub fn schools(list: &[SchoolView], as_json: bool) -> Result<()> {
    if as_json {
        return json(&list);
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

pub fn visits(list: &[VisitView], as_json: bool) -> Result<()> {
    if as_json {
        return json(&list);
    }
    let w = list
        .iter()
        .map(|v| v.school_name.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    println!(
        "{:<10}  {:<7}  {}  {:<14}  {:<12}  ID",
        "DATE",
        "STATUS",
        pad("SCHOOL", w),
        "PURPOSE",
        "CLASSES"
    );
    for v in list {
        println!(
            "{:<10}  {:<7}  {}  {:<14}  {:<12}  {}",
            format_short(v.date),
            v.status.as_str(),
            pad(&v.school_name, w),
            v.purpose.as_str(),
            v.classes.join(","),
            v.id
        );
    }
    Ok(())
}

pub fn follow_ups(list: &[DueFollowUp], as_json: bool) -> Result<()> {
    if as_json {
        return json(&list);
    }
    for f in list {
        println!(
            "{}  {}  {}",
            format_short(f.follow_up.due),
            f.school_name,
            f.follow_up.text
        );
    }
    Ok(())
}

pub fn cafes(list: &[CafeView], as_json: bool) -> Result<()> {
    if as_json {
        return json(&list);
    }
    let w = list
        .iter()
        .map(|c| c.place.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    println!(
        "{:<10}  {:<7}  {}  {:<13}  {:>7}  {:>7}  ID",
        "DATE",
        "STATUS",
        pad("PLACE", w),
        "THEME",
        "PARENTS",
        "INVITED"
    );
    for c in list {
        let invited = c.invited.map_or("-".into(), |i| i.to_string());
        println!(
            "{:<10}  {:<7}  {}  {:<13}  {:>7}  {:>7}  {}",
            format_short(c.date),
            c.status.as_str(),
            pad(&c.place, w),
            c.theme.as_str(),
            c.parents,
            invited,
            c.id
        );
    }
    Ok(())
}

pub fn agreements(list: &[DueAgreement], as_json: bool) -> Result<()> {
    if as_json {
        return json(&list);
    }
    for a in list {
        println!(
            "{}  {}  {}",
            format_short(a.agreement.revisit),
            a.place,
            a.agreement.text
        );
    }
    Ok(())
}
