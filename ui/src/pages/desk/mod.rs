//! Overblik: the first page after unlock. What needs doing, by urgency
//! (overdue, today, the next seven days, conversations waiting), the survey
//! rounds in their window, and what waits for a person. Every line opens
//! its record. The desk is computed in core (`domain::desk`); this page
//! only draws it.

mod line;
mod rounds;

use crate::components::scope::shows_mine;
use crate::components::{ReadFailed, Rows, ScopeSwitch};
use crate::i18n::{t, tf, tn};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::{GetDesk, GetOwnership};
use feltbog_api::dates::{format_with_weekday, IsoWeek};
use feltbog_api::desk::{Desk, DeskAttention, DeskLine, Ownership};
use feltbog_api::ApiError;
use leptos::prelude::*;

/// How many lines a group shows before "show all".
const SHOWN_AT_FIRST: usize = 50;

/// What the page shows; changes only between these, so the page is drawn
/// once and its lists then change row by row.
#[derive(Clone, PartialEq)]
enum Shape {
    Loading,
    Ready,
    Failed(ApiError),
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let arrivals = ui().arrivals;
    // The first read opens the desk (logged when it shows a case); the
    // reloads a sync brings are not new openings.
    // *Mine* or *Hele teamet*: the session's choice, shared with the lists
    // (components::scope).
    let chosen = ui().mine;
    // The choice the desk was last read with: a read with the same one is
    // a reload; the first read, and a switch (which may show other
    // members' cases), are openings, logged when they show a case.
    let last = StoredValue::new(None::<Option<bool>>);
    let loaded = LocalResource::new(move || {
        arrivals.track();
        let choice = chosen.get();
        let reload = last
            .try_update_value(|l| l.replace(choice) == Some(choice))
            .unwrap_or(true);
        async move {
            let own = call(&GetOwnership {}).await?;
            let mine = shows_mine(choice, &own, true);
            let desk = call(&GetDesk { reload, mine }).await?;
            Ok::<_, ApiError>((own, mine, desk))
        }
    });
    let shape = Memo::new(move |_| match loaded.get() {
        None => Shape::Loading,
        Some(Ok(_)) => Shape::Ready,
        Some(Err(e)) => Shape::Failed(e),
    });
    let got = move || loaded.get().and_then(Result::ok);
    let current = Signal::derive(move || got().map(|(_, _, d)| d));
    let own = Signal::derive(move || got().map(|(o, _, _)| o).unwrap_or_default());
    view! {
        <header class="page-head">
            <h1>{t("desk.title")}</h1>
            <p class="page-sub" id="desk-day">{move || current.get().map(|d| day_label(&d))}</p>
        </header>
        <p class="lead">{t("desk.lead")}</p>
        <ScopeSwitch id="desk" own=Signal::derive(move || got().map(|(o, _, _)| o)) by_role=true/>
        {move || match shape.get() {
            Shape::Loading => view! { <p class="muted">{t("common.loading")}</p> }.into_any(),
            Shape::Failed(error) => view! { <ReadFailed error/> }.into_any(),
            Shape::Ready => view! { <DeskBody desk=current own/> }.into_any(),
        }}
    }
}

/// "torsdag 3. december 2026 · uge 49"
fn day_label(d: &Desk) -> String {
    format!(
        "{} · {}",
        format_with_weekday(d.day, crate::i18n::language()),
        tf(
            "visits.week",
            &[("n", &IsoWeek::of(d.day).week.to_string())]
        )
    )
}

#[component]
fn DeskBody(desk: Signal<Option<Desk>>, own: Signal<Ownership>) -> impl IntoView {
    let lines = move |pick: fn(&Desk) -> &Vec<DeskLine>| {
        Signal::derive(move || {
            desk.with(|d| d.as_ref().map(|d| pick(d).clone()).unwrap_or_default())
        })
    };
    let has_waiting = move || desk.with(|d| d.as_ref().is_some_and(|d| !d.waiting.is_empty()));
    let attention = Signal::derive(move || {
        desk.with(|d| d.as_ref().map(|d| d.attention.clone()).unwrap_or_default())
    });
    let rounds = Signal::derive(move || {
        desk.with(|d| d.as_ref().map(|d| d.rounds.clone()).unwrap_or_default())
    });
    view! {
        <div id="desk" class="desk">
            <Attention attention/>
            <Group id="desk-overdue" title="desk.overdue" none="desk.overdue_none" lines=lines(|d| &d.overdue) own/>
            <Group id="desk-today" title="desk.today" none="desk.today_none" lines=lines(|d| &d.due_today) own/>
            <Group id="desk-coming" title="desk.coming" none="desk.coming_none" lines=lines(|d| &d.coming) own/>
            {move || has_waiting().then(|| view! {
                <Group id="desk-waiting" title="desk.waiting" none="desk.waiting_none" lines=lines(|d| &d.waiting) own/>
            })}
            <rounds::Rounds rounds/>
        </div>
    }
}

/// One urgency group: its heading with the count, its lines, or a word
/// saying there is nothing.
#[component]
fn Group(
    id: &'static str,
    title: &'static str,
    none: &'static str,
    lines: Signal<Vec<DeskLine>>,
    own: Signal<Ownership>,
) -> impl IntoView {
    let heading = format!("{id}-h");
    let labelled_by = heading.clone();
    let count = move || lines.with(Vec::len);
    // A long list (a team back from the summer holidays) shows its oldest
    // lines first and the rest on request, so the page stays quick.
    let all = RwSignal::new(false);
    let shown = Signal::derive(move || {
        let mut v = lines.get();
        if !all.get() {
            v.truncate(SHOWN_AT_FIRST);
        }
        v
    });
    view! {
        <section id=id class="desk-group" aria-labelledby=labelled_by>
            <h2 id=heading>{t(title)}" "<span class="count">{move || format!("({})", count())}</span></h2>
            {move || (count() == 0).then(|| view! { <p class="desk-none">{t(none)}</p> })}
            <ul class="desk-lines" class:hidden=move || count() == 0>
                <Rows rows=shown row=move |l| line::row(l, &own.get_untracked())/>
            </ul>
            {move || (!all.get() && count() > SHOWN_AT_FIRST).then(|| view! {
                <button class="button secondary desk-more" on:click=move |_| all.set(true)>
                    {tf("desk.show_all", &[("n", &count().to_string())])}
                </button>
            })}
        </section>
    }
}

/// What waits for a person: conflicts and lost edits, sync alarms, a purge
/// held, a broken access log. Drawn only when something waits.
#[component]
fn Attention(attention: Signal<DeskAttention>) -> impl IntoView {
    let ui = ui();
    let item = move |text: String, page: Page| {
        view! {
            <li><button class="link-button" on:click=move |_| ui.page.set(page)>{text}</button></li>
        }
    };
    move || {
        let a = attention.get();
        a.any().then(|| {
            let mut items = Vec::new();
            if a.conflicts > 0 {
                items.push(item(tn("sync.conflicts", a.conflicts), Page::Conflicts));
            }
            if a.lost_edits > 0 {
                items.push(item(tn("sync.lost", a.lost_edits), Page::Conflicts));
            }
            if a.sync_alarms > 0 {
                items.push(item(t("sync.alarm"), Page::Team));
            }
            if a.purge_hold.is_some() {
                items.push(item(t("desk.purge_held"), Page::Cases));
            }
            if a.notifications_waiting > 0 {
                items.push(item(tn("police.waiting_banner", a.notifications_waiting), Page::PoliceList));
            }
            if a.access_log_broken {
                items.push(item(t("log.chain_broken_title"), Page::AccessLog));
            }
            view! {
                <section id="desk-attention" class="desk-attention" aria-labelledby="desk-attention-h">
                    <h2 id="desk-attention-h">{t("desk.attention")}</h2>
                    <ul>{items}</ul>
                </section>
            }
        })
    }
}
