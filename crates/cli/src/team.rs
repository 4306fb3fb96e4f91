//! `feltbog team`, `feltbog sync` and `feltbog conflicts`: team sync from
//! the command line. Scripts rely on these forms and on exit code 5 (the
//! server cannot be reached: nothing is lost, changes wait).

use crate::output::{json, pad};
use clap::{Subcommand, ValueEnum};
use feltbog_api::team::{MemberRole, SyncReport, SyncStatus};
use feltbog_api::ApiError;
use feltbog_core::store::Choice;
use feltbog_core::Session;

type Result<T> = std::result::Result<T, ApiError>;

#[derive(Subcommand)]
pub enum TeamCmd {
    /// Create a team on a sync server (you become its coordinator)
    Create {
        /// The server's address, e.g. https://sync.egeby.dk
        #[arg(long)]
        server: String,
        /// The team's name, e.g. "SSP Egeby"
        #[arg(long)]
        name: String,
        /// The one-time code from `feltbog-server setup-code`
        #[arg(long)]
        setup_code: String,
        /// Your name as the team sees it [default: the name in the settings]
        #[arg(long)]
        member_name: Option<String>,
    },
    /// Make a single-use invite code, valid 7 days (coordinators)
    Invite {
        #[arg(long, value_enum, default_value = "consultant")]
        role: RoleArg,
        /// Give the new member access to first-offence cases
        #[arg(long)]
        cases: bool,
    },
    /// The team's members: name, role, case access, last seen
    Members {
        #[arg(long)]
        json: bool,
    },
    /// Remove a member (coordinators): their device stops syncing at once
    /// and the team moves to new keys
    Remove {
        /// The member's name or device id
        member: String,
    },
    /// Join a team with an invite code
    Join {
        #[arg(long)]
        server: String,
        #[arg(long)]
        code: String,
        #[arg(long)]
        member_name: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Consultant,
    Coordinator,
}

#[derive(Subcommand)]
pub enum SyncCmd {
    /// The sync indicator: team, last sync, changes waiting, conflicts
    Status {
        #[arg(long)]
        json: bool,
    },
}

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

pub fn team(s: &mut Session, cmd: TeamCmd) -> Result<()> {
    let status = match cmd {
        TeamCmd::Members { json: as_json } => return members(s, as_json),
        TeamCmd::Remove { member } => {
            let m = s.remove_member(&member)?;
            eprintln!(
                "{} is removed: their device can no longer sync, and the team has moved to new \
                 keys. Run `feltbog sync` to send the change.",
                m.name
            );
            return Ok(());
        }
        TeamCmd::Create {
            server,
            name,
            setup_code,
            member_name,
        } => s.create_team(&server, &name, &setup_code, member_name.as_deref())?,
        TeamCmd::Join {
            server,
            code,
            member_name,
        } => s.join_team(&server, &code, member_name.as_deref())?,
        TeamCmd::Invite { role, cases } => {
            let role = match role {
                RoleArg::Consultant => MemberRole::Consultant,
                RoleArg::Coordinator => MemberRole::Coordinator,
            };
            let i = s.invite(role, cases)?;
            println!("{}", i.code);
            eprintln!(
                "Invite for a {}{}, valid until {} (UTC). It works once.",
                i.role,
                if i.cases { " with case access" } else { "" },
                i.expires_at.format("%Y-%m-%d %H:%M")
            );
            return Ok(());
        }
    };
    print_status(&status);
    eprintln!("Run `feltbog sync` to send and receive the team's records.");
    Ok(())
}

pub fn sync(s: &mut Session, cmd: Option<SyncCmd>) -> Result<()> {
    if let Some(SyncCmd::Status { json: as_json }) = cmd {
        let status = s.sync_status()?;
        return if as_json {
            json(&status)
        } else {
            print_status(&status);
            Ok(())
        };
    }
    let r: SyncReport = s.sync()?;
    println!(
        "sent {}, received {}, deleted {}, new conflicts {}, lost to a delete {}{}",
        r.sent,
        r.received,
        r.deleted,
        r.new_conflicts,
        r.lost_edits,
        if r.refused > 0 {
            format!(
                ", refused {} (see the README: an entry failed its checks)",
                r.refused
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

fn members(s: &Session, as_json: bool) -> Result<()> {
    let list = s.members()?;
    if as_json {
        return json(&list);
    }
    let w = list
        .iter()
        .map(|m| m.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{}  {:<11}  {:<5}  {:<7}  {:<16}  DEVICE",
        pad("NAME", w),
        "ROLE",
        "CASES",
        "STATUS",
        "LAST SEEN"
    );
    for m in list {
        println!(
            "{}  {:<11}  {:<5}  {:<7}  {:<16}  {}{}",
            pad(&m.name, w),
            m.role.as_str(),
            if m.cases { "yes" } else { "no" },
            if m.active { "active" } else { "removed" },
            m.last_seen
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "-".into()),
            m.device,
            if m.this_device { " (this device)" } else { "" }
        );
    }
    Ok(())
}

fn print_status(st: &SyncStatus) {
    let Some(t) = &st.team else {
        println!("not in a team");
        return;
    };
    println!("team:      {} ({})", t.name, t.server);
    println!(
        "you:       {} ({}{})",
        t.member_name,
        t.role,
        if t.cases { ", case access" } else { "" }
    );
    match t.last_sync_at {
        Some(at) => println!("synced:    {}", at.format("%Y-%m-%d %H:%M UTC")),
        None => println!("synced:    never"),
    }
    if !t.last_error.is_empty() {
        println!("last try:  {}", t.last_error);
    }
    println!("waiting:   {} changes", st.waiting);
    println!("conflicts: {}", st.conflicts);
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
            if as_json {
                return json(&list);
            }
            if list.is_empty() {
                println!("no conflicts");
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
