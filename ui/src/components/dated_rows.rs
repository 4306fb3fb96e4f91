//! The dated rows a form keeps below its fields: a visit's follow-ups, a
//! café's agreements. Each row is a text, a date and "done"; rows are added
//! and removed in the form and saved with it.
//!
//! One component for both, so what one form's rows do (errors tied to
//! their inputs, the focus following a new or removed row) the other's do
//! too.

use crate::components::{focus_soon, read_date, FormErrors};
use crate::i18n::t;
use chrono::NaiveDate;
use feltbog_api::ApiError;
use leptos::prelude::*;

/// What one form calls its rows: the field's name in errors, the ids'
/// prefix, and the catalogue keys of its words.
#[derive(Clone, Copy)]
pub struct RowWords {
    /// The list's name in errors: "follow_ups" (`follow_ups.2.due`).
    pub field: &'static str,
    /// The date's name in errors, and in the ids: "due", "revisit".
    pub date_field: &'static str,
    /// The ids' prefix: "fu" makes `fu-text-0`, `fu-due-0`, `add-…`.
    pub id: &'static str,
    /// The add button's id.
    pub add_id: &'static str,
    pub legend: &'static str,
    pub hint: &'static str,
    pub text: &'static str,
    pub date: &'static str,
    pub done: &'static str,
    pub remove: &'static str,
    pub add: &'static str,
}

/// One row: `key` keeps it apart from its neighbours while rows are added
/// and removed; `id` is the stored item's, `None` for a new one.
pub struct DatedRow<Id: Send + Sync + 'static> {
    key: u32,
    id: Option<Id>,
    text: RwSignal<String>,
    date: RwSignal<String>,
    done: RwSignal<bool>,
}

impl<Id: Copy + Send + Sync + 'static> Clone for DatedRow<Id> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Id: Copy + Send + Sync + 'static> Copy for DatedRow<Id> {}

/// A row as plain values (a draft keeps these): id, text, date as typed, done.
pub type RowValues<Id> = (Option<Id>, String, String, bool);

/// A form's rows.
pub struct DatedRows<Id: Send + Sync + 'static> {
    rows: RwSignal<Vec<DatedRow<Id>>>,
    next_key: StoredValue<u32>,
}

impl<Id: Send + Sync + 'static> Clone for DatedRows<Id> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Id: Send + Sync + 'static> Copy for DatedRows<Id> {}

impl<Id: Copy + Send + Sync + 'static> DatedRows<Id> {
    pub fn new() -> Self {
        Self {
            rows: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        }
    }

    /// Adds a row at the end.
    pub fn add(&self, id: Option<Id>, text: String, date: String, done: bool) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        let row = DatedRow {
            key,
            id,
            text: RwSignal::new(text),
            date: RwSignal::new(date),
            done: RwSignal::new(done),
        };
        self.rows.update(|r| r.push(row));
    }

    /// Replaces every row (a draft restored).
    pub fn set(&self, values: Vec<RowValues<Id>>) {
        self.rows.set(Vec::new());
        for (id, text, date, done) in values {
            self.add(id, text, date, done);
        }
    }

    /// The rows as plain values, read reactively (the draft's autosave
    /// re-runs on typing in a row).
    pub fn values(&self) -> Vec<RowValues<Id>> {
        self.rows
            .get()
            .iter()
            .map(|r| (r.id, r.text.get(), r.date.get(), r.done.get()))
            .collect()
    }

    /// The rows as the request's items; a date that cannot be read is
    /// reported on its row (`<field>.<i>.<date_field>`).
    pub fn read<T>(
        &self,
        words: RowWords,
        item: impl Fn(Option<Id>, String, NaiveDate, bool) -> T,
    ) -> Result<Vec<T>, ApiError> {
        self.rows
            .get()
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let field = format!("{}.{i}.{}", words.field, words.date_field);
                let date = read_date(&field, &r.date.get())?;
                Ok(item(r.id, r.text.get(), date, r.done.get()))
            })
            .collect()
    }
}

impl<Id: Copy + Send + Sync + 'static> Default for DatedRows<Id> {
    fn default() -> Self {
        Self::new()
    }
}

/// The rows as a fieldset, with an add button. A new row takes a copy of
/// `new_date` (the visit's or the café's date) and the focus; removing a
/// row hands the focus to the add button.
#[component]
pub fn DatedRowsFieldset<Id>(
    rows: DatedRows<Id>,
    words: RowWords,
    errors: FormErrors,
    new_date: RwSignal<String>,
) -> impl IntoView
where
    Id: Copy + Send + Sync + 'static,
{
    let add = move |_| {
        rows.add(None, String::new(), new_date.get(), false);
        let last = rows.rows.with_untracked(Vec::len).saturating_sub(1);
        focus_soon(format!("{}-text-{last}", words.id));
    };
    view! {
        <fieldset class="follow-ups">
            <legend>{t(words.legend)}</legend>
            <p class="hint">{t(words.hint)}</p>
            {move || rows.rows.get().into_iter().enumerate().map(|(i, row)| {
                view! { <OneRow rows row i words errors/> }
            }).collect_view()}
            <button id=words.add_id type="button" class="button secondary" on:click=add>
                {t(words.add)}
            </button>
        </fieldset>
    }
}

#[component]
fn OneRow<Id>(
    rows: DatedRows<Id>,
    row: DatedRow<Id>,
    i: usize,
    words: RowWords,
    errors: FormErrors,
) -> impl IntoView
where
    Id: Copy + Send + Sync + 'static,
{
    let RowWords { id, date_field, .. } = words;
    let text_id = format!("{id}-text-{i}");
    let date_id = format!("{id}-{date_field}-{i}");
    let text_err = errors.for_field(format!("{}.{i}.text", words.field));
    let date_err = errors.for_field(format!("{}.{i}.{date_field}", words.field));
    let key = row.key;
    let remove = move |_| {
        rows.rows.update(|r| r.retain(|r| r.key != key));
        focus_soon(words.add_id);
    };
    view! {
        <div class="follow-up-row">
            <div class="field grow">
                <label for=text_id.clone()>{t(words.text)}</label>
                <input id=text_id.clone() class=format!("{id}-text") bind:value=row.text
                    aria-describedby=format!("{text_id}-error")
                    aria-invalid={let e = text_err.clone(); move || e().map(|_| "true")}/>
                <p class="field-error" id=format!("{text_id}-error") role="alert">{text_err}</p>
            </div>
            <div class="field date">
                <label for=date_id.clone()>{t(words.date)}</label>
                <input id=date_id.clone() class=format!("{id}-{date_field}") inputmode="numeric"
                    bind:value=row.date placeholder=t("common.date_format")
                    aria-describedby=format!("{date_id}-error")
                    aria-invalid={let e = date_err.clone(); move || e().map(|_| "true")}/>
                <p class="field-error" id=format!("{date_id}-error") role="alert">{date_err}</p>
            </div>
            <label class="check fu-done">
                <input type="checkbox" bind:checked=row.done/>
                <span>{t(words.done)}</span>
            </label>
            <button type="button" class="button ghost" aria-label=t(words.remove) on:click=remove>
                {t("common.remove")}
            </button>
        </div>
    }
}
