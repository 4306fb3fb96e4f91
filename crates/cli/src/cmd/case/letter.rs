//! `feltbog case letter` and `case letter-template`: the letter offering
//! the conversation, and the team's template it is written from.

use crate::common::{invalid, Result};
use feltbog_api::papers::{LetterInput, DEFAULT_OFFER_LETTER};
use feltbog_api::Problem;
use feltbog_core::Session;
use std::io::Read;

/// `case letter CASE --date --time --place [--with] --contact --out`.
pub(super) fn letter(
    s: &mut Session,
    case: &str,
    input: &LetterInput,
    out: &std::path::Path,
) -> Result<()> {
    let id = super::act::case_id(s, case)?;
    let saved = feltbog_export::save_offer_letter(s, id, input, out).map_err(|e| match e {
        feltbog_export::Error::Write { .. } => invalid("--out", Problem::NotAllowed, e.to_string()),
        feltbog_export::Error::Core(feltbog_core::Error::Invalid {
            field,
            problem,
            message,
        }) if field == "case" => invalid("CASE", problem, message),
        other => other.into(),
    })?;
    eprintln!(
        "the letter is saved as {} ({} bytes); it is in the access log",
        saved.file.path, saved.file.bytes
    );
    if saved.recorded {
        eprintln!("the case now records the conversation as offered today by letter");
    }
    Ok(())
}

/// `case letter-template [--set FILE|-] [--default]`.
pub(super) fn template(s: &mut Session, set: Option<&str>, default: bool) -> Result<()> {
    let mut settings = s.settings()?;
    let new = match (set, default) {
        (None, false) => {
            let own = settings.cases.offer_letter.trim();
            println!(
                "{}",
                if own.is_empty() {
                    DEFAULT_OFFER_LETTER
                } else {
                    own
                }
            );
            return Ok(());
        }
        (_, true) => String::new(),
        (Some("-"), _) => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                invalid(
                    "--set",
                    Problem::NotAllowed,
                    format!("cannot read stdin: {e}"),
                )
            })?;
            text
        }
        (Some(path), _) => std::fs::read_to_string(path).map_err(|e| {
            invalid(
                "--set",
                Problem::NotAllowed,
                format!("cannot read {path}: {e}"),
            )
        })?,
    };
    settings.cases.offer_letter = new;
    s.update_settings(&settings).map_err(|e| match e {
        feltbog_core::Error::Invalid {
            field,
            problem,
            message,
        } if field == "offer_letter" || field == "cases" => invalid("--set", problem, message),
        other => other.into(),
    })?;
    eprintln!(
        "{}",
        if default {
            "the team's letter is Feltbog's own again"
        } else {
            "the team's letter is saved"
        }
    );
    Ok(())
}
