#![allow(clippy::unwrap_used)]

use super::*;
use feltbog_api::profile::{CaseSettings, RetentionCounts, RetentionSettings};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn alone() -> ComplianceFacts {
    ComplianceFacts {
        team: String::new(),
        server: None,
        members: 1,
        coordinators: 1,
        case_members: 1,
        retention: RetentionSettings::default(),
        cases: CaseSettings::default(),
        small_threshold: 5,
        idle_lock_minutes: 10,
        reads_cases: true,
        team_rules: false,
        deleted_since: d("2025-12-06"),
        deleted: RetentionCounts::default(),
        cases_deleted: 0,
        overdue: RetentionCounts::default(),
        cases_overdue: 0,
        log_entries: 12,
        log_devices: 1,
        log_intact: true,
        made_on: d("2026-12-05"),
        made_by: "Mette Jensen".into(),
    }
}

fn team() -> ComplianceFacts {
    ComplianceFacts {
        team: "SSP Egeby".into(),
        server: Some("https://sync.egeby.example".into()),
        members: 6,
        coordinators: 2,
        case_members: 3,
        team_rules: true,
        ..alone()
    }
}

#[test]
fn every_word_is_in_the_catalogue_in_both_languages() {
    for f in [alone(), team()] {
        for lang in [Language::Da, Language::En] {
            let t = text(&paper(&f, lang));
            assert!(!t.contains("dpo."), "a key shows itself:\n{t}");
            assert!(!t.contains("retention."), "a key shows itself:\n{t}");
            assert!(!t.contains('{'), "a placeholder is left:\n{t}");
        }
    }
}

#[test]
fn the_rules_are_the_ones_set_and_each_record_type_has_one() {
    let mut f = alone();
    f.retention.visits_after_years = 2;
    f.retention.access_log_after_years = 1;
    f.cases.delete_after_years = 3;
    let t = text(&paper(&f, Language::Da));
    assert!(
        t.contains("Skolebesøg med opfølgninger: 2 år efter datoen"),
        "{t}"
    );
    assert!(t.contains("Adgangsloggen: 1 år efter posten"), "{t}");
    assert!(t.contains("Lukkede sager: 3 år efter afslutning"), "{t}");
    assert!(
        t.contains("Forældrecaféer med aftaler: 5 år efter datoen"),
        "{t}"
    );
    assert!(t.contains("Reglerne er sat på denne computer."), "{t}");
    let en = text(&paper(&f, Language::En));
    assert!(
        en.contains("The access log: 1 year after the entry"),
        "{en}"
    );
    assert!(en.contains("Closed cases: 3 years after closing"), "{en}");
}

#[test]
fn a_team_names_its_members_its_server_and_the_attacks_a_profile_alone_has_not() {
    let t = text(&paper(&team(), Language::Da));
    assert!(t.contains("SSP-team: SSP Egeby."), "{t}");
    assert!(
        t.contains("Teamet har 6 medlemmer, heraf 2 koordinatorer; 3 har adgang til sagerne"),
        "{t}"
    );
    assert!(
        t.contains("Synkroniseringsserveren (https://sync.egeby.example)"),
        "{t}"
    );
    assert!(t.contains("Medlemmer med sagsadgang: 3 af 6"), "{t}");
    assert!(
        t.contains("Reglerne er teamets, sat af en koordinator."),
        "{t}"
    );
    assert!(
        t.contains("En invitationskode kommer i forkerte hænder"),
        "{t}"
    );

    let a = text(&paper(&alone(), Language::Da));
    assert!(a.contains("Én konsulents profil"), "{a}");
    assert!(!a.contains("Synkroniseringsserveren"), "{a}");
    assert!(!a.contains("invitationskode"), "{a}");
    assert!(a.contains("Ingen: profilen er ikke i et team"), "{a}");
}

#[test]
fn the_figures_say_what_was_deleted_and_what_still_waits() {
    let mut f = alone();
    f.deleted.visits = 4;
    f.deleted.access_entries = 120;
    f.cases_deleted = 2;
    let t = text(&paper(&f, Language::Da));
    assert!(
        t.contains("Slettet efter reglerne fra 6. dec. 2025 til 5. dec. 2026:"),
        "{t}"
    );
    assert!(t.contains("\nSager: 2\n"), "{t}");
    assert!(t.contains("\nSkolebesøg: 4\n"), "{t}");
    assert!(t.contains("\nPoster i adgangsloggen: 120\n"), "{t}");
    assert!(
        t.contains("Intet – alt forfaldent er slettet til tiden."),
        "{t}"
    );

    f.overdue.cafes = 3;
    f.cases_overdue = 1;
    let t = text(&paper(&f, Language::Da));
    assert!(
        t.contains("4 venter på, at en person bekræfter sletningen"),
        "{t}"
    );
}

#[test]
fn the_cpr_rule_and_the_log_state_are_as_set() {
    let mut f = alone();
    let t = text(&paper(&f, Language::Da));
    assert!(t.contains("CPR-nummer registreres ikke"), "{t}");
    assert!(
        t.contains("I dag: 12 poster fra 1 enhed; kæden er hel."),
        "{t}"
    );
    f.cases.cpr_allowed = true;
    f.log_intact = false;
    let t = text(&paper(&f, Language::Da));
    assert!(
        t.contains("CPR-nummer registreres, fordi kommunen kræver det"),
        "{t}"
    );
    assert!(t.contains("kæden er brudt"), "{t}");
}

#[test]
fn the_pdf_sets_the_same_paper() {
    let p = paper(&team(), Language::Da);
    let pdf = crate::pdf::compliance::render(&p, Language::Da).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(pdf.len() > 5_000);
}
