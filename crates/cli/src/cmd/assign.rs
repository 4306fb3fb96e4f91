//! `feltbog assign RECORD-ID MEMBER`: hands a visit, follow-up, café,
//! agreement, activity or case over to another member of the team.

use crate::common::{invalid, Result};
use feltbog_api::Problem;
use feltbog_core::Session;

pub fn run(s: &mut Session, record: &str, member: &str) -> Result<()> {
    let id = record_id(s, record)?;
    let done = s.assign(&id, member)?;
    eprintln!(
        "{} {record} is now {}'s responsibility",
        done.kind.word(),
        done.owner
    );
    Ok(())
}

/// A record's id as stored: an id as given, or a case number's case.
fn record_id(s: &Session, record: &str) -> Result<String> {
    if let Ok(id) = record.trim().parse::<feltbog_api::VisitId>() {
        return Ok(id.to_string());
    }
    match s.case_by_number(record) {
        Ok(id) => Ok(id.to_string()),
        Err(_) => Err(invalid(
            "RECORD-ID",
            Problem::NotAllowed,
            format!("'{record}' is neither a record id nor a case number here"),
        )),
    }
}
