//! The one catalogue of user-facing texts (`assets/i18n/catalogue.tsv`):
//! one line per key with the Danish and the English text, tab-separated.
//! Parsed here so the UI and the exports (PDF, Excel, CSV) read the same
//! words.

use crate::profile::Language;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The catalogue as built into the program. Not into the UI's wasm: the
/// webview loads the same file beside the module (`ui/start.js`) and hands
/// it to [`install`], so 135 KB of text is neither compiled nor in the
/// module that loads before the unlock screen.
#[cfg(not(target_arch = "wasm32"))]
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
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| parse(CATALOGUE).unwrap_or_default())
}

/// In the UI's wasm: the catalogue [`install`] was given. Before that (it
/// is the first thing the UI does) every key shows itself, and a read then
/// does not stand in the way of the install.
#[cfg(target_arch = "wasm32")]
pub fn builtin() -> &'static Texts {
    static NONE: OnceLock<Texts> = OnceLock::new();
    INSTALLED
        .get()
        .unwrap_or_else(|| NONE.get_or_init(Texts::new))
}

#[cfg(target_arch = "wasm32")]
static INSTALLED: OnceLock<Texts> = OnceLock::new();

/// Gives the UI's wasm its catalogue, read from the file beside it; kept
/// for the life of the page. Fails on a catalogue that does not parse, or
/// when one is already in use.
#[cfg(target_arch = "wasm32")]
pub fn install(src: String) -> Result<(), String> {
    let texts = parse(Box::leak(src.into_boxed_str()))?;
    INSTALLED
        .set(texts)
        .map_err(|_| "the catalogue is already installed".to_owned())
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

/// An access-log entry's detail in words, for the log page and the access
/// pack alike: a count of wrong passphrases, the kinds a retention purge
/// deleted, the rules changed, a date, or a stored word (a step, a
/// decision, "indsigt") by its catalogue name; anything else as stored.
pub fn access_detail(action: crate::cases::Access, detail: &str, lang: Language) -> String {
    use crate::cases::Access;
    let texts = builtin();
    if detail.is_empty() {
        return String::new();
    }
    match action {
        Access::UnlockFailed => {
            return fill(text(texts, "detail.unlock_failed", lang), &[("n", detail)])
        }
        Access::Retention => {
            // "visits=3 access_log=120": how many of each kind.
            return detail
                .split(' ')
                .filter_map(|part| part.split_once('='))
                .map(|(kind, n)| {
                    fill(
                        text(texts, &format!("retention.count_{kind}"), lang),
                        &[("n", n)],
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
        }
        Access::Import => {
            let n = detail.parse().unwrap_or(0);
            return count(texts, "detail.import_rows", n, lang);
        }
        Access::Rules => {
            return detail
                .split(',')
                .map(|r| text(texts, &format!("rule.{r}"), lang))
                .collect::<Vec<_>>()
                .join(", ")
        }
        _ => {}
    }
    if let Ok(d) = detail.parse::<chrono::NaiveDate>() {
        return crate::dates::format_short(d);
    }
    ["step", "decision", "detail"]
        .iter()
        .map(|prefix| format!("{prefix}.{detail}"))
        .find(|key| texts.contains_key(key.as_str()))
        .map_or_else(|| detail.to_owned(), |key| text(texts, &key, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::Access;

    #[test]
    fn the_builtin_catalogue_parses() {
        assert!(parse(CATALOGUE).is_ok());
        assert!(builtin().len() > 500);
    }

    #[test]
    fn a_log_detail_reads_in_words() {
        let da = Language::Da;
        assert_eq!(access_detail(Access::Change, "held", da), "Samtale holdt");
        assert_eq!(
            access_detail(Access::Export, "indsigt", da),
            "Indsigt (PDF)"
        );
        assert_eq!(
            access_detail(Access::Postpone, "2029-03-01", da),
            "01-03-2029"
        );
        assert_eq!(access_detail(Access::View, "", da), "");
        assert_eq!(
            access_detail(Access::Import, "3", da),
            "3 underretninger venter"
        );
        assert_eq!(
            access_detail(Access::Create, "from-list", da),
            "Oprettet fra politiets liste"
        );
        assert_eq!(
            access_detail(Access::Export, "2026-W48 pdf", da),
            "2026-W48 pdf",
            "anything else as stored"
        );
        assert_eq!(
            access_detail(Access::UnlockFailed, "3", Language::En),
            text(builtin(), "detail.unlock_failed", Language::En).replace("{n}", "3")
        );
    }
}
