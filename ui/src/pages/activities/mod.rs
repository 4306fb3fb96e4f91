//! Aktiviteter: the SSP work counted by the young people it reached —
//! street presence, group work, theme days, class talks, network meetings —
//! over a period, by school or area and kind, with the period's totals;
//! below them the follow-ups still open.

mod due;
mod form;

pub use form::ActivityForm;

use crate::components::scope::{mine_only, ownership};
use crate::components::{Confirm, ErrorBanner, FormErrors, Loaded, OwnerNote, Rows, ScopeSwitch};
use crate::i18n::{t, tf, tn};
use crate::ipc::call;
use crate::pages::cafes::school_year;
use crate::pages::visit_form::today;
use crate::state::{ui, Page};
use feltbog_api::activities::{ages_text, ActivityFilter, ActivityKind, ActivityView};
use feltbog_api::commands::{DeleteActivity, ListActivities};
use feltbog_api::dates::{format_short, format_with_weekday, parse_user_date};
use feltbog_api::desk::Ownership;
use feltbog_api::{ActivityId, SchoolId};
use leptos::prelude::*;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let ui = ui();
    let (from0, to0) = school_year(today().unwrap_or_default());
    let from = RwSignal::new(format_short(from0));
    let to = RwSignal::new(format_short(to0));
    let school: RwSignal<Option<SchoolId>> = RwSignal::new(None);
    let kind: RwSignal<Option<ActivityKind>> = RwSignal::new(None);
    let errors = FormErrors::new();
    let delete = Action::new_local(move |id: &ActivityId| {
        let id = *id;
        async move {
            if let Err(e) = call(&DeleteActivity { id }).await {
                errors.set(e);
            }
        }
    });
    let schools = crate::components::schools_resource(true);
    let own = ownership();
    let marked = RwSignal::new(0u32);
    let activities = LocalResource::new(move || {
        ui.arrivals.track();
        delete.version().track();
        marked.track();
        let choice = ui.mine.get();
        let filter = ActivityFilter {
            school: school.get(),
            kind: kind.get(),
            from: parse_user_date(&from.get()),
            to: parse_user_date(&to.get()),
        };
        async move {
            let list = call(&ListActivities { filter }).await?;
            mine_only(list, choice, |a| &a.owner).await
        }
    });
    view! {
        <header class="page-head">
            <h1>{t("activities.title")}</h1>
            <button id="new-activity" class="button primary" on:click=move |_| ui.page.set(Page::NewActivity)>
                {t("activities.new")}
            </button>
        </header>
        <p class="lead">{t("activities.lead")}</p>
        <crate::components::SchoolsReadFailed schools/>
        <ScopeSwitch id="activities" own/>
        <div class="toolbar" role="group" aria-label=t("visits.filters")>
            <label class="inline-label" for="activity-from">{t("cafes.from")}</label>
            <input id="activity-from" class="date-input" bind:value=from/>
            <label class="inline-label" for="activity-to">{t("cafes.to")}</label>
            <input id="activity-to" class="date-input" bind:value=to/>
            <label class="inline-label" for="activity-school">{t("visits.school")}</label>
            <select id="activity-school" on:change=move |ev| school.set(event_target_value(&ev).parse().ok())>
                <option value="">{t("visits.all_schools")}</option>
                {move || crate::components::schools_or_none(schools.get()).into_iter().map(|s| view! {
                    <option value=s.id.to_string()>{s.name}</option>
                }).collect_view()}
            </select>
            <label class="inline-label" for="activity-kind">{t("activity.kind")}</label>
            <select id="activity-kind" on:change=move |ev| kind.set(event_target_value(&ev).parse().ok())>
                <option value="">{t("activities.all_kinds")}</option>
                {ActivityKind::ALL.iter().map(|k| view! {
                    <option value=k.as_str()>{t(&format!("activity_kind.{k}"))}</option>
                }).collect_view()}
            </select>
        </div>
        <ErrorBanner message=Signal::derive(errors.general(&[]))/>
        <Loaded list=activities
            empty=|| view! { <div class="empty"><p>{t("activities.none")}</p></div> }
            filled=move |rows| view! {
                <p id="activity-totals" class="totals" aria-live="polite">{move || totals_text(&rows.get())}</p>
                <ul id="activity-list" class="cards">
                    <Rows rows row=move |a| view! { <ActivityCard a delete own/> }/>
                </ul>
            }/>
        <due::DueActivityFollowUps version=delete.version() marked own/>
    }
}

/// "I alt: 3 aktiviteter · 140 unge · 6 voksne": what the listed
/// activities reached together.
fn totals_text(list: &[ActivityView]) -> String {
    let young: u32 = list.iter().map(|a| a.young).sum();
    let adults: u32 = list.iter().map(|a| a.adults).sum();
    let n = u32::try_from(list.len()).unwrap_or(u32::MAX);
    let list = format!(
        "{} · {}",
        tn("activities.count", n),
        reached_text(young, adults)
    );
    tf("activities.totals", &[("list", &list)])
}

/// "40 unge · 2 voksne".
fn reached_text(young: u32, adults: u32) -> String {
    format!(
        "{} · {}",
        tn("activities.young", young),
        tn("activities.adults", adults)
    )
}

/// Whom it was for: "Årgang 8., 9. · 13–16 år", or nothing.
fn target_text(a: &ActivityView) -> Option<String> {
    let mut parts = Vec::new();
    if !a.grades.is_empty() {
        let list: Vec<String> = a.grades.iter().map(|g| format!("{g}.")).collect();
        parts.push(tf("cafes.grades", &[("list", &list.join(", "))]));
    }
    if let Some(ages) = a.ages {
        parts.push(tf("activities.ages", &[("ages", &ages_text(ages))]));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[component]
fn ActivityCard(
    a: ActivityView,
    delete: Action<ActivityId, ()>,
    own: Signal<Option<Ownership>>,
) -> impl IntoView {
    let ui = ui();
    let lang = crate::i18n::language();
    let id = a.id;
    let partners: Vec<String> = a
        .partners
        .iter()
        .map(|p| match p.as_str() {
            "other" => a.partner_other.clone(),
            _ => t(&format!("partner.{p}")),
        })
        .collect();
    let reached = reached_text(a.young, a.adults);
    view! {
        <li class="card activity">
            <div class="card-main">
                <p class="card-date">{format_with_weekday(a.date, lang)}" · "{t(&format!("activity_kind.{}", a.kind))}</p>
                <h2 class="card-title">{a.place.clone()}</h2>
                <p class="card-meta">
                    {(!a.theme.is_empty()).then(|| view! { <span>{a.theme.clone()}</span> })}
                    {target_text(&a).map(|g| view! { <span>{g}</span> })}
                    <OwnerNote owner=a.owner.clone() own/>
                </p>
                <p class="attendance">{reached}</p>
                {(!partners.is_empty()).then(|| view! {
                    <p class="muted small">{tf("cafes.partners", &[("list", &partners.join(", "))])}</p>
                })}
                {(!a.notes.is_empty()).then(|| view! { <p class="card-notes">{a.notes.clone()}</p> })}
                {(!a.follow_ups.is_empty()).then(|| view! {
                    <ul class="follow-up-mini">
                        {a.follow_ups.iter().map(|f| view! {
                            <li class:done=f.done>{f.text.clone()}" – "{t("visit.follow_up_due")}" "
                                <span class="due">{format_short(f.due)}</span></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
            <div class="card-actions">
                <button class="button secondary edit-activity" data-name=a.place.clone()
                    on:click=move |_| ui.page.set(Page::EditActivity(id))>{t("common.edit")}</button>
                <Confirm ask=t("common.delete") question=t("activities.confirm_delete") yes=t("common.delete")
                    ask_class="ghost delete-activity" ask_name=a.place.clone()
                    on_yes=move || { delete.dispatch_local(id); }/>
            </div>
        </li>
    }
}
