//! Encrypted drafts for any form: the form's state is saved (through the
//! shell, into the encrypted profile) a moment after typing stops, so an
//! idle lock or a crash loses nothing, and read back when the form opens.
//!
//! Every edit form does it the same way, through [`FormDraft`]: made once
//! with the form's key and its state, restored once the form shows what it
//! edits, discarded when the form is saved or cancelled; [`DraftRestored`]
//! at the top of the form and [`DraftStatus`] beside its buttons.

use crate::ipc::call;
use feltbog_api::commands::{DiscardDraft, GetDraft, SaveDraft};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// One form's draft. `Copy`, so the form's closures can each hold it.
pub struct FormDraft<B: Send + Sync + 'static> {
    /// Plain data, not a signal: a save that returns after the form has
    /// closed must still be able to discard its draft.
    key: &'static str,
    saved: Saved<B>,
    restored: RwSignal<bool>,
    saved_at: DraftSavedAt,
}

impl<B: Send + Sync + 'static> Clone for FormDraft<B> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<B: Send + Sync + 'static> Copy for FormDraft<B> {}

impl<B> FormDraft<B>
where
    B: Serialize + DeserializeOwned + PartialEq + Clone + Send + Sync + 'static,
{
    /// The draft of the form kept under `key` ("visit", "visit:<id>"),
    /// saved whenever `body()` changes once the form has been restored.
    pub fn new(key: impl Into<String>, body: impl Fn() -> B + 'static) -> Self {
        let key = intern(key.into());
        let saved = StoredValue::new(None);
        let saved_at = autosave(body, key, saved);
        Self {
            key,
            saved,
            restored: RwSignal::new(false),
            saved_at,
        }
    }

    /// Call once the form shows the stored record (or is empty): puts a
    /// stored draft on top with `restore`; what the form then shows
    /// (`current()`) counts as saved, so only typing saves again.
    pub async fn restore(self, restore: impl FnOnce(B), current: impl FnOnce() -> B) {
        restore_draft(
            self.key.to_owned(),
            self.saved,
            self.restored,
            restore,
            current,
        )
        .await;
    }

    /// [`FormDraft::restore`] for a form that has nothing to read first.
    pub fn restore_now(
        self,
        restore: impl FnOnce(B) + 'static,
        current: impl FnOnce() -> B + 'static,
    ) {
        leptos::task::spawn_local(self.restore(restore, current));
    }

    /// Forgets the draft: the form was saved or cancelled.
    pub fn discard(self) {
        discard_draft(self.key);
    }

    /// Whether a draft was put on top of the form, for [`DraftRestored`].
    pub fn restored(self) -> RwSignal<bool> {
        self.restored
    }

    /// When the draft was last saved, for [`DraftStatus`].
    pub fn saved_at(self) -> DraftSavedAt {
        self.saved_at
    }
}

/// The form's key, kept for the life of the app: one short string per
/// record opened for editing, so a handle to it can be `Copy` and outlive
/// the form.
fn intern(key: String) -> &'static str {
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashSet<&'static str>> =
            std::cell::RefCell::new(std::collections::HashSet::new());
    }
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        match keys.get(key.as_str()) {
            Some(k) => *k,
            None => {
                let k: &'static str = Box::leak(key.into_boxed_str());
                keys.insert(k);
                k
            }
        }
    })
}

/// "Din kladde er gendannet" at the top of a form whose draft was restored.
#[component]
pub fn DraftRestored(shown: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || shown.get()>
            <p id="draft-restored" class="banner info" role="status">{crate::i18n::t("draft.restored")}</p>
        </Show>
    }
}

/// What was last saved or loaded for one form; `None` until the form has
/// loaded, so filling it in does not count as typing.
type Saved<B> = StoredValue<Option<B>>;

/// When the draft was last saved (the local time, "10:12"), for
/// [`DraftStatus`].
pub type DraftSavedAt = RwSignal<Option<String>>;

/// Saves `body()` under `form` whenever it changes from what was last saved;
/// answers when it last did, to show beside the form's buttons.
fn autosave<B>(body: impl Fn() -> B + 'static, form: &'static str, saved: Saved<B>) -> DraftSavedAt
where
    B: Serialize + PartialEq + Clone + Send + Sync + 'static,
{
    let saved_at: DraftSavedAt = RwSignal::new(None);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let current = body();
        if saved.with_value(|b| b.as_ref().is_none_or(|b| *b == current)) {
            return;
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                match generation.try_get_value() {
                    // The form closed (saved or cancelled) before the pause
                    // ended: its draft is discarded, not saved again.
                    None => return,
                    Some(g) if g != mine => return, // newer typing will save
                    Some(_) => {}
                }
                let Ok(json) = serde_json::to_string(&current) else {
                    return;
                };
                saved.set_value(Some(current));
                in_flight::started(form);
                leptos::task::spawn_local(async move {
                    let answer = call(&SaveDraft {
                        form: form.to_owned(),
                        body: json,
                    })
                    .await;
                    if in_flight::ended(form) {
                        discard_draft(form);
                        return;
                    }
                    if answer.is_ok() {
                        let now = js_sys::Date::new_0();
                        saved_at.set(Some(format!(
                            "{:02}:{:02}",
                            now.get_hours(),
                            now.get_minutes()
                        )));
                    }
                });
            },
            std::time::Duration::from_millis(700),
        );
    });
    saved_at
}

/// "Kladde gemt 10:12" once the form's draft is saved: the consultant
/// sees that a lock or a crash now loses nothing.
#[component]
pub fn DraftStatus(saved_at: DraftSavedAt) -> impl IntoView {
    move || {
        saved_at.get().map(|at| {
            view! {
                <span id="draft-saved" class="draft-status" role="status">
                    {crate::i18n::tf("draft.saved", &[("at", &at)])}
                </span>
            }
        })
    }
}

/// The stored draft for `form`, if there is one that this version can read.
async fn load_draft<B: DeserializeOwned>(form: String) -> Option<B> {
    let stored = call(&GetDraft { form }).await.ok().flatten()?;
    serde_json::from_str(&stored).ok()
}

/// Call once the form shows the stored record (or is empty): puts a draft
/// for `form` on top (a draft is newer than what was saved) and says so in
/// `restored`. Either way what the form now shows counts as saved, so only
/// typing saves a draft again.
async fn restore_draft<B>(
    form: String,
    saved: Saved<B>,
    restored: RwSignal<bool>,
    restore: impl FnOnce(B),
    current: impl FnOnce() -> B,
) where
    B: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let draft = load_draft::<B>(form).await;
    if restored.is_disposed() {
        return; // the form closed while its draft was read
    }
    match draft {
        Some(d) => {
            restore(d.clone());
            restored.set(true);
            saved.set_value(Some(d));
        }
        None => saved.set_value(Some(current())),
    }
}

/// Forgets the draft for `form` (after saving or cancelling the form), and
/// again once a save of it still on its way has landed: the shell runs
/// commands side by side, so that save could otherwise come after the
/// discard and leave the draft of a form already saved (refilled the next
/// time the form opens, it could be saved twice).
fn discard_draft(form: &'static str) {
    in_flight::discard_after(form);
    leptos::task::spawn_local(async move {
        let form = form.to_owned();
        let _ = call(&DiscardDraft { form }).await;
    });
}

/// The drafts being saved, by form key, and whether each was discarded
/// meanwhile. Kept outside the form (which has closed by then).
mod in_flight {
    use std::cell::RefCell;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Saving {
        count: u32,
        discarded: bool,
    }

    thread_local! {
        static SAVING: RefCell<HashMap<&'static str, Saving>> = RefCell::new(HashMap::new());
    }

    pub fn started(form: &'static str) {
        SAVING.with(|s| s.borrow_mut().entry(form).or_default().count += 1);
    }

    /// A save of `form` has landed; answers whether the draft must now be
    /// discarded (it was while this was the last save on its way).
    pub fn ended(form: &'static str) -> bool {
        SAVING.with(|s| {
            let mut s = s.borrow_mut();
            let Some(saving) = s.get_mut(form) else {
                return false;
            };
            saving.count = saving.count.saturating_sub(1);
            if saving.count > 0 {
                return false;
            }
            let discard = saving.discarded;
            s.remove(form);
            discard
        })
    }

    /// The draft of `form` is discarded: if a save is on its way, the
    /// discard is sent again after it.
    pub fn discard_after(form: &'static str) {
        SAVING.with(|s| {
            if let Some(saving) = s.borrow_mut().get_mut(form) {
                saving.discarded = true;
            }
        })
    }
}
