//! The data-protection papers in words: the art. 30 record and the DPIA
//! appendix ([`Paper`]) from core's facts, in the user's language from the
//! one catalogue (`dpo.*`), and set as plain text or as a PDF. The screen
//! shows the same [`Paper`], so what the DPO reads is what the
//! coordinator saw. [`save`] is the one path to a file.

use crate::labels::word;
use crate::Error;
use feltbog_api::catalogue::{self, fill};
use feltbog_api::compliance::{ComplianceFacts, Paper, PaperFormat, PaperPart, PaperSection};
use feltbog_api::dates::format_long;
use feltbog_api::profile::Language;
use feltbog_api::summary::ExportDone;
use feltbog_core::Session;
use std::path::Path;

/// The papers as they stand, in the profile's language.
pub fn paper_of(s: &Session) -> Result<Paper, Error> {
    Ok(paper(&s.compliance_facts()?, s.settings()?.language))
}

/// Writes the papers to `path` as `format`: the whole file or nothing,
/// then the access log.
pub fn save(s: &mut Session, format: PaperFormat, path: &Path) -> Result<ExportDone, Error> {
    let p = paper_of(s)?;
    let bytes = match format {
        PaperFormat::Pdf => crate::pdf::compliance::render(&p, s.settings()?.language)?,
        PaperFormat::Text => text(&p).into_bytes(),
    };
    feltbog_core::files::write_atomically(path, &bytes).map_err(|source| Error::Write {
        path: path.to_owned(),
        source,
    })?;
    s.log_compliance_export(format.as_str())?;
    Ok(ExportDone {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// The words of one language, with `{name}` filled in.
struct W(Language);

impl W {
    fn t(&self, key: &str) -> String {
        word(&format!("dpo.{key}"), self.0)
    }
    fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }
    /// "3 years after closing" from `dpo.<key>_one`/`_many`.
    fn count(&self, key: &str, n: u32) -> String {
        catalogue::count(catalogue::builtin(), &format!("dpo.{key}"), n, self.0)
    }
    fn date(&self, d: chrono::NaiveDate) -> String {
        format_long(d, self.0)
    }
}

fn section(heading: String) -> PaperSection {
    PaperSection {
        heading,
        ..Default::default()
    }
}

/// The papers for `f`, in `lang`.
pub fn paper(f: &ComplianceFacts, lang: Language) -> Paper {
    let w = W(lang);
    let team = !f.team.is_empty() || f.server.is_some();
    let mut lead = vec![if team {
        w.f("lead_team", &[("team", &f.team)])
    } else {
        w.t("lead_alone")
    }];
    let made = w.date(f.made_on);
    lead.push(if f.made_by.trim().is_empty() {
        w.f("lead_made_anon", &[("date", &made)])
    } else {
        w.f("lead_made", &[("date", &made), ("who", f.made_by.trim())])
    });
    lead.push(w.t("lead_controller"));
    Paper {
        title: w.t("title"),
        lead,
        parts: vec![
            PaperPart {
                title: w.t("art30_title"),
                intro: w.t("art30_intro"),
                sections: record(f, &w, team),
            },
            PaperPart {
                title: w.t("dpia_title"),
                intro: w.t("dpia_intro"),
                sections: dpia(f, &w, team),
            },
        ],
    }
}

/// Part 1: the record of processing (art. 30(1) a–g).
fn record(f: &ComplianceFacts, w: &W, team: bool) -> Vec<PaperSection> {
    let n = |v: u32| v.to_string();
    let threshold = n(f.small_threshold);
    let mut purposes = section(w.t("purposes"));
    purposes.paragraphs = vec![w.t("purposes_text"), w.t("purposes_115")];
    let mut basis = section(w.t("basis"));
    basis.paragraphs = vec![w.t("basis_text")];
    let mut subjects = section(w.t("subjects"));
    subjects.bullets = [
        "subject_young",
        "subject_parents",
        "subject_staff",
        "subject_counts",
    ]
    .map(|k| w.t(k))
    .to_vec();
    let mut categories = section(w.t("categories"));
    let cpr = w.t(if f.cases.cpr_allowed {
        "cpr_on"
    } else {
        "cpr_off"
    });
    categories.rows = vec![
        (w.t("cat_visits"), w.t("cat_visits_text")),
        (w.t("cat_survey"), w.t("cat_survey_text")),
        (w.t("cat_cafes"), w.t("cat_cafes_text")),
        (w.t("cat_activities"), w.t("cat_activities_text")),
        (w.t("cat_cases"), format!("{} {cpr}", w.t("cat_cases_text"))),
        (w.t("cat_log"), w.t("cat_log_text")),
    ];
    let mut recipients = section(w.t("recipients"));
    recipients.paragraphs.push(w.t("recipients_none"));
    if team {
        recipients.paragraphs.push(w.f(
            "recipients_team",
            &[
                ("members", &n(f.members)),
                ("coordinators", &n(f.coordinators)),
                ("cases", &n(f.case_members)),
            ],
        ));
    } else {
        recipients.paragraphs.push(w.t("recipients_alone"));
    }
    recipients
        .paragraphs
        .push(w.f("recipients_exports", &[("threshold", &threshold)]));
    if let Some(server) = &f.server {
        recipients
            .paragraphs
            .push(w.f("recipients_server", &[("server", server)]));
    }
    let mut transfers = section(w.t("transfers"));
    transfers.paragraphs = vec![w.t(if team {
        "transfers_team"
    } else {
        "transfers_alone"
    })];
    vec![
        purposes,
        basis,
        subjects,
        categories,
        recipients,
        transfers,
        erasure(f, w),
        security(f, w, team),
        figures(f, w),
        deleted(f, w, team),
    ]
}

/// Each record type's retention rule as the team has set it.
fn erasure(f: &ComplianceFacts, w: &W) -> PaperSection {
    let r = &f.retention;
    let mut s = section(w.t("erasure"));
    s.paragraphs = vec![
        w.t("erasure_text"),
        w.t(if f.team_rules {
            "erasure_team"
        } else {
            "erasure_own"
        }),
    ];
    s.rows = [
        ("rule_closed", "after_closing", f.cases.delete_after_years),
        ("rule_stale", "after_step", f.cases.stale_after_years),
        ("rule_pending", "after_notified", f.cases.stale_after_years),
        ("rule_visits", "after_date", r.visits_after_years),
        ("rule_cafes", "after_date", r.cafes_after_years),
        ("rule_survey", "after_round", r.survey_after_years),
        ("rule_activities", "after_date", r.activities_after_years),
        ("rule_log", "after_entry", r.access_log_after_years),
        ("rule_deletions", "after_deletion", r.deletions_after_years),
    ]
    .into_iter()
    .map(|(label, rule, years)| (w.t(label), w.count(rule, years)))
    .collect();
    s
}

/// The measures as built (art. 32), with today's settings in them.
fn security(f: &ComplianceFacts, w: &W, team: bool) -> PaperSection {
    let mut s = section(w.t("security"));
    s.bullets.push(w.t("sec_rest"));
    s.bullets.push(w.t("sec_pass"));
    s.bullets
        .push(w.f("sec_lock", &[("minutes", &f.idle_lock_minutes.to_string())]));
    if team {
        s.bullets.push(w.t("sec_transit"));
        s.bullets
            .push(w.f("sec_scopes", &[("cases", &f.case_members.to_string())]));
        s.bullets.push(w.t("sec_server"));
    }
    let state = w.t(if f.log_intact {
        "log_intact"
    } else {
        "log_broken"
    });
    s.bullets.push(w.f(
        "sec_log",
        &[
            ("entries", &w.count("entries", f.log_entries)),
            ("devices", &w.count("devices", f.log_devices)),
            ("state", &state),
        ],
    ));
    s.bullets.push(w.f(
        "sec_small",
        &[("threshold", &f.small_threshold.to_string())],
    ));
    s.bullets.push(w.t("sec_cli"));
    s
}

/// Who may read the cases, and the access log's size.
fn figures(f: &ComplianceFacts, w: &W) -> PaperSection {
    let mut s = section(w.t("figures"));
    s.rows = vec![
        (
            w.t("fig_case_access"),
            w.f(
                "fig_of",
                &[
                    ("n", &f.case_members.to_string()),
                    ("total", &f.members.to_string()),
                ],
            ),
        ),
        (w.t("fig_log"), f.log_entries.to_string()),
    ];
    s
}

/// What the rules deleted in the last twelve months, and whether anything
/// due is still waiting.
fn deleted(f: &ComplianceFacts, w: &W, team: bool) -> PaperSection {
    let d = &f.deleted;
    let mut s = section(w.t("fig_deleted_heading"));
    let (from, to) = (w.date(f.deleted_since), w.date(f.made_on));
    s.paragraphs.push(w.f(
        if team {
            "fig_deleted"
        } else {
            "fig_deleted_alone"
        },
        &[("from", &from), ("to", &to)],
    ));
    let lang = w.0;
    let r = |key: &str| word(&format!("retention.{key}"), lang);
    s.rows.push((
        w.t("fig_cases"),
        match f.reads_cases {
            true => f.cases_deleted.to_string(),
            false => w.t("no_case_access"),
        },
    ));
    for (label, n) in [
        (r("row_visits"), d.visits),
        (r("row_cafes"), d.cafes),
        (r("row_survey"), d.survey_rounds),
        (r("row_activities"), d.activities),
        (r("row_pending"), d.pending),
        (r("row_access"), d.access_entries),
        (r("row_deletions"), d.deletions),
    ] {
        s.rows.push((label, n.to_string()));
    }
    let overdue = f.cases_overdue + f.overdue.total();
    s.rows.push((
        w.t("fig_overdue"),
        match (overdue, f.reads_cases) {
            (0, true) => w.t("overdue_none"),
            (0, false) => w.t("overdue_none_but_cases"),
            (n, _) => w.f("overdue_some", &[("n", &n.to_string())]),
        },
    ));
    s
}

/// Part 2: the risks to the people the data are about, and the measures.
fn dpia(f: &ComplianceFacts, w: &W, team: bool) -> Vec<PaperSection> {
    let minutes = f.idle_lock_minutes.to_string();
    let threshold = f.small_threshold.to_string();
    let (cases, members) = (f.case_members.to_string(), f.members.to_string());
    let mut risks = section(w.t("risks"));
    risks.header = vec![w.t("risk"), w.t("measure")];
    let mut row = |risk: &str, measure: String| {
        risks.rows.push((w.t(&format!("risk_{risk}")), measure));
    };
    row("lost", w.t("measure_lost"));
    row("screen", w.f("measure_screen", &[("minutes", &minutes)]));
    if team {
        for k in ["server", "keys", "member", "invite"] {
            row(k, w.t(&format!("measure_{k}")));
        }
    }
    row(
        "access",
        w.f(
            "measure_access",
            &[("cases", &cases), ("members", &members)],
        ),
    );
    row("long", w.t("measure_long"));
    row("small", w.f("measure_small", &[("threshold", &threshold)]));
    row("text", w.t("measure_text"));
    row("exports", w.t("measure_exports"));
    let mut residual = section(w.t("residual"));
    residual.paragraphs = vec![w.t("residual_text")];
    vec![risks, residual]
}

/// The papers as plain text, for pasting: headings underlined, rows as
/// "label: value", bullets with "- ".
pub fn text(p: &Paper) -> String {
    let mut out = String::new();
    let underline = |out: &mut String, s: &str, c: char| {
        out.push_str(s);
        out.push('\n');
        out.push_str(&c.to_string().repeat(s.chars().count()));
        out.push_str("\n\n");
    };
    underline(&mut out, &p.title, '=');
    for l in &p.lead {
        out.push_str(l);
        out.push_str("\n\n");
    }
    for part in &p.parts {
        out.push('\n');
        underline(&mut out, &part.title, '=');
        out.push_str(&part.intro);
        out.push_str("\n\n");
        for s in &part.sections {
            underline(&mut out, &s.heading, '-');
            for para in &s.paragraphs {
                out.push_str(para);
                out.push_str("\n\n");
            }
            for (label, value) in &s.rows {
                out.push_str(&format!("{label}: {value}\n"));
            }
            for b in &s.bullets {
                out.push_str(&format!("- {b}\n"));
            }
            if !s.rows.is_empty() || !s.bullets.is_empty() {
                out.push('\n');
            }
        }
    }
    out.trim_end().to_owned() + "\n"
}

#[cfg(test)]
#[path = "compliance_tests.rs"]
mod tests;
