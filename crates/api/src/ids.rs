//! Typed record ids. Every record is identified by a UUIDv7 so ids sort by
//! creation time and can be minted offline on any device without collisions.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map($name)
            }
        }
    };
}

id_type!(
    /// A school in the municipality.
    SchoolId
);
id_type!(
    /// A school visit, planned or done.
    VisitId
);
id_type!(
    /// One follow-up action agreed at a visit.
    FollowUpId
);
id_type!(
    /// A parent café or parent meeting.
    CafeId
);
id_type!(
    /// An agreement made at a parent café.
    AgreementId
);
id_type!(
    /// An activity reaching young people outside a visit: street presence,
    /// group work, a theme day, a class talk, a network meeting.
    ActivityId
);
id_type!(
    /// A follow-up agreed at an activity (a network meeting's "we meet
    /// again in January").
    ActivityFollowUpId
);
id_type!(
    /// A round of the youth survey (Ungeprofilundersøgelsen).
    RoundId
);
id_type!(
    /// One class's counts in a survey round.
    ClassId
);
id_type!(
    /// A first-offence case (its number, not this id, is what people see).
    CaseId
);
id_type!(
    /// One version of one step of a case.
    CaseStepId
);
id_type!(
    /// A row of the police's list waiting to be triaged (a random UUIDv4,
    /// so its first eight characters name it on the command line).
    PendingId
);
