//! The UI's shared state: where the user stands ([`Gate`]), the screen
//! shown ([`Page`]), and the signals every page reads ([`Ui`], provided as
//! context by `app::App`). Apart from the app's layout so that pages and
//! the layout both depend on it and not on each other.

use crate::i18n::{self, t};
use crate::ipc::call;
use feltbog_api::commands::GetSettings;
use feltbog_api::profile::{Language, Settings};
use feltbog_api::team::SyncIndicator;
use feltbog_api::{ActivityId, CafeId, CaseId, RoundId, VisitId};
use leptos::prelude::*;
use leptos::task::spawn_local;

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
    /// Overblik: what needs doing; the first page after unlock.
    Desk,
    Visits,
    NewVisit,
    EditVisit(VisitId),
    FollowUps,
    Cafes,
    NewCafe,
    EditCafe(CafeId),
    /// Aktiviteter: street presence, group work, events, class talks,
    /// network meetings.
    Activities,
    NewActivity,
    EditActivity(ActivityId),
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
    /// *Politiets liste*: the police's list read in, and triage.
    PoliceList,
    Schools,
    Settings,
    /// Indstillinger → Team: create, join, invite, members.
    Team,
    /// Indstillinger → Om Feltbog: version and licences.
    About,
    /// Indstillinger → Databeskyttelse: the art. 30 record and the DPIA
    /// appendix (a coordinator's).
    Compliance,
    /// Conflicts from sync, and edits lost to a delete.
    Conflicts,
    /// Ugerapport: the weekly summary and its exports.
    Summary,
    /// Søg: any record by a word (Ctrl+K).
    Search,
}

impl Page {
    /// The catalogue key of the screen's name, for the window's title
    /// (what a screen reader says first when the screen changes). A case
    /// is named by kind only: a title can show where the page cannot, in
    /// a task switcher on a projector.
    pub fn title_key(self) -> &'static str {
        match self {
            Page::Desk => "desk.title",
            Page::Visits => "visits.title",
            Page::NewVisit => "visit.new_title",
            Page::EditVisit(_) => "visit.edit_title",
            Page::FollowUps => "follow_ups.title",
            Page::Cafes => "cafes.title",
            Page::NewCafe => "cafe.new_title",
            Page::EditCafe(_) => "cafe.edit_title",
            Page::Activities => "activities.title",
            Page::NewActivity => "activity.new_title",
            Page::EditActivity(_) => "activity.edit_title",
            Page::Survey => "survey.title",
            Page::RoundForm(None) => "round.new_title",
            Page::RoundForm(Some(_)) => "round.edit_title",
            Page::SurveyClasses(_) => "classes.title",
            Page::OnSite(_) => "onsite.title",
            Page::Cases => "cases.title",
            Page::NewCase => "case.new_title",
            Page::Case(_) => "title.case",
            Page::AccessLog => "log.title",
            Page::PoliceList => "police.title",
            Page::Schools => "schools.title",
            Page::Settings => "settings.title",
            Page::Team => "team.tab",
            Page::About => "about.tab",
            Page::Compliance => "dpo.tab",
            Page::Conflicts => "conflicts.title",
            Page::Summary => "summary.title",
            Page::Search => "search.title",
        }
    }
}

/// Names the screen in the document's title: "Skolebesøg – Feltbog".
pub fn set_title(key: &str) {
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
    /// *Mine* (`Some(true)`) or *Hele teamet*, as chosen in this session;
    /// `None` until the member chooses ([`crate::components::scope`]).
    pub mine: RwSignal<Option<bool>>,
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

/// The shared UI state. Provided by `app::App` before any page exists.
pub fn ui() -> Ui {
    #[allow(clippy::expect_used)] // App provides Ui before rendering anything.
    use_context::<Ui>().expect("Ui context is provided by App")
}

const LANG_KEY: &str = "feltbog.language";

/// The language is remembered outside the encrypted profile (it is not
/// sensitive) so the unlock screen speaks it too.
pub fn remembered_language() -> Language {
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
