//! The plaintext of one sync entry: what a device says happened to one
//! record. Versioned; checked against [`super::schema`] before anything of
//! it is applied (structure only: a visit valid when it was written stays
//! valid, whatever today's date rules say).

use super::schema::{self, Entity, Kind};
use crate::domain::merge::Version;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The payload format this program writes and the newest it reads.
/// 2: the epoch announcements and a removed member's last entries (a
/// Feltbog of version 1 refuses them: a team updates its devices together);
/// padded plaintext.
pub const PAYLOAD_VERSION: u16 = 2;

/// The longest text a field may carry, in bytes (a long set of notes, in
/// any script, fits several times).
const TEXT_MAX: usize = 100_000;

/// The largest payload, in bytes of JSON: above what the largest record
/// the domain rules allow needs (`payload_tests.rs` writes them), so the
/// sync server can refuse anything larger without knowing what it is.
pub const PAYLOAD_MAX: usize = 256 * 1024;

/// One field's value, as SQLite holds it: JSON `null`, an integer or a
/// string. Read by [`ValueVisitor`], which takes exactly what serde's
/// `untagged` form of this enum took: that form tried each variant in turn
/// and built an error message for each miss, most of reading a payload.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    /// From a value SQLite's `json_object` produced.
    pub fn from_json(v: &serde_json::Value) -> Option<Value> {
        match v {
            serde_json::Value::Null => Some(Value::Null),
            serde_json::Value::Number(n) => n.as_i64().map(Value::Int),
            serde_json::Value::String(s) => Some(Value::Text(s.clone())),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl serde::de::Visitor<'_> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("null, an integer or a string")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }

    fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Value, E> {
        i64::try_from(u)
            .map(Value::Int)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(u), &self))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Text(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Text(s))
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

/// The values of one field group, by wire name.
pub type GroupValues = BTreeMap<String, Value>;

/// A new value for one field group. The version's device is the entry's
/// writer, so it is not repeated here (and cannot be forged here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupChange {
    pub values: GroupValues,
    pub stamp: i64,
    /// The versions the writer had seen of this group and now replaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced: Vec<Version>,
}

/// What happened to the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Field groups set (all of them when the record is new).
    Set {
        groups: BTreeMap<String, GroupChange>,
    },
    /// The record is gone. `seen`: every version the deleting device held,
    /// so a receiver can tell an edit the delete had not seen. No content.
    Delete { seen: Vec<Version> },
}

/// One change to one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub v: u16,
    pub entity: String,
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub op: Op,
}

/// Why an incoming payload was refused. Never quotes a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("payload version {0} is newer than this program reads")]
    TooNew(u16),
    #[error("unknown entity '{0}'")]
    UnknownEntity(String),
    #[error("{entity}: unknown field group '{group}'")]
    UnknownGroup { entity: String, group: String },
    #[error("{entity}.{field}: {problem}")]
    BadField {
        entity: String,
        field: String,
        problem: &'static str,
    },
    #[error("{0}: a stamp must be positive and above the stamps it replaces")]
    BadStamp(String),
    #[error("not a payload: {0}")]
    Malformed(String),
}

impl Payload {
    pub fn to_json(&self) -> String {
        // Serialising plain maps, strings and integers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(s: &str) -> Result<Payload, PayloadError> {
        serde_json::from_str(s).map_err(|e| PayloadError::Malformed(e.to_string()))
    }

    /// Checks the payload's structure against its entity's schema.
    pub fn check(&self) -> Result<&'static Entity, PayloadError> {
        if self.v > PAYLOAD_VERSION || self.v == 0 {
            return Err(PayloadError::TooNew(self.v));
        }
        let e = schema::entity(&self.entity)
            .ok_or_else(|| PayloadError::UnknownEntity(self.entity.clone()))?;
        if let Op::Set { groups } = &self.op {
            for (group, change) in groups {
                check_group(e, group, change)?;
            }
        }
        Ok(e)
    }
}

fn check_group(e: &Entity, group: &str, change: &GroupChange) -> Result<(), PayloadError> {
    let wanted: Vec<_> = e.group_fields(group).collect();
    if wanted.is_empty() {
        return Err(PayloadError::UnknownGroup {
            entity: e.name.into(),
            group: group.into(),
        });
    }
    let bad = |field: &str, problem| PayloadError::BadField {
        entity: e.name.into(),
        field: field.into(),
        problem,
    };
    if change.values.len() != wanted.len() {
        return Err(bad(group, "the group's fields do not match"));
    }
    for f in wanted {
        let v = change
            .values
            .get(f.wire)
            .ok_or_else(|| bad(f.wire, "missing"))?;
        check_value(f.kind, f.optional, v).map_err(|p| bad(f.wire, p))?;
    }
    if change.stamp <= 0 || change.replaced.iter().any(|r| r.stamp >= change.stamp) {
        return Err(PayloadError::BadStamp(format!("{}.{group}", e.name)));
    }
    Ok(())
}

fn check_value(kind: Kind, optional: bool, v: &Value) -> Result<(), &'static str> {
    let text = match v {
        Value::Null if optional => return Ok(()),
        Value::Null => return Err("may not be empty"),
        Value::Int(i) => {
            return match kind {
                Kind::Int => Ok(()),
                Kind::Bool if *i == 0 || *i == 1 => Ok(()),
                _ => Err("wrong type"),
            }
        }
        Value::Text(s) => s,
    };
    if text.len() > TEXT_MAX {
        return Err("too long");
    }
    let ok = match kind {
        Kind::Text | Kind::FreeText => true,
        Kind::Int | Kind::Bool => false,
        Kind::Date => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        Kind::Json => matches!(
            serde_json::from_str::<serde_json::Value>(text),
            Ok(serde_json::Value::Array(_) | serde_json::Value::Object(_))
        ),
        Kind::Id | Kind::Ref { .. } => uuid::Uuid::parse_str(text).is_ok(),
    };
    if ok {
        Ok(())
    } else {
        Err("wrong type")
    }
}

#[cfg(test)]
#[path = "payload_tests.rs"]
mod tests;
