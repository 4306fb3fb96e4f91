//! `feltbog summary`: the coordinator's summary of a week (`--week`, or
//! this week) or of any period (`--period`) from the command line: as text (default) or JSON on stdout, or as CSV, Excel or PDF in a
//! file. JSON keeps the real numbers and marks what an export hides (each
//! cell's `hide`); everything else shows hidden cells as "<5" or "x". Every
//! output is written to the access log, since it leaves the profile.

use crate::common::{invalid, Result};
use clap::ValueEnum;
use feltbog_api::period::{PeriodKind, ReportPeriod};
use feltbog_api::summary::ExportFormat;
use feltbog_api::Problem;
use feltbog_core::Session;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
    Xlsx,
    Pdf,
}

impl Format {
    pub(super) fn file(self) -> Option<ExportFormat> {
        match self {
            Format::Text | Format::Json => None,
            Format::Csv => Some(ExportFormat::Csv),
            Format::Xlsx => Some(ExportFormat::Xlsx),
            Format::Pdf => Some(ExportFormat::Pdf),
        }
    }

    pub(super) fn word(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }
}

pub fn run(
    s: &mut Session,
    period: Option<ReportPeriod>,
    format: Format,
    out: Option<PathBuf>,
) -> Result<()> {
    let period = period.unwrap_or_else(|| ReportPeriod::containing(PeriodKind::Week, s.today()));
    need_out(format, &out)?;
    if let (Some(file), Some(path)) = (format.file(), &out) {
        let done = feltbog_export::save(s, period, file, path).map_err(export_error)?;
        match period {
            ReportPeriod::Week { week } => {
                eprintln!("week {week} saved as {} ({} bytes)", done.path, done.bytes)
            }
            _ => eprintln!("{period} saved as {} ({} bytes)", done.path, done.bytes),
        }
        return Ok(());
    }
    let summary = s.summary(period)?;
    let lang = s.settings()?.language;
    let bytes = match format {
        Format::Json => json(&summary)?,
        Format::Csv => feltbog_export::render(&summary, ExportFormat::Csv, lang)
            .map_err(feltbog_api::ApiError::from)?,
        _ => feltbog_export::render_text(&summary, lang).into_bytes(),
    };
    write_out(&bytes, &out)?;
    Ok(s.log_summary_export(period, format.word())?)
}

/// A PDF or an Excel file is never written to the terminal.
pub(super) fn need_out(format: Format, out: &Option<PathBuf>) -> Result<()> {
    if matches!(format, Format::Xlsx | Format::Pdf) && out.is_none() {
        return Err(invalid(
            "--out",
            Problem::Required,
            format!("a {} file needs a name: add --out FILE", format.word()),
        ));
    }
    Ok(())
}

/// An export that could not be written names `--out`.
pub(super) fn export_error(e: feltbog_export::Error) -> feltbog_api::ApiError {
    export_error_at("--out", e)
}

/// An export that could not be written names `flag`, where the file went.
pub(super) fn export_error_at(flag: &str, e: feltbog_export::Error) -> feltbog_api::ApiError {
    match e {
        feltbog_export::Error::Write { .. } => invalid(flag, Problem::NotAllowed, e.to_string()),
        other => other.into(),
    }
}

pub(super) fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(value)
        .map_err(|e| feltbog_api::ApiError::new(feltbog_api::ErrorKind::Internal, e.to_string()))
}

/// Writes `bytes` to `out` (whole or not at all) or to stdout.
pub(super) fn write_out(bytes: &[u8], out: &Option<PathBuf>) -> Result<()> {
    match out {
        Some(path) => feltbog_core::files::write_atomically(path, bytes).map_err(|e| {
            invalid(
                "--out",
                Problem::NotAllowed,
                format!("cannot write {}: {e}", path.display()),
            )
        })?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| invalid("--out", Problem::NotAllowed, format!("cannot write: {e}")))?;
        }
    }
    Ok(())
}
