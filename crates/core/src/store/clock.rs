//! A synced row's clock: for each field group, the version that wrote its
//! current value and a fingerprint of that value.
//!
//! Kept in the row's own `clock` column (one page write, no extra index)
//! as compact JSON: `{"d":[device ids],"g":{group:[stamp,device index,fp]}}`.
//! The device list is per row so a 36-character id is stored once, not once
//! per group.

use crate::domain::merge::Version;
use crate::sync::payload::GroupValues;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// One group's entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupClock {
    pub version: Version,
    pub fingerprint: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowClock {
    pub groups: BTreeMap<String, GroupClock>,
}

#[derive(Serialize, Deserialize, Default)]
struct Wire {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    d: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    g: BTreeMap<String, (i64, usize, String)>,
}

impl RowClock {
    pub fn parse(s: &str) -> Result<RowClock> {
        let w: Wire = serde_json::from_str(s)
            .map_err(|_| Error::Corrupt("a record's sync clock cannot be read".into()))?;
        let mut groups = BTreeMap::new();
        for (g, (stamp, di, fingerprint)) in w.g {
            let device =
                w.d.get(di).cloned().ok_or_else(|| {
                    Error::Corrupt("a record's sync clock names no device".into())
                })?;
            groups.insert(
                g,
                GroupClock {
                    version: Version { stamp, device },
                    fingerprint,
                },
            );
        }
        Ok(RowClock { groups })
    }

    pub fn to_json(&self) -> String {
        let mut w = Wire::default();
        for (g, c) in &self.groups {
            let di = match w.d.iter().position(|d| *d == c.version.device) {
                Some(i) => i,
                None => {
                    w.d.push(c.version.device.clone());
                    w.d.len() - 1
                }
            };
            w.g.insert(g.clone(), (c.version.stamp, di, c.fingerprint.clone()));
        }
        // Plain strings and integers: serialising cannot fail.
        serde_json::to_string(&w).unwrap_or_else(|_| "{}".into())
    }

    /// The newest stamp of any group: the row's `hlc`.
    pub fn newest(&self) -> i64 {
        self.groups
            .values()
            .map(|c| c.version.stamp)
            .max()
            .unwrap_or(0)
    }

    pub fn versions(&self) -> impl Iterator<Item = &Version> {
        self.groups.values().map(|c| &c.version)
    }
}

/// A short fingerprint of a group's values: 48 bits of SHA-256 over their
/// canonical JSON (keys sorted). It only tells "changed" from "unchanged";
/// a collision would at worst skip sending one edit, at odds of 2^-48.
pub fn fingerprint(values: &GroupValues) -> String {
    let json = serde_json::to_string(values).unwrap_or_default();
    hex::encode(&Sha256::digest(json.as_bytes())[..6])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::payload::Value;

    #[test]
    fn a_clock_reads_back_and_stores_each_device_once() {
        let mut c = RowClock::default();
        for (g, stamp, dev) in [
            ("notes", 5, "dev-a"),
            ("date", 7, "dev-b"),
            ("status", 9, "dev-a"),
        ] {
            c.groups.insert(
                g.into(),
                GroupClock {
                    version: Version {
                        stamp,
                        device: dev.into(),
                    },
                    fingerprint: "abc".into(),
                },
            );
        }
        let json = c.to_json();
        assert_eq!(json.matches("dev-a").count(), 1, "{json}");
        assert_eq!(RowClock::parse(&json).unwrap(), c);
        assert_eq!(c.newest(), 9);
        assert_eq!(RowClock::parse("{}").unwrap(), RowClock::default());
        assert!(RowClock::parse(r#"{"g":{"x":[1,3,"f"]}}"#).is_err());
    }

    #[test]
    fn the_fingerprint_tells_values_apart() {
        let a: GroupValues = [("n".to_string(), Value::Text("1".into()))].into();
        let b: GroupValues = [("n".to_string(), Value::Int(1))].into();
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_eq!(fingerprint(&a).len(), 12);
    }
}
