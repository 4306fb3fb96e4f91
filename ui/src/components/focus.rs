//! Moving the keyboard focus where the user's next step is, after the page
//! has drawn it: the main area when the screen changes, a new row's first
//! field, the add button when a row is removed.

use leptos::html::Button;
use leptos::prelude::{request_animation_frame, GetUntracked, NodeRef};
use wasm_bindgen::JsCast;

/// Focuses the element with `id` once the page has drawn it; nothing if
/// there is none by then.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || {
        if let Some(e) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = e.focus();
        }
    });
}

/// Focuses the button behind `node` once the page has drawn it (a button
/// that has just appeared, or come back).
pub fn focus_button_soon(node: NodeRef<Button>) {
    request_animation_frame(move || {
        if let Some(b) = node.get_untracked() {
            let _ = b.focus();
        }
    });
}
