//! The notifications waiting for triage, oldest first, each with its offer
//! deadline running from the notification date: a new case, a repeat of
//! an earlier case Feltbog proposes (same initials and birth year; linked
//! only when the user picks it), or not ours (nothing of the row is kept,
//! so that choice asks once more). Opening the list is logged, and each
//! earlier case proposed, once while the page is open: core remembers what
//! it has shown, so a refresh (after an import, a triage or a sync) logs
//! only a case not shown before.

use super::police::{words, young};
use crate::components::{focus_soon, Loaded, Rows};
use crate::i18n::{error_text, t, tf, tn};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::{ListPending, TriagePending};
use feltbog_api::dates::format_short;
use feltbog_api::police::{Pending, Triage};
use feltbog_api::{CaseId, PendingId};
use leptos::prelude::*;

/// What the last triage did, said under the list's heading.
#[derive(Clone, PartialEq)]
enum Said {
    Nothing,
    Case { id: CaseId, number: String },
    Dismissed,
    Failed(String),
}

#[component]
pub fn PendingList(imported: RwSignal<usize>) -> impl IntoView {
    let ui = ui();
    let said = RwSignal::new(Said::Nothing);
    let decide = Action::new_local(move |&(id, choice): &(PendingId, Triage)| async move {
        let next = match call(&TriagePending { id, choice }).await {
            Ok(done) => match done.case {
                Some(c) => Said::Case {
                    id: c.summary.id,
                    number: c.summary.number,
                },
                None => Said::Dismissed,
            },
            Err(e) => Said::Failed(error_text(&e)),
        };
        let _ = said.try_set(next);
        focus_soon("triage-said");
    });
    // The first load opens the list (logged); the others refresh it: after
    // an import, a decision (the action's version) or a sync's news.
    let opened = StoredValue::new(false);
    let list = LocalResource::new(move || {
        ui.arrivals.track();
        imported.track();
        decide.version().track();
        let reload = opened.get_value();
        opened.set_value(true);
        async move { call(&ListPending { reload }).await }
    });
    let count = move || {
        list.with(|l| match l {
            Some(Ok(rows)) => rows.len() as u32,
            _ => 0,
        })
    };
    view! {
        <section class="panel" id="pending" aria-labelledby="pending-title">
            <h2 id="pending-title">{t("triage.title")}</h2>
            <p class="hint">{t("triage.lead")}</p>
            {move || match said.get() {
                Said::Nothing => ().into_any(),
                Said::Case { id, number } => view! {
                    <p id="triage-said" class="banner info" role="status" tabindex="-1">
                        {tf("triage.created", &[("number", &number)])}" "
                        <button type="button" class="link triage-open-case"
                            on:click=move |_| ui.page.set(Page::Case(id))>
                            {t("triage.open_case")}
                        </button>
                    </p>
                }.into_any(),
                Said::Dismissed => view! {
                    <p id="triage-said" class="banner info" role="status" tabindex="-1">{t("triage.dismissed")}</p>
                }.into_any(),
                Said::Failed(text) => view! {
                    <p id="triage-said" class="banner error" role="alert" tabindex="-1">{text}</p>
                }.into_any(),
            }}
            <p class="pending-count" aria-live="polite">
                {move || (count() > 0).then(|| tn("triage.waiting", count()))}
            </p>
            <Loaded list
                empty=|| view! { <div class="empty"><p>{t("triage.none")}</p></div> }
                filled=move |rows| view! {
                    <ul class="pending-list" id="pending-table" aria-labelledby="pending-title">
                        <Rows rows row=move |p: Pending| view! { <PendingRow p decide/> }/>
                    </ul>
                }/>
        </section>
    }
}

#[component]
fn PendingRow(p: Pending, decide: Action<(PendingId, Triage), ()>) -> impl IntoView {
    let id = p.id;
    let overdue = p.deadline.overdue;
    let asking = RwSignal::new(false);
    let who = young(&p.initials, p.birth_year, p.cpr_registered);
    let label = tf("triage.row_label", &[("young", &who)]);
    let matches = p.matches.clone();
    let school = p.school_name.clone();
    let what = words(&format!("offence.{}", p.offence), &p.offence_other);
    view! {
        <li class:overdue=overdue class="pending-row">
            <p class="pending-who">
                <strong>{who.clone()}</strong>
                {(!school.is_empty()).then(|| format!(" · {school}"))}
                {format!(" · {what}")}
            </p>
            <p class="pending-when">
                {tf("triage.when", &[
                    ("notified", &format_short(p.notified)),
                    ("due", &format_short(p.deadline.due)),
                ])}
                {overdue.then(|| view! { " "<span class="badge badge-overdue">{t("cases.overdue")}</span> })}
            </p>
                <div class="triage-actions" role="group" aria-label=label>
                    <button type="button" class="button primary triage-new"
                        on:click=move |_| { decide.dispatch_local((id, Triage::New)); }>
                        {t("triage.new")}
                    </button>
                    {matches.into_iter().map(|m| {
                        let earlier = m.id;
                        view! {
                            <button type="button" class="button secondary triage-repeat nowrap"
                                title=tf("triage.repeat_hint", &[("date", &format_short(m.notified))])
                                on:click=move |_| { decide.dispatch_local((id, Triage::Repeat { earlier })); }>
                                {tf("triage.repeat", &[("number", &m.number)])}
                            </button>
                        }
                    }).collect_view()}
                    <Show when=move || !asking.get()
                        fallback=move || view! {
                            <span class="triage-confirm" role="group">
                                <span class="hint">{t("triage.dismiss_sure")}</span>
                                <button type="button" class="button danger triage-dismiss-confirm"
                                    on:click=move |_| { decide.dispatch_local((id, Triage::Dismiss)); }>
                                    {t("triage.dismiss_confirm")}
                                </button>
                                <button type="button" class="button secondary triage-dismiss-cancel"
                                    on:click=move |_| asking.set(false)>
                                    {t("common.cancel")}
                                </button>
                            </span>
                        }>
                        <button type="button" class="button secondary triage-dismiss"
                            on:click=move |_| asking.set(true)>
                            {t("triage.dismiss")}
                        </button>
                    </Show>
                </div>
        </li>
    }
}
