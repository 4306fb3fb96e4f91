//! A passphrase or recovery code on its way through the program.
//!
//! Zeroed when dropped, so the native side (shell, core) leaves no copy in
//! freed memory, and printed as `Secret(…)` by `Debug`, so no log line,
//! panic message or test failure shows it. On the wire it is a plain
//! string. (In the webview it is a JavaScript string, which nothing can
//! wipe; the UI drops it as soon as the call returns.)

use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text itself, for the one place that needs it (the key
    /// derivation, the screen that shows a new recovery code).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_nothing_and_the_wire_shows_the_text() {
        let s = Secret::from("grøn hest spiser æbler");
        assert_eq!(format!("{s:?}"), "Secret(…)");
        let json = serde_json::to_string(&s).unwrap_or_default();
        assert_eq!(json, "\"grøn hest spiser æbler\"");
        let back: Secret = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back.expose(), "grøn hest spiser æbler");
    }
}
