//! Record or edit a parent café or meeting. Only numbers of parents, never
//! names; errors appear beside the field they concern.

mod fieldsets;

use crate::components::dated_rows::{DatedRows, DatedRowsFieldset, RowWords};
use crate::components::draft::{DraftRestored, DraftStatus, FormDraft};
use crate::components::{busy, read_date, read_grades, DispatchIdle, ErrorBanner, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::visit_form::today;
use crate::state::{ui, Page};
use feltbog_api::cafes::{
    AgreementInput, CafeKind, CafeStatus, CafeTheme, CafeView, NewCafe, Partner,
};
use feltbog_api::commands::{GetCafe, RecordCafe, UpdateCafe};
use feltbog_api::dates::format_short;
use feltbog_api::{AgreementId, ApiError, CafeId, Problem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's state as kept in an encrypted draft while the user types.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct CafeDraft {
    text: Vec<String>,
    status: CafeStatus,
    kind: CafeKind,
    theme: CafeTheme,
    partners: Vec<Partner>,
    agreements: Vec<(Option<AgreementId>, String, String, bool)>,
}

/// What the café form calls its dated rows.
const AGREEMENTS: RowWords = RowWords {
    field: "agreements",
    date_field: "revisit",
    id: "ag",
    add_id: "add-agreement",
    legend: "cafe.agreements",
    hint: "cafe.agreements_hint",
    text: "cafe.agreement_text",
    date: "cafe.agreement_revisit",
    done: "cafe.agreement_done",
    remove: "cafe.agreement_remove",
    add: "cafe.add_agreement",
};

/// The form's fields as signals.
#[derive(Clone, Copy)]
struct Fields {
    date: RwSignal<String>,
    status: RwSignal<CafeStatus>,
    school: RwSignal<String>,
    area: RwSignal<String>,
    grades: RwSignal<String>,
    kind: RwSignal<CafeKind>,
    theme: RwSignal<CafeTheme>,
    theme_other: RwSignal<String>,
    partners: RwSignal<Vec<Partner>>,
    partner_other: RwSignal<String>,
    parents: RwSignal<String>,
    invited: RwSignal<String>,
    raised: RwSignal<String>,
    notes: RwSignal<String>,
    agreements: DatedRows<AgreementId>,
}

impl Fields {
    fn new() -> Self {
        Self {
            date: RwSignal::new(today().map(format_short).unwrap_or_default()),
            status: RwSignal::new(CafeStatus::Held),
            school: RwSignal::new(String::new()),
            area: RwSignal::new(String::new()),
            grades: RwSignal::new(String::new()),
            kind: RwSignal::new(CafeKind::ParentCafe),
            theme: RwSignal::new(CafeTheme::AlcoholDrugs),
            theme_other: RwSignal::new(String::new()),
            partners: RwSignal::new(Vec::new()),
            partner_other: RwSignal::new(String::new()),
            parents: RwSignal::new(String::new()),
            invited: RwSignal::new(String::new()),
            raised: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            agreements: DatedRows::new(),
        }
    }

    /// The plain-text fields, in a fixed order (for drafts).
    fn texts(&self) -> [RwSignal<String>; 10] {
        [
            self.date,
            self.school,
            self.area,
            self.grades,
            self.theme_other,
            self.partner_other,
            self.parents,
            self.invited,
            self.raised,
            self.notes,
        ]
    }

    /// The current state, read reactively (so autosave re-runs on typing).
    fn draft(&self) -> CafeDraft {
        CafeDraft {
            text: self.texts().iter().map(|s| s.get()).collect(),
            status: self.status.get(),
            kind: self.kind.get(),
            theme: self.theme.get(),
            partners: self.partners.get(),
            agreements: self.agreements.values(),
        }
    }

    fn restore(&self, d: CafeDraft) {
        for (signal, value) in self.texts().iter().zip(d.text) {
            signal.set(value);
        }
        self.status.set(d.status);
        self.kind.set(d.kind);
        self.theme.set(d.theme);
        self.partners.set(d.partners);
        self.agreements.set(d.agreements);
    }

    fn fill(&self, c: CafeView) {
        self.date.set(format_short(c.date));
        self.status.set(c.status);
        self.school
            .set(c.school.map(|s| s.to_string()).unwrap_or_default());
        self.area.set(c.area);
        self.grades.set(
            c.grades
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        );
        self.kind.set(c.kind);
        self.theme.set(c.theme);
        self.theme_other.set(c.theme_other);
        self.partners.set(c.partners);
        self.partner_other.set(c.partner_other);
        self.parents.set(c.parents.to_string());
        self.invited
            .set(c.invited.map(|i| i.to_string()).unwrap_or_default());
        self.raised.set(c.raised);
        self.notes.set(c.notes);
        for a in c.agreements {
            self.agreements
                .add(Some(a.id), a.text, format_short(a.revisit), a.done);
        }
    }

    /// The typed values as a request; what cannot be read as a date or a
    /// number is reported on its field before anything is sent.
    fn to_cafe(self) -> Result<NewCafe, ApiError> {
        let date = |field: &str, s: String| read_date(field, &s);
        let count = |field: &str, s: String| {
            s.trim().parse::<u32>().map_err(|_| {
                ApiError::invalid(
                    field,
                    Problem::OutOfRange { min: 0, max: 5000 },
                    "not a whole number",
                )
            })
        };
        let grades = read_grades(&self.grades.get())?;
        let invited = match self.invited.get() {
            s if s.trim().is_empty() => None,
            s => Some(count("invited", s)?),
        };
        let agreements = self
            .agreements
            .read(AGREEMENTS, |id, text, revisit, done| AgreementInput {
                id,
                text,
                revisit,
                done,
            })?;
        let parents = match (self.status.get(), self.parents.get()) {
            (CafeStatus::Planned, s) if s.trim().is_empty() => 0,
            (_, s) => count("parents", s)?,
        };
        Ok(NewCafe {
            date: date("date", self.date.get())?,
            status: self.status.get(),
            school: self.school.get().parse().ok(),
            area: self.area.get(),
            grades,
            kind: self.kind.get(),
            theme: self.theme.get(),
            theme_other: self.theme_other.get(),
            partners: self.partners.get(),
            partner_other: self.partner_other.get(),
            parents,
            invited,
            raised: self.raised.get(),
            notes: self.notes.get(),
            agreements,
        })
    }
}

/// The café's responsible member and the hand-over, once it has loaded.
#[component]
fn CafeOwner(id: CafeId) -> impl IntoView {
    let cafe = LocalResource::new(move || async move {
        call(&feltbog_api::commands::GetCafe { id }).await.ok()
    });
    move || {
        cafe.get().flatten().map(|c| {
            view! { <crate::pages::owner::Owner record=id.to_string() owner=c.owner/> }
        })
    }
}

#[component]
pub fn CafeForm(id: Option<CafeId>) -> impl IntoView {
    let ui = ui();
    let f = Fields::new();
    let errors = FormErrors::new();
    let schools = crate::components::schools_resource(false);
    let key = match id {
        Some(id) => format!("cafe:{id}"),
        None => "cafe".to_owned(),
    };
    let draft = FormDraft::new(key, move || f.draft());
    leptos::task::spawn_local(async move {
        if let Some(id) = id {
            match call(&GetCafe { id }).await {
                Ok(c) => f.fill(c),
                Err(e) => errors.set(e),
            }
        }
        draft
            .restore(|d| f.restore(d), || untrack(|| f.draft()))
            .await;
    });
    let save = Action::new_local(move |c: &NewCafe| {
        let c = c.clone();
        async move {
            let r = match id {
                Some(id) => call(&UpdateCafe { id, cafe: c }).await,
                None => call(&RecordCafe { cafe: c }).await,
            };
            match r {
                Ok(_) => {
                    draft.discard();
                    ui.page.set(Page::Cafes)
                }
                Err(e) => errors.set(e),
            }
        }
    });
    let cancel = move |_| {
        draft.discard();
        ui.page.set(Page::Cafes)
    };
    let submit = errors.on_submit(
        move || f.to_cafe(),
        move |v| {
            save.dispatch_idle(v);
        },
    );
    let title = if id.is_some() {
        t("cafe.edit_title")
    } else {
        t("cafe.new_title")
    };
    let shown: &'static [&'static str] = &[
        "date",
        "school",
        "area",
        "grades",
        "theme_other",
        "partner_other",
        "parents",
        "invited",
        "raised",
        "notes",
        "agreements.",
    ];
    view! {
        <header class="page-head"><h1>{title}</h1></header>
        {id.map(|id| view! { <CafeOwner id/> })}
        <crate::components::SchoolsReadFailed schools/>
        <form id="cafe-form" class="form" on:submit=submit novalidate>
            <DraftRestored shown=draft.restored()/>
            <ErrorBanner message=Signal::derive(errors.general(shown))/>
            <fieldsets::WhenAndWhere f errors schools/>
            <fieldsets::Subject f errors/>
            <fieldsets::Turnout f errors/>
            <DatedRowsFieldset rows=f.agreements words=AGREEMENTS errors new_date=f.date/>
            <div class="form-actions">
                <button id="save-cafe" class="button primary" type="submit" aria-disabled=move || busy(save.pending().get())>{t("common.save")}</button>
                <button id="cancel-cafe" class="button secondary" type="button" on:click=cancel>{t("common.cancel")}</button>
                <DraftStatus saved_at=draft.saved_at()/>
            </div>
        </form>
    }
}
