//! The letter offering the conversation (issue 24, item 3), read back as
//! a family reads it: the team's template with every placeholder filled,
//! the name typed for the printout in place of the initials and never
//! stored, the offer recorded on the case as made by letter, the making
//! logged; fonts embedded, the first page as a picture. Fictitious data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_fonts_embedded, page_pictures, tool};

use feltbog_api::cases::{Access, AccessFilter, InviteMethod, Step};
use feltbog_api::papers::{letter_file_name, LetterInput};
use feltbog_core::testing::*;

fn input(name: &str) -> LetterInput {
    LetterInput {
        date: Some(d(2026, 12, 1)),
        time: "15:30".into(),
        place: "Ålykke Skole, mødelokale 2".into(),
        with: "SSP-konsulent Mette Jensen og betjent Ole Holm".into(),
        contact: "Mette Jensen, tlf. 21 22 23 24".into(),
        name: name.into(),
    }
}

#[test]
fn the_team_s_letter_is_filled_recorded_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut settings = s.settings().unwrap();
    settings.consultant_name = "Mette Jensen".into();
    settings.cases.offer_letter = "Kære forældre til {ung}\n\nVi inviterer til en samtale {dato} kl. {tid} på {sted} med {deltagere}.\n\nRing til {kontakt}.\n\nMed venlig hilsen\n{team}".into();
    s.update_settings(&settings).unwrap();
    let case = s.add_case(&notification(None, "J.P.")).unwrap();
    let id = case.summary.id;

    const NAME: &str = "Jonas Pilgaard";
    let path = dir.path().join(letter_file_name(&case.summary.number));
    let saved = feltbog_export::save_offer_letter(&mut s, id, &input(NAME), &path).unwrap();
    assert!(saved.recorded, "the case stood at notified");
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for expected in [
        "Kære forældre til Jonas Pilgaard",
        "tirsdag den 1. december 2026 kl. 15.30",
        "Ålykke Skole,",
        "mødelokale 2",
        "betjent Ole Holm",
        "Ring til Mette Jensen, tlf. 21 22 23 24.",
        &format!("Vores sag: {}", case.summary.number),
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(!text.contains('{') && !text.contains("J.P."), "{text}");
    assert_fonts_embedded(p);
    page_pictures(p, "letter-pdf-page", 1);

    let now = s.case(id).unwrap();
    let last = now.steps.last().unwrap();
    assert_eq!(
        (last.step, last.details.method),
        (Step::Invited, Some(InviteMethod::Letter))
    );
    assert!(s.store().find_text_for_tests(NAME).unwrap().is_empty());
    let log = s
        .access_log(&AccessFilter {
            case_number: Some(case.summary.number.clone()),
            ..AccessFilter::default()
        })
        .unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == Access::Export && e.detail == "brev"));

    // A second letter (a new time) is logged, the step not recorded again.
    let again = feltbog_export::save_offer_letter(&mut s, id, &input(""), &path).unwrap();
    assert!(!again.recorded);
    let text = tool("pdftotext", &["-layout", p, "-"]);
    assert!(text.contains("Kære forældre til J.P."), "{text}");
}

#[test]
fn feltbog_s_own_letter_stands_until_the_team_writes_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let case = s.add_case(&notification(None, "AB")).unwrap();
    let path = dir.path().join("brev.pdf");
    let bad = LetterInput {
        place: String::new(),
        ..input("")
    };
    let e = feltbog_export::save_offer_letter(&mut s, case.summary.id, &bad, &path).unwrap_err();
    assert!(format!("{e}").contains("place"), "{e}");
    assert!(!path.exists(), "nothing written");
    feltbog_export::save_offer_letter(&mut s, case.summary.id, &input(""), &path).unwrap();
    let text = tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    assert!(text.contains("frivilligt at deltage"), "{text}");
    assert!(text.contains("Kære forældre til AB"), "{text}");
}
