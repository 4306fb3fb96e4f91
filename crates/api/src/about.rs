//! What *Indstillinger → Om Feltbog* shows: the version, Feltbog's own
//! licence and the licences of the third-party libraries built into the
//! program (a Danish public body must be able to see what it runs, and the
//! libraries' licences ask for their notices to travel with the binary).

use serde::{Deserialize, Serialize};

/// The About page's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AboutView {
    /// The program's version, e.g. `0.1.0`.
    pub version: String,
    /// Feltbog's licence as an SPDX id, e.g. `EUPL-1.2`.
    pub licence: String,
    /// The licence's full text.
    pub licence_text: String,
    /// The third-party libraries by licence. `None` in a build made without
    /// the listing (a developer's `cargo build`): `cargo xtask dist` makes
    /// it from Cargo.lock and builds it into the packaged program.
    pub third_party: Option<Vec<ThirdPartyLicence>>,
}

/// One licence text and the libraries that carry it. One licence (say
/// MIT) may appear several times, each with its own copyright lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThirdPartyLicence {
    /// SPDX id, e.g. `Apache-2.0`.
    pub id: String,
    /// Its full name, e.g. `Apache License 2.0`.
    pub name: String,
    /// The text, as the libraries ship it.
    pub text: String,
    pub crates: Vec<ThirdPartyCrate>,
}

/// A library (a Rust crate) at the version built in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThirdPartyCrate {
    pub name: String,
    pub version: String,
}

/// One line of the overview: a licence and how many libraries carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenceCount {
    pub id: String,
    pub name: String,
    pub crates: usize,
}

impl AboutView {
    /// The licences by id, the most used first (then by id), each with the
    /// number of libraries under it.
    pub fn overview(&self) -> Vec<LicenceCount> {
        let mut lines: Vec<LicenceCount> = Vec::new();
        for l in self.third_party.iter().flatten() {
            match lines.iter_mut().find(|c| c.id == l.id) {
                Some(line) => line.crates += l.crates.len(),
                None => lines.push(LicenceCount {
                    id: l.id.clone(),
                    name: l.name.clone(),
                    crates: l.crates.len(),
                }),
            }
        }
        lines.sort_by(|a, b| b.crates.cmp(&a.crates).then_with(|| a.id.cmp(&b.id)));
        lines
    }

    /// How many libraries the listing names (a crate under two licences is
    /// counted once).
    pub fn crate_count(&self) -> usize {
        let mut all: Vec<&ThirdPartyCrate> = self
            .third_party
            .iter()
            .flatten()
            .flat_map(|l| &l.crates)
            .collect();
        all.sort_unstable_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
        all.dedup();
        all.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(name: &str) -> ThirdPartyCrate {
        ThirdPartyCrate {
            name: name.into(),
            version: "1.0.0".into(),
        }
    }

    #[test]
    fn a_crate_under_two_licences_counts_once() {
        let licence = |id: &str, crates| ThirdPartyLicence {
            id: id.into(),
            name: id.into(),
            text: String::new(),
            crates,
        };
        let about = AboutView {
            version: "0.1.0".into(),
            licence: "EUPL-1.2".into(),
            licence_text: String::new(),
            third_party: Some(vec![
                licence("Apache-2.0", vec![krate("serde")]),
                licence("MIT", vec![krate("serde")]),
                licence("MIT", vec![krate("uuid")]),
            ]),
        };
        assert_eq!(about.crate_count(), 2);
        let overview = about.overview();
        assert_eq!(
            overview
                .iter()
                .map(|c| (c.id.as_str(), c.crates))
                .collect::<Vec<_>>(),
            [("MIT", 2), ("Apache-2.0", 1)]
        );
        assert_eq!(
            AboutView {
                third_party: None,
                ..about
            }
            .crate_count(),
            0
        );
    }
}
