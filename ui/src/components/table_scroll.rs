//! A table that may be wider than the window (a small screen, or 200 %
//! zoom) scrolls inside its own box, never the page (WCAG 2.1, 1.4.10).
//!
//! While it does scroll, the box is a named region in the Tab order, so the
//! keyboard can reach it and scroll it with the arrow keys (a table of
//! figures has nothing else to focus); while it fits, it is a plain box and
//! adds no Tab stop. A `ResizeObserver` on the box and on its table
//! measures again whenever either changes size: the window or the zoom, or
//! rows a sync brought.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

#[component]
pub fn TableScroll(#[prop(into)] label: String, children: Children) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let scrolls = RwSignal::new(false);
    let measure = move || {
        if let Some(d) = node.try_get_untracked().flatten() {
            // One pixel of slack: rounding at zoom is not overflow.
            let _ = scrolls.try_set(d.scroll_width() > d.client_width() + 1);
        }
    };
    // The observer and its callback live as long as the box.
    type Held = (web_sys::ResizeObserver, Closure<dyn Fn()>);
    let held = StoredValue::new_local(None::<Held>);
    Effect::new(move |_| {
        let Some(d) = node.get() else { return };
        let callback = Closure::<dyn Fn()>::new(measure);
        if let Ok(o) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            o.observe(&d);
            if let Some(table) = d.first_element_child() {
                o.observe(&table);
            }
            held.set_value(Some((o, callback)));
        }
    });
    on_cleanup(move || {
        if let Some(Some((o, _callback))) = held.try_update_value(Option::take) {
            o.disconnect();
        }
    });
    view! {
        <div class="table-scroll" node_ref=node
            tabindex=move || scrolls.get().then_some("0")
            role=move || scrolls.get().then_some("region")
            aria-label=move || scrolls.get().then(|| label.clone())>
            {children()}
        </div>
    }
}
