use super::*;
use feltbog_api::cases::Step::{self, *};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Every pair of steps, and whether the second may follow the first.
#[test]
fn the_step_table() {
    let allowed: &[(Step, Step)] = &[
        (Notified, Invited),
        (Notified, Closed),
        (Invited, Accepted),
        (Invited, Declined),
        (Invited, Held),
        (Invited, Closed),
        (Accepted, Held),
        (Accepted, Closed),
        (Declined, Invited),
        (Declined, Closed),
        (Held, FollowUpPlanned),
        (Held, Closed),
        (FollowUpPlanned, FollowUpHeld),
        (FollowUpPlanned, Closed),
        (FollowUpHeld, Closed),
    ];
    for &from in Step::ALL {
        for &to in Step::ALL {
            assert_eq!(
                may_follow(from, to),
                allowed.contains(&(from, to)),
                "{from} -> {to}"
            );
        }
    }
}

#[test]
fn step_dates_run_forward_and_not_into_the_future() {
    let today = d(2026, 11, 23);
    let ok = check_step(Notified, d(2026, 11, 10), Invited, d(2026, 11, 12), today);
    assert!(ok.is_ok());
    let field = |r: Result<()>| match r {
        Err(Error::Invalid { field, .. }) => field,
        other => panic!("expected invalid, got {other:?}"),
    };
    assert_eq!(
        field(check_step(
            Notified,
            d(2026, 11, 10),
            Held,
            d(2026, 11, 12),
            today
        )),
        "step"
    );
    assert_eq!(
        field(check_step(
            Closed,
            d(2026, 11, 10),
            Invited,
            d(2026, 11, 12),
            today
        )),
        "step"
    );
    assert_eq!(
        field(check_step(
            Notified,
            d(2026, 11, 10),
            Invited,
            d(2026, 11, 9),
            today
        )),
        "step_date"
    );
    assert_eq!(
        field(check_step(
            Notified,
            d(2026, 11, 10),
            Invited,
            d(2026, 11, 24),
            today
        )),
        "step_date"
    );
    assert!(check_step(Notified, d(2026, 11, 23), Invited, d(2026, 11, 23), today).is_ok());

    assert!(check_notification(d(2026, 11, 1), d(2026, 11, 5), today).is_ok());
    assert_eq!(
        field(check_notification(d(2026, 11, 6), d(2026, 11, 5), today)),
        "notified"
    );
    assert_eq!(
        field(check_notification(d(2026, 11, 24), d(2026, 11, 24), today)),
        "offence_date"
    );
    assert_eq!(
        field(check_notification(d(2026, 11, 1), d(2026, 11, 24), today)),
        "notified"
    );
}

#[test]
fn deadlines_cross_new_year_and_daylight_saving() {
    // Notified on 29 December: offered by 5 January.
    assert_eq!(offer_due(d(2026, 12, 29), 7), d(2027, 1, 5));
    // Summer time starts 29 March 2026 and ends 25 October 2026 in Denmark:
    // calendar days are not hours, so nothing shifts.
    assert_eq!(offer_due(d(2026, 3, 25), 7), d(2026, 4, 1));
    assert_eq!(follow_up_due(d(2026, 10, 1), 6), d(2026, 11, 12));
    assert!(
        !overdue(d(2027, 1, 5), d(2027, 1, 5)),
        "the due day is in time"
    );
    assert!(overdue(d(2027, 1, 5), d(2027, 1, 6)));
    assert_eq!(days_to_conversation(d(2026, 12, 29), d(2027, 1, 4)), 6);
}

#[test]
fn deletion_is_years_after_closing() {
    assert_eq!(deletion_date(d(2026, 11, 23), 2), d(2028, 11, 23));
    assert_eq!(deletion_date(d(2028, 2, 29), 1), d(2029, 2, 28));
    assert_eq!(deletion_date(d(2028, 2, 29), 4), d(2032, 2, 29));
}

#[test]
fn the_same_young_person_is_matched_by_initials_birth_year_and_school() {
    let s = Some("skole-1");
    assert!(same_young_person(("A.B.", 2011, s), ("ab", 2011, s)));
    assert!(same_young_person(("Ærø", 2011, s), ("ærø", 2011, s)));
    assert!(!same_young_person(("AB", 2011, s), ("AB", 2012, s)));
    assert!(!same_young_person(
        ("AB", 2011, s),
        ("AB", 2011, Some("skole-2"))
    ));
    assert!(!same_young_person(("AB", 2011, s), ("AC", 2011, s)));
    assert!(
        !same_young_person((" ", 2011, s), ("", 2011, s)),
        "nothing matches nothing"
    );
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 2025-2028: several new years and daylight-saving changes.
    (0u64..1461).prop_map(|n| d(2025, 1, 1) + Days::new(n))
}

proptest! {
    #[test]
    fn a_deadline_is_exactly_n_calendar_days_on(
        notified in any_date(), days in 1u32..60, weeks in 1u32..20, later in 0u64..200
    ) {
        let due = offer_due(notified, days);
        prop_assert_eq!((due - notified).num_days(), i64::from(days));
        let f = follow_up_due(notified, weeks);
        prop_assert_eq!((f - notified).num_days(), i64::from(weeks) * 7);
        let today = notified + Days::new(later);
        prop_assert_eq!(overdue(due, today), later > u64::from(days));
    }

    #[test]
    fn a_later_step_is_accepted_exactly_when_its_date_fits(
        previous in any_date(), date in any_date(), today in any_date()
    ) {
        let ok = check_step(Notified, previous, Invited, date, today).is_ok();
        prop_assert_eq!(ok, previous <= date && date <= today);
    }
}

#[test]
fn a_follow_up_is_planned_ahead_and_the_anchor_skips_it() {
    let today = d(2026, 11, 23);
    assert!(check_step(Held, d(2026, 11, 20), FollowUpPlanned, d(2027, 1, 5), today).is_ok());
    assert!(check_step(
        FollowUpPlanned,
        d(2026, 11, 20),
        Closed,
        d(2026, 11, 23),
        today
    )
    .is_ok());
    let steps = [
        (Notified, d(2026, 11, 1)),
        (Invited, d(2026, 11, 3)),
        (Held, d(2026, 11, 20)),
        (FollowUpPlanned, d(2027, 1, 5)),
    ];
    assert_eq!(anchor(&steps), Some(d(2026, 11, 20)));
}

#[test]
fn the_deadline_follows_the_step() {
    let today = d(2026, 11, 23);
    let n = d(2026, 11, 10);
    let offer = deadline(Notified, n, None, 7, 6, today).unwrap();
    assert_eq!(
        (offer.kind, offer.due, offer.overdue),
        (DeadlineKind::Offer, d(2026, 11, 17), true)
    );
    assert_eq!(deadline(Invited, n, None, 7, 6, today), None);
    let f = deadline(Held, n, Some(d(2026, 11, 20)), 7, 6, today).unwrap();
    assert_eq!(
        (f.kind, f.due, f.overdue),
        (DeadlineKind::FollowUp, d(2027, 1, 1), false)
    );
    assert_eq!(
        deadline(FollowUpHeld, n, Some(d(2026, 11, 20)), 7, 6, today),
        None
    );
    assert_eq!(deadline(Closed, n, None, 7, 6, today), None);
}

#[test]
fn a_correction_stays_between_its_neighbours() {
    let today = d(2026, 11, 23);
    let before = [(Notified, d(2026, 11, 1)), (Invited, d(2026, 11, 3))];
    let after = [(FollowUpPlanned, d(2027, 1, 5)), (Closed, d(2026, 11, 22))];
    let field = |r: Result<()>| match r {
        Err(Error::Invalid { field, problem, .. }) => (field, problem),
        other => panic!("expected invalid, got {other:?}"),
    };
    assert!(check_correction(Held, &before, &after, d(2026, 11, 20), today).is_ok());
    assert_eq!(
        field(check_correction(
            Held,
            &before,
            &after,
            d(2026, 11, 2),
            today
        ))
        .1,
        Problem::BeforeStart
    );
    assert_eq!(
        field(check_correction(
            Held,
            &before,
            &after,
            d(2026, 11, 23),
            today
        ))
        .1,
        Problem::NotAllowed
    );
    assert!(check_correction(FollowUpPlanned, &before, &[], d(2027, 2, 1), today).is_ok());
    assert_eq!(
        field(check_correction(Held, &before, &[], d(2026, 11, 24), today)).1,
        Problem::InFuture
    );
}

#[test]
fn an_open_case_is_deleted_years_after_its_last_step_and_stale_before() {
    let last = d(2026, 3, 10);
    assert_eq!(deletion_due(None, last, None, 2, 3), d(2029, 3, 10));
    assert_eq!(
        deletion_due(Some(d(2026, 5, 1)), last, None, 2, 3),
        d(2028, 5, 1),
        "closed: the years after closing"
    );
    assert_eq!(
        deletion_due(None, last, Some(d(2029, 9, 1)), 2, 3),
        d(2029, 9, 1),
        "put off"
    );
    assert_eq!(
        deletion_due(None, d(2027, 1, 5), Some(d(2029, 9, 1)), 2, 3),
        d(2030, 1, 5),
        "a new step after the postponement moves the day past it"
    );
    let due = d(2029, 3, 10);
    assert!(!is_stale(None, due, d(2028, 9, 7)), "184 days before");
    assert!(is_stale(None, due, d(2028, 9, 8)), "183 days before");
    assert!(!is_stale(Some(d(2026, 5, 1)), due, d(2029, 3, 1)), "closed");
}
