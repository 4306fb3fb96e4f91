//! `feltbog compliance`: the data-protection papers (the art. 30 record
//! and the DPIA appendix) made from the live profile, as a PDF or plain
//! text (`--out FILE.pdf|FILE.txt`, or `--format`), or as text on stdout
//! for pasting. A coordinator's (or a profile alone's).

use super::summary::export_error_at;
use crate::common::Result;
use feltbog_api::compliance::PaperFormat;
use feltbog_core::Session;
use std::path::PathBuf;

pub fn run(s: &mut Session, format: Option<PaperFormat>, out: Option<PathBuf>) -> Result<()> {
    let Some(path) = out else {
        if format == Some(PaperFormat::Pdf) {
            return Err(crate::common::invalid(
                "--out",
                feltbog_api::Problem::Required,
                "a PDF goes to a file: add --out FILE.pdf",
            ));
        }
        let paper = feltbog_export::compliance::paper_of(s).map_err(feltbog_api::ApiError::from)?;
        print!("{}", feltbog_export::compliance::text(&paper));
        return Ok(s.log_compliance_export(PaperFormat::Text.as_str())?);
    };
    let format = format.unwrap_or_else(|| PaperFormat::of_path(&path.to_string_lossy()));
    let done = feltbog_export::compliance::save(s, format, &path)
        .map_err(|e| export_error_at("--out", e))?;
    eprintln!(
        "data-protection papers saved as {} ({} bytes)",
        done.path, done.bytes
    );
    Ok(())
}
