//! A labelled form field that shows its own error beside it, and the error
//! state a form keeps.

use crate::i18n::error_text;
use feltbog_api::ApiError;
use leptos::prelude::*;

/// A date as typed (dd-mm-åååå), or the error to show beside `field`.
pub fn read_date(field: &str, s: &str) -> Result<chrono::NaiveDate, ApiError> {
    feltbog_api::dates::parse_user_date(s)
        .ok_or_else(|| ApiError::invalid(field, feltbog_api::Problem::NotADate, "not a date"))
}

/// Grades as typed, "7, 8" or "7. 8.", for the field `grades`.
pub fn read_grades(s: &str) -> Result<Vec<u8>, ApiError> {
    s.split([',', ' '])
        .filter(|g| !g.trim().is_empty())
        .map(|g| g.trim().trim_end_matches('.').parse::<u8>())
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| {
            ApiError::invalid(
                "grades",
                feltbog_api::Problem::OutOfRange { min: 0, max: 10 },
                "not a grade",
            )
        })
}

/// The last error of a form: shown beside its field if it names one,
/// otherwise above the form.
#[derive(Clone, Copy)]
pub struct FormErrors(pub RwSignal<Option<ApiError>>);

impl FormErrors {
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }

    pub fn set(&self, e: ApiError) {
        self.0.set(Some(e));
    }

    pub fn clear(&self) {
        self.0.set(None);
    }

    /// A form's submit handler: stops the browser's own submit, clears the
    /// last error, then sends what `read` makes of the typed values, or
    /// shows why they could not be read.
    pub fn on_submit<T: 'static>(
        self,
        read: impl Fn() -> Result<T, ApiError> + 'static,
        send: impl Fn(T) + 'static,
    ) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
        move |ev| {
            ev.prevent_default();
            self.clear();
            match read() {
                Ok(v) => send(v),
                Err(e) => self.set(e),
            }
        }
    }

    /// The message for `field`, if the current error is about it.
    pub fn for_field(
        &self,
        field: impl Into<String>,
    ) -> impl Fn() -> Option<String> + Clone + 'static {
        let errors = self.0;
        let field: String = field.into();
        move || {
            errors.with(|e| {
                e.as_ref()
                    .filter(|e| e.field() == Some(field.as_str()))
                    .map(error_text)
            })
        }
    }

    /// The message for an error that names no field the form shows. `shown`
    /// lists the fields shown beside their inputs; an entry ending in '.'
    /// covers every field it prefixes (e.g. "follow_ups.").
    pub fn general(
        &self,
        shown: &'static [&'static str],
    ) -> impl Fn() -> Option<String> + Copy + 'static {
        let errors = self.0;
        move || {
            errors.with(|e| {
                e.as_ref()
                    .filter(|e| {
                        e.field().is_none_or(|f| {
                            !shown
                                .iter()
                                .any(|s| *s == f || (s.ends_with('.') && f.starts_with(s)))
                        })
                    })
                    .map(error_text)
            })
        }
    }
}

/// A label, the input given as children, an optional hint, and the error for
/// `name` right under it. The input must have `id=name`, or `id=input_id`
/// where two forms on one page share a field name.
///
/// The input is tied to its hint and its error for a screen reader: it is
/// described by both (`aria-describedby`) and marked invalid while the
/// error shows (`aria-invalid`), and the error is announced when it
/// appears (`role="alert"`).
#[component]
pub fn Field(
    #[prop(into)] name: String,
    label: String,
    errors: FormErrors,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional, into)] input_id: Option<String>,
    children: Children,
) -> impl IntoView {
    let err = errors.for_field(name.clone());
    let has_error = {
        let err = err.clone();
        move || err().is_some()
    };
    let id = input_id.unwrap_or(name);
    let err_id = format!("{id}-error");
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let ours: Vec<String> = hint_id.iter().cloned().chain([err_id.clone()]).collect();
    let node = NodeRef::<leptos::html::Div>::new();
    {
        let (id, has_error) = (id.clone(), has_error.clone());
        Effect::new(move |_| {
            let invalid = has_error();
            let input = node
                .get()
                .and_then(|div| div.query_selector(&format!("[id='{id}']")).ok().flatten());
            if let Some(input) = input {
                // Added to what the input names itself (a strength meter).
                let mut described = input.get_attribute("aria-describedby").unwrap_or_default();
                for id in &ours {
                    if !described.split_whitespace().any(|d| d == id) {
                        described = format!("{described} {id}").trim().to_string();
                    }
                }
                let _ = input.set_attribute("aria-describedby", &described);
                let _ = if invalid {
                    input.set_attribute("aria-invalid", "true")
                } else {
                    input.remove_attribute("aria-invalid")
                };
            }
        });
    }
    view! {
        <div class="field" class:has-error=has_error node_ref=node>
            <label for=id>{label}</label>
            {children()}
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=err_id role="alert">{err}</p>
        </div>
    }
}

/// An error not tied to one field, shown at the top of a form.
#[component]
pub fn ErrorBanner(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <div class="banner error" role="alert">{move || message.get()}</div>
        </Show>
    }
}
