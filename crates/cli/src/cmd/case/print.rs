//! How `feltbog case …` prints: tables for people, `--json` for scripts.

use crate::common::{pad, print_json, Result};
use feltbog_api::cases::{
    AccessEntry, CaseSummary, CaseView, ChainCheck, DeadlineKind, DeletionRecord,
};
use feltbog_api::profile::RetentionCounts;
use serde::Serialize;

pub fn list(cases: &[CaseSummary], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&cases);
    }
    println!(
        "{}  {}  {}  {}  {}  SCHOOL",
        pad("NUMBER", 11),
        pad("STEP", 17),
        pad("NOTIFIED", 10),
        pad("DUE", 26),
        pad("DAYS", 4)
    );
    for c in cases {
        let due = c.deadline.map_or(String::new(), |d| {
            let what = match d.kind {
                DeadlineKind::Offer => "offer",
                DeadlineKind::FollowUp => "follow-up",
            };
            let late = if d.overdue { " OVERDUE" } else { "" };
            format!("{what} {}{late}", d.due)
        });
        let days = c
            .days_to_conversation
            .map_or(String::new(), |d| d.to_string());
        let repeat = if c.repeat { "  (repeat)" } else { "" };
        println!(
            "{}  {}  {}  {}  {}  {}{repeat}",
            pad(&c.number, 11),
            pad(c.step.as_str(), 17),
            c.notified,
            pad(&due, 26),
            pad(&days, 4),
            c.school_name
        );
    }
    Ok(())
}

pub fn show(c: &CaseView) {
    let s = &c.summary;
    println!("case         {}", s.number);
    println!("young person {} (born {})", c.initials, c.birth_year);
    if c.cpr_registered {
        println!("cpr          registered (birth year {})", c.birth_year);
    }
    println!("school       {}", s.school_name);
    println!("law          {} {}", s.law, c.law_other);
    println!(
        "offence      {} {} on {}",
        s.offence, c.offence_other, c.offence_date
    );
    if !c.journal.is_empty() {
        println!("journal      {}", c.journal);
    }
    println!("step         {} since {}", s.step, s.step_date);
    if let Some(d) = s.deadline {
        let late = if d.overdue { " (overdue)" } else { "" };
        println!("due          {}{late}", d.due);
    }
    if let Some(days) = s.days_to_conversation {
        println!("days to conversation {days}");
    }
    if s.repeat {
        let earlier = c
            .linked
            .as_ref()
            .map_or("an earlier case (deleted)".to_owned(), |l| l.number.clone());
        println!("repeat of    {earlier}");
        match &c.repeat_decision {
            Some(d) => println!("decision     {} {} on {}", d.decision, d.other, d.date),
            None => println!("decision     (none yet)"),
        }
    }
    if let Some(d) = s.delete_on {
        let stale = if s.stale {
            "  (stale: open with no new step; close it, record a step or postpone)"
        } else {
            ""
        };
        println!("deleted on   {d}{stale}");
    }
    for st in &c.steps {
        println!("- {} {}", st.date, st.step);
        let d = &st.details;
        if let Some(m) = d.method {
            println!("    invited by {m}");
        }
        if !d.participants.is_empty() {
            let roles: Vec<&str> = d.participants.iter().map(|r| r.as_str()).collect();
            println!("    participants {}", roles.join(", "));
        }
        for (label, text) in [
            ("place", &d.place),
            ("situation", &d.situation),
            ("consequences", &d.consequences),
            ("agreements", &d.agreements),
            ("outcome", &d.outcome),
            ("reason", &d.reason),
        ] {
            if !text.is_empty() {
                println!("    {label}: {text}");
            }
        }
        for r in &st.revisions {
            println!("    corrected (was {}, recorded {})", r.date, r.recorded_at);
        }
        if !st.correction_reason.is_empty() {
            println!("    correction: {}", st.correction_reason);
        }
    }
}

pub fn log(entries: &[AccessEntry], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&entries);
    }
    for e in entries {
        let who = if e.who.is_empty() {
            "(no name)"
        } else {
            &e.who
        };
        println!(
            "{}  {}  {}  {}  {who}",
            e.at,
            pad(e.action.as_str(), 8),
            e.case_number,
            pad(&e.detail, 17)
        );
    }
    Ok(())
}

/// What the chain check found: a line of counts, then each break.
pub fn chain_check(c: &ChainCheck, as_json: bool) -> Result<()> {
    if as_json {
        return print_json(c);
    }
    let verdict = if c.intact() { "intact" } else { "BROKEN" };
    println!(
        "access log {verdict}: {} entries from {} devices checked, {} from before the chain",
        c.entries, c.devices, c.unchained
    );
    for b in &c.breaks {
        println!(
            "  {}  {}  {}  device {}",
            b.at,
            pad(b.kind.as_str(), 9),
            b.case_number,
            b.device
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct Deletions<'a> {
    due: &'a [DeletionRecord],
    deleted: &'a [DeletionRecord],
}

pub fn deletions(due: &[DeletionRecord], deleted: &[DeletionRecord], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&Deletions { due, deleted });
    }
    println!("due for deletion in the next 30 days:");
    for d in due {
        println!("  {}  {}", d.case_number, d.date);
    }
    println!("deleted:");
    for d in deleted {
        println!("  {}  {}", d.case_number, d.date);
    }
    Ok(())
}

/// "By the retention rules, at the next purge: 3 visits, 120 access-log
/// entries" (counts only, never which).
pub fn retention_text(c: &RetentionCounts, when: &str) -> String {
    let parts: Vec<String> = [
        (c.visits, "visit(s)"),
        (c.cafes, "café(s)"),
        (c.survey_rounds, "survey round(s)"),
        (c.pending, "waiting notification(s) never triaged"),
        (c.access_entries, "access-log entr(y/ies)"),
        (c.deletions, "deletion-record entr(y/ies)"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    match parts.is_empty() {
        true => format!("By the retention rules, {when}: nothing"),
        false => format!("By the retention rules, {when}: {}", parts.join(", ")),
    }
}
