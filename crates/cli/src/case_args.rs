//! The grammar of `feltbog case …` and `feltbog purge`. Ids are the case
//! numbers ("K-7F3Q-92XA"; case and dashes do not matter).

use crate::args::parse_word;
use clap::{Args, Subcommand};
use feltbog_api::cases::{InviteMethod, Law, Offence, RepeatDecision, Role};

#[derive(Subcommand)]
pub enum CaseCmd {
    /// Register a police notification; prints the new case number
    Add(CaseAdd),
    /// Record that the conversation was offered (the invitation sent)
    Invite {
        case: String,
        #[arg(long)]
        date: String,
        /// One of: letter digital-post phone in-person
        #[arg(long, value_parser = parse_word::<InviteMethod>)]
        method: Option<InviteMethod>,
    },
    /// Record that the invitation was accepted
    Accept {
        case: String,
        #[arg(long)]
        date: String,
    },
    /// Record that the invitation was declined
    Decline {
        case: String,
        #[arg(long)]
        date: String,
    },
    /// Record the conversation held
    Hold(CaseHold),
    /// Plan the follow-up conversation (or, with --held, record it held)
    FollowUp {
        case: String,
        #[arg(long)]
        date: String,
        /// The follow-up was held on --date (else it is planned for --date)
        #[arg(long)]
        held: bool,
        /// With --held: "outcome" (what came of it) from --input or the prompt
        /// Sensitive values as JSON from FILE, or - for stdin (else asked on a terminal)
        #[arg(long, value_name = "FILE")]
        input: Option<String>,
        #[arg(long, hide = true)]
        outcome: Option<String>,
    },
    /// Close the case; its deletion date is counted from the closing day
    Close {
        case: String,
        /// "reason" (why the case is closed) from --input or the prompt
        /// Sensitive values as JSON from FILE, or - for stdin (else asked on a terminal)
        #[arg(long, value_name = "FILE")]
        input: Option<String>,
        #[arg(long, hide = true)]
        reason: Option<String>,
        /// The closing day [default: today]
        #[arg(long)]
        date: Option<String>,
    },
    /// Link the case to an earlier case of the same young person (a repeat)
    Link {
        case: String,
        /// The earlier case's number
        #[arg(long)]
        to: String,
    },
    /// Record what was decided after a repeat offence
    Decide {
        case: String,
        /// One of: new-conversation child-protection-notification youth-crime-board other
        #[arg(long, value_parser = parse_word::<RepeatDecision>)]
        decision: RepeatDecision,
        #[arg(long)]
        date: String,
        /// When --decision is other: "text" (what was decided) from --input or the prompt
        /// Sensitive values as JSON from FILE, or - for stdin (else asked on a terminal)
        #[arg(long, value_name = "FILE")]
        input: Option<String>,
        #[arg(long, hide = true)]
        text: Option<String>,
    },
    /// Put off a closed case's deletion, with a reason (logged)
    Postpone {
        case: String,
        #[arg(long)]
        until: String,
        /// "reason" (why deletion waits) from --input or the prompt
        /// Sensitive values as JSON from FILE, or - for stdin (else asked on a terminal)
        #[arg(long, value_name = "FILE")]
        input: Option<String>,
        #[arg(long, hide = true)]
        reason: Option<String>,
    },
    /// Delete a case for real now (e.g. registered by mistake)
    Delete { case: String },
    /// The cases: those with a deadline first, oldest due first
    List {
        /// Only cases past their deadline
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        json: bool,
    },
    /// One case with its steps (logged as a view; with --json as an export)
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// The access log: for one case, or for a period; with --verify,
    /// checks that no entry was changed, removed or added outside Feltbog
    Log {
        case: Option<String>,
        /// Check every device's chain of entries; exits with 1 when broken
        #[arg(long, conflicts_with_all = ["case", "from", "to"])]
        verify: bool,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Cases due for deletion in the next 30 days, and those deleted
    Deletions {
        #[arg(long)]
        json: bool,
    },
    /// Remove every stored CPR number, from the cases and all their history
    /// (for when the municipality no longer records them); needs --yes
    RemoveCpr {
        /// Yes: remove them for good
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args)]
pub struct CaseAdd {
    /// "initials", "journal" and "cpr" as JSON from FILE, or - for stdin
    /// (else asked on a terminal)
    #[arg(long, value_name = "FILE")]
    pub input: Option<String>,
    #[arg(long, hide = true)]
    pub initials: Option<String>,
    #[arg(long)]
    pub birth_year: i32,
    /// The young person's school, by name or id
    #[arg(long)]
    pub school: Option<String>,
    /// One of: penal-code weapons-act drugs-act other
    #[arg(long, value_parser = parse_word::<Law>)]
    pub law: Law,
    /// The law, when --law is other
    #[arg(long, default_value = "")]
    pub law_text: String,
    /// One of: theft violence vandalism drugs weapons threats other
    #[arg(long, value_parser = parse_word::<Offence>)]
    pub offence: Offence,
    /// The offence, when --offence is other
    #[arg(long, default_value = "")]
    pub offence_text: String,
    #[arg(long)]
    pub offence_date: String,
    /// The day the police notified the municipality
    #[arg(long)]
    pub notified: String,
    #[arg(long, hide = true)]
    pub journal: Option<String>,
    #[arg(long, hide = true)]
    pub cpr: Option<String>,
    /// An earlier case of the same young person: this one is a repeat
    #[arg(long)]
    pub link: Option<String>,
}

#[derive(Args)]
pub struct CaseHold {
    pub case: String,
    #[arg(long)]
    pub date: String,
    /// Roles, comma-separated: young-person parent ssp police caseworker interpreter
    #[arg(long, value_delimiter = ',', value_parser = parse_word::<Role>)]
    pub participants: Vec<Role>,
    #[arg(long, default_value = "")]
    pub place: String,
    /// The notes, "situation", "consequences" and "agreements", as JSON
    /// from FILE, or - for stdin (else asked on a terminal)
    #[arg(long, value_name = "FILE")]
    pub input: Option<String>,
    #[arg(long, hide = true)]
    pub situation: Option<String>,
    #[arg(long, hide = true)]
    pub consequences: Option<String>,
    #[arg(long, hide = true)]
    pub agreements: Option<String>,
}
