//! `feltbog trends`: the municipality's figures for the last school years
//! side by side (the current one so far): text (default) or JSON on
//! stdout, or a CSV, Excel or PDF file. As with the summary, JSON keeps
//! the real numbers and marks what an export hides; every output is written
//! to the access log.

use super::summary::{export_error, json, need_out, write_out, Format};
use crate::common::Result;
use feltbog_api::summary::ExportFormat;
use feltbog_core::Session;
use std::path::PathBuf;

pub fn run(
    s: &mut Session,
    years: u32,
    json_flag: bool,
    format: Format,
    out: Option<PathBuf>,
) -> Result<()> {
    let format = if json_flag { Format::Json } else { format };
    need_out(format, &out)?;
    if let (Some(file), Some(path)) = (format.file(), &out) {
        let done = feltbog_export::save_trends(s, years, file, path).map_err(export_error)?;
        eprintln!("trends saved as {} ({} bytes)", done.path, done.bytes);
        return Ok(());
    }
    let trends = s.trends(years)?;
    let lang = s.settings()?.language;
    let bytes = match format {
        Format::Json => json(&trends)?,
        Format::Csv => feltbog_export::render_trends(&trends, ExportFormat::Csv, lang)
            .map_err(feltbog_api::ApiError::from)?,
        _ => feltbog_export::render_trends_text(&trends, lang).into_bytes(),
    };
    write_out(&bytes, &out)?;
    Ok(s.log_trends_export(&trends, format.word())?)
}
