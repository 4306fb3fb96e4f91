//! What sync sends of each record: the stable wire contract.
//!
//! Each entity names its table, its key scope and its fields. A field has a
//! **wire name** (what a payload calls it, fixed forever once shipped), the
//! column it lives in (which a migration may rename: change the mapping,
//! never the wire name), a kind (checked on every incoming change) and a
//! **group**: fields that must change together, because the database or the
//! rules tie them (a class's counts, a round's window), merge as one value.
//!
//! These tables are deliberately apart from the API types: renaming a field
//! in `feltbog-api` cannot change what sync sends. `payload_tests.rs`
//! freezes the wire names.

use crate::domain::merge::Policy;

/// The key scope an entity's entries are encrypted under (docs/SYNC.md,
/// "Parties and keys"): cases reach only devices with case access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Team,
    Cases,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Team, Scope::Cases];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Team => "team",
            Scope::Cases => "cases",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What a field's value must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Short text (a name, a word chosen from a list).
    Text,
    /// Text a person typed at length: concurrent edits are kept (conflicts).
    FreeText,
    Int,
    /// 0 or 1.
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// A JSON array or object, stored as text.
    Json,
    /// Another record's id (a UUID) that need not exist here.
    Id,
    /// Another record's id that must exist here first. `parent`: this
    /// record is deleted with that one.
    Ref {
        entity: &'static str,
        parent: bool,
    },
}

/// One synced field.
#[derive(Debug)]
pub struct Field {
    pub wire: &'static str,
    pub column: &'static str,
    pub kind: Kind,
    /// May be null.
    pub optional: bool,
    /// The merge group: fields with the same group change and merge together.
    pub group: &'static str,
}

/// A column the store computes from a synced field (a lookup key).
#[derive(Debug)]
pub struct Derived {
    pub column: &'static str,
    pub from: &'static str,
    pub compute: fn(&str) -> String,
}

/// One synced entity.
#[derive(Debug)]
pub struct Entity {
    pub name: &'static str,
    pub table: &'static str,
    pub scope: Scope,
    pub fields: &'static [Field],
    pub derived: &'static [Derived],
    /// Only a coordinator's device may write it (the member list).
    pub coordinators_only: bool,
}

impl Entity {
    pub fn field(&self, wire: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.wire == wire)
    }

    /// The groups in the order their first field is listed.
    pub fn groups(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for f in self.fields {
            if !out.contains(&f.group) {
                out.push(f.group);
            }
        }
        out
    }

    pub fn group_fields<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields.iter().filter(move |f| f.group == group)
    }

    /// Whether a deletion may name it. The member list, the team's rules
    /// and the epoch announcements (the records only coordinators write)
    /// change, but never go: a deletion of one is refused, so neither the
    /// server nor a member can make a device forget who is in the team.
    pub fn deletable(&self) -> bool {
        !self.coordinators_only
    }

    /// Free text keeps concurrent values; everything else: last writer wins.
    pub fn policy(&self, group: &str) -> Policy {
        if self
            .group_fields(group)
            .any(|f| matches!(f.kind, Kind::FreeText))
        {
            Policy::KeepConcurrent
        } else {
            Policy::LastWriterWins
        }
    }

    /// The groups a record's first entry must carry for it to be inserted:
    /// those with a field that may not be empty. A group of optional fields
    /// only (added by a later payload version) may be missing from entries
    /// written before it.
    pub fn required_groups(&self) -> Vec<&'static str> {
        self.groups()
            .into_iter()
            .filter(|g| self.group_fields(g).any(|f| !f.optional))
            .collect()
    }

    /// The entity this one is deleted with, and the column naming it.
    pub fn parent(&self) -> Option<(&'static str, &'static str)> {
        self.fields.iter().find_map(|f| match f.kind {
            Kind::Ref {
                entity,
                parent: true,
            } => Some((entity, f.column)),
            _ => None,
        })
    }
}

const fn f(wire: &'static str, kind: Kind) -> Field {
    Field {
        wire,
        column: wire,
        kind,
        optional: false,
        group: wire,
    }
}

impl Field {
    const fn col(mut self, column: &'static str) -> Field {
        self.column = column;
        self
    }
    const fn opt(mut self) -> Field {
        self.optional = true;
        self
    }
    const fn group(mut self, group: &'static str) -> Field {
        self.group = group;
        self
    }
}

use Kind::{Bool, Date, FreeText, Id, Int, Json, Text};

const fn to(entity: &'static str) -> Kind {
    Kind::Ref {
        entity,
        parent: false,
    }
}

const fn parent(entity: &'static str) -> Kind {
    Kind::Ref {
        entity,
        parent: true,
    }
}

pub const SCHOOL: Entity = Entity {
    name: "school",
    table: "schools",
    scope: Scope::Team,
    fields: &[
        f("name", Text),
        f("kind", Text),
        f("town", Text),
        f("grade_from", Int).opt().group("grades"),
        f("grade_to", Int).opt().group("grades"),
        f("active", Bool),
    ],
    derived: &[Derived {
        column: "name_key",
        from: "name",
        compute: crate::domain::schools::name_key,
    }],
    coordinators_only: false,
};

pub const VISIT: Entity = Entity {
    name: "visit",
    table: "visits",
    scope: Scope::Team,
    fields: &[
        f("school", to("school")).col("school_id"),
        f("date", Date),
        f("status", Text),
        f("purpose", Text).group("purpose"),
        f("purpose_other", Text).group("purpose"),
        f("classes", Json),
        f("notes", FreeText),
        f("author", Text),
        f("owner", Text).opt(),
    ],
    derived: &[],
    coordinators_only: false,
};

pub const FOLLOW_UP: Entity = Entity {
    name: "follow_up",
    table: "follow_ups",
    scope: Scope::Team,
    fields: &[
        f("visit", parent("visit")).col("visit_id"),
        f("text", FreeText),
        f("due", Date),
        f("done", Bool),
        f("owner", Text).opt(),
    ],
    derived: &[],
    coordinators_only: false,
};

pub const CAFE: Entity = Entity {
    name: "cafe",
    table: "cafes",
    scope: Scope::Team,
    fields: &[
        f("date", Date),
        f("status", Text),
        f("school", to("school"))
            .col("school_id")
            .opt()
            .group("place"),
        f("area", Text).group("place"),
        f("grades", Json),
        f("kind", Text),
        f("theme", Text).group("theme"),
        f("theme_other", Text).group("theme"),
        f("partners", Json).group("partners"),
        f("partner_other", Text).group("partners"),
        f("parents", Int).group("attendance"),
        f("invited", Int).opt().group("attendance"),
        f("raised", FreeText),
        f("notes", FreeText),
        f("author", Text),
        f("owner", Text).opt(),
    ],
    derived: &[],
    coordinators_only: false,
};

pub const CAFE_AGREEMENT: Entity = Entity {
    name: "cafe_agreement",
    table: "cafe_agreements",
    scope: Scope::Team,
    fields: &[
        f("cafe", parent("cafe")).col("cafe_id"),
        f("text", FreeText),
        f("revisit", Date),
        f("done", Bool),
        f("owner", Text).opt(),
    ],
    derived: &[],
    coordinators_only: false,
};

/// Activities (migration 0022): counts only, like cafés. A Feltbog older
/// than that refuses the entity: a team updates its devices together.
pub const ACTIVITY: Entity = Entity {
    name: "activity",
    table: "activities",
    scope: Scope::Team,
    fields: &[
        f("date", Date),
        f("kind", Text),
        f("school", to("school"))
            .col("school_id")
            .opt()
            .group("place"),
        f("area", Text).group("place"),
        f("grades", Json).group("target"),
        f("age_from", Int).opt().group("target"),
        f("age_to", Int).opt().group("target"),
        f("young", Int).group("reached"),
        f("adults", Int).group("reached"),
        f("partners", Json).group("partners"),
        f("partner_other", Text).group("partners"),
        f("theme", Text),
        f("notes", FreeText),
        f("author", Text),
        f("owner", Text).opt(),
    ],
    derived: &[],
    coordinators_only: false,
};

/// Follow-ups of activities (migration 0024), kept like a café's
/// agreements.
pub const ACTIVITY_FOLLOW_UP: Entity = Entity {
    name: "activity_follow_up",
    table: "activity_follow_ups",
    scope: Scope::Team,
    fields: &[
        f("activity", parent("activity")).col("activity_id"),
        f("text", FreeText),
        f("due", Date),
        f("done", Bool),
        f("owner", Text).opt(),
    ],
    derived: &[],
    coordinators_only: false,
};

pub const SURVEY_ROUND: Entity = Entity {
    name: "survey_round",
    table: "survey_rounds",
    scope: Scope::Team,
    fields: &[
        f("name", Text),
        f("questionnaire", Text),
        f("window_from", Date).group("window"),
        f("window_to", Date).group("window"),
        f("target_percent", Int),
        f("small_threshold", Int),
    ],
    derived: &[],
    coordinators_only: false,
};

pub const SURVEY_CLASS: Entity = Entity {
    name: "survey_class",
    table: "survey_classes",
    scope: Scope::Team,
    fields: &[
        f("round", parent("survey_round")).col("round_id"),
        f("school", to("school")).col("school_id"),
        f("name", Text),
        f("grade", Int),
        f("enrolled", Int).group("counts"),
        f("answered", Int).group("counts"),
        f("absent", Int).group("counts"),
        f("status", Text).group("counts"),
        f("reason", Text).group("counts"),
        f("taken_on", Date).opt().group("counts"),
    ],
    derived: &[Derived {
        column: "name_key",
        from: "name",
        compute: crate::domain::survey::class_key,
    }],
    coordinators_only: false,
};

pub const CASE: Entity = Entity {
    name: "case",
    table: "cases",
    scope: Scope::Cases,
    fields: &[
        f("number", Text),
        f("journal", Text),
        f("initials", Text),
        f("birth_year", Int),
        f("school", to("school")).col("school_id").opt(),
        f("cpr", Text),
        f("law", Text).group("law"),
        f("law_other", Text).group("law"),
        f("offence", Text).group("offence"),
        f("offence_other", Text).group("offence"),
        f("offence_date", Date),
        f("notified", Date),
        f("linked_to", Id).opt().group("link"),
        f("repeat", Bool).group("link"),
        f("decision", Text).opt().group("decision"),
        f("decision_other", Text).group("decision"),
        f("decision_date", Date).opt().group("decision"),
        f("step", Text).group("state"),
        f("step_date", Date).group("state"),
        f("held_on", Date).opt().group("state"),
        f("closed_on", Date).opt().group("state"),
        f("postponed_until", Date).opt().group("postponed"),
        f("postponed_reason", Text).group("postponed"),
        f("author", Text),
        f("owner", Text).opt(),
    ],
    derived: &[],
    coordinators_only: false,
};

pub const CASE_STEP: Entity = Entity {
    name: "case_step",
    table: "case_steps",
    scope: Scope::Cases,
    fields: &[
        f("case", parent("case")).col("case_id"),
        f("ord", Int),
        f("step", Text),
        f("date", Date),
        f("details", Json),
        f("recorded_at", Text),
        f("author", Text),
        f("correction_reason", Text),
        f("replaced_by", Id).opt(),
    ],
    derived: &[],
    coordinators_only: false,
};

/// One entry of the case access log: who did what to which case, when and
/// on which device. Written once, never changed; in the cases scope, so it
/// reaches only devices with case access.
pub const CASE_ACCESS: Entity = Entity {
    name: "case_access",
    table: "case_access",
    scope: Scope::Cases,
    fields: &[
        f("at", Text),
        f("who", Text),
        f("device", Text),
        f("action", Text),
        f("case_number", Text),
        f("detail", Text),
        // The link in the writing device's chain (domain/access_chain.rs);
        // empty in an entry from before the chain.
        f("prev", Text).group("chain"),
        f("hash", Text).group("chain"),
    ],
    derived: &[],
    coordinators_only: false,
};

/// That a case was deleted, and the day: the case number and the date only.
pub const CASE_DELETION: Entity = Entity {
    name: "case_deletion",
    table: "case_deletions",
    scope: Scope::Cases,
    fields: &[f("case_number", Text), f("deleted_on", Date)],
    derived: &[],
    coordinators_only: false,
};

/// A notification from the police's list waiting to be triaged (issue
/// 24): minimised already; in the cases scope, so only devices with case
/// access receive it. Triage deletes it.
pub const PENDING: Entity = Entity {
    name: "pending_notification",
    table: "pending_notifications",
    scope: Scope::Cases,
    fields: &[
        f("notified", Date),
        f("offence_date", Date),
        f("initials", Text),
        f("birth_year", Int),
        f("school", to("school")).col("school_id").opt(),
        f("cpr", Text),
        f("law", Text).group("law"),
        f("law_other", Text).group("law"),
        f("offence", Text).group("offence"),
        f("offence_other", Text).group("offence"),
        f("journal", Text),
        f("imported_at", Text),
        f("author", Text),
    ],
    derived: &[],
    coordinators_only: false,
};

/// The team's member list: one record per device, id = the device id.
pub const MEMBER: Entity = Entity {
    name: "member",
    table: "members",
    scope: Scope::Team,
    fields: &[
        f("name", Text),
        f("role", Text).group("access"),
        f("cases", Bool).group("access"),
        f("active", Bool).group("access"),
        f("sign_key", Text).group("keys"),
        f("box_key", Text).group("keys"),
        // Payload version 2: set when the member is removed. Optional, so
        // a member's entries from before it (which lack it) still apply.
        f("until", Json).opt(),
    ],
    derived: &[],
    coordinators_only: true,
};

/// The epoch each scope is written under (docs/SYNC.md, "Epochs"): one
/// record per scope ([`epoch_record`]), written only by a coordinator's
/// device when it makes a new epoch, with the public id of its key and the
/// devices it granted it to.
pub const KEY_EPOCH: Entity = Entity {
    name: "key_epoch",
    table: "key_epochs",
    scope: Scope::Team,
    fields: &[
        f("scope", Text).group("epoch"),
        f("epoch", Int).group("epoch"),
        f("key_id", Text).group("epoch"),
        f("removed", Json).group("epoch"),
    ],
    derived: &[],
    coordinators_only: true,
};

/// The id of a scope's epoch announcement: the same on every device, so
/// two coordinators' announcements are one record and the newest wins.
pub fn epoch_record(scope: Scope) -> uuid::Uuid {
    uuid::Uuid::from_u128(match scope {
        Scope::Team => 0x0000_0000_0000_8000_8000_0000_0000_0e01,
        Scope::Cases => 0x0000_0000_0000_8000_8000_0000_0000_0e02,
    })
}

/// The team's rules: one record per team (id = the team id), written only
/// by a coordinator's device. Each rule is its own group: two coordinators
/// changing different rules both win.
pub const TEAM_RULES: Entity = Entity {
    name: "team_rules",
    table: "team_rules",
    scope: Scope::Team,
    fields: &[
        f("offer_within_days", Int),
        f("follow_up_within_weeks", Int),
        f("delete_after_years", Int),
        f("cpr_allowed", Bool),
        f("small_threshold", Int),
        // The retention rules (migration 0015). A Feltbog older than that
        // refuses these groups: a team updates its devices together.
        f("stale_after_years", Int),
        f("visits_after_years", Int),
        f("cafes_after_years", Int),
        f("survey_after_years", Int),
        f("access_log_after_years", Int),
        f("deletions_after_years", Int),
        // The offer letter's template (migration 0021); optional, so a
        // rules record from before it still applies.
        f("offer_letter", Text).opt(),
        // How long activities are kept (migration 0022); optional, so a
        // rules record from before it still applies (NULL: the default).
        f("activities_after_years", Int).opt(),
    ],
    derived: &[],
    coordinators_only: true,
};

/// Every synced entity, parents before children: applying in this order
/// finds each reference already there.
pub const ENTITIES: &[&Entity] = &[
    &MEMBER,
    &TEAM_RULES,
    &KEY_EPOCH,
    &SCHOOL,
    &VISIT,
    &FOLLOW_UP,
    &CAFE,
    &CAFE_AGREEMENT,
    &ACTIVITY,
    &ACTIVITY_FOLLOW_UP,
    &SURVEY_ROUND,
    &SURVEY_CLASS,
    &CASE,
    &CASE_STEP,
    &CASE_ACCESS,
    &CASE_DELETION,
    &PENDING,
];

pub fn entity(name: &str) -> Option<&'static Entity> {
    ENTITIES.iter().copied().find(|e| e.name == name)
}

/// The position of an entity in [`ENTITIES`]: its apply order.
pub fn rank(name: &str) -> usize {
    ENTITIES
        .iter()
        .position(|e| e.name == name)
        .unwrap_or(ENTITIES.len())
}
