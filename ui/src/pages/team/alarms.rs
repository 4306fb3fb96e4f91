//! What the sync server did that this device refused (docs/SECURITY.md):
//! each kind of alarm in words, how often and when, until the person has
//! read them. Shown on the Team page; the indicator leads here.

use super::indicator;
use crate::app::ui;
use crate::components::local_time;
use crate::i18n::{t, tf};
use crate::ipc::call;
use feltbog_api::commands::DismissSyncAlarms;
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
                            let seen = tf("team.alarm_seen", &[
                                ("count", &a.count.to_string()),
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
