//! The police notification: registers a new case. Before saving, the app
//! looks for earlier cases of the same young person (initials, birth year,
//! school) and offers to link them, which makes the new case a repeat.
//! The form keeps an encrypted draft while typing, like every edit form,
//! so an idle lock on the way back from the police loses nothing.

mod fieldsets;

use crate::components::draft::{DraftRestored, DraftStatus, FormDraft};
use crate::components::{busy, read_date, DispatchIdle, ErrorBanner, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::visit_form::today;
use crate::state::{ui, Page};
use feltbog_api::cases::{CaseLink, Law, NewCase, Offence, YoungPersonKey};
use feltbog_api::commands::{AddCase, FindEarlierCases};
use feltbog_api::dates::format_short;
use feltbog_api::{ApiError, CaseId, Problem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's state as kept in a draft. Not the CPR number: it is kept
/// only in a saved case, where every reading is in the access log, and a
/// draft is not.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct CaseDraft {
    text: Vec<String>,
    law: Law,
    offence: Offence,
}

/// The form's fields as signals.
#[derive(Clone, Copy)]
struct Fields {
    journal: RwSignal<String>,
    initials: RwSignal<String>,
    birth_year: RwSignal<String>,
    school: RwSignal<String>,
    cpr: RwSignal<String>,
    law: RwSignal<Law>,
    law_other: RwSignal<String>,
    offence: RwSignal<Offence>,
    offence_other: RwSignal<String>,
    offence_date: RwSignal<String>,
    notified: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            journal: text(),
            initials: text(),
            birth_year: text(),
            school: text(),
            cpr: text(),
            law: RwSignal::new(Law::PenalCode),
            law_other: text(),
            offence: RwSignal::new(Offence::Theft),
            offence_other: text(),
            offence_date: text(),
            notified: RwSignal::new(today().map(format_short).unwrap_or_default()),
        }
    }

    /// The drafted text fields, in a fixed order.
    fn texts(&self) -> [RwSignal<String>; 8] {
        [
            self.journal,
            self.initials,
            self.birth_year,
            self.school,
            self.law_other,
            self.offence_other,
            self.offence_date,
            self.notified,
        ]
    }

    /// The current state, read reactively (so autosave re-runs on typing).
    fn draft(&self) -> CaseDraft {
        CaseDraft {
            text: self.texts().iter().map(|s| s.get()).collect(),
            law: self.law.get(),
            offence: self.offence.get(),
        }
    }

    fn restore(&self, d: CaseDraft) {
        for (signal, value) in self.texts().iter().zip(d.text) {
            signal.set(value);
        }
        self.law.set(d.law);
        self.offence.set(d.offence);
    }

    /// The typed values as a request; a birth year or a date that cannot
    /// be read is reported on its field before anything is sent.
    fn to_case(self) -> Result<NewCase, ApiError> {
        let year = match self.birth_year.get_untracked().trim() {
            "" => Err(ApiError::invalid(
                "birth_year",
                Problem::Required,
                "no year",
            )),
            y => y
                .parse()
                .map_err(|_| ApiError::invalid("birth_year", Problem::NotAllowed, "not a year")),
        }?;
        Ok(NewCase {
            journal: self.journal.get_untracked(),
            initials: self.initials.get_untracked(),
            birth_year: year,
            school: self.school.get_untracked().parse().ok(),
            cpr: self.cpr.get_untracked(),
            law: self.law.get_untracked(),
            law_other: self.law_other.get_untracked(),
            offence: self.offence.get_untracked(),
            offence_other: self.offence_other.get_untracked(),
            offence_date: read_date("offence_date", &self.offence_date.get_untracked())?,
            notified: read_date("notified", &self.notified.get_untracked())?,
            link_to: None,
        })
    }
}

/// The fields an error is shown beside; any other goes in the banner.
const SHOWN: &[&str] = &[
    "journal",
    "initials",
    "birth_year",
    "school",
    "cpr",
    "law_other",
    "offence_other",
    "offence_date",
    "notified",
];

#[component]
pub fn NewCaseForm() -> impl IntoView {
    let ui = ui();
    let f = Fields::new();
    let errors = FormErrors::new();
    // Earlier cases found for what is typed; `Some` once looked for.
    let matches: RwSignal<Option<Vec<CaseLink>>> = RwSignal::new(None);
    let schools = crate::components::schools_resource(false);
    let draft = FormDraft::new("case", move || f.draft());
    draft.restore_now(move |d| f.restore(d), move || untrack(|| f.draft()));
    let save = Action::new_local(move |c: &NewCase| {
        let c = c.clone();
        async move {
            match call(&AddCase { case: c }).await {
                Ok(v) => {
                    draft.discard();
                    ui.page.set(Page::Case(v.summary.id))
                }
                Err(e) => errors.set(e),
            }
        }
    });
    // First press: look for earlier cases; with none, save at once.
    let check = Action::new_local(move |c: &NewCase| {
        let c = c.clone();
        async move {
            let key = YoungPersonKey {
                initials: c.initials.clone(),
                birth_year: c.birth_year,
                school: c.school,
            };
            match call(&FindEarlierCases { key }).await {
                Ok(found) if found.is_empty() => {
                    save.dispatch_local(c);
                }
                Ok(found) => matches.set(Some(found)),
                Err(e) => errors.set(e),
            }
        }
    });
    let submit = errors.on_submit(
        move || {
            matches.set(None);
            f.to_case()
        },
        move |c| {
            if !save.pending().get_untracked() {
                check.dispatch_idle(c);
            }
        },
    );
    let save_linked = Callback::new(move |link: Option<CaseId>| match f.to_case() {
        Ok(c) => save.dispatch_idle(NewCase { link_to: link, ..c }),
        Err(e) => errors.set(e),
    });
    let cancel = move |_| {
        draft.discard();
        ui.page.set(Page::Cases)
    };
    let pending = move || busy(save.pending().get() || check.pending().get());
    view! {
        <header class="page-head"><h1>{t("case.new_title")}</h1></header>
        <crate::components::SchoolsReadFailed schools/>
        <form id="case-form" class="form" on:submit=submit novalidate>
            <DraftRestored shown=draft.restored()/>
            <ErrorBanner message=Signal::derive(errors.general(SHOWN))/>
            <fieldsets::YoungPerson f errors schools/>
            <fieldsets::Notification f errors/>
            {move || matches.get().map(|found| view! { <EarlierCases found save_linked/> })}
            <div class="form-actions">
                <button type="submit" id="save-case" class="button primary" aria-disabled=pending>{t("case.save")}</button>
                <button type="button" id="cancel-case" class="button secondary" on:click=cancel>{t("common.cancel")}</button>
                <DraftStatus saved_at=draft.saved_at()/>
            </div>
        </form>
    }
}

/// The earlier cases of the same young person, each with *Gem og kobl*,
/// and *Gem uden kobling* below them.
#[component]
fn EarlierCases(found: Vec<CaseLink>, save_linked: Callback<Option<CaseId>>) -> impl IntoView {
    view! {
        <div id="case-matches" class="panel banner info" role="status">
            <h2>{t("case.matches_title")}</h2>
            <p>{t("case.matches_text")}</p>
            <ul class="plain-list">
                {found.into_iter().map(|m| {
                    let id = m.id;
                    view! {
                        <li>
                            <span>{m.number.clone()}" · "{t(&format!("step.{}", m.step))}" · "{format_short(m.notified)}</span>
                            <button type="button" class="button primary link-case" on:click=move |_| save_linked.run(Some(id))>
                                {t("case.link_save")}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <button type="button" id="save-unlinked" class="button secondary" on:click=move |_| save_linked.run(None)>
                {t("case.save_unlinked")}
            </button>
        </div>
    }
}
