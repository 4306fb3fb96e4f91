//! The police's list on an unlocked profile (issue 24): read and checked
//! row by row before anything is kept, kept as waiting notifications in one
//! transaction, then triaged one by one. Reading the list in, every case a
//! triage creates and every dismissal are written to the access log, in
//! the same transaction as the write.

use super::Session;
use crate::domain::case_input::validate_case;
use crate::domain::cases::{self as rules, same_young_person};
use crate::domain::police_list::{self, cap_errors, initials_key, Col, ListRow, ReadList};
use crate::domain::schools::name_key;
use crate::store::{AccessNote, Owned, StoredPending};
use crate::{Error, Result};
use feltbog_api::cases::{Access, CaseLink, NewCase, Step};
use feltbog_api::police::{
    ListConfirmed, ListImported, ListPreview, ListProblem, ListRow as RowView, ListSource, Pending,
    Triage, Triaged, MAX_BYTES,
};
use feltbog_api::{PendingId, Problem, SchoolId};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// A list checked against this profile: each good row with its school.
struct Plan {
    list: ReadList,
    schools: Vec<Option<SchoolId>>,
    file_name: String,
    digest: String,
}

impl Session {
    /// What reading the list would keep, row by row, and every row it
    /// refuses; nothing is written or logged.
    pub fn preview_police_list(&self, source: &ListSource) -> Result<ListPreview> {
        let plan = self.plan_list(source)?;
        let rows = plan
            .list
            .rows
            .iter()
            .zip(&plan.schools)
            .map(|(r, school)| RowView {
                line: r.line as u32,
                notified: r.notified,
                offence_date: r.offence_date,
                initials: r.initials.clone(),
                birth_year: r.birth_year,
                cpr_kept: !r.cpr.is_empty(),
                school: *school,
                school_name: r.school_name.clone(),
                law: r.law,
                law_other: r.law_other.clone(),
                offence: r.offence,
                offence_other: r.offence_other.clone(),
                journal: r.journal.clone(),
            })
            .collect();
        Ok(ListPreview {
            file_name: plan.file_name,
            digest: plan.digest,
            rows,
            errors: plan.list.errors,
            ignored_columns: plan.list.ignored,
            names_dropped: plan.list.names_dropped,
            cpr_dropped: plan.list.cpr_dropped,
        })
    }

    /// Reads the list the user confirmed in: every row is checked again,
    /// and if any is refused nothing is kept (the error lists each by line
    /// and column); a file that changed since it was shown is refused.
    /// Otherwise every row waits for triage, written in one transaction
    /// with one access-log entry saying how many (never whose).
    pub fn import_police_list(&mut self, confirmed: &ListConfirmed) -> Result<ListImported> {
        let plan = self.plan_list(&confirmed.source)?;
        if plan.digest != confirmed.digest {
            return Err(Error::invalid(
                "file",
                Problem::Mismatch,
                "the list changed after it was shown; show it again and check it",
            ));
        }
        if !plan.list.errors.is_empty() {
            return Err(list_error(&plan.list));
        }
        let who = self.who()?;
        let n = plan.list.rows.len();
        self.store.with_tx(|tx| {
            for (row, school) in plan.list.rows.iter().zip(&plan.schools) {
                tx.insert_pending(row, *school, &who)?;
            }
            tx.log_access(&AccessNote {
                who: &who,
                action: Access::Import,
                case_number: "",
                detail: &n.to_string(),
            })
        })?;
        Ok(ListImported { rows: n as u32 })
    }

    /// How many notifications wait for triage.
    pub fn pending_count(&self) -> Result<u32> {
        self.store.pending_count()
    }

    /// The notifications waiting for triage, oldest first, each with its
    /// offer deadline and the earlier cases that may be the same young
    /// person. Opening it is logged as opening the cases list ("pending"),
    /// and each earlier case shown as a view of it ("match"), as on the
    /// form for one notification.
    pub fn open_pending(&mut self) -> Result<Vec<Pending>> {
        self.pending_shown.clear();
        let out = self.pending()?;
        self.log_matches(&out, true)?;
        Ok(out)
    }

    /// [`Session::open_pending`] for a list already open that refreshes
    /// (after a sync, an import or a triage): the opening is not logged
    /// again, and of the earlier cases only those this session has not
    /// shown since the list was opened are.
    pub fn reload_pending(&mut self) -> Result<Vec<Pending>> {
        let out = self.pending()?;
        self.log_matches(&out, false)?;
        Ok(out)
    }

    fn log_matches(&mut self, list: &[Pending], opened: bool) -> Result<()> {
        let new: Vec<String> = list
            .iter()
            .flat_map(|p| &p.matches)
            .map(|m| m.number.clone())
            .filter(|n| !self.pending_shown.contains(n))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if new.is_empty() && !opened {
            return Ok(());
        }
        let who = self.who()?;
        self.store.with_tx(|tx| {
            if opened {
                tx.log_access(&AccessNote {
                    who: &who,
                    action: Access::OpenList,
                    case_number: "",
                    detail: "pending",
                })?;
            }
            for number in &new {
                tx.log_access(&AccessNote {
                    who: &who,
                    action: Access::View,
                    case_number: number,
                    detail: "match",
                })?;
            }
            Ok(())
        })?;
        self.pending_shown.extend(new);
        Ok(())
    }

    fn pending(&self) -> Result<Vec<Pending>> {
        let rules_now = self.case_settings()?;
        let today = self.today();
        let keys = self.store.case_keys()?;
        let mut out = Vec::new();
        for p in self.store.pending()? {
            let matches: Vec<CaseLink> = keys
                .iter()
                .filter(|k| {
                    same_young_person::<()>(
                        (&p.row.initials, p.row.birth_year, None),
                        (&k.initials, k.birth_year, None),
                    )
                })
                .map(|k| k.link.clone())
                .collect();
            let deadline = rules::deadline(
                Step::Notified,
                p.row.notified,
                None,
                rules_now.offer_within_days,
                rules_now.follow_up_within_weeks,
                today,
            )
            .ok_or(Error::Corrupt("a notification without a deadline".into()))?;
            out.push(view(p, deadline, matches));
        }
        Ok(out)
    }

    /// A waiting notification by the first characters of its id (at least
    /// four), as the command line names it.
    pub fn pending_by_prefix(&self, typed: &str) -> Result<PendingId> {
        let typed = typed.trim().to_lowercase();
        if typed.len() < 4 {
            return Err(Error::invalid(
                "row",
                Problem::TooShort { min: 4 },
                "give at least the first four characters of the row's id (see `case pending`)",
            ));
        }
        let found: Vec<PendingId> = self
            .store
            .pending()?
            .into_iter()
            .map(|p| p.id)
            .filter(|id| id.to_string().starts_with(&typed))
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::NotFound("waiting notification")),
            _ => Err(Error::invalid(
                "row",
                Problem::Duplicate,
                "more than one waiting row starts so; give more characters",
            )),
        }
    }

    /// Decides a waiting notification: a new case, a repeat linked to an
    /// earlier case, or not ours. The case, the row's removal and the log
    /// entry are one transaction; a dismissal keeps nothing of the row and
    /// logs only that one was dismissed.
    pub fn triage(&mut self, id: PendingId, choice: Triage) -> Result<Triaged> {
        let p = self.store.pending_one(id)?;
        let who = self.who()?;
        let link_to = match choice {
            Triage::Dismiss => {
                self.store.with_tx(|tx| {
                    tx.delete_pending(id)?;
                    tx.log_access(&AccessNote {
                        who: &who,
                        action: Access::Dismiss,
                        case_number: "",
                        detail: "",
                    })
                })?;
                // secure_delete zeroed the row's cells; the WAL goes too.
                self.store.settle_after_deletion()?;
                return Ok(Triaged { case: None });
            }
            Triage::New => None,
            Triage::Repeat { earlier } => Some(earlier),
        };
        let mut case = new_case(&p, link_to);
        if !self.case_settings()?.cpr_allowed {
            // The rules changed since the list was read in.
            case.cpr.clear();
        }
        let valid = self.check_case(&case)?;
        let owner = self.owner_for_new(None)?;
        let number = self.fresh_case_number()?;
        let case_id = self.store.with_tx(|tx| {
            let cid = tx.insert_case_as(
                triaged_case_id(id),
                &valid,
                &number,
                link_to.is_some(),
                &who,
            )?;
            tx.give_to(Owned::Case, &cid.to_string(), owner.as_deref())?;
            tx.delete_pending(id)?;
            tx.log_access(&AccessNote {
                who: &who,
                action: Access::Create,
                case_number: &number,
                detail: "from-list",
            })?;
            Ok(cid)
        })?;
        self.store.settle_after_deletion()?;
        Ok(Triaged {
            case: Some(self.silent_case(case_id)?),
        })
    }

    /// Reads the source, minimises it and checks every row against this
    /// profile: its school, the case rules, rows already waiting.
    fn plan_list(&self, source: &ListSource) -> Result<Plan> {
        let cpr_allowed = self.case_settings()?.cpr_allowed;
        let (mut list, file_name, digest) = match source {
            ListSource::File { path } => {
                let path = Path::new(path);
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let bytes = crate::files::read_at_most(path, MAX_BYTES, "file")?;
                let digest = hex::encode(Sha256::digest(&bytes));
                (police_list::read(&bytes, cpr_allowed), name, digest)
            }
            ListSource::Text { text } => {
                let digest = hex::encode(Sha256::digest(text.as_bytes()));
                (
                    police_list::read_text(text, cpr_allowed),
                    String::new(),
                    digest,
                )
            }
        };
        let today = self.today();
        let schools: HashMap<String, SchoolId> = self
            .store
            .schools(false)?
            .into_iter()
            .map(|s| (name_key(&s.name), s.id))
            .collect();
        let waiting: Vec<_> = self
            .store
            .pending()?
            .into_iter()
            .map(|p| p.row.key())
            .collect();
        // Cases already made (from an earlier list that overlapped this
        // one): who and what, without the journal number.
        let cases: Vec<_> = self
            .store
            .all_cases()?
            .into_iter()
            .map(|c| {
                (
                    initials_key(&c.view.initials),
                    c.view.birth_year,
                    c.view.offence_date,
                    c.view.summary.offence,
                )
            })
            .collect();
        let mut kept = Vec::new();
        let mut resolved = Vec::new();
        for row in std::mem::take(&mut list.rows) {
            let school = match row.school_name.trim() {
                "" => None,
                name => match schools.get(&name_key(name)) {
                    Some(id) => Some(*id),
                    None => {
                        let problem = ListProblem::UnknownSchool {
                            name: name.chars().take(60).collect(),
                        };
                        list.refuse(row.line, Some(Col::School), problem);
                        continue;
                    }
                },
            };
            if waiting.contains(&row.key()) {
                list.refuse(row.line, None, ListProblem::AlreadyWaiting);
                continue;
            }
            let (initials, year, date, offence, ..) = row.key();
            if cases.contains(&(initials, year, date, offence)) {
                list.refuse(row.line, None, ListProblem::AlreadyCase);
                continue;
            }
            let mut case = as_case(&row, None);
            case.school = school;
            if let Err(Error::Invalid { field, problem, .. }) =
                validate_case(&case, today, cpr_allowed)
            {
                let col = Col::of_field(&field);
                list.refuse(row.line, col, ListProblem::Invalid { field, problem });
                continue;
            }
            kept.push(row);
            resolved.push(school);
        }
        list.rows = kept;
        cap_errors(&mut list.errors);
        Ok(Plan {
            list,
            schools: resolved,
            file_name,
            digest,
        })
    }
}

/// The id of the case a waiting row becomes: derived from the row's, so
/// two devices that triage the same row before they sync make one case,
/// not two (sync merges them as one record).
fn triaged_case_id(row: PendingId) -> feltbog_api::CaseId {
    let hash = Sha256::digest(format!("feltbog:triaged:{row}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    feltbog_api::CaseId(uuid::Builder::from_custom_bytes(bytes).into_uuid())
}

fn as_case(r: &ListRow, link_to: Option<feltbog_api::CaseId>) -> NewCase {
    NewCase {
        journal: r.journal.clone(),
        initials: r.initials.clone(),
        birth_year: r.birth_year,
        school: None,
        cpr: r.cpr.clone(),
        law: r.law,
        law_other: r.law_other.clone(),
        offence: r.offence,
        offence_other: r.offence_other.clone(),
        offence_date: r.offence_date,
        notified: r.notified,
        link_to,
    }
}

fn new_case(p: &StoredPending, link_to: Option<feltbog_api::CaseId>) -> NewCase {
    NewCase {
        school: p.school,
        ..as_case(&p.row, link_to)
    }
}

fn view(
    p: StoredPending,
    deadline: feltbog_api::cases::Deadline,
    matches: Vec<CaseLink>,
) -> Pending {
    let short = p.id.to_string()[..8].to_owned();
    Pending {
        id: p.id,
        short,
        notified: p.row.notified,
        offence_date: p.row.offence_date,
        initials: p.row.initials,
        birth_year: p.row.birth_year,
        cpr_registered: !p.row.cpr.is_empty(),
        school: p.school,
        school_name: p.row.school_name,
        law: p.row.law,
        law_other: p.row.law_other,
        offence: p.row.offence,
        offence_other: p.row.offence_other,
        journal: p.row.journal,
        deadline,
        matches,
    }
}

/// One validation error listing every refused row.
fn list_error(list: &ReadList) -> Error {
    let n = list.errors.len();
    let lines: Vec<String> = list
        .errors
        .iter()
        .map(|e| format!("line {}: {}", e.line, e.message))
        .collect();
    Error::invalid(
        "file",
        Problem::NotAllowed,
        format!(
            "nothing was read in: {n} row{} refused\n{}",
            if n == 1 { "" } else { "s" },
            lines.join("\n")
        ),
    )
}
