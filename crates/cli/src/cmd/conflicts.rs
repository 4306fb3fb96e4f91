//! `feltbog conflicts`: what two devices wrote without seeing each other,
//! kept until a person chooses, and the names that met through sync (two
//! schools of one name, offered for merging as the app's Skoler page does).

use crate::common::{print_json, Result};
use clap::{Subcommand, ValueEnum};
use feltbog_core::Choice;
use feltbog_core::Session;

#[derive(Subcommand)]
pub enum ConflictCmd {
    /// Keep one side of a conflict; the other is dropped on every device
    Keep {
        /// The conflict's id (from `feltbog conflicts`)
        id: String,
        #[arg(value_enum)]
        side: Side,
    },
    /// Mark as read an edit of yours that lost to another device's delete
    Dismiss {
        /// The record id (from `feltbog conflicts`)
        record: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Side {
    /// The text written on this device
    Mine,
    /// The text written on the other device
    Theirs,
}

pub fn conflicts(s: &mut Session, cmd: Option<ConflictCmd>, as_json: bool) -> Result<()> {
    match cmd {
        Some(ConflictCmd::Keep { id, side }) => {
            let choice = match side {
                Side::Mine => Choice::Mine,
                Side::Theirs => Choice::Theirs,
            };
            s.settle_conflict(&id, choice)?;
            eprintln!("kept; the choice reaches the team at the next sync");
            Ok(())
        }
        Some(ConflictCmd::Dismiss { record }) => Ok(s.dismiss_lost_edit(&record)?),
        None => {
            let list = s.conflict_views()?;
            let names = s.school_duplicates()?;
            if as_json {
                return print_json(&as_items(&list, &names));
            }
            if list.is_empty() && names.is_empty() {
                println!("no conflicts");
            }
            for d in &names {
                for other in &d.others {
                    println!(
                        "name  school \"{}\": {} and {} met through sync \
                         (`feltbog school merge \"{}\"` keeps the first)",
                        d.keep.name, d.keep.id, other.id, d.keep.name
                    );
                }
            }
            for c in list {
                let date = c.date.map(|d| format!(" {d}")).unwrap_or_default();
                println!(
                    "{}  {} {} ({}{date}), field {}",
                    c.id, c.entity, c.record_id, c.place, c.field
                );
                println!("  mine:   {}", c.mine.text.replace('\n', "\n          "));
                let by = if c.theirs.by.is_empty() {
                    &c.theirs.device
                } else {
                    &c.theirs.by
                };
                println!(
                    "  theirs: {}  (by {by})",
                    c.theirs.text.replace('\n', "\n          ")
                );
            }
            for l in s.lost_edit_views()? {
                println!(
                    "deleted by {} while you edited it: {} {}",
                    if l.deleted_by.is_empty() {
                        "another device"
                    } else {
                        &l.deleted_by
                    },
                    l.entity,
                    l.record_id
                );
                if !l.text.is_empty() {
                    println!("  your text: {}", l.text.replace('\n', "\n             "));
                }
                println!("  (`feltbog conflicts dismiss {}` when read)", l.record_id);
            }
            Ok(())
        }
    }
}

/// The JSON of `feltbog conflicts --json`: each conflict as before, marked
/// `"kind": "field"`, then each pair of names that met, marked
/// `"kind": "name"` with the name and the two ids (the one a merge keeps
/// first).
fn as_items(
    list: &[feltbog_api::team::ConflictView],
    names: &[feltbog_api::schools::SchoolDuplicate],
) -> Vec<serde_json::Value> {
    let mut out: Vec<serde_json::Value> = list
        .iter()
        .map(|c| {
            let mut v = serde_json::to_value(c).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("kind".into(), "field".into());
            }
            v
        })
        .collect();
    for d in names {
        for other in &d.others {
            out.push(serde_json::json!({
                "kind": "name",
                "entity": "school",
                "name": d.keep.name,
                "ids": [d.keep.id, other.id],
            }));
        }
    }
    out
}
