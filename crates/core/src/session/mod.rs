//! An unlocked profile: the operations the CLI and the desktop shell call.
//! Each one validates in the domain, then writes in one store transaction.

mod activities;
mod alarms;
mod backup;
mod cafes;
mod calendar;
mod cases;
mod compliance;
mod desk;
mod keys;
mod members;
mod open;
mod owner;
mod papers;
mod police;
mod purge;
mod retention;
mod school_merge;
mod school_report;
mod search;
mod settings;
mod summary;
mod survey;
mod sync;
mod sync_run;
mod sync_stages;
mod team;
mod trends;

pub use cases::{DELETION_NOTICE_DAYS, FULL_CHECK_DAYS};
pub use open::Opened;
pub use owner::HandedOver;
pub use sync_stages::SyncStages;

use crate::domain::{schools::validate_school, text, visits as rules};
use crate::store::Store;
use crate::{Error, Profile, Result};
use chrono::NaiveDate;
use feltbog_api::schools::{NewSchool, SchoolView};
use feltbog_api::visits::{DueFollowUp, NewVisit, VisitFilter, VisitStatus, VisitView};
use feltbog_api::{FollowUpId, Problem, SchoolId, VisitId};

/// The most a draft may hold: a full visit with long notes and every
/// follow-up fits several times over.
const DRAFT_MAX: usize = 100_000;

/// Where "today" comes from: the machine's local date, or a fixed one in tests.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(NaiveDate),
    /// The machine's date moved by whole days: the end-to-end tests' "today"
    /// that still turns at midnight, as the webview's own clock does.
    Shifted(i64),
}

impl Clock {
    /// The clock the end-to-end tests give the app and the command line:
    /// the day in `FELTBOG_TEST_TODAY` (YYYY-MM-DD), else the machine's.
    /// Only their builds with the `test-hooks` feature call it: a user's
    /// Feltbog has no way to be told another date.
    ///
    /// It is the machine's date shifted to that day, not the day itself: a
    /// run that goes past midnight moves on to the next day, as the UI's
    /// clock does (the webview's date, lined up with the shell's once), so
    /// the two never disagree about which day a form may be dated. (A fixed
    /// day did: after midnight the UI proposed tomorrow and the shell
    /// refused it as a date in the future.)
    pub fn from_test_env() -> Clock {
        std::env::var("FELTBOG_TEST_TODAY")
            .ok()
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .map_or(Clock::System, |d| {
                Clock::Shifted((d - chrono::Local::now().date_naive()).num_days())
            })
    }

    pub fn today(self) -> NaiveDate {
        match self {
            Clock::System => chrono::Local::now().date_naive(),
            Clock::Fixed(d) => d,
            Clock::Shifted(days) => {
                chrono::Local::now().date_naive() + chrono::Duration::days(days)
            }
        }
    }
}

/// An unlocked profile. Made only by opening one ([`Profile::unlock`],
/// [`Profile::create`], [`Profile::unlock_with_recovery`],
/// [`Profile::restore`]), which runs the purge on opening ([`Opened`]).
pub struct Session {
    profile: Profile,
    store: Store,
    clock: Clock,
    /// The date the purge last ran ([`Session::purge_daily`]).
    last_purge: Option<NaiveDate>,
    /// Where the last sync's time went.
    stages: SyncStages,
    /// Entries per pull and push page ([`sync_run::Pages`]).
    pages: sync_run::Pages,
    /// The access log's last check in this session found it changed
    /// outside Feltbog (Overblik shows it beside the banner).
    access_log_broken: bool,
    /// The date the daily reminder was last settled in this session
    /// ([`Session::take_reminder`]), so the shell's tick asks the file
    /// once a day, not every few seconds.
    reminded: Option<NaiveDate>,
    /// The earlier cases the open list of waiting notifications has
    /// proposed (so logged); emptied when the list is opened again.
    pending_shown: std::collections::BTreeSet<String>,
}

impl Session {
    /// A session on a store opened by a test, without the purge on opening.
    #[cfg(feature = "test-support")]
    pub fn new(profile: Profile, store: Store) -> Self {
        let clock = profile.clock();
        Self::from_parts(profile, store, clock)
    }

    /// The same profile on a second database connection, for a background
    /// worker (the app's sync) that must never hold the user's connection
    /// while it waits on the network.
    pub fn open_another(&self) -> Result<Session> {
        Ok(Session::from_parts(
            self.profile.clone(),
            self.store.open_another()?,
            self.clock,
        ))
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The store underneath, for tests that look at the file's rows.
    #[cfg(feature = "test-support")]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The newest clock stamp this file knows: it moves exactly when
    /// something was written, so a caller can tell a write from a read.
    pub fn clock_stamp(&self) -> i64 {
        self.store.clock_stamp()
    }

    /// Direct store access for bulk loading in the benchmark.
    #[cfg(feature = "bench-plain")]
    pub fn store_mut_for_bench(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Rewraps the data key under a new passphrase (the database is untouched).
    pub fn change_passphrase(&self, current: &str, new_passphrase: &str) -> Result<()> {
        self.profile.change_passphrase(current, new_passphrase)
    }

    // --- drafts ---

    /// Keeps a form's unsaved state (opaque to core) under `form`.
    pub fn save_draft(&mut self, form: &str, body: &str) -> Result<()> {
        let form = text::clean("form", form, true, text::NAME_MAX)?;
        if body.chars().count() > DRAFT_MAX {
            return Err(Error::invalid(
                "body",
                Problem::TooLong {
                    max: DRAFT_MAX as u32,
                },
                format!("a draft holds at most {DRAFT_MAX} characters"),
            ));
        }
        self.store.save_draft(&form, body)
    }

    pub fn draft(&self, form: &str) -> Result<Option<String>> {
        self.store.draft(form.trim())
    }

    pub fn discard_draft(&mut self, form: &str) -> Result<()> {
        self.store.discard_draft(form.trim())?;
        self.store.checkpoint()
    }

    // --- schools ---

    pub fn schools(&self, include_inactive: bool) -> Result<Vec<SchoolView>> {
        self.store.schools(include_inactive)
    }

    pub fn add_school(&mut self, s: &NewSchool) -> Result<SchoolView> {
        let valid = validate_school(s)?;
        self.store.with_tx(|tx| tx.insert_school(&valid))
    }

    pub fn update_school(&mut self, id: SchoolId, s: &NewSchool) -> Result<SchoolView> {
        let valid = validate_school(s)?;
        self.store.with_tx(|tx| tx.update_school(id, &valid))
    }

    /// A school by id or by exact name (case ignored), for the command line.
    pub fn find_school(&self, name_or_id: &str) -> Result<SchoolView> {
        if let Ok(id) = name_or_id.parse::<SchoolId>() {
            return self.store.school(id);
        }
        self.store
            .school_by_name(name_or_id)?
            .ok_or(Error::NotFound("school"))
    }

    // --- visits ---

    pub fn visits(&self, filter: &VisitFilter) -> Result<Vec<VisitView>> {
        self.store.visits(filter)
    }

    pub fn visit(&self, id: VisitId) -> Result<VisitView> {
        self.store.visit(id)
    }

    pub fn record_visit(&mut self, v: &NewVisit) -> Result<VisitView> {
        self.record_visit_for(v, None)
    }

    /// Records a visit with `owner` responsible (a member's name; `None`:
    /// whoever records it), in one transaction.
    pub fn record_visit_for(&mut self, v: &NewVisit, owner: Option<&str>) -> Result<VisitView> {
        let valid = rules::validate_visit(v, self.today())?;
        self.check_school(v.school)?;
        let owner = self.owner_for_new(owner)?;
        let author = self.store.settings()?.consultant_name;
        let id = self.store.with_tx(|tx| {
            let id = tx.insert_visit(&valid, &author)?;
            tx.give_to(
                crate::store::Owned::Visit,
                &id.to_string(),
                owner.as_deref(),
            )?;
            Ok(id)
        })?;
        self.store.visit(id)
    }

    pub fn update_visit(&mut self, id: VisitId, v: &NewVisit) -> Result<VisitView> {
        let valid = rules::validate_visit(v, self.today())?;
        self.check_school(v.school)?;
        self.store.with_tx(|tx| tx.update_visit(id, &valid))?;
        self.store.visit(id)
    }

    /// Marks a planned visit as done, keeping everything else.
    pub fn mark_visit_done(&mut self, id: VisitId) -> Result<VisitView> {
        let v = self.store.visit(id)?;
        if v.status == VisitStatus::Done {
            return Ok(v);
        }
        rules::check_can_mark_done(v.date, self.today())?;
        let input = NewVisit {
            school: v.school,
            date: v.date,
            status: VisitStatus::Done,
            purpose: v.purpose,
            purpose_other: v.purpose_other,
            classes: v.classes,
            notes: v.notes,
            follow_ups: v.follow_ups.into_iter().map(Into::into).collect(),
        };
        self.update_visit(id, &input)
    }

    /// Deletes a visit for real: rows, change-log contents, and (by
    /// `secure_delete` and a WAL checkpoint) the freed bytes.
    pub fn delete_visit(&mut self, id: VisitId) -> Result<()> {
        self.store.with_tx(|tx| tx.delete_visit(id))?;
        self.store.checkpoint()
    }

    pub fn due_follow_ups(&self, until: Option<NaiveDate>) -> Result<Vec<DueFollowUp>> {
        self.store.due_follow_ups(until)
    }

    pub fn set_follow_up_done(&mut self, id: FollowUpId, done: bool) -> Result<()> {
        self.store.with_tx(|tx| tx.set_follow_up_done(id, done))
    }

    pub(crate) fn check_school(&self, id: SchoolId) -> Result<()> {
        match self.store.school(id) {
            Err(Error::NotFound(_)) => Err(Error::invalid(
                "school",
                Problem::UnknownReference,
                "no such school; add it first or pick one from the list",
            )),
            other => other.map(|_| ()),
        }
    }

    /// Loads the fictitious demo municipality into an empty profile.
    pub fn load_demo(&mut self) -> Result<()> {
        if self.store.school_count()? > 0 {
            return Err(Error::Conflict(
                "the demo municipality can only be loaded into an empty profile".into(),
            ));
        }
        let today = self.today();
        let demo = crate::demo::demo(today)?;
        let author = self.store.settings()?.consultant_name;
        self.store.with_tx(|tx| {
            let mut ids = Vec::new();
            for s in &demo.schools {
                ids.push(tx.insert_school(&validate_school(s)?)?.id);
            }
            let school_at = |i: usize| {
                ids.get(i)
                    .copied()
                    .ok_or_else(|| Error::Corrupt("demo data: unknown school index".into()))
            };
            for (school, mut v) in demo.visits {
                v.school = school_at(school)?;
                tx.insert_visit(&rules::validate_visit(&v, today)?, &author)?;
            }
            for (school, mut a) in demo.activities {
                a.school = school.map(school_at).transpose()?;
                tx.insert_activity(&crate::domain::activities::validate_activity(&a)?, &author)?;
            }
            Ok(())
        })
    }
}
