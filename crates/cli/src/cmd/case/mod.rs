//! The grammar of `feltbog case …` and `feltbog purge`. Ids are the case
//! numbers ("K-7F3Q-92XA"; case and dashes do not matter).

mod act;
mod letter;
mod police;
mod print;

pub use act::purge;

use crate::common::{parse_word, Result};
use crate::secret_input as secret;
use clap::{Args, Subcommand};
use feltbog_api::cases::{InviteMethod, Law, Offence, RepeatDecision, Role};
use feltbog_api::cases::{Step, StepInput};
use feltbog_core::Session;

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
        /// Only what you are responsible for
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        json: bool,
    },
    /// One case with its steps (logged as a view; with --json as an export)
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Everything stored about one case and every access to it, as a PDF
    /// for an access request (indsigt); the making is logged
    AccessPack {
        case: String,
        /// The PDF to write, e.g. Feltbog-indsigt-K-7F3Q-92XA.pdf
        #[arg(long, value_name = "FILE.pdf")]
        out: std::path::PathBuf,
    },
    /// The minutes (referat) of a conversation held, as a PDF for the
    /// family and the police; the young person by initials; logged
    Referat {
        case: String,
        /// The step, numbered from 1 as `case show` lists them [default:
        /// the latest conversation held]
        #[arg(long, value_name = "N")]
        step: Option<usize>,
        /// The PDF to write, e.g. Feltbog-referat-K-7F3Q-92XA.pdf
        #[arg(long, value_name = "FILE.pdf")]
        out: std::path::PathBuf,
    },
    /// The letter offering the conversation (brev om tilbud), as a PDF from
    /// the team's template; the young person by initials. Logged, and a case
    /// still at notified records the offer as made by letter today
    Letter {
        case: String,
        /// The day proposed for the conversation, YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// The time of day, e.g. 14.00
        #[arg(long)]
        time: String,
        /// Where the conversation is held
        #[arg(long)]
        place: String,
        /// Who will be there, e.g. "SSP-konsulent Bo Berg og en betjent"
        #[arg(long, default_value = "")]
        with: String,
        /// Whom the family calls to move the time or ask, e.g. "Bo Berg, 21 22 23 24"
        #[arg(long)]
        contact: String,
        /// The PDF to write, e.g. Feltbog-brev-K-7F3Q-92XA.pdf
        #[arg(long, value_name = "FILE.pdf")]
        out: std::path::PathBuf,
    },
    /// The team's offer-letter template: printed, or with --set FILE (or -
    /// for stdin) replaced, or with --default back to Feltbog's own. The
    /// placeholders: {ung} {dato} {tid} {sted} {deltagere} {kontakt} {konsulent} {team}
    LetterTemplate {
        #[arg(long, value_name = "FILE", conflicts_with = "default")]
        set: Option<String>,
        #[arg(long)]
        default: bool,
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
    /// Read the police's list (CSV or XLSX; - reads pasted rows from stdin):
    /// every row checked and printed; if any is refused nothing is kept and
    /// each is listed on stderr (exit 2), else every row waits for triage.
    /// Names become initials, CPR numbers the birth year (unless the rules
    /// allow CPR). With --json the rows and errors are printed either way
    Import {
        /// The list, e.g. underretninger-uge-48.csv, or - for stdin
        #[arg(value_name = "FILE")]
        file: String,
        /// Check and print only; keep nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// The notifications waiting for triage, oldest first, with their offer
    /// deadline and earlier cases that may be the same young person
    Pending {
        #[arg(long)]
        json: bool,
    },
    /// Decide a waiting notification: new (a case), repeat CASE-NO (a case
    /// linked to the earlier one) or dismiss (not ours: nothing is kept)
    Triage {
        /// The row, by the first characters of its id (`case pending`)
        #[arg(value_name = "ROW")]
        row: String,
        /// new, repeat or dismiss
        #[arg(value_name = "DECISION")]
        what: String,
        /// With repeat: the earlier case's number
        #[arg(value_name = "CASE-NO")]
        earlier: Option<String>,
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
    /// The member responsible (ansvarlig), by name [default: you]
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
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

/// Runs one `case` subcommand; a field core names by its `--input` key is
/// said that way.
pub fn run(s: &mut Session, cmd: CaseCmd) -> Result<()> {
    dispatch(s, cmd).map_err(|e| secret::rename_field(e, &act::SECRET_KEYS))
}

fn dispatch(s: &mut Session, cmd: CaseCmd) -> Result<()> {
    match cmd {
        CaseCmd::Add(a) => act::add(s, a),
        CaseCmd::Invite { case, date, method } => act::invite(s, &case, &date, method),
        CaseCmd::Accept { case, date } => {
            act::step(s, &case, Step::Accepted, &date, StepInput::default())
        }
        CaseCmd::Decline { case, date } => {
            act::step(s, &case, Step::Declined, &date, StepInput::default())
        }
        CaseCmd::Hold(h) => act::hold(s, h),
        CaseCmd::FollowUp {
            case,
            date,
            held,
            input,
            outcome,
        } => act::follow_up(s, &case, &date, held, input.as_deref(), &outcome),
        CaseCmd::Close {
            case,
            input,
            reason,
            date,
        } => act::close(s, &case, input.as_deref(), &reason, date),
        CaseCmd::Link { case, to } => act::link(s, &case, &to),
        CaseCmd::Decide {
            case,
            decision,
            date,
            input,
            text,
        } => act::decide(s, &case, decision, &date, input.as_deref(), &text),
        CaseCmd::Postpone {
            case,
            until,
            input,
            reason,
        } => act::postpone(s, &case, &until, input.as_deref(), &reason),
        CaseCmd::Delete { case } => act::delete(s, &case),
        CaseCmd::List {
            overdue,
            mine,
            json,
        } => {
            let mut list = s.open_cases_list(overdue)?;
            if mine {
                let own = s.ownership()?;
                list.retain(|c| own.owns(&c.owner));
            }
            print::list(&list, json)
        }
        CaseCmd::Show { case, json } => act::show(s, &case, json),
        CaseCmd::AccessPack { case, out } => act::access_pack(s, &case, &out),
        CaseCmd::Referat { case, step, out } => act::referat(s, &case, step, &out),
        CaseCmd::Log {
            verify: true, json, ..
        } => act::verify_log(s, json),
        CaseCmd::Log {
            case,
            from,
            to,
            json,
            ..
        } => act::log(s, case, from, to, json),
        CaseCmd::RemoveCpr { yes } => act::remove_cpr(s, yes),
        CaseCmd::Letter {
            case,
            date,
            time,
            place,
            with,
            contact,
            out,
        } => {
            let input = feltbog_api::papers::LetterInput {
                date: Some(crate::common::parse_date("--date", &date)?),
                time,
                place,
                with,
                contact,
                name: String::new(),
            };
            letter::letter(s, &case, &input, &out)
        }
        CaseCmd::LetterTemplate { set, default } => letter::template(s, set.as_deref(), default),
        CaseCmd::Import {
            file,
            dry_run,
            json,
        } => police::import(s, &file, dry_run, json),
        CaseCmd::Pending { json } => police::pending(s, json),
        CaseCmd::Triage { row, what, earlier } => {
            police::triage(s, &row, &what, earlier.as_deref())
        }
        CaseCmd::Deletions { json } => act::deletions(s, json),
    }
}
