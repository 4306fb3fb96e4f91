//! What the sync server did that this device refused (docs/SECURITY.md):
//! each kind of alarm in words, how often and when, until the person has
//! read them. Shown on the Team page; the indicator leads here. And the
//! way out for a copied or restored profile: leave the team on this
//! device, then join again with a new invite.

use super::indicator;
use crate::components::local_time;
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use crate::state::ui;
use feltbog_api::commands::{DismissSyncAlarms, LeaveTeam};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AlarmBanner() -> impl IntoView {
    let ui = ui();
    let alarms = Memo::new(move |_| ui.sync.get().map(|i| i.status.alarms).unwrap_or_default());
    let read = move |_| {
        spawn_local(async move {
            let _ = call(&DismissSyncAlarms {}).await;
            indicator::refresh(ui);
        })
    };
    move || {
        let list = alarms.get();
        (!list.is_empty()).then(|| {
            view! {
                <section id="sync-alarms" class="banner error alarms" role="alert">
                    <h2>{t("team.alarms_title")}</h2>
                    <p>{t("team.alarms_lead")}</p>
                    <ul>
                        {list.into_iter().map(|a| {
                            let key = if a.count == 1 { "team.alarm_seen_one" } else { "team.alarm_seen_many" };
                            let seen = tf(key, &[
                                ("n", &a.count.to_string()),
                                ("at", &local_time(&a.last_at.to_rfc3339())),
                            ]);
                            view! {
                                <li data-alarm=a.alarm.as_str()>
                                    {t(&format!("alarm.{}", a.alarm))}
                                    <span class="seen">{seen}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <div class="actions">
                        <button id="alarms-read" class="button secondary" on:click=read>
                            {t("team.alarms_read")}
                        </button>
                    </div>
                </section>
            }
        })
    }
}

/// Leaving the team on this device, asked twice.
#[component]
pub fn LeavePanel() -> impl IntoView {
    let ui = ui();
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let leave = move || {
        spawn_local(async move {
            match call(&LeaveTeam {}).await {
                Ok(_) => indicator::refresh(ui),
                Err(e) => error.set(Some(error_text(&e))),
            }
        })
    };
    view! {
        <section id="leave-team" class="panel">
            <h2>{t("team.leave_title")}</h2>
            <p class="hint">{t("team.leave_hint")}</p>
            {move || error.get().map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
            <crate::components::Confirm ask=t("team.leave") ask_id="leave"
                question=t("team.leave_confirm") yes=t("team.leave") yes_id="confirm-leave" on_yes=leave/>
        </section>
    }
}
