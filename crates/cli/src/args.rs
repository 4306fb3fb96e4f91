//! The command-line grammar. Values are stable English kebab-case words;
//! scripts rely on these forms, so change them only by adding.

use clap::{Args, Parser, Subcommand};
use feltbog_api::dates::IsoWeek;
use feltbog_api::schools::SchoolKind;
use feltbog_api::visits::VisitPurpose;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "feltbog",
    version,
    about = "Feltbog: SSP field notes, kept encrypted on this machine.",
    after_help = "The passphrase is read from FELTBOG_PASSPHRASE when set, otherwise asked for \
                  without echo.\nExit codes: 0 success, 2 invalid input, 3 wrong passphrase or \
                  locked out, 1 anything else."
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
    /// The fictitious demo municipality
    #[command(subcommand)]
    Demo(DemoCmd),
    /// Change the passphrase (asks for the current and the new one; or reads
    /// FELTBOG_PASSPHRASE and FELTBOG_NEW_PASSPHRASE)
    Passwd,
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
pub enum DemoCmd {
    /// Load the fictitious demo municipality into an empty profile
    Load,
}

fn parse_word<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, String> {
    s.parse()
}
