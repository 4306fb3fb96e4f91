//! Samtaler ved første kriminalitet: the cases with a deadline first
//! (overdue marked), the other open ones, the closed ones; what is due for
//! deletion within 30 days. The list names no one: the initials are only on
//! the case itself, whose opening is logged.

mod case;
mod chain;
mod letter;
mod log;
mod notify;
mod papers;
mod police;
mod purge_hold;
mod settings;
mod step_form;
mod triage;

pub use case::CasePage;
pub use chain::ChainAlarm;
pub use log::AccessLogPage;
pub use notify::NewCaseForm;
pub use police::PoliceListPage;
pub use purge_hold::PurgeHoldBanner;
pub use settings::CaseSettingsForm;

use crate::components::scope::{mine_only, ownership};
use crate::components::{FormErrors, Loaded, Rows, ScopeSwitch};
use crate::i18n::{t, tf};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::cases::{CaseSummary, CaseView, Deadline, DeadlineKind, DeletionRecord, Step};
use feltbog_api::commands::{ListCases, ListDeletionsDue};
use feltbog_api::dates::format_short;
use feltbog_api::desk::Ownership;
use feltbog_api::ApiError;
use feltbog_api::Command;
use leptos::prelude::*;

#[component]
pub fn CasesPage() -> impl IntoView {
    let ui = ui();
    let overdue_only = RwSignal::new(false);
    let purged = RwSignal::new(0u32);
    let own = ownership();
    // Opening the page is logged, and so is a switch between *Mine* and
    // *Hele teamet* (it may show other members' cases); the refreshes (the
    // team's changes arriving, a filter, a confirmed deletion) are not.
    let opened = StoredValue::new(None::<Option<bool>>);
    let cases = LocalResource::new(move || {
        ui.arrivals.track();
        purged.track();
        let overdue_only = overdue_only.get();
        let choice = ui.mine.get();
        let reload = opened
            .try_update_value(|l| l.replace(choice) == Some(choice))
            .unwrap_or(true);
        async move {
            let list = call(&ListCases {
                overdue_only,
                reload,
            })
            .await?;
            mine_only(list, choice, |c| &c.owner).await
        }
    });
    let deletions_opened = StoredValue::new(false);
    let deletions = LocalResource::new(move || {
        purged.track();
        let reload = deletions_opened.get_value();
        deletions_opened.set_value(true);
        async move { call(&ListDeletionsDue { reload }).await }
    });
    view! {
        <header class="page-head">
            <h1>{t("cases.title")}</h1>
            <div class="actions">
                <button id="police-list" class="button secondary" on:click=move |_| ui.page.set(Page::PoliceList)>
                    {t("police.open")}
                </button>
                <button id="new-case" class="button primary" on:click=move |_| ui.page.set(Page::NewCase)>
                    {t("cases.new")}
                </button>
            </div>
        </header>
        <WaitingBanner/>
        <purge_hold::PurgeHoldBanner done=purged/>
        <ScopeSwitch id="cases" own/>
        <div class="toolbar">
            <label class="check">
                <input type="checkbox" id="cases-overdue-only" bind:checked=overdue_only/>
                <span>{t("cases.overdue_only")}</span>
            </label>
            <button id="open-access-log" class="button secondary" on:click=move |_| ui.page.set(Page::AccessLog)>
                {t("cases.access_log")}
            </button>
        </div>
        <Loaded list=cases
            empty=move || view! {
                <div class="empty"><p>{move || if overdue_only.get() { t("cases.none_overdue") } else { t("cases.none") }}</p></div>
            }
            filled={move |rows: Signal<Vec<CaseSummary>>| {
                let group = move |keep: fn(&CaseSummary) -> bool| {
                    Signal::derive(move || rows.get().into_iter().filter(keep).collect::<Vec<_>>())
                };
                view! {
                    <CaseTable id="cases-due" title=t("cases.needs_action")
                        list=group(|c| c.deadline.is_some()) own/>
                    <CaseTable id="cases-open" title=t("cases.other_open")
                        list=group(|c| c.deadline.is_none() && c.step != Step::Closed) own/>
                    <CaseTable id="cases-closed" title=t("cases.closed")
                        list=group(|c| c.deadline.is_none() && c.step == Step::Closed) own/>
                }
            }}/>
        <DeletionList id="deletions-due" title=t("cases.deletions_due") empty=t("cases.deletions_none") list=deletions/>
    }
}

/// "3 underretninger fra politiet venter på at blive fordelt", with the way
/// there; nothing when none wait. Not logged: it shows a count only.
#[component]
fn WaitingBanner() -> impl IntoView {
    let ui = ui();
    let waiting = LocalResource::new(move || {
        ui.arrivals.track();
        async move {
            call(&feltbog_api::commands::CountPending {})
                .await
                .unwrap_or(0)
        }
    });
    move || {
        let n = waiting.get().unwrap_or(0);
        (n > 0).then(|| {
            view! {
                <div id="pending-banner" class="banner info" role="status">
                    <span>{crate::i18n::tn("police.waiting_banner", n)}</span>" "
                    <button type="button" class="link" id="pending-open"
                        on:click=move |_| ui.page.set(Page::PoliceList)>
                        {t("police.waiting_open")}
                    </button>
                </div>
            }
        })
    }
}

/// Case numbers with a date (due for deletion, or deleted), in a panel.
#[component]
pub fn DeletionList(
    id: &'static str,
    title: String,
    empty: String,
    list: LocalResource<Result<Vec<DeletionRecord>, ApiError>>,
) -> impl IntoView {
    view! {
        <section class="panel" id=id>
            <h2>{title}</h2>
            <Loaded list
                empty=move || view! { <div class="empty"><p>{empty.clone()}</p></div> }
                filled=|rows| view! {
                    <ul class="plain-list">
                        <Rows rows row=|d: DeletionRecord| view! {
                            <li>
                                <span>{d.case_number}</span>
                                {d.stale.then(|| view! { <span class="badge badge-planned">{t("case.stale")}</span> })}
                                <span>{format_short(d.date)}</span>
                            </li>
                        }/>
                    </ul>
                }/>
        </section>
    }
}

/// One group of cases as a table; nothing when the group is empty.
#[component]
fn CaseTable(
    id: &'static str,
    title: String,
    list: Signal<Vec<CaseSummary>>,
    own: Signal<Option<Ownership>>,
) -> impl IntoView {
    let ui = ui();
    // Who is responsible, in a team (alone, every case is one's own).
    let team = move || own.get().is_some_and(|o| o.team);
    view! {
        <Show when=move || list.with(|l| !l.is_empty())>
            <section class="case-group">
                <h2>{title.clone()}</h2>
                <crate::components::TableScroll label=title.clone()><table class="table" id=id>
                    <thead><tr>
                        <th>{t("cases.number")}</th>
                        <th>{t("cases.school")}</th>
                        <th>{t("cases.offence")}</th>
                        <th>{t("cases.notified")}</th>
                        <th>{t("cases.step")}</th>
                        <th>{t("cases.due")}</th>
                        <th>{t("cases.days")}</th>
                        {move || team().then(|| view! { <th>{t("cases.owner")}</th> })}
                    </tr></thead>
                    <tbody>
                        <Rows rows=list row=move |c: CaseSummary| {
                            let id = c.id;
                            let overdue = c.deadline.is_some_and(|d| d.overdue);
                            view! {
                                <tr class:overdue=overdue>
                                    <td>
                                        <button class="link case-link" on:click=move |_| ui.page.set(Page::Case(id))>
                                            {c.number.clone()}
                                        </button>
                                        {c.repeat.then(|| view! { <span class="badge badge-planned">{t("cases.repeat")}</span> })}
                                    </td>
                                    <td>{c.school_name.clone()}</td>
                                    <td>{t(&format!("offence.{}", c.offence))}</td>
                                    <td>{format_short(c.notified)}</td>
                                    <td>{t(&format!("step.{}", c.step))}</td>
                                    <td>{c.deadline.map(deadline_text)}
                                        {overdue.then(|| view! { <span class="badge badge-overdue">{t("cases.overdue")}</span> })}
                                        {c.delete_on.map(|d| view! { <span class="muted delete-on">{tf("case.delete_on", &[("date", &format_short(d))])}</span> })}
                                        {c.stale.then(|| view! { <span class="badge badge-overdue" title=t("case.stale_hint")>{t("case.stale")}</span> })}
                                    </td>
                                    <td class="num">{c.days_to_conversation.map(|d| d.to_string())}</td>
                                    {move || team().then(|| view! { <td class="case-owner">{c.owner.clone()}</td> })}
                                </tr>
                            }
                        }/>
                    </tbody>
                </table></crate::components::TableScroll>
            </section>
        </Show>
    }
}

/// An action that sends a command answered by the case as it now stands:
/// the page shows that case, or the form shows the error.
fn case_action<C>(errors: FormErrors, on_saved: Callback<CaseView>) -> Action<C, ()>
where
    C: Command<Response = CaseView> + Clone + 'static,
{
    Action::new_local(move |req: &C| {
        let req = req.clone();
        async move {
            match call(&req).await {
                Ok(v) => on_saved.run(v),
                Err(e) => errors.set(e),
            }
        }
    })
}

/// "Samtale tilbydes senest 17-11-2026" and the like.
pub fn deadline_text(d: Deadline) -> String {
    let key = match d.kind {
        DeadlineKind::Offer => "deadline.offer",
        DeadlineKind::FollowUp => "deadline.follow_up",
    };
    tf(key, &[("date", &format_short(d.due))])
}
