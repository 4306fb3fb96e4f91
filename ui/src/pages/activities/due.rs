//! The activities page's side panel: follow-ups of activities still open,
//! oldest first, each marked done or handed over where it stands. `marked`
//! is bumped when one is marked done, so the page's list shows it too.

use crate::components::scope::mine_only;
use crate::components::{Loaded, OwnerNote, Rows};
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::owner::{hand_over, HandOverInline, HandOverSaid};
use feltbog_api::activities::DueActivityFollowUp;
use feltbog_api::commands::{ListDueActivityFollowUps, SetActivityFollowUpDone};
use feltbog_api::dates::format_long;
use feltbog_api::desk::Ownership;
use feltbog_api::ActivityFollowUpId;
use leptos::prelude::*;

#[component]
pub fn DueActivityFollowUps(
    version: RwSignal<usize>,
    marked: RwSignal<u32>,
    own: Signal<Option<Ownership>>,
) -> impl IntoView {
    let done = Action::new_local(move |id: &ActivityFollowUpId| {
        let id = *id;
        async move {
            let r = call(&SetActivityFollowUpDone { id, done: true }).await;
            marked.update(|n| *n += 1);
            r
        }
    });
    let ui = crate::state::ui();
    let assign = hand_over();
    let list = LocalResource::new(move || {
        ui.arrivals.track();
        version.track();
        marked.track();
        assign.version().track();
        let choice = ui.mine.get();
        async move {
            let list = call(&ListDueActivityFollowUps { until: None }).await?;
            mine_only(list, choice, |f| &f.follow_up.owner).await
        }
    });
    let lang = crate::i18n::language();
    view! {
        <section class="panel" aria-labelledby="due-activity-follow-ups-title">
            <h2 id="due-activity-follow-ups-title">{t("activities.due_title")}</h2>
            <HandOverSaid assign/>
            <Loaded list
                empty=|| view! { <p class="muted">{t("activities.due_none")}</p> }
                filled=move |rows| view! {
                    <ul id="due-activity-follow-ups" class="plain-list">
                        <Rows rows row=move |f: DueActivityFollowUp| {
                            let id = f.follow_up.id;
                            let what = f.follow_up.text.clone();
                            let owner = f.follow_up.owner.clone();
                            view! {
                                <li>
                                    <div>
                                        <strong>{format_long(f.follow_up.due, lang)}</strong>" · "{f.follow_up.text}
                                        <p class="muted small">{f.place}" · "{t(&format!("activity_kind.{}", f.kind))}
                                            " "<OwnerNote owner=f.follow_up.owner own/></p>
                                    </div>
                                    <div class="row-actions">
                                        <button class="button secondary" on:click=move |_| { done.dispatch_local(id); }>
                                            {t("activities.follow_up_done")}
                                        </button>
                                        <HandOverInline record=id.to_string() what=what.clone() owner own assign/>
                                    </div>
                                </li>
                            }
                        }/>
                    </ul>
                }/>
        </section>
    }
}
