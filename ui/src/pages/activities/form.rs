//! Record or edit an activity: counts of young people and adults reached,
//! never a name; errors appear beside the field they concern.

use crate::components::dated_rows::{DatedRows, DatedRowsFieldset, RowWords};
use crate::components::draft::{DraftRestored, DraftStatus, FormDraft};
use crate::components::{
    busy, read_date, read_grades, DispatchIdle, ErrorBanner, Field, FormErrors,
};
use crate::i18n::t;
use crate::ipc::call;
use crate::pages::visit_form::today;
use crate::state::{ui, Page};
use feltbog_api::activities::{
    ages_text, parse_ages, ActivityFollowUpInput, ActivityKind, ActivityView, NewActivity, AGE_MAX,
    AGE_MIN, REACHED_MAX,
};
use feltbog_api::cafes::Partner;
use feltbog_api::commands::{GetActivity, RecordActivity, UpdateActivity};
use feltbog_api::dates::format_short;
use feltbog_api::schools::SchoolView;
use feltbog_api::{ActivityFollowUpId, ActivityId, ApiError, Problem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's state as kept in an encrypted draft while the user types.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct ActivityDraft {
    text: Vec<String>,
    kind: ActivityKind,
    partners: Vec<Partner>,
    #[serde(default)]
    follow_ups: Vec<(Option<ActivityFollowUpId>, String, String, bool)>,
}

/// What the activity form calls its dated rows (a visit's words: they are
/// follow-ups too).
const FOLLOW_UPS: RowWords = RowWords {
    field: "follow_ups",
    date_field: "due",
    id: "afu",
    add_id: "add-activity-follow-up",
    legend: "visit.follow_ups",
    hint: "activity.follow_ups_hint",
    text: "visit.follow_up_text",
    date: "visit.follow_up_due",
    done: "visit.follow_up_done",
    remove: "visit.follow_up_remove",
    add: "visit.add_follow_up",
};

/// The form's fields as signals.
#[derive(Clone, Copy)]
struct Fields {
    date: RwSignal<String>,
    kind: RwSignal<ActivityKind>,
    school: RwSignal<String>,
    area: RwSignal<String>,
    grades: RwSignal<String>,
    ages: RwSignal<String>,
    young: RwSignal<String>,
    adults: RwSignal<String>,
    partners: RwSignal<Vec<Partner>>,
    partner_other: RwSignal<String>,
    theme: RwSignal<String>,
    notes: RwSignal<String>,
    follow_ups: DatedRows<ActivityFollowUpId>,
}

impl Fields {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            date: RwSignal::new(today().map(format_short).unwrap_or_default()),
            kind: RwSignal::new(ActivityKind::Street),
            school: text(),
            area: text(),
            grades: text(),
            ages: text(),
            young: text(),
            adults: text(),
            partners: RwSignal::new(Vec::new()),
            partner_other: text(),
            theme: text(),
            notes: text(),
            follow_ups: DatedRows::new(),
        }
    }

    /// The plain-text fields, in a fixed order (for drafts).
    fn texts(&self) -> [RwSignal<String>; 10] {
        [
            self.date,
            self.school,
            self.area,
            self.grades,
            self.ages,
            self.young,
            self.adults,
            self.partner_other,
            self.theme,
            self.notes,
        ]
    }

    /// The current state, read reactively (so autosave re-runs on typing).
    fn draft(&self) -> ActivityDraft {
        ActivityDraft {
            text: self.texts().iter().map(|s| s.get()).collect(),
            kind: self.kind.get(),
            partners: self.partners.get(),
            follow_ups: self.follow_ups.values(),
        }
    }

    fn restore(&self, d: ActivityDraft) {
        for (signal, value) in self.texts().iter().zip(d.text) {
            signal.set(value);
        }
        self.kind.set(d.kind);
        self.partners.set(d.partners);
        self.follow_ups.set(d.follow_ups);
    }

    fn fill(&self, a: ActivityView) {
        let grades: Vec<String> = a.grades.iter().map(u8::to_string).collect();
        self.date.set(format_short(a.date));
        self.kind.set(a.kind);
        self.school
            .set(a.school.map(|s| s.to_string()).unwrap_or_default());
        self.area.set(a.area);
        self.grades.set(grades.join(", "));
        self.ages.set(a.ages.map(ages_text).unwrap_or_default());
        self.young.set(a.young.to_string());
        self.adults.set(a.adults.to_string());
        self.partners.set(a.partners);
        self.partner_other.set(a.partner_other);
        self.theme.set(a.theme);
        self.notes.set(a.notes);
        for f in a.follow_ups {
            self.follow_ups
                .add(Some(f.id), f.text, format_short(f.due), f.done);
        }
    }

    /// The typed values as a request; what cannot be read as a date, a
    /// number or an age range is reported on its field before anything is
    /// sent. An empty count is none.
    fn to_activity(self) -> Result<NewActivity, ApiError> {
        let count = |field: &str, s: String| match s.trim() {
            "" => Ok(0),
            s => s.parse::<u32>().map_err(|_| {
                ApiError::invalid(
                    field,
                    Problem::OutOfRange {
                        min: 0,
                        max: REACHED_MAX.into(),
                    },
                    "not a whole number",
                )
            }),
        };
        let grades = read_grades(&self.grades.get())?;
        let ages = match self.ages.get() {
            s if s.trim().is_empty() => None,
            s => Some(parse_ages(&s).ok_or_else(|| {
                ApiError::invalid(
                    "ages",
                    Problem::OutOfRange {
                        min: AGE_MIN.into(),
                        max: AGE_MAX.into(),
                    },
                    "not an age range",
                )
            })?),
        };
        Ok(NewActivity {
            date: read_date("date", &self.date.get())?,
            kind: self.kind.get(),
            school: self.school.get().parse().ok(),
            area: self.area.get(),
            grades,
            ages,
            young: count("young", self.young.get())?,
            adults: count("adults", self.adults.get())?,
            partners: self.partners.get(),
            partner_other: self.partner_other.get(),
            theme: self.theme.get(),
            notes: self.notes.get(),
            follow_ups: self.follow_ups.read(FOLLOW_UPS, |id, text, due, done| {
                ActivityFollowUpInput {
                    id,
                    text,
                    due,
                    done,
                }
            })?,
        })
    }
}

/// The activity's responsible member and the hand-over, once it has
/// loaded.
#[component]
fn ActivityOwner(id: ActivityId) -> impl IntoView {
    let activity = LocalResource::new(move || async move { call(&GetActivity { id }).await.ok() });
    move || {
        activity.get().flatten().map(|a| {
            view! { <crate::pages::owner::Owner record=id.to_string() owner=a.owner/> }
        })
    }
}

#[component]
pub fn ActivityForm(id: Option<ActivityId>) -> impl IntoView {
    let ui = ui();
    let f = Fields::new();
    let errors = FormErrors::new();
    let schools = crate::components::schools_resource(false);
    let key = match id {
        Some(id) => format!("activity:{id}"),
        None => "activity".to_owned(),
    };
    let draft = FormDraft::new(key, move || f.draft());
    leptos::task::spawn_local(async move {
        if let Some(id) = id {
            match call(&GetActivity { id }).await {
                Ok(a) => f.fill(a),
                Err(e) => errors.set(e),
            }
        }
        draft
            .restore(|d| f.restore(d), || untrack(|| f.draft()))
            .await;
    });
    let save = Action::new_local(move |a: &NewActivity| {
        let a = a.clone();
        async move {
            let r = match id {
                Some(id) => call(&UpdateActivity { id, activity: a }).await,
                None => call(&RecordActivity { activity: a }).await,
            };
            match r {
                Ok(_) => {
                    draft.discard();
                    ui.page.set(Page::Activities)
                }
                Err(e) => errors.set(e),
            }
        }
    });
    let cancel = move |_| {
        draft.discard();
        ui.page.set(Page::Activities)
    };
    let submit = errors.on_submit(
        move || f.to_activity(),
        move |v| {
            save.dispatch_idle(v);
        },
    );
    let title = match id {
        Some(_) => t("activity.edit_title"),
        None => t("activity.new_title"),
    };
    let shown: &'static [&'static str] = &[
        "date",
        "school",
        "area",
        "grades",
        "ages",
        "young",
        "adults",
        "partner_other",
        "theme",
        "notes",
        "follow_ups.",
    ];
    view! {
        <header class="page-head"><h1>{title}</h1></header>
        {id.map(|id| view! { <ActivityOwner id/> })}
        <crate::components::SchoolsReadFailed schools/>
        <form id="activity-form" class="form" on:submit=submit novalidate>
            <DraftRestored shown=draft.restored()/>
            <ErrorBanner message=Signal::derive(errors.general(shown))/>
            <WhatAndWhere f errors schools/>
            <Reached f errors/>
            <crate::components::PartnersFieldset partners=f.partners other=f.partner_other errors/>
            <Field name="notes" label=t("visit.notes") errors hint=t("activity.no_names")>
                <textarea id="notes" rows="3" bind:value=f.notes></textarea>
            </Field>
            <DatedRowsFieldset rows=f.follow_ups words=FOLLOW_UPS errors new_date=f.date/>
            <div class="form-actions">
                <button id="save-activity" class="button primary" type="submit" aria-disabled=move || busy(save.pending().get())>{t("common.save")}</button>
                <button id="cancel-activity" class="button secondary" type="button" on:click=cancel>{t("common.cancel")}</button>
                <DraftStatus saved_at=draft.saved_at()/>
            </div>
        </form>
    }
}

/// What and where: the day, the kind, the theme, the school or area.
#[component]
fn WhatAndWhere(
    f: Fields,
    errors: FormErrors,
    schools: LocalResource<Result<Vec<SchoolView>, ApiError>>,
) -> impl IntoView {
    view! {
        <div class="row">
            <Field name="date" label=t("visit.date") errors hint=t("activity.date_hint")>
                <input id="date" inputmode="numeric" bind:value=f.date placeholder=t("common.date_format")/>
            </Field>
            <div class="field">
                <label for="kind">{t("activity.kind")}</label>
                <select id="kind" on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse() { f.kind.set(k) } }>
                    {ActivityKind::ALL.iter().map(|k| view! {
                        <option value=k.as_str() selected=move || f.kind.get() == *k>{t(&format!("activity_kind.{k}"))}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field name="theme" label=t("activity.theme") errors hint=t("activity.theme_hint")>
                <input id="theme" bind:value=f.theme/>
            </Field>
        </div>
        <div class="row">
            <crate::components::SchoolOrArea school=f.school area=f.area schools errors
                none="activity.no_school" area_hint="activity.area_hint"/>
        </div>
    }
}

/// Whom it reached: the target group and the counts, never names.
#[component]
fn Reached(f: Fields, errors: FormErrors) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{t("activity.reached")}</legend>
            <div class="row narrow">
                <Field name="grades" label=t("cafe.grades") errors hint=t("cafe.grades_hint")>
                    <input id="grades" bind:value=f.grades placeholder="7, 8"/>
                </Field>
                <Field name="ages" label=t("activity.ages") errors hint=t("activity.ages_hint")>
                    <input id="ages" bind:value=f.ages placeholder="13–16"/>
                </Field>
                <Field name="young" label=t("activity.young") errors hint=t("cafe.parents_hint")>
                    <input id="young" inputmode="numeric" bind:value=f.young/>
                </Field>
                <Field name="adults" label=t("activity.adults") errors hint=t("activity.adults_hint")>
                    <input id="adults" inputmode="numeric" bind:value=f.adults/>
                </Field>
            </div>
        </fieldset>
    }
}
