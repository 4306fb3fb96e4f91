//! Søg: one field that finds any record by a word (a case by its number
//! only), reached from the top of the menu or with Ctrl+K from anywhere.
//! Results come as the user types (after a short pause), best match first;
//! each opens its record. The words are matched in core
//! (`domain::search`); this page only asks and draws.

use crate::components::{focus_soon, ReadFailed, Rows};
use crate::i18n::{t, tf, tn};
use crate::ipc::call;
use crate::state::{ui, Page};
use feltbog_api::commands::Search;
use feltbog_api::dates::format_short;
use feltbog_api::search::{SearchHit, SearchItem, SearchResults};
use feltbog_api::ApiError;
use leptos::prelude::*;
use std::cell::RefCell;
use std::time::Duration;

/// The field's id, which Ctrl+K focuses.
pub const FIELD_ID: &str = "search-text";

/// How long typing must pause before the search runs.
const PAUSE: Duration = Duration::from_millis(200);

thread_local! {
    /// The last text searched, so coming back (Ctrl+K, or the menu after
    /// opening a hit) shows the same results. Forgotten when the app locks
    /// ([`forget`]): it may be a case number.
    static LAST: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Forgets the last search (the app locked).
pub fn forget() {
    LAST.with(|l| l.borrow_mut().clear());
}

#[derive(Clone, PartialEq)]
enum Shape {
    Nothing,
    Loading,
    Ready,
    Failed(ApiError),
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let first = LAST.with(|l| l.borrow().clone());
    let typed = RwSignal::new(first.clone());
    let query = RwSignal::new(first);
    let found = LocalResource::new(move || {
        let text = query.get();
        async move {
            if text.trim().is_empty() {
                return None;
            }
            LAST.with(|l| *l.borrow_mut() = text.clone());
            Some(call(&Search { text }).await)
        }
    });
    let shape = Memo::new(move |_| match found.get() {
        _ if query.with(|q| q.trim().is_empty()) => Shape::Nothing,
        None => Shape::Loading,
        Some(None) => Shape::Nothing,
        Some(Some(Ok(_))) => Shape::Ready,
        Some(Some(Err(e))) => Shape::Failed(e),
    });
    let results = Signal::derive(move || found.get().flatten().and_then(Result::ok));
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        if text.trim().is_empty() {
            LAST.with(|l| l.borrow_mut().clear());
            query.set(text);
            return;
        }
        // The page may be gone when the pause ends (a hit opened, Ctrl+K
        // pressed again), and Enter may have searched for it already.
        set_timeout(
            move || {
                let still = typed.try_get_untracked().as_ref() == Some(&text);
                if still && query.try_get_untracked().as_ref() != Some(&text) {
                    query.try_set(text);
                }
            },
            PAUSE,
        );
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            let text = typed.get_untracked();
            if query.get_untracked() != text {
                query.set(text);
            }
        }
    };
    focus_soon(FIELD_ID);
    view! {
        <header class="page-head">
            <h1>{t("search.title")}</h1>
        </header>
        <div class="search" role="search">
            <label for=FIELD_ID>{t("search.label")}</label>
            <input id=FIELD_ID type="search" class="search-field" autocomplete="off"
                spellcheck="false" aria-describedby="search-hint" maxlength="200"
                prop:value=move || typed.get() on:input=on_input on:keydown=on_key/>
            <p id="search-hint" class="hint">{t("search.hint")}</p>
        </div>
        <div id="search-status" class="search-status" aria-live="polite">
            {move || status(&shape.get(), results.get().as_ref())}
        </div>
        {move || match shape.get() {
            Shape::Failed(error) => view! { <ReadFailed error/> }.into_any(),
            _ => view! { <Hits results/> }.into_any(),
        }}
    }
}

/// The line that says what was found, read out when it changes.
fn status(shape: &Shape, r: Option<&SearchResults>) -> String {
    match (shape, r) {
        (Shape::Loading, _) => t("search.searching"),
        (Shape::Ready, Some(r)) if r.hits.is_empty() => {
            tf("search.none", &[("text", r.text.trim())])
        }
        (Shape::Ready, Some(r)) if r.capped => tf(
            "search.capped",
            &[
                ("shown", &r.hits.len().to_string()),
                ("total", &r.total.to_string()),
            ],
        ),
        (Shape::Ready, Some(r)) if r.total > r.hits.len() => tf(
            "search.more",
            &[
                ("shown", &r.hits.len().to_string()),
                ("total", &r.total.to_string()),
            ],
        ),
        (Shape::Ready, Some(r)) => tn("search.found", r.total as u32),
        _ => String::new(),
    }
}

#[component]
fn Hits(results: Signal<Option<SearchResults>>) -> impl IntoView {
    let hits = Signal::derive(move || results.get().map(|r| r.hits).unwrap_or_default());
    view! {
        <ul id="search-hits" class="search-hits">
            <Rows rows=hits row=hit/>
        </ul>
    }
}

/// One hit: a button that opens its record.
fn hit(h: SearchHit) -> impl IntoView {
    let ui = ui();
    let (kind, what, open) = describe(&h.item);
    let when = h.date.map(format_short).unwrap_or_default();
    let excerpt = h
        .excerpt
        .into_iter()
        .map(|e| match e.hit {
            true => view! { <mark>{e.text}</mark> }.into_any(),
            false => e.text.into_any(),
        })
        .collect_view();
    let go = move |_| match open {
        Open::Page(p) => ui.page.set(p),
        Open::Round(r) => {
            ui.survey_round.set(Some(r));
            ui.page.set(Page::Survey);
        }
    };
    view! {
        <li>
            <button class="search-hit" on:click=go>
                <span class="search-kind">{kind}</span>
                <span class="search-what">{what}</span>
                <span class="search-when">{when}</span>
                <span class="search-excerpt">{excerpt}</span>
            </button>
        </li>
    }
}

/// Where a hit leads.
#[derive(Clone, Copy)]
enum Open {
    Page(Page),
    Round(feltbog_api::RoundId),
}

/// The hit's kind, what it is and where it opens.
fn describe(i: &SearchItem) -> (String, String, Open) {
    match i {
        SearchItem::School { name, town, .. } => (
            t("search.kind_school"),
            format!("{name}, {town}"),
            Open::Page(Page::Schools),
        ),
        SearchItem::Visit {
            visit,
            school_name,
            purpose,
            purpose_other,
        } => {
            let purpose = match purpose_other.is_empty() {
                true => t(&format!("purpose.{}", purpose.as_str())),
                false => purpose_other.clone(),
            };
            (
                t("search.kind_visit"),
                format!("{school_name} · {purpose}"),
                Open::Page(Page::EditVisit(*visit)),
            )
        }
        SearchItem::FollowUp {
            visit, school_name, ..
        } => (
            t("search.kind_follow_up"),
            school_name.clone(),
            Open::Page(Page::EditVisit(*visit)),
        ),
        SearchItem::Cafe { cafe, place } => (
            t("search.kind_cafe"),
            place.clone(),
            Open::Page(Page::EditCafe(*cafe)),
        ),
        SearchItem::Agreement { cafe, place, .. } => (
            t("search.kind_agreement"),
            place.clone(),
            Open::Page(Page::EditCafe(*cafe)),
        ),
        SearchItem::Activity {
            activity,
            activity_kind,
            place,
        } => (
            t("search.kind_activity"),
            format!("{place} · {}", t(&format!("activity_kind.{activity_kind}"))),
            Open::Page(Page::EditActivity(*activity)),
        ),
        SearchItem::ActivityFollowUp {
            activity, place, ..
        } => (
            t("search.kind_activity_follow_up"),
            place.clone(),
            Open::Page(Page::EditActivity(*activity)),
        ),
        SearchItem::Round { round, name } => {
            (t("search.kind_round"), name.clone(), Open::Round(*round))
        }
        SearchItem::Case { case, number } => (
            t("search.kind_case"),
            number.clone(),
            Open::Page(Page::Case(*case)),
        ),
    }
}
