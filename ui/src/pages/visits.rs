//! Skolebesøg: the visits of one ISO week (or all), by school, with quick
//! actions: edit, mark done, delete.

use crate::components::scope::{mine_only, ownership};
use crate::components::{
    Confirm, ErrorBanner, FormErrors, Loaded, OwnerNote, ReadFailed, Rows, ScopeSwitch,
};
use crate::i18n::{t, tf};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::{CurrentWeek, DeleteVisit, ListVisits, MarkVisitDone};
use feltbog_api::dates::{format_long, format_range, format_with_weekday, IsoWeek};
use feltbog_api::desk::Ownership;
use feltbog_api::visits::{VisitFilter, VisitStatus, VisitView};
use feltbog_api::{SchoolId, VisitId};
use leptos::prelude::*;

/// "uge 47 · 16.–22. nov. 2026"
pub fn week_label(w: IsoWeek) -> String {
    let lang = crate::i18n::language();
    let range = match (w.monday(), w.sunday()) {
        (Some(a), Some(b)) => format_range(a, b, lang),
        _ => String::new(),
    };
    format!(
        "{} · {range}",
        tf("visits.week", &[("n", &w.week.to_string())])
    )
}

/// The page opens on the current week, which the shell knows (the tests'
/// clock lives there): the week is read first, so the list never shows
/// "no visits" for the moment before it is known.
#[component]
pub fn VisitsPage() -> impl IntoView {
    let current = LocalResource::new(|| call(&CurrentWeek {}));
    move || {
        current.get().map(|r| match r {
            Ok(w) => view! { <VisitsOfWeek start=Some(w)/> }.into_any(),
            // Without the week the page still works, on all weeks.
            Err(error) => view! { <ReadFailed error/><VisitsOfWeek start=None/> }.into_any(),
        })
    }
}

#[component]
fn VisitsOfWeek(start: Option<IsoWeek>) -> impl IntoView {
    let ui = ui();
    let week: RwSignal<Option<IsoWeek>> = RwSignal::new(start);
    let all_weeks = RwSignal::new(start.is_none());
    let school: RwSignal<Option<SchoolId>> = RwSignal::new(None);
    let calendar_open = RwSignal::new(false);
    let errors = FormErrors::new();
    let act = Action::new_local(move |a: &VisitAction| {
        let a = *a;
        async move {
            let r = match a {
                VisitAction::Done(id) => call(&MarkVisitDone { id }).await.map(|_| ()),
                VisitAction::Delete(id) => call(&DeleteVisit { id }).await,
            };
            if let Err(e) = r {
                errors.set(e);
            }
        }
    });
    let schools = crate::components::schools_resource(true);
    let own = ownership();
    let visits = LocalResource::new(move || {
        ui.arrivals.track();
        let filter = VisitFilter {
            school: school.get(),
            week: if all_weeks.get() { None } else { week.get() },
        };
        let choice = ui.mine.get();
        act.version().track();
        async move {
            let list = call(&ListVisits { filter }).await?;
            mine_only(list, choice, |v| &v.owner).await
        }
    });
    let pick_school = move |ev| {
        let v = event_target_value(&ev);
        school.set(v.parse().ok());
    };
    view! {
        <header class="page-head">
            <h1>{t("visits.title")}</h1>
            <div class="actions">
                <super::calendar::CalendarButton open=calendar_open/>
                <button id="new-visit" class="button primary" on:click=move |_| ui.page.set(Page::NewVisit)>
                    {t("visits.new")}
                </button>
            </div>
        </header>
        <super::calendar::CalendarPanel open=calendar_open/>
        <crate::components::SchoolsReadFailed schools/>
        <ScopeSwitch id="visits" own/>
        <div class="toolbar" role="group" aria-label=t("visits.filters")>
            <div class="week-nav" class:disabled=move || all_weeks.get()>
                <button class="button icon" aria-label=t("visits.prev_week") disabled=move || all_weeks.get()
                    on:click=move |_| week.update(|w| if let Some(w) = w { *w = w.prev() })>"‹"</button>
                <span id="week-label" class="week-label">
                    {move || week.get().map(week_label).unwrap_or_default()}
                </span>
                <button class="button icon" aria-label=t("visits.next_week") disabled=move || all_weeks.get()
                    on:click=move |_| week.update(|w| if let Some(w) = w { *w = w.next() })>"›"</button>
            </div>
            <label class="check inline">
                <input id="all-weeks" type="checkbox" bind:checked=all_weeks/>
                <span>{t("visits.all_weeks")}</span>
            </label>
            <label class="inline-label" for="school-filter">{t("visits.school")}</label>
            <select id="school-filter" on:change=pick_school>
                <option value="">{t("visits.all_schools")}</option>
                {move || crate::components::schools_or_none(schools.get()).into_iter().map(|s| view! {
                    <option value=s.id.to_string()>{s.name}</option>
                }).collect_view()}
            </select>
        </div>
        <ErrorBanner message=Signal::derive(errors.general(&[]))/>
        <Loaded list=visits
            empty=|| view! { <div class="empty"><p>{t("visits.none")}</p><p class="muted">{t("visits.none_hint")}</p></div> }
            filled=move |rows| view! {
                <ul id="visit-list" class="cards">
                    <Rows rows row=move |v| view! { <VisitCard v act own/> }/>
                </ul>
            }/>
    }
}

#[derive(Clone, Copy)]
enum VisitAction {
    Done(VisitId),
    Delete(VisitId),
}

#[component]
fn VisitCard(
    v: VisitView,
    act: Action<VisitAction, ()>,
    own: Signal<Option<Ownership>>,
) -> impl IntoView {
    let ui = ui();
    let lang = crate::i18n::language();
    let id = v.id;
    let planned = v.status == VisitStatus::Planned;
    let purpose = if v.purpose_other.is_empty() {
        t(&format!("purpose.{}", v.purpose))
    } else {
        format!("{}: {}", t("purpose.other"), v.purpose_other)
    };
    let open_follow_ups = v.follow_ups.iter().filter(|f| !f.done).count();
    view! {
        <li class="card visit" class:planned=planned>
            <div class="card-main">
                <p class="card-date">{format_with_weekday(v.date, lang)}</p>
                <h2 class="card-title">{v.school_name.clone()}</h2>
                <p class="card-meta">
                    <span class="badge" class:badge-planned=planned class:badge-done=!planned>
                        {t(&format!("status.{}", v.status))}
                    </span>
                    <span>{purpose}</span>
                    {(!v.classes.is_empty()).then(|| view! {
                        <span>{tf("visits.classes", &[("list", &v.classes.join(", "))])}</span>
                    })}
                    <OwnerNote owner=v.owner.clone() own/>
                </p>
                {(!v.notes.is_empty()).then(|| view! { <p class="card-notes">{v.notes.clone()}</p> })}
                {(!v.follow_ups.is_empty()).then(|| view! {
                    <ul class="follow-up-mini">
                        {v.follow_ups.iter().map(|f| view! {
                            <li class:done=f.done>
                                <span class="due">{format_long(f.due, lang)}</span>" "{f.text.clone()}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                {(open_follow_ups > 0).then(|| view! {
                    <p class="muted small">{match open_follow_ups {
                        1 => t("visits.one_open_follow_up"),
                        n => tf("visits.open_follow_ups", &[("n", &n.to_string())]),
                    }}</p>
                })}
            </div>
            <div class="card-actions">
                <button class="button secondary" on:click=move |_| ui.page.set(Page::EditVisit(id))>
                    {t("common.edit")}
                </button>
                {planned.then(|| view! {
                    <button class="button secondary mark-done" on:click=move |_| { act.dispatch_local(VisitAction::Done(id)); }>
                        {t("visits.mark_done")}
                    </button>
                })}
                <Confirm ask=t("common.delete") ask_class="ghost delete"
                    question=t("visits.confirm_delete") yes=t("common.delete") yes_class="confirm-delete"
                    on_yes=move || { act.dispatch_local(VisitAction::Delete(id)); }/>
            </div>
        </li>
    }
}
