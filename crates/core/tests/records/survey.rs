//! The youth survey on real encrypted files: rounds, classes, copy forward,
//! CSV import and the overview. Fictitious schools and counts only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{class, contains, create, d, round, school, snapshot, unlock};
use feltbog_api::survey::{Band, ClassStatus, Questionnaire, Window};
use feltbog_api::{RoundId, SchoolId};
use feltbog_core::store::ChangeOp;
use feltbog_core::{Error, Session};

fn field<T: std::fmt::Debug>(r: feltbog_core::Result<T>) -> String {
    match r {
        Err(Error::Invalid { field, .. }) => field,
        other => panic!("expected invalid, got {other:?}"),
    }
}

#[test]
fn a_round_runs_from_set_up_to_the_last_class() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let b = s.add_school(&school("Bøgely Skole")).unwrap().id;
    let r = s
        .add_round(&round("Ungeprofilundersøgelsen 2026/27", 2026))
        .unwrap();
    assert_eq!(r.name, "Ungeprofilundersøgelsen 2026/27");

    let a7 = s.save_class(None, &class(r.id, a, "7.a", 7, 24)).unwrap();
    s.save_class(None, &class(r.id, a, "8.a", 8, 20)).unwrap();
    let b7 = s.save_class(None, &class(r.id, b, "7.a", 7, 22)).unwrap();
    assert_eq!(s.round(r.id).unwrap().classes, 3);

    // On site: answered goes up, the class is done.
    let mut on_site = a7.to_input();
    on_site.answered = 22;
    on_site.absent = 2;
    on_site.status = ClassStatus::Done;
    on_site.taken_on = Some(d(2026, 11, 20));
    s.save_class(Some(a7.id), &on_site).unwrap();
    let mut b_done = b7.to_input();
    b_done.answered = 15;
    s.save_class(Some(b7.id), &b_done).unwrap();

    drop(s);
    let s = unlock(dir.path());
    let o = s.survey_overview(r.id).unwrap();
    assert_eq!(o.window, Window::Open { days: 68 });
    assert_eq!(
        (o.total.enrolled, o.total.answered, o.total.classes_open),
        (66, 37, 2)
    );
    assert_eq!(o.band, Band::Behind);
    let names: Vec<_> = o.schools.iter().map(|s| s.school_name.as_str()).collect();
    assert_eq!(
        names,
        ["Æblehaveskolen", "Bøgely Skole"],
        "22 of 44 is worse than 15 of 22"
    );
    let first = &o.schools[0];
    assert_eq!(first.grades.len(), 2);
    assert_eq!(first.grades[0].counts.answered, 22);
}

#[test]
fn bad_counts_and_repeated_names_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let r = s.add_round(&round("2026/27", 2026)).unwrap();
    s.save_class(None, &class(r.id, a, "7.a", 7, 24)).unwrap();
    let before = s.store().changes().unwrap().len();

    let mut c = class(r.id, a, "7.b", 7, 24);
    c.answered = 25;
    assert_eq!(field(s.save_class(None, &c)), "answered");
    c.answered = 20;
    c.absent = 5;
    assert_eq!(field(s.save_class(None, &c)), "absent");
    assert_eq!(
        field(s.save_class(None, &class(r.id, a, " 7A ", 7, 20))),
        "name"
    );
    assert_eq!(
        field(s.save_class(None, &class(r.id, a, "6.a", 6, 20))),
        "grade"
    );
    let unknown = SchoolId(uuid::Uuid::now_v7());
    assert_eq!(
        field(s.save_class(None, &class(r.id, unknown, "7.c", 7, 20))),
        "school"
    );
    let mut r2 = round("2026/27 b", 2026);
    r2.window_to = d(2026, 11, 1);
    assert_eq!(field(s.add_round(&r2)), "window_to");
    let mut youth = round("2026/27", 2026);
    youth.questionnaire = Questionnaire::YouthEducation;
    assert_eq!(field(s.update_round(r.id, &youth)), "questionnaire");

    assert_eq!(s.store().changes().unwrap().len(), before);
    assert_eq!(s.classes(r.id, None).unwrap().len(), 1);
}

#[test]
fn copying_last_years_round_moves_classes_up_a_grade() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let b = s.add_school(&school("Bøgely Skole")).unwrap().id;
    let last = s.add_round(&round("2025/26", 2025)).unwrap();
    for (school, name, grade) in [(a, "7.a", 7), (a, "8.a", 8), (a, "9.a", 9), (b, "7A", 7)] {
        let mut c = class(last.id, school, name, grade, 20);
        c.answered = 18;
        c.status = ClassStatus::Done;
        s.save_class(None, &c).unwrap();
    }
    let now = s.add_round(&round("2026/27", 2026)).unwrap();
    s.save_class(None, &class(now.id, b, "8.b", 8, 19)).unwrap();

    let only_a = s.copy_classes(last.id, now.id, Some(a)).unwrap();
    assert_eq!((only_a.copied, only_a.skipped), (2, 0));
    let again = s.copy_classes(last.id, now.id, None).unwrap();
    assert_eq!(
        (again.copied, again.skipped),
        (1, 2),
        "b's 7A becomes 8A, a's two exist"
    );

    let classes = s.classes(now.id, None).unwrap();
    let names: Vec<_> = classes
        .iter()
        .map(|c| (c.school_name.as_str(), c.name.as_str(), c.grade))
        .collect();
    assert_eq!(
        names,
        [
            ("Bøgely Skole", "8A", 8),
            ("Bøgely Skole", "8.b", 8),
            ("Æblehaveskolen", "8.a", 8),
            ("Æblehaveskolen", "9.a", 9),
        ]
    );
    assert!(classes
        .iter()
        .all(|c| c.answered == 0 && c.status == ClassStatus::NotStarted));
    assert_eq!(field(s.copy_classes(now.id, now.id, None)), "from");

    // The overview compares with the same school and grade last year.
    let o = s.survey_overview(now.id).unwrap();
    let a_row = o.schools.iter().find(|p| p.school == a).unwrap();
    let eighth = a_row.grades.iter().find(|g| g.grade == Some(8)).unwrap();
    assert_eq!(eighth.earlier.len(), 1);
    assert_eq!(
        (eighth.earlier[0].answered, eighth.earlier[0].enrolled),
        (18, 20)
    );
}

fn import(s: &mut Session, round: RoundId, file: &[u8]) -> feltbog_core::Result<(u32, u32)> {
    s.import_classes(round, file).map(|r| (r.added, r.updated))
}

/// The app shows what a file would do before the user imports it: the
/// lines it would write (new or updated), each refused line by number
/// with a problem the screen can say in Danish, and nothing written.
#[test]
fn a_class_list_preview_shows_every_line_and_writes_nothing() {
    use feltbog_api::survey::ImportProblem;
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let r = s.add_round(&round("2026/27", 2026)).unwrap();
    s.save_class(None, &class(r.id, a, "7.a", 7, 24)).unwrap();
    let file = "skole;klasse;klassetrin;elever;besvaret;fraværende\n\
                Æblehaveskolen;7.a;7;25;12;1\n\
                Æblehaveskolen;7.b;7;22;;\n\
                Ålykke Skole;8.a;8;20;;\n\
                Æblehaveskolen;7.c;7;20;21;0\n";
    let p = s
        .preview_class_import(r.id, "liste.csv", file.as_bytes())
        .unwrap();
    assert_eq!(p.file_name, "liste.csv");
    let lines: Vec<(u32, &str, bool)> = p
        .lines
        .iter()
        .map(|l| (l.line, l.class.as_str(), l.new))
        .collect();
    assert_eq!(lines, [(2, "7.a", false), (3, "7.b", true)]);
    assert_eq!((p.lines[0].enrolled, p.lines[0].answered), (25, 12));
    assert_eq!(p.errors.len(), 2);
    assert_eq!(p.errors[0].line, 4);
    assert_eq!(
        p.errors[0].problem,
        ImportProblem::UnknownSchool {
            name: "Ålykke Skole".into()
        }
    );
    assert!(p.errors[0].message.contains("no school named"));
    assert_eq!(p.errors[1].line, 5);
    assert!(
        matches!(&p.errors[1].problem, ImportProblem::Invalid { field, .. } if field == "answered"),
        "{:?}",
        p.errors[1]
    );
    // Nothing was written.
    let classes = s.classes(r.id, None).unwrap();
    assert_eq!(classes.len(), 1);
    assert_eq!(classes[0].enrolled, 24);
}

#[test]
fn csv_import_is_all_or_nothing_and_reads_excel_files() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    s.add_school(&school("Æblehaveskolen")).unwrap();
    let b = s.add_school(&school("Bøgely Skole")).unwrap().id;
    let r = s.add_round(&round("2026/27", 2026)).unwrap();

    let good = "\u{feff}skole;klasse;klassetrin;elever;besvaret;fraværende\r\n\
                æblehaveskolen;7.a;7;24;20;2\r\n\
                Æblehaveskolen;8.a;;21;0;0\r\n\
                Bøgely Skole;9.x;9;18;;\r\n";
    assert_eq!(import(&mut s, r.id, good.as_bytes()).unwrap(), (3, 0));
    let classes = s.classes(r.id, None).unwrap();
    assert_eq!(classes.len(), 3);
    let named = |n: &str| classes.iter().find(|c| c.name == n).unwrap();
    assert_eq!(named("7.a").status, ClassStatus::InProgress, "answered > 0");
    assert_eq!(named("9.x").status, ClassStatus::NotStarted);
    assert_eq!(named("8.a").grade, 8, "grade taken from the class name");

    let before = s.store().changes().unwrap().len();
    let bad = "school,class,grade,enrolled,answered,absent\n\
               Æblehaveskolen,7.a,7,24,23,0\n\
               Æblehaveskolen,7.b,7,24,25,0\n\
               Ukendt Skole,7.a,7,20,0,0\n\
               Bøgely Skole,9.x,9,18,0,0\n\
               Bøgely Skole,9.X,9,18,0,0\n\
               Bøgely Skole,6.a,6,18,0,0\n\
               Bøgely Skole,7.z\n";
    let e = import(&mut s, r.id, bad.as_bytes()).unwrap_err();
    let msg = e.to_string();
    assert_eq!(field(Err::<(), _>(e)), "class_list");
    for expected in [
        "5 bad lines",
        "line 8: expected the columns",
        "line 3: answered",
        "line 4: no school named 'Ukendt Skole'",
        "line 6: class '9.X' at Bøgely Skole is in the file twice",
        "line 7: grade",
    ] {
        assert!(msg.contains(expected), "{expected:?} in {msg}");
    }
    assert_eq!(
        s.store().changes().unwrap().len(),
        before,
        "nothing imported"
    );
    let a7 = s
        .classes(r.id, None)
        .unwrap()
        .into_iter()
        .find(|c| c.name == "7.a");
    assert_eq!(a7.unwrap().answered, 20);

    // A corrected file updates the existing classes.
    let fixed = "Æblehaveskolen;7.a;7;24;23;0\nBøgely Skole;9.x;9;18;17;1\n";
    assert_eq!(import(&mut s, r.id, fixed.as_bytes()).unwrap(), (0, 2));
    let nine = s.classes(r.id, Some(b)).unwrap();
    assert_eq!(
        (nine[0].answered, nine[0].status),
        (17, ClassStatus::InProgress)
    );
}

#[test]
fn deleting_a_round_deletes_its_classes_for_real() {
    let dir = tempfile::tempdir().unwrap();
    let marker = "RUNDE-SLET-4417";
    let (mut s, _) = create(dir.path());
    let a = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let r = s.add_round(&round(marker, 2026)).unwrap();
    let class_marker = "KLASSE-SLET-9";
    s.save_class(None, &class(r.id, a, &format!("7{class_marker}"), 7, 20))
        .unwrap();
    let kept = s.add_round(&round("2025/26", 2025)).unwrap();

    s.delete_round(r.id).unwrap();
    assert!(matches!(s.round(r.id), Err(Error::NotFound(_))));
    assert_eq!(s.rounds().unwrap(), vec![kept]);
    let pages = s.store().decrypted_pages().unwrap();
    assert!(!contains(&pages, marker));
    assert!(!contains(&pages, class_marker));
    let log = s.store().changes().unwrap();
    let gone: Vec<_> = log
        .iter()
        .filter(|e| e.record_id == r.id.to_string() || e.entity == "survey_class")
        .map(|e| e.op)
        .collect();
    assert_eq!(
        gone,
        [ChangeOp::Delete, ChangeOp::Delete],
        "one tombstone each"
    );
    drop(s);
    for (name, bytes) in snapshot(dir.path()) {
        assert!(!contains(&bytes, marker), "{name}");
    }
}

/// `survey class set` by name: a new class takes its grade from its name;
/// the same name again changes only what is given, and answers move a
/// class not started on. The import goes through the same merge.
#[test]
fn a_class_set_by_name_keeps_what_is_left_out() {
    use feltbog_api::survey::ClassByName;
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let r = s.add_round(&round("Ungeprofilen 2026/27", 2026)).unwrap();
    let by_name = |enrolled, answered| ClassByName {
        round: r.id,
        school,
        name: "8.b".into(),
        grade: None,
        enrolled,
        answered,
        absent: None,
        status: None,
        reason: None,
        taken_on: None,
    };
    let new = s.set_class_by_name(&by_name(22, None)).unwrap();
    assert_eq!((new.grade, new.status), (8, ClassStatus::NotStarted));
    let mut counts = by_name(22, Some(5));
    counts.absent = Some(1);
    let again = s.set_class_by_name(&counts).unwrap();
    assert_eq!(again.id, new.id, "the same class, not a second one");
    assert_eq!(
        (again.answered, again.absent, again.status),
        (5, 1, ClassStatus::InProgress)
    );
    let enrolled_only = s.set_class_by_name(&by_name(23, None)).unwrap();
    assert_eq!(
        (
            enrolled_only.enrolled,
            enrolled_only.answered,
            enrolled_only.absent
        ),
        (23, 5, 1),
        "what is left out keeps its value"
    );
    assert_eq!(s.classes(r.id, None).unwrap().len(), 1);
}
