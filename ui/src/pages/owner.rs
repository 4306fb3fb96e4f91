//! *Ansvarlig*: who is responsible for a visit, a café or a case, and the
//! hand-over to another member of the team. Shown on the record's page;
//! the hand-over only in a team, and only to a coordinator or the member
//! responsible (core checks it again). The rules are core's
//! (`session/owner.rs`); this only asks and draws.

use crate::components::{busy, DispatchIdle};
use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use feltbog_api::commands::Assign;
use feltbog_api::desk::{same_person, Ownership};
use feltbog_api::ApiError;
use leptos::prelude::*;

/// The responsible member of the record `record` (its id), `owner` as
/// read with it, and, where allowed, the hand-over.
#[component]
pub fn Owner(#[prop(into)] record: String, owner: String) -> impl IntoView {
    let current = RwSignal::new(owner);
    let ownership = crate::components::scope::ownership();
    let to = RwSignal::new(String::new());
    let assign = Action::new_local(move |member: &String| {
        let (record, member) = (record.clone(), member.clone());
        async move {
            let answer = call(&Assign { record, member }).await;
            if let Ok(name) = &answer {
                current.set(name.clone());
                to.set(String::new());
            }
            answer
        }
    });
    let hand_over = move |_| {
        let member = to.get_untracked();
        if !member.is_empty() {
            assign.dispatch_idle(member);
        }
    };
    view! {
        <section class="owner" aria-labelledby="owner-h">
            <h2 id="owner-h" class="owner-h">{t("owner.title")}</h2>
            <p id="owner-name" class="owner-name">{move || {
                let name = current.get();
                if name.trim().is_empty() { t("owner.none") } else { name }
            }}</p>
            {move || ownership.get().filter(|o| o.may_hand_over(&current.get())).map(|o| {
                let others: Vec<String> = o
                    .members
                    .into_iter()
                    .filter(|m| !same_person(m, &current.get_untracked()))
                    .collect();
                view! {
                    <div class="owner-hand-over">
                        <label for="owner-to">{t("owner.to")}</label>
                        <select id="owner-to" on:change=move |ev| to.set(event_target_value(&ev))
                            prop:value=move || to.get()>
                            <option value="">{t("owner.choose")}</option>
                            {others.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                        </select>
                        <button id="owner-hand-over" type="button" class="button secondary"
                            disabled=move || to.get().is_empty() aria-disabled=move || busy(assign.pending().get()) on:click=hand_over>
                            {t("owner.hand_over")}
                        </button>
                    </div>
                }
            })}
            <div aria-live="polite">
                {move || told(assign).map(|r| match r {
                    Ok(text) => view! { <p id="owner-said" class="banner info">{text}</p> }.into_any(),
                    Err(text) => view! { <p id="owner-said" class="banner error" role="alert">{text}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

/// A hand-over: the record's id and the member it goes to, answered with
/// the new owner's name. A list page holds one for all its rows, rereads on
/// its version, and tells its outcome in [`HandOverSaid`]: the row itself
/// may leave the list (*Mine*) as the list reloads.
pub type HandOver = Action<(String, String), Result<String, ApiError>>;

/// A list's [`HandOver`].
pub fn hand_over() -> HandOver {
    Action::new_local(|(record, member): &(String, String)| {
        let (record, member) = (record.clone(), member.clone());
        async move { call(&Assign { record, member }).await }
    })
}

/// What the last hand-over said, in the user's words.
fn told<I: 'static>(action: Action<I, Result<String, ApiError>>) -> Option<Result<String, String>> {
    action.value().get().map(|answer| {
        answer
            .map(|name| tf("owner.handed_over", &[("name", &name)]))
            .map_err(|e| error_text(&e))
    })
}

/// The hand-over of one follow-up or agreement inside its list, where
/// allowed: *Giv videre* opens the choice of member.
#[component]
pub fn HandOverInline(
    record: String,
    /// What the record is (a follow-up's text), said to a screen reader
    /// after "Giv videre", as every row has the same button.
    what: String,
    owner: String,
    own: Signal<Option<Ownership>>,
    assign: HandOver,
) -> impl IntoView {
    let select_id = format!("hand-over-to-{record}");
    // Outside the redraw: the member chosen survives a sync that rereads
    // the team.
    let to = RwSignal::new(String::new());
    move || {
        own.get().filter(|o| o.may_hand_over(&owner)).map(|o| {
            let others: Vec<String> = o
                .members
                .into_iter()
                .filter(|m| !same_person(m, &owner))
                .collect();
            let record = record.clone();
            let hand_over = move |_| {
                let member = to.get_untracked();
                if !member.is_empty() {
                    assign.dispatch_idle((record.clone(), member));
                }
            };
            let select_id = select_id.clone();
            view! {
                <details class="hand-over-inline">
                    <summary class="button ghost">{t("owner.hand_over")}<span class="sr-only">": "{what.clone()}</span></summary>
                    <div class="owner-hand-over">
                        <label for=select_id.clone()>{t("owner.to")}</label>
                        <select id=select_id on:change=move |ev| to.set(event_target_value(&ev))
                            prop:value=move || to.get()>
                            <option value="">{t("owner.choose")}</option>
                            {others.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                        </select>
                        <button type="button" class="button secondary hand-over-confirm"
                            disabled=move || to.get().is_empty() aria-disabled=move || busy(assign.pending().get()) on:click=hand_over>
                            {t("owner.hand_over")}
                        </button>
                    </div>
                </details>
            }
        })
    }
}

/// The live region where a list's hand-overs are told.
#[component]
pub fn HandOverSaid(assign: HandOver) -> impl IntoView {
    view! {
        <div aria-live="polite">
            {move || told(assign).map(|r| match r {
                Ok(text) => view! { <p class="banner info hand-over-said">{text}</p> }.into_any(),
                Err(text) => view! { <p class="banner error hand-over-said" role="alert">{text}</p> }.into_any(),
            })}
        </div>
    }
}
