//! *Ansvarlig*: who is responsible for a visit, a café or a case, and the
//! hand-over to another member of the team. Shown on the record's page;
//! the hand-over only in a team, and only to a coordinator or the member
//! responsible (core checks it again). The rules are core's
//! (`session/owner.rs`); this only asks and draws.

use crate::i18n::{error_text, t, tf};
use crate::ipc::call;
use feltbog_api::commands::Assign;
use feltbog_api::desk::{same_person, Ownership};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The responsible member of the record `record` (its id), `owner` as
/// read with it, and, where allowed, the hand-over.
#[component]
pub fn Owner(#[prop(into)] record: String, owner: String) -> impl IntoView {
    let current = RwSignal::new(owner);
    let ownership = crate::components::scope::ownership();
    let to = RwSignal::new(String::new());
    let said = RwSignal::new(None::<Result<String, String>>);
    let hand_over = move |_| {
        let (record, member) = (record.clone(), to.get_untracked());
        if member.is_empty() {
            return;
        }
        spawn_local(async move {
            said.set(Some(match call(&Assign { record, member }).await {
                Ok(name) => {
                    current.set(name.clone());
                    to.set(String::new());
                    Ok(tf("owner.handed_over", &[("name", &name)]))
                }
                Err(e) => Err(error_text(&e)),
            }));
        });
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
                            disabled=move || to.get().is_empty() on:click=hand_over.clone()>
                            {t("owner.hand_over")}
                        </button>
                    </div>
                }
            })}
            <div aria-live="polite">
                {move || said.get().map(|r| match r {
                    Ok(text) => view! { <p id="owner-said" class="banner info">{text}</p> }.into_any(),
                    Err(text) => view! { <p id="owner-said" class="banner error" role="alert">{text}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}

/// What a hand-over in a list said, for the list's live region: the row
/// itself may leave the list (*Mine*) as the list reloads.
pub type Said = RwSignal<Option<Result<String, String>>>;

/// The hand-over of one follow-up or agreement inside its list, where
/// allowed: *Giv videre* opens the choice of member. `done` is bumped
/// after a hand-over, so the list reloads.
#[component]
pub fn HandOverInline(
    record: String,
    /// What the record is (a follow-up's text), said to a screen reader
    /// after "Giv videre", as every row has the same button.
    what: String,
    owner: String,
    own: Signal<Option<Ownership>>,
    said: Said,
    done: RwSignal<u32>,
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
                let (record, member) = (record.clone(), to.get_untracked());
                if member.is_empty() {
                    return;
                }
                spawn_local(async move {
                    said.set(Some(match call(&Assign { record, member }).await {
                        Ok(name) => Ok(tf("owner.handed_over", &[("name", &name)])),
                        Err(e) => Err(error_text(&e)),
                    }));
                    done.update(|n| *n += 1);
                });
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
                            disabled=move || to.get().is_empty() on:click=hand_over>
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
pub fn HandOverSaid(said: Said) -> impl IntoView {
    view! {
        <div aria-live="polite">
            {move || said.get().map(|r| match r {
                Ok(text) => view! { <p class="banner info hand-over-said">{text}</p> }.into_any(),
                Err(text) => view! { <p class="banner error hand-over-said" role="alert">{text}</p> }.into_any(),
            })}
        </div>
    }
}
