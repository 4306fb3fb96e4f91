//! A step that cannot be undone, asked twice in place: the button that
//! asks becomes the question with its two answers.
//!
//! For the keyboard it behaves as a small dialog: the question takes the
//! focus on its safe answer ("Annullér"), so a second Enter does no harm;
//! Escape or "Annullér" closes it and the focus returns to the button that
//! asked. A screen reader hears the question as the group's name.

use super::focus_button_soon;
use crate::i18n::t;
use leptos::html::Button;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The asking button (`ask`, with `ask_id` and `ask_class`, "button ghost"
/// unless given), and once pressed the question with the confirming button
/// (`yes`, "button danger" plus `yes_class`, `yes_id`) and "Annullér".
#[component]
pub fn Confirm(
    #[prop(into)] ask: String,
    #[prop(into)] question: Signal<String>,
    #[prop(into)] yes: String,
    #[prop(into)] on_yes: Callback<()>,
    #[prop(optional, into)] ask_id: Option<String>,
    #[prop(optional, into)] ask_class: Option<String>,
    #[prop(optional, into)] yes_id: Option<String>,
    #[prop(optional, into)] yes_class: Option<String>,
    /// Whom or what the asking button is about, as its `data-name` (a row
    /// among rows with the same button).
    #[prop(optional, into)]
    ask_name: Option<String>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let ask_ref = NodeRef::<Button>::new();
    let cancel_ref = NodeRef::<Button>::new();
    let question_id = format!("confirm-q-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let open = move |_| {
        asking.set(true);
        focus_button_soon(cancel_ref);
    };
    let close = move || {
        asking.set(false);
        focus_button_soon(ask_ref);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        }
    };
    let ask_class = format!("button {}", ask_class.as_deref().unwrap_or("ghost"));
    let yes_class = format!("button danger {}", yes_class.unwrap_or_default());
    view! {
        <Show when=move || asking.get() fallback=move || view! {
            <button type="button" id=ask_id.clone() class=ask_class.clone() data-name=ask_name.clone()
                node_ref=ask_ref on:click=open>
                {ask.clone()}
            </button>
        }>
            <div class="confirm" role="group" aria-labelledby=question_id.clone() on:keydown=on_key>
                <span id=question_id.clone()>{move || question.get()}</span>
                <button type="button" id=yes_id.clone() class=yes_class.clone()
                    on:click=move |_| on_yes.run(())>{yes.clone()}</button>
                <button type="button" class="button secondary" node_ref=cancel_ref
                    on:click=move |_| close()>{t("common.cancel")}</button>
            </div>
        </Show>
    }
}
