//! `feltbog team` and `feltbog sync`: team sync from the command line.
//! Scripts rely on these forms and on the exit codes 5 (the server cannot
//! be reached: nothing is lost, changes wait) and 6 (the server broke the
//! protocol: what it did was refused, see docs/SECURITY.md).

use crate::common::{invalid, pad, print_json, Result};
use clap::{Subcommand, ValueEnum};
use feltbog_api::team::{MemberRole, SyncReport, SyncStatus};
use feltbog_api::{ApiError, ErrorKind, Problem};
use feltbog_core::Session;
use std::io::Read;

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
        /// The one-time code from `feltbog-server setup-code` (`-`: read it
        /// from standard input, so it stays out of the shell's history)
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
    /// Leave the team on this device, keeping every record: what to do
    /// when `feltbog sync` says the profile was copied or restored; then
    /// join again with a new invite (only what the team never had is sent)
    Leave {
        /// Confirm: this device stops syncing until it joins again
        #[arg(long)]
        yes: bool,
    },
    /// Join a team with an invite code
    Join {
        #[arg(long)]
        server: String,
        /// The invite code (`-`: read it from standard input)
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
    /// The sync indicator: team, last sync, changes waiting, conflicts,
    /// and what the server did that this device refused
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Mark the alarms as read (`feltbog sync status` lists them)
    DismissAlarms,
}

/// A code given as `-` is read from standard input: its first line.
fn code_from(value: String, flag: &str) -> Result<String> {
    if value != "-" {
        return Ok(value);
    }
    let mut typed = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut typed)
        .map_err(|e| {
            invalid(
                flag,
                Problem::Required,
                format!("cannot read standard input: {e}"),
            )
        })?;
    let line = typed.lines().next().unwrap_or_default().trim().to_string();
    if line.is_empty() {
        return Err(invalid(
            flag,
            Problem::Required,
            "no code on standard input",
        ));
    }
    Ok(line)
}

pub fn team(s: &mut Session, cmd: TeamCmd) -> Result<()> {
    let status = match cmd {
        TeamCmd::Members { json: as_json } => return members(s, as_json),
        TeamCmd::Leave { yes } => {
            if !yes {
                return Err(invalid(
                    "--yes",
                    Problem::Required,
                    "this device stops syncing until it joins again: add --yes to leave",
                ));
            }
            s.leave_team()?;
            eprintln!(
                "This device has left the team; every record is still here. Ask your \
                 coordinator for a new invite and run `feltbog team join`: only what the team \
                 never had is sent. The coordinator can remove the old device from the member \
                 list if no copy of it is in use."
            );
            return Ok(());
        }
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
        } => {
            let code = code_from(setup_code, "--setup-code")?;
            s.create_team(&server, &name, &code, member_name.as_deref())?
        }
        TeamCmd::Join {
            server,
            code,
            member_name,
        } => {
            let code = code_from(code, "--code")?;
            s.join_team(&server, &code, member_name.as_deref())?
        }
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
    match cmd {
        Some(SyncCmd::Status { json: as_json }) => {
            let status = s.sync_status()?;
            return if as_json {
                print_json(&status)
            } else {
                print_status(&status);
                Ok(())
            };
        }
        Some(SyncCmd::DismissAlarms) => {
            s.dismiss_sync_alarms()?;
            eprintln!("the alarms are marked as read");
            return Ok(());
        }
        None => {}
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
                ", refused {} (an entry failed its checks: see the user guide, Team sync)",
                r.refused
            )
        } else {
            String::new()
        }
    );
    misbehaved(&r)
}

/// Exit 6 when the sync refused something as the server's doing.
fn misbehaved(r: &SyncReport) -> Result<()> {
    let Some(first) = r.alarms.first() else {
        return Ok(());
    };
    for a in &r.alarms {
        eprintln!("feltbog: the sync server misbehaved: {}", a.describe());
    }
    Err(ApiError {
        kind: ErrorKind::ServerFault { alarm: *first },
        message: "nothing the server did wrong was applied; what this device holds is kept \
                  (see `feltbog sync status`)"
            .into(),
    })
}

fn members(s: &Session, as_json: bool) -> Result<()> {
    let list = s.members()?;
    if as_json {
        return print_json(&list);
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
        let name = if m.name.is_empty() { "?" } else { &m.name };
        println!(
            "{}  {:<11}  {:<5}  {:<7}  {:<16}  {}{}",
            pad(name, w),
            m.role.as_str(),
            if m.cases { "yes" } else { "no" },
            match (m.pending, m.active) {
                (true, _) => "waiting",
                (false, true) => "active",
                (false, false) => "removed",
            },
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
        if t.cases {
            ", case access"
        } else if t.cases_pending {
            ", case access once a coordinator's device admits you"
        } else {
            ""
        }
    );
    match t.last_sync_at {
        Some(at) => println!("synced:    {}", at.format("%Y-%m-%d %H:%M UTC")),
        None => println!("synced:    never"),
    }
    if !t.last_error.is_empty() {
        println!("last try:  {}", t.last_error);
    }
    println!("waiting:   {} changes", st.waiting);
    if st.waiting_for_key {
        println!(
            "           (sent once a coordinator's device has admitted this device and \
             granted it the team's current key)"
        );
    }
    println!("conflicts: {}", st.conflicts);
    for a in &st.alarms {
        println!(
            "ALARM:     {} ({}×, last {}; `feltbog sync dismiss-alarms` when read)",
            a.alarm.describe(),
            a.count,
            a.last_at.format("%Y-%m-%d %H:%M UTC")
        );
    }
}
