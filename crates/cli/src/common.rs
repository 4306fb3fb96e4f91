//! What every command area uses: opening the profile (and saying what the
//! purge on opening did), passphrases, the clock, reading dates, schools
//! and words from arguments, errors that name the flag, and printing.
//! The areas in `cmd/` use this module and never each other.

use chrono::NaiveDate;
use feltbog_api::cases::PurgeHold;
use feltbog_api::{ApiError, ErrorKind, Problem};
use feltbog_core::{Opened, Profile, Session};
use serde::Serialize;
use std::path::PathBuf;
use zeroize::Zeroizing;

pub type Result<T> = std::result::Result<T, ApiError>;

pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
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
pub fn passphrase(env: &str, prompt: &str) -> Result<Zeroizing<String>> {
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
pub fn new_passphrase(env: &str, prompt: &str) -> Result<Zeroizing<String>> {
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
pub fn open(profile: &Profile) -> Result<Session> {
    let mut opened = profile.unlock(&passphrase_for(profile)?)?;
    said(&opened);
    say_broken_log(&mut opened.session)?;
    Ok(opened.session)
}

/// Says on stderr what the purge on opening did.
pub fn said(o: &Opened) {
    for d in &o.deleted {
        eprintln!("case {} was due for deletion and is deleted", d.case_number);
    }
    if let Some(h) = &o.hold {
        eprintln!("{}", hold_text(h));
    }
    if let Some(e) = &o.purge_failed {
        // The notes stay open, as in the app; the next unlock tries again.
        eprintln!("feltbog: warning: deleting the cases due failed: {e}");
    }
}

/// Unlocks the profile without the purge on opening, for `feltbog purge`
/// itself (its dry run must delete nothing).
pub fn open_to_purge(profile: &Profile) -> Result<Session> {
    let mut s = profile.unlock_to_purge(&passphrase_for(profile)?)?;
    say_broken_log(&mut s)?;
    Ok(s)
}

fn passphrase_for(profile: &Profile) -> Result<Zeroizing<String>> {
    if !profile.exists() {
        return Err(feltbog_core::Error::NoProfile(profile.dir().to_path_buf()).into());
    }
    passphrase("FELTBOG_PASSPHRASE", "Passphrase: ")
}

/// As the app does on unlock: a broken access log is said at once (the
/// check on unlock: what is new, and the whole log once a week).
fn say_broken_log(s: &mut Session) -> Result<()> {
    let check = s.check_access_log()?;
    if !check.intact() {
        eprintln!("feltbog: warning: {}", broken_log(&check).message);
    }
    Ok(())
}

/// "Today": the machine's date; in the end-to-end tests' build (`--features
/// test-hooks`) the day they set.
#[cfg(feature = "test-hooks")]
pub fn clock() -> feltbog_core::session::Clock {
    feltbog_core::session::Clock::from_test_env()
}

#[cfg(not(feature = "test-hooks"))]
pub fn clock() -> feltbog_core::session::Clock {
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

pub fn invalid(field: &str, problem: Problem, msg: impl Into<String>) -> ApiError {
    let msg = msg.into();
    ApiError::invalid(field, problem, format!("{field}: {msg}"))
}

/// `e`, with a member that is not one named by the add commands' flag
/// (`--owner`) rather than as `assign`'s MEMBER.
pub fn owner_flag(e: feltbog_core::Error) -> ApiError {
    let mut e = ApiError::from(e);
    if let ErrorKind::Invalid { field, .. } = &mut e.kind {
        if field == "member" {
            "--owner".clone_into(field);
            e.message = e.message.replacen("member: ", "--owner: ", 1);
        }
    }
    e
}

/// How the command line names a field that core reports.
pub fn flag_for(field: &str) -> String {
    if field.starts_with("--")
        || matches!(
            field,
            "ID" | "FILE"
                | "CASE"
                | "RECORD-ID"
                | "MEMBER"
                | "ROW"
                | "DECISION"
                | "CASE-NO"
                | "SCHOOL"
        )
    {
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
        "file" | "class_list" => "FILE".into(),
        "member" => "MEMBER".into(),
        "row" => "ROW".into(),
        "passphrase" | "new_passphrase" | "repeated" => "passphrase".into(),
        f => format!("--{}", f.replace('_', "-")),
    }
}

/// Prints `v` as the api defines it, for `--json`.
pub fn print_json<T: Serialize>(v: &T) -> Result<()> {
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

/// Why the deletion of cases due waits, and what to do.
pub fn hold_text(h: &PurgeHold) -> String {
    match h {
        PurgeHold::ClockJump {
            last_seen,
            today,
            due,
            others,
        } => format!(
            "{due} case(s) and {others} other record(s) and log entr(y/ies) due for deletion were \
             not deleted: the date jumped from {last_seen} to {today}. If the computer's date is \
             right, run `feltbog purge --yes`"
        ),
        PurgeHold::Many { due, cases } => format!(
            "{due} of {cases} cases are due for deletion at once, which is unusual, so none was \
             deleted. Check them with `feltbog purge --dry-run`, then run `feltbog purge --yes`"
        ),
        PurgeHold::ManyRecords { due, records } => format!(
            "{due} of {records} visits, cafés and survey rounds are due for deletion at once by \
             the retention rules, which is unusual, so nothing was deleted. Check the rules in the \
             app's settings and `feltbog purge --dry-run`, then run `feltbog purge --yes`"
        ),
    }
}

/// A word from one of the api's closed lists, for clap's `value_parser`.
pub fn parse_word<T: std::str::FromStr<Err = String>>(s: &str) -> std::result::Result<T, String> {
    s.parse()
}
