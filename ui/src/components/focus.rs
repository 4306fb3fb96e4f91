//! Moving the keyboard focus where the user's next step is, after the page
//! has drawn it: the main area when the screen changes, a new row's first
//! field, the add button when a row is removed.
//!
//! Never away from where the user has put it in the meantime: a frame can
//! take a while on a slow laptop, and a consultant who clicked into a field
//! of the new screen and started typing lost the rest of the word to
//! `<main>` (the end-to-end test's "Bo F" instead of "Bo Fiktiv").

use leptos::html::Button;
use leptos::prelude::{request_animation_frame, GetUntracked, NodeRef};
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The element with the focus now.
fn focused() -> Option<Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
}

/// Whether the user has gone into another field since `before` (clicked
/// or tabbed into it, to type). Focus that fell back to the page, or sits
/// on a button, does not count.
fn moved_since(before: &Option<Element>) -> bool {
    match focused() {
        Some(now) if matches!(now.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") => {
            before.as_ref() != Some(&now)
        }
        _ => false,
    }
}

/// Focuses the element with `id` once the page has drawn it; nothing if
/// there is none by then, or if the user has moved the focus meanwhile.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    let before = focused();
    request_animation_frame(move || {
        if moved_since(&before) {
            return;
        }
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
    let before = focused();
    request_animation_frame(move || {
        if moved_since(&before) {
            return;
        }
        if let Some(b) = node.get_untracked() {
            let _ = b.focus();
        }
    });
}
