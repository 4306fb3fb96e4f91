//! A table that may be wider than the window (a small screen, or 200 %
//! zoom) scrolls inside its own box, never the page (WCAG 2.1, 1.4.10).
//!
//! While it does scroll, the box is a named region in the Tab order, so the
//! keyboard can reach it and scroll it with the arrow keys (a table of
//! figures has nothing else to focus); while it fits, it is a plain box and
//! adds no Tab stop. It measures itself when drawn and when the window
//! changes size (zooming changes the page's size too).

use leptos::html::Div;
use leptos::prelude::*;

#[component]
pub fn TableScroll(#[prop(into)] label: String, children: Children) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let scrolls = RwSignal::new(false);
    let measure = move || {
        if let Some(d) = node.get_untracked() {
            scrolls.set(d.scroll_width() > d.client_width());
        }
    };
    Effect::new(move |_| {
        if node.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let resized = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resized.remove());
    view! {
        <div class="table-scroll" node_ref=node
            tabindex=move || scrolls.get().then_some("0")
            role=move || scrolls.get().then_some("region")
            aria-label=move || scrolls.get().then(|| label.clone())>
            {children()}
        </div>
    }
}
