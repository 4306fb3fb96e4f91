//! Team sync: a new device's first sync of many entries from a real
//! server on loopback (pull, verify the signature, decrypt, apply), the
//! push that sent them, and the cost of one more sync when nothing changed.

use crate::{school, session, today, visit, Kind};
use anyhow::Result;
use feltbog_api::team::MemberRole;
use feltbog_core::domain::visits::validate_visit;
use feltbog_server::local::LocalServer;
use feltbog_server::rules;
use feltbog_server::sqlite::Sqlite;
use feltbog_server::storage::Storage;
use std::time::Instant;

const ENTRIES: usize = 100_000;

pub fn run() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Sqlite::open(&dir.path().join("server.db"))?;
    let (code, hash) = rules::new_setup_code();
    tokio::runtime::Runtime::new()?.block_on(store.add_setup_code(hash, rules::now() + 3600))?;
    let server = LocalServer::start(store, 0)?;

    let (da, db) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let mut a = session(Kind::Encrypted, da.path())?;
    a.create_team(&server.url(), "SSP Bench", &code, Some("Bench A"))?;
    let s = a.add_school(&school(0))?;
    for chunk in 0..ENTRIES / 10_000 {
        let batch: Vec<_> = (0..10_000)
            .map(|i| {
                let mut v = visit(s.id, chunk * 10_000 + i);
                v.follow_ups.clear();
                validate_visit(&v, today())
            })
            .collect::<Result<_, _>>()?;
        a.store_mut_for_bench().with_tx(|tx| {
            for v in &batch {
                tx.insert_visit(v, "Bench")?;
            }
            Ok(())
        })?;
    }
    let invite = a.invite(MemberRole::Consultant, false)?;

    let t = Instant::now();
    let sent = a.sync()?.sent;
    let push = t.elapsed();
    let mut b = session(Kind::Encrypted, db.path())?;
    b.join_team(&server.url(), &invite.code, Some("Bench B"))?;
    let t = Instant::now();
    let received = b.sync()?.received;
    let pull = t.elapsed();
    let t = Instant::now();
    b.sync()?;
    let idle = t.elapsed();

    println!("\nTeam sync through a real server on loopback (SQLite storage):");
    println!(
        "  push of {sent} entries (seal, sign, send, server checks)  {:>8.0} entries/s",
        sent as f64 / push.as_secs_f64()
    );
    println!(
        "  a new device's first sync of {received} entries (pull, verify, decrypt, apply)  {:>8.0} entries/s   (goal: >= 20000/s)",
        received as f64 / pull.as_secs_f64()
    );
    println!("  a sync with nothing new  {:>8}", crate::ms(idle));
    Ok(())
}
