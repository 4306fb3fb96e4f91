//! The command line by area: the top of the grammar here, and `run`, a
//! table of contents that hands each command to its area's module. Each
//! area holds its own grammar, handlers and printers; what they all use is
//! in `crate::common`. Values are stable English kebab-case words; scripts
//! rely on these forms, so change them only by adding.

mod activity;
mod assign;
mod backup;
mod cafe;
mod calendar;
mod case;
mod compliance;
mod conflicts;
mod demo;
mod profile;
mod school;
mod school_report;
mod search;
mod summary;
mod survey;
mod team;
mod today;
mod trends;
mod visit;

use crate::common::{clock, data_dir, open, open_to_purge, Result};
use clap::{Parser, Subcommand};
use feltbog_api::dates::IsoWeek;
use feltbog_core::Profile;
use std::path::PathBuf;

/// Where the installed program's third-party licences are: the Debian
/// package's documentation folder, or beside the Windows installers'
/// `feltbog.exe`.
#[cfg(not(windows))]
macro_rules! licences_at {
    () => {
        "/usr/share/doc/feltbog/third-party-licences.html"
    };
}
#[cfg(windows)]
macro_rules! licences_at {
    () => {
        "third-party-licences.html in the folder feltbog.exe is installed in"
    };
}

/// `feltbog --version`: the version, the licence and where the installed
/// package keeps the third-party licences (`cargo xtask dist` makes them).
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nLicence: EUPL-1.2 (European Union Public Licence v. 1.2)",
    "\nThird-party licences: ",
    licences_at!()
);

#[derive(Parser)]
#[command(
    name = "feltbog",
    version,
    long_version = LONG_VERSION,
    about = "Feltbog: SSP field notes, kept encrypted on this machine.",
    after_help = "The passphrase is read from FELTBOG_PASSPHRASE when set, otherwise asked for \
                  without echo.\nExit codes: 0 success, 2 invalid input, 3 wrong passphrase or \
                  locked out, 5 the sync server cannot be reached (nothing is lost), 6 the sync \
                  server broke the protocol (what it did was refused), 1 anything else."
)]
pub struct Cli {
    /// Profile directory [default: the OS data directory]
    #[arg(long, global = true, env = "FELTBOG_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a new encrypted profile and print its recovery code once
    Init,
    /// Overblik: what needs doing, overdue first, today, the next 7 days,
    /// conversations waiting, survey rounds open, and what waits for a
    /// person (conflicts, a held purge, a broken access log)
    Today {
        /// Only what you are responsible for (a coordinator sees the
        /// whole team's by default, as everyone does)
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        json: bool,
    },
    /// Find records by any word: schools, visits (purpose, classes, notes),
    /// follow-ups, cafés (theme, notes, agreements), survey rounds; a case
    /// by its number only. Prints each hit's day, kind and id
    Search {
        /// The words to look for ("rygning" also finds "rygningen")
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Schools in the municipality
    #[command(subcommand)]
    School(school::SchoolCmd),
    /// School visits, planned and done
    #[command(subcommand)]
    Visit(visit::VisitCmd),
    /// Open follow-ups from visits, oldest due first
    FollowUps {
        /// Only those you are responsible for
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        json: bool,
    },
    /// Hand a visit, follow-up, café, agreement, activity or case over to
    /// another member of the team (a coordinator, or the member responsible)
    Assign {
        /// The record's id (a case by its number)
        record: String,
        /// The member's name, as the team knows them
        member: String,
    },
    /// Parent cafés and parent meetings
    #[command(subcommand)]
    Cafe(cafe::CafeCmd),
    /// Activities reaching young people outside a visit: street presence,
    /// group work, theme days, class talks, network meetings (counts only)
    #[command(subcommand)]
    Activity(activity::ActivityCmd),
    /// The youth survey (Ungeprofilundersøgelsen): rounds, classes, progress
    #[command(subcommand)]
    Survey(survey::SurveyCmd),
    /// First-offence conversations: from police notification to deletion
    #[command(subcommand)]
    Case(case::CaseCmd),
    /// Delete the cases whose deletion date has come; prints what it deleted
    Purge {
        /// Only say what would be deleted
        #[arg(long)]
        dry_run: bool,
        /// Delete even when the deletion is held (the date jumped far ahead,
        /// or unusually many cases are due): check the computer's date first
        #[arg(long)]
        yes: bool,
    },
    /// The summary for management, of a week or any period: text or JSON
    /// on stdout, or a CSV, Excel or PDF file (small numbers hidden as
    /// "<5"; JSON keeps the real numbers and marks what an export hides)
    Summary {
        /// ISO week, e.g. 2026-W48 (default: this week)
        #[arg(long, conflicts_with = "period")]
        week: Option<IsoWeek>,
        /// Any period: a month 2026-11, a quarter 2026-Q4, a school
        /// half-year 2026/27-H1 (Aug–Jan; H2 Feb–Jul), a school year
        /// 2026/27 (1 Aug–31 Jul), a calendar year 2026, days
        /// 2026-08-01..2026-12-31, or a week 2026-W48
        #[arg(long)]
        period: Option<feltbog_api::period::ReportPeriod>,
        #[arg(long, value_enum, default_value = "text")]
        format: summary::Format,
        /// The file to write (required for xlsx and pdf)
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// A school's own report for a school year as a PDF, for the dialogue
    /// meeting: its visits, follow-ups, survey (with the two years before),
    /// cafés and agreements; never anything from first-offence cases
    SchoolReport {
        /// The school's name or id
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        school: Option<String>,
        /// Every active school, one PDF each, into --out-dir
        #[arg(long, requires = "out_dir")]
        all: bool,
        /// The school year, e.g. 2025/26 (default: the one under way)
        #[arg(long)]
        year: Option<String>,
        /// The PDF to write
        #[arg(long, conflicts_with = "all")]
        out: Option<std::path::PathBuf>,
        /// The folder for --all (it must exist)
        #[arg(long)]
        out_dir: Option<std::path::PathBuf>,
    },
    /// The municipality's figures for the last school years side by side
    /// (the current one so far): survey rate, visits, cafés and parents,
    /// first-offence notifications, conversations and repeats
    Trends {
        /// How many school years, 1 to 10
        #[arg(long, default_value_t = feltbog_api::trends::DEFAULT_TREND_YEARS)]
        years: u32,
        /// JSON on stdout (the same as --format json)
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value = "text", conflicts_with = "json")]
        format: summary::Format,
        /// The file to write (required for xlsx and pdf)
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// The data-protection papers for the DPO, made from the profile as it
    /// is: the record of processing (GDPR art. 30) and an appendix to the
    /// impact assessment, in the profile's language; counts and rules only
    /// (a coordinator's, or a profile alone's)
    Compliance {
        /// The file to write: FILE.pdf, or FILE.txt for plain text
        /// [default: the text on stdout]
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// pdf or text [default: by --out's extension]
        #[arg(long, value_parser = crate::common::parse_word::<feltbog_api::compliance::PaperFormat>)]
        format: Option<feltbog_api::compliance::PaperFormat>,
    },
    /// The visits and cafés of a period as a calendar file (.ics) for
    /// Outlook or GNOME Calendar: day, place, purpose or theme, never notes;
    /// exporting again updates the same events
    Calendar {
        /// The .ics file to write
        #[arg(long)]
        out: PathBuf,
        /// First day, YYYY-MM-DD [default: today]
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD [default: 91 days after --from]
        #[arg(long)]
        to: Option<String>,
    },
    /// The fictitious demo municipality
    #[command(subcommand)]
    Demo(demo::DemoCmd),
    /// Change the passphrase (asks for the current and the new one; or reads
    /// FELTBOG_PASSPHRASE and FELTBOG_NEW_PASSPHRASE)
    Passwd,
    /// Write a backup of the whole profile to one encrypted file, which
    /// opens with today's passphrase or recovery code (not for a profile in
    /// a team: the team keeps its records)
    Backup {
        /// The backup file to write, e.g. Feltbog-sikkerhedskopi.feltbog
        #[arg(long)]
        out: PathBuf,
    },
    /// Bring a backup back into an empty data folder (asks for the
    /// passphrase it was made under, or reads FELTBOG_PASSPHRASE); the
    /// cases that became due since are deleted, as on unlock
    Restore {
        file: PathBuf,
        /// Open it with its recovery code instead (asks for it, or reads
        /// FELTBOG_RECOVERY_CODE) and set a new passphrase (asked twice, or
        /// FELTBOG_NEW_PASSPHRASE); prints the new recovery code
        #[arg(long)]
        recovery_code: bool,
    },
    /// Team sync: create a team, invite members, join one
    #[command(subcommand)]
    Team(team::TeamCmd),
    /// Print the manual page (roff) for the package (`cargo xtask dist`)
    #[command(hide = true)]
    ManPage,
    /// Send and receive the team's changes until up to date (exit 5: the
    /// server cannot be reached; nothing is lost, changes wait; exit 6: it
    /// broke the protocol, and what it did was refused)
    Sync {
        #[command(subcommand)]
        cmd: Option<team::SyncCmd>,
    },
    /// Text edited on two devices at once, and schools of one name that
    /// met through sync: list them, or keep one side
    Conflicts {
        #[command(subcommand)]
        cmd: Option<conflicts::ConflictCmd>,
        #[arg(long)]
        json: bool,
    },
}

/// Runs one command: a table of contents, one line per command.
pub fn run(cli: Cli) -> Result<()> {
    let profile = Profile::at(data_dir(cli.data_dir)?).with_clock(clock());
    match cli.command {
        Command::Init => profile::init(&profile),
        Command::Passwd => profile::passwd(&profile),
        // Printed by main before any profile is looked for.
        Command::ManPage => Ok(()),
        Command::Today { mine, json } => today::run(&mut open(&profile)?, mine, json),
        Command::Search { text, json } => search::run(&mut open(&profile)?, &text, json),
        Command::School(cmd) => school::run(&mut open(&profile)?, cmd),
        Command::Visit(cmd) => visit::run(&mut open(&profile)?, cmd),
        Command::FollowUps { mine, json } => visit::follow_ups(&open(&profile)?, mine, json),
        Command::Assign { record, member } => assign::run(&mut open(&profile)?, &record, &member),
        Command::Cafe(cmd) => cafe::run(&mut open(&profile)?, cmd),
        Command::Activity(cmd) => activity::run(&mut open(&profile)?, cmd),
        Command::Survey(cmd) => survey::run(&mut open(&profile)?, cmd),
        Command::Case(cmd) => case::run(&mut open(&profile)?, cmd),
        Command::Purge { dry_run, yes } => case::purge(&mut open_to_purge(&profile)?, dry_run, yes),
        Command::Summary {
            week,
            period,
            format,
            out,
        } => {
            let period = period.or(week.map(Into::into));
            summary::run(&mut open(&profile)?, period, format, out)
        }
        Command::SchoolReport {
            school,
            all,
            year,
            out,
            out_dir,
        } => school_report::run(&mut open(&profile)?, school, all, year, out, out_dir),
        Command::Trends {
            years,
            json,
            format,
            out,
        } => trends::run(&mut open(&profile)?, years, json, format, out),
        Command::Compliance { out, format } => compliance::run(&mut open(&profile)?, format, out),
        Command::Calendar { out, from, to } => calendar::run(&mut open(&profile)?, &out, from, to),
        Command::Demo(cmd) => demo::run(&mut open(&profile)?, cmd),
        Command::Backup { out } => backup::backup(&mut open(&profile)?, &out),
        Command::Restore {
            file,
            recovery_code,
        } => backup::restore(&profile, &file, recovery_code),
        Command::Team(cmd) => team::team(&mut open(&profile)?, cmd),
        Command::Sync { cmd } => team::sync(&mut open(&profile)?, cmd),
        Command::Conflicts { cmd, json } => conflicts::conflicts(&mut open(&profile)?, cmd, json),
    }
}
