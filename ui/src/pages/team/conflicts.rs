//! Konflikter: text two devices edited without seeing each other's edit,
//! side by side with who wrote it and when, until a person keeps one; and
//! edits made here that lost to another device's delete, shown once.

use super::indicator;
use crate::components::{local_time, ErrorBanner, Loaded, Rows};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use crate::state::ui;
use feltbog_api::commands::{DismissLostEdit, ListConflicts, ListLostEdits, SettleConflict};
use feltbog_api::dates::format_short;
use feltbog_api::team::{ConflictSide, ConflictView, Keep, LostEditView};
use leptos::prelude::*;

/// "Besøg · Egeby Skole · 12-11-2026 · Noter".
fn title(c: &ConflictView) -> String {
    let mut parts = vec![t(&format!("entity.{}", c.entity))];
    if !c.place.is_empty() {
        parts.push(c.place.clone());
    }
    if let Some(d) = c.date {
        parts.push(format_short(d));
    }
    parts.push(t(&format!("conflict_field.{}", c.field)));
    parts.join(" · ")
}

/// What waits for a person here: an edit lost to a delete, or a conflict.
#[derive(Clone)]
enum Waiting {
    Lost(LostEditView),
    Conflict(ConflictView),
}

impl Waiting {
    fn lost(self) -> Option<LostEditView> {
        match self {
            Waiting::Lost(l) => Some(l),
            Waiting::Conflict(_) => None,
        }
    }

    fn conflict(self) -> Option<ConflictView> {
        match self {
            Waiting::Conflict(c) => Some(c),
            Waiting::Lost(_) => None,
        }
    }
}

/// The rows of one kind among those waiting.
fn pick<T: Send + Sync + 'static>(
    rows: Signal<Vec<Waiting>>,
    kind: fn(Waiting) -> Option<T>,
) -> Signal<Vec<T>> {
    Signal::derive(move || rows.get().into_iter().filter_map(kind).collect())
}

#[derive(Clone)]
enum Act {
    Keep(String, Keep),
    Dismiss(String),
}

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let ui = ui();
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let act = Action::new_local(move |a: &Act| {
        let a = a.clone();
        async move {
            let r = match a {
                Act::Keep(id, keep) => call(&SettleConflict { id, keep }).await,
                Act::Dismiss(record_id) => call(&DismissLostEdit { record_id }).await,
            };
            match r {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some(error_text(&e))),
            }
            indicator::refresh(ui);
        }
    });
    let arrivals = ui.arrivals;
    let data = LocalResource::new(move || {
        arrivals.track();
        act.version().track();
        async {
            let lost = call(&ListLostEdits {}).await?;
            let conflicts = call(&ListConflicts {}).await?;
            let lost = lost.into_iter().map(Waiting::Lost);
            Ok(lost
                .chain(conflicts.into_iter().map(Waiting::Conflict))
                .collect())
        }
    });
    view! {
        <header class="page-head"><h1>{t("conflicts.title")}</h1></header>
        <p class="lead">{t("conflicts.lead")}</p>
        <ErrorBanner message=error.into()/>
        <Loaded list=data
            empty=|| view! { <div class="empty" id="no-conflicts"><p>{t("conflicts.none")}</p></div> }
            filled=move |rows| view! {
                <ul class="cards" id="lost-edits">
                    <Rows rows=pick(rows, Waiting::lost) row=move |l| lost_card(l, act)/>
                </ul>
                <ul class="cards" id="conflict-list">
                    <Rows rows=pick(rows, Waiting::conflict) row=move |c| conflict_card(c, act)/>
                </ul>
            }/>
    }
}

fn side_view(
    s: ConflictSide,
    heading: String,
    id: String,
    keep: Keep,
    act: Action<Act, ()>,
) -> impl IntoView {
    let when = tf(
        "conflicts.written",
        &[("at", &local_time(&s.written_at.to_rfc3339()))],
    );
    let button_id = format!("keep-{keep}-{id}");
    view! {
        <div class="conflict-side" class:shown=s.shown>
            <p class="side-head"><strong>{heading}</strong>" "<span class="muted">{when}</span></p>
            <p class="card-notes side-text">{s.text}</p>
            <button id=button_id class="button secondary keep" on:click=move |_| {
                act.dispatch_local(Act::Keep(id.clone(), keep));
            }>{t("conflicts.keep")}</button>
        </div>
    }
}

fn conflict_card(c: ConflictView, act: Action<Act, ()>) -> impl IntoView {
    let heading = title(&c);
    let theirs_head = if c.theirs.by.is_empty() {
        t("conflicts.theirs")
    } else {
        tf("conflicts.by", &[("name", &c.theirs.by)])
    };
    view! {
        <li class="conflict-card" data-id=c.id.clone()>
            <h2 class="conflict-title">{heading}</h2>
            <div class="conflict-sides">
                {side_view(c.mine, t("conflicts.mine"), c.id.clone(), Keep::Mine, act)}
                {side_view(c.theirs, theirs_head, c.id.clone(), Keep::Theirs, act)}
            </div>
        </li>
    }
}

fn lost_card(l: LostEditView, act: Action<Act, ()>) -> impl IntoView {
    let who = if l.deleted_by.is_empty() {
        t("conflicts.someone")
    } else {
        l.deleted_by.clone()
    };
    let what = t(&format!("entity.{}", l.entity));
    let record = l.record_id.clone();
    view! {
        <li class="card lost-edit">
            <div>
                <h2 class="card-title">{tf("conflicts.lost_title", &[("what", &what), ("name", &who)])}</h2>
                <p class="hint">{t("conflicts.lost_hint")}</p>
                {(!l.text.is_empty()).then(|| view! { <p class="card-notes lost-text">{l.text.clone()}</p> })}
            </div>
            <div class="card-actions">
                <button class="button secondary dismiss-lost" on:click=move |_| {
                    act.dispatch_local(Act::Dismiss(record.clone()));
                }>{t("conflicts.understood")}</button>
            </div>
        </li>
    }
}
