//! The *referat* as a PDF: the minutes of a conversation held, fit to hand
//! to the family and to the police. Headed with the team (the SSP
//! organisation), the case number and the day; the young person by
//! initials, or by a name typed for this printout only (`name`: it is
//! never stored, not even in the access log); participants by role; the
//! three phases, or what a follow-up came to; when the follow-up comes.

use super::{set, world, Error};
use crate::labels::word;
use feltbog_api::catalogue::fill;
use feltbog_api::dates::format_long;
use feltbog_api::papers::{FollowUpWhen, Referat};
use feltbog_api::profile::Language;
use serde::Serialize;

#[derive(Serialize)]
struct Doc {
    title: String,
    lang: &'static str,
    org: String,
    case_line: String,
    facts: Vec<(String, String)>,
    phases: Vec<(String, String)>,
    follow_up: String,
    written: String,
    footer_left: String,
    page_word: String,
}

/// The referat as the bytes of a PDF, in `lang`; `name` (typed for this
/// printout) stands where the initials would.
pub fn render(r: &Referat, lang: Language, name: Option<&str>) -> Result<Vec<u8>, Error> {
    let w = |key: &str| word(key, lang);
    let d = &r.step.details;
    let title = w(if r.step.step == feltbog_api::cases::Step::FollowUpHeld {
        "ref.title_follow_up"
    } else {
        "ref.title"
    });
    let who = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map_or_else(|| r.initials.clone(), str::to_owned);
    let mut facts = vec![
        (
            w("case.young"),
            format!(
                "{who}, {}",
                fill(w("case.born"), &[("year", &r.birth_year.to_string())])
            ),
        ),
        (w("case.school"), r.school_name.clone()),
        (w("case.date"), format_long(r.step.date, lang)),
        (w("case.place"), d.place.clone()),
        (
            w("case.participants"),
            d.participants
                .iter()
                .map(|p| w(&format!("role.{p}")))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    facts.retain(|(_, v)| !v.trim().is_empty());
    let mut phases = vec![
        (w("case.situation"), d.situation.clone()),
        (w("case.consequences"), d.consequences.clone()),
        (w("case.agreements"), d.agreements.clone()),
        (w("case.outcome"), d.outcome.clone()),
    ];
    phases.retain(|(_, v)| !v.trim().is_empty());
    let follow_up = match r.follow_up {
        Some(FollowUpWhen::Planned(day)) => fill(
            w("ref.follow_up_planned"),
            &[("date", &format_long(day, lang))],
        ),
        Some(FollowUpWhen::DueBy(day)) => {
            fill(w("ref.follow_up_due"), &[("date", &format_long(day, lang))])
        }
        None => String::new(),
    };
    let today = chrono::DateTime::parse_from_rfc3339(&r.made_at).map_or_else(
        |_| chrono::Local::now().date_naive(),
        |t| t.with_timezone(&chrono::Local).date_naive(),
    );
    let written = if r.made_by.trim().is_empty() {
        fill(w("ref.written"), &[("date", &format_long(today, lang))])
    } else {
        fill(
            w("ref.written_by"),
            &[("who", &r.made_by), ("date", &format_long(today, lang))],
        )
    };
    let doc = Doc {
        lang: match lang {
            Language::Da => "da",
            Language::En => "en",
        },
        org: r.team.clone(),
        case_line: fill(w("case.title"), &[("number", &r.number)]),
        facts,
        phases,
        follow_up,
        written,
        footer_left: format!("Feltbog · {title} · {}", r.number),
        page_word: w("summary.page"),
        title,
    };
    set(
        world::REFERAT,
        vec![("data.json".to_owned(), serde_json::to_vec(&doc)?)],
    )
}
