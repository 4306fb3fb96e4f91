//! The data-protection papers (issue 25, item 5) from a real profile, read
//! back as a DPO reads them: the PDF through pdftotext, the text file as
//! written. The rules are the ones set, the deletions the purge made are
//! counted, and nothing of a record is in them. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_fonts_embedded, page_pictures, tool};
use feltbog_api::compliance::PaperFormat;
use feltbog_api::profile::Language;
use feltbog_core::testing::*;

#[test]
fn the_papers_hold_the_rules_set_and_the_deletions_made_and_nothing_of_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut settings = s.settings().unwrap();
    settings.consultant_name = "Mette Jensen".into();
    settings.retention.visits_after_years = 2;
    settings.small_threshold = 7;
    s.update_settings(&settings).unwrap();
    let school = s.add_school(&school("Ålykke Skole")).unwrap().id;
    // Today is 2026-11-23: a visit of 2024 is due under a two-year rule.
    let mut old = visit(school, "GAMMELNOTE om 8.b");
    old.date = d(2024, 1, 5);
    old.follow_ups[0].due = d(2024, 1, 5);
    s.record_visit(&old).unwrap();
    s.record_visit(&visit(school, "NYNOTE om 9.a")).unwrap();
    s.add_case(&notification(Some(school), "Q.X.")).unwrap();
    s.purge(false).unwrap();

    let facts = s.compliance_facts().unwrap();
    assert_eq!(facts.deleted.visits, 1, "{facts:?}");
    assert_eq!((facts.members, facts.case_members), (1, 1));
    assert!(facts.log_intact);

    let pdf = dir.path().join("Databeskyttelse æøå.pdf");
    let done = feltbog_export::compliance::save(&mut s, PaperFormat::Pdf, &pdf).unwrap();
    assert!(done.bytes > 5_000);
    let p = pdf.to_str().unwrap();
    assert_fonts_embedded(p);
    page_pictures(p, "compliance", 2);
    let read = tool("pdftotext", &[p, "-"]);
    let flat = read.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Fortegnelse over behandlingsaktiviteter",
        "Bilag til konsekvensanalyse",
        "Lavet 23. nov. 2026 af Mette Jensen",
        "2 år efter datoen",
        "antal under 7",
        "Risiko Foranstaltning",
    ] {
        assert!(flat.contains(expected), "{expected} not in:\n{read}");
    }

    let txt = dir.path().join("databeskyttelse.txt");
    feltbog_export::compliance::save(&mut s, PaperFormat::Text, &txt).unwrap();
    let text = std::fs::read_to_string(&txt).unwrap();
    assert!(
        text.contains("Skolebesøg med opfølgninger: 2 år efter datoen"),
        "{text}"
    );
    assert!(text.contains("\nSkolebesøg: 1\n"), "{text}");
    assert!(
        text.contains("\nForfaldent, ikke slettet endnu: Intet"),
        "{text}"
    );
    for never in ["GAMMELNOTE", "NYNOTE", "Q.X.", "Ålykke"] {
        assert!(!text.contains(never), "{never} in the papers");
        assert!(!flat.contains(never), "{never} in the PDF");
    }

    // Each saving is in the access log, like every export.
    let saved: Vec<String> = s
        .access_log(&feltbog_api::cases::AccessFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.case_number == "databeskyttelse")
        .map(|e| e.detail)
        .collect();
    assert_eq!(saved, ["text", "pdf"], "newest first");

    // In English when the profile is.
    settings.language = Language::En;
    s.update_settings(&settings).unwrap();
    let en = feltbog_export::compliance::paper_of(&s).unwrap();
    assert_eq!(
        en.title,
        "Data protection: record of processing and DPIA appendix"
    );
}
