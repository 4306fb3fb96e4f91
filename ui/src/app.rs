//! The top of the UI: which gate the user is at (first start, recovery code,
//! locked, open), the sidebar layout, and the heartbeat that notices an idle
//! lock made by the shell.

use crate::i18n::{self, t};
use crate::ipc::call;
use crate::pages;
use feltbog_api::commands::{GetProfileStatus, GetSettings, Heartbeat, Lock};
use feltbog_api::profile::{Language, Settings};
use feltbog_api::team::SyncIndicator;
use feltbog_api::{CafeId, CaseId, RoundId, VisitId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// Where the user stands before any record can be shown.
#[derive(Clone, PartialEq)]
pub enum Gate {
    Loading,
    /// No profile yet: create one.
    Setup,
    /// Profile just created: show the recovery code once.
    Recovery(String),
    /// Unlocked with the recovery code: show its replacement once.
    RenewedRecovery(String),
    Locked,
    Open,
}

/// The screen shown in the main area when open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Visits,
    NewVisit,
    EditVisit(VisitId),
    FollowUps,
    Cafes,
    NewCafe,
    EditCafe(CafeId),
    /// The survey overview of the chosen round.
    Survey,
    /// Set up a new round (`None`) or change one.
    RoundForm(Option<RoundId>),
    /// A round's classes per school: fast entry, copy, import.
    SurveyClasses(RoundId),
    /// The on-site screen: a school's classes as tiles.
    OnSite(RoundId),
    /// First-offence cases.
    Cases,
    NewCase,
    Case(CaseId),
    AccessLog,
    Schools,
    Settings,
    /// Indstillinger → Team: create, join, invite, members.
    Team,
    /// Indstillinger → Om Feltbog: version and licences.
    About,
    /// Conflicts from sync, and edits lost to a delete.
    Conflicts,
    /// Ugerapport: the weekly summary and its exports.
    Summary,
}

impl Page {
    /// The catalogue key of the screen's name, for the window's title
    /// (what a screen reader says first when the screen changes). A case
    /// is named by kind only: a title can show where the page cannot, in
    /// a task switcher on a projector.
    fn title_key(self) -> &'static str {
        match self {
            Page::Visits => "visits.title",
            Page::NewVisit => "visit.new_title",
            Page::EditVisit(_) => "visit.edit_title",
            Page::FollowUps => "follow_ups.title",
            Page::Cafes => "cafes.title",
            Page::NewCafe => "cafe.new_title",
            Page::EditCafe(_) => "cafe.edit_title",
            Page::Survey => "survey.title",
            Page::RoundForm(None) => "round.new_title",
            Page::RoundForm(Some(_)) => "round.edit_title",
            Page::SurveyClasses(_) => "classes.title",
            Page::OnSite(_) => "onsite.title",
            Page::Cases => "cases.title",
            Page::NewCase => "case.new_title",
            Page::Case(_) => "title.case",
            Page::AccessLog => "log.title",
            Page::Schools => "schools.title",
            Page::Settings => "settings.title",
            Page::Team => "team.tab",
            Page::About => "about.tab",
            Page::Conflicts => "conflicts.title",
            Page::Summary => "summary.title",
        }
    }
}

/// Names the screen in the document's title: "Skolebesøg – Feltbog".
fn set_title(key: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&format!("{} – Feltbog", t(key)));
    }
}

/// Shared UI state, provided as context.
#[derive(Clone, Copy)]
pub struct Ui {
    pub gate: RwSignal<Gate>,
    pub page: RwSignal<Page>,
    pub lang: RwSignal<Language>,
    pub settings: RwSignal<Settings>,
    /// The survey round last chosen, kept while moving between its screens.
    pub survey_round: RwSignal<Option<RoundId>>,
    /// The sync indicator's last reading; `None` until the first.
    pub sync: RwSignal<Option<SyncIndicator>>,
    /// Changes when a sync brought records from the team: the screens
    /// listing records track it and reload.
    pub arrivals: Memo<u64>,
}

impl Ui {
    /// Applies the settings read at unlock (language, name) and opens the
    /// app on the page the user was on before a lock, so a form interrupted
    /// by the idle lock comes back with its draft.
    pub fn open(&self, s: Settings) {
        self.apply_language(s.language);
        self.settings.set(s);
        self.gate.set(Gate::Open);
    }

    /// Reads the settings again: joining a team, or a sync, may bring the
    /// team's rules.
    pub fn reload_settings(&self) {
        let settings = self.settings;
        spawn_local(async move {
            if let Ok(s) = call(&GetSettings {}).await {
                settings.set(s);
            }
        });
    }

    pub fn apply_language(&self, l: Language) {
        i18n::set_language(l);
        remember_language(l);
        self.lang.set(l);
    }
}

/// The shared UI state. Provided by [`App`] before any page exists.
pub fn ui() -> Ui {
    #[allow(clippy::expect_used)] // App provides Ui before rendering anything.
    use_context::<Ui>().expect("Ui context is provided by App")
}

const LANG_KEY: &str = "feltbog.language";

/// The language is remembered outside the encrypted profile (it is not
/// sensitive) so the unlock screen speaks it too.
fn remembered_language() -> Language {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    match stored.as_deref() {
        Some("en") => Language::En,
        _ => Language::Da,
    }
}

fn remember_language(l: Language) {
    let code = match l {
        Language::Da => "da",
        Language::En => "en",
    };
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(LANG_KEY, code);
    }
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", code);
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = remembered_language();
    i18n::set_language(lang);
    let sync = RwSignal::new(None::<SyncIndicator>);
    let ui = Ui {
        gate: RwSignal::new(Gate::Loading),
        page: RwSignal::new(Page::Visits),
        lang: RwSignal::new(lang),
        settings: RwSignal::new(Settings::default()),
        survey_round: RwSignal::new(None),
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
            Gate::Setup => view! { <pages::setup::CreateProfile/> }.into_any(),
            Gate::Recovery(code) => view! { <pages::setup::ShowRecoveryCode code/> }.into_any(),
            Gate::RenewedRecovery(code) => {
                view! { <pages::setup::ShowRecoveryCode code renewed=true/> }.into_any()
            }
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
    let nav = move |page: Page, key: &'static str, id: &'static str| {
        let current = move || match (ui.page.get(), page) {
            (Page::NewVisit | Page::EditVisit(_), Page::Visits) => true,
            (Page::NewCafe | Page::EditCafe(_), Page::Cafes) => true,
            (Page::RoundForm(_) | Page::SurveyClasses(_) | Page::OnSite(_), Page::Survey) => true,
            (Page::NewCase | Page::Case(_) | Page::AccessLog, Page::Cases) => true,
            (Page::Team | Page::About, Page::Settings) => true,
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
                <button id="menu-toggle" class="menu-toggle button secondary" aria-controls="nav-list"
                    node_ref=menu_button
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)>
                    {t("nav.menu")}
                </button>
                <ul id="nav-list" class:open=move || menu_open.get()>
                    {nav(Page::Visits, "nav.visits", "nav-visits")}
                    {nav(Page::FollowUps, "nav.follow_ups", "nav-follow-ups")}
                    {nav(Page::Survey, "nav.survey", "nav-survey")}
                    {nav(Page::Cafes, "nav.cafes", "nav-cafes")}
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
                    Page::Visits => view! { <pages::visits::VisitsPage/> }.into_any(),
                    Page::NewVisit => view! { <pages::visit_form::VisitForm id=None/> }.into_any(),
                    Page::EditVisit(id) => view! { <pages::visit_form::VisitForm id=Some(id)/> }.into_any(),
                    Page::FollowUps => view! { <pages::follow_ups::FollowUpsPage/> }.into_any(),
                    Page::Cafes => view! { <pages::cafes::CafesPage/> }.into_any(),
                    Page::NewCafe => view! { <pages::cafes::CafeForm id=None/> }.into_any(),
                    Page::EditCafe(id) => view! { <pages::cafes::CafeForm id=Some(id)/> }.into_any(),
                    Page::Survey => view! { <pages::survey::SurveyPage/> }.into_any(),
                    Page::RoundForm(id) => view! { <pages::survey::RoundForm id/> }.into_any(),
                    Page::SurveyClasses(round) => view! { <pages::survey::ClassesPage round/> }.into_any(),
                    Page::OnSite(round) => view! { <pages::survey::OnSitePage round/> }.into_any(),
                    Page::Cases => view! { <pages::cases::CasesPage/> }.into_any(),
                    Page::NewCase => view! { <pages::cases::NewCaseForm/> }.into_any(),
                    Page::Case(id) => view! { <pages::cases::CasePage id/> }.into_any(),
                    Page::AccessLog => view! { <pages::cases::AccessLogPage/> }.into_any(),
                    Page::Schools => view! { <pages::schools::SchoolsPage/> }.into_any(),
                    Page::Settings => view! { <pages::settings::SettingsPage/> }.into_any(),
                    Page::Team => view! { <pages::team::TeamPage/> }.into_any(),
                    Page::About => view! { <pages::about::AboutPage/> }.into_any(),
                    Page::Conflicts => view! { <pages::team::ConflictsPage/> }.into_any(),
                    Page::Summary => view! { <pages::summary::SummaryPage/> }.into_any(),
                }}
            </main>
        </div>
    }
}
