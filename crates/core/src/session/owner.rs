//! Ownership on an unlocked profile (issue 23, item 2): who this member
//! is, who may be made responsible, and the hand-over. A coordinator, or
//! the member responsible, may hand a record over to another member of
//! the team; without a team the profile's own name owns everything.

use super::Session;
use crate::store::{AccessNote, Owned};
use crate::{Error, Result};
use feltbog_api::cases::Access;
use feltbog_api::desk::{same_person, Ownership};
use feltbog_api::team::MemberRole;
use feltbog_api::Problem;

/// What a hand-over did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandedOver {
    pub kind: Owned,
    /// The member now responsible, spelled as the team knows them.
    pub owner: String,
}

impl Session {
    /// The names this member goes by: the name in the settings (what the
    /// records' author says) and, in a team, the name the team knows this
    /// device by. A record owned by either is *mine*. The settings' name
    /// is each person's to type, so in a team it does not count when it is
    /// another member's name: nobody owns Anne's records by calling
    /// themselves Anne.
    pub fn my_names(&self) -> Result<Vec<String>> {
        let settings = self.store.settings()?.consultant_name;
        let mut names = Vec::new();
        if self.store.team()?.is_some() {
            let me = self.store.device().to_owned();
            let members = self.store.members()?;
            let taken = members
                .iter()
                .any(|m| m.device != me && same_person(&m.name, &settings));
            if !taken {
                names.push(settings);
            }
            names.extend(
                members
                    .into_iter()
                    .filter(|m| m.device == me)
                    .map(|m| m.name),
            );
        } else {
            names.push(settings);
        }
        names.retain(|n| !n.trim().is_empty());
        Ok(names)
    }

    /// Who a record written here is given to: `given` (a member's name,
    /// checked), else this member. `None` leaves the owner empty, which
    /// means the author (the name in the settings); in a team whose name
    /// for this device is another (or the settings have none), that name.
    pub(crate) fn owner_for_new(&self, given: Option<&str>) -> Result<Option<String>> {
        if let Some(name) = given {
            return self.member_named(name).map(Some);
        }
        if self.store.team()?.is_none() {
            return Ok(None);
        }
        let author = self.store.settings()?.consultant_name;
        let me = self.store.device().to_owned();
        let member = self
            .store
            .members()?
            .into_iter()
            .find(|m| m.device == me)
            .map(|m| m.name);
        Ok(member.filter(|m| !same_person(m, &author)))
    }

    /// Who this member is and who may be made responsible; its
    /// [`Ownership::owns`] tells which records are *mine*.
    pub fn ownership(&self) -> Result<Ownership> {
        let team = self.store.team()?.is_some();
        let mut members: Vec<String> = match team {
            true => self
                .store
                .members()?
                .into_iter()
                .filter(|m| m.active && !m.name.trim().is_empty())
                .map(|m| m.name)
                .collect(),
            false => Vec::new(),
        };
        members.sort_by_key(|n| n.to_lowercase());
        members.dedup_by(|a, b| same_person(a, b));
        Ok(Ownership {
            team,
            coordinator: self.admitted(MemberRole::Coordinator)?,
            me: self.my_names()?,
            members,
        })
    }

    /// `name` as the member the team knows (its spelling), or an error
    /// naming the field and the members there are. Without a team only
    /// the profile's own name.
    pub(crate) fn member_named(&self, name: &str) -> Result<String> {
        let mut known = self.my_names()?;
        if self.store.team()?.is_some() {
            known.extend(
                self.store
                    .members()?
                    .into_iter()
                    .filter(|m| m.active)
                    .map(|m| m.name),
            );
        }
        if let Some(found) = known.iter().find(|k| same_person(k, name)) {
            return Ok(found.clone());
        }
        known.sort();
        known.dedup();
        Err(Error::invalid(
            "member",
            Problem::UnknownReference,
            match known.is_empty() {
                true => {
                    format!("no member named '{name}'; set your own name in the settings first")
                }
                false => format!(
                    "no member named '{name}'; the members are: {}",
                    known.join(", ")
                ),
            },
        ))
    }

    /// Hands the record `id` (a visit, follow-up, café, agreement,
    /// activity, an activity's follow-up or case) over to the member `to`. Only a coordinator or the member
    /// responsible may; a case's hand-over is in its access log.
    pub fn assign(&mut self, id: &str, to: &str) -> Result<HandedOver> {
        let (kind, current) = self.store.owned(id)?.ok_or(Error::NotFound("record"))?;
        let owner = self.member_named(to)?;
        let coordinator = self.admitted(MemberRole::Coordinator)?;
        if !coordinator && !self.ownership()?.owns(&current) {
            return Err(Error::Forbidden(format!(
                "only a coordinator or {current} (responsible) can hand this {} over",
                kind.word()
            )));
        }
        let number = match kind {
            Owned::Case => Some(self.store.case_number_of(id)?),
            _ => None,
        };
        let who = self.store.settings()?.consultant_name;
        self.store.with_tx(|tx| {
            tx.set_owner(kind, id, &owner)?;
            if let Some(number) = &number {
                tx.log_access(&AccessNote {
                    who: &who,
                    action: Access::Change,
                    case_number: number,
                    detail: "ansvarlig",
                })?;
            }
            Ok(())
        })?;
        Ok(HandedOver { kind, owner })
    }
}
