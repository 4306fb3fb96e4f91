//! The sync indicator, always visible in the sidebar: the server
//! misbehaved, synced at HH:MM, syncing, offline with N changes waiting,
//! N conflicts, waiting for the coordinator, or not in a team.
//! It polls the shell, which answers from the database without counting
//! as activity, so the idle lock still comes.

use crate::components::local_clock;
use crate::i18n::{t, tf, tn};
use crate::ipc::call;
use crate::state::{ui, Page, Ui};
use feltbog_api::commands::GetSyncIndicator;
use feltbog_api::team::SyncIndicator;
use feltbog_api::ErrorKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How often the indicator asks; a sync after a change starts within a
/// few seconds, so this shows it soon after.
const POLL: Duration = Duration::from_secs(4);

/// What the indicator says: its state (a CSS class and a test hook), the
/// line shown and where a click leads.
#[derive(Clone, PartialEq)]
pub struct Reading {
    pub state: &'static str,
    pub text: String,
    pub page: Page,
}

/// The indicator's reading. What the server did wrong comes first (the
/// team must hear of it), then conflicts (a person must act), then what
/// the sync is doing, then when it last finished.
pub fn reading(ind: &SyncIndicator) -> Reading {
    let st = &ind.status;
    let Some(team) = &st.team else {
        return Reading {
            state: "none",
            text: t("sync.no_team"),
            page: Page::Team,
        };
    };
    let waiting = |text: String| {
        if st.waiting == 0 {
            text
        } else {
            format!("{text} · {}", tn("sync.waiting", st.waiting))
        }
    };
    let faulted = matches!(
        ind.failure.as_ref().map(|e| &e.kind),
        Some(ErrorKind::ServerFault { .. })
    );
    if !st.alarms.is_empty() || faulted {
        return Reading {
            state: "alarm",
            text: t("sync.alarm"),
            page: Page::Team,
        };
    }
    if st.conflicts > 0 || st.lost_edits > 0 {
        let mut parts = Vec::new();
        if st.conflicts > 0 {
            parts.push(tn("sync.conflicts", st.conflicts));
        }
        if st.lost_edits > 0 {
            parts.push(tn("sync.lost", st.lost_edits));
        }
        return Reading {
            state: "conflict",
            text: parts.join(" · "),
            page: Page::Conflicts,
        };
    }
    if ind.syncing {
        return Reading {
            state: "syncing",
            text: t("sync.syncing"),
            page: Page::Team,
        };
    }
    match &ind.failure {
        Some(e) if matches!(e.kind, ErrorKind::Offline) => Reading {
            state: "offline",
            text: waiting(t("sync.offline")),
            page: Page::Team,
        },
        Some(_) => Reading {
            state: "error",
            text: t("sync.failed"),
            page: Page::Team,
        },
        None if st.waiting_for_key && st.waiting > 0 => Reading {
            state: "synced",
            text: waiting(t("sync.awaiting")),
            page: Page::Team,
        },
        None => Reading {
            state: "synced",
            text: waiting(match &team.last_sync_at {
                Some(at) => tf("sync.synced_at", &[("at", &local_clock(&at.to_rfc3339()))]),
                None => t("sync.not_yet"),
            }),
            page: Page::Team,
        },
    }
}

/// Asks the shell for the indicator now (after an action on the team
/// page). While a sync runs it asks again soon, so "synced" shows as soon
/// as it is true.
pub fn refresh(ui: Ui) {
    spawn_local(async move {
        if let Ok(ind) = call(&GetSyncIndicator {}).await {
            let syncing = ind.syncing;
            // Only a change is news: an unchanged answer notifies nobody.
            if ui.sync.with_untracked(|s| s.as_ref() != Some(&ind)) {
                ui.sync.set(Some(ind));
            }
            if syncing {
                set_timeout(move || refresh(ui), Duration::from_millis(700));
            }
        }
    });
}

#[component]
pub fn SyncIndicatorButton() -> impl IntoView {
    let ui = ui();
    refresh(ui);
    let handle = set_interval_with_handle(move || refresh(ui), POLL).ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    // The button is drawn once and its class and line change in place: a
    // screen reader announces the line's changes (`role="status"`), and a
    // keyboard user's focus on the button stays when the state moves on.
    let current = Memo::new(move |_| ui.sync.get().map(|i| reading(&i)));
    let state = move || current.with(|r| r.as_ref().map_or("", |r| r.state));
    let text = move || current.with(|r| r.as_ref().map(|r| r.text.clone()));
    let open = move |_| {
        if let Some(r) = current.get_untracked() {
            ui.page.set(r.page);
        }
    };
    view! {
        <button id="sync-indicator" class=move || format!("sync-indicator {}", state())
            data-state=state title=t("sync.title") on:click=open
            hidden=move || current.with(Option::is_none)>
            <span class="dot" aria-hidden="true"></span>
            <span class="sync-text" role="status">{text}</span>
        </button>
    }
}
