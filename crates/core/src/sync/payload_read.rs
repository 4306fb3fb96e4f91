//! Reading a payload's JSON by hand: the format serde's derive read
//! before (`payload_tests.rs` holds the two to the same answers), without
//! the buffering its `flatten` and `untagged` need. A first sync reads
//! 100,000 payloads, and the derived reader spent more time buffering and
//! making errors for the variants a value is not than reading it.

use super::payload::{GroupChange, Op, Payload, Value};
use crate::domain::merge::Version;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl Visitor<'_> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("null, an integer or a string")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }
}

impl<'de> Deserialize<'de> for Payload {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Payload, D::Error> {
        d.deserialize_map(PayloadVisitor)
    }
}

/// A payload's keys; any other is skipped, as the derived reader did.
enum Key {
    V,
    Entity,
    Id,
    Op,
    Groups,
    Seen,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct K;
        impl Visitor<'_> for K {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a payload key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "v" => Key::V,
                    "entity" => Key::Entity,
                    "id" => Key::Id,
                    "op" => Key::Op,
                    "groups" => Key::Groups,
                    "seen" => Key::Seen,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(K)
    }
}

/// The `op` tag: its name, or (as serde's derive also took) its index.
enum OpKind {
    Set,
    Delete,
}

impl<'de> Deserialize<'de> for OpKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OpKind, D::Error> {
        struct K;
        impl Visitor<'_> for K {
            type Value = OpKind;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("set or delete")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OpKind, E> {
                match v {
                    0 => Ok(OpKind::Set),
                    1 => Ok(OpKind::Delete),
                    _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OpKind, E> {
                match v {
                    "set" => Ok(OpKind::Set),
                    "delete" => Ok(OpKind::Delete),
                    _ => Err(E::unknown_variant(v, &["set", "delete"])),
                }
            }
        }
        d.deserialize_any(K)
    }
}

struct PayloadVisitor;

/// Takes a key's value, once.
fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    m: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(m.next_value()?);
    Ok(())
}

impl<'de> Visitor<'de> for PayloadVisitor {
    type Value = Payload;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sync payload")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Payload, A::Error> {
        let mut v: Option<u16> = None;
        let mut entity: Option<String> = None;
        let mut id: Option<uuid::Uuid> = None;
        let mut op: Option<OpKind> = None;
        let mut groups: Option<BTreeMap<String, GroupChange>> = None;
        let mut seen: Option<Vec<Version>> = None;
        while let Some(key) = m.next_key::<Key>()? {
            match key {
                Key::V => once(&mut m, &mut v, "v")?,
                Key::Entity => once(&mut m, &mut entity, "entity")?,
                Key::Id => once(&mut m, &mut id, "id")?,
                Key::Op => once(&mut m, &mut op, "op")?,
                Key::Groups => once(&mut m, &mut groups, "groups")?,
                Key::Seen => once(&mut m, &mut seen, "seen")?,
                Key::Other => {
                    m.next_value::<IgnoredAny>()?;
                }
            }
        }
        let missing = de::Error::missing_field;
        let op = match op.ok_or_else(|| missing("op"))? {
            OpKind::Set => Op::Set {
                groups: groups.ok_or_else(|| missing("groups"))?,
            },
            OpKind::Delete => Op::Delete {
                seen: seen.ok_or_else(|| missing("seen"))?,
            },
        };
        Ok(Payload {
            v: v.ok_or_else(|| missing("v"))?,
            entity: entity.ok_or_else(|| missing("entity"))?,
            id: id.ok_or_else(|| missing("id"))?,
            op,
        })
    }
}
