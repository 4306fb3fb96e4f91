//! Schools of the same name from two devices (made before they were in one
//! team): offered for merging on the Skoler page and pointed to from the
//! Team page, never merged silently.

use crate::components::{ErrorBanner, Loaded, Rows};
use crate::i18n::{error_text, t, tf, tn};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::{ListSchoolDuplicates, MergeSchools};
use feltbog_api::schools::SchoolDuplicate;
use feltbog_api::SchoolId;
use leptos::prelude::*;

/// The merge offers; `merged` is raised after a merge so the page's list
/// reloads too.
#[component]
pub fn DuplicateSchools(merged: RwSignal<u32>) -> impl IntoView {
    let arrivals = ui().arrivals;
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let list = LocalResource::new(move || {
        arrivals.track();
        merged.track();
        async { call(&ListSchoolDuplicates {}).await }
    });
    let merge = Action::new_local(move |keep: &SchoolId| {
        let keep = *keep;
        async move {
            match call(&MergeSchools { keep }).await {
                Ok(_) => {
                    error.set(None);
                    merged.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(error_text(&e))),
            }
        }
    });
    // Keyed rows: a sync that brings entries leaves an unchanged offer, and
    // a click on its *Flet* that lands meanwhile, in place.
    view! {
        <ErrorBanner message=error.into()/>
        <Loaded list empty=|| () loading=|| () filled=move |rows| view! {
            <ul id="school-duplicates" class="cards">
                <Rows rows row=move |d| offer(d, merge)/>
            </ul>
        }/>
    }
}

fn offer(d: SchoolDuplicate, merge: Action<SchoolId, ()>) -> impl IntoView {
    let times = (d.others.len() + 1).to_string();
    let keep = d.keep.id;
    view! {
        <li class="card duplicate">
            <div>
                <h2 class="card-title">{tf("schools.duplicate_title", &[("name", &d.keep.name), ("n", &times)])}</h2>
                <p class="hint">{t("schools.duplicate_why")}</p>
                {(d.records > 0).then(|| view! { <p class="hint">{tn("schools.duplicate_records", d.records)}</p> })}
            </div>
            <div class="card-actions">
                <button class="button primary merge-schools" on:click=move |_| { merge.dispatch_local(keep); }>
                    {t("schools.merge")}
                </button>
            </div>
        </li>
    }
}

/// On the Team page: a pointer to the offers, when there are any.
///
/// Every sync that brings entries reloads the list. The notice hangs on the
/// count, not on the reload, so an unchanged count leaves the banner and its
/// button in place: a click made while a sync lands is not lost on a button
/// that was just replaced.
#[component]
pub fn DuplicateNotice() -> impl IntoView {
    let ui = ui();
    let list = LocalResource::new(move || {
        ui.arrivals.track();
        async { call(&ListSchoolDuplicates {}).await }
    });
    // A failed read shows no notice: the Skoler page says what went wrong.
    let count = Memo::new(move |_| {
        list.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len))
    });
    let any = move || count.get() > 0;
    view! {
        <Show when=any>
            <div id="duplicate-notice" class="banner info notice-row">
                <span>{move || tn("schools.duplicates_notice", count.get() as u32)}</span>
                <button class="button secondary" on:click=move |_| ui.page.set(Page::Schools)>
                    {t("schools.see_duplicates")}
                </button>
            </div>
        </Show>
    }
}
