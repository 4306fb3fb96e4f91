//! `feltbog cafe …`: parent cafés from the command line.

use crate::common::{find_school, invalid, pad, parse_date, parse_word, print_json, Result};
use clap::{Args, Subcommand};
use feltbog_api::cafes::{
    AgreementInput, CafeFilter, CafeKind, CafeStatus, CafeTheme, CafeView, DueAgreement, NewCafe,
    Partner,
};
use feltbog_api::dates::format_short;
use feltbog_api::{CafeId, Problem};
use feltbog_core::Session;

#[derive(Subcommand)]
pub enum CafeCmd {
    /// Record a parent café or meeting (held unless --planned); prints the new id
    Add(Box<CafeAdd>),
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
        /// Only those you are responsible for
        #[arg(long)]
        mine: bool,
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
    /// The member responsible (ansvarlig), by name [default: you]
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

pub fn run(s: &mut Session, cmd: CafeCmd) -> Result<()> {
    match cmd {
        CafeCmd::Add(a) => add(s, *a),
        CafeCmd::List {
            school,
            theme,
            from,
            to,
            json,
        } => {
            let filter = CafeFilter {
                school: school.map(|n| find_school(s, &n)).transpose()?,
                theme,
                from: from.map(|d| parse_date("--from", &d)).transpose()?,
                to: to.map(|d| parse_date("--to", &d)).transpose()?,
            };
            print(&s.cafes(&filter)?, json)
        }
        CafeCmd::Delete { id } => {
            let cafe: CafeId = id.parse().map_err(|_| {
                invalid(
                    "ID",
                    Problem::NotAllowed,
                    format!("'{id}' is not a café id"),
                )
            })?;
            s.delete_cafe(cafe)?;
            eprintln!("café {id} is deleted");
            Ok(())
        }
        CafeCmd::Agreements { mine, json } => {
            let mut list = s.due_agreements(None)?;
            if mine {
                let own = s.ownership()?;
                list.retain(|a| own.owns(&a.agreement.owner));
            }
            print_agreements(&list, json)
        }
    }
}

fn add(s: &mut Session, a: CafeAdd) -> Result<()> {
    let school = a.school.as_deref().map(|n| find_school(s, n)).transpose()?;
    let agreements = a
        .agreements
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let field = format!("--agreement {}", i + 1);
            let (text, date) = text.rsplit_once('@').ok_or_else(|| {
                invalid(
                    &field,
                    Problem::NotAllowed,
                    "write an agreement as TEXT@YYYY-MM-DD",
                )
            })?;
            Ok(AgreementInput {
                id: None,
                text: text.into(),
                revisit: parse_date(&field, date)?,
                done: false,
            })
        })
        .collect::<Result<_>>()?;
    let cafe = NewCafe {
        date: parse_date("--date", &a.date)?,
        status: if a.planned {
            CafeStatus::Planned
        } else {
            CafeStatus::Held
        },
        school,
        area: a.area.unwrap_or_default(),
        grades: a.grades,
        kind: a.kind,
        theme: a.theme,
        theme_other: a.theme_text,
        partners: a.partners,
        partner_other: a.partner_text,
        parents: a.parents,
        invited: a.invited,
        raised: a.raised,
        notes: a.notes,
        agreements,
    };
    let c = s
        .record_cafe_for(&cafe, a.owner.as_deref())
        .map_err(crate::common::owner_flag)?;
    println!("{}", c.id);
    Ok(())
}

fn print(list: &[CafeView], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&list);
    }
    let w = list
        .iter()
        .map(|c| c.place.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    println!(
        "{:<10}  {:<7}  {}  {:<13}  {:>7}  {:>7}  ID",
        "DATE",
        "STATUS",
        pad("PLACE", w),
        "THEME",
        "PARENTS",
        "INVITED"
    );
    for c in list {
        let invited = c.invited.map_or("-".into(), |i| i.to_string());
        println!(
            "{:<10}  {:<7}  {}  {:<13}  {:>7}  {:>7}  {}",
            format_short(c.date),
            c.status.as_str(),
            pad(&c.place, w),
            c.theme.as_str(),
            c.parents,
            invited,
            c.id
        );
    }
    Ok(())
}

fn print_agreements(list: &[DueAgreement], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&list);
    }
    for a in list {
        println!(
            "{}  {}  {}  ({})",
            format_short(a.agreement.revisit),
            a.place,
            a.agreement.text,
            a.agreement.owner
        );
    }
    Ok(())
}
