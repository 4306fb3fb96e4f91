//! The daily reminder (issue 23, item 3): a desktop notification once a
//! day while unlocked, saying how many things are due or overdue. Core
//! decides whether one is due and counts it (`Session::take_reminder`);
//! this module words it from the catalogue and shows it.
//!
//! A notification centre can be seen by anyone near the screen (a
//! projector in a meeting), so the words are counts and kinds only: never
//! a name, initials, a case number or a school. [`words`] takes nothing
//! else but the counts, so it cannot say more.
//!
//! The notification is shown from Rust only: the window's capability
//! grants no notification permission.

use feltbog_api::catalogue::{builtin, count, text};
use feltbog_api::desk::Reminder;
use feltbog_api::profile::Language;
use tauri::{Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

/// The notification's title and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub title: String,
    pub body: String,
}

/// The reminder in words: one line a kind, the legal deadlines first,
/// then how many are overdue, then what a click does.
pub fn words(r: &Reminder, lang: Language) -> Words {
    let texts = builtin();
    let mut lines: Vec<String> = [
        ("reminder.offers", r.offers),
        ("reminder.case_follow_ups", r.case_follow_ups),
        ("reminder.visits", r.visits),
        ("reminder.follow_ups", r.follow_ups),
        ("reminder.agreements", r.agreements),
        ("reminder.activity_follow_ups", r.activity_follow_ups),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(key, n)| count(texts, key, n, lang))
    .collect();
    if r.overdue > 0 {
        lines.push(count(texts, "reminder.overdue", r.overdue, lang));
    }
    lines.push(text(texts, "reminder.click", lang));
    Words {
        title: count(texts, "reminder.title", r.total(), lang),
        body: lines.join("\n"),
    }
}

/// Shows the reminder. A desktop without a notification service shows
/// nothing; the message names no record.
pub fn show<R: Runtime>(app: &tauri::AppHandle<R>, r: &Reminder, lang: Language) {
    let w = words(r, lang);
    if let Err(e) = app
        .notification()
        .builder()
        .title(w.title)
        .body(w.body)
        .show()
    {
        eprintln!("feltbog: the daily reminder could not be shown: {e}");
    }
}

/// A click on a reminder brings the window forward and opens Overblik.
pub fn open_desk_on_click<R: Runtime>(app: &tauri::AppHandle<R>) {
    let handle = app.clone();
    let _ = app.notification().on_action(move |_| {
        if let Some(window) = handle.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
        let _ = handle.emit(feltbog_api::commands::OPEN_DESK_EVENT, ());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_kinds_in_danish_with_the_deadlines_first() {
        let r = Reminder {
            visits: 1,
            follow_ups: 3,
            agreements: 0,
            activity_follow_ups: 1,
            offers: 2,
            case_follow_ups: 1,
            overdue: 2,
        };
        let w = words(&r, Language::Da);
        assert_eq!(w.title, "Feltbog: 8 ting skal gøres i dag");
        assert_eq!(
            w.body,
            "2 samtaler skal tilbydes\n\
             1 opfølgningssamtale skal holdes\n\
             1 planlagt skolebesøg\n\
             3 opfølgninger efter besøg\n\
             1 opfølgning efter en aktivitet\n\
             Heraf er 2 overskredet.\n\
             Klik for at åbne Overblik."
        );
    }

    #[test]
    fn one_of_a_kind_is_singular_and_english_is_there() {
        let r = Reminder {
            agreements: 1,
            ..Reminder::default()
        };
        let w = words(&r, Language::En);
        assert_eq!(w.title, "Feltbog: 1 thing due today");
        assert_eq!(
            w.body,
            "1 café agreement to revisit\nClick to open the overview."
        );
        let da = words(&r, Language::Da);
        assert!(da.body.starts_with("1 caféaftale skal følges op\n"));
        assert!(!da.body.contains("overskredet"), "nothing overdue");
    }
}
