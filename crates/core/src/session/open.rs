//! The one way into a profile: every unlock, creation, recovery and restore
//! ends here, and the purge rules live here once.
//!
//! - **On opening**: the cases whose deletion date has come, and what the
//!   other retention rules say is due, are deleted before anyone reads
//!   them (unless the purge waits for a person: [`Session::purge_hold`]).
//!   A purge that fails does not keep the user out of their notes: the
//!   failure is handed back and the purge is tried again the next day
//!   check.
//! - **Daily while open**: the app may stay unlocked across midnight for
//!   days, so [`Session::purge_daily`] runs the same purge once per date.

use super::{Clock, Session};
use crate::store::Store;
use crate::{Error, Profile, Result};
use feltbog_api::cases::{DeletionRecord, PurgeHold};

/// An opened profile and what opening it did.
pub struct Opened {
    pub session: Session,
    /// The cases the purge on opening deleted.
    pub deleted: Vec<DeletionRecord>,
    /// The deletions due wait for a person to confirm them (the date looks
    /// wrong, or the number is unusual): nothing was deleted.
    pub hold: Option<PurgeHold>,
    /// Why the purge on opening could not run. The session is open all
    /// the same; the daily check tries again. The error names no record.
    pub purge_failed: Option<Error>,
}

impl Opened {
    /// Opens `store` as a session of `profile` and runs the purge on opening.
    pub(crate) fn open(profile: Profile, store: Store) -> Opened {
        let clock = profile.clock();
        let mut session = Session::from_parts(profile, store, clock);
        let purged = session
            .purge(false)
            .and_then(|deleted| Ok((deleted, session.purge_hold()?)));
        match purged {
            Ok((deleted, hold)) => {
                session.last_purge = Some(session.today());
                Opened {
                    session,
                    deleted,
                    hold,
                    purge_failed: None,
                }
            }
            Err(e) => Opened {
                session,
                deleted: Vec::new(),
                hold: None,
                purge_failed: Some(e),
            },
        }
    }
}

impl Session {
    pub(crate) fn from_parts(profile: Profile, store: Store, clock: Clock) -> Session {
        Session {
            profile,
            store,
            clock,
            last_purge: None,
            stages: super::SyncStages::default(),
            pages: super::sync_run::Pages::default(),
            access_log_broken: false,
            reminded: None,
            pending_shown: Default::default(),
        }
    }

    /// Runs the purge once per date while the profile stays open: `None`
    /// when it already ran today, else the cases it deleted. A failure is
    /// tried again at the next call.
    pub fn purge_daily(&mut self) -> Result<Option<Vec<DeletionRecord>>> {
        let today = self.today();
        if self.last_purge == Some(today) {
            return Ok(None);
        }
        let deleted = self.purge(false)?;
        self.last_purge = Some(today);
        Ok(Some(deleted))
    }
}
