//! The papers a first-offence case gives out, assembled by core and set as
//! PDFs by `feltbog-export`; each file is named by the case number only.
//!
//! *Indsigt*: the answer to a young person's or a parent's access request
//! (GDPR art. 15) for one case, in one step: everything Feltbog stores
//! about the case, every version of its steps, and every access-log entry
//! about it with the result of the log's chain check, so the recipient
//! can see the log has not been tampered with (EU court C-579/21: when and
//! why the data was consulted is part of the answer; the staff's names
//! only where essential. Feltbog prints the name each member gave their
//! device, as a team is a handful of named SSP consultants the family
//! meets; a DPO may decide otherwise). Assembled by core
//! (`Session::access_pack`; its making is logged once written).
//!
//! *Referat*: the minutes of a conversation held ([`Referat`]).

use crate::cases::{AccessEntry, CaseView, ChainCheck, StepView};
use serde::{Deserialize, Serialize};

/// One version of a step: the current one, or one a correction replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepVersion {
    /// As recorded (its `revisions` are empty: each version is listed).
    pub version: StepView,
    /// A later correction replaced it.
    pub replaced: bool,
}

/// Everything about one case, for the person it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessPack {
    /// The case as it stands. Its CPR number, where one is registered, is
    /// said to be registered and never printed (as on every screen).
    pub case: CaseView,
    /// Every version of every step, in the order recorded.
    pub versions: Vec<StepVersion>,
    /// Every access-log entry about the case, oldest first (its own making
    /// is logged once the file is written, so it is not among them).
    pub log: Vec<AccessEntry>,
    /// The whole log's chain check, made for this pack.
    pub chain: ChainCheck,
    /// When and by whom it was made (UTC, RFC 3339; the settings' name).
    pub made_at: String,
    pub made_by: String,
    /// The team's name, or empty.
    pub team: String,
}

/// The file name an access pack is saved under: the case number only, so
/// no personal data is in a file name.
pub fn access_pack_file_name(case_number: &str) -> String {
    format!("Feltbog-indsigt-{}.pdf", file_safe(case_number))
}

/// A case number as part of a file name: letters, digits and dashes only
/// (a number from a peer is a synced text; no path may come of it).
fn file_safe(case_number: &str) -> String {
    case_number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// Which step a referat is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "by", content = "value")]
pub enum StepPick {
    /// The latest conversation held (or follow-up held).
    Latest,
    /// The `n`th step as `feltbog case show` lists them, from 1.
    Nth(usize),
    /// The step with this id (the app's button on a step).
    Id(crate::CaseStepId),
}

/// When the follow-up comes, as the referat says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "date")]
pub enum FollowUpWhen {
    /// A follow-up conversation is planned for this day.
    Planned(chrono::NaiveDate),
    /// No day yet: the municipality's rule says it is held by this day.
    DueBy(chrono::NaiveDate),
}

/// The minutes (*referat*) of a conversation held, as handed to the family
/// and to the police: the case number, the young person by initials, the
/// conversation's day, place, participants by role and its three phases
/// (or, for a follow-up, what came of it), and when the follow-up comes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referat {
    pub number: String,
    pub initials: String,
    pub birth_year: i32,
    pub school_name: String,
    /// The conversation held (or the follow-up held).
    pub step: StepView,
    pub follow_up: Option<FollowUpWhen>,
    /// The team's name, or empty.
    pub team: String,
    /// When and by whom it was made (UTC, RFC 3339; the settings' name).
    pub made_at: String,
    pub made_by: String,
}

/// The file name a referat is saved under: the case number only.
pub fn referat_file_name(case_number: &str) -> String {
    format!("Feltbog-referat-{}.pdf", file_safe(case_number))
}

/// What the user writes for one letter offering the conversation (*Brev
/// om tilbud*): when and where, who will be there, whom to call.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterInput {
    /// The day proposed for the conversation.
    pub date: Option<chrono::NaiveDate>,
    /// The time of day, "14.00" or "14:00".
    pub time: String,
    pub place: String,
    /// Who will be there ("SSP-konsulent Bo Berg og en betjent fra
    /// lokalpolitiet").
    pub with: String,
    /// Whom the family calls to move the time or to ask.
    pub contact: String,
    /// The young person's name for this printout only, in place of the
    /// initials: never stored, not even in the access log.
    pub name: String,
}

/// Without the name typed for the printout: it is never written anywhere,
/// a log line included.
impl std::fmt::Debug for LetterInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetterInput")
            .field("date", &self.date)
            .field("time", &self.time)
            .field("place", &self.place)
            .field("with", &self.with)
            .field("contact", &self.contact)
            .field("name", &if self.name.is_empty() { "" } else { "(given)" })
            .finish()
    }
}

/// The offer letter as assembled by core: the team's template with its
/// placeholders filled, paragraph by paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferLetter {
    pub number: String,
    pub paragraphs: Vec<String>,
    /// The team's name, or empty.
    pub team: String,
    /// The day it is dated (the session's today).
    pub day: chrono::NaiveDate,
    /// When and by whom it was made (UTC, RFC 3339; the settings' name).
    pub made_at: String,
    pub made_by: String,
}

/// What saving a letter did: the file, and whether the case now records
/// the offer as made by letter (it does when it stood at *notified*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterSaved {
    pub file: crate::summary::ExportDone,
    pub recorded: bool,
}

/// The file name a letter is saved under: the case number only.
pub fn letter_file_name(case_number: &str) -> String {
    format!("Feltbog-brev-{}.pdf", file_safe(case_number))
}

/// The placeholders an offer letter's template may use, each written in
/// braces: `{ung}`, `{dato}` …
pub const LETTER_PLACEHOLDERS: [&str; 8] = [
    "ung",
    "dato",
    "tid",
    "sted",
    "deltagere",
    "kontakt",
    "konsulent",
    "team",
];

/// The letter Feltbog offers until a coordinator writes the team's own
/// (*Indstillinger → Sager*). In Danish: it goes to Danish families.
pub const DEFAULT_OFFER_LETTER: &str = "Kære forældre til {ung}

Politiet har orienteret kommunen om, at {ung} er blevet sigtet for en lovovertrædelse. Når en ung bliver sigtet for første gang, tilbyder vi en samtale med den unge og forældrene.

Vi vil gerne invitere jer og {ung} til en samtale {dato} kl. {tid}. Samtalen foregår her: {sted}. Til stede er {deltagere}.

Samtalen er et tilbud, og det er frivilligt at deltage. Den handler ikke om skyld eller straf, men om hvordan det går {ung}, om hvad der skete, og om hvad der kan hjælpe, så det ikke sker igen. Det, vi taler om, skriver vi ned i et referat, som I får en kopi af.

Hvis tidspunktet ikke passer, eller hvis I har spørgsmål, er I velkomne til at kontakte os: {kontakt}.

Kommunen har oplysningerne om sigtelsen fra politiet. Vi bruger dem kun til at tilbyde og holde samtalen og til at følge op på den, og vi sletter dem efter kommunens regler. I har ret til at se, hvad vi har registreret om {ung}; spørg os, så får I det.

Med venlig hilsen
{konsulent}
{team}";
