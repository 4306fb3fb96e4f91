//! The stored words of every closed list, frozen.
//!
//! A `word_enum!` word is what the database stores, what a synced payload
//! carries and what outside scripts pass on the command line. Renaming
//! one would leave every profile holding the old word unreadable ("the
//! profile is damaged") and split a team between versions, so this list
//! changes only by adding words, with a migration for any word that must
//! change. A new closed list is added here too: the test finds them all in
//! the sources.

use std::collections::BTreeSet;

/// (enum, its words today, the words as shipped)
fn frozen() -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("ActivityKind", crate::activities::ActivityKind::words(), "street group event class-talk network other"),
        ("CafeKind", crate::cafes::CafeKind::words(), "parent-cafe parent-meeting online"),
        ("CafeTheme", crate::cafes::CafeTheme::words(), "alcohol-drugs social-media well-being parties other"),
        ("Partner", crate::cafes::Partner::words(), "police health-nurse youth-club school-staff other"),
        ("CafeStatus", crate::cafes::CafeStatus::words(), "planned held"),
        ("Law", crate::cases::Law::words(), "penal-code weapons-act drugs-act other"),
        ("Offence", crate::cases::Offence::words(), "theft violence vandalism drugs weapons threats other"),
        ("Role", crate::cases::Role::words(), "young-person parent ssp police caseworker interpreter"),
        ("Step", crate::cases::Step::words(), "notified invited accepted declined held follow-up-planned follow-up-held closed"),
        ("InviteMethod", crate::cases::InviteMethod::words(), "letter digital-post phone in-person"),
        ("RepeatDecision", crate::cases::RepeatDecision::words(), "new-conversation child-protection-notification youth-crime-board other"),
        ("Access", crate::cases::Access::words(), "view create change export delete postpone open_list open_deletions rules name unlock_failed passphrase recovery_code backup restore retention import dismiss"),
        ("ChainFault", crate::cases::ChainFault::words(), "altered missing fork unchained"),
        ("SchoolKind", crate::schools::SchoolKind::words(), "folkeskole privatskole friskole efterskole specialskole ungdomsuddannelse"),
        ("Section", crate::summary::Section::words(), "visits survey cafes activities cases"),
        ("TableKind", crate::summary::TableKind::words(), "visits-by-purpose visits-ahead survey survey-grades cafes cases survey-history activities"),
        ("Measure", crate::summary::Measure::words(), "visits-done planned-next-week follow-ups-done follow-ups-next-week follow-ups-overdue enrolled answered rate classes-open answered-this-week cafes-held cafes-school-year parents invited share themes agreements-due notified offered held overdue case-follow-ups-next-week repeats median-days deleted-on-time notifications-waiting activities-held young-reached adults-reached"),
        ("PaperFormat", crate::compliance::PaperFormat::words(), "pdf text"),
        ("ExportFormat", crate::summary::ExportFormat::words(), "pdf xlsx csv"),
        (
            "TrendMeasure",
            crate::trends::TrendMeasure::words(),
            "survey-rate survey-answered visits-done cafes-held parents activities young-reached notified held repeats",
        ),
        (
            "PeriodKind",
            crate::period::PeriodKind::words(),
            "week month quarter school-half school-year year range",
        ),
        ("Questionnaire", crate::survey::Questionnaire::words(), "grades7-9 youth-education"),
        ("ClassStatus", crate::survey::ClassStatus::words(), "not-started in-progress done cannot-take-part"),
        ("Band", crate::survey::Band::words(), "met near behind no-pupils"),
        ("MemberRole", crate::team::MemberRole::words(), "consultant coordinator"),
        ("Keep", crate::team::Keep::words(), "mine theirs"),
        ("SyncAlarm", crate::team::SyncAlarm::words(), "forged-key key-mismatch forged-entry forged-deletion gap removed-member cloned rolled-back bad-answer future-stamp"),
        ("VisitPurpose", crate::visits::VisitPurpose::words(), "survey class-talk management ssp-group parent-meeting other"),
        ("VisitStatus", crate::visits::VisitStatus::words(), "planned done"),
    ]
}

#[test]
fn the_stored_words_are_frozen() {
    for (name, now, shipped) in frozen() {
        assert_eq!(now, shipped, "the words of {name} changed");
    }
}

/// Every `word_enum!` in the crate's sources, by name.
fn declared() -> BTreeSet<String> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split("word_enum!(").skip(1) {
            let name = part
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with("///") && !l.starts_with("#["))
                .and_then(|l| l.split_whitespace().next())
                .unwrap_or_default();
            if name.chars().next().is_some_and(char::is_uppercase) {
                names.insert(name.to_string());
            }
        }
    }
    names
}

#[test]
fn every_closed_list_is_frozen() {
    let listed: BTreeSet<String> = frozen().iter().map(|(n, _, _)| n.to_string()).collect();
    assert_eq!(declared(), listed);
}
