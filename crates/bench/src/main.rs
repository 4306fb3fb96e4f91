//! Prints Feltbog's performance figures: unlock, first screen, single-record
//! writes and an aggregate read, each on the encrypted store and on a plain
//! SQLite file in the same process, with the ratio; and the survey overview
//! of a large municipality. Figures are printed,
//! never asserted (tests do not depend on timing).
#![forbid(unsafe_code)]

mod cases;
mod memsec;
mod server_load;
mod summary;
mod survey;
mod sync;

use anyhow::Result;
use chrono::{Days, NaiveDate};
use feltbog_api::dates::IsoWeek;
use feltbog_api::schools::{NewSchool, SchoolKind};
use feltbog_api::visits::{FollowUpInput, NewVisit, VisitFilter, VisitPurpose, VisitStatus};
use feltbog_api::SchoolId;
use feltbog_core::domain::visits::validate_visit;
use feltbog_core::keys::KdfParams;
use feltbog_core::session::Clock;
use feltbog_core::store::Store;
use feltbog_core::{Profile, Session};
use std::time::{Duration, Instant};

const PASS: &str = "benchmark passphrase, fictitious";
const WRITES: usize = 10_000;
const BULK_VISITS: usize = 200_000;
const TODAY: (i32, u32, u32) = (2026, 11, 23);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap_or_default()
}

fn main() -> Result<()> {
    println!("Feltbog benchmarks (release build; figures, not assertions)\n");
    // `cargo run --release -p feltbog-bench -- sync`: only the sync
    // figures; `-- server`: only the server under load; `-- summary`: the
    // weekly summary; `-- reads`: the aggregate read, encrypted and plain;
    // `-- cases`: the purge, the access-log check and a backup.
    match std::env::args().nth(1).as_deref() {
        Some("sync") => return sync::run(),
        Some("server") => return server_load::run(),
        Some("summary") => return summary::run(),
        Some("reads") => return print_reads(),
        Some("memsec") => return memsec::run(),
        Some("cases") => return cases::run(),
        Some("memsec-child") => return memsec::child(&std::env::args().nth(2).unwrap_or_default()),
        _ => {}
    }
    unlock()?;
    let [enc_w, plain_w] = writes()?;
    println!("\nSingle visit write + change-log entry, committed ({WRITES} writes):");
    println!(
        "  encrypted  p50 {:>8}  p99 {:>8}",
        us(enc_w.0),
        us(enc_w.1)
    );
    println!(
        "  plain      p50 {:>8}  p99 {:>8}",
        us(plain_w.0),
        us(plain_w.1)
    );
    println!(
        "  ratio      p50 {:>8.2}  p99 {:>8.2}   (goal: p99 < 5 ms, ratio <= 2.0)",
        ratio(enc_w.0, plain_w.0),
        ratio(enc_w.1, plain_w.1)
    );
    print_reads()?;
    memsec::run()?;
    survey::run()?;
    summary::run()?;
    cases::run()?;
    sync::run()?;
    server_load::run()?;
    Ok(())
}

fn print_reads() -> Result<()> {
    let [enc_r, plain_r] = reads()?;
    println!("\nAggregate over {BULK_VISITS} visits (visits per school and purpose in a year), median of 9,");
    println!("both files checkpointed and warmed, runs interleaved:");
    println!(
        "  encrypted  {:>8}   first screen after unlock {:>8}",
        ms(enc_r.0),
        ms(enc_r.1)
    );
    println!(
        "  plain      {:>8}   first screen after unlock {:>8}",
        ms(plain_r.0),
        ms(plain_r.1)
    );
    println!(
        "  ratio      {:>8.2}   (goal: <= 1.25)",
        ratio(enc_r.0, plain_r.0)
    );
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Encrypted,
    Plain,
}

/// A fresh session of the given kind in a temporary directory.
fn session(kind: Kind, dir: &std::path::Path) -> Result<Session> {
    let profile = Profile::at(dir).with_clock(Clock::Fixed(today()));
    Ok(match kind {
        Kind::Encrypted => {
            profile
                .create(PASS, KdfParams::INSECURE_FOR_TESTS)?
                .0
                .session
        }
        Kind::Plain => Session::new(profile, Store::open_plain_for_bench(&dir.join("plain.db"))?),
    })
}

fn school(i: usize) -> NewSchool {
    NewSchool {
        name: format!("Benchmarkskole {i}"),
        kind: SchoolKind::Folkeskole,
        town: "Egeby".into(),
        grade_from: Some(0),
        grade_to: Some(9),
        active: true,
    }
}

fn visit(school: SchoolId, n: usize) -> NewVisit {
    let date = today()
        .checked_sub_days(Days::new((n % 700) as u64))
        .unwrap_or_default();
    NewVisit {
        school,
        date,
        status: if n.is_multiple_of(5) {
            VisitStatus::Planned
        } else {
            VisitStatus::Done
        },
        purpose: VisitPurpose::ALL[n % 5],
        purpose_other: String::new(),
        classes: vec!["7.a".into(), "8.b".into()],
        notes: format!("Fiktiv note nummer {n} om et klasseoplæg og aftaler med skolen."),
        follow_ups: vec![FollowUpInput {
            id: None,
            text: "Fiktiv opfølgning".into(),
            due: date,
            done: n.is_multiple_of(3),
        }],
    }
}

fn unlock() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let profile = Profile::at(dir.path());
    drop(profile.create(PASS, KdfParams::DEFAULT)?);
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let store = profile.unlock(PASS);
            let elapsed = t.elapsed();
            drop(store);
            elapsed
        })
        .collect();
    times.sort();
    println!(
        "Unlock (Argon2id m={} KiB t={} p={} + open + schema check), median of 5: {}   (goal: about 0.5 s, < 1 s)",
        KdfParams::DEFAULT.m_kib,
        KdfParams::DEFAULT.t,
        KdfParams::DEFAULT.p,
        ms(times[2])
    );
    Ok(())
}

/// p50 and p99 of single committed visit writes, encrypted and plain
/// interleaved so that drift in the machine's speed hits both alike.
fn writes() -> Result<[(Duration, Duration); 2]> {
    let dirs = [tempfile::tempdir()?, tempfile::tempdir()?];
    let mut sessions = [
        session(Kind::Encrypted, dirs[0].path())?,
        session(Kind::Plain, dirs[1].path())?,
    ];
    let mut schools = Vec::new();
    for s in &mut sessions {
        schools.push(s.add_school(&school(0))?.id);
    }
    let mut times = [Vec::with_capacity(WRITES), Vec::with_capacity(WRITES)];
    for n in 0..WRITES {
        for (i, s) in sessions.iter_mut().enumerate() {
            let v = visit(schools[i], n);
            let t = Instant::now();
            s.record_visit(&v)?;
            times[i].push(t.elapsed());
        }
    }
    Ok(times.map(|mut t| {
        t.sort();
        (t[WRITES / 2], t[WRITES * 99 / 100])
    }))
}

/// The aggregate read and the first screen's reads after a fresh open, on
/// an encrypted and a plain store of [`BULK_VISITS`] visits each. Both files
/// are checkpointed (an empty WAL), warmed by one run, and measured in
/// turn, so neither gets a warmer cache or a longer WAL than the other:
/// the ratio is the cost of encryption alone. Returns (aggregate median of
/// 9, first screen) for the encrypted store, then the plain one.
fn reads() -> Result<[(Duration, Duration); 2]> {
    let dirs = [tempfile::tempdir()?, tempfile::tempdir()?];
    let kinds = [Kind::Encrypted, Kind::Plain];
    let mut sessions = Vec::new();
    for (kind, dir) in kinds.iter().zip(&dirs) {
        let mut s = session(*kind, dir.path())?;
        fill_visits(&mut s, BULK_VISITS)?;
        s.store().checkpoint()?;
        sessions.push(s);
    }
    let (from, to) = (
        today().checked_sub_days(Days::new(365)).unwrap_or_default(),
        today(),
    );
    for s in &sessions {
        s.store().visit_counts(from, to)?;
    }
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..9 {
        for (s, t) in sessions.iter().zip(times.iter_mut()) {
            let start = Instant::now();
            std::hint::black_box(s.store().visit_counts(from, to)?);
            t.push(start.elapsed());
        }
    }
    drop(sessions);
    let mut out = [(Duration::ZERO, Duration::ZERO); 2];
    for (i, (kind, dir)) in kinds.iter().zip(&dirs).enumerate() {
        times[i].sort();
        out[i] = (times[i][4], first_screen(*kind, dir.path())?);
    }
    Ok(out)
}

/// 60 schools and `count` visits (a multiple of 10,000), written in
/// batches straight through the store; answers the schools.
fn fill_visits(s: &mut Session, count: usize) -> Result<Vec<SchoolId>> {
    let mut schools = Vec::new();
    for i in 0..60 {
        schools.push(s.add_school(&school(i))?.id);
    }
    for chunk in 0..count / 10_000 {
        let batch: Vec<_> = (0..10_000)
            .map(|i| validate_visit(&visit(schools[i % 60], chunk * 10_000 + i), today()))
            .collect::<Result<_, _>>()?;
        s.store_mut_for_bench().with_tx(|tx| {
            for v in &batch {
                tx.insert_visit(v, "Bench")?;
            }
            Ok(())
        })?;
    }
    Ok(schools)
}

/// First screen after unlock: settings, this week's visits, the schools.
fn first_screen(kind: Kind, dir: &std::path::Path) -> Result<Duration> {
    let profile = Profile::at(dir).with_clock(Clock::Fixed(today()));
    let s = match kind {
        Kind::Encrypted => profile.unlock(PASS)?.session,
        Kind::Plain => Session::new(profile, Store::open_plain_for_bench(&dir.join("plain.db"))?),
    };
    let t = Instant::now();
    s.settings()?;
    s.visits(&VisitFilter {
        school: None,
        week: Some(IsoWeek::of(today())),
    })?;
    s.schools(false)?;
    Ok(t.elapsed())
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}
