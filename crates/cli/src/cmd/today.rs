//! `feltbog today`: Overblik on the command line, what needs doing by
//! urgency, as text or JSON (the same value the app's first page shows).

use crate::common::{hold_text, pad, print_json, Result};
use feltbog_api::dates::{format_short, IsoWeek};
use feltbog_api::desk::{CaseTask, Desk, DeskAttention, DeskItem, DeskLine, DeskRound};
use feltbog_core::Session;

pub fn run(s: &mut Session, mine: bool, json: bool) -> Result<()> {
    let desk = s.desk_for(mine, false)?;
    if json {
        return print_json(&desk);
    }
    println!(
        "Overblik {} (week {}), looking ahead to {}",
        format_short(desk.day),
        IsoWeek::of(desk.day).week,
        format_short(desk.until)
    );
    group("OVERDUE", &desk.overdue, &desk);
    group("TODAY", &desk.due_today, &desk);
    group("NEXT 7 DAYS", &desk.coming, &desk);
    if !desk.waiting.is_empty() {
        group(
            "WAITING (conversation offered, not yet held)",
            &desk.waiting,
            &desk,
        );
    }
    for r in &desk.rounds {
        round(r);
    }
    attention(&desk.attention);
    Ok(())
}

fn group(title: &str, lines: &[DeskLine], desk: &Desk) {
    println!("\n{title}");
    if lines.is_empty() {
        println!("  nothing");
        return;
    }
    for l in lines {
        let (kind, what, id) = describe(l, desk);
        println!(
            "  {}  {}  {}  {}",
            format_short(l.date),
            pad(kind, 9),
            what,
            id
        );
    }
}

/// The line's kind, what it says and the id that opens it.
fn describe(l: &DeskLine, desk: &Desk) -> (&'static str, String, String) {
    match &l.item {
        DeskItem::Visit {
            visit,
            school_name,
            purpose,
            purpose_other,
        } => {
            let purpose = match purpose_other.is_empty() {
                true => purpose.as_str().to_string(),
                false => purpose_other.clone(),
            };
            let late = if l.date < desk.day {
                ", planned and not marked done"
            } else {
                ""
            };
            (
                "visit",
                format!("{school_name} ({purpose}{late})"),
                visit.to_string(),
            )
        }
        DeskItem::FollowUp {
            visit,
            text,
            school_name,
            ..
        } => (
            "follow-up",
            format!("{school_name}: {text}"),
            visit.to_string(),
        ),
        DeskItem::Agreement {
            cafe, text, place, ..
        } => ("agreement", format!("{place}: {text}"), cafe.to_string()),
        DeskItem::ActivityFollowUp {
            activity,
            text,
            place,
            ..
        } => (
            "follow-up",
            format!("{place} (activity): {text}"),
            activity.to_string(),
        ),
        DeskItem::Case {
            case,
            number,
            task,
            notified,
        } => {
            let what = match task {
                CaseTask::Offer => "offer a conversation".to_string(),
                CaseTask::FollowUp => "hold the follow-up".to_string(),
                CaseTask::Conversation => format!(
                    "conversation offered, not held ({} days since the notification)",
                    (desk.day - *notified).num_days()
                ),
            };
            ("case", format!("{number}: {what}"), case.to_string())
        }
    }
}

fn round(r: &DeskRound) {
    println!(
        "\nSURVEY {}: {} day(s) left (to {}), target {} %",
        r.name,
        r.days_left,
        format_short(r.window_to),
        r.target_percent
    );
    let w = r
        .schools
        .iter()
        .map(|s| s.school_name.chars().count())
        .max()
        .unwrap_or(6);
    for s in &r.schools {
        let rate = s
            .counts
            .rate_percent()
            .map_or("-".to_string(), |p| format!("{p:.0} %"));
        println!(
            "  {}  {:>4}/{:<4}  {:>5}  {}",
            pad(&s.school_name, w),
            s.counts.answered,
            s.counts.enrolled,
            rate,
            s.band.as_str()
        );
    }
}

fn attention(a: &DeskAttention) {
    if !a.any() {
        return;
    }
    println!("\nNEEDS A PERSON");
    if a.conflicts > 0 {
        println!("  {} sync conflict(s): `feltbog conflicts`", a.conflicts);
    }
    if a.lost_edits > 0 {
        println!(
            "  {} edit(s) lost to a delete: `feltbog conflicts`",
            a.lost_edits
        );
    }
    if a.sync_alarms > 0 {
        println!(
            "  {} kind(s) of sync alarm: `feltbog sync status`",
            a.sync_alarms
        );
    }
    if let Some(h) = &a.purge_hold {
        println!("  {}", hold_text(h));
    }
    if a.access_log_broken {
        println!("  the access log was changed outside Feltbog: `feltbog case log --verify`");
    }
}
