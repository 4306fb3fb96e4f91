//! Closed lists of values with a stable English kebab-case word each.
//!
//! The word is what the command line accepts, what JSON carries and what the
//! database stores; the UI shows a Danish label looked up from the word.

/// Declares an enum whose variants each have one stable word.
macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable word for this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// The words, for help texts and error messages.
            pub fn words() -> String {
                [$($word),+].join(" ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim() {
                    $($word => Ok($name::$variant),)+
                    other => Err(format!("'{other}' is not one of: {}", $name::words())),
                }
            }
        }
    };
}

pub(crate) use word_enum;

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
