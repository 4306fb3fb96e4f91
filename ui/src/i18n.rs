//! Every text the user sees, from one catalogue: `assets/i18n/catalogue.tsv`,
//! one line per key with the Danish and the English text, tab-separated.
//! Danish is the default. A test checks that every key the UI uses exists
//! with both texts. In the webview the catalogue is the file beside the
//! wasm, read at start (`ui/start.js`, then `crate::start`), not compiled in.

use feltbog_api::profile::Language;
use feltbog_api::{ApiError, ErrorKind, Problem};
use std::cell::Cell;

thread_local! {
    static LANG: Cell<Language> = const { Cell::new(Language::Da) };
}

use feltbog_api::catalogue::{builtin as texts, fill, text};
#[cfg(test)]
use feltbog_api::catalogue::{parse, CATALOGUE};

pub fn language() -> Language {
    LANG.with(Cell::get)
}

pub fn set_language(l: Language) {
    LANG.with(|c| c.set(l));
}

/// The text for `key` in the current language. A missing key shows itself,
/// so the gap is visible (and the catalogue test fails).
pub fn t(key: &str) -> String {
    text(texts(), key, language())
}

/// `t(key)` with `{name}` placeholders filled in.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    fill(t(key), args)
}

/// A count in words: the catalogue has `<key>_one` and `<key>_many`, each
/// with `{n}` ("1 konflikt" / "3 konflikter").
pub fn tn(key: &str, n: u32) -> String {
    let form = if n == 1 { "one" } else { "many" };
    tf(&format!("{key}_{form}"), &[("n", &n.to_string())])
}

/// What to tell the user about an error, in their language.
pub fn error_text(e: &ApiError) -> String {
    match &e.kind {
        ErrorKind::Invalid { field, problem } => field_problem_text(field, problem),
        ErrorKind::WrongPassphrase => t("error.wrong_passphrase"),
        ErrorKind::LockedOut { retry_after_secs } => tf(
            "error.locked_out",
            &[("secs", &retry_after_secs.to_string())],
        ),
        ErrorKind::Locked => t("error.locked"),
        ErrorKind::NotFound => t("error.not_found"),
        ErrorKind::Conflict => t("error.conflict"),
        ErrorKind::NoProfile => t("error.no_profile"),
        ErrorKind::ProfileExists => t("error.profile_exists"),
        ErrorKind::TooNew => t("error.too_new"),
        ErrorKind::Offline => t("error.offline"),
        ErrorKind::UntrustedServer => t("error.untrusted_server"),
        ErrorKind::NotInTeam => t("error.not_in_team"),
        ErrorKind::Refused { code } => {
            // The server's stable code, where the catalogue explains it.
            let key = format!("error.refused.{code}");
            let text = t(&key);
            if text == key {
                tf("error.refused", &[("detail", &e.message)])
            } else {
                text
            }
        }
        ErrorKind::ServerFault { alarm } => t(&format!("alarm.{alarm}")),
        ErrorKind::Forbidden => t("error.forbidden"),
        ErrorKind::Io => tf("error.io", &[("detail", &e.message)]),
        ErrorKind::Internal => tf("error.internal", &[("detail", &e.message)]),
    }
}

/// What is wrong with `field`: "field.<field>.<problem>" where the field
/// says it better than the general sentence, else the general sentence.
pub fn field_problem_text(field: &str, problem: &Problem) -> String {
    // A row's field (`follow_ups.2.due`) is worded for all its rows
    // (`field.follow_ups.due.…`).
    let field: Vec<&str> = field
        .split('.')
        .filter(|part| !part.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let key = format!("field.{}.{}", field.join("."), problem_key(problem));
    if texts().contains_key(key.as_str()) {
        problem_text_for(&key, problem)
    } else {
        problem_text(problem)
    }
}

/// The catalogue's name for a problem: "problem.<this>".
fn problem_key(p: &Problem) -> &'static str {
    match p {
        Problem::Required => "required",
        Problem::TooLong { .. } => "too_long",
        Problem::TooShort { .. } => "too_short",
        Problem::OutOfRange { .. } => "out_of_range",
        Problem::NotADate => "not_a_date",
        Problem::DateOutOfRange => "date_out_of_range",
        Problem::InFuture => "in_future",
        Problem::BeforeVisit => "before_visit",
        Problem::BeforeStart => "before_start",
        Problem::UnknownReference => "unknown_reference",
        Problem::Duplicate => "duplicate",
        Problem::Mismatch => "mismatch",
        Problem::NotAllowed => "not_allowed",
        Problem::TooWeak => "too_weak",
    }
}

fn problem_text(p: &Problem) -> String {
    problem_text_for(&format!("problem.{}", problem_key(p)), p)
}

/// The text under `key`, with the problem's numbers filled in.
fn problem_text_for(key: &str, p: &Problem) -> String {
    match p {
        Problem::TooLong { max } => tf(key, &[("max", &max.to_string())]),
        Problem::TooShort { min } => tf(key, &[("min", &min.to_string())]),
        Problem::OutOfRange { min, max } => {
            tf(key, &[("min", &min.to_string()), ("max", &max.to_string())])
        }
        _ => t(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_with_both_languages() {
        let texts = parse(CATALOGUE).unwrap();
        assert!(texts.len() > 100);
        assert!(parse("a\tb").is_err());
        assert!(parse("a\tb\tc\nd\te\tf").is_ok());
        assert!(parse("a\tb\tc\na\te\tf").is_err());
    }

    /// A row's error is worded for every row of its list: an activity's
    /// follow-up due before the activity says so, at any row.
    #[test]
    fn a_rows_error_is_found_without_its_number() {
        set_language(Language::Da);
        for field in ["follow_ups.0.due", "follow_ups.12.due"] {
            assert_eq!(
                field_problem_text(field, &Problem::BeforeStart),
                "Fristen kan ikke ligge før aktiviteten."
            );
        }
        assert_eq!(
            field_problem_text("follow_ups.0.due", &Problem::BeforeVisit),
            t("problem.before_visit")
        );
    }

    /// Every `t("…")`/`tf("…")` key in the UI's source is in the catalogue,
    /// and every word-enum value has its label.
    #[test]
    fn every_key_used_is_in_the_catalogue() {
        let texts = parse(CATALOGUE).unwrap();
        let mut missing = Vec::new();
        for path in source_files(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))) {
            let src = std::fs::read_to_string(&path).unwrap();
            for call in ["t(\"", "tf(\""] {
                for (at, _) in src.match_indices(call) {
                    // Only a call of t/tf itself, not e.g. `expect("`.
                    let before = src[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    let key = src[at + call.len()..].split('"').next().unwrap();
                    if !key.contains('{') && !texts.contains_key(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
            // Counts: `tn("key", n)` needs `key_one` and `key_many`.
            for (at, _) in src.match_indices("tn(\"") {
                let key = src[at + 4..].split('"').next().unwrap();
                for form in ["one", "many"] {
                    let full = format!("{key}_{form}");
                    if !texts.contains_key(full.as_str()) {
                        missing.push(format!("{}: {full}", path.display()));
                    }
                }
            }
        }
        use feltbog_api::cafes::{CafeKind, CafeStatus, CafeTheme, Partner};
        use feltbog_api::cases::{
            Access, ChainFault, InviteMethod, Law, Offence, RepeatDecision, Role, Step,
        };
        use feltbog_api::period::{PeriodKind, ReportPeriod};
        use feltbog_api::schools::SchoolKind;
        use feltbog_api::survey::{ClassStatus, Questionnaire};
        use feltbog_api::team::MemberRole;
        use feltbog_api::visits::{VisitPurpose, VisitStatus};
        let enums = SchoolKind::ALL
            .iter()
            .map(|k| format!("kind.{k}"))
            .chain(VisitPurpose::ALL.iter().map(|p| format!("purpose.{p}")))
            .chain(VisitStatus::ALL.iter().map(|s| format!("status.{s}")))
            .chain(CafeKind::ALL.iter().map(|k| format!("cafe_kind.{k}")))
            .chain(CafeStatus::ALL.iter().map(|s| format!("cafe_status.{s}")))
            .chain(CafeTheme::ALL.iter().map(|th| format!("theme.{th}")))
            .chain(Partner::ALL.iter().map(|p| format!("partner.{p}")))
            .chain(
                Questionnaire::ALL
                    .iter()
                    .map(|q| format!("questionnaire.{q}")),
            )
            .chain(ClassStatus::ALL.iter().map(|s| format!("class_status.{s}")))
            .chain(Law::ALL.iter().map(|l| format!("law.{l}")))
            .chain(Offence::ALL.iter().map(|o| format!("offence.{o}")))
            .chain(Role::ALL.iter().map(|r| format!("role.{r}")))
            .chain(Step::ALL.iter().map(|s| format!("step.{s}")))
            .chain(InviteMethod::ALL.iter().map(|m| format!("invite.{m}")))
            .chain(RepeatDecision::ALL.iter().map(|d| format!("decision.{d}")))
            .chain(Access::ALL.iter().map(|a| format!("access.{a}")))
            .chain(MemberRole::ALL.iter().map(|r| format!("member_role.{r}")))
            // The records and fields a sync conflict can name (core's
            // schema test pins the same list).
            .chain(
                [
                    "visit",
                    "follow_up",
                    "cafe",
                    "cafe_agreement",
                    "activity",
                    "activity_follow_up",
                ]
                .map(|e| format!("entity.{e}")),
            )
            .chain(["notes", "text", "raised"].map(|f| format!("conflict_field.{f}")))
            // The access log's details written by core's session.
            .chain(
                [
                    "match",
                    "on-time",
                    "by-hand",
                    "identity",
                    "cpr-removed",
                    "overdue",
                    "due",
                    "done",
                    "changed",
                    "recovery",
                    "renewed",
                    "used",
                    "unlock_failed",
                    "stale",
                ]
                .map(|d| format!("detail.{d}")),
            )
            .chain(
                [
                    "offer_within_days",
                    "follow_up_within_weeks",
                    "delete_after_years",
                    "cpr_allowed",
                    "small_threshold",
                    "stale_after_years",
                    "visits_after_years",
                    "cafes_after_years",
                    "activities_after_years",
                    "survey_after_years",
                    "access_log_after_years",
                    "deletions_after_years",
                ]
                .map(|r| format!("rule.{r}")),
            )
            .chain(
                [
                    "visits",
                    "cafes",
                    "survey_rounds",
                    "pending",
                    "access_log",
                    "deletions",
                ]
                .map(|k| format!("retention.count_{k}")),
            )
            .chain(ChainFault::ALL.iter().map(|f| format!("chain.{f}")))
            .chain(PeriodKind::ALL.iter().map(|k| format!("period.kind.{k}")))
            .chain(PeriodKind::ALL.iter().map(|k| {
                let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
                ReportPeriod::containing(*k, day).label(Language::Da).0
            }))
            .chain((1..=12).map(|m| format!("period.label.month.{m}")))
            .chain(
                [
                    Problem::Required,
                    Problem::TooLong { max: 1 },
                    Problem::TooShort { min: 1 },
                    Problem::OutOfRange { min: 0, max: 1 },
                    Problem::NotADate,
                    Problem::DateOutOfRange,
                    Problem::InFuture,
                    Problem::BeforeVisit,
                    Problem::BeforeStart,
                    Problem::UnknownReference,
                    Problem::Duplicate,
                    Problem::Mismatch,
                    Problem::NotAllowed,
                ]
                .map(|p| format!("problem.{}", problem_key(&p))),
            );
        missing.extend(enums.filter(|k| !texts.contains_key(k.as_str())));
        assert!(
            missing.is_empty(),
            "missing from the catalogue: {missing:#?}"
        );
    }

    fn source_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(source_files(&p));
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n.rs") {
                out.push(p);
            }
        }
        out
    }
}
