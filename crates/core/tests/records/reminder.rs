//! The daily reminder (issue 23, item 3): counts by kind of what this
//! member must do today or has let pass, once a date on a device, off when
//! the settings say so, and never an opening in the access log.
//! Fictitious data only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::cases::AccessFilter;
use feltbog_api::desk::Reminder;
use feltbog_api::visits::VisitStatus;
use feltbog_core::session::Clock;

#[test]
fn once_a_day_counts_by_kind_and_logs_no_opening() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let mut settings = s.settings().unwrap();
    settings.cases.offer_within_days = 7;
    s.update_settings(&settings).unwrap();
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    // Planned for today, its follow-up not yet due.
    let mut planned = visit(school, "planlagt");
    planned.status = VisitStatus::Planned;
    planned.date = today();
    s.record_visit(&planned).unwrap();
    // Notified 10 November: the offer was due 17 November.
    s.add_case(&notification(Some(school), "AB")).unwrap();
    let logged = s.access_log(&AccessFilter::default()).unwrap().len();

    let reminder = s.take_reminder().unwrap();
    assert_eq!(
        reminder,
        Some(Reminder {
            visits: 1,
            offers: 1,
            overdue: 1,
            ..Reminder::default()
        })
    );
    assert_eq!(
        s.access_log(&AccessFilter::default()).unwrap().len(),
        logged,
        "counts show no case number: not an opening"
    );
    assert_eq!(s.take_reminder().unwrap(), None, "once a day");
    drop(s);

    // Opened again the same day: the file remembers.
    let mut s = unlock(dir.path());
    assert_eq!(s.take_reminder().unwrap(), None);
    // The next day it comes again.
    let mut s = s.with_clock(Clock::Fixed(today().succ_opt().unwrap()));
    assert_eq!(s.take_reminder().unwrap().map(|r| r.total()), Some(2));
}

#[test]
fn nothing_due_or_turned_off_gives_no_reminder() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    let school = s.add_school(&school("Egeby Skole")).unwrap().id;
    // Done, with a follow-up due in a week: nothing today.
    s.record_visit(&visit(school, "holdt")).unwrap();
    assert_eq!(s.take_reminder().unwrap(), None);

    let mut s = s.with_clock(Clock::Fixed(d(2026, 12, 2)));
    let mut settings = s.settings().unwrap();
    settings.reminders = false;
    s.update_settings(&settings).unwrap();
    assert_eq!(s.take_reminder().unwrap(), None, "turned off");
    settings.reminders = true;
    s.update_settings(&settings).unwrap();
    assert_eq!(
        s.take_reminder().unwrap(),
        Some(Reminder {
            follow_ups: 1,
            overdue: 1,
            ..Reminder::default()
        }),
        "turned on again the same day: today's comes"
    );
}
