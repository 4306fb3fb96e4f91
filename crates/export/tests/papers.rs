//! The papers a case gives out (issue 24), read back as their recipients
//! read them: the access pack (*indsigt*) of a case whose step was
//! corrected, and the referat of a conversation held; each saved as a PDF
//! from a real profile, its text through pdftotext, its fonts through
//! pdffonts, its first page as a picture. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_fonts_embedded, page_pictures, tool};

use feltbog_api::cases::{Access, AccessFilter, Role, Step, StepInput};
use feltbog_api::papers::StepPick;
use feltbog_core::testing::*;

#[test]
fn the_access_pack_holds_the_case_every_version_and_the_checked_log() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut settings = s.settings().unwrap();
    settings.consultant_name = "Mette Jensen".into();
    settings.cases.cpr_allowed = true;
    s.update_settings(&settings).unwrap();
    let school = s.add_school(&school("Ålykke Skole")).unwrap().id;
    let mut n = notification(Some(school), "J.P.");
    n.cpr = "101112-4321".into();
    n.birth_year = 2012;
    let case = s.add_case(&n).unwrap();
    let id = case.summary.id;
    let invited = s
        .record_step(id, Step::Invited, d(2026, 11, 12), &StepInput::default())
        .unwrap();
    let invite_step = invited.steps.last().unwrap().id;
    s.correct_step(
        invite_step,
        d(2026, 11, 11),
        &StepInput::default(),
        "forkert dato i første registrering",
    )
    .unwrap();
    s.record_step(
        id,
        Step::Held,
        d(2026, 11, 20),
        &StepInput {
            place: "Rådhuset, mødelokale 2".into(),
            participants: vec![Role::YoungPerson, Role::Parent, Role::Ssp],
            situation: "Går i 8. klasse og spiller fodbold".into(),
            consequences: "Forstår, hvad en sigtelse betyder".into(),
            agreements: "Ses igen om seks uger".into(),
            ..StepInput::default()
        },
    )
    .unwrap();
    s.case(id).unwrap();

    let out = dir.path().join(feltbog_api::papers::access_pack_file_name(
        &case.summary.number,
    ));
    let done = feltbog_export::save_access_pack(&mut s, id, &out).unwrap();
    assert!(done.bytes > 1000);
    let p = out.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for expected in [
        format!("Indsigt: sag {}", case.summary.number),
        "Lavet ".into(),
        "af Mette Jensen".into(),
        "J.P.".into(),
        "2012".into(),
        "registreret (vises ikke her;".into(),
        "Ålykke Skole".into(),
        "Inviteret".into(),
        "Erstattet af en senere rettelse".into(),
        "forkert dato i første registrering".into(),
        "Samtale holdt".into(),
        "Fase 1: Den unges situation".into(),
        "Går i 8. klasse og spiller fodbold".into(),
        "Ses igen om seks uger".into(),
        "Den unge, Forælder/værge".into(),
        "Adgangsloggen for sagen".into(),
        "Oprettet".into(),
        "Set".into(),
        "Hele adgangsloggen på denne computer er kontrolleret".into(),
        "Side 1 af".into(),
    ] {
        assert!(
            text.contains(&expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    for secret in ["4321", "101112"] {
        assert!(!text.contains(secret), "CPR digits {secret} in:\n{text}");
    }
    assert!(
        !p.contains("J.P.") && p.ends_with(&format!("Feltbog-indsigt-{}.pdf", case.summary.number)),
        "no personal data in the file name: {p}"
    );
    // Both versions of the invitation, the newest after the one it replaced.
    let first = text.find("Erstattet af en senere rettelse").unwrap();
    let correction = text.find("forkert dato i første registrering").unwrap();
    assert!(first < correction, "the replaced version comes first");

    assert_fonts_embedded(p);

    // Its making is in the access log, after the file was written.
    let log = s
        .access_log(&AccessFilter {
            case_number: Some(case.summary.number.clone()),
            ..AccessFilter::default()
        })
        .unwrap();
    assert_eq!(
        (log[0].action, log[0].detail.as_str()),
        (Access::Export, "indsigt"),
        "newest first"
    );

    // Page 1 as a picture, for a person to look at.
    page_pictures(p, "access-pack-pdf-page", 2);
}

#[test]
fn a_failed_write_leaves_no_file_and_no_log_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    let case = s.add_case(&notification(Some(school), "AB")).unwrap();
    let before = s.access_log(&AccessFilter::default()).unwrap().len();
    let nowhere = dir.path().join("findes-ikke").join("indsigt.pdf");
    let e = feltbog_export::save_access_pack(&mut s, case.summary.id, &nowhere).unwrap_err();
    assert!(matches!(e, feltbog_export::Error::Write { .. }), "{e}");
    assert!(!nowhere.exists());
    assert_eq!(
        s.access_log(&AccessFilter::default()).unwrap().len(),
        before,
        "nothing left the app: nothing logged"
    );
}

#[test]
fn the_referat_has_the_three_phases_the_follow_up_and_a_name_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut settings = s.settings().unwrap();
    settings.consultant_name = "Mette Jensen".into();
    s.update_settings(&settings).unwrap();
    let school = s.add_school(&school("Ålykke Skole")).unwrap().id;
    let case = s.add_case(&notification(Some(school), "J.P.")).unwrap();
    let id = case.summary.id;
    s.record_step(id, Step::Invited, d(2026, 11, 12), &StepInput::default())
        .unwrap();
    let out = dir.path().join("r.pdf");
    let e = feltbog_export::save_referat(&mut s, id, StepPick::Latest, None, &out).unwrap_err();
    assert!(
        matches!(&e, feltbog_export::Error::Core(feltbog_core::Error::Invalid { field, .. }) if field == "step"),
        "no conversation held yet: {e}"
    );
    s.record_step(
        id,
        Step::Held,
        d(2026, 11, 20),
        &StepInput {
            place: "Rådhuset, mødelokale 2".into(),
            participants: vec![Role::YoungPerson, Role::Parent, Role::Ssp, Role::Police],
            situation: "Går i 8. klasse og spiller fodbold".into(),
            consequences: "Forstår, hvad en sigtelse betyder".into(),
            agreements: "Søger fritidsjob; ses igen om seks uger".into(),
            ..StepInput::default()
        },
    )
    .unwrap();
    let e = feltbog_export::save_referat(&mut s, id, StepPick::Nth(2), None, &out).unwrap_err();
    assert!(format!("{e}").contains("not a conversation held"), "{e}");

    const NAME: &str = "Jonas Pilgaard";
    let path = dir
        .path()
        .join(feltbog_api::papers::referat_file_name(&case.summary.number));
    feltbog_export::save_referat(&mut s, id, StepPick::Latest, Some(NAME), &path).unwrap();
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for expected in [
        "Referat af samtale",
        &format!("Sag {}", case.summary.number),
        &format!("{NAME}, født 2011"),
        "Ålykke Skole",
        "20. nov. 2026",
        "Rådhuset, mødelokale 2",
        "Den unge, Forælder/værge, SSP-konsulent, Politi",
        "Fase 1: Den unges situation",
        "Går i 8. klasse og spiller fodbold",
        "Fase 2: Konsekvenser",
        "Fase 3: Aftaler",
        "Søger fritidsjob; ses igen om seks uger",
        "Opfølgningssamtalen holdes senest",
        "Skrevet af Mette Jensen",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(
        !text.contains("J.P."),
        "the typed name stands for the initials"
    );
    assert_fonts_embedded(p);
    // The name typed for the printout is nowhere in the profile.
    assert!(
        s.store().find_text_for_tests(NAME).unwrap().is_empty(),
        "the printout's name was stored"
    );
    let log = s
        .access_log(&AccessFilter {
            case_number: Some(case.summary.number.clone()),
            ..AccessFilter::default()
        })
        .unwrap();
    assert_eq!(
        (log[0].action, log[0].detail.as_str()),
        (Access::Export, "referat")
    );
    assert!(log.iter().all(|e| !e.detail.contains("Jonas")));

    page_pictures(p, "referat-pdf-page", 1);
}

/// Notes as long as a phase may be run over pages in both papers, and
/// nothing is cut off at a page's foot.
#[test]
fn long_notes_run_over_pages_and_end_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    let case = s.add_case(&notification(Some(school), "AB")).unwrap();
    let id = case.summary.id;
    s.record_step(id, Step::Invited, d(2026, 11, 12), &StepInput::default())
        .unwrap();
    let long = |n: u32| {
        let mut t = "Samtalen gik roligt og alle kom til orde undervejs. ".repeat(170);
        t.push_str(&format!("Slutord{n}"));
        t
    };
    s.record_step(
        id,
        Step::Held,
        d(2026, 11, 20),
        &StepInput {
            participants: vec![Role::YoungPerson, Role::Parent],
            situation: long(1),
            consequences: long(2),
            agreements: long(3),
            ..StepInput::default()
        },
    )
    .unwrap();
    for (name, save) in [("indsigt.pdf", true), ("referat.pdf", false)] {
        let path = dir.path().join(name);
        if save {
            feltbog_export::save_access_pack(&mut s, id, &path).unwrap();
        } else {
            feltbog_export::save_referat(&mut s, id, StepPick::Latest, None, &path).unwrap();
        }
        let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
        for n in 1..=3 {
            assert!(
                text.contains(&format!("Slutord{n}")),
                "{name}: the end of phase {n} is cut off"
            );
        }
        let pages = tool("pdfinfo", &[path.to_str().unwrap()]);
        assert!(
            pages
                .lines()
                .any(|l| l.starts_with("Pages:") && !l.ends_with(" 1")),
            "{name} runs over pages: {pages}"
        );
    }
}
