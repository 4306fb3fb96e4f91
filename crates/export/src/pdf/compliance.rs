//! The data-protection papers as a PDF: the [`Paper`] the screen shows,
//! laid out by `assets/report/databeskyttelse.typ` (title, lead, the two
//! parts with their sections; rows as a two-column table; the risks as a
//! table with headers that repeat on a new page).

use super::{set, world, Error};
use crate::labels::word;
use feltbog_api::compliance::Paper;
use feltbog_api::profile::Language;
use serde::Serialize;

#[derive(Serialize)]
struct Doc<'a> {
    paper: &'a Paper,
    lang: &'static str,
    footer_left: String,
    page_word: String,
}

/// The papers as the bytes of a PDF, in `lang`.
pub fn render(p: &Paper, lang: Language) -> Result<Vec<u8>, Error> {
    let doc = Doc {
        paper: p,
        lang: match lang {
            Language::Da => "da",
            Language::En => "en",
        },
        footer_left: format!("Feltbog · {}", word("dpo.tab", lang)),
        page_word: word("summary.page", lang),
    };
    set(
        world::COMPLIANCE,
        vec![("data.json".to_owned(), serde_json::to_vec(&doc)?)],
    )
}
