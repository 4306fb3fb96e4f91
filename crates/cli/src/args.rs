//! The command-line grammar. Values are stable English kebab-case words;
//! scripts rely on these forms, so change them only by adding.

use clap::{Args, Parser, Subcommand};
use feltbog_api::cafes::{CafeKind, CafeTheme, Partner};
use feltbog_api::dates::IsoWeek;
use feltbog_api::schools::SchoolKind;
use feltbog_api::survey::{ClassStatus, Questionnaire};
use feltbog_api::visits::VisitPurpose;
use std::path::PathBuf;

/// `feltbog --version`: the version, the licence and where the installed
/// package keeps the third-party licences (`cargo xtask dist` makes them).
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nLicence: EUPL-1.2 (European Union Public Licence v. 1.2)",
    "\nThird-party licences: /usr/share/doc/feltbog/third-party-licences.html"
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
    /// Schools in the municipality
    #[command(subcommand)]
    School(SchoolCmd),
    /// School visits, planned and done
    #[command(subcommand)]
    Visit(VisitCmd),
    /// Open follow-ups from visits, oldest due first
    FollowUps {
        #[arg(long)]
        json: bool,
    },
    /// Parent cafés and parent meetings
    #[command(subcommand)]
    Cafe(CafeCmd),
    /// The youth survey (Ungeprofilundersøgelsen): rounds, classes, progress
    #[command(subcommand)]
    Survey(SurveyCmd),
    /// First-offence conversations: from police notification to deletion
    #[command(subcommand)]
    Case(crate::case_args::CaseCmd),
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
    /// The weekly summary for management: text or JSON on stdout, or a CSV,
    /// Excel or PDF file (small numbers hidden as "<5"; JSON keeps the real
    /// numbers and marks what an export hides)
    Summary {
        /// ISO week, e.g. 2026-W48 (default: this week)
        #[arg(long)]
        week: Option<IsoWeek>,
        #[arg(long, value_enum, default_value = "text")]
        format: crate::summary::Format,
        /// The file to write (required for xlsx and pdf)
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// The fictitious demo municipality
    #[command(subcommand)]
    Demo(DemoCmd),
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
    Team(crate::team::TeamCmd),
    /// Print the manual page (roff) for the package (`cargo xtask dist`)
    #[command(hide = true)]
    ManPage,
    /// Send and receive the team's changes until up to date (exit 5: the
    /// server cannot be reached; nothing is lost, changes wait; exit 6: it
    /// broke the protocol, and what it did was refused)
    Sync {
        #[command(subcommand)]
        cmd: Option<crate::team::SyncCmd>,
    },
    /// Text edited on two devices at once, and schools of one name that
    /// met through sync: list them, or keep one side
    Conflicts {
        #[command(subcommand)]
        cmd: Option<crate::conflicts::ConflictCmd>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum SchoolCmd {
    /// Add a school
    Add(SchoolAdd),
    /// List schools
    List {
        /// Include deactivated schools
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Merge the schools of one name that met through sync into the oldest
    /// (their visits, rounds and cafés follow it; the others are
    /// deactivated), as the app's Skoler page does
    Merge {
        /// The schools' name
        name: String,
    },
}

#[derive(Args)]
pub struct SchoolAdd {
    #[arg(long)]
    pub name: String,
    /// One of: folkeskole privatskole friskole efterskole specialskole ungdomsuddannelse
    #[arg(long, value_parser = parse_word::<SchoolKind>)]
    pub kind: SchoolKind,
    #[arg(long)]
    pub town: String,
    /// Grades taught, e.g. 0-9
    #[arg(long, value_name = "FROM-TO")]
    pub grades: Option<String>,
}

#[derive(Subcommand)]
pub enum VisitCmd {
    /// Record a visit (done unless --planned); prints the new id
    Add(VisitAdd),
    /// List visits, newest first
    List {
        /// School name or id
        #[arg(long)]
        school: Option<String>,
        /// ISO week, e.g. 2026-W47
        #[arg(long, value_parser = parse_word::<IsoWeek>)]
        week: Option<IsoWeek>,
        #[arg(long)]
        json: bool,
    },
    /// Mark a planned visit as done
    Done { id: String },
    /// Delete a visit and its follow-ups for good
    Delete { id: String },
}

#[derive(Args)]
pub struct VisitAdd {
    /// School name or id
    #[arg(long)]
    pub school: String,
    /// YYYY-MM-DD
    #[arg(long)]
    pub date: String,
    /// One of: survey class-talk management ssp-group parent-meeting other
    #[arg(long, value_parser = parse_word::<VisitPurpose>)]
    pub purpose: VisitPurpose,
    /// What the purpose is, when --purpose other
    #[arg(long, default_value = "")]
    pub purpose_text: String,
    /// Classes met, comma separated, e.g. 7a,8b
    #[arg(long, value_delimiter = ',')]
    pub classes: Vec<String>,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Record it as planned rather than done
    #[arg(long)]
    pub planned: bool,
    /// A follow-up as TEXT@YYYY-MM-DD; may be repeated
    #[arg(long = "follow-up", value_name = "TEXT@DATE")]
    pub follow_ups: Vec<String>,
}

#[derive(Subcommand)]
pub enum CafeCmd {
    /// Record a parent café or meeting (held unless --planned); prints the new id
    Add(CafeAdd),
    /// List cafés, newest first
    List {
        /// School name or id
        #[arg(long)]
        school: Option<String>,
        /// One of: alcohol-drugs social-media well-being parties other
        #[arg(long, value_parser = parse_word::<CafeTheme>)]
        theme: Option<CafeTheme>,
        /// From this date (YYYY-MM-DD), inclusive
        #[arg(long)]
        from: Option<String>,
        /// To this date (YYYY-MM-DD), inclusive
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a café and its agreements for good
    Delete { id: String },
    /// Open agreements due for a revisit, oldest first
    Agreements {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct CafeAdd {
    /// YYYY-MM-DD
    #[arg(long)]
    pub date: String,
    /// School name or id (or give --area for a meeting across schools)
    #[arg(long, required_unless_present = "area")]
    pub school: Option<String>,
    /// Town or area, for a meeting not at one school
    #[arg(long)]
    pub area: Option<String>,
    /// One of: alcohol-drugs social-media well-being parties other
    #[arg(long, value_parser = parse_word::<CafeTheme>)]
    pub theme: CafeTheme,
    /// What the theme is, when --theme other
    #[arg(long, default_value = "")]
    pub theme_text: String,
    /// How many parents came (a number, never names)
    #[arg(long)]
    pub parents: u32,
    /// How many parents were invited, if known
    #[arg(long)]
    pub invited: Option<u32>,
    /// Grades, comma separated, e.g. 7,8
    #[arg(long, value_delimiter = ',')]
    pub grades: Vec<u8>,
    /// One of: parent-cafe parent-meeting online
    #[arg(long, value_parser = parse_word::<CafeKind>, default_value = "parent-cafe")]
    pub kind: CafeKind,
    /// Partners present, comma separated: police health-nurse youth-club school-staff other
    #[arg(long, value_delimiter = ',', value_parser = parse_word::<Partner>)]
    pub partners: Vec<Partner>,
    /// Who the other partner is, when --partners has other
    #[arg(long, default_value = "")]
    pub partner_text: String,
    /// What the parents raised
    #[arg(long, default_value = "")]
    pub raised: String,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Record it as planned rather than held
    #[arg(long)]
    pub planned: bool,
    /// An agreement as TEXT@YYYY-MM-DD (the revisit date); may be repeated
    #[arg(long = "agreement", value_name = "TEXT@DATE")]
    pub agreements: Vec<String>,
}

#[derive(Subcommand)]
pub enum SurveyCmd {
    /// Survey rounds
    #[command(subcommand)]
    Round(RoundCmd),
    /// A class's counts in a round
    #[command(subcommand)]
    Class(ClassCmd),
    /// Progress per school and for the municipality, worst first
    Status {
        /// Round name or id
        #[arg(long)]
        round: String,
        /// Only this school (name or id)
        #[arg(long)]
        school: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Import classes from a CSV file (columns: school, class, grade,
    /// enrolled, answered, absent); all lines or none
    Import {
        /// Round name or id
        #[arg(long)]
        round: String,
        /// The CSV file (UTF-8 or Windows-1252; `;`, `,` or tab separated)
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum RoundCmd {
    /// Set up a round; prints the new id
    Add(RoundAdd),
    /// List rounds, newest first
    List {
        #[arg(long)]
        json: bool,
    },
    /// Delete a round and all its classes for good
    Delete {
        /// Round name or id
        round: String,
    },
}

#[derive(Args)]
pub struct RoundAdd {
    /// e.g. "Ungeprofilundersøgelsen 2026/27"
    #[arg(long)]
    pub name: String,
    /// One of: grades7-9 youth-education
    #[arg(long, value_parser = parse_word::<Questionnaire>)]
    pub questionnaire: Questionnaire,
    /// First day of the survey window, YYYY-MM-DD
    #[arg(long)]
    pub from: String,
    /// Last day of the survey window, YYYY-MM-DD
    #[arg(long)]
    pub to: String,
    /// Target response rate in percent, 1-100
    #[arg(long)]
    pub target: u8,
    /// Fewer pupils than this in a grade and the school is shown for all
    /// grades together (1-10)
    #[arg(long, default_value_t = feltbog_api::survey::SMALL_THRESHOLD_DEFAULT)]
    pub small_threshold: u8,
}

#[derive(Subcommand)]
pub enum ClassCmd {
    /// Add a class or change its counts (options left out keep their values)
    Set(ClassSet),
    /// Copy last year's classes one grade up into a round
    Copy {
        /// The earlier round (name or id)
        #[arg(long)]
        from: String,
        /// The new round (name or id)
        #[arg(long)]
        to: String,
        /// Only this school (name or id)
        #[arg(long)]
        school: Option<String>,
    },
}

#[derive(Args)]
pub struct ClassSet {
    /// Round name or id
    #[arg(long)]
    pub round: String,
    /// School name or id
    #[arg(long)]
    pub school: String,
    /// The class's name, e.g. 7.a
    #[arg(long = "class")]
    pub name: String,
    /// Pupils in the class
    #[arg(long)]
    pub enrolled: u32,
    /// Grade (7-9; or 10 and 1-3 for youth education) [default: from the name]
    #[arg(long)]
    pub grade: Option<u8>,
    #[arg(long)]
    pub answered: Option<u32>,
    #[arg(long)]
    pub absent: Option<u32>,
    /// One of: not-started in-progress done cannot-take-part
    #[arg(long, value_parser = parse_word::<ClassStatus>)]
    pub status: Option<ClassStatus>,
    /// Why the class cannot take part
    #[arg(long)]
    pub reason: Option<String>,
    /// The day the class took the survey, YYYY-MM-DD
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Subcommand)]
pub enum DemoCmd {
    /// Load the fictitious demo municipality into an empty profile
    Load,
}

pub fn parse_word<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, String> {
    s.parse()
}
