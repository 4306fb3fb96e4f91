//! Opfølgninger: every open follow-up, oldest due first, overdue marked.

use crate::components::scope::{mine_only, ownership};
use crate::components::{Loaded, OwnerNote, Rows, ScopeSwitch};
use crate::i18n::{error_text, t};
use crate::ipc::call;
use crate::pages::owner::{hand_over, HandOverInline, HandOverSaid};
use crate::pages::visit_form::today;
use feltbog_api::commands::{ListDueFollowUps, SetFollowUpDone};
use feltbog_api::dates::{format_long, format_with_weekday};
use feltbog_api::visits::DueFollowUp;
use feltbog_api::FollowUpId;
use leptos::prelude::*;

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let toggle = Action::new_local(|id: &FollowUpId| {
        let id = *id;
        async move { call(&SetFollowUpDone { id, done: true }).await }
    });
    let ui = crate::state::ui();
    let own = ownership();
    let assign = hand_over();
    let list = LocalResource::new(move || {
        ui.arrivals.track();
        toggle.version().track();
        assign.version().track();
        let choice = ui.mine.get();
        async move {
            let list = call(&ListDueFollowUps { until: None }).await?;
            mine_only(list, choice, |f| &f.follow_up.owner).await
        }
    });
    let today = today();
    let lang = crate::i18n::language();
    view! {
        <header class="page-head"><h1>{t("follow_ups.title")}</h1></header>
        <p class="lead">{t("follow_ups.lead")}</p>
        <ScopeSwitch id="follow-ups" own/>
        <HandOverSaid assign/>
        {move || toggle.value().get().and_then(Result::err).map(|e| view! {
            <p class="banner error" role="alert">{error_text(&e)}</p>
        })}
        <Loaded list
            empty=|| view! { <div class="empty"><p>{t("follow_ups.none")}</p></div> }
            filled=move |rows| view! {
                <ul id="follow-up-list" class="cards">
                    <Rows rows row=move |f: DueFollowUp| {
                        let overdue = today.is_some_and(|d| f.follow_up.due < d);
                        let id = f.follow_up.id;
                        let what = f.follow_up.text.clone();
                            let owner = f.follow_up.owner.clone();
                        view! {
                            <li class="card follow-up" class:overdue=overdue>
                                <div class="card-main">
                                    <p class="card-date">
                                        {format_with_weekday(f.follow_up.due, lang)}
                                        {overdue.then(|| view! { <span class="badge badge-overdue">{t("follow_ups.overdue")}</span> })}
                                    </p>
                                    <h2 class="card-title">{f.follow_up.text}</h2>
                                    <p class="card-meta">
                                        <span>{f.school_name}" · "{t("follow_ups.from_visit")}" "{format_long(f.visit_date, lang)}</span>
                                        <OwnerNote owner=f.follow_up.owner own/>
                                    </p>
                                </div>
                                <div class="card-actions">
                                    <button class="button secondary" on:click=move |_| { toggle.dispatch_local(id); }>
                                        {t("follow_ups.mark_done")}
                                    </button>
                                    <HandOverInline record=id.to_string() what=what.clone() owner own assign/>
                                </div>
                            </li>
                        }
                    }/>
                </ul>
            }/>
    }
}
