//! The letter offering the first-offence conversation (*Brev om tilbud*)
//! as a PDF: the sender (the team), the day it was written and the case
//! number as the municipality's reference, then the team's text with its
//! placeholders filled by core. Always Danish: it goes to Danish families.

use super::{set, world, Error};
use crate::labels::word;
use feltbog_api::catalogue::fill;
use feltbog_api::dates::format_long;
use feltbog_api::papers::OfferLetter;
use feltbog_api::profile::Language;
use serde::Serialize;

#[derive(Serialize)]
struct Doc {
    title: String,
    subject: String,
    org: String,
    dated: String,
    reference: String,
    paragraphs: Vec<String>,
    footer_left: String,
    page_word: String,
}

/// The letter as the bytes of a PDF.
pub fn render(l: &OfferLetter) -> Result<Vec<u8>, Error> {
    let lang = Language::Da;
    let w = |key: &str| word(key, lang);
    let title = w("letter.title");
    let doc = Doc {
        subject: w("letter.subject"),
        org: l.team.clone(),
        dated: format_long(l.day, lang),
        reference: fill(w("letter.reference"), &[("number", &l.number)]),
        paragraphs: l.paragraphs.clone(),
        footer_left: format!("Feltbog · {title} · {}", l.number),
        page_word: w("summary.page"),
        title,
    };
    set(
        world::LETTER,
        vec![("data.json".to_owned(), serde_json::to_vec(&doc)?)],
    )
}
