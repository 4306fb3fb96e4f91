//! The desktop app's state: the profile, the unlocked session (if any),
//! the background sync and the idle timer. Locking drops the session and
//! the sync's connection, and with them the store and its key, from memory.

use crate::sync::{SyncWorker, AFTER_CHANGE};
use feltbog_api::cases::PurgeHold;
use feltbog_api::desk::Reminder;
use feltbog_api::profile::Language;
use feltbog_api::profile::{ProfileStatus, Settings};
use feltbog_api::{ApiError, ErrorKind};
use feltbog_core::{Opened, Profile, Session};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

/// Shared state behind the Tauri commands. Cloning shares it.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// Called when the shell locks by itself (the idle lock), so the UI shows
/// the unlock screen at once.
type OnLock = Box<dyn Fn() + Send + Sync>;

/// Called with the day's reminder and the profile's language, to show it.
type OnRemind = Box<dyn Fn(&Reminder, Language) + Send + Sync>;

/// The last user activity, on both clocks: the monotonic one does not
/// advance while the computer sleeps, the wall clock does.
#[derive(Clone, Copy)]
struct Activity {
    at: Instant,
    wall: SystemTime,
}

impl Activity {
    fn now() -> Self {
        Self {
            at: Instant::now(),
            wall: SystemTime::now(),
        }
    }

    /// How long ago, by whichever clock says longer (a wall clock set back
    /// counts as no time).
    fn elapsed(&self) -> Duration {
        let wall = SystemTime::now()
            .duration_since(self.wall)
            .unwrap_or(Duration::ZERO);
        self.at.elapsed().max(wall)
    }
}

struct Inner {
    profile: Profile,
    session: Mutex<Option<Session>>,
    last_activity: Mutex<Activity>,
    on_lock: Mutex<Option<OnLock>>,
    on_remind: Mutex<Option<OnRemind>>,
    sync: SyncWorker,
}

/// What opening the profile found: its settings, and what the purge on
/// opening did.
pub struct Opening {
    pub settings: Settings,
    pub deleted: usize,
    pub hold: Option<PurgeHold>,
}

impl AppState {
    /// The app's state for `profile`. Where "today" comes from is fixed
    /// here (a fixed day only in end-to-end test builds).
    pub fn new(profile: Profile) -> Self {
        Self(Arc::new(Inner {
            profile: profile.with_clock(crate::test_hooks::clock()),
            session: Mutex::new(None),
            last_activity: Mutex::new(Activity::now()),
            on_lock: Mutex::new(None),
            on_remind: Mutex::new(None),
            sync: SyncWorker::spawn(),
        }))
    }

    /// Today by the app's clock, for the UI's dates before any unlock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.0.profile.clock().today()
    }

    pub fn sync(&self) -> &SyncWorker {
        &self.0.sync
    }

    pub fn profile(&self) -> &Profile {
        &self.0.profile
    }

    fn session(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while holding the lock leaves no half-written data (every
        // write is one transaction), so the state is still usable.
        self.0.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn touch(&self) {
        *self
            .0
            .last_activity
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Activity::now();
    }

    /// What to call when the idle lock locks (the shell emits an event).
    pub fn set_on_lock(&self, f: impl Fn() + Send + Sync + 'static) {
        *self.0.on_lock.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(f));
    }

    /// What to call with the day's reminder (the shell shows a
    /// notification).
    pub fn set_on_remind(&self, f: impl Fn(&Reminder, Language) + Send + Sync + 'static) {
        *self.0.on_remind.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(f));
    }

    pub fn status(&self) -> ProfileStatus {
        ProfileStatus {
            exists: self.0.profile.exists(),
            unlocked: self.session().is_some(),
            retry_after_secs: self.0.profile.retry_after(),
        }
    }

    fn set_session(&self, s: Session) {
        self.touch();
        // The sync runs on a second connection. Without one the app still
        // works, offline; the message names no record.
        match s.open_another() {
            Ok(worker) => self.0.sync.start(worker),
            Err(e) => eprintln!("feltbog: the background sync could not open the profile: {e}"),
        }
        *self.session() = Some(s);
    }

    /// Makes a freshly opened profile the session (core has run the purge
    /// on opening); answers its settings and what the purge did.
    pub fn open(&self, opened: Opened) -> Result<Opening, ApiError> {
        if let Some(e) = &opened.purge_failed {
            // Core keeps the notes open and the daily check tries again.
            // The message names no record.
            eprintln!("feltbog: deleting the cases due failed: {e}");
        }
        let settings = opened.session.settings()?;
        let opening = Opening {
            settings,
            deleted: opened.deleted.len(),
            hold: opened.hold,
        };
        self.set_session(opened.session);
        Ok(opening)
    }

    /// Once a tick while unlocked: core's daily purge (the app may stay
    /// open across midnight for days).
    fn purge_if_new_day(&self) {
        if let Some(session) = self.session().as_mut() {
            // A failure is retried on the next tick; its message names no record.
            if let Err(e) = session.purge_daily() {
                eprintln!("feltbog: the daily deletion of due cases failed: {e}");
            }
        }
    }

    /// Once a tick while unlocked: the day's reminder, if core says one is
    /// due (at most once a date; off in the settings).
    fn remind_if_due(&self) {
        // After the first sync of the unlock, so what the team handed over
        // meanwhile is counted.
        if self.0.sync.first_run_pending() {
            return;
        }
        let due = {
            let mut guard = self.session();
            let Some(session) = guard.as_mut() else {
                return;
            };
            due_reminder(session)
        };
        match due {
            Ok(Some((reminder, lang))) => {
                if let Some(f) = self
                    .0
                    .on_remind
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .as_ref()
                {
                    f(&reminder, lang);
                }
            }
            Ok(None) => {}
            // Core has settled the day first, so this is said once; the
            // message names no record.
            Err(e) => eprintln!("feltbog: the daily reminder could not be worked out: {e}"),
        }
    }

    pub fn lock(&self) {
        self.forget(&mut self.session());
    }

    /// Drops both connections, and with them the key.
    fn forget(&self, session: &mut Option<Session>) {
        self.0.sync.stop();
        *session = None;
    }

    /// The unlocked profile's language, for the words of a native dialog
    /// (the webview cannot draw in it). Fails with `Locked` when locked,
    /// so no dialog opens over the unlock screen.
    pub async fn language(&self) -> Result<feltbog_api::profile::Language, ApiError> {
        self.with_session(|s| Ok::<_, feltbog_core::Error>(s.settings()?.language))
            .await
    }

    /// Runs the user's work `f` on the unlocked session on a blocking
    /// thread, so database work never stalls the UI: it counts as activity
    /// for the idle lock, and a write nudges the sync. Fails with `Locked`
    /// when locked.
    pub async fn with_session<T, E, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        E: Into<ApiError>,
        F: FnOnce(&mut Session) -> Result<T, E> + Send + 'static,
    {
        let state = self.clone();
        blocking(move || {
            state.touch();
            let mut guard = state.session();
            let session = guard.as_mut().ok_or_else(locked)?;
            let before = session.clock_stamp();
            let out = f(session).map_err(Into::into);
            if session.clock_stamp() != before {
                // Something was written: send it soon.
                state.0.sync.nudge(AFTER_CHANGE);
            }
            out
        })
        .await
    }

    /// A read the UI makes by itself on a timer (the sync indicator): it is
    /// not the user's activity, so the idle lock still comes.
    pub async fn poll<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Session) -> feltbog_core::Result<T> + Send + 'static,
    {
        let state = self.clone();
        blocking(move || {
            let guard = state.session();
            let session = guard.as_ref().ok_or_else(locked)?;
            f(session).map_err(ApiError::from)
        })
        .await
    }

    /// Runs a team call that reaches the server on the sync worker's
    /// connection, off the UI thread; the screens' connection stays free.
    pub async fn with_sync_session<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Session) -> feltbog_core::Result<T> + Send + 'static,
    {
        let state = self.clone();
        blocking(move || {
            state.touch();
            state.0.sync.with_session(f)
        })
        .await
    }

    /// Locks if the user has been idle longer than their setting allows,
    /// counting time the computer slept. Fails closed: settings that cannot
    /// be read lock at once.
    fn lock_if_idle(&self) {
        let idle = self
            .0
            .last_activity
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed();
        let mut guard = self.session();
        let Some(session) = guard.as_ref() else {
            return;
        };
        // Core caps the setting at the maximum.
        let minutes = session.settings().map_or(0, |s| s.idle_lock_minutes);
        if idle >= Duration::from_secs(u64::from(minutes) * 60) {
            self.forget(&mut guard);
            drop(guard);
            if let Some(f) = self
                .0
                .on_lock
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
            {
                f();
            }
        }
    }
}

/// The day's reminder, if one is due, in the profile's language.
fn due_reminder(session: &mut Session) -> feltbog_core::Result<Option<(Reminder, Language)>> {
    // The language first: once the day's reminder is taken, nothing may
    // fail before it is shown.
    let lang = session.settings()?.language;
    Ok(session.take_reminder()?.map(|r| (r, lang)))
}

/// Runs blocking work (key derivation, SQLite) off the async runtime's
/// worker threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::new(ErrorKind::Internal, format!("background task failed: {e}")))?
}

pub fn locked() -> ApiError {
    ApiError::new(ErrorKind::Locked, "Feltbog is locked; unlock it first")
}

/// Checks the idle timer every few seconds for the life of the app.
pub fn spawn_idle_lock(state: AppState) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(5));
        state.lock_if_idle();
        state.purge_if_new_day();
        state.remind_if_due();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use feltbog_core::keys::KdfParams;

    fn unlocked_state(dir: &std::path::Path) -> AppState {
        let profile = Profile::at(dir);
        let (opened, _) = profile
            .create("en lang test-passphrase", KdfParams::INSECURE_FOR_TESTS)
            .unwrap();
        let state = AppState::new(profile);
        state.open(opened).unwrap();
        state
    }

    fn idle_for(state: &AppState, minutes: u64) {
        let ago = Duration::from_secs(minutes * 60);
        *state.0.last_activity.lock().unwrap() = Activity {
            at: Instant::now().checked_sub(ago).unwrap(),
            wall: SystemTime::now() - ago,
        };
    }

    /// A laptop that slept: the monotonic clock stood still, the wall
    /// clock moved on two days.
    fn slept_for(state: &AppState, minutes: u64) {
        *state.0.last_activity.lock().unwrap() = Activity {
            at: Instant::now(),
            wall: SystemTime::now() - Duration::from_secs(minutes * 60),
        };
    }

    #[test]
    fn locks_after_the_idle_minutes_in_settings_and_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let state = unlocked_state(dir.path());
        idle_for(&state, 5);
        state.lock_if_idle();
        assert!(state.status().unlocked, "default is 10 minutes");
        idle_for(&state, 11);
        state.lock_if_idle();
        assert!(!state.status().unlocked);
    }

    #[test]
    fn sleep_counts_as_idle_time_and_the_ui_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let state = unlocked_state(dir.path());
        let told = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let t = told.clone();
        state.set_on_lock(move || t.store(true, std::sync::atomic::Ordering::SeqCst));
        slept_for(&state, 2 * 24 * 60);
        state.lock_if_idle();
        assert!(!state.status().unlocked, "two days asleep locks");
        assert!(told.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[test]
    fn settings_that_cannot_be_read_lock_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let state = unlocked_state(dir.path());
        state
            .session()
            .as_ref()
            .unwrap()
            .store()
            .execute_for_tests(
                "INSERT OR REPLACE INTO settings (key, value) \
                 VALUES ('settings', '{\"idle_lock_minutes\": \"ti\"}')",
            )
            .unwrap();
        state.touch();
        state.lock_if_idle();
        assert!(!state.status().unlocked, "fails closed");
    }

    #[test]
    fn activity_postpones_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let state = unlocked_state(dir.path());
        idle_for(&state, 30);
        state.touch();
        state.lock_if_idle();
        assert!(state.status().unlocked);
        state.lock();
        assert!(!state.status().unlocked);
    }
}
