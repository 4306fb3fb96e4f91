//! Merging schools of the same name that two devices made before they were
//! in one team (see `store/school_merge.rs`).

use super::Session;
use crate::{Error, Result};
use feltbog_api::schools::{SchoolDuplicate, SchoolView};
use feltbog_api::SchoolId;

impl Session {
    /// The schools offered for merging.
    pub fn school_duplicates(&self) -> Result<Vec<SchoolDuplicate>> {
        self.store
            .duplicate_schools()?
            .into_iter()
            .map(|mut group| {
                let keep = group.remove(0);
                let mut records = 0;
                for s in &group {
                    records += self.store.school_uses(s.id)?;
                }
                Ok(SchoolDuplicate {
                    keep,
                    others: group,
                    records,
                })
            })
            .collect()
    }

    /// Merges every other active school of `keep`'s name into it, in one
    /// transaction. `keep` must be the one the offer names (the oldest), so
    /// two devices that both merge end with the same school.
    pub fn merge_schools(&mut self, keep: SchoolId) -> Result<SchoolView> {
        let group = self
            .school_duplicates()?
            .into_iter()
            .find(|d| d.keep.id == keep || d.others.iter().any(|o| o.id == keep))
            .ok_or(Error::NotFound("school with a duplicate"))?;
        if group.keep.id != keep {
            return Err(Error::Conflict(
                "merge into the oldest school of the name, as offered".into(),
            ));
        }
        self.store.with_tx(|tx| {
            for other in &group.others {
                tx.merge_school(keep, other.id)?;
            }
            Ok(())
        })?;
        self.store.school(keep)
    }
}
