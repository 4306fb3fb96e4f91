//! Search (issue 23, item 4) on real SQLCipher files: every kind found by
//! a word and by a stem, cases by number only, and a deleted record's
//! words in no file of the profile afterwards. Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::activities::ActivityKind;
use feltbog_api::cases::AccessFilter;
use feltbog_api::search::{SearchItem, SearchResults};
use feltbog_core::{Error, Session};

fn kinds(r: &SearchResults) -> Vec<&'static str> {
    r.hits
        .iter()
        .map(|h| match h.item {
            SearchItem::School { .. } => "school",
            SearchItem::Visit { .. } => "visit",
            SearchItem::FollowUp { .. } => "follow-up",
            SearchItem::Cafe { .. } => "cafe",
            SearchItem::Agreement { .. } => "agreement",
            SearchItem::Activity { .. } => "activity",
            SearchItem::ActivityFollowUp { .. } => "activity-follow-up",
            SearchItem::Round { .. } => "round",
            SearchItem::Case { .. } => "case",
        })
        .collect()
}

fn found(s: &mut Session, text: &str) -> Vec<&'static str> {
    let mut k = kinds(&s.search(text).unwrap());
    k.sort_unstable();
    k
}

#[test]
fn each_kind_is_found_by_its_words_and_by_a_stem() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Æblehaveskolen")).unwrap().id;
    let v = s
        .record_visit(&visit(school, "Snak om rygningen i frikvarteret"))
        .unwrap();
    s.record_cafe(&cafe(school, "Energidrikke og søvn"))
        .unwrap();
    s.add_round(&round("Ungeprofil efterår", 2026)).unwrap();
    let mut street = activity(school, "Mange unge ved skaterbanen");
    (street.kind, street.school, street.area) = (ActivityKind::Street, None, "Nordby".into());
    street.follow_ups = vec![feltbog_api::activities::ActivityFollowUpInput {
        id: None,
        text: "Invitere ungdomsklubben".into(),
        due: street.date,
        done: false,
    }];
    let street = s.record_activity(&street).unwrap();

    // A word of the notes, typed without its ending, and with another.
    // (The fixture's follow-up repeats the notes: "opfølgning …".)
    assert_eq!(found(&mut s, "rygning"), ["follow-up", "visit"]);
    assert_eq!(found(&mut s, "RYGNINGER"), ["follow-up", "visit"]);
    assert_eq!(found(&mut s, "opfølgningen"), ["follow-up"]);
    // Danish letters, a class, a purpose by its label, a school, a round.
    assert_eq!(found(&mut s, "søvn"), ["agreement", "cafe"]);
    assert_eq!(found(&mut s, "7.a"), ["visit"]);
    assert_eq!(found(&mut s, "klasseoplæg"), ["visit"]);
    assert_eq!(found(&mut s, "æblehave"), ["school"]);
    assert_eq!(found(&mut s, "ungeprofil"), ["round"]);
    // An activity by its notes, theme, area and kind's label in either
    // language; opened by its id, named by its place and kind.
    for typed in [
        "skaterbanen",
        "digital",
        "nordby",
        "gadeplan",
        "street presence",
    ] {
        assert_eq!(found(&mut s, typed), ["activity"], "{typed}");
    }
    assert_eq!(found(&mut s, "ungdomsklubben"), ["activity-follow-up"]);
    let r = s.search("skaterbanen").unwrap();
    assert_eq!(
        r.hits[0].item,
        SearchItem::Activity {
            activity: street.id,
            activity_kind: ActivityKind::Street,
            place: "Nordby".into()
        }
    );
    assert_eq!(r.hits[0].date, Some(street.date));
    // Every word must match.
    assert_eq!(found(&mut s, "rygning søvn"), Vec::<&str>::new());

    let r = s.search("klasseoplæg rygning").unwrap();
    assert_eq!(r.total, 1, "{r:#?}");
    let hit = &r.hits[0];
    assert_eq!(hit.date, Some(d(2026, 11, 20)));
    match &hit.item {
        SearchItem::Visit {
            visit, school_name, ..
        } => {
            assert_eq!(*visit, v.id);
            assert_eq!(school_name, "Æblehaveskolen");
        }
        other => panic!("expected the visit, got {other:?}"),
    }
    let marked: Vec<_> = hit
        .excerpt
        .iter()
        .filter(|e| e.hit)
        .map(|e| e.text.as_str())
        .collect();
    // The excerpt is the visit's own text, not the purpose's label.
    assert_eq!(marked, ["rygningen"]);

    // An edit is found by its new words and no longer by its old.
    let mut edited = visit(school, "Samtale om mobning");
    edited.follow_ups[0].id = Some(v.follow_ups[0].id);
    s.update_visit(v.id, &edited).unwrap();
    assert_eq!(found(&mut s, "rygning"), Vec::<&str>::new());
    assert_eq!(found(&mut s, "mobning"), ["follow-up", "visit"]);
}

#[test]
fn signs_and_nothing_find_nothing_and_too_long_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    s.record_visit(&visit(school, "noget")).unwrap();
    for text in ["", "   ", "\"*()", "NEAR(a b)", "\u{345}"] {
        let r = s.search(text).unwrap();
        assert_eq!(r.hits, [], "{text:?} finds nothing");
        assert_eq!(r.total, 0);
    }
    match s.search(&"ord ".repeat(60)) {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "text"),
        other => panic!("expected Invalid on text, got {other:?}"),
    }
}

#[test]
fn a_case_is_found_by_its_number_only_and_the_search_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    let mut n = notification(Some(school), "M.K.");
    n.offence_other = "rygning".into();
    let case = s.add_case(&n).unwrap();
    let number = case.summary.number.clone();
    let before = s.access_log(&AccessFilter::default()).unwrap().len();

    // Not by its initials or any other field.
    assert_eq!(found(&mut s, "M.K."), Vec::<&str>::new());
    assert_eq!(found(&mut s, "rygning"), Vec::<&str>::new());
    assert_eq!(
        s.access_log(&AccessFilter::default()).unwrap().len(),
        before
    );

    // By its number, typed in any form, or a part of it.
    // (A part without a dash needs a digit: the domain's test.)
    for typed in [
        number.clone(),
        number.to_lowercase(),
        number[2..].to_owned(),
        number[..6].to_owned(),
    ] {
        let r = s.search(&typed).unwrap();
        assert_eq!(kinds(&r), ["case"], "{typed}");
        match &r.hits[0].item {
            SearchItem::Case {
                case: id,
                number: n,
            } => {
                assert_eq!(*id, case.summary.id);
                assert_eq!(*n, number);
            }
            other => panic!("{other:?}"),
        }
    }
    let log = s.access_log(&AccessFilter::default()).unwrap();
    assert_eq!(log.len(), before + 4, "each search that showed a case");
    let searches: Vec<_> = log.iter().filter(|e| e.detail == "søgning").collect();
    assert_eq!(searches.len(), 4);
    assert!(searches.iter().all(|e| e.case_number.is_empty()));
}

#[test]
fn a_deleted_record_leaves_its_words_in_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let marker = "Sletmigord7731";
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    let keep = s.record_visit(&visit(school, "bliver stående")).unwrap();
    let gone = s
        .record_visit(&visit(school, &format!("{marker} i noterne")))
        .unwrap();
    let cafe = s.record_cafe(&cafe(school, marker)).unwrap();
    let mut with_follow_up = activity(school, marker);
    with_follow_up.follow_ups = vec![feltbog_api::activities::ActivityFollowUpInput {
        id: None,
        text: format!("{marker} bagefter"),
        due: with_follow_up.date,
        done: false,
    }];
    let activity = s.record_activity(&with_follow_up).unwrap();
    s.store().checkpoint().unwrap();
    assert_eq!(
        found(&mut s, marker).len(),
        6,
        "visit, follow-up, café, agreement, activity and its follow-up"
    );
    let lower = marker.to_lowercase();
    assert!(
        contains(&s.store().decrypted_pages().unwrap(), &lower),
        "the test must see the index's word first"
    );

    s.delete_visit(gone.id).unwrap();
    s.delete_cafe(cafe.id).unwrap();
    s.delete_activity(activity.id).unwrap();
    assert_eq!(found(&mut s, marker), Vec::<&str>::new());
    assert_eq!(found(&mut s, "stående"), ["follow-up", "visit"]);
    assert_eq!(s.visit(keep.id).unwrap(), keep);
    let pages = s.store().decrypted_pages().unwrap();
    for word in [marker, lower.as_str()] {
        assert!(!contains(&pages, word), "{word} left in the decrypted file");
    }
    // The WAL is emptied after a delete, and no other file holds it.
    drop(s);
    for (name, bytes) in snapshot(dir.path()) {
        assert!(!contains(&bytes, &lower), "{name}");
        if name.ends_with("-wal") {
            assert!(bytes.is_empty(), "the WAL holds {} bytes", bytes.len());
        }
    }
    let s = unlock(dir.path());
    let pages = s.store().decrypted_pages().unwrap();
    assert!(!contains(&pages, &lower));
}

#[test]
fn a_word_in_more_than_a_thousand_records_shows_the_newest_fifty() {
    use feltbog_api::search::{SEARCH_COUNT_CAP, SEARCH_LIMIT};
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    let mut last = None;
    for n in 0..=SEARCH_COUNT_CAP {
        let mut v = visit(school, &format!("Fælles note {n}"));
        v.follow_ups.clear();
        last = Some(s.record_visit(&v).unwrap().id);
    }
    let r = s.search("fælles").unwrap();
    assert!(r.capped);
    assert_eq!(r.total, SEARCH_COUNT_CAP);
    assert_eq!(r.hits.len(), SEARCH_LIMIT);
    match &r.hits[0].item {
        SearchItem::Visit { visit, .. } => assert_eq!(Some(*visit), last),
        other => panic!("{other:?}"),
    }
    // A narrower search is counted and ranked again.
    let one = s.search("fælles 1000").unwrap();
    assert!(!one.capped);
    assert_eq!(one.total, 1);
}

/// An index of many pages: FTS5 keeps the start of each leaf page's first
/// word in its `%_idx` table, and secure-delete removes that row only when
/// the page empties. The deleted visit's 400 words are spread over the
/// pages, so some of them start one.
#[test]
fn a_deleted_record_leaves_its_words_in_no_page_of_a_large_index() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    for n in 0..200 {
        let words: Vec<String> = (0..30).map(|w| format!("fyldord{n:03}x{w:02}")).collect();
        let mut v = visit(school, &words.join(" "));
        v.follow_ups.clear();
        s.record_visit(&v).unwrap();
    }
    let marked: Vec<String> = (0..400).map(|w| format!("qzsletord{w:04}")).collect();
    let mut v = visit(school, &marked.join(" "));
    v.follow_ups.clear();
    let gone = s.record_visit(&v).unwrap();
    // One segment of many pages, as after a rebuild.
    s.store()
        .execute_for_tests("INSERT INTO search_text (search_text) VALUES ('optimize')")
        .unwrap();
    s.store().checkpoint().unwrap();
    assert!(contains(&s.store().decrypted_pages().unwrap(), "qzsletord"));

    s.delete_visit(gone.id).unwrap();
    assert_eq!(found(&mut s, "qzsletord0123"), Vec::<&str>::new());
    assert_eq!(found(&mut s, "fyldord123x07"), ["visit"]);
    assert_eq!(
        s.store().find_text_for_tests("qzsletord").unwrap(),
        Vec::<String>::new()
    );
    assert!(
        !contains(&s.store().decrypted_pages().unwrap(), "qzsletord"),
        "a deleted word is left in the index's pages"
    );
}

#[test]
fn an_inactive_school_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut new = school("Bøgely Skole");
    let id = s.add_school(&new).unwrap().id;
    assert_eq!(found(&mut s, "bøgely"), ["school"]);
    // Closed, or merged into its twin after two devices met in a team.
    new.active = false;
    s.update_school(id, &new).unwrap();
    assert_eq!(found(&mut s, "bøgely"), Vec::<&str>::new());
    new.active = true;
    s.update_school(id, &new).unwrap();
    assert_eq!(found(&mut s, "bøgely"), ["school"]);
}
