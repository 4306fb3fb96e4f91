//! The top of the UI: the gate the user is at (first start, recovery code,
//! locked, open), the sidebar layout, and the heartbeat that notices an idle
//! lock made by the shell. The state they share is in [`crate::state`].

use crate::i18n::{self, t};
use crate::ipc::call;
use crate::lazy_pages as lazy;
use crate::pages;
use crate::state::{remembered_language, set_title, ui, Gate, Page, Ui};
use feltbog_api::commands::{GetProfileStatus, Heartbeat, Lock};
use feltbog_api::profile::Settings;
use feltbog_api::team::SyncIndicator;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

#[component]
pub fn App() -> impl IntoView {
    let lang = remembered_language();
    i18n::set_language(lang);
    let sync = RwSignal::new(None::<SyncIndicator>);
    let ui = Ui {
        gate: RwSignal::new(Gate::Loading),
        page: RwSignal::new(Page::Desk),
        lang: RwSignal::new(lang),
        settings: RwSignal::new(Settings::default()),
        survey_round: RwSignal::new(None),
        mine: RwSignal::new(None),
        sync,
        arrivals: Memo::new(move |_| sync.with(|s| s.as_ref().map_or(0, |i| i.arrivals))),
    };
    provide_context(ui);
    spawn_local(async move {
        if let Ok(d) = call(&feltbog_api::commands::GetToday {}).await {
            crate::pages::visit_form::align_today(d);
        }
        let gate = match call(&GetProfileStatus {}).await {
            Ok(s) if !s.exists => Gate::Setup,
            Ok(s) if s.unlocked => Gate::Open,
            _ => Gate::Locked,
        };
        ui.gate.set(gate);
    });
    start_heartbeat(ui);
    crate::zoom::start();
    lazy::preload_desk();

    // Nothing of the last session's search survives a lock.
    Effect::new(move |_| {
        if ui.gate.get() != Gate::Open {
            pages::search::forget();
        }
    });
    // The title of a screen before the profile is open.
    Effect::new(move |_| {
        ui.lang.track();
        match ui.gate.get() {
            Gate::Loading | Gate::Open => {}
            Gate::Setup => set_title("setup.title"),
            Gate::Recovery(_) | Gate::RenewedRecovery(_) => set_title("recovery.title"),
            Gate::Locked => set_title("unlock.title"),
        }
    });

    // Re-render everything when the language changes.
    move || {
        ui.lang.track();
        match ui.gate.get() {
            Gate::Loading => view! { <div class="splash">"Feltbog"</div> }.into_any(),
            Gate::Setup => lazy::show!(lazy::setup()),
            Gate::Recovery(code) => lazy::show!(lazy::recovery_code(code, false)),
            Gate::RenewedRecovery(code) => lazy::show!(lazy::recovery_code(code, true)),
            Gate::Locked => view! { <pages::unlock::UnlockScreen/> }.into_any(),
            Gate::Open => view! { <Shell/> }.into_any(),
        }
    }
}

/// Every 15 s: tell the shell whether the user did anything (so its idle
/// lock waits), and show the unlock screen if the shell has locked. The
/// shell's lock event shows it at once.
fn start_heartbeat(ui: Ui) {
    crate::ipc::on_event(feltbog_api::commands::LOCKED_EVENT, move || {
        if ui.gate.get_untracked() == Gate::Open {
            ui.gate.set(Gate::Locked);
        }
    });
    // A click on the daily reminder opens Overblik (the shell brings the
    // window forward). Locked, the unlock screen stays: Overblik is the
    // page after unlock anyway.
    crate::ipc::on_event(feltbog_api::commands::OPEN_DESK_EVENT, move || {
        if ui.gate.get_untracked() == Gate::Open {
            ui.page.set(Page::Desk);
        }
    });
    let active = StoredValue::new(false);
    let _ = window_event_listener(leptos::ev::keydown, move |_| active.set_value(true));
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| active.set_value(true));
    let _ = set_interval_with_handle(
        move || {
            let was_active = active.get_value();
            active.set_value(false);
            spawn_local(async move {
                let status = call(&Heartbeat { active: was_active }).await;
                if matches!(status, Ok(s) if !s.unlocked) && ui.gate.get_untracked() == Gate::Open {
                    ui.gate.set(Gate::Locked);
                }
            });
        },
        Duration::from_secs(15),
    );
}

/// The open app: sidebar and the current page.
#[component]
fn Shell() -> impl IntoView {
    let ui = ui();
    // A sync that brought changes may have brought new team rules.
    Effect::new(move |first: Option<()>| {
        ui.arrivals.track();
        if first.is_some() {
            ui.reload_settings();
        }
    });
    Effect::new(move |_| {
        ui.lang.track();
        set_title(ui.page.get().title_key());
    });
    // Moving to another screen moves the keyboard there too: focus goes to
    // the main area (not left on a sidebar button), so Tab continues in the
    // page and a screen reader starts reading it.
    Effect::new(move |first: Option<()>| {
        ui.page.track();
        if first.is_some() {
            crate::components::focus_soon("main");
        }
    });
    let lock = move |_| {
        spawn_local(async move {
            let _ = call(&Lock {}).await;
            ui.gate.set(Gate::Locked);
        })
    };
    // On a narrow screen (or at 200 % zoom) the menu folds into a button.
    // It closes when a screen is chosen, on Escape (the focus back on the
    // button), and when the window grows past the narrow layout.
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
    let nav = move |page: Page, key: &'static str, id: &'static str| {
        let current = move || match (ui.page.get(), page) {
            (Page::NewVisit | Page::EditVisit(_), Page::Visits) => true,
            (Page::NewCafe | Page::EditCafe(_), Page::Cafes) => true,
            (Page::NewActivity | Page::EditActivity(_), Page::Activities) => true,
            (Page::RoundForm(_) | Page::SurveyClasses(_) | Page::OnSite(_), Page::Survey) => true,
            (Page::NewCase | Page::Case(_) | Page::AccessLog | Page::PoliceList, Page::Cases) => {
                true
            }
            (Page::Team | Page::About | Page::Compliance, Page::Settings) => true,
            (p, q) => p == q,
        };
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
    };
    view! {
        <div class="shell">
            <a class="skip-link" href="#main" on:click=|ev| { ev.prevent_default(); crate::components::focus_soon("main"); }>
                {t("nav.skip")}
            </a>
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
                    {nav(Page::Desk, "nav.desk", "nav-desk")}
                    {nav(Page::Visits, "nav.visits", "nav-visits")}
                    {nav(Page::FollowUps, "nav.follow_ups", "nav-follow-ups")}
                    {nav(Page::Survey, "nav.survey", "nav-survey")}
                    {nav(Page::Cafes, "nav.cafes", "nav-cafes")}
                    {nav(Page::Activities, "nav.activities", "nav-activities")}
                    {nav(Page::Cases, "nav.cases", "nav-cases")}
                    {nav(Page::Summary, "nav.summary", "nav-summary")}
                    {nav(Page::Schools, "nav.schools", "nav-schools")}
                    {nav(Page::Settings, "nav.settings", "nav-settings")}
                </ul>
                <div class="sidebar-foot">
                    <pages::team::SyncIndicatorButton/>
                    <p class="who">{move || ui.settings.get().consultant_name}</p>
                    <button id="lock" class="button secondary" on:click=lock>{t("nav.lock")}</button>
                </div>
            </nav>
            <main class="main" id="main" tabindex="-1">
                <pages::cases::ChainAlarm/>
                {move || match ui.page.get() {
                    Page::Desk => lazy::show!(lazy::desk()),
                    Page::Visits => lazy::show!(lazy::visits()),
                    Page::NewVisit => lazy::show!(lazy::visit_form(None)),
                    Page::EditVisit(id) => lazy::show!(lazy::visit_form(Some(id))),
                    Page::FollowUps => lazy::show!(lazy::follow_ups()),
                    Page::Cafes => lazy::show!(lazy::cafes()),
                    Page::NewCafe => lazy::show!(lazy::cafe_form(None)),
                    Page::EditCafe(id) => lazy::show!(lazy::cafe_form(Some(id))),
                    Page::Activities => lazy::show!(lazy::activities()),
                    Page::NewActivity => lazy::show!(lazy::activity_form(None)),
                    Page::EditActivity(id) => lazy::show!(lazy::activity_form(Some(id))),
                    Page::Survey => lazy::show!(lazy::survey()),
                    Page::RoundForm(id) => lazy::show!(lazy::round_form(id)),
                    Page::SurveyClasses(round) => lazy::show!(lazy::survey_classes(round)),
                    Page::OnSite(round) => lazy::show!(lazy::on_site(round)),
                    Page::Cases => lazy::show!(lazy::cases()),
                    Page::NewCase => lazy::show!(lazy::new_case()),
                    Page::Case(id) => lazy::show!(lazy::case(id)),
                    Page::AccessLog => lazy::show!(lazy::access_log()),
                    Page::PoliceList => lazy::show!(lazy::police_list()),
                    Page::Schools => lazy::show!(lazy::schools()),
                    Page::Settings => lazy::show!(lazy::settings()),
                    Page::Team => lazy::show!(lazy::team()),
                    Page::About => lazy::show!(lazy::about()),
                    Page::Compliance => lazy::show!(lazy::compliance()),
                    Page::Conflicts => lazy::show!(lazy::conflicts()),
                    Page::Summary => lazy::show!(lazy::summary()),
                    Page::Search => lazy::show!(lazy::search()),
                }}
            </main>
        </div>
    }
}
