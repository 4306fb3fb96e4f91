//! What each command does: parse the arguments into api types, call core,
//! print the answer.

use crate::args::{Cli, Command, DemoCmd, SchoolAdd, SchoolCmd, VisitAdd, VisitCmd};
use crate::output;
use chrono::NaiveDate;
use feltbog_api::schools::NewSchool;
use feltbog_api::visits::{FollowUpInput, NewVisit, VisitFilter, VisitStatus};
use feltbog_api::{ApiError, ErrorKind, Problem, VisitId};
use feltbog_core::keys::KdfParams;
use feltbog_core::{Opened, Profile, Session};
use std::path::PathBuf;
use zeroize::Zeroizing;

pub type Result<T> = std::result::Result<T, ApiError>;

pub fn run(cli: Cli) -> Result<()> {
    let profile = Profile::at(data_dir(cli.data_dir)?).with_clock(clock());
    match cli.command {
        Command::Init => init(&profile),
        // Printed by main before any profile is looked for.
        Command::ManPage => Ok(()),
        Command::School(SchoolCmd::Add(a)) => add_school(&mut open(&profile)?, a),
        Command::School(SchoolCmd::Merge { name }) => merge_schools(&mut open(&profile)?, &name),
        Command::School(SchoolCmd::List { all, json }) => {
            output::schools(&open(&profile)?.schools(all)?, json)
        }
        Command::Visit(VisitCmd::Add(a)) => add_visit(&mut open(&profile)?, a),
        Command::Visit(VisitCmd::List { school, week, json }) => {
            let s = open(&profile)?;
            let school = school.map(|n| find_school(&s, &n)).transpose()?;
            output::visits(&s.visits(&VisitFilter { school, week })?, json)
        }
        Command::Visit(VisitCmd::Done { id }) => {
            let v = open(&profile)?.mark_visit_done(visit_id(&id)?)?;
            eprintln!("visit {} is marked done", v.id);
            Ok(())
        }
        Command::Visit(VisitCmd::Delete { id }) => {
            open(&profile)?.delete_visit(visit_id(&id)?)?;
            eprintln!("visit {id} is deleted");
            Ok(())
        }
        Command::FollowUps { json } => {
            output::follow_ups(&open(&profile)?.due_follow_ups(None)?, json)
        }
        Command::Cafe(cmd) => crate::cafes::run(&mut open(&profile)?, cmd),
        Command::Survey(cmd) => crate::survey::run(&mut open(&profile)?, cmd),
        Command::Case(cmd) => crate::cases::run(&mut open(&profile)?, cmd),
        Command::Purge { dry_run, yes } => {
            crate::cases::purge(&mut open_to_purge(&profile)?, dry_run, yes)
        }
        Command::Summary { week, format, out } => {
            crate::summary::run(&mut open(&profile)?, week, format, out)
        }
        Command::Demo(DemoCmd::Load) => {
            open(&profile)?.load_demo()?;
            eprintln!("the fictitious demo municipality is loaded");
            Ok(())
        }
        Command::Passwd => passwd(&profile),
        Command::Backup { out } => crate::backup::backup(&mut open(&profile)?, &out),
        Command::Restore {
            file,
            recovery_code,
        } => crate::backup::restore(&profile, &file, recovery_code),
        Command::Team(cmd) => crate::team::team(&mut open(&profile)?, cmd),
        Command::Sync { cmd } => crate::team::sync(&mut open(&profile)?, cmd),
        Command::Conflicts { cmd, json } => {
            crate::conflicts::conflicts(&mut open(&profile)?, cmd, json)
        }
    }
}

fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    flag.or_else(feltbog_core::profile::default_data_dir)
        .ok_or_else(|| {
            ApiError::new(
                ErrorKind::Io,
                "no data directory: pass --data-dir or set FELTBOG_DATA_DIR",
            )
        })
}

/// The passphrase from `FELTBOG_PASSPHRASE`, or asked for without echo.
/// Zeroed when dropped.
pub(crate) fn passphrase(env: &str, prompt: &str) -> Result<Zeroizing<String>> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Zeroizing::new(p));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|_| {
            ApiError::new(
                ErrorKind::Io,
                format!("no passphrase: set {env} or run in a terminal"),
            )
        })
}

/// A new passphrase from `env`, or typed blind and so asked twice: a typing
/// mistake here would lock the user out of their own data.
pub(crate) fn new_passphrase(env: &str, prompt: &str) -> Result<Zeroizing<String>> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Zeroizing::new(p));
    }
    let p = passphrase(env, prompt)?;
    feltbog_core::profile::check_new_passphrase(&p, "new_passphrase")?;
    feltbog_core::profile::check_repeated(&p, &passphrase(env, "Repeat it: ")?)?;
    Ok(p)
}

/// Unlocks the profile; core deletes the cases whose deletion date has come
/// on the way in, as on every unlock (said on stderr).
fn open(profile: &Profile) -> Result<Session> {
    let opened = profile.unlock(&passphrase_for(profile)?)?;
    said(&opened)?;
    say_broken_log(&opened.session)?;
    Ok(opened.session)
}

/// Says on stderr what the purge on opening did.
pub(crate) fn said(o: &Opened) -> Result<()> {
    for d in &o.deleted {
        eprintln!("case {} was due for deletion and is deleted", d.case_number);
    }
    if let Some(h) = &o.hold {
        eprintln!("{}", crate::cases::hold_text(h));
    }
    if let Some(e) = &o.purge_failed {
        // The notes stay open, as in the app; the next unlock tries again.
        eprintln!("feltbog: warning: deleting the cases due failed: {e}");
    }
    Ok(())
}

/// Unlocks the profile without the purge on opening, for `feltbog purge`
/// itself (its dry run must delete nothing).
fn open_to_purge(profile: &Profile) -> Result<Session> {
    let s = profile.unlock_to_purge(&passphrase_for(profile)?)?;
    say_broken_log(&s)?;
    Ok(s)
}

fn passphrase_for(profile: &Profile) -> Result<Zeroizing<String>> {
    if !profile.exists() {
        return Err(feltbog_core::Error::NoProfile(profile.dir().to_path_buf()).into());
    }
    passphrase("FELTBOG_PASSPHRASE", "Passphrase: ")
}

/// As the app does on unlock: a broken access log is said at once.
fn say_broken_log(s: &Session) -> Result<()> {
    let check = s.verify_access_log()?;
    if !check.intact() {
        eprintln!("feltbog: warning: {}", broken_log(&check).message);
    }
    Ok(())
}

/// "Today": the machine's date; in the end-to-end tests' build (`--features
/// test-hooks`) the day they set.
#[cfg(feature = "test-hooks")]
pub(crate) fn clock() -> feltbog_core::session::Clock {
    feltbog_core::session::Clock::from_test_env()
}

#[cfg(not(feature = "test-hooks"))]
pub(crate) fn clock() -> feltbog_core::session::Clock {
    feltbog_core::session::Clock::System
}

/// The error for an access log whose chain is broken.
pub fn broken_log(c: &feltbog_api::cases::ChainCheck) -> ApiError {
    ApiError::new(
        ErrorKind::Internal,
        format!(
            "the access log has {} break(s): entries were changed, removed or added outside \
             Feltbog; `feltbog case log --verify` lists them",
            c.breaks.len()
        ),
    )
}

fn init(profile: &Profile) -> Result<()> {
    if profile.exists() {
        return Err(feltbog_core::Error::ProfileExists(profile.dir().to_path_buf()).into());
    }
    let pass = new_passphrase(
        "FELTBOG_PASSPHRASE",
        "New passphrase (at least 10 characters): ",
    )?;
    let (_opened, code) = profile.create(&pass, KdfParams::DEFAULT)?;
    eprintln!("Profile created in {}.", profile.dir().display());
    eprintln!("Write down this recovery code and keep it safe. It is shown only this once:");
    println!("{}", code.as_str());
    Ok(())
}

fn passwd(profile: &Profile) -> Result<()> {
    let current = passphrase("FELTBOG_PASSPHRASE", "Current passphrase: ")?;
    let new = new_passphrase("FELTBOG_NEW_PASSPHRASE", "New passphrase: ")?;
    profile.change_passphrase(&current, &new)?;
    eprintln!("the passphrase is changed");
    Ok(())
}

fn add_school(s: &mut Session, a: SchoolAdd) -> Result<()> {
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

fn add_visit(s: &mut Session, a: VisitAdd) -> Result<()> {
    let school = find_school(s, &a.school)?;
    let follow_ups = a
        .follow_ups
        .iter()
        .enumerate()
        .map(|(i, f)| parse_follow_up(i, f))
        .collect::<Result<_>>()?;
    let visit = NewVisit {
        school,
        date: parse_date("--date", &a.date)?,
        status: if a.planned {
            VisitStatus::Planned
        } else {
            VisitStatus::Done
        },
        purpose: a.purpose,
        purpose_other: a.purpose_text,
        classes: a.classes,
        notes: a.notes,
        follow_ups,
    };
    println!("{}", s.record_visit(&visit)?.id);
    Ok(())
}

fn parse_follow_up(i: usize, f: &str) -> Result<FollowUpInput> {
    let field = format!("--follow-up {}", i + 1);
    let (text, due) = f.rsplit_once('@').ok_or_else(|| {
        invalid(
            &field,
            Problem::NotAllowed,
            "write a follow-up as TEXT@YYYY-MM-DD",
        )
    })?;
    Ok(FollowUpInput {
        id: None,
        text: text.into(),
        due: parse_date(&field, due)?,
        done: false,
    })
}

pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(
            field,
            Problem::NotADate,
            format!("'{s}' is not a date; write it as YYYY-MM-DD"),
        )
    })
}

pub fn find_school(s: &Session, name_or_id: &str) -> Result<feltbog_api::SchoolId> {
    match s.find_school(name_or_id) {
        Ok(school) => Ok(school.id),
        Err(feltbog_core::Error::NotFound(_)) => Err(invalid(
            "--school",
            Problem::UnknownReference,
            format!("no school named '{name_or_id}'; see `feltbog school list`"),
        )),
        Err(e) => Err(e.into()),
    }
}

fn visit_id(s: &str) -> Result<VisitId> {
    s.parse().map_err(|_| {
        invalid(
            "ID",
            Problem::NotAllowed,
            format!("'{s}' is not a visit id"),
        )
    })
}

pub fn invalid(field: &str, problem: Problem, msg: impl Into<String>) -> ApiError {
    let msg = msg.into();
    ApiError::invalid(field, problem, format!("{field}: {msg}"))
}

/// `feltbog school merge NAME`: the duplicates of that name, merged into
/// the one every device keeps.
fn merge_schools(s: &mut Session, name: &str) -> Result<()> {
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

/// How the command line names a field that core reports.
pub fn flag_for(field: &str) -> String {
    if field.starts_with("--") || matches!(field, "ID" | "FILE" | "CASE") {
        return field.to_owned();
    }
    if let Some(key) = field.strip_prefix("input.") {
        return format!("\"{key}\" (--input or the prompt)");
    }
    if let Some(rest) = field.strip_prefix("agreements.") {
        let n: usize = rest
            .split('.')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        return format!("--agreement {}", n + 1);
    }
    if let Some(rest) = field.strip_prefix("follow_ups.") {
        let n: usize = rest
            .split('.')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        return format!("--follow-up {}", n + 1);
    }
    match field {
        "grade_from" | "grade_to" => "--grades".into(),
        "purpose_other" => "--purpose-text".into(),
        "theme_other" => "--theme-text".into(),
        "partner_other" => "--partner-text".into(),
        "window_from" => "--from".into(),
        "window_to" => "--to".into(),
        "target_percent" => "--target".into(),
        "taken_on" => "--date".into(),
        "law_other" => "--law-text".into(),
        "offence_other" => "--offence-text".into(),
        "other" => "--text".into(),
        "link_to" => "--link".into(),
        "step" => "CASE".into(),
        "step_date" | "decision_date" => "--date".into(),
        "file" => "FILE".into(),
        "member" => "MEMBER".into(),
        "passphrase" | "new_passphrase" | "repeated" => "passphrase".into(),
        f => format!("--{}", f.replace('_', "-")),
    }
}
