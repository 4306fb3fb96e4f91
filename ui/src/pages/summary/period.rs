//! The period a report covers, chosen as a coordinator thinks of it: a
//! kind (week, month, quarter, school half-year, school year, calendar
//! year, from–to) and arrows to the one before or after. Changing the kind
//! keeps the place in time: from week 48 to "Måned" is November, and the
//! current period keeps today inside it. From–to takes two dates typed the
//! Danish way.

use crate::components::{read_date, Field, FormErrors};
use crate::i18n::{language, t};
use chrono::NaiveDate;
use feltbog_api::dates::{format_range, format_short};
use feltbog_api::period::{PeriodKind, ReportPeriod, MIN_RANGE_DAYS};
use feltbog_api::{ApiError, Problem};
use leptos::prelude::*;

/// "Uge 48 · 23.–29. nov. 2026", "November 2026 · 1.–30. nov. 2026", or a
/// from–to period's days alone.
pub fn period_label(p: ReportPeriod) -> String {
    let lang = language();
    let days = p
        .days()
        .map(|(a, b)| format_range(a, b, lang))
        .unwrap_or_default();
    if p.kind() == PeriodKind::Range {
        return days;
    }
    let (key, args) = p.label(lang);
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    format!("{} · {days}", crate::i18n::tf(&key, &args))
}

/// The period of `kind` to show when the user switches to it: the one
/// holding today if the shown period does, else the one holding the shown
/// period's first day.
fn switched(
    shown: Option<ReportPeriod>,
    today: Option<NaiveDate>,
    kind: PeriodKind,
) -> Option<ReportPeriod> {
    let anchor = match (shown.and_then(|p| p.days()), today) {
        (Some((a, b)), Some(d)) if (a..=b).contains(&d) => d,
        (Some((a, _)), _) => a,
        (None, d) => d?,
    };
    Some(ReportPeriod::containing(kind, anchor))
}

#[component]
pub fn PeriodPicker(
    period: RwSignal<Option<ReportPeriod>>,
    today: RwSignal<Option<NaiveDate>>,
) -> impl IntoView {
    let kind = move || period.get().map_or(PeriodKind::Week, |p| p.kind());
    let current = move || today.get().map(|d| ReportPeriod::containing(kind(), d));
    let on_kind = move |ev: leptos::ev::Event| {
        if let Ok(k) = event_target_value(&ev).parse::<PeriodKind>() {
            let next = switched(period.get_untracked(), today.get_untracked(), k);
            if next.is_some() {
                period.set(next);
            }
        }
    };
    view! {
        <div class="toolbar period-picker" role="group" aria-label=t("summary.pick_period")>
            <div class="field inline">
                <label for="period-kind">{t("summary.period_kind")}</label>
                <select id="period-kind" on:change=on_kind>
                    {PeriodKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! {
                            <option value=k.as_str() selected=move || kind() == k>
                                {t(&format!("period.kind.{k}"))}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
            <div class="week-nav">
                <button id="prev-period" class="button icon" aria-label=t("summary.prev_period")
                    on:click=move |_| period.update(|p| if let Some(p) = p { *p = p.prev() })>"‹"</button>
                <span id="period-label" class="week-label" aria-live="polite">
                    {move || period.get().map(period_label).unwrap_or_default()}
                </span>
                <button id="next-period" class="button icon" aria-label=t("summary.next_period_button")
                    on:click=move |_| period.update(|p| if let Some(p) = p { *p = p.next() })>"›"</button>
            </div>
            <button id="this-period" class="button secondary"
                disabled=move || period.get() == current()
                on:click=move |_| period.set(current())>{t("summary.this_period")}</button>
        </div>
        {move || (kind() == PeriodKind::Range).then(|| view! { <RangeForm period/> })}
    }
}

/// Two dates and *Vis*: the from–to period. A date that is not one, or an
/// end before the start, is said beside its field; the shown period stays.
#[component]
fn RangeForm(period: RwSignal<Option<ReportPeriod>>) -> impl IntoView {
    let days = period.get_untracked().and_then(|p| p.days());
    let from = RwSignal::new(days.map(|(a, _)| format_short(a)).unwrap_or_default());
    let to = RwSignal::new(days.map(|(_, b)| format_short(b)).unwrap_or_default());
    let errors = FormErrors::new();
    let read = move || -> Result<ReportPeriod, ApiError> {
        let a = read_date("period_from", &from.get_untracked())?;
        let b = read_date("period_to", &to.get_untracked())?;
        if b < a {
            return Err(ApiError::invalid(
                "period_to",
                Problem::BeforeStart,
                "the end date is before the start date",
            ));
        }
        if (b - a).num_days() + 1 < MIN_RANGE_DAYS {
            return Err(ApiError::invalid(
                "period_to",
                Problem::TooShort {
                    min: MIN_RANGE_DAYS as u32,
                },
                "a from–to period has at least 7 days",
            ));
        }
        let p = ReportPeriod::Range { from: a, to: b };
        match p.days() {
            Some(_) => Ok(p),
            None => Err(ApiError::invalid(
                "period_from",
                Problem::DateOutOfRange,
                "outside the years Feltbog accepts",
            )),
        }
    };
    let submit = errors.on_submit(read, move |p| period.set(Some(p)));
    // Stepping with the arrows moves the typed days along.
    Effect::new(move |_| {
        if let Some((a, b)) = period.get().and_then(|p| p.days()) {
            from.set(format_short(a));
            to.set(format_short(b));
        }
    });
    view! {
        <form class="range-form" id="period-range" on:submit=submit novalidate>
            <Field name="period_from" label=t("calendar.from") errors>
                <input id="period_from" inputmode="numeric" autocomplete="off" bind:value=from
                    placeholder=t("common.date_format")/>
            </Field>
            <Field name="period_to" label=t("calendar.to") errors>
                <input id="period_to" inputmode="numeric" autocomplete="off" bind:value=to
                    placeholder=t("common.date_format")/>
            </Field>
            <button id="show-range" type="submit" class="button secondary">{t("summary.show_range")}</button>
        </form>
    }
}
