//! The sync run (docs/SYNC.md): take the keys granted to this device, pull
//! and apply what the team wrote, then (once admitted, with the announced
//! epoch's key) push what this device wrote. Every check that can fail
//! because of the server or a member's altered program ends in a refusal
//! that is counted as an alarm (`alarms.rs`); nothing held here is lost.

use super::alarms::Alarms;
use super::sync_stages::{timed, SyncStages};
use super::Session;
use crate::store::ApplyReport;
use crate::store::{Block, TeamRow};
use crate::sync::client::Client;
use crate::sync::crypto::{verifying_key, DeviceSecrets};
use crate::sync::envelope::{sealed_len, Held, Keyring, Writer};
use crate::sync::schema::MEMBER;
use crate::sync::Incoming;
use crate::sync::Scope;
use crate::{Error, Result};
use chrono::Utc;
use feltbog_api::team::{MemberRole, SyncAlarm, SyncReport};
use feltbog_wire as wire;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Entries per push request (and at most this many bytes of ciphertext,
/// well under the server's body limit), and per pull page.
const PUSH_PAGE: usize = 500;
const PUSH_BYTES: usize = 4 * 1024 * 1024;
const PULL_PAGE: u32 = 2000;
/// Entries per pull and push page: [`PULL_PAGE`] and [`PUSH_PAGE`], or
/// small pages in a test that wants many of them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pages {
    pull: u32,
    push: usize,
}

impl Default for Pages {
    fn default() -> Self {
        Pages {
            pull: PULL_PAGE,
            push: PUSH_PAGE,
        }
    }
}

/// A pass pulls until the server has nothing more; logs that stopped (a
/// deletion or a member that came later in the pass) are tried again in
/// the next, as long as one makes progress.
const PASSES: usize = 4;

type Log = (String, String);
type Cursors = BTreeMap<String, BTreeMap<String, i64>>;

/// Why a log stopped in this sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Held(Held),
    Blocked(Block),
}

impl Stop {
    fn alarm(self) -> Option<SyncAlarm> {
        match self {
            Stop::Held(Held::Refused(a)) => Some(a),
            Stop::Held(Held::UnknownWriter | Held::NoKey) => None,
            Stop::Blocked(Block::Uncovered) => Some(SyncAlarm::ForgedDeletion),
            Stop::Blocked(Block::Gap) => Some(SyncAlarm::Gap),
        }
    }
}

impl Session {
    /// Pulls and pushes until up to date. On any failure the reason is
    /// noted for the indicator and returned; what was applied stays, and
    /// what the server did wrong is kept as alarms.
    pub fn sync(&mut self) -> Result<SyncReport> {
        let started = Instant::now();
        self.stages = SyncStages::default();
        let t = self.team_row()?;
        let mut alarms = Alarms::default();
        let result = self.sync_with(&t, &mut alarms);
        self.stages.total = started.elapsed();
        if let Err(Error::ServerFault { alarm, .. }) = &result {
            alarms.add(*alarm);
        }
        self.keep_alarms(&alarms)?;
        let (at, error) = match &result {
            Ok(_) => (Some(Utc::now().to_rfc3339()), String::new()),
            Err(e) => (None, e.to_string()),
        };
        self.store
            .with_tx(|tx| tx.note_sync(at.as_deref(), &error))?;
        // Records the team deleted leave no trace here either: the search
        // index's pages and the WAL, as after a deletion made here.
        if matches!(&result, Ok(r) if r.deleted > 0) {
            self.store.checkpoint()?;
        }
        result.map(|mut r| {
            r.alarms = alarms.kinds();
            r
        })
    }

    /// Pulls and pushes in pages of `pull` and `push` entries: a test's
    /// way to run the paging (and the page fetched and opened ahead) on a
    /// few entries.
    #[cfg(feature = "test-support")]
    pub fn set_sync_pages(&mut self, pull: u32, push: usize) {
        self.pages = Pages { pull, push };
    }

    /// Where the last sync's time went ([`SyncStages`]).
    pub fn last_sync_stages(&self) -> SyncStages {
        self.stages
    }

    fn sync_with(&mut self, t: &TeamRow, alarms: &mut Alarms) -> Result<SyncReport> {
        let client = Client::new(&t.server, Some(&t.token))?;
        let secrets = DeviceSecrets::from_bytes(&t.secrets)?;
        let mut report = SyncReport::default();
        self.take_grants(t, &client, &secrets, false, alarms)?;
        self.pull(t, &client, &mut report, alarms)?;
        // The pull may have brought the coordinator who granted a key, or
        // a newer member list: take what is granted now, and read what
        // waited for it.
        if self.take_grants(t, &client, &secrets, true, alarms)? > 0 {
            self.pull(t, &client, &mut report, alarms)?;
        }
        if t.role == MemberRole::Coordinator && self.admitted(MemberRole::Coordinator)? {
            let devices = client.devices()?.devices;
            self.admit(&client, &devices)?;
            self.announce_held_epochs()?;
            self.seed_team_rules(&t.team_id)?;
            self.rotate_stale(t, &client, &secrets)?;
            self.keep_grants(t, &client, &secrets, &devices)?;
        }
        self.push(t, &client, &secrets, &mut report, alarms)?;
        Ok(report)
    }

    /// The member list as the entries are checked against it: never the
    /// server's list of devices.
    fn writers(&self) -> Result<BTreeMap<String, Writer>> {
        let marks = self.store.v2_marks()?;
        // A team that never had entries of version 1 refuses an unsigned
        // emptied place anywhere (docs/SYNC.md, "Deletion").
        let none_v1: BTreeMap<String, i64> = Scope::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), 0))
            .collect();
        let legacy = self.store.v1_entries()?;
        Ok(self
            .store
            .members()?
            .into_iter()
            .filter_map(|m| {
                let key = verifying_key(&m.sign_key)?;
                let until = if m.active { None } else { m.until };
                let v2_from = if legacy {
                    marks
                        .iter()
                        .filter(|((_, d), _)| *d == m.device)
                        .map(|((s, _), seq)| (s.as_str().to_string(), *seq))
                        .collect()
                } else {
                    none_v1.clone()
                };
                Some((
                    m.device,
                    Writer {
                        key,
                        until,
                        v2_from,
                    },
                ))
            })
            .collect())
    }

    /// The logs to pull: each scope this device reads, from how far it has
    /// applied each other device's log.
    fn cursors(&self) -> Result<Cursors> {
        let mut out = Cursors::new();
        out.insert(
            "team".into(),
            self.sync_cursors(Scope::Team)?.into_iter().collect(),
        );
        if self.reads_cases()? {
            out.insert(
                "cases".into(),
                self.sync_cursors(Scope::Cases)?.into_iter().collect(),
            );
        }
        Ok(out)
    }

    fn request(&self, cursors: Cursors, held: &BTreeMap<Log, Stop>) -> wire::Pull {
        let me = self.store.device();
        let mut hold: Vec<Log> = held.keys().cloned().collect();
        // This device's own logs need no pulling.
        hold.extend(Scope::ALL.map(|s| (s.as_str().to_string(), me.to_string())));
        wire::Pull {
            cursors,
            limit: self.pages.pull,
            hold,
        }
    }

    /// Pulls page after page until up to date, in up to [`PASSES`] passes.
    /// While one page is applied, the next is fetched and opened on other
    /// threads (a first sync is otherwise half waiting): the fetched page
    /// is used only if the request after applying turns out as guessed,
    /// and its opening only if the keys and the member list it was opened
    /// with are still the ones held (opening is a pure function of them).
    ///
    /// Pages that follow each other without a wait are applied in one
    /// held write transaction (`store/held.rs`). It is committed when the
    /// next page is not there within [`HOLD_WAIT`] (the write lock is not
    /// held longer while waiting on the network: the app's saves get in
    /// then), when it is due, and at the end, also when the pull stops on
    /// an error: what was applied stays. After a panic it is rolled back.
    fn pull(
        &mut self,
        t: &TeamRow,
        client: &Client,
        report: &mut SyncReport,
        alarms: &mut Alarms,
    ) -> Result<()> {
        let pulled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.pull_held(t, client, report, alarms)
        }));
        let pulled = match pulled {
            Ok(pulled) => pulled,
            Err(panic) => {
                self.store.drop_held();
                std::panic::resume_unwind(panic)
            }
        };
        let released = timed(&mut self.stages.apply, || self.store.release_writes());
        pulled.and(released)
    }

    fn pull_held(
        &mut self,
        t: &TeamRow,
        client: &Client,
        report: &mut SyncReport,
        alarms: &mut Alarms,
    ) -> Result<()> {
        let mut stopped: BTreeMap<Log, Stop> = BTreeMap::new();
        for _ in 0..PASSES {
            let mut held: BTreeMap<Log, Stop> = BTreeMap::new();
            let mut progress = false;
            let mut req = self.request(self.cursors()?, &held);
            let mut page = timed(&mut self.stages.wait, || client.pull(&req))?;
            let mut ahead: Option<Ahead> = None;
            loop {
                let (ring, _) = self.keyring(t, None)?;
                let writers = self.writers()?;
                let (batch, refused) = match ahead.take() {
                    Some(a) if a.ring.opens_alike(&ring) && a.writers == writers => a.opened,
                    _ => timed(&mut self.stages.open, || {
                        open_slots(&ring, &writers, &page.slots)
                    }),
                };
                let members = batch
                    .iter()
                    .any(|i| i.payload.as_ref().is_some_and(|p| p.entity == MEMBER.name));
                let guess = self.request(advanced(&req.cursors, &page.slots), &held);
                let fetch = page.more.then_some((client, &guess, &ring, &writers));
                let (next, applied, committed) =
                    self.apply_while_fetching(batch, (&page.slots, &refused), fetch)?;
                let r = applied?;
                committed?;
                report.received += r.applied as u32;
                report.deleted += r.deleted as u32;
                report.new_conflicts += r.new_conflicts as u32;
                report.lost_edits += r.lost_edits as u32;
                report.refused += r.refused as u32;
                alarms.add_n(SyncAlarm::ForgedEntry, r.refused as u32);
                alarms.add_n(SyncAlarm::FutureStamp, r.future as u32);
                let cursors = self.cursors()?;
                progress |= cursors != req.cursors;
                held.extend(refused.into_iter().map(|(l, _, h)| (l, Stop::Held(h))));
                held.extend(
                    r.blocked
                        .into_iter()
                        .map(|(s, d, b)| ((s.as_str().to_string(), d), Stop::Blocked(b))),
                );
                // A member just added: the logs that waited for one are
                // worth asking again, in this pass.
                let waited = held.len();
                if members {
                    held.retain(|_, s| *s != Stop::Held(Held::UnknownWriter));
                }
                if !page.more && held.len() == waited {
                    break;
                }
                req = self.request(cursors, &held);
                page = match next {
                    Some((Ok((p, opened, open)), wait))
                        if req.cursors == guess.cursors && req.hold == guess.hold =>
                    {
                        self.stages.wait += wait;
                        self.stages.open += open;
                        ahead = Some(Ahead {
                            ring,
                            writers,
                            opened,
                        });
                        p
                    }
                    _ => {
                        // Not guessed: the write lock is let go before the
                        // wait on the network.
                        timed(&mut self.stages.apply, || self.store.release_writes())?;
                        timed(&mut self.stages.wait, || client.pull(&req))?
                    }
                };
            }
            stopped = held;
            if stopped.is_empty() || !progress {
                break;
            }
        }
        for stop in stopped.values() {
            if let Some(a) = stop.alarm() {
                alarms.add(a);
                report.refused += 1;
            }
        }
        Ok(())
    }

    /// Applies `batch`, and notes the epochs its page shows, into the held
    /// batch while the page after it is fetched and opened on other
    /// threads (`fetch`: the guessed request, with the keys and member list
    /// to open it with). The held batch is committed unless the next page
    /// arrives within [`HOLD_WAIT`] and the batch is not due: the write lock
    /// is held no longer than that while waiting on the network. The
    /// epochs are noted before that commit, so the cursors never move past
    /// entries whose epochs went unnoted. Answers the fetched page (with
    /// the time waited for it), the apply's report, and the commit's
    /// outcome.
    #[allow(clippy::type_complexity)]
    fn apply_while_fetching(
        &mut self,
        batch: Vec<Incoming>,
        (slots, refused): (&[wire::Slot], &[(Log, i64, Held)]),
        fetch: Option<(&Client, &wire::Pull, &Keyring, &BTreeMap<String, Writer>)>,
    ) -> Result<(
        Option<(Result<Fetched>, Duration)>,
        Result<ApplyReport>,
        Result<()>,
    )> {
        if !self.store.holds_writes() {
            self.store.hold_writes()?;
        }
        let (mut apply, mut commit) = (Duration::ZERO, Duration::ZERO);
        let out = std::thread::scope(|scope| {
            let (sent, arrived) = std::sync::mpsc::channel();
            let prefetch = fetch.map(|(client, guess, ring, writers)| {
                scope.spawn(move || {
                    let fetched = client.pull(guess).map(|p| {
                        let t = Instant::now();
                        let opened = open_slots(ring, writers, &p.slots);
                        (p, opened, t.elapsed())
                    });
                    let _ = sent.send(fetched);
                })
            });
            let applied = timed(&mut apply, || self.sync_apply(batch))
                .and_then(|r| self.note_epochs(slots, refused).map(|()| r));
            self.store.note_held_entries(slots.len());
            let waited = Instant::now();
            let mut next = match prefetch {
                Some(_) if !self.store.hold_is_due() => arrived.recv_timeout(HOLD_WAIT).ok(),
                _ => None,
            };
            let committed = match next {
                Some(_) => Ok(()),
                None => timed(&mut commit, || self.store.release_writes()),
            };
            if let Some(h) = prefetch {
                next = next.or_else(|| arrived.recv().ok());
                // A fetch that panicked sent nothing: the page is fetched again.
                let _ = h.join();
            }
            let wait = waited.elapsed().saturating_sub(commit);
            (next.map(|n| (n, wait)), applied, committed)
        });
        self.stages.apply += apply + commit;
        Ok(out)
    }

    /// Notes the epoch each active coordinator writes under, from every
    /// entry of theirs whose signature checked (whether or not this device
    /// holds that epoch's key): the server cannot keep a device writing
    /// under an old epoch by withholding the new key, or the announcement,
    /// alone.
    fn note_epochs(&mut self, slots: &[wire::Slot], stopped: &[(Log, i64, Held)]) -> Result<()> {
        let coordinators: Vec<String> = self
            .store
            .members()?
            .into_iter()
            .filter(|m| m.active && m.role == MemberRole::Coordinator)
            .map(|m| m.device)
            .collect();
        let mut seen: BTreeMap<(Scope, String), u32> = BTreeMap::new();
        for s in slots {
            let Some(e) = &s.entry else { continue };
            let Some(scope) = Scope::parse(&s.scope) else {
                continue;
            };
            if !coordinators.contains(&s.device) {
                continue;
            }
            let checked = match stopped
                .iter()
                .find(|((sc, d), _, _)| *sc == s.scope && *d == s.device)
            {
                Some((_, at, why)) => s.seq < *at || (s.seq == *at && *why == Held::NoKey),
                None => true,
            };
            if checked {
                let top = seen.entry((scope, s.device.clone())).or_insert(0);
                *top = (*top).max(e.epoch);
            }
        }
        if seen.is_empty() {
            return Ok(());
        }
        self.store.with_tx(|tx| {
            seen.iter()
                .try_for_each(|((scope, device), epoch)| tx.saw_epoch(*scope, device, *epoch))
        })
    }

    /// Pushes this device's logs: only once it is on the member list, only
    /// under the announced epoch, and only after checking the server's
    /// head of each log against what this device sent there.
    fn push(
        &mut self,
        t: &TeamRow,
        client: &Client,
        secrets: &DeviceSecrets,
        report: &mut SyncReport,
        alarms: &mut Alarms,
    ) -> Result<()> {
        let (ring, ready) = self.keyring(t, Some(alarms))?;
        if !ready.admitted {
            return Ok(());
        }
        let heads = client.heads()?;
        for scope in Scope::ALL {
            if !ring.can_write(scope) {
                continue;
            }
            let h = heads.heads.get(scope.as_str()).copied().unwrap_or(0);
            if !self.check_head(scope, h, heads.tops.get(scope.as_str()), alarms)? {
                return Ok(()); // a copy of this profile (or a lying server): stop sending
            }
            self.push_scope(scope, h, client, &ring, secrets, report)?;
        }
        Ok(())
    }

    /// Whether the server's head `h` of this device's log is one this
    /// device can go on from: not beyond what it sent, with the signature
    /// it sent there. A head below what the server confirmed before means
    /// it lost entries: they are sent again, and it is an alarm.
    fn check_head(
        &mut self,
        scope: Scope,
        h: i64,
        top: Option<&String>,
        alarms: &mut Alarms,
    ) -> Result<bool> {
        let own = self.store.own_log(scope)?;
        let mine = self.store.sent_signatures(scope, h)?;
        let other = match top {
            Some(theirs) => !mine.is_empty() && !mine.contains(theirs),
            // No signature at the head: only where this device's entry
            // there was emptied with its record (or came from Feltbog 0.1.0,
            // whose server dropped it); otherwise the server hides what it
            // holds, and nothing is confirmed on its word.
            None => h > own.acked && !self.store.sent_record_deleted(scope, h)?,
        };
        if h > own.last || other {
            alarms.add(SyncAlarm::Cloned);
            return Ok(false);
        }
        if h < own.acked {
            alarms.add(SyncAlarm::RolledBack);
        }
        self.store.with_tx(|tx| tx.set_acked(scope, h))?;
        Ok(true)
    }

    /// Pushes this device's log of `scope` after the server's head `h`.
    /// While one page is on its way, the next is sealed and signed.
    fn push_scope(
        &mut self,
        scope: Scope,
        h: i64,
        client: &Client,
        ring: &Keyring,
        secrets: &DeviceSecrets,
        report: &mut SyncReport,
    ) -> Result<()> {
        let mut next = self.seal_page(scope, h, ring, secrets)?;
        while let Some((entries, last)) = next.take() {
            let n = entries.len() as u32;
            let mut seal = Duration::ZERO;
            let (answer, following, waited) = std::thread::scope(|s| {
                let send = s.spawn(move || client.push(entries));
                let following = timed(&mut seal, || self.seal_page(scope, last.0, ring, secrets));
                let t = Instant::now();
                let answer = send.join();
                (answer, following, t.elapsed())
            });
            self.stages.seal += seal;
            self.stages.wait += waited;
            let answer = answer.unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            let now = answer.heads.get(scope.as_str()).copied().unwrap_or(0);
            if now != last.0 || answer.tops.get(scope.as_str()) != Some(&last.1) {
                // Marked sent only what the server shows it holds.
                return Err(Error::fault(
                    SyncAlarm::BadAnswer,
                    "the server did not keep the entries it was sent",
                ));
            }
            self.store.with_tx(|tx| tx.set_acked(scope, now))?;
            report.sent += n;
            next = following?;
        }
        Ok(())
    }

    /// The next page of this device's log of `scope` after `after`, sealed
    /// and signed (on every core), at most [`PUSH_BYTES`] of ciphertext,
    /// its signatures noted as sent (a crash before the push leaves the
    /// same: a signature noted that the server never saw). `None` when
    /// there is nothing more; else the entries and the last one's place
    /// and signature.
    fn seal_page(
        &mut self,
        scope: Scope,
        after: i64,
        ring: &Keyring,
        secrets: &DeviceSecrets,
    ) -> Result<Option<SealedPage>> {
        let mut sized = self.outgoing_sized(scope, after, self.pages.push)?;
        // The page ends where its ciphertext passes PUSH_BYTES, known
        // before sealing from the padded size: nothing is sealed and
        // signed only to be left out.
        let mut bytes = 0;
        if let Some(over) = sized.iter().position(|(_, len)| {
            bytes += sealed_len(*len);
            bytes > PUSH_BYTES
        }) {
            sized.truncate(over + 1);
        }
        let out: Vec<_> = sized.into_iter().map(|(o, _)| o).collect();
        let entries = ring.seal_many(self.store.device(), secrets, &out)?;
        let Some(last) = entries.last().map(|e| (e.seq, e.signature.clone())) else {
            return Ok(None);
        };
        self.store.with_tx(|tx| {
            entries.iter().try_for_each(|e| {
                tx.note_kills(scope, &e.kills)?;
                tx.note_sent(scope, e.seq, &e.signature)
            })
        })?;
        Ok(Some((entries, last)))
    }
}

/// A sealed page of a push, and its last entry's place and signature.
type SealedPage = (Vec<wire::Entry>, (i64, String));

/// A page opened: its entries, and the logs stopped in it.
type Opened = (Vec<Incoming>, Vec<(Log, i64, Held)>);

/// A page fetched and opened ahead: the page, its opening, and the time
/// the opening took.
type Fetched = (wire::Pulled, Opened, Duration);

/// How long a held batch waits for the next page before it is committed
/// (`store/held.rs`): about a page's fetch and opening on this machine, so
/// a first sync commits every few pages, while a save on the screens
/// never waits on a slow network.
const HOLD_WAIT: Duration = Duration::from_millis(50);

/// The page fetched while the one before it was applied, opened with the
/// keys and member list held then.
struct Ahead {
    ring: Keyring,
    writers: BTreeMap<String, Writer>,
    opened: Opened,
}

/// The cursors after `slots` have all been applied.
fn advanced(cursors: &Cursors, slots: &[wire::Slot]) -> Cursors {
    let mut out = cursors.clone();
    for s in slots {
        let c = out
            .entry(s.scope.clone())
            .or_default()
            .entry(s.device.clone())
            .or_insert(0);
        *c = (*c).max(s.seq);
    }
    out
}

/// Opens pulled places ([`Keyring::open_many`]). A place that cannot be applied stops
/// its log there (later entries of that log wait on it) and says why.
fn open_slots(ring: &Keyring, writers: &BTreeMap<String, Writer>, slots: &[wire::Slot]) -> Opened {
    let opened = ring.open_many(slots, writers);
    let mut stopped: Vec<(Log, i64, Held)> = Vec::new();
    let mut out = Vec::new();
    for (s, r) in slots.iter().zip(opened) {
        let log = (s.scope.clone(), s.device.clone());
        if stopped.iter().any(|(l, _, _)| *l == log) {
            continue;
        }
        match r {
            Ok(i) => out.push(i),
            Err(why) => stopped.push((log, s.seq, why)),
        }
    }
    (out, stopped)
}
