//! `feltbog case import`, `case pending` and `case triage`: the police's
//! list read in, the notifications waiting, and each one decided. Scripts
//! rely on these forms and on the exit codes: 2 when any row is refused
//! (nothing is kept), 0 when every row waits for triage.

use crate::common::{invalid, pad, print_json, Result};
use feltbog_api::police::{ListConfirmed, ListPreview, ListSource, Pending, Triage};
use feltbog_api::Problem;
use feltbog_core::Session;
use std::io::Read;

/// `case import FILE [--dry-run] [--json]`; FILE `-` reads the rows from
/// standard input (as pasted from a spreadsheet).
pub(super) fn import(s: &mut Session, file: &str, dry_run: bool, json: bool) -> Result<()> {
    let source = if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(feltbog_api::police::MAX_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                invalid(
                    "FILE",
                    Problem::NotAllowed,
                    format!("cannot read stdin: {e}"),
                )
            })?;
        // UTF-8, or Windows-1252 as older Windows programs write it.
        let text = feltbog_core::domain::tabular::decode(&bytes);
        ListSource::Text { text }
    } else {
        ListSource::File {
            path: file.to_owned(),
        }
    };
    let preview = s.preview_police_list(&source)?;
    if json {
        // Scripts get every row and every error, refused or not.
        print_json(&preview)?;
    }
    if !preview.errors.is_empty() {
        return Err(refused(&preview));
    }
    if !json {
        print_preview(&preview);
    }
    if dry_run {
        let n = preview.rows.len();
        eprintln!(
            "--dry-run: {n} row{} would wait for triage; nothing was kept",
            if n == 1 { "" } else { "s" }
        );
        return Ok(());
    }
    let done = s.import_police_list(&ListConfirmed {
        source,
        digest: preview.digest,
    })?;
    eprintln!(
        "{} notification{} now wait{} for triage; see `feltbog case pending`",
        done.rows,
        if done.rows == 1 { "" } else { "s" },
        if done.rows == 1 { "s" } else { "" }
    );
    Ok(())
}

/// Exit 2, every refused row listed by line and column on stderr.
fn refused(p: &ListPreview) -> feltbog_api::ApiError {
    let n = p.errors.len();
    let lines: Vec<String> = p
        .errors
        .iter()
        .map(|e| format!("  line {}: {}", e.line, e.message))
        .collect();
    invalid(
        "FILE",
        Problem::NotAllowed,
        format!(
            "{n} row{} refused; nothing was read in. Correct the list and run the import \
             again:\n{}",
            if n == 1 { " is" } else { "s are" },
            lines.join("\n")
        ),
    )
}

fn print_preview(p: &ListPreview) {
    for r in &p.rows {
        let school = if r.school_name.is_empty() {
            "-"
        } else {
            &r.school_name
        };
        let other = [r.law_other.as_str(), r.offence_other.as_str()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        println!(
            "line {:<4} {}  born {}  notified {}  {}  {}  {}  {other}",
            r.line,
            pad(&r.initials, 6),
            r.birth_year,
            r.notified,
            pad(school, 20),
            r.law,
            r.offence,
        );
    }
    if !p.ignored_columns.is_empty() {
        eprintln!(
            "columns not read (never kept): {}",
            p.ignored_columns.join(", ")
        );
    }
    if p.names_dropped {
        eprintln!("full names are kept as initials only");
    }
    if p.cpr_dropped {
        eprintln!("CPR numbers are not kept (the team's rules); only the birth year is");
    }
}

/// `case pending [--json]`: logged as opening the list.
pub(super) fn pending(s: &mut Session, json: bool) -> Result<()> {
    let list = s.open_pending()?;
    if json {
        return print_json(&list);
    }
    if list.is_empty() {
        eprintln!("no notifications wait for triage");
        return Ok(());
    }
    println!(
        "{}  {}  {}  {}  {}  {}  MAY BE A REPEAT OF",
        pad("ROW", 8),
        pad("NOTIFIED", 10),
        pad("OFFER BY", 18),
        pad("YOUNG", 12),
        pad("SCHOOL", 20),
        pad("OFFENCE", 10),
    );
    for p in &list {
        println!("{}", pending_line(p));
    }
    Ok(())
}

fn pending_line(p: &Pending) -> String {
    let due = format!(
        "{}{}",
        p.deadline.due,
        if p.deadline.overdue { " OVERDUE" } else { "" }
    );
    let matches: Vec<&str> = p.matches.iter().map(|m| m.number.as_str()).collect();
    format!(
        "{}  {}  {}  {}  {}  {}  {}",
        p.short,
        p.notified,
        pad(&due, 18),
        pad(&format!("{} {}", p.initials, p.birth_year), 12),
        pad(&p.school_name, 20),
        pad(p.offence.as_str(), 10),
        matches.join(", ")
    )
}

/// `case triage ROW new|repeat CASE-NO|dismiss`.
pub(super) fn triage(s: &mut Session, row: &str, what: &str, earlier: Option<&str>) -> Result<()> {
    let id = s.pending_by_prefix(row).map_err(|e| match e {
        feltbog_core::Error::NotFound(_) => invalid(
            "ROW",
            Problem::UnknownReference,
            format!("no waiting row starts with '{row}'; see `feltbog case pending`"),
        ),
        feltbog_core::Error::Invalid {
            message, problem, ..
        } => invalid("ROW", problem, message),
        e => e.into(),
    })?;
    let choice = match (what, earlier) {
        ("new", None) => Triage::New,
        ("dismiss", None) => Triage::Dismiss,
        ("repeat", Some(number)) => Triage::Repeat {
            earlier: super::act::case_id(s, number).map_err(|_| {
                invalid(
                    "CASE-NO",
                    Problem::UnknownReference,
                    format!("no case numbered '{number}'; see `feltbog case pending`"),
                )
            })?,
        },
        ("repeat", None) => {
            return Err(invalid(
                "CASE-NO",
                Problem::Required,
                "name the earlier case: `case triage ROW repeat CASE-NO`",
            ))
        }
        ("new" | "dismiss", Some(_)) => {
            return Err(invalid(
                "CASE-NO",
                Problem::NotAllowed,
                format!("only `repeat` takes an earlier case; `{what}` takes none"),
            ))
        }
        _ => {
            return Err(invalid(
                "DECISION",
                Problem::NotAllowed,
                format!("'{what}' is not a decision; write new, repeat CASE-NO or dismiss"),
            ))
        }
    };
    match s.triage(id, choice)?.case {
        Some(c) => println!("{}", c.summary.number),
        None => eprintln!("dismissed: nothing of the row is kept"),
    }
    Ok(())
}
