//! First-offence conversations: the words a case is described with and the
//! steps it moves through. The most sensitive record in Feltbog; the rules
//! are in `feltbog-core`'s `domain::cases`.

use crate::words::word_enum;

word_enum!(
    /// The law the young person is charged under.
    Law {
        PenalCode = "penal-code",
        WeaponsAct = "weapons-act",
        DrugsAct = "drugs-act",
        Other = "other",
    }
);

word_enum!(
    /// The kind of offence.
    Offence {
        Theft = "theft",
        Violence = "violence",
        Vandalism = "vandalism",
        Drugs = "drugs",
        Weapons = "weapons",
        Threats = "threats",
        Other = "other",
    }
);

word_enum!(
    /// Who took part in a conversation, by role (never by name).
    Role {
        YoungPerson = "young-person",
        Parent = "parent",
        Ssp = "ssp",
        Police = "police",
        Caseworker = "caseworker",
        Interpreter = "interpreter",
    }
);

word_enum!(
    /// Where a case stands. Steps are recorded in this order (see
    /// `domain::cases::may_follow` for the exact table).
    Step {
        Notified = "notified",
        Invited = "invited",
        Accepted = "accepted",
        Declined = "declined",
        Held = "held",
        FollowUpPlanned = "follow-up-planned",
        FollowUpHeld = "follow-up-held",
        Closed = "closed",
    }
);

word_enum!(
    /// How the young person and the parents were invited.
    InviteMethod {
        Letter = "letter",
        DigitalPost = "digital-post",
        Phone = "phone",
        InPerson = "in-person",
    }
);

word_enum!(
    /// What was decided after a repeat offence.
    RepeatDecision {
        NewConversation = "new-conversation",
        ChildProtectionNotification = "child-protection-notification",
        YouthCrimeBoard = "youth-crime-board",
        Other = "other",
    }
);
