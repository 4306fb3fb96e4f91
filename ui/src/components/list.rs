//! The three states of a loaded list: empty, filled, or failed.

use crate::i18n::error_text;
use feltbog_api::ApiError;
use leptos::prelude::*;

/// Renders a loaded list: `empty` when it has no items, `items(list)`
/// otherwise, or the error in the user's language.
pub fn list_view<T>(
    result: Result<Vec<T>, ApiError>,
    empty: impl IntoView + 'static,
    items: impl FnOnce(Vec<T>) -> AnyView,
) -> AnyView {
    match result {
        Ok(list) if list.is_empty() => view! { <div class="empty">{empty}</div> }.into_any(),
        Ok(list) => items(list),
        Err(e) => view! { <p class="banner error" role="alert">{error_text(&e)}</p> }.into_any(),
    }
}
