//! `feltbog school-report`: a school's own report for a school year as a
//! PDF (`SCHOOL --out FILE.pdf`), or every active school's into a folder
//! (`--all --out-dir DIR`), for the April dialogue meetings. Each file is
//! written whole and logged.

use super::summary::export_error_at;
use crate::common::{invalid, Result};
use feltbog_api::period::{school_year_of, ReportPeriod};
use feltbog_api::Problem;
use feltbog_core::Session;
use std::path::PathBuf;

/// The school year a `--year` names (`2025/26`), or the one under way.
fn school_year(s: &Session, year: Option<&str>) -> Result<i32> {
    let Some(year) = year else {
        return Ok(school_year_of(s.today()));
    };
    match year.parse::<ReportPeriod>() {
        Ok(ReportPeriod::SchoolYear { start }) => Ok(start),
        _ => Err(invalid(
            "--year",
            Problem::NotAllowed,
            format!("'{year}' is not a school year; write it as 2025/26"),
        )),
    }
}

pub fn run(
    s: &mut Session,
    school: Option<String>,
    all: bool,
    year: Option<String>,
    out: Option<PathBuf>,
    out_dir: Option<PathBuf>,
) -> Result<()> {
    let start = school_year(s, year.as_deref())?;
    if all {
        let Some(dir) = out_dir else {
            return Err(invalid(
                "--out-dir",
                Problem::Required,
                "--all writes one PDF per school: add --out-dir DIR (an existing folder)",
            ));
        };
        if !dir.is_dir() {
            return Err(invalid(
                "--out-dir",
                Problem::NotAllowed,
                format!("{} is not a folder", dir.display()),
            ));
        }
        let done = feltbog_export::save_all_school_reports(s, start, &dir)
            .map_err(|e| export_error_at("--out-dir", e))?;
        for f in &done.files {
            println!("{}", dir.join(f).display());
        }
        eprintln!("{} school reports saved in {}", done.files.len(), done.dir);
        return Ok(());
    }
    let Some(name) = school else {
        return Err(invalid(
            "SCHOOL",
            Problem::Required,
            "name the school (or its id), or write --all --out-dir DIR for every school",
        ));
    };
    let Some(path) = out else {
        return Err(invalid(
            "--out",
            Problem::Required,
            "a school's report is a PDF: add --out FILE.pdf",
        ));
    };
    let id = match s.find_school(&name) {
        Ok(school) => school.id,
        Err(feltbog_core::Error::NotFound(_)) => {
            return Err(invalid(
                "SCHOOL",
                Problem::UnknownReference,
                format!("no school named '{name}'; see `feltbog school list`"),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let done = feltbog_export::save_school_report(s, id, start, &path)
        .map_err(|e| export_error_at("--out", e))?;
    eprintln!(
        "school report saved as {} ({} bytes)",
        done.path, done.bytes
    );
    Ok(())
}
