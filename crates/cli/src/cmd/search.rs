//! `feltbog search TEXT`: records found by any word (a case by its number
//! only), best match first, as text with ids or as JSON.

use crate::common::{pad, print_json, Result};
use feltbog_api::dates::format_short;
use feltbog_api::search::{SearchHit, SearchItem};
use feltbog_core::Session;

pub fn run(s: &mut Session, text: &str, json: bool) -> Result<()> {
    let found = s.search(text)?;
    if json {
        return print_json(&found);
    }
    if found.hits.is_empty() {
        println!("Nothing found for \"{text}\".");
        return Ok(());
    }
    for h in &found.hits {
        line(h);
    }
    if found.capped {
        println!(
            "\nMore than {} found; the newest {} shown. Add a word to narrow the search.",
            found.total,
            found.hits.len()
        );
    } else if found.total > found.hits.len() {
        println!(
            "\n{} of {} shown; add a word to narrow the search.",
            found.hits.len(),
            found.total
        );
    }
    Ok(())
}

fn line(h: &SearchHit) {
    let (kind, what, id) = describe(&h.item);
    let when = h.date.map(format_short).unwrap_or_default();
    let excerpt: String = h.excerpt.iter().map(|e| e.text.as_str()).collect();
    println!("{}  {}  {}  {}", pad(&when, 10), pad(kind, 9), what, id);
    if !excerpt.trim().is_empty() {
        println!("    {}", excerpt.trim());
    }
}

/// The hit's kind, where or what it is, and the id that opens it.
fn describe(i: &SearchItem) -> (&'static str, String, String) {
    match i {
        SearchItem::School { school, name, town } => {
            ("school", format!("{name}, {town}"), school.to_string())
        }
        SearchItem::Visit {
            visit, school_name, ..
        } => ("visit", school_name.clone(), visit.to_string()),
        SearchItem::FollowUp {
            visit, school_name, ..
        } => (
            "follow-up",
            format!("{school_name} (visit)"),
            visit.to_string(),
        ),
        SearchItem::Cafe { cafe, place } => ("cafe", place.clone(), cafe.to_string()),
        SearchItem::Agreement { cafe, place, .. } => {
            ("agreement", format!("{place} (café)"), cafe.to_string())
        }
        SearchItem::Activity {
            activity,
            activity_kind,
            place,
        } => (
            "activity",
            format!("{place} ({activity_kind})"),
            activity.to_string(),
        ),
        SearchItem::ActivityFollowUp {
            activity, place, ..
        } => (
            "follow-up",
            format!("{place} (activity)"),
            activity.to_string(),
        ),
        SearchItem::Round { round, name } => ("round", name.clone(), round.to_string()),
        SearchItem::Case { case, number } => ("case", number.clone(), case.to_string()),
    }
}
