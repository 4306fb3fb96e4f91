//! Every export read back the way management will open it: the workbook
//! with a reader crate, the PDF's text and fonts with poppler's tools, the
//! CSV byte by byte. Fictitious schools and counts only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_fonts_embedded, page_pictures, tool};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use feltbog_api::cafes::{CafeStatus, CafeTheme};
use feltbog_api::dates::IsoWeek;
use feltbog_api::period::ReportPeriod;
use feltbog_api::profile::{CaseSettings, Language};
use feltbog_api::summary::{ExportFormat, Summary};
use feltbog_api::survey::{ClassStatus, ClassView, Questionnaire, RoundView};
use feltbog_api::visits::{VisitPurpose, VisitStatus};
use feltbog_api::{ClassId, RoundId, SchoolId};
use feltbog_core::domain::summary::{
    compute, CafeFact, Facts, Header, Place, RoundFact, VisitFact,
};
use feltbog_core::domain::suppression::suppress_summary;
use std::io::Cursor;

const INJECTION: &str = "=HYPERLINK(\"x\")";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn class(school: &str, grade: u8, enrolled: u32, answered: u32) -> ClassView {
    ClassView {
        id: ClassId(uuid::Uuid::now_v7()),
        round: RoundId(uuid::Uuid::nil()),
        school: SchoolId(uuid::Uuid::nil()),
        school_name: school.into(),
        name: format!("{grade}.a"),
        grade,
        enrolled,
        answered,
        absent: 0,
        status: ClassStatus::Done,
        reason: String::new(),
        taken_on: Some(d(11, 24)),
    }
}

/// Week 48 of 2026 at three schools, one with a name that is a formula and
/// one whose 8th grade has 3 answers (hidden in every export).
fn summary() -> Summary {
    summary_of(
        IsoWeek {
            year: 2026,
            week: 48,
        }
        .into(),
    )
}

/// Three schools' week 48 of 2026.
fn facts() -> Facts {
    let visit = |school: &str, purpose| VisitFact {
        school: school.into(),
        date: d(11, 25),
        status: VisitStatus::Done,
        purpose,
    };
    let cafe = |school: &str, parents| CafeFact {
        place: Place::School(school.into()),
        date: d(11, 26),
        status: CafeStatus::Held,
        parents,
        invited: Some(40),
        theme: CafeTheme::SocialMedia,
    };
    Facts {
        visits: vec![
            visit("Æblehaveskolen", VisitPurpose::ClassTalk),
            visit("Æblehaveskolen", VisitPurpose::ClassTalk),
            visit("Bøgely Skole", VisitPurpose::Survey),
            visit(INJECTION, VisitPurpose::Management),
            // Planned for the month after November, after week 49.
            VisitFact {
                date: d(12, 20),
                status: VisitStatus::Planned,
                ..visit("Bøgely Skole", VisitPurpose::ClassTalk)
            },
        ],
        rounds: vec![RoundFact {
            round: RoundView {
                id: RoundId(uuid::Uuid::nil()),
                name: "Ungeprofilundersøgelsen 2026".into(),
                questionnaire: Questionnaire::Grades7To9,
                window_from: d(11, 2),
                window_to: d(12, 18),
                target_percent: 85,
                small_threshold: 5,
                classes: 6,
            },
            classes: vec![
                class("Æblehaveskolen", 7, 24, 22),
                class("Æblehaveskolen", 8, 23, 3),
                class("Bøgely Skole", 7, 25, 21),
                class("Bøgely Skole", 8, 26, 24),
                class("Ålykke Skole", 7, 22, 19),
                class("Ålykke Skole", 8, 21, 17),
            ],
        }],
        cafes: vec![
            cafe("Æblehaveskolen", 2),
            cafe("Bøgely Skole", 17),
            cafe("Ålykke Skole", 23),
        ],
        ..Facts::default()
    }
}

fn header() -> Header {
    Header {
        team: "SSP Egeby".into(),
        made_by: "Mette Jensen".into(),
        made_at: "2026-11-27T11:00:00Z".into(),
        today: d(11, 27),
        threshold: 5,
        case_rules: CaseSettings::default(),
    }
}

/// The same facts over `period`.
fn summary_of(period: ReportPeriod) -> Summary {
    suppress_summary(compute(&facts(), period, &header()).unwrap())
}

fn render(format: ExportFormat) -> Vec<u8> {
    feltbog_export::render(&summary(), format, Language::Da).unwrap()
}

fn row_of<'a>(sheet: &'a calamine::Range<Data>, first: &str) -> &'a [Data] {
    sheet
        .rows()
        .find(|r| r.iter().any(|c| *c == Data::String(first.into())))
        .unwrap_or_else(|| panic!("no row {first}"))
}

#[test]
fn the_workbook_has_danish_sheets_numbers_as_numbers_and_small_numbers_hidden() {
    let bytes = render(ExportFormat::Xlsx);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "Skolebesøg",
            "Ungeprofil",
            "Forældrecaféer",
            "Aktiviteter",
            "Første kriminalitet"
        ]
    );
    let visits = book.worksheet_range("Skolebesøg").unwrap();
    let header = visits.rows().next().unwrap();
    assert_eq!(header[0], Data::String("Skole".into()));
    assert!(header.contains(&Data::String("Klasseoplæg".into())));
    // Two class talks at Æblehaveskolen, stored as a number.
    let col = header
        .iter()
        .position(|c| *c == Data::String("Klasseoplæg".into()))
        .unwrap();
    assert_eq!(row_of(&visits, "Æblehaveskolen")[col], Data::Float(2.0));
    // The school named like a formula is text, neutralised.
    let names: Vec<String> = visits.rows().map(|r| r[0].to_string()).collect();
    assert!(names.contains(&format!("'{INJECTION}")), "{names:?}");
    assert!(!names.contains(&INJECTION.to_owned()));

    let survey = book.worksheet_range("Ungeprofil").unwrap();
    let header: Vec<String> = survey
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    let aeble = row_of(&survey, "Æblehaveskolen");
    assert_eq!(aeble[at("8. kl.")], Data::String("<5".into()));
    assert_eq!(aeble[at("Elever")], Data::Float(47.0));
    let boegely = row_of(&survey, "Bøgely Skole");
    assert_eq!(boegely[at("Besvaret")], Data::Float(45.0));
    // A rate is a fraction in a percentage cell: 45 of 51.
    let Data::Float(rate) = boegely[at("Svarprocent")] else {
        panic!("{:?}", boegely[at("Svarprocent")])
    };
    assert!((rate - 45.0 / 51.0).abs() < 1e-9);
    // No cell anywhere shows a number from 1 to 4 in a parents or grade column.
    let cafes = book.worksheet_range("Forældrecaféer").unwrap();
    let header: Vec<String> = cafes
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let parents = header.iter().position(|x| x == "Forældre").unwrap();
    assert_eq!(
        row_of(&cafes, "Æblehaveskolen")[parents],
        Data::String("<5".into())
    );
    assert_eq!(
        row_of(&cafes, "Bøgely Skole")[parents],
        Data::String("x".into())
    );
}

#[test]
fn the_csv_has_a_bom_semicolons_a_decimal_comma_and_no_formula() {
    let bytes = render(ExportFormat::Csv);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Uge;Afsnit;Tabel;Runde;Skole;Opgørelse;Antal"
    );
    assert!(text.contains(
        "2026-W48;Skolebesøg;Gennemførte besøg pr. formål;;Æblehaveskolen;Klasseoplæg;2"
    ));
    assert!(text.contains(";Bøgely Skole;Svarprocent;88,2"), "{text}");
    assert!(text.contains(";Æblehaveskolen;8. kl.;<5"));
    // Quoted by the csv crate and neutralised: Excel shows it as text.
    assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
    assert!(!text.contains(";=HYPERLINK"));
}

#[test]
fn the_pdf_reads_back_in_danish_with_its_font_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Feltbog-ugerapport-2026-U48.pdf");
    std::fs::write(&path, render(ExportFormat::Pdf)).unwrap();
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for expected in [
        "Ugerapport · SSP Egeby",
        "Uge 48 · 23.–29. nov. 2026",
        "Æblehaveskolen",
        "Bøgely Skole",
        "Ålykke Skole",
        "Ungeprofilundersøgelsen 2026",
        "Lavet af Mette Jensen",
        "Samtaler ved første kriminalitet",
        "<5",
        "88,2 %",
        "Side 1 af",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Tagged (its structure readable by a screen reader) and titled: what
    // the accessibility statement says of the PDF.
    let info = tool("pdfinfo", &[p]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
    assert!(
        info.contains("Title:") && info.contains("Ugerapport"),
        "{info}"
    );
    assert_fonts_embedded(p);
    page_pictures(p, "summary-pdf-page", 2);
}

/// A month's report: named for its period, "this week" and "next week"
/// read as the period and the next one, whose days are said; the CSV's
/// first column is the period.
#[test]
fn a_months_report_names_its_period_in_every_format() {
    let november: ReportPeriod = "2026-11".parse().unwrap();
    let s = summary_of(november);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(ExportFormat::Pdf.file_name(&november));
    assert!(path.ends_with("Feltbog-rapport-2026-11.pdf"));
    std::fs::write(
        &path,
        feltbog_export::render(&s, ExportFormat::Pdf, Language::Da).unwrap(),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for expected in [
        "Rapport · SSP Egeby",
        "November 2026 · 1.–30. nov. 2026",
        "»Næste periode« er 1.–31. dec. 2026.",
        "Planlagt i",
        "næste periode",
        "perioden",
        "Æblehaveskolen",
        "<5",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(!text.contains("Ugerapport"), "{text}");
    assert!(!text.contains("næste uge"), "{text}");
    page_pictures(p, "report-month-pdf-page", 1);
    let csv = feltbog_export::render(&s, ExportFormat::Csv, Language::Da).unwrap();
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(csv.starts_with("Periode;Afsnit;"), "{csv}");
    assert!(csv.contains("\n2026-11;Skolebesøg;"), "{csv}");
    let text = feltbog_export::render_text(&s, Language::Da);
    assert!(text.contains("November 2026"), "{text}");
    let en = feltbog_export::render_text(&s, Language::En);
    assert!(en.contains("Planned in the next period"), "{en}");
    let school_year: ReportPeriod = "2026/27".parse().unwrap();
    let en = feltbog_export::render_text(&summary_of(school_year), Language::En);
    assert!(
        en.contains("School year 2026/27 · 1 Aug 2026 – 31 Jul 2027"),
        "{en}"
    );
}

/// Three school years of trends over the same facts (all in 2026/27), as
/// the session makes them: each year's summary marked first.
fn trends() -> feltbog_api::trends::Trends {
    let years: Vec<_> = (2024..=2026)
        .map(|start| {
            let s = summary_of(ReportPeriod::SchoolYear { start });
            (s, (start == 2026).then_some(d(11, 27)))
        })
        .collect();
    feltbog_core::domain::suppression::suppress_trends(feltbog_core::domain::trends::compute(
        &years,
    ))
}

#[test]
fn the_trends_read_back_from_pdf_workbook_and_csv() {
    let t = trends();
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(feltbog_api::trends::trends_file_name(2024, 2026, "pdf"));
    assert!(path.ends_with("Feltbog-udvikling-2024-25-2026-27.pdf"));
    std::fs::write(
        &path,
        feltbog_export::render_trends(&t, ExportFormat::Pdf, Language::Da).unwrap(),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for expected in [
        "Udvikling over skoleår · SSP Egeby",
        "2024/25",
        "2026/27 (til 27. nov.",
        "Svarprocent, Ungeprofilen",
        "75,2 %",
        "Gennemførte skolebesøg",
        "Underretninger fra politiet",
        "ingen summer",
        "Skoleår for skoleår",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert_fonts_embedded(p);
    page_pictures(p, "trends-pdf-page", 1);

    let bytes = feltbog_export::render_trends(&t, ExportFormat::Xlsx, Language::Da).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Udvikling"]);
    let sheet = book.worksheet_range("Udvikling").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[1], "2024/25");
    let visits = row_of(&sheet, "Gennemførte skolebesøg");
    assert_eq!(visits[1], Data::Float(0.0));
    assert_eq!(visits[3], Data::Float(4.0));
    let rate = row_of(&sheet, "Svarprocent, Ungeprofilen");
    assert!(
        matches!(rate[3], Data::Float(r) if (r - 0.7518).abs() < 0.001),
        "{rate:?}"
    );

    let csv = feltbog_export::render_trends(&t, ExportFormat::Csv, Language::Da).unwrap();
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(csv.starts_with("Skoleår;Opgørelse;Antal"), "{csv}");
    assert!(csv.contains("2026/27;Gennemførte skolebesøg;4"), "{csv}");
    assert!(
        csv.contains("2026/27;Svarprocent, Ungeprofilen;75,2"),
        "{csv}"
    );
}

/// Æblehaveskolen's report for 2026/27 as the session makes it: its rows of
/// the year's summary and its survey over three school years.
fn school_report(school: &str) -> Summary {
    let facts = facts();
    let summaries: Vec<Summary> = (2024..=2026)
        .map(|start| summary_of(ReportPeriod::SchoolYear { start }))
        .collect();
    let years: Vec<feltbog_core::domain::school_report::SurveyYear<'_>> = summaries
        .iter()
        .zip(2024..=2026)
        .map(
            |(s, start)| feltbog_core::domain::school_report::SurveyYear {
                name: format!("{start}/{:02}", (start + 1) % 100),
                summary: s,
                rounds: &facts.rounds,
                from: NaiveDate::from_ymd_opt(start, 8, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(start + 1, 7, 31).unwrap(),
            },
        )
        .collect();
    feltbog_core::domain::school_report::compute(school, &summaries[2], &years)
}

#[test]
fn a_schools_report_reads_back_with_its_own_figures_only() {
    let s = school_report("Æblehaveskolen");
    let dir = tempfile::tempdir().unwrap();
    let name = feltbog_api::summary::school_report_file_name("Æblehaveskolen", 2026);
    assert_eq!(name, "Feltbog-skolerapport-Æblehaveskolen-2026-27.pdf");
    let path = dir.path().join(name);
    std::fs::write(
        &path,
        feltbog_export::render(&s, ExportFormat::Pdf, Language::Da).unwrap(),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for expected in [
        "Skolerapport · Æblehaveskolen · SSP Egeby",
        "Skoleåret 2026/27 · 1. aug. 2026 – 31. jul. 2027",
        "Svarprocent pr. klassetrin, tre skoleår",
        "2024/25",
        "2026/27",
        "Klasseoplæg",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Other schools, the municipality's totals and the cases: never.
    for absent in [
        "Bøgely Skole",
        "Ålykke Skole",
        "Hele kommunen",
        "Samtaler ved første kriminalitet",
        "HYPERLINK",
    ] {
        assert!(!text.contains(absent), "{absent:?} in:\n{text}");
    }
    // The 8th grade's 3 answers are hidden, and the rate over them.
    assert!(text.contains("<5"), "{text}");
    assert_fonts_embedded(p);
    page_pictures(p, "school-report-pdf-page", 1);
}
