//! A case's sensitive values never come from arguments. The shell's
//! history and every process listing (`ps`, `/proc/*/cmdline`) keep a
//! command's arguments in the clear, where neither the profile's encryption
//! nor its deletion on time reaches. So initials, CPR, the journal number,
//! the conversation's notes, outcomes and reasons are asked for on a
//! terminal (CPR without echo), or read as one JSON object from
//! `--input FILE` or `--input -` (stdin) by scripts.

use crate::common::Result;
use feltbog_api::{ApiError, ErrorKind, Problem};
use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Read};
use zeroize::Zeroizing;

/// The most a `--input` file may hold: a case's notes are a few pages at
/// most, and a larger file is a mistake (the wrong file), not a case.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// One sensitive value a command takes.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The JSON key, and the name errors use.
    pub key: &'static str,
    /// What the terminal prompt says.
    pub prompt: &'static str,
    pub required: bool,
    /// Typed without echo (a CPR number).
    pub hidden: bool,
}

impl Field {
    pub const fn new(key: &'static str, prompt: &'static str) -> Self {
        Self {
            key,
            prompt,
            required: false,
            hidden: false,
        }
    }
    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }
    pub const fn hidden(self) -> Self {
        Self {
            hidden: true,
            ..self
        }
    }
}

/// The values given, zeroed when dropped.
#[derive(Default)]
pub struct Values(BTreeMap<&'static str, Zeroizing<String>>);

impl Values {
    /// The value for `key`, or empty when it was not given.
    pub fn take(&mut self, key: &str) -> String {
        self.0
            .remove(key)
            .map(|v| v.as_str().to_owned())
            .unwrap_or_default()
    }
}

/// Where the values come from: `--input` when given, else the terminal,
/// else nothing (then a required value is an error that says how to give
/// it).
pub fn gather(input: Option<&str>, fields: &[Field]) -> Result<Values> {
    match input {
        Some(source) => parse(&read_source(source)?, fields),
        None if std::io::stdin().is_terminal() => ask(fields),
        None => match fields.iter().find(|f| f.required) {
            Some(f) => Err(missing(f, fields)),
            None => Ok(Values::default()),
        },
    }
}

/// Refuses a value given the old way, as an argument, and says how to give
/// it now. The value is already in the shell's history by then; the message
/// says so, so the user can clear it.
pub fn refuse_inline(flag: &str, key: &str, given: &Option<String>) -> Result<()> {
    if given.is_none() {
        return Ok(());
    }
    Err(ApiError::invalid(
        flag,
        Problem::NotAllowed,
        format!(
            "{flag}: is no longer taken as an argument: arguments stay in the shell's history and \
             in process listings, outside the encryption. Leave it out to be asked for it, or give \
             it as JSON with --input FILE or --input - (stdin), e.g. {{\"{key}\": \"…\"}}. Consider \
             removing the line from your shell history"
        ),
    ))
}

/// Parses the JSON object of `--input`: only the keys this command takes,
/// each a string. Pure, so it can be fuzzed.
pub fn parse(bytes: &[u8], fields: &[Field]) -> Result<Values> {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(bytes).map_err(|e| {
            ApiError::invalid(
                "--input",
                Problem::NotAllowed,
                format!(
                    "--input: not a JSON object ({e}); expected e.g. {{\"{}\": \"…\"}}",
                    fields.first().map(|f| f.key).unwrap_or("key")
                ),
            )
        })?;
    let mut values = Values::default();
    for (key, value) in map {
        let Some(field) = fields.iter().find(|f| f.key == key) else {
            return Err(ApiError::invalid(
                "--input",
                Problem::NotAllowed,
                format!(
                    "--input: this command does not take \"{}\"; it takes {}",
                    key.chars().take(40).collect::<String>(),
                    names(fields)
                ),
            ));
        };
        let serde_json::Value::String(text) = value else {
            let name = field_name(field.key);
            return Err(ApiError::invalid(
                &name,
                Problem::NotAllowed,
                format!("{name}: must be a text in quotes"),
            ));
        };
        values.0.insert(field.key, Zeroizing::new(text));
    }
    match fields
        .iter()
        .find(|f| f.required && values.0.get(f.key).is_none_or(|v| v.trim().is_empty()))
    {
        Some(f) => Err(missing(f, fields)),
        None => Ok(values),
    }
}

fn read_source(source: &str) -> Result<Zeroizing<Vec<u8>>> {
    let mut bytes = Zeroizing::new(Vec::new());
    let read = if source == "-" {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(source)
            .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| ApiError::new(ErrorKind::Io, format!("--input: cannot read {source}: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ApiError::invalid(
            "--input",
            Problem::TooLong {
                max: MAX_INPUT_BYTES as u32,
            },
            format!("--input: {source} is larger than 1 MiB; is it the right file?"),
        ));
    }
    Ok(bytes)
}

fn ask(fields: &[Field]) -> Result<Values> {
    let mut values = Values::default();
    let stdin = std::io::stdin();
    for f in fields {
        let optional = if f.required { "" } else { " (Enter to skip)" };
        let prompt = format!("{}{optional}: ", f.prompt);
        let text = if f.hidden {
            Zeroizing::new(rpassword::prompt_password(&prompt).map_err(io_error)?)
        } else {
            eprint!("{prompt}");
            let mut line = Zeroizing::new(String::new());
            stdin.lock().read_line(&mut line).map_err(io_error)?;
            line
        };
        let text = Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_owned());
        if f.required && text.trim().is_empty() {
            return Err(missing(f, fields));
        }
        values.0.insert(f.key, text);
    }
    Ok(values)
}

fn missing(f: &Field, fields: &[Field]) -> ApiError {
    let name = field_name(f.key);
    ApiError::invalid(
        &name,
        Problem::Required,
        format!(
            "{name}: is required. Run the command in a terminal to be asked for it, or give it as \
             JSON with --input FILE or --input - (this command takes {})",
            names(fields)
        ),
    )
}

/// How errors name a value that came from `--input` or the prompt
/// (`flag_for` shows it as `"initials" (--input or the prompt)`).
pub fn field_name(key: &str) -> String {
    format!("input.{key}")
}

/// Renames a sensitive field in an error from core, so the message points
/// at `--input` rather than at a flag that no longer exists. `fields` are
/// the command's keys; core's "other" is the decision's "text".
pub fn rename_field(e: ApiError, fields: &[&str]) -> ApiError {
    let ErrorKind::Invalid { field, problem } = &e.kind else {
        return e;
    };
    let key = if field == "other" {
        "text"
    } else {
        field.as_str()
    };
    if !fields.contains(&key) {
        return e;
    }
    let name = field_name(key);
    let message = e
        .message
        .strip_prefix(&format!("{field}: "))
        .unwrap_or(&e.message);
    ApiError::invalid(&name, problem.clone(), format!("{name}: {message}"))
}

fn names(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| format!("\"{}\"", f.key))
        .collect::<Vec<_>>()
        .join(", ")
}

fn io_error(e: std::io::Error) -> ApiError {
    ApiError::new(ErrorKind::Io, format!("cannot read from the terminal: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: [Field; 2] = [
        Field::new("initials", "Initials").required(),
        Field::new("cpr", "CPR").hidden(),
    ];

    #[test]
    fn takes_the_keys_of_the_command() {
        let mut v = parse(br#"{"initials": "MK", "cpr": ""}"#, &FIELDS).unwrap();
        assert_eq!(v.take("initials"), "MK");
        assert_eq!(v.take("cpr"), "");
        assert_eq!(v.take("journal"), "");
    }

    #[test]
    fn names_what_is_wrong() {
        let e = parse(br#"{"cpr": "x"}"#, &FIELDS).err().unwrap();
        assert_eq!(e.field(), Some("input.initials"));
        let e = parse(br#"{"initials": "MK", "journl": "1"}"#, &FIELDS)
            .err()
            .unwrap();
        assert!(e.message.contains("\"journl\""), "{}", e.message);
        let e = parse(br#"{"initials": 7}"#, &FIELDS).err().unwrap();
        assert_eq!(e.field(), Some("input.initials"));
        let e = parse(b"[1]", &FIELDS).err().unwrap();
        assert_eq!(e.field(), Some("--input"));
    }

    proptest::proptest! {
        /// Whatever arrives on `--input`, it is read or refused with a
        /// message, never a panic, and a refusal never echoes a value.
        #[test]
        fn arbitrary_input_never_panics(bytes in proptest::collection::vec(proptest::arbitrary::any::<u8>(), 0..300)) {
            let _ = parse(&bytes, &FIELDS);
        }

        #[test]
        fn json_shaped_input_never_panics(key in "[a-z]{0,10}", value in "\\PC{0,20}", number in proptest::arbitrary::any::<i64>()) {
            let text = serde_json::to_string(&value).unwrap_or_default();
            for json in [
                format!("{{\"{key}\": {text}}}"),
                format!("{{\"initials\": {text}, \"{key}\": {number}}}"),
                format!("{{\"initials\": {number}}}"),
            ] {
                if let Err(e) = parse(json.as_bytes(), &FIELDS) {
                    proptest::prop_assert!(e.field().is_some());
                    proptest::prop_assert!(value.len() < 3 || !e.message.contains(&value));
                }
            }
        }
    }

    #[test]
    fn an_old_flag_is_refused_with_the_way_to_give_it() {
        assert!(refuse_inline("--cpr", "cpr", &None).is_ok());
        let e = refuse_inline("--cpr", "cpr", &Some("0101101234".into()))
            .err()
            .unwrap();
        assert_eq!(e.field(), Some("--cpr"));
        assert!(e.message.contains("--input"));
        assert!(!e.message.contains("0101101234"));
    }
}
