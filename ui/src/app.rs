//! The top of the UI: the gate the user is at (first start, recovery code,
//! locked, open), the open app's layout, and the heartbeat that notices an idle
//! lock made by the shell. The state they share is in [`crate::state`].

use crate::i18n::{self, t};
use crate::ipc::call;
use crate::lazy_pages as lazy;
use crate::pages;
use crate::state::{remembered_language, set_title, ui, Gate, Page, Ui};
use feltbog_api::commands::{GetProfileStatus, Heartbeat};
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
    view! {
        <div class="shell">
            <a class="skip-link" href="#main" on:click=|ev| { ev.prevent_default(); crate::components::focus_soon("main"); }>
                {t("nav.skip")}
            </a>
            <crate::sidebar::Sidebar/>
            <main class="main" id="main" tabindex="-1">
                <pages::cases::ChainAlarm/>
                {move || page_view(ui.page.get())}
            </main>
        </div>
    }
}

/// The page's screen, each its own part of the wasm (`lazy_pages`).
fn page_view(page: Page) -> AnyView {
    match page {
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
    }
}
