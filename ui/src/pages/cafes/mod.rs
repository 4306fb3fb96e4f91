//! Forældrecaféer: parent cafés and meetings over a period, by school and
//! theme; the agreements due for a revisit; attendance per school and theme.

mod form;
mod summary;

pub use form::CafeForm;

use crate::components::scope::{mine_only, ownership};
use crate::components::{Confirm, ErrorBanner, FormErrors, Loaded, OwnerNote, Rows, ScopeSwitch};
use crate::i18n::{t, tf};
use crate::ipc::call;
use crate::pages::visit_form::today;
use crate::state::{ui, Page};
use chrono::{Datelike, NaiveDate};
use feltbog_api::cafes::{CafeFilter, CafeStatus, CafeTheme, CafeView};
use feltbog_api::commands::{DeleteCafe, ListCafes};
use feltbog_api::dates::{format_short, format_with_weekday, parse_user_date};
use feltbog_api::desk::Ownership;
use feltbog_api::{CafeId, SchoolId};
use leptos::prelude::*;
use summary::{Attendance, DueAgreements};

/// The Danish school year around `d`: 1 August to 31 July.
pub fn school_year(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start_year = if d.month() >= 8 {
        d.year()
    } else {
        d.year() - 1
    };
    let from = NaiveDate::from_ymd_opt(start_year, 8, 1).unwrap_or(d);
    let to = NaiveDate::from_ymd_opt(start_year + 1, 7, 31).unwrap_or(d);
    (from, to)
}

#[component]
pub fn CafesPage() -> impl IntoView {
    let ui = ui();
    let (from0, to0) = school_year(today().unwrap_or_default());
    let from = RwSignal::new(format_short(from0));
    let to = RwSignal::new(format_short(to0));
    let school: RwSignal<Option<SchoolId>> = RwSignal::new(None);
    let theme: RwSignal<Option<CafeTheme>> = RwSignal::new(None);
    let errors = FormErrors::new();
    let delete = Action::new_local(move |id: &CafeId| {
        let id = *id;
        async move {
            if let Err(e) = call(&DeleteCafe { id }).await {
                errors.set(e);
            }
        }
    });
    let period = Memo::new(move |_| (parse_user_date(&from.get()), parse_user_date(&to.get())));
    let schools = crate::components::schools_resource(true);
    let own = ownership();
    let cafes = LocalResource::new(move || {
        ui.arrivals.track();
        delete.version().track();
        let choice = ui.mine.get();
        let (from, to) = period.get();
        let filter = CafeFilter {
            school: school.get(),
            theme: theme.get(),
            from,
            to,
        };
        async move {
            let list = call(&ListCafes { filter }).await?;
            mine_only(list, choice, |c| &c.owner).await
        }
    });
    view! {
        <header class="page-head">
            <h1>{t("cafes.title")}</h1>
            <button id="new-cafe" class="button primary" on:click=move |_| ui.page.set(Page::NewCafe)>
                {t("cafes.new")}
            </button>
        </header>
        <crate::components::SchoolsReadFailed schools/>
        <ScopeSwitch id="cafes" own/>
        <div class="toolbar" role="group" aria-label=t("visits.filters")>
            <label class="inline-label" for="cafe-from">{t("cafes.from")}</label>
            <input id="cafe-from" class="date-input" bind:value=from/>
            <label class="inline-label" for="cafe-to">{t("cafes.to")}</label>
            <input id="cafe-to" class="date-input" bind:value=to/>
            <label class="inline-label" for="cafe-school">{t("visits.school")}</label>
            <select id="cafe-school" on:change=move |ev| school.set(event_target_value(&ev).parse().ok())>
                <option value="">{t("visits.all_schools")}</option>
                {move || crate::components::schools_or_none(schools.get()).into_iter().map(|s| view! {
                    <option value=s.id.to_string()>{s.name}</option>
                }).collect_view()}
            </select>
            <label class="inline-label" for="cafe-theme">{t("cafe.theme")}</label>
            <select id="cafe-theme" on:change=move |ev| theme.set(event_target_value(&ev).parse().ok())>
                <option value="">{t("cafes.all_themes")}</option>
                {CafeTheme::ALL.iter().map(|th| view! {
                    <option value=th.as_str()>{t(&format!("theme.{th}"))}</option>
                }).collect_view()}
            </select>
        </div>
        <ErrorBanner message=Signal::derive(errors.general(&[]))/>
        <Loaded list=cafes
            empty=|| view! { <div class="empty"><p>{t("cafes.none")}</p></div> }
            filled=move |rows| view! {
                <ul id="cafe-list" class="cards">
                    <Rows rows row=move |c| view! { <CafeCard c delete own/> }/>
                </ul>
            }/>
        <div class="columns">
            <DueAgreements version=delete.version() own/>
            <Attendance period/>
        </div>
    }
}

/// "23 forældre af 48 inviterede (48 %)" or "23 forældre".
pub fn attendance_text(parents: u32, invited: Option<u32>) -> String {
    match invited {
        Some(i) if i > 0 => tf(
            "cafes.parents_of_invited",
            &[
                ("n", &parents.to_string()),
                ("i", &i.to_string()),
                (
                    "p",
                    &format!("{:.0}", 100.0 * f64::from(parents) / f64::from(i)),
                ),
            ],
        ),
        _ => tf("cafes.parents", &[("n", &parents.to_string())]),
    }
}

#[component]
fn CafeCard(
    c: CafeView,
    delete: Action<CafeId, ()>,
    own: Signal<Option<Ownership>>,
) -> impl IntoView {
    let ui = ui();
    let lang = crate::i18n::language();
    let id = c.id;
    let planned = c.status == CafeStatus::Planned;
    let theme = if c.theme_other.is_empty() {
        t(&format!("theme.{}", c.theme))
    } else {
        c.theme_other.clone()
    };
    let grades = (!c.grades.is_empty()).then(|| {
        let list: Vec<String> = c.grades.iter().map(|g| format!("{g}.")).collect();
        tf("cafes.grades", &[("list", &list.join(", "))])
    });
    let partners: Vec<String> = c
        .partners
        .iter()
        .map(|p| {
            if p.as_str() == "other" {
                c.partner_other.clone()
            } else {
                t(&format!("partner.{p}"))
            }
        })
        .collect();
    view! {
        <li class="card cafe" class:planned=planned>
            <div class="card-main">
                <p class="card-date">{format_with_weekday(c.date, lang)}" · "{t(&format!("cafe_kind.{}", c.kind))}</p>
                <h2 class="card-title">{c.place.clone()}</h2>
                <p class="card-meta">
                    <span class="badge" class:badge-planned=planned class:badge-done=!planned>
                        {t(&format!("cafe_status.{}", c.status))}
                    </span>
                    <span>{theme}</span>
                    {grades.map(|g| view! { <span>{g}</span> })}
                    <OwnerNote owner=c.owner.clone() own/>
                </p>
                {(!planned).then(|| view! { <p class="attendance">{attendance_text(c.parents, c.invited)}</p> })}
                {(!partners.is_empty()).then(|| view! {
                    <p class="muted small">{tf("cafes.partners", &[("list", &partners.join(", "))])}</p>
                })}
                {(!c.raised.is_empty()).then(|| view! { <p class="card-notes">{c.raised.clone()}</p> })}
                {(!c.agreements.is_empty()).then(|| view! {
                    <ul class="follow-up-mini">
                        {c.agreements.iter().map(|a| view! {
                            <li class:done=a.done>{a.text.clone()}" – "{t("cafes.revisit")}" "
                                <span class="due">{format_short(a.revisit)}</span></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
            <div class="card-actions">
                <button class="button secondary" on:click=move |_| ui.page.set(Page::EditCafe(id))>{t("common.edit")}</button>
                <Confirm ask=t("common.delete") question=t("cafes.confirm_delete") yes=t("common.delete")
                    on_yes=move || { delete.dispatch_local(id); }/>
            </div>
        </li>
    }
}
