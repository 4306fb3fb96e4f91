//! Before the window: the webview the app draws in. On Windows that is
//! Microsoft's WebView2 runtime. Windows 11 and an up-to-date Windows 10
//! have it, but a municipality's locked-down image may not, and then
//! Tauri's setup fails with "Could not find the webview runtime" where the
//! user sees nothing (a release build has no console). So the app asks
//! first and, where it is missing, says in a message box drawn by Windows
//! itself what to ask IT for, and exits. On Linux the package manager
//! installed WebKitGTK with the app.
//!
//! The profile's language is inside the locked profile, so the message is
//! in Danish with the English below it.

use feltbog_api::catalogue::{builtin, text};
use feltbog_api::profile::Language;

/// The message box's title and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub title: String,
    pub body: String,
}

/// What the user is told when the runtime is missing: why Feltbog cannot
/// start, what to ask IT for, and that their data is safe; Danish first.
pub fn missing_words() -> Missing {
    let texts = builtin();
    let part = |lang| {
        [
            "webview.missing_why",
            "webview.missing_ask",
            "webview.missing_safe",
        ]
        .map(|key| text(texts, key, lang))
        .join("\n\n")
    };
    Missing {
        title: text(texts, "webview.missing_title", Language::Da),
        body: format!("{}\n\n―――\n\n{}", part(Language::Da), part(Language::En)),
    }
}

/// Whether the webview runtime the app needs is missing here.
pub fn missing() -> bool {
    cfg!(windows) && tauri::webview_version().is_err()
}

/// Says [`missing_words`] in a native message box and waits for OK.
pub fn say_missing() {
    let words = missing_words();
    eprintln!("feltbog: {}\n{}", words.title, words.body);
    show(&words);
}

#[cfg(windows)]
fn show(words: &Missing) {
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(words.title.as_str())
        .set_description(words.body.as_str())
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

/// Nothing to draw elsewhere: the runtime is never missing there.
#[cfg(not(windows))]
fn show(_: &Missing) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_says_what_to_ask_it_for_in_danish_then_english() {
        let m = missing_words();
        assert_eq!(m.title, "Feltbog kan ikke starte");
        let da = m.body.find("Bed kommunens IT").unwrap();
        let en = m.body.find("Ask your IT department").unwrap();
        assert!(da < en);
        assert_eq!(m.body.matches("Microsoft Edge WebView2 Runtime").count(), 2);
        assert!(m.body.contains("Dine data er ikke berørt."));
        assert!(!m.body.contains("webview."), "a key without its text");
    }

    #[test]
    fn on_linux_the_runtime_is_never_missing() {
        assert!(cfg!(windows) || !missing());
    }
}
