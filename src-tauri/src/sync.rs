//! The app's background sync: one worker thread with its own connection
//! to the profile, so waiting on the network never holds the connection
//! the screens use, and writing never waits for a sync.
//!
//! It syncs at once on unlock, a few seconds after a change, every minute
//! while unlocked, and when asked; team calls that reach the server
//! (create, join, invite, members, remove) run on the same connection.
//! Locking drops its connection (and with it the key) as soon as the sync
//! running at that moment has ended.

use feltbog_api::ApiError;
use feltbog_core::{Error, Session};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long after a change the sync waits, so a burst of edits (a class
/// list typed in) goes in one sync.
pub const AFTER_CHANGE: Duration = Duration::from_secs(3);
/// How often the app syncs while unlocked.
pub const EVERY: Duration = Duration::from_secs(60);

/// Shared handle to the worker. Cloning shares it.
#[derive(Clone)]
pub struct SyncWorker(Arc<Inner>);

struct Inner {
    /// The worker's connection, held for a whole sync or team call. Lock
    /// order: `slot` before `plan`.
    slot: Mutex<Slot>,
    plan: Mutex<Plan>,
    wake: Condvar,
}

#[derive(Default)]
struct Slot {
    session: Option<Session>,
    /// The plan generation the session belongs to.
    generation: u64,
}

#[derive(Default)]
struct Plan {
    /// Raised by every start and stop: a session of an older generation
    /// is dropped as soon as it is free.
    generation: u64,
    /// A session handed over by `start`, taken up at the next use.
    pending: Option<Session>,
    /// The next sync; `None` while stopped (locked).
    due: Option<Instant>,
    syncing: bool,
    failure: Option<ApiError>,
    /// Syncs that brought changes from the team.
    arrivals: u64,
    /// Started, and the first sync of this unlock not yet ended.
    first_pending: bool,
}

fn guard<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every write is one transaction, so a panic while holding the lock
    // leaves nothing half-written.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SyncWorker {
    /// Starts the worker thread; it sleeps until [`SyncWorker::start`].
    pub fn spawn() -> Self {
        let worker = Self(Arc::new(Inner {
            slot: Mutex::new(Slot::default()),
            plan: Mutex::new(Plan::default()),
            wake: Condvar::new(),
        }));
        let w = worker.clone();
        std::thread::Builder::new()
            .name("feltbog-sync".into())
            .spawn(move || loop {
                w.wait_until_due();
                w.run_once();
            })
            .map_err(|e| eprintln!("feltbog: the sync worker did not start: {e}"))
            .ok();
        worker
    }

    /// Hands the worker its connection after an unlock; it syncs at once.
    pub fn start(&self, session: Session) {
        let mut plan = guard(&self.0.plan);
        plan.generation += 1;
        plan.pending = Some(session);
        plan.due = Some(Instant::now());
        plan.failure = None;
        plan.first_pending = true;
        self.0.wake.notify_all();
    }

    /// Stops syncing and drops the worker's connection (at once, or when
    /// the sync running now ends).
    pub fn stop(&self) {
        {
            let mut plan = guard(&self.0.plan);
            plan.generation += 1;
            plan.pending = None;
            plan.due = None;
            plan.failure = None;
            plan.first_pending = false;
        }
        if let Ok(mut slot) = self.0.slot.try_lock() {
            slot.session = None;
        }
    }

    /// Asks for a sync within `after` (sooner if one is already due).
    pub fn nudge(&self, after: Duration) {
        let mut plan = guard(&self.0.plan);
        if let Some(due) = plan.due {
            plan.due = Some(due.min(Instant::now() + after));
            self.0.wake.notify_all();
        }
    }

    /// Whether a sync is running, why the last one failed, and how many
    /// brought changes.
    pub fn state(&self) -> (bool, Option<ApiError>, u64) {
        let plan = guard(&self.0.plan);
        (plan.syncing, plan.failure.clone(), plan.arrivals)
    }

    /// Whether the first sync after an unlock has yet to end (done or
    /// failed): the daily reminder waits for it.
    pub fn first_run_pending(&self) -> bool {
        guard(&self.0.plan).first_pending
    }

    /// Runs a team call that reaches the server on the worker's
    /// connection (it waits for a sync running now).
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> feltbog_core::Result<T>,
    ) -> Result<T, ApiError> {
        let mut slot = self.take_up();
        let session = slot.session.as_mut().ok_or_else(crate::state::locked)?;
        f(session).map_err(ApiError::from)
    }

    /// The slot with the newest session in it, and none of an older
    /// generation.
    fn take_up(&self) -> MutexGuard<'_, Slot> {
        let mut slot = guard(&self.0.slot);
        let mut plan = guard(&self.0.plan);
        if let Some(s) = plan.pending.take() {
            slot.session = Some(s);
            slot.generation = plan.generation;
        }
        if slot.generation != plan.generation {
            slot.session = None;
        }
        drop(plan);
        slot
    }

    fn wait_until_due(&self) {
        let mut plan = guard(&self.0.plan);
        loop {
            let now = Instant::now();
            match plan.due {
                Some(due) if due <= now => break,
                Some(due) => {
                    plan = self
                        .0
                        .wake
                        .wait_timeout(plan, due - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
                None => plan = self.0.wake.wait(plan).unwrap_or_else(|e| e.into_inner()),
            }
        }
        plan.due = Some(Instant::now() + crate::test_hooks::sync_every());
        plan.syncing = true;
    }

    fn run_once(&self) {
        let mut slot = self.take_up();
        let generation = slot.generation;
        let outcome = slot.session.as_mut().map(Session::sync);
        let mut plan = guard(&self.0.plan);
        plan.syncing = false;
        if plan.generation != generation {
            // Locked while syncing: the key goes now.
            slot.session = None;
            return;
        }
        if let Some(Ok(r)) = &outcome {
            if r.received > 0 || r.deleted > 0 {
                plan.arrivals += 1;
            }
        }
        plan.failure = match outcome {
            Some(Err(Error::NotInTeam)) | Some(Ok(_)) | None => None,
            Some(Err(e)) => Some(ApiError::from(e)),
        };
        plan.first_pending = false;
    }
}
