//! The open app's sidebar: the screens, search (Ctrl+K from anywhere), the
//! sync indicator, the consultant's name and *Lås*. On a narrow screen, or
//! at 200 % zoom, the list of screens folds into a *Menu* button.

use crate::i18n::t;
use crate::ipc::call;
use crate::pages;
use crate::state::{ui, Gate, Page};
use feltbog_api::commands::Lock;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The screens in the sidebar's order: page, catalogue key, element id.
const SCREENS: [(Page, &str, &str); 10] = [
    (Page::Desk, "nav.desk", "nav-desk"),
    (Page::Visits, "nav.visits", "nav-visits"),
    (Page::FollowUps, "nav.follow_ups", "nav-follow-ups"),
    (Page::Survey, "nav.survey", "nav-survey"),
    (Page::Cafes, "nav.cafes", "nav-cafes"),
    (Page::Activities, "nav.activities", "nav-activities"),
    (Page::Cases, "nav.cases", "nav-cases"),
    (Page::Summary, "nav.summary", "nav-summary"),
    (Page::Schools, "nav.schools", "nav-schools"),
    (Page::Settings, "nav.settings", "nav-settings"),
];

#[component]
pub fn Sidebar() -> impl IntoView {
    let ui = ui();
    let lock = move |_| {
        spawn_local(async move {
            let _ = call(&Lock {}).await;
            ui.gate.set(Gate::Locked);
        })
    };
    // The folded menu closes when a screen is chosen, on Escape (the focus
    // back on its button), and when the window grows past the narrow
    // layout.
    let menu_open = RwSignal::new(false);
    let menu_button = NodeRef::<leptos::html::Button>::new();
    let resized = window_event_listener(leptos::ev::resize, move |_| {
        let wide = web_sys::window()
            .and_then(|w| w.match_media("(max-width: 760px)").ok().flatten())
            .is_some_and(|m| !m.matches());
        if wide {
            menu_open.set(false);
        }
    });
    on_cleanup(move || resized.remove());
    let close_menu = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            if let Some(b) = menu_button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    // Ctrl+K (⌘K on a Mac) searches from anywhere in the open app.
    let search_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
            ev.prevent_default();
            menu_open.set(false);
            ui.page.set(Page::Search);
            crate::components::focus_soon(pages::search::FIELD_ID);
        }
    });
    on_cleanup(move || search_key.remove());
    view! {
        <nav class="sidebar" aria-label=t("nav.label") on:keydown=close_menu>
            <div class="brand">
                <img src="icon.png" alt="" width="36" height="36"/>
                <span>"Feltbog"</span>
            </div>
            // Looks like a field, as search does; opens the search page
            // with the keyboard in its field.
            <button id="nav-search" class="sidebar-search"
                aria-current=move || (ui.page.get() == Page::Search).then_some("page")
                aria-keyshortcuts="Control+K"
                on:click=move |_| {
                    menu_open.set(false);
                    ui.page.set(Page::Search);
                }>
                <span class="sidebar-search-icon" aria-hidden="true">"⌕"</span>
                <span class="sidebar-search-label">{t("nav.search")}</span>
                <kbd aria-hidden="true">{t("search.shortcut")}</kbd>
            </button>
            <button id="menu-toggle" class="menu-toggle button secondary" aria-controls="nav-list"
                node_ref=menu_button
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|o| *o = !*o)>
                {t("nav.menu")}
            </button>
            <ul id="nav-list" class:open=move || menu_open.get()>
                {SCREENS.into_iter().map(|(page, key, id)| view! { <NavItem page key id menu_open/> }).collect_view()}
            </ul>
            <div class="sidebar-foot">
                <pages::team::SyncIndicatorButton/>
                <p class="who">{move || ui.settings.get().consultant_name}</p>
                <button id="lock" class="button secondary" on:click=lock>{t("nav.lock")}</button>
            </div>
        </nav>
    }
}

/// One screen in the list, marked current (`aria-current`) while it or a
/// screen under it shows.
#[component]
fn NavItem(
    page: Page,
    key: &'static str,
    id: &'static str,
    menu_open: RwSignal<bool>,
) -> impl IntoView {
    let ui = ui();
    let current = move || under(ui.page.get(), page);
    view! {
        <li>
            <button id=id class="nav-item" class:current=current
                aria-current=move || current().then_some("page")
                on:click=move |_| {
                    menu_open.set(false);
                    ui.page.set(page);
                }>
                {t(key)}
            </button>
        </li>
    }
}

/// Whether `shown` is `screen` or one of the screens reached from it.
fn under(shown: Page, screen: Page) -> bool {
    match (shown, screen) {
        (Page::NewVisit | Page::EditVisit(_), Page::Visits) => true,
        (Page::NewCafe | Page::EditCafe(_), Page::Cafes) => true,
        (Page::NewActivity | Page::EditActivity(_), Page::Activities) => true,
        (Page::RoundForm(_) | Page::SurveyClasses(_) | Page::OnSite(_), Page::Survey) => true,
        (Page::NewCase | Page::Case(_) | Page::AccessLog | Page::PoliceList, Page::Cases) => true,
        (Page::Team | Page::About | Page::Compliance, Page::Settings) => true,
        (p, q) => p == q,
    }
}
