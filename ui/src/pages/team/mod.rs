//! Team sync in the app: Indstillinger → Team (create or join a team,
//! invite, members), the conflicts page and the sync indicator.

mod alarms;
mod conflicts;
mod indicator;
mod join;
mod members;

pub use conflicts::ConflictsPage;
pub use indicator::SyncIndicatorButton;

use crate::components::local_time;
use crate::i18n::{error_text, t, tn};
use crate::ipc::call;
use crate::pages::settings::SettingsTabs;
use crate::state::ui;
use feltbog_api::commands::SyncNow;
use feltbog_api::team::{MemberRole, TeamInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TeamPage() -> impl IntoView {
    let ui = ui();
    indicator::refresh(ui);
    // Which half of the page: in a team or not, and the team's standing
    // facts. Not the last sync's time or error, which change with every
    // sync (`InTeam` reads those live): the page is drawn again only when
    // the team changes, so the forms keep what is typed, the member list
    // keeps its rows and an open question stays open while syncs land.
    let team = Memo::new(move |_| {
        ui.sync.get().map(|i| {
            i.status.team.map(|team| TeamInfo {
                last_sync_at: None,
                last_error: String::new(),
                ..team
            })
        })
    });
    view! {
        <header class="page-head"><h1>{t("settings.title")}</h1></header>
        <SettingsTabs/>
        {move || match team.get() {
            None => view! { <p class="muted">{t("common.loading")}</p> }.into_any(),
            Some(None) => view! { <join::NotInTeam/> }.into_any(),
            Some(Some(team)) => view! { <InTeam team/> }.into_any(),
        }}
    }
}

/// The team, how sync stands, invites (coordinators) and the members.
#[component]
fn InTeam(team: TeamInfo) -> impl IntoView {
    let ui = ui();
    let coordinator = team.role == MemberRole::Coordinator;
    let sync_now = move |_| {
        spawn_local(async move {
            let _ = call(&SyncNow {}).await;
            indicator::refresh(ui);
        })
    };
    let last = move || {
        let ind = ui.sync.get()?;
        let team = ind.status.team.as_ref()?;
        Some(
            team.last_sync_at
                .map(|at| local_time(&at.to_rfc3339()))
                .unwrap_or_else(|| t("sync.never")),
        )
    };
    let waiting = move || ui.sync.get().map(|i| tn("sync.waiting", i.status.waiting));
    let failure = move || {
        ui.sync
            .get()
            .and_then(|i| i.failure)
            .map(|e| error_text(&e))
    };
    let role = t(&format!("member_role.{}", team.role));
    let cases = if team.cases {
        t("common.yes")
    } else if team.cases_pending {
        t("team.cases_pending")
    } else {
        t("common.no")
    };
    let awaiting = move || ui.sync.get().is_some_and(|i| i.status.waiting_for_key);
    view! {
        <alarms::AlarmBanner/>
        <section id="team-panel" class="panel">
            <h2 id="team-name">{team.name.clone()}</h2>
            <dl class="facts">
                <dt>{t("team.server")}</dt><dd id="team-server">{team.server.clone()}</dd>
                <dt>{t("team.you")}</dt><dd>{format!("{} · {role}", team.member_name)}</dd>
                <dt>{t("team.case_access")}</dt><dd>{cases}</dd>
                <dt>{t("team.last_sync")}</dt><dd id="team-last-sync">{last}</dd>
                <dt>{t("team.waiting")}</dt><dd id="team-waiting">{waiting}</dd>
            </dl>
            {move || failure().map(|f| view! { <p class="banner error" role="alert">{f}</p> })}
            {move || awaiting().then(|| view! {
                <p id="awaiting-admission" class="banner info">{t("team.awaiting_admission")}</p>
            })}
            <p class="hint">{t("team.private_hint")}</p>
            <div class="form-actions">
                <button id="sync-now" class="button secondary" on:click=sync_now>{t("team.sync_now")}</button>
            </div>
        </section>
        <crate::pages::school_merge::DuplicateNotice/>
        {coordinator.then(|| view! { <members::InviteForm server=team.server.clone()/> })}
        <members::MemberList coordinator/>
        <alarms::LeavePanel/>
    }
}
