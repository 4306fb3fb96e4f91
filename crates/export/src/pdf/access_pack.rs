//! *Indsigt* as a PDF: the case's facts, every version of every step, the
//! case's access-log entries and the chain check, in the user's language.
//! Rust prepares every word (`Doc`); `assets/report/indsigt.typ` only lays
//! them out, showing strings as text, never as markup.
//!
//! The CPR number is said to be registered and never printed, as on every
//! screen: its first six digits are the date of birth, and a PDF handed
//! over can travel further than the profile.

use super::{set, world, Error};
use crate::labels::word;
use chrono::{DateTime, Local};
use feltbog_api::cases::{short_device, ChainCheck, StepInput};
use feltbog_api::catalogue::fill;
use feltbog_api::dates::{format_long, format_short};
use feltbog_api::papers::{AccessPack, StepVersion};
use feltbog_api::profile::Language;
use serde::Serialize;

#[derive(Serialize)]
struct Doc {
    title: String,
    lang: &'static str,
    lead: String,
    made_line: String,
    made_note: String,
    footer_left: String,
    page_word: String,
    case_title: String,
    facts: Vec<(String, String)>,
    steps_title: String,
    no_steps: String,
    steps: Vec<DocStep>,
    log_title: String,
    log_none: String,
    /// What the case's log does not hold: openings of lists, which name
    /// no case, and entries a colleague's device has not yet synced.
    log_scope: String,
    log_header: Vec<String>,
    log: Vec<Vec<String>>,
    chain_title: String,
    chain: Vec<String>,
    chain_ok: bool,
}

#[derive(Serialize)]
struct DocStep {
    title: String,
    meta: String,
    /// "Erstattet af en senere rettelse", or empty.
    replaced: String,
    fields: Vec<(String, String)>,
}

/// The access pack as the bytes of a PDF, in `lang`.
pub fn render(p: &AccessPack, lang: Language) -> Result<Vec<u8>, Error> {
    let w = |key: &str| word(key, lang);
    let number = &p.case.summary.number;
    let title = fill(w("pack.title"), &[("number", number)]);
    let made_at = local_time(&p.made_at);
    let made = if p.made_by.trim().is_empty() {
        fill(w("pack.made"), &[("at", &made_at)])
    } else {
        fill(w("pack.made_by"), &[("at", &made_at), ("who", &p.made_by)])
    };
    let team = if p.team.is_empty() {
        String::new()
    } else {
        format!(" · {}", p.team)
    };
    let doc = Doc {
        lang: match lang {
            Language::Da => "da",
            Language::En => "en",
        },
        lead: w("pack.lead"),
        made_line: format!("{made}{team}"),
        made_note: w("pack.made_note"),
        footer_left: format!("Feltbog · {title}"),
        page_word: w("summary.page"),
        case_title: w("pack.case"),
        facts: facts(p, lang),
        steps_title: w("pack.steps"),
        no_steps: w("pack.no_steps"),
        steps: p.versions.iter().map(|v| step(v, lang)).collect(),
        log_title: w("pack.log"),
        log_none: w("pack.log_none"),
        log_scope: w("pack.log_scope"),
        log_header: [
            "log.at",
            "log.action",
            "log.detail",
            "log.who",
            "log.device",
        ]
        .iter()
        .map(|k| w(k))
        .collect(),
        log: p
            .log
            .iter()
            .map(|e| {
                vec![
                    local_time(&e.at),
                    w(&format!("access.{}", e.action)),
                    feltbog_api::catalogue::access_detail(e.action, &e.detail, lang),
                    e.who.clone(),
                    short_device(&e.device),
                ]
            })
            .collect(),
        chain_title: w("pack.chain"),
        chain: chain(&p.chain, lang),
        chain_ok: p.chain.intact(),
        title,
    };
    set(
        world::ACCESS_PACK,
        vec![("data.json".to_owned(), serde_json::to_vec(&doc)?)],
    )
}

/// An RFC 3339 time as the user's local "dd-mm-åååå tt:mm"; as stored
/// when it cannot be read.
fn local_time(at: &str) -> String {
    if let Ok(day) = at.parse::<chrono::NaiveDate>() {
        return format_short(day);
    }
    DateTime::parse_from_rfc3339(at).map_or_else(
        |_| at.to_owned(),
        |t| t.with_timezone(&Local).format("%d-%m-%Y %H:%M").to_string(),
    )
}

fn facts(p: &AccessPack, lang: Language) -> Vec<(String, String)> {
    let w = |key: &str| word(key, lang);
    let c = &p.case;
    let s = &c.summary;
    let law = if c.law_other.is_empty() {
        w(&format!("law.{}", s.law))
    } else {
        c.law_other.clone()
    };
    let offence = if c.offence_other.is_empty() {
        w(&format!("offence.{}", s.offence))
    } else {
        c.offence_other.clone()
    };
    let mut rows = vec![
        (w("cases.number"), s.number.clone()),
        (w("case.initials"), c.initials.clone()),
        (w("case.birth_year"), c.birth_year.to_string()),
        (
            w("case.cpr"),
            w(if c.cpr_registered {
                "pack.cpr_registered"
            } else {
                "pack.cpr_none"
            }),
        ),
        (w("case.school"), s.school_name.clone()),
        (w("case.law"), law),
        (w("case.offence"), offence),
        (w("case.offence_date"), format_long(c.offence_date, lang)),
        (w("case.notified"), format_long(s.notified, lang)),
        (w("pack.journal"), c.journal.clone()),
        (w("pack.step_now"), w(&format!("step.{}", s.step))),
        (w("pack.owner"), s.owner.clone()),
        (w("pack.author"), c.author.clone()),
    ];
    match &c.linked {
        Some(l) => rows.push((w("case.repeat_of"), l.number.clone())),
        None if s.repeat => rows.push((w("case.repeat_of"), w("case.repeat_deleted"))),
        None => {}
    }
    if let Some(d) = &c.repeat_decision {
        let what = if d.other.is_empty() {
            w(&format!("decision.{}", d.decision))
        } else {
            d.other.clone()
        };
        rows.push((
            w("case.decision"),
            format!("{what} ({})", format_short(d.date)),
        ));
    }
    if let Some(day) = s.delete_on {
        rows.push((
            w("case.deletion"),
            fill(w("case.delete_on"), &[("date", &format_long(day, lang))]),
        ));
    }
    if let Some(p) = &c.postponed {
        rows.push((
            w("case.postpone_until"),
            format!("{} · {}", format_long(p.until, lang), p.reason),
        ));
    }
    rows.retain(|(_, v)| !v.trim().is_empty());
    rows
}

fn step(v: &StepVersion, lang: Language) -> DocStep {
    let w = |key: &str| word(key, lang);
    let s = &v.version;
    let d: &StepInput = &s.details;
    let mut fields = vec![
        (
            w("case.method"),
            d.method
                .map(|m| w(&format!("invite.{m}")))
                .unwrap_or_default(),
        ),
        (w("case.place"), d.place.clone()),
        (
            w("case.participants"),
            d.participants
                .iter()
                .map(|r| w(&format!("role.{r}")))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (w("case.situation"), d.situation.clone()),
        (w("case.consequences"), d.consequences.clone()),
        (w("case.agreements"), d.agreements.clone()),
        (w("case.outcome"), d.outcome.clone()),
        (w("case.reason"), d.reason.clone()),
        (w("case.correct_reason"), s.correction_reason.clone()),
    ];
    fields.retain(|(_, v)| !v.trim().is_empty());
    let at = local_time(&s.recorded_at);
    let meta = if s.author.trim().is_empty() {
        fill(w("pack.recorded"), &[("at", &at)])
    } else {
        fill(w("pack.recorded_by"), &[("at", &at), ("who", &s.author)])
    };
    DocStep {
        title: format!(
            "{} · {}",
            w(&format!("step.{}", s.step)),
            format_long(s.date, lang)
        ),
        meta,
        replaced: if v.replaced {
            w("pack.replaced")
        } else {
            String::new()
        },
        fields,
    }
}

/// What the chain check found, in sentences.
fn chain(c: &ChainCheck, lang: Language) -> Vec<String> {
    let w = |key: &str| word(key, lang);
    let mut out = Vec::new();
    if c.intact() {
        out.push(fill(w("pack.chain_ok"), &[("n", &c.entries.to_string())]));
    } else {
        out.push(w("log.chain_broken_title"));
        out.push(fill(
            w("log.chain_broken"),
            &[("n", &c.breaks.len().to_string())],
        ));
    }
    if c.unchained > 0 {
        out.push(fill(
            w("log.chain_unchained"),
            &[("n", &c.unchained.to_string())],
        ));
    }
    if let Some(at) = &c.trimmed_before {
        out.push(fill(w("pack.chain_trimmed"), &[("at", &local_time(at))]));
    }
    out
}
