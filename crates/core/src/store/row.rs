//! Reading typed values out of rows, for every store module: ids, words
//! from a closed list, JSON columns, and the time the store stamps.
//!
//! A value that does not parse is a damaged file, not bad input: it comes
//! back as rusqlite's conversion error, naming the column.

use rusqlite::Row;

/// A record id stored as text.
pub(super) fn parse_id(s: &str) -> rusqlite::Result<uuid::Uuid> {
    uuid::Uuid::parse_str(s).map_err(|e| bad_column(0, e.to_string()))
}

/// Column `i` held something its type cannot be read from.
pub(super) fn bad_column(i: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, msg.into())
}

/// A JSON column (a list of grades, a step's details).
pub(super) fn json<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    serde_json::from_str(&s).map_err(|e| bad_column(i, e.to_string()))
}

/// A word from one of the api's closed lists (`word_enum!`).
pub(super) fn word<T: std::str::FromStr<Err = String>>(
    r: &Row<'_>,
    i: usize,
) -> rusqlite::Result<T> {
    r.get::<_, String>(i)?.parse().map_err(|e| bad_column(i, e))
}

/// Now, in UTC to the second, as the steps and the access log record it.
pub(super) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A value as the JSON text a column holds (grades, partners).
pub(super) fn to_json<T: serde::Serialize>(v: &T) -> crate::Result<String> {
    Ok(serde_json::to_string(v).map_err(std::io::Error::other)?)
}
