//! The one catalogue of user-facing texts (`assets/i18n/catalogue.tsv`):
//! one line per key with the Danish and the English text, tab-separated.
//! Parsed here so the UI and the exports (PDF, Excel, CSV) read the same
//! words.

use crate::profile::Language;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The catalogue as built into the program.
pub const CATALOGUE: &str = include_str!("../../../assets/i18n/catalogue.tsv");

/// Key → (Danish, English).
pub type Texts = HashMap<&'static str, (&'static str, &'static str)>;

/// Parses the catalogue: `key<TAB>dansk<TAB>english`; `#` starts a comment.
pub fn parse(src: &'static str) -> Result<Texts, String> {
    let mut map = HashMap::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        match (cols.next(), cols.next(), cols.next(), cols.next()) {
            (Some(k), Some(da), Some(en), None)
                if !k.is_empty() && !da.is_empty() && !en.is_empty() =>
            {
                if map.insert(k, (da, en)).is_some() {
                    return Err(format!("line {}: key {k} appears twice", n + 1));
                }
            }
            _ => return Err(format!("line {}: expected key, Danish and English", n + 1)),
        }
    }
    Ok(map)
}

/// The text for `key` in `lang`; a missing key shows itself, so the gap
/// is visible (and the catalogue tests fail).
pub fn text(texts: &Texts, key: &str, lang: Language) -> String {
    match texts.get(key) {
        Some((da, en)) => match lang {
            Language::Da => (*da).to_owned(),
            Language::En => (*en).to_owned(),
        },
        None => key.to_owned(),
    }
}

/// `text` with `{name}` placeholders filled in.
pub fn fill(text: String, args: &[(&str, &str)]) -> String {
    args.iter()
        .fold(text, |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

/// The built-in catalogue, parsed once: the words of the exports, the
/// search index's labels and the shell's native texts (a dialog's title,
/// the reminder). The catalogue is part of the program; its test makes
/// sure it parses, so an error here can only leave every key showing
/// itself.
pub fn builtin() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| parse(CATALOGUE).unwrap_or_default())
}

/// A count in words from `<key>_one` and `<key>_many`, each with `{n}`
/// ("1 samtale" / "3 samtaler").
pub fn count(texts: &Texts, key: &str, n: u32, lang: Language) -> String {
    let form = if n == 1 { "one" } else { "many" };
    fill(
        text(texts, &format!("{key}_{form}"), lang),
        &[("n", &n.to_string())],
    )
}
