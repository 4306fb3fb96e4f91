//! `feltbog cafe …`: parent cafés from the command line.

use crate::args::{CafeAdd, CafeCmd};
use crate::output;
use crate::run::{find_school, invalid, parse_date, Result};
use feltbog_api::cafes::{AgreementInput, CafeFilter, CafeStatus, NewCafe};
use feltbog_api::{CafeId, Problem};
use feltbog_core::Session;

pub fn run(s: &mut Session, cmd: CafeCmd) -> Result<()> {
    match cmd {
        CafeCmd::Add(a) => add(s, a),
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
            output::cafes(&s.cafes(&filter)?, json)
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
        CafeCmd::Agreements { json } => output::agreements(&s.due_agreements(None)?, json),
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
    println!("{}", s.record_cafe(&cafe)?.id);
    Ok(())
}
