//! What SQLCipher's `cipher_memory_security` (wipe every freed buffer)
//! costs. The setting is global to a process, so each measurement runs in a
//! child process of its own, with the setting off and on in turn.

use crate::{ms, session, today, us, Kind};
use anyhow::{Context, Result};
use chrono::Days;
use std::time::{Duration, Instant};

const VISITS: usize = 50_000;
const WRITES: usize = 2_000;
const ROUNDS: usize = 2;

/// The parent: runs the children, off and on interleaved, and prints.
pub fn run() -> Result<()> {
    let exe = std::env::current_exe()?;
    let mut figures: [Vec<[Duration; 3]>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..ROUNDS {
        for (i, setting) in ["off", "on"].iter().enumerate() {
            let out = std::process::Command::new(&exe)
                .args(["memsec-child", setting])
                .output()?;
            let text = String::from_utf8(out.stdout)?;
            // The figures are the child's last line, after the banner.
            let line = text.lines().last().unwrap_or_default();
            let nums: Vec<u64> = line
                .split_whitespace()
                .map(str::parse)
                .collect::<Result<_, _>>()
                .with_context(|| format!("child said {line:?}"))?;
            let [w50, w99, read] = nums[..] else {
                anyhow::bail!("child said {line:?}");
            };
            figures[i].push([w50, w99, read].map(Duration::from_nanos));
        }
    }
    let best = |f: &Vec<[Duration; 3]>, k: usize| f.iter().map(|x| x[k]).min().unwrap_or_default();
    println!("\nSQLCipher cipher_memory_security (wipes freed buffers), {VISITS} visits, best of {ROUNDS}:");
    for (i, name) in ["off", "on "].iter().enumerate() {
        println!(
            "  {name}  write p50 {:>8}  p99 {:>8}   aggregate read {:>8}",
            us(best(&figures[i], 0)),
            us(best(&figures[i], 1)),
            ms(best(&figures[i], 2))
        );
    }
    println!(
        "  ratio write p50 {:.2}, aggregate read {:.2}   (Feltbog turns it on: {})",
        crate::ratio(best(&figures[1], 0), best(&figures[0], 0)),
        crate::ratio(best(&figures[1], 2), best(&figures[0], 2)),
        if feltbog_core::store::MEMORY_SECURITY {
            "yes"
        } else {
            "no"
        }
    );
    Ok(())
}

/// The child: sets memory security, measures, prints nanoseconds.
pub fn child(setting: &str) -> Result<()> {
    let on = setting == "on";
    let now = feltbog_core::store::set_memory_security(on)?;
    anyhow::ensure!(now == on, "cipher_memory_security did not change");
    let dir = tempfile::tempdir()?;
    let mut s = session(Kind::Encrypted, dir.path())?;
    let schools = crate::fill_visits(&mut s, VISITS)?;
    let mut writes = Vec::with_capacity(WRITES);
    for n in 0..WRITES {
        let v = crate::visit(schools[n % 60], n);
        let t = Instant::now();
        s.record_visit(&v)?;
        writes.push(t.elapsed());
    }
    writes.sort();
    s.store().checkpoint()?;
    let (from, to) = (
        today().checked_sub_days(Days::new(365)).unwrap_or_default(),
        today(),
    );
    s.store().visit_counts(from, to)?;
    let mut reads: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(s.store().visit_counts(from, to)).map(|_| t.elapsed())
        })
        .collect::<Result<_, _>>()?;
    reads.sort();
    println!(
        "{} {} {}",
        writes[WRITES / 2].as_nanos(),
        writes[WRITES * 99 / 100].as_nanos(),
        reads[4].as_nanos()
    );
    Ok(())
}
