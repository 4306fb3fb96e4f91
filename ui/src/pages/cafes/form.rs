//! Record or edit a parent café or meeting. Only numbers of parents, never
//! names; errors appear beside the field they concern.

use crate::app::{ui, Page};
use crate::components::draft::{autosave, discard_draft, restore_draft, Saved};
use crate::components::{read_date, ErrorBanner, Field, FormErrors};
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::visit_form::today;
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

#[derive(Clone, Copy)]
struct AgreementRow {
    key: u32,
    id: Option<AgreementId>,
    text: RwSignal<String>,
    revisit: RwSignal<String>,
    done: RwSignal<bool>,
}

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
    agreements: RwSignal<Vec<AgreementRow>>,
    next_key: StoredValue<u32>,
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
            agreements: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        }
    }

    fn add_agreement(&self, id: Option<AgreementId>, text: String, revisit: String, done: bool) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let row = AgreementRow {
            key,
            id,
            text: RwSignal::new(text),
            revisit: RwSignal::new(revisit),
            done: RwSignal::new(done),
        };
        self.agreements.update(|a| a.push(row));
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
            agreements: self
                .agreements
                .get()
                .iter()
                .map(|a| (a.id, a.text.get(), a.revisit.get(), a.done.get()))
                .collect(),
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
        self.agreements.set(Vec::new());
        for (id, text, revisit, done) in d.agreements {
            self.add_agreement(id, text, revisit, done);
        }
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
            self.add_agreement(Some(a.id), a.text, format_short(a.revisit), a.done);
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
        let grades = self
            .grades
            .get()
            .split([',', ' '])
            .filter(|g| !g.trim().is_empty())
            .map(|g| g.trim().trim_end_matches('.').parse::<u8>())
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| {
                ApiError::invalid(
                    "grades",
                    Problem::OutOfRange { min: 0, max: 10 },
                    "not a grade",
                )
            })?;
        let invited = match self.invited.get() {
            s if s.trim().is_empty() => None,
            s => Some(count("invited", s)?),
        };
        let agreements = self
            .agreements
            .get()
            .iter()
            .enumerate()
            .map(|(i, a)| {
                Ok(AgreementInput {
                    id: a.id,
                    text: a.text.get(),
                    revisit: date(&format!("agreements.{i}.revisit"), a.revisit.get())?,
                    done: a.done.get(),
                })
            })
            .collect::<Result<_, ApiError>>()?;
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

#[component]
pub fn CafeForm(id: Option<CafeId>) -> impl IntoView {
    let ui = ui();
    let f = Fields::new();
    let errors = FormErrors::new();
    let schools = crate::components::schools_resource(false);
    let form_key = StoredValue::new(match id {
        Some(id) => format!("cafe:{id}"),
        None => "cafe".to_owned(),
    });
    let restored = RwSignal::new(false);
    let saved: Saved<CafeDraft> = StoredValue::new(None);
    leptos::task::spawn_local(async move {
        if let Some(id) = id {
            match call(&GetCafe { id }).await {
                Ok(c) => f.fill(c),
                Err(e) => errors.set(e),
            }
        }
        restore_draft(
            form_key.get_value(),
            saved,
            restored,
            |d| f.restore(d),
            || untrack(|| f.draft()),
        )
        .await;
    });
    let saved_at = autosave(move || f.draft(), form_key.get_value(), saved);
    let save = Action::new_local(move |c: &NewCafe| {
        let c = c.clone();
        async move {
            let r = match id {
                Some(id) => call(&UpdateCafe { id, cafe: c }).await,
                None => call(&RecordCafe { cafe: c }).await,
            };
            match r {
                Ok(_) => {
                    discard_draft(form_key.get_value());
                    ui.page.set(Page::Cafes)
                }
                Err(e) => errors.set(e),
            }
        }
    });
    let cancel = move |_| {
        discard_draft(form_key.get_value());
        ui.page.set(Page::Cafes)
    };
    let submit = errors.on_submit(
        move || f.to_cafe(),
        move |v| {
            save.dispatch_local(v);
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
        <crate::components::SchoolsReadFailed schools/>
        <form id="cafe-form" class="form" on:submit=submit novalidate>
            <Show when=move || restored.get()>
                <p id="draft-restored" class="banner info" role="status">{t("visit.draft_restored")}</p>
            </Show>
            <ErrorBanner message=Signal::derive(errors.general(shown))/>
            <div class="row">
                <Field name="date" label=t("visit.date") errors hint=t("visit.date_hint")>
                    <input id="date" inputmode="numeric" bind:value=f.date placeholder=t("common.date_format")/>
                </Field>
                <fieldset class="field radios">
                    <legend>{t("visit.status")}</legend>
                    {CafeStatus::ALL.iter().map(|s| {
                        let s = *s;
                        view! {
                            <label class="radio">
                                <input type="radio" name="status" id=format!("cafe-status-{s}")
                                    prop:checked=move || f.status.get() == s on:change=move |_| f.status.set(s)/>
                                <span>{t(&format!("cafe_status.{s}"))}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </div>
            <div class="row">
                <Field name="school" label=t("visit.school") errors>
                    <select id="school" on:change=move |ev| f.school.set(event_target_value(&ev))>
                        <option value="">{t("cafe.no_school")}</option>
                        {move || crate::components::schools_or_none(schools.get()).into_iter().map(|s| {
                            let id = s.id.to_string();
                            let selected = f.school.get_untracked() == id;
                            view! { <option value=id selected=selected>{s.name}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Show when=move || f.school.get().is_empty()>
                    <Field name="area" label=t("cafe.area") errors hint=t("cafe.area_hint")>
                        <input id="area" bind:value=f.area/>
                    </Field>
                </Show>
                <Field name="grades" label=t("cafe.grades") errors hint=t("cafe.grades_hint")>
                    <input id="grades" bind:value=f.grades placeholder="7, 8"/>
                </Field>
            </div>
            <div class="row">
                <div class="field">
                    <label for="kind">{t("cafe.kind")}</label>
                    <select id="kind" on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse() { f.kind.set(k) } }>
                        {CafeKind::ALL.iter().map(|k| view! {
                            <option value=k.as_str() selected=move || f.kind.get() == *k>{t(&format!("cafe_kind.{k}"))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="theme">{t("cafe.theme")}</label>
                    <select id="theme" on:change=move |ev| { if let Ok(th) = event_target_value(&ev).parse() { f.theme.set(th) } }>
                        {CafeTheme::ALL.iter().map(|th| view! {
                            <option value=th.as_str() selected=move || f.theme.get() == *th>{t(&format!("theme.{th}"))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || f.theme.get() == CafeTheme::Other>
                    <Field name="theme_other" label=t("cafe.theme_other") errors>
                        <input id="theme_other" bind:value=f.theme_other/>
                    </Field>
                </Show>
            </div>
            <fieldset class="field">
                <legend>{t("cafe.partners")}</legend>
                <div class="checks">
                    {Partner::ALL.iter().map(|p| {
                        let p = *p;
                        view! {
                            <label class="check">
                                <input type="checkbox" id=format!("partner-{p}")
                                    prop:checked=move || f.partners.get().contains(&p)
                                    on:change=move |_| f.partners.update(|v| if let Some(i) = v.iter().position(|x| *x == p) { v.remove(i); } else { v.push(p) })/>
                                <span>{t(&format!("partner.{p}"))}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <Show when=move || f.partners.get().contains(&Partner::Other)>
                    <Field name="partner_other" label=t("cafe.partner_other") errors>
                        <input id="partner_other" bind:value=f.partner_other/>
                    </Field>
                </Show>
            </fieldset>
            <div class="row narrow">
                <Field name="parents" label=t("cafe.parents") errors hint=t("cafe.parents_hint")>
                    <input id="parents" inputmode="numeric" bind:value=f.parents/>
                </Field>
                <Field name="invited" label=t("cafe.invited") errors hint=t("cafe.invited_hint")>
                    <input id="invited" inputmode="numeric" bind:value=f.invited/>
                </Field>
            </div>
            <Field name="raised" label=t("cafe.raised") errors hint=t("cafe.no_names")>
                <textarea id="raised" rows="3" bind:value=f.raised></textarea>
            </Field>
            <Field name="notes" label=t("visit.notes") errors>
                <textarea id="notes" rows="3" bind:value=f.notes></textarea>
            </Field>
            <Agreements f errors/>
            <div class="form-actions">
                <button id="save-cafe" class="button primary" type="submit" disabled=move || save.pending().get()>{t("common.save")}</button>
                <button id="cancel-cafe" class="button secondary" type="button" on:click=cancel>{t("common.cancel")}</button>
                <crate::components::draft::DraftStatus saved_at/>
            </div>
        </form>
    }
}

#[component]
fn Agreements(f: Fields, errors: FormErrors) -> impl IntoView {
    view! {
        <fieldset class="follow-ups">
            <legend>{t("cafe.agreements")}</legend>
            <p class="hint">{t("cafe.agreements_hint")}</p>
            {move || f.agreements.get().into_iter().enumerate().map(|(i, row)| {
                let text_err = errors.for_field(format!("agreements.{i}.text"));
                let date_err = errors.for_field(format!("agreements.{i}.revisit"));
                let key = row.key;
                view! {
                    <div class="follow-up-row">
                        <div class="field grow">
                            <label for=format!("ag-text-{i}")>{t("cafe.agreement_text")}</label>
                            <input id=format!("ag-text-{i}") bind:value=row.text/>
                            <p class="field-error" role="alert">{text_err}</p>
                        </div>
                        <div class="field date">
                            <label for=format!("ag-revisit-{i}")>{t("cafe.agreement_revisit")}</label>
                            <input id=format!("ag-revisit-{i}") inputmode="numeric" bind:value=row.revisit placeholder=t("common.date_format")/>
                            <p class="field-error" role="alert">{date_err}</p>
                        </div>
                        <label class="check fu-done">
                            <input type="checkbox" bind:checked=row.done/>
                            <span>{t("cafe.agreement_done")}</span>
                        </label>
                        <button type="button" class="button ghost" on:click=move |_| f.agreements.update(|a| a.retain(|r| r.key != key))>
                            {t("common.remove")}
                        </button>
                    </div>
                }
            }).collect_view()}
            <button id="add-agreement" type="button" class="button secondary"
                on:click=move |_| f.add_agreement(None, String::new(), f.date.get(), false)>
                {t("cafe.add_agreement")}
            </button>
        </fieldset>
    }
}
