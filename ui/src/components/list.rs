//! The three states of a loaded list (empty, filled, failed), and lists
//! that keep still when they reload.
//!
//! A list reloads whenever a sync brings the team's entries, an action
//! changes a row or a filter moves. Drawn anew each time, every row's DOM
//! node was replaced: a click that landed during the redraw reached a node
//! that no longer existed and was lost, and keyboard focus fell back to the
//! page. [`Loaded`] and [`Rows`] draw a list once and then only change what
//! changed: rows are keyed by their whole content, so a row that did not
//! change keeps its node (and its open confirmation, its focus), a changed
//! row is drawn again, a new one is added where it belongs.

use crate::i18n::{error_text, t};
use feltbog_api::ApiError;
use leptos::prelude::*;
use serde::Serialize;

/// A list read from the shell.
pub type ListResource<T> = LocalResource<Result<Vec<T>, ApiError>>;

/// Renders a loaded list: `empty` when it has no items, `items(list)`
/// otherwise, or the error in the user's language. For lists that are read
/// once (a case's steps, a table in the summary); lists that reload use
/// [`Loaded`].
pub fn list_view<T>(
    result: Result<Vec<T>, ApiError>,
    empty: impl IntoView + 'static,
    items: impl FnOnce(Vec<T>) -> AnyView,
) -> AnyView {
    match result {
        Ok(list) if list.is_empty() => view! { <div class="empty">{empty}</div> }.into_any(),
        Ok(list) => items(list),
        Err(e) => failed(&e),
    }
}

fn failed(e: &ApiError) -> AnyView {
    view! { <p class="banner error" role="alert">{error_text(e)}</p> }.into_any()
}

/// What a loaded list shows. Changes only when the list moves between
/// these, not when its rows change, so the filled list is drawn once.
#[derive(Clone, PartialEq)]
enum Shape {
    Loading,
    Empty,
    Filled,
    Failed(ApiError),
}

/// A list that reloads: "loading" until the first answer, then `empty`
/// (drawn as given: a page's list wraps it in `div.empty`, a panel's does
/// not), the error, or `filled` given the rows. While a reload is under way the
/// rows last read stay on screen; `filled` is called once for as long as
/// the list has rows, and should draw them with [`Rows`].
#[component]
pub fn Loaded<T, F, V>(
    list: ListResource<T>,
    #[prop(into)] empty: ViewFn,
    filled: F,
    /// What shows until the first answer, if not "Henter …" (a panel that
    /// is usually empty shows nothing).
    #[prop(optional, into)]
    loading: Option<ViewFn>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(Signal<Vec<T>>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let shape = Memo::new(move |_| {
        list.with(|l| match l {
            None => Shape::Loading,
            Some(Ok(rows)) if rows.is_empty() => Shape::Empty,
            Some(Ok(_)) => Shape::Filled,
            Some(Err(e)) => Shape::Failed(e.clone()),
        })
    });
    let rows = Signal::derive(move || {
        list.with(|l| match l {
            Some(Ok(rows)) => rows.clone(),
            _ => Vec::new(),
        })
    });
    move || match shape.get() {
        Shape::Loading => match &loading {
            Some(v) => v.run(),
            None => view! { <p class="muted">{t("common.loading")}</p> }.into_any(),
        },
        Shape::Empty => empty.run(),
        // Said as a failed read (and a lock leads to the unlock screen).
        Shape::Failed(error) => view! { <crate::components::ReadFailed error/> }.into_any(),
        Shape::Filled => filled(rows).into_any(),
    }
}

/// The rows of a list, each drawn by `row` and keyed by its content: a row
/// that did not change between two reloads keeps its DOM node.
#[component]
pub fn Rows<T, F, V>(#[prop(into)] rows: Signal<Vec<T>>, row: F) -> impl IntoView
where
    T: Serialize + Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Clone + 'static,
    V: IntoView + 'static,
{
    view! {
        <For
            each=move || rows.get().into_iter().map(|r| (row_key(&r), r))
            key=|(k, _)| k.clone()
            children=move |(_, r)| row(r)
        />
    }
}

/// A row's key: its whole content. Two rows of a list always differ (each
/// carries its id), and a row whose content changed gets a new key, so
/// `<For>` draws it again.
fn row_key<T: Serialize>(row: &T) -> String {
    serde_json::to_string(row).unwrap_or_default()
}
